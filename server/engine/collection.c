/* Generic handlers for every collection. A write is one transaction: validation against the field
 * table, then the checks that need the database (references, uniqueness, the model's hook), then
 * the row, its children, the hook's side effects and the history rows. Any 4xx rolls all of it
 * back, so the database is exactly as it was. */
#include "engine/collection.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/config.h"
#include "db/db.h"
#include "core/hash64.h"
#include "core/log.h"
#include "core/sha256.h"
#include "engine/cite.h"
#include "engine/sqlgen.h"
#include "engine/validate.h"

#define MAX_COLUMNS 64

/* History's actor: the API key's name, or "anonymous" where writes need no key. */
static const char *actor(struct request *req)
{
	return req->actor;
}

/* A record's ETag: its version and a 64-bit hash of its JSON representation,
 * "<version>.<16 hex digits>" in quotes. The hash makes the tag change whenever what a client
 * reads changes (its fields, its children, its embedded citations and the fields of their
 * sources), whichever request or server process changed it; the version keeps the tag readable
 * and is what If-Match has always compared. XXH64, not SHA-256: SHA-256 of a 2 KB record was 12 %
 * of the server's CPU a read (perf); XXH64 costs a twentieth. Any change of the record itself
 * changes the version anyway. */
#define ETAG_SIZE 48

static void record_etag(const char *json, long long version, char tag[ETAG_SIZE])
{
	snprintf(tag, ETAG_SIZE, "\"%lld.%016llx\"", version,
		 (unsigned long long)hash64(json, strlen(json)));
}

static void send_etag(struct request *req, const char *json, long long version)
{
	char tag[ETAG_SIZE];

	record_etag(json, version, tag);
	http_add_header(req, "ETag", tag);
}

/* One entity-tag of a list ("3.9f86...", W/"...", "*") at s; 1 and its parts when there is one,
 * 0 at the end of the list, -1 when malformed. */
static int next_etag(const char **s, int *weak, const char **tag, size_t *len)
{
	const char *p = *s + strspn(*s, " \t,");

	*weak = 0;
	if (!*p)
		return 0;
	if (*p == '*') {
		*tag = p;
		*len = 1;
		*s = p + 1;
		return 1;
	}
	if (p[0] == 'W' && p[1] == '/') {
		*weak = 1;
		p += 2;
	}
	if (*p != '"' || !strchr(p + 1, '"'))
		return -1;
	*tag = p + 1;
	*len = (size_t)(strchr(p + 1, '"') - (p + 1));
	*s = *tag + *len + 1;
	if (**s && !strchr(" \t,", **s))
		return -1;
	return 1;
}

/* Whether the header (If-Match or If-None-Match) names the record whose tag is current
 * (quoted, as record_etag makes it) at version. strong: If-Match's comparison, in which a weak
 * tag never matches, and "<version>" alone is also accepted (as in v1). Returns 1, 0, or -1
 * for a malformed header. */
static int etag_matches(const char *header, const char *current, long long version, int strong)
{
	const char *s = header, *tag;
	size_t len, clen = strlen(current) - 2;
	int weak, rc, match = 0;

	while ((rc = next_etag(&s, &weak, &tag, &len)) > 0) {
		if (len == 1 && *tag == '*') {
			match = 1;
		} else if (len == clen && memcmp(tag, current + 1, len) == 0) {
			match |= !(strong && weak);
		} else if (strong && !weak && len > 0 && len < 20 && strspn(tag, "0123456789") == len) {
			match |= strtoll(tag, NULL, 10) == version;
		}
	}
	return rc < 0 ? -1 : match;
}

/* The media type of the request body, without parameters, in *type; 0, or -1 after a 415. */
static int content_type_or_reply(struct request *req, int merge_patch)
{
	const char *ct = http_header(req, "Content-Type");
	size_t n;
	const char *params;

	if (!ct)
		goto bad;
	n = strcspn(ct, "; \t");
	params = ct + n;
	if (!((n == 16 && strncasecmp(ct, "application/json", n) == 0) ||
	      (merge_patch && n == 28 && strncasecmp(ct, "application/merge-patch+json", n) == 0)))
		goto bad;
	/* Only UTF-8 is accepted; a charset parameter, if any, must say so. */
	while (*params == ';' || *params == ' ' || *params == '\t')
		params++;
	if (*params && strncasecmp(params, "charset=utf-8", 13) != 0 &&
	    strncasecmp(params, "charset=\"utf-8\"", 15) != 0)
		goto bad;
	return 0;
bad:
	http_send_error(req, 415, "Send the body as %s with UTF-8 (Content-Type: %s).",
			merge_patch ? "application/merge-patch+json or application/json"
				    : "application/json",
			ct ? ct : "missing");
	return -1;
}

