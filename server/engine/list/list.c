/* Lists: a page is one query, SELECT json, sort keys, id ... WHERE filters AND (keys, id) after
 * the cursor ORDER BY keys, id LIMIT n + 1. The extra row says whether there is a next page; its
 * cursor holds the order, the last row's keys and its id, so a deep page costs what the first
 * does. The query is checked first (list_args.c); fields= and embed= change only the record's
 * JSON expression, generated for the request from the field tables (sqlgen.c), so an embedded
 * record costs a lookup by primary key inside the same statement, never a query of its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base64.h"
#include "core/buf.h"
#include "db/db.h"
#include "db/rows.h"
#include "engine/list/list.h"
#include "engine/routes/collection.h"
#include "engine/sql/sqlgen.h"

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

/* The URL of the page after row i of r (its keys in columns 1.., its id after them): the same
 * query, a new cursor. */
static char *next_url(struct request *req, struct list *l, PGresult *r, int i)
{
	struct buf url = BUF_INIT, cur = BUF_INIT;
	json_t *c, *keys = json_array();
	char *text, sort[400];
	int first = 1;

	for (int k = 0; keys && k < l->nsort - 1; k++)
		json_array_append_new(keys, json_string(PQgetvalue(r, i, 1 + k)));
	list_sort_text(l, sort, sizeof(sort));
	c = json_pack("[s, s, o, I]", l->m->name, sort, keys,
		      (json_int_t)atoll(PQgetvalue(r, i, l->nsort)));
	text = c ? json_dumps(c, JSON_COMPACT) : NULL;
	json_decref(c);
	if (!text)
		return NULL;
	base64url_encode(&cur, (const unsigned char *)text, strlen(text));
	free(text);
	if (buf_failed(&cur))
		return NULL;
	buf_puts(&url, req->path);
	for (int k = 0; k < l->nargs; k++) {
		if (strcmp(l->args[k].key, "after") == 0)
			continue;
		buf_puts(&url, first ? "?" : "&");
		first = 0;
		urlencode(&url, l->args[k].key);
		buf_puts(&url, "=");
		urlencode(&url, l->args[k].value);
	}
	buf_printf(&url, "%safter=%s", first ? "?" : "&", cur.data);
	buf_free(&cur);
	return buf_steal(&url); /* NULL when memory ran out */
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
	list_where(l, &sql, vals, &n);
	if (!sql.data)
		problem_oom(p);
	else if (!p->status)
		r = db_exec(c, sql.data, n, vals, p);
	list_free_vals(l, vals, n, 0);
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
	char *header; /* the header row, sent first */
};

