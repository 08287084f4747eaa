package io.ebats.faults;

import io.ebats.BrokerSettings;
import io.ebats.Ebats;
import io.ebats.EbatsConfig;
import io.ebats.EventManager;
import java.time.Duration;

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
        Ebats ebats = Ebats.connect(EbatsConfig.defaults().withBroker(BrokerSettings.uri(args[0]))
                .withNamespace(args[1]).withDelayLevels(FaultRun.DELAY_LEVELS)
                .withPublishTimeout(Duration.ofSeconds(10)));
        ebats.startScheduler(new EventManager().register(EVENT, FaultWorkerMain.TASK, args[2]));
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