/* The request body as a JSON object; NULL after answering 415, 400 or 422. */
static json_t *body_or_reply(struct request *req, int merge_patch)
{
	json_error_t err;
	json_t *j;

	if (content_type_or_reply(req, merge_patch) < 0)
		return NULL;
	if (req->body.len == 0) {
		http_send_error(req, 400, "The request needs a JSON body.");
		return NULL;
	}
	j = json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES, &err);
	if (!j) {
		http_send_error(req, 400, "The body is not valid JSON: %s (line %d, column %d).",
				err.text, err.line, err.column);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		http_send_error(req, 422, "The body must be a JSON object.");
		return NULL;
	}
	return j;
}

static int run(PGconn *c, const char *sql, struct problem *p)
{
	PGresult *r = db_exec(c, sql, 0, NULL, p);

	PQclear(r);
	return r ? 0 : -1;
}

/* Opens a transaction on the worker's connection; NULL with p filled when it cannot. */
static PGconn *begin(struct problem *p)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		PGconn *c = db_worker(p);
		if (!c)
			return NULL;
		if (run(c, "BEGIN", p) == 0)
			return c;
		if (PQstatus(c) == CONNECTION_OK)
			return NULL;
		problem_clear(p);   /* a stale connection: the next attempt reconnects */
	}
	problem_set(p, 503, "The database is unavailable; try again shortly.");
	return NULL;
}

static void rollback(PGconn *c)
{
	if (c && PQtransactionStatus(c) != PQTRANS_IDLE)
		PQclear(PQexec(c, "ROLLBACK"));
}

static int commit(PGconn *c, struct problem *p)
{
	return run(c, "COMMIT", p);
}

int collection_history(PGconn *c, const struct model *m, long long id, const char *action,
		       const char *actor_name, struct problem *p)
{
	char idtext[24];
	const char *vals[] = {idtext, action, actor_name};
	PGresult *r;

	snprintf(idtext, sizeof(idtext), "%lld", id);
	r = db_exec_stmt(c, &m->sql->history, vals, p);
	PQclear(r);
	return r ? 0 : -1;
}

/* A record on its way to the database. */
struct pending {
	const struct model *m;
	json_t *rec;        /* validated, as stored; owned */
	struct refs refs;
	long long id;       /* 0 until inserted */
	const char *prefix;
};

static void pending_free(struct pending *w)
{
	json_decref(w->rec);
	refs_free(&w->refs);
}

static int error_count(const struct problem *p)
{
	return (int)p->nerrors;
}

/* Validates body as w->m; field errors accumulate in p. Returns -1 only when p holds a problem
 * that is not a field error (the database failed). */
static int prepare(PGconn *c, struct pending *w, json_t *body, int creating, struct problem *p)
{
	int before = error_count(p);
	struct write hw;

	w->rec = validate_record(w->m, body, w->prefix, &w->refs, p);
	if (!w->rec)
		return p->errors ? 0 : -1;
	if (validate_refs(c, &w->refs, p) < 0)
		return -1;
	if (error_count(p) > before || !w->m->hooks || !w->m->hooks->check)
		return 0;
	hw = (struct write){c, w->m, w->rec, w->id, NULL, creating, w->prefix};
	w->m->hooks->check(&hw, p);
	return p->status && !p->errors ? -1 : 0;
}

/* A live record other than w->id with the same value in a unique field gets 409 naming it. */
static int unique_or_conflict(PGconn *c, struct pending *w, struct problem *p)
{
	for (const struct field *f = w->m->fields; f->name; f++) {
		struct buf sql = BUF_INIT;
		char idtext[24];
		const char *vals[2];
		PGresult *r;

		if (!(f->flags & FF_UNIQUE) || !json_is_string(json_object_get(w->rec, f->name)))
			continue;
		snprintf(idtext, sizeof(idtext), "%lld", w->id);
		vals[0] = json_string_value(json_object_get(w->rec, f->name));
		vals[1] = idtext;
		buf_printf(&sql, "SELECT id FROM %s WHERE %s = $1 AND deleted_at IS NULL AND id <> $2",
			   w->m->table, f->name);
		r = db_exec(c, sql.data, 2, vals, p);
		buf_free(&sql);
		if (!r)
			return -1;
		if (PQntuples(r) > 0) {
			long long other = atoll(PQgetvalue(r, 0, 0));
			problem_set(p, 409, "A record of %s with this %s already exists: /v1/%s/%lld.",
				    w->m->name, f->name, w->m->name, other);
			p->extra = json_pack("{s:I, s:s}", "existing_id", (json_int_t)other,
					     "field", f->name);
			PQclear(r);
			return -1;
		}
		PQclear(r);
	}
	return 0;
}

static int exec_params(PGconn *c, const struct db_stmt *st, char **vals, PGresult **out,
		       struct problem *p)
{
	PGresult *r = db_exec_stmt(c, st, (const char *const *)vals, p);

