package io.ebats.internal.scheduling;

import io.ebats.Event;
import io.ebats.NewTask;
import io.ebats.Schedule;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Delivery;
import io.ebats.ScheduleListener;
import io.ebats.ScheduleRunner;
import io.ebats.ScheduleStatus;
import io.ebats.SettledTasks;
import io.ebats.internal.message.Json;
import io.ebats.internal.Engine;
import io.ebats.internal.message.Headers;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires schedules while this process holds the {@link ScheduleLock}: one thread that tries the lock every second,
 * and once it holds it, fires each schedule's due nominal times (as {@link MissedFires} says), saves what it fired
 * in the broker, and sleeps until the next due time. A fire that the broker does not confirm is tried again at the
 * next round; its id is derived from the schedule and the nominal time, so a second fire of the same time (after a
 * handoff that came before the save) carries the same id.
 */
public final class ScheduleFirer implements ScheduleRunner {

    private static final Logger log = LoggerFactory.getLogger(ScheduleFirer.class);
    /** How often a process that does not fire tries the lock, and the longest sleep of one that does. */
    private static final long ROUND_MILLIS = 1_000;
    /**
     * Most fires of a round awaiting their confirm at once: a burst of 10,000 is sent in windows, so that a slow
     * broker (the embedded one confirms some 600 a second) confirms each within the publish timeout.
     */
    private static final int MAX_UNCONFIRMED = 1_000;
    /** The broker ends a delivery held longer than its consumer timeout (30 min by default): saved well before. */
    private static final Duration RESAVE_EVERY = Duration.ofMinutes(10);

    private final Engine engine;
    private final List<Schedule> schedules;
    private final ScheduleListener listener;
    /** Asked before a fire of a schedule with overlap skip; null when none has it. */
    private final SettledTasks settled;
    private final ScheduleLock lock;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object sleeper = new Object();
    private volatile boolean firing;
    private ScheduleState state;
    private Instant savedAt = Instant.EPOCH;
    private final PriorityQueue<Next> due = new PriorityQueue<>(Comparator.comparing(Next::wake));
    /** Commands delivered while this process fires, applied by its thread. */
    private final Queue<Delivery> commands = new ConcurrentLinkedQueue<>();

    /**
     * A schedule's next nominal time {@code at}, not to be tried before {@code notBefore}: a round later when its
     * fires were not confirmed, so that a broker that refuses them at once is not asked again in a tight loop.
     * {@code unconfirmed} are those fires' nominal times, fired again as they are: the process was there to fire
     * them, so however late they have become they are no misfires.
     */
    private record Next(Schedule schedule, Instant at, Instant notBefore, List<Instant> unconfirmed) {

        Next(Schedule schedule, Instant at) {
            this(schedule, at, at, List.of());
        }

        /** When the firing thread takes it up. */
        Instant wake() {
            return notBefore.isAfter(at) ? notBefore : at;
        }
    }

    private ScheduleFirer(Engine engine, List<Schedule> schedules, ScheduleListener listener, SettledTasks settled) {
        this.engine = engine;
        this.schedules = List.copyOf(schedules);
        this.listener = listener;
        this.settled = settled;
        this.lock = new ScheduleLock(engine.config().broker(), engine.name() + "-schedules",
                engine.names().schedulesQueue(), engine.dialect().schedulesLockIsExclusive(),
                engine.config().publishTimeout());
        this.thread = Thread.ofPlatform().name("ebats-schedules").daemon(true).unstarted(this::run);
    }

    /**
     * Starts firing {@code schedules} on {@code engine} whenever this process holds the lock.
     *
     * @param settled asked whether the previous fire's task settled, for schedules with overlap skip; may be null
     *                when none has it
     * @throws IllegalArgumentException when two schedules have the same name, or one has overlap skip and
     *                                  {@code settled} is null
     */
    public static ScheduleFirer start(Engine engine, List<Schedule> schedules, ScheduleListener listener,
                                      SettledTasks settled) {
        Set<String> names = new HashSet<>();
        for (Schedule schedule : schedules) {
            if (!names.add(schedule.name())) {
                throw new IllegalArgumentException("schedule " + schedule.name() + " is defined twice");
            }
            if (schedule.overlap() == Schedule.Overlap.SKIP && settled == null) {
                throw new IllegalArgumentException("schedule " + schedule.name() + ": overlap skip needs a store that "
                        + "knows when the previous fire's task settled (the history store), and none was given");
            }
        }
        engine.components().requireOpen();
        engine.topology().ensureSchedules();
        ScheduleFirer firer = new ScheduleFirer(engine, schedules, listener, settled);
        engine.components().add(firer);
        firer.thread.start();
        return firer;
    }

