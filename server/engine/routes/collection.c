/* The generic handlers of every collection: create, read, replace, patch, delete and history
 * (lists are list.c). A write is one transaction: validation against the field table, then the
 * checks that need the database (references, uniqueness, the model's hook), then the row, its
 * children, the hook's side effects and the history rows (store.c). Any 4xx rolls all of it
 * back, so the database is exactly as it was. Nothing here names a resource. */
#include "engine/routes/collection.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "db/db.h"
#include "engine/list/shape.h"
#include "engine/model/cite.h"
#include "engine/routes/validators.h"
#include "engine/sql/sqlgen.h"
#include "engine/write/idempotency.h"
#include "engine/write/store.h"
#include "engine/write/write.h"

/* History's actor: the API key's name, or "anonymous" where writes need no key. */
static const char *actor(struct request *req)
{
	return req->actor;
}

struct waiver_args {
	const char *name; /* the model's waiver */
	const char *bad;  /* the first parameter that is not it, or not "allow" */
	int waived;
};

static int waiver_arg(void *ctx, const char *key, const char *value)
{
	struct waiver_args *a = ctx;

	if (a->name && strcmp(key, a->name) == 0 && value && strcmp(value, "allow") == 0) {
		a->waived = 1;
		return 0;
	}
	a->bad = key;
	return 1;
}

/* A create takes one query parameter, ?<waiver>=allow, when its model has a waivable check;
 * any other gets 400. 0, or -1 after answering. */
static int waiver_or_reply(struct request *req, const struct model *m, int *waived)
{
	struct waiver_args a = {m->waiver, NULL, 0};

	if (!m->waiver)
		return http_no_query_or_reply(req);
	if (http_query_each(req, waiver_arg, &a)) {
		http_send_error(req, 400, "Unknown query parameter '%s'; a create takes only %s=allow.",
				a.bad, m->waiver);
		return -1;
	}
	*waived = a.waived;
	return 0;
}

/* The answer to a write whose record r read back (JSON, version), made whole before the commit:
 * after it nothing may fail that would answer 503 for a write that was stored. Then the commit
 * and the answer, or the rollback and p. */
static void commit_and_answer(struct request *req, PGconn *c, int status, const char *location,
			      PGresult *r, struct problem *p)
{
	char *text = NULL;

	if ((location && http_add_header(req, "Location", location) < 0) ||
	    etag_send(req, PQgetvalue(r, 0, 0), atoll(PQgetvalue(r, 0, 1))) < 0 ||
	    !(text = strdup(PQgetvalue(r, 0, 0))))
		problem_set(p, 503, "The server is out of memory.");
	if (!p->status && store_commit(c, p) == 0) {
		http_send(req, status, "application/json", text, strlen(text));
		return;
	}
	free(text);
	http_drop_headers(req);
	store_rollback(c);
	http_send_problem(req, p);
}

void collection_send_written(struct request *req, PGconn *c, const struct model *m, long long id,
			     struct problem *p)
{
	PGresult *r = store_read_back(c, m, id, p);

	if (r) {
		commit_and_answer(req, c, 200, NULL, r, p);
	} else {
		store_rollback(c);
		http_send_problem(req, p);
	}
	PQclear(r);
}

void collection_create(struct request *req)
{
	const struct model *m = req->route->resource;
	struct problem p = PROBLEM_INIT;
	struct write w = {.op = WRITE_CREATE, .model = m, .prefix = "", .actor = actor(req)};
	json_t *body;
	PGresult *r = NULL;
	PGconn *c = NULL;
	char location[128], hash[IDEM_HASH_SIZE];
	const char *idem;
	int twin = 0;

	if (waiver_or_reply(req, m, &w.waived) < 0 || idem_start(req, &idem, hash))
		return;
	if (!(body = http_json_body_or_reply(req, 0)))
		return;
	w.body = body;
	if (!(c = store_begin(&p)) || write_apply(c, &w, &p) < 0)
		goto out;
	if (!(r = store_read_back(c, m, w.id, &p)))
		goto out;
	snprintf(location, sizeof(location), "/v1/%s/%lld", m->name, w.id);
	if (idem) {
		if ((twin = idem_save(c, req, idem, hash, "201", location, PQgetvalue(r, 0, 0), &p)) < 0)
			goto out;
		if (twin) {
			/* A concurrent request with the same key committed first: this one is a
			 * retry after all, so it stores nothing and answers as that one did. */
			store_rollback(c);
			idem_replay(req, idem, hash);
			goto out;
		}
	}
	commit_and_answer(req, c, 201, location, r, &p);
	PQclear(r);
	json_decref(body);
	return;
out:
	if (p.status) {
		store_rollback(c);
		http_send_problem(req, &p);
	}
	PQclear(r);
	json_decref(body);
}

static int query_arg(void *ctx, const char *key, const char *value)
{
	struct buf *b = ctx;

	buf_puts(b, b->data && strchr(b->data, '?') ? "&" : "?");
	for (int part = 0; part < 2; part++) {
		const unsigned char *s = (const unsigned char *)(part ? value : key);
		if (part && !value)
			break;
		if (part)
			buf_puts(b, "=");
		for (; *s; s++)
			if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
			    (*s >= '0' && *s <= '9') || strchr("-._~", *s))
				buf_append(b, s, 1);
			else
				buf_printf(b, "%%%02X", *s);
	}
	return 0;
}

