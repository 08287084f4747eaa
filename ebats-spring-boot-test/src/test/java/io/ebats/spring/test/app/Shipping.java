package io.ebats.spring.test.app;

import io.ebats.HandlesTask;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** A handler bean. */
@Component
public class Shipping {

    final Set<String> shipped = ConcurrentHashMap.newKeySet();

    @HandlesTask("virtualShipping")
    public void ship(Map<String, Object> order) {
        shipped.add((String) order.get("order_id"));
    }
}
