-- The quote rule in SQL, for checks made after a bulk import: the same folding of white space
-- as models/citations.c (ASCII white space, no-break space, the Unicode spaces U+2000-U+200A,
-- U+202F, U+205F and U+3000), runs made one space, ends trimmed.
CREATE FUNCTION swaptrack_collapse(s text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT btrim(regexp_replace(s, E'[ \\t\\n\\r\\f\\v\\u00a0\\u2000-\\u200a\\u202f\\u205f\\u3000]+', ' ', 'g'), ' ')
$$;
