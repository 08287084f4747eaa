package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * One delay ladder per virtual host, shared by the namespaces that name it (docs/protocol.md, section 3.2):
 * each delayed task reaches the queue its key names and no other, whatever levels each namespace uses; a task
 * whose queue is deleted while it waits is kept; and a namespace's own ladder of an earlier ebats goes on
 * delivering what it holds until it is deleted.
 */
class SharedLadderIT extends BrokerTestSupport {

    private final String ladder = unique("test-shared-ladder");
    private final String other = "test-" + UUID.randomUUID().toString().substring(0, 8);
    private Ebats first;
    private Ebats second;

    @AfterEach
    void deleteTheOtherNamespaceAndTheLadder() {
        try {
            if (second != null) {
                second.deleteTopology(topics);
                second.close();
            }
        } finally {
            if (first != null) {
                first.deleteDelayLadder();
                first.close();
            }
        }
    }

    /** This test's namespace on the shared ladder with 22 levels, the other namespace on it with 30. */
    private void connectBoth() {
        first = Ebats.connect(config().toBuilder().delayLadder(ladder).build());
        second = Ebats.connect(config().toBuilder().namespace(other).delayLevels(30).delayLadder(ladder).build());
    }

    @Test
    void twoNamespacesWithTheSameTopicEachGetTheirOwnDelayedTasksOnly() {
        connectBoth();
        String topic = topic("shared");
        Queue<String> ranInFirst = new ConcurrentLinkedQueue<>();
        Queue<String> ranInSecond = new ConcurrentLinkedQueue<>();
        first.worker().topic(topic).handle("t", (p, ctx) -> ranInFirst.add(ctx.taskId())).start();
        second.worker().topic(topic).handle("t", (p, ctx) -> ranInSecond.add(ctx.taskId())).start();

        String a = first.tasks().create(topic, "t", null, Duration.ofMillis(300));
        String b = second.tasks().create(topic, "t", null, Duration.ofMillis(700));
        String c = second.tasks().create(topic, "t", null, Duration.ofMillis(5)); // a level the first has too

        await().atMost(WAIT).until(() -> ranInFirst.size() + ranInSecond.size() == 3);
        assertThat(ranInFirst).containsExactly(a);
        assertThat(ranInSecond).containsExactlyInAnyOrder(b, c);
        assertThat(first.status(List.of(topic)).delayLadder())
                .isEqualTo(new DelayLadderStatus(ladder, false, 0, 0, -1));
    }

    @Test
    void aDelayedTaskWhoseQueueIsDeletedWhileItWaitsIsKeptInTheUndeliverableQueue() throws Exception {
        connectBoth();
        String topic = topic("vanishing");
        String id = first.tasks().create(topic, "t", null, Duration.ofMillis(500));
        try (Channel ch = rawConnection().createChannel()) {
            ch.queueDelete(taskQueue(topic));
        }

        await().atMost(WAIT).until(() -> first.status(List.of(topic)).delayLadder().undeliverable() == 1);
        try (Channel ch = rawConnection().createChannel()) {
            assertThat(ch.basicGet(ladder + ".undeliverable", true).getProps().getMessageId()).isEqualTo(id);
        }
        assertThat(first.status(List.of(topic)).delayed()).isZero();
    }

    @Test
    void aNamespacesOwnLadderOfAnEarlierEbatsStillDeliversWhatItHoldsAndIsDeletedOnRequest() throws Exception {
        int levels = 12;
        String topic = topic("upgraded");
        declareEarlierLadder(levels);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger topologyLog = (Logger) LoggerFactory.getLogger("io.ebats.internal.broker.Topology");
        log.start();
        topologyLog.addAppender(log);
        Queue<String> ran = new ConcurrentLinkedQueue<>();
        try {
            ebats.worker().topic(topic).handle("t", (p, ctx) -> ran.add(ctx.taskId())).start();
        } finally {
            topologyLog.detachAppender(log);
        }
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("namespace " + namespace + " still has the delay ladder of an "
                        + "earlier ebats", "ebats topology delete --legacy-ladder"));
        try (Channel ch = rawConnection().createChannel()) { // the binding an earlier ebats gave the task queue
            ch.queueBind(taskQueue(topic), namespace + ".delay.delivery", "*.".repeat(levels) + topic);
        }

        ebats.workers(); // the first call listens for heartbeats a while
        // as an earlier ebats published a task due in 3 s: 0b101110111000 in 12 digits, entering at level 11
        String key = "1.0.1.1.1.0.1.1.1.0.0.0." + topic;
        publishRaw(namespace + ".delay.11", key, taskProperties("earlier-1", "t").build(), "{}");
        Status waiting = ebats.status(List.of(topic));
        assertThat(waiting.delayLadder().legacyDelayed()).isEqualTo(1);
        assertThat(waiting.delayed()).isEqualTo(1);
        String viaShared = ebats.tasks().create(topic, "t", null, Duration.ofMillis(200));

        await().atMost(WAIT).until(() -> ran.size() == 2);
        assertThat(ran).containsExactly(viaShared, "earlier-1");
        assertThat(ebats.status(List.of(topic)).delayLadder().legacyDelayed()).isZero();

        ebats.deleteLegacyDelayLadder();
        assertThat(ebats.status(List.of(topic)).delayLadder().hasLegacyLadder()).isFalse();
        String afterwards = ebats.tasks().create(topic, "t", null, Duration.ofMillis(50));
        await().atMost(WAIT).until(() -> ran.contains(afterwards));
    }

    /** The namespace's own ladder as ebats declared it before the shared ladder (keys of {@code levels} digits). */
    private void declareEarlierLadder(int levels) throws Exception {
        String delivery = namespace + ".delay.delivery";
        try (Channel ch = rawConnection().createChannel()) {
            ch.exchangeDeclare(delivery, BuiltinExchangeType.TOPIC, true);
            for (int level = 0; level < levels; level++) {
                String name = namespace + ".delay." + (level < 10 ? "0" : "") + level;
                String below = level == 0 ? delivery : namespace + ".delay." + (level <= 10 ? "0" : "") + (level - 1);
                Map<String, Object> args = new HashMap<>(Map.of("x-queue-type", "quorum",
                        "x-message-ttl", 1L << level, "x-dead-letter-exchange", below,
                        "x-dead-letter-strategy", "at-least-once", "x-overflow", "reject-publish"));
                ch.exchangeDeclare(name, BuiltinExchangeType.TOPIC, true);
                ch.queueDeclare(name, true, false, false, args);
                ch.queueBind(name, name, "*.".repeat(levels - 1 - level) + "1.#");
                ch.exchangeBind(below, name, "*.".repeat(levels - 1 - level) + "0.#");
            }
        }
    }
}
