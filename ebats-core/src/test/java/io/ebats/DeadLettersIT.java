package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Listing, counting, replaying and purging dead letters. */
class DeadLettersIT extends BrokerTestSupport {

    private final AtomicBoolean fixed = new AtomicBoolean();
    private String topic;
    private DeadLetterSource source;

    @BeforeEach
    void failingWorker() {
        topic = topic("dead");
        source = DeadLetterSource.topic(topic);
        // one at a time, so that tasks die in the order they were created
        ebats.worker().topic(topic).concurrency(1).listener(attempts::add)
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(20), Duration.ofMillis(20), 1.0, 0.0))
                .handle("charge", (p, ctx) -> {
                    if (!fixed.get()) {
                        throw new RetryException("payment provider down");
                    }
                })
                .start();
    }

    /** Creates {@code n} tasks with params {@code {"n": i}} and waits until all are dead. */
    private List<String> deadTasks(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(ebats.tasks().create(topic, "charge", params("n", i)));
            int dead = i + 1;
            await().atMost(WAIT).until(() -> ebats.deadLetters().count(source) == dead);
        }
        attempts.clear();
        return ids;
    }

    @Test
    void listShowsUpToTheLimitOldestFirstWithTheirContentsAndLeavesThemInTheQueue() {
        List<String> ids = deadTasks(5);

        List<DeadLetter> three = ebats.deadLetters().list(source, 3);

        assertThat(three).extracting(DeadLetter::id).containsExactly(ids.get(0), ids.get(1), ids.get(2));
        DeadLetter first = three.get(0);
        assertThat(first.name()).isEqualTo("charge");
        assertThat(first.source()).isEqualTo(source);
        assertThat(first.reason()).isEqualTo("attempts-exhausted");
        assertThat(first.errorClass()).isEqualTo(RetryException.class.getName());
        assertThat(first.errorMessage()).isEqualTo("payment provider down");
        assertThat(first.attempts()).isEqualTo(2);
        assertThat(first.body()).isEqualTo("{\"n\":0}");
        assertThat(ebats.deadLetters().count(source)).isEqualTo(5);
        assertThat(ebats.deadLetters().list(source, 100)).extracting(DeadLetter::id).containsExactlyElementsOf(ids);
        assertThat(status(topic).dead()).isEqualTo(5);
        assertThatThrownBy(() -> ebats.deadLetters().list(source, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must be at least 1");
    }

    @Test
    void replayOfOneByIdComesBackAsAFirstAttemptWithTheSameTaskId() {
        List<String> ids = deadTasks(3);
        fixed.set(true);

        assertThat(ebats.deadLetters().replay(source, ids.get(1))).isTrue();

        await().atMost(WAIT).until(() -> attempts.size() == 1);
        Attempt replayed = attempts.peek();
        assertThat(replayed.taskId()).isEqualTo(ids.get(1));
        assertThat(replayed.attempt()).isEqualTo(1);
        assertThat(replayed.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(replayed.params()).isEqualTo("{\"n\":1}");
        assertThat(ebats.deadLetters().list(source, 10)).extracting(DeadLetter::id)
                .containsExactly(ids.get(0), ids.get(2));
        assertThat(ebats.deadLetters().replay(source, "no-such-id")).isFalse();
        assertThat(ebats.deadLetters().count(source)).isEqualTo(2);
    }

    @Test
    void replayByFilterReplaysOnlyTheSelectedOnes() {
        List<String> ids = deadTasks(4);
        fixed.set(true);

        int replayed = ebats.deadLetters().replay(source, d -> d.body().matches("\\{\"n\":[13]}"));

        assertThat(replayed).isEqualTo(2);
        await().atMost(WAIT).until(() -> attempts.size() == 2);
        assertThat(attempts).extracting(Attempt::taskId).containsExactlyInAnyOrder(ids.get(1), ids.get(3));
        assertThat(ebats.deadLetters().list(source, 10)).extracting(DeadLetter::id)
                .containsExactly(ids.get(0), ids.get(2));
    }

    @Test
    void replayAllSendsEveryDeadLetterBackAndEmptiesTheQueue() {
        List<String> ids = deadTasks(3);
        fixed.set(true);

        assertThat(ebats.deadLetters().replayAll(source)).isEqualTo(3);

        await().atMost(WAIT).until(() -> attempts.size() == 3);
        assertThat(attempts).extracting(Attempt::taskId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(attempts).allSatisfy(a -> {
            assertThat(a.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(a.attempt()).isEqualTo(1);
        });
        assertThat(ebats.deadLetters().count(source)).isZero();
        assertThat(ebats.deadLetters().replayAll(source)).isZero();
    }

    @Test
    void purgeByFilterDeletesOnlyTheSelectedOnesAndPurgeAllTheRest() {
        List<String> ids = deadTasks(4);

        int purged = ebats.deadLetters().purge(source, d -> d.id().equals(ids.get(0)) || d.id().equals(ids.get(3)));

        assertThat(purged).isEqualTo(2);
        assertThat(ebats.deadLetters().list(source, 10)).extracting(DeadLetter::id)
                .containsExactly(ids.get(1), ids.get(2));
        assertThat(ebats.deadLetters().purgeAll(source)).isEqualTo(2);
        assertThat(ebats.deadLetters().count(source)).isZero();
        assertThat(ebats.deadLetters().list(source, 10)).isEmpty();
        assertThat(attempts).as("purged, not replayed").isEmpty();
        assertThat(status(topic).ready()).isZero();
    }

    @Test
    void sourceThatNeverHadAQueueHasNoDeadLetters() {
        DeadLetterSource never = DeadLetterSource.topic(topic("never"));

        assertThat(ebats.deadLetters().count(never)).isZero();
        assertThat(ebats.deadLetters().list(never, 10)).isEmpty();
        assertThat(ebats.deadLetters().replayAll(never)).isZero();
        assertThat(ebats.deadLetters().purgeAll(never)).isZero();
    }
}
