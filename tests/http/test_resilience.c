/* The server under trouble: PostgreSQL stopped while writes run (503s in bounded time, no
 * acknowledged write lost, back by itself), and SIGTERM while writes run (every write in flight
 * completes, nothing half-written). */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/problem.h"
#include "db/db.h"
#include "harness.h"

static struct th_group G;

/* Writers here send far more than the default rate allows; 429s would hide what is tested. */
static const char *const unlimited[] = {"--rate", "0", NULL};

static int setup(void **state)
{
	(void)state;
	G.db = th_db_create("test_resilience");
	th_server_start(&G.srv, G.db, unlimited);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return th_group_teardown(&G);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define WRITERS 4
#define MAX_ACKS 20000

/* A writer posts until told to stop, and keeps the ids of what the server acknowledged. */
struct writer {
	struct th_server *srv;
	int n;
	atomic_int *stop;
	const char *path;
	const char *body; /* printf format with %d %d: writer, sequence */
	long long acked[MAX_ACKS];
	int nacked;
	int statuses[600];
	double slowest;          /* the longest any request took, seconds */
	int other;               /* answers neither 2xx nor problem+json 503 */
	int failed_at_transport; /* connections that broke (server stopping) */
};

static void *write_loop(void *arg)
{
	struct writer *w = arg;

	for (int seq = 0; !atomic_load(w->stop) && w->nacked < MAX_ACKS; seq++) {
		char *body = th_fmt(w->body, w->n, seq);
		struct th_resp r;
		double t0 = now();
		/* No th_json here: a transport error must not end the thread (fail_msg longjmps). */
		const char *hdr[] = {"Content-Type: application/json", NULL};
		if (th_try_request(w->srv, "POST", w->path, hdr, body, strlen(body), &r) < 0) {
			w->failed_at_transport++;
			free(body);
			usleep(20 * 1000);
			continue;
		}
		if (now() - t0 > w->slowest)
			w->slowest = now() - t0;
		if (r.status < 600)
			w->statuses[r.status]++;
		if (r.status == 201)
			w->acked[w->nacked++] = (long long)json_integer_value(
				json_object_get(r.json, "id"));
		else if (r.status != 503 || !strstr(r.body, "\"status\":503")) {
			w->other++;
			fprintf(stderr, "writer %d: %ld %s\n", w->n, r.status, r.body);
		}
		th_resp_free(&r);
		free(body);
	}
	th_client_reset();
	return NULL;
}

static void run_writers(struct writer *w, struct th_server *s, atomic_int *stop, const char *path,
			const char *body, pthread_t *t)
{
	for (int i = 0; i < WRITERS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].srv = s;
		w[i].n = i;
		w[i].stop = stop;
		w[i].path = path;
		w[i].body = body;
		assert_int_equal(pthread_create(&t[i], NULL, write_loop, &w[i]), 0);
	}
}

/* Every acknowledged id is in the table, live. */
static void all_acked_present(struct writer *w, const char *table)
{
	for (int i = 0; i < WRITERS; i++) {
		struct buf ids = BUF_INIT;
		char *sql, *missing;
		if (!w[i].nacked)
			continue;
		for (int k = 0; k < w[i].nacked; k++)
			buf_printf(&ids, "%s%lld", k ? "," : "", w[i].acked[k]);
		sql = th_fmt("SELECT count(*) FROM unnest('{%s}'::bigint[]) AS a(id)"
			     " WHERE NOT EXISTS (SELECT 1 FROM %s t WHERE t.id = a.id AND t.deleted_at IS NULL)",
			     ids.data, table);
		missing = th_sql(G.db, sql);
		if (strcmp(missing, "0") != 0)
			fail_msg("writer %d: %s of %d acknowledged writes are missing", i, missing,
				 w[i].nacked);
		free(missing);
		free(sql);
		buf_free(&ids);
	}
}

/* What every worker connection is set up with (server/db/db.c), read back from PostgreSQL: no JIT
 * (a generic list plan was JIT-compiled on every execution: bench/README.md), search's
 * similarity threshold, the statement timeout, and the name it shows in pg_stat_activity.
 * Asked on a thread of its own, as a worker would: its connection closes when it ends. */
