-- statements (models/statements.c): what someone said in public about a negotiation, a swap or
-- a person. Citable, so citations may support one, and a person's timeline shows the
-- statements they made or that are about them.

CREATE TABLE statements (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version     integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,                        -- soft delete: hidden from reads, kept in history
    speaker_id  bigint REFERENCES people (id),
    speaker     text,
    said_on           text,               -- as given: YYYY, YYYY-MM or YYYY-MM-DD
    said_on_first     date,               -- the first day it denotes
    said_on_last      date,               -- the last day it denotes
    said_on_precision text CHECK (said_on_precision IN ('year', 'month', 'day')),
    CHECK ((said_on IS NULL) = (said_on_first IS NULL) AND (said_on IS NULL) = (said_on_last IS NULL)
           AND (said_on IS NULL) = (said_on_precision IS NULL) AND said_on_first <= said_on_last),
    audience        text,
    text            text NOT NULL CHECK (text <> ''),
    kind            text CHECK (kind IN ('quote', 'paraphrase')),
    negotiation_id  bigint REFERENCES negotiations (id),
    swap_id         bigint REFERENCES swaps (id),
    person_id       bigint REFERENCES people (id),
    notes           text,
    -- A speaker, named or not, and something it is about (the model's check, kept here too).
    CHECK (speaker_id IS NOT NULL OR speaker IS NOT NULL),
    CHECK (num_nonnulls(negotiation_id, swap_id, person_id) >= 1)
);
CREATE INDEX statements_speaker ON statements (speaker_id, id) WHERE deleted_at IS NULL;
CREATE INDEX statements_negotiation ON statements (negotiation_id, id) WHERE deleted_at IS NULL;
CREATE INDEX statements_swap ON statements (swap_id, id) WHERE deleted_at IS NULL;
CREATE INDEX statements_person ON statements (person_id, id) WHERE deleted_at IS NULL;
CREATE INDEX statements_kind ON statements (kind, id) WHERE deleted_at IS NULL;
CREATE INDEX statements_said_on ON statements (coalesce(said_on_first, '-infinity'), id) WHERE deleted_at IS NULL;
CREATE INDEX statements_said_range ON statements (said_on_first, said_on_last) WHERE deleted_at IS NULL;

-- A citation may support a statement: the kinds are the citable models' (tests/http/test_docs.c
-- compares this check with them).
ALTER TABLE citations DROP CONSTRAINT citations_subject_type_check;
ALTER TABLE citations ADD CONSTRAINT citations_subject_type_check
    CHECK (subject_type IN ('person', 'detention', 'negotiation', 'swap', 'statement'));

-- The timeline of 0015, with the person's statements: those they made (role "speaker") and
-- those about them (role "subject").
CREATE OR REPLACE FUNCTION swaptrack_timeline(person bigint)
RETURNS TABLE (first date, ord int, id bigint, date text, kind text, collection text,
               summary text, role text, cited_kind text, cited_id bigint, also_kind text,
               also_id bigint)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY
    SELECT t.detained_on_first, 1, t.id, t.detained_on, 'detained', 'detentions',
           concat_ws(' ', 'Detained by', t.country, '(' || t.authority || ')', 'in ' || t.place),
           NULL::text, 'detention', t.id, NULL::text, NULL::bigint
      FROM detentions t
     WHERE t.person_id = person AND t.deleted_at IS NULL AND t.detained_on IS NOT NULL
    UNION ALL
    SELECT t.released_on_first, 4, t.id, t.released_on, 'released', 'detentions',
           concat_ws(' ', 'Released by', t.country, '(' || t.status || ')'),
           NULL, 'detention', t.id, CASE WHEN w.swap_id IS NOT NULL THEN 'swap' END, w.swap_id
      FROM detentions t
      LEFT JOIN LATERAL (
           SELECT r.swap_id FROM swap_releases r JOIN swaps s ON s.id = r.swap_id
            WHERE r.detention_id = t.id AND s.deleted_at IS NULL
              AND s.occurred_on = t.released_on
            ORDER BY r.swap_id LIMIT 1) w ON true
     WHERE t.person_id = person AND t.deleted_at IS NULL AND t.released_on IS NOT NULL
    UNION ALL
    SELECT t.started_on_first, 2, t.id, t.started_on, 'negotiation', 'negotiations', t.title,
           c.role, 'negotiation', t.id, NULL, NULL
      FROM negotiations t JOIN negotiation_participants c ON c.negotiation_id = t.id
     WHERE c.person_id = person AND t.deleted_at IS NULL AND t.started_on IS NOT NULL
    UNION ALL
    SELECT t.occurred_on_first, 3, t.id, t.occurred_on, 'swap', 'swaps',
           concat_ws(' ', 'Released by', c.released_by, 'to ' || c.released_to, 'in a swap',
                     'in ' || t.place),
           NULL, 'swap', t.id, NULL, NULL
      FROM swaps t JOIN swap_releases c ON c.swap_id = t.id
     WHERE c.person_id = person AND t.deleted_at IS NULL
    UNION ALL
    SELECT t.said_on_first, 5, t.id, t.said_on, 'statement', 'statements',
           concat_ws(': ', 'To ' || t.audience, t.text),
           CASE WHEN t.speaker_id = person THEN 'speaker' ELSE 'subject' END,
           'statement', t.id, NULL, NULL
      FROM statements t
     WHERE (t.speaker_id = person OR t.person_id = person) AND t.deleted_at IS NULL
       AND t.said_on IS NOT NULL;
END
$$;
