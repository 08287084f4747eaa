package io.ebats.store;

import io.ebats.BrokerSettings;
import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the store's end-to-end contracts share: a real broker, a namespace of the test's own and a history store on
 * a database of the test's own. A subclass per broker and database names them; afterwards the namespace's topology
 * is deleted (after the workers closed with {@link #ebats}) and the database dropped.
 */
abstract class StoreEndToEnd {

    static final Duration WAIT = Duration.ofSeconds(30);

    private final String namespace = "test-" + UUID.randomUUID().toString().substring(0, 8);
    EbatsConfig config;
    Ebats ebats;
    HistoryStore history;

    abstract String brokerUri();

    /** The store's database: the same each time it is called within one test. */
    abstract HistorySettings.Builder database();

    /** Drops the database after the test, if it outlives the test otherwise. */
    void dropDatabase() throws Exception {
    }

    /** The topics whose queues the test makes. */
    abstract List<String> topics();

    @BeforeEach
    void connect() {
        config = EbatsConfig.builder().broker(BrokerSettings.uri(brokerUri())).namespace(namespace)
                .delayLevels(22).delayLadder(namespace + ".ladder").publishTimeout(Duration.ofSeconds(5)).build();
        open();
    }

    /** Opens the store and connects, as a process starting. */
    void open() {
        history = HistoryStore.open(database().flushInterval(Duration.ofMillis(50)).build());
        ebats = Ebats.connect(config);
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            ebats.close();
            try (Ebats cleaner = Ebats.connect(config)) {
                cleaner.deleteTopology(topics());
            }
        } finally {
            history.close();
            dropDatabase();
        }
    }
}
