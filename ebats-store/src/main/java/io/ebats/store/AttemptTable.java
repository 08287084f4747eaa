package io.ebats.store;

import io.ebats.Attempt;
import io.ebats.Outcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The SQL of table {@code ebats_attempt}: the same on H2 and PostgreSQL, its times in SQLite's way there. */
final class AttemptTable {

    static final int STACK_LIMIT = 4000;
    static final int MESSAGE_LIMIT = 2000;
    static final int CLASS_LIMIT = 500;
    static final int NAME_LIMIT = 255;

    private static final String INSERT = """
            INSERT INTO ebats_attempt (task_id, event_id, topic, task_name, params, outcome, attempt, worker,
                started_at, duration_ms, error_class, error_message, error_stack)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String COLUMNS = "id, task_id, event_id, topic, task_name, params, outcome, attempt, "
            + "worker, started_at, duration_ms, error_class, error_message, error_stack";

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final Redactor redactor;
    private final String worker;

    AttemptTable(DataSource dataSource, SqlDialect dialect, Redactor redactor, String worker) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.redactor = redactor;
        this.worker = cut(worker, NAME_LIMIT);
    }

    /**
     * Inserts the rows in one transaction, so that a batch is stored entirely or not at all on every database
     * (H2 would otherwise commit row by row, keeping part of a batch that is then counted as lost, and spending
     * a commit on each row). The unique keys of the tasks that ended are released in the same transaction, so
     * that a release is stored exactly when the attempt that ends its task is.
     */
    void insert(List<Attempt> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                insert(c, batch);
                UniqueKeyTable.release(c, batch);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
    }

    private void insert(Connection c, List<Attempt> batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (Attempt a : batch) {
                Throwable error = a.error();
                ps.setString(1, cut(a.taskId(), NAME_LIMIT));
                ps.setString(2, cut(a.eventId(), NAME_LIMIT));
                ps.setString(3, cut(a.topic(), NAME_LIMIT));
                ps.setString(4, cut(a.taskName(), NAME_LIMIT));
                ps.setString(5, withoutNul(redactor.redact(a.params())));
                ps.setString(6, a.outcome().name());
                ps.setInt(7, a.attempt());
                ps.setString(8, worker);
                Instant started = a.startedAt() == null ? Instant.now() : a.startedAt();
                dialect.setTime(ps, 9, started);
                ps.setLong(10, a.duration() == null ? 0 : a.duration().toMillis());
                ps.setString(11, error == null ? null : cut(error.getClass().getName(), CLASS_LIMIT));
                ps.setString(12, error == null && a.outcome() != Outcome.CANCELLED ? null
                        : cut(message(a), MESSAGE_LIMIT));
                ps.setString(13, error == null ? null : cut(stack(error), STACK_LIMIT));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    int deleteStartedBefore(Instant cutoff) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM ebats_attempt WHERE started_at < ?")) {
            dialect.setTime(ps, 1, cutoff);
            return ps.executeUpdate();
        }
    }

    List<AttemptRecord> find(HistoryQuery query) throws SQLException {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT " + COLUMNS + " FROM ebats_attempt" + where(query, args)
                + " ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?";
        args.add(query.limit());
        args.add(query.offset());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql, args);
             ResultSet rs = ps.executeQuery()) {
            List<AttemptRecord> records = new ArrayList<>();
            while (rs.next()) {
                records.add(new AttemptRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), Outcome.valueOf(rs.getString(7)), rs.getInt(8),
                        rs.getString(9), dialect.getTime(rs, 10),
                        Duration.ofMillis(rs.getLong(11)), rs.getString(12), rs.getString(13), rs.getString(14)));
            }
            return records;
        }
    }

    /** The matching rows, counted no further than {@code atMost}: reads at most that many rows. */
    long count(HistoryQuery query, long atMost) throws SQLException {
        List<Object> args = new ArrayList<>();
        String matching = "FROM ebats_attempt" + where(query, args);
        String sql = "SELECT COUNT(*) " + matching;
        if (atMost < Long.MAX_VALUE) {
            sql = "SELECT COUNT(*) FROM (SELECT 1 " + matching + " LIMIT ?) matching";
            args.add(atMost);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql, args);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    boolean succeeded(String taskId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = prepare(c, "SELECT 1 FROM ebats_attempt WHERE task_id = ? AND outcome = ?"
                     + " LIMIT 1", List.of(cut(taskId, NAME_LIMIT), Outcome.SUCCEEDED.name()));
             ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** Whether the newest attempt of the task ended it (any outcome but RETRYING); false when it has none. */
    boolean settled(String taskId) throws SQLException {
        Outcome newest = newestOutcome(taskId);
        return newest != null && newest != Outcome.RETRYING;
    }

    /** The outcome of the newest stored attempt of the task; null when none is stored. */
    Outcome newestOutcome(String taskId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = prepare(c, "SELECT outcome FROM ebats_attempt WHERE task_id = ?"
                     + " ORDER BY started_at DESC, id DESC LIMIT 1", List.of(cut(taskId, NAME_LIMIT)));
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Outcome.valueOf(rs.getString(1)) : null;
        }
    }

    /** Attempts per outcome in buckets of {@code bucketSeconds} since {@code since}; only non-empty buckets. */
    Map<Long, long[]> countsPerBucket(Instant since, long bucketSeconds) throws SQLException {
        // bucketSeconds is a number of ours, not input: inlined, so both databases type the division alike
        String sql = "SELECT b, outcome, COUNT(*) FROM (SELECT " + dialect.bucket(bucketSeconds)
                + " AS b, outcome FROM ebats_attempt WHERE started_at >= ?) t GROUP BY b, outcome";
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = prepare(c, sql, List.of(since));
             ResultSet rs = ps.executeQuery()) {
            Map<Long, long[]> counts = new HashMap<>();
            while (rs.next()) {
                long bucket = rs.getLong(1);
                Outcome outcome = Outcome.valueOf(rs.getString(2));
                counts.computeIfAbsent(bucket, b -> new long[Outcome.values().length])[outcome.ordinal()]
                        += rs.getLong(3);
            }
            return counts;
        }
    }

    private String where(HistoryQuery q, List<Object> args) {
        List<String> terms = new ArrayList<>();
        equal(terms, args, "task_id", q.taskId());
        equal(terms, args, "event_id", q.eventId());
        equal(terms, args, "topic", q.topic());
        equal(terms, args, "task_name", q.taskName());
        equal(terms, args, "outcome", q.outcome() == null ? null : q.outcome().name());
        if (q.since() != null) {
            terms.add("started_at >= ?");
            args.add(q.since());
        }
        if (q.until() != null) {
            terms.add("started_at < ?");
            args.add(q.until());
        }
        if (q.paramsContains() != null && !q.paramsContains().isEmpty()) {
            terms.add("LOWER(params) LIKE ? ESCAPE '\\'");
            String text = dialect.lowerCase(withoutNul(q.paramsContains()));
            args.add("%" + likeEscape(text) + "%");
        }
        return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
    }

    /** A term on a column of at most {@link #NAME_LIMIT} characters, its value taken as an insert takes it. */
    private static void equal(List<String> terms, List<Object> args, String column, String value) {
        if (value != null) {
            terms.add(column + " = ?");
            args.add(cut(value, NAME_LIMIT));
        }
    }

    /** The statement with its arguments bound; an {@link Instant} is a value of {@code started_at}. */
    private PreparedStatement prepare(Connection c, String sql, List<Object> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            if (arg instanceof Instant time) {
                dialect.setTime(ps, i + 1, time);
            } else {
                ps.setObject(i + 1, arg);
            }
        }
        return ps;
    }

    private static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** The error's message; for a cancel, which has no error, how it was cancelled (before or while it ran). */
    private static String message(Attempt a) {
        String message = a.error() == null ? null : a.error().getMessage();
        return message != null ? message : a.message();
    }

    private static String stack(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /**
     * The text as the database can take it, alike on every database: at most {@code max} characters, not ending
     * in half of a surrogate pair, {@link #withoutNul without NUL}.
     */
    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return withoutNul(text);
        }
        return withoutNul(text.substring(0, Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max));
    }

    /** Each NUL character replaced by U+FFFD: PostgreSQL refuses NUL in text, failing the whole batch. */
    static String withoutNul(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }
}
