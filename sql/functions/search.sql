-- Search (server/features/search.c) and the duplicate guard (models/people.c): people by their
-- name words across spellings, parties by their names, sources by full text and by the people
-- the query names.
--
-- One home for these functions: swaptrack migrate applies this file again whenever its text
-- (once its references to the field tables, in double braces, are filled in) differs from
-- what was applied.

CREATE OR REPLACE FUNCTION swaptrack_search_people(query text, lim int, prune boolean DEFAULT true)
RETURNS TABLE (id bigint, label text, score real)
-- The planner's guess for the combinations is far too high, and JIT compiling the plan for it
-- took 350 ms of a 2 ms search (measured): never worth it here. Generic plans, kept for the
-- connection: with the query's text known the planner folds the name folding into a constant,
-- finds that cheaper, and so planned every statement on every call (0.6 ms of 1.5, measured).
LANGUAGE plpgsql STABLE SET jit = off SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    words text[];
    n int;
    combo record;
    found_ids bigint[] := '{}';
    found_scores real[] := '{}';
    worst real;
    sql text;
BEGIN
    SELECT array_agg(w ORDER BY first) INTO words
      FROM (SELECT w, min(o) AS first
              FROM unnest(swaptrack_words(swaptrack_fold(query))) WITH ORDINALITY AS u(w, o)
             GROUP BY w ORDER BY min(o) LIMIT 5) x;
    n := coalesce(cardinality(words), 0);
    IF n = 0 THEN
        RETURN;
    END IF;
    FOR combo IN
        WITH RECURSIVE
        cand AS MATERIALIZED (
            SELECT c.i, c.term, c.s
              FROM generate_subscripts(words, 1) AS g(i),
                   LATERAL (SELECT g.i AS i, st.term, swaptrack_term_score(words[g.i], st.term) AS s
                              FROM search_terms st
                             WHERE words[g.i] <% st.term
                             ORDER BY 3 DESC, st.term LIMIT 3) c),
        -- A word's candidates well below its best are noise ("41" for "412"): dropped, for
        -- search (prune). Not for the duplicate guard, which must see every person its
        -- threshold reaches, a near spelling beside an exact one included.
        kept AS MATERIALIZED (
            SELECT cand.* FROM cand
             WHERE NOT prune OR cand.s >= (SELECT max(b.s) FROM cand b WHERE b.i = cand.i) - 0.15),
        combos(i, terms, total, matched) AS (
            SELECT 0, '{}'::text[], 0::real, 0
            UNION ALL
            SELECT combos.i + 1,
                   combos.terms || CASE WHEN x.term IS NULL THEN '{}' ELSE ARRAY[x.term] END,
                   combos.total + coalesce(x.s, 0), combos.matched + (x.term IS NOT NULL)::int
              FROM combos,
                   LATERAL (SELECT kept.term, kept.s FROM kept WHERE kept.i = combos.i + 1
                            UNION ALL SELECT NULL, NULL) x
             WHERE combos.i < n)
        SELECT combos.terms, (combos.total / n)::real AS score
          FROM combos
         WHERE combos.i = n AND combos.matched * 2 >= n AND combos.matched > 0
         ORDER BY combos.total DESC, combos.terms
    LOOP
        worst := CASE WHEN cardinality(found_ids) >= lim
                      THEN (SELECT s FROM unnest(found_scores) s ORDER BY s DESC LIMIT 1 OFFSET lim - 1)
                 END;
        EXIT WHEN worst IS NOT NULL AND combo.score < worst;
        -- One join of person_terms per word of the combination: two common words merge their
        -- id-ordered runs and stop after `lim` (0.4 ms where a lookup per row took 4 ms). One
        -- and two words, nearly every query, are written out so that their plans are kept;
        -- more are planned for their words each time (EXECUTE; the text is made only from the
        -- loop counter, the words are parameters).
        IF cardinality(combo.terms) = 1 THEN
            found_ids := found_ids || ARRAY(
                SELECT t1.person_id FROM person_terms t1
                  JOIN LATERAL (SELECT 1 FROM people p WHERE p.id = t1.person_id AND p.deleted_at IS NULL OFFSET 0) p ON true
                 WHERE t1.term = combo.terms[1] AND t1.person_id <> ALL (found_ids)
                 ORDER BY t1.person_id LIMIT lim);
        ELSIF cardinality(combo.terms) = 2 THEN
            found_ids := found_ids || ARRAY(
                SELECT t1.person_id FROM person_terms t1
                  JOIN person_terms t2 ON t2.person_id = t1.person_id AND t2.term = combo.terms[2]
                  JOIN LATERAL (SELECT 1 FROM people p WHERE p.id = t1.person_id AND p.deleted_at IS NULL OFFSET 0) p ON true
                 WHERE t1.term = combo.terms[1] AND t1.person_id <> ALL (found_ids)
                 ORDER BY t1.person_id LIMIT lim);
        ELSE
            sql := 'SELECT t1.person_id FROM person_terms t1';
            FOR k IN 2 .. cardinality(combo.terms) LOOP
                sql := sql || format(' JOIN person_terms t%s ON t%s.person_id = t1.person_id'
                                     ' AND t%s.term = $1[%s]', k, k, k, k);
            END LOOP;
            sql := sql || ' JOIN LATERAL (SELECT 1 FROM people p WHERE p.id = t1.person_id'
                       || ' AND p.deleted_at IS NULL OFFSET 0) p ON true'
                       || ' WHERE t1.term = $1[1] AND t1.person_id <> ALL ($2)'
                       || ' ORDER BY t1.person_id LIMIT $3';
            EXECUTE 'SELECT $2 || ARRAY(' || sql || ')' INTO found_ids
                USING combo.terms, found_ids, lim;
        END IF;
        found_scores := found_scores
            || array_fill(combo.score, ARRAY[cardinality(found_ids) - cardinality(found_scores)]);
    END LOOP;
    RETURN QUERY
        SELECT p.id, p.name, f.s
          FROM unnest(found_ids, found_scores) AS f(pid, s) JOIN people p ON p.id = f.pid
         ORDER BY f.s DESC, p.id
         LIMIT lim;
