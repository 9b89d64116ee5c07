/* GET /v1/stats/releases (contract v1.2, "Research answers"): people released by completed
 * swaps, per year or month, under any of the swap list's filters, one series or one per side.
 *
 * The swaps are those the list would give for the same filters (engine/list: the same checks,
 * the same SQL), completed and dated. What each moved is read from its groups and named
 * releases (flows): counted by direction when a direction filter, a category or a split is
 * given, else from its released_count, which also holds people of no known direction. */
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
};

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
	if (strcmp(key, "released_by") == 0)
		q->dir[0] = value;
	else if (strcmp(key, "released_to") == 0)
		q->dir[1] = value;
	else if (strcmp(key, "category") == 0)
		q->category = value;
	else if (strcmp(key, "from") == 0)
		q->from = value;
	else if (strcmp(key, "to") == 0)
		q->to = value;
	return list_arg(&q->l, key, value);
}

/* A parameter: its number, after those list_where took. */
static int param(const char **vals, int *n, const char *value)
{
	vals[(*n)++] = value;
	return *n;
}

/* The statement: the swaps (list_where), their flows in the asked direction and category, one
 * row per swap and series, then per period and series, with every month (or year) of the range
 * filled in with zeros; one JSON document. *listed: how many of vals list_where gave; first and
 * last: room for the range's days. */
static void releases_sql(struct releases_query *q, struct buf *b, const char **vals, int *n,
			 int *listed, char *first, char *last)
{
	int month = strcmp(q->by, "month") == 0;
	int by_flows = q->dir[0] || q->dir[1] || q->category || q->split;
	const char *side = !q->split                              ? "NULL::text"
			   : strcmp(q->split, "released_by") == 0 ? "f.released_by"
								  : "f.released_to";
	struct buf cond = BUF_INIT;
	struct partial_date d;
	const char *why;
	int k_by, k_first, k_last;

	buf_puts(b, "WITH s AS (SELECT t.id, t.occurred_on_first AS d, t.occurred_on_precision AS"
		    " prec, t.released_count FROM swaps t");
	list_where(&q->l, b, vals, n);
	*listed = *n; /* the parameters list_where made; the rest are the query's or ours */
	buf_puts(b, " AND t.status = 'completed' AND t.occurred_on_first IS NOT NULL),"
		    " f AS (SELECT g.swap_id, g.released_by, g.released_to, g.category,"
		    " g.category = 'remains' AS remains, coalesce(g.count, 0) AS n"
		    " FROM swap_groups g JOIN s ON s.id = g.swap_id UNION ALL"
		    " SELECT r.swap_id, r.released_by, r.released_to, r.category,"
		    " r.remains OR r.category IS NOT DISTINCT FROM 'remains', 1"
		    " FROM swap_releases r JOIN s ON s.id = r.swap_id),");
	if (q->dir[0])
		buf_printf(&cond, " AND f.released_by = $%d", param(vals, n, q->dir[0]));
	if (q->dir[1])
		buf_printf(&cond, " AND f.released_to = $%d", param(vals, n, q->dir[1]));
	if (q->category) {
		int k = param(vals, n, q->category);
		buf_printf(&cond, " AND (f.category = $%d OR ($%d = 'remains' AND f.remains))", k, k);
	}
	/* One row per swap and series. */
	if (by_flows)
		buf_printf(b,
			   " per AS (SELECT s.id, s.d, s.prec, %s AS side,"
			   " coalesce(sum(f.n) FILTER (WHERE NOT f.remains), 0) AS people,"
			   " coalesce(sum(f.n) FILTER (WHERE f.remains), 0) AS remains"
			   " FROM s JOIN f ON f.swap_id = s.id WHERE true%s GROUP BY 1, 2, 3, 4),",
			   side, cond.data ? cond.data : "");
	else
		buf_puts(b, " per AS (SELECT s.id, s.d, s.prec, NULL::text AS side,"
			    " coalesce(s.released_count, 0) AS people, coalesce((SELECT sum(f.n)"
			    " FROM f WHERE f.swap_id = s.id AND f.remains), 0) AS remains FROM s),");
	buf_free(&cond);
	/* Its period: a date coarser than `by` under its own ("2024", before that year's months). */
	k_by = param(vals, n, q->by);
	buf_printf(b,
		   " p AS (SELECT CASE WHEN prec = 'year' OR $%d = 'year' THEN to_char(d, 'YYYY')"
		   " ELSE to_char(d, 'YYYY-MM') END AS period, side, people, remains FROM per),",
		   k_by);
	/* The range: from `from` (else the first period with data) to `to` (else the last). */
	*first = *last = 0;
	if (q->from && partial_date_parse(q->from, &d, &why) == 0)
		strcpy(first, d.first);
	if (q->to && partial_date_parse(q->to, &d, &why) == 0)
		strcpy(last, d.last);
	k_first = param(vals, n, *first ? first : NULL);
	k_last = param(vals, n, *last ? last : NULL);
	buf_printf(b,
		   " range AS (SELECT date_trunc('%s', coalesce($%d::date, min(d)))::date AS a,"
		   " coalesce($%d::date, max(d)) AS z FROM per WHERE prec <> 'year' OR $%d = 'year'),"
		   " periods AS (SELECT to_char(x, '%s') AS period FROM range,"
		   " generate_series(range.a, range.z, interval '1 %s') x"
		   " UNION SELECT period FROM p),",
		   month ? "month" : "year", k_first, k_last, k_by, month ? "YYYY-MM" : "YYYY",
		   month ? "month" : "year");
	/* The series: one per side with a split (those with data), else one. */
	buf_puts(b, q->split ? " sides AS (SELECT DISTINCT side FROM p),"
			     : " sides AS (SELECT NULL::text AS side),");
	buf_printf(b,
		   " agg AS (SELECT period, side, sum(people) AS people, sum(remains) AS remains,"
		   " count(*) AS swaps FROM p GROUP BY period, side)"
		   " SELECT json_build_object('by', $%d::text, 'series', coalesce(json_agg("
		   "json_build_object('period', periods.period, ",
		   k_by);
	if (q->split)
		buf_printf(b, "'%s', sides.side, ", q->split);
	buf_puts(b, "'people', coalesce(agg.people, 0), 'remains', coalesce(agg.remains, 0),"
		    " 'swaps', coalesce(agg.swaps, 0)) ORDER BY sides.side NULLS LAST,"
		    " periods.period), '[]'))::text"
		    " FROM periods CROSS JOIN sides LEFT JOIN agg ON agg.period = periods.period"
		    " AND agg.side IS NOT DISTINCT FROM sides.side");
}

void releases_handler(struct request *req)
{
	struct problem p = PROBLEM_INIT;
	struct releases_query q;
	struct buf sql = BUF_INIT;
	const char *vals[MAX_ARGS + 16];
	char first[24], last[24];
	PGresult *r = NULL;
	PGconn *c;
	int n = 0, listed = 0;

	memset(&q, 0, sizeof(q));
	list_init(&q.l, &model_swaps, &p);
	q.by = "year";
	http_query_each(req, arg, &q);
	list_finish(&q.l);
	if (!p.status)
		releases_sql(&q, &sql, vals, &n, &listed, first, last);
	if (!p.status && !sql.data)
		problem_oom(&p);
	if (!p.status && (c = db_worker(&p)) && (r = db_exec(c, sql.data, n, vals, &p)))
		http_send_json_text(req, 200, PQgetvalue(r, 0, 0));
	if (p.status)
		http_send_problem(req, &p);
	PQclear(r);
	list_free_vals(&q.l, vals, listed, 0);
	buf_free(&sql);
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
