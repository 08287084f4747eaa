package io.ebats.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The peak resident set size of the bench JVM (worker, publishers, scheduler, and with {@code --embedded} the
 * broker) while scenarios ran: Linux's {@code VmHWM} from {@code /proc/self/status}, after writing {@code 5} to
 * {@code /proc/self/clear_refs} reset it to the resident set of the moment. Where the reset is refused, the
 * figure is the peak since the JVM started, and says so.
 *
 * @param kilobytes the peak, in KiB
 * @param reset     whether the peak was reset before the scenarios, rather than counted from the JVM's start
 */
public record PeakRss(long kilobytes, boolean reset) {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    /** The peak in MiB. */
    public double megabytes() {
        return kilobytes / 1024.0;
    }

    /** A measurement about to start: resets the kernel's peak, if it lets us. */
    static Meter start() {
        return new Meter(reset(CLEAR_REFS));
    }

    /** Resets the peak to the resident set of the moment; false when the file cannot be written. */
    static boolean reset(Path clearRefs) {
        try {
            Files.writeString(clearRefs, "5");
            return true;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** A field in KiB ({@code VmHWM:    123456 kB}) of {@code /proc/<pid>/status} text; empty when absent. */
    static OptionalLong field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                String value = line.substring(name.length() + 1).trim().toLowerCase(Locale.ROOT);
                if (value.endsWith("kb")) {
                    value = value.substring(0, value.length() - 2).trim();
                }
                try {
                    return OptionalLong.of(Long.parseLong(value));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /** A field of this process's status; empty when there is no {@code /proc} (not Linux). */
    static OptionalLong field(String name) {
        try {
            return field(Files.readString(STATUS), name);
        } catch (IOException | SecurityException e) {
            return OptionalLong.empty();
        }
    }

    /** Started before scenarios run; {@link #read} after them. */
    record Meter(boolean reset) {

        /** The peak so far, or null when the kernel does not report it. */
        PeakRss read() {
            OptionalLong peak = field("VmHWM");
            return peak.isPresent() ? new PeakRss(peak.getAsLong(), reset) : null;
        }
    }
}
