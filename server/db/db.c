/* Per-thread connections and the SQLSTATE mapping. */
#include "db/db.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/oom.h"
#include "db/replicas.h"

static const char *db_conninfo;
static int db_statement_timeout;     /* seconds, for worker connections; 0 = none */
static _Thread_local int statements; /* see db_count */
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

/* One of a worker thread's connections (slot 0 the primary's, 1 + i replica i's) and the
 * statements prepared on it. */
struct slot {
	PGconn *conn;
	double failed_at; /* when connecting last failed; 0 after a success */
	const struct db_stmt **prepared;
	size_t nprepared, cap;
};

struct worker {
	struct slot slot[1 + REPLICAS_MAX];
};

/* Where this thread's statements go, for the request it is serving (db_route_read). */
static _Thread_local struct {
	int read;         /* a read: may go to a replica */
	int target;       /* -1 not chosen yet; 0 the primary; 1 + i replica i */
	uint64_t min_lsn; /* what the replica must have replayed (Swaptrack-Min-LSN); 0: any */
	int verified;     /* the request was admitted (db_route_verified): it may wait */
	int reconnected;  /* its replica's connection was found broken and made again */
	int counted;      /* the request's reads were counted (metrics: where reads went) */
	char lsn[24];     /* the WAL position after the request's commit (db_commit), or "" */
} route;

/* Counts the request's reads as answered by replica i (-1: the primary), once a request. */
static void count_read(int i)
{
	if (!route.counted)
		replicas_count_read(i);
	route.counted = 1;
}

static void close_worker(void *arg)
{
	struct worker *w = arg;

	for (int k = 0; k <= REPLICAS_MAX; k++) {
		if (k == 0 && w->slot[k].conn)
			atomic_fetch_add_explicit(&open_connections, -1, memory_order_relaxed);
		PQfinish(w->slot[k].conn);
		free(w->slot[k].prepared);
	}
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
	return db_connect_url(db_conninfo, err);
}

