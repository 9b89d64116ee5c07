/* Single-row-mode queries on a dedicated connection. */
#include "db/rows.h"

#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "db/db.h"

int rows_open(struct rows *r, int snapshot, struct problem *p)
{
	char *err = NULL;

	memset(r, 0, sizeof(*r));
	r->conn = db_connect_read(&err);
	if (!r->conn) {
		log_msg("database connection failed: %s", err ? err : "?");
		free(err);
		return problem_set(p, 503, "The database is unavailable; try again shortly.");
	}
	if (snapshot) {
		PGresult *b = db_exec(r->conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0,
				      NULL, p);
		if (!b) {
			rows_close(r);
			return -1;
		}
		PQclear(b);
	}
	return 0;
}

/* Reads what is left of a query so that the connection can take the next one. */
static void drain(struct rows *r)
{
	PGresult *x;

	PQclear(r->first);
	r->first = NULL;
	while ((x = PQgetResult(r->conn)))
		PQclear(x);
	r->running = 0;
}

int rows_start(struct rows *r, const char *sql, int n, const char *const *vals, struct problem *p)
{
	int failed = 0;

	if (r->running)
		drain(r);
	if (!sql)
		return problem_oom(p); /* its buffer failed (core/buf.h): never sent */
	if (!PQsendQueryParams(r->conn, sql, n, NULL, vals, NULL, NULL, 0) ||
	    !PQsetSingleRowMode(r->conn)) {
		db_error(r->conn, NULL, p);
		return -1;
	}
	r->running = 1;
	r->first = rows_next(r, &failed);
	if (failed) {
		problem_set(p, 503, "The database failed while reading; try again shortly.");
		return -1;
	}
	return 0;
}

PGresult *rows_next(struct rows *r, int *failed)
{
	PGresult *x;

	*failed = 0;
	if (r->first) {
		x = r->first;
		r->first = NULL;
		return x;
	}
	if (!r->running)
		return NULL;
	x = PQgetResult(r->conn);
	if (x && PQresultStatus(x) == PGRES_SINGLE_TUPLE)
		return x;
	/* The end of the rows: PGRES_TUPLES_OK with none, or an error. */
	if (!x || PQresultStatus(x) != PGRES_TUPLES_OK) {
		*failed = 1;
		log_msg("streamed query failed: %s",
			x ? PQresultErrorMessage(x) : PQerrorMessage(r->conn));
	}
	PQclear(x);
	drain(r);
	return NULL;
}

void rows_close(struct rows *r)
{
	/* No draining: closing the connection ends a query cut short (a client that went away). */
	PQclear(r->first);
	PQfinish(r->conn);
	memset(r, 0, sizeof(*r));
}
