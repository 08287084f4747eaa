package io.ebats.faults;

import io.ebats.Ebats;
import io.ebats.EventManager;

/**
 * A scheduler in a JVM of its own: event {@value #EVENT} becomes task {@value FaultWorkerMain#TASK} on the topic.
 * It halts when its stdin closes.
 *
 * <p>Arguments: broker URI, namespace, topic.
 */
public final class FaultSchedulerMain {

    static final String EVENT = "fault_event";

    private FaultSchedulerMain() {
    }

    public static void main(String[] args) throws Exception {
        ChildJvm.haltWhenParentGoes();
        Ebats ebats = Ebats.connect(FaultRun.config(args[0], args[1]));
        ebats.startScheduler(new EventManager().register(EVENT, FaultWorkerMain.TASK, args[2]));
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
