-- Idempotency-Key (server/engine/write/idempotency.c).
--
-- One home for these functions: swaptrack migrate applies this file again whenever its text
-- (once its references to the field tables, in double braces, are filled in) differs from
-- what was applied.

-- Idempotency-Key (server/engine/write/idempotency.c). The live answer kept for (actor, key).
CREATE OR REPLACE FUNCTION swaptrack_idempotency_find(who text, k text)
RETURNS TABLE (request text, status integer, location text, body text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT i.request, i.status, i.location, i.body FROM idempotency_keys i
                  WHERE i.actor = who AND i.key = k AND i.expires_at > now();
END
$$;

-- Keeps an answer for hours; takes over an expired row. False when a live one exists (a
-- concurrent twin got there first). Expired rows are swept a few at a time as keys are used.
CREATE OR REPLACE FUNCTION swaptrack_idempotency_store(who text, k text, req text, st integer, loc text,
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
