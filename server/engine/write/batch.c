/* POST /v1/batch: operations on any collections in order, in one transaction, each made by
 * write.c exactly as its single request would make it. A later operation names an earlier one's
 * record by {"ref": NAME} wherever a reference goes (top level, children, inline citations, a
 * patch's or delete's id). Any failure stores nothing: the answer is the status the first
 * failing operation would have had alone, and names every bad field of every operation from the
 * batch's root ("operations[3].record.releases[0].detention_id"). Once one operation has failed
 * the database is not written again; the later operations are still checked field by field
 * (creates and replaces; a patch needs the stored record to be checked). */
#include "engine/write/batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "db/db.h"
#include "engine/model/cite.h"
#include "engine/model/validate.h"
#include "engine/openapi/openapi.h"
#include "engine/sql/sqlgen.h"
#include "engine/write/idempotency.h"
#include "engine/write/store.h"
#include "engine/write/write.h"
#include "http/http.h"

#define REF_MAX 100 /* characters of a ref's name */

static const char *const op_names[] = {"create", "patch", "delete", NULL};
static const char *const op_keys[] = {"op", "collection", "ref", "id", "if_match", "record", NULL};

/* What an operation left for the later ones. */
struct slot {
	const char *ref; /* its name, or NULL (borrowed from the body) */
	const struct model *m;
	long long id; /* its record once written; 0 if it was not */
	enum write_op op;
	long deleted_by; /* the later delete of its record (its index), or -1 */
	int duplicate;   /* a create skipped: id is the equal live record's */
};

struct batch {
	json_t *ops; /* the body's operations (borrowed) */
	struct slot *slots;
	size_t n;
	int failed;          /* an operation failed: nothing more is written */
	long first_failed;   /* its index, or -1 */
	struct problem p;    /* everything said so far, with the first failure's status */
	size_t solo_until;   /* operations before it go one by one (a group was refused) */
	int skip_duplicates; /* "duplicates": "skip": a create equal to a live record is not made */
};

#define GROUP_MIN 2 /* creates made together (write_create_many) at least */

static int in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static const struct model *collection(const char *name)
{
	for (int i = 0; name && models[i]; i++)
		if (strcmp(models[i]->name, name) == 0)
			return models[i];
	return NULL;
}

/* The name of a {"ref": NAME} object, or NULL when v is not one. */
static const char *ref_name(json_t *v)
{
	return json_is_object(v) && json_object_size(v) == 1
		       ? json_string_value(json_object_get(v, "ref"))
		       : NULL;
}

/* The earlier operation (before k) that has ref name, or NULL. */
static struct slot *earlier(struct batch *b, size_t k, const char *name)
{
	for (size_t i = 0; i < k; i++)
		if (b->slots[i].ref && strcmp(b->slots[i].ref, name) == 0)
			return &b->slots[i];
	return NULL;
}

/* Whether the ref of slot s names a record a later operation may use: said at path when not (a
 * delete's ref names no record; a record an operation before k deleted is gone). */
static int usable(const struct slot *s, const char *name, size_t k, const char *path, struct problem *p)
{
	if (s->op == WRITE_DELETE)
		problem_field(p, path, "\"%s\" names a delete, which leaves no record to refer to", name);
	else if (s->deleted_by >= 0 && (size_t)s->deleted_by < k)
		problem_field(p, path, "\"%s\" names a record that operations[%ld] deleted", name,
			      s->deleted_by);
	else
		return 1;
	return 0;
}

/* Replaces v, a {"ref": NAME} at path, by the id of operation NAME's record, which must be of
 * model target (a subject's: the model its kind names, when given; else any cited model) and
 * live; 1 when it was replaced, 0 when it was no ref, -1 after an error (or when the operation
 * named did not write its record because an earlier one failed: then *unwritten is set and
 * nothing is said). */
