/* A record on its way to the database: its transaction, its validation and the checks that need
 * the database, its row and children, and its inline citations (its history row: history.c). */
#include "engine/write/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "engine/model/cite.h"
#include "engine/model/validate.h"
#include "engine/sql/sqlgen.h"

#define MAX_COLUMNS 64

static int run(PGconn *c, const char *sql, struct problem *p)
{
	PGresult *r = db_exec(c, sql, 0, NULL, p);

	PQclear(r);
	return r ? 0 : -1;
}

/* Opens a transaction on the worker's connection; NULL with p filled when it cannot. */
PGconn *store_begin(struct problem *p)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		PGconn *c = db_worker(p);
		if (!c)
			return NULL;
		if (run(c, "BEGIN", p) == 0)
			return c;
		if (PQstatus(c) == CONNECTION_OK)
			return NULL;
		problem_clear(p); /* a stale connection: the next attempt reconnects */
	}
	problem_set(p, 503, "The database is unavailable; try again shortly.");
	return NULL;
}

void store_rollback(PGconn *c)
{
	if (c && PQtransactionStatus(c) != PQTRANS_IDLE)
		PQclear(PQexec(c, "ROLLBACK"));
}

int store_commit(PGconn *c, struct problem *p)
{
	return db_commit(c, p);
}

int store_merged_into(PGconn *c, const struct model *m, long long id, long long *into, struct problem *p)
{
	char idtext[24];
	const char *vals[] = {idtext};
	PGresult *r;
	int found;

	*into = 0;
	if (!m->mergeable)
		return 0;
	snprintf(idtext, sizeof(idtext), "%lld", id);
	if (!(r = c ? db_exec_stmt(c, &m->sql->merged, vals, p) : db_query(&m->sql->merged, vals, p)))
		return -1;
	if ((found = PQntuples(r) == 1))
		*into = atoll(PQgetvalue(r, 0, 0));
	PQclear(r);
	return found;
}

void write_clear(struct write *w)
{
	json_decref(w->record);
	w->record = NULL;
	refs_free(&w->refs);
}

int store_error_count(const struct problem *p)
{
	return (int)p->nerrors;
}

/* Validates bodies[i] as w[i].model; field errors accumulate in p. Returns -1 only when p holds a
 * problem that is not a field error (the database failed). The references of all of them are
 * checked together, one query per target model. */
int store_prepare_many(PGconn *c, struct write *w, json_t *const *bodies, size_t n, int creating,
		       struct problem *p)
{
	struct refs all = {NULL, 0, 0}, *refs = n == 1 ? &w[0].refs : &all;
	int rc = 0, missing = 0;

	char *invalid = calloc(n + 1, 1); /* record i has a refused field */
	int ref_errors;

	if (!invalid)
		return problem_set(p, 503, "The server is out of memory.");
	for (size_t i = 0; i < n; i++) {
		int at = store_error_count(p);
		if (!(w[i].record = validate_record(w[i].model, bodies[i], w[i].prefix, refs, p))) {
			missing = 1;
			if (!p->errors)
				rc = -1;
		}
		invalid[i] = store_error_count(p) > at;
	}
	if (rc < 0 || missing) {
		refs_free(&all);
		free(invalid);
		return rc;
	}
	/* References are checked even when fields are wrong, so that every error is said at once. */
	ref_errors = store_error_count(p);
	rc = validate_refs(c, refs, p);
	ref_errors = store_error_count(p) > ref_errors;
	refs_free(&all);
	if (rc < 0) {
		free(invalid);
		return -1;
	}
	/* The models' own checks, over what is valid of each record: cross-field errors (a person
	 * released twice) are named with the field errors, not after they are fixed. */
	for (size_t i = 0; i < n; i++) {
		w[i].conn = c;
		w[i].creating = creating;
		w[i].partial = invalid[i] || ref_errors;
		if (w[i].model->hooks && w[i].model->hooks->check)
			w[i].model->hooks->check(&w[i], p);
		if (p->status && !p->errors) {
			free(invalid);
			return -1;
		}
	}
	free(invalid);
	return 0;
}