    @Override
    public List<Schedule> schedules() {
        return schedules;
    }

    @Override
    public boolean firing() {
        return firing;
    }

    private void run() {
        try {
            while (!closed.get()) {
                if (!lock.held()) {
                    firing = false;
                    Optional<ScheduleState> acquired = lock.tryAcquire(ROUND_MILLIS);
                    if (acquired.isEmpty()) {
                        if (!lock.consuming()) {
                            sleep(ROUND_MILLIS); // refused or unreachable: try again in a while
                        }
                        continue;
                    }
                    lead(acquired.get());
                }
                applyCommands();
                fireDue();
                sleepUntilNextDue();
            }
        } catch (RuntimeException e) {
            log.error("schedules: the firing thread stopped: {}", e.toString(), e);
        } finally {
            firing = false;
            lock.close();
            stopped.countDown();
        }
    }

    /** Becomes the firing process: every schedule's next time is its first due one after the state's last fire. */
    private void lead(ScheduleState held) {
        state = held;
        due.clear();
        Instant now = Instant.now();
        for (Schedule schedule : schedules) {
            Instant last = state.lastFired(schedule.name());
            if (last == null) {
                schedule.timing().nextAfter(now).ifPresent(at -> due.add(new Next(schedule, at)));
            } else {
                schedule.timing().nextAfter(last).ifPresent(at -> due.add(new Next(schedule, at)));
            }
        }
        commands.clear();
        try {
            lock.consumeCommands(engine.names().scheduleCommandsQueue(), (tag, delivery) -> {
                commands.add(delivery);
                wake();
            });
        } catch (IOException e) {
            log.warn("schedules: cannot take commands, going on without: {}", e.toString());
        }
        firing = true;
        log.info("schedules: this process fires {} schedules of namespace {} (state {})", schedules.size(),
                engine.config().namespace(), state.seq());
    }

    /** Fires what is due, waits for the broker's confirms, saves what was fired. */
    private void fireDue() {
        Instant now = Instant.now();
        Map<Schedule, List<Instant>> fires = new LinkedHashMap<>();
        Map<String, Instant> handled = new LinkedHashMap<>();
        List<Next> requeue = new ArrayList<>();
        while (!due.isEmpty() && !due.peek().wake().isAfter(now)) {
            Next next = due.poll();
            Schedule schedule = next.schedule();
            Instant last = state.lastFired(schedule.name());
            if (state.isPaused(schedule.name())) { // its times pass unfired
                fires.put(schedule, List.of());
                handled.put(schedule.name(), schedule.timing().latestAtOrBefore(now).orElse(next.at()));
                requeue.add(next);
                continue;
            }
            if (schedule.overlap() == Schedule.Overlap.SKIP && overlaps(schedule, next.at(), now)) {
                fires.put(schedule, List.of());
                handled.put(schedule.name(), schedule.timing().latestAtOrBefore(now).orElse(next.at()));
                requeue.add(next);
                continue;
            }
            List<Instant> retried = next.unconfirmed();
            Instant from = !retried.isEmpty() ? retried.getLast() : last == null ? next.at().minusMillis(1) : last;
            MissedFires.Due missed = MissedFires.at(schedule, from, now);
            if (missed.skipped() > 0) {
                notify(() -> listener.misfired(schedule, missed.skipped()));
                log.warn("schedules: {} missed {} fires while no process could fire; misfire {} fires {}",
                        schedule.name(), missed.skipped(), schedule.misfire().name().toLowerCase(), missed.fires().size());
            }
            List<Instant> times = new ArrayList<>(retried);
            times.addAll(missed.fires());
            fires.put(schedule, times);
            handled.put(schedule.name(), schedule.timing().latestAtOrBefore(now).orElse(next.at()));
            requeue.add(next);
        }
        if (fires.isEmpty()) {
            resaveIfDue(now);
            return;
        }
        // every schedule's fires go out before any confirm is awaited: a round of 1,000 schedules is one window
        Map<Schedule, CompletableFuture<Void>> confirms = new LinkedHashMap<>();
        ArrayDeque<CompletableFuture<String>> window = new ArrayDeque<>();
        for (Map.Entry<Schedule, List<Instant>> entry : fires.entrySet()) {
            confirms.put(entry.getKey(), publishAll(entry.getKey(), entry.getValue(), window));
        }
        Map<String, Instant> fired = new LinkedHashMap<>();
        Map<String, Instant> reallyFired = new LinkedHashMap<>();
        long deadline = System.nanoTime() + engine.config().publishTimeout().toNanos();
        for (Map.Entry<Schedule, CompletableFuture<Void>> entry : confirms.entrySet()) {
            String name = entry.getKey().name();
            if (confirmed(entry.getKey(), entry.getValue(), deadline)) {
                fired.put(name, handled.get(name));
                List<Instant> nominals = fires.get(entry.getKey());
                if (!nominals.isEmpty()) {
                    reallyFired.put(name, nominals.get(nominals.size() - 1));
                }
            }
        }
        Instant retry = Instant.now().plusMillis(ROUND_MILLIS);
        for (Next next : requeue) {
            Instant from = fired.get(next.schedule().name());
            if (from == null) { // not confirmed: the same times, tried again a round later
                due.add(new Next(next.schedule(), next.at(), retry, List.copyOf(fires.get(next.schedule()))));
            } else {
                next.schedule().timing().nextAfter(from).ifPresent(at -> due.add(new Next(next.schedule(), at)));
            }
        }
        if (!fired.isEmpty()) {
            save(state.next(fired, reallyFired));
        }
    }

