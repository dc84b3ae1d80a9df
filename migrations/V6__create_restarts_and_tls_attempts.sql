-- Restarts owed: written before the restart is asked for, removed when a restart (or a deploy or
-- start, which also apply the app's settings) has run at or after that generation. A row that
-- survives its replica (a crash) is planned again by the next pass. While an instance has rows here
-- it is not Ready: the generation they apply is not live yet.
CREATE TABLE restarts_owed (
    host            text        NOT NULL,
    app             text        NOT NULL,
    instance_name   text        NOT NULL,
    generation      bigint      NOT NULL,
    requested_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    failed          boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (host, app)
);

CREATE INDEX restarts_owed_instance_idx ON restarts_owed (instance_name);

-- Certificate attempts that failed, per app. TLS runs on its own slow schedule (ACME rate limits:
-- 5 failed validations per host name per hour), apart from the instance's error backoff; a row is
-- removed when the app's certificate is active.
CREATE TABLE tls_attempts (
    instance_name   text        NOT NULL,
    app             text        NOT NULL,
    failures        integer     NOT NULL,
    reason          text        NOT NULL,
    message         text        NOT NULL,
    last_attempt_at timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    PRIMARY KEY (instance_name, app)
);

-- The generation that last became fully applied (Ready with its restarts done): the convergence
-- histogram counts each generation once, when it gets here.
ALTER TABLE instances ADD COLUMN ready_generation bigint NOT NULL DEFAULT 0;
