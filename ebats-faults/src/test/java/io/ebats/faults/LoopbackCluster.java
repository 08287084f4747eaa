package io.ebats.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Three RabbitMQ nodes on loopback joined in one cluster, for the scenarios that lose a node. It is thrown away
 * with its data afterwards rather than cleaned: deleting a namespace's quorum queues while one member is down took
 * some 100 s on the build machine, so its scenarios do not delete their topology.
 */
final class LoopbackCluster implements AutoCloseable {

    private final List<RabbitNode> nodes = new ArrayList<>();

    private LoopbackCluster() {
    }

    /** Starts nodes {@code {prefix}a}, {@code b} and {@code c} under {@code home} and joins b and c to a. */
    static LoopbackCluster start(String prefix, Path home) throws Exception {
        LoopbackCluster cluster = new LoopbackCluster();
        try {
            for (String suffix : List.of("a", "b", "c")) {
                cluster.nodes.add(RabbitNode.start(prefix + suffix, home, List.of()));
            }
            RabbitNode first = cluster.nodes.getFirst();
            cluster.nodes.get(1).joinCluster(first);
            cluster.nodes.get(2).joinCluster(first);
            String status = first.ctl(Duration.ofSeconds(30), "cluster_status");
            for (RabbitNode node : cluster.nodes) {
                assertThat(status).contains(node.nodeName());
            }
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    /** The nodes, the first (where most connections go) first. */
    List<RabbitNode> nodes() {
        return nodes;
    }

    /** A broker URI naming every node. */
    String uri() {
        return "addresses:" + String.join(",", nodes.stream().map(RabbitNode::address).toList());
    }

    /** Stops every node that is still running, also when one of them fails to. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        for (RabbitNode node : nodes) {
            try {
                node.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
