/* Out of memory, at every allocation (issue 30): the server built by tests/failalloc/
 * (build/tests/swaptrack-failalloc) fails the Nth allocation of a request that carries
 * X-Fail-Alloc: N. For a create and a read of each kind below, the request is sent once for
 * every N from 1 to the number of allocations it makes; each answer must be 503 problem+json or
 * exactly the answer it gets when nothing fails (ids and times aside), a 503 must have stored
 * nothing (every table's rows compared), and the server goes on answering. Without buffers that
 * fail for good, and callers that look, this found answers that lied: 413 and 400 for a body it
 * could not hold, a record stored without its citizenships, SQL cut short and executed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "harness.h"

static struct th_group G;

/* Every row of every table the API writes, as one text: equal before and after a 503. */
static char *fingerprint(void)
{
	return th_sql(G.db, "SELECT md5(string_agg(t, '|' ORDER BY t)) FROM ("
			    " SELECT 'p' || row(x.*)::text t FROM people x UNION ALL"
			    " SELECT 'd' || row(x.*)::text FROM detentions x UNION ALL"
			    " SELECT 'n' || row(x.*)::text FROM negotiations x UNION ALL"
			    " SELECT 'np' || row(x.*)::text FROM negotiation_participants x UNION ALL"
			    " SELECT 's' || row(x.*)::text FROM swaps x UNION ALL"
			    " SELECT 'r' || row(x.*)::text FROM swap_releases x UNION ALL"
			    " SELECT 'st' || row(x.*)::text FROM statements x UNION ALL"
			    " SELECT 'so' || row(x.*)::text FROM sources x UNION ALL"
			    " SELECT 'c' || row(x.*)::text FROM citations x UNION ALL"
			    " SELECT 'h' || row(x.*)::text FROM history x UNION ALL"
			    " SELECT 'm' || row(x.*)::text FROM merges x) a");
}

/* The server under test: one worker, so that a request's allocations are counted on the
 * thread that serves it alone, and no rate limit over the thousands of requests. */
static int group_setup(void **state)
{
	const char *bin = getenv("SWAPTRACK_BIN");
	const char *const extra[] = {"--threads", "1", "--rate", "0", NULL};
	const char *slash;
	char *failalloc;

	(void)state;
	if (!bin)
		return -1;
	/* BUILD/swaptrack -> BUILD/tests/swaptrack-failalloc: the same build's twin. */
	slash = strrchr(bin, '/');
	failalloc = th_fmt("%.*stests/swaptrack-failalloc", slash ? (int)(slash - bin + 1) : 0, bin);
	if (access(failalloc, X_OK) != 0) {
		fprintf(stderr, "test_alloc: %s is missing; make test-build makes it\n", failalloc);
		free(failalloc);
		return -1;
	}
	setenv("SWAPTRACK_BIN", failalloc, 1);
	free(failalloc);
	G.db = th_db_create("test_alloc");
	th_server_start(&G.srv, G.db, extra);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	return th_group_teardown(&G);
}

/* How many "failalloc:" lines the server's log has, and the allocations the last one counted. */
static int log_counts(long *last)
{
	char *log = th_server_log(&G.srv), *at = log, *p;
	int n = 0;

	while ((p = strstr(at, "failalloc: "))) {
		n++;
		*last = atol(p + 11);
		at = p + 11;
	}
	free(log);
	return n;
}

/* The request sent with X-Fail-Alloc: n (0: nothing fails). */
static void armed(const char *method, const char *path, const char *body, long n, struct th_resp *r)
{
	char h[64];
	const char *headers[] = {h, body ? "Content-Type: application/json" : NULL, NULL};

	snprintf(h, sizeof(h), "X-Fail-Alloc: %ld", n);
	th_request(&G.srv, method, path, headers, body, body ? strlen(body) : 0, r);
}

/* The allocations the request makes when none fails, as the server logs it after answering. */
static long calibrate(const char *method, const char *path, const char *body)
{
	long k = 0;
	int before = log_counts(&k);
	struct th_resp r;

	armed(method, path, body, 0, &r);
	th_resp_free(&r);
	for (int tries = 0; tries < 200 && log_counts(&k) == before; tries++)
		usleep(25 * 1000);
	if (log_counts(&k) == before)
		fail_msg("the server never logged how many allocations %s %s made", method, path);
	assert_true(k > 0);
	return k;
}

