-- people_terms_insert (0007) split every new person's names into words twice, once for the
-- vocabulary and once for person_terms, each time through swaptrack_words: a PL/pgSQL call that
-- starts a query of its own, per row. An import of 50,000 people spent 3.3 s of its 5.5 s in
-- that trigger (bench/README.md). Now the words are split once, by a SQL function PostgreSQL
-- inlines into the statement, and written to person_terms in key order, so the index is filled
-- from left to right rather than at random. swaptrack_words keeps its meaning: it is the set
-- below, distinct, as an array.

-- The words of folded names, one a row: split at white space, at most 100 characters each.
-- Not STRICT, so that PostgreSQL can inline it where it is called (NULL gives no rows anyway).
CREATE FUNCTION swaptrack_word_set(s text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT left(w, 100) FROM regexp_split_to_table(s, '\s+') AS w WHERE w <> ''
$$;

CREATE OR REPLACE FUNCTION swaptrack_words(s text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT AS $$
BEGIN
    RETURN ARRAY(SELECT DISTINCT w FROM swaptrack_word_set(s) AS w);
END
$$;

CREATE OR REPLACE FUNCTION people_terms_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    WITH w AS MATERIALIZED (
        SELECT DISTINCT t, new_rows.id
          FROM new_rows, swaptrack_word_set(new_rows.search_names) AS t),
    vocabulary AS (
        INSERT INTO search_terms SELECT DISTINCT t FROM w ON CONFLICT DO NOTHING)
    INSERT INTO person_terms SELECT t, id FROM w ORDER BY t, id ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
