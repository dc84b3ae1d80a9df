-- Generated per-instance secrets (admin password, Matrix registration secret, ...), encrypted
-- with AES-GCM under OPERATOR_SECRET_KEY. Never exposed by the API.

CREATE TABLE instance_secrets (
    instance_name   text        NOT NULL,
    name            text        NOT NULL,
    nonce           bytea       NOT NULL,
    ciphertext      bytea       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (instance_name, name)
);
