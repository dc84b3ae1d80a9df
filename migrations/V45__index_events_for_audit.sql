-- The fleet-wide audit query (GET /api/v1/events) filters by actor or by time and reads newest first.
-- Per-instance reads keep using events_instance_idx; these serve "what did token X do" and
-- "what happened between A and B" without scanning the whole trail.

CREATE INDEX events_actor_idx ON events (actor, id DESC);
CREATE INDEX events_at_idx ON events (at);
