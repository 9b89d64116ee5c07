/* The server skeleton, black-box: error shapes, body limit, keep-alive, access log, readiness
 * and graceful shutdown, against the real binary and a real PostgreSQL. */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "harness.h"

TH_GROUP("test_server")

static void healthz_is_200_json(void **state)
{
	struct th_resp r;

	(void)state;
	th_request(&G.srv, "GET", "/healthz", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(r.json);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "ok");
	th_resp_free(&r);
}

static void readyz_is_200_when_migrated(void **state)
{
	struct th_resp r;

	(void)state;
	th_request(&G.srv, "GET", "/readyz", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	th_resp_free(&r);
}

static void unknown_path_is_404_problem(void **state)
{
	struct th_resp r;

	(void)state;
	th_request(&G.srv, "GET", "/v1/no-such-collection", NULL, NULL, 0, &r);
	th_assert_problem(&r, 404);
	assert_string_equal(json_string_value(json_object_get(r.json, "title")), "Not Found");
	th_resp_free(&r);
	th_request(&G.srv, "GET", "/no/such/file.html", NULL, NULL, 0, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);
}

static void static_paths_cannot_escape_web_dir(void **state)
{
	struct th_resp r;

	(void)state;
	th_request(&G.srv, "GET", "/..%2f..%2fMakefile", NULL, NULL, 0, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);
	th_request(&G.srv, "GET", "/.hidden", NULL, NULL, 0, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);
}

/* The dashboard's files: content types, an ETag, revalidation, and the vendored chart library. */
static void static_files_have_types_and_etags(void **state)
{
	static const struct {
		const char *path, *type;
	} files[] = {
		{"/", "text/html; charset=utf-8"},
		{"/app.js", "text/javascript; charset=utf-8"},
		{"/style.css", "text/css; charset=utf-8"},
		{"/favicon.svg", "image/svg+xml"},
		{"/vendor/uPlot.esm.js", "text/javascript; charset=utf-8"},
	};
	struct th_resp r;
	char *etag, *type, *cache, *inm;

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		th_request(&G.srv, "GET", files[i].path, NULL, NULL, 0, &r);
		th_expect(&r, 200);
		type = th_header(&r, "Content-Type");
		assert_string_equal(type, files[i].type);
		etag = th_header(&r, "ETag");
		cache = th_header(&r, "Cache-Control");
		assert_non_null(etag);
		assert_string_equal(cache, "no-cache");
		th_resp_free(&r);
		inm = th_fmt("If-None-Match: %s", etag);
		{
			const char *hdr[] = {inm, NULL};
			th_request(&G.srv, "GET", files[i].path, hdr, NULL, 0, &r);
			assert_int_equal(r.status, 304);
			th_resp_free(&r);
		}
		free(inm);
		free(type);
		free(etag);
		free(cache);
	}
}

static void wrong_method_is_405_with_allow(void **state)
{
	struct th_resp r;
	char *allow;

	(void)state;
	th_request(&G.srv, "DELETE", "/healthz", NULL, NULL, 0, &r);
	th_assert_problem(&r, 405);
	allow = th_header(&r, "Allow");
	assert_non_null(allow);
	assert_non_null(strstr(allow, "GET"));
	assert_null(strstr(allow, "DELETE"));
	free(allow);
	th_resp_free(&r);
}

static void options_lists_allowed_methods(void **state)
{
	struct th_resp r;
	char *allow;

	(void)state;
	th_request(&G.srv, "OPTIONS", "/readyz", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 204);
	allow = th_header(&r, "Allow");
	assert_non_null(allow);
	assert_string_equal(allow, "GET, HEAD, OPTIONS");
	free(allow);
	th_resp_free(&r);
}

static void head_is_get_without_body(void **state)
{
	struct th_resp r;

	(void)state;
	th_request(&G.srv, "HEAD", "/healthz", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, 0);
	th_resp_free(&r);
}

static void oversized_body_is_413(void **state)
{
	size_t n = 1024 * 1024 + 1; /* one byte over the default limit */
	char *big = malloc(n);
	struct th_resp r;

	(void)state;
	memset(big, 'x', n);
	th_request(&G.srv, "POST", "/healthz", NULL, big, n, &r);
	th_assert_problem(&r, 413);
	th_resp_free(&r);
	/* Exactly at the limit passes the limit (and then meets the 405 of /healthz). */
	th_request(&G.srv, "POST", "/healthz", NULL, big, n - 1, &r);
	th_assert_problem(&r, 405);
	th_resp_free(&r);
	free(big);
}

static void chunked_oversized_body_is_413(void **state)
{
	const char *hdr[] = {"Transfer-Encoding: chunked", NULL};
	struct th_server small;
	const char *args[] = {"--no-migrate", "--max-body", "100", NULL};
	char body[101];
	struct th_resp r;

	(void)state;
	memset(body, 'y', sizeof(body));
	th_server_start(&small, G.db, args);
	th_request(&small, "POST", "/healthz", hdr, body, sizeof(body), &r);
	th_assert_problem(&r, 413);
	th_resp_free(&r);
	th_request(&small, "POST", "/healthz", hdr, body, 100, &r);
	th_assert_problem(&r, 405);
	th_resp_free(&r);
	assert_int_equal(th_server_stop(&small), 0);
}

