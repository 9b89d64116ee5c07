-- Search: names across scripts and spellings, and the full text of sources.
--
-- A person's names (name, native name, aliases) are folded into one column when the row is
-- written: Cyrillic transliterated to Latin, accents removed, lower case. "Дмитриев",
-- "Dmitriyev" and "dmitriev" then meet in trigram space, where pg_trgm's word similarity also
-- forgives a typo. Sources get a weighted tsvector: title (A) above content (B).

-- Edit distance, to rank near-equal trigram matches: "Dmitirev" is one transposition from
-- "Dmitriev" but as close as "Dmitry Medvedev" in trigrams.
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

-- Cyrillic to Latin, close to BGN/PCGN without diacritics (Russian, with the Ukrainian and
-- Belarusian letters). Multi-letter sounds first, then one letter for one letter.
CREATE FUNCTION swaptrack_translit(s text) RETURNS text
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

-- What names are compared as: transliterated, unaccented, lower case.
CREATE FUNCTION swaptrack_fold(s text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT lower(unaccent('unaccent'::regdictionary, swaptrack_translit(s)))
$$;

ALTER TABLE people ADD COLUMN search_names text NOT NULL DEFAULT '';

CREATE FUNCTION people_search_names() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_names := swaptrack_fold(concat_ws(' ', NEW.name, NEW.name_native,
                                                 array_to_string(NEW.aliases, ' ')));
    RETURN NEW;
END
$$;

CREATE TRIGGER people_search_names BEFORE INSERT OR UPDATE OF name, name_native, aliases
    ON people FOR EACH ROW EXECUTE FUNCTION people_search_names();
UPDATE people SET name = name;

CREATE INDEX people_search_names ON people USING gin (search_names gin_trgm_ops)
    WHERE deleted_at IS NULL;

-- How close the folded query is to the nearest single word of the folded names, in [0, 1]:
-- 1 - edit distance / the longer length.
CREATE FUNCTION swaptrack_word_closeness(query text, names text) RETURNS real
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT coalesce(max(1 - levenshtein(left(query, 255), left(w, 255))::real
                        / greatest(length(query), length(w), 1)), 0)
    FROM regexp_split_to_table(names, ' ') AS w
    WHERE w <> ''
$$;

ALTER TABLE sources ADD COLUMN search_text tsvector NOT NULL DEFAULT ''::tsvector;

CREATE FUNCTION sources_search_text() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_text := setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')
                    || setweight(to_tsvector('english', coalesce(NEW.outlet, '')), 'B')
                    || setweight(to_tsvector('english', coalesce(NEW.content, '')), 'C');
    RETURN NEW;
END
$$;

CREATE TRIGGER sources_search_text BEFORE INSERT OR UPDATE OF title, outlet, content
    ON sources FOR EACH ROW EXECUTE FUNCTION sources_search_text();
UPDATE sources SET title = title;

CREATE INDEX sources_search_text ON sources USING gin (search_text) WHERE deleted_at IS NULL;
