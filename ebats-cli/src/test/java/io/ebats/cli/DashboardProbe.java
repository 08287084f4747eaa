package io.ebats.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the dashboard link a command printed and asks the dashboard over HTTP. */
final class DashboardProbe {

    private static final Pattern LINK = Pattern.compile("dashboard: (http://\\S+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private DashboardProbe() {
    }

    /** The link of the first {@code dashboard: http://...} line. */
    static URI linkOf(ChildProcess child) {
        for (String line : child.lines()) {
            Matcher m = LINK.matcher(line);
            if (m.find()) {
                return URI.create(m.group(1));
            }
        }
        throw new AssertionError("no dashboard link in the output:\n" + child);
    }

    /** The HTTP status of a GET of {@code path} on the dashboard of {@code link}. */
    static int status(URI link, String path) throws Exception {
        URI uri = URI.create(link.getScheme() + "://" + link.getRawAuthority() + path);
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
