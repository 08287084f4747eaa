package io.ebats.spring.test.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An application with a handler bean, a component that is none, and a configuration class. */
@SpringBootApplication
public class SliceApplication {
}
