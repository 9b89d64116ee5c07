-- Sources' text: its full-text vector (kept by its trigger), the matching words and the snippet
-- search shows, what citations quote of it, and their anchors moved in one statement.
--
-- One home for these functions: swaptrack migrate applies this file again whenever its text
-- (once its references to the field tables, in double braces, are filled in) differs from
-- what was applied.

-- The one definition of a source's vector: the title (A) above the outlet (B) above the text (C).
CREATE OR REPLACE FUNCTION swaptrack_source_vector(title text, outlet text, content text) RETURNS tsvector
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

-- The matching words of content: its tokens as the default parser splits them (a hyphenated
-- word's whole and a URL's whole are followed by their parts, so only the parts are counted,
-- and the tokens then run through the text end to end), each word stemmed as the english
-- configuration stems it and kept when the stem is one of lexemes.
CREATE OR REPLACE FUNCTION swaptrack_highlights(content text, lexemes text[])
RETURNS TABLE (start int, "end" int)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (t.at - length(t.token))::int, t.at::int
      FROM (SELECT p.tokid, p.token,
                   sum(length(p.token)) OVER (ORDER BY p.ord) AS at
              FROM ts_parse('default', content) WITH ORDINALITY AS p(tokid, token, ord)
             WHERE p.tokid NOT IN (5, 15, 16, 17)) t
     WHERE t.tokid IN (1, 2, 3, 9, 10, 11)
       AND ts_lexize('english_stem', lower(t.token)) && lexemes
     ORDER BY 1
$$;

-- The snippet of content around its first highlight: from about 80 code points before it to
-- about 120 after, at word boundaries; the content's start when nothing matches in it (the
-- title did).
CREATE OR REPLACE FUNCTION swaptrack_snippet(content text, lexemes text[],
                                  OUT snippet text, OUT snippet_start int, OUT highlights json)
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    first_start int;
    first_end int;
    a int;
    b int;
    n int := length(coalesce(content, ''));
BEGIN
    IF content IS NULL THEN
        snippet := NULL;
        snippet_start := NULL;
        highlights := '[]';
        RETURN;
    END IF;
    SELECT coalesce(json_agg(json_build_object('start', h.start, 'end', h."end") ORDER BY h.start), '[]'),
           min(h.start), min(h."end")
      INTO highlights, first_start, first_end
      FROM swaptrack_highlights(content, lexemes) h;
    a := greatest(coalesce(first_start, 0) - 80, 0);
    b := least(coalesce(first_end, 0) + 120, n);
    IF a > 0 THEN
        -- forward to the next word's start (within the 80 code points before the match)
        a := a + coalesce(nullif(position(' ' IN substr(content, a + 1, coalesce(first_start, 0) - a)), 0), 0);
    END IF;
    IF b < n THEN
        -- back to the end of the last whole word
        b := b - coalesce(nullif(position(' ' IN reverse(substr(content, coalesce(first_end, 0) + 1,
                                                                    b - coalesce(first_end, 0)))), 0), 0);
    END IF;
    snippet := substr(content, a + 1, b - a);
    snippet_start := a;
END
$$;

-- citations (models/citations.c). A live source's content, locked FOR SHARE: a change of the
-- content waits for the citation being checked against it, or the citation for the change.
-- No row when the source is not live.
CREATE OR REPLACE FUNCTION swaptrack_source_content(source bigint)
RETURNS TABLE (content text)
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY SELECT s.content FROM sources s
                  WHERE s.id = source AND s.deleted_at IS NULL FOR SHARE;
END
$$;

CREATE OR REPLACE FUNCTION swaptrack_source_quotes(source bigint)
RETURNS TABLE (id bigint, quote text, anchor json)
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY SELECT c.id, c.quote, c.anchor FROM citations c
                  WHERE c.source_id = source AND c.quote IS NOT NULL AND c.deleted_at IS NULL
                  ORDER BY c.id FOR UPDATE;
END
$$;

-- Citations ids get anchors (index for index), each at a new version; the caller records their
-- history.
CREATE OR REPLACE FUNCTION swaptrack_reanchor(ids bigint[], anchors json[])
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE citations c SET anchor = u.a, version = c.version + 1, updated_at = now()
      FROM unnest(ids, anchors) AS u(id, a)
     WHERE c.id = u.id;
END
$$;
