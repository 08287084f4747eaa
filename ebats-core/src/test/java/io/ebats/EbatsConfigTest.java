package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EbatsConfigTest {

    @Test
    void defaultsAreTheDefaultConstants() {
        EbatsConfig d = EbatsConfig.defaults();

        assertThat(d.broker()).isEqualTo(BrokerSettings.defaults());
        assertThat(d.namespace()).isEqualTo(EbatsConfig.DEFAULT_NAMESPACE);
        assertThat(d.queueType()).isEqualTo(QueueType.QUORUM);
        assertThat(d.delayLevels()).isEqualTo(35);
        assertThat(d.publishTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.maxMessageBytes()).isEqualTo(1024 * 1024);
        assertThat(d.brokerType()).isEqualTo(BrokerType.AUTO);
    }

    @Test
    void settersRefuseValuesOutOfRangeNamingTheFieldAndTheLimit() {
        assertThatThrownBy(() -> EbatsConfig.builder().delayLevels(43))
                .hasMessage("delayLevels must be between 1 and 42, was 43");
        assertThatThrownBy(() -> EbatsConfig.builder().delayLevels(0))
                .hasMessage("delayLevels must be between 1 and 42, was 0");
        assertThatThrownBy(() -> EbatsConfig.builder().publishTimeout(Duration.ZERO))
                .hasMessage("publishTimeout must be positive, was PT0S");
        assertThatThrownBy(() -> EbatsConfig.builder().maxMessageBytes(1023))
                .hasMessage("maxMessageBytes must be at least 1024, was 1023");
        assertThatThrownBy(() -> EbatsConfig.builder().namespace("a b"))
                .hasMessageStartingWith("namespace name must not contain whitespace");
        assertThatThrownBy(() -> EbatsConfig.builder().queueType(null)).hasMessage("queueType");
    }

    @Test
    void toBuilderChangesOnlyWhatIsSet() {
        EbatsConfig config = EbatsConfig.builder().broker(BrokerSettings.uri("amqp://rabbit")).namespace("shop")
                .queueType(QueueType.CLASSIC).delayLevels(20).publishTimeout(Duration.ofSeconds(3))
                .maxMessageBytes(4096).brokerType(BrokerType.QPID).build();

        EbatsConfig changed = config.toBuilder().namespace("other").build();

        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(changed).isEqualTo(new EbatsConfig(BrokerSettings.uri("amqp://rabbit"), "other",
                QueueType.CLASSIC, 20, "ebats.ladder-classic", Duration.ofSeconds(3), 4096, BrokerType.QPID));
    }

    @Test
    void theDelayLadderDefaultsByQueueTypeUnlessNamed() {
        assertThat(EbatsConfig.defaults().delayLadder()).isEqualTo("ebats.ladder");
        EbatsConfig classic = EbatsConfig.builder().queueType(QueueType.CLASSIC).build();
        assertThat(classic.delayLadder()).isEqualTo("ebats.ladder-classic");
        assertThat(classic.toBuilder().queueType(QueueType.QUORUM).build().delayLadder()).isEqualTo("ebats.ladder");
        EbatsConfig named = EbatsConfig.builder().delayLadder("shop.ladder").build();
        assertThat(named.toBuilder().queueType(QueueType.CLASSIC).build().delayLadder()).isEqualTo("shop.ladder");
        assertThat(EbatsConfig.builder().environment(Map.of("EBATS_DELAY_LADDER", " acme.ladder ")).build()
                .delayLadder()).isEqualTo("acme.ladder");

        assertThatThrownBy(() -> EbatsConfig.builder().delayLadder("shop.delay"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delayLadder must not end with '.delay'");
        assertThatThrownBy(() -> EbatsConfig.builder().delayLadder("a b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delayLadder");
    }

    @Test
    void environmentVariablesOverTheValuesSetSoFarNameThemselvesInErrors() {
        EbatsConfig config = EbatsConfig.builder().queueType(QueueType.CLASSIC)
                .environment(Map.of("EBATS_QUEUE_TYPE", "quorum", "EBATS_BROKER_TYPE", "qpid",
                        "EBATS_PUBLISH_TIMEOUT", "2s"))
                .build();

        assertThat(config.queueType()).isEqualTo(QueueType.QUORUM);
        assertThat(config.brokerType()).isEqualTo(BrokerType.QPID);
        assertThat(config.publishTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> EbatsConfig.builder().environment(Map.of("EBATS_QUEUE_TYPE", "fast")))
                .hasMessage("EBATS_QUEUE_TYPE must be quorum or classic, was 'fast'");
        assertThatThrownBy(() -> EbatsConfig.builder().environment(Map.of("EBATS_NAMESPACE", "a*")))
                .hasMessageStartingWith("EBATS_NAMESPACE name must not contain the AMQP wildcard");
    }

    @Test
    void environmentAppliesToTheBrokerToo() {
        EbatsConfig config = EbatsConfig.builder().namespace("file")
                .environment(Map.of("EBATS_BROKER_URI", "amqp://env-host", "EBATS_NAMESPACE", " env ")).build();

        assertThat(config.broker().uri()).isEqualTo("amqp://env-host");
        assertThat(config.namespace()).isEqualTo("env");
        assertThatThrownBy(() -> EbatsConfig.builder().environment(Map.of("EBATS_PUBLISH_TIMEOUT", "0s")))
                .hasMessage("EBATS_PUBLISH_TIMEOUT must be positive, was PT0S");
    }
}
