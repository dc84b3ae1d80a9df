-- The audit trail: one row per API write and, later, per Dokku write. Append-only.
-- No foreign key on purpose: the trail outlives the instance row.

CREATE TABLE events (
    id              bigserial   PRIMARY KEY,
    instance_name   text        NOT NULL,
    at              timestamptz NOT NULL DEFAULT clock_timestamp(),
    type            text        NOT NULL CHECK (type IN ('Normal', 'Warning')),
    reason          text        NOT NULL,
    message         text        NOT NULL,
    command         text,
    exit_code       integer,
    duration_ms     bigint,
    actor           text        NOT NULL,
    generation      bigint
);

CREATE INDEX events_instance_idx ON events (instance_name, id DESC);

CREATE FUNCTION events_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'events are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER events_append_only
    BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only();
