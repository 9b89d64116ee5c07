-- API keys (server/http/auth.c, server/features/keys.c): stored as hashes, never shown again.
--
-- One home for these functions: swaptrack migrate applies this file again whenever its text
-- (once its references to the field tables, in double braces, are filled in) differs from
-- what was applied.

-- API keys (server/http/auth.c, server/features/keys.c).
CREATE OR REPLACE FUNCTION swaptrack_api_key(key_id bigint)
RETURNS TABLE (name text, scope text, secret_hash text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT a.name, a.scope, a.secret_hash FROM api_keys a
                  WHERE a.id = key_id AND a.revoked_at IS NULL;
END
$$;

CREATE OR REPLACE FUNCTION swaptrack_api_key_create(key_name text, key_scope text, hash text)
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

-- Revokes the live key with this id, or named so; returns its id, no row when none is live.
CREATE OR REPLACE FUNCTION swaptrack_api_key_revoke(key_id bigint, key_name text)
RETURNS SETOF bigint
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY UPDATE api_keys a SET revoked_at = now()
                  WHERE (a.id = key_id OR a.name = key_name) AND a.revoked_at IS NULL
                 RETURNING a.id;
END
$$;

CREATE OR REPLACE FUNCTION swaptrack_api_key_rows()
RETURNS TABLE (id bigint, name text, scope text, created_at text, revoked_at text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT a.id, a.name, a.scope, a.created_at::timestamptz(0)::text,
                        coalesce(a.revoked_at::timestamptz(0)::text, '-')
                   FROM api_keys a ORDER BY a.id;
END
$$;

-- Every key, revoked ones too, never a key's hash: as JSON for the API, as rows for the CLI.
CREATE OR REPLACE FUNCTION swaptrack_api_keys() RETURNS json
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name,
                   'scope', a.scope, 'created_at', swaptrack_utc(a.created_at),
                   'revoked_at', swaptrack_utc(a.revoked_at)) ORDER BY a.id), '[]'::json)
              FROM api_keys a);
END
$$;
