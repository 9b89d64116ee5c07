-- Claims (issue 32, the contract's "Claims: what each source says"): what a citation says its
-- field is, how it ranks among the citations of that field, and no two equal live citations.
--
-- The columns as the citations model declares them (models/citations.c; ~schema would add
-- them too, after this file, but the index below needs them now).
ALTER TABLE citations ADD COLUMN value json;
ALTER TABLE citations ADD COLUMN rank text NOT NULL DEFAULT 'normal'
    CHECK (rank IN ('preferred', 'normal', 'deprecated'));

-- Equal live citations (the same source, subject, field, value and anchor span, or with no
-- anchor the same quote): saving an intake twice stored them again. The oldest stays; the
-- others are deleted as a DELETE would, with a history row each.
WITH ranked AS (
    SELECT id, row_number() OVER (
               PARTITION BY source_id, subject_type, subject_id, coalesce(field, ''),
                            md5(coalesce(value::text, '')),
                            coalesce((anchor ->> 'start') || ':' || (anchor ->> 'end'),
                                     'q' || md5(coalesce(quote, '')))
               ORDER BY id) AS n
      FROM citations WHERE deleted_at IS NULL
), gone AS (
    UPDATE citations c SET deleted_at = now(), updated_at = now(), version = c.version + 1
      FROM ranked r WHERE c.id = r.id AND r.n > 1
    RETURNING c.id, c.version, c.doc
)
INSERT INTO history (collection, record_id, version, action, actor, record)
SELECT 'citations', id, version, 'delete', 'migration 0036 (an equal citation is kept)',
       CASE WHEN doc IS NULL THEN jsonb_build_object('id', id, 'version', version)
            ELSE jsonb_set(doc::jsonb, '{version}', to_jsonb(version)) END
  FROM gone;

-- What keeps them apart from now on; the write's check names the equal one first (409 with
-- existing_id), this is for two writes at once. The expressions are those of models/claims.c.
CREATE UNIQUE INDEX citations_equal ON citations (
    source_id, subject_type, subject_id, coalesce(field, ''), md5(coalesce(value::text, '')),
    coalesce((anchor ->> 'start') || ':' || (anchor ->> 'end'), 'q' || md5(coalesce(quote, ''))))
    WHERE deleted_at IS NULL;