	if (out)
		*out = r;
	else
		PQclear(r);
	return r ? 0 : -1;
}

/* Inserts (w->id == 0) or updates the row, replaces its children and runs the model's
 * after-write hook. The caller records history once everything the record embeds is written. */
static int store(PGconn *c, struct pending *w, const char *actor_name, struct problem *p)
{
	const struct model *m = w->m;
	char *vals[MAX_COLUMNS + 1];
	char idtext[24];
	PGresult *r = NULL;
	int n, rc = -1, creating = w->id == 0;

	if (creating) {
		n = sql_params(m, w->rec, vals);
		if (n < 0)
			return problem_set(p, 503, "The server is out of memory.");
		rc = exec_params(c, &m->sql->insert, vals, &r, p);
		sql_params_free(vals, n);
		if (rc < 0)
			return -1;
		w->id = atoll(PQgetvalue(r, 0, 0));
		PQclear(r);
	} else {
		snprintf(idtext, sizeof(idtext), "%lld", w->id);
		vals[0] = idtext;
		n = sql_params(m, w->rec, vals + 1);
		if (n < 0)
			return problem_set(p, 503, "The server is out of memory.");
		rc = exec_params(c, &m->sql->update, vals, NULL, p);
		sql_params_free(vals + 1, n);
		if (rc < 0)
			return -1;
	}
	snprintf(idtext, sizeof(idtext), "%lld", w->id);
	for (const struct field *f = m->fields; f->name; f++) {
		const struct model *cm = f->ref;
		json_t *child;
		size_t i;

		if (f->type != FT_CHILDREN)
			continue;
		if (!creating) {
			const char *one[] = {idtext};
			PGresult *cr = db_exec_stmt(c, &cm->sql->children_clear, one, p);
			if (!cr)
				return -1;
			PQclear(cr);
		}
		json_array_foreach(json_object_get(w->rec, f->name), i, child) {
			char pos[24];
			vals[0] = idtext;
			vals[1] = pos;
			snprintf(pos, sizeof(pos), "%zu", i);
			n = sql_params(cm, child, vals + 2);
			if (n < 0)
				return problem_set(p, 503, "The server is out of memory.");
			rc = exec_params(c, &cm->sql->insert, vals, NULL, p);
			sql_params_free(vals + 2, n);
			if (rc < 0)
				return -1;
		}
	}
	if (m->hooks && m->hooks->after_write) {
		struct write hw = {c, m, w->rec, w->id, actor_name, creating, w->prefix};
		if (m->hooks->after_write(&hw, p) < 0)
			return -1;
	}
	return 0;
}

/* Reads record id of m inside the transaction; returns the result (json in column 0) or NULL. */
static PGresult *read_back(PGconn *c, const struct model *m, long long id, struct problem *p)
{
	char idtext[24];
	const char *vals[] = {idtext};
	PGresult *r;

	snprintf(idtext, sizeof(idtext), "%lld", id);
	r = db_exec_stmt(c, &m->sql->get, vals, p);
	if (r && PQntuples(r) != 1) {
		PQclear(r);
		problem_set(p, 500, "The record could not be read back.");
		return NULL;
	}
	return r;
}

/* References that an inline record gives by a unique field of their target instead of by id
 * (a citation's "source_url"): each turned into the id of the live record with that value, or
 * a field error. Returns -1 only when the database failed. */
static int resolve_lookups(PGconn *c, const struct model *m, json_t *item, const char *prefix,
			   struct problem *p)
{
	for (const struct field *f = m->fields; f->name; f++) {
		char key[96], path[160];
		struct buf sql = BUF_INIT;
		const char *vals[1];
		json_t *v;
		PGresult *r;

		if (f->type != FT_REF || !f->lookup)
			continue;
		ref_member(key, sizeof(key), f);
		snprintf(key + strlen(key), sizeof(key) - strlen(key), "_%s", f->lookup);
		if (!(v = json_object_get(item, key)))
			continue;
		problem_path(path, sizeof(path), "%s%s", prefix, key);
		if (json_object_get(item, f->name)) {
			problem_field(p, path, "give %s or %s, not both", f->name, key);
			continue;
		}
		if (!json_is_string(v)) {
			problem_field(p, path, "must be a string");
			continue;
		}
		vals[0] = json_string_value(v);
		buf_printf(&sql, "SELECT id FROM %s WHERE %s = $1 AND deleted_at IS NULL",
			   f->ref->table, f->lookup);
		r = sql.data ? db_exec(c, sql.data, 1, vals, p) : NULL;
		buf_free(&sql);
		if (!r)
			return p->status ? -1 : problem_set(p, 503, "The server is out of memory.");
		if (PQntuples(r) == 1) {
			json_object_set_new(item, f->name, json_integer(atoll(PQgetvalue(r, 0, 0))));
			json_object_del(item, key);
		} else {
			problem_field(p, path, "no record of %s has this %s; create it first",
				      f->ref->name, f->lookup);
		}
		PQclear(r);
	}
	return 0;
}

