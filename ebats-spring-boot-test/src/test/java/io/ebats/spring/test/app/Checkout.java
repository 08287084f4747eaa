package io.ebats.spring.test.app;

import org.springframework.stereotype.Component;

/** A component without handlers, which the slice leaves out. */
@Component
public class Checkout {
}
