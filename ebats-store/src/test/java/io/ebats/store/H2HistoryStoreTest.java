package io.ebats.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an H2 file database in a temporary directory. */
class H2HistoryStoreTest extends HistoryStoreContract {

    @TempDir
    Path dir;

    @Override
    HistoryStore.Settings settings() {
        return HistoryStore.Settings.h2(dir);
    }
}