static int resolve(struct batch *b, size_t k, json_t *parent, const char *key, json_t *v,
		   const struct model *target, const char *path, int *unwritten, struct problem *p)
{
	const char *name = ref_name(v);
	struct slot *s;
	int ok = 0;

	if (!name)
		return 0;
	/* A wrong ref is reported here, and a stand-in id put in its place, so that the record's
	 * other fields are still checked and this one is not reported twice. */
	if (!(s = earlier(b, k, name)))
		problem_field(p, path, "no earlier operation has the ref \"%s\"", name);
	else if (target && s->m != target)
		problem_field(p, path, "\"%s\" is a record of %s, not of %s", name, s->m->name,
			      target->name);
	else if (!target && !s->m->citable)
		problem_field(p, path, "\"%s\" is a record of %s, which is not cited", name, s->m->name);
	else
		ok = usable(s, name, k, path, p);
	if (!ok) {
		json_object_set_new(parent, key, json_integer(1));
		return -1;
	}
	if (!s->id) {
		*unwritten = 1;
		json_object_set_new(parent, key, json_integer(1)); /* a stand-in, never written */
		return -1;
	}
	json_object_set_new(parent, key, json_integer(s->id));
	return 1;
}

/* The model a subject reference of rec must name: the one its kind field names (when that is a
 * kind at all; a wrong kind is the kind's own error), or NULL for any cited model. */
static const struct model *subject_model(json_t *rec)
{
	const char *kind = json_string_value(json_object_get(rec, cite_kind_field()->name));

	return kind ? model_by_subject(kind) : NULL;
}

/* Resolves the refs in record rec of m (a copy), children and inline citations included. */
static void resolve_record(struct batch *b, size_t k, const struct model *m, json_t *rec,
			   const char *prefix, int *unwritten, struct problem *p)
{
	char path[256];

	if (!json_is_object(rec))
		return;
	for (const struct field *f = m->fields; f->name; f++) {
		json_t *v = json_object_get(rec, f->name), *item;
		size_t i;

		problem_path(path, sizeof(path), "%s%s", prefix, f->name);
		if (f->type == FT_REF || f->type == FT_SUBJECT)
			resolve(b, k, rec, f->name, v, f->type == FT_REF ? f->ref : subject_model(rec),
				path, unwritten, p);
		else if (f->type == FT_CHILDREN && json_is_array(v))
			json_array_foreach(v, i, item) {
				problem_path(path, sizeof(path), "%s%s[%zu].", prefix, f->name, i);
				resolve_record(b, k, f->ref, item, path, unwritten, p);
			}
	}
	if (m->citable && json_is_array(json_object_get(rec, cite_model()->name))) {
		json_t *item;
		size_t i;

		json_array_foreach(json_object_get(rec, cite_model()->name), i, item) {
			problem_path(path, sizeof(path), "%s%s[%zu].", prefix, cite_model()->name, i);
			resolve_record(b, k, cite_model(), item, path, unwritten, p);
		}
	}
}

