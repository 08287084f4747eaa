package io.ebats.bench;

/**
 * What one scenario measured in its timed rounds.
 *
 * @param scenario   the scenario
 * @param broker     the broker's product and version, e.g. {@code rabbitmq 3.10.8}
 * @param messages   messages sent in the timed rounds (N)
 * @param done       distinct messages done (handled and acknowledged)
 * @param duplicates messages done more than once
 * @param rounds     timed rounds the N messages were sent in: 1, or {@value Benchmark#PAIRED_ROUNDS} when
 *                   {@code direct} and {@code history} alternate
 * @param seconds    from the first publish to the last message done, summed over the rounds
 * @param throughput messages done per second over {@code seconds}
 * @param p50Millis  median latency, publish to acknowledgement after the handler
 * @param p99Millis  99th percentile latency
 * @param maxMillis  longest latency
 * @param error      why the scenario failed, or null
 * @param history    what the history store wrote, for the {@code history} scenario; null for the others
 */
public record ScenarioResult(Scenario scenario, String broker, int messages, int done, int duplicates,
                             int rounds, double seconds, double throughput, double p50Millis, double p99Millis,
                             double maxMillis, String error, HistoryWrites history) {

    /** Messages sent and never done: must be 0. */
    public int lost() {
        return messages - done;
    }

    /** True when every message was done, nothing failed and every history record was written. */
    public boolean ok() {
        return error == null && lost() == 0;
    }

    static ScenarioResult of(Scenario scenario, String broker, int rounds, Round.Measurement m, String error,
                             HistoryWrites history) {
        return new ScenarioResult(scenario, broker, m.messages(), m.done(), m.duplicates(), rounds, m.seconds(),
                m.throughput(), m.p50Nanos() / 1e6, m.p99Nanos() / 1e6, m.maxNanos() / 1e6,
                error == null && m.failures() > 0 ? m.failures() + " attempts failed" : error, history);
    }

    static ScenarioResult failed(Scenario scenario, String broker, int messages, String error) {
        return new ScenarioResult(scenario, broker, messages, 0, 0, 0, 0, 0, 0, 0, 0, error, null);
    }
}
