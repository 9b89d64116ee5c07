/* Per-thread connections and the SQLSTATE mapping. */
#include "db/db.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"

static const char *db_conninfo;
static int db_statement_timeout;       /* seconds, for worker connections; 0 = none */
static _Thread_local int statements;   /* see db_count */
/* What metrics report of the pool: connections open now, and attempts that failed. */
static atomic_llong open_connections, connect_failures;

long long db_open_connections(void)
{
	return atomic_load_explicit(&open_connections, memory_order_relaxed);
}

long long db_connect_failures(void)
{
	return atomic_load_explicit(&connect_failures, memory_order_relaxed);
}
static char db_timeout[16] = "5";
static pthread_key_t worker_key;
static pthread_once_t worker_once = PTHREAD_ONCE_INIT;

/* A worker thread's connection and the statements prepared on it. */
struct worker {
	PGconn *conn;
	double failed_at;                  /* when connecting last failed; 0 after a success */
	const struct db_stmt **prepared;
	size_t nprepared, cap;
};

static void close_worker(void *arg)
{
	struct worker *w = arg;

	if (w->conn)
		atomic_fetch_add_explicit(&open_connections, -1, memory_order_relaxed);
	PQfinish(w->conn);
	free(w->prepared);
	free(w);
}

static void make_key(void)
{
	if (pthread_key_create(&worker_key, close_worker) != 0) {
		log_msg("cannot create thread key");
		abort();
	}
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void db_configure(const char *conninfo, int connect_timeout_s)
{
	db_conninfo = conninfo;
	snprintf(db_timeout, sizeof(db_timeout), "%d", connect_timeout_s);
	pthread_once(&worker_once, make_key);
}

/* NOTICEs ("extension already exists, skipping") are not errors and would only clutter logs. */
static void quiet_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

PGconn *db_connect(char **err)
{
	/* Our defaults come first: a setting inside DATABASE_URL overrides them. */
	const char *keys[] = {"connect_timeout", "application_name", "dbname", NULL};
	const char *vals[] = {db_timeout, "swaptrack", db_conninfo ? db_conninfo : "", NULL};
	PGconn *c = PQconnectdbParams(keys, vals, 1);

	if (c && PQstatus(c) == CONNECTION_OK) {
		PQsetNoticeProcessor(c, quiet_notices, NULL);
		/* Name search (the <% operator) keeps matches whose word similarity reaches this;
		 * pg_trgm's default of 0.6 drops a transposed letter ("Dmitirev" scores 0.44). */
		PQclear(PQexec(c, "SET pg_trgm.word_similarity_threshold = " SEARCH_THRESHOLD));
		/* No JIT: once a prepared list statement goes to its generic plan, LIMIT $n makes
		 * the planner's cost guess large enough to JIT-compile it on every execution, 440 ms
		 * for a 10 ms page (measured with EXPLAIN ANALYZE: the deep-page benchmark ran at a
		 * third of its speed on the connections that had switched). Requests here are small;
		 * JIT only pays off for long analytical queries. */
		PQclear(PQexec(c, "SET jit = off"));
		return c;
	}
	if (err)
		*err = strdup(c ? PQerrorMessage(c) : "out of memory");
	PQfinish(c);
	return NULL;
}

static struct worker *this_worker(void)
{
	struct worker *w;

	pthread_once(&worker_once, make_key);
	w = pthread_getspecific(worker_key);
	if (!w && (w = calloc(1, sizeof(*w))))
		pthread_setspecific(worker_key, w);
	return w;
}

PGconn *db_worker(struct problem *p)
{
	struct worker *w = this_worker();
	PGconn *c;
	char *err = NULL;

	if (!w) {
		problem_set(p, 503, "The server is out of memory.");
		return NULL;
	}
	if (w->conn && PQstatus(w->conn) == CONNECTION_OK)
		return w->conn;
	/* A new connection has nothing prepared. */
	if (w->conn)
		atomic_fetch_add_explicit(&open_connections, -1, memory_order_relaxed);
	PQfinish(w->conn);
	w->conn = NULL;
	w->nprepared = 0;
	/* While the database is down, answer at once rather than try again for every request:
	 * one attempt a second per thread. */
	if (w->failed_at && now_s() - w->failed_at < 1.0) {
		problem_set(p, 503, "The database is unavailable; try again shortly.");
		return NULL;
	}
	c = db_connect(&err);
	if (!c) {
		/* libpq messages end in a newline; the log line adds its own. */
		if (err && *err && err[strlen(err) - 1] == '\n')
			err[strlen(err) - 1] = '\0';
		log_msg("database connection failed: %s", err ? err : "?");
		free(err);
		w->failed_at = now_s();
		atomic_fetch_add_explicit(&connect_failures, 1, memory_order_relaxed);
		problem_set(p, 503, "The database is unavailable; try again shortly.");
		return NULL;
	}
	w->failed_at = 0;
	atomic_fetch_add_explicit(&open_connections, 1, memory_order_relaxed);
	if (db_statement_timeout > 0) {
		/* A runaway query is cut off (57014, answered 503) instead of holding a worker. */
		char set[64];
		snprintf(set, sizeof(set), "SET statement_timeout = '%ds'", db_statement_timeout);
		PQclear(PQexec(c, set));
	}
	w->conn = c;
	return c;
}

void db_set_statement_timeout(int seconds)
{
	db_statement_timeout = seconds;
}

void db_count_reset(void)
{
	statements = 0;
}

int db_count(void)
{
	return statements;
}

PGresult *db_exec(PGconn *c, const char *sql, int nparams, const char *const *values,
		  struct problem *p)
{
	PGresult *r;
	ExecStatusType st;

	statements++;
	r = PQexecParams(c, sql, nparams, NULL, values, NULL, NULL, 0);
	st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;

	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return r;
	db_error(c, r, p);
	PQclear(r);
	return NULL;
}

/* Prepares st on the worker's connection unless done already. Returns 0, or -1 with p filled. */
static int prepare(struct worker *w, const struct db_stmt *st, struct problem *p)
{
	PGresult *r;

	for (size_t i = 0; i < w->nprepared; i++)
		if (w->prepared[i] == st)
			return 0;
	if (w->nprepared == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 32;
		const struct db_stmt **a = realloc(w->prepared, cap * sizeof(*a));
		if (!a)
			return problem_set(p, 503, "The server is out of memory.");
		w->prepared = a;
		w->cap = cap;
	}
	statements++;   /* a round trip like any other */
	r = PQprepare(w->conn, st->name, st->sql, st->nparams, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		db_error(w->conn, r, p);
		PQclear(r);
		return -1;
	}
	PQclear(r);
	w->prepared[w->nprepared++] = st;
	return 0;
}

PGresult *db_exec_stmt(PGconn *c, const struct db_stmt *st, const char *const *values,
		       struct problem *p)
{
	struct worker *w = pthread_getspecific(worker_key);
	PGresult *r;
	ExecStatusType rs;

	if (!w || w->conn != c)
		return db_exec(c, st->sql, st->nparams, values, p);
	if (prepare(w, st, p) < 0)
		return NULL;
	statements++;
	r = PQexecPrepared(c, st->name, st->nparams, values, NULL, NULL, 0);
	rs = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (rs == PGRES_TUPLES_OK || rs == PGRES_COMMAND_OK)
		return r;
	db_error(c, r, p);
	PQclear(r);
	return NULL;
}

PGresult *db_query(const struct db_stmt *st, const char *const *values, struct problem *p)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		PGconn *c = db_worker(p);
		PGresult *r;

		if (!c)
			return NULL;
		r = db_exec_stmt(c, st, values, p);
		if (r || PQstatus(c) == CONNECTION_OK)
			return r;
		/* The connection broke under the statement; a fresh one may succeed. */
		problem_clear(p);
	}
	return problem_set(p, 503, "The database is unavailable; try again shortly."), NULL;
}

