-- Approvals of destructive plans, for tiers whose policy asks for one (tiers.yaml `approval: true`).
-- A pass that would remove apps or services of such an instance records the plan's hash here and
-- holds the removal (Synced=False/AwaitingApproval); POST /api/v1/instances/{name}/approve with that
-- hash approves exactly that plan until expires_at. The rows of an instance go once its approved
-- removal ran, and with the instance's purge.
CREATE TABLE approvals (
    instance_uid    uuid        NOT NULL,
    plan_hash       text        NOT NULL CHECK (plan_hash ~ '^[0-9a-f]{32}$'),
    instance_name   text        NOT NULL,
    generation      bigint      NOT NULL,
    what            text        NOT NULL,
    requested_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    approved_by     text,
    approved_at     timestamptz,
    expires_at      timestamptz,
    PRIMARY KEY (instance_uid, plan_hash),
    CHECK ((approved_at IS NULL) = (expires_at IS NULL) AND (approved_at IS NULL) = (approved_by IS NULL))
);

CREATE INDEX approvals_instance_name_idx ON approvals (instance_name);
