-- Country codes in lists (a CHECK of every country-list column).
--
-- One home for these functions: swaptrack migrate applies this file again whenever its text
-- (once its references to the field tables, in double braces, are filled in) differs from
-- what was applied.

-- countries_valid(codes): every code is one of the countries table's (which the numbered
-- migrations fill from the same list as server/text/countries.c; test_countries compares
-- them). The list is written into the function as a constant array, which PostgreSQL inlines
-- into each CHECK: a few microseconds a row, where a lookup in the table took 69 (measured
-- while importing). So the function is made from the table's rows by this block.
DO $module$
BEGIN
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION countries_valid(codes text[]) RETURNS boolean
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $body$
            SELECT codes <@ %L::text[]   -- a NULL element is in no array: false
        $body$$f$,
        (SELECT array_agg(code ORDER BY code) FROM countries));
END
$module$;

-- swaptrack_side_valid(side), swaptrack_sides_valid(sides): the CHECK of every side column
-- (FT_SIDE, FT_SIDES): a state's code (the countries table's, or a former one that reporting
-- still names as a side: SU, DD, CS, YU, XK, as server/text/countries.c's country_side_find)
-- or text of a party code's form (lower case, never a state's code lowered). Whether a party
-- has it is the write's check. migrations/0031_sides.sql made them first, for ~schema.
DO $module$
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
$module$;
