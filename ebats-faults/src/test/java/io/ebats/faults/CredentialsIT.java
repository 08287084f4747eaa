package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.ebats.BrokerSettings;
import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import io.ebats.Worker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The broker password never shows: not in any log line at any level, not in exceptions, not in the settings'
 * or the status's text, also while the connection fails and recovers.
 */
class CredentialsIT {

    private static final String USER = "ebats-app";
    private static final String PASSWORD = "Pw-" + UUID.randomUUID().toString().substring(0, 12);

    @TempDir
    Path dir;

    @Test
    void thePasswordAppearsNowhere() throws Exception {
        ListAppender<ILoggingEvent> logs = captureEverything();
        StringBuilder shown = new StringBuilder();
        try (RabbitNode node = RabbitNode.start("secrets", dir, List.of())) {
            node.ctl(Duration.ofSeconds(30), "add_user", USER, PASSWORD);
            node.ctl(Duration.ofSeconds(30), "set_permissions", "-p", "/", USER, ".*", ".*", ".*");
            String uri = "amqp://" + USER + ":" + PASSWORD + "@127.0.0.1:" + node.port();
            EbatsConfig config = EbatsConfig.builder().broker(BrokerSettings.uri(uri))
                    .namespace("secrets").delayLevels(FaultRun.DELAY_LEVELS)
                    .build();
            shown.append(config).append(config.broker()).append(config.broker().describe());

            try (Ebats ebats = Ebats.connect(config)) {
                AtomicInteger done = new AtomicInteger();
                try (Worker worker = ebats.worker().topic("t").handle("x", (p, c) -> done.incrementAndGet()).start()) {
                    ebats.tasks().create("t", "x", Map.of());
                    await().atMost(Duration.ofSeconds(20)).until(() -> done.get() == 1);
                    shown.append(ebats.status(List.of("t"))).append(worker.presence());
                    long before = warnings(logs);
                    node.kill();
                    await().atMost(Duration.ofSeconds(10)).until(() -> warnings(logs) > before); // connections lost
                    Thread.sleep(3_000); // the outage: long enough for a recovery attempt (every 2 s) to fail
                    node.start();
                    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                        ebats.tasks().create("t", "x", Map.of());
                        return true;
                    });
                    await().atMost(Duration.ofSeconds(30)).until(() -> done.get() == 2);
                } finally {
                    ebats.deleteTopology(List.of("t"));
                }
            }
            EbatsConfig wrong = config.toBuilder()
                    .broker(BrokerSettings.uri(uri.replace(PASSWORD, PASSWORD + "x"))).build();
            shown.append(stackTrace(catchThrowable(() -> Ebats.connect(wrong).close())));
            EbatsConfig unreachable = config.toBuilder().broker(BrokerSettings.builder()
                    .uri("amqp://" + USER + ":" + PASSWORD + "@127.0.0.1:1")
                    .connectionTimeout(Duration.ofSeconds(2)).build()).build();
            shown.append(stackTrace(catchThrowable(() -> Ebats.connect(unreachable).close())));
            shown.append(stackTrace(catchThrowable(() -> BrokerSettings.uri("amqp://" + USER + ":" + PASSWORD
                    + "@bad host:5672"))));
        } finally {
            stopCapturing(logs);
        }

        assertThat(logs.list).as("log events captured").isNotEmpty();
        for (ILoggingEvent event : logs.list) {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(line).as("log line of " + event.getLoggerName()).doesNotContain(PASSWORD);
        }
        assertThat(shown.toString()).contains("127.0.0.1:").doesNotContain(PASSWORD);
    }

    private static ListAppender<ILoggingEvent> captureEverything() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        for (Logger logger : context.getLoggerList()) {
            if (logger != root) {
                logger.setLevel(null); // every logger inherits the root's TRACE
            }
        }
        root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.TRACE);
        root.addAppender(appender);
        return appender;
    }

    /** Events at WARN or above so far; an appender appends under its own lock. */
    private static long warnings(ListAppender<ILoggingEvent> logs) {
        synchronized (logs) {
            return logs.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN)).count();
        }
    }

    private static void stopCapturing(ListAppender<ILoggingEvent> appender) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        root.setLevel(Level.WARN);
    }

    private static String stackTrace(Throwable error) {
        assertThat(error).isNotNull();
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
