/* Reads from a real streaming replica (the contract's "Reads from replicas"): a primary and a hot
 * standby of it made with pg_basebackup -R (scripts/pg-cluster replica), the server started
 * with --read-database. Where a read was answered is told by /metrics (reads counted per
 * replica and for the primary), and what a replica holds by pausing its replay
 * (pg_wal_replay_pause): a write it has not replayed is the proof of where a read went. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static char dir[] = "/tmp/swaptrack-replica.XXXXXX";
static char *primary_url, *standby_url;
/* A: lag limit 30 s (a paused standby stays in use); B: 1 s (a paused one is soon skipped);
 * C: two replicas, the standby and one that is not there. */
static struct th_server A, B, C;
static char *nowhere_url;

static void pg_cluster(const char *args)
{
	char *line = th_fmt("PG_FSYNC=off scripts/pg-cluster %s >/dev/null", args);

	assert_int_equal(system(line), 0);
	free(line);
}

/* How long a wait for what a test asserts may take: the states come when the machine gets to
 * them, so the waits end on the state, not the clock; this only ends a wait that never will
 * (a loaded machine once took longer than 15 s to bring a standby back). */
#define WAIT_S 180

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(int ms)
{
	nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL);
}

/* The state /readyz gives replica 1 ("ok", "lagging", "down"), malloc'd. */
static char *replica_state(struct th_server *s)
{
	struct th_resp r;
	char *state = NULL;

	th_request(s, "GET", "/readyz", NULL, NULL, 0, &r);
	th_expect(&r, 200);
	state = strdup(json_string_value(
		json_object_get(json_array_get(json_object_get(r.json, "replicas"), 0), "state")));
	th_resp_free(&r);
	return state;
}

/* Waits until /readyz says replica 1 is in state want. */
static void wait_state(struct th_server *s, const char *want)
{
	char *state = NULL;

	for (double until = now() + WAIT_S; now() < until; sleep_ms(50)) {
		free(state);
		state = replica_state(s);
		if (strcmp(state, want) == 0)
			break;
	}
	if (strcmp(state, want) != 0)
		fail_msg("replica state %s, waited for %s", state, want);
	free(state);
}

/* A counter of /metrics: "swaptrack_replica_reads_total{replica=\"1\"}" or
 * "swaptrack_primary_reads_total". */
static long long metric(struct th_server *s, const char *name)
{
	struct th_resp r;
	char *at;
	long long v = -1;

	th_request(s, "GET", "/metrics", NULL, NULL, 0, &r);
	th_expect(&r, 200);
	if ((at = strstr(r.body, name)) && at[strlen(name)] == ' ')
		v = atoll(at + strlen(name) + 1);
	th_resp_free(&r);
	if (v < 0)
		fail_msg("no %s in /metrics", name);
	return v;
}

#define REPLICA_READS "\nswaptrack_replica_reads_total{replica=\"1\"}"
#define PRIMARY_READS "\nswaptrack_primary_reads_total"

static void pause_replay(void)
{
	free(th_sql(standby_url, "SELECT pg_wal_replay_pause()"));
	for (double until = now() + WAIT_S; now() < until; sleep_ms(20)) {
		char *s = th_sql(standby_url, "SELECT pg_get_wal_replay_pause_state()");
		int paused = s && strcmp(s, "paused") == 0;
		free(s);
		if (paused)
			return;
	}
	fail_msg("the standby's replay did not pause");
}

static void resume_replay(void)
{
	free(th_sql(standby_url, "SELECT pg_wal_replay_resume()"));
}

/* Waits until the standby has replayed everything the primary has now. */
static void wait_caught_up(void)
{
	char *lsn = th_sql(primary_url, "SELECT pg_current_wal_lsn()::text");
	char *sql = th_fmt("SELECT pg_last_wal_replay_lsn() >= '%s'::pg_lsn", lsn);

	int done = 0;

	for (double until = now() + WAIT_S; now() < until && !done; sleep_ms(20)) {
		char *s = th_sql(standby_url, sql);
		done = s && strcmp(s, "t") == 0;
		free(s);
	}
	if (!done)
		fail_msg("the standby did not replay %s", lsn);
	free(lsn);
	free(sql);
}