/* Checks operation k's own members; fills w (w->body a new reference) or adds errors. */
static void parse_op(struct batch *b, size_t k, json_t *op, struct write *w, const char *at,
		     int *unwritten, struct problem *p)
{
	const char *key, *name;
	char path[128];
	json_t *v;

	if (!json_is_object(op)) {
		problem_path(path, sizeof(path), "%.*s", (int)strlen(at) - 1, at);
		problem_field(p, path, "must be an object: {\"op\", \"collection\", ...}");
		return;
	}
	w->model = collection(json_string_value(json_object_get(op, "collection")));
	json_object_foreach(op, key, v)
		if (!in_list(op_keys, key) &&
		    !(w->model && w->model->waiver && strcmp(key, w->model->waiver) == 0)) {
			problem_path(path, sizeof(path), "%s%s", at, key);
			problem_field(p, path,
				      "is not a member of an operation (op, collection, ref, id, "
				      "if_match, record)");
		}
	name = json_string_value(json_object_get(op, "op"));
	problem_path(path, sizeof(path), "%sop", at);
	if (!name || !in_list(op_names, name)) {
		problem_field(p, path, "must be one of: create, patch, delete");
		return; /* what else it needs depends on what it is */
	}
	w->op = strcmp(name, "create") == 0  ? WRITE_CREATE
		: strcmp(name, "patch") == 0 ? WRITE_PATCH
					     : WRITE_DELETE;
	problem_path(path, sizeof(path), "%scollection", at);
	if (!w->model) {
		struct buf names = BUF_INIT;
		for (int i = 0; models[i]; i++)
			buf_printf(&names, "%s%s", i ? ", " : "", models[i]->name);
		problem_field(p, path, "must be one of: %s", names.data ? names.data : "");
		buf_free(&names);
	}
	/* The model's waivable check, waived for this create: "duplicate": "allow". */
	if (w->model && w->model->waiver && (v = json_object_get(op, w->model->waiver))) {
		problem_path(path, sizeof(path), "%s%s", at, w->model->waiver);
		if (w->op != WRITE_CREATE || !json_is_string(v) || strcmp(json_string_value(v), "allow"))
			problem_field(p, path, "can only be \"allow\", on a create");
		else
			w->waived = 1;
	}
	if ((v = json_object_get(op, "ref"))) {
		problem_path(path, sizeof(path), "%sref", at);
		/* Characters, as the documents say, not bytes (JSON strings are UTF-8). */
		if (!json_is_string(v) || !*json_string_value(v) ||
		    utf8_length(json_string_value(v)) > REF_MAX)
			problem_field(p, path, "must be a name of 1 to %d characters", REF_MAX);
		else if (earlier(b, k, json_string_value(v)))
			problem_field(p, path, "\"%s\" names an earlier operation already",
				      json_string_value(v));
		else
			b->slots[k].ref = json_string_value(v);
	}
	problem_path(path, sizeof(path), "%sid", at);
	v = json_object_get(op, "id");
	if (w->op == WRITE_CREATE && v) {
		problem_field(p, path, "is given by the server on create");
	} else if (w->op != WRITE_CREATE) {
		if (ref_name(v)) {
			struct slot *s = earlier(b, k, ref_name(v));
			if (!s)
				problem_field(p, path, "no earlier operation has the ref \"%s\"",
					      ref_name(v));
			else if (w->model && s->m != w->model)
				problem_field(p, path, "\"%s\" is a record of %s", ref_name(v),
					      s->m->name);
			else if (!usable(s, ref_name(v), k, path, p))
				;
			else if (!s->id)
				*unwritten = 1;
			else
				w->id = s->id;
		} else if (json_is_integer(v) && json_integer_value(v) > 0) {
			w->id = (long long)json_integer_value(v);
		} else {
			problem_field(p, path, "must be the id of a record, or {\"ref\": NAME}");
		}
	}
	if ((v = json_object_get(op, "if_match"))) {
		problem_path(path, sizeof(path), "%sif_match", at);
		if (w->op == WRITE_CREATE)
			problem_field(p, path, "is for patch and delete only");
		else if (!json_is_string(v))
			problem_field(p, path,
				      "must be an ETag or a version in quotes, such as \"\\\"3\\\"\"");
		else
			w->if_match = json_string_value(v);
	}
	v = json_object_get(op, "record");
	problem_path(path, sizeof(path), "%srecord", at);
	if (w->op == WRITE_DELETE && v) {
		problem_field(p, path, "is not given to a delete");
	} else if (w->op != WRITE_DELETE && !json_is_object(v)) {
		problem_field(p, path, "must be an object: the record (create) or the change (patch)");
	} else if (v && w->model) {
		char prefix[64];

		w->body = json_deep_copy(v);
		snprintf(prefix, sizeof(prefix), "%srecord.", at);
		resolve_record(b, k, w->model, w->body, prefix, unwritten, p);
	}
}

/* Operation k deleted record id of m: the earlier operations that made it or named it by ref
 * now name a record that is gone. */
static void deleted(struct batch *b, size_t k, const struct model *m, long long id)
{
	for (size_t i = 0; i < k; i++)
		if (b->slots[i].m == m && b->slots[i].id == id && b->slots[i].deleted_by < 0)
			b->slots[i].deleted_by = (long)k;
}

