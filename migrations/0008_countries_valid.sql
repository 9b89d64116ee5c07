-- countries_valid, the CHECK on every country list, looked each code up in the countries table
-- through a SQL function that cannot be inlined: 69 us a row, more than the rest of a person's
-- row cost to store (measured while importing). It now compares against the list itself, as a
-- constant array written into the function from the table here, which PostgreSQL inlines into
-- the CHECK: a few microseconds. The countries table is changed only by migrations; one that
-- changes it runs this again.
DO $migration$
BEGIN
    EXECUTE format($f$
        CREATE OR REPLACE FUNCTION countries_valid(codes text[]) RETURNS boolean
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $body$
            SELECT codes <@ %L::text[]   -- a NULL element is in no array: false, as before
        $body$$f$,
        (SELECT array_agg(code ORDER BY code) FROM countries));
END
$migration$;
