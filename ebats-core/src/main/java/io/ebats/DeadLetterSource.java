package io.ebats;

/**
 * Whose dead letters: a task topic, the scheduler's events (events with no registration), or a custom
 * consumer's queue.
 *
 * @param kind what produced the dead letters
 * @param name the topic or queue name; {@code events} for the scheduler
 */
public record DeadLetterSource(Kind kind, String name) {

    /** What produced the dead letters. */
    public enum Kind { TOPIC, EVENTS, CONSUMER }

    public DeadLetterSource {
        Names.require(kind == Kind.CONSUMER ? "queue" : "topic", name);
    }

    public static DeadLetterSource topic(String topic) {
        return new DeadLetterSource(Kind.TOPIC, topic);
    }

    public static DeadLetterSource events() {
        return new DeadLetterSource(Kind.EVENTS, "events");
    }

    public static DeadLetterSource consumer(String queue) {
        return new DeadLetterSource(Kind.CONSUMER, queue);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case TOPIC -> "topic " + name;
            case EVENTS -> "events";
            case CONSUMER -> "consumer queue " + name;
        };
    }
}
