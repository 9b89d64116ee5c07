/* GET /v1/stats/releases (contract v1.2, "Research answers"): people released by completed
 * swaps, per year or month, under any of the swap list's filters, one series or one per side.
 *
 * The swaps are those the list would give for the same filters (engine/list: the same checks,
 * the same SQL, or the same meaning kept per filter value by swaptrack_swap_facets), completed
 * and dated. What each moved is read from its groups and named
 * releases (flows): counted by direction when a direction filter, a category or a split is
 * given, else from its released_count, which also holds people of no known direction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "db/db.h"
#include "engine/list/list.h"
#include "engine/model/types.h"
#include "engine/openapi/openapi.h"
#include "features/releases.h"
#include "http/http.h"
#include "models/models.h"

/* What the list does not take, or takes differently here. */
struct releases_query {
	struct list l;
	const char *by, *split;
	int by_given;
	const char *dir[2];   /* the released_by and released_to filters, as given */
	const char *category; /* the category filter */
	const char *from, *to;
	int filtered;              /* swap list filters besides direction and category */
	const char *fkey, *fvalue; /* the first of them */
	char facet[96];            /* "party:hamas": the one filter kept per value, else empty */
};

/* The swap filters whose values release_facet_totals keeps (sql/functions/releases.sql,
 * swaptrack_swap_facets), and the form a value has there: text as given (a side, an enum's
 * value), a whole number as PostgreSQL prints it, a boolean as true or false. */
static const struct {
	const char *param;
	char form; /* 's', 'n', 'b' */
} facets[] = {
	{"status", 's'},         {"kind", 's'},     {"host", 's'},      {"stage", 'n'},
	{"negotiation_id", 'n'}, {"party", 's'},    {"mediator", 's'},  {"facilitator", 's'},
	{"country", 's'},        {"involves", 's'}, {"non_state", 'b'}, {NULL, 0},
};

/* With one swap filter of one value among facets, in the form kept, q->facet names its rows;
 * anything else (two filters, a list of values, "01", person_id) reads the swaps' cells. */
static void facet_of(struct releases_query *q)
{
	const char *v = q->fvalue;

	q->facet[0] = 0;
	if (q->filtered != 1 || !v || !*v || strchr(v, ','))
		return;
	for (int i = 0; facets[i].param; i++) {
		if (strcmp(facets[i].param, q->fkey))
			continue;
		if (facets[i].form == 'n' &&
		    (v[0] < '1' || v[0] > '9' || strlen(v) > 18 || strspn(v, "0123456789") != strlen(v)))
			return;
		if (facets[i].form == 'b' && strcmp(v, "true") && strcmp(v, "false"))
			return;
		if ((size_t)snprintf(q->facet, sizeof(q->facet), "%s:%s", q->fkey, v) >= sizeof(q->facet))
			q->facet[0] = 0;
		return;
	}
}

static const char *const list_only[] = {"limit", "count", "after", "sort", "fields", "embed", NULL};

static void bad(struct releases_query *q, const char *key, const char *message)
{
	if (!q->l.p->status)
		problem_set(q->l.p, 400, "The query is not valid; see errors.");
	problem_field(q->l.p, key, "%s", message);
}