/* A create refused as equal to a live record (409 with existing_id, from the model's check):
 * with "duplicates": "skip" it is not made and answers that record (1, p cleared); otherwise its
 * problem names the equal one as duplicate_of, the earlier operation that made it
 * ("operations[2]") or its id (0). */
static int equal_to(struct batch *b, size_t k, int creating, struct problem *p)
{
	json_t *existing = json_object_get(p->extra, "existing_id");
	long long id = json_integer_value(existing);

	if (!creating || !json_is_integer(existing) || b->slots[k].m != cite_model())
		return 0;
	if (b->skip_duplicates) {
		b->slots[k].id = id;
		b->slots[k].duplicate = 1;
		problem_clear(p);
		return 1;
	}
	for (size_t j = 0; j < k; j++)
		if (b->slots[j].m == b->slots[k].m && b->slots[j].id == id &&
		    b->slots[j].op == WRITE_CREATE) {
			json_object_set_new(p->extra, "duplicate_of", json_sprintf("operations[%zu]", j));
			return 0;
		}
	json_object_set_new(p->extra, "duplicate_of", json_integer(id));
	return 0;
}

/* Runs operation k: writes it while nothing has failed, else checks what can be checked
 * without the database. */
static int run_op(struct batch *b, PGconn *c, size_t k, const char *actor)
{
	struct problem p = PROBLEM_INIT;
	struct write w = {.op = WRITE_CREATE, .actor = actor};
	char at[48], prefix[64];
	int unwritten = 0, rc = 0;

	snprintf(at, sizeof(at), "operations[%zu].", k);
	snprintf(prefix, sizeof(prefix), "%srecord.", at);
	w.prefix = prefix;
	parse_op(b, k, json_array_get(b->ops, k), &w, at, &unwritten, &p);
	b->slots[k].m = w.model;
	b->slots[k].op = w.op;
	if (!p.status && !unwritten && !b->failed) {
		int creating = w.op == WRITE_CREATE;

		if (write_apply(c, &w, &p) == 0) {
			b->slots[k].id = w.id;
			if (w.op == WRITE_DELETE)
				deleted(b, k, w.model, w.id);
		} else if (p.status == 409 && equal_to(b, k, creating, &p)) {
			; /* skipped, or named */
		} else if (!p.errors && p.status >= 500) {
			rc = -1; /* the database failed: nothing more can be asked of it */
		}
	} else if (!p.status && unwritten && !b->failed) {
		/* Only an earlier failure leaves a ref unwritten: never report a record that is not
		 * stored as if it were. */
		problem_set(&p, 422, "Operation %zu names a record that was not stored.", k);
	} else if (w.model && w.body && w.op != WRITE_PATCH) {
		/* Not written (this operation or an earlier one is wrong): its fields alone (its
		 * inline citations need the record they cite). */
		size_t before = p.nerrors;

		if (w.model->citable)
			json_object_del(w.body, cite_model()->name);
		w.record = validate_record(w.model, w.body, prefix, &w.refs, &p);
		/* The model's own checks, those that need no database (conn NULL), as an import makes
		 * them, over what is valid of the record (every bad field at once). */
		if (w.record && w.model->hooks && w.model->hooks->check) {
			w.creating = w.op == WRITE_CREATE;
			w.partial = p.nerrors > before;
			w.model->hooks->check(&w, &p);
		}
		write_clear(&w);
	}
	if (p.status && !b->failed) {
		b->failed = 1;
		b->first_failed = (long)k;
	}
	problem_absorb(&b->p, &p);
	json_decref(w.body);
	return rc;
}

/* Makes the operations from k on that can be made together (write_many_eligible, of one model,
 * none naming another of them by ref) in one go, as write.c makes them one by one. Returns how
 * many it made: 0 when fewer than GROUP_MIN qualify or one of them is refused (then they go one
 * by one, which says what is wrong); -1 when the database failed. */
