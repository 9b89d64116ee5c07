-- The SQL that is not generated from the field tables lives here, as functions the server calls
-- by name (server/features/search.c, stats.c, models/people.c). PL/pgSQL, so that each
-- connection plans their statements once and keeps the plans, as it does a prepared statement.

-- Search: people by their name words (swaptrack_search_people, 0007), sources by full text.
-- A source's rank is normalized to rank / (rank + 1) (ts_rank flag 32) so that both kinds share
-- the (0, 1] scale. kind: '' for both, 'person' or 'source'.
CREATE FUNCTION swaptrack_search(query text, lim int, kind text) RETURNS json
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (
        WITH q AS (SELECT websearch_to_tsquery('english', query) AS ts),
        hits AS (
            (SELECT 'person' AS type, sp.id, sp.label, sp.score
               FROM (SELECT WHERE kind IN ('', 'person')) wanted
                    CROSS JOIN LATERAL swaptrack_search_people(query, lim) sp)
            UNION ALL
            (SELECT 'source', s.id, coalesce(s.title, s.url), ts_rank(s.search_text, q.ts, 32)
               FROM sources s, q
              WHERE kind IN ('', 'source') AND s.search_text @@ q.ts AND s.deleted_at IS NULL
              ORDER BY 4 DESC, s.id LIMIT lim))
        SELECT coalesce(json_agg(json_build_object('type', type, 'id', id, 'label', label,
               'score', round(score::numeric, 4)) ORDER BY score DESC, type, id), '[]'::json)
          FROM (SELECT * FROM hits ORDER BY score DESC, type, id LIMIT lim) h);
END
$$;

-- The numbers a dashboard shows. collections and tables: every collection's name and table,
-- from the server's field tables (identifiers only, quoted with %I); statuses: a detention's.
--   records               live records per collection
--   detentions_by_status  every status, zero included
--   held_by_country       people held now (a detention in status held), by detaining country
--   per_year              swaps, and people released (by a swap, or a detention released or
--                         exchanged that year), per year
CREATE FUNCTION swaptrack_stats(collections text[], tables text[], statuses text[]) RETURNS json
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
            SELECT coalesce(json_agg(json_build_object('country', h.country, 'name', c.name,
                   'people', h.n) ORDER BY h.n DESC, h.country), '[]'::json)
              FROM (SELECT country, count(DISTINCT person_id) AS n FROM detentions
                     WHERE deleted_at IS NULL AND status = 'held' GROUP BY country) h
              JOIN countries c ON c.code = h.country),
        'per_year', (
            SELECT coalesce(json_agg(json_build_object('year', y.year, 'swaps', y.swaps,
                   'people_released', y.released) ORDER BY y.year), '[]'::json)
              FROM (SELECT coalesce(s.year, r.year) AS year, coalesce(s.n, 0) AS swaps,
                           coalesce(r.n, 0) AS released
                      FROM (SELECT extract(year FROM occurred_on_first)::int AS year,
                                   count(*) AS n
                              FROM swaps WHERE deleted_at IS NULL GROUP BY 1) s
                      FULL JOIN (
                           SELECT year, count(DISTINCT person_id) AS n FROM (
                               SELECT extract(year FROM s.occurred_on_first)::int AS year,
                                      c.person_id
                                 FROM swaps s JOIN swap_releases c ON c.swap_id = s.id
                                WHERE s.deleted_at IS NULL
                               UNION ALL
                               SELECT extract(year FROM released_on_first)::int, person_id
                                 FROM detentions
                                WHERE deleted_at IS NULL AND released_on IS NOT NULL
                                  AND status IN ('released', 'exchanged')) x
                            GROUP BY year) r
                        ON r.year = s.year) y));
END
$$;

-- Everything dated about one person, as rows: detentions (arrest and release), negotiations
-- taken part in, swaps released in. Each with the first day of its date (for ordering), an
-- order among events of one day, the record it comes from, its date as given, its kind, a
-- summary and a role; and the records whose citations it carries: (cited_kind, cited_id), and
-- for a release that a swap made, that swap too (also_kind, also_id). Undated events are left
-- out. The server adds the citations (models/people.c), generated from the field tables.
CREATE FUNCTION swaptrack_timeline(person bigint)
RETURNS TABLE (first date, ord int, id bigint, date text, kind text, collection text,
               summary text, role text, cited_kind text, cited_id bigint, also_kind text,
               also_id bigint)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY
    SELECT t.detained_on_first, 1, t.id, t.detained_on, 'detained', 'detentions',
           concat_ws(' ', 'Detained by', t.country, '(' || t.authority || ')', 'in ' || t.place),
           NULL::text, 'detention', t.id, NULL::text, NULL::bigint
      FROM detentions t
     WHERE t.person_id = person AND t.deleted_at IS NULL AND t.detained_on IS NOT NULL
    UNION ALL
    SELECT t.released_on_first, 4, t.id, t.released_on, 'released', 'detentions',
           concat_ws(' ', 'Released by', t.country, '(' || t.status || ')'),
           NULL, 'detention', t.id, CASE WHEN w.swap_id IS NOT NULL THEN 'swap' END, w.swap_id
      FROM detentions t
      LEFT JOIN LATERAL (
           SELECT r.swap_id FROM swap_releases r JOIN swaps s ON s.id = r.swap_id
            WHERE r.detention_id = t.id AND s.deleted_at IS NULL
              AND s.occurred_on = t.released_on
            ORDER BY r.swap_id LIMIT 1) w ON true
     WHERE t.person_id = person AND t.deleted_at IS NULL AND t.released_on IS NOT NULL
    UNION ALL
    SELECT t.started_on_first, 2, t.id, t.started_on, 'negotiation', 'negotiations', t.title,
           c.role, 'negotiation', t.id, NULL, NULL
      FROM negotiations t JOIN negotiation_participants c ON c.negotiation_id = t.id
     WHERE c.person_id = person AND t.deleted_at IS NULL AND t.started_on IS NOT NULL
    UNION ALL
    SELECT t.occurred_on_first, 3, t.id, t.occurred_on, 'swap', 'swaps',
           concat_ws(' ', 'Released by', c.released_by, 'to ' || c.released_to, 'in a swap',
                     'in ' || t.place),
           NULL, 'swap', t.id, NULL, NULL
      FROM swaps t JOIN swap_releases c ON c.swap_id = t.id
     WHERE c.person_id = person AND t.deleted_at IS NULL;
END
$$;
