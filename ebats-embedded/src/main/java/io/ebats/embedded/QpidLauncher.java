package io.ebats.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.configuration.updater.TaskExecutor;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.State;
import org.apache.qpid.server.model.SystemConfig;
import org.apache.qpid.server.model.VirtualHostNode;

/** One run of Qpid's {@link SystemLauncher}: start, check that everything came up, stop. */
final class QpidLauncher extends SystemLauncherListener.DefaultSystemLauncherListener {

    private final SystemLauncher launcher = new SystemLauncher(this);
    private volatile SystemConfig<?> systemConfig;
    private volatile RuntimeException startupError;

    private QpidLauncher() {
    }

    /**
     * Starts Qpid and returns once its virtual host is active and its AMQP port bound.
     *
     * @throws EmbeddedBrokerException after stopping whatever had started
     */
    static QpidLauncher start(Map<String, Object> systemAttributes) {
        QpidLauncher qpid = new QpidLauncher();
        try {
            qpid.launcher.startup(systemAttributes);
            qpid.checkStarted();
            return qpid;
        } catch (Exception e) {
            qpid.stopAfterFailure();
            throw e instanceof EmbeddedBrokerException failure ? failure
                    : new EmbeddedBrokerException(String.valueOf(e.getMessage()), e);
        }
    }

    /** The port the AMQP listener is bound to. */
    int boundPort() {
        for (Port<?> port : broker().getPorts()) {
            if (port.getBoundPort() > 0) {
                return port.getBoundPort();
            }
        }
        throw new EmbeddedBrokerException("Qpid started without a bound AMQP port");
    }

    /** Stops the broker and waits for it (Qpid waits up to 30 s). */
    void stop() {
        launcher.shutdown();
    }

    @Override
    public void onContainerResolve(SystemConfig<?> config) {
        systemConfig = config;
    }

    @Override
    public void errorOnStartup(RuntimeException e) {
        startupError = e;
    }

    private void checkStarted() {
        if (startupError != null) {
            throw new EmbeddedBrokerException(String.valueOf(startupError.getMessage()), startupError);
        }
        for (VirtualHostNode<?> node : broker().getVirtualHostNodes()) {
            boolean active = node.getState() == State.ACTIVE && node.getVirtualHost() != null
                    && node.getVirtualHost().getState() == State.ACTIVE;
            if (!active) {
                throw new EmbeddedBrokerException("the message store did not open (virtual host node "
                        + node.getName() + " is " + node.getState() + "); Qpid logged the reason");
            }
        }
        boundPort();
    }

    private Broker<?> broker() {
        if (systemConfig == null) {
            throw new EmbeddedBrokerException("Qpid started without a system configuration");
        }
        return (Broker<?>) systemConfig.getContainer(Broker.class);
    }

    /** A node that failed to open keeps its own non-daemon executor running past the shutdown. */
    private void stopAfterFailure() {
        List<TaskExecutor> nodeExecutors = new ArrayList<>();
        try {
            if (systemConfig != null && systemConfig.getContainer() != null) {
                broker().getVirtualHostNodes().forEach(node -> nodeExecutors.add(node.getChildExecutor()));
            }
        } catch (RuntimeException ignored) {
            // nothing more to clean up than what the shutdown does
        }
        try {
            launcher.shutdown();
        } finally {
            nodeExecutors.forEach(executor -> {
                if (executor != null && executor.isRunning()) {
                    executor.stopImmediately();
                }
            });
        }
    }
}