static int arg(void *ctx, const char *key, const char *value)
{
	struct releases_query *q = ctx;
	int by = strcmp(key, "by") == 0;

	for (const char *const *k = list_only; *k; k++)
		if (strcmp(key, *k) == 0) {
			bad(q, key, "is a list's parameter; this answer is a count");
			return 0;
		}
	if (by || strcmp(key, "split") == 0) {
		const char *a = by ? "year" : "released_by", *b = by ? "month" : "released_to";
		const char **slot = by ? &q->by : &q->split;
		if ((by && q->by_given) || (!by && q->split))
			bad(q, key, "is given twice");
		else if (!value || (strcmp(value, a) && strcmp(value, b)))
			bad(q, key, by ? "must be year or month" : "must be released_by or released_to");
		else
			*slot = value;
		q->by_given |= by;
		return 0;
	}
	if (strcmp(key, "from") == 0 || strcmp(key, "to") == 0) {
		/* The periods', not the list's: a period overlapping [from, to] counts whole. */
		struct partial_date d;
		const char *why;
		if (value && partial_date_parse(value, &d, &why) == 0)
			*(key[0] == 'f' ? &q->from : &q->to) = value;
		else
			bad(q, key, value ? why : "must be a date");
		return 0;
	}
	if (strcmp(key, "released_by") == 0)
		q->dir[0] = value;
	else if (strcmp(key, "released_to") == 0)
		q->dir[1] = value;
	else if (strcmp(key, "category") == 0)
		q->category = value;
	else if (q->filtered++ == 0) { /* a filter of the swaps: a facet's totals, or cells */
		q->fkey = key;
		q->fvalue = value;
	}
	return list_arg(&q->l, key, value);
}

/* A parameter: its number, after those list_where took. */
static int param(const char **vals, int *n, const char *value)
{
	vals[(*n)++] = value;
	return *n;
}

/* The start and the day after the end of a period ("2024" or "2024-05") as SQL dates. */
#define PERIOD_START \
	"to_date(period || CASE WHEN length(period) = 4 THEN '-01' ELSE '' END || '-01', 'YYYY-MM-DD')"
#define PERIOD_END \
	"(" PERIOD_START " + CASE WHEN length(period) = 4 THEN interval '1 year' ELSE interval " \
	"'1 month' END)::date"

/* The statement: one row per period and series that has data. They come from the people
 * released kept as swaps change (sql/functions/releases.sql): without a swap filter, from
 * release_totals alone; with one filter of one value that is kept per value (q->facet), from
 * that value's rows of release_facet_totals; with anything else, from the cells of the swaps
 * the list's filters keep (their cost grows with the swaps selected). The cell asked for is
 * that of the direction and category given ('*' for any), a split taking every side's; periods
 * overlapping [from, to] (at their own granularity). releases_json fills in the periods without
 * data. listed: where list_where's parameters begin and end in vals (they are its to free);
 * first and last: room for the range's days. */