END
$$;

CREATE OR REPLACE FUNCTION swaptrack_person_candidates(names text[], lim int)
RETURNS TABLE (id bigint, name text, score numeric)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY
    SELECT s.id, p.name, round(max(s.score)::numeric, 4)
      FROM unnest(names) AS q(n)
      CROSS JOIN LATERAL swaptrack_search_people(q.n, lim, false) s
      JOIN people p ON p.id = s.id AND p.deleted_at IS NULL
     WHERE q.n IS NOT NULL AND q.n <> '' AND s.score >= 0.9
     GROUP BY s.id, p.name
     ORDER BY 3 DESC, 1
     LIMIT lim;
END
$$;

-- Russian declines names: "Эвана Гершковича" is Evan Gershkovich. A name in Cyrillic that the
-- search does not find as written is searched by its stems (PostgreSQL's Snowball Russian
-- stemmer: "эва гершкович"), and of the people that search ranks first, the first each of whose
-- query stems begins a word of their folded names is the match. One search, as for any name.
CREATE OR REPLACE FUNCTION swaptrack_person_stem_candidates(query text, lim int)
RETURNS TABLE (id bigint, name text, score numeric)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    stems text[];
BEGIN
    stems := ARRAY(SELECT swaptrack_fold(coalesce((ts_lexize('russian_stem', w))[1], w))
                     FROM regexp_split_to_table(lower(query), '\s+') AS w WHERE w <> '');
    IF cardinality(stems) < 2 OR cardinality(stems) > 4
       OR EXISTS (SELECT 1 FROM unnest(stems) AS s WHERE length(s) < 2) THEN
        RETURN;
    END IF;
    RETURN QUERY
    SELECT p.id, p.name, 0.9::numeric
      FROM swaptrack_search_people(array_to_string(stems, ' '), 10, false) AS c
      JOIN people p ON p.id = c.id AND p.deleted_at IS NULL
     WHERE NOT EXISTS (SELECT 1 FROM unnest(stems) AS s
                        WHERE NOT EXISTS (SELECT 1 FROM swaptrack_word_set(p.search_names) AS w
                                           WHERE left(w, length(s)) = s))
     ORDER BY c.score DESC, p.id
     LIMIT lim;
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
    cyrillic text;
