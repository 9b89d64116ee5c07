/* Hostile input: what a careless or malicious client can send, and the one clean answer each gets.
 * Framing the server must refuse itself (libmicrohttpd 0.9.75 does not), HEAD, too many query
 * parameters, an import before its key is checked, rate buckets, messages cut inside a character,
 * answers that grow with the input, edits that would break the export, forged cursors, log lines,
 * CSV cells, encoded NULs and symbolic links out of the web directory. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "harness.h"

TH_GROUP("test_hostile")

/* Sends text as it is (with \r\n written out) on a new connection; waits up to wait_ms. */
static void raw(const char *text, int wait_ms, struct th_raw *out)
{
	th_raw_request(&G.srv, text, strlen(text), wait_ms, out);
}

/* One response, with this status, problem+json, the security headers, and then the close. */
static void expect_one_problem(const struct th_raw *r, const char *status_line)
{
	if (th_raw_count(r, "HTTP/1.1 ") != 1 || strncmp(r->data, status_line, strlen(status_line)) != 0)
		fail_msg("want one '%s', got:\n%s", status_line, r->data);
	assert_non_null(strstr(r->data, "Content-Type: application/problem+json"));
	assert_non_null(strstr(r->data, "X-Content-Type-Options: nosniff"));
	assert_non_null(strstr(r->data, "\"status\":"));
	assert_null(strstr(r->data, "<html>"));
	assert_true(r->closed);
}

static void both_length_and_chunked_is_refused(void **state)
{
	struct th_raw r;
	char *log;

	(void)state;
	/* A proxy reading Content-Length would see one request; a server reading chunked, two. */
	raw("POST /v1/people HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
	    "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "0\r\n\r\nGET /v1/smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
	    3000, &r);
	expect_one_problem(&r, "HTTP/1.1 400 ");
	assert_non_null(strstr(r.data, "Connection: close"));
	assert_true(r.seconds < 2);
	th_raw_free(&r);
	log = th_log_wait(&G.srv, "POST /v1/people 400");
	assert_null(strstr(log, "smuggled"));
	free(log);
}

static void two_lengths_are_refused(void **state)
{
	struct th_raw r;

	(void)state;
	raw("POST /v1/people HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
	    "Content-Length: 2\r\nContent-Length: 15\r\n\r\n{}",
	    3000, &r);
	expect_one_problem(&r, "HTTP/1.1 400 ");
	assert_non_null(strstr(r.data, "more than one Content-Length"));
	th_raw_free(&r);
}

static void unknown_transfer_coding_is_501_at_once(void **state)
{
	struct th_raw r;

	(void)state;
	raw("POST /v1/people HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc", 5000, &r);
	expect_one_problem(&r, "HTTP/1.1 501 ");
	assert_true(r.first < 2); /* was: no answer until the 30 s timeout */
	th_raw_free(&r);
}

static void malformed_length_is_one_clean_400(void **state)
{
	const char *lengths[] = {"-1", "12abc", "99999999999999999999999", NULL};
	struct th_raw r;

	(void)state;
	for (int i = 0; lengths[i]; i++) {
		char *req = th_fmt("POST /v1/people HTTP/1.1\r\nHost: x\r\nContent-Length: %s\r\n\r\n",
				   lengths[i]);
		raw(req, 3000, &r);
		/* was: the status line and headers twice, then an HTML page */
		expect_one_problem(&r, i < 2 ? "HTTP/1.1 400 " : "HTTP/1.1 413 ");
		assert_non_null(strstr(r.data, "Content-Security-Policy:"));
		th_raw_free(&r);
		free(req);
	}
}

