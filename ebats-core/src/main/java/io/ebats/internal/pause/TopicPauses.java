package io.ebats.internal.pause;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.ebats.EbatsException;
import io.ebats.Names;
import io.ebats.PublishException;
import io.ebats.TopicControl;
import io.ebats.internal.Closeables;
import io.ebats.internal.Engine;
import io.ebats.internal.broker.PauseMarkers;
import io.ebats.internal.message.Json;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses a topic by putting one persistent message, confirmed, into its marker queue, and resumes it by purging the
 * marker; reads the state from the marker's message count. Thread-safe.
 */
public final class TopicPauses implements TopicControl {

    private static final Logger log = LoggerFactory.getLogger(TopicPauses.class);

    private final Engine engine;
    private final PauseMarkers markers;

    public TopicPauses(Engine engine) {
        this.engine = engine;
        this.markers = engine.topology().pauseMarkers();
    }

    @Override
    public boolean pause(String topic) {
        Names.require("topic", topic);
        if (count(topic) > 0) {
            return false;
        }
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(2).type("topic-paused").timestamp(new Date()).build();
        try {
            engine.publishToQueue(markers.queue(topic), props, marker())
                    .get(engine.config().publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while pausing topic " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishException("the broker did not confirm the pause of topic " + topic + ": "
                    + e.getMessage(), e);
        }
        log.info("topic {} paused", topic);
        return true;
    }

    @Override
    public boolean resume(String topic) {
        Names.require("topic", topic);
        boolean wasPaused = onChannel(topic, "resume", ch -> markers.clear(ch, topic)) > 0;
        if (wasPaused) {
            log.info("topic {} resumed", topic);
        }
        return wasPaused;
    }

    @Override
    public boolean isPaused(String topic) {
        Names.require("topic", topic);
        return count(topic) > 0;
    }

    private int count(String topic) {
        return onChannel(topic, "read the pause of", ch -> markers.count(ch, topic));
    }

    private int onChannel(String topic, String what, MarkerCall call) {
        Channel ch = null;
        try {
            ch = engine.adminConnection().createChannel();
            return call.run(ch);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalStateException closed) {
                throw closed;
            }
            throw new EbatsException("cannot " + what + " topic " + topic + " (queue " + markers.queue(topic) + "): "
                    + e.getMessage(), e);
        } finally {
            if (ch != null) {
                Closeables.closeQuietly(ch, log, "a channel");
            }
        }
    }

    /** The marker's body: when and by whom, for people who look into the queue. */
    private static byte[] marker() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pausedAt", Instant.now().toString());
        body.put("by", host() + "/" + ManagementFactory.getRuntimeMXBean().getPid());
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    @FunctionalInterface
    private interface MarkerCall {
        int run(Channel channel) throws IOException;
    }
}
