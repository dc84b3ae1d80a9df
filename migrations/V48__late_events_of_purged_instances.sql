-- A row written for a name that has no live instance (an event of a command that ended just after
-- the purge) belongs to the instance of that name purged last, not to nobody.
CREATE OR REPLACE FUNCTION fill_instance_uid() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.instance_uid IS NULL THEN
        NEW.instance_uid := coalesce(
            (SELECT uid FROM instances WHERE name = NEW.instance_name),
            (SELECT uid FROM deleted_instances WHERE name = NEW.instance_name ORDER BY purged_at DESC LIMIT 1));
    END IF;
    RETURN NEW;
END;
$$;