/* POSTs a person; returns its id and, in lsn (malloc'd), the answer's Swaptrack-LSN. */
static long long create_person(struct th_server *s, const char *name, char **lsn)
{
	struct th_resp r;
	char *body = th_fmt("{\"name\": \"%s\"}", name);
	long long id;

	th_json(s, "POST", "/v1/people?duplicate=allow", body, &r);
	th_expect(&r, 201);
	id = json_integer_value(json_object_get(r.json, "id"));
	*lsn = th_header(&r, "Swaptrack-LSN");
	assert_non_null(*lsn);
	th_resp_free(&r);
	free(body);
	return id;
}

/* GET path with Swaptrack-Min-LSN: lsn (none when NULL). */
static void get_with_lsn(struct th_server *s, const char *path, const char *lsn, struct th_resp *r)
{
	char *h = lsn ? th_fmt("Swaptrack-Min-LSN: %s", lsn) : NULL;
	const char *headers[] = {h, NULL};

	th_request(s, "GET", path, h ? headers : NULL, NULL, 0, r);
	free(h);
}

/* GETs path n times, each on a new connection (the acceptor gives each to the worker thread
 * with the fewest open, so every thread serves some). */
static void get_on_new_connections(struct th_server *s, const char *path, int n)
{
	for (int i = 0; i < n; i++) {
		struct th_resp r;
		th_client_reset();
		th_request(s, "GET", path, NULL, NULL, 0, &r);
		th_expect(&r, 200);
		th_resp_free(&r);
	}
	th_client_reset();
}

/* scripts/pg-cluster start (or replica, of dir/primary) for dir/name; the URL it prints of the
 * swaptrack database there (malloc'd), with the socket directory it chose. */
static char *cluster_url(const char *how, const char *name)
{
	char *line = strcmp(how, "replica") == 0
			     ? th_fmt("PG_FSYNC=off scripts/pg-cluster replica %s/%s %s/primary swaptrack",
				      dir, name, dir)
			     : th_fmt("PG_FSYNC=off scripts/pg-cluster start %s/%s swaptrack", dir, name);
	FILE *f = popen(line, "r");
	char *out = th_read_all(f);

	assert_int_equal(pclose(f), 0);
	free(line);
	out[strcspn(out, "\n")] = '\0';
	assert_true(strncmp(out, "postgresql://", 13) == 0);
	return out;
}

static int setup(void **state)
{
	const char *a_extra[7], *b_extra[7];

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chmod(dir, 0755), 0);
	primary_url = cluster_url("start", "primary");
	standby_url = cluster_url("replica", "standby");
	a_extra[0] = "--read-database", a_extra[1] = standby_url, a_extra[2] = "--max-replica-lag";
	a_extra[3] = "30", a_extra[4] = "--rate", a_extra[5] = "0", a_extra[6] = NULL;
	memcpy(b_extra, a_extra, sizeof(a_extra));
	b_extra[3] = "1";
	th_server_start(&A, primary_url, a_extra);
	th_server_start(&B, primary_url, b_extra);
	{
		const char *c_extra[] =
			{"--read-database", NULL, "--read-database", standby_url, "--rate", "0", NULL};
		nowhere_url = th_fmt("postgresql://swaptrack@/swaptrack?host=%s/nowhere", dir);
		c_extra[1] = nowhere_url;
		th_server_start(&C, primary_url, c_extra);
	}
	wait_state(&A, "ok");
	wait_state(&B, "ok");
	return 0;
}

static int teardown(void **state)
{
	char *args;
	int rc = 0;

	(void)state;
	resume_replay();
	rc |= th_server_stop(&A) != 0;
	rc |= th_server_stop(&B) != 0;
	rc |= th_server_stop(&C) != 0;
	free(nowhere_url);
	args = th_fmt("stop %s/standby", dir);
	pg_cluster(args);
	free(args);
	args = th_fmt("stop %s/primary", dir);
	pg_cluster(args);
	free(args);
	args = th_fmt("rm -rf %s", dir);
	rc |= system(args) != 0;
	free(args);
	free(primary_url);
	free(standby_url);
	return rc ? -1 : 0;
}

/* Reads go to the replica while it is caught up: every kind of read the API has, none of which
 * may need the primary (a hot standby refuses anything that writes). */
