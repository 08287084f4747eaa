package io.ebats.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void newIdsAreUuidV7sThatSortInTheOrderTheyWereMade() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedIds.next());
        }

        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(ids).allSatisfy(id -> {
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
        });
    }

    @Test
    void theTimeOfAUuidV7IsItsFirst48Bits() {
        long before = System.currentTimeMillis();
        String id = TimeOrderedIds.next();
        long after = System.currentTimeMillis();

        assertThat(TimeOrderedIds.epochMillis(id)).isBetween(before, after);
        assertThat(TimeOrderedIds.epochMillis("017f22e2-79b0-7cc3-98c4-dc0c0c07398f")).isEqualTo(0x017f22e279b0L);
    }

    @Test
    void otherIdsHaveNoTime() {
        assertThat(TimeOrderedIds.epochMillis(UUID.randomUUID().toString())).isEqualTo(-1);
        assertThat(TimeOrderedIds.epochMillis(UUID.nameUUIDFromBytes(new byte[] {1}).toString())).isEqualTo(-1);
        assertThat(TimeOrderedIds.epochMillis("order-FB1-paid")).isEqualTo(-1);
        assertThat(TimeOrderedIds.epochMillis("017f22e2-79b0-7cc3-98c4-dc0c0c07398x")).isEqualTo(-1);
        assertThat(TimeOrderedIds.epochMillis("017f22e2-79b0-7cc3-c8c4-dc0c0c07398f")).isEqualTo(-1); // variant
        assertThat(TimeOrderedIds.epochMillis("017F22E2-79B0-7CC3-98C4-DC0C0C07398F")).isEqualTo(-1); // upper case
        assertThat(TimeOrderedIds.epochMillis(null)).isEqualTo(-1);
    }
}