static void releases_sql(struct releases_query *q, struct buf *b, const char **vals, int *n,
			 int listed[2], char *first, char *last)
{
	int month = strcmp(q->by, "month") == 0, split_by = q->split && q->split[9] == 'b';
	const char *side = !q->split  ? "NULL::text"
			   : split_by ? "released_by"
				      : "nullif(released_to, '')";
	struct buf cond = BUF_INIT;
	struct partial_date d;
	const char *why;
	int k_first, k_last;

	*first = *last = 0;
	if (q->from && partial_date_parse(q->from, &d, &why) == 0)
		strcpy(first, d.first);
	if (q->to && partial_date_parse(q->to, &d, &why) == 0)
		strcpy(last, d.last);
	/* The cell: its key, its period in the range (by month or by year: a facet's months
	 * summed by year stand under their year). */
	if (q->dir[0])
		buf_printf(&cond, " AND released_by = $%d", param(vals, n, q->dir[0]));
	else
		buf_puts(&cond, split_by ? " AND released_by <> '*'" : " AND released_by = '*'");
	if (q->dir[1])
		buf_printf(&cond, " AND released_to = $%d", param(vals, n, q->dir[1]));
	else
		buf_puts(&cond,
			 q->split && !split_by ? " AND released_to <> '*'" : " AND released_to = '*'");
	if (q->category)
		buf_printf(&cond, " AND category = $%d", param(vals, n, q->category));
	else
		buf_puts(&cond, " AND category = '*'");
	k_first = param(vals, n, *first ? first : NULL);
	k_last = param(vals, n, *last ? last : NULL);
	buf_printf(&cond,
		   " AND ($%d::date IS NULL OR " PERIOD_END " > $%d::date)"
		   " AND ($%d::date IS NULL OR " PERIOD_START " <= $%d::date)",
		   k_first, k_first, k_last, k_last);
	if (!q->filtered) {
		buf_printf(b,
			   "WITH p AS (SELECT period, %s AS side, people, remains, swaps"
			   " FROM release_totals WHERE swaps > 0 AND by_month = %s%s)",
			   side, month ? "true" : "false", cond.data);
	} else if (q->facet[0] && month) {
		/* A facet's rows are monthly: one per period and key, as release_totals's. */
		buf_printf(b,
			   "WITH p AS (SELECT period, %s AS side, people, remains, swaps"
			   " FROM release_facet_totals WHERE facet = $%d AND swaps > 0%s)",
			   side, param(vals, n, q->facet), cond.data);
	} else if (q->facet[0]) {
		/* By year: a year's months (and the year itself) summed, each swap in one of them. */
		buf_printf(b,
			   "WITH p AS (SELECT period, %s AS side, sum(people) AS people,"
			   " sum(remains) AS remains, sum(swaps) AS swaps FROM (SELECT left(period, 4)"
			   " AS period, released_by, released_to, category, people, remains, swaps"
			   " FROM release_facet_totals WHERE facet = $%d AND swaps > 0) x"
			   " WHERE true%s GROUP BY 1, 2)",
			   side, param(vals, n, q->facet), cond.data);
	} else {
		/* Each selected swap's cells by its key (OFFSET 0 keeps the subquery apart): the
		 * planner, guessing 17,304 swaps for a month's 325, otherwise hashed them against
		 * every cell, 1.2 s where the lookups take 5 ms. */
		buf_printf(b,
			   "WITH p AS (SELECT period, %s AS side, sum(people) AS people,"
			   " sum(remains) AS remains, count(*) AS swaps FROM (SELECT t.id FROM swaps t",
			   side);
		listed[0] = *n;
		list_where(&q->l, b, vals, n);
		listed[1] = *n;
		buf_printf(b,
			   ") s CROSS JOIN LATERAL (SELECT period, released_by, released_to, people,"
			   " remains FROM swap_release_cells c WHERE c.swap_id = s.id AND by_month = %s%s"
			   " OFFSET 0) c GROUP BY 1, 2)",
			   month ? "true" : "false", cond.data);
	}
	buf_free(&cond);
	/* Each row a period of one series, in no order (releases_json sorts them). */
	buf_puts(b, " SELECT period, side, people, remains, swaps FROM p");
}

/* At most this many entries in an answer (periods times series): by=month from the year 1 to
 * 9999 would be 119,988 a series. Past it, 400 asks for a narrower range. */
#define MAX_ENTRIES 50000

struct periods {
	char (*p)[8]; /* "2024" or "2024-05" and its NUL */
	size_t n, cap;
};

static int periods_add(struct periods *ps, const char *period)
{
	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 64;
		void *p = realloc(ps->p, cap * sizeof(*ps->p));
		if (!p)
			return -1;
		ps->p = p;
		ps->cap = cap;
	}
	snprintf(ps->p[ps->n++], sizeof(*ps->p), "%s", period);
	return 0;
}

static int period_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* A row of the statement's answer: (period, side, people, remains, swaps), side NULL for a
 * series of no side. */
struct row {
	const char *period, *side, *people, *remains, *swaps;
	int lengths[3]; /* of people, remains, swaps */
};

/* A string literal appended without measuring it. */
#define PUT(b, lit) buf_append(b, lit, sizeof(lit) - 1)

/* The periods of the answer, in order: every month (or year) from `from` (else the first with
 * data) to `to` (else the last), and every other period with data (a year-only one among
 * months). first and last: the range's days ("2024-05-01"), empty when not given. -1: out of
 * memory; 1: more than MAX_ENTRIES / series. */
