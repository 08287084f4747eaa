package io.ebats.spring.test;

import java.util.Map;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Gives a test context the embedded broker and a fresh namespace, with a delay ladder of its own, above the
 * application's properties and below the test's; and a {@link TestNamespaceCleanup} that deletes the namespace when
 * the context closes. Equal to every other, so that contexts of the same configuration are still cached as one.
 */
final class TestNamespaceCustomizer implements ContextCustomizer {

    static final String PROPERTY_SOURCE = "ebatsTestNamespace";
    /** Fewer delay levels than the default, fewer queues to declare and delete (up to 24 days of delay). */
    private static final int DELAY_LEVELS = 22;

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
        String namespace = "test-" + UUID.randomUUID().toString().substring(0, 8);
        MapPropertySource source = new MapPropertySource(PROPERTY_SOURCE, Map.of(
                "ebats.broker.uri", SharedEmbeddedBroker.get().uri(),
                "ebats.namespace", namespace,
                "ebats.delay-ladder", namespace + ".ladder",
                "ebats.delay-levels", DELAY_LEVELS));
        MutablePropertySources sources = context.getEnvironment().getPropertySources();
        if (sources.contains(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)) {
            sources.addAfter(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, source);
        } else {
            sources.addFirst(source);
        }
        context.getBeanFactory().registerSingleton("ebatsTestNamespaceCleanup", new TestNamespaceCleanup(context));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TestNamespaceCustomizer;
    }

    @Override
    public int hashCode() {
        return TestNamespaceCustomizer.class.hashCode();
    }
}
