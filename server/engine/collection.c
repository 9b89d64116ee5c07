/* The generic handlers of every collection: create, read, replace, patch, delete and history
 * (lists are list.c). A write is one transaction: validation against the field table, then the
 * checks that need the database (references, uniqueness, the model's hook), then the row, its
 * children, the hook's side effects and the history rows (store.c). Any 4xx rolls all of it
 * back, so the database is exactly as it was. Nothing here names a resource. */
#include "engine/collection.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "db/db.h"
#include "engine/cite.h"
#include "engine/idempotency.h"
#include "engine/sqlgen.h"
#include "engine/store.h"
#include "engine/validators.h"

/* History's actor: the API key's name, or "anonymous" where writes need no key. */
static const char *actor(struct request *req)
{
	return req->actor;
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

void collection_create(struct request *req)
{
	const struct model *m = req->route->resource;
	struct problem p = PROBLEM_INIT;
	struct pending w = {m, NULL, {NULL, 0, 0}, 0, ""}, *cites = NULL;
	size_t ncites = 0, i;
	json_t *body, *list = NULL;
	PGresult *r = NULL;
	PGconn *c = NULL;
	char location[128], hash[IDEM_HASH_SIZE];
	const char *idem;
	int bad_key, twin = 0;

	if (http_no_query_or_reply(req) < 0)
		return;
	idem = idem_key(req, &bad_key);
	if (bad_key)
		return;
	if (idem) {
		idem_hash(req, hash);
		if (idem_replay(req, idem, hash) != 0)
			return;
	}
	if (!(body = body_or_reply(req, 0)))
		return;
	if (m->citable && (list = json_object_get(body, cite_model()->name))) {
		json_incref(list);
		json_object_del(body, cite_model()->name);
	}
	if (!(c = store_begin(&p)))
		goto out;
	if (store_prepare(c, &w, body, 1, &p) < 0)
		goto out;
	if (list && store_citations(c, m, list, &cites, &ncites, &p) < 0)
		goto out;
	if (p.status || store_unique_or_conflict(c, &w, &p) < 0)
		goto out;
	if (store_write(c, &w, actor(req), &p) < 0)
		goto out;
	for (i = 0; i < ncites; i++) {
		json_object_set_new(cites[i].rec, cite_subject_field()->name, json_integer(w.id));
		if (store_write(c, &cites[i], actor(req), &p) < 0 ||
		    collection_history(c, cites[i].m, cites[i].id, "create", actor(req), &p) < 0)
			goto out;
	}
	/* Last, so that the record's first version shows its citations. */
	if (collection_history(c, m, w.id, "create", actor(req), &p) < 0)
		goto out;
	if (!(r = store_read_back(c, m, w.id, &p)))
		goto out;
	snprintf(location, sizeof(location), "/v1/%s/%lld", m->name, w.id);
	if (idem) {
		if ((twin = idem_save(c, req, idem, hash, location, PQgetvalue(r, 0, 0), &p)) < 0)
			goto out;
		if (twin) {
			/* A concurrent request with the same key committed first: this one is a
			 * retry after all, so it stores nothing and answers as that one did. */
			store_rollback(c);
			idem_replay(req, idem, hash);
			goto out;
		}
	}
	if (store_commit(c, &p) < 0)
		goto out;
	http_add_header(req, "Location", location);
	etag_send(req, PQgetvalue(r, 0, 0), atoll(PQgetvalue(r, 0, 1)));
	http_send_json_text(req, 201, PQgetvalue(r, 0, 0));
out:
	if (p.status) {
		store_rollback(c);
		http_send_problem(req, &p);
	}
	PQclear(r);
	json_decref(list);
	json_decref(body);
	store_pending_free(&w);
	store_citations_free(cites, ncites);
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
	ok = etag_if_match(req, atoll(PQgetvalue(r, 0, 0)), PQgetvalue(r, 0, 1), p);
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
	if (!(c = store_begin(&p)) || !(locked = lock_or_problem(c, req, m, id, &p)))
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
	if (store_prepare(c, &w, state, 0, &p) < 0 || p.status)
		goto out;
	if (store_unique_or_conflict(c, &w, &p) < 0 || store_write(c, &w, actor(req), &p) < 0 ||
	    collection_history(c, m, id, "update", actor(req), &p) < 0)
		goto out;
	if (!(r = store_read_back(c, m, id, &p)) || store_commit(c, &p) < 0)
		goto out;
	etag_send(req, PQgetvalue(r, 0, 0), atoll(PQgetvalue(r, 0, 1)));
	http_send_json_text(req, 200, PQgetvalue(r, 0, 0));
out:
	if (p.status) {
		store_rollback(c);
		http_send_problem(req, &p);
	}
	PQclear(locked);
	PQclear(r);
	json_decref(body);
	json_decref(state);
	store_pending_free(&w);
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
	if (!(c = store_begin(&p)) || !(locked = lock_or_problem(c, req, m, id, &p)))
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
	    collection_history(c, m, id, "delete", actor(req), &p) < 0 || store_commit(c, &p) < 0)
		goto out;
	http_send(req, 204, NULL, NULL, 0);
out:
	if (p.status) {
		store_rollback(c);
		http_send_problem(req, &p);
	}
	PQclear(locked);
	PQclear(refs);
	PQclear(r);
}

void collection_history_list(struct request *req)
{
	static const struct db_stmt st = {
		"history_list", "SELECT items, n FROM swaptrack_history($1, $2::bigint)", 2,
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
