package io.ebats.bench;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/** What a benchmark run measures; every scenario moves the same number of ~300 B persistent messages. */
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
    /** Events published with ebats, each turned into one task by a scheduler, run by a worker (two hops). */
    EVENTS;

    /** The name on the command line and in reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
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
                throw new IllegalArgumentException("scenario must be baseline, direct, history, events or all, was '"
                        + part.trim() + "'");
            }
            chosen.add(match);
        }
        return new ArrayList<>(chosen);
    }
}
