package io.ebats.store;
import java.time.Instant;


/**
 * How many attempts ended each way in one time bucket.
 *
 * @param at        the start of the bucket
 * @param succeeded attempts that succeeded
 * @param retrying  attempts that failed and were scheduled again
 * @param failed    attempts that threw a task exception (dead-lettered)
 * @param dead      attempts dead-lettered for another reason (attempts exhausted, unknown task, malformed)
 */
public record OutcomeCounts(Instant at, long succeeded, long retrying, long failed, long dead) {

    /** All attempts of the bucket. */
    public long total() {
        return succeeded + retrying + failed + dead;
    }
}
