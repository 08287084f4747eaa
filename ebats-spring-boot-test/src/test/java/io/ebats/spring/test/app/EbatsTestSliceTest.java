package io.ebats.spring.test.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ebats.Ebats;
import io.ebats.Event;
import io.ebats.TopicStatus;
import io.ebats.spring.test.EbatsTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;

/** The slice: handler beans and imports only, on the embedded broker, in a namespace of its own. */
@EbatsTest(properties = {"ebats.worker.topics=slice", "ebats.registrations[0].event=order_paied",
        "ebats.registrations[0].task=virtualShipping", "ebats.registrations[0].topic=slice"})
@Import(Receipts.class)
class EbatsTestSliceTest {

    @Autowired
    Ebats ebats;
    @Autowired
    Shipping shipping;
    @Autowired
    ApplicationContext context;

    @Test
    void aPublishedEventIsHandledByTheHandlerBean() {
        ebats.publish(Event.named("order_paied").param("order_id", "FB1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> shipping.shipped.contains("FB1"));
    }

    @Test
    void onlyHandlerBeansAndImportsAreLoaded() {
        assertThat(context.getBeanNamesForType(Shipping.class)).hasSize(1);
        assertThat(context.getBeanNamesForType(Receipts.class)).hasSize(1);
        assertThat(context.getBeanNamesForType(Checkout.class)).isEmpty();
    }

    @Test
    void theContextIsOnTheEmbeddedBrokerInANamespaceOfItsOwn() {
        assertThat(ebats.brokerType().name()).isEqualTo("QPID");
        assertThat(ebats.config().namespace()).startsWith("test-");
        List<TopicStatus> topics = ebats.status(List.of("slice")).topics();
        assertThat(topics).singleElement().satisfies(t -> assertThat(t.consumers()).isEqualTo(1));
    }
}
