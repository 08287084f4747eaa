package io.ebats;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A recurring fire: a name, a {@link ScheduleTiming timing}, and what each nominal time fires, an event (which
 * the registry turns into its tasks) or a task. Each fire's id is derived from the name and the nominal time
 * ({@link #fireId}), so that a second fire of the same time carries the same id and deduplication absorbs it.
 *
 * <p>Immutable and thread-safe; build one with {@link #cron(String, String)} or {@link #every(String, Duration)}.
 *
 * @param name     unique among the schedules of a namespace
 * @param timing   when it fires
 * @param target   what it fires
 * @param misfire  what a start does about nominal times that passed while no process could fire
 * @param catchUp  how far back {@link Misfire#ALL} reaches
 * @param overlap  whether a fire waits for the previous fire's task to settle
 */
public record Schedule(String name, ScheduleTiming timing, Target target, Misfire misfire, Duration catchUp,
                       Overlap overlap) {

    /** Lateness up to this is not a misfire: the fire is simply late. */
    public static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CATCH_UP = Duration.ofHours(1);

    public Schedule {
        Names.require("schedule", name);
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(misfire, "misfire");
        if (catchUp == null || catchUp.isNegative()) {
            throw new IllegalArgumentException("catchUp must be zero or positive, was " + catchUp);
        }
        Objects.requireNonNull(overlap, "overlap");
        if (overlap == Overlap.SKIP && !(target instanceof TaskTarget)) {
            throw new IllegalArgumentException("overlap skip needs a task to fire, not an event: which tasks an "
                    + "event makes is the registry's to say, so their settling cannot be awaited");
        }
        if (overlap == Overlap.SKIP && misfire == Misfire.ALL) {
            throw new IllegalArgumentException("misfire all fires every missed time at once, which overlap skip "
                    + "forbids: use misfire once or skip");
        }
    }

    /** A schedule on a cron expression of 5 or 6 fields, in UTC until {@link Builder#zone} says otherwise. */
    public static Builder cron(String name, String expression) {
        return new Builder(name).cron(expression);
    }

    /** A schedule at a fixed rate, aligned to the epoch. */
    public static Builder every(String name, Duration interval) {
        return new Builder(name).every(interval);
    }

    /**
     * The id of the fire for {@code nominal}: {@code schedule:NAME:EPOCH_MS}; the event's or task's id, the same in
     * every process.
     */
    public String fireId(Instant nominal) {
        return "schedule:" + name + ":" + nominal.toEpochMilli();
    }

    /** What a misfire policy does at a start after nominal times passed with no process to fire them. */
    public enum Misfire {
        /** Fires nothing for the missed times; waits for the next one. */
        SKIP,
        /** Fires once, for the latest missed nominal time. */
        ONCE,
        /** Fires each missed time, oldest first, up to {@link Schedule#catchUp()} back. */
        ALL
    }

    /** Whether a nominal time fires while the task of the previous fire has not settled. */
    public enum Overlap {
        /** Fires each nominal time, however the previous fire's task is doing. */
        ALLOW,
        /**
         * Skips a nominal time while the task of the previous fire is queued, delayed, running or retrying: it fires
         * only once that task succeeded, failed or died. Needs a {@link SettledTasks} (the history store) to ask.
         */
        SKIP
    }

    /** What a schedule fires. */
    public sealed interface Target permits EventTarget, TaskTarget {

        /** The params of each fire. */
        Map<String, Object> params();

        /** How it reads in a listing: {@code event order_sweep} or {@code task demo/diag.noop}. */
        String describe();
    }

    /**
     * Fires an event; the registry turns it into its tasks.
     *
     * @param event  the event's name
     * @param params its params
     */
    public record EventTarget(String event, Map<String, Object> params) implements Target {

        public EventTarget {
            Names.require("event", event);
            params = copy(params);
        }

        @Override
        public String describe() {
            return "event " + event;
        }
    }

    /**
     * Fires a task.
     *
     * @param topic  the task's topic
     * @param task   the task's name
     * @param params its params
     */
    public record TaskTarget(String topic, String task, Map<String, Object> params) implements Target {

        public TaskTarget {
            Names.require("topic", topic);
            Names.require("task", task);
            params = copy(params);
        }

        @Override
        public String describe() {
            return "task " + topic + "/" + task;
        }
    }

    private static Map<String, Object> copy(Map<String, Object> params) {
        return params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * Builds a {@link Schedule}; each setter checks its value and names the field in its error. Not thread-safe.
     */
    public static final class Builder {
        private final String name;
        private String cron;
        private Duration every;
        private ZoneId zone = ZoneOffset.UTC;
        private Target target;
        private Misfire misfire = Misfire.ONCE;
        private Duration catchUp = DEFAULT_CATCH_UP;
        private Overlap overlap = Overlap.ALLOW;

        private Builder(String name) {
            this.name = Names.require("schedule", name);
        }

        private Builder cron(String expression) {
            this.cron = expression;
            return this;
        }

        private Builder every(Duration interval) {
            this.every = Objects.requireNonNull(interval, "every");
            return this;
        }

        /** The cron expression's time zone; default UTC. Not for fixed rates. */
        public Builder zone(ZoneId value) {
            zone = Objects.requireNonNull(value, "zone");
            return this;
        }

        /** Fires event {@code event} with {@code params} (may be null). */
        public Builder event(String event, Map<String, Object> params) {
            target = new EventTarget(event, params);
            return this;
        }

        /** Fires task {@code task} on {@code topic} with {@code params} (may be null). */
        public Builder task(String topic, String task, Map<String, Object> params) {
            target = new TaskTarget(topic, task, params);
            return this;
        }

        /** What a start does about missed nominal times; default {@link Misfire#ONCE}. */
        public Builder misfire(Misfire value) {
            misfire = Objects.requireNonNull(value, "misfire");
            return this;
        }

        /** How far back {@link Misfire#ALL} reaches; default one hour. */
        public Builder catchUp(Duration value) {
            catchUp = value;
            return this;
        }

        /** Whether a fire waits for the previous fire's task to settle; default {@link Overlap#ALLOW}. */
        public Builder overlap(Overlap value) {
            overlap = Objects.requireNonNull(value, "overlap");
            return this;
        }

        /** @throws IllegalArgumentException naming the schedule and what is wrong */
        public Schedule build() {
            try {
                if (target == null) {
                    throw new IllegalArgumentException("fires nothing: give an event or a task");
                }
                if (every != null && !ZoneOffset.UTC.equals(zone)) {
                    throw new IllegalArgumentException("zone applies to cron only, not to every");
                }
                ScheduleTiming timing = every != null ? ScheduleTiming.every(every) : ScheduleTiming.cron(cron, zone);
                return new Schedule(name, timing, target, misfire, catchUp, overlap);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("schedule " + name + ": " + e.getMessage(), e);
            }
        }
    }
}