/* The inline citations of a create body: taken out of body, each checked as a citation of the
 * record about to be made (its subject filled in once the record has an id). */
static int prepare_citations(PGconn *c, const struct model *m, json_t *list, struct pending **out,
			     size_t *count, struct problem *p)
{
	const struct model *cm = cite_model();
	const char *kind = cite_kind_field()->name, *subject = cite_subject_field()->name;
	struct pending *items;
	json_t *item;
	size_t i;

	*out = NULL;
	*count = 0;
	if (!json_is_array(list)) {
		problem_field(p, cm->name, "must be an array of %s", cm->name);
		return 0;
	}
	items = calloc(json_array_size(list) + 1, sizeof(*items));
	if (!items)
		return problem_set(p, 503, "The server is out of memory.");
	*out = items;
	json_array_foreach(list, i, item) {
		char prefix[48], path[96];
		json_t *copy;
		int before;

		snprintf(prefix, sizeof(prefix), "%s[%zu].", cm->name, i);
		items[i].m = cm;
		items[i].prefix = strdup(prefix);
		(*count)++;
		if (!items[i].prefix)
			return problem_set(p, 503, "The server is out of memory.");
		if (!json_is_object(item)) {
			problem_path(path, sizeof(path), "%s[%zu]", cm->name, i);
			problem_field(p, path, "must be an object");
			continue;
		}
		if (json_object_get(item, kind) || json_object_get(item, subject)) {
			problem_path(path, sizeof(path), "%s%s", prefix, kind);
			problem_field(p, path, "is the record being created; leave it out");
			continue;
		}
		copy = json_deep_copy(item);
		if (!copy)
			return problem_set(p, 503, "The server is out of memory.");
		before = error_count(p);
		if (resolve_lookups(c, cm, copy, prefix, p) < 0) {
			json_decref(copy);
			return -1;
		}
		if (error_count(p) > before) {
			json_decref(copy);   /* the reference is wrong: nothing more to say of it */
			continue;
		}
		/* A placeholder subject: the record's id is not known yet. */
		json_object_set_new(copy, kind, json_string(m->singular));
		json_object_set_new(copy, subject, json_integer(1));
		if (prepare(c, &items[i], copy, 1, p) < 0) {
			json_decref(copy);
			return -1;
		}
		json_decref(copy);
	}
	return 0;
}

static void citations_free(struct pending *items, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		pending_free(&items[i]);
		free((char *)items[i].prefix);
	}
	free(items);
}

/* Idempotency-Key (collection creates only): the first successful answer is kept with a hash
 * of the request, for --idempotency-ttl hours. */
#define IDEMPOTENCY_KEY_MAX 255

static const struct db_stmt idem_find = {
	"idempotency_find",
	"SELECT request, status, location, body FROM idempotency_keys"
	" WHERE actor = $1 AND key = $2 AND expires_at > now()",
	2,
};

/* Inserts, or takes over an expired row; no row back means a live one exists (a concurrent
 * twin got there first). Expired rows are swept a few at a time as keys are used. */
static const struct db_stmt idem_store = {
	"idempotency_store",
	"WITH swept AS (DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM"
	" idempotency_keys WHERE expires_at < now() - interval '1 hour' LIMIT 100))"
	" INSERT INTO idempotency_keys (actor, key, request, status, location, body, expires_at)"
	" VALUES ($1, $2, $3, $4::int, $5, $6, now() + $7::int * interval '1 hour')"
	" ON CONFLICT (actor, key) DO UPDATE SET request = EXCLUDED.request,"
	" status = EXCLUDED.status, location = EXCLUDED.location, body = EXCLUDED.body,"
	" created_at = now(), expires_at = EXCLUDED.expires_at"
	" WHERE idempotency_keys.expires_at <= now() RETURNING 1",
	7,
};

/* The key of the request, NULL when it has none; -1 in *bad after a 400 for a malformed one. */
static const char *idempotency_key(struct request *req, int *bad)
{
	const char *k = http_header(req, "Idempotency-Key");
	size_t n = k ? strlen(k) : 0;

	*bad = 0;
	if (!k)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (k[i] < 0x21 || k[i] > 0x7e)
			n = 0;
	if (n == 0 || n > IDEMPOTENCY_KEY_MAX) {
		http_send_error(req, 400, "Idempotency-Key must be 1 to %d visible ASCII characters.",
				IDEMPOTENCY_KEY_MAX);
		*bad = 1;
	}
	return k;
}

