package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class UniqueKeyTest {

    private static final NewTask SHIP = NewTask.of("demo", "ship", Map.of("order_id", 42, "region", "eu",
            "items", List.of(1)));

    @Test
    void aTemplateIsResolvedOverTheParams() {
        assertThat(UniqueKey.template("order:{order_id}:{region}", Duration.ofMinutes(10)).resolve(SHIP))
                .isEqualTo("order:42:eu");
        assertThat(UniqueKey.of("order:{order_id}").resolve(SHIP)).as("a key as written is no template")
                .isEqualTo("order:{order_id}");
        assertThat(UniqueKey.of("k").window()).isZero();
    }

    @Test
    void badKeysAndWindowsAreOneClearError() {
        assertThatThrownBy(() -> UniqueKey.of(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unique key must not be empty");
        assertThatThrownBy(() -> UniqueKey.template("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unique key must not be empty");
        assertThatThrownBy(() -> UniqueKey.of("k", Duration.ofNanos(999_999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window of unique key k must be zero or at least 1 ms, was PT0.000999999S");
        assertThatThrownBy(() -> UniqueKey.of("k", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 ms");
        assertThatThrownBy(() -> UniqueKey.template("order:{}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unique key template order:{} has an empty placeholder {}");
        assertThatThrownBy(() -> UniqueKey.of("x".repeat(256))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unique key must be at most 255 characters, was 256");
        assertThatThrownBy(() -> UniqueKey.template("x".repeat(250) + "{order_id}" + "y".repeat(6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unique key template must be at most 255 characters besides its "
                        + "placeholders, was 256");
        assertThat(UniqueKey.template("x".repeat(250) + "{order_id}").resolve("ship", Map.of("order_id", 42)))
                .hasSize(252);
    }

    @Test
    void aTemplateResolvesOverParamsReadFromJson() {
        UniqueKey key = UniqueKey.template("order:{order_id}:{paid}");

        assertThat(key.resolve("ship", Map.of("order_id", 42, "paid", true))).isEqualTo("order:42:true");
        assertThatThrownBy(() -> key.resolve("ship of event order_paied", Map.of("order_id", 42)))
                .hasMessageStartingWith("unique key template order:{order_id}:{paid} names param paid, which task "
                        + "ship of event order_paied does not have");
    }

    @Test
    void aTemplateNamingAMissingParamIsOneClearError() {
        assertThatThrownBy(() -> UniqueKey.template("order:{orderId}").resolve(SHIP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unique key template order:{orderId} names param orderId, which task ship"
                        + " does not have; its params are [");
        assertThatThrownBy(() -> UniqueKey.template("order:{items}").resolve(SHIP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names param items, which task ship has as an object or array");
    }

    @Test
    void aPublishThatFailsFreesTheKeyAndThrowsAndAHeldKeyCreatesNothing() {
        List<String> calls = new ArrayList<>();
        UniqueKeys keys = new UniqueKeys() {
            @Override
            public String claim(String key, String taskId, Duration window, Duration pendingTimeout) {
                calls.add("claim " + key + " " + window + " " + pendingTimeout);
                return key.equals("held") ? "t-holder" : taskId;
            }

            @Override
            public void queued(String key, String taskId) {
                calls.add("queued " + key);
            }

            @Override
            public void abandon(String key, String taskId) {
                calls.add("abandon " + key);
            }
        };
        PublishException refused = new PublishException("refused");
        Tasks failing = new Tasks() {
            @Override
            public String create(NewTask task) {
                throw refused;
            }

            @Override
            public CompletableFuture<String> createAsync(NewTask task) {
                return CompletableFuture.failedFuture(refused);
            }
        };
        UniqueTasks unique = new UniqueCreator(failing, keys, Duration.ofSeconds(5), Duration.ofSeconds(65));

        assertThatThrownBy(() -> unique.create(SHIP, UniqueKey.template("order:{order_id}"))).isSameAs(refused);
        assertThat(unique.create(SHIP, UniqueKey.of("held", Duration.ofMinutes(1))))
                .isEqualTo(new UniqueTasks.Creation("t-holder", false));
        assertThat(calls).containsExactly("claim order:42 PT0S PT1M5S", "abandon order:42",
                "claim held PT1M PT1M5S");
    }

    @Test
    void aPendingTimeoutNotLongerThanThePublishTimeoutIsRefused() {
        Tasks none = new Tasks() {
            @Override
            public String create(NewTask task) {
                throw new UnsupportedOperationException();
            }

            @Override
            public CompletableFuture<String> createAsync(NewTask task) {
                throw new UnsupportedOperationException();
            }
        };
        UniqueKeys keys = new UniqueKeys() {
            @Override
            public String claim(String key, String taskId, Duration window, Duration pendingTimeout) {
                return taskId;
            }

            @Override
            public void queued(String key, String taskId) {
            }

            @Override
            public void abandon(String key, String taskId) {
            }
        };
        assertThatThrownBy(() -> new UniqueCreator(none, keys, Duration.ofSeconds(5), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the pending timeout of unique keys must be longer than the publish timeout PT5S, was PT5S");
        assertThat(new UniqueCreator(none, keys, Duration.ofSeconds(5), Duration.ofSeconds(6))).isNotNull();
    }
}
