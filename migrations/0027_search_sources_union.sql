-- Search's sources as two index scans, not one scan of every source (issue 19). 0024 found a
-- source by its words OR by citing a person named, in one WHERE: PostgreSQL cannot answer an OR
-- with a subquery from indexes, and read all of sources for every search (370 ms at 200,000
-- sources, measured by bench/run; tests/http/test_plans.c now holds search to its indexes).
-- The words' GIN index and the citations' subject index each give their sources; the union is
-- then read by key. Nothing else changes.
CREATE OR REPLACE FUNCTION swaptrack_search(query text, lim int, kind text) RETURNS json
LANGUAGE plpgsql STABLE AS $$
DECLARE
    ts tsquery := websearch_to_tsquery('english', query);
    lexemes text[] := coalesce(tsvector_to_array(to_tsvector('english', query)), '{}');
    named bigint[] := '{}';
    ids bigint[];
    labels text[];
    scores real[];
    p record;
    spelling text;
BEGIN
    -- The people search once: its results, and the people whose spellings sources may use.
    SELECT array_agg(sp.id ORDER BY o), array_agg(sp.label ORDER BY o), array_agg(sp.score ORDER BY o)
      INTO ids, labels, scores
      FROM swaptrack_search_people(query, lim) WITH ORDINALITY AS sp(id, label, score, o);
    IF kind IN ('', 'source') THEN
        -- The people the query names well lend their spellings to the source query.
        FOR p IN SELECT pe.id, pe.name, pe.name_native, pe.aliases
                   FROM unnest(ids, scores) AS f(id, score) JOIN people pe ON pe.id = f.id
                  WHERE f.score >= 0.5 ORDER BY f.score DESC, f.id LIMIT 3 LOOP
            named := named || p.id;
            FOREACH spelling IN ARRAY array_remove(ARRAY[p.name, p.name_native] || p.aliases, NULL) LOOP
                ts := ts || phraseto_tsquery('english', spelling);
                lexemes := lexemes || coalesce(tsvector_to_array(to_tsvector('english', spelling)), '{}');
            END LOOP;
        END LOOP;
    END IF;
    RETURN (
        WITH hits AS (
            (SELECT 'person' AS type, f.id, f.label, f.score
               FROM unnest(ids, labels, scores) AS f(id, label, score) WHERE kind IN ('', 'person'))
            UNION ALL
            (SELECT 'source', s.id, coalesce(s.title, s.url),
                    -- a source found only because it cites a person named: a low score
                    greatest(ts_rank(s.search_text, ts, 32), 0.01)
               FROM sources s
              WHERE kind IN ('', 'source') AND s.deleted_at IS NULL
                AND s.id IN (SELECT m.id FROM sources m
                              WHERE m.search_text @@ ts AND m.deleted_at IS NULL
                             UNION
                             SELECT c.source_id FROM citations c
                              WHERE c.subject_type = 'person' AND c.subject_id = ANY (named)
                                AND c.deleted_at IS NULL)
              ORDER BY 4 DESC, s.id LIMIT lim)),
        top AS (SELECT * FROM hits ORDER BY score DESC, type, id LIMIT lim)
        SELECT coalesce(json_agg(CASE WHEN h.type = 'source'
                   THEN json_build_object('type', h.type, 'id', h.id, 'label', h.label,
                        'score', round(h.score::numeric, 4), 'snippet', sn.snippet,
                        'snippet_start', sn.snippet_start, 'highlights', sn.highlights)
                   ELSE json_build_object('type', h.type, 'id', h.id, 'label', h.label,
                        'score', round(h.score::numeric, 4)) END
               ORDER BY h.score DESC, h.type, h.id), '[]'::json)
          FROM top h
          LEFT JOIN sources s ON h.type = 'source' AND s.id = h.id
          LEFT JOIN LATERAL swaptrack_snippet(s.content, lexemes) sn ON h.type = 'source');
END
$$;
