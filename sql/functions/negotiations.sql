-- A negotiation's progress (models/negotiations.c; contract v1.2 "Negotiations: agreements and
-- their stages"): what its completed swaps delivered of each commitment.
--
-- One home for these functions: swaptrack migrate applies this file again whenever its text
-- (once its references to the field tables, in double braces, are filled in) differs from
-- what was applied.

-- The progress of negotiation n: for each commitment, in order, {"commitment", "count",
-- "delivered", "remaining", "swaps"}. Delivered: the people its live completed swaps moved in
-- the commitment's direction (a null side on either part matches), counted from their flows
-- (flows.sql): with a category, those of that category; without one, every living person;
-- remains only toward a commitment of category remains. Swaps: those that delivered any, by
-- stage (unstaged last), then date, then id.
CREATE OR REPLACE FUNCTION swaptrack_negotiation_progress(n bigint)
RETURNS json
LANGUAGE sql STABLE AS $$
    WITH moved AS (
        SELECT s.id AS swap_id, s.stage, s.occurred_on_first, f.released_by, f.released_to,
               f.category, f.dead AS remains, f.n AS people
          FROM swaps s CROSS JOIN LATERAL swaptrack_swap_flows(s.id) f
         -- qualified: a flow has a column n too
         WHERE s.negotiation_id = swaptrack_negotiation_progress.n AND s.deleted_at IS NULL
           AND s.status = {{swaps.status:completed}}
    ), per AS (
        SELECT c.id, c.position, c.count,
               coalesce(sum(m.people), 0)::bigint AS delivered,
               coalesce(json_agg(DISTINCT m.swap_id) FILTER (WHERE m.people > 0), '[]') AS ids
          FROM negotiation_commitments c
          LEFT JOIN moved m
            ON (c.released_by IS NULL OR m.released_by IS NULL OR m.released_by = c.released_by)
           AND (c.released_to IS NULL OR m.released_to IS NULL OR m.released_to = c.released_to)
           AND CASE WHEN c.category = {{negotiation_commitments.category:remains}} THEN m.remains
                    WHEN c.category IS NOT NULL THEN m.category = c.category AND NOT m.remains
                    ELSE NOT m.remains END
         WHERE c.negotiation_id = swaptrack_negotiation_progress.n
         GROUP BY c.id, c.position, c.count
    )
    SELECT coalesce(json_agg(json_build_object(
               'commitment', p.id, 'count', p.count, 'delivered', p.delivered,
               'remaining', CASE WHEN p.count IS NOT NULL THEN greatest(p.count - p.delivered, 0) END,
               'swaps', (SELECT coalesce(json_agg(s.id ORDER BY s.stage NULLS LAST,
                                                  s.occurred_on_first NULLS LAST, s.id), '[]')
                           FROM swaps s
                          WHERE s.id IN (SELECT value::text::bigint FROM json_array_elements(p.ids))))
               ORDER BY p.position), '[]')
      FROM per p
$$;

-- Stores the progress of negotiation n when it changed, which recomputes its read document
-- (and so its ETag) without a new version: progress is what its swaps did, not an edit of it.
CREATE OR REPLACE FUNCTION swaptrack_negotiation_progress_set(n bigint)
RETURNS void
LANGUAGE sql AS $$
    UPDATE negotiations t SET progress = swaptrack_negotiation_progress(n)
     WHERE t.id = n AND t.progress::text IS DISTINCT FROM swaptrack_negotiation_progress(n)::text
$$;

-- After a write of swap s (models/swaps.c): the progress of its negotiation now, and of the one
-- it had before this write (its last history row: history is written after the hook), which a
-- change of negotiation_id, status, groups or releases may have changed.
CREATE OR REPLACE FUNCTION swaptrack_swap_progress(s bigint)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    FOR n IN
        SELECT negotiation_id FROM swaps WHERE swaps.id = s
        UNION
        SELECT (h.record ->> 'negotiation_id')::bigint
          FROM (SELECT record FROM history
                 WHERE collection = 'swaps' AND record_id = s
                 ORDER BY version DESC, history.id DESC LIMIT 1) h
    LOOP
        IF n IS NOT NULL THEN
            PERFORM swaptrack_negotiation_progress_set(n);
        END IF;
    END LOOP;
END
$$;

-- After a bulk import: every negotiation's progress (none is exported). No rows: the import's
-- whole checks take (id, field, message) rows of what failed.
CREATE OR REPLACE FUNCTION swaptrack_negotiations_progress_all()
RETURNS TABLE (id bigint, field text, message text)
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE negotiations t SET progress = swaptrack_negotiation_progress(t.id);
END
$$;

-- Negotiations stored before progress existed (its column is added by the generated schema
-- step, which runs before this file): computed once. Nothing to do on a later run.
UPDATE negotiations t SET progress = swaptrack_negotiation_progress(t.id) WHERE t.progress IS NULL;
