package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ebats works as a RabbitMQ user with exactly the permissions docs/deployment.md gives: its namespace, the
 * shared delay ladder, server-named queues and the default exchange, nothing else.
 */
class PermissionsIT extends BrokerTestSupport {

    private final String user = "ebats-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final String password = UUID.randomUUID().toString();
    private final String ladder = unique("test-perm-ladder");
    private Ebats restricted;

    @AfterEach
    void deleteTheUserAndTheLadder() throws Exception {
        try {
            if (restricted != null) {
                restricted.close();
            }
        } finally {
            Rabbitmqctl.run("delete_user", user);
            try (Ebats cleaner = Ebats.connect(config().toBuilder().delayLadder(ladder).build())) {
                cleaner.deleteDelayLadder();
            }
        }
    }

    @Test
    void aUserWithTheDocumentedPermissionsRunsDelaysRetriesDeadLettersReplaysAndStatus() throws Exception {
        String names = "^(" + escaped(namespace) + "\\.|" + escaped(ladder) + "\\.|amq\\.gen-";
        assertThat(Rabbitmqctl.run("add_user", user, password)).doesNotContainIgnoringCase("error");
        assertThat(Rabbitmqctl.run("set_permissions", "-p", "/", user,
                names + ")", names + "|amq\\.default$)", names + ")")).doesNotContainIgnoringCase("error");
        restricted = Ebats.connect(config().toBuilder().delayLadder(ladder)
                .broker(BrokerSettings.uri("amqp://" + user + ":" + password + "@127.0.0.1:5672")).build());
        String topic = topic("perm");
        Map<String, Integer> runs = new ConcurrentHashMap<>();
        AtomicInteger succeeded = new AtomicInteger();
        restricted.worker().topic(topic)
                .handle("later", (p, ctx) -> succeeded.incrementAndGet())
                .handle("flaky", (p, ctx) -> {
                    if (ctx.attempt() == 1) {
                        throw new RetryException("once", Duration.ofMillis(100));
                    }
                    succeeded.incrementAndGet();
                })
                .handle("doomed", (p, ctx) -> {
                    if (runs.merge(ctx.taskId(), 1, Integer::sum) == 1) {
                        throw new TaskException("dies the first time");
                    }
                    succeeded.incrementAndGet();
                })
                .start();

        restricted.tasks().create(topic, "later", null, Duration.ofMillis(200));
        restricted.tasks().create(topic, "flaky", null);
        String doomed = restricted.tasks().create(topic, "doomed", null);
        await().atMost(WAIT).until(() -> restricted.deadLetters().count(DeadLetterSource.topic(topic)) == 1);
        assertThat(restricted.deadLetters().replay(DeadLetterSource.topic(topic), doomed)).isTrue();

        await().atMost(WAIT).until(() -> succeeded.get() == 3);
        Status status = restricted.status(List.of(topic));
        assertThat(status.topics().get(0).dead()).isZero();
        assertThat(status.delayLadder().name()).isEqualTo(ladder);
        assertThat(status.workers()).hasSize(1);
    }

    private static String escaped(String name) {
        return name.replace(".", "\\.");
    }
}
