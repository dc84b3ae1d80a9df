-- A subscription of the SaaS platform provisions at most one live instance: no two instances
-- without a deletion tombstone may carry the same spec.subscriptionId, whoever writes them (API,
-- signed webhook, or a direct SQL edit). A tombstoned instance keeps its id, so a canceled
-- subscription can be found while its teardown runs, and a new instance may take the id over.
CREATE UNIQUE INDEX instances_subscription_live_idx
    ON instances ((spec ->> 'subscriptionId'))
    WHERE deletion_requested_at IS NULL AND spec ->> 'subscriptionId' IS NOT NULL;

-- The list filter (?subscriptionId=) also finds tombstoned instances.
CREATE INDEX instances_subscription_idx
    ON instances ((spec ->> 'subscriptionId'), name)
    WHERE spec ->> 'subscriptionId' IS NOT NULL;
