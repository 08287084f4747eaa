package io.ebats.bench;

import io.ebats.Ebats;
import io.ebats.Event;
import io.ebats.EventManager;
import io.ebats.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Events published with {@code ebats.publishAsync}, each publishing thread keeping up to a window of them
 * unconfirmed, each registered to one or more no-op tasks on one topic: a scheduler turns every event into its
 * tasks, one worker (its concurrency shared by all of them) runs them. Two broker hops per task; an event is done
 * when the last of its tasks is done.
 */
final class EventsWorkload implements Workload {

    static final String TOPIC = "events";
    static final String FANOUT_TOPIC = "fanout";
    /** Tasks registered to each event of {@code fanout}. */
    static final int FANOUT_TASKS = 10;

    private final Ebats ebats;
    private final String event;
    private final List<String> tasks;
    private final BenchWorker worker;
    private final Scheduler scheduler;
    private final int window;
    private final Payload payload;

    private EventsWorkload(Ebats ebats, BenchmarkOptions options, String topic, String event, List<String> tasks) {
        this.ebats = ebats;
        this.event = event;
        this.tasks = tasks;
        this.window = options.confirmWindow();
        this.payload = options.payload();
        this.worker = new BenchWorker(ebats, topic, options.concurrency(), tasks, null, attempt -> attempt.eventId(),
                attempt -> tasks.indexOf(attempt.taskName()));
        EventManager events = new EventManager();
        tasks.forEach(task -> events.register(event, task, topic, Duration.ZERO));
        try {
            this.scheduler = ebats.startScheduler(events);
        } catch (RuntimeException | Error e) {
            worker.close();
            throw e;
        }
    }

    /** {@code events}: each event registered to the one task {@value BenchWorker#TASK}. */
    static EventsWorkload oneTaskEach(Ebats ebats, BenchmarkOptions options) {
        return new EventsWorkload(ebats, options, TOPIC, "bench_event", List.of(BenchWorker.TASK));
    }

    /** {@code fanout}: each event registered to {@code bench.fanout.0} … {@code bench.fanout.9}. */
    static EventsWorkload fanout(Ebats ebats, BenchmarkOptions options) {
        return new EventsWorkload(ebats, options, FANOUT_TOPIC, "bench_fanout",
                IntStream.range(0, FANOUT_TASKS).mapToObj(i -> "bench.fanout." + i).toList());
    }

    @Override
    public Publisher publisher(int thread) {
        return ConfirmWindow.publisher(window, (round, index) -> {
            Event published = Event.of(event, payload.params(index)).id(round.key(index));
            round.sent(index);
            return ebats.publishAsync(published);
        });
    }

    @Override
    public void route(Round round) {
        worker.route(round);
    }

    @Override
    public int tasksPerMessage() {
        return tasks.size();
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
