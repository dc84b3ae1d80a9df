-- One row per custom domain, kept in step with instances.spec by a trigger, so that two
-- instances can never claim one domain: not through the API, not through a direct SQL edit,
-- not through two concurrent writers.

CREATE TABLE instance_domains (
    domain          text PRIMARY KEY,
    instance_name   text NOT NULL REFERENCES instances (name) ON DELETE CASCADE
);

CREATE INDEX instance_domains_instance_idx ON instance_domains (instance_name);

CREATE FUNCTION instances_sync_domains() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    wanted text[];
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.spec IS NOT DISTINCT FROM OLD.spec THEN
        RETURN NULL;
    END IF;
    SELECT coalesce(array_agg(DISTINCT lower(d)), '{}')
      INTO wanted
      FROM jsonb_array_elements_text(
               CASE WHEN jsonb_typeof(NEW.spec -> 'domains') = 'array'
                    THEN NEW.spec -> 'domains' ELSE '[]'::jsonb END) AS d;

    DELETE FROM instance_domains
     WHERE instance_name = NEW.name AND NOT (domain = ANY (wanted));

    INSERT INTO instance_domains (domain, instance_name)
    SELECT w, NEW.name
      FROM unnest(wanted) AS w
     WHERE NOT EXISTS (SELECT 1 FROM instance_domains x
                        WHERE x.domain = w AND x.instance_name = NEW.name);
    RETURN NULL;
END;
$$;

CREATE TRIGGER instances_sync_domains
    AFTER INSERT OR UPDATE OF spec ON instances
    FOR EACH ROW EXECUTE FUNCTION instances_sync_domains();
