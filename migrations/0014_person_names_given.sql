-- As 0012 did for sources' vectors, for people's folded names (0003): an import computes them on
-- its other connections, with the function below, and gives them to its COPY. Folding names
-- (transliteration, unaccent, lower case) was a quarter of what PostgreSQL spent storing a
-- person in an import, on the import's one backend, while the machine's other core had nothing
-- to do (bench/README.md). The trigger keeps folded names given on INSERT and computes them
-- otherwise; the API never gives them (search_names is not a field).

-- The one definition of what a person's names are searched as. STABLE, as concat_ws and
-- array_to_string are: PostgreSQL inlines a SQL function only when it claims no more than its
-- body does, and not inlined it took 45 us a person instead of 8 (measured).
CREATE FUNCTION swaptrack_person_names(name text, name_native text, aliases text[]) RETURNS text
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