static long run_group(struct batch *b, PGconn *c, size_t k, const char *actor)
{
	size_t cap = b->n - k, n = 0;
	struct write *ws = calloc(cap, sizeof(*ws));
	char(*prefixes)[64] = calloc(cap, sizeof(*prefixes));
	struct problem p = PROBLEM_INIT;
	long made = 0;
	int rc;

	if (!ws || !prefixes) {
		free(ws);
		free(prefixes);
		return 0;
	}
	for (size_t j = k; j < b->n; j++) {
		struct write w = {.op = WRITE_CREATE, .prefix = prefixes[n], .actor = actor};
		struct problem q = PROBLEM_INIT;
		int unwritten = 0, ok;
		char at[48];

		snprintf(at, sizeof(at), "operations[%zu].", j);
		snprintf(prefixes[n], sizeof(prefixes[n]), "%srecord.", at);
		parse_op(b, j, json_array_get(b->ops, j), &w, at, &unwritten, &q);
		ok = !q.status && !unwritten && w.model && (!n || w.model == ws[0].model) &&
		     write_many_eligible(&w);
		problem_clear(&q);
		if (!ok) {
			json_decref(w.body);
			break;
		}
		/* Known to the later ones, as not written yet: a ref to it ends the group. */
		b->slots[j].m = w.model;
		b->slots[j].op = WRITE_CREATE;
		ws[n++] = w;
	}
	if (n >= GROUP_MIN) {
		if ((rc = write_create_many(c, ws, n, &p)) == 0) {
			for (size_t i = 0; i < n; i++)
				b->slots[k + i] = (struct slot){b->slots[k + i].ref,
								ws[i].model,
								ws[i].id,
								WRITE_CREATE,
								-1,
								0};
			made = (long)n;
		} else if (rc < 0) {
			b->failed = 1;
			b->first_failed = (long)k;
			problem_absorb(&b->p, &p);
			made = -1;
		} else {
			b->solo_until = k + n;
		}
	}
	for (size_t i = 0; i < n; i++)
		json_decref(ws[i].body);
	problem_clear(&p);
	free(ws);
	free(prefixes);
	return made;
}

/* {"results": [...]}: each operation's ref, op, status, id, location and record as read now (one
 * statement per collection for all of them). */
static json_t *results(struct batch *b, PGconn *c, struct problem *p)
{
	json_t *out = json_array(), **recs = calloc(b->n, sizeof(*recs));
	static const char *const ops[] = {"create", "replace", "patch", "delete"};

	if (!recs) {
		json_decref(out);
		problem_set(p, 503, "The server is out of memory.");
		return NULL;
	}
	for (int mi = 0; models[mi]; mi++) {
		struct buf ids = BUF_INIT;
		const char *vals[1];
		PGresult *r;

		for (size_t k = 0; k < b->n; k++)
			if (b->slots[k].m == models[mi] && b->slots[k].op != WRITE_DELETE)
				buf_printf(&ids, "%s%lld", ids.len ? "," : "{", b->slots[k].id);
		if (!ids.len)
			continue;
		buf_puts(&ids, "}");
		vals[0] = ids.data;
		r = ids.data ? db_exec_stmt(c, &models[mi]->sql->get_many, vals, p) : NULL;
		buf_free(&ids);
		if (!r) {
			if (!p->status)
				problem_set(p, 503, "The server is out of memory.");
			goto fail;
		}
		/* A record a later operation deleted is not there to read: its record stays null. */
		for (int row = 0; row < PQntuples(r); row++) {
			long long id = atoll(PQgetvalue(r, row, 0));
			for (size_t k = 0; k < b->n; k++)
				if (b->slots[k].m == models[mi] && b->slots[k].id == id &&
				    b->slots[k].op != WRITE_DELETE && !recs[k])
					recs[k] = json_loads(PQgetvalue(r, row, 1), 0, NULL);
		}
		PQclear(r);
	}
	for (size_t k = 0; k < b->n; k++) {
		const struct slot *s = &b->slots[k];
		json_t *loc = json_null();
		char location[128];

		if (s->op != WRITE_DELETE) {
			snprintf(location, sizeof(location), "/v1/%s/%lld", s->m->name, s->id);
			loc = json_string(location);
		}
		json_array_append_new(out, json_pack("{s:s?, s:s, s:i, s:I, s:o, s:o}", "ref", s->ref,
						     "op", ops[s->op], "status",
						     s->duplicate            ? 200
						     : s->op == WRITE_CREATE ? 201
						     : s->op == WRITE_DELETE ? 204
									     : 200,
						     "id", (json_int_t)s->id, "location", loc, "record",
						     recs[k] ? recs[k] : json_null()));
		if (s->duplicate)
			json_object_set_new(json_array_get(out, json_array_size(out) - 1), "duplicate",
					    json_true());
	}
	free(recs);
	return json_pack("{s:o}", "results", out);
fail:
	for (size_t k = 0; k < b->n; k++)
		json_decref(recs[k]);
	free(recs);
	json_decref(out);
	return NULL;
}

