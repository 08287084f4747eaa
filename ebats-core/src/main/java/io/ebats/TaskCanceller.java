package io.ebats;

import io.ebats.internal.Engine;
import io.ebats.internal.cancellation.CancelBroadcast;
import java.util.Objects;

/** Records a cancel in the store, then broadcasts it to the workers. */
final class TaskCanceller implements Cancellations {

    private final Engine engine;
    private final CancelledTasks store;

    TaskCanceller(Engine engine, CancelledTasks store) {
        this.engine = engine;
        this.store = Objects.requireNonNull(store, "store: cancels are held in a store (the history store)");
    }

    @Override
    public Cancellation cancel(String taskId) {
        Cancellations.checkTaskId(taskId);
        Cancellation cancellation = store.cancel(taskId);
        if (cancellation.cancelled()) {
            // also when it was cancelled before: that cancel's broadcast may have been the one that was not confirmed
            CancelBroadcast.send(engine, taskId);
        }
        return cancellation;
    }
}
