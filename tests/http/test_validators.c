/* Validators tell the truth (contract v1.1): a record's ETag changes whenever its JSON does, by
 * whatever way and whichever server process changed it; If-None-Match gets 304 only for the
 * current representation; If-Match takes the version or the current ETag; answers carry
 * Cache-Control: no-cache; Accept is negotiated with its q values (406 otherwise). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

TH_GROUP("test_validators")

/* The ETag of GET path (malloc'd); the test fails unless it is 200. */
static char *etag_of(struct th_server *s, const char *path)
{
	struct th_resp r;
	char *tag;

	th_request(s, "GET", path, NULL, NULL, 0, &r);
	th_expect(&r, 200);
	tag = th_header(&r, "ETag");
	assert_non_null(tag);
	th_resp_free(&r);
	return tag;
}

static long conditional_get(struct th_server *s, const char *path, const char *inm)
{
	char *h = th_fmt("If-None-Match: %s", inm);
	const char *hdr[] = {h, NULL};
	struct th_resp r;
	long status;

	th_request(s, "GET", path, hdr, NULL, 0, &r);
	status = r.status;
	if (status == 304)
		assert_int_equal(r.len, 0);
	th_resp_free(&r);
	free(h);
	return status;
}

/* The tag at path now differs from every tag seen so far; the old one revalidates to 200 and
 * the new one to 304. Adds it to seen. */
static void changed(struct th_server *s, const char *path, char **seen, int *n, const char *what)
{
	char *now = etag_of(s, path);

	for (int i = 0; i < *n; i++)
		if (strcmp(seen[i], now) == 0)
			fail_msg("%s: the ETag of %s is still %s", what, path, now);
	if (conditional_get(s, path, seen[*n - 1]) != 200)
		fail_msg("%s: If-None-Match with the old tag got no fresh answer", what);
	assert_int_equal(conditional_get(s, path, now), 304);
	seen[(*n)++] = now;
}

static void send_json(struct th_server *s, const char *method, const char *path, const char *body,
		      long status)
{
	struct th_resp r;

	th_json(s, method, path, body, &r);
	th_expect(&r, status);
	th_resp_free(&r);
}

static void the_etag_follows_every_change(void **state)
{
	char *seen[16], *path, *cpath, *spath, *body;
	int n = 0;
	long long src, p, c;
	struct th_server other;

	(void)state;
	src = th_create(&G.srv, "/v1/sources",
			"{\"url\": \"https://validators.example/a\", \"title\":"
			"\"First title\", \"content\": \"The envoy met officials in October.\"}");
	p = th_create(&G.srv, "/v1/people", "{\"name\": \"Etag Person\"}");
	path = th_fmt("/v1/people/%lld", p);
	spath = th_fmt("/v1/sources/%lld", src);
	seen[n++] = etag_of(&G.srv, path);
	th_assert_etag(seen[0], 1);

	/* Its own fields. */
	send_json(&G.srv, "PATCH", path, "{\"occupation\": \"envoy\"}", 200);
	changed(&G.srv, path, seen, &n, "a field");
	/* A citation of it: added, changed, then its source's embedded fields changed. */
	c = th_create(&G.srv, "/v1/citations",
		      "{\"source_id\": %lld, \"subject_type\": \"person\","
		      " \"subject_id\": %lld, \"quote\": \"met officials\"}",
		      src, p);
	changed(&G.srv, path, seen, &n, "a citation added");
	cpath = th_fmt("/v1/citations/%lld", c);
	send_json(&G.srv, "PATCH", cpath, "{\"confidence\": \"confirmed\"}", 200);
	changed(&G.srv, path, seen, &n, "a citation changed");
	send_json(&G.srv, "PATCH", spath, "{\"title\": \"Second title\"}", 200);
	changed(&G.srv, path, seen, &n, "the cited source's title");
	send_json(&G.srv, "PATCH", spath, "{\"published_on\": \"2025-11\"}", 200);
	changed(&G.srv, path, seen, &n, "the cited source's date");
	/* The person's version did not move through any of that; its ETag did. */
	th_assert_etag(seen[n - 1], 2);
	/* A change made through another server process on the same database. */
	th_server_start(&other, G.db, NULL);
	body = th_fmt("{\"source_id\": %lld, \"subject_type\": \"person\", \"subject_id\": %lld,"
		      " \"field\": \"occupation\"}",
		      src, p);
	send_json(&other, "POST", "/v1/citations", body, 201);
	free(body);
	changed(&G.srv, path, seen, &n, "a citation added by another server");
	assert_int_equal(th_server_stop(&other), 0);
	/* A citation deleted. */
	{
		struct th_resp r;
		th_request(&G.srv, "DELETE", cpath, NULL, NULL, 0, &r);
		th_expect(&r, 204);
		th_resp_free(&r);
	}
	changed(&G.srv, path, seen, &n, "a citation deleted");
	for (int i = 0; i < n; i++)
		free(seen[i]);
	free(path);
	free(cpath);
	free(spath);
}

