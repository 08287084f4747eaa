package io.ebats.internal;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.NoArgGenerator;
import java.util.UUID;

/**
 * Ids that sort by creation time: UUIDv7 (RFC 9562), the first 48 bits the Unix time in milliseconds. Stores that
 * index task and event ids (the history's B-trees) then insert near the end of the index instead of all over it.
 */
public final class TimeOrderedIds {

    private static final NoArgGenerator GENERATOR = Generators.timeBasedEpochGenerator();
    private static final int TEXT_LENGTH = 36;
    private static final int VERSION_CHAR = 14;

    private TimeOrderedIds() {
    }

    /** A new UUIDv7, in the usual text form; later calls of this JVM sort after earlier ones. */
    public static String next() {
        return GENERATOR.generate().toString();
    }

    /**
     * The creation time of a UUIDv7 in Unix milliseconds, or -1 when {@code id} is not the lower-case text form of a
     * UUIDv7 (any other id, user-chosen ones included).
     */
    public static long epochMillis(String id) {
        if (id == null || id.length() != TEXT_LENGTH || id.charAt(VERSION_CHAR) != '7') {
            return -1;
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        boolean v7 = uuid.version() == 7 && uuid.variant() == 2 && uuid.toString().equals(id); // lower case only
        return v7 ? uuid.getMostSignificantBits() >>> 16 : -1;
    }
}
