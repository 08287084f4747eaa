package io.ebats.store;

import io.ebats.Outcome;
import java.time.Instant;

/**
 * Filters and paging for {@link HistoryStore#find} and {@link HistoryStore#count}. Immutable and thread-safe. A
 * {@code null} filter matches everything; all filters given must match.
 *
 * <pre>{@code
 * store.find(HistoryQuery.builder().topic("demo").outcome(Outcome.FAILED).limit(20).build());
 * }</pre>
 */
public final class HistoryQuery {

    public static final int DEFAULT_LIMIT = 100;
    private static final HistoryQuery ALL = builder().build();

    private final String taskId;
    private final String eventId;
    private final String topic;
    private final String taskName;
    private final Outcome outcome;
    private final Instant since;
    private final Instant until;
    private final String paramsContains;
    private final int limit;
    private final int offset;

    private HistoryQuery(Builder builder) {
        this.taskId = builder.taskId;
        this.eventId = builder.eventId;
        this.topic = builder.topic;
        this.taskName = builder.taskName;
        this.outcome = builder.outcome;
        this.since = builder.since;
        this.until = builder.until;
        this.paramsContains = builder.paramsContains;
        this.limit = builder.limit;
        this.offset = builder.offset;
    }

    /** Everything, newest first, the first {@value #DEFAULT_LIMIT}. */
    public static HistoryQuery all() {
        return ALL;
    }

    /** A builder that matches everything, newest first, the first {@value #DEFAULT_LIMIT}, until told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** Exact task id, or {@code null}. */
    public String taskId() {
        return taskId;
    }

    /** Exact event id, or {@code null}. */
    public String eventId() {
        return eventId;
    }

    /** Exact topic, or {@code null}. */
    public String topic() {
        return topic;
    }

    /** Exact task name, or {@code null}. */
    public String taskName() {
        return taskName;
    }

    /** Exact outcome, or {@code null}. */
    public Outcome outcome() {
        return outcome;
    }

    /** Started at or after (inclusive), or {@code null}. */
    public Instant since() {
        return since;
    }

    /** Started before (exclusive), or {@code null}. */
    public Instant until() {
        return until;
    }

    /** Text the stored (redacted) params contain, ignoring case, or {@code null}: {@link Builder#paramsContains}. */
    public String paramsContains() {
        return paramsContains;
    }

    /** At most this many records. */
    public int limit() {
        return limit;
    }

    /** Records skipped, newest first. */
    public int offset() {
        return offset;
    }

    /**
     * Collects a {@link HistoryQuery}. Each setter checks its value and throws {@link IllegalArgumentException}
     * naming the field and its limit. Not thread-safe: one per thread.
     */
    public static final class Builder {

        private String taskId;
        private String eventId;
        private String topic;
        private String taskName;
        private Outcome outcome;
        private Instant since;
        private Instant until;
        private String paramsContains;
        private int limit = DEFAULT_LIMIT;
        private int offset;

        private Builder() {
        }

        /** Exact task id; {@code null} for any. */
        public Builder taskId(String value) {
            taskId = value;
            return this;
        }

        /** Exact event id; {@code null} for any. */
        public Builder eventId(String value) {
            eventId = value;
            return this;
        }

        /** Exact topic; {@code null} for any. */
        public Builder topic(String value) {
            topic = value;
            return this;
        }

        /** Exact task name; {@code null} for any. */
        public Builder taskName(String value) {
            taskName = value;
            return this;
        }

        /** Exact outcome; {@code null} for any. */
        public Builder outcome(Outcome value) {
            outcome = value;
            return this;
        }

        /** Started at or after (inclusive); {@code null} for any time. */
        public Builder since(Instant value) {
            since = value;
            return this;
        }

        /** Started before (exclusive); {@code null} for any time. */
        public Builder until(Instant value) {
            until = value;
            return this;
        }

        /**
         * Text the stored (redacted) params contain, ignoring case (on SQLite, the case of ASCII letters only: other
         * letters match as written); {@code null} for any params.
         */
        public Builder paramsContains(String value) {
            paramsContains = value;
            return this;
        }

        /** At most this many records, at least 1; {@value HistoryQuery#DEFAULT_LIMIT} by default. */
        public Builder limit(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("limit must be at least 1, was " + value);
            }
            limit = value;
            return this;
        }

        /** Records to skip, newest first; 0 by default. */
        public Builder offset(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("offset must be at least 0, was " + value);
            }
            offset = value;
            return this;
        }

        public HistoryQuery build() {
            return new HistoryQuery(this);
        }
    }
}