static void reads_go_to_the_replica(void **state)
{
	char *lsn;
	long long id, source, before, primary;
	const char *const paths[] = {
		"/v1/people/%lld",
		"/v1/people?limit=5",
		"/v1/people?q=Reader&limit=5",
		"/v1/search?q=Reader",
		"/v1/people/%lld/history",
		"/v1/people/%lld/timeline",
		"/v1/people/%lld/detentions",
		"/v1/export",
		"/v1/sources/%lld/extract",
		"/v1/stats",
		NULL,
	};

	(void)state;
	id = create_person(&A, "Reader One", &lsn);
	free(lsn);
	source = th_create(&A, "/v1/sources",
			   "{\"url\": \"https://example.org/r1\", \"title\": "
			   "\"Reader\", \"content\": \"Reader One was freed in Ankara.\"}");
	wait_caught_up();
	before = metric(&A, REPLICA_READS);
	primary = metric(&A, PRIMARY_READS);
	for (int i = 0; paths[i]; i++) {
		char *path = th_fmt(paths[i], strstr(paths[i], "sources") ? source : id);
		struct th_resp r;
		th_request(&A, "GET", path, NULL, NULL, 0, &r);
		if (r.status != 200)
			fail_msg("GET %s: %ld %s", path, r.status, r.body);
		th_resp_free(&r);
		free(path);
	}
	{
		/* A list as CSV, streamed from a connection of its own. */
		const char *csv[] = {"Accept: text/csv", NULL};
		struct th_resp r;
		th_request(&A, "GET", "/v1/people?limit=5", csv, NULL, 0, &r);
		th_expect(&r, 200);
		assert_non_null(strstr(r.body, "Reader One"));
		th_resp_free(&r);
	}
	{
		/* HEAD is a read too. */
		char *path = th_fmt("/v1/people/%lld", id);
		struct th_resp r;
		th_request(&A, "HEAD", path, NULL, NULL, 0, &r);
		th_expect(&r, 200);
		th_resp_free(&r);
		free(path);
	}
	/* Each read once, on the replica; none fell back (metrics themselves read no database). */
	assert_int_equal(metric(&A, REPLICA_READS) - before, 12);
	assert_int_equal(metric(&A, PRIMARY_READS), primary);
}

/* --read-database twice, the first naming no database: it is down, the second takes every read,
 * and /readyz lists both. */
static void two_replicas_one_down(void **state)
{
	struct th_resp r;
	json_t *reps;
	long long second, primary;
	char *state1;

	(void)state;
	wait_caught_up();
	for (double until = now() + WAIT_S; now() < until; sleep_ms(50)) {
		th_request(&C, "GET", "/readyz", NULL, NULL, 0, &r);
		th_expect(&r, 200);
		reps = json_object_get(r.json, "replicas");
		assert_int_equal(json_array_size(reps), 2);
		state1 = strdup(json_string_value(json_object_get(json_array_get(reps, 1), "state")));
		assert_string_equal(json_string_value(json_object_get(json_array_get(reps, 0), "state")),
				    "down");
		th_resp_free(&r);
		if (strcmp(state1, "ok") == 0) {
			free(state1);
			break;
		}
		free(state1);
	}
	second = metric(&C, "\nswaptrack_replica_reads_total{replica=\"2\"}");
	primary = metric(&C, PRIMARY_READS);
	get_on_new_connections(&C, "/v1/people?limit=3", 6);
	assert_int_equal(metric(&C, "\nswaptrack_replica_reads_total{replica=\"1\"}"), 0);
	assert_int_equal(metric(&C, "\nswaptrack_replica_reads_total{replica=\"2\"}"), second + 6);
	assert_int_equal(metric(&C, PRIMARY_READS), primary);
}

