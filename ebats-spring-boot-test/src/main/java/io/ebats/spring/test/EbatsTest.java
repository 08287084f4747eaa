package io.ebats.spring.test;

import io.ebats.HandlesTask;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A test of an application's ebats handlers, built like Spring Boot's data test slices: the context has the ebats
 * auto-configuration only, and of the application's scanned components only the handler beans (classes declaring
 * {@link HandlesTask} methods), plus what the test {@code @Import}s. It runs on an embedded broker (Qpid Broker-J,
 * started once per JVM on a free port, whatever {@code ebats.broker.uri} says) in a namespace of the test
 * context's own, whose queues and exchanges are deleted when the context closes.
 *
 * <pre>{@code
 * @EbatsTest(properties = {"ebats.worker.topics=demo", "ebats.registrations[0].event=order_paied",
 *         "ebats.registrations[0].task=virtualShipping", "ebats.registrations[0].topic=demo"})
 * class ShippingTest {
 *     @Autowired Ebats ebats;
 *     @Autowired Shipping shipping;
 *
 *     @Test
 *     void paidOrdersAreShipped() {
 *         ebats.publish(Event.named("order_paied").param("order_id", "FB1"));
 *         await().until(() -> shipping.hasShipped("FB1"));
 *     }
 * }
 * }</pre>
 *
 * <p>Contexts are cached across test classes of the same configuration, as Spring's are, and keep their namespace.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(EbatsTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(EbatsTypeExcludeFilter.class)
@AutoConfigureEbats
public @interface EbatsTest {

    /** Properties in {@code key=value} form added to the environment before the test runs. */
    String[] properties() default {};

    /** Whether the default filters apply: those that keep the handler beans. */
    boolean useDefaultFilters() default true;

    /** More components to keep, besides the handler beans. */
    Filter[] includeFilters() default {};

    /** Components to leave out that the default filters would keep. */
    Filter[] excludeFilters() default {};
}
