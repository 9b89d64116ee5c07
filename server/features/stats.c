/* GET /v1/stats: the numbers a dashboard shows, in one statement.
 *   records               live records per collection
 *   detentions_by_status  every status, zero included
 *   held_by_country       people held now (a detention in status held), by detaining country
 *   per_year              swaps, and people released (by a swap, or a detention released or
 *                         exchanged that year), per year */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "engine/collection.h"
#include "db/db.h"
#include "http/http.h"
#include "engine/model.h"
#include "models/models.h"
#include "features/stats.h"
#include "engine/openapi.h"

static struct db_stmt stats_stmt;
static pthread_once_t stats_once = PTHREAD_ONCE_INIT;
static struct buf stats_sql;

static void free_stats(void)
{
	buf_free(&stats_sql);
}

static void build_stats(void)
{
	struct buf *b = &stats_sql;
	const struct field *status = model_field(&model_detentions, "status");

	buf_puts(b, "SELECT json_build_object('records', json_build_object(");
	for (int i = 0; models[i]; i++)
		buf_printf(b, "%s'%s', (SELECT count(*) FROM %s WHERE deleted_at IS NULL)",
			   i ? ", " : "", models[i]->name, models[i]->table);
	buf_puts(b, "), 'detentions_by_status', (SELECT json_build_object(");
	for (int i = 0; status->values[i]; i++)
		buf_printf(b, "%s'%s', count(*) FILTER (WHERE status = '%s')", i ? ", " : "",
			   status->values[i], status->values[i]);
	buf_puts(b, ") FROM detentions WHERE deleted_at IS NULL), "
		 "'held_by_country', (SELECT coalesce(json_agg(json_build_object('country', h.country,"
		 " 'name', c.name, 'people', h.n) ORDER BY h.n DESC, h.country), '[]'::json)"
		 " FROM (SELECT country, count(DISTINCT person_id) AS n FROM detentions"
		 "       WHERE deleted_at IS NULL AND status = 'held' GROUP BY country) h"
		 " JOIN countries c ON c.code = h.country), "
		 "'per_year', (SELECT coalesce(json_agg(json_build_object('year', y.year, 'swaps',"
		 " y.swaps, 'people_released', y.released) ORDER BY y.year), '[]'::json) FROM ("
		 "  SELECT coalesce(s.year, r.year) AS year, coalesce(s.n, 0) AS swaps,"
		 "         coalesce(r.n, 0) AS released FROM"
		 "  (SELECT extract(year FROM occurred_on_first)::int AS year, count(*) AS n FROM swaps"
		 "    WHERE deleted_at IS NULL GROUP BY 1) s FULL JOIN"
		 "  (SELECT year, count(DISTINCT person_id) AS n FROM ("
		 "     SELECT extract(year FROM s.occurred_on_first)::int AS year, c.person_id"
		 "       FROM swaps s JOIN swap_releases c ON c.swap_id = s.id WHERE s.deleted_at IS NULL"
		 "     UNION ALL"
		 "     SELECT extract(year FROM released_on_first)::int, person_id FROM detentions"
		 "      WHERE deleted_at IS NULL AND released_on IS NOT NULL"
		 "        AND status IN ('released', 'exchanged')) x GROUP BY year) r"
		 "  ON r.year = s.year) y))");
	stats_stmt = (struct db_stmt){"stats", b->data, 0};
	atexit(free_stats);
}

void stats_handler(struct request *req)
{
	struct problem p = PROBLEM_INIT;
	PGresult *r;

	if (http_no_query_or_reply(req) < 0)
		return;
	pthread_once(&stats_once, build_stats);
	if (!stats_stmt.sql) {
		http_send_error(req, 503, "The server is out of memory.");
		return;
	}
	if (!(r = db_query(&stats_stmt, NULL, &p))) {
		http_send_problem(req, &p);
		return;
	}
	http_send_json_text(req, 200, PQgetvalue(r, 0, 0));
	PQclear(r);
}

json_t *stats_doc(void)
{
	json_t *r = json_pack("{s:o}", "200", openapi_response("records per collection, "
		"detentions_by_status, held_by_country [{country, name, people}], per_year [{year, "
		"swaps, people_released}].", json_pack("{s:s}", "type", "object")));

	openapi_errors(r, openapi_read_errors);
	return json_pack("{s:{s:s, s:o}}", "get", "summary", "The numbers a dashboard shows.",
			 "responses", r);
}
