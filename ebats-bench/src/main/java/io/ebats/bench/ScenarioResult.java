package io.ebats.bench;

/**
 * What one scenario measured in its timed round.
 *
 * @param scenario   the scenario
 * @param broker     the broker's product and version, e.g. {@code rabbitmq 3.10.8}
 * @param messages   messages sent in the timed round (N)
 * @param done       distinct messages done (handled and acknowledged)
 * @param duplicates messages done more than once
 * @param seconds    from the first publish to the last message done
 * @param throughput messages done per second over {@code seconds}
 * @param p50Millis  median latency, publish to acknowledgement after the handler
 * @param p99Millis  99th percentile latency
 * @param maxMillis  longest latency
 * @param error      why the scenario failed, or null
 */
public record ScenarioResult(Scenario scenario, String broker, int messages, int done, int duplicates,
                             double seconds, double throughput, double p50Millis, double p99Millis,
                             double maxMillis, String error) {

    /** Messages sent and never done: must be 0. */
    public int lost() {
        return messages - done;
    }

    /** True when every message was done and nothing failed. */
    public boolean ok() {
        return error == null && lost() == 0;
    }

    static ScenarioResult of(Scenario scenario, String broker, Round.Measurement m, String error) {
        return new ScenarioResult(scenario, broker, m.messages(), m.done(), m.duplicates(), m.seconds(),
                m.throughput(), m.p50Nanos() / 1e6, m.p99Nanos() / 1e6, m.maxNanos() / 1e6,
                error == null && m.failures() > 0 ? m.failures() + " attempts failed" : error);
    }

    static ScenarioResult failed(Scenario scenario, String broker, int messages, String error) {
        return new ScenarioResult(scenario, broker, messages, 0, 0, 0, 0, 0, 0, 0, error);
    }
}
