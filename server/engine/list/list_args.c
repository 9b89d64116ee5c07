/* A list's query, checked: filters from the field table (and the model's own), the from/to
 * overlap rule on the model's range date, sort keys, limit, count, the cursor, and fields= and
 * embed= (shape.c). Every value is checked here, before any connection is taken, so that what
 * reaches the database is a value of the column's type. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base64.h"
#include "core/oom.h"
#include "engine/list/list.h"
#include "engine/model/cite.h"
#include "engine/model/fieldtype.h"
#include "engine/model/types.h"
#include "engine/model/validate.h"
#include "engine/sql/schema.h"

#define LIMIT_DEFAULT 50
#define LIMIT_MAX 500

static const struct field *sortable(const struct model *m, const char *name)
{
	const struct field *f = model_field(m, name);

	return f && (f->flags & FF_SORT) ? f : NULL;
}

static const struct field *range_field(const struct model *m)
{
	for (const struct field *f = m->fields; f->name; f++)
		if (f->flags & FF_RANGE)
			return f;
	return NULL;
}

/* The field filtered by ?key=, or NULL. */
static const struct field *filter_field(const struct model *m, const char *key)
{
	for (const struct field *f = m->fields; f->name; f++)
		if (field_filtered(f) && strcmp(f->filter ? f->filter : f->name, key) == 0)
			return f;
	return NULL;
}

/* An interval filter's value: "2024", "2024-01..2024-06", "2024.." or "..2024-06". Sets *from and
 * *to (either may be NULL: an open end); 0, or -1 with *why. The dates are the caller's. */
static int interval(const char *value, struct partial_date *from, struct partial_date *to,
		    int *has_from, int *has_to, const char **why)
{
	const char *dots = strstr(value, "..");
	char left[32];

	*has_from = *has_to = 0;
	if (!dots) {
		if (partial_date_parse(value, from, why) < 0)
			return -1;
		*to = *from;
		*has_from = *has_to = 1;
		return 0;
	}
	if ((size_t)(dots - value) >= sizeof(left) || (dots == value && !dots[2])) {
		*why = "must be a partial date, or an interval such as 2024-01..2024-06 (one end may be left out)";
		return -1;
	}
	memcpy(left, value, (size_t)(dots - value));
	left[dots - value] = 0;
	if (*left && partial_date_parse(left, from, why) < 0)
		return -1;
	if (dots[2] && partial_date_parse(dots + 2, to, why) < 0)
		return -1;
	*has_from = *left != 0;
	*has_to = dots[2] != 0;
	if (*has_from && *has_to && strcmp(from->first, to->last) > 0) {
		*why = "the interval ends before it begins";
		return -1;
	}
	return 0;
}

static void bad_param(struct list *l, const char *key, const char *fmt, const char *detail);

/* A filter's value for field f: each of its comma-separated items for a type that filters by
 * equality (an enum, a country, a reference: none holds a comma), a partial date or an
 * interval for a date, the value itself otherwise. Reports at key. */
static void check_filter(struct list *l, const char *key, const struct field *f, const char *value)
{
	const char *why;

	if (field_ops(f)->filter == FILTER_INTERVAL) {
		struct partial_date a, b;
		int ha, hb;
		if (interval(value, &a, &b, &ha, &hb, &why) < 0)
			bad_param(l, key, "%s", why);
		return;
	}
	if (field_ops(f)->filter == FILTER_EQUAL && strchr(value, ',')) {
		char *copy = strdup(value), *item, *save = NULL;
		int items = 0;

		if (!copy) {
			problem_oom(l->p);
			return;
		}
		if (value[strlen(value) - 1] == ',' || value[0] == ',' || strstr(value, ",,")) {
			bad_param(l, key, "%s", "has an empty value between commas");
			free(copy);
			return;
		}
		for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save), items++)
			if (validate_query_value(f->type, field_values(f), item, &why) < 0) {
				char msg[160];
				snprintf(msg, sizeof(msg), "\"%.40s\": %s", item, why);
				bad_param(l, key, "%s", msg);
				break;
			}
		if (items > 100)
			bad_param(l, key, "%s", "may name at most 100 values");
		free(copy);
		return;
	}
	if (validate_query_value(f->type, field_values(f), value, &why) < 0)
		bad_param(l, key, "%s", why);
}

static const struct model_filter *model_filter(const struct model *m, const char *key)
{
	for (const struct model_filter *f = m->filters; f && f->param; f++)
		if (strcmp(f->param, key) == 0)
			return f;
	return NULL;
}

static void bad_param(struct list *l, const char *key, const char *fmt, const char *detail)
{
	if (!l->p->status)
		problem_set(l->p, 400, "The query is not valid; see errors.");
	problem_field(l->p, key, fmt, detail);
}

