package io.ebats.spring.test.app;

import org.springframework.stereotype.Component;

/** A component without handlers that a test imports. */
@Component
public class Receipts {
}
