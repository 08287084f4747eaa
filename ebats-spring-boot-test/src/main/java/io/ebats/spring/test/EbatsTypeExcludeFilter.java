package io.ebats.spring.test;

import io.ebats.HandlesTask;
import java.io.IOException;
import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/** Keeps the scanned components that declare {@link HandlesTask} methods, and those of the test's filters. */
final class EbatsTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<EbatsTest> {

    EbatsTypeExcludeFilter(Class<?> testClass) {
        super(testClass);
    }

    @Override
    protected boolean defaultInclude(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
        return super.defaultInclude(reader, factory)
                || reader.getAnnotationMetadata().hasAnnotatedMethods(HandlesTask.class.getName());
    }
}