/* Rows into CSV lines, about 32 KiB at a time. */
static int csv_next(void *ctx, struct buf *out)
{
	struct csv_stream *cs = ctx;
	PGresult *r;
	int failed = 0;

	if (cs->header) {
		buf_puts(out, cs->header);
		buf_puts(out, "\r\n");
		free(cs->header);
		cs->header = NULL;
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
	free(cs->header);
	free(cs);
}

/* Rows after the cursor: (k1, ..., id) > (a1, ..., id0) when the keys run one way, which an
 * index on them answers as a range; else the same written out, key by key. */
static void after_sql(struct list *l, struct buf *sql, struct buf *keys, const char **vals, int *n)
{
	int same = 1, first = *n + 1;

	for (int i = 0; i < l->nsort - 1; i++)
		vals[(*n)++] = l->after_keys[i];
	vals[(*n)++] = l->after_id;
	for (int i = 1; i < l->nsort; i++)
		same &= l->sort[i].desc == l->sort[0].desc;
	if (same) {
		buf_puts(sql, " AND (");
		for (int i = 0; i < l->nsort; i++)
			buf_printf(sql, "%s%s", i ? ", " : "", keys[i].data);
		buf_printf(sql, ") %s (", l->sort[0].desc ? "<" : ">");
		for (int i = 0; i < l->nsort; i++)
			buf_printf(sql, "%s$%d::%s", i ? ", " : "", first + i,
				   sql_sort_type(l->sort[i].f));
		buf_puts(sql, ")");
		return;
	}
	buf_puts(sql, " AND ");
	for (int i = 0; i < l->nsort; i++) {
		const char *ty = sql_sort_type(l->sort[i].f);
		buf_printf(sql, "(%s %s $%d::%s", keys[i].data, l->sort[i].desc ? "<" : ">", first + i,
			   ty);
		if (i < l->nsort - 1)
			buf_printf(sql, " OR (%s = $%d::%s AND ", keys[i].data, first + i, ty);
	}
	for (int i = 0; i < l->nsort; i++)
		buf_puts(sql, i < l->nsort - 1 ? "))" : ")");
}

/* The page's statement into sql, its parameters into vals from *n on; *filters is how many of
 * them list_where made (and may own). Out of memory: 503 in l->p, and sql must not be run. */
static void page_sql(struct list *l, int csv, struct buf *sql, const char **vals, int *n, int *filters,
		     char limit[24])
{
	const struct model *m = l->m;
	struct buf keys[SORT_KEYS + 1], shaped = BUF_INIT;
	const char *record = csv ? m->sql->csv : m->sql->read;

	for (int i = 0; i < l->nsort; i++) {
		keys[i] = (struct buf)BUF_INIT;
		sql_sort_expr(&keys[i], l->sort[i].f);
	}
	if (shape_given(&l->shape)) {
		if (csv)
			sql_csv(&shaped, m, &l->shape);
		else
			sql_json(&shaped, m, &l->shape);
		record = shaped.data ? shaped.data : "NULL";
		if (buf_failed(&shaped))
			problem_oom(l->p);
	}
	buf_printf(sql, "SELECT %s", record);
	for (int i = 0; !csv && i < l->nsort; i++)
		buf_printf(sql, ", (%s)::text", keys[i].data);
	buf_printf(sql, " FROM %s t", m->table);
	list_where(l, sql, vals, n);
	*filters = *n;
	if (l->after_given)
		after_sql(l, sql, keys, vals, n);
	buf_puts(sql, " ORDER BY ");
	for (int i = 0; i < l->nsort; i++)
		buf_printf(sql, "%s%s %s", i ? ", " : "", keys[i].data, l->sort[i].desc ? "DESC" : "ASC");
	/* JSON pages read one row more to know whether a next page exists; CSV streams every
	 * matching row unless a limit is given. */
	if (!csv || l->limit_given) {
		snprintf(limit, 24, "%ld", csv ? l->limit : l->limit + 1);
		vals[(*n)++] = limit;
		buf_printf(sql, " LIMIT $%d", *n);
	}
	for (int i = 0; i < l->nsort; i++) {
		if (buf_failed(&keys[i]))
			problem_oom(l->p);
		buf_free(&keys[i]);
	}
	if (buf_failed(sql))
		problem_oom(l->p);
	buf_free(&shaped);
}

static int hex(int c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
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

int collection_list_plan(const struct model *m, const char *const *keys, const char *const *values,
			 int nargs, struct buf *sql, struct buf *params, struct problem *p)
{
	struct list l;
	const char *vals[MAX_ARGS + 8];
	char limit[24];
	int n = 0, filters = 0;

	list_init(&l, m, p);
	for (int i = 0; i < nargs && !list_arg(&l, keys[i], values[i]); i++)
		;
	list_finish(&l);
	if (!p->status) {
		page_sql(&l, 0, sql, vals, &n, &filters, limit);
		for (int i = 0; !p->status && params && i < n; i++)
			buf_printf(params, "%s\n", vals[i]);
		list_free_vals(&l, vals, filters, 0);
	}
	list_free(&l);
	return p->status ? -1 : 0;
}

void collection_list(struct request *req)
{
	const struct model *m = req->route->resource;
	struct problem p = PROBLEM_INIT;
	struct list l;
	struct buf sql = BUF_INIT, out = BUF_INIT;
	const char *vals[MAX_ARGS + 8];
	char limit[24], *next = NULL;
	PGresult *r = NULL;
	char total[24];
	PGconn *c;
	int n = 0, filters = 0, rows;

	int csv = req->produce == 1; /* admission negotiated collection_list_types */

	list_init(&l, m, &p);
	if (req->route->field) {
		long long id;
		if (http_id_or_reply(req, req->params[0], &id) < 0)
			return;
		l.nested = req->route->field;
		l.nested_id = req->params[0];
	}
	http_query_each(req, list_arg, &l);
	list_finish(&l);
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

	page_sql(&l, csv, &sql, vals, &n, &filters, limit);
	if (p.status)
		goto out;
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
			problem_oom(&p);
			goto out;
		}
		{
			struct buf header = BUF_INIT;
			sql_csv_header(&header, m, &l.shape);
			cs->header = header.data;
		}
		if (!cs->header) {
			problem_oom(&p);
			free(cs);
			goto out;
		}
		if (rows_open(&cs->rows, 0, &p) < 0 || rows_start(&cs->rows, sql.data, n, vals, &p) < 0) {
			csv_done(cs);
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
		json_t *s = NULL;
		char *quoted = NULL;
		struct buf link = BUF_INIT;
		/* Without its next link the page would say it is the last. */
		if (!(next = next_url(req, &l, r, (int)l.limit - 1)) || !(s = json_string(next)) ||
		    !(quoted = json_dumps(s, JSON_ENCODE_ANY)) ||
		    buf_printf(&link, "<%s>; rel=\"next\"", next) < 0 ||
		    http_add_header(req, "Link", link.data) < 0) {
			problem_oom(&p);
		}
		buf_puts(&out, quoted ? quoted : "null");
		free(quoted);
		json_decref(s);
		buf_free(&link);
		if (p.status)
			goto out;
	} else {
		buf_puts(&out, "null");
	}
	if (l.count)
		buf_printf(&out, ",\"total\":%s", total);
	buf_puts(&out, "}");
	if (!out.data) {
		problem_oom(&p);
		goto out;
	}
	{
		size_t len = out.len;
		http_send(req, 200, "application/json", buf_steal(&out), len);
	}
out:
	list_free_vals(&l, vals, filters, 0);
	if (p.status) {
		http_drop_headers(req); /* a Link or X-Total-Count of a page not sent */
		http_send_problem(req, &p);
	}
	PQclear(r);
	free(next);
	list_free(&l);
	buf_free(&sql);
	buf_free(&out);
}
