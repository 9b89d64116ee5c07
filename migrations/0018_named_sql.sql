-- The rest of the SQL that is not generated from the field tables, as functions the server calls
-- by name: the resources' own checks and effects (models/), history, idempotency and API keys.
-- PL/pgSQL, so that each connection plans their statements once and keeps the plans.

-- The one definition of how the API writes a time: RFC 3339 in UTC to the second. SQL and
-- STABLE like to_char, so that PostgreSQL inlines it into the server's generated statements.
CREATE FUNCTION swaptrack_utc(t timestamptz) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;

-- A record's every version, oldest first, and how many there are.
CREATE FUNCTION swaptrack_history(of_collection text, of_record bigint, OUT items json, OUT n bigint)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    SELECT coalesce(json_agg(json_build_object('version', h.version,
               'changed_at', swaptrack_utc(h.changed_at), 'actor', h.actor, 'action', h.action,
               'record', h.record) ORDER BY h.version), '[]'::json), count(*)
      INTO items, n
      FROM history h WHERE h.collection = of_collection AND h.record_id = of_record;
END
$$;

-- swaps (models/swaps.c). The person each live detention of ids belongs to.
CREATE FUNCTION swaptrack_detention_people(ids bigint[])
RETURNS TABLE (id bigint, person_id bigint)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT d.id, d.person_id FROM detentions d
                  WHERE d.id = ANY(ids) AND d.deleted_at IS NULL;
END
$$;

-- Held detentions of ids become exchanged, released on the swap's date (as given, first day,
-- last day, precision) unless they already have a release date. Returns the ids changed, whose
-- history the caller records.
CREATE FUNCTION swaptrack_exchange(ids bigint[], occurred text, occurred_first date,
                                   occurred_last date, occurred_precision text)
RETURNS SETOF bigint
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY
    UPDATE detentions d SET status = 'exchanged',
           released_on = coalesce(d.released_on, occurred),
           released_on_first = CASE WHEN d.released_on IS NULL THEN occurred_first
                                    ELSE d.released_on_first END,
           released_on_last = CASE WHEN d.released_on IS NULL THEN occurred_last
                                   ELSE d.released_on_last END,
           released_on_precision = CASE WHEN d.released_on IS NULL THEN occurred_precision
                                        ELSE d.released_on_precision END,
           version = d.version + 1, updated_at = now()
     WHERE d.id = ANY(ids) AND d.status = 'held' AND d.deleted_at IS NULL
    RETURNING d.id;
END
$$;

-- After a bulk import: releases whose detention is another person's, as (swap, field, message).
CREATE FUNCTION swaptrack_release_mismatches()
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
CREATE FUNCTION swaptrack_swaps_releasing_as_other(detention bigint, person bigint)
RETURNS SETOF bigint
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT DISTINCT r.swap_id FROM swap_releases r
                   JOIN swaps s ON s.id = r.swap_id AND s.deleted_at IS NULL
                  WHERE r.detention_id = detention AND r.person_id <> person
                  ORDER BY r.swap_id;
END
$$;

-- sources (models/sources.c). The quotes of the live citations of a source.
CREATE FUNCTION swaptrack_source_quotes(source bigint)
RETURNS TABLE (id bigint, quote text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT c.id, c.quote FROM citations c
                  WHERE c.source_id = source AND c.quote IS NOT NULL AND c.deleted_at IS NULL
                  ORDER BY c.id;
END
$$;

-- citations (models/citations.c). A live source's content, locked FOR SHARE: a change of the
-- content waits for the citation being checked against it, or the citation for the change.
-- No row when the source is not live.
CREATE FUNCTION swaptrack_source_content(source bigint)
RETURNS TABLE (content text)
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY SELECT s.content FROM sources s
                  WHERE s.id = source AND s.deleted_at IS NULL FOR SHARE;
END
$$;

-- Idempotency-Key (server/engine/idempotency.c). The live answer kept for (actor, key).
CREATE FUNCTION swaptrack_idempotency_find(who text, k text)
RETURNS TABLE (request text, status integer, location text, body text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT i.request, i.status, i.location, i.body FROM idempotency_keys i
                  WHERE i.actor = who AND i.key = k AND i.expires_at > now();
END
$$;

-- Keeps an answer for hours; takes over an expired row. False when a live one exists (a
-- concurrent twin got there first). Expired rows are swept a few at a time as keys are used.
CREATE FUNCTION swaptrack_idempotency_store(who text, k text, req text, st integer, loc text,
                                            answer text, hours integer)
RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    kept boolean;
BEGIN
    DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys
                                                 WHERE expires_at < now() - interval '1 hour'
                                                 LIMIT 100);
    INSERT INTO idempotency_keys (actor, key, request, status, location, body, expires_at)
    VALUES (who, k, req, st, loc, answer, now() + hours * interval '1 hour')
    ON CONFLICT (actor, key) DO UPDATE SET request = EXCLUDED.request,
           status = EXCLUDED.status, location = EXCLUDED.location, body = EXCLUDED.body,
           created_at = now(), expires_at = EXCLUDED.expires_at
     WHERE idempotency_keys.expires_at <= now()
    RETURNING true INTO kept;
    RETURN coalesce(kept, false);
END
$$;

-- API keys (server/http/auth.c, server/features/keys.c).
CREATE FUNCTION swaptrack_api_key(key_id bigint)
RETURNS TABLE (name text, scope text, secret_hash text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT a.name, a.scope, a.secret_hash FROM api_keys a
                  WHERE a.id = key_id AND a.revoked_at IS NULL;
END
$$;

CREATE FUNCTION swaptrack_api_key_create(key_name text, key_scope text, hash text)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    made bigint;
BEGIN
    INSERT INTO api_keys (name, scope, secret_hash) VALUES (key_name, key_scope, hash)
    RETURNING id INTO made;
    RETURN made;
END
$$;

-- Every key, revoked ones too, never a key's hash: as JSON for the API, as rows for the CLI.
CREATE FUNCTION swaptrack_api_keys() RETURNS json
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name,
                   'scope', a.scope, 'created_at', swaptrack_utc(a.created_at),
                   'revoked_at', swaptrack_utc(a.revoked_at)) ORDER BY a.id), '[]'::json)
              FROM api_keys a);
END
$$;

CREATE FUNCTION swaptrack_api_key_rows()
RETURNS TABLE (id bigint, name text, scope text, created_at text, revoked_at text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT a.id, a.name, a.scope, a.created_at::timestamptz(0)::text,
                        coalesce(a.revoked_at::timestamptz(0)::text, '-')
                   FROM api_keys a ORDER BY a.id;
END
$$;

-- Revokes the live key with this id, or named so; returns its id, no row when none is live.
CREATE FUNCTION swaptrack_api_key_revoke(key_id bigint, key_name text)
RETURNS SETOF bigint
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY UPDATE api_keys a SET revoked_at = now()
                  WHERE (a.id = key_id OR a.name = key_name) AND a.revoked_at IS NULL
                 RETURNING a.id;
END
$$;
