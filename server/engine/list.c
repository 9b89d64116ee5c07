/* Lists: filters from the field table (and the model's own), the from/to overlap rule on the
 * model's range date, sort, limit, keyset pagination with opaque cursors, and count=true.
 *
 * A page is one query: SELECT json, sort key, id ... WHERE filters AND (key, id) > cursor
 * ORDER BY key, id LIMIT n + 1. The extra row says whether there is a next page; its cursor
 * holds the sort, the last key and the last id, so a deep page costs what the first does. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/base64.h"
#include "core/buf.h"
#include "db/rows.h"
#include "engine/collection.h"
#include "db/db.h"
#include "engine/cite.h"
#include "engine/fieldtype.h"
#include "engine/sqlgen.h"
#include "engine/types.h"
#include "engine/validate.h"

#define LIMIT_DEFAULT 50
#define LIMIT_MAX 500
#define MAX_ARGS 32

struct arg {
	const char *key, *value;
};

struct list {
	const struct model *m;
	const struct field *nested;       /* nested route: the field fixed to the parent's id */
	const char *nested_id;
	struct arg args[MAX_ARGS];        /* the query, in order, all checked */
	int nargs;
	const struct field *sort;         /* NULL: by id */
	int desc;
	long limit;
	int limit_given;
	int count;
	const char *after;                /* the cursor as given */
	char *after_key;                  /* decoded */
	char after_id[24];
	struct problem *p;
};

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

		if (!copy)
			return;
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

/* The cursor's sort key is one this list's sort can have produced: checked here, so that a
 * forged cursor is the client's mistake (400) and never reaches the database as a value it
 * refuses. 1 when it is. */
static int cursor_key_fits(const struct list *l, const char *key)
{
	const struct field *f = l->sort;
	size_t n = strlen(key);

	if (!f)   /* by id: the key is the id itself */
		return n > 0 && n < 20 && key[0] >= '1' && key[0] <= '9' &&
		       strspn(key, "0123456789") == n;
	return field_ops(f)->cursor_key(f, key);
}

static int decode_cursor(struct list *l)
{
	struct buf raw = BUF_INIT;
	json_t *j = NULL;
	const char *collection, *sort, *key;
	json_int_t id;
	int rc = -1;

	/* [collection, sort, last key, last id], as next_url writes it. */
	if (base64url_decode(&raw, l->after) < 0 || !raw.data || !(j = json_loadb(raw.data, raw.len, 0, NULL)) ||
	    !json_is_array(j) || json_array_size(j) != 4 ||
	    !(collection = json_string_value(json_array_get(j, 0))) ||
	    !(sort = json_string_value(json_array_get(j, 1))) ||
	    !(key = json_string_value(json_array_get(j, 2))) ||
	    !json_is_integer(json_array_get(j, 3)) ||
	    (id = json_integer_value(json_array_get(j, 3))) < 1) {
		bad_param(l, "after", "%s", "is not a cursor this list gave out");
		goto out;
	}
	if (strcmp(collection, l->m->name) != 0) {
		bad_param(l, "after", "%s", "is a cursor of another collection");
		goto out;
	}
	{
		char expect[128];
		snprintf(expect, sizeof(expect), "%s%s", l->desc ? "-" : "",
			 l->sort ? l->sort->name : "id");
		if (strcmp(sort, expect) != 0) {
			bad_param(l, "after", "%s", "belongs to another sort order; keep sort as it was");
			goto out;
		}
	}
	if (!cursor_key_fits(l, key)) {
		bad_param(l, "after", "%s", "is not a cursor this list gave out");
		goto out;
	}
	l->after_key = strdup(key);
	snprintf(l->after_id, sizeof(l->after_id), "%lld", (long long)id);
	rc = l->after_key ? 0 : -1;
out:
	json_decref(j);
	buf_free(&raw);
	return rc;
}

