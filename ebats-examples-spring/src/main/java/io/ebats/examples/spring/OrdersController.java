package io.ebats.examples.spring;

import io.ebats.Ebats;
import io.ebats.Event;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The web side: an order was paid, so ebats is told; the shipping happens later, in a task. */
@RestController
class OrdersController {

    private final Ebats ebats;

    OrdersController(Ebats ebats) {
        this.ebats = ebats;
    }

    /** Answers 202 with the event's id once the broker confirmed the event. */
    @PostMapping("/orders/{id}/paid")
    ResponseEntity<Map<String, String>> paid(@PathVariable("id") String id) {
        String eventId = ebats.publish(Event.named("order_paied").param("order_id", id));
        return ResponseEntity.accepted().body(Map.of("order_id", id, "event_id", eventId));
    }
}
