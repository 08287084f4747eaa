package io.ebats;

import io.ebats.internal.Engine;
import io.ebats.internal.cancellation.CancelBroadcast;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Records a cancel in the store, then broadcasts it to the workers. */
final class TaskCanceller implements Cancellations {

    /** The longest AMQP short string, which a message id is. */
    static final int MAX_ID_BYTES = 255;

    private final Engine engine;
    private final CancelledTasks store;

    TaskCanceller(Engine engine, CancelledTasks store) {
        this.engine = engine;
        this.store = Objects.requireNonNull(store, "store: cancels are held in a store (the history store)");
    }

    @Override
    public Cancellation cancel(String taskId) {
        checkTaskId(taskId);
        Cancellation cancellation = store.cancel(taskId);
        if (cancellation.cancelled()) {
            // also when it was cancelled before: that cancel's broadcast may have been the one that was not confirmed
            CancelBroadcast.send(engine, taskId);
        }
        return cancellation;
    }

    /** A task id is an AMQP message id: not blank, at most 255 bytes, no control characters. */
    static void checkTaskId(String taskId) {
        if (taskId == null || taskId.isBlank()) {
            throw new IllegalArgumentException("task id must not be blank");
        }
        int bytes = taskId.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_ID_BYTES) {
            throw new IllegalArgumentException("task id is " + bytes + " bytes long, over the " + MAX_ID_BYTES
                    + " of an AMQP message id: no task has it");
        }
        for (int i = 0; i < taskId.length(); i++) {
            if (Character.isISOControl(taskId.charAt(i))) {
                throw new IllegalArgumentException("task id '" + taskId.replaceAll("\\p{Cntrl}", "?")
                        + "' holds a control character at index " + i + ": no task has it");
            }
        }
    }
}