static void *read_settings(void *arg)
{
	struct problem p = PROBLEM_INIT;
	PGconn *c = db_worker(&p);
	PGresult *r = c ? PQexec(c,
				 "SELECT concat_ws(' ', current_setting('jit'),"
				 " current_setting('pg_trgm.word_similarity_threshold'),"
				 " current_setting('statement_timeout'), current_setting('application_name'))")
			: NULL;

	if (r && PQresultStatus(r) == PGRES_TUPLES_OK)
		snprintf(arg, 128, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	problem_clear(&p);
	return NULL;
}

static void worker_connections_have_their_settings(void **state)
{
	char got[128] = "";
	pthread_t t;

	(void)state;
	db_configure(G.db, 5);
	db_set_statement_timeout(7);
	assert_int_equal(pthread_create(&t, NULL, read_settings, got), 0);
	pthread_join(t, NULL);
	assert_string_equal(got, "off 0.35 7s swaptrack");
}

static void sigterm_under_load_completes_writes(void **state)
{
	struct th_server s;
	struct writer w[WRITERS];
	pthread_t t[WRITERS];
	atomic_int stop = 0;
	int acked = 0;
	char *half;
	long long person = th_create(&G.srv, "/v1/people", "{\"name\": \"Released Often\"}");
	char *body = th_fmt("{\"occurred_on\": \"2024\", \"summary\": \"w%%d s%%d\", \"releases\": ["
			    "{\"person_id\": %lld, \"released_by\": \"RU\"}]}",
			    person);

	(void)state;
	th_server_start(&s, G.db, unlimited);
	run_writers(w, &s, &stop, "/v1/swaps", body, t);
	usleep(800 * 1000);
	kill(s.pid, SIGTERM);
	usleep(500 * 1000);
	atomic_store(&stop, 1);
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(t[i], NULL);
		acked += w[i].nacked;
		assert_int_equal(w[i].other, 0);
	}
	assert_int_equal(th_server_stop(&s), 0);
	assert_true(acked > 0);
	all_acked_present(w, "swaps");
	/* Nothing half-written: every swap has its release and its history. */
	half = th_sql(G.db, "SELECT count(*) FROM swaps s WHERE NOT EXISTS (SELECT 1 FROM swap_releases r"
			    " WHERE r.swap_id = s.id) OR NOT EXISTS (SELECT 1 FROM history h WHERE"
			    " h.collection = 'swaps' AND h.record_id = s.id)");
	assert_string_equal(half, "0");
	free(half);
	free(body);
}

/* Last: it stops the cluster. */
static void database_outage_loses_no_acknowledged_write(void **state)
{
	struct writer w[WRITERS];
	pthread_t t[WRITERS];
	atomic_int stop = 0;
	int acked = 0, unavailable = 0, during;
	double back, resumed = 0;

	(void)state;
	/* Names alike on purpose ("Writer 1, write 5800"): the duplicate guard is waived. */
	run_writers(w, &G.srv, &stop, "/v1/people?duplicate=allow",
		    "{\"name\": \"Writer %d, write %d\"}", t);
	usleep(700 * 1000);
	th_cluster_stop();
	usleep(1500 * 1000); /* writes meet a database that is gone */
	during = 0;
	for (int i = 0; i < WRITERS; i++)
		during += w[i].statuses[503];
	th_cluster_start();
	back = now();
	/* Writes succeed again by themselves, within 5 s. */
	while (now() - back < 10 && !resumed) {
		int before = 0, after = 0;
		for (int i = 0; i < WRITERS; i++)
			before += w[i].nacked;
		usleep(100 * 1000);
		for (int i = 0; i < WRITERS; i++)
			after += w[i].nacked;
		if (after > before)
			resumed = now() - back;
	}
	atomic_store(&stop, 1);
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(t[i], NULL);
		acked += w[i].nacked;
		unavailable += w[i].statuses[503];
		assert_int_equal(w[i].other, 0); /* 201 or a problem+json 503, nothing else */
		assert_int_equal(w[i].failed_at_transport, 0);
		assert_true(w[i].slowest < 7.0); /* never hangs: bounded by --db-timeout */
	}
	assert_true(during > 0);
	assert_true(unavailable > 0);
	if (!(resumed > 0 && resumed <= 5.0))
		fail_msg("writes resumed after %.1f s", resumed);
	all_acked_present(w, "people");
	assert_true(acked > 0);
	/* The server is alive and well: every worker thread is back within its one-second
	 * back-off between connection attempts (a worker that failed just before the database came
	 * back answers 503 until then). */
	{
		struct th_resp r;
		double since = now();
		do {
			th_request(&G.srv, "GET", "/readyz", NULL, NULL, 0, &r);
			if (r.status == 200 || now() - since > 3.0)
				break;
			th_resp_free(&r);
			usleep(100 * 1000);
		} while (1);
		th_expect(&r, 200);
		th_resp_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(worker_connections_have_their_settings),
		cmocka_unit_test(sigterm_under_load_completes_writes),
		cmocka_unit_test(database_outage_loses_no_acknowledged_write),
	};

	return cmocka_run_group_tests_name("resilience", tests, setup, teardown);
}
