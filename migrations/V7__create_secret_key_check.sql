-- One value sealed with the operator's secret key on the first start. Every later start (and every
-- other replica) must be able to open it: a replica with another key would fail to decrypt every
-- instance's secrets, so it refuses to start instead, saying how to fix it.
CREATE TABLE secret_key_check (
    id          integer     PRIMARY KEY CHECK (id = 1),
    nonce       bytea       NOT NULL,
    ciphertext  bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