static int starts(const char *state, const char *prefix)
{
	return state && strncmp(state, prefix, strlen(prefix)) == 0;
}

void db_error(PGconn *c, const PGresult *r, struct problem *p)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *constraint = r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : NULL;
	const char *table = r ? PQresultErrorField(r, PG_DIAG_TABLE_NAME) : NULL;
	const char *column = r ? PQresultErrorField(r, PG_DIAG_COLUMN_NAME) : NULL;
	size_t n;

	if (!msg)
		msg = r ? PQresultErrorMessage(r) : PQerrorMessage(c);
	n = msg ? strlen(msg) : 0;
	/* To the log only, never to the client. The primary message and where it happened, not
	 * the DETAIL: that quotes the failing row, which may hold a key's hash. What the message
	 * quotes of a client's value is escaped by log_msg. */
	log_msg("database error %s: %.*s%s%s%s%s%s%s", state ? state : "(none)",
		(int)(n && msg[n - 1] == '\n' ? n - 1 : n), msg ? msg : "",
		table ? "; table " : "", table ? table : "", column ? "; column " : "",
		column ? column : "", constraint ? "; constraint " : "",
		constraint ? constraint : "");

	if (PQstatus(c) != CONNECTION_OK || starts(state, "08") || starts(state, "57P") ||
	    starts(state, "53") || starts(state, "57014"))
		problem_set(p, 503, "The database is unavailable; try again shortly.");
	else if (starts(state, "23505"))
		problem_set(p, 409, "A record with the same unique value already exists.");
	else if (starts(state, "23503"))
		problem_set(p, 409, "The change conflicts with records that refer to this one.");
	else if (starts(state, "23514") || starts(state, "23502") || starts(state, "22"))
		problem_set(p, 422, "The database refused a value.");
	else if (starts(state, "40001") || starts(state, "40P01"))
		problem_set(p, 409, "A concurrent change conflicted with this one; retry.");
	else
		problem_set(p, 500, "An unexpected error occurred; it has been logged.");
}