/* HEAD of a streamed answer: the headers, and not one byte after them. */
static void head_sends_no_body(void **state)
{
	const char *reqs[] = {
		"HEAD /v1/export HTTP/1.1\r\nHost: x\r\n\r\n",
		"HEAD /v1/people HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n",
		"HEAD /v1/people HTTP/1.1\r\nHost: x\r\n\r\n",
		NULL,
	};
	struct th_raw r;

	(void)state;
	for (int i = 0; reqs[i]; i++) {
		/* A second request follows at once: a keep-alive client must read its answer next. */
		char *two = th_fmt("%sGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", reqs[i]);
		const char *end;
		raw(two, 3000, &r);
		if (strncmp(r.data, "HTTP/1.1 200 ", 13) != 0)
			fail_msg("%s: %s", reqs[i], r.data);
		end = strstr(r.data, "\r\n\r\n");
		assert_non_null(end);
		end += 4;
		/* Whatever follows the headers is the next answer, or nothing (the server closed). */
		if (*end && strncmp(end, "HTTP/1.1 200 ", 13) != 0)
			fail_msg("%s: bytes after the headers: %s", reqs[i], end);
		assert_null(strstr(r.data, "\r\n0\r\n"));
		if (!*end)
			assert_true(r.closed);
		th_raw_free(&r);
		free(two);
	}
}

static void too_many_query_parameters_are_414_at_once(void **state)
{
	struct buf q = BUF_INIT;
	struct th_raw r;
	char *req;

	(void)state;
	for (int i = 0; i < 500; i++)
		buf_printf(&q, "%sa%d=1", i ? "&" : "", i); /* 3.4 KB, under --max-url */
	req = th_fmt("GET /v1/people?%s HTTP/1.1\r\nHost: x\r\n\r\n", q.data);
	raw(req, 5000, &r);
	assert_true(strncmp(r.data, "HTTP/1.1 414 ", 13) == 0);
	assert_true(r.first < 2); /* was: no answer for 30 s */
	assert_non_null(strstr(r.data, "500 parameters"));
	th_raw_free(&r);
	free(req);
	buf_free(&q);
	/* At the limit it is the list's own answer (an unknown parameter), not a refusal. */
	{
		struct buf ok = BUF_INIT;
		struct th_resp resp;
		buf_puts(&ok, "/v1/people?limit=1");
		for (int i = 1; i < 100; i++)
			buf_printf(&ok, "&x%d=1", i);
		th_request(&G.srv, "GET", ok.data, NULL, NULL, 0, &resp);
		th_assert_problem(&resp, 400);
		th_resp_free(&resp);
		buf_free(&ok);
	}
}

/* A connection left open after sending text: the caller reads and closes it. */
static int open_with(const char *text)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)G.srv.port)};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_true(send(fd, text, strlen(text), MSG_NOSIGNAL) == (ssize_t)strlen(text));
	return fd;
}

/* What arrives on fd within wait_ms (at most size - 1 bytes), NUL-terminated. */
static void read_some(int fd, char *out, size_t size, int wait_ms)
{
	struct pollfd p = {fd, POLLIN, 0};
	ssize_t n = 0;

	out[0] = '\0';
	if (poll(&p, 1, wait_ms) > 0 && (n = recv(fd, out, size - 1, 0)) > 0)
		out[n] = '\0';
}

/* An import without a valid key is refused before its body is read or a lock is taken: while
 * the client holds it open, mid-upload, reads go on and the database holds no lock of it. */
