-- History (GET /v1/<collection>/{id}/history) and the one time format answers use.
--
-- One home for these functions: swaptrack migrate applies this file again whenever its text
-- (once its references to the field tables, in double braces, are filled in) differs from
-- what was applied.

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

-- The one definition of how the API writes a time: RFC 3339 in UTC to the second. SQL and
-- STABLE like to_char, so that PostgreSQL inlines it into the server's generated statements.
CREATE OR REPLACE FUNCTION swaptrack_utc(t timestamptz) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;
