package io.ebats.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebats.Outcome;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a SQLite file database in a temporary directory. */
class SqliteHistoryStoreTest extends HistoryStoreContract {

    @TempDir
    Path dir;

    @Override
    HistorySettings.Builder settings() {
        return HistorySettings.sqlite(dir.resolve("not-yet-created"));
    }

    /**
     * SQLite starts at the final schema, with no first one to migrate from: its indexes are those the first schema
     * has after its migrations, and times are stored as microseconds and read back as they were written.
     */
    @Test
    @Override
    void aDatabaseOfTheFirstSchemaIsMigratedKeepingItsRowsAndIndexedByTime() throws Exception {
        HistorySettings settings = settings().flushInterval(Duration.ofMillis(20)).build();
        HistoryStore store = open(settings);
        Instant started = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(60);
        store.onAttempt(ok("t-old", started));

        awaitCount(store, 1);
        assertThat(store.find(HistoryQuery.builder().taskId("t-old").build())).singleElement()
                .satisfies(r -> assertThat(r.startedAt()).isEqualTo(started));
        // SQLite's names do not depend on case, so the helper finds each index under both spellings it asks for
        assertThat(indexedColumns(settings).stream().distinct())
                .containsExactlyInAnyOrder("task_id", "event_id", "started_at");
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl()); ResultSet rs = c.createStatement()
                .executeQuery("SELECT started_at, typeof(started_at) FROM ebats_attempt")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(ChronoUnit.MICROS.between(Instant.EPOCH, started));
            assertThat(rs.getString(2)).isEqualTo("integer");
        }
    }

    @Test
    void writesInWriteAheadLogModeSoOtherProcessesReadWhileItWrites() throws Exception {
        HistorySettings settings = settings().build();
        open(settings);

        try (Connection c = DriverManager.getConnection(settings.jdbcUrl());
             ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    /** SQLite's {@code LOWER} and {@code LIKE} fold ASCII letters only; other letters match as they are written. */
    @Test
    void theParamsSearchIgnoresTheCaseOfAsciiLettersAndMatchesOthersAsWritten() {
        HistoryStore store = open();
        store.onAttempt(attempt("demo", "t-1", "ship", "{\"name\":\"Émile ZOLA\"}", Outcome.SUCCEEDED, 1, null,
                Instant.now(), null));
        awaitCount(store, 1);

        assertThat(store.count(HistoryQuery.builder().paramsContains("émile zola").build())).isZero();
        assertThat(store.count(HistoryQuery.builder().paramsContains("Émile zola").build())).isEqualTo(1);
        assertThat(store.count(HistoryQuery.builder().paramsContains("ÉMILE ZOLA").build())).isEqualTo(1);
        assertThat(store.count(HistoryQuery.builder().paramsContains("Émile Zola").build())).isEqualTo(1);
    }

    @Test
    void aSchemaIsRefusedWithTheReason() {
        assertThatThrownBy(() -> settings().schema("tenant_a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SQLite has no schemas").hasMessageContaining("tenant_a");
    }
}
