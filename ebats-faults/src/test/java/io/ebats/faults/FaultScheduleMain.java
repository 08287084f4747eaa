package io.ebats.faults;

import io.ebats.Ebats;
import io.ebats.Schedule;
import io.ebats.ScheduleRunner;
import java.time.Duration;
import java.util.List;

/**
 * A process running the schedules of the fault scenarios in a JVM of its own: schedule {@value #SCHEDULE}, every
 * second, fires task {@value #TASK} on the topic, misfire {@code all}. Any number of them run at once; the broker
 * lets one fire. Each change of {@link ScheduleRunner#firing()} is printed as {@code FIRING} or {@code STANDBY}
 * with the epoch millisecond it was seen at; the firing process also logs {@code schedules: this process fires} at
 * INFO (logback-test.xml). It halts when its stdin closes.
 *
 * <p>Arguments: broker URI (or {@code addresses:…}), namespace, topic.
 */
public final class FaultScheduleMain {

    static final String SCHEDULE = "heartbeat";
    static final String TASK = "beat";
    static final String FIRING = "FIRING";
    static final String STANDBY = "STANDBY";

    private FaultScheduleMain() {
    }

    static Schedule heartbeat(String topic) {
        return Schedule.every(SCHEDULE, Duration.ofSeconds(1)).task(topic, TASK, null)
                .misfire(Schedule.Misfire.ALL).build();
    }

    public static void main(String[] args) throws Exception {
        ChildJvm.haltWhenParentGoes();
        Ebats ebats = Ebats.connect(FaultRun.config(args[0], args[1]));
        ScheduleRunner runner = ebats.startSchedules(List.of(heartbeat(args[2])));
        System.out.println("READY");
        System.out.flush();
        boolean firing = false;
        while (true) {
            boolean now = runner.firing();
            if (now != firing) {
                firing = now;
                System.out.println((firing ? FIRING : STANDBY) + " " + System.currentTimeMillis());
                System.out.flush();
            }
            Thread.sleep(10);
        }
    }
}
