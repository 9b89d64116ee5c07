-- Quotes anchored in the article (issue 16): where each citation's quote stands in its source's
-- content, {"start", "end", "exact", "prefix", "suffix"}, found by the server's forgiving match
-- (server/core/anchor.c) on every write and import. The citations that exist get theirs from the
-- step in C that runs after this file, in its transaction (models/citations.c,
-- citations_anchor_all): the matcher is written once, in C, not again in SQL.
-- json, not jsonb: kept as written, its members in the order the API gives them.
ALTER TABLE citations ADD COLUMN anchor json
    CHECK (anchor IS NULL OR (json_typeof(anchor) = 'object' AND anchor->'start' IS NOT NULL
                              AND anchor->'end' IS NOT NULL));

-- The quote check after an import was the SQL twin of the old rule (0004); quotes are now
-- anchored line by line as an import reads them.
DROP FUNCTION swaptrack_collapse(text);

-- sources (models/sources.c). The live citations of a source that have a quote, with their
-- anchors, locked: their anchors follow a change of the source's content.
DROP FUNCTION swaptrack_source_quotes(bigint);
CREATE FUNCTION swaptrack_source_quotes(source bigint)
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
CREATE FUNCTION swaptrack_reanchor(ids bigint[], anchors json[])
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE citations c SET anchor = u.a, version = c.version + 1, updated_at = now()
      FROM unnest(ids, anchors) AS u(id, a)
     WHERE c.id = u.id;
END
$$;
