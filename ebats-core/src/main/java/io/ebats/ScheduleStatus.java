package io.ebats;

import java.time.Instant;

/**
 * A schedule as the process that fires it has it.
 *
 * @param name       the schedule's name
 * @param timing     when it fires: {@code every 2s} or {@code cron "*&#47;5 * * * *" Europe/Berlin}
 * @param fires      what it fires: {@code event order_sweep} or {@code task demo/diag.noop}
 * @param misfire    its misfire policy
 * @param lastFire   the last nominal time fired; null when it never fired
 * @param lastFireId the id of that fire; null when it never fired
 * @param nextFire   the next nominal time; null when there is none
 * @param paused     whether it is paused
 */
public record ScheduleStatus(String name, String timing, String fires, Schedule.Misfire misfire, Instant lastFire,
                             String lastFireId, Instant nextFire, boolean paused) {
}