static void import_is_authenticated_before_its_body(void **state)
{
	const char *keys[] = {"",
			      "Authorization: Bearer swt_1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n",
			      NULL};
	struct th_resp resp;
	char got[2048];

	(void)state;
	for (int i = 0; keys[i]; i++) {
		char *req = th_fmt("POST /v1/import HTTP/1.1\r\nHost: x\r\n%s"
				   "Content-Type: application/x-ndjson\r\nContent-Length: 10000000\r\n\r\n"
				   "{\"type\":\"person\",\"record\":{\"id\":1,",
				   keys[i]);
		int fd = open_with(req);
		read_some(fd, got, sizeof(got), 2000);
		if (strncmp(got, "HTTP/1.1 401 ", 13) != 0)
			fail_msg("import without a valid key: '%s'", got);
		/* Still open on our side: no lock is held for it, and a public read answers. */
		{
			char *locks = th_sql(G.db, "SELECT count(*) FROM pg_locks WHERE mode ="
						   " 'AccessExclusiveLock' AND relation IS NOT NULL");
			assert_string_equal(locks, "0");
			free(locks);
		}
		th_request(&G.srv, "GET", "/v1/people", NULL, NULL, 0, &resp);
		th_expect(&resp, 200);
		th_resp_free(&resp);
		close(fd);
		free(req);
	}
	/* A key of too small a scope: 403, also before the body. */
	{
		char *key = th_key_create(G.db, "hostile-writer", "write");
		char *req = th_fmt("POST /v1/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
				   "Content-Length: 10000000\r\n\r\n{",
				   key);
		int fd = open_with(req);
		read_some(fd, got, sizeof(got), 2000);
		assert_true(strncmp(got, "HTTP/1.1 403 ", 13) == 0);
		close(fd);
		free(req);
		free(key);
	}
}

/* The harness key's id: "swt_<id>_<secret>". */
static long long key_id(const struct th_server *s)
{
	return atoll(s->key + 4);
}

static void rate_buckets_follow_verified_keys(void **state)
{
	const char *args[] = {"--rate", "1", "--burst", "3", NULL};
	struct th_server s;
	struct th_resp r;
	int limited = 0;

	(void)state;
	th_server_start(&s, G.db, args);
	/* A new made-up key every time is still one client: its address's bucket runs out. */
	for (int i = 0; i < 6; i++) {
		char *h = th_fmt("Authorization: Bearer swt_%d_x", 1000 + i);
		const char *hdr[] = {h, NULL};
		th_request(&s, "GET", "/v1/people", hdr, NULL, 0, &r);
		assert_true(r.status == 401 || r.status == 429);
		limited += r.status == 429;
		th_resp_free(&r);
		free(h);
	}
	assert_true(limited >= 2);
	/* A flood claiming the real key's id does not spend that key's budget. */
	for (int i = 0; i < 6; i++) {
		char *h = th_fmt("Authorization: Bearer swt_%lld_%s", key_id(&s),
				 "garbagegarbagegarbagegarbagegarbagegarbage1");
		const char *hdr[] = {h, NULL};
		th_request(&s, "GET", "/v1/people", hdr, NULL, 0, &r);
		assert_true(r.status == 401 || r.status == 429);
		th_resp_free(&r);
		free(h);
	}
	for (int i = 0; i < 3; i++) {
		th_request(&s, "GET", "/v1/people", NULL, NULL, 0, &r);
		th_expect(&r, 200);
		th_resp_free(&r);
	}
	assert_int_equal(th_server_stop(&s), 0);
}

/* Every message is valid UTF-8, cut (if at all) between characters. */
static void messages_are_whole_characters(void **state)
{
	struct th_resp r;
	struct buf body = BUF_INIT, name = BUF_INIT;

	(void)state;
	th_request(&G.srv, "GET", "/v1/people/%FF%FE", NULL, NULL, 0, &r);
	th_assert_problem(&r, 400);
	assert_non_null(json_string_value(json_object_get(r.json, "detail")));
	th_resp_free(&r);
	th_request(&G.srv, "GET", "/v1/nothing-%C3%A9-%E2%82", NULL, NULL, 0, &r);
	assert_true(r.status == 400 || r.status == 404);
	assert_non_null(json_string_value(json_object_get(r.json, "detail")));
	th_resp_free(&r);
	/* A long non-ASCII country code: quoted in part, at a character boundary. */
	th_json(&G.srv, "POST", "/v1/people",
		"{\"name\": \"x\", \"citizenships\": [\"ЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖ\"]}", &r);
	th_assert_problem(&r, 422);
	assert_int_equal(json_array_size(json_object_get(r.json, "errors")), 1);
	assert_non_null(
		strstr(json_string_value(
			       json_object_get(json_array_get(json_object_get(r.json, "errors"), 0),
					       "message")),
		       "ЖЖЖЖЖЖЖЖЖЖ..."));
	th_resp_free(&r);
	/* A field name longer than the path buffer, in Cyrillic. */
	for (int i = 0; i < 300; i++)
		buf_puts(&name, "Ж");
	buf_printf(&body, "{\"name\": \"x\", \"%s\": 1}", name.data);
	th_json(&G.srv, "POST", "/v1/people", body.data, &r);
	th_assert_problem(&r, 422);
	assert_int_equal(json_array_size(json_object_get(r.json, "errors")), 1);
	th_resp_free(&r);
	buf_free(&body);
	buf_free(&name);
}