/* Answers a retry from the stored row r (columns of idem_find), or 422 when the key was used
 * for another request. */
static void replay(struct request *req, PGresult *r, const char *hash)
{
	if (strcmp(PQgetvalue(r, 0, 0), hash) != 0) {
		http_send_error(req, 422, "This Idempotency-Key was used with another request; use a "
				"new key for a new request.");
		return;
	}
	if (!PQgetisnull(r, 0, 2))
		http_add_header(req, "Location", PQgetvalue(r, 0, 2));
	http_add_header(req, "Idempotent-Replayed", "true");
	http_send_json_text(req, atoi(PQgetvalue(r, 0, 1)), PQgetvalue(r, 0, 3));
}

/* Looks the key up; returns 1 after answering from it, 0 to go ahead, -1 after an error. */
static int idempotent_replay(struct request *req, const char *key, const char *hash)
{
	struct problem p = PROBLEM_INIT;
	const char *vals[] = {req->actor, key};
	PGresult *r = db_query(&idem_find, vals, &p);

	if (!r) {
		http_send_problem(req, &p);
		return -1;
	}
	if (PQntuples(r) == 0) {
		PQclear(r);
		return 0;
	}
	replay(req, r, hash);
	PQclear(r);
	return 1;
}

void collection_create(struct request *req)
{
	const struct model *m = req->route->resource;
	struct problem p = PROBLEM_INIT;
	struct pending w = {m, NULL, {NULL, 0, 0}, 0, ""}, *cites = NULL;
	size_t ncites = 0, i;
	json_t *body, *list = NULL;
	PGresult *r = NULL;
	PGconn *c = NULL;
	char location[128], hash[2 * SHA256_LEN + 1];
	const char *idem;
	int bad_key, twin = 0;

	if (http_no_query_or_reply(req) < 0)
		return;
	idem = idempotency_key(req, &bad_key);
	if (bad_key)
		return;
	if (idem) {
		struct sha256 h;
		uint8_t d[SHA256_LEN];
		sha256_init(&h);
		sha256_update(&h, req->path, strlen(req->path));
		sha256_update(&h, "\n", 1);
		if (req->body.len)
			sha256_update(&h, req->body.data, req->body.len);
		sha256_final(&h, d);
		for (int i = 0; i < SHA256_LEN; i++)
			snprintf(hash + 2 * i, 3, "%02x", d[i]);
		if (idempotent_replay(req, idem, hash) != 0)
			return;
	}
	if (!(body = body_or_reply(req, 0)))
		return;
	if (m->citable && (list = json_object_get(body, cite_model()->name))) {
		json_incref(list);
		json_object_del(body, cite_model()->name);
	}
	if (!(c = begin(&p)))
		goto out;
	if (prepare(c, &w, body, 1, &p) < 0)
		goto out;
	if (list && prepare_citations(c, m, list, &cites, &ncites, &p) < 0)
		goto out;
	if (p.status || unique_or_conflict(c, &w, &p) < 0)
		goto out;
	if (store(c, &w, actor(req), &p) < 0)
		goto out;
	for (i = 0; i < ncites; i++) {
		json_object_set_new(cites[i].rec, cite_subject_field()->name, json_integer(w.id));
		if (store(c, &cites[i], actor(req), &p) < 0 ||
		    collection_history(c, cites[i].m, cites[i].id, "create", actor(req), &p) < 0)
			goto out;
	}
	/* Last, so that the record's first version shows its citations. */
	if (collection_history(c, m, w.id, "create", actor(req), &p) < 0)
		goto out;
	if (!(r = read_back(c, m, w.id, &p)))
		goto out;
	snprintf(location, sizeof(location), "/v1/%s/%lld", m->name, w.id);
	if (idem) {
		char ttl[16];
		const char *vals[] = {req->actor, idem, hash, "201", location, PQgetvalue(r, 0, 0), ttl};
		PGresult *stored;
		snprintf(ttl, sizeof(ttl), "%d", req->server->config->idempotency_hours);
		if (!(stored = db_exec_stmt(c, &idem_store, vals, &p)))
			goto out;
		twin = PQntuples(stored) == 0;
		PQclear(stored);
		if (twin) {
			/* A concurrent request with the same key committed first: this one is a
			 * retry after all, so it stores nothing and answers as that one did. */
			rollback(c);
			idempotent_replay(req, idem, hash);
			goto out;
		}
	}
	if (commit(c, &p) < 0)
		goto out;
	http_add_header(req, "Location", location);
	send_etag(req, PQgetvalue(r, 0, 0), atoll(PQgetvalue(r, 0, 1)));
	http_send_json_text(req, 201, PQgetvalue(r, 0, 0));
out:
	if (p.status) {
		rollback(c);
		http_send_problem(req, &p);
	}
	PQclear(r);
	json_decref(list);
	json_decref(body);
	pending_free(&w);
	citations_free(cites, ncites);
}

