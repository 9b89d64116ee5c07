/* The database layer: one libpq connection per worker thread, made on first use and remade on
 * the next request after it breaks; queries with parameters only; SQLSTATE -> HTTP status in one
 * place (db_error). */
#ifndef SWAPTRACK_DB_H
#define SWAPTRACK_DB_H

#include <stdint.h>
#include <libpq-fe.h>

#include "core/problem.h"

/* The least word similarity a name search keeps (server/search.c ranks by it). */
#define SEARCH_THRESHOLD "0.35"

/* Sets what every connection is opened with. Call once, before any thread uses the database.
 * The conninfo string is not copied: it must outlive the process's use of the database. */
void db_configure(const char *conninfo, int connect_timeout_s);

/* Worker connections cut off a statement running longer than this (0: never). Streams and
 * imports, on connections of their own, are not limited. */
void db_set_statement_timeout(int seconds);

/* Opens a new connection. On failure returns NULL and, when err is not NULL, a malloc'd reason
 * for the log (never for a client). The caller PQfinishes the connection. */
PGconn *db_connect(char **err);

/* db_connect to another database (a read replica's conninfo), with the same defaults. */
PGconn *db_connect_url(const char *conninfo, char **err);

/* The calling thread's connection, (re)connecting when there is none or it broke. On failure
 * fills p with a 503 and returns NULL. The connection belongs to the thread: never PQfinish it.
 * It is closed when the thread exits. Which database it is on follows the thread's route: the
 * primary, or for a read (db_route_read) a usable replica (db/replicas.h), chosen at the
 * request's first statement. A statement that fails on a replica as a replica fails (it went
 * away, or cancelled the statement for a conflict with recovery) is run again on the primary
 * by db_exec and db_exec_stmt, and the rest of the request goes there. */
PGconn *db_worker(struct problem *p);

/* The route of the request this thread serves from now on. A read may go to a replica that
 * has replayed min_lsn (0: any usable one), waiting for one at most a second, else to the
 * primary; db_route_primary sends everything to the primary (writes, and every request by
 * default). */
void db_route_read(uint64_t min_lsn);
/* The request was admitted (its key verified, its rate charged): from now on a read may wait
 * for its replica to reach min_lsn. Before, no statement waits: a client whose key is not
 * verified holds no worker for a second. */
void db_route_verified(void);
void db_route_primary(void);
/* The replica this request's reads went to, or -1 for the primary (or not chosen yet). */
int db_routed_replica(void);
/* A connection of its own for a stream (rows.c): on a usable replica for a read route that
 * one has caught up to, else on the primary. The caller PQfinishes it. */
PGconn *db_connect_read(char **err);
/* COMMIT on c, and the primary's WAL position after it (kept for db_write_lsn) in the same
 * round trip. 0, or -1 with p filled by db_error. When memory ran out on this thread while the
 * request was served (core/oom.h), ROLLBACK instead, and -1 with a 503: what the transaction
 * wrote may be missing a part. */
int db_commit(PGconn *c, struct problem *p);
/* After a write: the primary's WAL position past the write's commit, for Swaptrack-LSN, as
 * pg_lsn text: the one db_commit saw in this request, else asked now (a single-statement
 * write, an import on its own connection). 0, or -1 when the primary does not answer. Routes
 * the thread to the primary. */
int db_write_lsn(char out[24]);

/* Runs one statement with text parameters on c. Returns the result (the caller PQclears it) when
 * the statement succeeded, or NULL with p filled by db_error. */
PGresult *db_exec(PGconn *c, const char *sql, int nparams, const char *const *values, struct problem *p);

/* A statement that each worker connection prepares once, the first time it runs it, and then
 * executes by name. name must be unique and both strings must live as long as the process. */
struct db_stmt {
	const char *name;
	const char *sql;
	int nparams;
};

/* Runs a prepared statement on c: prepared by name on the thread's own connection, sent whole
 * (unprepared) on any other. Returns the result or NULL with p filled, as db_exec. */
PGresult *db_exec_stmt(PGconn *c, const struct db_stmt *st, const char *const *values, struct problem *p);

/* db_exec_stmt on the thread's connection outside any transaction, tried a second time on a new
 * connection when the first attempt finds the old one broken (the database restarted since it
 * was last used). For reads and single-statement writes only. */
PGresult *db_query(const struct db_stmt *st, const char *const *values, struct problem *p);

/* Statements sent by this thread since the last reset: the access log shows how many queries
 * each request cost. */
void db_count_reset(void);
int db_count(void);
/* Worker connections open now, and connection attempts that failed since start (for metrics). */
long long db_open_connections(void);
long long db_connect_failures(void);

/* The one place where a failed statement becomes an HTTP problem: connection failures and
 * shutdowns are 503, unique violations 409, check violations 422, and anything unexpected a 500
 * whose detail is logged, never sent. */
void db_error(PGconn *c, const PGresult *r, struct problem *p);

/* A timestamp column as the API writes times (RFC 3339 in UTC to the second), for a string
 * literal of SQL: swaptrack_utc (sql/functions/history.sql) holds the format, and PostgreSQL inlines it. */
#define DB_UTC(col) "swaptrack_utc(" col ")"

#endif