static void repeated_person_is_reported_once(void **state)
{
	long long p = th_create(&G.srv, "/v1/people", "{\"name\": \"Repeated Release\"}");
	struct buf body = BUF_INIT;
	struct th_resp r;
	json_t *errors;

	(void)state;
	buf_puts(&body, "{\"occurred_on\": \"2024\", \"releases\": [");
	for (int i = 0; i < 500; i++)
		buf_printf(&body, "%s{\"person_id\": %lld, \"released_by\": \"RU\"}", i ? "," : "", p);
	buf_puts(&body, "]}");
	th_json(&G.srv, "POST", "/v1/swaps", body.data, &r);
	th_assert_problem(&r, 422);
	errors = json_object_get(r.json, "errors");
	assert_int_equal(json_array_size(errors), 100);
	assert_int_equal(json_integer_value(json_object_get(r.json, "error_count")), 499);
	assert_true(r.len < 20000); /* was 11.7 MB for this 19 KB body */
	/* Each repeat once, against the first release: releases[1] to releases[499]. */
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "field")),
			    "releases[1].person_id");
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 99), "field")),
			    "releases[100].person_id");
	{
		char *want = th_fmt("person %lld is already released in releases[0]", p);
		assert_string_equal(json_string_value(
					    json_object_get(json_array_get(errors, 99), "message")),
				    want);
		free(want);
	}
	th_resp_free(&r);
	buf_free(&body);
}