void collection_not_found(struct request *req, const struct model *m, long long id)
{
	struct problem p = PROBLEM_INIT;
	struct buf to = BUF_INIT;
	long long into;
	const char *rest;
	char prefix[96];
	int moved = store_merged_into(NULL, m, id, &into, &p);

	if (moved < 0) {
		http_send_problem(req, &p);
		return;
	}
	if (!moved) {
		http_send_error(req, 404, "There is no record %lld in %s.", id, m->name);
		return;
	}
	/* The same path with the survivor's id, and the same query. */
	snprintf(prefix, sizeof(prefix), "/v1/%s/", m->name);
	rest = strncmp(req->path, prefix, strlen(prefix)) == 0 ? req->path + strlen(prefix) : "";
	rest += strspn(rest, "0123456789");
	buf_printf(&to, "%s%lld%s", prefix, into, rest);
	http_query_each(req, query_arg, &to);
	if (!to.data) {
		http_send_error(req, 503, "The server is out of memory.");
		return;
	}
	http_add_header(req, "Location", to.data);
	buf_free(&to);
	buf_printf(&to, "{\"merged_into\":%lld}", into);
	http_send_json_text(req, 308, to.data ? to.data : "{}");
	buf_free(&to);
}

struct read_args {
	struct shape shape;
	struct problem p;
	int fields, embed; /* times given */
};

/* A read takes fields= and embed= (shape.c), each once, nothing else. */
static int read_arg(void *ctx, const char *key, const char *value)
{
	struct read_args *a = ctx;
	int *seen = strcmp(key, "fields") == 0  ? &a->fields
		    : strcmp(key, "embed") == 0 ? &a->embed
						: NULL;

	if (seen && (*seen)++) {
		if (!a->p.status)
			problem_set(&a->p, 400, "The query is not valid; see errors.");
		problem_field(&a->p, key, "%s", "is given twice");
		return 0;
	}
	if (!shape_arg(&a->shape, key, value, &a->p)) {
		if (!a->p.status)
			problem_set(&a->p, 400, "The query is not valid; see errors.");
		problem_field(&a->p, key, "%s",
			      "is not a parameter of a read; it takes fields and embed");
	}
	return 0;
}

/* Record id of m as the query shapes it: the generated statement for the whole record, or one
 * generated for this request's fields= and embed= (the same WHERE, the same single row). */
static PGresult *read_record(const struct model *m, const char *id, const struct shape *sh,
			     struct problem *p)
{
	struct buf sql = BUF_INIT;
	const char *vals[] = {id};
	PGresult *r = NULL;
	PGconn *c;

	if (!shape_given(sh))
		return db_query(&m->sql->get, vals, p);
	buf_puts(&sql, "SELECT ");
	sql_json(&sql, m, sh);
	buf_printf(&sql, ", t.version FROM %s t WHERE t.id = $1::bigint AND t.deleted_at IS NULL",
		   m->table);
	if (!sql.data)
		problem_set(p, 503, "The server is out of memory.");
	else if ((c = db_worker(p)))
		r = db_exec(c, sql.data, 1, vals, p);
	buf_free(&sql);
	return r;
}

void collection_get(struct request *req)
{
	const struct model *m = req->route->resource;
	struct read_args a = {.shape = {.m = m}, .p = PROBLEM_INIT};
	long long id;
	const char *inm;
	PGresult *r;
	char tag[ETAG_SIZE];

	if (http_id_or_reply(req, req->params[0], &id) < 0)
		return;
	http_query_each(req, read_arg, &a);
	if (a.p.status || !(r = read_record(m, req->params[0], &a.shape, &a.p))) {
		http_send_problem(req, &a.p);
		return;
	}
	if (PQntuples(r) == 0) {
		PQclear(r);
		collection_not_found(req, m, id);
		return;
	}
	/* A shaped answer is another representation, with its own tag (its hash is of what was
	 * sent): If-None-Match works on it as on the whole record; If-Match on a write compares
	 * with the whole record's, or takes the version alone. */
	etag_record(PQgetvalue(r, 0, 0), atoll(PQgetvalue(r, 0, 1)), tag);
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

/* PUT, PATCH and DELETE of record {id}. */
static void change(struct request *req, enum write_op op)
{
	const struct model *m = req->route->resource;
	struct problem p = PROBLEM_INIT;
	struct write w = {.op = op,
			  .model = m,
			  .if_match = http_header(req, "If-Match"),
			  .prefix = "",
			  .actor = actor(req)};
	json_t *body = NULL;
	PGconn *c = NULL;

	if (http_id_or_reply(req, req->params[0], &w.id) < 0 || http_no_query_or_reply(req) < 0)
		return;
	if (op != WRITE_DELETE && !(body = http_json_body_or_reply(req, op == WRITE_PATCH)))
		return;
	w.body = body;
	if (!(c = store_begin(&p)) || write_apply(c, &w, &p) < 0) {
		store_rollback(c);
		http_send_problem(req, &p);
	} else if (op != WRITE_DELETE) {
		collection_send_written(req, c, m, w.id, &p);
	} else if (store_commit(c, &p) == 0) {
		http_send(req, 204, NULL, NULL, 0);
	} else {
		http_send_problem(req, &p);
	}
	json_decref(body);
}

void collection_replace(struct request *req)
{
	change(req, WRITE_REPLACE);
}

void collection_patch(struct request *req)
{
	change(req, WRITE_PATCH);
}

void collection_delete(struct request *req)
{
	change(req, WRITE_DELETE);
}

void collection_history_list(struct request *req)
{
	static const struct db_stmt st = {
		"history_list",
		"SELECT items, n FROM swaptrack_history($1, $2::bigint)",
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
