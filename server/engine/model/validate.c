/* Body validation, driven by the field tables. */
#include "engine/model/validate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "db/db.h"
#include "engine/model/cite.h"
#include "engine/model/fieldtype.h"
#include "engine/model/fieldvalue.h"
#include "engine/model/types.h"
#include "engine/sql/sqlgen.h"

/* Keys every record has that only the server writes. */
static const char *const server_keys[] = {"id", "version", "created_at", "updated_at", NULL};

static int in_list(const char *const *list, const char *s)
{
	for (; list && *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/* Children: an array of records of the child model, each validated as one (with its path). */
static json_t *children_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
			      struct problem *p)
{
	char item[256];
	json_t *out, *x;
	size_t i;
	int bad = 0;

	if (!json_is_array(v)) {
		problem_field(p, path, "must be an array of objects");
		return NULL;
	}
	if ((f->flags & FF_REQUIRED) && json_array_size(v) == 0) {
		problem_field(p, path, "must have at least one item");
		return NULL;
	}
	if (f->max && json_array_size(v) > f->max) {
		problem_field(p, path, "must have at most %zu items", f->max);
		return NULL;
	}
	out = json_array();
	json_array_foreach(v, i, x) {
		size_t before = p->nerrors;
		json_t *child;
		problem_path(item, sizeof(item), "%s[%zu].", path, i);
		child = validate_record(f->ref, x, item, refs, p);
		bad |= !child || p->nerrors > before;
		json_array_append_new(out, child ? child : json_null());
	}
	if (bad) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* Returns the stored form of v for f (a new reference), or NULL when v is invalid. */
static json_t *field_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
			   struct problem *p)
{
	if (f->type == FT_CHILDREN)
		return children_value(f, path, v, refs, p);
	return field_ops(f)->value(f, path, v, refs, p);
}

/* The stored form of an omitted or null optional field. */
static json_t *empty_value(const struct field *f)
{
	if (f->def && f->type == FT_BOOL)
		return json_boolean(strcmp(f->def, "true") == 0);
	if (f->def)
		return json_string(f->def);
	if (field_ops(f)->array)
		return json_array();
	return json_null();
}

json_t *validate_record(const struct model *m, json_t *in, const char *prefix, struct refs *refs,
			struct problem *p)
{
	json_t *out, *v;
	size_t before = p->nerrors;
	const char *key;
	char path[256];

	if (!json_is_object(in)) {
		if (*prefix) {
			problem_path(path, sizeof(path), "%.*s", (int)strlen(prefix) - 1, prefix);
			problem_field(p, path, "must be an object");
		} else {
			problem_set(p, 422, "The body must be a JSON object.");
		}
		return NULL;
	}
	out = json_object();
	if (!out) {
		problem_set(p, 503, "The server is out of memory.");
		return NULL;
	}
	/* Unknown keys first: a typo must never vanish silently. */
	json_object_foreach(in, key, v) {
		problem_path_join(path, sizeof(path), prefix, key);
		if (model_field(m, key))
			continue;
		if (m->inputs && model_input(m, key)) {
			json_t *given = json_is_null(v)
						? NULL
						: field_value(model_input(m, key), path, v, refs, p);
			if (given)
				json_object_set_new(out, key, given);
			continue;
		}
		if (m->parent_key && strcmp(key, "id") == 0) {
			/* A child's id keeps it (store.c checks that it is one of the parent's). */
			if (json_is_null(v))
				continue;
			if (!json_is_integer(v) || json_integer_value(v) < 1)
				problem_field(p, path, "must be the id of one of the record's %s",
					      m->name);
			else
				json_object_set(out, key, v);
			continue;
		}
		if (!m->parent_key && (in_list(server_keys, key) || model_lists(m, key) ||
				       (m->citable && strcmp(key, CITE_CONFLICTS) == 0)))
			problem_field(p, path, "is set by the server and cannot be written");
		else if (!m->parent_key && m->citable && strcmp(key, cite_model()->name) == 0)
			problem_field(p, path,
				      "can be given only when creating; add %s with "
				      "POST /v1/%s",
				      cite_model()->name, cite_model()->name);
		else
			problem_field(p, path, "is not a field of %s", m->name);
	}
	for (const struct field *f = m->fields; f->name; f++) {
		json_t *stored = NULL;

		problem_path_join(path, sizeof(path), prefix, f->name);
		v = json_object_get(in, f->name);
		if (!v || json_is_null(v)) {
			if (f->flags & FF_REQUIRED)
				problem_field(p, path, "is required");
			else
				stored = empty_value(f);
		} else {
			stored = field_value(f, path, v, refs, p);
		}
		json_object_set_new(out, f->name, stored ? stored : json_null());
	}
	if (m->hooks && m->hooks->complete && p->nerrors == before)
		m->hooks->complete(out);
	return out;
}

void validate_drop_computed(const struct model *m, json_t *rec)
{
	for (const struct field *f = m->fields; f->name; f++)
		if (field_ops(f)->computed)
			json_object_del(rec, f->name);
}

/* The sides among refs that name a party: one query for all their codes, which locks the live
 * parties that have them (FOR KEY SHARE) so that none is deleted or recoded before the write
 * commits; each code no live party has is refused. */
static int validate_sides(PGconn *c, const struct refs *refs, struct problem *p)
{
	const struct model *side = model_side();
	struct buf codes = BUF_INIT;
	struct problem dbp = PROBLEM_INIT;
	const char *vals[1];
	PGresult *r;

	for (size_t i = 0; i < refs->n; i++)
		if (refs->items[i].code)
			field_array_item(&codes, refs->items[i].code);
	if (!codes.len)
		return 0;
	buf_puts(&codes, "}");
	vals[0] = codes.data;
	if (!(r = db_exec_stmt(c, &side->sql->sides, vals, &dbp))) {
		buf_free(&codes);
		problem_clear(p);
		*p = dbp;
		return -1;
	}
	for (size_t i = 0; i < refs->n; i++) {
		int found = 0;
		if (!refs->items[i].code)
			continue;
		for (int k = 0; k < PQntuples(r) && !found; k++)
			found = strcmp(PQgetvalue(r, k, 0), refs->items[i].code) == 0;
		if (!found)
			side_refused(p, refs->items[i].path, refs->items[i].code);
	}
	PQclear(r);
	buf_free(&codes);
	return 0;
}

int validate_refs(PGconn *c, const struct refs *refs, struct problem *p)
{
	if (validate_sides(c, refs, p) < 0)
		return -1;
	/* One query per target table, for all its ids at once. */
	for (size_t i = 0; i < refs->n; i++) {
		const struct model *t = refs->items[i].target;
		struct buf ids = BUF_INIT;
		PGresult *r;
		size_t j;
		int seen = 0;

		if (refs->items[i].code)
			continue;
		for (j = 0; j < i; j++)
			seen |= refs->items[j].target == t && !refs->items[j].code;
		if (seen)
			continue;
		for (j = i; j < refs->n; j++)
			if (refs->items[j].target == t && !refs->items[j].code)
				buf_printf(&ids, "%s%lld", ids.len ? "," : "{", refs->items[j].id);
		buf_puts(&ids, "}");
		{
			const char *vals[] = {ids.data};
			struct problem dbp = PROBLEM_INIT;
			r = db_exec_stmt(c, &t->sql->exists, vals, &dbp);
			if (!r) {
				buf_free(&ids);
				problem_clear(p);
				*p = dbp;
				return -1;
			}
		}
		for (j = i; j < refs->n; j++) {
			int found = 0;
			if (refs->items[j].target != t || refs->items[j].code)
				continue;
			for (int k = 0; k < PQntuples(r) && !found; k++)
				found = atoll(PQgetvalue(r, k, 0)) == refs->items[j].id;
			if (!found)
				problem_field(p, refs->items[j].path, "there is no record %lld in %s",
					      refs->items[j].id, t->name);
		}
		PQclear(r);
		buf_free(&ids);
	}
	return 0;
}

int validate_query_value(enum field_type type, const char *const *values, const char *s, const char **why)
{
	return field_type_ops(type)->query(values, s, why);
}