PGconn *db_connect_url(const char *conninfo, char **err)
{
	/* Our defaults come first: a setting inside DATABASE_URL overrides them. */
	const char *keys[] = {"connect_timeout", "application_name", "dbname", NULL};
	const char *vals[] = {db_timeout, "swaptrack", conninfo ? conninfo : "", NULL};
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
		/* No parallel workers: a request gets one backend, as each worker thread serves one
		 * request at a time. With them, a statement over a few hundred rows (the people
		 * released by the 325 swaps of a month, stats/releases) started two workers on the
		 * two cores every other request was waiting for: 118 ms with them, 9 ms without. */
		PQclear(PQexec(c, "SET max_parallel_workers_per_gather = 0"));
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

/* Slot k's connection, (re)connecting when there is none or it broke; NULL with p filled. */
static PGconn *slot_conn(struct worker *w, int k, struct problem *p)
{
	struct slot *sl = &w->slot[k];
	PGconn *c;
	char *err = NULL;

	if (sl->conn && PQstatus(sl->conn) == CONNECTION_OK)
		return sl->conn;
	/* A new connection has nothing prepared. */
	if (sl->conn && k == 0)
		atomic_fetch_add_explicit(&open_connections, -1, memory_order_relaxed);
	PQfinish(sl->conn);
	sl->conn = NULL;
	sl->nprepared = 0;
	/* While the database is down, answer at once rather than try again for every request:
	 * one attempt a second per thread. */
	if (sl->failed_at && now_s() - sl->failed_at < 1.0) {
		problem_set(p, 503, "The database is unavailable; try again shortly.");
		return NULL;
	}
	c = db_connect_url(k ? replicas_conninfo(k - 1) : db_conninfo, &err);
	if (!c) {
		/* libpq messages end in a newline; the log line adds its own. */
		if (err && *err && err[strlen(err) - 1] == '\n')
			err[strlen(err) - 1] = '\0';
		if (k)
			log_msg("read replica %d: connection failed: %s", k, err ? err : "?");
		else
			log_msg("database connection failed: %s", err ? err : "?");
		free(err);
		sl->failed_at = now_s();
		if (!k)
			atomic_fetch_add_explicit(&connect_failures, 1, memory_order_relaxed);
		problem_set(p, 503, "The database is unavailable; try again shortly.");
		return NULL;
	}
	sl->failed_at = 0;
	if (!k)
		atomic_fetch_add_explicit(&open_connections, 1, memory_order_relaxed);
	if (db_statement_timeout > 0) {
		/* A runaway query is cut off (57014, answered 503) instead of holding a worker. */
		char set[64];
		snprintf(set, sizeof(set), "SET statement_timeout = '%ds'", db_statement_timeout);
		PQclear(PQexec(c, set));
	}
	sl->conn = c;
	return c;
}

/* Whether replica slot k (k >= 1) has replayed lsn, waiting for it at most a second: asked of
 * the replica itself, more often at first (most waits are a few milliseconds of replication). */
static int replica_reaches(struct worker *w, int k, uint64_t lsn)
{
	char text[24];
	const char *vals[] = {text};
	struct problem p = PROBLEM_INIT;
	double until = now_s() + 1.0;
	long wait_us = 1000;
	PGconn *c = slot_conn(w, k, &p);

	problem_clear(&p);
	lsn_format(lsn, text);
	while (c) {
		PGresult *r = PQexecParams(c, "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", 1, NULL,
					   vals, NULL, NULL, 0);
		int done = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
			   strcmp(PQgetvalue(r, 0, 0), "t") == 0;
		int failed = PQresultStatus(r) != PGRES_TUPLES_OK;

		PQclear(r);
		statements++;
		if (done)
			return 1;
		if (failed || now_s() + (double)wait_us / 1e6 > until)
			break;
		nanosleep(&(struct timespec){0, wait_us * 1000}, NULL);
		if (wait_us < 16000)
			wait_us *= 2;
	}
	return 0;
}

/* The slot this request's statements go to, chosen at its first statement: the primary, or for
 * a read a usable replica (one that has replayed the request's Swaptrack-Min-LSN, waited for
 * up to a second, else the primary). */
static int route_target(struct worker *w)
{
	int i;

	if (route.target >= 0)
		return route.target;
	route.target = 0;
	if (!route.read || !replicas_count())
		return 0;
	i = replicas_pick(route.min_lsn);
	/* Before the request is admitted (its key's lookup) nothing waits for a position: the
	 * lookup reads any usable replica, and db_route_verified chooses again for the rest. */
	if (i >= 0 && route.min_lsn && !replicas_has(i, route.min_lsn) && route.verified &&
	    !replica_reaches(w, i + 1, route.min_lsn))
		i = -1;
	if (route.verified)
		count_read(i);
	route.target = i + 1;
	return route.target;
}

/* After a read on replica slot k failed the way a replica fails (it went away, or cancelled
 * the statement for a conflict with what it replays): the rest of the request goes to the
 * primary, and a replica that went away is skipped until its next good check. */
static int fall_back(PGconn *c, struct problem *p)
{
	struct worker *w = pthread_getspecific(worker_key);
	int k = route.target;

	if (!w || k <= 0 || w->slot[k].conn != c || !route.read || (p->status < 500 && p->status != 409))
		return 0;
	if (PQstatus(c) != CONNECTION_OK && !route.reconnected && replicas_state_ok(k - 1)) {
		/* An idle connection the replica closed while it restarted, which its checks
		 * found well again: a new connection to it first (db_worker makes it). */
		route.reconnected = 1;
		problem_clear(p);
		return 1;
	}
	if (PQstatus(c) != CONNECTION_OK)
		replicas_mark_down(k - 1);
	route.target = 0;
	replicas_count_read(-1); /* a fallback counts too: the primary answered after all */
	problem_clear(p);
	return 1;
}

PGconn *db_worker(struct problem *p)
{
	struct worker *w = this_worker();
	int k;
	PGconn *c;

	if (!w) {
		problem_set(p, 503, "The server is out of memory.");
		return NULL;
	}
	k = route_target(w);
	if ((c = slot_conn(w, k, p)) || !k)
		return c;
	/* The replica cannot be reached: the primary answers instead. */
	problem_clear(p);
	replicas_mark_down(k - 1);
	replicas_count_read(-1);
	route.target = 0;
	return slot_conn(w, 0, p);
}

void db_route_read(uint64_t min_lsn)
{
	route.read = 1;
	route.target = -1;
	route.min_lsn = min_lsn;
	route.verified = 0;
	route.reconnected = 0;
	route.counted = 0;
	route.lsn[0] = '\0';
}

void db_route_verified(void)
{
	route.verified = 1;
	if (route.read && route.target > 0 && route.min_lsn &&
	    !replicas_has(route.target - 1, route.min_lsn))
		route.target = -1; /* the key's lookup read a replica that may lack the write */
	else if (route.read && route.target >= 0 && replicas_count())
		count_read(route.target - 1);
}

void db_route_primary(void)
{
	route.read = 0;
	route.target = 0;
	route.min_lsn = 0;
	route.verified = 1;
	route.reconnected = 0;
	route.counted = 0;
	route.lsn[0] = '\0';
}

int db_routed_replica(void)
{
	return route.target > 0 ? route.target - 1 : -1;
}

PGconn *db_connect_read(char **err)
{
	int i = route.read && replicas_count() ? replicas_pick(route.min_lsn) : -1;
	PGconn *c;

	if (i >= 0 && (!route.min_lsn || replicas_has(i, route.min_lsn))) {
		if ((c = db_connect_url(replicas_conninfo(i), NULL))) {
			count_read(i);
			return c;
		}
		replicas_mark_down(i);
	}
	if (route.read && replicas_count())
		count_read(-1);
	return db_connect(err);
}

int db_commit(PGconn *c, struct problem *p)
{
	/* One round trip for both: the simple protocol runs the SELECT only when COMMIT succeeded.
	 * A COMMIT of a transaction that had failed answers "ROLLBACK", not an error: that is a
	 * failure too. */
	PGresult *r, *failed = NULL;
	int n = 0, rolled_back = 0;

	/* Memory ran out while the transaction's work was made (core/oom.h): some of it may be
	 * missing (a value its JSON could not hold), so none of it is kept. */
	if (oom_seen()) {
		statements++;
		PQclear(PQexec(c, "ROLLBACK"));
		route.lsn[0] = '\0';
		return problem_oom(p);
	}
	statements++;
	if (!PQsendQuery(c, "COMMIT; SELECT pg_current_wal_lsn()::text")) {
		db_error(c, NULL, p);
		return -1;
	}
	while ((r = PQgetResult(c))) {
		ExecStatusType st = PQresultStatus(r);
		if (n == 0 && st == PGRES_COMMAND_OK && strcmp(PQcmdStatus(r), "COMMIT") != 0)
			rolled_back = 1;
		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && !failed)
			failed = r, r = NULL;
		else if (n == 1 && st == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
			 strlen(PQgetvalue(r, 0, 0)) < sizeof(route.lsn))
			strcpy(route.lsn, PQgetvalue(r, 0, 0));
		PQclear(r);
		n++;
	}
	if (failed || rolled_back || n < 2) {
		if (failed || PQstatus(c) != CONNECTION_OK)
			db_error(c, failed, p);
		else {
			/* A statement failed without its caller noticing: a bug of ours. */
			log_msg("COMMIT of a failed transaction: rolled back");
			problem_set(p, 500, "An unexpected error occurred; it has been logged.");
		}
		route.lsn[0] = '\0';
		PQclear(failed);
		return -1;
	}
	return 0;
}

