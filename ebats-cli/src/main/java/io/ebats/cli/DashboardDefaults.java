package io.ebats.cli;

import io.ebats.ConfigNode;
import io.ebats.dashboard.Dashboard;
import java.util.Map;
import java.util.Set;

/**
 * The {@code dashboard:} section of the config file, for {@code up} and {@code dashboard}. {@link #toString()}
 * never shows the token.
 *
 * @param enabled whether {@code up} serves the dashboard
 * @param bind    the address to bind
 * @param port    the port; null for {@value Dashboard.Options#DEFAULT_PORT}, or any free port when that one is
 *                taken
 * @param token   the token actions need; null for a random one at each start
 */
record DashboardDefaults(boolean enabled, String bind, Integer port, String token) {

    /** The shortest token the dashboard accepts; checked here so that the error names where the token came from. */
    static final int MIN_TOKEN_LENGTH = 16;
    private static final Set<String> KEYS = Set.of("enabled", "bind", "port", "token");
    private static final String TOKEN_TOO_SHORT = " must be at least " + MIN_TOKEN_LENGTH + " characters long";

    DashboardDefaults {
        bind = blankToNull(bind) == null ? Dashboard.Options.DEFAULT_BIND : bind.trim();
        token = blankToNull(token);
    }

    /** Serving on {@value Dashboard.Options#DEFAULT_BIND} and the default port (or any free one), random token. */
    static DashboardDefaults defaults() {
        return new DashboardDefaults(true, Dashboard.Options.DEFAULT_BIND, null, null);
    }

    /** The section's values over the defaults. */
    static DashboardDefaults read(ConfigNode section) {
        DashboardDefaults d = defaults();
        if (!section.isPresent()) {
            return d;
        }
        section.requireKeys(KEYS);
        ConfigNode enabled = section.get("enabled");
        ConfigNode bind = section.get("bind");
        ConfigNode port = section.get("port");
        ConfigNode token = section.get("token");
        return new DashboardDefaults(enabled.isPresent() ? enabled.bool() : d.enabled(),
                bind.isPresent() ? bind.text() : d.bind(),
                port.isPresent() ? port.integer(0, 65_535) : null,
                token.isPresent() ? token(token) : null);
    }

    /** {@code EBATS_DASHBOARD_TOKEN} over the file's token. */
    DashboardDefaults withEnvironment(Map<String, String> env) {
        String envToken = blankToNull(env.get("EBATS_DASHBOARD_TOKEN"));
        if (envToken != null && envToken.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("EBATS_DASHBOARD_TOKEN" + TOKEN_TOO_SHORT);
        }
        return envToken == null ? this : new DashboardDefaults(enabled, bind, port, envToken);
    }

    @Override
    public String toString() {
        return "DashboardDefaults[enabled=" + enabled + ", bind=" + bind + ", port=" + port + ", token="
                + (token == null ? "random" : "***") + "]";
    }

    /** The token is never shown, not even when it is refused. */
    private static String token(ConfigNode node) {
        String value = blankToNull(node.text());
        if (value != null && value.length() < MIN_TOKEN_LENGTH) {
            throw node.error(node.path() + TOKEN_TOO_SHORT);
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