/* Edits that would leave the database in a state its own export cannot restore are refused. */
static void edits_keep_the_export_importable(void **state)
{
	long long s, c, a, b, d, sw;
	char *path, *dbc;
	struct th_resp r;

	(void)state;
	s = th_create(&G.srv, "/v1/sources",
		      "{\"url\": \"https://hostile.example/quote\", \"content\":"
		      " \"The envoy said the talks were over. Nobody else spoke.\"}");
	a = th_create(&G.srv, "/v1/people", "{\"name\": \"Round Trip A\"}");
	b = th_create(&G.srv, "/v1/people", "{\"name\": \"Round Trip B\"}");
	c = th_create(&G.srv, "/v1/citations",
		      "{\"source_id\": %lld, \"subject_type\": \"person\","
		      " \"subject_id\": %lld, \"quote\": \"the talks were over\"}",
		      s, a);
	path = th_fmt("/v1/sources/%lld", s);
	th_json(&G.srv, "PATCH", path, "{\"content\": \"The envoy said nothing at all.\"}", &r);
	th_assert_problem(&r, 409);
	{
		json_t *ref = json_array_get(json_object_get(r.json, "referrers"), 0);
		assert_string_equal(json_string_value(json_object_get(ref, "collection")), "citations");
		assert_int_equal(json_integer_value(json_object_get(ref, "id")), c);
	}
	th_resp_free(&r);
	/* A change that keeps the quote is fine, whitespace and all. */
	th_json(&G.srv, "PATCH", path, "{\"content\": \"Then  the talks\\nwere over, he said.\"}", &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	free(path);

	d = th_create(&G.srv, "/v1/detentions",
		      "{\"person_id\": %lld, \"country\": \"RU\", \"status\":"
		      " \"held\"}",
		      a);
	sw = th_create(&G.srv, "/v1/swaps",
		       "{\"occurred_on\": \"2024-08-01\", \"releases\": [{"
		       "\"person_id\": %lld, \"detention_id\": %lld, \"released_by\": \"RU\"}]}",
		       a, d);
	path = th_fmt("/v1/detentions/%lld", d);
	{
		char *patch = th_fmt("{\"person_id\": %lld}", b);
		th_json(&G.srv, "PATCH", path, patch, &r);
		free(patch);
	}
	th_assert_problem(&r, 409);
	assert_int_equal(json_integer_value(
				 json_object_get(json_array_get(json_object_get(r.json, "referrers"), 0),
						 "id")),
			 sw);
	th_resp_free(&r);
	/* Other changes of that detention are fine. */
	th_json(&G.srv, "PATCH", path, "{\"place\": \"Lefortovo\"}", &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	free(path);

	/* And the whole database exports and imports. */
	dbc = th_db_create("test_hostile_copy");
	{
		char *file = th_fmt("%s/hostile-%d.ndjson", getenv("SWAPTRACK_TEST_LOGS"), (int)getpid());
		char *cmd = th_fmt("DATABASE_URL='%s' %s export > %s", G.db, getenv("SWAPTRACK_BIN"),
				   file);
		const char *migrate[] = {"migrate", NULL};
		const char *import[] = {"import", file, NULL};
		char *err = NULL;
		assert_int_equal(system(cmd), 0);
		assert_int_equal(th_run(dbc, migrate, NULL), 0);
		if (th_run(dbc, import, &err) != 0)
			fail_msg("the export does not import: %s", err);
		free(err);
		free(cmd);
		free(file);
	}
	free(dbc);
}

/* base64url of text, without padding. */
static char *b64(const char *text)
{
	static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t n = strlen(text);
	struct buf out = BUF_INIT;

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)(unsigned char)text[i] << 16 |
			     (i + 1 < n ? (unsigned)(unsigned char)text[i + 1] << 8 : 0) |
			     (i + 2 < n ? (unsigned char)text[i + 2] : 0);
		char q[4] = {t[v >> 18 & 63], t[v >> 12 & 63], t[v >> 6 & 63], t[v & 63]};
		buf_append(&out, q, i + 2 < n ? 4 : i + 1 < n ? 3 : 2);
	}
	return buf_steal(&out);
}

static void forged_cursors_are_400(void **state)
{
	const struct {
		const char *path, *cursor;
	} cases[] = {
		{"/v1/swaps?sort=occurred_on", "[\"swaps\",\"occurred_on\",\"not a date\",1]"},
		{"/v1/swaps?sort=occurred_on", "[\"swaps\",\"occurred_on\",\"2024-02-30\",1]"},
		{"/v1/people", "[\"people\",\"id\",\"x'; DROP TABLE people; --\",1]"},
		{"/v1/people", "[\"sources\",\"id\",\"1\",1]"},
		{"/v1/people?sort=name", "[\"people\",\"id\",\"1\",1]"},
		{"/v1/people", "[\"id\",\"1\",1]"},
		{"/v1/people", "not json"},
	};
	const char *csv[] = {"Accept: text/csv", NULL};
	struct th_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *c = b64(cases[i].cursor);
		char *path = th_fmt("%s%safter=%s", cases[i].path,
				    strchr(cases[i].path, '?') ? "&" : "?", c);
		for (int k = 0; k < 2; k++) {
			th_request(&G.srv, "GET", path, k ? csv : NULL, NULL, 0, &r);
			if (r.status != 400)
				fail_msg("%s (%s): %ld %s", cases[i].cursor, k ? "CSV" : "JSON",
					 r.status, r.body);
			th_assert_problem(&r, 400);
			th_resp_free(&r);
		}
		free(path);
		free(c);
	}
	/* A real cursor works, in both forms. */
	th_create(&G.srv, "/v1/people", "{\"name\": \"Cursor One\"}");
	th_create(&G.srv, "/v1/people", "{\"name\": \"Cursor Two\"}");
	th_request(&G.srv, "GET", "/v1/people?sort=name&limit=1", NULL, NULL, 0, &r);
	th_expect(&r, 200);
	{
		char *next = strdup(json_string_value(json_object_get(r.json, "next")));
		th_resp_free(&r);
		th_request(&G.srv, "GET", next, NULL, NULL, 0, &r);
		th_expect(&r, 200);
		th_resp_free(&r);
		th_request(&G.srv, "GET", next, csv, NULL, 0, &r);
		th_expect(&r, 200);
		th_resp_free(&r);
		/* The same cursor on another collection: refused. */
		{
			char *other = th_fmt("/v1/sources?sort=title&%s", strstr(next, "after="));
			th_request(&G.srv, "GET", other, NULL, NULL, 0, &r);
			th_assert_problem(&r, 400);
			th_resp_free(&r);
			free(other);
		}
		free(next);
	}
}

