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
