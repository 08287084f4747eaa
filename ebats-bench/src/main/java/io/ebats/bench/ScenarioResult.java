package io.ebats.bench;

/**
 * What one scenario measured in its timed rounds.
 *
 * @param scenario   the scenario
 * @param broker     the broker's product and version, e.g. {@code rabbitmq 3.10.8}
 * @param messages   tasks sent in the timed rounds: N, or N × {@value EventsWorkload.FANOUT_TASKS} for {@code fanout}
 * @param done       distinct tasks done (handled and acknowledged)
 * @param duplicates tasks done more than once
 * @param rounds     timed rounds the N messages were sent in: 1, or {@value Benchmark#PAIRED_ROUNDS} when
 *                   {@code baseline}, {@code direct} and {@code history} alternate
 * @param seconds    from the first publish to the last message done, summed over the rounds
 * @param throughput tasks done per second over {@code seconds}
 * @param p50Millis  median latency, publish to acknowledgement after the handler (of an event's last task for
 *                   {@code fanout}); for {@code delay} the lateness, from when the task was due
 * @param p99Millis  99th percentile latency
 * @param maxMillis  longest latency
 * @param error      why the scenario failed, or null
 * @param history    what the history store wrote, for the {@code history} scenario; null for the others
 * @param peakRss    the bench JVM's peak resident set while the scenario (with those measured together with it)
 *                   ran; null when not known
 * @param cpu        CPU spent during the timed rounds; null when not measured
 */
public record ScenarioResult(Scenario scenario, String broker, int messages, int done, int duplicates,
                             int rounds, double seconds, double throughput, double p50Millis, double p99Millis,
                             double maxMillis, String error, HistoryWrites history, PeakRss peakRss, CpuUse cpu) {

    /** A result without a peak resident set. */
    public ScenarioResult(Scenario scenario, String broker, int messages, int done, int duplicates, int rounds,
                          double seconds, double throughput, double p50Millis, double p99Millis, double maxMillis,
                          String error, HistoryWrites history) {
        this(scenario, broker, messages, done, duplicates, rounds, seconds, throughput, p50Millis, p99Millis,
                maxMillis, error, history, null, null);
    }

    /** A result without the CPU it spent. */
    public ScenarioResult(Scenario scenario, String broker, int messages, int done, int duplicates, int rounds,
                          double seconds, double throughput, double p50Millis, double p99Millis, double maxMillis,
                          String error, HistoryWrites history, PeakRss peakRss) {
        this(scenario, broker, messages, done, duplicates, rounds, seconds, throughput, p50Millis, p99Millis,
                maxMillis, error, history, peakRss, null);
    }

    /** Events done per second: the throughput over the tasks each event turns into. */
    public double eventsPerSecond() {
        return throughput / scenario.tasksPerMessage();
    }

    /** The same result with the peak resident set measured around it. */
    public ScenarioResult withPeakRss(PeakRss peak) {
        return new ScenarioResult(scenario, broker, messages, done, duplicates, rounds, seconds, throughput,
                p50Millis, p99Millis, maxMillis, error, history, peak, cpu);
    }

    /** The same result with the CPU spent in its timed rounds. */
    ScenarioResult withCpu(CpuUse spent) {
        return new ScenarioResult(scenario, broker, messages, done, duplicates, rounds, seconds, throughput,
                p50Millis, p99Millis, maxMillis, error, history, peakRss, spent);
    }

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

    /** A scenario that failed before its {@code count} messages were all sent. */
    static ScenarioResult failed(Scenario scenario, String broker, int count, String error) {
        return new ScenarioResult(scenario, broker, count * scenario.tasksPerMessage(), 0, 0, 0, 0, 0, 0, 0, 0, error,
                null);
    }
}
