package io.ebats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class H2ObjectCacheTest {

    private static final String PROPERTY = "h2.objectCache";
    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, before);
        }
    }

    @Test
    void theCacheIsTurnedOffWhenNothingWasSaid() {
        System.clearProperty(PROPERTY);
        Main.disableH2ObjectCache();
        assertThat(System.getProperty(PROPERTY)).isEqualTo("false");
    }

    @Test
    void anExplicitChoiceIsKept() {
        System.setProperty(PROPERTY, "true");
        Main.disableH2ObjectCache();
        assertThat(System.getProperty(PROPERTY)).isEqualTo("true");
    }
}
