package io.ebats.embedded;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.Map;

/** The only class that touches Logback; loaded only after {@link QpidLogging} saw Logback bound to SLF4J. */
final class LogbackLevels {

    private LogbackLevels() {
    }

    static void setUnlessConfigured(Object loggerContext, Map<String, String> levels) {
        LoggerContext context = (LoggerContext) loggerContext;
        levels.forEach((name, level) -> {
            Logger logger = context.getLogger(name);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.toLevel(level));
            }
        });
    }
}