/* Every write's answer carries the primary's WAL position after it, and it moves forward. */
static void every_write_carries_its_lsn(void **state)
{
	struct th_resp r;
	char *first, *second, *third, *path;
	uint64_t a, b, c;
	long long id;

	(void)state;
	id = create_person(&A, "Written Twice", &first);
	path = th_fmt("/v1/people/%lld", id);
	th_json(&A, "PATCH", path, "{\"occupation\": \"writer\"}", &r);
	th_expect(&r, 200);
	second = th_header(&r, "Swaptrack-LSN");
	th_resp_free(&r);
	th_request(&A, "DELETE", path, NULL, NULL, 0, &r);
	th_expect(&r, 204);
	third = th_header(&r, "Swaptrack-LSN");
	th_resp_free(&r);
	assert_non_null(second);
	assert_non_null(third);
	{
		unsigned hi, lo;
		assert_int_equal(sscanf(first, "%X/%X", &hi, &lo), 2);
		a = (uint64_t)hi << 32 | lo;
		assert_int_equal(sscanf(second, "%X/%X", &hi, &lo), 2);
		b = (uint64_t)hi << 32 | lo;
		assert_int_equal(sscanf(third, "%X/%X", &hi, &lo), 2);
		c = (uint64_t)hi << 32 | lo;
	}
	assert_true(a < b && b < c);
	/* A read's answer has none. */
	th_request(&A, "GET", "/v1/people?limit=1", NULL, NULL, 0, &r);
	th_expect(&r, 200);
	assert_null(th_header(&r, "Swaptrack-LSN"));
	th_resp_free(&r);
	free(first);
	free(second);
	free(third);
	free(path);
}

/* A write, then a read of it: with the write's LSN it is seen, even from a replica that has not
 * replayed it (the read waits up to a second, then asks the primary); without it, the read may
 * be stale (the record is not there yet, or its earlier version with that version's ETag), but
 * never wrong. */
static void read_your_writes(void **state)
{
	struct th_resp r;
	char *lsn, *path, *etag;
	long long id;
	double t;

	(void)state;
	id = create_person(&A, "Before Pause", &lsn);
	free(lsn);
	path = th_fmt("/v1/people/%lld", id);
	wait_caught_up();
	pause_replay();
	/* A new version the replica does not have. */
	th_json(&A, "PATCH", path, "{\"occupation\": \"negotiator\"}", &r);
	th_expect(&r, 200);
	lsn = th_header(&r, "Swaptrack-LSN");
	th_resp_free(&r);

	get_with_lsn(&A, path, NULL, &r);
	th_expect(&r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "version")), 1);
	assert_true(json_is_null(json_object_get(r.json, "occupation")));
	etag = th_header(&r, "ETag");
	th_assert_etag(etag, 1);
	free(etag);
	th_resp_free(&r);

	t = now();
	get_with_lsn(&A, path, lsn, &r);
	t = now() - t;
	th_expect(&r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "version")), 2);
	assert_string_equal(json_string_value(json_object_get(r.json, "occupation")), "negotiator");
	etag = th_header(&r, "ETag");
	th_assert_etag(etag, 2);
	free(etag);
	th_resp_free(&r);
	assert_true(t >= 0.9 && t < 3.0); /* waited the second, then the primary */
	free(lsn);

	/* A record the replica has never seen: 404 without the LSN, the record with it. */
	id = create_person(&A, "After Pause", &lsn);
	free(path);
	path = th_fmt("/v1/people/%lld", id);
	get_with_lsn(&A, path, NULL, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);
	get_with_lsn(&A, path, lsn, &r);
	th_expect(&r, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "name")), "After Pause");
	th_resp_free(&r);
	free(lsn);
	free(path);
	resume_replay();
	wait_caught_up();
}

static void *resume_later(void *arg)
{
	(void)arg;
	sleep_ms(300);
	resume_replay();
	return NULL;
}

/* A read with an LSN the replica reaches while the read waits is answered by the replica. */
static void waits_for_the_replica(void **state)
{
	struct th_resp r;
	pthread_t t;
	char *lsn, *path;
	long long id, reads, primary;
	double took;

	(void)state;
	wait_caught_up();
	pause_replay();
	id = create_person(&A, "Waited For", &lsn);
	path = th_fmt("/v1/people/%lld", id);
	reads = metric(&A, REPLICA_READS);
	primary = metric(&A, PRIMARY_READS);
	assert_int_equal(pthread_create(&t, NULL, resume_later, NULL), 0);
	took = now();
	get_with_lsn(&A, path, lsn, &r);
	took = now() - took;
	pthread_join(t, NULL);
	th_expect(&r, 200);
	th_resp_free(&r);
	assert_true(took >= 0.25 && took < 0.95);
	assert_int_equal(metric(&A, REPLICA_READS), reads + 1);
	assert_int_equal(metric(&A, PRIMARY_READS), primary);
	free(lsn);
	free(path);
}

