package io.ebats.embedded;

import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Sends Derby's log to SLF4J instead of a {@code derby.log} in the working directory, and lowers Qpid's loggers
 * when the application logs with Logback and has not configured them.
 */
final class QpidLogging {

    /** Logger name to level. Qpid logs Derby's boot banner at WARN; Derby's real errors also surface as Qpid's. */
    static final Map<String, String> LEVELS = Map.of(
            "org.apache.qpid", "WARN",
            "qpid.message", "WARN",
            "qpid.statistics", "WARN",
            "DERBY", "ERROR");

    private static final String DERBY_LOG_METHOD = "derby.stream.error.method";
    /** Qpid's writer to the SLF4J logger {@code DERBY}; Qpid sets it itself, but only after Derby has booted. */
    private static final String QPID_DERBY_WRITER = "org.apache.qpid.server.store.derby.DerbyUtils.getDerbyLogWriter";

    private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";

    private QpidLogging() {
    }

    static void configure() {
        if (System.getProperty(DERBY_LOG_METHOD) == null && System.getProperty("derby.stream.error.file") == null
                && System.getProperty("derby.stream.error.field") == null) {
            System.setProperty(DERBY_LOG_METHOD, QPID_DERBY_WRITER);
        }
        Object factory = LoggerFactory.getILoggerFactory();
        if (factory.getClass().getName().equals(LOGBACK_CONTEXT)) {
            LogbackLevels.setUnlessConfigured(factory, LEVELS); // loaded only when Logback is present
        }
    }
}
