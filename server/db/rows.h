/* Rows one at a time from a query on a connection of its own (libpq single-row mode), for
 * responses that are streamed: a CSV list or an export holds one row in memory, never the
 * result. The connection is not the worker thread's, because a stream is produced in pieces
 * between which the thread serves other requests. */
#ifndef SWAPTRACK_ROWS_H
#define SWAPTRACK_ROWS_H

#include <libpq-fe.h>

#include "core/problem.h"

struct rows {
	PGconn *conn;
	PGresult *first; /* a row read ahead by rows_start, handed out first */
	int running;     /* a query has rows left */
};

/* Opens the connection (on a replica when the thread's route is a read and one is usable:
 * db_connect_read); with snapshot, inside a REPEATABLE READ READ ONLY transaction so that
 * several queries see one state, which a hot standby gives too. Returns 0, or -1 with p
 * filled (503). */
int rows_open(struct rows *r, int snapshot, struct problem *p);
/* Sends a query and reads its first row, so that an error is known before anything is sent.
 * Returns 0, or -1 with p filled. */
int rows_start(struct rows *r, const char *sql, int n, const char *const *vals, struct problem *p);
/* The next row (a result of one tuple; the caller PQclears it), or NULL when the query has no
 * more (*failed then says whether it ended in an error, which is logged). */
PGresult *rows_next(struct rows *r, int *failed);
void rows_close(struct rows *r);

#endif