/* Children, and the swap's effect on a detention. */
static void the_etag_follows_children_and_effects(void **state)
{
	char *seen[8], *npath, *dpath;
	int n;
	long long a = th_create(&G.srv, "/v1/people", "{\"name\": \"Child A\"}");
	long long b = th_create(&G.srv, "/v1/people", "{\"name\": \"Child B\"}");
	long long neg = th_create(&G.srv, "/v1/negotiations",
				  "{\"title\": \"Child talks\", \"status\":"
				  " \"active\", \"participants\": [{\"person_id\": %lld}]}",
				  a);
	long long d = th_create(&G.srv, "/v1/detentions",
				"{\"person_id\": %lld, \"country\": \"RU\","
				" \"status\": \"held\"}",
				b);
	char *body;

	(void)state;
	npath = th_fmt("/v1/negotiations/%lld", neg);
	n = 0;
	seen[n++] = etag_of(&G.srv, npath);
	body = th_fmt("{\"participants\": [{\"person_id\": %lld}, {\"person_id\": %lld, \"role\":"
		      " \"mediator\"}]}",
		      a, b);
	send_json(&G.srv, "PATCH", npath, body, 200);
	free(body);
	changed(&G.srv, npath, seen, &n, "a participant added");
	for (int i = 0; i < n; i++)
		free(seen[i]);

	dpath = th_fmt("/v1/detentions/%lld", d);
	n = 0;
	seen[n++] = etag_of(&G.srv, dpath);
	th_create(&G.srv, "/v1/swaps",
		  "{\"occurred_on\": \"2024-08-01\", \"releases\": [{\"person_id\":"
		  " %lld, \"detention_id\": %lld, \"released_by\": \"RU\"}]}",
		  b, d);
	changed(&G.srv, dpath, seen, &n, "a swap released it");
	for (int i = 0; i < n; i++)
		free(seen[i]);
	free(npath);
	free(dpath);
}

static long put_with(const char *path, const char *if_match)
{
	char *h = if_match ? th_fmt("If-Match: %s", if_match) : NULL;
	const char *hdr[] = {"Content-Type: application/json", h, NULL};
	struct th_resp r;
	long status;

	th_request(&G.srv, "PUT", path, hdr, "{\"name\": \"Matched\"}", 19, &r);
	status = r.status;
	th_resp_free(&r);
	free(h);
	return status;
}

static void if_match_takes_the_version_or_the_current_etag(void **state)
{
	long long src = th_create(&G.srv, "/v1/sources", "{\"url\": \"https://validators.example/m\"}");
	long long p = th_create(&G.srv, "/v1/people", "{\"name\": \"Matched\"}");
	char *path = th_fmt("/v1/people/%lld", p), *tag, *stale;

	(void)state;
	tag = etag_of(&G.srv, path);
	assert_int_equal(put_with(path, tag), 200);     /* the current ETag */
	assert_int_equal(put_with(path, tag), 412);     /* the same tag again: stale now */
	assert_int_equal(put_with(path, "\"2\""), 200); /* the version, as in v1 */
	stale = etag_of(&G.srv, path);
	/* A citation changes the representation, not the version: the old tag is stale, the
	 * version still matches. */
	th_create(&G.srv, "/v1/citations",
		  "{\"source_id\": %lld, \"subject_type\": \"person\","
		  " \"subject_id\": %lld}",
		  src, p);
	assert_int_equal(put_with(path, stale), 412);
	free(tag);
	tag = etag_of(&G.srv, path);
	assert_int_equal(put_with(path, tag), 200);
	free(tag);
	free(stale);
	free(path);
}