/* The body's shape: {"operations": [...]}, 1 to BATCH_MAX of them. 0, or -1 with p filled (422,
 * 413). Other members are reported in b (the operations are still checked, and nothing
 * written). */
static int shape(json_t *body, struct batch *b, struct problem *p)
{
	const char *key;
	json_t *v;

	json_object_foreach(body, key, v)
		if (strcmp(key, "duplicates") == 0) {
			const char *s = json_string_value(v);
			if (s && strcmp(s, "skip") == 0) {
				b->skip_duplicates = 1;
			} else if (!s || strcmp(s, "refuse") != 0) {
				problem_field(&b->p, key,
					      "must be \"skip\" (a citation equal to a live one is not "
					      "stored again) or \"refuse\" (409, the default)");
				b->failed = 1;
			}
		} else if (strcmp(key, "operations") != 0) {
			problem_field(&b->p, key,
				      "is not a member of a batch: it has operations and duplicates "
				      "only");
			b->failed = 1;
		}
	b->ops = json_object_get(body, "operations");
	if (!json_is_array(b->ops) || json_array_size(b->ops) == 0)
		problem_field(p, "operations", "must be an array of 1 to %d operations", BATCH_MAX);
	else if (json_array_size(b->ops) > BATCH_MAX)
		problem_set(p, 413, "A batch holds at most %d operations; this one has %zu.", BATCH_MAX,
			    json_array_size(b->ops));
	if (!p->status)
		return 0;
	problem_absorb(p, &b->p); /* a 413 stays a 413 */
	return -1;
}

int batch_apply(json_t *body, const char *actor, PGconn **conn, json_t **answer, struct problem *p)
{
	struct batch b = {NULL, NULL, 0, 0, -1, PROBLEM_INIT, 0, 0};
	int rc = -1;

	*conn = NULL;
	*answer = NULL;
	if (shape(body, &b, p) < 0)
		goto out;
	b.n = json_array_size(b.ops);
	if (!(b.slots = calloc(b.n, sizeof(*b.slots)))) {
		problem_set(p, 503, "The server is out of memory.");
		goto out;
	}
	for (size_t k = 0; k < b.n; k++)
		b.slots[k].deleted_by = -1;
	if (!(*conn = store_begin(p)))
		goto out;
	for (size_t k = 0; k < b.n;) {
		long made = 0;

		/* While nothing has failed, creates that can go together do (write_create_many). */
		if (!b.failed && k >= b.solo_until && (made = run_group(&b, *conn, k, actor)) < 0)
			break;
		if (made > 0) {
			k += (size_t)made;
			continue;
		}
		if (run_op(&b, *conn, k, actor) < 0)
			break;
		k++;
	}
	if (b.p.status) {
		/* The first failing operation's answer, every operation's bad fields. */
		problem_absorb(p, &b.p);
		if (b.first_failed >= 0) {
			if (!p->extra)
				p->extra = json_object();
			json_object_set_new(p->extra, "operation", json_integer(b.first_failed));
		}
		goto out;
	}
	if ((*answer = results(&b, *conn, p)))
		rc = 0;
	else if (!p->status)
		problem_set(p, 503, "The server is out of memory.");
out:
	if (rc < 0 && *conn) {
		store_rollback(*conn);
		*conn = NULL;
	}
	problem_clear(&b.p);
	free(b.slots);
	return rc;
}

