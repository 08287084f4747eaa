package io.ebats.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ebats.Attempt;
import io.ebats.Cancellation;
import io.ebats.Outcome;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every database behind the {@link HistoryStore} must do; one subclass per database. */
abstract class HistoryStoreContract {

    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(1));
    private final List<HistoryStore> stores = new ArrayList<>();

    /** Settings of a fresh, empty database (or schema) for this test. */
    abstract HistorySettings.Builder settings();

    HistoryStore open(HistorySettings settings) {
        HistoryStore store = HistoryStore.open(settings);
        stores.add(store);
        return store;
    }

    HistoryStore open(HistorySettings.Builder settings) {
        return open(settings.build());
    }

    /** Fast flushes, so that tests see their writes quickly. */
    HistoryStore open() {
        return open(settings().flushInterval(Duration.ofMillis(20)));
    }

    @AfterEach
    void closeStores() {
        stores.forEach(HistoryStore::close);
    }

    static Attempt attempt(String topic, String taskId, String task, String params, Outcome outcome, int n,
                           String eventId, Instant startedAt, Throwable error) {
        return new Attempt(topic, taskId, task, params, Duration.ofMillis(42), outcome,
                error == null ? "ok" : error.getMessage(), n, eventId, startedAt, error, null);
    }

    static Attempt ok(String taskId, Instant startedAt) {
        return attempt("demo", taskId, "ship", "{\"order_id\":\"" + taskId + "\"}", Outcome.SUCCEEDED, 1, null,
                startedAt, null);
    }

    static void awaitCount(HistoryStore store, long n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> store.count(HistoryQuery.all()) == n);
    }

    @Test
    void aDatabaseOfTheFirstSchemaIsMigratedKeepingItsRowsAndIndexedByTime() throws Exception {
        HistorySettings settings = settings().build();
        FluentConfiguration firstSchema = Flyway.configure()
                .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
                .locations("classpath:db/ebats-history").table("ebats_schema_history").target("1");
        if (settings.schema() != null) {
            firstSchema.schemas(settings.schema()).defaultSchema(settings.schema()).createSchemas(true);
        }
        firstSchema.load().migrate();
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO ebats_attempt (task_id, topic, task_name, outcome, attempt, started_at, duration_ms)"
                    + " VALUES ('t-old', 'demo', 'ship', 'SUCCEEDED', 1, TIMESTAMP WITH TIME ZONE"
                    + " '2026-12-01 10:00:00+00', 5)");
        }
        assertThat(indexedColumns(settings)).contains("topic", "outcome");

        HistoryStore store = open(settings);

        assertThat(store.find(HistoryQuery.builder().taskId("t-old").build())).singleElement()
                .satisfies(r -> assertThat(r.startedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z")));
        assertThat(indexedColumns(settings)).containsExactlyInAnyOrder("id", "task_id", "event_id", "started_at");
    }

    /** The columns that an index of table {@code ebats_attempt} starts with, the primary key's included. */
    static List<String> indexedColumns(HistorySettings settings) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password())) {
            for (String table : List.of("EBATS_ATTEMPT", "ebats_attempt")) { // H2 upper-cases names, PostgreSQL not
                try (ResultSet rs = c.getMetaData().getIndexInfo(null, settings.schema(), table, false, false)) {
                    while (rs.next()) {
                        if (rs.getShort("ORDINAL_POSITION") == 1) {
                            columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                        }
                    }
                }
            }
        }
        return columns;
    }

    @Test
    void storesEveryFieldOfAnAttempt() {
        HistoryStore store = open(settings().worker("w-1").flushInterval(Duration.ofMillis(20)));
        IllegalStateException error = new IllegalStateException("boom");
        store.onAttempt(attempt("pay", "t-1", "charge", "{\"amount\":5}", Outcome.FAILED, 2, "e-1", T0, error));

        awaitCount(store, 1);
        AttemptRecord r = store.find(HistoryQuery.all()).getFirst();
        assertThat(r.id()).isPositive();
        assertThat(r.taskId()).isEqualTo("t-1");
        assertThat(r.eventId()).isEqualTo("e-1");
        assertThat(r.topic()).isEqualTo("pay");
        assertThat(r.taskName()).isEqualTo("charge");
        assertThat(r.params()).isEqualTo("{\"amount\":5}");
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.attempt()).isEqualTo(2);
        assertThat(r.worker()).isEqualTo("w-1");
        assertThat(r.startedAt()).isEqualTo(T0);
        assertThat(r.duration()).isEqualTo(Duration.ofMillis(42));
        assertThat(r.errorClass()).isEqualTo(IllegalStateException.class.getName());
        assertThat(r.errorMessage()).isEqualTo("boom");
        assertThat(r.errorStack()).startsWith("java.lang.IllegalStateException: boom")
                .contains("storesEveryFieldOfAnAttempt")
                .hasSizeLessThanOrEqualTo(AttemptTable.STACK_LIMIT);
        assertThat(store.written()).isEqualTo(1);
    }

    @Test
    void findsByEachFilter() {
        HistoryStore store = open();
        store.onAttempt(attempt("a", "t-1", "ship", "{\"order_id\":\"FB1\"}", Outcome.RETRYING, 1, "e-1", T0, null));
        store.onAttempt(attempt("a", "t-1", "ship", "{\"order_id\":\"FB1\"}", Outcome.SUCCEEDED, 2, "e-1",
                T0.plusSeconds(10), null));
        store.onAttempt(attempt("b", "t-2", "mail", "{\"to\":\"X@example.org\"}", Outcome.FAILED, 1, "e-2",
                T0.plusSeconds(20), new RuntimeException("no")));
        store.onAttempt(attempt("b", "t-3", "ship", "{\"order_id\":\"100%_sure\"}", Outcome.DEAD, 1, null,
                T0.plusSeconds(30), null));
        awaitCount(store, 4);

        assertThat(taskIds(store, HistoryQuery.all())).containsExactly("t-3", "t-2", "t-1", "t-1");
        assertThat(taskIds(store, HistoryQuery.builder().taskId("t-1").build())).containsExactly("t-1", "t-1");
        assertThat(taskIds(store, HistoryQuery.builder().eventId("e-2").build())).containsExactly("t-2");
        assertThat(taskIds(store, HistoryQuery.builder().topic("b").build())).containsExactly("t-3", "t-2");
        assertThat(taskIds(store, HistoryQuery.builder().taskName("ship").build()))
                .containsExactly("t-3", "t-1", "t-1");
        assertThat(taskIds(store, HistoryQuery.builder().outcome(Outcome.FAILED).build())).containsExactly("t-2");
        assertThat(taskIds(store, HistoryQuery.builder().since(T0.plusSeconds(10)).build()))
                .containsExactly("t-3", "t-2", "t-1");
        assertThat(taskIds(store, HistoryQuery.builder().until(T0.plusSeconds(10)).build())).containsExactly("t-1");
        assertThat(taskIds(store, HistoryQuery.builder().since(T0.plusSeconds(5)).until(T0.plusSeconds(25)).build()))
                .containsExactly("t-2", "t-1");
        assertThat(taskIds(store, HistoryQuery.builder().paramsContains("x@EXAMPLE").build())).containsExactly("t-2");
        assertThat(taskIds(store, HistoryQuery.builder().paramsContains("%_").build())).containsExactly("t-3");
        assertThat(taskIds(store, HistoryQuery.builder().topic("a").outcome(Outcome.SUCCEEDED).build()))
                .containsExactly("t-1");
        assertThat(taskIds(store, HistoryQuery.builder().topic("nope").build())).isEmpty();

        assertThat(store.count(HistoryQuery.builder().taskName("ship").build())).isEqualTo(3);
        assertThat(store.count(HistoryQuery.builder().paramsContains("FB1").limit(1).build())).isEqualTo(2);
        assertThat(store.count(HistoryQuery.builder().taskName("ship").build(), 2)).isEqualTo(2);
        assertThat(store.count(HistoryQuery.builder().taskName("ship").build(), 3)).isEqualTo(3);
        assertThat(store.count(HistoryQuery.builder().taskName("ship").build(), 4)).isEqualTo(3);
        assertThat(store.count(HistoryQuery.builder().topic("a").outcome(Outcome.SUCCEEDED).build(), 5)).isEqualTo(1);
        assertThat(store.count(HistoryQuery.all(), 0)).isZero();
        HistoryQuery.Builder ships = HistoryQuery.builder().taskName("ship").limit(1);
        assertThat(store.countAhead(ships.build(), 1)).isEqualTo(new MatchCount(1, false));
        assertThat(store.countAhead(ships.build(), 2)).isEqualTo(new MatchCount(2, false));
        assertThat(store.countAhead(ships.build(), 3)).isEqualTo(new MatchCount(3, true));
        assertThat(store.countAhead(ships.offset(1).build(), 1)).isEqualTo(new MatchCount(2, false));
        assertThat(store.countAhead(ships.offset(2).build(), 1)).isEqualTo(new MatchCount(3, true));
        assertThatThrownBy(() -> store.countAhead(ships.build(), 0)).hasMessageContaining("pages");
        assertThatThrownBy(() -> store.count(HistoryQuery.all(), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("atMost");
    }

    @Test
    void countsOutcomesPerBucketIncludingEmptyOnes() {
        HistoryStore store = open();
        Instant now = Instant.now();
        Instant bucketStart = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), 10) * 10 - 60);
        store.onAttempt(ok("t-1", bucketStart.plusSeconds(1)));
        store.onAttempt(ok("t-2", bucketStart.plusSeconds(9)));
        store.onAttempt(attempt("a", "t-3", "ship", "{}", Outcome.RETRYING, 1, null, bucketStart.plusSeconds(2), null));
        store.onAttempt(attempt("a", "t-4", "ship", "{}", Outcome.FAILED, 1, null, bucketStart.plusSeconds(30), null));
        store.onAttempt(attempt("a", "t-5", "ship", "{}", Outcome.DEAD, 1, null, bucketStart.plusSeconds(31), null));
        store.onAttempt(ok("too-old", bucketStart.minusSeconds(1)));
        awaitCount(store, 6);

        List<OutcomeCounts> buckets = store.throughput(bucketStart.plusSeconds(5), Duration.ofSeconds(10));

        assertThat(buckets).hasSizeBetween(7, 8); // 60 s back to now, the current bucket included
        assertThat(buckets.getFirst()).isEqualTo(new OutcomeCounts(bucketStart, 2, 1, 0, 0));
        assertThat(buckets.get(1).total()).isZero();
        assertThat(buckets.get(3)).isEqualTo(new OutcomeCounts(bucketStart.plusSeconds(30), 0, 0, 1, 1));
        assertThat(buckets.stream().mapToLong(OutcomeCounts::total).sum()).isEqualTo(5);
        for (int i = 1; i < buckets.size(); i++) {
            assertThat(buckets.get(i).at()).isEqualTo(buckets.get(i - 1).at().plusSeconds(10));
        }
    }

    @Test
    void knowsWhichTasksSucceededFromMemoryAndFromTheDatabase() {
        HistoryStore first = open();
        first.onAttempt(ok("done-1", T0));
        first.onAttempt(attempt("a", "failed-1", "ship", "{}", Outcome.FAILED, 1, null, T0, null));
        assertThat(first.succeeded("done-1")).as("known before it is written").isTrue();
        awaitCount(first, 2);
        first.close();

        HistoryStore second = open();
        assertThat(second.succeeded("done-1")).as("read from the database").isTrue();
        assertThat(second.succeeded("failed-1")).isFalse();
        assertThat(second.succeeded("never-ran")).isFalse();
    }

    @Test
    void aTaskHasSettledWhenItsNewestAttemptEndedIt() {
        HistoryStore store = open();
        store.onAttempt(attempt("a", "retried", "ship", "{}", Outcome.RETRYING, 1, null, T0, null));
        store.onAttempt(attempt("a", "retried", "ship", "{}", Outcome.SUCCEEDED, 2, null, T0.plusSeconds(1), null));
        store.onAttempt(attempt("a", "retrying", "ship", "{}", Outcome.RETRYING, 1, null, T0, null));
        store.onAttempt(attempt("a", "died", "ship", "{}", Outcome.DEAD, 1, null, T0, null));
        store.onAttempt(attempt("a", "replayed", "ship", "{}", Outcome.FAILED, 1, null, T0, null));
        store.onAttempt(attempt("a", "replayed", "ship", "{}", Outcome.RETRYING, 1, null, T0.plusSeconds(5), null));
        awaitCount(store, 6);

        assertThat(store.settled("retried")).isTrue();
        assertThat(store.settled("died")).isTrue();
        assertThat(store.settled("retrying")).as("another attempt is due").isFalse();
        assertThat(store.settled("replayed")).as("replayed after it failed, and retrying").isFalse();
        assertThat(store.settled("never-ran")).as("perhaps still queued").isFalse();
        assertThat(store.remembers()).isEqualTo(store.settings().retention());
    }

    @Test
    void pagesNewestFirst() {
        HistoryStore store = open();
        for (int i = 0; i < 25; i++) {
            store.onAttempt(ok("t-" + i, T0.plusSeconds(i)));
        }
        awaitCount(store, 25);

        assertThat(taskIds(store, HistoryQuery.builder().limit(10).build())).containsExactly(
                "t-24", "t-23", "t-22", "t-21", "t-20", "t-19", "t-18", "t-17", "t-16", "t-15");
        assertThat(taskIds(store, HistoryQuery.builder().limit(10).offset(10).build())).containsExactly(
                "t-14", "t-13", "t-12", "t-11", "t-10", "t-9", "t-8", "t-7", "t-6", "t-5");
        assertThat(taskIds(store, HistoryQuery.builder().limit(10).offset(20).build()))
                .containsExactly("t-4", "t-3", "t-2", "t-1", "t-0");
        assertThat(taskIds(store, HistoryQuery.builder().offset(25).build())).isEmpty();
    }

    @Test
    void redactsSensitiveKeysAtAnyDepthIgnoringCase() {
        HistoryStore store = open();
        String params = """
                {"user":"ann","Password":"p1","auth":{"TOKEN":"t1","api_key":{"nested":"k"},"keep":1},
                 "items":[{"secret":"s1","sku":"A"},"Authorization"],"authorization":null}""";
        store.onAttempt(attempt("a", "t-1", "login", params, Outcome.SUCCEEDED, 1, null, T0, null));
        awaitCount(store, 1);

        String stored = store.find(HistoryQuery.all()).getFirst().params();
        assertThat(stored).isEqualTo("{\"user\":\"ann\",\"Password\":\"***\",\"auth\":{\"TOKEN\":\"***\","
                + "\"api_key\":\"***\",\"keep\":1},\"items\":[{\"secret\":\"***\",\"sku\":\"A\"},"
                + "\"Authorization\"],\"authorization\":\"***\"}");
        assertThat(stored).doesNotContain("p1", "t1", "\"k\"", "s1");
        assertThat(store.count(HistoryQuery.builder().paramsContains("p1").build())).isZero();
    }

    @Test
    void redactsKeysWrittenWithEscapes() {
        HistoryStore store = open();
        store.onAttempt(attempt("a", "t-1", "login", "{\"p\\u0061ssword\":\"p1\",\"city\":\"K\u00f6ln\"}",
                Outcome.SUCCEEDED, 1, null, T0, null));
        awaitCount(store, 1);

        assertThat(store.find(HistoryQuery.all()).getFirst().params())
                .isEqualTo("{\"password\":\"***\",\"city\":\"K\u00f6ln\"}");
    }

    @Test
    void customRedactedKeysReplaceTheDefaults() {
        HistoryStore store = open(settings().flushInterval(Duration.ofMillis(20))
                .redactedKeys(Set.of("card")));
        store.onAttempt(attempt("a", "t-1", "pay", "{\"card\":\"4111\",\"password\":\"p\"}", Outcome.SUCCEEDED, 1,
                null, T0, null));
        awaitCount(store, 1);

        assertThat(store.find(HistoryQuery.all()).getFirst().params())
                .isEqualTo("{\"card\":\"***\",\"password\":\"p\"}");
    }

    @Test
    void retentionPrunesOlderRows() {
        Instant now = Instant.now();
        HistoryStore keepAll = open(settings().retention(null).flushInterval(Duration.ofMillis(20)));
        keepAll.onAttempt(ok("old-1", now.minus(Duration.ofDays(3))));
        keepAll.onAttempt(ok("old-2", now.minus(Duration.ofHours(25))));
        keepAll.onAttempt(ok("new", now.minus(Duration.ofHours(1))));
        awaitCount(keepAll, 3);
        assertThat(keepAll.prune()).isZero();
        keepAll.close();

        // The writer prunes on its own as soon as it starts ...
        HistoryStore pruning = open(settings().retention(Duration.ofDays(1)).flushInterval(Duration.ofMillis(20)));
        awaitCount(pruning, 1);
        assertThat(taskIds(pruning, HistoryQuery.all())).containsExactly("new");

        // ... and prune() does it on demand.
        pruning.onAttempt(ok("late-arrival", now.minus(Duration.ofDays(2))));
        awaitCount(pruning, 2);
        assertThat(pruning.prune()).isEqualTo(1);
        assertThat(taskIds(pruning, HistoryQuery.all())).containsExactly("new");
    }

    @Test
    void closeWritesWhatIsQueued() {
        HistoryStore store = open(settings().flushInterval(Duration.ofHours(1)).batchSize(1000));
        for (int i = 0; i < 50; i++) {
            store.onAttempt(ok("t-" + i, T0.plusMillis(i)));
        }
        assertThat(store.written()).isZero();
        store.close();
        assertThat(store.written()).isEqualTo(50);

        HistoryStore reopened = open();
        assertThat(reopened.count(HistoryQuery.all())).isEqualTo(50);
        assertThat(reopened.count(HistoryQuery.builder().taskId("t-49").build())).isEqualTo(1);
    }

    @Test
    void aRecordTheDatabaseRefusesIsLostAloneAndTheRestOfItsBatchIsWrittenOnce() {
        HistoryStore store = open(settings().batchSize(3).flushInterval(Duration.ofHours(1)));
        store.onAttempt(ok("t-1", T0));
        store.onAttempt(attempt("demo", null, "ship", "{}", Outcome.SUCCEEDED, 1, null, T0, null)); // NOT NULL
        store.onAttempt(ok("t-3", T0));

        await().atMost(Duration.ofSeconds(10)).until(() -> store.written() + store.failed() == 3);
        assertThat(store.failed()).isEqualTo(1);
        assertThat(taskIds(store, HistoryQuery.all())).containsExactlyInAnyOrder("t-1", "t-3");

        store.onAttempt(ok("t-4", T0));
        store.close();
        assertThat(store.written()).isEqualTo(3);
        assertThat(store.failed()).isEqualTo(1);
    }

    @Test
    void aBatchThatCannotBeWrittenIsCountedAsFailed() throws SQLException {
        HistorySettings settings = settings().batchSize(3).flushInterval(Duration.ofHours(1)).build();
        HistoryStore store = open(settings);
        String table = settings.schema() == null ? "ebats_attempt" : settings.schema() + ".ebats_attempt";
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
             Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + " RENAME TO ebats_attempt_away");
        }
        for (int i = 1; i <= 3; i++) {
            store.onAttempt(ok("t-" + i, T0));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> store.failed() == 3);
        assertThat(store.written()).isZero();
    }

    @Test
    void fullQueueDropsInsteadOfBlocking() {
        // The writer sleeps for an hour unless 100 records are queued, which a queue of 3 never holds.
        HistoryStore store = open(settings().queueCapacity(3).batchSize(100)
                .flushInterval(Duration.ofHours(1)));
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            store.onAttempt(ok("t-" + i, T0.plusMillis(i)));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(store.dropped()).isEqualTo(7);

        store.close();
        assertThat(store.written()).isEqualTo(3);
        assertThat(store.failed()).isZero();
        HistoryStore reopened = open();
        assertThat(taskIds(reopened, HistoryQuery.all())).containsExactly("t-2", "t-1", "t-0");
    }

    @Test
    void textWithQuotesCommasLineBreaksAndBackslashesIsStoredAsItIsAndEmptyTextIsNotNull() {
        HistoryStore store = open();
        String awkward = "{\"note\":\"a, \\\"b\\\"\\n\\\\c\"}\r\n\t\\N \"\" ,,é€𝄞";
        Instant micros = T0.plusNanos(123_456_000);
        store.onAttempt(attempt("demo", "t-awkward", "ship", awkward, Outcome.RETRYING, 3, "", micros,
                new IllegalArgumentException("line 1\nline \"2\", with comma")));
        store.onAttempt(attempt("demo", "t-empty", "ship", "", Outcome.SUCCEEDED, 1, null, T0, null));

        awaitCount(store, 2);
        AttemptRecord r = store.find(HistoryQuery.builder().taskId("t-awkward").build()).getFirst();
        assertThat(r.params()).isEqualTo(awkward);
        assertThat(r.eventId()).isEmpty();
        assertThat(r.startedAt()).isEqualTo(micros);
        assertThat(r.errorMessage()).isEqualTo("line 1\nline \"2\", with comma");
        AttemptRecord empty = store.find(HistoryQuery.builder().taskId("t-empty").build()).getFirst();
        assertThat(empty.params()).isEmpty();
        assertThat(empty.eventId()).isNull();
        assertThat(empty.errorClass()).isNull();
    }

    @Test
    void aNulCharacterIsStoredAsAReplacementCharacterAndDoesNotCostTheRestOfItsBatch() {
        HistoryStore store = open(settings().flushInterval(Duration.ofMillis(500)));
        store.onAttempt(ok("t-before", T0));
        store.onAttempt(attempt("demo", "t-nul\u0000", "ship", "{\"note\":\"a\u0000b\"}", Outcome.FAILED, 1,
                "e-\u0000", T0, new IllegalStateException("bad \u0000 byte")));
        store.onAttempt(ok("t-after", T0));

        awaitCount(store, 3);
        AttemptRecord r = store.find(HistoryQuery.builder().taskId("t-nul\uFFFD").build()).getFirst();
        assertThat(r.params()).isEqualTo("{\"note\":\"a\uFFFDb\"}");
        assertThat(r.eventId()).isEqualTo("e-\uFFFD");
        assertThat(r.errorMessage()).isEqualTo("bad \uFFFD byte");
        assertThat(r.errorStack()).startsWith("java.lang.IllegalStateException: bad \uFFFD byte");
        assertThat(store.find(HistoryQuery.builder().taskId("t-nul\u0000").eventId("e-\u0000").build())).hasSize(1);
        assertThat(store.find(HistoryQuery.builder().paramsContains("a\u0000b").build())).hasSize(1);
        assertThat(store.failed()).isZero();
    }

    @Test
    void longTextIsCutWithoutSplittingACharacterAndFoundByItsWholeValue() {
        HistoryStore store = open();
        String longId = "t-" + "x".repeat(300);
        String message = "m".repeat(AttemptTable.MESSAGE_LIMIT - 1) + "\uD834\uDD1E and more";
        store.onAttempt(attempt("demo", longId, "ship", "{}", Outcome.FAILED, 1, null, T0,
                new IllegalStateException(message)));

        awaitCount(store, 1);
        AttemptRecord r = store.find(HistoryQuery.builder().taskId(longId).build()).getFirst();
        assertThat(r.taskId()).isEqualTo(longId.substring(0, AttemptTable.NAME_LIMIT));
        assertThat(r.errorMessage()).isEqualTo("m".repeat(AttemptTable.MESSAGE_LIMIT - 1));
    }

    private static final Duration HOUR = Duration.ofHours(1);

    static Attempt ended(String taskId, Outcome outcome) {
        return attempt("demo", taskId, "ship", "{}", outcome, 1, null, Instant.now(), null);
    }

    @Test
    void aCancelIsRecordedOnceAndNotForATaskWhoseNewestAttemptEndedIt() {
        HistoryStore store = open();
        store.onAttempt(ended("t-done", Outcome.SUCCEEDED));
        store.onAttempt(ended("t-retrying", Outcome.RETRYING));
        store.onAttempt(ended("t-dead", Outcome.DEAD));
        awaitCount(store, 3);

        assertThat(store.cancel("t-queued"))
                .isEqualTo(new Cancellation("t-queued", Cancellation.Result.CANCELLED, null));
        assertThat(store.cancel("t-queued"))
                .isEqualTo(new Cancellation("t-queued", Cancellation.Result.ALREADY_CANCELLED, null));
        assertThat(store.cancel("t-retrying"))
                .isEqualTo(new Cancellation("t-retrying", Cancellation.Result.CANCELLED, Outcome.RETRYING));
        assertThat(store.cancel("t-done"))
                .isEqualTo(new Cancellation("t-done", Cancellation.Result.FINISHED, Outcome.SUCCEEDED));
        assertThat(store.cancel("t-dead"))
                .isEqualTo(new Cancellation("t-dead", Cancellation.Result.FINISHED, Outcome.DEAD));
        assertThat(store.cancelledIds()).containsExactlyInAnyOrder("t-queued", "t-retrying");

        store.onAttempt(ended("t-queued", Outcome.CANCELLED));
        awaitCount(store, 4);
        assertThat(store.cancel("t-queued"))
                .isEqualTo(new Cancellation("t-queued", Cancellation.Result.ALREADY_CANCELLED, Outcome.CANCELLED));
    }

    @Test
    void ofEightThreadsCancellingOneTaskAtOnceExactlyOneRecordsIt() throws Exception {
        HistoryStore store = open();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Cancellation>> cancels = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                cancels.add(pool.submit(() -> {
                    start.await();
                    return store.cancel("t-raced");
                }));
            }
            start.countDown();
            List<Cancellation.Result> results = new ArrayList<>();
            for (Future<Cancellation> cancel : cancels) {
                results.add(cancel.get(30, TimeUnit.SECONDS).result());
            }
            assertThat(results).containsOnlyOnce(Cancellation.Result.CANCELLED)
                    .containsOnly(Cancellation.Result.CANCELLED, Cancellation.Result.ALREADY_CANCELLED);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void cancelsOlderThanTheRetentionAreDeletedOnceTheirTaskEndedAndOthersStay() throws Exception {
        HistorySettings settings = settings().flushInterval(Duration.ofMillis(20)).retention(Duration.ofDays(1))
                .build();
        HistoryStore store = open(settings);
        for (String id : List.of("t-cancelled", "t-ended-otherwise", "t-never-came", "t-recent")) {
            store.cancel(id);
        }
        store.onAttempt(ended("t-cancelled", Outcome.CANCELLED));
        store.onAttempt(ended("t-ended-otherwise", Outcome.SUCCEEDED));
        store.onAttempt(ended("t-recent", Outcome.CANCELLED));
        awaitCount(store, 3);
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
             Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE ebats_cancellation SET cancelled_at = 0 WHERE task_id <> 't-recent'");
        }

        assertThat(store.deleteEndedCancels()).isEqualTo(2);
        assertThat(store.cancelledIds()).containsExactlyInAnyOrder("t-never-came", "t-recent");
    }

    static void awaitState(HistoryStore store, String key, String state) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            UniqueKeyHolder h = store.uniqueKeyHolder(key);
            return h != null && h.state().equals(state);
        });
    }

    @Test
    void aUniqueKeyIsHeldByTheFirstClaimWhilePendingAndQueued() {
        HistoryStore store = open();

        assertThat(store.claim("order:1", "t-1", Duration.ZERO, HOUR)).isEqualTo("t-1");
        assertThat(store.claim("order:1", "t-2", Duration.ZERO, HOUR)).isEqualTo("t-1");
        assertThat(store.uniqueKeyHolder("order:1").state()).isEqualTo("PENDING");
        store.queued("order:1", "t-1");
        assertThat(store.claim("order:1", "t-3", Duration.ZERO, Duration.ofMillis(1))).isEqualTo("t-1");
        assertThat(store.claim("order:1", "t-1", Duration.ZERO, HOUR)).as("its own claim again").isEqualTo("t-1");
        assertThat(store.claim("order:2", "t-4", Duration.ZERO, HOUR)).isEqualTo("t-4");
        assertThat(store.uniqueKeyHolder("order:1")).satisfies(h -> {
            assertThat(h.taskId()).isEqualTo("t-1");
            assertThat(h.state()).isEqualTo("QUEUED");
            assertThat(h.expiresAt()).isNull();
        });
        assertThat(store.uniqueKeyHolder("order:none")).isNull();
    }

    @Test
    void aRetryKeepsTheKeyAndASuccessHoldsItForItsWindowThenFreesIt() {
        HistoryStore store = open();
        store.claim("k", "t-1", Duration.ofMillis(300), HOUR);
        store.queued("k", "t-1");
        store.onAttempt(ended("t-1", Outcome.RETRYING));
        awaitCount(store, 1);
        assertThat(store.claim("k", "t-2", Duration.ZERO, HOUR)).isEqualTo("t-1");

        Instant before = Instant.now();
        store.onAttempt(ended("t-1", Outcome.SUCCEEDED));
        awaitState(store, "k", "SUCCEEDED");
        UniqueKeyHolder held = store.uniqueKeyHolder("k");
        assertThat(held.expiresAt()).isAfterOrEqualTo(before.plusMillis(300).truncatedTo(ChronoUnit.MILLIS));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.claim("k", "t-3", Duration.ZERO, HOUR).equals("t-3"));
        assertThat(store.uniqueKeyHolder("k").state()).isEqualTo("PENDING");
    }

    @Test
    void theKeysWhoseWindowEndedAreDeletedAndNoOther() {
        HistoryStore store = open();
        store.claim("k-ended", "t-1", Duration.ZERO, HOUR);
        store.claim("k-window", "t-2", HOUR, HOUR);
        store.claim("k-queued", "t-3", Duration.ZERO, HOUR);
        store.onAttempt(ended("t-1", Outcome.SUCCEEDED));
        store.onAttempt(ended("t-2", Outcome.SUCCEEDED));
        awaitState(store, "k-ended", "SUCCEEDED");
        awaitState(store, "k-window", "SUCCEEDED");

        await().atMost(Duration.ofSeconds(10)).until(() -> store.deleteExpiredUniqueKeys() == 0
                && store.uniqueKeyHolder("k-ended") == null);
        assertThat(store.uniqueKeyHolder("k-window").taskId()).isEqualTo("t-2");
        assertThat(store.uniqueKeyHolder("k-queued").taskId()).isEqualTo("t-3");
    }

    @Test
    void aSuccessInsideItsWindowHoldsTheKey() {
        HistoryStore store = open();
        store.claim("k", "t-1", HOUR, HOUR);
        store.queued("k", "t-1");
        store.onAttempt(ended("t-1", Outcome.SUCCEEDED));
        awaitState(store, "k", "SUCCEEDED");

        assertThat(store.claim("k", "t-2", Duration.ZERO, Duration.ofMillis(1))).isEqualTo("t-1");
    }

    @Test
    void aSuccessWithoutWindowFreesTheKey() {
        HistoryStore store = open();
        store.claim("k", "t-1", Duration.ZERO, HOUR);
        store.onAttempt(ended("t-1", Outcome.SUCCEEDED)); // before its creator marked it queued
        awaitState(store, "k", "SUCCEEDED");
        store.queued("k", "t-1"); // too late: stays succeeded

        assertThat(store.uniqueKeyHolder("k").state()).isEqualTo("SUCCEEDED");
        assertThat(store.claim("k", "t-2", Duration.ZERO, HOUR)).isEqualTo("t-2");
    }

    @Test
    void aTaskThatFailedOrDiedFreesItsKey() {
        HistoryStore store = open();
        store.claim("k-failed", "t-1", HOUR, HOUR);
        store.claim("k-dead", "t-2", HOUR, HOUR);
        store.claim("k-other", "t-3", HOUR, HOUR);
        store.queued("k-failed", "t-1");
        store.queued("k-dead", "t-2");
        store.onAttempt(ended("t-1", Outcome.FAILED));
        store.onAttempt(ended("t-2", Outcome.DEAD));
        awaitCount(store, 2);

        assertThat(store.uniqueKeyHolder("k-failed")).isNull();
        assertThat(store.uniqueKeyHolder("k-dead")).isNull();
        assertThat(store.claim("k-failed", "t-4", Duration.ZERO, HOUR)).isEqualTo("t-4");
        assertThat(store.claim("k-dead", "t-5", Duration.ZERO, HOUR)).isEqualTo("t-5");
        assertThat(store.claim("k-other", "t-6", Duration.ZERO, HOUR)).isEqualTo("t-3");
    }

    @Test
    void aPendingKeyOlderThanThePendingTimeoutIsTakenOverAndAnAbandonedOneIsFree() {
        HistoryStore store = open();
        store.claim("k", "t-dead-creator", Duration.ZERO, HOUR);
        assertThat(store.claim("k", "t-2", Duration.ZERO, HOUR)).isEqualTo("t-dead-creator");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> store.claim("k", "t-2", Duration.ZERO, Duration.ofMillis(1)).equals("t-2"));
        assertThat(store.uniqueKeyHolder("k").taskId()).isEqualTo("t-2");

        store.abandon("k", "t-other");
        assertThat(store.uniqueKeyHolder("k").taskId()).as("only its holder frees a key").isEqualTo("t-2");
        store.abandon("k", "t-2");
        assertThat(store.uniqueKeyHolder("k")).isNull();
    }

    @Test
    void ofEightThreadsClaimingOneKeyAtOnceExactlyOneWins() throws Exception {
        HistoryStore store = open();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 10; round++) {
                String key = "race:" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> claims = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String taskId = "t-" + round + "-" + t;
                    claims.add(pool.submit(() -> {
                        start.await();
                        return store.claim(key, taskId, Duration.ZERO, HOUR);
                    }));
                }
                start.countDown();
                Set<String> holders = new HashSet<>();
                for (Future<String> claim : claims) {
                    holders.add(claim.get(30, TimeUnit.SECONDS));
                }
                assertThat(holders).as("round " + round).hasSize(1);
                assertThat(store.uniqueKeyHolder(key).taskId()).isEqualTo(holders.iterator().next());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> taskIds(HistoryStore store, HistoryQuery query) {
        return store.find(query).stream().map(AttemptRecord::taskId).toList();
    }
}
