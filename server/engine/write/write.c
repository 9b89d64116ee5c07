/* One write of one record, as write.h says: the steps of store.c in the order each kind of write
 * takes them. */
#include "engine/write/write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "db/db.h"
#include "engine/model/cite.h"
#include "engine/model/model.h"
#include "engine/model/validate.h"
#include "engine/routes/validators.h"
#include "engine/sql/sqlgen.h"
#include "engine/write/store.h"

/* Locks record w->id and checks If-Match. Returns the lock result (version, json), or NULL with
 * p filled (404, 412, 400 or a database problem). */
static PGresult *lock_or_problem(PGconn *c, const struct write *w, struct problem *p)
{
	char idtext[24];
	const char *vals[] = {idtext};
	PGresult *r;
	int ok;

	snprintf(idtext, sizeof(idtext), "%lld", w->id);
	if (!(r = db_exec_stmt(c, &w->model->sql->lock, vals, p)))
		return NULL;
	if (PQntuples(r) == 0) {
		long long into;

		PQclear(r);
		if (store_merged_into(c, w->model, w->id, &into, p) == 1) {
			problem_set(p, 409,
				    "Record %lld of %s was merged into /v1/%s/%lld; write to that "
				    "record.",
				    w->id, w->model->name, w->model->name, into);
			p->extra = json_pack("{s:I}", "merged_into", (json_int_t)into);
		} else if (!p->status) {
			problem_set(p, 404, "There is no record %lld in %s.", w->id, w->model->name);
		}
		return NULL;
	}
	ok = etag_if_match(w->if_match, atoll(PQgetvalue(r, 0, 0)), PQgetvalue(r, 0, 1), p);
	if (ok <= 0) {
		if (ok == 0)
			problem_set(p, 412,
				    "The record is at version %s; reload it and apply the change "
				    "again.",
				    PQgetvalue(r, 0, 0));
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

static int create(PGconn *c, struct write *w, struct problem *p)
{
	const struct model *m = w->model;
	struct write *cites = NULL;
	json_t *body = json_copy(w->body), *list = NULL; /* shallow: citations are taken out */
	size_t ncites = 0;
	int rc = -1;

	if (!body)
		return problem_set(p, 503, "The server is out of memory.");
	if (m->citable && (list = json_object_get(body, cite_model()->name))) {
		json_incref(list);
		json_object_del(body, cite_model()->name);
	}
	if (store_prepare(c, w, body, 1, p) < 0)
		goto out;
	if (list && store_citations(c, m, list, w->prefix, &cites, &ncites, p) < 0)
		goto out;
	if (p->status || store_unique_or_conflict(c, w, p) < 0 || store_write(c, w, w->actor, p) < 0)
		goto out;
	/* In one statement with their history (the record's document is recomputed once, not
	 * once a citation). */
	for (size_t i = 0; i < ncites; i++)
		json_object_set_new(cites[i].record, cite_subject_field()->name, json_integer(w->id));
	if (ncites && (store_insert_many(c, cites, ncites, w->actor, p) < 0 ||
		       store_cited_children(c, cites, ncites, p) < 0))
		goto out;
	/* Last, so that the record's first version shows its citations. */
	if (history_add(c, m, w->id, "create", w->actor, p) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0)
		w->id = 0; /* nothing was stored: the transaction is rolled back */
	json_decref(list);
	json_decref(body);
	write_clear(w);
	store_citations_free(cites, ncites);
	return rc;
}

/* A record whose side_key names sides (a party's code) keeps it while sides name it. */
static int side_key_kept(PGconn *c, const struct write *w, PGresult *locked, struct problem *p)
{
	const char *key = w->model->side_key;
	json_t *stored, *now = json_object_get(w->record, key ? key : "");
	char what[128];
	int same;

	if (!key || !json_is_string(now))
		return 0;
	if (!(stored = json_loads(PQgetvalue(locked, 0, 1), 0, NULL)))
		return problem_set(p, 500, "The stored record could not be read.");
	same = json_equal(json_object_get(stored, key), now);
	json_decref(stored);
	if (same)
		return 0;
	snprintf(what, sizeof(what), " by its %s, which cannot change until none does", key);
	return store_referred(c, &w->model->sql->side_referrers, w->id, what, p) != 0 ? -1 : 0;
}

/* Replace: the new state is the body; patch: the stored record with the body merged in. */
static int update(PGconn *c, struct write *w, struct problem *p)
{
	const struct model *m = w->model, *lister;
	json_t *state = NULL;
	PGresult *locked;
	int rc = -1;

	w->waived = 0; /* a waiver is for creates only */

	if (!(locked = lock_or_problem(c, w, p)))
		return -1;
	if (w->op == WRITE_PATCH) {
		/* The stored record less what only the server writes; fields the client may not
		 * write and gets wrong are then reported by validation. */
		if (!(state = json_loads(PQgetvalue(locked, 0, 1), 0, NULL))) {
			problem_set(p, 500, "The stored record could not be read.");
			goto out;
		}
		json_object_del(state, "id");
		json_object_del(state, "version");
		json_object_del(state, "created_at");
		json_object_del(state, "updated_at");
		if (m->citable) {
			json_object_del(state, cite_model()->name);
			json_object_del(state, CITE_CONFLICTS);
		}
		for (int i = 0; model_listed(m, i, &lister); i++)
			json_object_del(state, lister->name);
		validate_drop_computed(m, state);
		merge_patch(state, w->body);
	} else {
		state = json_incref(w->body);
	}
	if (store_prepare(c, w, state, 0, p) < 0 || p->status || side_key_kept(c, w, locked, p) < 0)
		goto out;
	if (store_unique_or_conflict(c, w, p) < 0 || store_write(c, w, w->actor, p) < 0 ||
	    history_add_merge(c, m, w->id, w->merged_from ? "merge" : "update", w->merged_from, w->id,
			      w->actor, p) < 0)
		goto out;
	rc = 0;
out:
	PQclear(locked);
	json_decref(state);
	write_clear(w);
	return rc;
}

/* A record still referred to gets 409 naming its referrers. */
static int remove_record(PGconn *c, struct write *w, struct problem *p)
{
	const struct model *m = w->model;
	PGresult *locked = NULL, *r = NULL;
	char idtext[24];
	const char *vals[] = {idtext};
	int rc = -1;

	snprintf(idtext, sizeof(idtext), "%lld", w->id);
	if (!(locked = lock_or_problem(c, w, p)) ||
	    store_referred(c, &m->sql->referrers, w->id, "", p) != 0)
		goto out;
	if (!(r = db_exec_stmt(c, &m->sql->remove, vals, p)) ||
	    history_add(c, m, w->id, "delete", w->actor, p) < 0)
		goto out;
	if (m->hooks && m->hooks->after_write) {
		w->conn = c;
		w->record = NULL;
		if (m->hooks->after_write(w, p) < 0)
			goto out;
	}
	rc = 0;
out:
	PQclear(locked);
	PQclear(r);
	return rc;
}

int write_many_eligible(const struct write *w)
{
	const struct model *m = w->model;

	if (w->op != WRITE_CREATE || !m || (m->hooks && m->hooks->after_write) ||
	    (m->waiver && !w->waived) || (m->citable && json_object_get(w->body, cite_model()->name)))
		return 0;
	for (const struct field *f = m->fields; f->name; f++)
		if (f->type == FT_CHILDREN || (f->flags & FF_UNIQUE))
			return 0;
	return 1;
}

int write_create_many(PGconn *c, struct write *w, size_t n, struct problem *p)
{
	json_t **bodies = calloc(n, sizeof(*bodies));
	int rc = -1;
	PGresult *r;

	if (!bodies) {
		problem_set(p, 503, "The server is out of memory.");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		bodies[i] = w[i].body;
	if (store_prepare_many(c, w, bodies, n, 1, p) < 0 && (!p->status || p->status >= 500))
		goto out;
	if (p->status) {
		/* Something is wrong with one of them: said by each one's own write. */
		problem_clear(p);
		rc = 1;
		goto out;
	}
	/* A statement that fails aborts the transaction; the savepoint keeps it for the writes one
	 * by one, which then say which record the database refused. */
	if (!(r = db_exec(c, "SAVEPOINT write_many", 0, NULL, p)))
		goto out;
	PQclear(r);
	/* Citations of a child's field point at it; one naming no child is said by its own write. */
	if (store_insert_many(c, w, n, w[0].actor, p) < 0 ||
	    (w[0].model == cite_model() && store_cited_children(c, w, n, p) < 0)) {
		if (p->status >= 500 || !(r = db_exec(c, "ROLLBACK TO SAVEPOINT write_many", 0, NULL, p)))
			goto out;
		PQclear(r);
		problem_clear(p);
		rc = 1;
		goto out;
	}
	if (!(r = db_exec(c, "RELEASE SAVEPOINT write_many", 0, NULL, p)))
		goto out;
	PQclear(r);
	rc = 0;
out:
	for (size_t i = 0; i < n; i++) {
		write_clear(&w[i]);
		if (rc)
			w[i].id = 0; /* none of them was stored */
	}
	free(bodies);
	return rc;
}

int write_apply(PGconn *c, struct write *w, struct problem *p)
{
	switch (w->op) {
	case WRITE_CREATE:
		return create(c, w, p);
	case WRITE_REPLACE:
	case WRITE_PATCH:
		return update(c, w, p);
	case WRITE_DELETE:
		return remove_record(c, w, p);
	}
	return problem_set(p, 500, "An unknown kind of write.");
}
