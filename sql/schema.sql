-- The schema of a swaptrack database, every table and function as migrate leaves them:
-- written by scripts/schema-dump (make schema); tests/http/test_schema.c holds a fresh
-- database and one migrated from an older schema to it. Read it; change the field tables,
-- sql/functions/ or migrations/, never this file.

CREATE EXTENSION IF NOT EXISTS fuzzystrmatch WITH SCHEMA public;

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

CREATE FUNCTION public.countries_valid(codes text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
            SELECT codes <@ '{AD,AE,AF,AG,AI,AL,AM,AO,AQ,AR,AS,AT,AU,AW,AX,AZ,BA,BB,BD,BE,BF,BG,BH,BI,BJ,BL,BM,BN,BO,BQ,BR,BS,BT,BV,BW,BY,BZ,CA,CC,CD,CF,CG,CH,CI,CK,CL,CM,CN,CO,CR,CU,CV,CW,CX,CY,CZ,DE,DJ,DK,DM,DO,DZ,EC,EE,EG,EH,ER,ES,ET,FI,FJ,FK,FM,FO,FR,GA,GB,GD,GE,GF,GG,GH,GI,GL,GM,GN,GP,GQ,GR,GS,GT,GU,GW,GY,HK,HM,HN,HR,HT,HU,ID,IE,IL,IM,IN,IO,IQ,IR,IS,IT,JE,JM,JO,JP,KE,KG,KH,KI,KM,KN,KP,KR,KW,KY,KZ,LA,LB,LC,LI,LK,LR,LS,LT,LU,LV,LY,MA,MC,MD,ME,MF,MG,MH,MK,ML,MM,MN,MO,MP,MQ,MR,MS,MT,MU,MV,MW,MX,MY,MZ,NA,NC,NE,NF,NG,NI,NL,NO,NP,NR,NU,NZ,OM,PA,PE,PF,PG,PH,PK,PL,PM,PN,PR,PS,PT,PW,PY,QA,RE,RO,RS,RU,RW,SA,SB,SC,SD,SE,SG,SH,SI,SJ,SK,SL,SM,SN,SO,SR,SS,ST,SV,SX,SY,SZ,TC,TD,TF,TG,TH,TJ,TK,TL,TM,TN,TO,TR,TT,TV,TW,TZ,UA,UG,UM,US,UY,UZ,VA,VC,VE,VG,VI,VN,VU,WF,WS,YE,YT,ZA,ZM,ZW}'::text[]   -- a NULL element is in no array: false
        $$;

CREATE FUNCTION public.people_search_names() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.search_names <> '' THEN
        RETURN NEW;
    END IF;
    NEW.search_names := swaptrack_person_names(NEW.name, NEW.name_native, NEW.aliases);
    RETURN NEW;
END
$$;

CREATE FUNCTION public.people_terms_insert() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    WITH w AS MATERIALIZED (
        SELECT DISTINCT t, new_rows.id
          FROM new_rows, swaptrack_word_set(new_rows.search_names) AS t),
    vocabulary AS (
        INSERT INTO search_terms SELECT DISTINCT t FROM w ON CONFLICT DO NOTHING)
    INSERT INTO person_terms SELECT t, id FROM w;
    RETURN NULL;
END
$$;

CREATE FUNCTION public.people_terms_update() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    -- One statement: its parts see the same snapshot, and the words removed and the words added
    -- are disjoint.
    WITH r AS (
        SELECT n.id, swaptrack_words(o.search_names) AS was, swaptrack_words(n.search_names) AS now
          FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE n.search_names IS DISTINCT FROM o.search_names),
    gone AS (
        DELETE FROM person_terms pt USING r
         WHERE pt.person_id = r.id AND pt.term = ANY (r.was) AND NOT pt.term = ANY (r.now)),
    vocabulary AS (
        INSERT INTO search_terms SELECT DISTINCT unnest(r.now) FROM r ON CONFLICT DO NOTHING)
    INSERT INTO person_terms SELECT unnest(r.now), r.id FROM r ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE FUNCTION public.sources_search_text() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.search_text <> ''::tsvector THEN
        RETURN NEW;
    END IF;
    NEW.search_text := swaptrack_source_vector(NEW.title, NEW.outlet, NEW.content);
    RETURN NEW;
END
$$;

CREATE FUNCTION public.swaptrack_api_key(key_id bigint) RETURNS TABLE(name text, scope text, secret_hash text)
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    RETURN QUERY SELECT a.name, a.scope, a.secret_hash FROM api_keys a
                  WHERE a.id = key_id AND a.revoked_at IS NULL;
END
$$;

CREATE FUNCTION public.swaptrack_api_key_create(key_name text, key_scope text, hash text) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
DECLARE
    made bigint;
BEGIN
    INSERT INTO api_keys (name, scope, secret_hash) VALUES (key_name, key_scope, hash)
    RETURNING id INTO made;
    RETURN made;
END
$$;

CREATE FUNCTION public.swaptrack_api_key_revoke(key_id bigint, key_name text) RETURNS SETOF bigint
    LANGUAGE plpgsql
    AS $$
BEGIN
    RETURN QUERY UPDATE api_keys a SET revoked_at = now()
                  WHERE (a.id = key_id OR a.name = key_name) AND a.revoked_at IS NULL
                 RETURNING a.id;
END
$$;

CREATE FUNCTION public.swaptrack_api_key_rows() RETURNS TABLE(id bigint, name text, scope text, created_at text, revoked_at text)
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    RETURN QUERY SELECT a.id, a.name, a.scope, a.created_at::timestamptz(0)::text,
                        coalesce(a.revoked_at::timestamptz(0)::text, '-')
                   FROM api_keys a ORDER BY a.id;
END
$$;

CREATE FUNCTION public.swaptrack_api_keys() RETURNS json
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    RETURN (SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name,
                   'scope', a.scope, 'created_at', swaptrack_utc(a.created_at),
                   'revoked_at', swaptrack_utc(a.revoked_at)) ORDER BY a.id), '[]'::json)
              FROM api_keys a);
END
$$;

CREATE FUNCTION public.swaptrack_conflicts(claims json) RETURNS json
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
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

CREATE FUNCTION public.swaptrack_cyrillic(s text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
    SELECT translate(
        replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
        replace(lower(s),
            'shch', 'щ'), 'zh', 'ж'), 'kh', 'х'), 'ts', 'ц'), 'ch', 'ч'), 'sh', 'ш'),
            'yu', 'ю'), 'ya', 'я'), 'yo', 'ё'), 'ks', 'кс'), 'x', 'кс'),
        'abvgdeziyklmnoprstufhcwqj',
        'абвгдезийклмнопрстуфхцвкй')
$$;

