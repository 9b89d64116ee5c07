/* Export: each collection in load order from one REPEATABLE READ snapshot, rows streamed in
 * single-row mode, so memory stays flat however large the database. */
#include "engine/transfer/export.h"

#include <stdlib.h>
#include <string.h>

#include "db/rows.h"
#include "engine/model/model.h"
#include "engine/openapi/openapi.h"
#include "engine/routes/collection.h"
#include "engine/sql/sqlgen.h"
#include "engine/write/merge.h"
#include "http/http.h"

struct export
{
	struct rows rows;
	int next; /* the next part to start: the index in models[] of a collection, then
	                     * that past the last plus the index of a mergeable one, for its merges */
	int nmodels;
};

/* Starts the next part that has rows; 0 when it did or none is left, -1 on failure. Records
 * first, in load order, then the merges (whose ids name records of any collection). */
static int start_next(struct export *e, struct problem *p)
{
	while (e->next < 2 * e->nmodels) {
		int k = e->next++;
		const struct model *m = models[k % e->nmodels];
		struct buf sql = BUF_INIT;
		int rc;

		if (k >= e->nmodels && !m->mergeable)
			continue;
		if (k >= e->nmodels)
			merge_export_sql(&sql, m);
		else
			buf_printf(&sql,
				   "SELECT '{\"type\":\"%s\",\"record\":' || (%s)::text || '}'"
				   " FROM %s t WHERE t.deleted_at IS NULL ORDER BY t.id",
				   m->singular, m->sql->export_json, m->table);
		rc = sql.data ? rows_start(&e->rows, sql.data, 0, NULL, p)
			      : problem_set(p, 503, "The server is out of memory.");
		buf_free(&sql);
		if (rc < 0)
			return -1;
		if (e->rows.first)
			return 0;
	}
	return 0;
}

struct export *export_open(struct problem *p)
{
	struct export *e = calloc(1, sizeof(*e));

	if (!e) {
		problem_set(p, 503, "The server is out of memory.");
		return NULL;
	}
	while (models[e->nmodels])
		e->nmodels++;
	if (rows_open(&e->rows, 1, p) < 0 || start_next(e, p) < 0) {
		export_close(e);
		return NULL;
	}
	return e;
}

int export_next(void *ctx, struct buf *out)
{
	struct export *e = ctx;
	struct problem p = PROBLEM_INIT;
	PGresult *r;
	int failed = 0;

	while (out->len < 64 * 1024) {
		r = rows_next(&e->rows, &failed);
		if (r) {
			buf_append(out, PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0));
			buf_puts(out, "\n");
			PQclear(r);
			continue;
		}
		if (failed)
			return -1;
		if (e->next >= 2 * e->nmodels)
			return 0;
		if (start_next(e, &p) < 0) {
			problem_clear(&p);
			return -1;
		}
	}
	return 1;
}

void export_close(void *ctx)
{
	struct export *e = ctx;

	if (!e)
		return;
	rows_close(&e->rows);
	free(e);
}

void export_handler(struct request *req)
{
	struct problem p = PROBLEM_INIT;
	struct export *e;

	if (http_no_query_or_reply(req) < 0)
		return;
	if (!(e = export_open(&p))) {
		http_send_problem(req, &p);
		return;
	}
	http_add_header(req, "Content-Disposition", "attachment; filename=\"swaptrack.ndjson\"");
	http_send_stream(req, 200, "application/x-ndjson", (struct stream){export_next, export_close, e});
}

json_t *export_doc(void)
{
	json_t *r = json_pack("{s:{s:s, s:{s:{s:{s:s}}}}}", "200", "description",
			      "One line a record: {\"type\": \"person\", \"record\": {...}}, in load order.",
			      "content", "application/x-ndjson", "schema", "type", "string");

	openapi_errors(r, openapi_read_errors);
	return json_pack("{s:{s:s, s:o}}", "get", "summary", "The whole database as NDJSON, streamed.",
			 "responses", r);
}
