/* GET /v1/stats: the numbers a dashboard shows, in one call of swaptrack_stats (sql/functions/stats.sql):
 *   records               live records per collection
 *   detentions_by_status  every status, zero included
 *   held_by_country       people held now (a detention in status held), by detaining country
 *   per_year              swaps, and people released (by a swap, or a detention released or
 *                         exchanged that year), per year */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "db/db.h"
#include "engine/model/fieldtype.h"
#include "engine/model/model.h"
#include "engine/openapi/openapi.h"
#include "engine/routes/collection.h"
#include "features/stats.h"
#include "http/http.h"
#include "models/models.h"

/* The numbers come from swaptrack_stats (sql/functions/stats.sql); what it counts comes from the
 * field tables: every collection with its table, and a detention's statuses. */
static const struct db_stmt stats_stmt = {
	"stats",
	"SELECT swaptrack_stats($1::text[], $2::text[], $3::text[])",
	3,
};

void stats_handler(struct request *req)
{
	const struct field *status = model_field(&model_detentions, "status");
	struct problem p = PROBLEM_INIT;
	struct buf names = BUF_INIT, tables = BUF_INIT, statuses = BUF_INIT;
	const char *vals[3];
	PGresult *r = NULL;

	if (http_no_query_or_reply(req) < 0)
		return;
	for (int i = 0; models[i]; i++) {
		field_array_item(&names, models[i]->name);
		field_array_item(&tables, models[i]->table);
	}
	for (int i = 0; status->values[i]; i++)
		field_array_item(&statuses, status->values[i]);
	buf_puts(&names, "}");
	buf_puts(&tables, "}");
	buf_puts(&statuses, "}");
	vals[0] = names.data;
	vals[1] = tables.data;
	vals[2] = statuses.data;
	if (!names.data || !tables.data || !statuses.data)
		http_send_error(req, 503, "The server is out of memory.");
	else if (!(r = db_query(&stats_stmt, vals, &p)))
		http_send_problem(req, &p);
	else
		http_send_json_text(req, 200, PQgetvalue(r, 0, 0));
	PQclear(r);
	buf_free(&names);
	buf_free(&tables);
	buf_free(&statuses);
}

static const char stats_schema[] =
	"{\"type\": \"object\", \"required\": [\"records\", \"detentions_by_status\", \"held_by_country\","
	" \"per_year\"], \"properties\": {"
	"\"records\": {\"type\": \"object\", \"description\": \"Live records per collection.\","
	" \"additionalProperties\": {\"type\": \"integer\"}},"
	"\"detentions_by_status\": {\"type\": \"object\", \"additionalProperties\": {\"type\": \"integer\"}},"
	"\"held_by_country\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\":"
	" [\"country\", \"name\", \"people\"], \"properties\": {\"country\": {\"$ref\":"
	" \"#/components/schemas/country\"}, \"name\": {\"type\": \"string\"}, \"people\": {\"type\":"
	" \"integer\"}}}},"
	"\"per_year\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"year\","
	" \"swaps\", \"people_released\"], \"properties\": {\"year\": {\"type\": \"integer\"},"
	" \"swaps\": {\"type\": \"integer\"}, \"people_released\": {\"type\": \"integer\"}}}}}}";

json_t *stats_doc(void)
{
	json_t *r = json_pack("{s:o}", "200",
			      openapi_response("records per collection, "
					       "detentions_by_status, held_by_country [{country, name, people}], per_year [{year, "
					       "swaps, people_released}].",
					       openapi_schema(stats_schema)));

	openapi_errors(r, openapi_read_errors);
	return json_pack("{s:{s:s, s:o}}", "get", "summary", "The numbers a dashboard shows.",
			 "responses", r);
}
