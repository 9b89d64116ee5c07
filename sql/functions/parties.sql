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

-- The duplicate guard of parties (models/parties.c): live parties one of whose names (name,
-- native name, an alias) is, folded as people's names are (swaptrack_fold: case, accents,
-- Cyrillic), within one edit in ten characters of one of names. Whole names, not words: a
-- party's names are short, and "Islamic Jihad" must not find "Islamic State". Parties are
-- few (hundreds), so every live one is compared.
CREATE OR REPLACE FUNCTION swaptrack_party_candidates(names text[], lim int)
RETURNS TABLE (id bigint, name text, score numeric)
LANGUAGE sql STABLE AS $$
    SELECT p.id, p.name, round(max(c.score)::numeric, 4)
      FROM (SELECT DISTINCT swaptrack_fold(n) AS f FROM unnest(names) AS n
             WHERE n IS NOT NULL AND n <> '') q
      CROSS JOIN parties p
      CROSS JOIN LATERAL unnest(ARRAY[p.name, p.name_native] || p.aliases) AS x(n)
      CROSS JOIN LATERAL (SELECT swaptrack_fold(x.n) AS f) y
      CROSS JOIN LATERAL (SELECT 1 - levenshtein(left(q.f, 255), left(y.f, 255))::real
                                   / greatest(length(q.f), length(y.f), 1) AS score) c
     WHERE p.deleted_at IS NULL AND x.n IS NOT NULL AND x.n <> ''
     GROUP BY p.id, p.name
    HAVING max(c.score) >= 0.9
     ORDER BY 3 DESC, 1
     LIMIT lim
$$;
