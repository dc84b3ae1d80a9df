-- Safety brakes shared by every replica: 'fleet' (a mass deletion) or a host's name (its app list
-- shrank implausibly). While a row is engaged (released_at IS NULL), destructive actions pause on
-- its scope; a person releases it (POST /api/v1/hosts/{host}/release-brake) after checking. The
-- fleet brake then counts only tombstones set after its release, so the deletions a person let go
-- do not engage it again, and a new wave does.
CREATE TABLE safety_brakes (
    scope       text        PRIMARY KEY,
    reason      text        NOT NULL,
    since       timestamptz NOT NULL,
    released_at timestamptz
);