CREATE FUNCTION public.swaptrack_cyrillic_forms(w text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
    SELECT ARRAY(SELECT DISTINCT f FROM (
        SELECT c || e AS f FROM (SELECT swaptrack_cyrillic(w) AS c) x,
               unnest(ARRAY['', 'а', 'у', 'ом', 'ем', 'ым', 'им', 'е', 'ой', 'ы', 'и']) AS e
        UNION ALL
        SELECT left(c, -1) || e FROM (SELECT swaptrack_cyrillic(w) AS c) x,
               unnest(ARRAY['ы', 'и', 'е', 'у', 'ю', 'ой', 'ей', 'я', 'ем', 'ём']) AS e
         WHERE right(c, 1) IN ('а', 'я', 'й', 'ь')) forms ORDER BY f)
$$;

CREATE FUNCTION public.swaptrack_detention_people(ids bigint[]) RETURNS TABLE(id bigint, person_id bigint)
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    RETURN QUERY SELECT d.id, d.person_id FROM detentions d
                  WHERE d.id = ANY(ids) AND d.deleted_at IS NULL;
END
$$;

CREATE FUNCTION public.swaptrack_doc_build_citations(id bigint) RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
  RETURN (SELECT (json_build_object('id', t.id, 'source_id', t.source_id, 'subject_type', t.subject_type, 'subject_id', t.subject_id, 'field', t.field, 'quote', t.quote, 'attributed_to', t.attributed_to, 'confidence', t.confidence, 'anchor', t.anchor, 'value', t.value, 'rank', t.rank, 'version', t.version, 'created_at', swaptrack_utc(t.created_at), 'updated_at', swaptrack_utc(t.updated_at)))::text FROM citations t WHERE t.id = swaptrack_doc_build_citations.id);
END
$$;

CREATE FUNCTION public.swaptrack_doc_build_detentions(id bigint) RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
  RETURN (SELECT (json_build_object('id', t.id, 'person_id', t.person_id, 'country', t.country, 'authority', t.authority, 'detained_on', t.detained_on, 'place', t.place, 'charges', t.charges, 'sentence', t.sentence, 'sentenced_on', t.sentenced_on, 'status', t.status, 'released_on', t.released_on, 'wrongfully_detained', t.wrongfully_detained, 'notes', t.notes, 'citations', coalesce((SELECT json_agg(json_build_object('id', ci.id, 'source', json_build_object('id', e0.id, 'url', e0.url, 'title', e0.title, 'outlet', e0.outlet, 'published_on', e0.published_on), 'field', ci.field, 'quote', ci.quote, 'attributed_to', ci.attributed_to, 'confidence', ci.confidence, 'anchor', ci.anchor, 'value', ci.value, 'rank', ci.rank) ORDER BY ci.id) FROM citations ci JOIN sources e0 ON e0.id = ci.source_id WHERE ((ci.subject_type = 'detention' AND ci.subject_id = t.id)) AND ci.deleted_at IS NULL), '[]'::json), 'conflicts', swaptrack_conflicts((SELECT json_agg(json_build_object('f', ci.field, 'id', ci.id, 'v', ci.value, 'p', ci.rank = 'preferred', 'x', CASE ci.field WHEN 'person_id' THEN json_build_object('k', 'v', 'r', to_json(t.person_id)) WHEN 'country' THEN json_build_object('k', 'v', 'r', to_json(t.country)) WHEN 'authority' THEN json_build_object('k', 'v', 'r', to_json(t.authority)) WHEN 'detained_on' THEN json_build_object('k', 'd', 'r', to_json(t.detained_on)) WHEN 'place' THEN json_build_object('k', 'v', 'r', to_json(t.place)) WHEN 'charges' THEN json_build_object('k', 'l', 'r', to_json(t.charges)) WHEN 'sentence' THEN json_build_object('k', 'v', 'r', to_json(t.sentence)) WHEN 'sentenced_on' THEN json_build_object('k', 'd', 'r', to_json(t.sentenced_on)) WHEN 'status' THEN json_build_object('k', 'v', 'r', to_json(t.status)) WHEN 'released_on' THEN json_build_object('k', 'd', 'r', to_json(t.released_on)) WHEN 'wrongfully_detained' THEN json_build_object('k', 'v', 'r', to_json(t.wrongfully_detained)) WHEN 'notes' THEN json_build_object('k', 'v', 'r', to_json(t.notes)) END) ORDER BY ci.id) FROM citations ci WHERE ci.subject_type = 'detention' AND ci.subject_id = t.id AND ci.deleted_at IS NULL AND ci.field IS NOT NULL AND ci.rank <> 'deprecated')), 'version', t.version, 'created_at', swaptrack_utc(t.created_at), 'updated_at', swaptrack_utc(t.updated_at)))::text FROM detentions t WHERE t.id = swaptrack_doc_build_detentions.id);
END
$$;

CREATE FUNCTION public.swaptrack_doc_build_negotiations(id bigint) RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
  RETURN (SELECT (json_build_object('id', t.id, 'title', t.title, 'status', t.status, 'parties', t.parties, 'mediators', t.mediators, 'host', t.host, 'place', t.place, 'stages', t.stages, 'started_on', t.started_on, 'ended_on', t.ended_on, 'summary', t.summary, 'participants', coalesce((SELECT json_agg(json_build_object('id', c.id, 'person_id', c.person_id, 'role', c.role, 'representing', c.representing) ORDER BY c.position) FROM negotiation_participants c WHERE c.negotiation_id = t.id), '[]'::json), 'commitments', coalesce((SELECT json_agg(json_build_object('id', c.id, 'released_by', c.released_by, 'released_to', c.released_to, 'count', c.count, 'category', c.category, 'description', c.description) ORDER BY c.position) FROM negotiation_commitments c WHERE c.negotiation_id = t.id), '[]'::json), 'progress', t.progress, 'statements', coalesce((SELECT json_agg(x.id ORDER BY x.id) FROM statements x WHERE x.negotiation_id = t.id AND x.deleted_at IS NULL), '[]'::json), 'citations', coalesce((SELECT json_agg(json_build_object('id', ci.id, 'source', json_build_object('id', e0.id, 'url', e0.url, 'title', e0.title, 'outlet', e0.outlet, 'published_on', e0.published_on), 'field', ci.field, 'quote', ci.quote, 'attributed_to', ci.attributed_to, 'confidence', ci.confidence, 'anchor', ci.anchor, 'value', ci.value, 'rank', ci.rank) ORDER BY ci.id) FROM citations ci JOIN sources e0 ON e0.id = ci.source_id WHERE ((ci.subject_type = 'negotiation' AND ci.subject_id = t.id)) AND ci.deleted_at IS NULL), '[]'::json), 'conflicts', swaptrack_conflicts((SELECT json_agg(json_build_object('f', ci.field, 'id', ci.id, 'v', ci.value, 'p', ci.rank = 'preferred', 'x', CASE ci.field WHEN 'title' THEN json_build_object('k', 'v', 'r', to_json(t.title)) WHEN 'status' THEN json_build_object('k', 'v', 'r', to_json(t.status)) WHEN 'parties' THEN json_build_object('k', 'l', 'r', to_json(t.parties)) WHEN 'mediators' THEN json_build_object('k', 'l', 'r', to_json(t.mediators)) WHEN 'host' THEN json_build_object('k', 'v', 'r', to_json(t.host)) WHEN 'place' THEN json_build_object('k', 'v', 'r', to_json(t.place)) WHEN 'stages' THEN json_build_object('k', 'v', 'r', to_json(t.stages)) WHEN 'started_on' THEN json_build_object('k', 'd', 'r', to_json(t.started_on)) WHEN 'ended_on' THEN json_build_object('k', 'd', 'r', to_json(t.ended_on)) WHEN 'summary' THEN json_build_object('k', 'v', 'r', to_json(t.summary)) ELSE CASE split_part(ci.field, '[', 1) WHEN 'participants' THEN (SELECT CASE split_part(ci.field, '].', 2) WHEN 'person_id' THEN json_build_object('k', 'v', 'r', to_json(c.person_id)) WHEN 'role' THEN json_build_object('k', 'v', 'r', to_json(c.role)) WHEN 'representing' THEN json_build_object('k', 'v', 'r', to_json(c.representing)) END FROM negotiation_participants c WHERE c.id = ci.child_id) WHEN 'commitments' THEN (SELECT CASE split_part(ci.field, '].', 2) WHEN 'released_by' THEN json_build_object('k', 'v', 'r', to_json(c.released_by)) WHEN 'released_to' THEN json_build_object('k', 'v', 'r', to_json(c.released_to)) WHEN 'count' THEN json_build_object('k', 'v', 'r', to_json(c.count)) WHEN 'category' THEN json_build_object('k', 'v', 'r', to_json(c.category)) WHEN 'description' THEN json_build_object('k', 'v', 'r', to_json(c.description)) END FROM negotiation_commitments c WHERE c.id = ci.child_id) END END) ORDER BY ci.id) FROM citations ci WHERE ci.subject_type = 'negotiation' AND ci.subject_id = t.id AND ci.deleted_at IS NULL AND ci.field IS NOT NULL AND ci.rank <> 'deprecated')), 'version', t.version, 'created_at', swaptrack_utc(t.created_at), 'updated_at', swaptrack_utc(t.updated_at)))::text FROM negotiations t WHERE t.id = swaptrack_doc_build_negotiations.id);
END
$$;

CREATE FUNCTION public.swaptrack_doc_build_parties(id bigint) RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
  RETURN (SELECT (json_build_object('id', t.id, 'code', t.code, 'name', t.name, 'name_native', t.name_native, 'aliases', t.aliases, 'kind', t.kind, 'based_in', t.based_in, 'description', t.description, 'wikidata_id', t.wikidata_id, 'citations', coalesce((SELECT json_agg(json_build_object('id', ci.id, 'source', json_build_object('id', e0.id, 'url', e0.url, 'title', e0.title, 'outlet', e0.outlet, 'published_on', e0.published_on), 'field', ci.field, 'quote', ci.quote, 'attributed_to', ci.attributed_to, 'confidence', ci.confidence, 'anchor', ci.anchor, 'value', ci.value, 'rank', ci.rank) ORDER BY ci.id) FROM citations ci JOIN sources e0 ON e0.id = ci.source_id WHERE ((ci.subject_type = 'party' AND ci.subject_id = t.id)) AND ci.deleted_at IS NULL), '[]'::json), 'conflicts', swaptrack_conflicts((SELECT json_agg(json_build_object('f', ci.field, 'id', ci.id, 'v', ci.value, 'p', ci.rank = 'preferred', 'x', CASE ci.field WHEN 'code' THEN json_build_object('k', 'v', 'r', to_json(t.code)) WHEN 'name' THEN json_build_object('k', 'v', 'r', to_json(t.name)) WHEN 'name_native' THEN json_build_object('k', 'v', 'r', to_json(t.name_native)) WHEN 'aliases' THEN json_build_object('k', 'l', 'r', to_json(t.aliases)) WHEN 'kind' THEN json_build_object('k', 'v', 'r', to_json(t.kind)) WHEN 'based_in' THEN json_build_object('k', 'v', 'r', to_json(t.based_in)) WHEN 'description' THEN json_build_object('k', 'v', 'r', to_json(t.description)) WHEN 'wikidata_id' THEN json_build_object('k', 'v', 'r', to_json(t.wikidata_id)) END) ORDER BY ci.id) FROM citations ci WHERE ci.subject_type = 'party' AND ci.subject_id = t.id AND ci.deleted_at IS NULL AND ci.field IS NOT NULL AND ci.rank <> 'deprecated')), 'version', t.version, 'created_at', swaptrack_utc(t.created_at), 'updated_at', swaptrack_utc(t.updated_at)))::text FROM parties t WHERE t.id = swaptrack_doc_build_parties.id);
END
$$;

CREATE FUNCTION public.swaptrack_doc_build_people(id bigint) RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
  RETURN (SELECT (json_build_object('id', t.id, 'name', t.name, 'name_native', t.name_native, 'aliases', t.aliases, 'citizenships', t.citizenships, 'born_on', t.born_on, 'gender', t.gender, 'occupation', t.occupation, 'description', t.description, 'wikidata_id', t.wikidata_id, 'citations', coalesce((SELECT json_agg(json_build_object('id', ci.id, 'source', json_build_object('id', e0.id, 'url', e0.url, 'title', e0.title, 'outlet', e0.outlet, 'published_on', e0.published_on), 'field', ci.field, 'quote', ci.quote, 'attributed_to', ci.attributed_to, 'confidence', ci.confidence, 'anchor', ci.anchor, 'value', ci.value, 'rank', ci.rank) ORDER BY ci.id) FROM citations ci JOIN sources e0 ON e0.id = ci.source_id WHERE ((ci.subject_type = 'person' AND ci.subject_id = t.id)) AND ci.deleted_at IS NULL), '[]'::json), 'conflicts', swaptrack_conflicts((SELECT json_agg(json_build_object('f', ci.field, 'id', ci.id, 'v', ci.value, 'p', ci.rank = 'preferred', 'x', CASE ci.field WHEN 'name' THEN json_build_object('k', 'v', 'r', to_json(t.name)) WHEN 'name_native' THEN json_build_object('k', 'v', 'r', to_json(t.name_native)) WHEN 'aliases' THEN json_build_object('k', 'l', 'r', to_json(t.aliases)) WHEN 'citizenships' THEN json_build_object('k', 'l', 'r', to_json(t.citizenships)) WHEN 'born_on' THEN json_build_object('k', 'd', 'r', to_json(t.born_on)) WHEN 'gender' THEN json_build_object('k', 'v', 'r', to_json(t.gender)) WHEN 'occupation' THEN json_build_object('k', 'v', 'r', to_json(t.occupation)) WHEN 'description' THEN json_build_object('k', 'v', 'r', to_json(t.description)) WHEN 'wikidata_id' THEN json_build_object('k', 'v', 'r', to_json(t.wikidata_id)) END) ORDER BY ci.id) FROM citations ci WHERE ci.subject_type = 'person' AND ci.subject_id = t.id AND ci.deleted_at IS NULL AND ci.field IS NOT NULL AND ci.rank <> 'deprecated')), 'version', t.version, 'created_at', swaptrack_utc(t.created_at), 'updated_at', swaptrack_utc(t.updated_at)))::text FROM people t WHERE t.id = swaptrack_doc_build_people.id);
END
$$;

CREATE FUNCTION public.swaptrack_doc_build_sources(id bigint) RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
  RETURN (SELECT (json_build_object('id', t.id, 'url', t.url, 'title', t.title, 'outlet', t.outlet, 'author', t.author, 'published_on', t.published_on, 'language', t.language, 'content', t.content, 'archive_url', t.archive_url, 'notes', t.notes, 'version', t.version, 'created_at', swaptrack_utc(t.created_at), 'updated_at', swaptrack_utc(t.updated_at)))::text FROM sources t WHERE t.id = swaptrack_doc_build_sources.id);
END
$$;

CREATE FUNCTION public.swaptrack_doc_build_statements(id bigint) RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
  RETURN (SELECT (json_build_object('id', t.id, 'speaker_id', t.speaker_id, 'speaker', t.speaker, 'said_on', t.said_on, 'speaker_side', t.speaker_side, 'audience', t.audience, 'text', t.text, 'kind', t.kind, 'negotiation_id', t.negotiation_id, 'swap_id', t.swap_id, 'person_id', t.person_id, 'notes', t.notes, 'citations', coalesce((SELECT json_agg(json_build_object('id', ci.id, 'source', json_build_object('id', e0.id, 'url', e0.url, 'title', e0.title, 'outlet', e0.outlet, 'published_on', e0.published_on), 'field', ci.field, 'quote', ci.quote, 'attributed_to', ci.attributed_to, 'confidence', ci.confidence, 'anchor', ci.anchor, 'value', ci.value, 'rank', ci.rank) ORDER BY ci.id) FROM citations ci JOIN sources e0 ON e0.id = ci.source_id WHERE ((ci.subject_type = 'statement' AND ci.subject_id = t.id)) AND ci.deleted_at IS NULL), '[]'::json), 'conflicts', swaptrack_conflicts((SELECT json_agg(json_build_object('f', ci.field, 'id', ci.id, 'v', ci.value, 'p', ci.rank = 'preferred', 'x', CASE ci.field WHEN 'speaker_id' THEN json_build_object('k', 'v', 'r', to_json(t.speaker_id)) WHEN 'speaker' THEN json_build_object('k', 'v', 'r', to_json(t.speaker)) WHEN 'said_on' THEN json_build_object('k', 'd', 'r', to_json(t.said_on)) WHEN 'speaker_side' THEN json_build_object('k', 'v', 'r', to_json(t.speaker_side)) WHEN 'audience' THEN json_build_object('k', 'v', 'r', to_json(t.audience)) WHEN 'text' THEN json_build_object('k', 'v', 'r', to_json(t.text)) WHEN 'kind' THEN json_build_object('k', 'v', 'r', to_json(t.kind)) WHEN 'negotiation_id' THEN json_build_object('k', 'v', 'r', to_json(t.negotiation_id)) WHEN 'swap_id' THEN json_build_object('k', 'v', 'r', to_json(t.swap_id)) WHEN 'person_id' THEN json_build_object('k', 'v', 'r', to_json(t.person_id)) WHEN 'notes' THEN json_build_object('k', 'v', 'r', to_json(t.notes)) END) ORDER BY ci.id) FROM citations ci WHERE ci.subject_type = 'statement' AND ci.subject_id = t.id AND ci.deleted_at IS NULL AND ci.field IS NOT NULL AND ci.rank <> 'deprecated')), 'version', t.version, 'created_at', swaptrack_utc(t.created_at), 'updated_at', swaptrack_utc(t.updated_at)))::text FROM statements t WHERE t.id = swaptrack_doc_build_statements.id);
END
$$;

CREATE FUNCTION public.swaptrack_doc_build_swaps(id bigint) RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
  RETURN (SELECT (json_build_object('id', t.id, 'status', t.status, 'occurred_on', t.occurred_on, 'place', t.place, 'host', t.host, 'mediators', t.mediators, 'facilitators', t.facilitators, 'parties', t.parties, 'negotiation_id', t.negotiation_id, 'stage', t.stage, 'kind', t.kind, 'summary', t.summary, 'released_count', t.released_count, 'releases', coalesce((SELECT json_agg(json_build_object('id', c.id, 'person_id', c.person_id, 'detention_id', c.detention_id, 'released_by', c.released_by, 'released_to', c.released_to, 'category', c.category, 'remains', c.remains, 'destination', c.destination) ORDER BY c.position) FROM swap_releases c WHERE c.swap_id = t.id), '[]'::json), 'groups', coalesce((SELECT json_agg(json_build_object('id', c.id, 'released_by', c.released_by, 'released_to', c.released_to, 'count', c.count, 'approximate', c.approximate, 'category', c.category, 'description', c.description, 'destination', c.destination) ORDER BY c.position) FROM swap_groups c WHERE c.swap_id = t.id), '[]'::json), 'terms', coalesce((SELECT json_agg(json_build_object('id', c.id, 'kind', c.kind, 'by', c.by, 'description', c.description, 'amount', c.amount, 'currency', c.currency) ORDER BY c.position) FROM swap_terms c WHERE c.swap_id = t.id), '[]'::json), 'derived', t.derived, 'sides', t.sides, 'statements', coalesce((SELECT json_agg(x.id ORDER BY x.id) FROM statements x WHERE x.swap_id = t.id AND x.deleted_at IS NULL), '[]'::json), 'citations', coalesce((SELECT json_agg(json_build_object('id', ci.id, 'source', json_build_object('id', e0.id, 'url', e0.url, 'title', e0.title, 'outlet', e0.outlet, 'published_on', e0.published_on), 'field', ci.field, 'quote', ci.quote, 'attributed_to', ci.attributed_to, 'confidence', ci.confidence, 'anchor', ci.anchor, 'value', ci.value, 'rank', ci.rank) ORDER BY ci.id) FROM citations ci JOIN sources e0 ON e0.id = ci.source_id WHERE ((ci.subject_type = 'swap' AND ci.subject_id = t.id)) AND ci.deleted_at IS NULL), '[]'::json), 'conflicts', swaptrack_conflicts((SELECT json_agg(json_build_object('f', ci.field, 'id', ci.id, 'v', ci.value, 'p', ci.rank = 'preferred', 'x', CASE ci.field WHEN 'status' THEN json_build_object('k', 'v', 'r', to_json(t.status)) WHEN 'occurred_on' THEN json_build_object('k', 'd', 'r', to_json(t.occurred_on)) WHEN 'place' THEN json_build_object('k', 'v', 'r', to_json(t.place)) WHEN 'host' THEN json_build_object('k', 'v', 'r', to_json(t.host)) WHEN 'mediators' THEN json_build_object('k', 'l', 'r', to_json(t.mediators)) WHEN 'facilitators' THEN json_build_object('k', 'l', 'r', to_json(t.facilitators)) WHEN 'parties' THEN json_build_object('k', 'l', 'r', to_json(t.parties)) WHEN 'negotiation_id' THEN json_build_object('k', 'v', 'r', to_json(t.negotiation_id)) WHEN 'stage' THEN json_build_object('k', 'v', 'r', to_json(t.stage)) WHEN 'kind' THEN json_build_object('k', 'v', 'r', to_json(t.kind)) WHEN 'summary' THEN json_build_object('k', 'v', 'r', to_json(t.summary)) WHEN 'released_count' THEN json_build_object('k', 'v', 'r', to_json(t.released_count)) ELSE CASE split_part(ci.field, '[', 1) WHEN 'releases' THEN (SELECT CASE split_part(ci.field, '].', 2) WHEN 'person_id' THEN json_build_object('k', 'v', 'r', to_json(c.person_id)) WHEN 'detention_id' THEN json_build_object('k', 'v', 'r', to_json(c.detention_id)) WHEN 'released_by' THEN json_build_object('k', 'v', 'r', to_json(c.released_by)) WHEN 'released_to' THEN json_build_object('k', 'v', 'r', to_json(c.released_to)) WHEN 'category' THEN json_build_object('k', 'v', 'r', to_json(c.category)) WHEN 'remains' THEN json_build_object('k', 'v', 'r', to_json(c.remains)) WHEN 'destination' THEN json_build_object('k', 'v', 'r', to_json(c.destination)) END FROM swap_releases c WHERE c.id = ci.child_id) WHEN 'groups' THEN (SELECT CASE split_part(ci.field, '].', 2) WHEN 'released_by' THEN json_build_object('k', 'v', 'r', to_json(c.released_by)) WHEN 'released_to' THEN json_build_object('k', 'v', 'r', to_json(c.released_to)) WHEN 'count' THEN json_build_object('k', 'v', 'r', to_json(c.count)) WHEN 'approximate' THEN json_build_object('k', 'v', 'r', to_json(c.approximate)) WHEN 'category' THEN json_build_object('k', 'v', 'r', to_json(c.category)) WHEN 'description' THEN json_build_object('k', 'v', 'r', to_json(c.description)) WHEN 'destination' THEN json_build_object('k', 'v', 'r', to_json(c.destination)) END FROM swap_groups c WHERE c.id = ci.child_id) WHEN 'terms' THEN (SELECT CASE split_part(ci.field, '].', 2) WHEN 'kind' THEN json_build_object('k', 'v', 'r', to_json(c.kind)) WHEN 'by' THEN json_build_object('k', 'v', 'r', to_json(c.by)) WHEN 'description' THEN json_build_object('k', 'v', 'r', to_json(c.description)) WHEN 'amount' THEN json_build_object('k', 'v', 'r', to_json(c.amount)) WHEN 'currency' THEN json_build_object('k', 'v', 'r', to_json(c.currency)) END FROM swap_terms c WHERE c.id = ci.child_id) END END) ORDER BY ci.id) FROM citations ci WHERE ci.subject_type = 'swap' AND ci.subject_id = t.id AND ci.deleted_at IS NULL AND ci.field IS NOT NULL AND ci.rank <> 'deprecated')), 'version', t.version, 'created_at', swaptrack_utc(t.created_at), 'updated_at', swaptrack_utc(t.updated_at)))::text FROM swaps t WHERE t.id = swaptrack_doc_build_swaps.id);
END
$$;

CREATE FUNCTION public.swaptrack_doc_changed_citations() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    changed bigint[];
BEGIN
  IF pg_trigger_depth() > 1 THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    changed := NULL;
    PERFORM swaptrack_doc_citations(ARRAY(SELECT DISTINCT r.id FROM new_rows r WHERE r.id IS NOT NULL ORDER BY 1));
    PERFORM 1 FROM sources s JOIN (SELECT DISTINCT r.source_id FROM new_rows r) x ON s.id = x.source_id ORDER BY s.id FOR SHARE OF s;
    PERFORM swaptrack_doc_people(ARRAY(SELECT DISTINCT r.subject_id FROM new_rows r WHERE r.subject_id IS NOT NULL AND r.subject_type = 'person' ORDER BY 1));
    PERFORM swaptrack_doc_parties(ARRAY(SELECT DISTINCT r.subject_id FROM new_rows r WHERE r.subject_id IS NOT NULL AND r.subject_type = 'party' ORDER BY 1));
    PERFORM swaptrack_doc_detentions(ARRAY(SELECT DISTINCT r.subject_id FROM new_rows r WHERE r.subject_id IS NOT NULL AND r.subject_type = 'detention' ORDER BY 1));
    PERFORM swaptrack_doc_negotiations(ARRAY(SELECT DISTINCT r.subject_id FROM new_rows r WHERE r.subject_id IS NOT NULL AND r.subject_type = 'negotiation' ORDER BY 1));
    PERFORM swaptrack_doc_swaps(ARRAY(SELECT DISTINCT r.subject_id FROM new_rows r WHERE r.subject_id IS NOT NULL AND r.subject_type = 'swap' ORDER BY 1));
    PERFORM swaptrack_doc_statements(ARRAY(SELECT DISTINCT r.subject_id FROM new_rows r WHERE r.subject_id IS NOT NULL AND r.subject_type = 'statement' ORDER BY 1));
  ELSIF TG_OP = 'UPDATE' THEN
    changed := NULL;
    PERFORM swaptrack_doc_citations(ARRAY(SELECT DISTINCT r.id FROM new_rows r WHERE r.id IS NOT NULL ORDER BY 1));
    PERFORM 1 FROM sources s JOIN (SELECT DISTINCT r.source_id FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r) x ON s.id = x.source_id ORDER BY s.id FOR SHARE OF s;
    PERFORM swaptrack_doc_people(ARRAY(SELECT DISTINCT r.subject_id FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r WHERE r.subject_id IS NOT NULL AND r.subject_type = 'person' ORDER BY 1));
    PERFORM swaptrack_doc_parties(ARRAY(SELECT DISTINCT r.subject_id FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r WHERE r.subject_id IS NOT NULL AND r.subject_type = 'party' ORDER BY 1));
    PERFORM swaptrack_doc_detentions(ARRAY(SELECT DISTINCT r.subject_id FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r WHERE r.subject_id IS NOT NULL AND r.subject_type = 'detention' ORDER BY 1));
    PERFORM swaptrack_doc_negotiations(ARRAY(SELECT DISTINCT r.subject_id FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r WHERE r.subject_id IS NOT NULL AND r.subject_type = 'negotiation' ORDER BY 1));
    PERFORM swaptrack_doc_swaps(ARRAY(SELECT DISTINCT r.subject_id FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r WHERE r.subject_id IS NOT NULL AND r.subject_type = 'swap' ORDER BY 1));
    PERFORM swaptrack_doc_statements(ARRAY(SELECT DISTINCT r.subject_id FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r WHERE r.subject_id IS NOT NULL AND r.subject_type = 'statement' ORDER BY 1));
  ELSIF TG_OP = 'DELETE' THEN
    changed := NULL;
    PERFORM 1 FROM sources s JOIN (SELECT DISTINCT r.source_id FROM old_rows r) x ON s.id = x.source_id ORDER BY s.id FOR SHARE OF s;
    PERFORM swaptrack_doc_people(ARRAY(SELECT DISTINCT r.subject_id FROM old_rows r WHERE r.subject_id IS NOT NULL AND r.subject_type = 'person' ORDER BY 1));
    PERFORM swaptrack_doc_parties(ARRAY(SELECT DISTINCT r.subject_id FROM old_rows r WHERE r.subject_id IS NOT NULL AND r.subject_type = 'party' ORDER BY 1));
    PERFORM swaptrack_doc_detentions(ARRAY(SELECT DISTINCT r.subject_id FROM old_rows r WHERE r.subject_id IS NOT NULL AND r.subject_type = 'detention' ORDER BY 1));
    PERFORM swaptrack_doc_negotiations(ARRAY(SELECT DISTINCT r.subject_id FROM old_rows r WHERE r.subject_id IS NOT NULL AND r.subject_type = 'negotiation' ORDER BY 1));
    PERFORM swaptrack_doc_swaps(ARRAY(SELECT DISTINCT r.subject_id FROM old_rows r WHERE r.subject_id IS NOT NULL AND r.subject_type = 'swap' ORDER BY 1));
    PERFORM swaptrack_doc_statements(ARRAY(SELECT DISTINCT r.subject_id FROM old_rows r WHERE r.subject_id IS NOT NULL AND r.subject_type = 'statement' ORDER BY 1));
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION public.swaptrack_doc_changed_detentions() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    changed bigint[];
BEGIN
  IF pg_trigger_depth() > 1 THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    changed := NULL;
    PERFORM swaptrack_doc_detentions(ARRAY(SELECT DISTINCT r.id FROM new_rows r WHERE r.id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'UPDATE' THEN
    changed := NULL;
    PERFORM swaptrack_doc_detentions(ARRAY(SELECT DISTINCT r.id FROM new_rows r WHERE r.id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'DELETE' THEN
    changed := NULL;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION public.swaptrack_doc_changed_negotiation_commitments() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    changed bigint[];
BEGIN
  IF pg_trigger_depth() > 1 THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    changed := NULL;
    PERFORM swaptrack_doc_negotiations(ARRAY(SELECT DISTINCT r.negotiation_id FROM new_rows r WHERE r.negotiation_id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'UPDATE' THEN
    changed := NULL;
    PERFORM swaptrack_doc_negotiations(ARRAY(SELECT DISTINCT r.negotiation_id FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r WHERE r.negotiation_id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'DELETE' THEN
    changed := NULL;
    PERFORM swaptrack_doc_negotiations(ARRAY(SELECT DISTINCT r.negotiation_id FROM old_rows r WHERE r.negotiation_id IS NOT NULL ORDER BY 1));
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION public.swaptrack_doc_changed_negotiation_participants() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    changed bigint[];
BEGIN
  IF pg_trigger_depth() > 1 THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    changed := NULL;
    PERFORM swaptrack_doc_negotiations(ARRAY(SELECT DISTINCT r.negotiation_id FROM new_rows r WHERE r.negotiation_id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'UPDATE' THEN
    changed := NULL;
    PERFORM swaptrack_doc_negotiations(ARRAY(SELECT DISTINCT r.negotiation_id FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r WHERE r.negotiation_id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'DELETE' THEN
    changed := NULL;
    PERFORM swaptrack_doc_negotiations(ARRAY(SELECT DISTINCT r.negotiation_id FROM old_rows r WHERE r.negotiation_id IS NOT NULL ORDER BY 1));
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION public.swaptrack_doc_changed_negotiations() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    changed bigint[];
BEGIN
  IF pg_trigger_depth() > 1 THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    changed := NULL;
    PERFORM swaptrack_doc_negotiations(ARRAY(SELECT DISTINCT r.id FROM new_rows r WHERE r.id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'UPDATE' THEN
    changed := NULL;
    PERFORM swaptrack_doc_negotiations(ARRAY(SELECT DISTINCT r.id FROM new_rows r WHERE r.id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'DELETE' THEN
    changed := NULL;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION public.swaptrack_doc_changed_parties() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    changed bigint[];
BEGIN
  IF pg_trigger_depth() > 1 THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    changed := NULL;
    PERFORM swaptrack_doc_parties(ARRAY(SELECT DISTINCT r.id FROM new_rows r WHERE r.id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'UPDATE' THEN
    changed := NULL;
    PERFORM swaptrack_doc_parties(ARRAY(SELECT DISTINCT r.id FROM new_rows r WHERE r.id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'DELETE' THEN
    changed := NULL;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION public.swaptrack_doc_changed_people() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    changed bigint[];
BEGIN
  IF pg_trigger_depth() > 1 THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    changed := NULL;
    PERFORM swaptrack_doc_people(ARRAY(SELECT DISTINCT r.id FROM new_rows r WHERE r.id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'UPDATE' THEN
    changed := NULL;
    PERFORM swaptrack_doc_people(ARRAY(SELECT DISTINCT r.id FROM new_rows r WHERE r.id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'DELETE' THEN
    changed := NULL;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION public.swaptrack_doc_changed_sources() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    changed bigint[];
BEGIN
  IF pg_trigger_depth() > 1 THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    changed := NULL;
    PERFORM swaptrack_doc_sources(ARRAY(SELECT DISTINCT r.id FROM new_rows r WHERE r.id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'UPDATE' THEN
    changed := NULL;
    PERFORM swaptrack_doc_sources(ARRAY(SELECT DISTINCT r.id FROM new_rows r WHERE r.id IS NOT NULL ORDER BY 1));
    changed := ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.url, n.title, n.outlet, n.published_on, n.deleted_at) IS DISTINCT FROM (o.url, o.title, o.outlet, o.published_on, o.deleted_at));
    PERFORM swaptrack_doc_people(ARRAY(SELECT DISTINCT ci.subject_id FROM citations ci WHERE ci.source_id = ANY (changed) AND ci.subject_type = 'person' AND ci.deleted_at IS NULL ORDER BY 1));
    PERFORM swaptrack_doc_parties(ARRAY(SELECT DISTINCT ci.subject_id FROM citations ci WHERE ci.source_id = ANY (changed) AND ci.subject_type = 'party' AND ci.deleted_at IS NULL ORDER BY 1));
    PERFORM swaptrack_doc_detentions(ARRAY(SELECT DISTINCT ci.subject_id FROM citations ci WHERE ci.source_id = ANY (changed) AND ci.subject_type = 'detention' AND ci.deleted_at IS NULL ORDER BY 1));
    PERFORM swaptrack_doc_negotiations(ARRAY(SELECT DISTINCT ci.subject_id FROM citations ci WHERE ci.source_id = ANY (changed) AND ci.subject_type = 'negotiation' AND ci.deleted_at IS NULL ORDER BY 1));
    PERFORM swaptrack_doc_swaps(ARRAY(SELECT DISTINCT ci.subject_id FROM citations ci WHERE ci.source_id = ANY (changed) AND ci.subject_type = 'swap' AND ci.deleted_at IS NULL ORDER BY 1));
    PERFORM swaptrack_doc_statements(ARRAY(SELECT DISTINCT ci.subject_id FROM citations ci WHERE ci.source_id = ANY (changed) AND ci.subject_type = 'statement' AND ci.deleted_at IS NULL ORDER BY 1));
  ELSIF TG_OP = 'DELETE' THEN
    changed := NULL;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION public.swaptrack_doc_changed_statements() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    changed bigint[];
BEGIN
  IF pg_trigger_depth() > 1 THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    changed := NULL;
    PERFORM swaptrack_doc_statements(ARRAY(SELECT DISTINCT r.id FROM new_rows r WHERE r.id IS NOT NULL ORDER BY 1));
    PERFORM swaptrack_doc_negotiations(ARRAY(SELECT DISTINCT r.negotiation_id FROM new_rows r WHERE r.negotiation_id IS NOT NULL ORDER BY 1));
    PERFORM swaptrack_doc_swaps(ARRAY(SELECT DISTINCT r.swap_id FROM new_rows r WHERE r.swap_id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'UPDATE' THEN
    changed := NULL;
    PERFORM swaptrack_doc_statements(ARRAY(SELECT DISTINCT r.id FROM new_rows r WHERE r.id IS NOT NULL ORDER BY 1));
    PERFORM swaptrack_doc_negotiations(ARRAY(SELECT DISTINCT r.negotiation_id FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r WHERE r.negotiation_id IS NOT NULL ORDER BY 1));
    PERFORM swaptrack_doc_swaps(ARRAY(SELECT DISTINCT r.swap_id FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r WHERE r.swap_id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'DELETE' THEN
    changed := NULL;
    PERFORM swaptrack_doc_negotiations(ARRAY(SELECT DISTINCT r.negotiation_id FROM old_rows r WHERE r.negotiation_id IS NOT NULL ORDER BY 1));
    PERFORM swaptrack_doc_swaps(ARRAY(SELECT DISTINCT r.swap_id FROM old_rows r WHERE r.swap_id IS NOT NULL ORDER BY 1));
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION public.swaptrack_doc_changed_swap_groups() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    changed bigint[];
BEGIN
  IF pg_trigger_depth() > 1 THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    changed := NULL;
    PERFORM swaptrack_doc_swaps(ARRAY(SELECT DISTINCT r.swap_id FROM new_rows r WHERE r.swap_id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'UPDATE' THEN
    changed := NULL;
    PERFORM swaptrack_doc_swaps(ARRAY(SELECT DISTINCT r.swap_id FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r WHERE r.swap_id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'DELETE' THEN
    changed := NULL;
    PERFORM swaptrack_doc_swaps(ARRAY(SELECT DISTINCT r.swap_id FROM old_rows r WHERE r.swap_id IS NOT NULL ORDER BY 1));
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION public.swaptrack_doc_changed_swap_releases() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    changed bigint[];
BEGIN
  IF pg_trigger_depth() > 1 THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    changed := NULL;
    PERFORM swaptrack_doc_swaps(ARRAY(SELECT DISTINCT r.swap_id FROM new_rows r WHERE r.swap_id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'UPDATE' THEN
    changed := NULL;
    PERFORM swaptrack_doc_swaps(ARRAY(SELECT DISTINCT r.swap_id FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r WHERE r.swap_id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'DELETE' THEN
    changed := NULL;
    PERFORM swaptrack_doc_swaps(ARRAY(SELECT DISTINCT r.swap_id FROM old_rows r WHERE r.swap_id IS NOT NULL ORDER BY 1));
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION public.swaptrack_doc_changed_swap_terms() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    changed bigint[];
BEGIN
  IF pg_trigger_depth() > 1 THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    changed := NULL;
    PERFORM swaptrack_doc_swaps(ARRAY(SELECT DISTINCT r.swap_id FROM new_rows r WHERE r.swap_id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'UPDATE' THEN
    changed := NULL;
    PERFORM swaptrack_doc_swaps(ARRAY(SELECT DISTINCT r.swap_id FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r WHERE r.swap_id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'DELETE' THEN
    changed := NULL;
    PERFORM swaptrack_doc_swaps(ARRAY(SELECT DISTINCT r.swap_id FROM old_rows r WHERE r.swap_id IS NOT NULL ORDER BY 1));
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION public.swaptrack_doc_changed_swaps() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    changed bigint[];
BEGIN
  IF pg_trigger_depth() > 1 THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    changed := NULL;
    PERFORM swaptrack_doc_swaps(ARRAY(SELECT DISTINCT r.id FROM new_rows r WHERE r.id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'UPDATE' THEN
    changed := NULL;
    PERFORM swaptrack_doc_swaps(ARRAY(SELECT DISTINCT r.id FROM new_rows r WHERE r.id IS NOT NULL ORDER BY 1));
  ELSIF TG_OP = 'DELETE' THEN
    changed := NULL;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION public.swaptrack_doc_citations(ids bigint[]) RETURNS void
    LANGUAGE sql
    AS $$
  SELECT 1 FROM citations t JOIN unnest(ids) AS u(id) ON t.id = u.id ORDER BY t.id FOR NO KEY UPDATE OF t;
  UPDATE citations t SET doc = (json_build_object('id', t.id, 'source_id', t.source_id, 'subject_type', t.subject_type, 'subject_id', t.subject_id, 'field', t.field, 'quote', t.quote, 'attributed_to', t.attributed_to, 'confidence', t.confidence, 'anchor', t.anchor, 'value', t.value, 'rank', t.rank, 'version', t.version, 'created_at', swaptrack_utc(t.created_at), 'updated_at', swaptrack_utc(t.updated_at)))::text FROM unnest(ids) AS u(id) WHERE t.id = u.id AND t.deleted_at IS NULL
$$;

CREATE FUNCTION public.swaptrack_doc_detentions(ids bigint[]) RETURNS void
    LANGUAGE sql
    AS $$
  SELECT 1 FROM detentions t JOIN unnest(ids) AS u(id) ON t.id = u.id ORDER BY t.id FOR NO KEY UPDATE OF t;
  UPDATE detentions t SET doc = (json_build_object('id', t.id, 'person_id', t.person_id, 'country', t.country, 'authority', t.authority, 'detained_on', t.detained_on, 'place', t.place, 'charges', t.charges, 'sentence', t.sentence, 'sentenced_on', t.sentenced_on, 'status', t.status, 'released_on', t.released_on, 'wrongfully_detained', t.wrongfully_detained, 'notes', t.notes, 'citations', coalesce((SELECT json_agg(json_build_object('id', ci.id, 'source', json_build_object('id', e0.id, 'url', e0.url, 'title', e0.title, 'outlet', e0.outlet, 'published_on', e0.published_on), 'field', ci.field, 'quote', ci.quote, 'attributed_to', ci.attributed_to, 'confidence', ci.confidence, 'anchor', ci.anchor, 'value', ci.value, 'rank', ci.rank) ORDER BY ci.id) FROM citations ci JOIN sources e0 ON e0.id = ci.source_id WHERE ((ci.subject_type = 'detention' AND ci.subject_id = t.id)) AND ci.deleted_at IS NULL), '[]'::json), 'conflicts', swaptrack_conflicts((SELECT json_agg(json_build_object('f', ci.field, 'id', ci.id, 'v', ci.value, 'p', ci.rank = 'preferred', 'x', CASE ci.field WHEN 'person_id' THEN json_build_object('k', 'v', 'r', to_json(t.person_id)) WHEN 'country' THEN json_build_object('k', 'v', 'r', to_json(t.country)) WHEN 'authority' THEN json_build_object('k', 'v', 'r', to_json(t.authority)) WHEN 'detained_on' THEN json_build_object('k', 'd', 'r', to_json(t.detained_on)) WHEN 'place' THEN json_build_object('k', 'v', 'r', to_json(t.place)) WHEN 'charges' THEN json_build_object('k', 'l', 'r', to_json(t.charges)) WHEN 'sentence' THEN json_build_object('k', 'v', 'r', to_json(t.sentence)) WHEN 'sentenced_on' THEN json_build_object('k', 'd', 'r', to_json(t.sentenced_on)) WHEN 'status' THEN json_build_object('k', 'v', 'r', to_json(t.status)) WHEN 'released_on' THEN json_build_object('k', 'd', 'r', to_json(t.released_on)) WHEN 'wrongfully_detained' THEN json_build_object('k', 'v', 'r', to_json(t.wrongfully_detained)) WHEN 'notes' THEN json_build_object('k', 'v', 'r', to_json(t.notes)) END) ORDER BY ci.id) FROM citations ci WHERE ci.subject_type = 'detention' AND ci.subject_id = t.id AND ci.deleted_at IS NULL AND ci.field IS NOT NULL AND ci.rank <> 'deprecated')), 'version', t.version, 'created_at', swaptrack_utc(t.created_at), 'updated_at', swaptrack_utc(t.updated_at)))::text FROM unnest(ids) AS u(id) WHERE t.id = u.id AND t.deleted_at IS NULL
$$;

CREATE FUNCTION public.swaptrack_doc_negotiations(ids bigint[]) RETURNS void
    LANGUAGE sql
    AS $$
  SELECT 1 FROM negotiations t JOIN unnest(ids) AS u(id) ON t.id = u.id ORDER BY t.id FOR NO KEY UPDATE OF t;
  UPDATE negotiations t SET doc = (json_build_object('id', t.id, 'title', t.title, 'status', t.status, 'parties', t.parties, 'mediators', t.mediators, 'host', t.host, 'place', t.place, 'stages', t.stages, 'started_on', t.started_on, 'ended_on', t.ended_on, 'summary', t.summary, 'participants', coalesce((SELECT json_agg(json_build_object('id', c.id, 'person_id', c.person_id, 'role', c.role, 'representing', c.representing) ORDER BY c.position) FROM negotiation_participants c WHERE c.negotiation_id = t.id), '[]'::json), 'commitments', coalesce((SELECT json_agg(json_build_object('id', c.id, 'released_by', c.released_by, 'released_to', c.released_to, 'count', c.count, 'category', c.category, 'description', c.description) ORDER BY c.position) FROM negotiation_commitments c WHERE c.negotiation_id = t.id), '[]'::json), 'progress', t.progress, 'statements', coalesce((SELECT json_agg(x.id ORDER BY x.id) FROM statements x WHERE x.negotiation_id = t.id AND x.deleted_at IS NULL), '[]'::json), 'citations', coalesce((SELECT json_agg(json_build_object('id', ci.id, 'source', json_build_object('id', e0.id, 'url', e0.url, 'title', e0.title, 'outlet', e0.outlet, 'published_on', e0.published_on), 'field', ci.field, 'quote', ci.quote, 'attributed_to', ci.attributed_to, 'confidence', ci.confidence, 'anchor', ci.anchor, 'value', ci.value, 'rank', ci.rank) ORDER BY ci.id) FROM citations ci JOIN sources e0 ON e0.id = ci.source_id WHERE ((ci.subject_type = 'negotiation' AND ci.subject_id = t.id)) AND ci.deleted_at IS NULL), '[]'::json), 'conflicts', swaptrack_conflicts((SELECT json_agg(json_build_object('f', ci.field, 'id', ci.id, 'v', ci.value, 'p', ci.rank = 'preferred', 'x', CASE ci.field WHEN 'title' THEN json_build_object('k', 'v', 'r', to_json(t.title)) WHEN 'status' THEN json_build_object('k', 'v', 'r', to_json(t.status)) WHEN 'parties' THEN json_build_object('k', 'l', 'r', to_json(t.parties)) WHEN 'mediators' THEN json_build_object('k', 'l', 'r', to_json(t.mediators)) WHEN 'host' THEN json_build_object('k', 'v', 'r', to_json(t.host)) WHEN 'place' THEN json_build_object('k', 'v', 'r', to_json(t.place)) WHEN 'stages' THEN json_build_object('k', 'v', 'r', to_json(t.stages)) WHEN 'started_on' THEN json_build_object('k', 'd', 'r', to_json(t.started_on)) WHEN 'ended_on' THEN json_build_object('k', 'd', 'r', to_json(t.ended_on)) WHEN 'summary' THEN json_build_object('k', 'v', 'r', to_json(t.summary)) ELSE CASE split_part(ci.field, '[', 1) WHEN 'participants' THEN (SELECT CASE split_part(ci.field, '].', 2) WHEN 'person_id' THEN json_build_object('k', 'v', 'r', to_json(c.person_id)) WHEN 'role' THEN json_build_object('k', 'v', 'r', to_json(c.role)) WHEN 'representing' THEN json_build_object('k', 'v', 'r', to_json(c.representing)) END FROM negotiation_participants c WHERE c.id = ci.child_id) WHEN 'commitments' THEN (SELECT CASE split_part(ci.field, '].', 2) WHEN 'released_by' THEN json_build_object('k', 'v', 'r', to_json(c.released_by)) WHEN 'released_to' THEN json_build_object('k', 'v', 'r', to_json(c.released_to)) WHEN 'count' THEN json_build_object('k', 'v', 'r', to_json(c.count)) WHEN 'category' THEN json_build_object('k', 'v', 'r', to_json(c.category)) WHEN 'description' THEN json_build_object('k', 'v', 'r', to_json(c.description)) END FROM negotiation_commitments c WHERE c.id = ci.child_id) END END) ORDER BY ci.id) FROM citations ci WHERE ci.subject_type = 'negotiation' AND ci.subject_id = t.id AND ci.deleted_at IS NULL AND ci.field IS NOT NULL AND ci.rank <> 'deprecated')), 'version', t.version, 'created_at', swaptrack_utc(t.created_at), 'updated_at', swaptrack_utc(t.updated_at)))::text FROM unnest(ids) AS u(id) WHERE t.id = u.id AND t.deleted_at IS NULL
$$;

CREATE FUNCTION public.swaptrack_doc_parties(ids bigint[]) RETURNS void
    LANGUAGE sql
    AS $$
  SELECT 1 FROM parties t JOIN unnest(ids) AS u(id) ON t.id = u.id ORDER BY t.id FOR NO KEY UPDATE OF t;
  UPDATE parties t SET doc = (json_build_object('id', t.id, 'code', t.code, 'name', t.name, 'name_native', t.name_native, 'aliases', t.aliases, 'kind', t.kind, 'based_in', t.based_in, 'description', t.description, 'wikidata_id', t.wikidata_id, 'citations', coalesce((SELECT json_agg(json_build_object('id', ci.id, 'source', json_build_object('id', e0.id, 'url', e0.url, 'title', e0.title, 'outlet', e0.outlet, 'published_on', e0.published_on), 'field', ci.field, 'quote', ci.quote, 'attributed_to', ci.attributed_to, 'confidence', ci.confidence, 'anchor', ci.anchor, 'value', ci.value, 'rank', ci.rank) ORDER BY ci.id) FROM citations ci JOIN sources e0 ON e0.id = ci.source_id WHERE ((ci.subject_type = 'party' AND ci.subject_id = t.id)) AND ci.deleted_at IS NULL), '[]'::json), 'conflicts', swaptrack_conflicts((SELECT json_agg(json_build_object('f', ci.field, 'id', ci.id, 'v', ci.value, 'p', ci.rank = 'preferred', 'x', CASE ci.field WHEN 'code' THEN json_build_object('k', 'v', 'r', to_json(t.code)) WHEN 'name' THEN json_build_object('k', 'v', 'r', to_json(t.name)) WHEN 'name_native' THEN json_build_object('k', 'v', 'r', to_json(t.name_native)) WHEN 'aliases' THEN json_build_object('k', 'l', 'r', to_json(t.aliases)) WHEN 'kind' THEN json_build_object('k', 'v', 'r', to_json(t.kind)) WHEN 'based_in' THEN json_build_object('k', 'v', 'r', to_json(t.based_in)) WHEN 'description' THEN json_build_object('k', 'v', 'r', to_json(t.description)) WHEN 'wikidata_id' THEN json_build_object('k', 'v', 'r', to_json(t.wikidata_id)) END) ORDER BY ci.id) FROM citations ci WHERE ci.subject_type = 'party' AND ci.subject_id = t.id AND ci.deleted_at IS NULL AND ci.field IS NOT NULL AND ci.rank <> 'deprecated')), 'version', t.version, 'created_at', swaptrack_utc(t.created_at), 'updated_at', swaptrack_utc(t.updated_at)))::text FROM unnest(ids) AS u(id) WHERE t.id = u.id AND t.deleted_at IS NULL
$$;

CREATE FUNCTION public.swaptrack_doc_people(ids bigint[]) RETURNS void
    LANGUAGE sql
    AS $$
  SELECT 1 FROM people t JOIN unnest(ids) AS u(id) ON t.id = u.id ORDER BY t.id FOR NO KEY UPDATE OF t;
  UPDATE people t SET doc = (json_build_object('id', t.id, 'name', t.name, 'name_native', t.name_native, 'aliases', t.aliases, 'citizenships', t.citizenships, 'born_on', t.born_on, 'gender', t.gender, 'occupation', t.occupation, 'description', t.description, 'wikidata_id', t.wikidata_id, 'citations', coalesce((SELECT json_agg(json_build_object('id', ci.id, 'source', json_build_object('id', e0.id, 'url', e0.url, 'title', e0.title, 'outlet', e0.outlet, 'published_on', e0.published_on), 'field', ci.field, 'quote', ci.quote, 'attributed_to', ci.attributed_to, 'confidence', ci.confidence, 'anchor', ci.anchor, 'value', ci.value, 'rank', ci.rank) ORDER BY ci.id) FROM citations ci JOIN sources e0 ON e0.id = ci.source_id WHERE ((ci.subject_type = 'person' AND ci.subject_id = t.id)) AND ci.deleted_at IS NULL), '[]'::json), 'conflicts', swaptrack_conflicts((SELECT json_agg(json_build_object('f', ci.field, 'id', ci.id, 'v', ci.value, 'p', ci.rank = 'preferred', 'x', CASE ci.field WHEN 'name' THEN json_build_object('k', 'v', 'r', to_json(t.name)) WHEN 'name_native' THEN json_build_object('k', 'v', 'r', to_json(t.name_native)) WHEN 'aliases' THEN json_build_object('k', 'l', 'r', to_json(t.aliases)) WHEN 'citizenships' THEN json_build_object('k', 'l', 'r', to_json(t.citizenships)) WHEN 'born_on' THEN json_build_object('k', 'd', 'r', to_json(t.born_on)) WHEN 'gender' THEN json_build_object('k', 'v', 'r', to_json(t.gender)) WHEN 'occupation' THEN json_build_object('k', 'v', 'r', to_json(t.occupation)) WHEN 'description' THEN json_build_object('k', 'v', 'r', to_json(t.description)) WHEN 'wikidata_id' THEN json_build_object('k', 'v', 'r', to_json(t.wikidata_id)) END) ORDER BY ci.id) FROM citations ci WHERE ci.subject_type = 'person' AND ci.subject_id = t.id AND ci.deleted_at IS NULL AND ci.field IS NOT NULL AND ci.rank <> 'deprecated')), 'version', t.version, 'created_at', swaptrack_utc(t.created_at), 'updated_at', swaptrack_utc(t.updated_at)))::text FROM unnest(ids) AS u(id) WHERE t.id = u.id AND t.deleted_at IS NULL
$$;

CREATE FUNCTION public.swaptrack_doc_sources(ids bigint[]) RETURNS void
    LANGUAGE sql
    AS $$
  SELECT 1 FROM sources t JOIN unnest(ids) AS u(id) ON t.id = u.id ORDER BY t.id FOR NO KEY UPDATE OF t;
  UPDATE sources t SET doc = (json_build_object('id', t.id, 'url', t.url, 'title', t.title, 'outlet', t.outlet, 'author', t.author, 'published_on', t.published_on, 'language', t.language, 'content', t.content, 'archive_url', t.archive_url, 'notes', t.notes, 'version', t.version, 'created_at', swaptrack_utc(t.created_at), 'updated_at', swaptrack_utc(t.updated_at)))::text FROM unnest(ids) AS u(id) WHERE t.id = u.id AND t.deleted_at IS NULL
$$;

CREATE FUNCTION public.swaptrack_doc_statements(ids bigint[]) RETURNS void
    LANGUAGE sql
    AS $$
  SELECT 1 FROM statements t JOIN unnest(ids) AS u(id) ON t.id = u.id ORDER BY t.id FOR NO KEY UPDATE OF t;
  UPDATE statements t SET doc = (json_build_object('id', t.id, 'speaker_id', t.speaker_id, 'speaker', t.speaker, 'said_on', t.said_on, 'speaker_side', t.speaker_side, 'audience', t.audience, 'text', t.text, 'kind', t.kind, 'negotiation_id', t.negotiation_id, 'swap_id', t.swap_id, 'person_id', t.person_id, 'notes', t.notes, 'citations', coalesce((SELECT json_agg(json_build_object('id', ci.id, 'source', json_build_object('id', e0.id, 'url', e0.url, 'title', e0.title, 'outlet', e0.outlet, 'published_on', e0.published_on), 'field', ci.field, 'quote', ci.quote, 'attributed_to', ci.attributed_to, 'confidence', ci.confidence, 'anchor', ci.anchor, 'value', ci.value, 'rank', ci.rank) ORDER BY ci.id) FROM citations ci JOIN sources e0 ON e0.id = ci.source_id WHERE ((ci.subject_type = 'statement' AND ci.subject_id = t.id)) AND ci.deleted_at IS NULL), '[]'::json), 'conflicts', swaptrack_conflicts((SELECT json_agg(json_build_object('f', ci.field, 'id', ci.id, 'v', ci.value, 'p', ci.rank = 'preferred', 'x', CASE ci.field WHEN 'speaker_id' THEN json_build_object('k', 'v', 'r', to_json(t.speaker_id)) WHEN 'speaker' THEN json_build_object('k', 'v', 'r', to_json(t.speaker)) WHEN 'said_on' THEN json_build_object('k', 'd', 'r', to_json(t.said_on)) WHEN 'speaker_side' THEN json_build_object('k', 'v', 'r', to_json(t.speaker_side)) WHEN 'audience' THEN json_build_object('k', 'v', 'r', to_json(t.audience)) WHEN 'text' THEN json_build_object('k', 'v', 'r', to_json(t.text)) WHEN 'kind' THEN json_build_object('k', 'v', 'r', to_json(t.kind)) WHEN 'negotiation_id' THEN json_build_object('k', 'v', 'r', to_json(t.negotiation_id)) WHEN 'swap_id' THEN json_build_object('k', 'v', 'r', to_json(t.swap_id)) WHEN 'person_id' THEN json_build_object('k', 'v', 'r', to_json(t.person_id)) WHEN 'notes' THEN json_build_object('k', 'v', 'r', to_json(t.notes)) END) ORDER BY ci.id) FROM citations ci WHERE ci.subject_type = 'statement' AND ci.subject_id = t.id AND ci.deleted_at IS NULL AND ci.field IS NOT NULL AND ci.rank <> 'deprecated')), 'version', t.version, 'created_at', swaptrack_utc(t.created_at), 'updated_at', swaptrack_utc(t.updated_at)))::text FROM unnest(ids) AS u(id) WHERE t.id = u.id AND t.deleted_at IS NULL
$$;

CREATE FUNCTION public.swaptrack_doc_swaps(ids bigint[]) RETURNS void
    LANGUAGE sql
    AS $$
  SELECT 1 FROM swaps t JOIN unnest(ids) AS u(id) ON t.id = u.id ORDER BY t.id FOR NO KEY UPDATE OF t;
  UPDATE swaps t SET doc = (json_build_object('id', t.id, 'status', t.status, 'occurred_on', t.occurred_on, 'place', t.place, 'host', t.host, 'mediators', t.mediators, 'facilitators', t.facilitators, 'parties', t.parties, 'negotiation_id', t.negotiation_id, 'stage', t.stage, 'kind', t.kind, 'summary', t.summary, 'released_count', t.released_count, 'releases', coalesce((SELECT json_agg(json_build_object('id', c.id, 'person_id', c.person_id, 'detention_id', c.detention_id, 'released_by', c.released_by, 'released_to', c.released_to, 'category', c.category, 'remains', c.remains, 'destination', c.destination) ORDER BY c.position) FROM swap_releases c WHERE c.swap_id = t.id), '[]'::json), 'groups', coalesce((SELECT json_agg(json_build_object('id', c.id, 'released_by', c.released_by, 'released_to', c.released_to, 'count', c.count, 'approximate', c.approximate, 'category', c.category, 'description', c.description, 'destination', c.destination) ORDER BY c.position) FROM swap_groups c WHERE c.swap_id = t.id), '[]'::json), 'terms', coalesce((SELECT json_agg(json_build_object('id', c.id, 'kind', c.kind, 'by', c.by, 'description', c.description, 'amount', c.amount, 'currency', c.currency) ORDER BY c.position) FROM swap_terms c WHERE c.swap_id = t.id), '[]'::json), 'derived', t.derived, 'sides', t.sides, 'statements', coalesce((SELECT json_agg(x.id ORDER BY x.id) FROM statements x WHERE x.swap_id = t.id AND x.deleted_at IS NULL), '[]'::json), 'citations', coalesce((SELECT json_agg(json_build_object('id', ci.id, 'source', json_build_object('id', e0.id, 'url', e0.url, 'title', e0.title, 'outlet', e0.outlet, 'published_on', e0.published_on), 'field', ci.field, 'quote', ci.quote, 'attributed_to', ci.attributed_to, 'confidence', ci.confidence, 'anchor', ci.anchor, 'value', ci.value, 'rank', ci.rank) ORDER BY ci.id) FROM citations ci JOIN sources e0 ON e0.id = ci.source_id WHERE ((ci.subject_type = 'swap' AND ci.subject_id = t.id)) AND ci.deleted_at IS NULL), '[]'::json), 'conflicts', swaptrack_conflicts((SELECT json_agg(json_build_object('f', ci.field, 'id', ci.id, 'v', ci.value, 'p', ci.rank = 'preferred', 'x', CASE ci.field WHEN 'status' THEN json_build_object('k', 'v', 'r', to_json(t.status)) WHEN 'occurred_on' THEN json_build_object('k', 'd', 'r', to_json(t.occurred_on)) WHEN 'place' THEN json_build_object('k', 'v', 'r', to_json(t.place)) WHEN 'host' THEN json_build_object('k', 'v', 'r', to_json(t.host)) WHEN 'mediators' THEN json_build_object('k', 'l', 'r', to_json(t.mediators)) WHEN 'facilitators' THEN json_build_object('k', 'l', 'r', to_json(t.facilitators)) WHEN 'parties' THEN json_build_object('k', 'l', 'r', to_json(t.parties)) WHEN 'negotiation_id' THEN json_build_object('k', 'v', 'r', to_json(t.negotiation_id)) WHEN 'stage' THEN json_build_object('k', 'v', 'r', to_json(t.stage)) WHEN 'kind' THEN json_build_object('k', 'v', 'r', to_json(t.kind)) WHEN 'summary' THEN json_build_object('k', 'v', 'r', to_json(t.summary)) WHEN 'released_count' THEN json_build_object('k', 'v', 'r', to_json(t.released_count)) ELSE CASE split_part(ci.field, '[', 1) WHEN 'releases' THEN (SELECT CASE split_part(ci.field, '].', 2) WHEN 'person_id' THEN json_build_object('k', 'v', 'r', to_json(c.person_id)) WHEN 'detention_id' THEN json_build_object('k', 'v', 'r', to_json(c.detention_id)) WHEN 'released_by' THEN json_build_object('k', 'v', 'r', to_json(c.released_by)) WHEN 'released_to' THEN json_build_object('k', 'v', 'r', to_json(c.released_to)) WHEN 'category' THEN json_build_object('k', 'v', 'r', to_json(c.category)) WHEN 'remains' THEN json_build_object('k', 'v', 'r', to_json(c.remains)) WHEN 'destination' THEN json_build_object('k', 'v', 'r', to_json(c.destination)) END FROM swap_releases c WHERE c.id = ci.child_id) WHEN 'groups' THEN (SELECT CASE split_part(ci.field, '].', 2) WHEN 'released_by' THEN json_build_object('k', 'v', 'r', to_json(c.released_by)) WHEN 'released_to' THEN json_build_object('k', 'v', 'r', to_json(c.released_to)) WHEN 'count' THEN json_build_object('k', 'v', 'r', to_json(c.count)) WHEN 'approximate' THEN json_build_object('k', 'v', 'r', to_json(c.approximate)) WHEN 'category' THEN json_build_object('k', 'v', 'r', to_json(c.category)) WHEN 'description' THEN json_build_object('k', 'v', 'r', to_json(c.description)) WHEN 'destination' THEN json_build_object('k', 'v', 'r', to_json(c.destination)) END FROM swap_groups c WHERE c.id = ci.child_id) WHEN 'terms' THEN (SELECT CASE split_part(ci.field, '].', 2) WHEN 'kind' THEN json_build_object('k', 'v', 'r', to_json(c.kind)) WHEN 'by' THEN json_build_object('k', 'v', 'r', to_json(c.by)) WHEN 'description' THEN json_build_object('k', 'v', 'r', to_json(c.description)) WHEN 'amount' THEN json_build_object('k', 'v', 'r', to_json(c.amount)) WHEN 'currency' THEN json_build_object('k', 'v', 'r', to_json(c.currency)) END FROM swap_terms c WHERE c.id = ci.child_id) END END) ORDER BY ci.id) FROM citations ci WHERE ci.subject_type = 'swap' AND ci.subject_id = t.id AND ci.deleted_at IS NULL AND ci.field IS NOT NULL AND ci.rank <> 'deprecated')), 'version', t.version, 'created_at', swaptrack_utc(t.created_at), 'updated_at', swaptrack_utc(t.updated_at)))::text FROM unnest(ids) AS u(id) WHERE t.id = u.id AND t.deleted_at IS NULL
$$;

CREATE FUNCTION public.swaptrack_fold(s text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
    SELECT replace(replace(replace(
        lower(unaccent('unaccent'::regdictionary, swaptrack_translit(s))),
        'iy', 'i'), 'ey', 'ei'), 'ks', 'x')
$$;

CREATE FUNCTION public.swaptrack_highlights(content text, lexemes text[]) RETURNS TABLE(start integer, "end" integer)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT (t.at - length(t.token))::int, t.at::int
      FROM (SELECT p.tokid, p.token,
                   sum(length(p.token)) OVER (ORDER BY p.ord) AS at
              FROM ts_parse('default', content) WITH ORDINALITY AS p(tokid, token, ord)
             WHERE p.tokid NOT IN (5, 15, 16, 17)) t
     WHERE t.tokid IN (1, 2, 3, 9, 10, 11)
       AND ts_lexize('english_stem', lower(t.token)) && lexemes
     ORDER BY 1
$$;

CREATE FUNCTION public.swaptrack_history(of_collection text, of_record bigint, OUT items json, OUT n bigint) RETURNS record
    LANGUAGE plpgsql STABLE
    AS $$
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

CREATE FUNCTION public.swaptrack_idempotency_find(who text, k text) RETURNS TABLE(request text, status integer, location text, body text)
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    RETURN QUERY SELECT i.request, i.status, i.location, i.body FROM idempotency_keys i
                  WHERE i.actor = who AND i.key = k AND i.expires_at > now();
END
$$;

CREATE FUNCTION public.swaptrack_idempotency_store(who text, k text, req text, st integer, loc text, answer text, hours integer) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
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

CREATE FUNCTION public.swaptrack_import_plan(tables regclass[], derived regclass[]) RETURNS TABLE(step integer, drop_sql text, build_sql text)
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    RETURN QUERY
    SELECT 1, format('DROP INDEX %s', x.indexrelid::regclass), pg_get_indexdef(x.indexrelid)
      FROM pg_index x WHERE x.indrelid = ANY (tables) AND NOT x.indisprimary
       AND (NOT x.indisunique OR x.indexprs IS NOT NULL)
    UNION ALL
    SELECT 2, format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
           format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
                  pg_get_constraintdef(c.oid))
      FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid = ANY (tables)
    UNION ALL
    SELECT 3, format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
           format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
                  pg_get_constraintdef(c.oid))
      FROM pg_constraint c WHERE c.contype = 'p' AND c.conrelid = ANY (derived)
     ORDER BY 1, 2;
END
$$;

CREATE FUNCTION public.swaptrack_negotiation_progress(n bigint) RETURNS json
    LANGUAGE sql STABLE
    AS $$
    WITH moved AS (
        SELECT s.id AS swap_id, s.stage, s.occurred_on_first, f.released_by, f.released_to,
               f.category, f.dead AS remains, f.n AS people
          FROM swaps s CROSS JOIN LATERAL swaptrack_swap_flows(s.id) f
         -- qualified: a flow has a column n too
         WHERE s.negotiation_id = swaptrack_negotiation_progress.n AND s.deleted_at IS NULL
           AND s.status = 'completed'
    ), per AS (
        SELECT c.id, c.position, c.count,
               coalesce(sum(m.people), 0)::bigint AS delivered,
               coalesce(json_agg(DISTINCT m.swap_id) FILTER (WHERE m.people > 0), '[]') AS ids
          FROM negotiation_commitments c
          LEFT JOIN moved m
            ON (c.released_by IS NULL OR m.released_by IS NULL OR m.released_by = c.released_by)
           AND (c.released_to IS NULL OR m.released_to IS NULL OR m.released_to = c.released_to)
           AND CASE WHEN c.category = 'remains' THEN m.remains
                    WHEN c.category IS NOT NULL THEN m.category = c.category AND NOT m.remains
                    ELSE NOT m.remains END
         WHERE c.negotiation_id = swaptrack_negotiation_progress.n
         GROUP BY c.id, c.position, c.count
    )
    SELECT coalesce(json_agg(json_build_object(
               'commitment', p.id, 'count', p.count, 'delivered', p.delivered,
               'remaining', CASE WHEN p.count IS NOT NULL THEN greatest(p.count - p.delivered, 0) END,
               'swaps', (SELECT coalesce(json_agg(s.id ORDER BY s.stage NULLS LAST,
                                                  s.occurred_on_first NULLS LAST, s.id), '[]')
                           FROM swaps s
                          WHERE s.id IN (SELECT value::text::bigint FROM json_array_elements(p.ids))))
               ORDER BY p.position), '[]')
      FROM per p
$$;

CREATE FUNCTION public.swaptrack_negotiation_progress_set(n bigint) RETURNS void
    LANGUAGE sql
    AS $$
    UPDATE negotiations t SET progress = swaptrack_negotiation_progress(n)
     WHERE t.id = n AND t.progress::text IS DISTINCT FROM swaptrack_negotiation_progress(n)::text
$$;

CREATE FUNCTION public.swaptrack_negotiations_progress_all() RETURNS TABLE(id bigint, field text, message text)
    LANGUAGE plpgsql
    AS $$
BEGIN
    UPDATE negotiations t SET progress = swaptrack_negotiation_progress(t.id);
END
$$;

CREATE FUNCTION public.swaptrack_party_candidates(names text[], lim integer) RETURNS TABLE(id bigint, name text, score numeric)
    LANGUAGE sql STABLE
    AS $$
    SELECT p.id, p.name, round(max(c.score)::numeric, 4)
      FROM (SELECT DISTINCT swaptrack_fold(n) AS f FROM unnest(names) AS n
             WHERE n IS NOT NULL AND n <> '') q
      CROSS JOIN parties p
      CROSS JOIN LATERAL unnest(ARRAY[p.name, p.name_native] || p.aliases) AS x(n)
      CROSS JOIN LATERAL (SELECT swaptrack_fold(x.n) AS f) y
      CROSS JOIN LATERAL (SELECT 1 - levenshtein(left(q.f, 255), left(y.f, 255))::real
                                   / greatest(length(q.f), length(y.f), 1) AS score) c
     WHERE p.deleted_at IS NULL AND x.n IS NOT NULL AND x.n <> ''
     GROUP BY p.id, p.name
    HAVING max(c.score) >= 0.9
     ORDER BY 3 DESC, 1
     LIMIT lim
$$;

CREATE FUNCTION public.swaptrack_party_code_keep() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO party_codes (code, party_id) VALUES (NEW.code, NEW.id)
    ON CONFLICT (code) DO UPDATE SET party_id = EXCLUDED.party_id
     WHERE party_codes.party_id = EXCLUDED.party_id;
    IF NOT FOUND THEN
        RAISE unique_violation USING MESSAGE = 'party code ' || NEW.code || ' was another party''s',
              CONSTRAINT = 'party_codes_pkey';
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION public.swaptrack_person_candidates(names text[], lim integer) RETURNS TABLE(id bigint, name text, score numeric)
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    RETURN QUERY
    SELECT s.id, p.name, round(max(s.score)::numeric, 4)
      FROM unnest(names) AS q(n)
      CROSS JOIN LATERAL swaptrack_search_people(q.n, lim, false) s
      JOIN people p ON p.id = s.id AND p.deleted_at IS NULL
     WHERE q.n IS NOT NULL AND q.n <> '' AND s.score >= 0.9
     GROUP BY s.id, p.name
     ORDER BY 3 DESC, 1
     LIMIT lim;
END
$$;

CREATE FUNCTION public.swaptrack_person_names(name text, name_native text, aliases text[]) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT swaptrack_fold(concat_ws(' ', name, name_native, array_to_string(aliases, ' ')))
$$;

CREATE FUNCTION public.swaptrack_person_stem_candidates(query text, lim integer) RETURNS TABLE(id bigint, name text, score numeric)
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    stems text[];
BEGIN
    stems := ARRAY(SELECT swaptrack_fold(coalesce((ts_lexize('russian_stem', w))[1], w))
                     FROM regexp_split_to_table(lower(query), '\s+') AS w WHERE w <> '');
    IF cardinality(stems) < 2 OR cardinality(stems) > 4
       OR EXISTS (SELECT 1 FROM unnest(stems) AS s WHERE length(s) < 2) THEN
        RETURN;
    END IF;
    RETURN QUERY
    SELECT p.id, p.name, 0.9::numeric
      FROM swaptrack_search_people(array_to_string(stems, ' '), 10, false) AS c
      JOIN people p ON p.id = c.id AND p.deleted_at IS NULL
     WHERE NOT EXISTS (SELECT 1 FROM unnest(stems) AS s
                        WHERE NOT EXISTS (SELECT 1 FROM swaptrack_word_set(p.search_names) AS w
                                           WHERE left(w, length(s)) = s))
     ORDER BY c.score DESC, p.id
     LIMIT lim;
END
$$;

CREATE FUNCTION public.swaptrack_reanchor(ids bigint[], anchors json[]) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    UPDATE citations c SET anchor = u.a, version = c.version + 1, updated_at = now()
      FROM unnest(ids, anchors) AS u(id, a)
     WHERE c.id = u.id;
END
$$;

CREATE FUNCTION public.swaptrack_release_cells_rebuild() RETURNS TABLE(id bigint, field text, message text)
    LANGUAGE plpgsql
    AS $$
BEGIN
    -- DELETE, not TRUNCATE: an import may run as a role that may write the tables but not
    -- truncate them (tests/http/test_transfer.c, imports_without_owning_the_tables).
    DELETE FROM release_facet_totals;
    DELETE FROM swap_release_facets;
    DELETE FROM swap_release_cells;
    DELETE FROM release_totals;
    INSERT INTO swap_release_cells
    SELECT t.id, n.by_month, n.period, n.released_by, n.released_to, n.category, n.people,
           n.remains
      FROM swaps t CROSS JOIN LATERAL swaptrack_swap_cells(t.id) n
     WHERE t.deleted_at IS NULL AND t.status = 'completed';
    INSERT INTO release_totals
    SELECT c.by_month, c.released_by, c.released_to, c.category, c.period, sum(c.people),
           sum(c.remains), count(*)
      FROM swap_release_cells c GROUP BY 1, 2, 3, 4, 5;
    INSERT INTO swap_release_facets
    SELECT t.id, swaptrack_swap_facets(t.id)
      FROM swaps t
     WHERE EXISTS (SELECT 1 FROM swap_release_cells c WHERE c.swap_id = t.id);
    INSERT INTO release_facet_totals
    SELECT f.facet, c.released_by, c.released_to, c.category, c.period, sum(c.people),
           sum(c.remains), count(*)
      FROM swap_release_cells c
      JOIN swap_release_facets o ON o.swap_id = c.swap_id
     CROSS JOIN LATERAL unnest(o.facets) f (facet)
     WHERE c.by_month
     GROUP BY 1, 2, 3, 4, 5;
    UPDATE swaps t SET categories = k.k
      FROM (SELECT u.id, swaptrack_swap_categories(u.id) AS k FROM swaps u) k
     WHERE t.id = k.id AND t.categories IS DISTINCT FROM k.k;
END
$$;

CREATE FUNCTION public.swaptrack_release_cells_refresh(s bigint) RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
    -- Each computed once, in key order, so that a write that moves nothing (a summary, a
    -- citation) is seen as such: 1.1-1.5 ms a swap at the bench's scale, where computing
    -- them again for each statement and rewriting them took 6.3-7.0 ms.
    new_cells swap_release_cells[] := ARRAY(
        SELECT ROW(s, n.by_month, n.period, n.released_by, n.released_to, n.category,
                   n.people, n.remains)::swap_release_cells
          FROM swaptrack_swap_cells(s) n
         ORDER BY n.by_month, n.released_by, n.released_to, n.category);
    old_cells swap_release_cells[] := ARRAY(
        SELECT c FROM swap_release_cells c WHERE c.swap_id = s
         ORDER BY c.by_month, c.released_by, c.released_to, c.category);
    new_facets text[] := CASE WHEN cardinality(new_cells) > 0
                              THEN swaptrack_swap_facets(s) END;
    old_facets text[] := (SELECT o.facets FROM swap_release_facets o WHERE o.swap_id = s);
BEGIN
    IF new_cells = old_cells AND new_facets IS NOT DISTINCT FROM old_facets THEN
        NULL;
    ELSE
        INSERT INTO release_totals AS t (by_month, released_by, released_to, category, period,
                                         people, remains, swaps)
        SELECT x.by_month, x.released_by, x.released_to, x.category, x.period,
               sum(x.people), sum(x.remains), sum(x.swaps)
          FROM (SELECT c.by_month, c.released_by, c.released_to, c.category, c.period,
                       -c.people AS people, -c.remains AS remains, -1 AS swaps
                  FROM unnest(old_cells) c
                UNION ALL
                SELECT n.by_month, n.released_by, n.released_to, n.category, n.period,
                       n.people, n.remains, 1
                  FROM unnest(new_cells) n) x
         GROUP BY 1, 2, 3, 4, 5
        HAVING sum(x.people) <> 0 OR sum(x.remains) <> 0 OR sum(x.swaps) <> 0
         ORDER BY 1, 2, 3, 4, 5
            ON CONFLICT (by_month, released_by, released_to, category, period) DO UPDATE
           SET people = t.people + EXCLUDED.people, remains = t.remains + EXCLUDED.remains,
               swaps = t.swaps + EXCLUDED.swaps;
        -- The same for each filter value: its monthly cells under the facets it had, and
        -- under those it has now.
        INSERT INTO release_facet_totals AS t (facet, released_by, released_to, category,
                                               period, people, remains, swaps)
        SELECT x.facet, x.released_by, x.released_to, x.category, x.period,
               sum(x.people), sum(x.remains), sum(x.swaps)
          FROM (SELECT f.facet, c.released_by, c.released_to, c.category, c.period,
                       -c.people AS people, -c.remains AS remains, -1 AS swaps
                  FROM unnest(old_cells) c CROSS JOIN unnest(old_facets) f (facet)
                 WHERE c.by_month
                UNION ALL
                SELECT f.facet, n.released_by, n.released_to, n.category, n.period,
                       n.people, n.remains, 1
                  FROM unnest(new_cells) n CROSS JOIN unnest(new_facets) f (facet)
                 WHERE n.by_month) x
         GROUP BY 1, 2, 3, 4, 5
        HAVING sum(x.people) <> 0 OR sum(x.remains) <> 0 OR sum(x.swaps) <> 0
         ORDER BY 1, 2, 3, 4, 5
            ON CONFLICT (facet, released_by, released_to, category, period) DO UPDATE
           SET people = t.people + EXCLUDED.people, remains = t.remains + EXCLUDED.remains,
               swaps = t.swaps + EXCLUDED.swaps;
        DELETE FROM swap_release_cells c WHERE c.swap_id = s;
        INSERT INTO swap_release_cells SELECT * FROM unnest(new_cells);
        DELETE FROM swap_release_facets o WHERE o.swap_id = s;
        INSERT INTO swap_release_facets SELECT s, new_facets WHERE new_facets IS NOT NULL;
    END IF;
    -- Only when they changed: the update recomputes the swap's read document.
    UPDATE swaps t SET categories = k.k
      FROM (SELECT swaptrack_swap_categories(s) AS k) k
     WHERE t.id = s AND t.categories IS DISTINCT FROM k.k;
END
$$;

CREATE FUNCTION public.swaptrack_release_mismatches() RETURNS TABLE(id bigint, field text, message text)
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    RETURN QUERY
    SELECT r.swap_id, 'releases[' || r.position || '].detention_id',
           'detention ' || d.id || ' is person ' || d.person_id || ', not person ' || r.person_id
      FROM swap_releases r JOIN detentions d ON d.id = r.detention_id
     WHERE d.person_id <> r.person_id;
END
$$;

CREATE FUNCTION public.swaptrack_search(query text, lim integer, kind text) RETURNS json
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    ts tsquery := websearch_to_tsquery('english', query);
    lexemes text[] := coalesce(tsvector_to_array(to_tsvector('english', query)), '{}');
    named bigint[] := '{}';
    ids bigint[];
    labels text[];
    scores real[];
    p record;
    spelling text;
    cyrillic text;
BEGIN
    -- The people search once: its results, and the people whose spellings sources may use.
    IF kind <> 'party' THEN
        SELECT array_agg(sp.id ORDER BY o), array_agg(sp.label ORDER BY o), array_agg(sp.score ORDER BY o)
          INTO ids, labels, scores
          FROM swaptrack_search_people(query, lim) WITH ORDINALITY AS sp(id, label, score, o);
    END IF;
    IF kind IN ('', 'source') THEN
        -- A name in one script finds sources that spell it in the other, whether or not a
        -- person record holds that spelling: the query's Cyrillic transliterated as people's
        -- names are folded ("Гершкович": gershkovich), and its Latin words of four letters or
        -- more spelled in Cyrillic with their case forms, since Russian declines names
        -- ("Gershkovich": гершкович, which also finds "Гершковича"). Transliteration of names,
        -- not translation of words: a word that is no name finds nothing more. The forms are
        -- words, not a prefix: a prefix's rows cannot be estimated, and the planner then read
        -- every source (tests/http/test_plans.c).
        IF query ~ '[Ѐ-ӿ]' THEN
            ts := ts || phraseto_tsquery('english', swaptrack_translit(query));
            lexemes := lexemes || coalesce(tsvector_to_array(
                to_tsvector('english', swaptrack_translit(query))), '{}');
        END IF;
        SELECT string_agg('(' || (SELECT string_agg(quote_literal(f), ' | ')
                                    FROM unnest(swaptrack_cyrillic_forms(w)) AS f) || ')', ' & ')
          INTO cyrillic
          FROM regexp_split_to_table(lower(query), '[^a-z]+') AS w
         WHERE length(w) >= 4;
        IF cyrillic IS NOT NULL THEN
            ts := ts || to_tsquery('simple', cyrillic);
        END IF;
        -- The people the query names well lend their spellings to the source query.
        FOR p IN SELECT pe.id, pe.name, pe.name_native, pe.aliases
                   FROM unnest(ids, scores) AS f(id, score) JOIN people pe ON pe.id = f.id
                  WHERE f.score >= 0.5 ORDER BY f.score DESC, f.id LIMIT 3 LOOP
            named := named || p.id;
            FOREACH spelling IN ARRAY array_remove(ARRAY[p.name, p.name_native] || p.aliases, NULL) LOOP
                ts := ts || phraseto_tsquery('english', spelling);
                lexemes := lexemes || coalesce(tsvector_to_array(to_tsvector('english', spelling)), '{}');
            END LOOP;
        END LOOP;
    END IF;
    RETURN (
        WITH hits AS (
            (SELECT 'person' AS type, f.id, f.label, f.score
               FROM unnest(ids, labels, scores) AS f(id, label, score) WHERE kind IN ('', 'person'))
            UNION ALL
            -- Parties (hundreds at most: each live one is compared) by their code, name, native
            -- name and aliases, folded as people's names are (case, accents, Cyrillic), so
            -- "Хамас" and "HAMAS" find Hamas: 1 for a whole name, else how much of the query
            -- one name holds (pg_trgm's word similarity), at least 0.6.
            (SELECT 'party', x.id, x.name, max(x.score)
               FROM (SELECT pa.id, pa.name,
                            CASE WHEN swaptrack_fold(n) = swaptrack_fold(query) THEN 1
                                 ELSE word_similarity(swaptrack_fold(query), swaptrack_fold(n)) END AS score
                       FROM parties pa
                      CROSS JOIN LATERAL unnest(ARRAY[pa.code, pa.name, pa.name_native] || pa.aliases) AS n
                      WHERE swaptrack_search.kind IN ('', 'party') AND pa.deleted_at IS NULL
                        AND n IS NOT NULL AND n <> '') x
              WHERE x.score >= 0.6
              GROUP BY x.id, x.name
              ORDER BY 4 DESC, x.id LIMIT lim)
            UNION ALL
            -- Each way of finding a source reads the rows it finds, and the two are joined by
            -- id only then: no source is read back by key from a list of ids, whose size the
            -- planner must guess (a guess of a few per cent, for the case forms above, made it
            -- read every source to join them).
            (SELECT 'source', x.id, x.label, max(x.score)
               FROM (SELECT m.id, coalesce(m.title, m.url) AS label,
                            greatest(ts_rank(m.search_text, ts, 32), 0.01) AS score
                       FROM sources m
                      WHERE kind IN ('', 'source') AND m.search_text @@ ts AND m.deleted_at IS NULL
                     UNION ALL
                     -- a source found only because it cites a person named: a low score
                     SELECT s.id, coalesce(s.title, s.url),
                            greatest(ts_rank(s.search_text, ts, 32), 0.01)
                       FROM sources s
                      WHERE kind IN ('', 'source') AND s.deleted_at IS NULL
                        AND s.id IN (SELECT c.source_id FROM citations c
                                      WHERE c.subject_type = 'person' AND c.subject_id = ANY (named)
                                        AND c.deleted_at IS NULL)) x
              GROUP BY x.id, x.label
              ORDER BY 4 DESC, x.id LIMIT lim)),
        top AS (SELECT * FROM hits ORDER BY score DESC, type, id LIMIT lim)
        SELECT coalesce(json_agg(CASE WHEN h.type = 'source'
                   THEN json_build_object('type', h.type, 'id', h.id, 'label', h.label,
                        'score', round(h.score::numeric, 4), 'snippet', sn.snippet,
                        'snippet_start', sn.snippet_start, 'highlights', sn.highlights)
                   ELSE json_build_object('type', h.type, 'id', h.id, 'label', h.label,
                        'score', round(h.score::numeric, 4)) END
               ORDER BY h.score DESC, h.type, h.id), '[]'::json)
          FROM top h
          LEFT JOIN sources s ON h.type = 'source' AND s.id = h.id
          LEFT JOIN LATERAL swaptrack_snippet(s.content, lexemes) sn ON h.type = 'source');
END
$$;

CREATE FUNCTION public.swaptrack_search_people(query text, lim integer, prune boolean DEFAULT true) RETURNS TABLE(id bigint, label text, score real)
    LANGUAGE plpgsql STABLE
    SET jit TO 'off'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $_$
DECLARE
    words text[];
    n int;
    combo record;
    found_ids bigint[] := '{}';
    found_scores real[] := '{}';
    worst real;
    sql text;
BEGIN
    SELECT array_agg(w ORDER BY first) INTO words
      FROM (SELECT w, min(o) AS first
              FROM unnest(swaptrack_words(swaptrack_fold(query))) WITH ORDINALITY AS u(w, o)
             GROUP BY w ORDER BY min(o) LIMIT 5) x;
    n := coalesce(cardinality(words), 0);
    IF n = 0 THEN
        RETURN;
    END IF;
    FOR combo IN
        WITH RECURSIVE
        cand AS MATERIALIZED (
            SELECT c.i, c.term, c.s
              FROM generate_subscripts(words, 1) AS g(i),
                   LATERAL (SELECT g.i AS i, st.term, swaptrack_term_score(words[g.i], st.term) AS s
                              FROM search_terms st
                             WHERE words[g.i] <% st.term
                             ORDER BY 3 DESC, st.term LIMIT 3) c),
        -- A word's candidates well below its best are noise ("41" for "412"): dropped, for
        -- search (prune). Not for the duplicate guard, which must see every person its
        -- threshold reaches, a near spelling beside an exact one included.
        kept AS MATERIALIZED (
            SELECT cand.* FROM cand
             WHERE NOT prune OR cand.s >= (SELECT max(b.s) FROM cand b WHERE b.i = cand.i) - 0.15),
        combos(i, terms, total, matched) AS (
            SELECT 0, '{}'::text[], 0::real, 0
            UNION ALL
            SELECT combos.i + 1,
                   combos.terms || CASE WHEN x.term IS NULL THEN '{}' ELSE ARRAY[x.term] END,
                   combos.total + coalesce(x.s, 0), combos.matched + (x.term IS NOT NULL)::int
              FROM combos,
                   LATERAL (SELECT kept.term, kept.s FROM kept WHERE kept.i = combos.i + 1
                            UNION ALL SELECT NULL, NULL) x
             WHERE combos.i < n)
        SELECT combos.terms, (combos.total / n)::real AS score
          FROM combos
         WHERE combos.i = n AND combos.matched * 2 >= n AND combos.matched > 0
         ORDER BY combos.total DESC, combos.terms
    LOOP
        worst := CASE WHEN cardinality(found_ids) >= lim
                      THEN (SELECT s FROM unnest(found_scores) s ORDER BY s DESC LIMIT 1 OFFSET lim - 1)
                 END;
        EXIT WHEN worst IS NOT NULL AND combo.score < worst;
        -- One join of person_terms per word of the combination: two common words merge their
        -- id-ordered runs and stop after `lim` (0.4 ms where a lookup per row took 4 ms). One
        -- and two words, nearly every query, are written out so that their plans are kept;
        -- more are planned for their words each time (EXECUTE; the text is made only from the
        -- loop counter, the words are parameters).
        IF cardinality(combo.terms) = 1 THEN
            found_ids := found_ids || ARRAY(
                SELECT t1.person_id FROM person_terms t1
                  JOIN LATERAL (SELECT 1 FROM people p WHERE p.id = t1.person_id AND p.deleted_at IS NULL OFFSET 0) p ON true
                 WHERE t1.term = combo.terms[1] AND t1.person_id <> ALL (found_ids)
                 ORDER BY t1.person_id LIMIT lim);
        ELSIF cardinality(combo.terms) = 2 THEN
            found_ids := found_ids || ARRAY(
                SELECT t1.person_id FROM person_terms t1
                  JOIN person_terms t2 ON t2.person_id = t1.person_id AND t2.term = combo.terms[2]
                  JOIN LATERAL (SELECT 1 FROM people p WHERE p.id = t1.person_id AND p.deleted_at IS NULL OFFSET 0) p ON true
                 WHERE t1.term = combo.terms[1] AND t1.person_id <> ALL (found_ids)
                 ORDER BY t1.person_id LIMIT lim);
        ELSE
            sql := 'SELECT t1.person_id FROM person_terms t1';
            FOR k IN 2 .. cardinality(combo.terms) LOOP
                sql := sql || format(' JOIN person_terms t%s ON t%s.person_id = t1.person_id'
                                     ' AND t%s.term = $1[%s]', k, k, k, k);
            END LOOP;
            sql := sql || ' JOIN LATERAL (SELECT 1 FROM people p WHERE p.id = t1.person_id'
                       || ' AND p.deleted_at IS NULL OFFSET 0) p ON true'
                       || ' WHERE t1.term = $1[1] AND t1.person_id <> ALL ($2)'
                       || ' ORDER BY t1.person_id LIMIT $3';
            EXECUTE 'SELECT $2 || ARRAY(' || sql || ')' INTO found_ids
                USING combo.terms, found_ids, lim;
        END IF;
        found_scores := found_scores
            || array_fill(combo.score, ARRAY[cardinality(found_ids) - cardinality(found_scores)]);
    END LOOP;
    RETURN QUERY
        SELECT p.id, p.name, f.s
          FROM unnest(found_ids, found_scores) AS f(pid, s) JOIN people p ON p.id = f.pid
         ORDER BY f.s DESC, p.id
         LIMIT lim;
END
$_$;

CREATE FUNCTION public.swaptrack_side_valid(side text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
            SELECT side = ANY ('{AD,AE,AF,AG,AI,AL,AM,AO,AQ,AR,AS,AT,AU,AW,AX,AZ,BA,BB,BD,BE,BF,BG,BH,BI,BJ,BL,BM,BN,BO,BQ,BR,BS,BT,BV,BW,BY,BZ,CA,CC,CD,CF,CG,CH,CI,CK,CL,CM,CN,CO,CR,CS,CU,CV,CW,CX,CY,CZ,DD,DE,DJ,DK,DM,DO,DZ,EC,EE,EG,EH,ER,ES,ET,FI,FJ,FK,FM,FO,FR,GA,GB,GD,GE,GF,GG,GH,GI,GL,GM,GN,GP,GQ,GR,GS,GT,GU,GW,GY,HK,HM,HN,HR,HT,HU,ID,IE,IL,IM,IN,IO,IQ,IR,IS,IT,JE,JM,JO,JP,KE,KG,KH,KI,KM,KN,KP,KR,KW,KY,KZ,LA,LB,LC,LI,LK,LR,LS,LT,LU,LV,LY,MA,MC,MD,ME,MF,MG,MH,MK,ML,MM,MN,MO,MP,MQ,MR,MS,MT,MU,MV,MW,MX,MY,MZ,NA,NC,NE,NF,NG,NI,NL,NO,NP,NR,NU,NZ,OM,PA,PE,PF,PG,PH,PK,PL,PM,PN,PR,PS,PT,PW,PY,QA,RE,RO,RS,RU,RW,SA,SB,SC,SD,SE,SG,SH,SI,SJ,SK,SL,SM,SN,SO,SR,SS,ST,SU,SV,SX,SY,SZ,TC,TD,TF,TG,TH,TJ,TK,TL,TM,TN,TO,TR,TT,TV,TW,TZ,UA,UG,UM,US,UY,UZ,VA,VC,VE,VG,VI,VN,VU,WF,WS,XK,YE,YT,YU,ZA,ZM,ZW}'::text[])
                OR (side ~ '^[a-z][a-z0-9-]{1,39}$' AND NOT upper(side) = ANY ('{AD,AE,AF,AG,AI,AL,AM,AO,AQ,AR,AS,AT,AU,AW,AX,AZ,BA,BB,BD,BE,BF,BG,BH,BI,BJ,BL,BM,BN,BO,BQ,BR,BS,BT,BV,BW,BY,BZ,CA,CC,CD,CF,CG,CH,CI,CK,CL,CM,CN,CO,CR,CS,CU,CV,CW,CX,CY,CZ,DD,DE,DJ,DK,DM,DO,DZ,EC,EE,EG,EH,ER,ES,ET,FI,FJ,FK,FM,FO,FR,GA,GB,GD,GE,GF,GG,GH,GI,GL,GM,GN,GP,GQ,GR,GS,GT,GU,GW,GY,HK,HM,HN,HR,HT,HU,ID,IE,IL,IM,IN,IO,IQ,IR,IS,IT,JE,JM,JO,JP,KE,KG,KH,KI,KM,KN,KP,KR,KW,KY,KZ,LA,LB,LC,LI,LK,LR,LS,LT,LU,LV,LY,MA,MC,MD,ME,MF,MG,MH,MK,ML,MM,MN,MO,MP,MQ,MR,MS,MT,MU,MV,MW,MX,MY,MZ,NA,NC,NE,NF,NG,NI,NL,NO,NP,NR,NU,NZ,OM,PA,PE,PF,PG,PH,PK,PL,PM,PN,PR,PS,PT,PW,PY,QA,RE,RO,RS,RU,RW,SA,SB,SC,SD,SE,SG,SH,SI,SJ,SK,SL,SM,SN,SO,SR,SS,ST,SU,SV,SX,SY,SZ,TC,TD,TF,TG,TH,TJ,TK,TL,TM,TN,TO,TR,TT,TV,TW,TZ,UA,UG,UM,US,UY,UZ,VA,VC,VE,VG,VI,VN,VU,WF,WS,XK,YE,YT,YU,ZA,ZM,ZW}'::text[]))
        $_$;

CREATE FUNCTION public.swaptrack_sides_valid(sides text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
            SELECT sides <@ '{AD,AE,AF,AG,AI,AL,AM,AO,AQ,AR,AS,AT,AU,AW,AX,AZ,BA,BB,BD,BE,BF,BG,BH,BI,BJ,BL,BM,BN,BO,BQ,BR,BS,BT,BV,BW,BY,BZ,CA,CC,CD,CF,CG,CH,CI,CK,CL,CM,CN,CO,CR,CS,CU,CV,CW,CX,CY,CZ,DD,DE,DJ,DK,DM,DO,DZ,EC,EE,EG,EH,ER,ES,ET,FI,FJ,FK,FM,FO,FR,GA,GB,GD,GE,GF,GG,GH,GI,GL,GM,GN,GP,GQ,GR,GS,GT,GU,GW,GY,HK,HM,HN,HR,HT,HU,ID,IE,IL,IM,IN,IO,IQ,IR,IS,IT,JE,JM,JO,JP,KE,KG,KH,KI,KM,KN,KP,KR,KW,KY,KZ,LA,LB,LC,LI,LK,LR,LS,LT,LU,LV,LY,MA,MC,MD,ME,MF,MG,MH,MK,ML,MM,MN,MO,MP,MQ,MR,MS,MT,MU,MV,MW,MX,MY,MZ,NA,NC,NE,NF,NG,NI,NL,NO,NP,NR,NU,NZ,OM,PA,PE,PF,PG,PH,PK,PL,PM,PN,PR,PS,PT,PW,PY,QA,RE,RO,RS,RU,RW,SA,SB,SC,SD,SE,SG,SH,SI,SJ,SK,SL,SM,SN,SO,SR,SS,ST,SU,SV,SX,SY,SZ,TC,TD,TF,TG,TH,TJ,TK,TL,TM,TN,TO,TR,TT,TV,TW,TZ,UA,UG,UM,US,UY,UZ,VA,VC,VE,VG,VI,VN,VU,WF,WS,XK,YE,YT,YU,ZA,ZM,ZW}'::text[]
                OR (array_position(sides, NULL) IS NULL
                    AND (SELECT bool_and(swaptrack_side_valid(s)) FROM unnest(sides) AS s))
        $$;

CREATE FUNCTION public.swaptrack_snippet(content text, lexemes text[], OUT snippet text, OUT snippet_start integer, OUT highlights json) RETURNS record
    LANGUAGE plpgsql IMMUTABLE
    AS $$
DECLARE
    first_start int;
    first_end int;
    a int;
    b int;
    n int := length(coalesce(content, ''));
BEGIN
    IF content IS NULL THEN
        snippet := NULL;
        snippet_start := NULL;
        highlights := '[]';
        RETURN;
    END IF;
    SELECT coalesce(json_agg(json_build_object('start', h.start, 'end', h."end") ORDER BY h.start), '[]'),
           min(h.start), min(h."end")
      INTO highlights, first_start, first_end
      FROM swaptrack_highlights(content, lexemes) h;
    a := greatest(coalesce(first_start, 0) - 80, 0);
    b := least(coalesce(first_end, 0) + 120, n);
    IF a > 0 THEN
        -- forward to the next word's start (within the 80 code points before the match)
        a := a + coalesce(nullif(position(' ' IN substr(content, a + 1, coalesce(first_start, 0) - a)), 0), 0);
    END IF;
    IF b < n THEN
        -- back to the end of the last whole word
        b := b - coalesce(nullif(position(' ' IN reverse(substr(content, coalesce(first_end, 0) + 1,
                                                                    b - coalesce(first_end, 0)))), 0), 0);
    END IF;
    snippet := substr(content, a + 1, b - a);
    snippet_start := a;
END
$$;

CREATE FUNCTION public.swaptrack_source_content(source bigint) RETURNS TABLE(content text)
    LANGUAGE plpgsql
    AS $$
BEGIN
    RETURN QUERY SELECT s.content FROM sources s
                  WHERE s.id = source AND s.deleted_at IS NULL FOR SHARE;
END
$$;

CREATE FUNCTION public.swaptrack_source_quotes(source bigint) RETURNS TABLE(id bigint, quote text, anchor json)
    LANGUAGE plpgsql
    AS $$
BEGIN
    RETURN QUERY SELECT c.id, c.quote, c.anchor FROM citations c
                  WHERE c.source_id = source AND c.quote IS NOT NULL AND c.deleted_at IS NULL
                  ORDER BY c.id FOR UPDATE;
END
$$;

CREATE FUNCTION public.swaptrack_source_vector(title text, outlet text, content text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(outlet, '')), 'B')
        || setweight(to_tsvector('english', coalesce(content, '')), 'C')
$$;

CREATE FUNCTION public.swaptrack_stats(collections text[], tables text[], statuses text[]) RETURNS json
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    records json := '{}';
    n bigint;
    names text[] := '{}';
    counts bigint[] := '{}';
BEGIN
    FOR i IN 1 .. coalesce(array_length(collections, 1), 0) LOOP
        EXECUTE format('SELECT count(*) FROM %I WHERE deleted_at IS NULL', tables[i]) INTO n;
        names := names || collections[i];
        counts := counts || n;
    END LOOP;
    SELECT json_object_agg(c, k ORDER BY o) INTO records
      FROM unnest(names, counts) WITH ORDINALITY AS u(c, k, o);
    RETURN json_build_object(
        'records', coalesce(records, '{}'::json),
        'detentions_by_status', (
            SELECT json_object_agg(s.status, (SELECT count(*) FROM detentions d
                                               WHERE d.deleted_at IS NULL AND d.status = s.status)
                                   ORDER BY s.o)
              FROM unnest(statuses) WITH ORDINALITY AS s(status, o)),
        'held_by_country', (
            -- A side: a state (its name from countries, or a former state's), or a party.
            SELECT coalesce(json_agg(json_build_object('country', h.country,
                   'name', coalesce(c.name, f.name, p.name, h.country),
                   'people', h.n) ORDER BY h.n DESC, h.country), '[]'::json)
              FROM (SELECT country, count(DISTINCT person_id) AS n FROM detentions
                     WHERE deleted_at IS NULL AND status = 'held' GROUP BY country) h
              LEFT JOIN countries c ON c.code = h.country
              LEFT JOIN (VALUES ('CS', 'Serbia and Montenegro'), ('DD', 'East Germany'),
                                ('SU', 'Soviet Union'), ('XK', 'Kosovo'), ('YU', 'Yugoslavia'))
                        AS f (code, name) ON f.code = h.country
              LEFT JOIN parties p ON p.code = h.country AND p.deleted_at IS NULL),
        'per_year', (
            -- Completed swaps, and the people they freed as their released_count says (counted
            -- people included: 230 for 248 is 478, not two release rows), plus the people whose
            -- detention was released that year without a swap (status released).
            SELECT coalesce(json_agg(json_build_object('year', y.year, 'swaps', y.swaps,
                   'people_released', y.released) ORDER BY y.year), '[]'::json)
              FROM (SELECT coalesce(s.year, r.year) AS year, coalesce(s.n, 0) AS swaps,
                           coalesce(s.people, 0) + coalesce(r.n, 0) AS released
                      FROM (SELECT extract(year FROM occurred_on_first)::int AS year,
                                   count(*) AS n, sum(coalesce(released_count, 0)) AS people
                              FROM swaps WHERE deleted_at IS NULL
                               AND status = 'completed' GROUP BY 1) s
                      FULL JOIN (
                           SELECT extract(year FROM released_on_first)::int AS year,
                                  count(DISTINCT person_id) AS n
                             FROM detentions
                            WHERE deleted_at IS NULL AND released_on IS NOT NULL
                              AND status = 'released'
                            GROUP BY 1) r
                        ON r.year = s.year) y));
END
$$;

CREATE FUNCTION public.swaptrack_swap_categories(s bigint) RETURNS text[]
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(array_agg(DISTINCT x.k ORDER BY x.k), '{}')
      FROM (SELECT g.category AS k FROM swap_groups g WHERE g.swap_id = s
            UNION ALL
            SELECT r.category FROM swap_releases r WHERE r.swap_id = s
            UNION ALL
            SELECT 'remains' FROM swap_releases r
             WHERE r.swap_id = s AND r.remains) x
     WHERE x.k IS NOT NULL
$$;

CREATE FUNCTION public.swaptrack_swap_cells(s bigint) RETURNS TABLE(by_month boolean, period text, released_by text, released_to text, category text, people integer, remains integer)
    LANGUAGE sql STABLE
    AS $$
    WITH sw AS (
        SELECT t.id, t.occurred_on_first AS d, t.occurred_on_precision AS prec, t.released_count
          FROM swaps t
         WHERE t.id = s AND t.deleted_at IS NULL AND t.status = 'completed'
           AND t.occurred_on_first IS NOT NULL
    ), f AS (
        SELECT x.released_by, coalesce(x.released_to, '') AS released_to, x.category, x.dead, x.n
          FROM sw CROSS JOIN LATERAL swaptrack_swap_flows(sw.id) x
    ), keyed AS (
        SELECT b.k AS released_by, t.k AS released_to, c.k AS category, f.dead, f.n
          FROM f
         CROSS JOIN LATERAL (VALUES (f.released_by), ('*')) b (k)
         CROSS JOIN LATERAL (VALUES (f.released_to), ('*')) t (k)
         CROSS JOIN LATERAL (SELECT DISTINCT k FROM (VALUES (coalesce(f.category, '')), ('*'),
                                    (CASE WHEN f.dead THEN 'remains' END)) v (k)
                              WHERE k IS NOT NULL) c
    ), cells AS (
        SELECT k.released_by, k.released_to, k.category,
               sum(k.n) FILTER (WHERE NOT k.dead)::integer AS people,
               sum(k.n) FILTER (WHERE k.dead)::integer AS remains
          FROM keyed k GROUP BY 1, 2, 3
    )
    SELECT m.by_month,
           CASE WHEN m.by_month AND sw.prec <> 'year' THEN to_char(sw.d, 'YYYY-MM')
                ELSE to_char(sw.d, 'YYYY') END,
           c.released_by, c.released_to, c.category,
           CASE WHEN c.released_by = '*' AND c.released_to = '*' AND c.category = '*'
                THEN greatest(coalesce(sw.released_count, 0), coalesce(c.people, 0))
                ELSE coalesce(c.people, 0) END,
           coalesce(c.remains, 0)
      FROM sw CROSS JOIN cells c CROSS JOIN (VALUES (true), (false)) m (by_month)
$$;

CREATE FUNCTION public.swaptrack_swap_complete(swap bigint) RETURNS SETOF bigint
    LANGUAGE plpgsql
    AS $$
DECLARE
    s record;
    d record;
    v integer;
BEGIN
    SELECT occurred_on, occurred_on_first, occurred_on_last, occurred_on_precision INTO s
      FROM swaps WHERE id = swap;
    FOR d IN
        SELECT dt.*, n.remains
          FROM detentions dt
          JOIN (SELECT DISTINCT ON (r.detention_id) r.detention_id, r.remains
                  FROM swap_releases r WHERE r.swap_id = swap AND r.detention_id IS NOT NULL
                 ORDER BY r.detention_id, r.position) n ON n.detention_id = dt.id
         WHERE dt.status = 'held' AND dt.deleted_at IS NULL
         ORDER BY dt.id
           FOR UPDATE OF dt
    LOOP
        UPDATE detentions SET
               status = CASE WHEN d.remains THEN 'died' ELSE 'exchanged' END,
               released_on = coalesce(d.released_on, s.occurred_on),
               released_on_first = CASE WHEN d.released_on IS NULL THEN s.occurred_on_first ELSE d.released_on_first END,
               released_on_last = CASE WHEN d.released_on IS NULL THEN s.occurred_on_last ELSE d.released_on_last END,
               released_on_precision = CASE WHEN d.released_on IS NULL THEN s.occurred_on_precision
                                            ELSE d.released_on_precision END,
               version = version + 1, updated_at = now()
         WHERE id = d.id
        RETURNING version INTO v;
        INSERT INTO swap_effects VALUES (swap, d.id, d.status, d.released_on, d.released_on_first,
                                         d.released_on_last, d.released_on_precision, v)
        ON CONFLICT (swap_id, detention_id) DO UPDATE
           SET status_before = EXCLUDED.status_before, released_on = EXCLUDED.released_on,
               released_on_first = EXCLUDED.released_on_first,
               released_on_last = EXCLUDED.released_on_last,
               released_on_precision = EXCLUDED.released_on_precision,
               version_after = EXCLUDED.version_after;
        RETURN NEXT d.id;
    END LOOP;
END
$$;

CREATE FUNCTION public.swaptrack_swap_effects_guess() RETURNS TABLE(id bigint, field text, message text)
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO swap_effects
    SELECT DISTINCT ON (d.id) s.id, d.id, 'held',
           CASE WHEN d.released_on IS DISTINCT FROM s.occurred_on THEN d.released_on END,
           CASE WHEN d.released_on IS DISTINCT FROM s.occurred_on THEN d.released_on_first END,
           CASE WHEN d.released_on IS DISTINCT FROM s.occurred_on THEN d.released_on_last END,
           CASE WHEN d.released_on IS DISTINCT FROM s.occurred_on THEN d.released_on_precision END,
           d.version
      FROM swap_releases r
      JOIN swaps s ON s.id = r.swap_id AND s.deleted_at IS NULL AND s.status = 'completed'
      JOIN detentions d ON d.id = r.detention_id AND d.deleted_at IS NULL
     WHERE d.status = CASE WHEN r.remains THEN 'died' ELSE 'exchanged' END
     ORDER BY d.id, s.id
    ON CONFLICT DO NOTHING;
END
$$;

CREATE FUNCTION public.swaptrack_swap_facets(s bigint) RETURNS text[]
    LANGUAGE sql STABLE
    AS $$
    WITH t AS (
        SELECT u.status, u.kind, u.host, u.stage, u.negotiation_id, u.parties, u.mediators,
               u.facilitators
          FROM swaps u WHERE u.id = s
    ), moved AS (
        SELECT r.released_by AS side FROM swap_releases r WHERE r.swap_id = s
        UNION SELECT r.released_to FROM swap_releases r WHERE r.swap_id = s
        UNION SELECT g.released_by FROM swap_groups g WHERE g.swap_id = s
        UNION SELECT g.released_to FROM swap_groups g WHERE g.swap_id = s
    ), giving AS (
        SELECT m.by AS side FROM swap_terms m WHERE m.swap_id = s
    )
    SELECT coalesce(array_agg(DISTINCT f.f ORDER BY f.f), '{}')
      FROM (SELECT 'status:' || t.status FROM t
            UNION ALL SELECT 'kind:' || t.kind FROM t
            UNION ALL SELECT 'host:' || t.host FROM t
            UNION ALL SELECT 'stage:' || t.stage FROM t
            UNION ALL SELECT 'negotiation_id:' || t.negotiation_id FROM t
            UNION ALL SELECT 'party:' || x FROM t CROSS JOIN unnest(t.parties) x
            UNION ALL SELECT 'mediator:' || x FROM t CROSS JOIN unnest(t.mediators) x
            UNION ALL SELECT 'facilitator:' || x FROM t CROSS JOIN unnest(t.facilitators) x
            UNION ALL SELECT 'country:' || moved.side FROM moved
            UNION ALL
            SELECT 'involves:' || i.x
              FROM (SELECT t.host FROM t
                    UNION ALL SELECT unnest(t.parties) FROM t
                    UNION ALL SELECT unnest(t.mediators) FROM t
                    UNION ALL SELECT unnest(t.facilitators) FROM t
                    UNION ALL SELECT moved.side FROM moved
                    UNION ALL SELECT giving.side FROM giving) i (x)
            UNION ALL
            SELECT 'non_state:' || (EXISTS (SELECT 1 FROM t CROSS JOIN unnest(t.parties) x
                                             WHERE x ~ '^[a-z]')
                                    OR EXISTS (SELECT 1 FROM moved WHERE moved.side ~ '^[a-z]')
                                    OR EXISTS (SELECT 1 FROM giving WHERE giving.side ~ '^[a-z]'))::text
              FROM t) f (f)
     WHERE f.f IS NOT NULL
$$;

CREATE FUNCTION public.swaptrack_swap_flows(s bigint) RETURNS TABLE(released_by text, released_to text, category text, dead boolean, n integer)
    LANGUAGE sql STABLE
    AS $$
    SELECT g.released_by, g.released_to, g.category,
           g.category = 'remains', coalesce(g.count, 0)
      FROM swap_groups g WHERE g.swap_id = s
    UNION ALL
    SELECT r.released_by, r.released_to, r.category,
           r.remains OR r.category IS NOT DISTINCT FROM 'remains', 1
      FROM swap_releases r WHERE r.swap_id = s
$$;

CREATE FUNCTION public.swaptrack_swap_progress(s bigint) RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
    n bigint;
BEGIN
    FOR n IN
        SELECT negotiation_id FROM swaps WHERE swaps.id = s
        UNION
        SELECT (h.record ->> 'negotiation_id')::bigint
          FROM (SELECT record FROM history
                 WHERE collection = 'swaps' AND record_id = s
                 ORDER BY version DESC, history.id DESC LIMIT 1) h
    LOOP
        IF n IS NOT NULL THEN
            PERFORM swaptrack_negotiation_progress_set(n);
        END IF;
    END LOOP;
END
$$;

CREATE FUNCTION public.swaptrack_swap_uncomplete(swap bigint) RETURNS TABLE(id bigint, restored boolean)
    LANGUAGE plpgsql
    AS $$
DECLARE
    e record;
    changed bigint[] := '{}';
BEGIN
    FOR e IN
        SELECT f.detention_id, f.version_after, d.version
          FROM swap_effects f JOIN detentions d ON d.id = f.detention_id
         WHERE f.swap_id = swap ORDER BY f.detention_id FOR UPDATE OF d
    LOOP
        IF e.version <> e.version_after THEN
            changed := changed || e.detention_id;
        END IF;
    END LOOP;
    IF cardinality(changed) > 0 THEN
        RETURN QUERY SELECT u, false FROM unnest(changed) AS u;
        RETURN;
    END IF;
    RETURN QUERY
    WITH gone AS (DELETE FROM swap_effects f WHERE f.swap_id = swap RETURNING f.*)
    UPDATE detentions d SET status = g.status_before, released_on = g.released_on,
           released_on_first = g.released_on_first, released_on_last = g.released_on_last,
           released_on_precision = g.released_on_precision,
           version = d.version + 1, updated_at = now()
      FROM gone g WHERE d.id = g.detention_id
    RETURNING d.id, true;
END
$$;

CREATE FUNCTION public.swaptrack_swaps_releasing_as_other(detention bigint, person bigint) RETURNS SETOF bigint
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    RETURN QUERY SELECT DISTINCT r.swap_id FROM swap_releases r
                   JOIN swaps s ON s.id = r.swap_id AND s.deleted_at IS NULL
                  WHERE r.detention_id = detention AND r.person_id <> person
                  ORDER BY r.swap_id;
END
$$;

CREATE FUNCTION public.swaptrack_term_score(q text, t text) RETURNS real
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
    SELECT ((word_similarity(q, t)
             + 1 - levenshtein(q, t)::real / greatest(length(q), length(t), 1)) / 2)::real
$$;

CREATE FUNCTION public.swaptrack_timeline(person bigint) RETURNS TABLE(first date, ord integer, id bigint, date text, kind text, collection text, summary text, role text, cited_kind text, cited_id bigint, also_kind text, also_id bigint)
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    RETURN QUERY
    SELECT t.detained_on_first, 1, t.id, t.detained_on, 'detained', 'detentions',
           concat_ws(' ', 'Detained by', t.country, '(' || t.authority || ')', 'in ' || t.place),
           NULL::text, 'detention', t.id, NULL::text, NULL::bigint
      FROM detentions t
     WHERE t.person_id = person AND t.deleted_at IS NULL AND t.detained_on IS NOT NULL
    UNION ALL
    SELECT t.sentenced_on_first, 2, t.id, t.sentenced_on, 'sentenced', 'detentions',
           concat_ws(' ', 'Sentenced in', t.country, 'to ' || t.sentence),
           NULL, 'detention', t.id, NULL, NULL
      FROM detentions t
     WHERE t.person_id = person AND t.deleted_at IS NULL AND t.sentenced_on IS NOT NULL
    UNION ALL
    SELECT t.released_on_first, 5, t.id, t.released_on, 'released', 'detentions',
           concat_ws(' ', 'Released by', t.country, '(' || t.status || ')'),
           NULL, 'detention', t.id, CASE WHEN w.swap_id IS NOT NULL THEN 'swap' END, w.swap_id
      FROM detentions t
      LEFT JOIN LATERAL (
           SELECT r.swap_id FROM swap_releases r JOIN swaps s ON s.id = r.swap_id
            WHERE r.detention_id = t.id AND s.deleted_at IS NULL
              AND s.status = 'completed' AND s.occurred_on = t.released_on
            ORDER BY r.swap_id LIMIT 1) w ON true
     WHERE t.person_id = person AND t.deleted_at IS NULL AND t.released_on IS NOT NULL
    UNION ALL
    SELECT t.started_on_first, 3, t.id, t.started_on, 'negotiation', 'negotiations', t.title,
           c.role, 'negotiation', t.id, NULL, NULL
      FROM negotiations t JOIN negotiation_participants c ON c.negotiation_id = t.id
     WHERE c.person_id = person AND t.deleted_at IS NULL AND t.started_on IS NOT NULL
    UNION ALL
    -- An announced or cancelled swap is an item of its status, never a release (contract v1.2).
    SELECT t.occurred_on_first, 4, t.id, t.occurred_on,
           CASE WHEN t.status = 'completed' THEN 'swap' ELSE t.status END, 'swaps',
           concat_ws(' ', CASE WHEN t.status = 'completed' AND c.remains THEN 'Remains returned by'
                               WHEN t.status = 'completed' THEN 'Released by'
                               ELSE 'To be released by' END,
                     c.released_by, 'to ' || c.released_to,
                     CASE WHEN t.status = 'completed' THEN 'in a swap'
                          ELSE 'in a swap ' || t.status END,
                     'in ' || t.place),
           NULL, 'swap', t.id, NULL, NULL
      FROM swaps t JOIN swap_releases c ON c.swap_id = t.id
     WHERE c.person_id = person AND t.deleted_at IS NULL AND t.occurred_on IS NOT NULL
    UNION ALL
    SELECT t.said_on_first, 6, t.id, t.said_on, 'statement', 'statements',
           concat_ws(': ', 'To ' || t.audience, t.text),
           CASE WHEN t.speaker_id = person THEN 'speaker' ELSE 'subject' END,
           'statement', t.id, NULL, NULL
      FROM statements t
     WHERE (t.speaker_id = person OR t.person_id = person) AND t.deleted_at IS NULL
       AND t.said_on IS NOT NULL;
END
$$;

CREATE FUNCTION public.swaptrack_translit(s text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
    SELECT translate(
        replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
        replace(replace(replace(replace(lower(s),
            'щ', 'shch'), 'ж', 'zh'), 'х', 'kh'), 'ц', 'ts'), 'ч', 'ch'), 'ш', 'sh'),
            'ю', 'yu'), 'я', 'ya'), 'ё', 'yo'), 'є', 'ye'), 'ї', 'yi'), 'ъ', ''), 'ь', ''),
            'ў', 'u'),
        'абвгґдезийiклмнопрстуфыэі',
        'abvggdeziyiklmnoprstufyei')
$$;

CREATE FUNCTION public.swaptrack_utc(t timestamp with time zone) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;

CREATE FUNCTION public.swaptrack_word_closeness(query text, names text) RETURNS real
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
    SELECT coalesce(max(1 - levenshtein(left(query, 255), left(w, 255))::real
                        / greatest(length(query), length(w), 1)), 0)
    FROM regexp_split_to_table(names, ' ') AS w
    WHERE w <> ''
$$;

CREATE FUNCTION public.swaptrack_word_set(s text) RETURNS SETOF text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT left(w, 100) FROM regexp_split_to_table(s, '\s+') AS w WHERE w <> ''
$$;

CREATE FUNCTION public.swaptrack_words(s text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
BEGIN
    RETURN ARRAY(SELECT DISTINCT w FROM swaptrack_word_set(s) AS w);
END
$$;

CREATE TABLE public.api_keys (
    id bigint NOT NULL,
    name text NOT NULL,
    scope text NOT NULL,
    secret_hash text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT api_keys_name_check CHECK ((name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'::text)),
    CONSTRAINT api_keys_scope_check CHECK ((scope = ANY (ARRAY['read'::text, 'write'::text, 'admin'::text]))),
    CONSTRAINT api_keys_secret_hash_check CHECK ((secret_hash ~ '^[0-9a-f]{64}$'::text))
);

ALTER TABLE public.api_keys ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.api_keys_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.citations (
    id bigint NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    source_id bigint NOT NULL,
    subject_type text NOT NULL,
    subject_id bigint NOT NULL,
    field text,
    quote text,
    attributed_to text,
    confidence text DEFAULT 'reported'::text NOT NULL,
    anchor json,
    doc text,
    child_id bigint,
    value json,
    rank text DEFAULT 'normal'::text NOT NULL,
    CONSTRAINT citations_anchor_check CHECK (((anchor IS NULL) OR ((json_typeof(anchor) = 'object'::text) AND ((anchor -> 'start'::text) IS NOT NULL) AND ((anchor -> 'end'::text) IS NOT NULL)))),
    CONSTRAINT citations_confidence_check CHECK ((confidence = ANY (ARRAY['confirmed'::text, 'reported'::text, 'claimed'::text, 'disputed'::text]))),
    CONSTRAINT citations_rank_check CHECK ((rank = ANY (ARRAY['preferred'::text, 'normal'::text, 'deprecated'::text]))),
    CONSTRAINT citations_subject_id_check CHECK ((subject_id > 0)),
    CONSTRAINT citations_subject_type_check CHECK ((subject_type = ANY (ARRAY['person'::text, 'party'::text, 'detention'::text, 'negotiation'::text, 'swap'::text, 'statement'::text]))),
    CONSTRAINT citations_version_check CHECK ((version >= 1))
);

ALTER TABLE public.citations ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.citations_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.countries (
    code text NOT NULL,
    name text NOT NULL,
    CONSTRAINT countries_code_check CHECK ((code ~ '^[A-Z]{2}$'::text))
);

CREATE TABLE public.detentions (
    id bigint NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    person_id bigint NOT NULL,
    country text NOT NULL,
    authority text,
    detained_on text,
    detained_on_first date,
    detained_on_last date,
    detained_on_precision text,
    place text,
    charges text[] DEFAULT '{}'::text[] NOT NULL,
    sentence text,
    status text NOT NULL,
    released_on text,
    released_on_first date,
    released_on_last date,
    released_on_precision text,
    wrongfully_detained boolean,
    notes text,
    sentenced_on text,
    sentenced_on_first date,
    sentenced_on_last date,
    sentenced_on_precision text,
    doc text,
    CONSTRAINT detentions_check CHECK ((((detained_on IS NULL) = (detained_on_first IS NULL)) AND ((detained_on IS NULL) = (detained_on_last IS NULL)) AND ((detained_on IS NULL) = (detained_on_precision IS NULL)) AND (detained_on_first <= detained_on_last))),
    CONSTRAINT detentions_check1 CHECK ((((released_on IS NULL) = (released_on_first IS NULL)) AND ((released_on IS NULL) = (released_on_last IS NULL)) AND ((released_on IS NULL) = (released_on_precision IS NULL)) AND (released_on_first <= released_on_last))),
    CONSTRAINT detentions_check2 CHECK ((((sentenced_on IS NULL) = (sentenced_on_first IS NULL)) AND ((sentenced_on IS NULL) = (sentenced_on_last IS NULL)) AND ((sentenced_on IS NULL) = (sentenced_on_precision IS NULL)) AND (sentenced_on_first <= sentenced_on_last))),
    CONSTRAINT detentions_country_check CHECK (public.swaptrack_side_valid(country)),
    CONSTRAINT detentions_detained_on_precision_check CHECK ((detained_on_precision = ANY (ARRAY['year'::text, 'month'::text, 'day'::text]))),
    CONSTRAINT detentions_released_on_precision_check CHECK ((released_on_precision = ANY (ARRAY['year'::text, 'month'::text, 'day'::text]))),
    CONSTRAINT detentions_sentenced_on_precision_check CHECK ((sentenced_on_precision = ANY (ARRAY['year'::text, 'month'::text, 'day'::text]))),
    CONSTRAINT detentions_status_check CHECK ((status = ANY (ARRAY['held'::text, 'released'::text, 'exchanged'::text, 'died'::text, 'unknown'::text]))),
    CONSTRAINT detentions_version_check CHECK ((version >= 1))
);

ALTER TABLE public.detentions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.detentions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.history (
    id bigint NOT NULL,
    collection text NOT NULL,
    record_id bigint NOT NULL,
    version integer NOT NULL,
    action text NOT NULL,
    actor text NOT NULL,
    changed_at timestamp with time zone DEFAULT now() NOT NULL,
    record jsonb NOT NULL,
    merged_from bigint,
    merged_into bigint,
    CONSTRAINT history_action_check CHECK ((action = ANY (ARRAY['create'::text, 'update'::text, 'delete'::text, 'merge'::text]))),
    CONSTRAINT history_merge_ids CHECK (((action = 'merge'::text) = ((merged_from IS NOT NULL) AND (merged_into IS NOT NULL)))),
    CONSTRAINT history_version_check CHECK ((version >= 1))
);

ALTER TABLE public.history ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.history_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.idempotency_keys (
    actor text NOT NULL,
    key text NOT NULL,
    request text NOT NULL,
    status integer NOT NULL,
    location text,
    body text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL
);

CREATE TABLE public.merges (
    collection text NOT NULL,
    id bigint NOT NULL,
    into_id bigint NOT NULL,
    merged_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT merges_check CHECK ((id <> into_id))
);

CREATE SEQUENCE public.swaptrack_child_ids
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

CREATE TABLE public.negotiation_commitments (
    negotiation_id bigint NOT NULL,
    "position" integer NOT NULL,
    released_by text,
    released_to text,
    count integer,
    category text,
    description text,
    id bigint DEFAULT nextval('public.swaptrack_child_ids'::regclass) NOT NULL,
    CONSTRAINT negotiation_commitments_category_check CHECK ((category = ANY (ARRAY['prisoners_of_war'::text, 'civilians'::text, 'hostages'::text, 'political_prisoners'::text, 'detainees'::text, 'remains'::text, 'other'::text]))),
    CONSTRAINT negotiation_commitments_count_check CHECK ((count >= 1)),
    CONSTRAINT negotiation_commitments_released_by_check CHECK (public.swaptrack_side_valid(released_by)),
    CONSTRAINT negotiation_commitments_released_to_check CHECK (public.swaptrack_side_valid(released_to))
);

CREATE TABLE public.negotiation_participants (
    negotiation_id bigint NOT NULL,
    "position" integer NOT NULL,
    person_id bigint NOT NULL,
    role text,
    representing text,
    id bigint DEFAULT nextval('public.swaptrack_child_ids'::regclass) NOT NULL,
    CONSTRAINT negotiation_participants_representing_check CHECK (public.swaptrack_side_valid(representing))
);

CREATE TABLE public.negotiations (
    id bigint NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    title text NOT NULL,
    status text NOT NULL,
    parties text[] DEFAULT '{}'::text[] NOT NULL,
    mediators text[] DEFAULT '{}'::text[] NOT NULL,
    started_on text,
    started_on_first date,
    started_on_last date,
    started_on_precision text,
    ended_on text,
    ended_on_first date,
    ended_on_last date,
    ended_on_precision text,
    summary text,
    doc text,
    host text,
    place text,
    progress json,
    stages integer,
    CONSTRAINT negotiations_check CHECK ((((started_on IS NULL) = (started_on_first IS NULL)) AND ((started_on IS NULL) = (started_on_last IS NULL)) AND ((started_on IS NULL) = (started_on_precision IS NULL)) AND (started_on_first <= started_on_last))),
    CONSTRAINT negotiations_check1 CHECK ((((ended_on IS NULL) = (ended_on_first IS NULL)) AND ((ended_on IS NULL) = (ended_on_last IS NULL)) AND ((ended_on IS NULL) = (ended_on_precision IS NULL)) AND (ended_on_first <= ended_on_last))),
    CONSTRAINT negotiations_ended_on_precision_check CHECK ((ended_on_precision = ANY (ARRAY['year'::text, 'month'::text, 'day'::text]))),
    CONSTRAINT negotiations_mediators_check CHECK (public.swaptrack_sides_valid(mediators)),
    CONSTRAINT negotiations_parties_check CHECK (public.swaptrack_sides_valid(parties)),
    CONSTRAINT negotiations_stages_check CHECK ((stages >= 1)),
    CONSTRAINT negotiations_started_on_precision_check CHECK ((started_on_precision = ANY (ARRAY['year'::text, 'month'::text, 'day'::text]))),
    CONSTRAINT negotiations_status_check CHECK ((status = ANY (ARRAY['proposed'::text, 'active'::text, 'stalled'::text, 'agreed'::text, 'completed'::text, 'collapsed'::text]))),
    CONSTRAINT negotiations_title_check CHECK ((title <> ''::text)),
    CONSTRAINT negotiations_version_check CHECK ((version >= 1))
);

ALTER TABLE public.negotiations ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.negotiations_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.parties (
    id bigint NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    code text NOT NULL,
    name text NOT NULL,
    name_native text,
    aliases text[] DEFAULT '{}'::text[] NOT NULL,
    kind text NOT NULL,
    based_in text,
    description text,
    wikidata_id text,
    doc text,
    CONSTRAINT parties_kind_check CHECK ((kind = ANY (ARRAY['armed_group'::text, 'de_facto_authority'::text, 'international_organization'::text, 'organization'::text, 'other'::text]))),
    CONSTRAINT parties_name_check CHECK ((name <> ''::text)),
    CONSTRAINT parties_version_check CHECK ((version >= 1))
);

ALTER TABLE public.parties ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.parties_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.party_codes (
    code text NOT NULL,
    party_id bigint NOT NULL
);

CREATE TABLE public.people (
    id bigint NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    name text NOT NULL,
    name_native text,
    aliases text[] DEFAULT '{}'::text[] NOT NULL,
    citizenships text[] DEFAULT '{}'::text[] NOT NULL,
    born_on text,
    born_on_first date,
    born_on_last date,
    born_on_precision text,
    gender text,
    occupation text,
    description text,
    wikidata_id text,
    search_names text DEFAULT ''::text NOT NULL,
    doc text,
    CONSTRAINT people_born_on_precision_check CHECK ((born_on_precision = ANY (ARRAY['year'::text, 'month'::text, 'day'::text]))),
    CONSTRAINT people_check CHECK ((((born_on IS NULL) = (born_on_first IS NULL)) AND ((born_on IS NULL) = (born_on_last IS NULL)) AND ((born_on IS NULL) = (born_on_precision IS NULL)) AND (born_on_first <= born_on_last))),
    CONSTRAINT people_citizenships_check CHECK (public.countries_valid(citizenships)),
    CONSTRAINT people_name_check CHECK ((name <> ''::text)),
    CONSTRAINT people_version_check CHECK ((version >= 1)),
    CONSTRAINT people_wikidata_id_check CHECK ((wikidata_id ~ '^Q[1-9][0-9]*$'::text))
);

ALTER TABLE public.people ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.people_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.person_terms (
    term text NOT NULL,
    person_id bigint NOT NULL
);

CREATE TABLE public.release_facet_totals (
    facet text NOT NULL,
    released_by text NOT NULL,
    released_to text NOT NULL,
    category text NOT NULL,
    period text NOT NULL,
    people bigint NOT NULL,
    remains bigint NOT NULL,
    swaps bigint NOT NULL
);

CREATE TABLE public.release_totals (
    by_month boolean NOT NULL,
    released_by text NOT NULL,
    released_to text NOT NULL,
    category text NOT NULL,
    period text NOT NULL,
    people bigint NOT NULL,
    remains bigint NOT NULL,
    swaps bigint NOT NULL
);

CREATE TABLE public.schema_migrations (
    version text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.search_terms (
    term text NOT NULL
);

CREATE TABLE public.sources (
    id bigint NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    url text NOT NULL,
    title text,
    outlet text,
    author text,
    published_on text,
    published_on_first date,
    published_on_last date,
    published_on_precision text,
    language text,
    content text,
    archive_url text,
    notes text,
    search_text tsvector DEFAULT ''::tsvector NOT NULL,
    doc text,
    CONSTRAINT sources_archive_url_check CHECK ((archive_url ~ '^https?://[^/?#[:space:]]'::text)),
    CONSTRAINT sources_check CHECK ((((published_on IS NULL) = (published_on_first IS NULL)) AND ((published_on IS NULL) = (published_on_last IS NULL)) AND ((published_on IS NULL) = (published_on_precision IS NULL)) AND (published_on_first <= published_on_last))),
    CONSTRAINT sources_published_on_precision_check CHECK ((published_on_precision = ANY (ARRAY['year'::text, 'month'::text, 'day'::text]))),
    CONSTRAINT sources_url_check CHECK ((url ~ '^https?://[^/?#[:space:]]'::text)),
    CONSTRAINT sources_version_check CHECK ((version >= 1))
);

ALTER TABLE public.sources ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.sources_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.statements (
    id bigint NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    speaker_id bigint,
    speaker text,
    said_on text,
    said_on_first date,
    said_on_last date,
    said_on_precision text,
    audience text,
    text text NOT NULL,
    kind text,
    negotiation_id bigint,
    swap_id bigint,
    person_id bigint,
    notes text,
    doc text,
    speaker_side text,
    CONSTRAINT statements_check CHECK ((((said_on IS NULL) = (said_on_first IS NULL)) AND ((said_on IS NULL) = (said_on_last IS NULL)) AND ((said_on IS NULL) = (said_on_precision IS NULL)) AND (said_on_first <= said_on_last))),
    CONSTRAINT statements_check2 CHECK ((num_nonnulls(negotiation_id, swap_id, person_id) >= 1)),
    CONSTRAINT statements_kind_check CHECK ((kind = ANY (ARRAY['quote'::text, 'paraphrase'::text]))),
    CONSTRAINT statements_said_on_precision_check CHECK ((said_on_precision = ANY (ARRAY['year'::text, 'month'::text, 'day'::text]))),
    CONSTRAINT statements_speaker CHECK ((num_nonnulls(speaker_id, speaker, speaker_side) >= 1)),
    CONSTRAINT statements_speaker_side_check CHECK (public.swaptrack_side_valid(speaker_side)),
    CONSTRAINT statements_text_check CHECK ((text <> ''::text)),
    CONSTRAINT statements_version_check CHECK ((version >= 1))
);

ALTER TABLE public.statements ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.statements_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.swap_effects (
    swap_id bigint NOT NULL,
    detention_id bigint NOT NULL,
    status_before text NOT NULL,
    released_on text,
    released_on_first date,
    released_on_last date,
    released_on_precision text,
    version_after integer NOT NULL
);

CREATE TABLE public.swap_groups (
    swap_id bigint NOT NULL,
    "position" integer NOT NULL,
    released_by text NOT NULL,
    released_to text,
    count integer,
    approximate boolean DEFAULT false NOT NULL,
    category text NOT NULL,
    description text,
    destination text,
    id bigint DEFAULT nextval('public.swaptrack_child_ids'::regclass) NOT NULL,
    CONSTRAINT swap_groups_category_check CHECK ((category = ANY (ARRAY['prisoners_of_war'::text, 'civilians'::text, 'hostages'::text, 'political_prisoners'::text, 'detainees'::text, 'remains'::text, 'other'::text]))),
    CONSTRAINT swap_groups_count_check CHECK ((count >= 1)),
    CONSTRAINT swap_groups_released_by_check CHECK (public.swaptrack_side_valid(released_by)),
    CONSTRAINT swap_groups_released_to_check CHECK (public.swaptrack_side_valid(released_to))
);

CREATE TABLE public.swap_release_cells (
    swap_id bigint NOT NULL,
    by_month boolean NOT NULL,
    period text NOT NULL,
    released_by text NOT NULL,
    released_to text NOT NULL,
    category text NOT NULL,
    people integer NOT NULL,
    remains integer NOT NULL
);

CREATE TABLE public.swap_release_facets (
    swap_id bigint NOT NULL,
    facets text[] NOT NULL
);

CREATE TABLE public.swap_releases (
    swap_id bigint NOT NULL,
    "position" integer NOT NULL,
    person_id bigint NOT NULL,
    detention_id bigint,
    released_by text NOT NULL,
    released_to text,
    id bigint DEFAULT nextval('public.swaptrack_child_ids'::regclass) NOT NULL,
    category text,
    destination text,
    remains boolean DEFAULT false NOT NULL,
    CONSTRAINT swap_releases_category_check CHECK ((category = ANY (ARRAY['prisoners_of_war'::text, 'civilians'::text, 'hostages'::text, 'political_prisoners'::text, 'detainees'::text, 'remains'::text, 'other'::text]))),
    CONSTRAINT swap_releases_released_by_check CHECK (public.swaptrack_side_valid(released_by)),
    CONSTRAINT swap_releases_released_to_check CHECK (public.swaptrack_side_valid(released_to))
);

CREATE TABLE public.swap_terms (
    swap_id bigint NOT NULL,
    "position" integer NOT NULL,
    kind text NOT NULL,
    by text,
    description text NOT NULL,
    amount numeric,
    currency text,
    id bigint DEFAULT nextval('public.swaptrack_child_ids'::regclass) NOT NULL,
    CONSTRAINT swap_terms_amount_check CHECK ((amount >= (0)::numeric)),
    CONSTRAINT swap_terms_by_check CHECK (public.swaptrack_side_valid(by)),
    CONSTRAINT swap_terms_description_check CHECK ((description <> ''::text)),
    CONSTRAINT swap_terms_kind_check CHECK ((kind = ANY (ARRAY['funds'::text, 'sanctions_relief'::text, 'pardon'::text, 'commutation'::text, 'deportation'::text, 'other'::text])))
);

CREATE TABLE public.swaps (
    id bigint NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    occurred_on text,
    occurred_on_first date,
    occurred_on_last date,
    occurred_on_precision text,
    place text,
    mediators text[] DEFAULT '{}'::text[] NOT NULL,
    negotiation_id bigint,
    summary text,
    parties text[] DEFAULT '{}'::text[] NOT NULL,
    released_count integer,
    doc text,
    kind text,
    derived json,
    sides json,
    categories text[] DEFAULT '{}'::text[] NOT NULL,
    facilitators text[] DEFAULT '{}'::text[] NOT NULL,
    host text,
    stage integer,
    status text DEFAULT 'completed'::text NOT NULL,
    CONSTRAINT swaps_check CHECK ((((occurred_on IS NULL) = (occurred_on_first IS NULL)) AND ((occurred_on IS NULL) = (occurred_on_last IS NULL)) AND ((occurred_on IS NULL) = (occurred_on_precision IS NULL)) AND (occurred_on_first <= occurred_on_last))),
    CONSTRAINT swaps_facilitators_check CHECK (public.swaptrack_sides_valid(facilitators)),
    CONSTRAINT swaps_kind_check CHECK ((kind = ANY (ARRAY['exchange'::text, 'release'::text, 'repatriation'::text]))),
    CONSTRAINT swaps_mediators_check CHECK (public.swaptrack_sides_valid(mediators)),
    CONSTRAINT swaps_occurred_on_precision_check CHECK ((occurred_on_precision = ANY (ARRAY['year'::text, 'month'::text, 'day'::text]))),
    CONSTRAINT swaps_parties_check CHECK (public.swaptrack_sides_valid(parties)),
    CONSTRAINT swaps_released_count_check CHECK ((released_count >= 0)),
    CONSTRAINT swaps_stage_check CHECK ((stage >= 1)),
    CONSTRAINT swaps_status_check CHECK ((status = ANY (ARRAY['completed'::text, 'announced'::text, 'cancelled'::text]))),
    CONSTRAINT swaps_version_check CHECK ((version >= 1))
);

ALTER TABLE public.swaps ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.swaps_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT api_keys_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.citations
    ADD CONSTRAINT citations_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.countries
    ADD CONSTRAINT countries_pkey PRIMARY KEY (code);

ALTER TABLE ONLY public.detentions
    ADD CONSTRAINT detentions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.history
    ADD CONSTRAINT history_collection_record_id_version_key UNIQUE (collection, record_id, version);

ALTER TABLE ONLY public.history
    ADD CONSTRAINT history_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (actor, key);

ALTER TABLE ONLY public.merges
    ADD CONSTRAINT merges_pkey PRIMARY KEY (collection, id);

ALTER TABLE ONLY public.negotiation_commitments
    ADD CONSTRAINT negotiation_commitments_id_key UNIQUE (id);

ALTER TABLE ONLY public.negotiation_commitments
    ADD CONSTRAINT negotiation_commitments_pkey PRIMARY KEY (negotiation_id, "position");

ALTER TABLE ONLY public.negotiation_participants
    ADD CONSTRAINT negotiation_participants_id_key UNIQUE (id);

ALTER TABLE ONLY public.negotiation_participants
    ADD CONSTRAINT negotiation_participants_pkey PRIMARY KEY (negotiation_id, "position");

ALTER TABLE ONLY public.negotiations
    ADD CONSTRAINT negotiations_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.parties
    ADD CONSTRAINT parties_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.party_codes
    ADD CONSTRAINT party_codes_pkey PRIMARY KEY (code);

ALTER TABLE ONLY public.people
    ADD CONSTRAINT people_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.person_terms
    ADD CONSTRAINT person_terms_pkey PRIMARY KEY (term, person_id);

ALTER TABLE ONLY public.release_facet_totals
    ADD CONSTRAINT release_facet_totals_pkey PRIMARY KEY (facet, released_by, released_to, category, period);

ALTER TABLE ONLY public.release_totals
    ADD CONSTRAINT release_totals_pkey PRIMARY KEY (by_month, released_by, released_to, category, period);

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);

ALTER TABLE ONLY public.search_terms
    ADD CONSTRAINT search_terms_pkey PRIMARY KEY (term);

ALTER TABLE ONLY public.sources
    ADD CONSTRAINT sources_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.statements
    ADD CONSTRAINT statements_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.swap_effects
    ADD CONSTRAINT swap_effects_pkey PRIMARY KEY (swap_id, detention_id);

ALTER TABLE ONLY public.swap_groups
    ADD CONSTRAINT swap_groups_id_key UNIQUE (id);

ALTER TABLE ONLY public.swap_groups
    ADD CONSTRAINT swap_groups_pkey PRIMARY KEY (swap_id, "position");

ALTER TABLE ONLY public.swap_release_cells
    ADD CONSTRAINT swap_release_cells_pkey PRIMARY KEY (swap_id, by_month, released_by, released_to, category);

ALTER TABLE ONLY public.swap_release_facets
    ADD CONSTRAINT swap_release_facets_pkey PRIMARY KEY (swap_id);

ALTER TABLE ONLY public.swap_releases
    ADD CONSTRAINT swap_releases_id_key UNIQUE (id);

ALTER TABLE ONLY public.swap_releases
    ADD CONSTRAINT swap_releases_pkey PRIMARY KEY (swap_id, "position");

ALTER TABLE ONLY public.swap_releases
    ADD CONSTRAINT swap_releases_swap_id_person_id_key UNIQUE (swap_id, person_id);

ALTER TABLE ONLY public.swap_terms
    ADD CONSTRAINT swap_terms_id_key UNIQUE (id);

ALTER TABLE ONLY public.swap_terms
    ADD CONSTRAINT swap_terms_pkey PRIMARY KEY (swap_id, "position");

ALTER TABLE ONLY public.swaps
    ADD CONSTRAINT swaps_pkey PRIMARY KEY (id);

CREATE UNIQUE INDEX api_keys_name ON public.api_keys USING btree (name) WHERE (revoked_at IS NULL);

CREATE INDEX citations_child_id ON public.citations USING btree (child_id) WHERE (deleted_at IS NULL);

CREATE INDEX citations_confidence ON public.citations USING btree (confidence, id) WHERE (deleted_at IS NULL);

CREATE UNIQUE INDEX citations_equal ON public.citations USING btree (source_id, subject_type, subject_id, COALESCE(field, ''::text), md5(COALESCE((value)::text, ''::text)), COALESCE((((anchor ->> 'start'::text) || ':'::text) || (anchor ->> 'end'::text)), ('q'::text || md5(COALESCE(quote, ''::text))))) WHERE (deleted_at IS NULL);

CREATE INDEX citations_rank ON public.citations USING btree (rank, id) WHERE (deleted_at IS NULL);

CREATE INDEX citations_source ON public.citations USING btree (source_id, id) WHERE (deleted_at IS NULL);

CREATE INDEX citations_subject ON public.citations USING btree (subject_type, subject_id, id) WHERE (deleted_at IS NULL);

CREATE INDEX citations_subject_id ON public.citations USING btree (subject_id, id) WHERE (deleted_at IS NULL);

CREATE INDEX detentions_country_status ON public.detentions USING btree (country, status, id) WHERE (deleted_at IS NULL);

CREATE INDEX detentions_detained_last ON public.detentions USING btree (detained_on_last) WHERE (deleted_at IS NULL);

CREATE INDEX detentions_detained_on ON public.detentions USING btree (COALESCE(detained_on_first, '-infinity'::date), id) WHERE (deleted_at IS NULL);

CREATE INDEX detentions_detained_range ON public.detentions USING btree (detained_on_first, detained_on_last) WHERE (deleted_at IS NULL);

CREATE INDEX detentions_person ON public.detentions USING btree (person_id, id) WHERE (deleted_at IS NULL);

CREATE INDEX detentions_released_last ON public.detentions USING btree (released_on_last) WHERE (deleted_at IS NULL);

CREATE INDEX detentions_released_on ON public.detentions USING btree (COALESCE(released_on_first, '-infinity'::date), id) WHERE (deleted_at IS NULL);

CREATE INDEX detentions_released_range ON public.detentions USING btree (released_on_first, released_on_last) WHERE (deleted_at IS NULL);

CREATE INDEX detentions_sentenced_last ON public.detentions USING btree (sentenced_on_last) WHERE (deleted_at IS NULL);

CREATE INDEX detentions_sentenced_on ON public.detentions USING btree (COALESCE(sentenced_on_first, '-infinity'::date), id) WHERE (deleted_at IS NULL);

CREATE INDEX detentions_sentenced_range ON public.detentions USING btree (sentenced_on_first, sentenced_on_last) WHERE (deleted_at IS NULL);

CREATE INDEX detentions_status ON public.detentions USING btree (status, id) WHERE (deleted_at IS NULL);

CREATE INDEX detentions_wrongfully ON public.detentions USING btree (wrongfully_detained, id) WHERE (deleted_at IS NULL);

CREATE INDEX history_record ON public.history USING btree (collection, record_id, version);

CREATE INDEX idempotency_keys_expires ON public.idempotency_keys USING btree (expires_at);

CREATE INDEX merges_into ON public.merges USING btree (collection, into_id);

CREATE INDEX negotiation_commitments_released_by ON public.negotiation_commitments USING btree (released_by);

CREATE INDEX negotiation_commitments_released_to ON public.negotiation_commitments USING btree (released_to);

CREATE INDEX negotiation_participants_person ON public.negotiation_participants USING btree (person_id);

CREATE INDEX negotiation_participants_representing ON public.negotiation_participants USING btree (representing);

CREATE INDEX negotiations_ended_last ON public.negotiations USING btree (ended_on_last) WHERE (deleted_at IS NULL);

CREATE INDEX negotiations_ended_on ON public.negotiations USING btree (COALESCE(ended_on_first, '-infinity'::date), id) WHERE (deleted_at IS NULL);

CREATE INDEX negotiations_ended_range ON public.negotiations USING btree (ended_on_first, ended_on_last) WHERE (deleted_at IS NULL);

CREATE INDEX negotiations_host ON public.negotiations USING btree (host, id) WHERE (deleted_at IS NULL);

CREATE INDEX negotiations_mediators ON public.negotiations USING gin (mediators) WHERE (deleted_at IS NULL);

CREATE INDEX negotiations_parties ON public.negotiations USING gin (parties) WHERE (deleted_at IS NULL);

CREATE INDEX negotiations_started_last ON public.negotiations USING btree (started_on_last) WHERE (deleted_at IS NULL);

CREATE INDEX negotiations_started_on ON public.negotiations USING btree (COALESCE(started_on_first, '-infinity'::date), id) WHERE (deleted_at IS NULL);

CREATE INDEX negotiations_started_range ON public.negotiations USING btree (started_on_first, started_on_last) WHERE (deleted_at IS NULL);

CREATE INDEX negotiations_status ON public.negotiations USING btree (status, id) WHERE (deleted_at IS NULL);

CREATE INDEX negotiations_title ON public.negotiations USING btree (title, id) WHERE (deleted_at IS NULL);

CREATE INDEX parties_based_in ON public.parties USING btree (based_in, id) WHERE (deleted_at IS NULL);

CREATE UNIQUE INDEX parties_code_key ON public.parties USING btree (code) WHERE (deleted_at IS NULL);

CREATE INDEX parties_kind ON public.parties USING btree (kind, id) WHERE (deleted_at IS NULL);

CREATE INDEX parties_name ON public.parties USING btree (name, id) WHERE (deleted_at IS NULL);

CREATE INDEX parties_wikidata_id ON public.parties USING btree (wikidata_id, id) WHERE (deleted_at IS NULL);

CREATE INDEX people_born_last ON public.people USING btree (born_on_last) WHERE (deleted_at IS NULL);

CREATE INDEX people_born_on ON public.people USING btree (COALESCE(born_on_first, '-infinity'::date), id) WHERE (deleted_at IS NULL);

CREATE INDEX people_born_range ON public.people USING btree (born_on_first, born_on_last) WHERE (deleted_at IS NULL);

CREATE INDEX people_citizenships ON public.people USING gin (citizenships) WHERE (deleted_at IS NULL);

CREATE INDEX people_name ON public.people USING btree (name, id) WHERE (deleted_at IS NULL);

CREATE INDEX people_search_names ON public.people USING gin (search_names public.gin_trgm_ops) WITH (gin_pending_list_limit='256') WHERE (deleted_at IS NULL);

CREATE INDEX people_wikidata_id ON public.people USING btree (wikidata_id) WHERE (deleted_at IS NULL);

CREATE INDEX release_facet_totals_to ON public.release_facet_totals USING btree (facet, category, released_to, released_by, period) INCLUDE (people, remains, swaps);

CREATE INDEX release_totals_by ON public.release_totals USING btree (by_month, category, released_by, released_to, period);

CREATE INDEX release_totals_to ON public.release_totals USING btree (by_month, category, released_to, released_by, period) INCLUDE (people, remains, swaps);

CREATE INDEX search_terms_trgm ON public.search_terms USING gin (term public.gin_trgm_ops) WITH (fastupdate=off);

CREATE INDEX sources_language ON public.sources USING btree (language, id) WHERE (deleted_at IS NULL);

CREATE INDEX sources_outlet ON public.sources USING btree (outlet, id) WHERE (deleted_at IS NULL);

CREATE INDEX sources_published_last ON public.sources USING btree (published_on_last) WHERE (deleted_at IS NULL);

CREATE INDEX sources_published_on ON public.sources USING btree (COALESCE(published_on_first, '-infinity'::date), id) WHERE (deleted_at IS NULL);

CREATE INDEX sources_published_range ON public.sources USING btree (published_on_first, published_on_last) WHERE (deleted_at IS NULL);

CREATE INDEX sources_search_text ON public.sources USING gin (search_text) WHERE (deleted_at IS NULL);

CREATE INDEX sources_title ON public.sources USING btree (COALESCE(title, ''::text), id) WHERE (deleted_at IS NULL);

CREATE UNIQUE INDEX sources_url_key ON public.sources USING btree (url) WHERE (deleted_at IS NULL);

CREATE INDEX statements_kind ON public.statements USING btree (kind, id) WHERE (deleted_at IS NULL);

CREATE INDEX statements_negotiation ON public.statements USING btree (negotiation_id, id) WHERE (deleted_at IS NULL);

CREATE INDEX statements_person ON public.statements USING btree (person_id, id) WHERE (deleted_at IS NULL);

CREATE INDEX statements_said_last ON public.statements USING btree (said_on_last) WHERE (deleted_at IS NULL);

CREATE INDEX statements_said_on ON public.statements USING btree (COALESCE(said_on_first, '-infinity'::date), id) WHERE (deleted_at IS NULL);

CREATE INDEX statements_said_range ON public.statements USING btree (said_on_first, said_on_last) WHERE (deleted_at IS NULL);

CREATE INDEX statements_speaker ON public.statements USING btree (speaker_id, id) WHERE (deleted_at IS NULL);

CREATE INDEX statements_speaker_side ON public.statements USING btree (speaker_side, id) WHERE (deleted_at IS NULL);

CREATE INDEX statements_swap ON public.statements USING btree (swap_id, id) WHERE (deleted_at IS NULL);

CREATE INDEX swap_effects_detention ON public.swap_effects USING btree (detention_id);

CREATE INDEX swap_groups_category ON public.swap_groups USING btree (category);

CREATE INDEX swap_groups_destination ON public.swap_groups USING btree (destination);

CREATE INDEX swap_groups_released_by ON public.swap_groups USING btree (released_by);

CREATE INDEX swap_groups_released_to ON public.swap_groups USING btree (released_to);

CREATE INDEX swap_releases_category ON public.swap_releases USING btree (category);

CREATE INDEX swap_releases_destination ON public.swap_releases USING btree (destination);

CREATE INDEX swap_releases_detention ON public.swap_releases USING btree (detention_id);

CREATE INDEX swap_releases_person ON public.swap_releases USING btree (person_id);

CREATE INDEX swap_releases_released_by ON public.swap_releases USING btree (released_by);

CREATE INDEX swap_releases_released_to ON public.swap_releases USING btree (released_to);

CREATE INDEX swap_terms_by ON public.swap_terms USING btree (by);

CREATE INDEX swaps_categories ON public.swaps USING gin (categories) WHERE (deleted_at IS NULL);

CREATE INDEX swaps_facilitators ON public.swaps USING gin (facilitators) WHERE (deleted_at IS NULL);

CREATE INDEX swaps_host ON public.swaps USING btree (host, id) WHERE (deleted_at IS NULL);

CREATE INDEX swaps_kind ON public.swaps USING btree (kind, id) WHERE (deleted_at IS NULL);

CREATE INDEX swaps_mediators ON public.swaps USING gin (mediators) WHERE (deleted_at IS NULL);

CREATE INDEX swaps_negotiation ON public.swaps USING btree (negotiation_id, id) WHERE (deleted_at IS NULL);

CREATE INDEX swaps_occurred_last ON public.swaps USING btree (occurred_on_last) WHERE (deleted_at IS NULL);

CREATE INDEX swaps_occurred_on ON public.swaps USING btree (COALESCE(occurred_on_first, '-infinity'::date), id) WHERE (deleted_at IS NULL);

CREATE INDEX swaps_occurred_range ON public.swaps USING btree (occurred_on_first, occurred_on_last) WHERE (deleted_at IS NULL);

CREATE INDEX swaps_parties ON public.swaps USING gin (parties) WHERE (deleted_at IS NULL);

CREATE INDEX swaps_stage ON public.swaps USING btree (stage, id) WHERE (deleted_at IS NULL);

CREATE INDEX swaps_status ON public.swaps USING btree (status, id) WHERE (deleted_at IS NULL);

CREATE TRIGGER people_search_names BEFORE INSERT OR UPDATE OF name, name_native, aliases ON public.people FOR EACH ROW EXECUTE FUNCTION public.people_search_names();

CREATE TRIGGER people_terms_insert AFTER INSERT ON public.people REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.people_terms_insert();

CREATE TRIGGER people_terms_update AFTER UPDATE ON public.people REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.people_terms_update();

CREATE TRIGGER sources_search_text BEFORE INSERT OR UPDATE OF title, outlet, content ON public.sources FOR EACH ROW EXECUTE FUNCTION public.sources_search_text();

CREATE TRIGGER swaptrack_doc_del AFTER DELETE ON public.citations REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_citations();

CREATE TRIGGER swaptrack_doc_del AFTER DELETE ON public.detentions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_detentions();

CREATE TRIGGER swaptrack_doc_del AFTER DELETE ON public.negotiation_commitments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_negotiation_commitments();

CREATE TRIGGER swaptrack_doc_del AFTER DELETE ON public.negotiation_participants REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_negotiation_participants();

CREATE TRIGGER swaptrack_doc_del AFTER DELETE ON public.negotiations REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_negotiations();

CREATE TRIGGER swaptrack_doc_del AFTER DELETE ON public.parties REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_parties();

CREATE TRIGGER swaptrack_doc_del AFTER DELETE ON public.people REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_people();

CREATE TRIGGER swaptrack_doc_del AFTER DELETE ON public.sources REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_sources();

CREATE TRIGGER swaptrack_doc_del AFTER DELETE ON public.statements REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_statements();

CREATE TRIGGER swaptrack_doc_del AFTER DELETE ON public.swap_groups REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_swap_groups();

CREATE TRIGGER swaptrack_doc_del AFTER DELETE ON public.swap_releases REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_swap_releases();

CREATE TRIGGER swaptrack_doc_del AFTER DELETE ON public.swap_terms REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_swap_terms();

CREATE TRIGGER swaptrack_doc_del AFTER DELETE ON public.swaps REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_swaps();

CREATE TRIGGER swaptrack_doc_ins AFTER INSERT ON public.citations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_citations();

CREATE TRIGGER swaptrack_doc_ins AFTER INSERT ON public.detentions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_detentions();

CREATE TRIGGER swaptrack_doc_ins AFTER INSERT ON public.negotiation_commitments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_negotiation_commitments();

CREATE TRIGGER swaptrack_doc_ins AFTER INSERT ON public.negotiation_participants REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_negotiation_participants();

CREATE TRIGGER swaptrack_doc_ins AFTER INSERT ON public.negotiations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_negotiations();

CREATE TRIGGER swaptrack_doc_ins AFTER INSERT ON public.parties REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_parties();

CREATE TRIGGER swaptrack_doc_ins AFTER INSERT ON public.people REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_people();

CREATE TRIGGER swaptrack_doc_ins AFTER INSERT ON public.sources REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_sources();

CREATE TRIGGER swaptrack_doc_ins AFTER INSERT ON public.statements REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_statements();

CREATE TRIGGER swaptrack_doc_ins AFTER INSERT ON public.swap_groups REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_swap_groups();

CREATE TRIGGER swaptrack_doc_ins AFTER INSERT ON public.swap_releases REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_swap_releases();

CREATE TRIGGER swaptrack_doc_ins AFTER INSERT ON public.swap_terms REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_swap_terms();

CREATE TRIGGER swaptrack_doc_ins AFTER INSERT ON public.swaps REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_swaps();

CREATE TRIGGER swaptrack_doc_upd AFTER UPDATE ON public.citations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_citations();

CREATE TRIGGER swaptrack_doc_upd AFTER UPDATE ON public.detentions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_detentions();

CREATE TRIGGER swaptrack_doc_upd AFTER UPDATE ON public.negotiation_commitments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_negotiation_commitments();

CREATE TRIGGER swaptrack_doc_upd AFTER UPDATE ON public.negotiation_participants REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_negotiation_participants();

CREATE TRIGGER swaptrack_doc_upd AFTER UPDATE ON public.negotiations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_negotiations();

CREATE TRIGGER swaptrack_doc_upd AFTER UPDATE ON public.parties REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_parties();

CREATE TRIGGER swaptrack_doc_upd AFTER UPDATE ON public.people REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_people();

CREATE TRIGGER swaptrack_doc_upd AFTER UPDATE ON public.sources REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_sources();

CREATE TRIGGER swaptrack_doc_upd AFTER UPDATE ON public.statements REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_statements();

CREATE TRIGGER swaptrack_doc_upd AFTER UPDATE ON public.swap_groups REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_swap_groups();

CREATE TRIGGER swaptrack_doc_upd AFTER UPDATE ON public.swap_releases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_swap_releases();

CREATE TRIGGER swaptrack_doc_upd AFTER UPDATE ON public.swap_terms REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_swap_terms();

CREATE TRIGGER swaptrack_doc_upd AFTER UPDATE ON public.swaps REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.swaptrack_doc_changed_swaps();

CREATE TRIGGER swaptrack_party_code AFTER INSERT OR UPDATE OF code ON public.parties FOR EACH ROW EXECUTE FUNCTION public.swaptrack_party_code_keep();

ALTER TABLE ONLY public.citations
    ADD CONSTRAINT citations_source_id_fkey FOREIGN KEY (source_id) REFERENCES public.sources(id);

ALTER TABLE ONLY public.detentions
    ADD CONSTRAINT detentions_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id);

ALTER TABLE ONLY public.negotiation_commitments
    ADD CONSTRAINT negotiation_commitments_negotiation_id_fkey FOREIGN KEY (negotiation_id) REFERENCES public.negotiations(id);

ALTER TABLE ONLY public.negotiation_participants
    ADD CONSTRAINT negotiation_participants_negotiation_id_fkey FOREIGN KEY (negotiation_id) REFERENCES public.negotiations(id);

ALTER TABLE ONLY public.negotiation_participants
    ADD CONSTRAINT negotiation_participants_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id);

ALTER TABLE ONLY public.negotiations
    ADD CONSTRAINT negotiations_host_fkey FOREIGN KEY (host) REFERENCES public.countries(code);

ALTER TABLE ONLY public.parties
    ADD CONSTRAINT parties_based_in_fkey FOREIGN KEY (based_in) REFERENCES public.countries(code);

ALTER TABLE ONLY public.statements
    ADD CONSTRAINT statements_negotiation_id_fkey FOREIGN KEY (negotiation_id) REFERENCES public.negotiations(id);

ALTER TABLE ONLY public.statements
    ADD CONSTRAINT statements_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id);

ALTER TABLE ONLY public.statements
    ADD CONSTRAINT statements_speaker_id_fkey FOREIGN KEY (speaker_id) REFERENCES public.people(id);

ALTER TABLE ONLY public.statements
    ADD CONSTRAINT statements_swap_id_fkey FOREIGN KEY (swap_id) REFERENCES public.swaps(id);

ALTER TABLE ONLY public.swap_groups
    ADD CONSTRAINT swap_groups_destination_fkey FOREIGN KEY (destination) REFERENCES public.countries(code);

ALTER TABLE ONLY public.swap_groups
    ADD CONSTRAINT swap_groups_swap_id_fkey FOREIGN KEY (swap_id) REFERENCES public.swaps(id);

ALTER TABLE ONLY public.swap_release_cells
    ADD CONSTRAINT swap_release_cells_swap_id_fkey FOREIGN KEY (swap_id) REFERENCES public.swaps(id);

ALTER TABLE ONLY public.swap_release_facets
    ADD CONSTRAINT swap_release_facets_swap_id_fkey FOREIGN KEY (swap_id) REFERENCES public.swaps(id);

ALTER TABLE ONLY public.swap_releases
    ADD CONSTRAINT swap_releases_destination_fkey FOREIGN KEY (destination) REFERENCES public.countries(code);

ALTER TABLE ONLY public.swap_releases
    ADD CONSTRAINT swap_releases_detention_id_fkey FOREIGN KEY (detention_id) REFERENCES public.detentions(id);

ALTER TABLE ONLY public.swap_releases
    ADD CONSTRAINT swap_releases_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id);

ALTER TABLE ONLY public.swap_releases
    ADD CONSTRAINT swap_releases_swap_id_fkey FOREIGN KEY (swap_id) REFERENCES public.swaps(id);

ALTER TABLE ONLY public.swap_terms
    ADD CONSTRAINT swap_terms_swap_id_fkey FOREIGN KEY (swap_id) REFERENCES public.swaps(id);

ALTER TABLE ONLY public.swaps
    ADD CONSTRAINT swaps_host_fkey FOREIGN KEY (host) REFERENCES public.countries(code);

ALTER TABLE ONLY public.swaps
    ADD CONSTRAINT swaps_negotiation_id_fkey FOREIGN KEY (negotiation_id) REFERENCES public.negotiations(id);

