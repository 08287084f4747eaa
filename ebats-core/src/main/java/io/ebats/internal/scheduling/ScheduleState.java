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
 * @param last   the last nominal time fired, in epoch ms, by schedule name; names no longer configured stay
 * @param paused the names of the paused schedules
 */
record ScheduleState(long seq, Map<String, Long> last, Set<String> paused) {

    static final ScheduleState EMPTY = new ScheduleState(0, Map.of(), Set.of());

    ScheduleState {
        last = Collections.unmodifiableMap(new LinkedHashMap<>(last));
        paused = Collections.unmodifiableSet(new TreeSet<>(paused == null ? Set.of() : paused));
    }

    /** The last nominal time fired of {@code schedule}; null when it never fired. */
    Instant lastFired(String schedule) {
        Long millis = last.get(schedule);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    boolean isPaused(String schedule) {
        return paused.contains(schedule);
    }

    /** The next snapshot, with these last fires over this one's. */
    ScheduleState next(Map<String, Instant> fired) {
        Map<String, Long> merged = new LinkedHashMap<>(last);
        fired.forEach((name, at) -> merged.put(name, at.toEpochMilli()));
        return new ScheduleState(seq + 1, merged, paused);
    }

    /** The next snapshot, with {@code schedule} paused or not. */
    ScheduleState paused(String schedule, boolean pause) {
        Set<String> names = new TreeSet<>(paused);
        if (pause) {
            names.add(schedule);
        } else {
            names.remove(schedule);
        }
        return new ScheduleState(seq + 1, last, names);
    }

    /** The same state as the next snapshot, to publish again. */
    ScheduleState resaved() {
        return new ScheduleState(seq + 1, last, paused);
    }

    /**
     * What this and {@code other} say together: the higher seq, the later fire of each schedule, and the paused
     * set of the newer.
     */
    ScheduleState merge(ScheduleState other) {
        Map<String, Long> both = new LinkedHashMap<>(last);
        other.last.forEach((name, millis) -> both.merge(name, millis, Math::max));
        return new ScheduleState(Math.max(seq, other.seq), both, other.seq > seq ? other.paused : paused);
    }

    byte[] toJson() {
        try {
            return Json.MAPPER.writeValueAsBytes(Map.of("seq", seq, "last", last, "paused", paused));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the schedules' state", e);
        }
    }

    /** @throws EbatsException when the body is not a snapshot */
    static ScheduleState fromJson(byte[] body) {
        try {
            Snapshot snapshot = Json.MAPPER.readValue(body, Snapshot.class);
            return new ScheduleState(snapshot.seq(), snapshot.last() == null ? Map.of() : snapshot.last(),
                    snapshot.paused());
        } catch (IOException e) {
            throw new EbatsException("the schedules' state in the broker cannot be read: " + e.getMessage(), e);
        }
    }

    private record Snapshot(long seq, Map<String, Long> last, Set<String> paused) {
    }
}