/* j without what differs between two equal answers: ids and times. */
static void strip(json_t *j)
{
	static const char *const varying[] = {"id",         "subject_id", "swap_id", "created_at",
					      "updated_at", "version",    NULL};
	const char *key;
	json_t *v;
	size_t i;

	if (json_is_object(j)) {
		for (int k = 0; varying[k]; k++)
			json_object_del(j, varying[k]);
		json_object_foreach(j, key, v)
			strip(v);
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			strip(v);
	}
}

static char *canonical(const struct th_resp *r, int exact)
{
	json_t *j;
	char *s;

	if (!r->json)
		return NULL;
	j = json_deep_copy(r->json);
	if (!exact)
		strip(j);
	s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(j);
	return s;
}

struct tally {
	long k, unavailable, correct, lies;
};

/* A wrong answer: told, and counted (every N is tried, so that one run shows them all). */
#define LIE(t, ...) (print_message(__VA_ARGS__), print_message("\n"), (t)->lies++)

/* Every header the reference answer has, the answer has too (a header dropped for want of
 * memory is a lie as well: a 201 without its Location). */
static void same_headers(struct tally *t, const struct th_resp *ref, const struct th_resp *r, long n)
{
	const char *line = ref->headers;

	while (line && *line) {
		const char *end = strstr(line, "\r\n"), *colon = strchr(line, ':');
		if (colon && (!end || colon < end)) {
			char *name = strndup(line, (size_t)(colon - line)), *v = th_header(r, name);
			if (!v)
				LIE(t, "X-Fail-Alloc: %ld: the answer has no %s header:\n%s", n, name,
				    r->headers);
			free(v);
			free(name);
		}
		line = end ? end + 2 : NULL;
	}
}

/* Sends the request for every N from 1 past the allocations it makes; each answer is 503 with
 * nothing stored, or the reference answer (exact: byte for byte; else ids and times aside). */