void collection_get(struct request *req)
{
	const struct model *m = req->route->resource;
	struct problem p = PROBLEM_INIT;
	long long id;
	const char *vals[1], *inm;
	PGresult *r;
	char tag[ETAG_SIZE];

	if (http_id_or_reply(req, req->params[0], &id) < 0 || http_no_query_or_reply(req) < 0)
		return;
	vals[0] = req->params[0];
	r = db_query(&m->sql->get, vals, &p);
	if (!r) {
		http_send_problem(req, &p);
		return;
	}
	if (PQntuples(r) == 0) {
		PQclear(r);
		http_send_error(req, 404, "There is no record %lld in %s.", id, m->name);
		return;
	}
	record_etag(PQgetvalue(r, 0, 0), atoll(PQgetvalue(r, 0, 1)), tag);
	http_add_header(req, "ETag", tag);
	/* A malformed If-None-Match is ignored: the full answer is always a safe one. */
	if ((inm = http_header(req, "If-None-Match")) &&
	    etag_matches(inm, tag, atoll(PQgetvalue(r, 0, 1)), 0) == 1) {
		PQclear(r);
		http_send(req, 304, NULL, NULL, 0);
		return;
	}
	http_send_json_text(req, 200, PQgetvalue(r, 0, 0));
	PQclear(r);
}

/* If-Match against the locked record (version, json): 1 when it matches or is absent, 0 when
 * it does not; -1 for a malformed header (then p is a 400). */
static int if_match(struct request *req, long long version, const char *json, struct problem *p)
{
	const char *h = http_header(req, "If-Match");
	char tag[ETAG_SIZE];
	int rc;

	if (!h)
		return 1;
	record_etag(json, version, tag);
	if ((rc = etag_matches(h, tag, version, 1)) < 0)
		problem_set(p, 400, "If-Match must be \"*\", the record's ETag, or its version in quotes "
			    "such as \"3\".");
	return rc;
}

/* Locks record id and checks If-Match. Returns the lock result (version, json), or NULL with
 * p filled (404, 412, 400 or a database problem). */
static PGresult *lock_or_problem(PGconn *c, struct request *req, const struct model *m,
				 long long id, struct problem *p)
{
	const char *vals[] = {req->params[0]};
	PGresult *r = db_exec_stmt(c, &m->sql->lock, vals, p);
	int ok;

	if (!r)
		return NULL;
	if (PQntuples(r) == 0) {
		PQclear(r);
		problem_set(p, 404, "There is no record %lld in %s.", id, m->name);
		return NULL;
	}
	ok = if_match(req, atoll(PQgetvalue(r, 0, 0)), PQgetvalue(r, 0, 1), p);
	if (ok <= 0) {
		if (ok == 0)
			problem_set(p, 412, "The record is at version %s; reload it and apply the change "
				    "again.", PQgetvalue(r, 0, 0));
		PQclear(r);
		return NULL;
	}
	return r;
}

/* RFC 7396: applies patch to target (an object), in place. */
static void merge_patch(json_t *target, json_t *patch)
{
	const char *key;
	json_t *v;

	json_object_foreach(patch, key, v) {
		json_t *cur = json_object_get(target, key);
		if (json_is_null(v))
			json_object_del(target, key);
		else if (json_is_object(v) && json_is_object(cur))
			merge_patch(cur, v);
		else
			json_object_set(target, key, v);
	}
}

/* PUT and PATCH: the new state is body itself, or the stored record with body merged in. */
static void update(struct request *req, int patch)
{
	const struct model *m = req->route->resource, *lister;
	struct problem p = PROBLEM_INIT;
	struct pending w = {m, NULL, {NULL, 0, 0}, 0, ""};
	json_t *body = NULL, *state = NULL;
	PGresult *locked = NULL, *r = NULL;
	PGconn *c = NULL;
	long long id;

	if (http_id_or_reply(req, req->params[0], &id) < 0 || http_no_query_or_reply(req) < 0 ||
	    !(body = body_or_reply(req, patch)))
		return;
	w.id = id;
	if (!(c = begin(&p)) || !(locked = lock_or_problem(c, req, m, id, &p)))
		goto out;
	if (patch) {
		/* The stored record less what only the server writes; fields the client may not
		 * write and gets wrong are then reported by validation. */
		state = json_loads(PQgetvalue(locked, 0, 1), 0, NULL);
		if (!state) {
			problem_set(&p, 500, "The stored record could not be read.");
			goto out;
		}
		json_object_del(state, "id");
		json_object_del(state, "version");
		json_object_del(state, "created_at");
		json_object_del(state, "updated_at");
		if (m->citable)
			json_object_del(state, cite_model()->name);
		for (int i = 0; model_listed(m, i, &lister); i++)
			json_object_del(state, lister->name);
		merge_patch(state, body);
	} else {
		state = json_incref(body);
	}
	if (prepare(c, &w, state, 0, &p) < 0 || p.status)
		goto out;
	if (unique_or_conflict(c, &w, &p) < 0 || store(c, &w, actor(req), &p) < 0 ||
	    collection_history(c, m, id, "update", actor(req), &p) < 0)
		goto out;
	if (!(r = read_back(c, m, id, &p)) || commit(c, &p) < 0)
		goto out;
	send_etag(req, PQgetvalue(r, 0, 0), atoll(PQgetvalue(r, 0, 1)));
	http_send_json_text(req, 200, PQgetvalue(r, 0, 0));
out:
	if (p.status) {
		rollback(c);
		http_send_problem(req, &p);
	}
	PQclear(locked);
	PQclear(r);
	json_decref(body);
	json_decref(state);
	pending_free(&w);
}

