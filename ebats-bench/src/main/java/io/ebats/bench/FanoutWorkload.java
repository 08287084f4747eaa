package io.ebats.bench;

import io.ebats.Ebats;
import io.ebats.Event;
import io.ebats.EventManager;
import io.ebats.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Events published with {@code ebats.publishAsync}, up to a window unconfirmed per thread, each registered to {@value #TASKS}
 * distinct tasks on one topic: a scheduler turns every event into its {@value #TASKS} tasks, one worker (its
 * concurrency shared by all of them) runs them. An event is done when the last of its tasks is done.
 */
final class FanoutWorkload implements Workload {

    static final String TOPIC = "fanout";
    static final String EVENT = "bench_fanout";
    /** Tasks registered to each event. */
    static final int TASKS = 10;
    /** {@code bench.fanout.0} to {@code bench.fanout.9}. */
    static final List<String> TASK_NAMES = IntStream.range(0, TASKS).mapToObj(i -> "bench.fanout." + i).toList();

    private final Ebats ebats;
    private final BenchWorker worker;
    private final Scheduler scheduler;
    private final int window;
    private final Payload payload;

    FanoutWorkload(Ebats ebats, BenchmarkOptions options) {
        this.ebats = ebats;
        this.window = options.confirmWindow();
        this.payload = options.payload();
        this.worker = new BenchWorker(ebats, TOPIC, options.concurrency(), TASK_NAMES, null, attempt -> attempt.eventId(),
                attempt -> TASK_NAMES.indexOf(attempt.taskName()));
        EventManager events = new EventManager();
        TASK_NAMES.forEach(task -> events.register(EVENT, task, TOPIC, Duration.ZERO));
        try {
            this.scheduler = ebats.startScheduler(events);
        } catch (RuntimeException | Error e) {
            worker.close();
            throw e;
        }
    }

    @Override
    public Publisher publisher(int thread) {
        return ConfirmWindow.publisher(window, (round, index) -> {
            Event event = Event.of(EVENT, payload.params(index)).id(round.key(index));
            round.sent(index);
            return ebats.publishAsync(event);
        });
    }

    @Override
    public void route(Round round) {
        worker.route(round);
    }

    @Override
    public int tasksPerMessage() {
        return TASKS;
    }

    @Override
    public void close() {
        try {
            scheduler.close();
        } finally {
            worker.close();
        }
    }
}
