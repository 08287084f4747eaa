package io.ebats.cli;

import io.ebats.DeadLetter;
import io.ebats.DeadLetterSource;
import io.ebats.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Which dead-letter queue ({@code --topic}, {@code --events}, {@code --queue}) and which of its letters. */
final class DeadLetterOptions {

    static final int DEFAULT_LIST_LIMIT = 100;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Dead letters of a task topic.")
    private String topic;

    @Option(names = "--events", description = "Events that had no registration.")
    private boolean events;

    @Option(names = "--queue", paramLabel = "QUEUE", description = "Dead letters of a custom consumer's queue.")
    private String queue;

    @Option(names = "--id", paramLabel = "ID", description = "Only the letter with this task (or event) id.")
    private String id;

    @Option(names = "--reason", paramLabel = "REASON",
            description = "Only letters with this reason: task-exception, attempts-exhausted, unknown-task, "
                    + "malformed, no-registration, redelivery-limit, consumer-error.")
    private String reason;

    @Option(names = "--task", paramLabel = "NAME", description = "Only letters of this task (or event) name.")
    private String task;

    @Option(names = "--limit", paramLabel = "N",
            description = "At most N letters (default: " + DEFAULT_LIST_LIMIT + " for list, all for replay and purge).")
    private Integer limit;

    DeadLetterSource source() {
        List<String> given = new ArrayList<>();
        if (topic != null) given.add("--topic");
        if (events) given.add("--events");
        if (queue != null) given.add("--queue");
        if (given.size() != 1) {
            throw new ParameterException(command.commandLine(), given.isEmpty()
                    ? "which dead letters? give --topic TOPIC, --events or --queue QUEUE"
                    : "give only one of " + String.join(", ", given));
        }
        if (limit != null && limit < 1) {
            throw new ParameterException(command.commandLine(), "--limit must be at least 1, was " + limit);
        }
        if (topic != null) return DeadLetterSource.topic(Names.require("topic", topic));
        if (queue != null) return DeadLetterSource.consumer(queue);
        return DeadLetterSource.events();
    }

    boolean hasFilter() {
        return id != null || reason != null || task != null;
    }

    /** How many letters {@code list} shows. */
    int listLimit() {
        return limit == null ? DEFAULT_LIST_LIMIT : limit;
    }

    /** The letters matching the filters. */
    Predicate<DeadLetter> filter() {
        return letter -> (id == null || id.equals(letter.id()))
                && (reason == null || reason.equals(letter.reason()))
                && (task == null || task.equals(letter.name()));
    }

    /** The filter, letting at most {@code --limit} letters through when it was given (it counts them). */
    Predicate<DeadLetter> limitedFilter() {
        Predicate<DeadLetter> filter = filter();
        if (limit == null) {
            return filter;
        }
        int max = limit;
        AtomicInteger taken = new AtomicInteger();
        return letter -> filter.test(letter) && taken.incrementAndGet() <= max;
    }

    /** Explains the selection: {@code "topic demo"}, {@code "topic demo with reason task-exception"}. */
    String describe(DeadLetterSource source) {
        List<String> parts = new ArrayList<>();
        if (id != null) parts.add("id " + id);
        if (reason != null) parts.add("reason " + reason);
        if (task != null) parts.add("name " + task);
        return source + (parts.isEmpty() ? "" : " with " + String.join(", ", parts));
    }
}