    /**
     * Whether the task of the schedule's previous fire has not settled, so that {@code nominal} passes unfired. A
     * previous fire older than the store remembers counts as settled: its records may be gone.
     */
    private boolean overlaps(Schedule schedule, Instant nominal, Instant now) {
        Instant previous = state.lastReallyFired(schedule.name());
        if (previous == null || Duration.between(previous, now).compareTo(settled.remembers()) > 0) {
            return false;
        }
        String waitingFor = schedule.fireId(previous);
        try {
            if (settled.settled(waitingFor)) {
                return false;
            }
            log.info("schedules: {} skips {}: the task {} of its previous fire has not settled (overlap skip)",
                    schedule.name(), nominal, waitingFor);
        } catch (RuntimeException e) {
            log.warn("schedules: {} skips {}: cannot tell whether the task {} of its previous fire settled: {}",
                    schedule.name(), nominal, waitingFor, e.getMessage());
        }
        notify(() -> listener.overlapped(schedule, nominal, waitingFor));
        return true;
    }

    /** Applies the commands delivered since the last round, saves the state, then acknowledges them. */
    private void applyCommands() {
        if (commands.isEmpty()) {
            return;
        }
        List<Delivery> applied = new ArrayList<>();
        ScheduleState next = state;
        for (Delivery delivery; (delivery = commands.poll()) != null; ) {
            applied.add(delivery);
            ScheduleCommand command;
            try {
                command = ScheduleCommand.fromJson(delivery.getBody());
            } catch (RuntimeException e) {
                log.warn("schedules: a message in {} is not a command and is dropped: {}",
                        engine.names().scheduleCommandsQueue(), e.getMessage());
                continue;
            }
            next = apply(command, delivery, next);
        }
        if (next != state) {
            save(next);
        }
        if (lock.held()) {
            applied.forEach(delivery -> lock.ackCommand(delivery.getEnvelope().getDeliveryTag()));
        }
    }

    private ScheduleState apply(ScheduleCommand command, Delivery delivery, ScheduleState current) {
        if (command.op().equals(ScheduleCommand.LIST)) {
            reply(delivery, current);
            return current;
        }
        Schedule schedule = schedules.stream().filter(s -> s.name().equals(command.schedule())).findFirst()
                .orElse(null);
        if (schedule == null) {
            log.warn("schedules: {} of unknown schedule {} dropped (known: {})", command.op(), command.schedule(),
                    schedules.stream().map(Schedule::name).toList());
            return current;
        }
        return switch (command.op()) {
            case ScheduleCommand.PAUSE -> {
                log.info("schedules: {} paused", schedule.name());
                yield current.paused(schedule.name(), true);
            }
            case ScheduleCommand.RESUME -> {
                log.info("schedules: {} resumed", schedule.name());
                Instant now = Instant.now(); // from its next time: what passed while paused stays unfired
                ScheduleState resumed = current.paused(schedule.name(), false);
                Optional<Instant> latest = schedule.timing().latestAtOrBefore(now);
                yield latest.map(at -> resumed.next(Map.of(schedule.name(), at))).orElse(resumed);
            }
            case ScheduleCommand.TRIGGER -> {
                trigger(schedule, command.id());
                yield current;
            }
            default -> {
                log.warn("schedules: unknown command {} dropped", command.op());
                yield current;
            }
        };
    }