void collection_replace(struct request *req)
{
	update(req, 0);
}

void collection_patch(struct request *req)
{
	update(req, 1);
}

void collection_delete(struct request *req)
{
	const struct model *m = req->route->resource;
	struct problem p = PROBLEM_INIT;
	PGresult *locked = NULL, *refs = NULL, *r = NULL;
	PGconn *c = NULL;
	const char *vals[1];
	long long id;

	if (http_id_or_reply(req, req->params[0], &id) < 0 || http_no_query_or_reply(req) < 0)
		return;
	vals[0] = req->params[0];
	if (!(c = begin(&p)) || !(locked = lock_or_problem(c, req, m, id, &p)))
		goto out;
	if (!(refs = db_exec_stmt(c, &m->sql->referrers, vals, &p)))
		goto out;
	if (PQntuples(refs) > 0) {
		json_t *list = json_array();
		struct buf names = BUF_INIT;
		for (int i = 0; i < PQntuples(refs); i++) {
			json_array_append_new(list, json_pack("{s:s, s:I}", "collection",
							      PQgetvalue(refs, i, 0), "id",
							      (json_int_t)atoll(PQgetvalue(refs, i, 1))));
			if (i < 10)
				buf_printf(&names, "%s/v1/%s/%s", i ? ", " : "", PQgetvalue(refs, i, 0),
					   PQgetvalue(refs, i, 1));
		}
		problem_set(&p, 409, "Records still refer to this one; delete or change them first: %s%s.",
			    names.data ? names.data : "", PQntuples(refs) > 10 ? ", ..." : "");
		p.extra = json_pack("{s:o}", "referrers", list);
		buf_free(&names);
		goto out;
	}
	if (!(r = db_exec_stmt(c, &m->sql->remove, vals, &p)) ||
	    collection_history(c, m, id, "delete", actor(req), &p) < 0 || commit(c, &p) < 0)
		goto out;
	http_send(req, 204, NULL, NULL, 0);
out:
	if (p.status) {
		rollback(c);
		http_send_problem(req, &p);
	}
	PQclear(locked);
	PQclear(refs);
	PQclear(r);
}

void collection_history_list(struct request *req)
{
	static const struct db_stmt st = {
		"history_list",
		"SELECT coalesce(json_agg(json_build_object('version', version, 'changed_at',"
		" to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24\":\"MI\":\"SS\"Z\"'),"
		" 'actor', actor, 'action', action, 'record', record) ORDER BY version), '[]'::json),"
		" count(*) FROM history WHERE collection = $1 AND record_id = $2",
		2,
	};
	const struct model *m = req->route->resource;
	struct problem p = PROBLEM_INIT;
	struct buf out = BUF_INIT;
	const char *vals[2];
	long long id;
	PGresult *r;

	if (http_id_or_reply(req, req->params[0], &id) < 0 || http_no_query_or_reply(req) < 0)
		return;
	vals[0] = m->name;
	vals[1] = req->params[0];
	if (!(r = db_query(&st, vals, &p))) {
		http_send_problem(req, &p);
		return;
	}
	if (strcmp(PQgetvalue(r, 0, 1), "0") == 0) {
		/* No history: a record imported and not changed since has none yet; else 404. */
		PGresult *live = db_query(&m->sql->get, vals + 1, &p);
		int exists = live && PQntuples(live) == 1;
		PQclear(live);
		PQclear(r);
		if (p.status)
			http_send_problem(req, &p);
		else if (exists)
			http_send_json_text(req, 200, "{\"items\":[],\"next\":null}");
		else
			http_send_error(req, 404, "There is no record %lld in %s.", id, m->name);
		return;
	}
	buf_printf(&out, "{\"items\":%s,\"next\":null}", PQgetvalue(r, 0, 0));
	PQclear(r);
	if (!out.data) {
		http_send_error(req, 503, "The server is out of memory.");
		return;
	}
	{
		size_t len = out.len;
		http_send(req, 200, "application/json", buf_steal(&out), len);
	}
}

