/* Limits and headers: security headers, CORS, the connection cap, the per-connection deadline
 * (a slow client is cut off and holds nobody up), URL and header sizes, and the request rate. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "harness.h"

TH_GROUP("test_limits")

static void expect_header(const struct th_resp *r, const char *name, const char *value)
{
	char *v = th_header(r, name);

	if (!v || (value && strcmp(v, value) != 0))
		fail_msg("%s: got %s, want %s", name, v ? v : "(none)", value ? value : "(any)");
	free(v);
}

static void security_headers_everywhere(void **state)
{
	const char *paths[] = {"/v1/people", "/v1/people/999999", "/", "/healthz", NULL};
	struct th_resp r;

	(void)state;
	for (int i = 0; paths[i]; i++) {
		th_request(&G.srv, "GET", paths[i], NULL, NULL, 0, &r);
		expect_header(&r, "X-Content-Type-Options", "nosniff");
		expect_header(&r, "X-Frame-Options", "DENY");
		expect_header(&r, "Referrer-Policy", "no-referrer");
		expect_header(&r, "Content-Security-Policy", NULL);
		expect_header(&r, "Cache-Control", "no-cache");
		/* Lists vary with Accept too (JSON or CSV). */
		expect_header(&r, "Vary", i == 0 ? "Origin, Accept" : "Origin");
		th_resp_free(&r);
	}
}

static void cors_for_allowed_origins_only(void **state)
{
	const char *args[] = {"--cors-origin", "https://dash.example", "--cors-origin",
			      "http://localhost:5173", NULL};
	const char *good[] = {"Origin: https://dash.example", NULL};
	const char *bad[] = {"Origin: https://evil.example", NULL};
	const char *pre_good[] = {"Origin: http://localhost:5173", "Access-Control-Request-Method: POST",
				  "Access-Control-Request-Headers: authorization, content-type", NULL};
	const char *pre_bad[] = {"Origin: https://evil.example", "Access-Control-Request-Method: POST",
				 NULL};
	struct th_server s;
	struct th_resp r;
	char *v;

	(void)state;
	th_server_start(&s, G.db, args);
	th_request(&s, "GET", "/v1/people", good, NULL, 0, &r);
	expect_header(&r, "Access-Control-Allow-Origin", "https://dash.example");
	expect_header(&r, "Vary", "Origin, Accept");
	v = th_header(&r, "Access-Control-Expose-Headers");
	assert_non_null(strstr(v, "ETag"));
	free(v);
	th_resp_free(&r);
	th_request(&s, "GET", "/v1/people", bad, NULL, 0, &r);
	th_expect(&r, 200);
	assert_null(th_header(&r, "Access-Control-Allow-Origin"));
	expect_header(&r, "Vary", "Origin, Accept");
	th_resp_free(&r);
	/* Preflight: answered without a key, naming the methods and headers allowed. */
	th_request(&s, "OPTIONS", "/v1/people", pre_good, NULL, 0, &r);
	assert_int_equal(r.status, 204);
	expect_header(&r, "Access-Control-Allow-Origin", "http://localhost:5173");
	v = th_header(&r, "Access-Control-Allow-Methods");
	assert_non_null(strstr(v, "POST"));
	free(v);
	v = th_header(&r, "Access-Control-Allow-Headers");
	assert_non_null(strstr(v, "Authorization"));
	assert_non_null(strstr(v, "Idempotency-Key"));
	free(v);
	th_resp_free(&r);
	th_request(&s, "OPTIONS", "/v1/people", pre_bad, NULL, 0, &r);
	assert_int_equal(r.status, 204);
	assert_null(th_header(&r, "Access-Control-Allow-Origin"));
	assert_null(th_header(&r, "Access-Control-Allow-Methods"));
	th_resp_free(&r);
	assert_int_equal(th_server_stop(&s), 0);
}