static int periods_of(struct periods *ps, const struct row *rows, int n, int month, const char *first,
		      const char *last, size_t series)
{
	size_t len = month ? 7 : 4, k = 0;
	char a[8] = "", z[8] = "";

	for (int i = 0; i < n; i++) {
		const char *period = rows[i].period;
		if (strlen(period) != len)
			continue;
		if (!a[0] || strcmp(period, a) < 0)
			memcpy(a, period, len + 1);
		if (!z[0] || strcmp(period, z) > 0)
			memcpy(z, period, len + 1);
	}
	/* A day ("2024-05-01") cut to the month or the year. */
	if (strlen(first) >= len) {
		memcpy(a, first, len);
		a[len] = 0;
	}
	if (strlen(last) >= len) {
		memcpy(z, last, len);
		z[len] = 0;
	}
	if (a[0] && z[0] && strcmp(a, z) <= 0) {
		int y = atoi(a), m = month ? atoi(a + 5) : 0, zy = atoi(z), zm = month ? atoi(z + 5) : 0;
		long count = month ? (zy - y) * 12L + (zm - m) + 1 : zy - y + 1;
		if ((size_t)count > MAX_ENTRIES / series)
			return 1;
		for (; y < zy || (y == zy && m <= zm);) {
			char period[16];
			if (month)
				snprintf(period, sizeof(period), "%04d-%02d", y, m);
			else
				snprintf(period, sizeof(period), "%04d", y);
			if (periods_add(ps, period))
				return -1;
			if (!month) {
				y++;
			} else if (++m > 12) {
				y++;
				m = 1;
			}
		}
	}
	/* A row's period is there already when it is of the range's form and within it. */
	for (int i = 0; i < n; i++) {
		const char *period = rows[i].period;
		if (strlen(period) == len && a[0] && z[0] && strcmp(period, a) >= 0 &&
		    strcmp(period, z) <= 0)
			continue;
		if (periods_add(ps, period))
			return -1;
	}
	if (ps->n)
		qsort(ps->p, ps->n, sizeof(*ps->p), period_cmp);
	/* Each once. */
	for (size_t i = 0; i < ps->n; i++)
		if (!k || strcmp(ps->p[i], ps->p[k - 1]))
			memmove(ps->p[k++], ps->p[i], sizeof(*ps->p));
	ps->n = k;
	return ps->n * series > MAX_ENTRIES ? 1 : 0;
}

/* Two rows in the answer's order: by side (C order, no side last), then period ("2024" before
 * "2024-01"). */
static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = !x->side - !y->side;

	if (!c && x->side)
		c = strcmp(x->side, y->side);
	return c ? c : strcmp(x->period, y->period);
}

/* Whether two rows are of one series. */
static int same_side(const struct row *x, const struct row *y)
{
	return !x->side == !y->side && (!x->side || strcmp(x->side, y->side) == 0);
}

/* The answer from the statement's rows: one series per side (one in all without a split), each
 * over every period, zeros where a series has no row. Written here rather than by PostgreSQL
 * (3,432 entries of a monthly split by side cost it 19 ms to build as JSON), sorted here (its
 * sort of those rows took 2.6 of the statement's 4.3 ms; rows that come in order, as an index
 * gives them, are only checked), compact as every answer is, with the values as PostgreSQL printed
 * them. */
static void releases_json(struct releases_query *q, PGresult *r, const char *first, const char *last,
			  struct buf *out, struct problem *p)
{
	int month = strcmp(q->by, "month") == 0, n = PQntuples(r), at = 0, sorted = 1;
	struct row *rows = malloc(((size_t)n + 1) * sizeof(*rows));
	struct buf mid = BUF_INIT;
	char *e = NULL;
	size_t cap = 0;
	int oom = 0;
	struct periods ps = {NULL, 0, 0};
	size_t series = 0, entries = 0;
	int rc;

