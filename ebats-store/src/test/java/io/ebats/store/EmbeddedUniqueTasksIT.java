package io.ebats.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Unique tasks on the embedded Qpid Broker-J, keys in SQLite. */
class EmbeddedUniqueTasksIT extends UniqueTasksContract {

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
