package io.ebats.internal.broker;

/** Every exchange and queue name of one namespace (docs/protocol.md). */
public record TopologyNames(String namespace) {

    public String eventsExchange() {
        return namespace + ".events";
    }

    public String schedulerQueue() {
        return namespace + ".scheduler";
    }

    /** The schedules' lock and state (docs/protocol.md, section 9). */
    public String schedulesQueue() {
        return namespace + ".schedules";
    }

    /** Commands to the process that fires the schedules (docs/protocol.md, section 9). */
    public String scheduleCommandsQueue() {
        return namespace + ".schedules.control";
    }

    /** Fanout exchange of worker heartbeats. */
    public String presenceExchange() {
        return namespace + ".presence";
    }

    /** Fanout exchange of task cancels, to every worker of the namespace (docs/protocol.md, section 12). */
    public String cancelExchange() {
        return namespace + ".cancel";
    }

    public String tasksExchange() {
        return namespace + ".tasks";
    }

    public String taskQueue(String topic) {
        return namespace + ".task." + topic;
    }

    /** Level L of the namespace's own delay ladder, which ebats before the shared ladder declared. */
    public String legacyDelayLevel(int level) {
        return namespace + ".delay." + (level < 10 ? "0" : "") + level;
    }

    /** The exit of the namespace's own delay ladder, which ebats before the shared ladder declared. */
    public String legacyDelayDelivery() {
        return namespace + ".delay.delivery";
    }

    /** The marker of a topic's pause: the topic is paused while it holds a message (docs/protocol.md, section 10). */
    public String pausedQueue(String topic) {
        return namespace + ".paused." + topic;
    }

    public String deadTopicQueue(String topic) {
        return namespace + ".dead.task." + topic;
    }

    public String deadEventsQueue() {
        return namespace + ".dead.events";
    }

    public String deadConsumerQueue(String queue) {
        return namespace + ".dead.queue." + queue;
    }

    /** Whether a user-chosen queue or exchange name would fall into the namespace. */
    public boolean isReserved(String name) {
        return name.equals(namespace) || name.startsWith(namespace + ".");
    }
}
