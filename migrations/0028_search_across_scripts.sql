-- Search finds sources across scripts (issue 29): a Cyrillic query finds an article that spells
-- the name in Latin letters, and a Latin one an article in Cyrillic, with no person record
-- holding the spelling. Before, only the spellings of a person the query matched were lent to
-- the source query.

-- Latin letters to Cyrillic as Russian names are commonly romanised (the reverse of
-- swaptrack_translit, 0003): digraphs first. One spelling of several possible.
CREATE FUNCTION swaptrack_cyrillic(s text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT translate(
        replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
        replace(lower(s),
            'shch', 'щ'), 'zh', 'ж'), 'kh', 'х'), 'ts', 'ц'), 'ch', 'ч'), 'sh', 'ш'),
            'yu', 'ю'), 'ya', 'я'), 'yo', 'ё'), 'ks', 'кс'), 'x', 'кс'),
        'abvgdeziyklmnoprstufhcwqj',
        'абвгдезийклмнопрстуфхцвкй')
$$;

-- A name in Cyrillic as Russian declines it: the word itself and its case forms (genitive,
-- dative, instrumental, prepositional; masculine and feminine surnames), so that
-- "Gershkovich" finds "Гершковича" and "Karelina" "Карелиной".
CREATE FUNCTION swaptrack_cyrillic_forms(w text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT ARRAY(SELECT DISTINCT f FROM (
        SELECT c || e AS f FROM (SELECT swaptrack_cyrillic(w) AS c) x,
               unnest(ARRAY['', 'а', 'у', 'ом', 'ем', 'ым', 'им', 'е', 'ой', 'ы', 'и']) AS e
        UNION ALL
        SELECT left(c, -1) || e FROM (SELECT swaptrack_cyrillic(w) AS c) x,
               unnest(ARRAY['ы', 'и', 'е', 'у', 'ю', 'ой', 'ей', 'я', 'ем', 'ём']) AS e
         WHERE right(c, 1) IN ('а', 'я', 'й', 'ь')) forms ORDER BY f)
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
    cyrillic text;
BEGIN
    -- The people search once: its results, and the people whose spellings sources may use.
    SELECT array_agg(sp.id ORDER BY o), array_agg(sp.label ORDER BY o), array_agg(sp.score ORDER BY o)
      INTO ids, labels, scores
      FROM swaptrack_search_people(query, lim) WITH ORDINALITY AS sp(id, label, score, o);
    IF kind IN ('', 'source') THEN
        -- A name in one script finds sources that spell it in the other, whether or not a
        -- person record holds that spelling: the query's Cyrillic transliterated as people's
        -- names are folded ("Гершкович": gershkovich), and its Latin words of four letters or
        -- more spelled in Cyrillic with their case forms, since Russian declines names
        -- ("Gershkovich": гершкович, which also finds "Гершковича"). Transliteration of names,
        -- not translation of words: a word that is no name finds nothing more. The forms are
        -- words, not a prefix: a prefix's rows cannot be estimated, and the planner then read
        -- every source (tests/http/test_plans.c).
        IF query ~ '[Ѐ-ӿ]' THEN
            ts := ts || phraseto_tsquery('english', swaptrack_translit(query));
            lexemes := lexemes || coalesce(tsvector_to_array(
                to_tsvector('english', swaptrack_translit(query))), '{}');
        END IF;
        SELECT string_agg('(' || (SELECT string_agg(quote_literal(f), ' | ')
                                    FROM unnest(swaptrack_cyrillic_forms(w)) AS f) || ')', ' & ')
          INTO cyrillic
          FROM regexp_split_to_table(lower(query), '[^a-z]+') AS w
         WHERE length(w) >= 4;
        IF cyrillic IS NOT NULL THEN
            ts := ts || to_tsquery('simple', cyrillic);
        END IF;
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
            -- Each way of finding a source reads the rows it finds, and the two are joined by
            -- id only then: no source is read back by key from a list of ids, whose size the
            -- planner must guess (a guess of a few per cent, for the case forms above, made it
            -- read every source to join them).
            (SELECT 'source', x.id, x.label, max(x.score)
               FROM (SELECT m.id, coalesce(m.title, m.url) AS label,
                            greatest(ts_rank(m.search_text, ts, 32), 0.01) AS score
                       FROM sources m
                      WHERE kind IN ('', 'source') AND m.search_text @@ ts AND m.deleted_at IS NULL
                     UNION ALL
                     -- a source found only because it cites a person named: a low score
                     SELECT s.id, coalesce(s.title, s.url),
                            greatest(ts_rank(s.search_text, ts, 32), 0.01)
                       FROM sources s
                      WHERE kind IN ('', 'source') AND s.deleted_at IS NULL
                        AND s.id IN (SELECT c.source_id FROM citations c
                                      WHERE c.subject_type = 'person' AND c.subject_id = ANY (named)
                                        AND c.deleted_at IS NULL)) x
              GROUP BY x.id, x.label
              ORDER BY 4 DESC, x.id LIMIT lim)),
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
