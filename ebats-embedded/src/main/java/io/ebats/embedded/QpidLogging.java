package io.ebats.embedded;

import java.util.List;
import org.slf4j.LoggerFactory;

/** Lowers Qpid's own loggers to WARN when the application logs with Logback and has not configured them. */
final class QpidLogging {

    static final List<String> LOGGERS = List.of("org.apache.qpid", "qpid.message", "qpid.statistics");

    private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";

    private QpidLogging() {
    }

    static void quieten() {
        Object factory = LoggerFactory.getILoggerFactory();
        if (factory.getClass().getName().equals(LOGBACK_CONTEXT)) {
            LogbackLevels.warnUnlessConfigured(factory, LOGGERS); // loaded only when Logback is present
        }
    }
}
