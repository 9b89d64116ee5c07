-- The duplicate guard names every live person at or above its threshold (issue 29). It took
-- search's people (0020), which drop a word's candidates more than 0.15 below its best: with
-- "Evan Gershkovitch" on record, "Evan Gershkovich" scored 0.5 for a new "Evan Gershkovitch"
-- (the near spelling of the surname, 0.80, dropped beside the exact one, 1.0), though the two
-- score 0.90 against each other, and the guard named only the first. Search keeps the
-- pruning; the guard asks without it. Everything else is as in 0022 and 0020.
DROP FUNCTION swaptrack_search_people(text, int);
CREATE FUNCTION swaptrack_search_people(query text, lim int, prune boolean DEFAULT true)
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
