-- Intent rows: the Dokku objects (apps and services) this operator is about to create for an
-- instance, written before the create command runs. An object the operator finds under one of its
-- names is provably its own when such a row exists (or, for an app, when it carries the ownership
-- marker); anything else is left alone and reported as a Conflict. Replaces reading the intent out of
-- 'CreatingApp' event messages; those are carried over here.
CREATE TABLE created_objects (
    instance_name   text        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('app', 'postgres', 'redis')),
    name            text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (instance_name, name)
);

INSERT INTO created_objects (instance_name, kind, name)
SELECT DISTINCT instance_name, 'app', substring(message FROM '^creating app ([a-z0-9.-]+)')
  FROM events
 WHERE reason = 'CreatingApp' AND substring(message FROM '^creating app ([a-z0-9.-]+)') IS NOT NULL
ON CONFLICT DO NOTHING;

-- Services of instances provisioned before intent rows existed were created by this operator under
-- the default names of templates/instance.yaml: recorded here so that such a service, if someone
-- unlinks it, is linked again rather than taken for a stranger's.
INSERT INTO created_objects (instance_name, kind, name)
SELECT name, 'postgres', 'mr-' || name || '-db' FROM instances WHERE observed_generation > 0 AND phase <> 'Deleted'
ON CONFLICT DO NOTHING;
INSERT INTO created_objects (instance_name, kind, name)
SELECT name, 'redis', 'mr-' || name || '-redis' FROM instances WHERE observed_generation > 0 AND phase <> 'Deleted'
ON CONFLICT DO NOTHING;
