-- Name search that stays fast at a million people.
--
-- 0003 matched the whole folded query against every person's folded names with a trigram index.
-- Names repeat: at a million people a common surname is shared by tens of thousands, and the
-- trigram index hands every one of them to a similarity recheck (half a second a query, measured
-- by bench/run). Here a query is matched against the *vocabulary* of name words instead, which
-- is small, and people are found through an index of which person has which word, read in id
-- order so that a page of 50 stops after 50 rows however common the word is.
--
--   search_terms   every folded name word ever written (never pruned; a stale word only costs
--                  a lookup that finds nobody), with a trigram index for typos
--   person_terms   (word, person) for each word of each person's folded names, in id order

CREATE TABLE search_terms (
    term text PRIMARY KEY
);
CREATE INDEX search_terms_trgm ON search_terms USING gin (term gin_trgm_ops);

CREATE TABLE person_terms (
    term      text   NOT NULL,
    person_id bigint NOT NULL,
    PRIMARY KEY (term, person_id)
);

-- The distinct words of folded names, each at most 100 characters (a longer "word" is not a
-- name a person types; the index entry must stay small). PL/pgSQL, not SQL: a SQL function that
-- cannot be inlined is planned again on every call (0.7 ms, measured), a PL/pgSQL one once per
-- connection.
CREATE FUNCTION swaptrack_words(s text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT AS $$
BEGIN
    RETURN ARRAY(SELECT DISTINCT left(w, 100) FROM regexp_split_to_table(s, '\s+') AS w
                  WHERE w <> '');
END
$$;

-- Keep person_terms in step with search_names (set by the BEFORE trigger of 0003), once per
-- statement over its transition tables: a COPY of a million people (import) then writes their
-- words in one set, not a million times two small inserts (measured: 150 us a row that way).
-- DO NOTHING takes no row lock on an existing word, so writers of common names do not queue.
CREATE FUNCTION people_terms_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_terms
        SELECT DISTINCT w FROM new_rows, unnest(swaptrack_words(new_rows.search_names)) AS w
        ON CONFLICT DO NOTHING;
    INSERT INTO person_terms
        SELECT w, new_rows.id FROM new_rows, unnest(swaptrack_words(new_rows.search_names)) AS w
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

-- Only the rows whose folded names changed cost anything: a soft delete or an edit of another
-- field passes through.
CREATE FUNCTION people_terms_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- One statement: its parts see the same snapshot, and the words removed and the words added
    -- are disjoint.
    WITH r AS (
        SELECT n.id, swaptrack_words(o.search_names) AS was, swaptrack_words(n.search_names) AS now
          FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE n.search_names IS DISTINCT FROM o.search_names),
    gone AS (
        DELETE FROM person_terms pt USING r
         WHERE pt.person_id = r.id AND pt.term = ANY (r.was) AND NOT pt.term = ANY (r.now)),
    vocabulary AS (
        INSERT INTO search_terms SELECT DISTINCT unnest(r.now) FROM r ON CONFLICT DO NOTHING)
    INSERT INTO person_terms SELECT unnest(r.now), r.id FROM r ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER people_terms_insert AFTER INSERT ON people
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION people_terms_insert();
CREATE TRIGGER people_terms_update AFTER UPDATE ON people
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION people_terms_update();

INSERT INTO search_terms SELECT DISTINCT unnest(swaptrack_words(search_names)) FROM people
    ON CONFLICT DO NOTHING;
INSERT INTO person_terms SELECT DISTINCT unnest(swaptrack_words(search_names)), id FROM people
    ON CONFLICT DO NOTHING;

-- How close query word q is to name word t, in [0, 1]: the mean of trigram word similarity
-- (which forgives a missing ending: "gershk") and 1 - edit distance / the longer length (which
-- tells one typo from another name: "Dmitirev" is one transposition from "Dmitriev").
CREATE FUNCTION swaptrack_term_score(q text, t text) RETURNS real
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT ((word_similarity(q, t)
             + 1 - levenshtein(q, t)::real / greatest(length(q), length(t), 1)) / 2)::real
$$;

-- The best `lim` live people for a query, best first, with scores in (0, 1].
--
-- Each of the query's first five words (folded, distinct) gets its three nearest name words
-- (trigram word similarity at least pg_trgm.word_similarity_threshold), keeping those within
-- 0.15 of the word's best. A person's score is the mean over the query's words of the score of
-- the name word they have for it (0 for a query word they have none for), and at least half the
-- query's words must be matched. Combinations of one name word (or none) per query word are
-- tried from the best total down; each finds its people through person_terms in id order, at
-- most as many as are still needed. A person met again in a worse combination keeps its first,
-- best score. The loop ends when `lim` people are found and the next combination scores less
-- than the last of them.
CREATE FUNCTION swaptrack_search_people(query text, lim int)
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
        -- A word's candidates well below its best are noise ("41" for "412"): dropped.
        kept AS MATERIALIZED (
            SELECT cand.* FROM cand
             WHERE cand.s >= (SELECT max(b.s) FROM cand b WHERE b.i = cand.i) - 0.15),
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
                  JOIN people p ON p.id = t1.person_id AND p.deleted_at IS NULL
                 WHERE t1.term = combo.terms[1] AND t1.person_id <> ALL (found_ids)
                 ORDER BY t1.person_id LIMIT lim);
        ELSIF cardinality(combo.terms) = 2 THEN
            found_ids := found_ids || ARRAY(
                SELECT t1.person_id FROM person_terms t1
                  JOIN person_terms t2 ON t2.person_id = t1.person_id AND t2.term = combo.terms[2]
                  JOIN people p ON p.id = t1.person_id AND p.deleted_at IS NULL
                 WHERE t1.term = combo.terms[1] AND t1.person_id <> ALL (found_ids)
                 ORDER BY t1.person_id LIMIT lim);
        ELSE
            sql := 'SELECT t1.person_id FROM person_terms t1';
            FOR k IN 2 .. cardinality(combo.terms) LOOP
                sql := sql || format(' JOIN person_terms t%s ON t%s.person_id = t1.person_id'
                                     ' AND t%s.term = $1[%s]', k, k, k, k);
            END LOOP;
            sql := sql || ' JOIN people p ON p.id = t1.person_id AND p.deleted_at IS NULL'
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

-- The trigram index over every person's names gave the candidates of 0003's search; the people
-- list's `q` filter still uses it.
