package io.ebats.dashboard;

import io.ebats.Ebats;
import io.ebats.EventManager;
import io.ebats.store.HistoryStore;
import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * The web dashboard, its JSON API under {@code /api} and Prometheus metrics under {@code /metrics}, served over
 * HTTP by a running {@link Ebats}: overview of the queues with throughput from the history, runs and task
 * timelines, dead letters with replay and discard, online workers. See {@code docs/dashboard.md}.
 *
 * <p>Binds {@code 127.0.0.1} unless told otherwise. Every action needs the {@link #token()} in the
 * {@code X-Ebats-Token} header.
 */
public final class Dashboard implements AutoCloseable {

    private final DashboardServer server;

    private Dashboard(DashboardServer server) {
        this.server = server;
    }

    /**
     * Starts serving.
     *
     * @throws IllegalStateException when the address cannot be bound (the port is taken, say)
     */
    public static Dashboard start(Ebats ebats, Options options) {
        Objects.requireNonNull(ebats, "ebats");
        Objects.requireNonNull(options, "options");
        return new Dashboard(DashboardServer.start(ebats, options));
    }

    /** Where it serves, e.g. {@code http://127.0.0.1:8080/}. */
    public URI address() {
        return server.address();
    }

    /** The token every action needs. */
    public String token() {
        return server.token();
    }

    /** The address with the token in its fragment: opening it in a browser is all it takes. */
    public URI link() {
        return URI.create(address() + "#token=" + token());
    }

    /** Stops serving; the {@link Ebats}, history store and metrics stay open. */
    @Override
    public void close() {
        server.stop();
    }

    /**
     * What to serve and where.
     *
     * @param bind     the address to bind; {@code 127.0.0.1} by default
     * @param port     the port; 0 for any free one
     * @param token    the action token; null for a random one
     * @param history  where runs are read from; null when history is off (the runs pages say so)
     * @param registry the registered events shown on the overview; null for none
     * @param topics   topics to show besides those registered and those of online workers
     * @param metrics  the metrics served under {@code /metrics}; null for a registry of the dashboard's own
     */
    public record Options(String bind, int port, String token, HistoryStore history, EventManager registry,
                          Set<String> topics, TaskMetrics metrics) {

        public static final String DEFAULT_BIND = "127.0.0.1";
        public static final int DEFAULT_PORT = 8080;

        public Options {
            Objects.requireNonNull(bind, "bind");
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("dashboard port must be 0..65535, was " + port);
            }
            if (token != null && token.length() < 16) {
                throw new IllegalArgumentException("the dashboard token must be at least 16 characters long");
            }
            topics = Set.copyOf(topics == null ? Set.of() : topics);
        }

        /** 127.0.0.1:8080, random token, no history, no registry. */
        public static Options defaults() {
            return new Options(DEFAULT_BIND, DEFAULT_PORT, null, null, null, Set.of(), null);
        }

        public Options withBind(String value) {
            return new Options(value, port, token, history, registry, topics, metrics);
        }

        public Options withPort(int value) {
            return new Options(bind, value, token, history, registry, topics, metrics);
        }

        public Options withToken(String value) {
            return new Options(bind, port, value, history, registry, topics, metrics);
        }

        public Options withHistory(HistoryStore value) {
            return new Options(bind, port, token, value, registry, topics, metrics);
        }

        public Options withRegistry(EventManager value) {
            return new Options(bind, port, token, history, value, topics, metrics);
        }

        public Options withTopics(Set<String> value) {
            return new Options(bind, port, token, history, registry, value, metrics);
        }

        public Options withMetrics(TaskMetrics value) {
            return new Options(bind, port, token, history, registry, topics, value);
        }

        @Override
        public String toString() {
            return "Options[bind=" + bind + ", port=" + port + ", token=" + (token == null ? "random" : "***")
                    + ", history=" + (history != null) + ", topics=" + topics + "]";
        }
    }
}
