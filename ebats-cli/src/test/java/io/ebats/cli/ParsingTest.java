package io.ebats.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebats.ConfigFile;
import io.ebats.Outcome;
import io.ebats.Registration;
import io.ebats.cli.demo.DemoShop;
import io.ebats.store.HistorySettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.TypeConversionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParsingTest {

    @Test
    void registrationWithAndWithoutDelay() {
        Registration delayed = SchedulerCommand.parse("order_create:closeOrder:demo:10s");
        assertThat(delayed).isEqualTo(new Registration("order_create", "closeOrder", "demo", Duration.ofSeconds(10),
                null));
        assertThat(SchedulerCommand.parse("order_paied:virtualShipping:demo").delay()).isZero();
        assertThat(SchedulerCommand.describe(delayed)).isEqualTo("order_create -> closeOrder on demo after 10s");
    }

    @Test
    void registrationWithAWildcardIsRefused() {
        assertThatThrownBy(() -> SchedulerCommand.parse("order.#:closeOrder:demo"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wildcard");
    }

    @Test
    void paramsMergeJsonAndStringParamsWithParamsWinning() {
        Map<String, Object> merged = Params.merge("{\"order_id\": \"A\", \"n\": 2, \"tags\": [\"x\"]}",
                Map.of("order_id", "B"));

        assertThat(merged).containsEntry("order_id", "B").containsEntry("n", 2)
                .containsEntry("tags", List.of("x"));
        assertThat(Params.merge(null, Map.of())).isEmpty();
    }

    @Test
    void demoShopKeepsItsNamesInTheDefaultNamespaceOnly() {
        assertThat(DemoShop.forNamespace("ebats")).isEqualTo(new DemoShop("order_fanout", "shzf_order_paied"));
        assertThat(DemoShop.forNamespace("test-1")).isEqualTo(new DemoShop("order_fanout-test-1",
                "shzf_order_paied-test-1"));
        assertThat(DemoShop.registry().registrations()).hasSize(2);
    }

    @Test
    void timesAreIsoInstantsOffsetOrLocalTimesDatesOrDurationsAgo() {
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        TimeConverter times = new TimeConverter(Clock.fixed(now, ZoneOffset.ofHours(1)));

        assertThat(times.convert("2026-12-03T10:00:00Z")).isEqualTo("2026-12-03T10:00:00Z");
        assertThat(times.convert("2026-12-03T10:00:00.250Z")).isEqualTo("2026-12-03T10:00:00.250Z");
        assertThat(times.convert("2026-12-03T10:00:00+02:00")).isEqualTo("2026-12-03T08:00:00Z");
        assertThat(times.convert("2026-12-03T10:00")).isEqualTo("2026-12-03T09:00:00Z");
        assertThat(times.convert("2026-12-03")).isEqualTo("2026-12-02T23:00:00Z");
        assertThat(times.convert("30m")).isEqualTo("2026-12-03T11:30:00Z");
        assertThat(times.convert("1d")).isEqualTo("2026-12-02T12:00:00Z");
        assertThat(times.convert("PT90M")).isEqualTo("2026-12-03T10:30:00Z");
        assertThatThrownBy(() -> times.convert("yesterday")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'yesterday' is not a time");
        assertThatThrownBy(() -> times.convert("2026-13-45")).isInstanceOf(TypeConversionException.class);
    }

    @Test
    void outcomesAreReadInAnyCase() {
        assertThat(new OutcomeConverter().convert("failed")).isEqualTo(Outcome.FAILED);
        assertThat(new OutcomeConverter().convert("DEAD")).isEqualTo(Outcome.DEAD);
        assertThatThrownBy(() -> new OutcomeConverter().convert("lost")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("SUCCEEDED, RETRYING, FAILED, DEAD");
    }

    @Test
    void historyIsASqliteFileUnderTheDataDirectoryByDefault(@TempDir Path dir) {
        HistoryDatabase database = HistoryDatabase.of(settings(CliConfigFile.empty(), Map.of(), dir),
                Path.of("data"));

        assertThat(database.settings().jdbcUrl()).isEqualTo(HistorySettings.sqlite(dir.resolve("data/history"))
                .build().jdbcUrl()).startsWith("jdbc:sqlite:").contains("history.db", "journal_mode=WAL");
        assertThat(database.settings().retention()).isEqualTo(Duration.ofDays(30));
        assertThat(database.settings().redactedKeys()).isEqualTo(HistorySettings.DEFAULT_REDACTED_KEYS)
                .isEqualTo(HistoryDefaults.defaults().redact());
        assertThat(database.exists()).isFalse();
        assertThat(database.describe()).isEqualTo(dir.resolve("data/history").toString());
    }

    @Test
    void historyUrlAndUserComeFromTheEnvironmentOverTheFileAndThePasswordOnlyFromTheEnvironment() {
        CliConfigFile file = new CliConfigFile(ConfigFile.empty(), WorkerDefaults.defaults(),
                new HistoryDefaults(true, "jdbc:postgresql://file/ebats", "file-user", Duration.ofDays(7),
                        Set.of("card")), DashboardDefaults.defaults());
        Path dir = Path.of("/tmp");

        HistorySettings fromFile = HistoryDatabase.of(settings(file, Map.of("EBATS_HISTORY_PASSWORD", "pw"),
                dir), Path.of(".ebats")).settings();
        assertThat(fromFile.jdbcUrl()).isEqualTo("jdbc:postgresql://file/ebats");
        assertThat(fromFile.user()).isEqualTo("file-user");
        assertThat(fromFile.password()).isEqualTo("pw");
        assertThat(fromFile.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(fromFile.redactedKeys()).containsExactly("card");

        HistoryDatabase fromEnvironment = HistoryDatabase.of(settings(file, Map.of("EBATS_HISTORY_URL",
                "jdbc:postgresql://env/ebats?password=secret&ssl=true", "EBATS_HISTORY_USER", "env-user"), dir),
                Path.of(".ebats"));
        assertThat(fromEnvironment.settings().user()).isEqualTo("env-user");
        assertThat(fromEnvironment.settings().password()).isNull();
        assertThat(fromEnvironment.exists()).isTrue();
        assertThat(fromEnvironment.describe()).isEqualTo("jdbc:postgresql://env/ebats?password=***&ssl=true");
    }

    private static Settings settings(CliConfigFile file, Map<String, String> env, Path workDir) {
        return new Settings(file.engine().config(), file, null, new CliEnvironment(env, workDir));
    }
}