static struct tally every_allocation(const char *method, const char *path, const char *body,
				     long ok_status, int exact)
{
	struct tally t = {0, 0, 0, 0};
	struct th_resp ref, r;
	char *want, *before = fingerprint();

	th_request(&G.srv, method, path,
		   body ? (const char *const[]){"Content-Type: application/json", NULL} : NULL, body,
		   body ? strlen(body) : 0, &ref);
	th_expect(&ref, ok_status);
	want = canonical(&ref, exact);
	assert_non_null(want);
	t.k = calibrate(method, path, body);
	free(before);
	before = fingerprint();
	/* A few past the count: a request that allocates once more than when counted is tried too. */
	for (long n = 1; n <= t.k + 3; n++) {
		char *got, *after;

		armed(method, path, body, n, &r);
		if (r.status == 503) {
			th_assert_problem(&r, 503);
			after = fingerprint();
			if (strcmp(before, after) != 0)
				LIE(&t, "X-Fail-Alloc: %ld: 503, but the tables changed", n);
			free(after);
			t.unavailable++;
		} else if (r.status == ok_status) {
			got = canonical(&r, exact);
			if (!got || strcmp(got, want) != 0)
				LIE(&t, "X-Fail-Alloc: %ld: %ld, but not the answer:\n%s\nwanted:\n%s",
				    n, r.status, r.body, want);
			else
				same_headers(&t, &ref, &r, n);
			free(got);
			free(before);
			before = fingerprint();
			t.correct++;
		} else {
			LIE(&t, "X-Fail-Alloc: %ld: %s %s answered %ld, neither 503 nor %ld:\n%s", n,
			    method, path, r.status, ok_status, r.body);
		}
		th_resp_free(&r);
	}
	/* The server is still there, and well. */
	th_request(&G.srv, "GET", "/healthz", NULL, NULL, 0, &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	printf("%s %s: %ld allocations; %ld answers 503, %ld correct, %ld wrong\n", method, path, t.k,
	       t.unavailable, t.correct, t.lies);
	if (t.lies)
		fail_msg("%ld of %ld answers were neither 503 nor the answer", t.lies, t.k + 3);
	assert_true(t.unavailable > 0);
	free(want);
	free(before);
	th_resp_free(&ref);
	return t;
}

static long long source_id, person_a, person_b;

static void records(void)
{
	if (source_id)
		return;
	source_id = th_create(&G.srv, "/v1/sources",
			      "{\"url\": \"https://example.org/alloc\","
			      " \"title\": \"Out of memory\", \"outlet\": \"Example\", \"published_on\": \"2025-11-18\","
			      " \"content\": \"Former U.S. Embassy employee Marc Fogel was freed. The teacher"
			      " spent years in a Russian jail.\"}");
	person_a = th_create(&G.srv, "/v1/people?duplicate=allow",
			     "{\"name\": \"Marc Fogel\","
			     " \"citizenships\": [\"US\"], \"occupation\": \"teacher\", \"citations\":"
			     " [{\"source_id\": %lld, \"field\": \"occupation\", \"quote\": \"The teacher\"}]}",
			     source_id);
	person_b = th_create(&G.srv, "/v1/people?duplicate=allow",
			     "{\"name\": \"Alexander Vinnik\","
			     " \"citizenships\": [\"RU\"]}");
}

/* A person with every kind of field and a citation anchored in its source. */
static void a_create(void **state)
{
	char *body;

	(void)state;
	records();
	body = th_fmt("{\"name\": \"Ksenia Karelina\", \"name_native\": \"Ксения Карелина\","
		      " \"aliases\": [\"Ksenia Khavana\", \"K. Karelina\"], \"citizenships\": [\"US\", \"RU\"],"
		      " \"born_on\": \"1991-07\", \"gender\": \"female\", \"occupation\": \"ballerina\","
		      " \"description\": \"Former U.S. Embassy employee\", \"citations\": ["
		      "{\"source_id\": %lld, \"field\": \"description\", \"quote\": \"Former U.S. Embassy employee\"},"
		      "{\"source_id\": %lld, \"quote\": \"spent years in a Russian jail\"}]}",
		      source_id, source_id);
	every_allocation("POST", "/v1/people?duplicate=allow", body, 201, 0);
	free(body);
}

/* A swap with its releases (children rows) and a citation. */
static void a_create_with_children(void **state)
{
	char *body;

	(void)state;
	records();
	body = th_fmt("{\"occurred_on\": \"2025-02-11\", \"place\": \"Moscow\", \"mediators\": [\"AE\"],"
		      " \"releases\": [{\"person_id\": %lld, \"released_by\": \"RU\", \"released_to\": \"US\"},"
		      " {\"person_id\": %lld, \"released_by\": \"US\", \"released_to\": \"RU\"}],"
		      " \"citations\": [{\"source_id\": %lld, \"quote\": \"Marc Fogel was freed\"}]}",
		      person_a, person_b, source_id);
	every_allocation("POST", "/v1/swaps", body, 201, 0);
	free(body);
}

/* A change of a record: its answer too is made whole before the commit. */
static void a_patch(void **state)
{
	char *path;

	(void)state;
	records();
	path = th_fmt("/v1/people/%lld", person_b);
	every_allocation("PATCH", path,
			 "{\"occupation\": \"arms dealer\", \"aliases\": [\"Vinnik\"],"
			 " \"born_on\": \"1979\"}",
			 200, 0);
	free(path);
}

/* A record read by id, byte for byte (its citations and their sources embedded). */
static void a_read(void **state)
{
	char *path;

	(void)state;
	records();
	path = th_fmt("/v1/people/%lld", person_a);
	every_allocation("GET", path, NULL, 200, 1);
	free(path);
}

/* A list with filters, sort, count and an embed: SQL made for the request. */
static void a_list(void **state)
{
	(void)state;
	records();
	every_allocation("GET",
			 "/v1/people?citizenship=US,RU&sort=-name,id&limit=2&count=true"
			 "&fields=id,name,citizenships",
			 NULL, 200, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_create), cmocka_unit_test(a_create_with_children),
		cmocka_unit_test(a_patch),  cmocka_unit_test(a_read),
		cmocka_unit_test(a_list),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
