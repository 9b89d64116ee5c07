-- What a swap does to detentions (models/swaps.c, models/detentions.c).
--
-- One home for these functions: swaptrack migrate applies this file again whenever its text
-- (once its references to the field tables, in double braces, are filled in) differs from
-- what was applied.

-- Held detentions of ids become exchanged, released on the swap's date (as given, first day,
-- last day, precision) unless they already have a release date. Returns the ids changed, whose
-- history the caller records.
CREATE OR REPLACE FUNCTION swaptrack_exchange(ids bigint[], occurred text, occurred_first date,
                                   occurred_last date, occurred_precision text)
RETURNS SETOF bigint
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY
    UPDATE detentions d SET status = {{detentions.status:exchanged}},
           released_on = coalesce(d.released_on, occurred),
           released_on_first = CASE WHEN d.released_on IS NULL THEN occurred_first
                                    ELSE d.released_on_first END,
           released_on_last = CASE WHEN d.released_on IS NULL THEN occurred_last
                                   ELSE d.released_on_last END,
           released_on_precision = CASE WHEN d.released_on IS NULL THEN occurred_precision
                                        ELSE d.released_on_precision END,
           version = d.version + 1, updated_at = now()
     WHERE d.id = ANY(ids) AND d.status = {{detentions.status:held}} AND d.deleted_at IS NULL
    RETURNING d.id;
END
$$;

-- swaps (models/swaps.c). The person each live detention of ids belongs to.
CREATE OR REPLACE FUNCTION swaptrack_detention_people(ids bigint[])
RETURNS TABLE (id bigint, person_id bigint)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT d.id, d.person_id FROM detentions d
                  WHERE d.id = ANY(ids) AND d.deleted_at IS NULL;
END
$$;

-- After a bulk import: releases whose detention is another person's, as (swap, field, message).
CREATE OR REPLACE FUNCTION swaptrack_release_mismatches()
RETURNS TABLE (id bigint, field text, message text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY
    SELECT r.swap_id, 'releases[' || r.position || '].detention_id',
           'detention ' || d.id || ' is person ' || d.person_id || ', not person ' || r.person_id
      FROM swap_releases r JOIN detentions d ON d.id = r.detention_id
     WHERE d.person_id <> r.person_id;
END
$$;

-- detentions (models/detentions.c). The live swaps that release detention as someone other
-- than person.
CREATE OR REPLACE FUNCTION swaptrack_swaps_releasing_as_other(detention bigint, person bigint)
RETURNS SETOF bigint
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT DISTINCT r.swap_id FROM swap_releases r
                   JOIN swaps s ON s.id = r.swap_id AND s.deleted_at IS NULL
                  WHERE r.detention_id = detention AND r.person_id <> person
                  ORDER BY r.swap_id;
END
$$;
