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
     * What to serve and where. Immutable and thread-safe. Start from {@link #defaults()} or {@link #builder()}:
     *
     * <pre>{@code
     * Dashboard.start(ebats, Dashboard.Options.builder().port(0).history(history).build());
     * }</pre>
     */
    public static final class Options {

        public static final String DEFAULT_BIND = "127.0.0.1";
        public static final int DEFAULT_PORT = 8080;
        /** The shortest action token accepted. */
        public static final int MIN_TOKEN_LENGTH = 16;

        private final String bind;
        private final int port;
        private final String token;
        private final HistoryStore history;
        private final EventManager registry;
        private final Set<String> topics;
        private final TaskMetrics metrics;

        private Options(Builder builder) {
            this.bind = builder.bind;
            this.port = builder.port;
            this.token = builder.token;
            this.history = builder.history;
            this.registry = builder.registry;
            this.topics = builder.topics;
            this.metrics = builder.metrics;
        }

        /** {@value #DEFAULT_BIND}:{@value #DEFAULT_PORT}, random token, no history, no registry. */
        public static Options defaults() {
            return builder().build();
        }

        /** A builder starting from the {@link #defaults()}. */
        public static Builder builder() {
            return new Builder();
        }

        /** The address to bind. */
        public String bind() {
            return bind;
        }

        /** The port; 0 for any free one. */
        public int port() {
            return port;
        }

        /** The action token, or {@code null} for a random one. */
        public String token() {
            return token;
        }

        /** Where runs are read from, or {@code null} when history is off. */
        public HistoryStore history() {
            return history;
        }

        /** The registered events shown on the overview, or {@code null} for none. */
        public EventManager registry() {
            return registry;
        }

        /** Topics shown besides those registered and those of online workers. */
        public Set<String> topics() {
            return topics;
        }

        /** The metrics served under {@code /metrics}, or {@code null} for a registry of the dashboard's own. */
        public TaskMetrics metrics() {
            return metrics;
        }

        @Override
        public String toString() {
            return "Options[bind=" + bind + ", port=" + port + ", token=" + (token == null ? "random" : "***")
                    + ", history=" + (history != null) + ", topics=" + topics + "]";
        }

        /**
         * Collects {@link Options}, from the defaults on. Each setter checks its value and throws
         * {@link IllegalArgumentException} naming the option and its limit. Not thread-safe: one per thread.
         */
        public static final class Builder {

            private String bind = DEFAULT_BIND;
            private int port = DEFAULT_PORT;
            private String token;
            private HistoryStore history;
            private EventManager registry;
            private Set<String> topics = Set.of();
            private TaskMetrics metrics;

            private Builder() {
            }

            /** The address to bind; {@value Options#DEFAULT_BIND} by default. */
            public Builder bind(String value) {
                bind = Objects.requireNonNull(value, "bind");
                return this;
            }

            /** The port, 0 to 65535; 0 for any free one; {@value Options#DEFAULT_PORT} by default. */
            public Builder port(int value) {
                if (value < 0 || value > 65_535) {
                    throw new IllegalArgumentException("dashboard port must be 0..65535, was " + value);
                }
                port = value;
                return this;
            }

            /** The action token, at least {@value Options#MIN_TOKEN_LENGTH} characters; null for a random one. */
            public Builder token(String value) {
                if (value != null && value.length() < MIN_TOKEN_LENGTH) {
                    throw new IllegalArgumentException("the dashboard token must be at least " + MIN_TOKEN_LENGTH
                            + " characters long");
                }
                token = value;
                return this;
            }

            /** Where runs are read from; null (the default) when history is off: the runs pages say so. */
            public Builder history(HistoryStore value) {
                history = value;
                return this;
            }

            /** The registered events shown on the overview; null (the default) for none. */
            public Builder registry(EventManager value) {
                registry = value;
                return this;
            }

            /** Topics to show besides those registered and those of online workers; null for none. */
            public Builder topics(Set<String> value) {
                topics = value == null ? Set.of() : Set.copyOf(value);
                return this;
            }

            /** The metrics served under {@code /metrics}; null (the default) for a registry of the dashboard's own. */
            public Builder metrics(TaskMetrics value) {
                metrics = value;
                return this;
            }

            public Options build() {
                return new Options(this);
            }
        }
    }
}
