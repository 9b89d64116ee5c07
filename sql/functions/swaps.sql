-- What a swap does to detentions (models/swaps.c, models/detentions.c).
--
-- One home for these functions: swaptrack migrate applies this file again whenever its text
-- (once its references to the field tables, in double braces, are filled in) differs from
-- what was applied.

-- A completed swap (models/swaps.c): each live detention its releases name that is still held
-- becomes exchanged (died, for a release of remains), released on the swap's date unless it has
-- a release date, and swap_effects (migrations/0032) keeps what it was and its version after.
-- Returns the ids changed, whose history the caller records. Run on every write of a completed
-- swap: a detention it changed already is no longer held.
CREATE OR REPLACE FUNCTION swaptrack_swap_complete(swap bigint)
RETURNS SETOF bigint
LANGUAGE plpgsql AS $$
DECLARE
    s record;
    d record;
    v integer;
BEGIN
    SELECT occurred_on, occurred_on_first, occurred_on_last, occurred_on_precision INTO s
      FROM swaps WHERE id = swap;
    FOR d IN
        SELECT dt.*, n.remains
          FROM detentions dt
          JOIN (SELECT DISTINCT ON (r.detention_id) r.detention_id, r.remains
                  FROM swap_releases r WHERE r.swap_id = swap AND r.detention_id IS NOT NULL
                 ORDER BY r.detention_id, r.position) n ON n.detention_id = dt.id
         WHERE dt.status = {{detentions.status:held}} AND dt.deleted_at IS NULL
         ORDER BY dt.id
           FOR UPDATE OF dt
    LOOP
        UPDATE detentions SET
               status = CASE WHEN d.remains THEN {{detentions.status:died}} ELSE {{detentions.status:exchanged}} END,
               released_on = coalesce(d.released_on, s.occurred_on),
               released_on_first = CASE WHEN d.released_on IS NULL THEN s.occurred_on_first ELSE d.released_on_first END,
               released_on_last = CASE WHEN d.released_on IS NULL THEN s.occurred_on_last ELSE d.released_on_last END,
               released_on_precision = CASE WHEN d.released_on IS NULL THEN s.occurred_on_precision
                                            ELSE d.released_on_precision END,
               version = version + 1, updated_at = now()
         WHERE id = d.id
        RETURNING version INTO v;
        INSERT INTO swap_effects VALUES (swap, d.id, d.status, d.released_on, d.released_on_first,
                                         d.released_on_last, d.released_on_precision, v)
        ON CONFLICT (swap_id, detention_id) DO UPDATE
           SET status_before = EXCLUDED.status_before, released_on = EXCLUDED.released_on,
               released_on_first = EXCLUDED.released_on_first,
               released_on_last = EXCLUDED.released_on_last,
               released_on_precision = EXCLUDED.released_on_precision,
               version_after = EXCLUDED.version_after;
        RETURN NEXT d.id;
    END LOOP;
END
$$;

-- A swap no longer completed (status changed, or deleted): each detention it changed is put back
-- as it was, if it has not changed since. Returns (id, true) for each put back; or, when any
-- has changed since, (id, false) for each of those and changes nothing.
CREATE OR REPLACE FUNCTION swaptrack_swap_uncomplete(swap bigint)
RETURNS TABLE (id bigint, restored boolean)
LANGUAGE plpgsql AS $$
DECLARE
    e record;
    changed bigint[] := '{}';
BEGIN
    FOR e IN
        SELECT f.detention_id, f.version_after, d.version
          FROM swap_effects f JOIN detentions d ON d.id = f.detention_id
         WHERE f.swap_id = swap ORDER BY f.detention_id FOR UPDATE OF d
    LOOP
        IF e.version <> e.version_after THEN
            changed := changed || e.detention_id;
        END IF;
    END LOOP;
    IF cardinality(changed) > 0 THEN
        RETURN QUERY SELECT u, false FROM unnest(changed) AS u;
        RETURN;
    END IF;
    RETURN QUERY
    WITH gone AS (DELETE FROM swap_effects f WHERE f.swap_id = swap RETURNING f.*)
    UPDATE detentions d SET status = g.status_before, released_on = g.released_on,
           released_on_first = g.released_on_first, released_on_last = g.released_on_last,
           released_on_precision = g.released_on_precision,
           version = d.version + 1, updated_at = now()
      FROM gone g WHERE d.id = g.detention_id
    RETURNING d.id, true;
END
$$;

-- After a bulk import (models/swaps.c's import_sql), which loads detentions as they were and
-- no effects: each exchanged (or died, for remains) detention that a completed swap names is
-- taken as that swap's effect, held before it (as migrations/0032 took them). Returns nothing:
-- it runs inside the import's check query.
CREATE OR REPLACE FUNCTION swaptrack_swap_effects_guess()
RETURNS TABLE (id bigint, field text, message text)
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO swap_effects
    SELECT DISTINCT ON (d.id) s.id, d.id, {{detentions.status:held}},
           CASE WHEN d.released_on IS DISTINCT FROM s.occurred_on THEN d.released_on END,
           CASE WHEN d.released_on IS DISTINCT FROM s.occurred_on THEN d.released_on_first END,
           CASE WHEN d.released_on IS DISTINCT FROM s.occurred_on THEN d.released_on_last END,
           CASE WHEN d.released_on IS DISTINCT FROM s.occurred_on THEN d.released_on_precision END,
           d.version
      FROM swap_releases r
      JOIN swaps s ON s.id = r.swap_id AND s.deleted_at IS NULL AND s.status = {{swaps.status:completed}}
      JOIN detentions d ON d.id = r.detention_id AND d.deleted_at IS NULL
     WHERE d.status = CASE WHEN r.remains THEN {{detentions.status:died}} ELSE {{detentions.status:exchanged}} END
     ORDER BY d.id, s.id
    ON CONFLICT DO NOTHING;
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