	if (!rows) {
		problem_oom(p);
		return;
	}
	for (int i = 0; i < n; i++) {
		rows[i] = (struct row){PQgetvalue(r, i, 0),
				       PQgetisnull(r, i, 1) ? NULL : PQgetvalue(r, i, 1),
				       PQgetvalue(r, i, 2),
				       PQgetvalue(r, i, 3),
				       PQgetvalue(r, i, 4),
				       {PQgetlength(r, i, 2), PQgetlength(r, i, 3), PQgetlength(r, i, 4)}};
		if (i && sorted && row_cmp(&rows[i - 1], &rows[i]) > 0)
			sorted = 0;
	}
	if (!sorted)
		qsort(rows, (size_t)n, sizeof(*rows), row_cmp);
	/* The series: the distinct sides. */
	for (int i = 0; i < n; i++)
		series += i == 0 || !same_side(&rows[i], &rows[i - 1]);
	if (!q->split)
		series = 1;
	rc = periods_of(&ps, rows, n, month, first, last, series ? series : 1);
	if (rc < 0) {
		problem_oom(p);
	} else if (rc > 0) {
		problem_set(p, 400, "The answer would be too long; see errors.");
		problem_field(p, q->from ? "from" : "to",
			      "the periods from from to to, times the series, would be more than %d "
			      "entries: narrow the range or count by year",
			      MAX_ENTRIES);
	}
	buf_puts(out, month ? "{\"by\":\"month\",\"series\":[" : "{\"by\":\"year\",\"series\":[");
	while (!p->status && series && at <= n) {
		const struct row *head = at < n ? &rows[at] : NULL;
		int end = at; /* the series' rows: [at, end) */
		char *quoted = NULL;
		size_t qlen = 0;
		while (end < n && (!q->split || same_side(&rows[end], head)))
			end++;
		if (q->split) {
			json_t *js = !head || !head->side ? json_null() : json_string(head->side);
			quoted = js ? json_dumps(js, JSON_ENCODE_ANY) : NULL;
			json_decref(js);
			if (!quoted) {
				problem_oom(p);
				break;
			}
			qlen = strlen(quoted);
		}
		/* Between the period and the people: the same in every entry of the series. */
		mid.len = 0;
		PUT(&mid, "\",");
		if (q->split) {
			PUT(&mid, "\"");
			buf_puts(&mid, q->split);
			PUT(&mid, "\":");
			buf_append(&mid, quoted, qlen);
			PUT(&mid, ",");
		}
		PUT(&mid, "\"people\":");
		/* Each entry composed in e and appended once: the names, a period of at most 7 and
		 * three numbers as PostgreSQL printed them (room made for them as they come). */
		for (size_t k = 0; !oom && k < ps.n; k++) {
			const struct row *x = &rows[at];
			int hit = at < end && strcmp(x->period, ps.p[k]) == 0;
			size_t len = 0,
			       need = mid.len + 64 +
				      (hit ? (size_t)x->lengths[0] + x->lengths[1] + x->lengths[2] : 0);
			if (need > cap || buf_failed(&mid)) {
				char *bigger = buf_failed(&mid) ? NULL : realloc(e, need * 2);
				if (!bigger) {
					oom = 1;
					break;
				}
				e = bigger;
				cap = need * 2;
			}
#define E(s, l) (memcpy(e + len, s, l), len += (l))
#define EL(lit) E(lit, sizeof(lit) - 1)
			if (entries++)
				EL(",");
			EL("{\"period\":\"");
			E(ps.p[k], strlen(ps.p[k]));
			E(mid.data, mid.len);
			if (hit) {
				E(x->people, (size_t)x->lengths[0]);
				EL(",\"remains\":");
				E(x->remains, (size_t)x->lengths[1]);
				EL(",\"swaps\":");
				E(x->swaps, (size_t)x->lengths[2]);
				EL("}");
			} else {
				EL("0,\"remains\":0,\"swaps\":0}");
			}
#undef EL
#undef E
			buf_append(out, e, len);
			at += hit;
		}
		if (oom) {
			problem_oom(p);
			free(quoted);
			break;
		}
		free(quoted);
		/* Every row's period is among the periods, so a series takes all its rows. */
		if (!q->split || at >= n || at != end)
			break;
	}
	buf_puts(out, "]}");
	buf_free(&mid);
	free(e);
	free(ps.p);
	free(rows);
}

