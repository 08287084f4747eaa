package io.ebats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** How a bulk create reports the tasks the broker did not confirm, with a fake in place of the broker. */
class BulkCreateTest {

    /** Confirms every task but those at the given indexes, and refuses to send from {@code fullAt} on. */
    private static Tasks brokerFailing(Set<Integer> unconfirmed, int fullAt) {
        List<NewTask> sent = new ArrayList<>();
        return new Tasks() {
            @Override
            public String create(NewTask task) {
                return createAsync(task).join();
            }

            @Override
            public CompletableFuture<String> createAsync(NewTask task) {
                int index = sent.size();
                if (index >= fullAt) {
                    throw new PublishException("no room in the window within 5000 ms");
                }
                sent.add(task);
                return unconfirmed.contains(index)
                        ? CompletableFuture.failedFuture(new PublishException("nack for " + task.id()))
                        : CompletableFuture.completedFuture(task.id());
            }
        };
    }

    private static List<NewTask> tasks(int n) {
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(NewTask.of("demo", "t", Map.of("n", i)));
        }
        return tasks;
    }

    @Test
    void theTasksNotConfirmedAreNamedByIndexAndTheOthersCountAsCreated() {
        List<NewTask> tasks = tasks(10);

        BulkPublishException e = catchThrowableOfType(BulkPublishException.class,
                () -> brokerFailing(Set.of(3, 7), Integer.MAX_VALUE).createAll(tasks));

        assertThat(e.notCreated()).containsExactly(3, 7);
        assertThat(e).hasMessageStartingWith("2 of 10 tasks not created (tasks[3]: nack for " + tasks.get(3).id())
                .hasMessageEndingWith("the others were confirmed");
    }

    @Test
    void aSendRefusedForWantOfRoomStopsTheCallAndCountsTheRestAsNotCreated() {
        BulkPublishException e = catchThrowableOfType(BulkPublishException.class,
                () -> brokerFailing(Set.of(1), 4).createAll(tasks(8)));

        assertThat(e.notCreated()).containsExactly(1, 4, 5, 6, 7);
        assertThat(e.failures().get(5)).hasMessage("no room in the window within 5000 ms");
    }

    @Test
    void allConfirmedReturnsTheIdsInOrder() {
        List<NewTask> tasks = tasks(5);

        assertThat(brokerFailing(Set.of(), Integer.MAX_VALUE).createAll(tasks))
                .containsExactlyElementsOf(tasks.stream().map(NewTask::id).toList());
    }

    @Test
    void noMoreThanAWindowOfTasksIsUnconfirmedAtOnce() {
        List<CompletableFuture<String>> pending = new ArrayList<>();
        int[] mostUnconfirmed = {0};
        Tasks tasks = new Tasks() {
            @Override
            public String create(NewTask task) {
                return createAsync(task).join();
            }

            @Override
            public CompletableFuture<String> createAsync(NewTask task) {
                CompletableFuture<String> confirm = new CompletableFuture<>() {
                    @Override
                    public String join() { // the broker confirms once the caller waits for it
                        complete(task.id());
                        return super.join();
                    }
                };
                pending.add(confirm);
                int unconfirmed = (int) pending.stream().filter(f -> !f.isDone()).count();
                mostUnconfirmed[0] = Math.max(mostUnconfirmed[0], unconfirmed);
                return confirm;
            }
        };

        List<String> ids = tasks.createAll(tasks(2_500));

        assertThat(ids).hasSize(2_500).doesNotContainNull();
        assertThat(mostUnconfirmed[0]).isEqualTo(BulkCreate.WINDOW);
    }
}
