package io.ebats.bench;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * What a benchmark run measures; every scenario publishes the same number of ~300 B persistent messages (N), which
 * {@code fanout} turns into {@value EventsWorkload.FANOUT_TASKS} tasks each.
 */
public enum Scenario {

    /** The raw amqp-client: confirmed publishes into one queue, one consumer with manual single acks. */
    BASELINE,
    /** Tasks created with {@code ebats.tasks().create} and run by an ebats worker. */
    DIRECT,
    /**
     * {@link #DIRECT} with a {@code HistoryStore} as the worker's attempt listener: the cost of history, measured
     * next to {@code direct}; the round ends once every attempt record is written.
     */
    HISTORY,
    /**
     * {@link #DIRECT} with ebats's observations on (ebats-observation's interceptors, Micrometer Tracing over the
     * OpenTelemetry SDK, W3C propagation, every span sampled and exported in batches to an exporter that counts
     * them): the cost of tracing, measured next to {@code direct}.
     */
    TRACING,
    /** Events published with ebats, each turned into one task by a scheduler, run by a worker (two hops). */
    EVENTS,
    /**
     * Events published with ebats, each registered to {@value EventsWorkload.FANOUT_TASKS} tasks on one topic, turned into
     * them by a scheduler and run by one worker: N events, {@value EventsWorkload.FANOUT_TASKS} × N tasks; throughput in
     * tasks/s, latency from an event's publish to its last task done.
     */
    FANOUT,
    /**
     * Tasks created with a delay drawn uniformly from 0.1 s to 10 s (seeded), run by a worker: measures lateness,
     * from when each task was due to when it was done; its throughput only follows the delays.
     */
    DELAY;

    /** The name on the command line and in reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Tasks each message of the scenario turns into: {@value EventsWorkload.FANOUT_TASKS} for fanout, else 1. */
    public int tasksPerMessage() {
        return this == FANOUT ? EventsWorkload.FANOUT_TASKS : 1;
    }

    /** Whether its throughput compares with the baseline's: not for delay, whose rounds wait out the delays. */
    public boolean comparable() {
        return this != DELAY;
    }

    /** The names {@link #parse} accepts: {@code baseline, direct, ..., delay or all}. */
    public static String names() {
        List<String> labels = new ArrayList<>();
        for (Scenario s : values()) {
            labels.add(s.label());
        }
        return String.join(", ", labels) + " or all";
    }

    /**
     * Parses {@code all} or a comma-separated list of scenario names, keeping the declaration order.
     *
     * @throws IllegalArgumentException naming the unknown scenario
     */
    public static List<Scenario> parse(String text) {
        EnumSet<Scenario> chosen = EnumSet.noneOf(Scenario.class);
        for (String part : text.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (name.equals("all")) {
                chosen.addAll(EnumSet.allOf(Scenario.class));
                continue;
            }
            Scenario match = null;
            for (Scenario s : values()) {
                if (s.label().equals(name)) {
                    match = s;
                }
            }
            if (match == null) {
                throw new IllegalArgumentException("scenario must be " + names() + ", was '" + part.trim() + "'");
            }
            chosen.add(match);
        }
        return new ArrayList<>(chosen);
    }
}
