-- Rotations of customer-facing credentials asked for with an Idempotency-Key: a retried request
-- with the same key rotates nothing again.
CREATE TABLE credential_rotations (
    instance_name   text        NOT NULL,
    name            text        NOT NULL,
    idempotency_key text        NOT NULL,
    actor           text        NOT NULL,
    rotated_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (instance_name, name, idempotency_key)
);
