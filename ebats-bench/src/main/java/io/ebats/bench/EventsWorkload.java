package io.ebats.bench;

import io.ebats.Ebats;
import io.ebats.Event;
import io.ebats.EventManager;
import io.ebats.Scheduler;
import java.time.Duration;

/**
 * Events published with {@code ebats.publishAsync}, each publishing thread keeping up to a window of them
 * unconfirmed, each registered to one task: a scheduler turns every event into its task, an ebats worker runs
 * it. Two broker hops per message.
 */
final class EventsWorkload implements Workload {

    static final String TOPIC = "events";
    static final String EVENT = "bench_event";

    private final Ebats ebats;
    private final Scheduler scheduler;
    private final BenchWorker worker;
    private final int window;
    private final Payload payload;

    EventsWorkload(Ebats ebats, BenchmarkOptions options) {
        this.ebats = ebats;
        this.window = options.confirmWindow();
        this.payload = options.payload();
        this.worker = new BenchWorker(ebats, TOPIC, options.concurrency(), attempt -> attempt.eventId());
        this.scheduler = ebats.startScheduler(
                new EventManager().register(EVENT, BenchWorker.TASK, TOPIC, Duration.ZERO));
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
    public void close() {
        scheduler.close();
        worker.close();
    }
}
