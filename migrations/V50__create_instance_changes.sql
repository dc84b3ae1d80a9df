-- The watch's change log: one row per meaningful change of an instance row (desired state or
-- status), written by a trigger in the writer's transaction, whoever the writer is (API, loop, SQL).
--
-- A change gets its watch position (version) only after it committed: the operator's watch reader
-- numbers pending rows in id order while holding the lock on watch_position, so positions become
-- visible in increasing order and a reader that has seen position N has seen every change at or
-- before N. (A sequence value taken inside the writer's transaction could commit after a larger one.)
CREATE TABLE instance_changes (
    id          bigserial   PRIMARY KEY,
    version     bigint      UNIQUE,
    name        text        NOT NULL,
    type        text        NOT NULL CHECK (type IN ('ADDED', 'MODIFIED', 'DELETED')),
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- what a filtered watch compares with its filter before the change (null for ADDED)
    old_tier    text,
    old_phase   text,
    -- the row after the change (before it, for DELETED), lease columns left out
    snapshot    jsonb       NOT NULL
);

CREATE INDEX instance_changes_pending_idx ON instance_changes (id) WHERE version IS NULL;

-- assigned: the last position given out (the watch position a listing reports);
-- pruned_through: changes at or before it may be gone, so a watch cannot resume from there.
CREATE TABLE watch_position (
    singleton       boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    assigned        bigint  NOT NULL DEFAULT 0,
    pruned_through  bigint  NOT NULL DEFAULT 0
);
INSERT INTO watch_position DEFAULT VALUES;

CREATE FUNCTION instances_record_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO instance_changes (name, type, snapshot)
        VALUES (NEW.name, 'ADDED', to_jsonb(NEW) - 'lease_holder' - 'lease_expires_at');
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO instance_changes (name, type, old_tier, old_phase, snapshot)
        VALUES (NEW.name, 'MODIFIED', OLD.spec ->> 'tier', OLD.phase,
                to_jsonb(NEW) - 'lease_holder' - 'lease_expires_at');
    ELSE
        INSERT INTO instance_changes (name, type, old_tier, old_phase, snapshot)
        VALUES (OLD.name, 'DELETED', OLD.spec ->> 'tier', OLD.phase,
                to_jsonb(OLD) - 'lease_holder' - 'lease_expires_at');
    END IF;
    -- One notification per transaction (identical payloads are folded), delivered at commit.
    PERFORM pg_notify('instance_watch', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER instances_record_change_insert
    AFTER INSERT ON instances
    FOR EACH ROW EXECUTE FUNCTION instances_record_change();

-- Lease claims and renewals, last_reconcile_at (written by every pass) and ready_generation (not
-- shown) are no change a watcher could see; every other column is (desired state and status, and any
-- column added later unless it is left out here too).
CREATE TRIGGER instances_record_change_update
    AFTER UPDATE ON instances
    FOR EACH ROW
    WHEN ((to_jsonb(NEW) - 'lease_holder' - 'lease_expires_at' - 'last_reconcile_at' - 'ready_generation')
          IS DISTINCT FROM (to_jsonb(OLD) - 'lease_holder' - 'lease_expires_at' - 'last_reconcile_at'
                                          - 'ready_generation'))
    EXECUTE FUNCTION instances_record_change();

CREATE TRIGGER instances_record_change_delete
    AFTER DELETE ON instances
    FOR EACH ROW EXECUTE FUNCTION instances_record_change();
