-- Signed subscription events already acted on, by their webhook-id. A sender retries a message
-- with the same id (and a fresh timestamp and signature), so a row here turns a repeat into a 200
-- that changes nothing. The row is written in the same transaction as the desired-state write the
-- event causes: either both happen or neither does, and a refused event can be sent again.
CREATE TABLE webhook_deliveries (
    webhook_id      text        PRIMARY KEY CHECK (length(webhook_id) BETWEEN 1 AND 256),
    event_type      text        NOT NULL,
    instance_name   text        NOT NULL,
    outcome         text,
    received_at     timestamptz NOT NULL DEFAULT now()
);

-- Rows older than the retention (30 days, far beyond any sender's retry schedule) are pruned.
CREATE INDEX webhook_deliveries_received_idx ON webhook_deliveries (received_at);
