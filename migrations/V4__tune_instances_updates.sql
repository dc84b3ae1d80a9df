-- Instance rows are rewritten often (spec writes, and status on every reconcile pass). Free space
-- on each page lets PostgreSQL update them in place (HOT) instead of touching every index.
ALTER TABLE instances SET (fillfactor = 70);

-- Only a change of the domains list needs the domain claims re-synchronized.
DROP TRIGGER instances_sync_domains ON instances;

CREATE TRIGGER instances_sync_domains_insert
    AFTER INSERT ON instances
    FOR EACH ROW
    WHEN (jsonb_typeof(NEW.spec -> 'domains') = 'array' AND jsonb_array_length(NEW.spec -> 'domains') > 0)
    EXECUTE FUNCTION instances_sync_domains();

CREATE TRIGGER instances_sync_domains_update
    AFTER UPDATE OF spec ON instances
    FOR EACH ROW
    WHEN (NEW.spec -> 'domains' IS DISTINCT FROM OLD.spec -> 'domains')
    EXECUTE FUNCTION instances_sync_domains();
