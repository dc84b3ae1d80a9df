-- Soft delete, undelete, purge and name reuse.
--
-- A DELETE no longer destroys anything at once: it sets the tombstone and the time the instance
-- will be purged (deletion_requested_at + the tier's grace period). Until then the instance is
-- Terminating: its apps are stopped and its data kept, and an undelete clears both columns. The
-- reconciler claims the purge with the database's clock (purge_started_at), so an undelete and a
-- purge can never both win; after the final backup and the teardown, the row moves to
-- deleted_instances and the name is free for a new instance with a new uid.
--
-- Every instance has a uid that never changes; the audit trail and the backups carry it, so an
-- old instance's events and backups stay readable after its name was used again.

ALTER TABLE instances ADD COLUMN uid uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE instances ADD CONSTRAINT instances_uid_key UNIQUE (uid);
ALTER TABLE instances ADD COLUMN purge_at timestamptz;
ALTER TABLE instances ADD COLUMN purge_started_at timestamptz;

-- Deletions requested before this version were already being carried out at once.
UPDATE instances SET purge_at = deletion_requested_at, purge_started_at = deletion_requested_at
 WHERE deletion_requested_at IS NOT NULL;

ALTER TABLE instances ADD CONSTRAINT instances_purge_check
    CHECK ((deletion_requested_at IS NULL) = (purge_at IS NULL)
           AND (purge_started_at IS NULL OR purge_at IS NOT NULL));

ALTER TABLE instances DROP CONSTRAINT instances_phase_check;
ALTER TABLE instances ADD CONSTRAINT instances_phase_check CHECK (phase IN ('Pending', 'Provisioning', 'Ready',
    'Updating', 'Degraded', 'Suspended', 'Terminating', 'Deleting', 'Deleted', 'Failed', 'Restoring'));

-- As in V1, plus: the uid never changes, and a change of the purge time is a change of desired state.
CREATE OR REPLACE FUNCTION instances_before_write() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.generation := 1;
        NEW.resource_version := nextval('resource_version_seq');
        NEW.created_at := now();
        NEW.updated_at := now();
        NEW.generation_changed_at := now();
        RETURN NEW;
    END IF;

    NEW.uid := OLD.uid;
    NEW.generation := OLD.generation;
    NEW.resource_version := OLD.resource_version;
    NEW.created_at := OLD.created_at;
    NEW.generation_changed_at := OLD.generation_changed_at;
    IF NEW.spec IS DISTINCT FROM OLD.spec THEN
        NEW.generation := OLD.generation + 1;
        NEW.generation_changed_at := now();
    END IF;
    IF NEW.spec IS DISTINCT FROM OLD.spec
        OR NEW.deletion_requested_at IS DISTINCT FROM OLD.deletion_requested_at
        OR NEW.purge_at IS DISTINCT FROM OLD.purge_at
        OR NEW.reconcile_requested_at IS DISTINCT FROM OLD.reconcile_requested_at THEN
        NEW.resource_version := nextval('resource_version_seq');
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END;
$$;

-- Purged instances: the last state of the row, kept for the audit trail (no secrets: those are
-- deleted with the purge).
CREATE TABLE deleted_instances (
    uid                     uuid        PRIMARY KEY,
    name                    text        NOT NULL,
    spec                    jsonb       NOT NULL,
    generation              bigint      NOT NULL,
    created_at              timestamptz NOT NULL,
    deletion_requested_at   timestamptz,
    purge_started_at        timestamptz,
    purged_at               timestamptz NOT NULL DEFAULT clock_timestamp(),
    host                    text,
    conditions              jsonb       NOT NULL DEFAULT '[]'::jsonb,
    urls                    jsonb       NOT NULL DEFAULT '[]'::jsonb
);

CREATE INDEX deleted_instances_name_idx ON deleted_instances (name, purged_at DESC);

-- The audit trail and the backups name the instance's uid. A row written without one gets the uid
-- of the live instance of that name, so no writer has to look it up.
ALTER TABLE events ADD COLUMN instance_uid uuid;
ALTER TABLE backups ADD COLUMN instance_uid uuid;

CREATE FUNCTION fill_instance_uid() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.instance_uid IS NULL THEN
        NEW.instance_uid := (SELECT uid FROM instances WHERE name = NEW.instance_name);
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER events_fill_instance_uid
    BEFORE INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION fill_instance_uid();

CREATE TRIGGER backups_fill_instance_uid
    BEFORE INSERT ON backups
    FOR EACH ROW EXECUTE FUNCTION fill_instance_uid();

-- Instances already destroyed move to the archive (their events and backups with them).
INSERT INTO deleted_instances (uid, name, spec, generation, created_at, deletion_requested_at, purge_started_at,
                               purged_at, host, conditions, urls)
SELECT uid, name, spec, generation, created_at, deletion_requested_at, purge_started_at,
       coalesce(last_reconcile_at, updated_at), host, conditions, urls
  FROM instances WHERE phase = 'Deleted';

ALTER TABLE events DISABLE TRIGGER events_append_only;
UPDATE events e SET instance_uid = i.uid FROM instances i WHERE i.name = e.instance_name;
ALTER TABLE events ENABLE TRIGGER events_append_only;
UPDATE backups b SET instance_uid = i.uid FROM instances i WHERE i.name = b.instance_name;

DELETE FROM instance_secrets WHERE instance_name IN (SELECT name FROM instances WHERE phase = 'Deleted');
DELETE FROM created_objects WHERE instance_name IN (SELECT name FROM instances WHERE phase = 'Deleted');
DELETE FROM restarts_owed WHERE instance_name IN (SELECT name FROM instances WHERE phase = 'Deleted');
DELETE FROM tls_attempts WHERE instance_name IN (SELECT name FROM instances WHERE phase = 'Deleted');
DELETE FROM destructive_intents WHERE instance_name IN (SELECT name FROM instances WHERE phase = 'Deleted');
DELETE FROM credential_rotations WHERE instance_name IN (SELECT name FROM instances WHERE phase = 'Deleted');
DELETE FROM instances WHERE phase = 'Deleted';

CREATE INDEX events_instance_uid_idx ON events (instance_uid, id DESC);
CREATE INDEX backups_instance_uid_idx ON backups (instance_uid, started_at DESC);
CREATE INDEX instances_purge_due_idx ON instances (purge_at) WHERE purge_at IS NOT NULL;
