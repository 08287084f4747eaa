package io.ebats.dashboard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The dashboard's security checks: the {@code Host} of every request (against DNS rebinding, when bound to
 * loopback), and for actions the token, the JSON content type and the {@code Origin} (against cross-site
 * requests).
 */
final class RequestGuard {

    static final String TOKEN_HEADER = "X-Ebats-Token";

    private final byte[] token;
    private final Set<String> allowedHosts;

    RequestGuard(String token, String bind, int port) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.allowedHosts = loopback(bind)
                ? new HashSet<>(List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, hostPort(bind, port)))
                : null;
    }

    /** Refuses a request for a host name other than the dashboard's own. */
    void checkHost(HttpCall call) {
        if (allowedHosts == null) {
            return;
        }
        String host = call.header("Host");
        if (host == null || !allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            throw new ApiError(403, "host '" + host + "' is not this dashboard's address");
        }
    }

    /** Refuses an action without the token, without a JSON body, or from another origin. */
    void checkAction(HttpCall call) {
        String origin = call.header("Origin");
        if (origin != null && !origin.equalsIgnoreCase("http://" + call.header("Host"))) {
            throw new ApiError(403, "cross-origin request from " + origin + " refused");
        }
        String contentType = call.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "actions take Content-Type: application/json");
        }
        String given = call.header(TOKEN_HEADER);
        if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(401, "token missing or wrong: send the dashboard's token in " + TOKEN_HEADER);
        }
    }

    private static boolean loopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String hostPort(String bind, int port) {
        String host = bind.contains(":") ? "[" + bind + "]" : bind;
        return (host + ":" + port).toLowerCase(Locale.ROOT);
    }
}