    private void trigger(Schedule schedule, String id) {
        try {
            publish(schedule, Instant.now(), id).get(engine.config().publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
            log.info("schedules: {} triggered by hand as {}", schedule.name(), id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("schedules: trigger of {} not fired: {}", schedule.name(), e.toString());
        }
    }

    /** Answers a listing with each schedule as this process has it. */
    private void reply(Delivery delivery, ScheduleState current) {
        String replyTo = delivery.getProperties().getReplyTo();
        if (replyTo == null) {
            return;
        }
        Instant now = Instant.now();
        List<ScheduleStatus> rows = new ArrayList<>();
        for (Schedule schedule : schedules) {
            Instant last = current.lastFired(schedule.name());
            Instant next = schedule.timing().nextAfter(last == null || last.isBefore(now) ? now : last).orElse(null);
            rows.add(new ScheduleStatus(schedule.name(), schedule.timing().describe(), schedule.target().describe(),
                    schedule.misfire(), last, last == null ? null : schedule.fireId(last), next,
                    current.isPaused(schedule.name())));
        }
        try {
            lock.reply(replyTo, new AMQP.BasicProperties.Builder().contentType("application/json")
                    .correlationId(delivery.getProperties().getCorrelationId()).build(), Json.MAPPER.writeValueAsBytes(rows));
        } catch (IOException e) {
            log.debug("schedules: cannot answer a listing: {}", e.toString());
        }
    }

    /**
     * Publishes the fires of {@code schedule}, oldest first, keeping at most {@link #MAX_UNCONFIRMED} of the round's
     * fires in {@code window} unconfirmed; completes when the broker confirmed every one.
     */
    private CompletableFuture<Void> publishAll(Schedule schedule, List<Instant> nominals,
                                               ArrayDeque<CompletableFuture<String>> window) {
        try {
            List<CompletableFuture<String>> confirms = new ArrayList<>(nominals.size());
            for (Instant nominal : nominals) {
                if (window.size() >= MAX_UNCONFIRMED) {
                    window.poll().exceptionally(e -> null).join(); // ends by the publisher's own timeout
                }
                CompletableFuture<String> confirm = publish(schedule, nominal);
                window.add(confirm);
                confirms.add(confirm);
            }
            return CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Whether the fires were confirmed by {@code deadline} (nanoTime); a failure is logged, tried again later. */
    private static boolean confirmed(Schedule schedule, CompletableFuture<Void> confirms, long deadline) {
        try {
            confirms.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            log.warn("schedules: {} not fired, tried again in a second: {}", schedule.name(), e.toString());
            return false;
        }
    }

    private CompletableFuture<String> publish(Schedule schedule, Instant nominal) {
        return publish(schedule, nominal, schedule.fireId(nominal));
    }

    private CompletableFuture<String> publish(Schedule schedule, Instant nominal, String id) {
        return send(schedule, nominal, id).thenApply(confirmed -> {
            Duration lateness = Duration.between(nominal, Instant.now());
            notify(() -> listener.fired(schedule, nominal, id, lateness));
            return confirmed;
        });
    }

    private void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("schedules: the listener failed: {}", e.toString());
        }
    }

    private CompletableFuture<String> send(Schedule schedule, Instant nominal, String id) {
        Map<String, Object> headers = Map.of(Headers.SCHEDULE, schedule.name(),
                Headers.NOMINAL_AT, nominal.toEpochMilli());
        return switch (schedule.target()) {
            case Schedule.EventTarget event ->
                    engine.publishEventAsync(Event.of(event.event(), event.params()).id(id), headers);
            case Schedule.TaskTarget task ->
                    engine.createTaskAsync(NewTask.of(task.topic(), task.task(), task.params()).withId(id), headers);
        };
    }

    private void resaveIfDue(Instant now) {
        if (Duration.between(savedAt, now).compareTo(RESAVE_EVERY) >= 0) {
            save(state.resaved());
        }
    }

    private void save(ScheduleState next) {
        try {
            lock.save(next);
            state = next;
            savedAt = Instant.now();
        } catch (IOException | RuntimeException e) {
            log.warn("schedules: the state could not be saved, this process stops firing: {}", e.toString());
            lock.release(); // the last saved state goes back to the queue; the next holder fires from there
            firing = false;
        }
    }

    private void sleepUntilNextDue() {
        if (!lock.held()) {
            return;
        }
        long millis = due.isEmpty() ? ROUND_MILLIS
                : Math.min(ROUND_MILLIS, Math.max(1, Duration.between(Instant.now(), due.peek().wake()).toMillis()));
        sleep(millis);
    }

    private void wake() {
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
    }

    private void sleep(long millis) {
        synchronized (sleeper) {
            if (closed.get()) {
                return;
            }
            try {
                sleeper.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed.set(true);
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        wake();
        try {
            if (!stopped.await(engine.config().publishTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                log.warn("schedules: the firing thread did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        engine.components().remove(this);
    }
}
