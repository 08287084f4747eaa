package io.ebats.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/** Adjusts the Logback set-up of {@code logback.xml} at run time. */
final class CliLogging {

    private CliLogging() {
    }

    /**
     * For one-shot commands: logs go to stderr, so that stdout holds only the result, and the AMQP client's own
     * warnings are off, since the error line already carries their cause ({@code --verbose} turns them on again).
     */
    static void oneShot() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.getLogger("com.rabbitmq").setLevel(Level.OFF);
        Appender<?> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
        if (appender instanceof ConsoleAppender<?> console && !"System.err".equals(console.getTarget())) {
            console.stop();
            console.setTarget("System.err");
            console.start();
        }
    }

    /** Debug logging for ebats, warnings of the AMQP client. */
    static void verbose() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger("io.ebats").setLevel(Level.DEBUG);
            context.getLogger("com.rabbitmq").setLevel(Level.WARN);
        }
    }
}
