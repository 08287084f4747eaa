package io.ebats;

import java.time.Duration;

/**
 * A worker in a JVM of its own, for {@link WorkerLifecycleIT}: its handler reports the task on stdout and then
 * blocks, so the test can kill the JVM (kill -9) in the middle of the task. It exits by itself when its stdin
 * closes, so it never outlives the test JVM.
 *
 * <p>Arguments: broker URI, namespace, delay levels, topic, task name.
 */
public final class BlockingWorkerMain {

    private BlockingWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // wait for the parent to go away
                }
            } catch (Exception ignored) {
                // parent gone
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        EbatsConfig config = EbatsConfig.builder()
                .broker(BrokerSettings.uri(args[0]))
                .namespace(args[1])
                .delayLadder(args[1] + ".ladder")
                .delayLevels(Integer.parseInt(args[2]))
                .publishTimeout(Duration.ofSeconds(5))
                .build();
        Ebats ebats = Ebats.connect(config);
        ebats.worker().topic(args[3]).concurrency(1)
                .handle(args[4], (params, ctx) -> {
                    System.out.println("STARTED " + ctx.taskId());
                    System.out.flush();
                    Thread.sleep(Long.MAX_VALUE);
                })
                .start();
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
