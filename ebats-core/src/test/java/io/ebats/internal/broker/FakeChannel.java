package io.ebats.internal.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ReturnListener;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A confirm-mode {@link Channel} without a broker, with just what {@link ConfirmingPublisher} uses: it numbers
 * publishes from 1 as the broker does, records them, and lets a test play the broker's part (ack, nack, return,
 * the connection lost). Any other method throws {@link UnsupportedOperationException}. Thread-safe.
 */
final class FakeChannel {

    /** A message the channel was given, with the sequence number the broker confirms it by. */
    record Published(long seq, String exchange, String routingKey, boolean mandatory, AMQP.BasicProperties props,
                     byte[] body) {
    }

    final List<Published> published = new CopyOnWriteArrayList<>();
    private final List<ConfirmListener> confirmListeners = new CopyOnWriteArrayList<>();
    private final List<ReturnListener> returnListeners = new CopyOnWriteArrayList<>();
    private final List<ShutdownListener> shutdownListeners = new CopyOnWriteArrayList<>();
    private final Channel channel = (Channel) Proxy.newProxyInstance(Channel.class.getClassLoader(),
            new Class<?>[] {Channel.class}, (proxy, method, args) -> call(method, args));
    private long nextSeq = 1;
    private ShutdownSignalException closed;

    Channel channel() {
        return channel;
    }

    void ack(long seq, boolean multiple) throws IOException {
        for (ConfirmListener listener : confirmListeners) {
            listener.handleAck(seq, multiple);
        }
    }

    void nack(long seq, boolean multiple) throws IOException {
        for (ConfirmListener listener : confirmListeners) {
            listener.handleNack(seq, multiple);
        }
    }

    /** Returns a mandatory message no queue took, as the broker does before it acks it. */
    void returnUnroutable(Published message) throws IOException {
        for (ReturnListener listener : returnListeners) {
            listener.handleReturn(312, "NO_ROUTE", message.exchange(), message.routingKey(), message.props(),
                    message.body());
        }
    }

    /** The connection is lost: the channel closes and tells its shutdown listeners. */
    void loseConnection() {
        ShutdownSignalException cause = new ShutdownSignalException(true, false, null, channel);
        synchronized (this) {
            closed = cause;
        }
        for (ShutdownListener listener : shutdownListeners) {
            listener.shutdownCompleted(cause);
        }
    }

    private synchronized Object call(Method method, Object[] args) {
        switch (method.getName()) {
            case "confirmSelect", "close" -> {
                return null;
            }
            case "isOpen" -> {
                return closed == null;
            }
            case "getNextPublishSeqNo" -> {
                return nextSeq;
            }
            case "addConfirmListener" -> {
                return add(confirmListeners, ConfirmListener.class, method, args);
            }
            case "addReturnListener" -> {
                return add(returnListeners, ReturnListener.class, method, args);
            }
            case "addShutdownListener" -> {
                return add(shutdownListeners, ShutdownListener.class, method, args);
            }
            case "basicPublish" -> {
                return publish(method, args);
            }
            case "toString" -> {
                return "FakeChannel";
            }
            case "hashCode" -> {
                return System.identityHashCode(this);
            }
            case "equals" -> {
                return args[0] == channel;
            }
            default -> {
            }
        }
        throw new UnsupportedOperationException("FakeChannel does not do " + method);
    }

    /** The publish with a mandatory flag, the one {@link ConfirmingPublisher} uses. */
    private Object publish(Method method, Object[] args) {
        if (args.length != 5 || !(args[2] instanceof Boolean mandatory)) {
            throw new UnsupportedOperationException("FakeChannel does not do " + method);
        }
        if (closed != null) {
            throw new AlreadyClosedException(closed);
        }
        published.add(new Published(nextSeq++, (String) args[0], (String) args[1], mandatory,
                (AMQP.BasicProperties) args[3], (byte[]) args[4]));
        return null;
    }

    private static <T> Object add(List<T> listeners, Class<T> type, Method method, Object[] args) {
        if (args.length != 1 || !type.isInstance(args[0])) {
            throw new UnsupportedOperationException("FakeChannel does not do " + method);
        }
        listeners.add(type.cast(args[0]));
        return null;
    }
}
