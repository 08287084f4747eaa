package io.ebats.internal.scheduling;

import com.fasterxml.jackson.core.type.TypeReference;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.ebats.EbatsException;
import io.ebats.Names;
import io.ebats.PublishException;
import io.ebats.ScheduleControl;
import io.ebats.ScheduleStatus;
import io.ebats.internal.Closeables;
import io.ebats.internal.Engine;
import io.ebats.internal.TimeOrderedIds;
import io.ebats.internal.message.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends commands to the process that fires the schedules, through {@code {ns}.schedules.control}. */
public final class ScheduleCommands implements ScheduleControl {

    private static final Logger log = LoggerFactory.getLogger(ScheduleCommands.class);
    private static final TypeReference<List<ScheduleStatus>> ROWS = new TypeReference<>() { };

    private final Engine engine;

    public ScheduleCommands(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void pause(String schedule) {
        send(new ScheduleCommand(ScheduleCommand.PAUSE, Names.require("schedule", schedule), null), null);
    }

    @Override
    public void resume(String schedule) {
        send(new ScheduleCommand(ScheduleCommand.RESUME, Names.require("schedule", schedule), null), null);
    }

    @Override
    public String trigger(String schedule) {
        String id = "schedule:" + Names.require("schedule", schedule) + ":manual:" + TimeOrderedIds.next();
        send(new ScheduleCommand(ScheduleCommand.TRIGGER, schedule, id), null);
        return id;
    }

    /** Asks only when a process takes commands, so that listings never pile up in the queue. */
    @Override
    public Optional<List<ScheduleStatus>> list(Duration timeout) {
        engine.topology().ensureSchedules();
        AMQP.Queue.DeclareOk commands = engine.topology().inspect(engine.names().scheduleCommandsQueue());
        if (commands == null || commands.getConsumerCount() == 0) {
            return Optional.empty(); // the firing process consumes the commands: none fires, and none would answer
        }
        Channel ch = null;
        try {
            ch = engine.adminConnection().createChannel();
            String replies = ch.queueDeclare("", false, true, true, Map.of()).getQueue();
            String correlation = UUID.randomUUID().toString();
            CompletableFuture<byte[]> reply = new CompletableFuture<>();
            ch.basicConsume(replies, true, (tag, delivery) -> {
                if (correlation.equals(delivery.getProperties().getCorrelationId())) {
                    reply.complete(delivery.getBody());
                }
            }, tag -> { });
            send(new ScheduleCommand(ScheduleCommand.LIST, null, null),
                    new AMQP.BasicProperties.Builder().replyTo(replies).correlationId(correlation));
            byte[] body = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.of(Json.MAPPER.readValue(body, ROWS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (IOException | ExecutionException e) {
            throw new EbatsException("cannot list the schedules: " + e.getMessage(), e);
        } finally {
            if (ch != null) {
                Closeables.closeQuietly(ch, log, "the listing's channel");
            }
        }
    }

    /** Publishes a command, confirmed; a listing's carries where to reply. */
    private void send(ScheduleCommand command, AMQP.BasicProperties.Builder props) {
        engine.topology().ensureSchedules();
        AMQP.BasicProperties properties = (props == null ? new AMQP.BasicProperties.Builder() : props)
                .contentType("application/json").deliveryMode(command.op().equals(ScheduleCommand.LIST) ? 1 : 2)
                .build();
        try {
            engine.publishToQueue(engine.names().scheduleCommandsQueue(), properties, command.toJson())
                    .get(engine.config().publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while sending " + command.op() + " to the schedules", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishException("the broker did not take " + command.op() + " for the schedules: "
                    + e.getMessage(), e);
        }
    }
}
