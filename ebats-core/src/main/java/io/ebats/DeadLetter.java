package io.ebats;

import java.time.Instant;
import java.util.Map;

/**
 * A message that ended in a dead-letter queue, with the reason.
 *
 * @param id           the task id (or event id, or message id)
 * @param name         the task name (or event name, or routing key)
 * @param source       whose dead letter it is
 * @param reason       why: {@code task-exception}, {@code attempts-exhausted}, {@code unknown-task},
 *                     {@code malformed}, {@code no-registration}, {@code redelivery-limit},
 *                     {@code consumer-error}
 * @param errorClass   the class of the last error, or null
 * @param errorMessage the message of the last error, or null
 * @param stack        an excerpt of the last error's stack trace, or null
 * @param attempts     attempts made
 * @param deadAt       when it was dead-lettered
 * @param body         the message body as text
 * @param headers      all AMQP headers
 */
public record DeadLetter(String id, String name, DeadLetterSource source, String reason, String errorClass,
                         String errorMessage, String stack, int attempts, Instant deadAt, String body,
                         Map<String, Object> headers) {
}
