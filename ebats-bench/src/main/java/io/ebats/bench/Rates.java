package io.ebats.bench;

import java.util.Arrays;

/** Rates of timed work, and the median of rounds: what the one-off benchmarks share. */
final class Rates {

    private Rates() {
    }

    /** Work timed as a whole. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /** Items a second of {@code work} handling {@code n} of them. */
    static double perSecond(int n, Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return n * 1e9 / (System.nanoTime() - start);
    }

    /** The middle value; of an even count, the mean of the two middle ones. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
