-- Dokku commands running now: a row is written before each command and removed after it. A row that
-- outlives its replica (kill -9, a crash, a power cut) is a command whose outcome nobody saw; the
-- replica's next start records it as an 'Interrupted' event, so the audit trail has intent, outcome
-- or interruption for every command.
CREATE TABLE commands_in_flight (
    id              bigserial   PRIMARY KEY,
    instance_name   text        NOT NULL,
    replica         text        NOT NULL,
    command         text        NOT NULL,
    generation      bigint      NOT NULL,
    started_at      timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX commands_in_flight_replica_idx ON commands_in_flight (replica);
