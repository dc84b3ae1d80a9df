-- Backups of instances' data: one row per attempt. A row is 'running' while its parts are streamed,
-- then 'complete' (every part stored, sizes and sha256 recorded) or 'failed'. Only complete rows are
-- offered for restore. The partial unique index is the claim: two replicas can never take a backup
-- of the same instance at once.
CREATE TABLE backups (
    id              text        PRIMARY KEY,
    instance_name   text        NOT NULL,
    tier            text        NOT NULL,
    reason          text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('running', 'complete', 'failed', 'deleted')),
    replica         text        NOT NULL,
    host            text,
    generation      bigint      NOT NULL,
    release         text,
    storage         text        NOT NULL,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    error           text
);

CREATE UNIQUE INDEX backups_one_running_idx ON backups (instance_name) WHERE status = 'running';
CREATE INDEX backups_instance_idx ON backups (instance_name, started_at DESC);

-- The parts of a backup (postgres, redis, volume:<name>), each with where it is stored, its size and sha256.
CREATE TABLE backup_parts (
    backup_id       text        NOT NULL REFERENCES backups (id) ON DELETE CASCADE,
    part            text        NOT NULL,
    kind            text        NOT NULL,
    source          text        NOT NULL,
    location        text        NOT NULL,
    size_bytes      bigint      NOT NULL,
    sha256          text        NOT NULL,
    PRIMARY KEY (backup_id, part)
);

-- An instance whose data is being restored shows phase Restoring.
ALTER TABLE instances DROP CONSTRAINT instances_phase_check;
ALTER TABLE instances ADD CONSTRAINT instances_phase_check CHECK (phase IN ('Pending', 'Provisioning', 'Ready',
    'Updating', 'Degraded', 'Suspended', 'Deleting', 'Deleted', 'Failed', 'Restoring'));
