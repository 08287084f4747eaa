package io.ebats.spring;

import io.ebats.Ebats;
import io.ebats.Worker;
import java.util.Locale;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of ebats in this application, from what the {@link Ebats} instance and the worker know locally
 * (no round trip to the broker, so it answers in microseconds): DOWN when the connection is closed or recovering, or
 * when the worker stopped without being asked to; OUT_OF_SERVICE while the worker shuts down; UP otherwise.
 * Details: the broker's type and version, the namespace, the worker's topics and the tasks running per topic.
 *
 * <p>Thread-safe.
 */
final class EbatsHealthIndicator implements HealthIndicator {

    private final Ebats ebats;
    private final EbatsWorkerLifecycle worker;

    /** {@code worker} may be null when the application defines no worker lifecycle. */
    EbatsHealthIndicator(Ebats ebats, EbatsWorkerLifecycle worker) {
        this.ebats = ebats;
        this.worker = worker;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up()
                .withDetail("brokerType", ebats.brokerType().name().toLowerCase(Locale.ROOT))
                .withDetail("brokerVersion", ebats.brokerVersion())
                .withDetail("namespace", ebats.config().namespace());
        EbatsLifecycle.State state = worker == null ? EbatsLifecycle.State.NOT_STARTED : worker.state();
        Worker running = worker == null ? null : worker.worker();
        health.withDetail("worker", state.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        if (running != null) {
            health.withDetail("topics", worker.topics());
            health.withDetail("inFlight", new TreeMap<>(running.presence().inFlight()));
        }
        if (!ebats.isConnected()) {
            return health.down().withDetail("reason", "the connection to the broker is closed").build();
        }
        if (state == EbatsLifecycle.State.RUNNING && running != null && !running.isRunning()) {
            return health.down().withDetail("reason", "the worker stopped unexpectedly").build();
        }
        if (state == EbatsLifecycle.State.STOPPING) {
            return health.outOfService().withDetail("reason", "the worker is shutting down").build();
        }
        return health.build();
    }
}