/* Appends a copy of row to the table with pattern (malloc'd, taken over) as its pattern. */
static int add_route(struct route **t, size_t *n, size_t *cap, struct route row, char *pattern)
{
	if (!pattern)
		return -1;
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		struct route *p = realloc(*t, c * sizeof(*p));
		if (!p) {
			free(pattern);
			return -1;
		}
		*t = p;
		*cap = c;
	}
	row.pattern = pattern;
	(*t)[(*n)++] = row;
	return 0;
}

static char *fmt(const char *f, const char *a, const char *b)
{
	char *s;

	return asprintf(&s, f, a, b) < 0 ? NULL : s;
}

/* Every pattern in the table is malloc'd (fixed ones copied), so the table frees uniformly. */
/* How many filterable references of m name target. */
static int refs_to(const struct model *m, const struct model *target)
{
	int n = 0;

	for (const struct field *f = m->fields; f->name; f++)
		n += f->type == FT_REF && (f->flags & FF_FILTER) && f->ref == target;
	return n;
}

struct route *collection_routes(const struct route *fixed)
{
	struct route *t = NULL;
	size_t n = 0, cap = 0, nfixed = 0;
	int bad = 0;

	while (fixed[nfixed].method)
		nfixed++;
	/* Fixed rows but the last (the catch-all), then the collections, then the catch-all. */
	for (size_t i = 0; i + 1 < nfixed; i++)
		bad |= add_route(&t, &n, &cap, fixed[i], strdup(fixed[i].pattern));
	for (int i = 0; models[i]; i++) {
		const struct model *m = models[i];
		const char *one = "/v1/%s/{id}";
		bad |= add_route(&t, &n, &cap, (struct route){.method = "GET", .handler = collection_list,
				 .resource = m, .produces = collection_list_types},
				 fmt("/v1/%s", m->name, NULL));
		bad |= add_route(&t, &n, &cap, (struct route){.method = "POST",
				 .handler = collection_create, .resource = m, .idempotent = 1},
				 fmt("/v1/%s", m->name, NULL));
		bad |= add_route(&t, &n, &cap, (struct route){.method = "GET", .handler = collection_get,
				 .resource = m}, fmt(one, m->name, NULL));
		bad |= add_route(&t, &n, &cap, (struct route){.method = "PUT",
				 .handler = collection_replace, .resource = m}, fmt(one, m->name, NULL));
		bad |= add_route(&t, &n, &cap, (struct route){.method = "PATCH",
				 .handler = collection_patch, .resource = m}, fmt(one, m->name, NULL));
		bad |= add_route(&t, &n, &cap, (struct route){.method = "DELETE",
				 .handler = collection_delete, .resource = m}, fmt(one, m->name, NULL));
		bad |= add_route(&t, &n, &cap, (struct route){.method = "GET",
				 .handler = collection_history_list, .resource = m},
				 fmt("/v1/%s/{id}/history", m->name, NULL));
		for (const struct model_route *mr = m->routes; mr && mr->suffix; mr++)
			bad |= add_route(&t, &n, &cap, (struct route){.method = "GET",
					 .handler = mr->handler, .resource = m},
					 fmt("/v1/%s/{id}/%s", m->name, mr->suffix));
		/* Nested lists: every filterable reference, e.g. /v1/sources/{id}/citations; none
		 * when two of them name the same model (a statement's speaker and subject are both
		 * people: which would /v1/people/{id}/statements mean?). */
		for (const struct field *f = m->fields; f->name; f++)
			if (f->type == FT_REF && (f->flags & FF_FILTER) && refs_to(m, f->ref) == 1)
				bad |= add_route(&t, &n, &cap, (struct route){.method = "GET",
						 .handler = collection_list, .resource = m, .field = f,
						 .produces = collection_list_types},
						 fmt("/v1/%s/{id}/%s", f->ref->name, m->name));
	}
	bad |= add_route(&t, &n, &cap, fixed[nfixed - 1], strdup(fixed[nfixed - 1].pattern));
	if (!bad) {
		struct route *p = realloc(t, (n + 1) * sizeof(*p));
		if (p) {
			t = p;
			memset(&t[n], 0, sizeof(t[n]));   /* the terminating row */
		}
		bad = !p;
	}
	if (bad) {
		for (size_t i = 0; i < n; i++)
			free((char *)t[i].pattern);
		free(t);
		return NULL;
	}
	return t;
}

void collection_routes_free(struct route *routes)
{
	for (struct route *r = routes; r && r->method; r++)
		free((char *)r->pattern);
	free(routes);
}
