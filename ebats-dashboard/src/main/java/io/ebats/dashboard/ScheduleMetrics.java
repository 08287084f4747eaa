package io.ebats.dashboard;

import io.ebats.Schedule;
import io.ebats.ScheduleListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the fires of the schedules this process fires, for Prometheus: {@code ebats_schedule_fires_total} and
 * the {@code ebats_schedule_lateness_seconds} histogram (nominal time to the broker's confirm) by schedule, and
 * {@code ebats_schedule_misfires_total} by schedule and policy, and {@code ebats_schedule_overlaps_total} by
 * schedule (nominal times an overlap skip passed unfired). Pass it to {@code ebats.startSchedules}.
 * Thread-safe; a schedule's meters are registered on its first fire.
 */
public final class ScheduleMetrics implements ScheduleListener {

    private final MeterRegistry registry;
    private final Map<String, Meters> meters = new ConcurrentHashMap<>();

    /** @param registry where the meters go, such as {@link TaskMetrics#registry()} */
    public ScheduleMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void fired(Schedule schedule, Instant nominal, String id, Duration lateness) {
        Meters m = meters(schedule);
        m.fires.increment();
        m.lateness.record(lateness.isNegative() ? Duration.ZERO : lateness);
    }

    @Override
    public void misfired(Schedule schedule, long skipped) {
        meters(schedule).misfires.increment(skipped);
    }

    @Override
    public void overlapped(Schedule schedule, Instant nominal, String waitingFor) {
        meters(schedule).overlaps.increment();
    }

    private record Meters(Counter fires, Timer lateness, Counter misfires, Counter overlaps) {
    }

    private Meters meters(Schedule schedule) {
        return meters.computeIfAbsent(schedule.name(), name -> new Meters(
                Counter.builder("ebats.schedule.fires").description("Fires of a schedule, confirmed by the broker")
                        .tag("schedule", name).register(registry),
                Timer.builder("ebats.schedule.lateness").description("From a fire's nominal time to the broker's confirm")
                        .tag("schedule", name).publishPercentileHistogram().register(registry),
                Counter.builder("ebats.schedule.misfires")
                        .description("Nominal times missed while no process fired, left out by the misfire policy")
                        .tags("schedule", name, "policy", schedule.misfire().name().toLowerCase(Locale.ROOT))
                        .register(registry),
                Counter.builder("ebats.schedule.overlaps")
                        .description("Nominal times left unfired because the previous fire's task had not settled")
                        .tag("schedule", name).register(registry)));
    }
}
