package io.ebats.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Cancels on the embedded Qpid Broker-J, held in SQLite. */
class EmbeddedCancellationIT extends CancellationContract {

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
