-- What each swap released, as a column the swap list can filter on (issue 31: GET
-- /v1/swaps?category=hostages at a million records).
--
-- The categories of a swap's groups and named releases ('remains' also for a release of a
-- body without a category), kept by sql/functions/releases.sql in the swap's write transaction
-- and filled for existing swaps when that file is applied. Not a field of the model: no reader
-- sees it and export does not write it; an import computes it again. As an array with a GIN
-- index beside the swaps (not a set of ids from the children's indexes), the planner can walk
-- the swaps in the list's order and stop at a full page when the category is common, or read
-- the index when it is rare.
ALTER TABLE swaps ADD COLUMN categories text[] NOT NULL DEFAULT '{}';
CREATE INDEX swaps_categories ON swaps USING gin (categories) WHERE deleted_at IS NULL;