/* One sort key's name (a sortable field, or id), and its direction, into k. 0, or -1. */
static int sort_key(const struct model *m, const char *item, size_t len, struct sort_key *k)
{
	char name[64];

	k->desc = item[0] == '-';
	item += k->desc;
	len -= (size_t)k->desc;
	if (len == 0 || len >= sizeof(name))
		return -1;
	memcpy(name, item, len);
	name[len] = '\0';
	k->f = NULL;
	return strcmp(name, "id") == 0 || (k->f = sortable(m, name)) ? 0 : -1;
}

/* sort=-occurred_on,id: up to SORT_KEYS keys, each once, the id (unique) only last; the id ends
 * the order in any case. */
static void take_sort(struct list *l, const char *value)
{
	const char *item = value;

	l->nsort = 0;
	for (;;) {
		size_t len = strcspn(item, ",");
		struct sort_key k;

		if (sort_key(l->m, item, len, &k) < 0) {
			struct buf names = BUF_INIT;
			buf_puts(&names, "id");
			for (const struct field *f = l->m->fields; f->name; f++)
				if (f->flags & FF_SORT)
					buf_printf(&names, ", %s", f->name);
			if (buf_failed(&names))
				problem_oom(l->p);
			else
				bad_param(l, "sort",
					  "can sort by %s, each optionally with a leading -, "
					  "several separated by commas",
					  names.data);
			buf_free(&names);
			return;
		}
		for (int i = 0; i < l->nsort; i++)
			if (l->sort[i].f == k.f) {
				bad_param(l, "sort", "%s", "names a key twice");
				return;
			}
		if (l->nsort && !l->sort[l->nsort - 1].f) {
			bad_param(l, "sort", "%s",
				  "has a key after id, which is unique: keys after it "
				  "would never apply");
			return;
		}
		if (l->nsort == SORT_KEYS + (k.f == NULL)) {
			bad_param(l, "sort", "%s", "names more than 4 keys besides id");
			return;
		}
		l->sort[l->nsort++] = k;
		if (!item[len])
			break;
		item += len + 1;
	}
	if (l->sort[l->nsort - 1].f) {
		l->sort[l->nsort] = (struct sort_key){NULL, l->sort[l->nsort - 1].desc};
		l->nsort++;
	}
}

void list_sort_text(const struct list *l, char *out, size_t size)
{
	size_t at = 0;

	out[0] = '\0';
	for (int i = 0; i < l->nsort && at < size; i++)
		at += (size_t)snprintf(out + at, size - at, "%s%s%s", i ? "," : "",
				       l->sort[i].desc ? "-" : "",
				       l->sort[i].f ? l->sort[i].f->name : "id");
}

/* A cursor's key is one this list's sort can have produced for key k: checked here, so that a
 * forged cursor is the client's mistake (400) and never reaches the database as a value it
 * refuses. 1 when it is. */
static int cursor_key_fits(const struct sort_key *k, const char *key)
{
	return field_ops(k->f)->cursor_key(k->f, key);
}

static int id_text(const char *key)
{
	size_t n = strlen(key);

	return n > 0 && n < 20 && key[0] >= '1' && key[0] <= '9' && strspn(key, "0123456789") == n;
}

static int decode_cursor(struct list *l)
{
	struct buf raw = BUF_INIT;
	json_t *j = NULL, *keys;
	const char *collection, *sort;
	char expect[400];
	json_int_t id;
	int rc = -1;

	/* [collection, sort, [last keys], last id], as the page's next link writes it. Out of
	 * memory it is no cursor of ours either, but that is not the client's mistake. */
	int decoded = base64url_decode(&raw, l->after);

	if (buf_failed(&raw)) {
		problem_oom(l->p);
		goto out;
	}
	j = decoded == 0 && raw.data ? json_loadb(raw.data, raw.len, 0, NULL) : NULL;
	if (oom_seen()) {
		problem_oom(l->p);
		goto out;
	}
	if (!j || !json_is_array(j) || json_array_size(j) != 4 ||
	    !(collection = json_string_value(json_array_get(j, 0))) ||
	    !(sort = json_string_value(json_array_get(j, 1))) ||
	    !json_is_array(keys = json_array_get(j, 2)) || !json_is_integer(json_array_get(j, 3)) ||
	    (id = json_integer_value(json_array_get(j, 3))) < 1) {
		bad_param(l, "after", "%s", "is not a cursor this list gave out");
		goto out;
	}
	if (strcmp(collection, l->m->name) != 0) {
		bad_param(l, "after", "%s", "is a cursor of another collection");
		goto out;
	}
	list_sort_text(l, expect, sizeof(expect));
	if (strcmp(sort, expect) != 0) {
		bad_param(l, "after", "%s", "belongs to another sort order; keep sort as it was");
		goto out;
	}
	if ((int)json_array_size(keys) != l->nsort - 1) {
		bad_param(l, "after", "%s", "is not a cursor this list gave out");
		goto out;
	}
	for (int i = 0; i < l->nsort - 1; i++) {
		const char *key = json_string_value(json_array_get(keys, (size_t)i));
		if (!key || !cursor_key_fits(&l->sort[i], key)) {
			bad_param(l, "after", "%s", "is not a cursor this list gave out");
			goto out;
		}
		if (!(l->after_keys[i] = strdup(key))) {
			problem_oom(l->p);
			goto out;
		}
	}
	snprintf(l->after_id, sizeof(l->after_id), "%lld", (long long)id);
	if (!id_text(l->after_id)) {
		bad_param(l, "after", "%s", "is not a cursor this list gave out");
		goto out;
	}
	l->after_given = 1;
	rc = 0;
out:
	json_decref(j);
	buf_free(&raw);
	return rc;
}

