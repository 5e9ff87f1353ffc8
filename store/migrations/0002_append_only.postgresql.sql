-- Figures are append-only: a correction is a new version, never an edit or a deletion.
CREATE FUNCTION observations_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'observations are append-only';
END;
$$;
CREATE TRIGGER observations_no_update BEFORE UPDATE OR DELETE ON observations
FOR EACH ROW EXECUTE FUNCTION observations_append_only();
