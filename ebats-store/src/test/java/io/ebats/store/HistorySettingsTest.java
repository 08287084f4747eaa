package io.ebats.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HistorySettingsTest {

    private static final Path DIR = Path.of("/tmp/history");

    @Test
    void aBuilderStartsFromTheDefaults() {
        HistorySettings settings = HistorySettings.sqlite(DIR).build();

        assertThat(settings.batchSize()).isEqualTo(HistorySettings.DEFAULT_BATCH_SIZE);
        assertThat(settings.flushInterval()).isEqualTo(HistorySettings.DEFAULT_FLUSH_INTERVAL);
        assertThat(settings.queueCapacity()).isEqualTo(HistorySettings.DEFAULT_QUEUE_CAPACITY);
        assertThat(settings.retention()).isEqualTo(HistorySettings.DEFAULT_RETENTION);
        assertThat(settings.redactedKeys()).isEqualTo(HistorySettings.DEFAULT_REDACTED_KEYS);
        assertThat(settings.schema()).isNull();
        assertThat(settings.worker()).matches(ProcessHandle.current().pid() + "@.+");
        assertThat(HistorySettings.defaults().jdbcUrl())
                .isEqualTo(HistorySettings.sqlite(HistorySettings.DEFAULT_DIRECTORY).build().jdbcUrl());
    }

    @Test
    void eachSetterNamesTheSettingAndItsLimitWhenItRefusesAValue() {
        HistorySettings.Builder h2 = HistorySettings.h2(DIR);

        assertThatThrownBy(() -> h2.batchSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize must be at least 1, was 0");
        assertThatThrownBy(() -> h2.queueCapacity(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("queueCapacity must be at least 1, was -1");
        assertThatThrownBy(() -> h2.flushInterval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("flushInterval must be positive, was PT0S");
        assertThatThrownBy(() -> h2.retention(Duration.ofDays(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retention must be positive, or null to keep rows forever, was PT-24H");
        assertThatThrownBy(() -> HistorySettings.sqlite(DIR).schema("tenant_a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("schema must be null on SQLite");
    }

    @Test
    void toStringHidesThePassword() {
        assertThat(HistorySettings.jdbc("jdbc:h2:mem:x", "sa", "s3cret").build().toString())
                .contains("user=sa").doesNotContain("s3cret");
    }
}