void batch_handler(struct request *req)
{
	struct problem p = PROBLEM_INIT;
	json_t *body = NULL, *answer = NULL;
	char hash[IDEM_HASH_SIZE], *text = NULL;
	const char *idem;
	PGconn *c = NULL;
	int twin;

	if (http_no_query_or_reply(req) < 0 || idem_start(req, &idem, hash))
		return;
	if (!(body = http_json_body_or_reply(req, 0)))
		return;
	if (batch_apply(body, req->actor, &c, &answer, &p) < 0)
		goto out;
	if (!(text = json_dumps(answer, JSON_COMPACT))) {
		problem_set(&p, 503, "The server is out of memory.");
		goto out;
	}
	if (idem) {
		if ((twin = idem_save(c, req, idem, hash, "200", NULL, text, &p)) < 0)
			goto out;
		if (twin) {
			store_rollback(c);
			idem_replay(req, idem, hash);
			goto done;
		}
	}
	if (store_commit(c, &p) < 0)
		goto out;
	http_send_json_text(req, 200, text);
out:
	if (p.status) {
		store_rollback(c);
		http_send_problem(req, &p);
	}
done:
	problem_clear(&p);
	free(text);
	json_decref(answer);
	json_decref(body);
}

json_t *batch_doc(void)
{
	json_t *ops = json_array(), *colls = json_array(), *r;

	for (int i = 0; op_names[i]; i++)
		json_array_append_new(ops, json_string(op_names[i]));
	for (int i = 0; models[i]; i++)
		json_array_append_new(colls, json_string(models[i]->name));
	r = json_pack("{s:o}", "200",
		      openapi_response(
			      "Every operation's result, in order: {ref, op, "
			      "status, id, location, record}.",
			      openapi_schema(
				      "{\"type\": \"object\", \"required\": [\"results\"], \"properties\": {\"results\": {"
				      "\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"ref\", \"op\","
				      " \"status\", \"id\", \"location\", \"record\"], \"properties\": {"
				      "\"ref\": {\"type\": [\"string\", \"null\"]}, \"op\": {\"type\": \"string\"},"
				      " \"status\": {\"type\": \"integer\"}, \"id\": {\"type\": [\"integer\", \"null\"]},"
				      " \"location\": {\"type\": [\"string\", \"null\"]},"
				      " \"record\": {\"type\": [\"object\", \"null\"]}}}}}}")));
	openapi_errors(r, openapi_write_errors);
	return json_pack(
		"{s:{s:s, s:s, s:{s:b, s:{s:{s:{s:s, s:[s], s:{s:{s:s, s:i, s:i, s:{s:s, s:[s,s], "
		"s:{s:{s:s, s:o}, s:{s:s, s:o}, s:{s:s, s:i}, s:{s:s}, s:{s:s}, s:{s:s, s:s, s:b}}}}}}}}}, s:o}}",
		"post", "summary",
		"Many writes in one transaction, later ones naming earlier ones' "
		"records by ref.",
		"description",
		"Operations run in order; any failure stores nothing "
		"and answers with the first failing operation's status, naming every bad field from "
		"the batch's root (operations[3].record.person_id). A reference anywhere in a record "
		"may be {\"ref\": NAME}, an earlier operation's ref. Needs a write key; honours "
		"Idempotency-Key.",
		"requestBody", "required", 1, "content", "application/json", "schema", "type", "object",
		"required", "operations", "properties", "operations", "type", "array", "minItems", 1,
		"maxItems", BATCH_MAX, "items", "type", "object", "required", "op", "collection",
		"properties", "op", "type", "string", "enum", ops, "collection", "type", "string",
		"enum", colls, "ref", "type", "string", "maxLength", REF_MAX, "id", "description",
		"patch, delete: an id, or {\"ref\": NAME}", "if_match", "type", "string", "record",
		"type", "object", "description",
		"create, replace: the record, as the collection's input schema says, where any reference "
		"may be {\"ref\": NAME}; patch: the fields to change",
		"additionalProperties", 1, "responses", r);
}
