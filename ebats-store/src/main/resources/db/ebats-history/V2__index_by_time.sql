-- The attempts are found by task id, by event id, or newest first within a time range (the runs list, the
-- throughput chart and the retention's delete, with topic and outcome filtered along the way): one index on
-- started_at serves all of those, where the two it replaces served only a topic or an outcome. Every index is
-- written on every attempt, so there are three, not four.
DROP INDEX ebats_attempt_topic_started;
DROP INDEX ebats_attempt_outcome;
CREATE INDEX ebats_attempt_started_at ON ebats_attempt (started_at);
