package io.ebats.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HistoryQueryTest {

    @Test
    void aQueryBuilderRefusesALimitBelowOneAndANegativeOffset() {
        assertThatThrownBy(() -> HistoryQuery.builder().limit(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be at least 1, was 0");
        assertThatThrownBy(() -> HistoryQuery.builder().offset(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offset must be at least 0, was -1");
        assertThat(HistoryQuery.all().limit()).isEqualTo(HistoryQuery.DEFAULT_LIMIT);
        assertThat(HistoryQuery.all().offset()).isZero();
    }
}