void releases_handler(struct request *req)
{
	struct problem p = PROBLEM_INIT;
	struct releases_query q;
	struct buf sql = BUF_INIT, answer = BUF_INIT;
	const char *vals[MAX_ARGS + 16];
	char first[24], last[24];
	PGresult *r = NULL;
	PGconn *c;
	int n = 0, listed[2] = {0, 0};

	memset(&q, 0, sizeof(q));
	list_init(&q.l, &model_swaps, &p);
	q.by = "year";
	http_query_each(req, arg, &q);
	list_finish(&q.l);
	facet_of(&q);
	if (!p.status)
		releases_sql(&q, &sql, vals, &n, listed, first, last);
	if (!p.status && !sql.data)
		problem_oom(&p);
	if (!p.status && (c = db_worker(&p)) && (r = db_exec(c, sql.data, n, vals, &p)))
		releases_json(&q, r, first, last, &answer, &p);
	if (!p.status && buf_failed(&answer))
		problem_oom(&p);
	if (!p.status)
		http_send_json_text(req, 200, answer.data);
	if (p.status)
		http_send_problem(req, &p);
	PQclear(r);
	list_free_vals(&q.l, vals, listed[1], listed[0]);
	buf_free(&sql);
	buf_free(&answer);
	list_free(&q.l);
}

static const char releases_schema[] =
	"{\"type\": \"object\", \"required\": [\"by\", \"series\"], \"properties\": {"
	"\"by\": {\"type\": \"string\", \"enum\": [\"year\", \"month\"]},"
	"\"series\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"period\","
	" \"people\", \"remains\", \"swaps\"], \"properties\": {"
	"\"period\": {\"type\": \"string\", \"description\": \"\\\"2024\\\" or \\\"2024-05\\\": a swap"
	" dated more coarsely than by is under its own period, before that year's months.\"},"
	"\"released_by\": {\"anyOf\": [{\"$ref\": \"#/components/schemas/side\"}, {\"type\": \"null\"}],"
	" \"description\": \"With split=released_by: the series' side.\"},"
	"\"released_to\": {\"anyOf\": [{\"$ref\": \"#/components/schemas/side\"}, {\"type\": \"null\"}],"
	" \"description\": \"With split=released_to: the series' side (null: no known direction).\"},"
	"\"people\": {\"type\": \"integer\", \"description\": \"Living people released.\"},"
	"\"remains\": {\"type\": \"integer\", \"description\": \"Bodies returned.\"},"
	"\"swaps\": {\"type\": \"integer\", \"description\": \"Completed swaps that released"
	" them.\"}}}}}}";

json_t *releases_doc(void)
{
	json_t *r = json_pack("{s:o}", "200",
			      openapi_response("One entry per period (and side, with split), empty "
					       "periods as zeros.",
					       openapi_schema(releases_schema)));
	json_t *params = json_array();

	openapi_errors(r, openapi_read_errors);
	openapi_filter_params(params, &model_swaps, NULL);
	json_array_append_new(params, json_pack("{s:s, s:s, s:s, s:{s:s, s:[s, s], s:s}}", "name", "by",
						"in", "query", "description",
						"Per year (the default) or per month.", "schema", "type",
						"string", "enum", "year", "month", "default", "year"));
	json_array_append_new(params,
			      json_pack("{s:s, s:s, s:s, s:{s:s, s:[s, s]}}", "name", "split", "in",
					"query", "description",
					"One series per side: who released, or who received.", "schema",
					"type", "string", "enum", "released_by", "released_to"));
	return json_pack("{s:{s:s, s:s, s:o, s:o}}", "get", "summary",
			 "People released by completed swaps, per period.", "description",
			 "Takes the swap list's filters, from and to (on occurred_on). People are "
			 "counted by direction (from groups and named releases) when released_by, "
			 "released_to, category or split is given, else from released_count.",
			 "parameters", params, "responses", r);
}
