package io.ebats.internal.scheduling;

import io.ebats.Registration;
import io.ebats.internal.TimeOrderedIds;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Task ids derived from the event and the registration, so a redelivered event yields the same ids. */
final class TaskIds {

    private static final long VERSION_8 = 0x8000L;

    private TaskIds() {
    }

    /**
     * UUIDv3 of the event id, task name and topic (docs/protocol.md 2.3). When the event id is a UUIDv7, the task id
     * keeps its time instead: the first 48 bits are the event's Unix milliseconds and the version is 8, so the
     * tasks of later events sort after those of earlier ones, as their events do.
     *
     * @param millis the event id's time, {@link TimeOrderedIds#epochMillis} of it: read once per event
     */
    static String forEvent(String eventId, long millis, Registration registration) {
        String key = eventId + '\n' + registration.task() + '\n' + registration.topic();
        UUID hash = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
        if (millis < 0) {
            return hash.toString();
        }
        long timeAndHash = (millis << 16) | VERSION_8 | (hash.getMostSignificantBits() & 0x0FFFL);
        return new UUID(timeAndHash, hash.getLeastSignificantBits()).toString();
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