void list_init(struct list *l, const struct model *m, struct problem *p)
{
	memset(l, 0, sizeof(*l));
	l->m = m;
	l->limit = LIMIT_DEFAULT;
	l->p = p;
	l->sort[0] = (struct sort_key){NULL, 0};
	l->nsort = 1;
	l->shape.m = m;
}

int list_arg(void *ctx, const char *key, const char *value)
{
	struct list *l = ctx;
	const struct field *f;
	const struct model_filter *mf;
	const char *why;
	char *end;

	if (l->p->status == 503)
		return 1; /* out of memory: nothing more to say */
	for (int i = 0; i < l->nargs; i++)
		if (strcmp(l->args[i].key, key) == 0) {
			bad_param(l, key, "%s", "is given twice");
			return 0;
		}
	if (l->nargs == MAX_ARGS) {
		bad_param(l, key, "%s", "too many query parameters");
		return 1;
	}
	if (!value)
		value = "";
	l->args[l->nargs].key = key;
	l->args[l->nargs].value = value;
	l->nargs++;
	if (strcmp(key, "limit") == 0) {
		errno = 0;
		l->limit = strtol(value, &end, 10);
		l->limit_given = 1;
		/* Digits only: strtol would take "+1" and " 1". */
		if (errno || *end || !(*value >= '0' && *value <= '9') || l->limit < 1 ||
		    l->limit > LIMIT_MAX)
			bad_param(l, key, "%s", "must be a whole number from 1 to 500");
	} else if (strcmp(key, "count") == 0) {
		if (strcmp(value, "true") && strcmp(value, "false"))
			bad_param(l, key, "%s", "must be true or false");
		l->count = strcmp(value, "true") == 0;
	} else if (strcmp(key, "after") == 0) {
		l->after = value;
	} else if (strcmp(key, "sort") == 0) {
		take_sort(l, value);
	} else if (shape_arg(&l->shape, key, value, l->p)) {
		;
	} else if ((strcmp(key, "from") == 0 || strcmp(key, "to") == 0) && range_field(l->m)) {
		struct partial_date d;
		if (partial_date_parse(value, &d, &why) < 0)
			bad_param(l, key, "%s", why);
	} else if ((f = filter_field(l->m, key)) && f != l->nested) {
		check_filter(l, key, f, value);
	} else if ((mf = model_filter(l->m, key))) {
		if (validate_query_value(mf->type, mf->values, value, &why) < 0)
			bad_param(l, key, "%s", why);
	} else {
		bad_param(l, key, "%s", "is not a parameter of this list");
	}
	return 0;
}

/* from after to can match nothing: say so rather than answer an empty list. */
static void check_range_order(struct list *l)
{
	struct partial_date from, to;
	const char *f = NULL, *t = NULL, *why;

	for (int i = 0; i < l->nargs; i++) {
		if (strcmp(l->args[i].key, "from") == 0)
			f = l->args[i].value;
		if (strcmp(l->args[i].key, "to") == 0)
			t = l->args[i].value;
	}
	if (f && t && partial_date_parse(f, &from, &why) == 0 &&
	    partial_date_parse(t, &to, &why) == 0 && strcmp(from.first, to.last) > 0)
		bad_param(l, "from", "%s", "is after to");
}

/* A value list_where made, or 503 in l->p when memory ran out for it (a NULL parameter would
 * be SQL's NULL, which matches nothing: a page that lies). */
static const char *made(struct list *l, char *value)
{
	if (!value)
		problem_oom(l->p);
	return value;
}