static int connect_to(int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct timeval tv = {5, 0};

	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	assert_true(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	return fd;
}

/* 1 when the server closed (or reset) the connection: a read gives end of file. */
static int closed_by_server(int fd, int wait_s)
{
	struct timeval tv = {wait_s, 0};
	char c;
	ssize_t n;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	n = recv(fd, &c, 1, 0);
	return n == 0 || (n < 0 && errno == ECONNRESET);
}

static void slow_clients_are_cut_off_and_hold_nobody_up(void **state)
{
	const char *args[] = {"--request-timeout", "2", NULL};
	const char *req = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
	struct th_server s;
	struct th_resp r;
	struct timespec t0, t1;
	int fd;
	int sent = 0;

	(void)state;
	th_server_start(&s, G.db, args);
	fd = connect_to(s.port);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* One byte every 300 ms: libmicrohttpd alone would wait forever. */
	for (const char *p = req; *p; p++) {
		if (send(fd, p, 1, MSG_NOSIGNAL) != 1)
			break;
		sent++;
		/* Meanwhile others are served at once. */
		if (sent == 3) {
			th_request(&s, "GET", "/healthz", NULL, NULL, 0, &r);
			th_expect(&r, 200);
			th_resp_free(&r);
		}
		usleep(300 * 1000);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (t1.tv_sec - t0.tv_sec > 6)
			break;
	}
	assert_true(closed_by_server(fd, 3));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true(t1.tv_sec - t0.tv_sec <= 8); /* cut off near its 2 s, long before the 10 s trickle */
	assert_true(sent < (int)strlen(req));
	close(fd);
	/* An idle keep-alive connection is closed after the same time. */
	fd = connect_to(s.port);
	assert_true(closed_by_server(fd, 5));
	close(fd);
	assert_int_equal(th_server_stop(&s), 0);
}

static void connection_cap(void **state)
{
	/* The cap is the server's, whatever the number of workers. */
	const char *args[] = {"--max-connections", "2", "--threads", "2", NULL};
	const char *req = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
	struct th_server s;
	struct timeval tv = {1, 0};
	char buf[64];
	int a, b, c;

	(void)state;
	th_server_start(&s, G.db, args);
	a = connect_to(s.port);
	b = connect_to(s.port);
	usleep(200 * 1000);
	/* At the cap the server stops accepting: a third client waits unanswered... */
	c = connect_to(s.port);
	assert_int_equal(send(c, req, strlen(req), MSG_NOSIGNAL), (ssize_t)strlen(req));
	setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	assert_true(recv(c, buf, sizeof(buf), 0) < 0);
	/* ...until a connection closes, and then it is served. */
	close(a);
	tv.tv_sec = 5;
	setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	assert_true(recv(c, buf, sizeof(buf), 0) > 0);
	assert_int_equal(strncmp(buf, "HTTP/1.1 200", 12), 0);
	close(b);
	close(c);
	assert_int_equal(th_server_stop(&s), 0);
}

/* Connections go to the worker with the fewest open (server/http/http.c). With two workers, two
 * clients that connect together are on different workers, so a request held up by a locked
 * table holds up only its own worker. (libmicrohttpd's thread pool let the first worker to wake
 * accept every waiting connection: both clients on one worker, the second waiting behind the
 * first; bench/README.md has what that cost.) */
static void connections_spread_over_workers(void **state)
{
	const char *args[] = {"--threads", "2", NULL};
	const char *slow = "GET /v1/people/1 HTTP/1.1\r\nHost: x\r\n\r\n";
	const char *quick = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
	struct th_server s;
	struct timeval tv = {10, 0}; /* generous: make memcheck runs the server under valgrind */
	PGconn *lock = PQconnectdb(G.db);
	char buf[64];
	char *waiting = NULL;
	int a, b;

	(void)state;
	assert_int_equal(PQstatus(lock), CONNECTION_OK);
	th_server_start(&s, G.db, args);
	a = connect_to(s.port);
	b = connect_to(s.port);
	usleep(200 * 1000); /* both accepted and handed out */
	PQclear(PQexec(lock, "BEGIN"));
	PQclear(PQexec(lock, "LOCK TABLE people IN ACCESS EXCLUSIVE MODE"));
	assert_int_equal(send(a, slow, strlen(slow), MSG_NOSIGNAL), (ssize_t)strlen(slow));
	/* Until the server's query is seen waiting for the lock: its worker is now stuck. */
	for (int i = 0; i < 400; i++) {
		free(waiting);
		waiting = th_sql(G.db, "SELECT count(*) FROM pg_stat_activity WHERE application_name ="
				       " 'swaptrack' AND wait_event_type = 'Lock'");
		if (strcmp(waiting, "0") != 0)
			break;
		usleep(50 * 1000);
	}
	assert_string_equal(waiting, "1");
	free(waiting);
	/* The other client is answered meanwhile, by the other worker. */
	assert_int_equal(send(b, quick, strlen(quick), MSG_NOSIGNAL), (ssize_t)strlen(quick));
	setsockopt(b, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	assert_true(recv(b, buf, sizeof(buf), 0) >= 12);
	assert_int_equal(strncmp(buf, "HTTP/1.1 200", 12), 0);
	/* And the first, once the lock is gone. */
	PQclear(PQexec(lock, "ROLLBACK"));
	PQfinish(lock);
	setsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	assert_true(recv(a, buf, sizeof(buf), 0) >= 12);
	assert_int_equal(strncmp(buf, "HTTP/1.1 ", 9), 0);
	close(a);
	close(b);
	assert_int_equal(th_server_stop(&s), 0);
}

static void url_and_header_sizes(void **state)
{
	const char *args[] = {"--max-url", "300", "--max-headers", "2048", NULL};
	struct th_server s;
	struct th_resp r;
	char *path, *big, *hdr;
	const char *h[2];

	(void)state;
	th_server_start(&s, G.db, args);
	big = calloc(1, 400);
	memset(big, 'a', 350);
	path = th_fmt("/v1/people?q=%s", big);
	th_request(&s, "GET", path, NULL, NULL, 0, &r);
	th_assert_problem(&r, 414);
	th_resp_free(&r);
	free(path);
	hdr = calloc(1, 3000);
	memcpy(hdr, "X-Padding: ", 11);
	memset(hdr + 11, 'b', 2500);
	h[0] = hdr;
	h[1] = NULL;
	th_request(&s, "GET", "/v1/people", h, NULL, 0, &r);
	th_assert_problem(&r, 431);
	th_resp_free(&r);
	/* Just under both limits is fine. */
	big[200] = '\0';
	path = th_fmt("/v1/people?q=%s", big);
	th_request(&s, "GET", path, NULL, NULL, 0, &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	free(path);
	free(hdr);
	free(big);
	assert_int_equal(th_server_stop(&s), 0);
}

/* The default limits, just past each: still our problem+json, so libmicrohttpd's per-connection
 * memory (sized from these limits, and small, because it is touched on every request) has room
 * for a request line and headers that large. */
static void default_sizes_are_ours_to_refuse(void **state)
{
	struct th_server s;
	struct th_resp r;
	char *big = calloc(1, 17000), *path, *hdr;
	const char *h[2];

	(void)state;
	th_server_start(&s, G.db, NULL);
	memset(big, 'a', 8200);
	path = th_fmt("/v1/people?q=%s", big);
	th_request(&s, "GET", path, NULL, NULL, 0, &r);
	th_assert_problem(&r, 414);
	th_resp_free(&r);
	free(path);
	hdr = th_fmt("X-Padding: %s", big); /* 8 KB */
	h[0] = hdr;
	h[1] = NULL;
	th_request(&s, "GET", "/v1/people", h, NULL, 0, &r);
	th_expect(&r, 200); /* under the 16 KB of headers */
	th_resp_free(&r);
	free(hdr);
	memset(big, 'b', 16500);
	hdr = th_fmt("X-Padding: %s", big); /* 16.5 KB */
	h[0] = hdr;
	th_request(&s, "GET", "/v1/people", h, NULL, 0, &r);
	th_assert_problem(&r, 431);
	th_resp_free(&r);
	free(hdr);
	free(big);
	assert_int_equal(th_server_stop(&s), 0);
}

static void rate_limit_per_key_or_address(void **state)
{
	const char *args[] = {"--rate", "1", "--burst", "3", NULL};
	const char *anon[] = {"Authorization:", NULL};
	struct th_server s;
	struct th_resp r;
	char *retry;
	int limited = 0;

	(void)state;
	th_server_start(&s, G.db, args);
	/* The harness's key: three at once, then 429 with Retry-After. */
	for (int i = 0; i < 5; i++) {
		th_request(&s, "GET", "/v1/people", NULL, NULL, 0, &r);
		if (r.status == 429) {
			th_assert_problem(&r, 429);
			retry = th_header(&r, "Retry-After");
			assert_non_null(retry);
			assert_true(atoi(retry) >= 1);
			free(retry);
			limited++;
		}
		th_resp_free(&r);
	}
	assert_true(limited >= 1);
	/* Another identity (no key: the client's address) has its own bucket. */
	th_request(&s, "GET", "/v1/people", anon, NULL, 0, &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	/* After a second, one more token. */
	sleep(1);
	th_request(&s, "GET", "/v1/people", NULL, NULL, 0, &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	assert_int_equal(th_server_stop(&s), 0);
}

/* A load balancer asking often must never see a healthy server as failing. */
static void probes_and_metrics_are_never_limited(void **state)
{
	const char *args[] = {"--rate", "0.01", "--burst", "2", NULL};
	const char *paths[] = {"/healthz", "/readyz", "/metrics", NULL};
	const char *anon[] = {"Authorization:", NULL};
	struct th_server s;
	struct th_resp r;
	int limited = 0;

	(void)state;
	th_server_start(&s, G.db, args);
	for (int i = 0; i < 4; i++) {
		th_request(&s, "GET", "/v1/people", anon, NULL, 0, &r);
		limited += r.status == 429;
		th_resp_free(&r);
	}
	assert_true(limited >= 1); /* this address's bucket is empty now */
	for (int k = 0; paths[k]; k++)
		for (int i = 0; i < 30; i++) {
			th_request(&s, "GET", paths[k], anon, NULL, 0, &r);
			if (r.status != 200)
				fail_msg("%s, request %d: %ld", paths[k], i, r.status);
			th_resp_free(&r);
		}
	assert_int_equal(th_server_stop(&s), 0);
}

/* Anonymous requests from each address, as X-Forwarded-For names it, until one is refused;
 * returns how many were answered 200 out of n. */
static int answered(struct th_server *s, const char *forwarded, int n)
{
	char *h = th_fmt("X-Forwarded-For: %s", forwarded);
	const char *hdr[] = {"Authorization:", h, NULL};
	struct th_resp r;
	int ok = 0;

	for (int i = 0; i < n; i++) {
		th_request(s, "GET", "/v1/people", hdr, NULL, 0, &r);
		ok += r.status == 200;
		th_resp_free(&r);
	}
	free(h);
	return ok;
}

static void forwarded_for_is_believed_only_from_trusted_proxies(void **state)
{
	const char *plain[] = {"--rate", "0.01", "--burst", "2", NULL};
	const char *proxied[] =
		{"--rate",          "0.01",       "--burst", "2", "--trusted-proxy", "127.0.0.0/8",
		 "--trusted-proxy", "10.0.0.0/8", NULL};
	struct th_server s;

	(void)state;
	/* Without --trusted-proxy the header is ignored: a new made-up address a request buys
	 * nothing, every request is this connection's address's. */
	th_server_start(&s, G.db, plain);
	assert_int_equal(answered(&s, "203.0.113.1", 2), 2);
	assert_int_equal(answered(&s, "203.0.113.2", 2), 0);
	assert_int_equal(answered(&s, "203.0.113.3", 2), 0);
	assert_int_equal(th_server_stop(&s), 0);
	/* From a trusted proxy, clients are told apart by the right-most untrusted address. */
	th_server_start(&s, G.db, proxied);
	assert_int_equal(answered(&s, "203.0.113.1", 3), 2);
	assert_int_equal(answered(&s, "203.0.113.2", 3), 2);
	/* A client that sends its own header: the proxy appends the address it saw, which is the
	 * one that counts. */
	assert_int_equal(answered(&s, "198.51.100.99, 203.0.113.1", 1), 0);
	/* Trusted hops (an inner proxy) are skipped. */
	assert_int_equal(answered(&s, "203.0.113.2, 10.1.2.3", 1), 0);
	assert_int_equal(answered(&s, "203.0.113.3, 10.1.2.3", 2), 2);
	/* Garbage is not an address: the hop that added it (here the proxy itself) is the client. */
	assert_int_equal(answered(&s, "not-an-address", 3), 2);
	assert_int_equal(th_server_stop(&s), 0);
}

/* Whatever goes wrong, a body never shows SQL, a file path or a key. */
static void no_internals_in_any_answer(void **state)
{
	static const char *const leaks[] = {"SELECT", "INSERT",   "UPDATE ", "pg_",  "ERROR:",
					    "/work",  "/tmp",     "/usr",    "/var", ".c:",
					    "swt_",   "sqlstate", NULL};
	struct {
		const char *method, *path, *body, *auth;
	} cases[] = {
		{"GET", "/v1/people/abc", NULL, NULL},
		{"GET", "/v1/nothing", NULL, NULL},
		{"DELETE", "/v1/people", NULL, NULL},
		{"POST", "/v1/people", "{\"name\": ", NULL},
		{"POST", "/v1/people", "{\"name\": \"x\", \"id\": 1}", NULL},
		{"POST", "/v1/detentions",
		 "{\"person_id\": 99999999, \"country\": \"RU'; --\", \"status\": \"held\"}", NULL},
		{"GET", "/v1/people?sort=name;DROP", NULL, NULL},
		{"GET", "/v1/people?after=%27%3B--", NULL, NULL},
		{"POST", "/v1/people", "{\"name\": \"x\"}",
		 "Authorization: Bearer swt_1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		{"GET", "/v1/keys", NULL, "Authorization:"},
		{"GET", "/../../etc/passwd", NULL, NULL},
	};
	struct th_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *hdr[] = {"Content-Type: application/json", cases[i].auth, NULL};
		th_request(&G.srv, cases[i].method, cases[i].path, hdr, cases[i].body,
			   cases[i].body ? strlen(cases[i].body) : 0, &r);
		assert_true(r.status >= 400 && r.status < 500);
		for (int k = 0; leaks[k]; k++)
			if (strstr(r.body, leaks[k]))
				fail_msg("%s %s: the answer shows '%s': %s", cases[i].method,
					 cases[i].path, leaks[k], r.body);
		th_resp_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(security_headers_everywhere),
		cmocka_unit_test(cors_for_allowed_origins_only),
		cmocka_unit_test(slow_clients_are_cut_off_and_hold_nobody_up),
		cmocka_unit_test(connection_cap),
		cmocka_unit_test(connections_spread_over_workers),
		cmocka_unit_test(url_and_header_sizes),
		cmocka_unit_test(default_sizes_are_ours_to_refuse),
		cmocka_unit_test(rate_limit_per_key_or_address),
		cmocka_unit_test(probes_and_metrics_are_never_limited),
		cmocka_unit_test(forwarded_for_is_believed_only_from_trusted_proxies),
		cmocka_unit_test(no_internals_in_any_answer),
	};

	return cmocka_run_group_tests_name("limits", tests, group_setup, group_teardown);
}
