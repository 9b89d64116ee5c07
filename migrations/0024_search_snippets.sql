-- Search (contract v1.1): sources are found by the words of the query in any form (the english
-- stemmer, as before: "negotiating" finds "negotiated"), and by people's names in any spelling:
-- the people the query names (the people search of 0007/0022, across Latin and Cyrillic
-- spellings, forgiving a typo) lend their names, native names and aliases to the source query,
-- and the sources citing them are found too. A source result carries `snippet` (the words
-- around its first match, from snippet_start) and `highlights`: every matching word of its
-- content as [{start, end}] in code points of content (end exclusive), as anchors are.

-- The matching words of content: its tokens as the default parser splits them (a hyphenated
-- word's whole and a URL's whole are followed by their parts, so only the parts are counted,
-- and the tokens then run through the text end to end), each word stemmed as the english
-- configuration stems it and kept when the stem is one of lexemes.
CREATE FUNCTION swaptrack_highlights(content text, lexemes text[])
RETURNS TABLE (start int, "end" int)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (t.at - length(t.token))::int, t.at::int
      FROM (SELECT p.tokid, p.token,
                   sum(length(p.token)) OVER (ORDER BY p.ord) AS at
              FROM ts_parse('default', content) WITH ORDINALITY AS p(tokid, token, ord)
             WHERE p.tokid NOT IN (5, 15, 16, 17)) t
     WHERE t.tokid IN (1, 2, 3, 9, 10, 11)
       AND ts_lexize('english_stem', lower(t.token)) && lexemes
     ORDER BY 1
$$;

-- The snippet of content around its first highlight: from about 80 code points before it to
-- about 120 after, at word boundaries; the content's start when nothing matches in it (the
-- title did).
CREATE FUNCTION swaptrack_snippet(content text, lexemes text[],
                                  OUT snippet text, OUT snippet_start int, OUT highlights json)
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    first_start int;
    first_end int;
    a int;
    b int;
    n int := length(coalesce(content, ''));
BEGIN
    IF content IS NULL THEN
        snippet := NULL;
        snippet_start := NULL;
        highlights := '[]';
        RETURN;
    END IF;
    SELECT coalesce(json_agg(json_build_object('start', h.start, 'end', h."end") ORDER BY h.start), '[]'),
           min(h.start), min(h."end")
      INTO highlights, first_start, first_end
      FROM swaptrack_highlights(content, lexemes) h;
    a := greatest(coalesce(first_start, 0) - 80, 0);
    b := least(coalesce(first_end, 0) + 120, n);
    IF a > 0 THEN
        -- forward to the next word's start (within the 80 code points before the match)
        a := a + coalesce(nullif(position(' ' IN substr(content, a + 1, coalesce(first_start, 0) - a)), 0), 0);
    END IF;
    IF b < n THEN
        -- back to the end of the last whole word
        b := b - coalesce(nullif(position(' ' IN reverse(substr(content, coalesce(first_end, 0) + 1,
                                                                    b - coalesce(first_end, 0)))), 0), 0);
    END IF;
    snippet := substr(content, a + 1, b - a);
    snippet_start := a;
END
$$;

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
                AND (s.search_text @@ ts
                     OR s.id IN (SELECT c.source_id FROM citations c
                                  WHERE c.subject_type = 'person' AND c.subject_id = ANY (named)
                                    AND c.deleted_at IS NULL))
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
