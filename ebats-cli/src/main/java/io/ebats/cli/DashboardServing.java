package io.ebats.cli;

import io.ebats.Ebats;
import io.ebats.dashboard.Dashboard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the dashboard of {@code up} and of {@code dashboard}: on the port of the flag or the config file, which
 * must be free, or else on {@value Dashboard.Options#DEFAULT_PORT}, falling back to any free port
 * when that one is taken.
 *
 * @param options   bind, port and token to start with
 * @param portGiven whether the port was asked for, by a flag or the config file
 * @param portFlag  the flag that sets the port, for the error message
 */
record DashboardServing(Dashboard.Options options, boolean portGiven, String portFlag) {

    private static final Logger log = LoggerFactory.getLogger(DashboardServing.class);

    /** Flag over config file (and {@code EBATS_DASHBOARD_TOKEN}) over defaults; null flags were not given. */
    static DashboardServing of(DashboardDefaults configured, Integer port, String bind, String portFlag) {
        Integer wanted = port != null ? port : configured.port();
        Dashboard.Options options = Dashboard.Options.builder()
                .bind(bind != null ? bind : configured.bind())
                .port(wanted != null ? wanted : Dashboard.Options.DEFAULT_PORT)
                .token(configured.token())
                .build();
        return new DashboardServing(options, wanted != null, portFlag);
    }

    /**
     * Starts serving with these options plus {@code more} (history, registry, topics, metrics).
     *
     * @throws IllegalStateException when the port asked for is taken, or the address cannot be bound
     */
    Dashboard start(Ebats ebats, Dashboard.Options.Builder more) {
        Dashboard.Options.Builder all = more.bind(options.bind()).port(options.port()).token(options.token());
        try {
            return Dashboard.start(ebats, all.build());
        } catch (IllegalStateException e) {
            if (portGiven || options.port() == 0) {
                throw new IllegalStateException(e.getMessage() + "; give another port with " + portFlag, e);
            }
            log.debug("dashboard port {} unavailable: {}", options.port(), e.getMessage());
            return Dashboard.start(ebats, all.port(0).build());
        }
    }

    /** {@code dashboard: <link>}, saying so when the default port was taken. */
    String line(Dashboard dashboard) {
        boolean fellBack = dashboard.address().getPort() != options.port() && options.port() != 0;
        return "dashboard: " + dashboard.link()
                + (fellBack ? "  (port " + options.port() + " is taken)" : "");
    }
}