/* The libmicrohttpd 0.9.75 pitfall: answering on the first call closes every connection. */
static void keep_alive_reuses_the_connection(void **state)
{
	struct th_resp r;

	(void)state;
	th_client_reset();
	th_request(&G.srv, "GET", "/healthz", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.connects, 1);
	th_resp_free(&r);
	th_request(&G.srv, "GET", "/readyz", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.connects, 0);
	th_resp_free(&r);
	/* Error answers and requests with a body keep the connection too. */
	th_request(&G.srv, "POST", "/healthz", NULL, "{}", 2, &r);
	assert_int_equal(r.status, 405);
	assert_int_equal(r.connects, 0);
	th_resp_free(&r);
	th_request(&G.srv, "GET", "/nope", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 404);
	assert_int_equal(r.connects, 0);
	th_resp_free(&r);
}

static void access_log_has_one_line_per_request(void **state)
{
	struct th_resp r;
	char *log;
	const char *line;

	(void)state;
	th_request(&G.srv, "GET", "/healthz?probe=access-log", NULL, NULL, 0, &r);
	th_resp_free(&r);
	/* The line is written as the request completes, just after the answer. */
	log = NULL;
	line = NULL;
	for (int tries = 0; !line && tries < 50; tries++) {
		free(log);
		if (tries)
			usleep(50 * 1000);
		log = th_server_log(&G.srv);
		line = strstr(log, "GET /healthz 200 15 ");
	}
	/* method, path, status, bytes, microseconds */
	assert_non_null(line);
	line += strlen("GET /healthz 200 15 ");
	assert_true(*line >= '0' && *line <= '9');
	while (*line >= '0' && *line <= '9')
		line++;
	assert_memory_equal(line, "us 0q\n", 6); /* no database statement for /healthz */
	free(log);
}

