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

    EventsWorkload(Ebats ebats, int concurrency, int window) {
        this.ebats = ebats;
        this.window = window;
        this.worker = new BenchWorker(ebats, TOPIC, concurrency, attempt -> attempt.eventId());
        this.scheduler = ebats.startScheduler(
                new EventManager().register(EVENT, BenchWorker.TASK, TOPIC, Duration.ZERO));
    }

    @Override
    public Publisher publisher(int thread) {
        ConfirmWindow unconfirmed = new ConfirmWindow(window);
        return new Publisher() {
            @Override
            public void publish(Round round, int index) throws InterruptedException {
                unconfirmed.acquire();
                Event event = Event.of(EVENT, Payload.params(index)).id(round.key(index));
                round.sent(index);
                unconfirmed.track(ebats.publishAsync(event));
            }

            @Override
            public boolean drain(Duration timeout) throws InterruptedException {
                return unconfirmed.drain(timeout);
            }
        };
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
