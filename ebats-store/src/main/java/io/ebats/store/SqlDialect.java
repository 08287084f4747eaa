package io.ebats.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Where the SQL of the history differs between databases. H2 and PostgreSQL share it all; SQLite has no time type,
 * so times are stored there as microseconds since 1970-01-01T00:00Z, and it has migrations of its own.
 */
enum SqlDialect {

    /** H2 and PostgreSQL: {@code TIMESTAMP WITH TIME ZONE}, SQLSTATEs. */
    STANDARD("classpath:db/ebats-history") {
        @Override
        void setTime(PreparedStatement ps, int index, Instant time) throws SQLException {
            ps.setObject(index, time.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        }

        @Override
        Instant getTime(ResultSet rs, int index) throws SQLException {
            return rs.getObject(index, OffsetDateTime.class).toInstant();
        }

        @Override
        String bucket(long seconds) {
            return "FLOOR(EXTRACT(EPOCH FROM started_at) / " + seconds + ")";
        }

        @Override
        String lowerCase(String text) {
            return text.toLowerCase(Locale.ROOT);
        }

        @Override
        boolean refusedValue(SQLException e) {
            String state = e.getSQLState();
            return state != null && (state.startsWith("22") || state.startsWith("23"));
        }

        @Override
        boolean duplicateKey(SQLException e) {
            return "23505".equals(e.getSQLState());
        }
    },

    /** SQLite: times as integer microseconds, its result codes instead of SQLSTATEs. */
    SQLITE("classpath:db/ebats-history-sqlite") {
        private static final long MICROS_PER_SECOND = 1_000_000;
        /** SQLITE_TOOBIG, SQLITE_CONSTRAINT, SQLITE_MISMATCH: primary result codes, the low byte of extended ones. */
        private static final int TOO_BIG = 18;
        private static final int CONSTRAINT = 19;
        private static final int MISMATCH = 20;

        @Override
        void setTime(PreparedStatement ps, int index, Instant time) throws SQLException {
            ps.setLong(index, Math.addExact(Math.multiplyExact(time.getEpochSecond(), MICROS_PER_SECOND),
                    time.getNano() / 1000));
        }

        @Override
        Instant getTime(ResultSet rs, int index) throws SQLException {
            long micros = rs.getLong(index);
            return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                    Math.floorMod(micros, MICROS_PER_SECOND) * 1000);
        }

        @Override
        String bucket(long seconds) {
            return "(started_at / " + Math.multiplyExact(seconds, MICROS_PER_SECOND) + ")";
        }

        /** SQLite's {@code LOWER} folds ASCII letters only: so does this, so that a search matches alike. */
        @Override
        String lowerCase(String text) {
            StringBuilder lower = new StringBuilder(text.length());
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                lower.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
            }
            return lower.toString();
        }

        @Override
        boolean refusedValue(SQLException e) {
            int code = e.getErrorCode() & 0xff;
            return code == TOO_BIG || code == CONSTRAINT || code == MISMATCH;
        }

        /** Any constraint: the only one an insert of a unique key can break is its primary key. */
        @Override
        boolean duplicateKey(SQLException e) {
            return (e.getErrorCode() & 0xff) == CONSTRAINT;
        }
    };

    /** How the JDBC URL of a SQLite database starts. */
    static final String SQLITE_PREFIX = "jdbc:sqlite:";

    private final String migrations;

    SqlDialect(String migrations) {
        this.migrations = migrations;
    }

    static SqlDialect of(String jdbcUrl) {
        return jdbcUrl.startsWith(SQLITE_PREFIX) ? SQLITE : STANDARD;
    }

    /** Flyway's location of the migrations of tables {@code ebats_attempt} and {@code ebats_unique_key}. */
    String migrations() {
        return migrations;
    }

    /** Binds a value of column {@code started_at}. */
    abstract void setTime(PreparedStatement ps, int index, Instant time) throws SQLException;

    /** Reads a value of column {@code started_at}. */
    abstract Instant getTime(ResultSet rs, int index) throws SQLException;

    /** The number of the bucket of {@code seconds} that {@code started_at} falls in, counted from 1970. */
    abstract String bucket(long seconds);

    /** The text as the database's {@code LOWER} makes it, for a search on {@code LOWER(column)}. */
    abstract String lowerCase(String text);

    /** Whether the database refused a value (a data or constraint error), not the statement or the connection. */
    abstract boolean refusedValue(SQLException e);

    /** Whether an insert broke a unique index. */
    abstract boolean duplicateKey(SQLException e);
}
