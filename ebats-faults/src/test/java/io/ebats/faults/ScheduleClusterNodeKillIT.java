package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 10c: a three-node RabbitMQ cluster on loopback; two processes run the same schedule (every second,
 * misfire {@code all}); the node that leads the quorum queue {@code {ns}.schedules} (the state and the lock) is
 * killed with {@code kill -9}. The queue elects another leader, the state is still there, and the firing goes on
 * (after a reconnect, for processes that were connected to the lost node) without missing a nominal time.
 */
class ScheduleClusterNodeKillIT extends ScheduleFaultRun {

    @TempDir
    Path home;
    private LoopbackCluster cluster;

    @Override
    void startBroker() throws Exception {
        cluster = LoopbackCluster.start("schedclu", home);
    }

    @Override
    String brokerUri() {
        return cluster.uri();
    }

    /** The cluster is thrown away with its data (see {@link LoopbackCluster}). */
    @Override
    boolean deletesTopologyAfter() {
        return false;
    }

    @Override
    void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void losingTheNodeThatLeadsTheSchedulesQueueMissesNoNominalTime() throws Exception {
        startBeatWorker();
        List<ChildJvm> two = startScheduleProcesses("schedules-1", "schedules-2");
        awaitTimesRun(8);
        ChildJvm firing = awaitFiring(two, WAIT);
        String leader = schedulesLeader(cluster.nodes().getFirst());
        RabbitNode victim = cluster.nodes().stream().filter(n -> n.nodeName().equals(leader)).findFirst()
                .orElseThrow(() -> new AssertionError("leader " + leader + " is not a node of the cluster"));

        Instant killing = Instant.now();
        victim.kill();
        Instant killed = Instant.now();
        Instant next = nominalAfter(killed);
        Instant nextRan = awaitRun(next, Duration.ofSeconds(60));
        RabbitNode survivor = cluster.nodes().stream().filter(n -> n != victim).findFirst().orElseThrow();
        String newLeader = await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> schedulesLeader(survivor), l -> !l.isBlank() && !l.equals(leader));
        ChildJvm firingAfter = awaitFiring(two, WAIT);

        Tally tally = finish(next.plusSeconds(15));
        long recoveryMillis = millis(next, nextRan);
        assertEveryTimeRanOnceExceptOneAround(tally, killing, killed);
        long retried = unconfirmedFires(two, tally);
        assertThat(recoveryMillis).as("the first nominal time after the kill ran after, in ms")
                .isLessThan(LATE.toMillis());
        FaultReport.row("10c. kill -9 of the cluster node leading the schedules' quorum queue (schedule every 1 s,"
                        + " misfire all, two processes, three nodes)", tally.times(), tally.missed().size(),
                tally.twice().size(),
                "the first time after the kill ran " + recoveryMillis + " ms after it; leader "
                        + shortName(leader) + " -> " + shortName(newLeader) + "; fired by " + firing.name()
                        + (firingAfter == firing ? " before and after" : " before, " + firingAfter.name() + " after")
                        + "; latest run " + mostLateMillis(tally.first(), tally.last()) + " ms after its time; "
                        + "unconfirmed fires tried again a second later: " + retried);
    }

    /** The node leading quorum queue {@code {ns}.schedules}, as {@code rabbitmqctl list_queues name leader} says. */
    private String schedulesLeader(RabbitNode via) throws Exception {
        String queue = namespace + ".schedules";
        String listing = via.ctl(Duration.ofSeconds(30), "list_queues", "--silent", "name", "leader");
        return listing.lines().map(String::trim).map(l -> l.split("\\s+")).filter(f -> f[0].equals(queue))
                .map(f -> f.length > 1 ? f[1] : "").findFirst()
                .orElseThrow(() -> new AssertionError(queue + " not listed: " + listing));
    }

    private static String shortName(String node) {
        return node.contains("@") ? node.substring(0, node.indexOf('@')) : node;
    }
}
