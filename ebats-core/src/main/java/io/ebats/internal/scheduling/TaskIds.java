package io.ebats.internal.scheduling;

import io.ebats.Registration;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Task ids derived from the event and the registration, so a redelivered event yields the same ids. */
final class TaskIds {

    private TaskIds() {
    }

    static String forEvent(String eventId, Registration registration) {
        String key = eventId + '\n' + registration.task() + '\n' + registration.topic();
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** An event id for events published without one: derived from the content, stable across redeliveries. */
    static String forAnonymousEvent(String eventName, long timestamp, byte[] body) {
        byte[] name = (eventName + '\n' + timestamp + '\n').getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[name.length + body.length];
        System.arraycopy(name, 0, all, 0, name.length);
        System.arraycopy(body, 0, all, name.length, body.length);
        return UUID.nameUUIDFromBytes(all).toString();
    }
}
