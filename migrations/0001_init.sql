-- The ground every later migration stands on: the extensions that name search needs, and the
-- history of every record. Each migration runs in its own transaction (the runner opens it), so
-- files hold no BEGIN or COMMIT.

-- Trigram similarity for names with typos and transliterations (issue: search).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- Accent-insensitive matching ("Ksénia" finds "Ksenia").
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Every version of every record, written in the same transaction as the change it records.
-- `record` is the record as the API returned it after the change (for a delete, as it was).
CREATE TABLE history (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    collection  text        NOT NULL,          -- "people", "swaps", ...
    record_id   bigint      NOT NULL,
    version     integer     NOT NULL CHECK (version >= 1),
    action      text        NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    actor       text        NOT NULL,          -- the API key's name, or 'anonymous'
    changed_at  timestamptz NOT NULL DEFAULT now(),
    record      jsonb       NOT NULL,
    UNIQUE (collection, record_id, version)
);
