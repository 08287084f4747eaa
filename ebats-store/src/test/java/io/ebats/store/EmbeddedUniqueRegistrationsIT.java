package io.ebats.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Unique keys on registrations on the embedded Qpid Broker-J, keys in SQLite. */
class EmbeddedUniqueRegistrationsIT extends UniqueRegistrationsContract {

    @TempDir
    Path dir;

    @Override
    String brokerUri() {
        return SharedEmbeddedBroker.INSTANCE.uri();
    }

    @Override
    HistorySettings.Builder database() {
        return HistorySettings.sqlite(dir);
    }
}
