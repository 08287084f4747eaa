package io.ebats.internal.scheduling;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ebats.EbatsException;
import io.ebats.internal.message.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the broker keeps of a namespace's schedules, in one message of {@code {ns}.schedules}: per schedule the
 * last nominal time fired, and which are paused (docs/protocol.md, section 9). A newer snapshot has a higher
 * {@code seq}.
 *
 * @param seq    the snapshot's number, one more than the one it replaces
 * @param last   the last nominal time handled, in epoch ms, by schedule name; names no longer configured stay
 * @param fired  the last nominal time fired, in epoch ms, by schedule name: whose task an overlap waits for
 * @param paused the names of the paused schedules
 */
record ScheduleState(long seq, Map<String, Long> last, Map<String, Long> fired, Set<String> paused) {

    static final ScheduleState EMPTY = new ScheduleState(0, Map.of(), Map.of(), Set.of());

    ScheduleState {
        last = Collections.unmodifiableMap(new LinkedHashMap<>(last));
        fired = Collections.unmodifiableMap(new LinkedHashMap<>(fired == null ? Map.of() : fired));
        paused = Collections.unmodifiableSet(new TreeSet<>(paused == null ? Set.of() : paused));
    }

    /** The last nominal time handled of {@code schedule}; null when it never fired. */
    Instant lastFired(String schedule) {
        return instant(last.get(schedule));
    }

    /** The last nominal time {@code schedule} really fired (not passed unfired); null when never. */
    Instant lastReallyFired(String schedule) {
        return instant(fired.get(schedule));
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    boolean isPaused(String schedule) {
        return paused.contains(schedule);
    }

    /** The next snapshot, with these last handled times over this one's. */
    ScheduleState next(Map<String, Instant> handled) {
        return next(handled, Map.of());
    }

    /** The next snapshot, with these last handled and last fired times over this one's. */
    ScheduleState next(Map<String, Instant> handled, Map<String, Instant> reallyFired) {
        return new ScheduleState(seq + 1, over(last, handled), over(fired, reallyFired), paused);
    }

    private static Map<String, Long> over(Map<String, Long> old, Map<String, Instant> times) {
        Map<String, Long> merged = new LinkedHashMap<>(old);
        times.forEach((name, at) -> merged.put(name, at.toEpochMilli()));
        return merged;
    }

    /** The next snapshot, with {@code schedule} paused or not. */
    ScheduleState paused(String schedule, boolean pause) {
        Set<String> names = new TreeSet<>(paused);
        if (pause) {
            names.add(schedule);
        } else {
            names.remove(schedule);
        }
        return new ScheduleState(seq + 1, last, fired, names);
    }

    /** The same state as the next snapshot, to publish again. */
    ScheduleState resaved() {
        return new ScheduleState(seq + 1, last, fired, paused);
    }

    /**
     * What this and {@code other} say together: the higher seq, the later fire of each schedule, and the paused
     * set of the newer.
     */
    ScheduleState merge(ScheduleState other) {
        return new ScheduleState(Math.max(seq, other.seq), later(last, other.last), later(fired, other.fired),
                other.seq > seq ? other.paused : paused);
    }

    private static Map<String, Long> later(Map<String, Long> one, Map<String, Long> other) {
        Map<String, Long> both = new LinkedHashMap<>(one);
        other.forEach((name, millis) -> both.merge(name, millis, Math::max));
        return both;
    }

    byte[] toJson() {
        try {
            return Json.MAPPER.writeValueAsBytes(Map.of("seq", seq, "last", last, "fired", fired, "paused", paused));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the schedules' state", e);
        }
    }

    /** @throws EbatsException when the body is not a snapshot */
    static ScheduleState fromJson(byte[] body) {
        try {
            Snapshot snapshot = Json.MAPPER.readValue(body, Snapshot.class);
            return new ScheduleState(snapshot.seq(), snapshot.last() == null ? Map.of() : snapshot.last(),
                    snapshot.fired(), snapshot.paused());
        } catch (IOException e) {
            throw new EbatsException("the schedules' state in the broker cannot be read: " + e.getMessage(), e);
        }
    }

    private record Snapshot(long seq, Map<String, Long> last, Map<String, Long> fired, Set<String> paused) {
    }
}