int store_prepare(PGconn *c, struct write *w, json_t *body, int creating, struct problem *p)
{
	return store_prepare_many(c, w, &body, 1, creating, p);
}

/* A live record other than w->id with the same value in a unique field gets 409 naming it. */
int store_unique_or_conflict(PGconn *c, struct write *w, struct problem *p)
{
	for (const struct field *f = w->model->fields; f->name; f++) {
		char idtext[24];
		const char *vals[2];
		PGresult *r;

		if (!(f->flags & FF_UNIQUE) || !json_is_string(json_object_get(w->record, f->name)))
			continue;
		snprintf(idtext, sizeof(idtext), "%lld", w->id);
		vals[0] = json_string_value(json_object_get(w->record, f->name));
		vals[1] = idtext;
		if (!(r = db_exec_stmt(c, sql_unique_stmt(w->model, f), vals, p)))
			return -1;
		if (PQntuples(r) > 0) {
			long long other = atoll(PQgetvalue(r, 0, 0));
			problem_set(p, 409, "A record of %s with this %s already exists: /v1/%s/%lld.",
				    w->model->name, f->name, w->model->name, other);
			p->extra = json_pack("{s:I, s:s}", "existing_id", (json_int_t)other, "field",
					     f->name);
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

int store_insert_many(PGconn *c, struct write *w, size_t n, const char *actor_name, struct problem *p)
{
	const struct model *m = w[0].model;
	int ncols = m->sql->ncols, chunk = ncols ? 60000 / ncols : 1000;
	struct buf ids = BUF_INIT;
	int rc = -1;

	if (chunk > 1000)
		chunk = 1000;
	for (size_t at = 0; at < n; at += (size_t)chunk) {
		int rows = n - at < (size_t)chunk ? (int)(n - at) : chunk, k = 0;
		char **vals = calloc((size_t)rows * (size_t)ncols + 1, sizeof(*vals));
		struct buf sql = BUF_INIT;
		PGresult *r = NULL;

		for (int i = 0; vals && i < rows; i++) {
			int got = sql_params(m, w[at + (size_t)i].record, vals + k);
			if (got < 0)
				break;
			k += got;
		}
		if (!vals || k != rows * ncols || sql_insert_many(&sql, m, rows) < 0) {
			sql_params_free(vals, k);
			free(vals);
			buf_free(&sql);
			problem_set(p, 503, "The server is out of memory.");
			goto out;
		}
		r = db_exec(c, sql.data, k, (const char *const *)vals, p);
		sql_params_free(vals, k);
		free(vals);
		buf_free(&sql);
		if (!r)
			goto out;
		/* RETURNING gives the rows in the order of VALUES, as PostgreSQL inserts them;
		 * the ids, drawn in that order, ascend. Checked, since the ids are matched by it. */
		if (PQntuples(r) != rows) {
			PQclear(r);
			problem_set(p, 500, "A bulk insert returned %d ids for %d records.",
				    PQntuples(r), rows);
			goto out;
		}
		for (int i = 0; i < rows; i++) {
			long long id = atoll(PQgetvalue(r, i, 0));
			if (at + (size_t)i > 0 && id <= w[at + (size_t)i - 1].id) {
				PQclear(r);
				problem_set(p, 500, "A bulk insert returned its ids out of order.");
				goto out;
			}
			w[at + (size_t)i].id = id;
			buf_printf(&ids, "%s%lld", ids.len ? "," : "{", id);
		}
		PQclear(r);
	}
	buf_puts(&ids, "}");
	rc = history_add_many(c, m, ids.data, "create", actor_name, p);
out:
	buf_free(&ids);
	return rc;
}

/* Record id while records refer to it (st: its model's referrers statement): 409 naming them
 * (what: the change refused), and 1. 0 when none does; -1 when the database failed. */
int store_referred(PGconn *c, const struct db_stmt *st, long long id, const char *what, struct problem *p)
{
	char idtext[24];
	const char *vals[] = {idtext};
	PGresult *refs;
	json_t *list;
	struct buf names = BUF_INIT;
	int n;

	snprintf(idtext, sizeof(idtext), "%lld", id);
	if (!(refs = db_exec_stmt(c, st, vals, p)))
		return -1;
	if ((n = PQntuples(refs)) == 0) {
		PQclear(refs);
		return 0;
	}
	list = json_array();
	for (int i = 0; i < n; i++) {
		json_array_append_new(list, json_pack("{s:s, s:I}", "collection", PQgetvalue(refs, i, 0),
						      "id", (json_int_t)atoll(PQgetvalue(refs, i, 1))));
		if (i < 10)
			buf_printf(&names, "%s/v1/%s/%s", i ? ", " : "", PQgetvalue(refs, i, 0),
				   PQgetvalue(refs, i, 1));
	}
	problem_set(p, 409, "Records still refer to this one%s; delete or change them first: %s%s.",
		    what, names.data ? names.data : "", n > 10 ? ", ..." : "");
	p->extra = json_pack("{s:o}", "referrers", list);
	buf_free(&names);
	PQclear(refs);
	return 1;
}

/* The children of list (of child model cm) under the parent idtext, in as few statements as the
 * parameter limit allows (one for any real list): the parent's read document is recomputed once
 * a statement (docs.c), so a row a statement would rebuild it once a child, each time reading
 * every child before it (a swap of 1,000 named releases). */
static int insert_children(PGconn *c, const struct model *cm, const char *idtext, json_t *list,
			   struct problem *p)
{
	int per = cm->sql->ncols + 3, chunk = 60000 / per;
	size_t total = json_array_size(list);

	for (size_t at = 0; at < total; at += (size_t)chunk) {
		int rows = total - at < (size_t)chunk ? (int)(total - at) : chunk, k = 0, bad = 0;
		char **vals = calloc((size_t)rows * (size_t)per + 1, sizeof(*vals));
		struct buf sql = BUF_INIT;
		PGresult *r;

		for (int i = 0; vals && i < rows && !bad; i++) {
			json_t *child = json_array_get(list, at + (size_t)i), *kept;
			char *id = strdup(idtext), *pos, *own = NULL;
			int got;
			if (!id || asprintf(&pos, "%zu", at + (size_t)i) < 0) {
				free(id);
				bad = 1;
				break;
			}
			vals[k++] = id;
			vals[k++] = pos;
			/* Its id when it keeps one (checked by child_ids), else NULL: a new one. */
			if ((kept = json_object_get(child, "id")) &&
			    asprintf(&own, "%lld", (long long)json_integer_value(kept)) < 0) {
				bad = 1;
				break;
			}
			vals[k++] = own;
			if ((got = sql_params(cm, child, vals + k)) < 0)
				bad = 1;
			else
				k += got;
		}
		if (!vals || bad || sql_insert_children(&sql, cm, rows) < 0) {
			if (vals)
				sql_params_free(vals, k);
			free(vals);
			buf_free(&sql);
			return problem_set(p, 503, "The server is out of memory.");
		}
		r = db_exec(c, sql.data, k, (const char *const *)vals, p);
		sql_params_free(vals, k);
		free(vals);
		buf_free(&sql);
		if (!r)
			return -1;
		PQclear(r);
	}
	return 0;
}

/* The ids given in list (children of cm under field name of record idtext, creating or not):
 * each must be one of the record's children of that list, given once; a new record has none.
 * Each that is not is a field error. Returns -1 when the database failed. */
static int child_ids(PGconn *c, const struct model *cm, const char *name, const char *prefix,
		     const char *idtext, int creating, json_t *list, struct problem *p)
{
	PGresult *r = NULL;
	json_t *child;
	size_t i;

	json_array_foreach(list, i, child) {
		json_t *id = json_object_get(child, "id");
		long long want = json_integer_value(id);
		int found = 0, twice = 0;
		char path[200];

		if (!id)
			continue;
		if (!creating && !r) {
			struct buf sql = BUF_INIT;
			const char *one[] = {idtext};
			buf_printf(&sql, "SELECT id FROM %s WHERE %s = $1", cm->table, cm->parent_key);
			r = sql.data ? db_exec(c, sql.data, 1, one, p) : NULL;
			buf_free(&sql);
			if (!r)
				return p->status ? -1
						 : problem_set(p, 503, "The server is out of memory.");
		}
		for (int k = 0; r && k < PQntuples(r) && !found; k++)
			found = atoll(PQgetvalue(r, k, 0)) == want;
		for (size_t j = 0; j < i && !twice; j++)
			twice = json_integer_value(json_object_get(json_array_get(list, j), "id")) ==
				want;
		problem_path(path, sizeof(path), "%s%s[%zu].id", prefix, name, i);
		if (creating)
			problem_field(p, path,
				      "is for keeping a child of a stored record; a new "
				      "record's children are new: leave it out");
		else if (!found)
			problem_field(p, path, "is not the id of one of this record's %s", cm->name);
		else if (twice)
			problem_field(p, path, "is given twice in %s", name);
	}
	PQclear(r);
	return 0;
}

/* After its lists are written: the citations of record idtext that name a child follow it to
 * its new index; one that names a child no longer there refuses the write (409). */
static int children_cited(PGconn *c, const struct model *m, long long id, struct problem *p)
{
	char idtext[24];
	const char *one[] = {idtext};
	PGresult *r;

	if (!cite_children_follows(m))
		return 0;
	if (store_referred(c, &m->sql->children_gone, id, " by a child this change removes", p))
		return -1;
	snprintf(idtext, sizeof(idtext), "%lld", id);
	if (!(r = db_exec_stmt(c, &m->sql->children_renumber, one, p)))
		return -1;
	PQclear(r);
	return 0;
}

int store_cited_children(PGconn *c, struct write *w, size_t n, struct problem *p)
{
	struct buf ids = BUF_INIT;
	const char *one[1];
	PGresult *r;
	size_t before = p->nerrors;

	for (size_t i = 0; i < n; i++)
		buf_printf(&ids, "%s%lld", i ? "," : "{", w[i].id);
	buf_puts(&ids, "}");
	if (!(one[0] = ids.data))
		return problem_set(p, 503, "The server is out of memory.");
	r = db_exec_stmt(c, &w[0].model->sql->children_fill, one, p);
	buf_free(&ids);
	if (!r)
		return -1;
	for (int k = 0; k < PQntuples(r); k++) {
		long long id = atoll(PQgetvalue(r, k, 0));
		for (size_t i = 0; i < n; i++) {
			char path[160];
			if (w[i].id != id)
				continue;
			problem_path(path, sizeof(path), "%s%s", w[i].prefix ? w[i].prefix : "",
				     PQfname(r, 1));
			problem_field(p, path, "'%s' names a child the record does not have",
				      PQgetvalue(r, k, 1));
		}
	}
	PQclear(r);
	return p->nerrors > before ? -1 : 0;
}

/* Inserts (w->id == 0) or updates the row, replaces its children and runs the model's
 * after-write hook. The caller records history once everything the record embeds is written. */
int store_write(PGconn *c, struct write *w, const char *actor_name, struct problem *p)
{
	const struct model *m = w->model;
	char *vals[MAX_COLUMNS + 1];
	char idtext[24];
	PGresult *r = NULL;
	int n, rc = -1, creating = w->id == 0;
	size_t before = p->nerrors;

	if (creating) {
		n = sql_params(m, w->record, vals);
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
		n = sql_params(m, w->record, vals + 1);
		if (n < 0)
			return problem_set(p, 503, "The server is out of memory.");
		rc = exec_params(c, &m->sql->update, vals, NULL, p);
		sql_params_free(vals + 1, n);
		if (rc < 0)
			return -1;
	}
	snprintf(idtext, sizeof(idtext), "%lld", w->id);
	for (const struct field *f = m->fields; f->name; f++)
		if (f->type == FT_CHILDREN &&
		    child_ids(c, f->ref, f->name, w->prefix ? w->prefix : "", idtext, creating,
			      json_object_get(w->record, f->name), p) < 0)
			return -1;
	if (p->nerrors > before)
		return -1;
	for (const struct field *f = m->fields; f->name; f++) {
		if (f->type != FT_CHILDREN)
			continue;
		if (!creating) {
			const char *one[] = {idtext};
			PGresult *cr = db_exec_stmt(c, &f->ref->sql->children_clear, one, p);
			if (!cr)
				return -1;
			PQclear(cr);
		}
		if (insert_children(c, f->ref, idtext, json_object_get(w->record, f->name), p) < 0)
			return -1;
	}
	if (!creating && children_cited(c, m, w->id, p) < 0)
		return -1;
	if (m == cite_model() && store_cited_children(c, w, 1, p) < 0)
		return -1;
	if (m->hooks && m->hooks->after_write) {
		w->conn = c;
		w->actor = actor_name;
		w->creating = creating;
		if (m->hooks->after_write(w, p) < 0)
			return -1;
	}
	return 0;
}

/* Reads record id of m inside the transaction; returns the result (json in column 0) or NULL. */
PGresult *store_read_back(PGconn *c, const struct model *m, long long id, struct problem *p)
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
		const char *vals[] = {NULL, "0"};
		const struct field *unique;
		json_t *v;
		PGresult *r;

		if (f->type != FT_REF || !f->lookup)
			continue;
		ref_member(key, sizeof(key), NULL, f); /* "source" + "_url" */
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
		/* A lookup field is a unique one (field_types_check makes sure). */
		unique = model_field(f->ref, f->lookup);
		if (!(r = db_exec_stmt(c, sql_unique_stmt(f->ref, unique), vals, p)))
			return -1;
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
int store_citations(PGconn *c, const struct model *m, json_t *list, const char *base,
		    struct write **out, size_t *count, struct problem *p)
{
	const struct model *cm = cite_model();
	const char *kind = cite_kind_field()->name, *subject = cite_subject_field()->name;
	struct write *items;
	json_t *item;
	size_t i;

	*out = NULL;
	*count = 0;
	if (!json_is_array(list)) {
		char path[160];

		problem_path(path, sizeof(path), "%s%s", base, cm->name);
		problem_field(p, path, "must be an array of %s", cm->name);
		return 0;
	}
	items = calloc(json_array_size(list) + 1, sizeof(*items));
	if (!items)
		return problem_set(p, 503, "The server is out of memory.");
	*out = items;
	json_array_foreach(list, i, item) {
		char prefix[160], path[200];
		json_t *copy;
		int before;

		problem_path(prefix, sizeof(prefix), "%s%s[%zu].", base, cm->name, i);
		items[i].model = cm;
		items[i].prefix = strdup(prefix);
		(*count)++;
		if (!items[i].prefix)
			return problem_set(p, 503, "The server is out of memory.");
		if (!json_is_object(item)) {
			problem_path(path, sizeof(path), "%s%s[%zu]", base, cm->name, i);
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
		before = store_error_count(p);
		if (resolve_lookups(c, cm, copy, prefix, p) < 0) {
			json_decref(copy);
			return -1;
		}
		if (store_error_count(p) > before) {
			json_decref(copy); /* the reference is wrong: nothing more to say of it */
			continue;
		}
		/* A placeholder subject: the record's id is not known yet. */
		json_object_set_new(copy, kind, json_string(m->singular));
		json_object_set_new(copy, subject, json_integer(1));
		if (store_prepare(c, &items[i], copy, 1, p) < 0) {
			json_decref(copy);
			return -1;
		}
		json_decref(copy);
	}
	/* Two of them equal (the model's equal hook): the later one is refused, naming the first. */
	for (size_t k = 1; cm->hooks && cm->hooks->equal && !p->status && k < *count; k++)
		for (size_t j = 0; j < k; j++) {
			if (!items[j].record || !items[k].record ||
			    !cm->hooks->equal(items[j].record, items[k].record))
				continue;
			problem_set(p, 409, "%s%s[%zu] is equal to %s%s[%zu]; give it once.", base,
				    cm->name, k, base, cm->name, j);
			p->extra = json_object();
			json_object_set_new(p->extra, "duplicate_of",
					    json_sprintf("%s%s[%zu]", base, cm->name, j));
			return -1;
		}
	return 0;
}

void store_citations_free(struct write *items, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		write_clear(&items[i]);
		free((char *)items[i].prefix);
	}
	free(items);
}
