package io.ebats.spring.test;

import java.util.List;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/** Puts the contexts of {@link EbatsTest} classes on the embedded broker, in a namespace of their own. */
final class EbatsTestContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        return MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY).isPresent(EbatsTest.class)
                ? new TestNamespaceCustomizer() : null;
    }
}
