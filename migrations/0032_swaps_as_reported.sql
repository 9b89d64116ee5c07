-- Swaps as the world reports them (issue 31, contract v1.2 "Swaps: who went which way").
--
-- A swap may be announced before it is carried out, so its date is required only when it is
-- completed (the write's check): the columns lose NOT NULL, and the sort index its form for a
-- date that may be missing (~schema makes it again under the same name).
ALTER TABLE swaps ALTER COLUMN occurred_on DROP NOT NULL,
                  ALTER COLUMN occurred_on_first DROP NOT NULL,
                  ALTER COLUMN occurred_on_last DROP NOT NULL,
                  ALTER COLUMN occurred_on_precision DROP NOT NULL;
DROP INDEX swaps_occurred_on;

-- kind, released_count and parties are derived from the releases and groups or set by the
-- writer; `derived` says which, `sides` who went which way (models/swaps.c computes both on
-- every write). Existing swaps have releases only, all of living people: kind is derived;
-- released_count and parties stay as stored, counted as derived where they equal what the
-- releases give and as set otherwise, so that no value changes. The JSON is written as the
-- server writes it (compact, keys in its order), so that an export of a migrated database and
-- of its import are the same line for line.
ALTER TABLE swaps ADD COLUMN kind text, ADD COLUMN derived json, ADD COLUMN sides json;
WITH dirs AS (
    SELECT swap_id, released_by, released_to, min(position) AS first, count(*) AS n
      FROM swap_releases GROUP BY swap_id, released_by, released_to
), sides AS (
    SELECT swap_id,
           '[' || string_agg('{"released_by":' || to_json(released_by)::text
                             || ',"released_to":' || coalesce(to_json(released_to)::text, 'null')
                             || ',"named":' || n || ',"counted":0,"remains":0}', ','
                             ORDER BY released_to IS NULL, first) || ']' AS sides
      FROM dirs GROUP BY swap_id
), releasing AS (
    SELECT swap_id, array_agg(released_by ORDER BY first) AS parties, count(*) AS n
      FROM (SELECT swap_id, released_by, min(position) AS first
              FROM swap_releases GROUP BY swap_id, released_by) x
     GROUP BY swap_id
), named AS (
    SELECT swap_id, count(*) AS n FROM swap_releases GROUP BY swap_id
)
UPDATE swaps s
   SET kind = CASE WHEN coalesce(r.n, 0) >= 2 THEN 'exchange' ELSE 'release' END,
       sides = coalesce(d.sides, '[]')::json,
       derived = ('["kind"'
                  || CASE WHEN s.released_count = coalesce(n.n, 0) THEN ',"released_count"' ELSE '' END
                  || CASE WHEN s.parties = coalesce(r.parties, '{}') THEN ',"parties"' ELSE '' END
                  || ']')::json
  FROM swaps s2
  LEFT JOIN sides d ON d.swap_id = s2.id
  LEFT JOIN releasing r ON r.swap_id = s2.id
  LEFT JOIN named n ON n.swap_id = s2.id
 WHERE s2.id = s.id;

-- What a completed swap did to each detention it names, so that it can be put back when the
-- swap stops being completed (sql/functions/swaps.sql): the detention as it was, and its
-- version after the change (a later change of the detention is not undone).
CREATE TABLE swap_effects (
    swap_id bigint NOT NULL,
    detention_id bigint NOT NULL,
    status_before text NOT NULL,
    released_on text,
    released_on_first date,
    released_on_last date,
    released_on_precision text,
    version_after integer NOT NULL,
    PRIMARY KEY (swap_id, detention_id)
);
CREATE INDEX swap_effects_detention ON swap_effects (detention_id);

-- Existing swaps changed the detentions they name from held to exchanged, keeping a release
-- date already given and else giving the swap's: taken as their effect where the detention is
-- exchanged, by the first live swap that names it.
INSERT INTO swap_effects
SELECT DISTINCT ON (d.id) s.id, d.id, 'held',
       CASE WHEN d.released_on IS DISTINCT FROM s.occurred_on THEN d.released_on END,
       CASE WHEN d.released_on IS DISTINCT FROM s.occurred_on THEN d.released_on_first END,
       CASE WHEN d.released_on IS DISTINCT FROM s.occurred_on THEN d.released_on_last END,
       CASE WHEN d.released_on IS DISTINCT FROM s.occurred_on THEN d.released_on_precision END,
       d.version
  FROM swap_releases r
  JOIN swaps s ON s.id = r.swap_id AND s.deleted_at IS NULL
  JOIN detentions d ON d.id = r.detention_id AND d.deleted_at IS NULL
 WHERE d.status = 'exchanged'
 ORDER BY d.id, s.id;

-- The function that made a swap's detentions exchanged, replaced by swaptrack_swap_complete.
DROP FUNCTION IF EXISTS swaptrack_exchange(bigint[], text, date, date, text);

-- Children carry an id from one sequence (a citation names a child by it and follows it when
-- the list is reordered). Existing children are numbered in their records' order; the lists
-- created since (groups, terms, commitments) take theirs from ~schema.
CREATE SEQUENCE swaptrack_child_ids;
ALTER TABLE swap_releases ADD COLUMN id bigint;
ALTER TABLE negotiation_participants ADD COLUMN id bigint;
UPDATE swap_releases r SET id = o.n
  FROM (SELECT swap_id, position, nextval('swaptrack_child_ids') AS n
          FROM (SELECT swap_id, position FROM swap_releases ORDER BY swap_id, position) q) o
 WHERE o.swap_id = r.swap_id AND o.position = r.position;
UPDATE negotiation_participants r SET id = o.n
  FROM (SELECT negotiation_id, position, nextval('swaptrack_child_ids') AS n
          FROM (SELECT negotiation_id, position FROM negotiation_participants
                 ORDER BY negotiation_id, position) q) o
 WHERE o.negotiation_id = r.negotiation_id AND o.position = r.position;
ALTER TABLE swap_releases ALTER COLUMN id SET NOT NULL,
  ALTER COLUMN id SET DEFAULT nextval('swaptrack_child_ids'),
  ADD CONSTRAINT swap_releases_id_key UNIQUE (id);
ALTER TABLE negotiation_participants ALTER COLUMN id SET NOT NULL,
  ALTER COLUMN id SET DEFAULT nextval('swaptrack_child_ids'),
  ADD CONSTRAINT negotiation_participants_id_key UNIQUE (id);

-- A citation of a child's field ("releases[1].released_to") points at that child.
ALTER TABLE citations ADD COLUMN child_id bigint;
UPDATE citations ci SET child_id = r.id FROM swap_releases r
 WHERE ci.subject_type = 'swap' AND split_part(ci.field, '[', 1) = 'releases'
   AND r.swap_id = ci.subject_id
   AND r.position = substring(ci.field from '\[([0-9]+)\]')::int;
UPDATE citations ci SET child_id = r.id FROM negotiation_participants r
 WHERE ci.subject_type = 'negotiation' AND split_part(ci.field, '[', 1) = 'participants'
   AND r.negotiation_id = ci.subject_id
   AND r.position = substring(ci.field from '\[([0-9]+)\]')::int;
