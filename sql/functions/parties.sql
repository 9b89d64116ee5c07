-- Parties' codes (models/parties.c).
--
-- One home for these functions: swaptrack migrate applies this file again whenever its text
-- (once its references to the field tables, in double braces, are filled in) differs from
-- what was applied.

-- Keeps each code a party takes in party_codes (migrations/0030_party_codes.sql). A code that
-- another party had is refused with unique_violation, so that two writes racing for one code
-- cannot both commit; the write's check hook refuses it earlier with a clearer 409.
CREATE OR REPLACE FUNCTION swaptrack_party_code_keep()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO party_codes (code, party_id) VALUES (NEW.code, NEW.id)
    ON CONFLICT (code) DO UPDATE SET party_id = EXCLUDED.party_id
     WHERE party_codes.party_id = EXCLUDED.party_id;
    IF NOT FOUND THEN
        RAISE unique_violation USING MESSAGE = 'party code ' || NEW.code || ' was another party''s',
              CONSTRAINT = 'party_codes_pkey';
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS swaptrack_party_code ON parties;
CREATE TRIGGER swaptrack_party_code AFTER INSERT OR UPDATE OF code ON parties
    FOR EACH ROW EXECUTE FUNCTION swaptrack_party_code_keep();