/* Every line of the log is one line that begins with the prefix: nothing a client sends can
 * break one in two, color the terminal, or put a key's hash in it. */
static void log_lines_cannot_be_forged(void **state)
{
	struct th_raw raw_r;
	struct th_resp r;
	char *log, *line;

	(void)state;
	raw("GE\x1b[31mT /v1/people HTTP/1.1\r\nHost: x\r\n\r\n", 2000, &raw_r);
	th_raw_free(&raw_r);
	th_request(&G.srv, "GET", "/v1/people/1%0Aswaptrack:%20forged%0D", NULL, NULL, 0, &r);
	th_resp_free(&r);
	/* A key name the database refuses, with a line break in it. */
	th_json(&G.srv, "POST", "/v1/keys",
		"{\"name\": \"bad\\nswaptrack: forged key line\","
		" \"scope\": \"read\"}",
		&r);
	assert_true(r.status >= 400 && r.status < 500);
	th_resp_free(&r);
	log = th_log_wait(&G.srv, "POST /v1/keys");
	assert_null(strstr(log, "\x1b"));
	assert_null(strstr(log, "\r"));
	for (line = log; *line; line = strchr(line, '\n') + 1) {
		if (strncmp(line, "swaptrack: ", 11) != 0)
			fail_msg("a line that is not the server's: %.*s", (int)strcspn(line, "\n"), line);
		if (strncmp(line, "swaptrack: forged", 17) == 0)
			fail_msg("a forged line: %.*s", (int)strcspn(line, "\n"), line);
		if (!strchr(line, '\n'))
			break;
	}
	/* No hash of a secret: no run of 64 hex digits. */
	for (const char *p = log; *p; p++)
		if (strspn(p, "0123456789abcdef") >= 64)
			fail_msg("the log holds what looks like a key's hash: %.80s", p);
	assert_non_null(strstr(log, "\\x1b"));
	free(log);
}

static void csv_cells_are_not_formulas(void **state)
{
	const char *csv[] = {"Accept: text/csv", NULL};
	struct th_resp r;
	long long id = th_create(&G.srv, "/v1/people",
				 "{\"name\": \"=HYPERLINK(\\\"http://evil.example\\\")\","
				 " \"occupation\": \"@SUM(1+1)\", \"description\": \"-2+3, said he\"}");
	char *path = th_fmt("/v1/people?limit=500&count=true");

	(void)state;
	(void)id;
	th_request(&G.srv, "GET", path, csv, NULL, 0, &r);
	th_expect(&r, 200);
	assert_non_null(strstr(r.body, ",\"'=HYPERLINK(\"\"http://evil.example\"\")\","));
	assert_non_null(strstr(r.body, ",'@SUM(1+1),"));
	assert_non_null(strstr(r.body, ",\"'-2+3, said he\","));
	assert_null(strstr(r.body, ",=HYPERLINK"));
	th_resp_free(&r);
	free(path);
	/* JSON keeps the value exactly. */
	path = th_fmt("/v1/people/%lld", id);
	th_request(&G.srv, "GET", path, NULL, NULL, 0, &r);
	assert_string_equal(json_string_value(json_object_get(r.json, "occupation")), "@SUM(1+1)");
	th_resp_free(&r);
	free(path);
}

