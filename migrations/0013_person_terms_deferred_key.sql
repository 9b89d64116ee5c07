-- An import of people spent half of its PostgreSQL time (2.3 s of 4.5 for 50,000 people) in
-- people_terms_insert, mostly keeping person_terms' primary key up a row at a time and sorting
-- the rows for it (bench/README.md). The import now drops that key while it loads and builds it
-- once at the end, as it does the secondary indexes of its own tables (server/import.c). So the
-- trigger's insert into person_terms can have no ON CONFLICT clause, which needs the key, and
-- no sort, which only served the key. It needs neither: a new person's id has no words yet
-- (ids are never reused; an import empties person_terms first, since with no people every row
-- there is stale), and the words of one person are distinct. The vocabulary keeps its key and
-- its ON CONFLICT: words are shared.
CREATE OR REPLACE FUNCTION people_terms_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    WITH w AS MATERIALIZED (
        SELECT DISTINCT t, new_rows.id
          FROM new_rows, swaptrack_word_set(new_rows.search_names) AS t),
    vocabulary AS (
        INSERT INTO search_terms SELECT DISTINCT t FROM w ON CONFLICT DO NOTHING)
    INSERT INTO person_terms SELECT t, id FROM w;
    RETURN NULL;
END
$$;
