package io.ebats.test;

import io.ebats.BrokerSettings;
import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import io.ebats.embedded.EmbeddedBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs users' tests of their handlers against a real broker without installing one: starts one embedded
 * broker for the whole test run (on a free port, in a temporary directory) and gives each test that asks for it
 * an {@link Ebats} connected to it in a namespace of its own, closed after the test.
 *
 * <pre>{@code
 * @ExtendWith(EbatsExtension.class)
 * class OrderTasksTest {
 *     @Test
 *     void closesUnpaidOrders(Ebats ebats) {
 *         ebats.worker().topic("demo").handlers(new OrderTasks()).start();
 *         ebats.tasks().create("demo", "closeOrder", Map.of("order_id", "FB1"));
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Test methods may also take the {@link EmbeddedBroker} itself, for its {@link EmbeddedBroker#uri()}.
 */
public final class EbatsExtension implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(EbatsExtension.class);
    private static final String BROKER = "broker";
    private static final String CLIENT = "client";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Ebats.class || type == EmbeddedBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        EmbeddedBroker broker = broker(context);
        if (parameter.getParameter().getType() == EmbeddedBroker.class) {
            return broker;
        }
        return context.getStore(STORE).getOrComputeIfAbsent(CLIENT, key -> connect(broker), Ebats.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Ebats client = context.getStore(STORE).remove(CLIENT, Ebats.class);
        if (client != null) {
            client.close();
        }
    }

    /** The settings of a client of the embedded broker, in a fresh namespace. */
    public static EbatsConfig config(EmbeddedBroker broker) {
        return EbatsConfig.builder()
                .broker(BrokerSettings.uri(broker.uri()))
                .namespace("test-" + UUID.randomUUID().toString().substring(0, 8))
                .publishTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static Ebats connect(EmbeddedBroker broker) {
        return Ebats.connect(config(broker));
    }

    private static EmbeddedBroker broker(ExtensionContext context) {
        return context.getRoot().getStore(STORE)
                .getOrComputeIfAbsent(BROKER, key -> new RunningBroker(), RunningBroker.class).broker;
    }

    /** The broker of the test run, stopped when the run ends. */
    private static final class RunningBroker implements ExtensionContext.Store.CloseableResource {
        private final EmbeddedBroker broker;

        RunningBroker() {
            try {
                Path data = Files.createTempDirectory("ebats-test-broker");
                broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults()
                        .withDataDirectory(data).withPort(EmbeddedBroker.ANY_FREE_PORT));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the embedded broker's directory", e);
            }
        }

        @Override
        public void close() {
            broker.close();
        }
    }
}
