-- The duplicate guard of people (models/people.c): the live people that a new person's names
-- (name, native name, aliases) match as strongly as search ranks an exact spelling variant,
-- score 0.9 or more, by search's own matching (swaptrack_search_people, 0007), so that Cyrillic
-- and Latin spellings and aliases count. Best first, each person once with its best score.
CREATE FUNCTION swaptrack_person_candidates(names text[], lim int)
RETURNS TABLE (id bigint, name text, score numeric)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY
    SELECT s.id, p.name, round(max(s.score)::numeric, 4)
      FROM unnest(names) AS q(n)
      CROSS JOIN LATERAL swaptrack_search_people(q.n, lim) s
      JOIN people p ON p.id = s.id AND p.deleted_at IS NULL
     WHERE q.n IS NOT NULL AND q.n <> '' AND s.score >= 0.9
     GROUP BY s.id, p.name
     ORDER BY 3 DESC, 1
     LIMIT lim;
END
$$;
