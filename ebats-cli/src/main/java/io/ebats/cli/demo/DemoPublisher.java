package io.ebats.cli.demo;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.ebats.Ebats;
import io.ebats.Event;
import io.ebats.NewTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the demo shop: at every tick it publishes {@code order_create} and {@code order_paied} for a new
 * order, and a plain AMQP message to the demo exchange (what another system would publish), each confirmed.
 * Every {@value #DIAGNOSTIC_EVERY}th tick it also creates a {@code diag.fail} task, which ends as a dead letter,
 * and half-way between, a {@code diag.flaky} task, which is retried twice, so the dashboard has failures to show.
 * {@link #close()} stops it; it closes only the connection it opened.
 */
public final class DemoPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoPublisher.class);
    private static final long CONFIRM_TIMEOUT_MILLIS = 5_000;
    /** Ticks between two diagnostic tasks of a kind. */
    public static final int DIAGNOSTIC_EVERY = 10;
    static final int FLAKY_FAILURES = 2;

    private final Ebats ebats;
    private final DemoShop names;
    private final Connection connection;
    private final ScheduledExecutorService ticker;
    private final AtomicLong orders = new AtomicLong();
    private Channel channel;

    private DemoPublisher(Ebats ebats, DemoShop names) {
        this.ebats = ebats;
        this.names = names;
        this.connection = ebats.config().broker().newConnection("ebats-demo-publisher");
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ebats-demo-publisher");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts publishing every {@code interval}, the first time at once. */
    public static DemoPublisher start(Ebats ebats, DemoShop names, Duration interval) {
        DemoPublisher publisher = new DemoPublisher(ebats, names);
        publisher.ticker.scheduleWithFixedDelay(publisher::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return publisher;
    }

    private void tick() {
        long tick = orders.incrementAndGet();
        String orderId = String.format("FB%d%03d", System.currentTimeMillis() / 1000, tick % 1000);
        try {
            ebats.publish(Event.named("order_create").param("order_id", orderId));
            ebats.publish(Event.named("order_paied").param("order_id", orderId));
            publishRaw(orderId);
            log.info("demo: order {}: published order_create, order_paied and {} to {}", orderId,
                    DemoShop.ROUTING_KEY, names.exchange());
            NewTask diagnostic = diagnosticTask(tick, orderId);
            if (diagnostic != null) {
                String id = ebats.tasks().create(diagnostic);
                log.info("demo: order {}: created task {} {} on {}", orderId, diagnostic.name(), id, diagnostic.topic());
            }
        } catch (RuntimeException | IOException e) {
            log.warn("demo: publishing order {} failed: {}", orderId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The diagnostic task of a tick (counted from 1), or null: {@code diag.fail} on the 10th, {@code diag.flaky} on the 5th. */
    static NewTask diagnosticTask(long tick, String orderId) {
        return switch ((int) (tick % DIAGNOSTIC_EVERY)) {
            case 0 -> NewTask.of(DemoShop.TOPIC, "diag.fail",
                    NewTask.params("order_id", orderId, "message", "demo: card of order " + orderId + " declined"));
            case DIAGNOSTIC_EVERY / 2 -> NewTask.of(DemoShop.TOPIC, "diag.flaky",
                    NewTask.params("order_id", orderId, "failures", FLAKY_FAILURES));
            default -> null;
        };
    }

    /** What a shop would publish with a plain AMQP client: a persistent JSON message, confirmed. */
    private void publishRaw(String orderId) throws IOException, InterruptedException {
        if (channel == null || !channel.isOpen()) {
            channel = connection.createChannel();
            channel.confirmSelect();
        }
        byte[] body = ("{\"order_id\":\"" + orderId + "\"}").getBytes(StandardCharsets.UTF_8);
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(2)
                .messageId(UUID.randomUUID().toString())
                .timestamp(new Date())
                .build();
        channel.basicPublish(names.exchange(), DemoShop.ROUTING_KEY, props, body);
        try {
            channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
        } catch (TimeoutException e) {
            throw new IOException("no confirm within " + CONFIRM_TIMEOUT_MILLIS + " ms", e);
        }
    }

    @Override
    public void close() {
        ticker.shutdown();
        try {
            if (!ticker.awaitTermination(10, TimeUnit.SECONDS)) {
                ticker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (connection.isOpen()) {
                connection.close();
            }
        } catch (IOException | RuntimeException e) {
            log.debug("closing the demo connection: {}", e.toString());
        }
    }
}
