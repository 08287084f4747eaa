package io.ebats.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an H2 file database in a temporary directory. */
class H2HistoryStoreTest extends HistoryStoreContract {

    @TempDir
    Path dir;

    @Override
    HistorySettings.Builder settings() {
        return HistorySettings.h2(dir);
    }

    @Test
    void aSchemaThatDoesNotExistYetIsCreatedAndTheTableLivesInIt() throws Exception {
        HistorySettings settings = settings().schema("tenant_a").flushInterval(Duration.ofMillis(20)).build();
        HistoryStore store = open(settings);
        store.onAttempt(ok("t-1", Instant.now()));

        awaitCount(store, 1);
        assertThat(store.find(HistoryQuery.builder().taskId("t-1").build())).hasSize(1);
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT table_schema FROM information_schema.tables"
                     + " WHERE LOWER(table_name) = 'ebats_attempt'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("tenant_a");
            assertThat(rs.next()).as("only one attempt table").isFalse();
        }
    }
}