BEGIN
    -- The people search once: its results, and the people whose spellings sources may use.
    IF kind <> {{parties.singular}} THEN
        SELECT array_agg(sp.id ORDER BY o), array_agg(sp.label ORDER BY o), array_agg(sp.score ORDER BY o)
          INTO ids, labels, scores
          FROM swaptrack_search_people(query, lim) WITH ORDINALITY AS sp(id, label, score, o);
    END IF;
    IF kind IN ('', {{sources.singular}}) THEN
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
            (SELECT {{people.singular}} AS type, f.id, f.label, f.score
               FROM unnest(ids, labels, scores) AS f(id, label, score) WHERE kind IN ('', {{people.singular}}))
            UNION ALL
            -- Parties (hundreds at most: each live one is compared) by their code, name, native
            -- name and aliases, folded as people's names are (case, accents, Cyrillic), so
            -- "Хамас" and "HAMAS" find Hamas: 1 for a whole name, else how much of the query
            -- one name holds (pg_trgm's word similarity), at least 0.6.
            (SELECT {{parties.singular}}, x.id, x.name, max(x.score)
               FROM (SELECT pa.id, pa.name,
                            CASE WHEN swaptrack_fold(n) = swaptrack_fold(query) THEN 1
                                 ELSE word_similarity(swaptrack_fold(query), swaptrack_fold(n)) END AS score
                       FROM parties pa
                      CROSS JOIN LATERAL unnest(ARRAY[pa.code, pa.name, pa.name_native] || pa.aliases) AS n
                      WHERE swaptrack_search.kind IN ('', {{parties.singular}}) AND pa.deleted_at IS NULL
                        AND n IS NOT NULL AND n <> '') x
              WHERE x.score >= 0.6
              GROUP BY x.id, x.name
              ORDER BY 4 DESC, x.id LIMIT lim)
            UNION ALL
            -- Each way of finding a source reads the rows it finds, and the two are joined by
            -- id only then: no source is read back by key from a list of ids, whose size the
            -- planner must guess (a guess of a few per cent, for the case forms above, made it
            -- read every source to join them).
            (SELECT {{sources.singular}}, x.id, x.label, max(x.score)
               FROM (SELECT m.id, coalesce(m.title, m.url) AS label,
                            greatest(ts_rank(m.search_text, ts, 32), 0.01) AS score
                       FROM sources m
                      WHERE kind IN ('', {{sources.singular}}) AND m.search_text @@ ts AND m.deleted_at IS NULL
                     UNION ALL
                     -- a source found only because it cites a person named: a low score
                     SELECT s.id, coalesce(s.title, s.url),
                            greatest(ts_rank(s.search_text, ts, 32), 0.01)
                       FROM sources s
                      WHERE kind IN ('', {{sources.singular}}) AND s.deleted_at IS NULL
                        AND s.id IN (SELECT c.source_id FROM citations c
                                      WHERE c.subject_type = {{people.singular}} AND c.subject_id = ANY (named)
                                        AND c.deleted_at IS NULL)) x
              GROUP BY x.id, x.label
              ORDER BY 4 DESC, x.id LIMIT lim)),
        top AS (SELECT * FROM hits ORDER BY score DESC, type, id LIMIT lim)
        SELECT coalesce(json_agg(CASE WHEN h.type = {{sources.singular}}
                   THEN json_build_object('type', h.type, 'id', h.id, 'label', h.label,
                        'score', round(h.score::numeric, 4), 'snippet', sn.snippet,
                        'snippet_start', sn.snippet_start, 'highlights', sn.highlights)
                   ELSE json_build_object('type', h.type, 'id', h.id, 'label', h.label,
                        'score', round(h.score::numeric, 4)) END
               ORDER BY h.score DESC, h.type, h.id), '[]'::json)
          FROM top h
          LEFT JOIN sources s ON h.type = {{sources.singular}} AND s.id = h.id
          LEFT JOIN LATERAL swaptrack_snippet(s.content, lexemes) sn ON h.type = {{sources.singular}});
END
$$;