static void if_none_match_forms(void **state)
{
	long long p = th_create(&G.srv, "/v1/people", "{\"name\": \"Conditional\"}");
	char *path = th_fmt("/v1/people/%lld", p), *tag = etag_of(&G.srv, path), *h;

	(void)state;
	assert_int_equal(conditional_get(&G.srv, path, "*"), 304);
	h = th_fmt("W/%s", tag);
	assert_int_equal(conditional_get(&G.srv, path, h), 304); /* weak comparison */
	free(h);
	h = th_fmt("\"1.0000000000000000\", %s", tag);
	assert_int_equal(conditional_get(&G.srv, path, h), 304); /* a list */
	free(h);
	/* A bare version says nothing of the representation: the full answer. */
	assert_int_equal(conditional_get(&G.srv, path, "\"1\""), 200);
	assert_int_equal(conditional_get(&G.srv, path, "garbage"), 200);
	free(tag);
	free(path);
}

static void answers_are_revalidated(void **state)
{
	const char *paths[] = {"/v1/people",        "/v1/people/1",  "/v1/search?q=x", "/v1/stats",
			       "/v1/people/999999", "/openapi.json", "/healthz",       NULL};
	struct th_resp r;

	(void)state;
	for (int i = 0; paths[i]; i++) {
		char *cc;
		th_request(&G.srv, "GET", paths[i], NULL, NULL, 0, &r);
		cc = th_header(&r, "Cache-Control");
		if (!cc || strcmp(cc, "no-cache") != 0)
			fail_msg("%s: Cache-Control %s", paths[i], cc ? cc : "(none)");
		free(cc);
		th_resp_free(&r);
	}
}

struct accept_case {
	const char *path, *accept;
	long status;
	const char *type; /* the Content-Type it starts with, for a 200 */
};

static void accept_is_negotiated_with_q(void **state)
{
	const struct accept_case cases[] = {
		{"/v1/people", "text/csv", 200, "text/csv"},
		{"/v1/people", "application/json;q=0.5, text/csv;q=0.9", 200, "text/csv"},
		{"/v1/people", "text/csv;q=0.2, application/json", 200, "application/json"},
		{"/v1/people", "text/csv;q=0, */*", 200, "application/json"},
		{"/v1/people", "text/*", 200, "text/csv"},
		{"/v1/people", "application/*;q=0.1, text/csv;q=0.05", 200, "application/json"},
		{"/v1/people", "*/*;q=0", 406, NULL},
		{"/v1/people", "text/csv;q=0", 406, NULL},
		{"/v1/people", "image/png", 406, NULL},
		{"/v1/people/1", "text/csv", 406, NULL},
		{"/v1/people/1", "text/csv, application/json;q=0.001", 200, "application/json"},
		{"/v1/people/1", "application/json; charset=utf-8", 200, "application/json"},
		{"/metrics", "application/json", 406, NULL},
		{"/metrics", "text/plain;version=0.0.4", 200, "text/plain"},
		{"/v1/export", "application/x-ndjson", 200, "application/x-ndjson"},
		{"/v1/export", "application/json", 406, NULL},
		{"/v1/stats", "", 200, "application/json"},
		{"/v1/stats", "*/*", 200, "application/json"},
	};
	struct th_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *h = th_fmt("Accept: %s", cases[i].accept);
		const char *hdr[] = {h, NULL};
		char *ct;
		th_request(&G.srv, "GET", cases[i].path, hdr, NULL, 0, &r);
		if (r.status != cases[i].status)
			fail_msg("%s with Accept: %s: %ld %s", cases[i].path, cases[i].accept, r.status,
				 r.body);
		ct = th_header(&r, "Content-Type");
		if (cases[i].type && strncmp(ct, cases[i].type, strlen(cases[i].type)) != 0)
			fail_msg("%s with Accept: %s: %s", cases[i].path, cases[i].accept, ct);
		if (r.status == 406) {
			th_assert_problem(&r, 406);
			assert_true(json_array_size(json_object_get(r.json, "acceptable")) >= 1);
		}
		free(ct);
		free(h);
		th_resp_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_etag_follows_every_change),
		cmocka_unit_test(the_etag_follows_children_and_effects),
		cmocka_unit_test(if_match_takes_the_version_or_the_current_etag),
		cmocka_unit_test(if_none_match_forms),
		cmocka_unit_test(answers_are_revalidated),
		cmocka_unit_test(accept_is_negotiated_with_q),
	};

	return cmocka_run_group_tests_name("validators", tests, group_setup, group_teardown);
}
