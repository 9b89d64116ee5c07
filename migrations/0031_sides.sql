-- Sides (issue 31, contract v1.2 "Parties that are not states"): who holds a person, who
-- released or received someone, who took part in talks or an exchange may be a state (its
-- country code, upper case, ISO 3166-1 alpha-2 or a former code: SU, DD, CS, YU, XK) or a
-- party that is not a state (its code, lower case: "hamas"). The columns that hold a side lose
-- their reference to countries (and their lists the countries_valid CHECK), and keep a CHECK
-- of the form instead, which ~schema adds from the field tables (FT_SIDE, FT_SIDES). Whether
-- a lower-case code is a live party's is the write's check: a deleted party keeps its code.
--
-- The two functions are made here because ~schema, which runs after the numbered migrations,
-- makes CHECKs that call them; sql/functions/countries.sql is their home from then on and
-- makes them again, the same way, whenever it changes.
DO $migration$
DECLARE
    codes text[] := (SELECT array_agg(code ORDER BY code)
                       FROM (SELECT code FROM countries
                             UNION SELECT unnest(ARRAY['CS', 'DD', 'SU', 'XK', 'YU'])) c);
BEGIN
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION swaptrack_side_valid(side text) RETURNS boolean
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $body$
            SELECT side = ANY (%L::text[])
                OR (side ~ '^[a-z][a-z0-9-]{1,39}$' AND NOT upper(side) = ANY (%L::text[]))
        $body$$f$, codes, codes);
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION swaptrack_sides_valid(sides text[]) RETURNS boolean
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $body$
            SELECT sides <@ %L::text[]
                OR (array_position(sides, NULL) IS NULL
                    AND (SELECT bool_and(swaptrack_side_valid(s)) FROM unnest(sides) AS s))
        $body$$f$, codes);
END
$migration$;

-- Every reference to countries and every countries_valid CHECK of the columns that become
-- sides, whatever the migration that made them named them.
DO $migration$
DECLARE
    c record;
BEGIN
    FOR c IN
        SELECT k.conrelid::regclass AS tab, k.conname
          FROM pg_constraint k
          JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
         WHERE (k.conrelid::regclass::text, a.attname) IN (
                   ('detentions', 'country'),
                   ('swap_releases', 'released_by'), ('swap_releases', 'released_to'),
                   ('negotiation_participants', 'representing'),
                   ('swaps', 'parties'), ('swaps', 'mediators'),
                   ('negotiations', 'parties'), ('negotiations', 'mediators'))
           AND ((k.contype = 'f' AND k.confrelid = 'countries'::regclass)
                OR (k.contype = 'c' AND pg_get_constraintdef(k.oid) LIKE '%countries_valid%'))
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', c.tab, c.conname);
    END LOOP;
END
$migration$;

-- A statement's speaker may be a side that speaks as such ("Hamas said"): speaker_side, whose
-- CHECK of form and index ~schema adds. The rule that a statement has a speaker counts it.
ALTER TABLE statements ADD COLUMN speaker_side text;
DO $migration$
DECLARE
    c record;
BEGIN
    FOR c IN
        SELECT k.conname FROM pg_constraint k
         WHERE k.conrelid = 'statements'::regclass AND k.contype = 'c'
           AND pg_get_constraintdef(k.oid) LIKE '%speaker_id IS NOT NULL%'
    LOOP
        EXECUTE format('ALTER TABLE statements DROP CONSTRAINT %I', c.conname);
    END LOOP;
END
$migration$;
ALTER TABLE statements ADD CONSTRAINT statements_speaker
    CHECK (num_nonnulls(speaker_id, speaker, speaker_side) >= 1);
