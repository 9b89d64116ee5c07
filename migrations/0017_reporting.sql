-- What reporting says that v1 could not record (contract v1.1, "More of what reporting says"):
-- the parties of a swap and how many it freed, filters on its mediators and parties, and when a
-- detention's sentence was passed, which the timeline shows.

-- A swap's parties: the states that released someone. Swaps made before are given those named
-- as released_by in their releases, and as many freed as were named, as a new swap is when the
-- client leaves them out (models/swaps.c).
ALTER TABLE swaps
    ADD COLUMN parties text[] NOT NULL DEFAULT '{}' CHECK (countries_valid(parties)),
    ADD COLUMN released_count integer CHECK (released_count >= 0);
UPDATE swaps s SET
    parties = coalesce((SELECT array_agg(r.released_by ORDER BY r.first)
                          FROM (SELECT released_by, min(position) AS first FROM swap_releases
                                 WHERE swap_id = s.id GROUP BY released_by) r), '{}'),
    released_count = (SELECT count(*) FROM swap_releases WHERE swap_id = s.id);
CREATE INDEX swaps_parties ON swaps USING gin (parties) WHERE deleted_at IS NULL;
CREATE INDEX swaps_mediators ON swaps USING gin (mediators) WHERE deleted_at IS NULL;

-- When a detention's sentence was passed, a partial date.
ALTER TABLE detentions
    ADD COLUMN sentenced_on           text,
    ADD COLUMN sentenced_on_first     date,
    ADD COLUMN sentenced_on_last      date,
    ADD COLUMN sentenced_on_precision text CHECK (sentenced_on_precision IN ('year', 'month', 'day')),
    ADD CHECK ((sentenced_on IS NULL) = (sentenced_on_first IS NULL)
               AND (sentenced_on IS NULL) = (sentenced_on_last IS NULL)
               AND (sentenced_on IS NULL) = (sentenced_on_precision IS NULL)
               AND sentenced_on_first <= sentenced_on_last);
CREATE INDEX detentions_sentenced_on ON detentions (coalesce(sentenced_on_first, '-infinity'), id)
    WHERE deleted_at IS NULL;

-- The timeline of 0016, with the day a sentence was passed ("sentenced", after the arrest
-- and before anything else of the same day).
CREATE OR REPLACE FUNCTION swaptrack_timeline(person bigint)
RETURNS TABLE (first date, ord int, id bigint, date text, kind text, collection text,
               summary text, role text, cited_kind text, cited_id bigint, also_kind text,
               also_id bigint)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY
    SELECT t.detained_on_first, 1, t.id, t.detained_on, 'detained', 'detentions',
           concat_ws(' ', 'Detained by', t.country, '(' || t.authority || ')', 'in ' || t.place),
           NULL::text, 'detention', t.id, NULL::text, NULL::bigint
      FROM detentions t
     WHERE t.person_id = person AND t.deleted_at IS NULL AND t.detained_on IS NOT NULL
    UNION ALL
    SELECT t.sentenced_on_first, 2, t.id, t.sentenced_on, 'sentenced', 'detentions',
           concat_ws(' ', 'Sentenced in', t.country, 'to ' || t.sentence),
           NULL, 'detention', t.id, NULL, NULL
      FROM detentions t
     WHERE t.person_id = person AND t.deleted_at IS NULL AND t.sentenced_on IS NOT NULL
    UNION ALL
    SELECT t.released_on_first, 5, t.id, t.released_on, 'released', 'detentions',
           concat_ws(' ', 'Released by', t.country, '(' || t.status || ')'),
           NULL, 'detention', t.id, CASE WHEN w.swap_id IS NOT NULL THEN 'swap' END, w.swap_id
      FROM detentions t
      LEFT JOIN LATERAL (
           SELECT r.swap_id FROM swap_releases r JOIN swaps s ON s.id = r.swap_id
            WHERE r.detention_id = t.id AND s.deleted_at IS NULL
              AND s.occurred_on = t.released_on
            ORDER BY r.swap_id LIMIT 1) w ON true
     WHERE t.person_id = person AND t.deleted_at IS NULL AND t.released_on IS NOT NULL
    UNION ALL
    SELECT t.started_on_first, 3, t.id, t.started_on, 'negotiation', 'negotiations', t.title,
           c.role, 'negotiation', t.id, NULL, NULL
      FROM negotiations t JOIN negotiation_participants c ON c.negotiation_id = t.id
     WHERE c.person_id = person AND t.deleted_at IS NULL AND t.started_on IS NOT NULL
    UNION ALL
    SELECT t.occurred_on_first, 4, t.id, t.occurred_on, 'swap', 'swaps',
           concat_ws(' ', 'Released by', c.released_by, 'to ' || c.released_to, 'in a swap',
                     'in ' || t.place),
           NULL, 'swap', t.id, NULL, NULL
      FROM swaps t JOIN swap_releases c ON c.swap_id = t.id
     WHERE c.person_id = person AND t.deleted_at IS NULL
    UNION ALL
    SELECT t.said_on_first, 6, t.id, t.said_on, 'statement', 'statements',
           concat_ws(': ', 'To ' || t.audience, t.text),
           CASE WHEN t.speaker_id = person THEN 'speaker' ELSE 'subject' END,
           'statement', t.id, NULL, NULL
      FROM statements t
     WHERE (t.speaker_id = person OR t.person_id = person) AND t.deleted_at IS NULL
       AND t.said_on IS NOT NULL;
END
$$;
