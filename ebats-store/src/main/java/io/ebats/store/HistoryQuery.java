package io.ebats.store;

import io.ebats.Outcome;
import java.time.Instant;

/**
 * Filters and paging for {@link HistoryStore#find} and {@link HistoryStore#count}. Immutable: every setter
 * returns a copy. A {@code null} filter matches everything; all filters given must match.
 *
 * <pre>{@code
 * store.find(HistoryQuery.all().topic("demo").outcome(Outcome.FAILED).limit(20));
 * }</pre>
 *
 * @param taskId         exact task id
 * @param eventId        exact event id
 * @param topic          exact topic
 * @param taskName       exact task name
 * @param outcome        exact outcome
 * @param since          started at or after (inclusive)
 * @param until          started before (exclusive)
 * @param paramsContains text the stored (redacted) params contain, ignoring case (on SQLite, the case of ASCII
 *                       letters only: other letters match as written)
 * @param limit          at most this many records ({@value #DEFAULT_LIMIT} by default)
 * @param offset         records to skip, newest first
 */
public record HistoryQuery(
        String taskId,
        String eventId,
        String topic,
        String taskName,
        Outcome outcome,
        Instant since,
        Instant until,
        String paramsContains,
        int limit,
        int offset) {

    public static final int DEFAULT_LIMIT = 100;

    public HistoryQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
    }

    /** Everything, newest first, the first {@value #DEFAULT_LIMIT}. */
    public static HistoryQuery all() {
        return new HistoryQuery(null, null, null, null, null, null, null, null, DEFAULT_LIMIT, 0);
    }

    public HistoryQuery taskId(String value) {
        return new HistoryQuery(value, eventId, topic, taskName, outcome, since, until, paramsContains, limit, offset);
    }

    public HistoryQuery eventId(String value) {
        return new HistoryQuery(taskId, value, topic, taskName, outcome, since, until, paramsContains, limit, offset);
    }

    public HistoryQuery topic(String value) {
        return new HistoryQuery(taskId, eventId, value, taskName, outcome, since, until, paramsContains, limit, offset);
    }

    public HistoryQuery taskName(String value) {
        return new HistoryQuery(taskId, eventId, topic, value, outcome, since, until, paramsContains, limit, offset);
    }

    public HistoryQuery outcome(Outcome value) {
        return new HistoryQuery(taskId, eventId, topic, taskName, value, since, until, paramsContains, limit, offset);
    }

    public HistoryQuery since(Instant value) {
        return new HistoryQuery(taskId, eventId, topic, taskName, outcome, value, until, paramsContains, limit, offset);
    }

    public HistoryQuery until(Instant value) {
        return new HistoryQuery(taskId, eventId, topic, taskName, outcome, since, value, paramsContains, limit, offset);
    }

    public HistoryQuery paramsContains(String value) {
        return new HistoryQuery(taskId, eventId, topic, taskName, outcome, since, until, value, limit, offset);
    }

    public HistoryQuery limit(int value) {
        return new HistoryQuery(taskId, eventId, topic, taskName, outcome, since, until, paramsContains, value, offset);
    }

    public HistoryQuery offset(int value) {
        return new HistoryQuery(taskId, eventId, topic, taskName, outcome, since, until, paramsContains, limit, value);
    }
}
