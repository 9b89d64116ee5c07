-- A source's full-text vector (0003) is most of what storing a source costs: to_tsvector over
-- 2 KB of text is about 500 us of one core, 86 s of an import of 200,000 sources, all on the
-- import's one backend while the machine's other core waits (bench/README.md). The import now
-- computes the vectors on a second connection, with the function below, while its COPY runs,
-- and gives each one to the COPY. So the trigger keeps a vector given on INSERT, and computes
-- it otherwise. The API never gives one (search_text is not a field of any resource), so its
-- inserts are computed as before; an UPDATE of the text always recomputes.

-- The one definition of a source's vector: the title (A) above the outlet (B) above the text (C).
CREATE FUNCTION swaptrack_source_vector(title text, outlet text, content text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(outlet, '')), 'B')
        || setweight(to_tsvector('english', coalesce(content, '')), 'C')
$$;

CREATE OR REPLACE FUNCTION sources_search_text() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.search_text <> ''::tsvector THEN
        RETURN NEW;
    END IF;
    NEW.search_text := swaptrack_source_vector(NEW.title, NEW.outlet, NEW.content);
    RETURN NEW;
END
$$;
