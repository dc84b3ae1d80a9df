-- The operator revision (release + digest of templates and rendering) an instance was last fully
-- applied under. A pass that finds the instance behind the current revision, with no spec edit of
-- its own pending, is part of the revision's rollout (a few instances at a time), not drift.
ALTER TABLE instances ADD COLUMN ready_revision text;