int db_write_lsn(char out[24])
{
	static const struct db_stmt lsn = {"write_lsn", "SELECT pg_current_wal_lsn()::text", 0};
	struct problem p = PROBLEM_INIT;
	PGresult *r;
	int ok;

	if (route.lsn[0]) {
		strcpy(out, route.lsn);
		return 0;
	}
	db_route_primary();
	r = db_query(&lsn, NULL, &p);
	problem_clear(&p);
	ok = r && PQntuples(r) == 1 && strlen(PQgetvalue(r, 0, 0)) < 24;
	if (ok)
		strcpy(out, PQgetvalue(r, 0, 0));
	PQclear(r);
	return ok ? 0 : -1;
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

/* SQL that could not be made (its buffer failed, core/buf.h) is never sent, nor anything once
 * memory ran out in the request (core/oom.h): its values may be missing a part. 1 then, with a
 * 503 in p. */
static int refused(const char *sql, struct problem *p)
{
	if (sql && !oom_seen())
		return 0;
	problem_oom(p);
	return 1;
}

static PGresult *exec_once(PGconn *c, const char *sql, int nparams, const char *const *values,
			   struct problem *p)
{
	PGresult *r;
	ExecStatusType st;

	if (refused(sql, p))
		return NULL;
	statements++;
	r = PQexecParams(c, sql, nparams, NULL, values, NULL, NULL, 0);
	st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;

	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return r;
	db_error(c, r, p);
	PQclear(r);
	return NULL;
}

PGresult *db_exec(PGconn *c, const char *sql, int nparams, const char *const *values, struct problem *p)
{
	PGresult *r = exec_once(c, sql, nparams, values, p);

	if (!r && fall_back(c, p) && (c = db_worker(p)))
		r = exec_once(c, sql, nparams, values, p);
	return r;
}

/* Prepares st on a worker's connection unless done already. Returns 0, or -1 with p filled. */
static int prepare(struct slot *w, const struct db_stmt *st, struct problem *p)
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
	statements++; /* a round trip like any other */
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

/* The slot of this thread whose connection c is, or NULL (a stream's or an import's own). */
static struct slot *slot_of(PGconn *c)
{
	struct worker *w = pthread_getspecific(worker_key);

	for (int k = 0; w && c && k <= REPLICAS_MAX; k++)
		if (w->slot[k].conn == c)
			return &w->slot[k];
	return NULL;
}

static PGresult *exec_stmt_once(PGconn *c, const struct db_stmt *st, const char *const *values,
				struct problem *p)
{
	struct slot *w = slot_of(c);
	PGresult *r;
	ExecStatusType rs;

	if (!w)
		return exec_once(c, st->sql, st->nparams, values, p);
	if (refused(st->sql, p) || prepare(w, st, p) < 0)
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

PGresult *db_exec_stmt(PGconn *c, const struct db_stmt *st, const char *const *values, struct problem *p)
{
	PGresult *r = exec_stmt_once(c, st, values, p);

	if (!r && fall_back(c, p) && (c = db_worker(p)))
		r = exec_stmt_once(c, st, values, p);
	return r;
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
		(int)(n && msg[n - 1] == '\n' ? n - 1 : n), msg ? msg : "", table ? "; table " : "",
		table ? table : "", column ? "; column " : "", column ? column : "",
		constraint ? "; constraint " : "", constraint ? constraint : "");

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