static void encoded_nul_is_400(void **state)
{
	const char *paths[] = {"/v1/people/1%00.json", "/v1/people?q=a%00b", "/index.html%00.txt", NULL};
	struct th_resp r;

	(void)state;
	for (int i = 0; paths[i]; i++) {
		th_request(&G.srv, "GET", paths[i], NULL, NULL, 0, &r);
		th_assert_problem(&r, 400);
		assert_non_null(strstr(r.body, "%00"));
		th_resp_free(&r);
	}
}

static void symbolic_links_out_of_the_web_dir_are_not_served(void **state)
{
	char dir[] = "/tmp/swaptrack-web-XXXXXX";
	char *outside, *web, *cmd;
	const char *args[4];
	struct th_server s;
	struct th_resp r;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	outside = th_fmt("%s/secret.txt", dir);
	web = th_fmt("%s/web", dir);
	assert_int_equal(mkdir(web, 0755), 0);
	f = fopen(outside, "w");
	fputs("not for the web\n", f);
	fclose(f);
	cmd = th_fmt("cd %s && echo '<!doctype html>' > index.html && echo inside > inside.txt && "
		     "ln -s ../secret.txt leak.txt && ln -s inside.txt alias.txt && ln -s / root",
		     web);
	assert_int_equal(system(cmd), 0);
	args[0] = "--web-dir";
	args[1] = web;
	args[2] = NULL;
	th_server_start(&s, G.db, args);
	th_request(&s, "GET", "/leak.txt", NULL, NULL, 0, &r);
	th_assert_problem(&r, 404);
	assert_null(strstr(r.body, "not for the web"));
	th_resp_free(&r);
	th_request(&s, "GET", "/root/etc/passwd", NULL, NULL, 0, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);
	th_request(&s, "GET", "/alias.txt", NULL, NULL, 0, &r);
	th_expect(&r, 200);
	assert_string_equal(r.body, "inside\n");
	th_resp_free(&r);
	assert_int_equal(th_server_stop(&s), 0);
	free(cmd);
	cmd = th_fmt("rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(outside);
	free(web);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(both_length_and_chunked_is_refused),
		cmocka_unit_test(two_lengths_are_refused),
		cmocka_unit_test(unknown_transfer_coding_is_501_at_once),
		cmocka_unit_test(malformed_length_is_one_clean_400),
		cmocka_unit_test(head_sends_no_body),
		cmocka_unit_test(too_many_query_parameters_are_414_at_once),
		cmocka_unit_test(import_is_authenticated_before_its_body),
		cmocka_unit_test(rate_buckets_follow_verified_keys),
		cmocka_unit_test(messages_are_whole_characters),
		cmocka_unit_test(repeated_person_is_reported_once),
		cmocka_unit_test(edits_keep_the_export_importable),
		cmocka_unit_test(forged_cursors_are_400),
		cmocka_unit_test(log_lines_cannot_be_forged),
		cmocka_unit_test(csv_cells_are_not_formulas),
		cmocka_unit_test(encoded_nul_is_400),
		cmocka_unit_test(symbolic_links_out_of_the_web_dir_are_not_served),
	};

	return cmocka_run_group_tests_name("hostile", tests, group_setup, group_teardown);
}
