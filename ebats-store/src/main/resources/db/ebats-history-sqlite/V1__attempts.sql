-- One row per attempt of a task, on SQLite: the table of db/ebats-history after its migrations, in SQLite's types.
-- id is the rowid; started_at is in microseconds since 1970-01-01T00:00Z, which SQLite compares as integers.
CREATE TABLE ebats_attempt (
    id            INTEGER PRIMARY KEY,
    task_id       TEXT    NOT NULL,
    event_id      TEXT,
    topic         TEXT    NOT NULL,
    task_name     TEXT    NOT NULL,
    params        TEXT,
    outcome       TEXT    NOT NULL,
    attempt       INTEGER NOT NULL,
    worker        TEXT,
    started_at    INTEGER NOT NULL,
    duration_ms   INTEGER NOT NULL,
    error_class   TEXT,
    error_message TEXT,
    error_stack   TEXT
);

CREATE INDEX ebats_attempt_task_id ON ebats_attempt (task_id);
CREATE INDEX ebats_attempt_event_id ON ebats_attempt (event_id);
CREATE INDEX ebats_attempt_started_at ON ebats_attempt (started_at);
