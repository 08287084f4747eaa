package io.ebats.internal.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebats.QueueType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueArgumentsTest {

    private static final TopologyNames NAMES = new TopologyNames("shop.eu");
    private static final BrokerVersion RABBITMQ_3 = BrokerVersion.of(Map.of("product", "RabbitMQ", "version", "3.10.8"));

    @Test
    void aConsumedQuorumQueueAllowsMoreDeliveriesThanEbatsAndDeadLettersToItsDeadQueue() {
        QueueSpec spec = QueueArguments.consumed(QueueType.QUORUM, "shop.eu.task.demo", "shop.eu.dead.task.demo");

        assertThat(spec.arguments()).containsEntry("x-queue-type", "quorum")
                .containsEntry("x-delivery-limit", 100)
                .containsEntry("x-dead-letter-exchange", "")
                .containsEntry("x-dead-letter-routing-key", "shop.eu.dead.task.demo")
                .containsEntry("x-dead-letter-strategy", "at-least-once")
                .containsEntry("x-overflow", "reject-publish");
        assertThat(QueueArguments.BROKER_DELIVERY_LIMIT).isGreaterThan(20); // ebats's own redelivery limit
        assertThat(spec.earlier()).isEqualTo(Map.of("x-queue-type", "quorum"));
        assertThat(spec.policy().name()).isEqualTo("ebats-shop.eu.task.demo");
        assertThat(spec.policy().pattern()).isEqualTo("^shop\\.eu\\.task\\.demo$");
        assertThat(spec.policy().definition()).containsEntry("delivery-limit", 100)
                .containsEntry("dead-letter-routing-key", "shop.eu.dead.task.demo");
    }

    @Test
    void deadLetterQueuesAndALegacyLadderShareOneUnlimitedPolicyAndNeverANegativeLimit() {
        QueueSpec dead = QueueArguments.deadLetters(QueueType.QUORUM, NAMES);

        assertThat(dead.arguments()).containsEntry("x-delivery-limit", QueueArguments.UNLIMITED_DELIVERIES);
        assertThat(QueueArguments.UNLIMITED_DELIVERIES).isPositive(); // RabbitMQ 3.x drops at once under -1
        assertThat(dead.policy().pattern()).isEqualTo("^shop\\.eu\\.(dead|delay)\\.");
        assertThat("shop.eu.dead.task.demo").containsPattern(dead.policy().pattern());
        assertThat("shop.eu.delay.00").containsPattern(dead.policy().pattern());
        assertThat("shop.eu.task.demo").doesNotContainPattern(dead.policy().pattern());
    }

    @Test
    void sharedLadderLevelsHaveNoEarlierFormAndNeverStopDelivering() {
        QueueSpec level = QueueArguments.ladderLevel(QueueType.QUORUM, 1024, "ebats.ladder.09");
        QueueSpec undeliverable = QueueArguments.ladderUndeliverable(QueueType.QUORUM);

        assertThat(level.arguments()).containsEntry("x-delivery-limit", QueueArguments.UNLIMITED_DELIVERIES)
                .containsEntry("x-message-ttl", 1024L).containsEntry("x-dead-letter-exchange", "ebats.ladder.09")
                .containsEntry("x-dead-letter-strategy", "at-least-once").containsEntry("x-overflow", "reject-publish");
        assertThat(level.earlier()).isNull();
        assertThat(undeliverable.arguments()).containsEntry("x-delivery-limit", QueueArguments.UNLIMITED_DELIVERIES);
        assertThat(QueueArguments.ladderLevel(QueueType.CLASSIC, 8, "x").arguments())
                .isEqualTo(Map.of("x-queue-type", "classic", "x-message-ttl", 8L, "x-dead-letter-exchange", "x"));
    }

    @Test
    void classicQueuesAreDeclaredAsBefore() {
        QueueSpec spec = QueueArguments.consumed(QueueType.CLASSIC, "q", "dead");

        assertThat(spec.arguments()).isEqualTo(Map.of("x-queue-type", "classic"));
        assertThat(spec.earlier()).isNull();
        assertThat(spec.policy()).isNull();
    }

    @Test
    void policyPatternsMatchOnlyTheNameTheyAreMadeOf() {
        assertThat(QueueArguments.literal("a.b-c_d(1)+")).isEqualTo("a\\.b-c_d\\(1\\)\\+");
    }

    @Test
    void theAdviceIsACommandToRunAsItIsInAShell() {
        QueueSpec.Policy policy = new QueueSpec.Policy("ebats-q", "^it's$", Map.of("delivery-limit", 100));

        assertThat(new UpgradeAdvice(null, RABBITMQ_3).command(policy)).isEqualTo("rabbitmqctl set_policy --vhost '/' "
                + "--apply-to queues --priority 10 'ebats-q' '^it'\\''s$' '{\"delivery-limit\":100}'");
        assertThat(new UpgradeAdvice("prod", RABBITMQ_3).command(policy)).contains("--vhost 'prod'");
    }

    @Test
    void onlyRabbitMqFourAndLaterLimitDeliveriesWhenAQueueDoesNotSay() {
        assertThat(RABBITMQ_3.limitsDeliveriesByDefault()).isFalse();
        assertThat(RABBITMQ_3.major()).isEqualTo(3);
        assertThat(BrokerVersion.of(Map.of("product", "RabbitMQ", "version", "4.1.4")).limitsDeliveriesByDefault())
                .isTrue();
        assertThat(BrokerVersion.of(Map.of("product", "qpid", "version", "10.1.0")).limitsDeliveriesByDefault())
                .isFalse();
        assertThat(BrokerVersion.of(Map.of()).toString()).isEmpty();
    }
}