static int check_arg(void *ctx, const char *key, const char *value)
{
	struct list *l = ctx;
	const struct field *f;
	const struct model_filter *mf;
	const char *why;
	char *end;

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
		if (errno || *end || !*value || l->limit < 1 || l->limit > LIMIT_MAX)
			bad_param(l, key, "%s", "must be a whole number from 1 to 500");
	} else if (strcmp(key, "count") == 0) {
		if (strcmp(value, "true") && strcmp(value, "false"))
			bad_param(l, key, "%s", "must be true or false");
		l->count = strcmp(value, "true") == 0;
	} else if (strcmp(key, "after") == 0) {
		l->after = value;
	} else if (strcmp(key, "sort") == 0) {
		const char *name = value + (value[0] == '-');
		l->desc = value[0] == '-';
		if (strcmp(name, "id") != 0 && !(l->sort = sortable(l->m, name))) {
			struct buf names = BUF_INIT;
			buf_puts(&names, "id");
			for (f = l->m->fields; f->name; f++)
				if (f->flags & FF_SORT)
					buf_printf(&names, ", %s", f->name);
			bad_param(l, key, "can sort by %s, each optionally with a leading -", names.data);
			buf_free(&names);
		}
	} else if ((strcmp(key, "from") == 0 || strcmp(key, "to") == 0) && range_field(l->m)) {
		struct partial_date d;
		if (partial_date_parse(value, &d, &why) < 0)
			bad_param(l, key, "%s", why);
	} else if ((f = filter_field(l->m, key)) && f != l->nested) {
		check_filter(l, key, f, value);
	} else if ((mf = model_filter(l->m, key))) {
		if (validate_query_value(mf->type, NULL, value, &why) < 0)
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

/* "WHERE ..." for the filters in l, with parameters appended to vals from *n on. */
static void where(struct list *l, struct buf *sql, const char **vals, int *n)
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
			vals[(*n)++] = strcmp(key, "from") == 0 ? strdup(d.first) : strdup(d.last);
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
				vals[(*n)++] = strdup(a.first);
				buf_printf(sql, " AND t.%s_last >= $%d::date", f->name, *n);
			}
			if (hb) {
				vals[(*n)++] = strdup(b.last);
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
			vals[(*n)++] = lit;
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
			const char *s = mf->sql;
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
				buf_printf(sql, "$%d%s", *n, *field_type_ops(mf->type)->cast
					   ? field_type_ops(mf->type)->cast : "::text");
				s = v + 2;
			}
		}
	}
}

/* Is the string at vals[i] one this file allocated (from/to days)? */
static int owned(struct list *l, const char **vals, int i)
{
	for (int k = 0; k < l->nargs; k++)
		if (vals[i] == l->args[k].value)
			return 0;
	return vals[i] != l->nested_id && vals[i] != l->after_key && vals[i] != l->after_id;
}

static void free_vals(struct list *l, const char **vals, int n, int from)
{
	for (int i = from; i < n; i++)
		if (owned(l, vals, i))
			free((char *)vals[i]);
}

static void urlencode(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~')
			buf_append(b, s, 1);
		else
			buf_printf(b, "%%%02X", c);
	}
}

/* The URL of the page after the row whose key and id are given: the same query, new cursor. */
static char *next_url(struct request *req, struct list *l, const char *key, const char *id)
{
	struct buf url = BUF_INIT, cur = BUF_INIT;
	json_t *c;
	char *text, sort[128];
	int first = 1;

	snprintf(sort, sizeof(sort), "%s%s", l->desc ? "-" : "", l->sort ? l->sort->name : "id");
	c = json_pack("[s, s, s, I]", l->m->name, sort, key, (json_int_t)atoll(id));
	text = c ? json_dumps(c, JSON_COMPACT) : NULL;
	json_decref(c);
	if (!text)
		return NULL;
	base64url_encode(&cur, (const unsigned char *)text, strlen(text));
	free(text);
	buf_puts(&url, req->path);
	for (int i = 0; i < l->nargs; i++) {
		if (strcmp(l->args[i].key, "after") == 0)
			continue;
		buf_puts(&url, first ? "?" : "&");
		first = 0;
		urlencode(&url, l->args[i].key);
		buf_puts(&url, "=");
		urlencode(&url, l->args[i].value);
	}
	buf_printf(&url, "%safter=%s", first ? "?" : "&", cur.data ? cur.data : "");
	buf_free(&cur);
	return buf_steal(&url);
}

