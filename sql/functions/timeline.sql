-- A person's timeline (GET /v1/people/{id}/timeline, models/people.c).
--
-- One home for these functions: swaptrack migrate applies this file again whenever its text
-- (once its references to the field tables, in double braces, are filled in) differs from
-- what was applied.

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
           NULL::text, {{citations.subject_type:detention}}, t.id, NULL::text, NULL::bigint
      FROM detentions t
     WHERE t.person_id = person AND t.deleted_at IS NULL AND t.detained_on IS NOT NULL
    UNION ALL
    SELECT t.sentenced_on_first, 2, t.id, t.sentenced_on, 'sentenced', 'detentions',
           concat_ws(' ', 'Sentenced in', t.country, 'to ' || t.sentence),
           NULL, {{citations.subject_type:detention}}, t.id, NULL, NULL
      FROM detentions t
     WHERE t.person_id = person AND t.deleted_at IS NULL AND t.sentenced_on IS NOT NULL
    UNION ALL
    SELECT t.released_on_first, 5, t.id, t.released_on, 'released', 'detentions',
           concat_ws(' ', 'Released by', t.country, '(' || t.status || ')'),
           NULL, {{citations.subject_type:detention}}, t.id, CASE WHEN w.swap_id IS NOT NULL THEN {{citations.subject_type:swap}} END, w.swap_id
      FROM detentions t
      LEFT JOIN LATERAL (
           SELECT r.swap_id FROM swap_releases r JOIN swaps s ON s.id = r.swap_id
            WHERE r.detention_id = t.id AND s.deleted_at IS NULL
              AND s.status = {{swaps.status:completed}} AND s.occurred_on = t.released_on
            ORDER BY r.swap_id LIMIT 1) w ON true
     WHERE t.person_id = person AND t.deleted_at IS NULL AND t.released_on IS NOT NULL
    UNION ALL
    SELECT t.started_on_first, 3, t.id, t.started_on, 'negotiation', 'negotiations', t.title,
           c.role, {{citations.subject_type:negotiation}}, t.id, NULL, NULL
      FROM negotiations t JOIN negotiation_participants c ON c.negotiation_id = t.id
     WHERE c.person_id = person AND t.deleted_at IS NULL AND t.started_on IS NOT NULL
    UNION ALL
    -- An announced or cancelled swap is an item of its status, never a release (contract v1.2).
    SELECT t.occurred_on_first, 4, t.id, t.occurred_on,
           CASE WHEN t.status = {{swaps.status:completed}} THEN 'swap' ELSE t.status END, 'swaps',
           concat_ws(' ', CASE WHEN t.status = {{swaps.status:completed}} AND c.remains THEN 'Remains returned by'
                               WHEN t.status = {{swaps.status:completed}} THEN 'Released by'
                               ELSE 'To be released by' END,
                     c.released_by, 'to ' || c.released_to,
                     CASE WHEN t.status = {{swaps.status:completed}} THEN 'in a swap'
                          ELSE 'in a swap ' || t.status END,
                     'in ' || t.place),
           NULL, {{citations.subject_type:swap}}, t.id, NULL, NULL
      FROM swaps t JOIN swap_releases c ON c.swap_id = t.id
     WHERE c.person_id = person AND t.deleted_at IS NULL AND t.occurred_on IS NOT NULL
    UNION ALL
    SELECT t.said_on_first, 6, t.id, t.said_on, 'statement', 'statements',
           concat_ws(': ', 'To ' || t.audience, t.text),
           CASE WHEN t.speaker_id = person THEN 'speaker' ELSE 'subject' END,
           {{citations.subject_type:statement}}, t.id, NULL, NULL
      FROM statements t
     WHERE (t.speaker_id = person OR t.person_id = person) AND t.deleted_at IS NULL
       AND t.said_on IS NOT NULL;
END
$$;
