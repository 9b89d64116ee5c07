-- API keys and idempotency keys.

-- A key is shown once, at creation, as swt_<id>_<secret>. Only the SHA-256 of the secret is
-- kept; the id finds the row and the hash is compared in constant time by the server.
CREATE TABLE api_keys (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    scope       text        NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
    secret_hash text        NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
-- A name belongs to one live key at a time; history records it as the actor.
CREATE UNIQUE INDEX api_keys_name ON api_keys (name) WHERE revoked_at IS NULL;

-- The first successful answer to a POST sent with Idempotency-Key, kept until it expires, so a
-- retry gets the same answer and stores nothing new. Keys are per caller (the API key's name,
-- or "anonymous").
CREATE TABLE idempotency_keys (
    actor       text        NOT NULL,
    key         text        NOT NULL,
    request     text        NOT NULL,   -- SHA-256 of method, path and body
    status      integer     NOT NULL,
    location    text,
    body        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (actor, key)
);
CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_at);
