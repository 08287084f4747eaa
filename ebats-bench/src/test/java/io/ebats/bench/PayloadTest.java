package io.ebats.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PayloadTest {

    @Test
    void bodyHasTheChosenSizeForAFourDigitSequenceNumber() throws Exception {
        for (int size : new int[] {64, 300, 4096}) {
            Payload payload = BenchmarkOptions.defaults().withMessageBytes(size).payload();

            assertThat(payload.raw(1234)).hasSize(size);
            assertThat(new ObjectMapper().writeValueAsBytes(payload.params(1234))).hasSize(size)
                    .isEqualTo(payload.raw(1234));
        }
    }

    @Test
    void messageSizeOutsideItsBoundsIsRefusedNamingTheLimit() {
        assertThatThrownBy(() -> BenchmarkOptions.defaults().withMessageBytes(10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("messageBytes must be between 64 and 1048576, was 10");
    }
}
