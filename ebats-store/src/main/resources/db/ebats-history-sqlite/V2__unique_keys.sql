-- The unique keys of tasks (io.ebats.UniqueTasks): the primary key is what makes a key exact across creators, as
-- AMQP has no insert-if-absent. state is PENDING (claimed, the task not yet confirmed by the broker), QUEUED (the
-- task is queued, delayed, running or retrying) or SUCCEEDED (held until expires_at). A task that failed or died
-- deletes its key. Times are milliseconds since 1970-01-01T00:00Z, alike on every database, so that the release
-- computes expires_at = ? + window_ms in portable SQL. task_id is indexed: the history writer releases by task id.
CREATE TABLE ebats_unique_key (
    unique_key TEXT    NOT NULL PRIMARY KEY,
    task_id    TEXT    NOT NULL,
    state      TEXT    NOT NULL,
    claimed_at INTEGER NOT NULL,
    window_ms  INTEGER NOT NULL,
    expires_at INTEGER
);

CREATE INDEX ebats_unique_key_task_id ON ebats_unique_key (task_id);
