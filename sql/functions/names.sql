-- Names compared as one spelling: transliteration (Cyrillic to Latin and back), folding, the
-- words of a name, how close two words are, and people's folded names and name words, kept
-- by their triggers.
--
-- One home for these functions: swaptrack migrate applies this file again whenever its text
-- (once its references to the field tables, in double braces, are filled in) differs from
-- what was applied.

-- Cyrillic to Latin, close to BGN/PCGN without diacritics (Russian, with the Ukrainian and
-- Belarusian letters). Multi-letter sounds first, then one letter for one letter.
CREATE OR REPLACE FUNCTION swaptrack_translit(s text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT translate(
        replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
        replace(replace(replace(replace(lower(s),
            'щ', 'shch'), 'ж', 'zh'), 'х', 'kh'), 'ц', 'ts'), 'ч', 'ch'), 'ш', 'sh'),
            'ю', 'yu'), 'я', 'ya'), 'ё', 'yo'), 'є', 'ye'), 'ї', 'yi'), 'ъ', ''), 'ь', ''),
            'ў', 'u'),
        'абвгґдезийiклмнопрстуфыэі',
        'abvggdeziyiklmnoprstufyei')
$$;

-- Latin letters to Cyrillic as Russian names are commonly romanised (the reverse of
-- swaptrack_translit, 0003): digraphs first. One spelling of several possible.
CREATE OR REPLACE FUNCTION swaptrack_cyrillic(s text) RETURNS text
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
CREATE OR REPLACE FUNCTION swaptrack_cyrillic_forms(w text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT ARRAY(SELECT DISTINCT f FROM (
        SELECT c || e AS f FROM (SELECT swaptrack_cyrillic(w) AS c) x,
               unnest(ARRAY['', 'а', 'у', 'ом', 'ем', 'ым', 'им', 'е', 'ой', 'ы', 'и']) AS e
        UNION ALL
        SELECT left(c, -1) || e FROM (SELECT swaptrack_cyrillic(w) AS c) x,
               unnest(ARRAY['ы', 'и', 'е', 'у', 'ю', 'ой', 'ей', 'я', 'ем', 'ём']) AS e
         WHERE right(c, 1) IN ('а', 'я', 'й', 'ь')) forms ORDER BY f)
$$;

-- Transliterations of one Russian name differ in a few regular ways: Dmitriyev / Dmitriev,
-- Kseniya / Ksenia, Sergey / Sergei, Aleksey / Alexey. Folding those pairs together, in names
-- and in queries alike, makes the variants one spelling, so the trigram and edit-distance
-- ranking weighs only real differences. ("Dmitriyev" otherwise sits nearer "Dmitriy" than
-- "Dmitriev".)
CREATE OR REPLACE FUNCTION swaptrack_fold(s text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT replace(replace(replace(
        lower(unaccent('unaccent'::regdictionary, swaptrack_translit(s))),
        'iy', 'i'), 'ey', 'ei'), 'ks', 'x')
$$;

CREATE OR REPLACE FUNCTION swaptrack_words(s text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT AS $$
BEGIN
    RETURN ARRAY(SELECT DISTINCT w FROM swaptrack_word_set(s) AS w);
END
$$;

-- The words of folded names, one a row: split at white space, at most 100 characters each.
-- Not STRICT, so that PostgreSQL can inline it where it is called (NULL gives no rows anyway).
CREATE OR REPLACE FUNCTION swaptrack_word_set(s text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT left(w, 100) FROM regexp_split_to_table(s, '\s+') AS w WHERE w <> ''
$$;

-- How close the folded query is to the nearest single word of the folded names, in [0, 1]:
-- 1 - edit distance / the longer length.
CREATE OR REPLACE FUNCTION swaptrack_word_closeness(query text, names text) RETURNS real
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT coalesce(max(1 - levenshtein(left(query, 255), left(w, 255))::real
                        / greatest(length(query), length(w), 1)), 0)
    FROM regexp_split_to_table(names, ' ') AS w
    WHERE w <> ''
$$;

-- How close query word q is to name word t, in [0, 1]: the mean of trigram word similarity
-- (which forgives a missing ending: "gershk") and 1 - edit distance / the longer length (which
-- tells one typo from another name: "Dmitirev" is one transposition from "Dmitriev").
CREATE OR REPLACE FUNCTION swaptrack_term_score(q text, t text) RETURNS real
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT ((word_similarity(q, t)
             + 1 - levenshtein(q, t)::real / greatest(length(q), length(t), 1)) / 2)::real
$$;

-- The one definition of what a person's names are searched as. STABLE, as concat_ws and
-- array_to_string are: PostgreSQL inlines a SQL function only when it claims no more than its
-- body does, and not inlined it took 45 us a person instead of 8 (measured).
CREATE OR REPLACE FUNCTION swaptrack_person_names(name text, name_native text, aliases text[]) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT swaptrack_fold(concat_ws(' ', name, name_native, array_to_string(aliases, ' ')))
$$;

CREATE OR REPLACE FUNCTION people_search_names() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.search_names <> '' THEN
        RETURN NEW;
    END IF;
    NEW.search_names := swaptrack_person_names(NEW.name, NEW.name_native, NEW.aliases);
    RETURN NEW;
END
$$;

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

-- Only the rows whose folded names changed cost anything: a soft delete or an edit of another
-- field passes through.
CREATE OR REPLACE FUNCTION people_terms_update() RETURNS trigger
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
