-- Status notifications (the outbox). A row is written in the same transaction as the status change
-- that causes it, with one delivery row per configured endpoint whose filter takes its type. The
-- body is stored exactly as it is sent, so every retry sends the same bytes under the same
-- webhook-id. Deliveries to one endpoint go out in id order per instance.
CREATE TABLE notifications (
    id              bigint      PRIMARY KEY,
    message_id      text        NOT NULL UNIQUE,
    instance_name   text        NOT NULL,
    type            text        NOT NULL,
    body            text        NOT NULL,
    created_at      timestamptz NOT NULL
);

CREATE SEQUENCE notifications_id_seq OWNED BY notifications.id;
CREATE INDEX notifications_instance_idx ON notifications (instance_name, id DESC);

CREATE TABLE notification_deliveries (
    notification_id bigint      NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    endpoint        text        NOT NULL,
    instance_name   text        NOT NULL,
    state           text        NOT NULL DEFAULT 'pending'
                                CHECK (state IN ('pending', 'sent', 'failed', 'stopped')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    leased_until    timestamptz,
    created_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    PRIMARY KEY (notification_id, endpoint)
);

CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at)
    WHERE state = 'pending';
CREATE INDEX notification_deliveries_order_idx ON notification_deliveries (endpoint, instance_name, notification_id)
    WHERE state = 'pending';

CREATE TABLE notification_attempts (
    id              bigserial   PRIMARY KEY,
    notification_id bigint      NOT NULL,
    endpoint        text        NOT NULL,
    at              timestamptz NOT NULL,
    status_code     integer,
    error           text,
    duration_ms     bigint      NOT NULL,
    FOREIGN KEY (notification_id, endpoint) REFERENCES notification_deliveries ON DELETE CASCADE
);

CREATE INDEX notification_attempts_delivery_idx ON notification_attempts (notification_id, endpoint, id);

-- An endpoint whose receiver answered 410 Gone gets nothing more until its URL changes in the
-- configuration or a notification is re-sent to it by hand.
CREATE TABLE notification_endpoints_stopped (
    endpoint        text        NOT NULL,
    url             text        NOT NULL,
    stopped_at      timestamptz NOT NULL,
    PRIMARY KEY (endpoint, url)
);
