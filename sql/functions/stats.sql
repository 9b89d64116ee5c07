-- The dashboard's numbers (GET /v1/stats, server/features/stats.c).
--
-- One home for these functions: swaptrack migrate applies this file again whenever its text
-- (once its references to the field tables, in double braces, are filled in) differs from
-- what was applied.

-- The numbers a dashboard shows. collections and tables: every collection's name and table,
-- from the server's field tables (identifiers only, quoted with %I); statuses: a detention's.
--   records               live records per collection
--   detentions_by_status  every status, zero included
--   held_by_country       people held now (a detention in status held), by detaining country
--   per_year              completed swaps, and people released (the swaps' released_count,
--                         and detentions released without a swap), per year
CREATE OR REPLACE FUNCTION swaptrack_stats(collections text[], tables text[], statuses text[]) RETURNS json
LANGUAGE plpgsql STABLE AS $$
DECLARE
    records json := '{}';
    n bigint;
    names text[] := '{}';
    counts bigint[] := '{}';
BEGIN
    FOR i IN 1 .. coalesce(array_length(collections, 1), 0) LOOP
        EXECUTE format('SELECT count(*) FROM %I WHERE deleted_at IS NULL', tables[i]) INTO n;
        names := names || collections[i];
        counts := counts || n;
    END LOOP;
    SELECT json_object_agg(c, k ORDER BY o) INTO records
      FROM unnest(names, counts) WITH ORDINALITY AS u(c, k, o);
    RETURN json_build_object(
        'records', coalesce(records, '{}'::json),
        'detentions_by_status', (
            SELECT json_object_agg(s.status, (SELECT count(*) FROM detentions d
                                               WHERE d.deleted_at IS NULL AND d.status = s.status)
                                   ORDER BY s.o)
              FROM unnest(statuses) WITH ORDINALITY AS s(status, o)),
        'held_by_country', (
            -- A side: a state (its name from countries, or a former state's), or a party.
            SELECT coalesce(json_agg(json_build_object('country', h.country,
                   'name', coalesce(c.name, f.name, p.name, h.country),
                   'people', h.n) ORDER BY h.n DESC, h.country), '[]'::json)
              FROM (SELECT country, count(DISTINCT person_id) AS n FROM detentions
                     WHERE deleted_at IS NULL AND status = {{detentions.status:held}} GROUP BY country) h
              LEFT JOIN countries c ON c.code = h.country
              LEFT JOIN (VALUES ('CS', 'Serbia and Montenegro'), ('DD', 'East Germany'),
                                ('SU', 'Soviet Union'), ('XK', 'Kosovo'), ('YU', 'Yugoslavia'))
                        AS f (code, name) ON f.code = h.country
              LEFT JOIN parties p ON p.code = h.country AND p.deleted_at IS NULL),
        'per_year', (
            -- Completed swaps, and the people they freed as their released_count says (counted
            -- people included: 230 for 248 is 478, not two release rows), plus the people whose
            -- detention was released that year without a swap (status released).
            SELECT coalesce(json_agg(json_build_object('year', y.year, 'swaps', y.swaps,
                   'people_released', y.released) ORDER BY y.year), '[]'::json)
              FROM (SELECT coalesce(s.year, r.year) AS year, coalesce(s.n, 0) AS swaps,
                           coalesce(s.people, 0) + coalesce(r.n, 0) AS released
                      FROM (SELECT extract(year FROM occurred_on_first)::int AS year,
                                   count(*) AS n, sum(coalesce(released_count, 0)) AS people
                              FROM swaps WHERE deleted_at IS NULL
                               AND status = {{swaps.status:completed}} GROUP BY 1) s
                      FULL JOIN (
                           SELECT extract(year FROM released_on_first)::int AS year,
                                  count(DISTINCT person_id) AS n
                             FROM detentions
                            WHERE deleted_at IS NULL AND released_on IS NOT NULL
                              AND status = {{detentions.status:released}}
                            GROUP BY 1) r
                        ON r.year = s.year) y));
END
$$;