void list_where(struct list *l, struct buf *sql, const char **vals, int *n)
{
	const struct field *range = range_field(l->m), *f;
	const struct model_filter *mf;
	struct partial_date d;
	const char *why;

	buf_puts(sql, " WHERE t.deleted_at IS NULL");
	if (l->nested) {
		vals[(*n)++] = l->nested_id;
		buf_printf(sql, " AND t.%s = $%d::bigint", l->nested->name, *n);
	}
	for (int i = 0; i < l->nargs; i++) {
		const char *key = l->args[i].key, *value = l->args[i].value;

		if (range && (strcmp(key, "from") == 0 || strcmp(key, "to") == 0)) {
			/* [first, last] overlaps [from, to]: it ends on or after from's first day and
			 * starts on or before to's last day. A record without the date matches neither. */
			partial_date_parse(value, &d, &why);
			vals[(*n)++] = made(l, strcmp(key, "from") == 0 ? strdup(d.first)
									: strdup(d.last));
			if (strcmp(key, "from") == 0)
				buf_printf(sql, " AND t.%s_last >= $%d::date", range->name, *n);
			else
				buf_printf(sql, " AND t.%s_first <= $%d::date", range->name, *n);
		} else if ((f = filter_field(l->m, key)) && field_ops(f)->filter == FILTER_INTERVAL) {
			/* The date's [first, last] overlaps the interval: it ends on or after its first
			 * day and starts on or before its last. A record without the date matches not. */
			struct partial_date a, b;
			int ha, hb;
			interval(value, &a, &b, &ha, &hb, &why);
			if (ha) {
				vals[(*n)++] = made(l, strdup(a.first));
				buf_printf(sql, " AND t.%s_last >= $%d::date", f->name, *n);
			}
			if (hb) {
				vals[(*n)++] = made(l, strdup(b.last));
				buf_printf(sql, " AND t.%s_first <= $%d::date", f->name, *n);
			}
		} else if ((f = filter_field(l->m, key)) && field_ops(f)->filter == FILTER_EQUAL &&
			   strchr(value, ',')) {
			/* Any of them: the items as an array literal (each was checked: none needs
			 * quoting), = ANY for a value, && (overlap) for a list. */
			const char *cast = field_ops(f)->cast;
			char *lit = malloc(strlen(value) + 3);
			if (lit)
				sprintf(lit, "{%s}", value);
			vals[(*n)++] = made(l, lit);
			if (field_ops(f)->array)
				buf_printf(sql, " AND t.%s && $%d::text[]", f->name, *n);
			else
				buf_printf(sql, " AND t.%s = ANY($%d%s[])", f->name, *n,
					   *cast ? cast : "::text");
		} else if ((f = filter_field(l->m, key))) {
			vals[(*n)++] = value;
			if (field_ops(f)->array)
				buf_printf(sql, " AND t.%s @> ARRAY[$%d]::text[]", f->name, *n);
			else
				buf_printf(sql, " AND t.%s = $%d%s", f->name, *n, field_ops(f)->cast);
		} else if ((mf = model_filter(l->m, key))) {
			struct buf expanded = BUF_INIT;
			const char *s;
			char *err = NULL;
			/* Its references to the field tables ({{detentions.status:held}}) filled in;
			 * engine_init checked that each names a value. */
			if (schema_expand(mf->sql, &expanded, &err) < 0) {
				/* Memory ran out: neither nothing nor everything, but 503. */
				free(err);
				buf_free(&expanded);
				problem_oom(l->p);
				continue;
			}
			s = expanded.data;
			vals[(*n)++] = value;
			buf_puts(sql, " AND ");
			/* "$v" in the model's SQL stands for this value. */
			while (*s) {
				const char *v = strstr(s, "$v");
				if (!v) {
					buf_puts(sql, s);
					break;
				}
				buf_append(sql, s, (size_t)(v - s));
				buf_printf(sql, "$%d%s", *n,
					   *field_type_ops(mf->type)->cast ? field_type_ops(mf->type)->cast
									   : "::text");
				s = v + 2;
			}
			buf_free(&expanded);
		}
	}
}

void list_finish(struct list *l)
{
	if (!l->p->status && l->after)
		decode_cursor(l);
	if (!l->p->status)
		check_range_order(l);
}

/* Is the string at vals[i] one list_where allocated (days, array literals)? */
static int owned(struct list *l, const char **vals, int i)
{
	for (int k = 0; k < l->nargs; k++)
		if (vals[i] == l->args[k].value)
			return 0;
	return vals[i] != l->nested_id;
}

void list_free_vals(struct list *l, const char **vals, int n, int from)
{
	for (int i = from; i < n; i++)
		if (owned(l, vals, i))
			free((char *)vals[i]);
}

void list_free(struct list *l)
{
	for (int i = 0; i < SORT_KEYS; i++)
		free(l->after_keys[i]);
}
