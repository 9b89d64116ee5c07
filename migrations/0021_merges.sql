-- Merges (issue 15, the contract's "People: duplicates and merges"): one record taken into
-- another. What referred to the other now refers to the survivor; the other is retired (soft
-- deleted) and its URL answers 308 with the survivor's.

-- Each retired record and the live one it went into. Kept flat: when a survivor is merged in
-- turn, the rows that point at it are pointed at its own survivor in the same transaction, so
-- one lookup answers. A row whose survivor was later deleted answers nothing (404, as the
-- survivor does) and is not exported.
CREATE TABLE merges (
    collection  text        NOT NULL,   -- "people"
    id          bigint      NOT NULL,   -- the retired record
    into_id     bigint      NOT NULL,   -- the survivor
    merged_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (collection, id),
    CHECK (id <> into_id)
);
CREATE INDEX merges_into ON merges (collection, into_id);

-- History records a merge on both records, with both ids, so that either history tells it.
ALTER TABLE history DROP CONSTRAINT history_action_check;
ALTER TABLE history ADD CONSTRAINT history_action_check
    CHECK (action IN ('create', 'update', 'delete', 'merge'));
ALTER TABLE history ADD COLUMN merged_from bigint, ADD COLUMN merged_into bigint;
ALTER TABLE history ADD CONSTRAINT history_merge_ids
    CHECK ((action = 'merge') = (merged_from IS NOT NULL AND merged_into IS NOT NULL));

-- As in 0018, with {"merged": {"from", "into"}} on a merge's entries.
CREATE OR REPLACE FUNCTION swaptrack_history(of_collection text, of_record bigint, OUT items json,
                                             OUT n bigint)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    SELECT coalesce(json_agg(CASE WHEN h.action = 'merge'
               THEN json_build_object('version', h.version,
                   'changed_at', swaptrack_utc(h.changed_at), 'actor', h.actor, 'action', h.action,
                   'merged', json_build_object('from', h.merged_from, 'into', h.merged_into),
                   'record', h.record)
               ELSE json_build_object('version', h.version,
                   'changed_at', swaptrack_utc(h.changed_at), 'actor', h.actor, 'action', h.action,
                   'record', h.record) END ORDER BY h.version), '[]'::json), count(*)
      INTO items, n
      FROM history h WHERE h.collection = of_collection AND h.record_id = of_record;
END
$$;
