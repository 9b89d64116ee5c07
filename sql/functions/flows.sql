-- What a swap moved, one row a group or named release (models/swaps.c): the one reading of a
-- swap's releases that the agreements' progress (negotiations.sql) and the people released per
-- period (releases.sql) both count from. A group counts its count (0 when the reporting gave
-- none); a named release counts 1. `dead`: remains, by category or by the release's own flag.
--
-- One home for these functions: swaptrack migrate applies this file again whenever its text
-- (once its references to the field tables, in double braces, are filled in) differs from
-- what was applied. Its name sorts first, so that the files that call it find it.
CREATE OR REPLACE FUNCTION swaptrack_swap_flows(s bigint)
RETURNS TABLE (released_by text, released_to text, category text, dead boolean, n integer)
LANGUAGE sql STABLE AS $$
    SELECT g.released_by, g.released_to, g.category,
           g.category = {{swap_groups.category:remains}}, coalesce(g.count, 0)
      FROM swap_groups g WHERE g.swap_id = s
    UNION ALL
    SELECT r.released_by, r.released_to, r.category,
           r.remains OR r.category IS NOT DISTINCT FROM {{swap_releases.category:remains}}, 1
      FROM swap_releases r WHERE r.swap_id = s
$$;
