package io.ebats.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.ebats.BrokerSettings;
import io.ebats.QueueType;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The limit: the raw amqp-client doing the work of the {@code direct} scenario. Persistent messages are
 * published with asynchronous confirms (a bounded window per channel) on one channel per publishing thread,
 * into a queue of the type ebats declares (quorum or classic on RabbitMQ, a plain durable queue on Qpid), and
 * consumed by one consumer with the ebats worker's prefetch that acks each message singly and does nothing else.
 */
final class BaselineWorkload implements Workload {

    private final Connection publishing;
    private final Connection consuming;
    private final String queue;
    private final int window;
    private final Payload payload;
    private volatile Round round;

    BaselineWorkload(BrokerSettings settings, String queue, boolean rabbitMq, QueueType queueType,
                     BenchmarkOptions options) throws Exception {
        this.queue = queue;
        this.window = options.confirmWindow();
        this.payload = options.payload();
        int prefetch = options.prefetch();
        this.publishing = settings.newConnection("bench-baseline-publisher");
        try {
            this.consuming = settings.newConnection("bench-baseline-consumer");
        } catch (Exception e) {
            publishing.abort();
            throw e;
        }
        try {
            consume(rabbitMq, queueType, prefetch);
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    private void consume(boolean rabbitMq, QueueType queueType, int prefetch) throws IOException {
        Channel channel = consuming.createChannel();
        // Qpid closes the connection on x-* arguments: a plain durable queue there
        Map<String, Object> args = rabbitMq
                ? Map.of("x-queue-type", queueType == QueueType.QUORUM ? "quorum" : "classic") : Map.of();
        channel.queueDeclare(queue, true, false, false, args);
        channel.basicQos(prefetch);
        channel.basicConsume(queue, false, "bench-baseline", new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                    throws IOException {
                getChannel().basicAck(envelope.getDeliveryTag(), false);
                Round current = round;
                if (current != null) {
                    current.done(props.getMessageId());
                }
            }
        });
    }

    @Override
    public Publisher publisher(int thread) throws IOException {
        return new WindowedPublisher(publishing.createChannel(), queue, window, payload);
    }

    @Override
    public void route(Round next) {
        round = next;
    }

    @Override
    public void close() {
        RawBroker.deleteQueue(publishing, queue);
        for (Connection c : List.of(consuming, publishing)) {
            try {
                c.close(2_000);
            } catch (IOException | RuntimeException ignored) {
                // gone already
            }
        }
    }

    /** One confirm-mode channel with at most {@code window} unconfirmed messages. */
    private static final class WindowedPublisher implements Publisher, ConfirmListener {

        private final Channel channel;
        private final String queue;
        private final ConfirmWindow window;
        private final Payload payload;
        private final ConcurrentSkipListMap<Long, Boolean> unconfirmed = new ConcurrentSkipListMap<>();

        WindowedPublisher(Channel channel, String queue, int window, Payload payload) throws IOException {
            this.channel = channel;
            this.queue = queue;
            this.payload = payload;
            this.window = new ConfirmWindow(window);
            channel.confirmSelect();
            channel.addConfirmListener(this);
        }

        @Override
        public void publish(Round round, int index) throws Exception {
            window.acquire();
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                    .deliveryMode(2)
                    .messageId(round.key(index))
                    .build();
            byte[] body = payload.raw(index);
            round.sent(index);
            unconfirmed.put(channel.getNextPublishSeqNo(), Boolean.TRUE);
            channel.basicPublish("", queue, props, body);
        }

        @Override
        public boolean drain(Duration timeout) throws InterruptedException {
            return window.drain(timeout);
        }

        @Override
        public void handleAck(long seq, boolean multiple) {
            window.release(settle(seq, multiple));
        }

        @Override
        public void handleNack(long seq, boolean multiple) {
            int refused = settle(seq, multiple);
            window.refused(refused, refused + " messages nacked by the broker");
        }

        private int settle(long seq, boolean multiple) {
            int settled = 0;
            if (multiple) {
                Map.Entry<Long, Boolean> first;
                while ((first = unconfirmed.firstEntry()) != null && first.getKey() <= seq) {
                    if (unconfirmed.remove(first.getKey()) != null) {
                        settled++;
                    }
                }
            } else if (unconfirmed.remove(seq) != null) {
                settled = 1;
            }
            return settled;
        }
    }
}