/* A position that is not one: 400, problem+json. */
static void a_malformed_lsn_is_refused(void **state)
{
	const char *const bad[] = {"16B3748",     "0/",   "/1",   "0/1/2", "G/1",
				   "123456789/0", "0/1 ", "-1/0", "0x1/0", NULL};
	struct th_resp r;

	(void)state;
	for (int i = 0; bad[i]; i++) {
		get_with_lsn(&A, "/v1/people?limit=1", bad[i], &r);
		if (r.status != 400)
			fail_msg("Swaptrack-Min-LSN '%s': %ld", bad[i], r.status);
		th_assert_problem(&r, 400);
		th_resp_free(&r);
	}
	get_with_lsn(&A, "/v1/people?limit=1", "0/0", &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	get_with_lsn(&A, "/v1/people?limit=1", "ffffffff/FFFFFFFF", &r);
	th_expect(&r, 200); /* no database has it: the primary answers, after the second */
	th_resp_free(&r);
}

/* No wait before the key is verified: a wrong key with a position no replica has is refused at
 * once, while the same position costs an admitted read its second. */
static void an_unverified_key_waits_for_nothing(void **state)
{
	const char *headers[] = {"Authorization: Bearer swt_1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
				 "Swaptrack-Min-LSN: FFFFFFFF/FFFFFFFF", NULL};
	struct th_resp r;
	double t = now();

	(void)state;
	th_request(&A, "GET", "/v1/people?limit=1", headers, NULL, 0, &r);
	t = now() - t;
	th_assert_problem(&r, 401);
	th_resp_free(&r);
	assert_true(t < 0.5);
	t = now();
	get_with_lsn(&A, "/v1/people?limit=1", "FFFFFFFF/FFFFFFFF", &r);
	t = now() - t;
	th_expect(&r, 200);
	th_resp_free(&r);
	assert_true(t >= 0.9);
}

/* Past --max-replica-lag (server B: 1 s) a paused standby is skipped, by the background check;
 * reads then see the primary's newest writes without asking. Resumed, it is used again. */
static void a_lagging_replica_is_skipped(void **state)
{
	struct th_resp r;
	char *lsn, *path;
	long long id, reads, primary;

	(void)state;
	wait_caught_up();
	wait_state(&B, "ok");
	pause_replay();
	id = create_person(&B, "Lagged Behind", &lsn);
	free(lsn);
	path = th_fmt("/v1/people/%lld", id);
	wait_state(&B, "lagging");
	/* Both reports say so: the lag past the limit, the replica not in use. */
	assert_true(metric(&B, "\nswaptrack_replica_lag_seconds{replica=\"1\"}") >= 1);
	assert_int_equal(metric(&B, "\nswaptrack_replica_up{replica=\"1\",state=\"lagging\"}"), 0);
	{
		struct th_resp r;
		json_t *rep;
		th_request(&B, "GET", "/readyz", NULL, NULL, 0, &r);
		th_expect(&r, 200); /* a replica behind does not make the server unready */
		rep = json_array_get(json_object_get(r.json, "replicas"), 0);
		assert_true(json_is_false(json_object_get(rep, "used")));
		assert_true(json_integer_value(json_object_get(rep, "lag_ms")) > 1000);
		th_resp_free(&r);
	}
	reads = metric(&B, REPLICA_READS);
	primary = metric(&B, PRIMARY_READS);
	get_with_lsn(&B, path, NULL, &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	assert_int_equal(metric(&B, REPLICA_READS), reads);
	assert_int_equal(metric(&B, PRIMARY_READS), primary + 1);
	resume_replay();
	wait_state(&B, "ok");
	assert_int_equal(metric(&B, "\nswaptrack_replica_up{replica=\"1\",state=\"ok\"}"), 1);
	get_with_lsn(&B, path, NULL, &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	assert_int_equal(metric(&B, REPLICA_READS), reads + 1);
	free(path);
}

/* A key made while the replica lags: the replica does not know it, the primary does. */
static void a_new_key_works_at_once(void **state)
{
	struct th_resp r;
	char *key, *auth;
	const char *headers[2];

	(void)state;
	wait_caught_up();
	pause_replay();
	key = th_key_create(primary_url, "made-during-lag", "read");
	auth = th_fmt("Authorization: Bearer %s", key);
	headers[0] = auth, headers[1] = NULL;
	th_request(&A, "GET", "/v1/people?limit=1", headers, NULL, 0, &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	resume_replay();
	free(key);
	free(auth);
}

struct reader {
	struct th_server *srv;
	const char *path;
	atomic_int *stop;
	int ok, other;
	long last;
};

static void *read_loop(void *arg)
{
	struct reader *rd = arg;

	while (!atomic_load(rd->stop)) {
		struct th_resp r;
		if (th_try_request(rd->srv, "GET", rd->path, NULL, NULL, 0, &r) < 0) {
			rd->other++;
			continue;
		}
		if (r.status == 200)
			rd->ok++;
		else
			rd->other++, rd->last = r.status;
		th_resp_free(&r);
	}
	th_client_reset();
	return NULL;
}

/* The standby stopped while reads run: every read is answered, from the primary once the
 * replica is gone; started again, it is used again. */
static void the_standby_stops_and_comes_back(void **state)
{
	enum { READERS = 4 };
	struct reader rd[READERS];
	pthread_t t[READERS];
	atomic_int stop = 0;
	char *path, *lsn, *args;
	long long id, reads;

	(void)state;
	id = create_person(&A, "Read Under Load", &lsn);
	free(lsn);
	path = th_fmt("/v1/people/%lld", id);
	wait_caught_up();
	for (int i = 0; i < READERS; i++) {
		rd[i] = (struct reader){&A, i % 2 ? path : "/v1/people?limit=20", &stop, 0, 0, 0};
		assert_int_equal(pthread_create(&t[i], NULL, read_loop, &rd[i]), 0);
	}
	sleep_ms(700);
	args = th_fmt("stop %s/standby", dir);
	pg_cluster(args);
	free(args);
	sleep_ms(1000);
	atomic_store(&stop, 1);
	for (int i = 0; i < READERS; i++) {
		pthread_join(t[i], NULL);
		if (rd[i].other)
			fail_msg("reader %d: %d answered, %d not (last %ld)", i, rd[i].ok, rd[i].other,
				 rd[i].last);
		assert_true(rd[i].ok > 10);
	}
	wait_state(&A, "down");
	args = th_fmt("replica %s/standby %s/primary swaptrack", dir, dir);
	pg_cluster(args);
	free(args);
	wait_state(&A, "ok");
	wait_caught_up();
	reads = metric(&A, REPLICA_READS);
	get_on_new_connections(&A, path, 1);
	assert_int_equal(metric(&A, REPLICA_READS), reads + 1);
	free(path);
}

/* The standby restarted while no read ran: every worker thread still holds a connection to the
 * old one, which it learns is closed only on its next read. That read goes to the new standby,
 * on a new connection, not to the primary. */
static void an_idle_connection_to_a_restarted_standby_is_made_again(void **state)
{
	char *args, *lsn, *path;
	long long id, reads, primary;

	(void)state;
	id = create_person(&A, "Idle Thread", &lsn);
	free(lsn);
	path = th_fmt("/v1/people/%lld", id);
	wait_caught_up();
	wait_state(&A, "ok");
	get_on_new_connections(&A, path, 8); /* every thread connects to the standby */
	args = th_fmt("stop %s/standby", dir);
	pg_cluster(args);
	free(args);
	wait_state(&A, "down");
	args = th_fmt("replica %s/standby %s/primary swaptrack", dir, dir);
	pg_cluster(args);
	free(args);
	wait_state(&A, "ok");
	reads = metric(&A, REPLICA_READS);
	primary = metric(&A, PRIMARY_READS);
	get_on_new_connections(&A, path, 8);
	assert_int_equal(metric(&A, REPLICA_READS), reads + 8);
	assert_int_equal(metric(&A, PRIMARY_READS), primary);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_go_to_the_replica),
		cmocka_unit_test(two_replicas_one_down),
		cmocka_unit_test(every_write_carries_its_lsn),
		cmocka_unit_test(read_your_writes),
		cmocka_unit_test(waits_for_the_replica),
		cmocka_unit_test(a_malformed_lsn_is_refused),
		cmocka_unit_test(an_unverified_key_waits_for_nothing),
		cmocka_unit_test(a_lagging_replica_is_skipped),
		cmocka_unit_test(a_new_key_works_at_once),
		cmocka_unit_test(the_standby_stops_and_comes_back),
		cmocka_unit_test(an_idle_connection_to_a_restarted_standby_is_made_again),
	};

	return cmocka_run_group_tests_name("replicas", tests, setup, teardown);
}
