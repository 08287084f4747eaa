package io.ebats;

/**
 * Handles a message of a custom consumer, usually by creating a task with {@link Tasks#create}. The message is acknowledged after the
 * handler returns; if it throws, the message goes to the consumer's dead-letter queue with the reason.
 */
@FunctionalInterface
public interface MessageHandler {

    void handle(String routingKey, ConsumedMessage message) throws Exception;
}
