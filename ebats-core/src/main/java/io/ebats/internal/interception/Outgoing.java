package io.ebats.internal.interception;

import com.rabbitmq.client.AMQP;
import io.ebats.OutgoingMessage;
import io.ebats.PublishKind;
import io.ebats.internal.message.HeaderValues;
import io.ebats.internal.message.Headers;
import io.ebats.internal.message.MalformedMessageException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The {@link OutgoingMessage} of one publish, read from the properties about to be sent. */
final class Outgoing implements OutgoingMessage {

    private final PublishKind kind;
    private final String destination;
    private final String exchange;
    private final String routingKey;
    private final AMQP.BasicProperties props;
    private final Map<String, String> added = new LinkedHashMap<>();
    private boolean sent;

    Outgoing(PublishKind kind, String destination, String exchange, String routingKey, AMQP.BasicProperties props) {
        this.kind = kind;
        this.destination = destination;
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.props = props;
    }

    @Override
    public PublishKind kind() {
        return kind;
    }

    @Override
    public String destination() {
        return destination;
    }

    @Override
    public String exchange() {
        return exchange;
    }

    @Override
    public String routingKey() {
        return routingKey;
    }

    @Override
    public String messageId() {
        return props.getMessageId();
    }

    @Override
    public String name() {
        return props.getType();
    }

    @Override
    public Optional<String> topic() {
        return Optional.ofNullable(HeaderValues.string(props.getHeaders(), Headers.TOPIC));
    }

    @Override
    public int attempt() {
        if (kind == PublishKind.EVENT || props.getHeaders() == null) {
            return kind == PublishKind.EVENT ? 0 : 1;
        }
        try {
            return (int) HeaderValues.number(props.getHeaders(), Headers.ATTEMPT, 1);
        } catch (MalformedMessageException e) {
            return 1;
        }
    }

    @Override
    public Optional<String> eventId() {
        return kind == PublishKind.EVENT && dispatchedEvent() ? Optional.ofNullable(props.getMessageId())
                : Optional.ofNullable(HeaderValues.string(props.getHeaders(), Headers.EVENT_ID));
    }

    @Override
    public Optional<String> eventName() {
        return kind == PublishKind.EVENT && dispatchedEvent() ? Optional.ofNullable(props.getType())
                : Optional.ofNullable(HeaderValues.string(props.getHeaders(), Headers.EVENT));
    }

    /** An event, or the dead letter or replay of an event (no task topic): the message is the event itself. */
    private boolean dispatchedEvent() {
        return HeaderValues.string(props.getHeaders(), Headers.TOPIC) == null;
    }

    @Override
    public Map<String, String> headers() {
        Map<String, String> all = new LinkedHashMap<>(Interception.foreignStrings(props.getHeaders()));
        all.putAll(added);
        return Collections.unmodifiableMap(all);
    }

    @Override
    public void header(String name, String value) {
        if (sent) {
            throw new IllegalStateException("message " + messageId() + " was sent already");
        }
        if (name == null || name.isBlank() || !Interception.isForeign(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("header " + name + " is reserved or blank: names starting with "
                    + "x-ebats- are ebats's own, and x-death*, x-first-death*, x-last-death*, x-delivery-count and "
                    + "x-qpid-* the broker's");
        }
        if (value == null) {
            throw new IllegalArgumentException("value of header " + name + " must not be null");
        }
        added.put(name, value);
    }

    /** The properties to send: those given, with the headers added; the message counts as sent from now on. */
    AMQP.BasicProperties sent() {
        sent = true;
        if (added.isEmpty()) {
            return props;
        }
        Map<String, Object> headers = props.getHeaders() == null ? new HashMap<>() : new HashMap<>(props.getHeaders());
        headers.putAll(added);
        return props.builder().headers(headers).build();
    }
}
