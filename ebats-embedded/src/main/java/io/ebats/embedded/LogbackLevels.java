package io.ebats.embedded;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;

/** The only class that touches Logback; loaded only after {@link QpidLogging} saw Logback bound to SLF4J. */
final class LogbackLevels {

    private LogbackLevels() {
    }

    static void warnUnlessConfigured(Object loggerContext, List<String> names) {
        LoggerContext context = (LoggerContext) loggerContext;
        for (String name : names) {
            Logger logger = context.getLogger(name);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARN);
            }
        }
    }
}
