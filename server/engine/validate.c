/* Body validation, driven by the field tables. */
#include "engine/validate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "db/db.h"
#include "engine/cite.h"
#include "engine/types.h"

/* Keys every record has that only the server writes. */
static const char *const server_keys[] = {"id", "version", "created_at", "updated_at", NULL};

static int in_list(const char *const *list, const char *s)
{
	for (; list && *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static void enum_list(struct buf *b, const char *const *values)
{
	for (int i = 0; values[i]; i++)
		buf_printf(b, "%s%s", i ? ", " : "", values[i]);
}

static void add_ref(struct refs *refs, const char *path, const struct model *target, long long id)
{
	if (refs->n == refs->cap) {
		size_t cap = refs->cap ? refs->cap * 2 : 8;
		struct ref_check *p = realloc(refs->items, cap * sizeof(*p));
		if (!p)
			return;
		refs->items = p;
		refs->cap = cap;
	}
	refs->items[refs->n].path = strdup(path);
	if (!refs->items[refs->n].path)
		return;
	refs->items[refs->n].target = target;
	refs->items[refs->n].id = id;
	refs->n++;
}

void refs_free(struct refs *refs)
{
	for (size_t i = 0; i < refs->n; i++)
		free(refs->items[i].path);
	free(refs->items);
	memset(refs, 0, sizeof(*refs));
}

/* One country code; 0 or -1 after reporting at path. */
static int country(const char *path, json_t *v, struct problem *p)
{
	const char *s = json_string_value(v);

	if (!s) {
		problem_field(p, path, "must be a country code such as \"RU\"");
		return -1;
	}
	if (!country_find(s)) {
		char upper[3] = {0};
		if (strlen(s) == 2) {
			upper[0] = (char)(s[0] >= 'a' && s[0] <= 'z' ? s[0] - 32 : s[0]);
			upper[1] = (char)(s[1] >= 'a' && s[1] <= 'z' ? s[1] - 32 : s[1]);
		}
		if (upper[0] && country_find(upper))
			problem_field(p, path, "country codes are upper case: \"%s\"", upper);
		else
			/* Quoted up to 20 bytes, cut between characters. */
			problem_field(p, path, "\"%.*s%s\" is not an ISO 3166-1 alpha-2 country code",
				      (int)utf8_cut(s, strlen(s), 20), s, strlen(s) > 20 ? "..." : "");
		return -1;
	}
	return 0;
}

/* A string of at most max characters passing f->check; 0 or -1 after reporting. */
static int text(const struct field *f, const char *path, json_t *v, size_t max, struct problem *p)
{
	const char *s = json_string_value(v), *why;

	if (!s) {
		problem_field(p, path, "must be a string");
		return -1;
	}
	if (max && utf8_length(s) > max) {
		problem_field(p, path, "must be at most %zu characters", max);
		return -1;
	}
	if ((f->flags & FF_REQUIRED) && !*s) {
		problem_field(p, path, "must not be empty");
		return -1;
	}
	if (f->check && f->check(s, &why) < 0) {
		problem_field(p, path, "%s", why);
		return -1;
	}
	return 0;
}

/* Returns the stored form of v for f (a new reference), or NULL when v is invalid. */
static json_t *field_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
			   struct problem *p)
{
	struct partial_date d;
	const char *why;
	char item[256];
	size_t i;
	json_t *x;

	switch (f->type) {
	case FT_TEXT:
		return text(f, path, v, f->max, p) ? NULL : json_incref(v);
	case FT_DATE:
		if (!json_is_string(v)) {
			problem_field(p, path, "must be a date as YYYY, YYYY-MM or YYYY-MM-DD");
			return NULL;
		}
		if (partial_date_parse(json_string_value(v), &d, &why) < 0) {
			problem_field(p, path, "%s", why);
			return NULL;
		}
		return json_incref(v);
	case FT_COUNTRY:
		return country(path, v, p) ? NULL : json_incref(v);
	case FT_ENUM:
	case FT_KIND:
		if (!json_is_string(v) || !in_list(field_values(f), json_string_value(v))) {
			struct buf b = BUF_INIT;
			enum_list(&b, field_values(f));
			problem_field(p, path, "must be one of: %s", b.data ? b.data : "");
			buf_free(&b);
			return NULL;
		}
		return json_incref(v);
	case FT_BOOL:
		if (!json_is_boolean(v)) {
			problem_field(p, path, "must be true or false");
			return NULL;
		}
		return json_incref(v);
	case FT_REF:
	case FT_SUBJECT:
		if (!json_is_integer(v) || json_integer_value(v) < 1) {
			problem_field(p, path, "must be the id of a record: a positive integer");
			return NULL;
		}
		if (f->type == FT_REF)
			add_ref(refs, path, f->ref, (long long)json_integer_value(v));
		return json_incref(v);
	case FT_COUNTRIES:
	case FT_STRINGS: {
		int bad = 0;
		if (!json_is_array(v)) {
			problem_field(p, path, "must be an array");
			return NULL;
		}
		if (json_array_size(v) > (f->type == FT_COUNTRIES ? f->max : 100)) {
			problem_field(p, path, "must have at most %zu items",
				      f->type == FT_COUNTRIES ? f->max : (size_t)100);
			return NULL;
		}
		json_array_foreach(v, i, x) {
			problem_path(item, sizeof(item), "%s[%zu]", path, i);
			if (f->type == FT_COUNTRIES) {
				int this_bad = country(item, x, p);
				for (size_t j = 0; !this_bad && j < i; j++)
					if (json_equal(x, json_array_get(v, j))) {
						problem_field(p, item, "%s is already in the list",
							      json_string_value(x));
						this_bad = 1;
					}
				bad |= this_bad;
			} else {
				struct field one = {.flags = FF_REQUIRED};
				bad |= text(&one, item, x, f->max, p);
			}
		}
		return bad ? NULL : json_incref(v);
	}
	case FT_CHILDREN: {
		json_t *out;
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
	}
	return NULL;
}

/* The stored form of an omitted or null optional field. */
static json_t *empty_value(const struct field *f)
{
	if (f->def)
		return json_string(f->def);
	if (f->type == FT_COUNTRIES || f->type == FT_STRINGS || f->type == FT_CHILDREN)
		return json_array();
	return json_null();
}

json_t *validate_record(const struct model *m, json_t *in, const char *prefix, struct refs *refs,
			struct problem *p)
{
	json_t *out, *v;
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
		if (!m->parent_key && in_list(server_keys, key))
			problem_field(p, path, "is set by the server and cannot be written");
		else if (!m->parent_key && m->citable && strcmp(key, cite_model()->name) == 0)
			problem_field(p, path, "can be given only when creating; add citations with "
				      "POST /v1/citations");
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
	return out;
}

int validate_refs(PGconn *c, const struct refs *refs, struct problem *p)
{
	/* One query per target table, for all its ids at once. */
	for (size_t i = 0; i < refs->n; i++) {
		const struct model *t = refs->items[i].target;
		struct buf ids = BUF_INIT, sql = BUF_INIT;
		PGresult *r;
		size_t j;
		int seen = 0;

		for (j = 0; j < i; j++)
			seen |= refs->items[j].target == t;
		if (seen)
			continue;
		for (j = i; j < refs->n; j++)
			if (refs->items[j].target == t)
				buf_printf(&ids, "%s%lld", ids.len ? "," : "{", refs->items[j].id);
		buf_puts(&ids, "}");
		buf_printf(&sql, "SELECT id FROM %s WHERE id = ANY($1::bigint[]) AND deleted_at IS NULL"
			   " FOR KEY SHARE", t->table);
		{
			const char *vals[] = {ids.data};
			struct problem dbp = PROBLEM_INIT;
			r = db_exec(c, sql.data, 1, vals, &dbp);
			if (!r) {
				buf_free(&ids);
				buf_free(&sql);
				problem_clear(p);
				*p = dbp;
				return -1;
			}
		}
		for (j = i; j < refs->n; j++) {
			int found = 0;
			if (refs->items[j].target != t)
				continue;
			for (int k = 0; k < PQntuples(r) && !found; k++)
				found = atoll(PQgetvalue(r, k, 0)) == refs->items[j].id;
			if (!found)
				problem_field(p, refs->items[j].path, "there is no record %lld in %s",
					      refs->items[j].id, t->name);
		}
		PQclear(r);
		buf_free(&ids);
		buf_free(&sql);
	}
	return 0;
}

int validate_query_value(enum field_type type, const char *const *values, const char *s,
			 const char **why)
{
	static _Thread_local char msg[512];
	struct partial_date d;
	char *end;
	long long id;

	switch (type) {
	case FT_REF:
	case FT_SUBJECT:
		errno = 0;
		id = strtoll(s, &end, 10);
		if (errno || *end || id < 1 || s[0] < '0' || s[0] > '9') {
			*why = "must be a positive integer id";
			return -1;
		}
		return 0;
	case FT_COUNTRY:
	case FT_COUNTRIES:
		if (!country_find(s)) {
			*why = "must be an ISO 3166-1 alpha-2 country code in upper case, such as RU";
			return -1;
		}
		return 0;
	case FT_BOOL:
		if (strcmp(s, "true") && strcmp(s, "false")) {
			*why = "must be true or false";
			return -1;
		}
		return 0;
	case FT_DATE:
		return partial_date_parse(s, &d, why);
	case FT_ENUM:
	case FT_KIND: {
		struct buf b = BUF_INIT;
		if (in_list(values, s))
			return 0;
		enum_list(&b, values);
		snprintf(msg, sizeof(msg), "must be one of: %s", b.data ? b.data : "");
		buf_free(&b);
		*why = msg;
		return -1;
	}
	default:
		if (!utf8_valid(s)) {
			*why = "must be UTF-8 text";
			return -1;
		}
		if (!*s || utf8_length(s) > 500) {
			*why = "must be 1 to 500 characters";
			return -1;
		}
		return 0;
	}
}
