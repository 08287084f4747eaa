package io.ebats.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The bench JVM's peak resident set, read from /proc. */
class PeakRssTest {

    @Test
    void readsAFieldInKilobytesFromTheStatusText() {
        String status = "Name:\tjava\nVmPeak:\t 5000000 kB\nVmHWM:\t  412345 kB\nVmRSS:\t  300000 kB\n";

        assertThat(PeakRss.field(status, "VmHWM")).hasValue(412_345);
        assertThat(PeakRss.field(status, "VmRSS")).hasValue(300_000);
        assertThat(PeakRss.field(status, "VmSwap")).isEmpty();
        assertThat(new PeakRss(412_345, true).megabytes()).isCloseTo(402.7, Offset.offset(0.1));
    }

    @Test
    void aResetThatCannotBeWrittenIsReported(@TempDir Path dir) {
        assertThat(PeakRss.reset(dir.resolve("missing").resolve("clear_refs"))).isFalse();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void resettingDropsThePeakToTheResidentSetOfTheMoment() {
        PeakRss.Meter meter = PeakRss.start();
        long rss = PeakRss.field("VmRSS").orElseThrow();
        PeakRss peak = meter.read();

        assertThat(meter.reset()).as("/proc/self/clear_refs writable").isTrue();
        assertThat(peak.reset()).isTrue();
        // right after the reset the peak is the resident set, plus what the JVM touched in between
        assertThat(peak.kilobytes()).isBetween(rss, rss + 16_384);
    }
}
