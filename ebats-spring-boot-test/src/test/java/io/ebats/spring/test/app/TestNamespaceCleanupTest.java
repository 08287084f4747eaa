package io.ebats.spring.test.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import io.ebats.spring.test.EbatsTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestContextManager;

/** A slice context deletes its namespace's queues when it closes. */
class TestNamespaceCleanupTest {

    @EbatsTest(properties = "ebats.worker.topics=gone")
    static class Slice {
    }

    @Test
    void theNamespaceIsDeletedWhenTheContextCloses() {
        TestContextManager manager = new TestContextManager(Slice.class);
        Ebats ebats = manager.getTestContext().getApplicationContext().getBean(Ebats.class);
        EbatsConfig config = ebats.config();
        assertThat(ebats.status(List.of("gone")).topics().getFirst().consumers()).isEqualTo(1);

        manager.getTestContext().markApplicationContextDirty(DirtiesContext.HierarchyMode.EXHAUSTIVE);

        try (Ebats observer = Ebats.connect(config)) {
            assertThat(observer.status(List.of("gone")).topics().getFirst().exists()).isFalse();
        }
    }
}