static void readyz_is_503_before_migrations(void **state)
{
	char *fresh = th_db_create("test_server_unmigrated");
	const char *no_migrate[] = {"--no-migrate", NULL};
	const char *migrate[] = {"migrate", NULL};
	struct th_server s;
	struct th_resp r;

	(void)state;
	th_server_start(&s, fresh, no_migrate);
	th_request(&s, "GET", "/readyz", NULL, NULL, 0, &r);
	th_assert_problem(&r, 503);
	th_resp_free(&r);
	th_request(&s, "GET", "/healthz", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	th_resp_free(&r);
	assert_int_equal(th_run(fresh, migrate, NULL), 0);
	th_request(&s, "GET", "/readyz", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	th_resp_free(&r);
	assert_int_equal(th_server_stop(&s), 0);
	free(fresh);
}

/* A request that the database holds up, on its own thread. */
struct slow {
	struct th_server *srv;
	struct th_resp resp;
};

static void *slow_readyz(void *arg)
{
	struct slow *s = arg;

	th_request(s->srv, "GET", "/readyz", NULL, NULL, 0, &s->resp);
	th_client_reset();
	return NULL;
}

static void sigterm_finishes_request_in_flight(void **state)
{
	struct th_server s;
	struct slow slow;
	pthread_t t;
	char *log, *waiting = NULL, *url;
	PGconn *lock;
	PGresult *res;

	(void)state;
	/* Its own application_name tells its connections from the shared server's. */
	assert_true(asprintf(&url, "%s&application_name=shutdown-test", G.db) > 0);
	th_server_start(&s, url, NULL);
	/* Hold a lock that /readyz's query must wait for. */
	lock = PQconnectdb(G.db);
	assert_int_equal(PQstatus(lock), CONNECTION_OK);
	res = PQexec(lock, "BEGIN; LOCK TABLE schema_migrations IN ACCESS EXCLUSIVE MODE");
	assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
	PQclear(res);

	slow.srv = &s;
	assert_int_equal(pthread_create(&t, NULL, slow_readyz, &slow), 0);
	for (int i = 0; i < 100; i++) { /* wait until the server's query blocks on the lock */
		free(waiting);
		waiting = th_sql(G.db,
				 "SELECT count(*) FROM pg_stat_activity "
				 "WHERE application_name = 'shutdown-test' AND wait_event_type = 'Lock'");
		if (waiting && strcmp(waiting, "1") == 0)
			break;
		usleep(50 * 1000);
	}
	assert_string_equal(waiting, "1");
	free(waiting);

	kill(s.pid, SIGTERM);
	usleep(300 * 1000);
	/* While it drains, a new request is turned away at once, not queued behind the others. */
	{
		struct th_resp late;
		char *retry;
		th_client_reset();
		th_request(&s, "GET", "/healthz", NULL, NULL, 0, &late);
		th_assert_problem(&late, 503);
		retry = th_header(&late, "Retry-After");
		assert_non_null(retry);
		free(retry);
		th_resp_free(&late);
	}
	PQclear(PQexec(lock, "COMMIT"));
	PQfinish(lock);
	pthread_join(t, NULL);
	assert_int_equal(slow.resp.status, 200);
	th_resp_free(&slow.resp);

	assert_int_equal(th_server_stop(&s), 0); /* already exiting: this waits for exit 0 */
	log = th_server_log(&s);
	assert_non_null(strstr(log, "SIGTERM received"));
	assert_non_null(strstr(log, "GET /readyz 200"));
	assert_non_null(strstr(log, "stopped"));
	free(log);
	/* Its database connections are closed. */
	waiting = th_sql(G.db, "SELECT count(*) FROM pg_stat_activity "
			       "WHERE application_name = 'shutdown-test'");
	assert_string_equal(waiting, "0");
	free(waiting);
	free(url);
}

static void metrics_count_requests_latency_and_connections(void **state)
{
	struct th_resp r;
	char *ct, *line;
	unsigned long long prev = 0, count = 0;

	(void)state;
	for (int i = 0; i < 3; i++) {
		th_request(&G.srv, "GET", "/readyz", NULL, NULL, 0, &r);
		th_resp_free(&r);
	}
	th_request(&G.srv, "GET", "/metrics", NULL, NULL, 0, &r);
	th_expect(&r, 200);
	ct = th_header(&r, "Content-Type");
	assert_non_null(strstr(ct, "text/plain; version=0.0.4"));
	free(ct);
	line = strstr(r.body, "swaptrack_http_requests_total{route=\"GET /readyz\",status=\"200\"} ");
	assert_non_null(line);
	assert_true(atoi(strchr(line, '}') + 2) >= 3);
	/* A wrong method matched no route (an earlier test sent DELETE /healthz). */
	assert_non_null(strstr(r.body, "swaptrack_http_requests_total{route=\"none\",status=\"405\"}"));
	/* The histogram's buckets only grow, and +Inf is the count. */
	for (char *b = strstr(r.body, "duration_seconds_bucket{route=\"GET /readyz\""); b;
	     b = strstr(b + 1, "duration_seconds_bucket{route=\"GET /readyz\"")) {
		unsigned long long v = strtoull(strchr(b, '}') + 2, NULL, 10);
		assert_true(v >= prev);
		prev = v;
	}
	line = strstr(r.body, "swaptrack_http_request_duration_seconds_count{route=\"GET /readyz\"} ");
	assert_non_null(line);
	count = strtoull(strchr(line, '}') + 2, NULL, 10);
	assert_int_equal(prev, count);
	line = strstr(r.body, "\nswaptrack_db_connections_open ");
	assert_non_null(line);
	assert_true(atoi(line + strlen("\nswaptrack_db_connections_open ")) >= 1);
	assert_non_null(strstr(r.body, "\nswaptrack_db_pool_size 4\n"));
	th_resp_free(&r);
}

/* Last: it stops the test cluster for a while. */
static void readyz_follows_the_database(void **state)
{
	struct th_resp r;
	long status = 0;

	(void)state;
	th_request(&G.srv, "GET", "/readyz", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	th_resp_free(&r);

	th_cluster_stop();
	th_request(&G.srv, "GET", "/readyz", NULL, NULL, 0, &r);
	th_assert_problem(&r, 503);
	th_resp_free(&r);
	th_request(&G.srv, "GET", "/healthz", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	th_resp_free(&r);

	th_cluster_start();
	for (int i = 0; i < 100 && status != 200; i++) {
		th_request(&G.srv, "GET", "/readyz", NULL, NULL, 0, &r);
		status = r.status;
		th_resp_free(&r);
		if (status != 200)
			usleep(100 * 1000);
	}
	assert_int_equal(status, 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(healthz_is_200_json),
		cmocka_unit_test(readyz_is_200_when_migrated),
		cmocka_unit_test(unknown_path_is_404_problem),
		cmocka_unit_test(static_paths_cannot_escape_web_dir),
		cmocka_unit_test(static_files_have_types_and_etags),
		cmocka_unit_test(wrong_method_is_405_with_allow),
		cmocka_unit_test(options_lists_allowed_methods),
		cmocka_unit_test(head_is_get_without_body),
		cmocka_unit_test(oversized_body_is_413),
		cmocka_unit_test(chunked_oversized_body_is_413),
		cmocka_unit_test(keep_alive_reuses_the_connection),
		cmocka_unit_test(access_log_has_one_line_per_request),
		cmocka_unit_test(readyz_is_503_before_migrations),
		cmocka_unit_test(sigterm_finishes_request_in_flight),
		cmocka_unit_test(metrics_count_requests_latency_and_connections),
		cmocka_unit_test(readyz_follows_the_database),
	};

	return cmocka_run_group_tests_name("server", tests, group_setup, group_teardown);
}