/* The number of records the filters match, as text in total[24]. */
static int count_total(struct list *l, struct problem *p, char total[24])
{
	struct buf sql = BUF_INIT;
	const char *vals[MAX_ARGS + 8];
	PGconn *c = db_worker(p);
	PGresult *r = NULL;
	int n = 0;

	if (!c)
		return -1;
	buf_printf(&sql, "SELECT count(*) FROM %s t", l->m->table);
	where(l, &sql, vals, &n);
	if (sql.data)
		r = db_exec(c, sql.data, n, vals, p);
	else
		problem_set(p, 503, "The server is out of memory.");
	free_vals(l, vals, n, 0);
	buf_free(&sql);
	if (!r)
		return -1;
	snprintf(total, 24, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

const char *const collection_list_types[] = {"application/json", "text/csv", NULL};

/* RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled; NULL is empty.
 * A cell that begins with =, +, -, @, a tab or a CR would be taken for a formula by a
 * spreadsheet (CSV injection): it gets a leading ' as OWASP advises, which spreadsheets show as
 * text and do not display. CSV is for spreadsheets; JSON lists and the NDJSON export carry
 * values exactly. */
static void csv_field(struct buf *b, const char *s, int null)
{
	int formula;

	if (null)
		return;
	formula = *s && strchr("=+-@\t\r", *s);
	if (!s[strcspn(s, ",\"\r\n")]) {
		if (formula)
			buf_puts(b, "'");
		buf_puts(b, s);
		return;
	}
	buf_puts(b, formula ? "\"'" : "\"");
	for (const char *q; (q = strchr(s, '"')); s = q + 1) {
		buf_append(b, s, (size_t)(q - s));
		buf_puts(b, "\"\"");
	}
	buf_puts(b, s);
	buf_puts(b, "\"");
}

struct csv_stream {
	struct rows rows;
	const struct model *m;
	int header_done;
};

/* Rows into CSV lines, about 32 KiB at a time. */
static int csv_next(void *ctx, struct buf *out)
{
	struct csv_stream *cs = ctx;
	PGresult *r;
	int failed = 0;

	if (!cs->header_done) {
		sql_csv_header(out, cs->m);
		buf_puts(out, "\r\n");
		cs->header_done = 1;
	}
	while (out->len < 32 * 1024 && (r = rows_next(&cs->rows, &failed))) {
		for (int i = 0; i < PQnfields(r); i++) {
			if (i)
				buf_puts(out, ",");
			csv_field(out, PQgetvalue(r, 0, i), PQgetisnull(r, 0, i));
		}
		buf_puts(out, "\r\n");
		PQclear(r);
	}
	if (failed)
		return -1;
	return cs->rows.running || cs->rows.first ? 1 : 0;
}

static void csv_done(void *ctx)
{
	struct csv_stream *cs = ctx;

	rows_close(&cs->rows);
	free(cs);
}

/* The checks made once every argument was seen: the cursor, and from before to. */
static void finish_args(struct list *l)
{
	if (!l->p->status && l->after)
		decode_cursor(l);
	if (!l->p->status)
		check_range_order(l);
}

/* The page's statement into sql (key gets the sort expression), its parameters into vals from
 * *n on; *filters is how many of them where() made (and may own). */
static void page_sql(struct list *l, int csv, struct buf *sql, struct buf *key, const char **vals,
		     int *n, int *filters, char limit[24])
{
	const struct model *m = l->m;

	sql_sort_expr(key, l->sort);
	if (csv)
		buf_printf(sql, "SELECT %s FROM %s t", m->sql->csv, m->table);
	else
		buf_printf(sql, "SELECT %s, (%s)::text, t.id FROM %s t", m->sql->json, key->data,
			   m->table);
	where(l, sql, vals, n);
	*filters = *n;
	if (l->after_key) {
		vals[(*n)++] = l->after_key;
		vals[(*n)++] = l->after_id;
		buf_printf(sql, " AND (%s, t.id) %s ($%d::%s, $%d::bigint)", key->data,
			   l->desc ? "<" : ">", *n - 1, sql_sort_type(l->sort), *n);
	}
	if (l->sort)
		buf_printf(sql, " ORDER BY %s %s, t.id %s", key->data, l->desc ? "DESC" : "ASC",
			   l->desc ? "DESC" : "ASC");
	else
		buf_printf(sql, " ORDER BY t.id %s", l->desc ? "DESC" : "ASC");
	/* JSON pages read one row more to know whether a next page exists; CSV streams every
	 * matching row unless a limit is given. */
	if (!csv || l->limit_given) {
		snprintf(limit, 24, "%ld", csv ? l->limit : l->limit + 1);
		vals[(*n)++] = limit;
		buf_printf(sql, " LIMIT $%d", *n);
	}
}

static int hex(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* %XX and + decoded in place, as libmicrohttpd does for query arguments. */
static void url_decode(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (*s == '%' && hex(s[1]) >= 0 && hex(s[2]) >= 0) {
			*o++ = (char)(hex(s[1]) * 16 + hex(s[2]));
			s += 2;
		} else {
			*o++ = *s == '+' ? ' ' : *s;
		}
	}
	*o = '\0';
}

int collection_query_split(char *q, const char **keys, const char **values, int max)
{
	char *save = NULL;
	int n = 0;

	for (char *part = strtok_r(q, "&", &save); part && n < max; part = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(part, '=');
		if (eq)
			*eq = '\0';
		url_decode(part);
		if (eq)
			url_decode(eq + 1);
		keys[n] = part;
		values[n++] = eq ? eq + 1 : NULL;
	}
	return n;
}

int collection_list_plan(const struct model *m, const char *const *keys,
			 const char *const *values, int nargs, struct buf *sql, struct buf *params,
			 struct problem *p)
{
	struct list l;
	struct buf key = BUF_INIT;
	const char *vals[MAX_ARGS + 8];
	char limit[24];
	int n = 0, filters = 0;

	memset(&l, 0, sizeof(l));
	l.m = m;
	l.limit = LIMIT_DEFAULT;
	l.p = p;
	for (int i = 0; i < nargs && !check_arg(&l, keys[i], values[i]); i++)
		;
	finish_args(&l);
	if (!p->status) {
		page_sql(&l, 0, sql, &key, vals, &n, &filters, limit);
		for (int i = 0; params && i < n; i++)
			buf_printf(params, "%s\n", vals[i]);
		free_vals(&l, vals, filters, 0);
	}
	free(l.after_key);
	buf_free(&key);
	return p->status ? -1 : 0;
}

void collection_list(struct request *req)
{
	const struct model *m = req->route->resource;
	struct problem p = PROBLEM_INIT;
	struct list l;
	struct buf sql = BUF_INIT, out = BUF_INIT, key = BUF_INIT;
	const char *vals[MAX_ARGS + 8];
	char limit[24], *next = NULL;
	PGresult *r = NULL;
	char total[24];
	PGconn *c;
	int n = 0, filters = 0, rows;

	int csv = req->produce == 1;   /* admission negotiated collection_list_types */

	memset(&l, 0, sizeof(l));
	l.m = m;
	l.limit = LIMIT_DEFAULT;
	l.p = &p;
	if (req->route->field) {
		long long id;
		if (http_id_or_reply(req, req->params[0], &id) < 0)
			return;
		l.nested = req->route->field;
		l.nested_id = req->params[0];
	}
	http_query_each(req, check_arg, &l);
	finish_args(&l);
	if (p.status)
		goto out;
	if (l.nested) {
		/* The parent must exist: an empty list would hide a wrong id. */
		const struct model *parent = l.nested->ref;
		PGresult *pr;
		const char *one[] = {l.nested_id};
		c = db_worker(&p);
		if (!c || !(pr = db_exec_stmt(c, &parent->sql->live, one, &p)))
			goto out;
		rows = PQntuples(pr);
		PQclear(pr);
		if (!rows) {
			collection_not_found(req, parent, atoll(l.nested_id));
			goto out;
		}
	}

	page_sql(&l, csv, &sql, &key, vals, &n, &filters, limit);
	if (csv) {
		struct csv_stream *cs;
		char total[24];

		/* count=true: the total goes in a header, since a CSV body has no place for it. */
		if (l.count) {
			if (count_total(&l, &p, total) < 0)
				goto out;
			http_add_header(req, "X-Total-Count", total);
		}
		if (!(cs = calloc(1, sizeof(*cs)))) {
			problem_set(&p, 503, "The server is out of memory.");
			goto out;
		}
		cs->m = m;
		if (rows_open(&cs->rows, 0, &p) < 0 || rows_start(&cs->rows, sql.data, n, vals, &p) < 0) {
			rows_close(&cs->rows);
			free(cs);
			goto out;
		}
		http_send_stream(req, 200, "text/csv; charset=utf-8",
				 (struct stream){csv_next, csv_done, cs});
		goto out;
	}

	if (!(c = db_worker(&p)) || !(r = db_exec(c, sql.data, n, vals, &p)))
		goto out;
	if (l.count && count_total(&l, &p, total) < 0)
		goto out;
	rows = PQntuples(r);
	buf_puts(&out, "{\"items\":[");
	for (int i = 0; i < rows && i < l.limit; i++) {
		if (i)
			buf_puts(&out, ",");
		buf_puts(&out, PQgetvalue(r, i, 0));
	}
	buf_puts(&out, "],\"next\":");
	if (rows > l.limit) {
		json_t *s;
		char *quoted;
		next = next_url(req, &l, PQgetvalue(r, (int)l.limit - 1, 1),
				PQgetvalue(r, (int)l.limit - 1, 2));
		s = json_string(next ? next : "");
		quoted = s ? json_dumps(s, JSON_ENCODE_ANY) : NULL;
		buf_puts(&out, quoted ? quoted : "null");
		free(quoted);
		json_decref(s);
		if (next) {
			struct buf link = BUF_INIT;
			buf_printf(&link, "<%s>; rel=\"next\"", next);
			if (link.data)
				http_add_header(req, "Link", link.data);
			buf_free(&link);
		}
	} else {
		buf_puts(&out, "null");
	}
	if (l.count)
		buf_printf(&out, ",\"total\":%s", total);
	buf_puts(&out, "}");
	if (!out.data) {
		problem_set(&p, 503, "The server is out of memory.");
		goto out;
	}
	{
		size_t len = out.len;
		http_send(req, 200, "application/json", buf_steal(&out), len);
	}
out:
	free_vals(&l, vals, filters, 0);
	if (p.status)
		http_send_problem(req, &p);
	PQclear(r);
	free(next);
	free(l.after_key);
	buf_free(&sql);
	buf_free(&out);
	buf_free(&key);
}
