-- Desired state (spec, tombstone, repair requests) is written by the API;
-- status columns are written only by the reconcile loop.

CREATE SEQUENCE resource_version_seq;

CREATE TABLE instances (
    name                    text        PRIMARY KEY
                                        CHECK (name ~ '^[a-z][a-z0-9-]{1,28}[a-z0-9]$'),
    spec                    jsonb       NOT NULL CHECK (jsonb_typeof(spec) = 'object'),
    generation              bigint      NOT NULL DEFAULT 1,
    resource_version        bigint      NOT NULL DEFAULT nextval('resource_version_seq'),
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    generation_changed_at   timestamptz NOT NULL DEFAULT now(),
    deletion_requested_at   timestamptz,
    reconcile_requested_at  timestamptz,

    -- status (design.md section 4)
    phase                   text        NOT NULL DEFAULT 'Pending'
                                        CHECK (phase IN ('Pending', 'Provisioning', 'Ready', 'Updating',
                                                         'Degraded', 'Suspended', 'Deleting', 'Deleted',
                                                         'Failed')),
    observed_generation     bigint      NOT NULL DEFAULT 0,
    conditions              jsonb       NOT NULL DEFAULT '[]'::jsonb,
    host                    text,
    urls                    jsonb       NOT NULL DEFAULT '[]'::jsonb,
    last_reconcile_at       timestamptz,
    last_error_code         text,
    last_error_message      text,
    attempts                integer     NOT NULL DEFAULT 0,
    next_attempt_at         timestamptz,
    last_drift              jsonb,

    -- per-instance lease, so several operator replicas never reconcile one instance at once
    lease_holder            text,
    lease_expires_at        timestamptz
);

CREATE INDEX instances_tier_idx ON instances ((spec ->> 'tier'), name);
CREATE INDEX instances_phase_idx ON instances (phase, name);

-- The server owns generation and resource_version: whatever a writer sends for them is ignored.
-- generation counts spec changes, so a direct UPDATE of spec counts exactly like an API write.
-- resource_version (the ETag) changes with every change of desired state (spec, tombstone,
-- repair request) but not with status writes, so a read-modify-write only races other writers
-- of desired state, never the reconcile loop.
CREATE FUNCTION instances_before_write() RETURNS trigger
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
        OR NEW.reconcile_requested_at IS DISTINCT FROM OLD.reconcile_requested_at THEN
        NEW.resource_version := nextval('resource_version_seq');
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER instances_before_write
    BEFORE INSERT OR UPDATE ON instances
    FOR EACH ROW EXECUTE FUNCTION instances_before_write();

-- Wakes the reconcile loop (LISTEN instance_changed) with the instance name as payload whenever
-- desired state changes. Status writes do not notify, so the loop never wakes itself up.
CREATE FUNCTION instances_notify() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('instance_changed', OLD.name);
    ELSIF TG_OP = 'INSERT' OR NEW.resource_version IS DISTINCT FROM OLD.resource_version THEN
        PERFORM pg_notify('instance_changed', NEW.name);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER instances_notify
    AFTER INSERT OR UPDATE OR DELETE ON instances
    FOR EACH ROW EXECUTE FUNCTION instances_notify();
