-- The cancels of tasks (io.ebats.Cancellations): a task whose id is here does not run when it arrives at a worker
-- that reads this table, and a run of it is interrupted. The primary key makes the first of concurrent cancels the
-- one recorded. cancelled_at is in milliseconds since 1970-01-01T00:00Z. A row is deleted once it is older than the
-- history's retention and its task's end is recorded.
CREATE TABLE ebats_cancellation (
    task_id      VARCHAR(255) NOT NULL PRIMARY KEY,
    cancelled_at BIGINT       NOT NULL
);
