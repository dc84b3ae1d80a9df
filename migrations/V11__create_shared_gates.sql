-- Gates every replica shares, so that two replicas act as one operator.

-- The release rollout: at most N instances move their running apps to a new operator release at
-- once, and the rollout halts after repeated failures. One row per release; a slot per instance
-- being moved. A slot is the instance's, not the replica's: whichever replica next holds the
-- instance's lease continues with it. A slot older than the stale bound no longer counts (its
-- instance stopped needing the upgrade, e.g. it was pinned or deleted mid-way).
CREATE TABLE rollout_progress (
    release     text        PRIMARY KEY,
    done        integer     NOT NULL DEFAULT 0,
    failed      integer     NOT NULL DEFAULT 0,
    halted      boolean     NOT NULL DEFAULT false,
    started_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE rollout_slots (
    release       text        NOT NULL REFERENCES rollout_progress (release) ON DELETE CASCADE,
    instance_name text        NOT NULL,
    granted_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (release, instance_name)
);

-- Destructive intent from spec edits (an edit that removes an app or a service), recorded when a
-- pass first plans the removal and held for the deletion settle time like a tombstone, so that the
-- fleet brake counts a mass edit before the first removal runs. The row goes when the plan no
-- longer removes anything.
CREATE TABLE destructive_intents (
    instance_name text        PRIMARY KEY,
    generation    bigint      NOT NULL,
    what          text        NOT NULL,
    noticed_at    timestamptz NOT NULL
);

-- Which replica is running an owed restart, and until when that claim holds: another replica's
-- pass of the same instance does not ask for the same restart again meanwhile.
ALTER TABLE restarts_owed ADD COLUMN running_by text;
ALTER TABLE restarts_owed ADD COLUMN running_until timestamptz;

-- A replica that takes over an instance records the commands its previous holder left running
-- (it died, or lost its lease mid-command) as Interrupted, without waiting for that replica to
-- start again (it may never).
CREATE INDEX commands_in_flight_instance_idx ON commands_in_flight (instance_name);
