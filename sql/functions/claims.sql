-- Conflicts: where the values a record's citations claim for one of its fields disagree (the
-- contract's "Claims: what each source says"). Called by every cited record's JSON (the read
-- documents keep it, computed at write time), with the record's live citations that name a
-- field and are not deprecated, in id order, each as the server generates it
-- (server/engine/model/cite.c, cite_conflicts_sql):
--   {"f": field, "id": citation id, "v": its value or null, "p": preferred?,
--    "x": {"k": how the field compares, "r": the record's value of the field} or null}
-- with k 'd' for a partial date, 'l' for a list field, 'v' for any other.
--
-- A citation without a value stands for the record's value. The record's own value takes part
-- too: a record that says 26 where its only source says 24 disagrees with it, and a reader must
-- see that. Values disagree when they are not equal; for a partial date, when neither one's
-- interval contains the other's ("2024-08" agrees with "2024" and with "2024-08-14", not with
-- "2024-09"); for a list field, a claimed member disagrees only when the record's list lacks
-- it. Each conflict lists the cited values, most citations first, then by first citation; the
-- server never changes a field from its claims.
CREATE OR REPLACE FUNCTION swaptrack_conflicts(claims json) RETURNS json
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH c AS (
    SELECT c ->> 'f' AS field, (c ->> 'id')::bigint AS id, (c ->> 'p')::boolean AS preferred,
           coalesce(c #>> '{x,k}', 'v') AS kind,
           CASE WHEN json_typeof(c #> '{x,r}') IS DISTINCT FROM 'null' THEN (c #> '{x,r}')::jsonb END AS rec,
           CASE WHEN json_typeof(c -> 'v') IS DISTINCT FROM 'null' THEN (c -> 'v')::jsonb END AS claimed
      FROM json_array_elements(claims) c
  ), v AS (
    -- Each citation's value: its own, or the record's that it stands for.
    SELECT field, id, preferred, kind, rec, coalesce(claimed, rec) AS value FROM c
     WHERE coalesce(claimed, rec) IS NOT NULL
  ), f AS (
    SELECT field, min(kind) AS kind, (array_agg(rec))[1] AS rec FROM c GROUP BY field
  ), disagree AS (
    SELECT f.field, f.rec FROM f
     WHERE CASE f.kind
       WHEN 'l' THEN EXISTS (SELECT 1 FROM v WHERE v.field = f.field AND jsonb_typeof(v.value) <> 'array'
                               AND NOT coalesce(f.rec @> jsonb_build_array(v.value), false))
       WHEN 'd' THEN EXISTS (SELECT 1 FROM (SELECT value #>> '{}' AS d FROM (SELECT value FROM v WHERE v.field = f.field
                                             UNION SELECT f.rec WHERE f.rec IS NOT NULL) x0) a,
                                           (SELECT value #>> '{}' AS d FROM (SELECT value FROM v WHERE v.field = f.field
                                             UNION SELECT f.rec WHERE f.rec IS NOT NULL) x1) b
                              WHERE left(a.d, length(b.d)) <> b.d AND left(b.d, length(a.d)) <> a.d)
       ELSE (SELECT count(DISTINCT x.value) FROM (SELECT value FROM v WHERE v.field = f.field
                                                  UNION SELECT f.rec WHERE f.rec IS NOT NULL) x) > 1
     END
  )
  SELECT coalesce(json_agg(json_build_object(
           'field', d.field, 'record_value', d.rec,
           'values', (SELECT json_agg(json_build_object('value', g.value, 'citations', g.ids,
                                                        'preferred', g.preferred)
                                      ORDER BY g.n DESC, g.first)
                        FROM (SELECT value, array_agg(id ORDER BY id) AS ids, bool_or(preferred) AS preferred,
                                     count(*) AS n, min(id) AS first
                                FROM v WHERE v.field = d.field GROUP BY value) g))
         ORDER BY d.field), '[]'::json)
    FROM disagree d
$$;
