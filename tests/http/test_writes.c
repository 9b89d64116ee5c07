/* Writes with effects beyond one row: a swap's effect on detentions, all or nothing; optimistic
 * concurrency with If-Match; quote verification; inline citations. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"

static int setup(void **state)
{
	(void)state;
	return world_setup("test_writes");
}

static int teardown(void **state)
{
	(void)state;
	return world_teardown();
}

static json_t *get_record(const char *collection, long long id)
{
	char *path = th_fmt("/v1/%s/%lld", collection, id);
	json_t *j = th_get(&W.srv, path);

	free(path);
	return j;
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void swap_marks_held_detentions_exchanged(void **state)
{
	long long a = th_create(&W.srv, "/v1/people", "{\"name\": \"Swap A\"}");
	long long b = th_create(&W.srv, "/v1/people", "{\"name\": \"Swap B\"}");
	long long c = th_create(&W.srv, "/v1/people", "{\"name\": \"Swap C\"}");
	long long da = th_create(&W.srv, "/v1/detentions",
				 "{\"person_id\": %lld, \"country\": \"RU\","
				 " \"status\": \"held\"}",
				 a);
	long long db = th_create(&W.srv, "/v1/detentions",
				 "{\"person_id\": %lld, \"country\": \"US\","
				 " \"status\": \"held\", \"released_on\": \"2024-07\"}",
				 b);
	long long dc = th_create(&W.srv, "/v1/detentions",
				 "{\"person_id\": %lld, \"country\": \"RU\","
				 " \"status\": \"died\"}",
				 c);
	json_t *d, *hist;
	char *path;

	(void)state;
	th_create(&W.srv, "/v1/swaps",
		  "{\"occurred_on\": \"2024-08-01\", \"releases\": ["
		  "{\"person_id\": %lld, \"detention_id\": %lld, \"released_by\": \"RU\", \"released_to\": \"US\"},"
		  "{\"person_id\": %lld, \"detention_id\": %lld, \"released_by\": \"US\", \"released_to\": \"RU\"},"
		  "{\"person_id\": %lld, \"detention_id\": %lld, \"released_by\": \"RU\"}]}",
		  a, da, b, db, c, dc);
	/* Held with no release date: exchanged, released on the swap's date. */
	d = get_record("detentions", da);
	assert_string_equal(str(d, "status"), "exchanged");
	assert_string_equal(str(d, "released_on"), "2024-08-01");
	assert_int_equal(json_integer_value(json_object_get(d, "version")), 2);
	json_decref(d);
	/* Held with a release date: exchanged, its own date kept. */
	d = get_record("detentions", db);
	assert_string_equal(str(d, "status"), "exchanged");
	assert_string_equal(str(d, "released_on"), "2024-07");
	json_decref(d);
	/* Not held: untouched. */
	d = get_record("detentions", dc);
	assert_string_equal(str(d, "status"), "died");
	assert_true(json_is_null(json_object_get(d, "released_on")));
	assert_int_equal(json_integer_value(json_object_get(d, "version")), 1);
	json_decref(d);
	/* The change is in the detention's history. */
	path = th_fmt("/v1/detentions/%lld/history", da);
	hist = th_get(&W.srv, path);
	assert_int_equal(json_array_size(json_object_get(hist, "items")), 2);
	assert_string_equal(str(json_array_get(json_object_get(hist, "items"), 1), "action"), "update");
	json_decref(hist);
	free(path);
	/* The exchanged date filter sees it. */
	path = th_fmt("/v1/detentions?person_id=%lld&status=exchanged", a);
	assert_true(list_has(path, da));
	free(path);
}

static void swap_with_one_bad_release_changes_nothing(void **state)
{
	long long a = th_create(&W.srv, "/v1/people", "{\"name\": \"Bad Swap A\"}");
	long long b = th_create(&W.srv, "/v1/people", "{\"name\": \"Bad Swap B\"}");
	long long da = th_create(&W.srv, "/v1/detentions",
				 "{\"person_id\": %lld, \"country\": \"RU\","
				 " \"status\": \"held\"}",
				 a);
	long long db = th_create(&W.srv, "/v1/detentions",
				 "{\"person_id\": %lld, \"country\": \"RU\","
				 " \"status\": \"held\"}",
				 b);
	const char *bad[] = {
		/* the second release names the first person's detention */
		"{\"occurred_on\": \"2025\", \"releases\": [{\"person_id\": %lld, \"detention_id\": %lld,"
		" \"released_by\": \"RU\"}, {\"person_id\": %lld, \"detention_id\": %lld, \"released_by\": \"RU\"}]}",
		/* the second release is the same person again */
		"{\"occurred_on\": \"2025\", \"releases\": [{\"person_id\": %lld, \"detention_id\": %lld,"
		" \"released_by\": \"RU\"}, {\"person_id\": %lld, \"detention_id\": %lld, \"released_by\": \"RU\"}]}",
		/* the second release has a bad country */
		"{\"occurred_on\": \"2025\", \"releases\": [{\"person_id\": %lld, \"detention_id\": %lld,"
		" \"released_by\": \"RU\"}, {\"person_id\": %lld, \"detention_id\": %lld, \"released_by\": \"ZZ\"}]}",
	};
	long long args[][4] = {{a, da, b, da}, {a, da, a, da}, {a, da, b, db}};
	const char *fields[] = {"releases[1].detention_id", "releases[1].person_id",
				"releases[1].released_by"};

	(void)state;
	for (int i = 0; i < 3; i++) {
		char *body = th_fmt(bad[i], args[i][0], args[i][1], args[i][2], args[i][3]);
		char *before = world_fingerprint(), *after, *f;
		struct th_resp r;

		th_json(&W.srv, "POST", "/v1/swaps", body, &r);
		th_assert_problem(&r, 422);
		f = th_error_fields(&r);
		assert_string_equal(f, fields[i]);
		after = world_fingerprint();
		assert_string_equal(before, after);
		free(f);
		free(before);
		free(after);
		free(body);
		th_resp_free(&r);
	}
	{
		json_t *d = get_record("detentions", da);
		assert_string_equal(str(d, "status"), "held");
		json_decref(d);
	}
}

struct patcher {
	char *path;
	long status;
};

static void *patch_once(void *arg)
{
	struct patcher *p = arg;
	const char *hdr[] = {"Content-Type: application/merge-patch+json", "If-Match: \"1\"", NULL};
	const char *body = "{\"occupation\": \"racer\"}";
	struct th_resp r;

	th_request(&W.srv, "PATCH", p->path, hdr, body, strlen(body), &r);
	p->status = r.status;
	th_resp_free(&r);
	th_client_reset();
	return NULL;
}

static void concurrent_patches_with_same_if_match_one_wins(void **state)
{
	(void)state;
	for (int round = 0; round < 5; round++) {
		long long id = th_create(&W.srv, "/v1/people", "{\"name\": \"Race %d\"}", round);
		struct patcher a = {th_fmt("/v1/people/%lld", id), 0},
			       b = {th_fmt("/v1/people/%lld", id), 0};
		pthread_t ta, tb;
		json_t *rec;

		assert_int_equal(pthread_create(&ta, NULL, patch_once, &a), 0);
		assert_int_equal(pthread_create(&tb, NULL, patch_once, &b), 0);
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		if (!((a.status == 200 && b.status == 412) || (a.status == 412 && b.status == 200)))
			fail_msg("round %d: statuses %ld and %ld", round, a.status, b.status);
		rec = get_record("people", id);
		assert_int_equal(json_integer_value(json_object_get(rec, "version")), 2);
		json_decref(rec);
		free(a.path);
		free(b.path);
	}
}

static void if_match_forms(void **state)
{
	long long id = th_create(&W.srv, "/v1/people", "{\"name\": \"Match\"}");
	char *path = th_fmt("/v1/people/%lld", id);
	const char *put = "{\"name\": \"Match 2\"}";
	struct {
		const char *if_match;
		long status;
	} cases[] = {
		/* A weak tag never matches If-Match's strong comparison (RFC 9110 13.1.1). */
		{"If-Match: \"7\"", 412},        {"If-Match: 1", 400}, {"If-Match: W/\"1\"", 412},
		{"If-Match: \"5\", \"1\"", 200}, {"If-Match: *", 200}, {"If-Match: \"3\"", 200},
	};
	struct th_resp r;
	char *etag;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *hdr[] = {"Content-Type: application/json", cases[i].if_match, NULL};
		th_request(&W.srv, "PUT", path, hdr, put, strlen(put), &r);
		if (r.status != cases[i].status)
			fail_msg("%s: expected %ld, got %ld: %s", cases[i].if_match, cases[i].status,
				 r.status, r.body);
		th_resp_free(&r);
	}
	/* A stale DELETE is refused too; a conditional GET answers 304. */
	{
		const char *hdr[] = {"If-Match: \"1\"", NULL};
		th_request(&W.srv, "DELETE", path, hdr, NULL, 0, &r);
		th_assert_problem(&r, 412);
		th_resp_free(&r);
	}
	th_request(&W.srv, "GET", path, NULL, NULL, 0, &r);
	etag = th_header(&r, "ETag");
	th_assert_etag(etag, 4);
	th_resp_free(&r);
	{
		char *inm = th_fmt("If-None-Match: %s", etag);
		const char *hdr[] = {inm, NULL};
		th_request(&W.srv, "GET", path, hdr, NULL, 0, &r);
		assert_int_equal(r.status, 304);
		th_resp_free(&r);
		free(inm);
	}
	free(etag);
	free(path);
}

static void patch_null_clears_and_json_type_works(void **state)
{
	long long id = th_create(&W.srv, "/v1/people",
				 "{\"name\": \"Clear\", \"occupation\": \"x\","
				 " \"aliases\": [\"y\"]}");
	char *path = th_fmt("/v1/people/%lld", id);
	struct th_resp r;

	(void)state;
	th_json(&W.srv, "PATCH", path, "{\"occupation\": null, \"aliases\": null}", &r);
	th_expect(&r, 200);
	assert_true(json_is_null(json_object_get(r.json, "occupation")));
	assert_int_equal(json_array_size(json_object_get(r.json, "aliases")), 0);
	assert_string_equal(str(r.json, "name"), "Clear");
	th_resp_free(&r);
	/* A required field cannot be patched away. */
	th_json(&W.srv, "PATCH", path, "{\"name\": null}", &r);
	th_assert_problem(&r, 422);
	th_resp_free(&r);
	free(path);
}

static void quote_must_occur_in_source(void **state)
{
	/* The fixture source reads "The envoy said:   talks  went\nwell. Nothing was imminent." */
	const char *quotes[] = {"talks went well", "  talks\\twent  well.  ", "Nothing was imminent."};
	const char *wrong[] = {"talks went badly", "Talks went well", "nothing was imminent"};
	long long nocontent = th_create(&W.srv, "/v1/sources", "{\"url\": \"https://empty.example/\"}");

	(void)state;
	for (int i = 0; i < 3; i++) {
		struct th_resp r;
		char *body;

		th_create(&W.srv, "/v1/citations",
			  "{\"source_id\": %lld, \"subject_type\": \"person\","
			  " \"subject_id\": %lld, \"quote\": \"%s\"}",
			  W.source, W.person, quotes[i]);
		body = th_fmt("{\"source_id\": %lld, \"subject_type\": \"person\", \"subject_id\": %lld,"
			      " \"quote\": \"%s\"}",
			      W.source, W.person, wrong[i]);
		th_json(&W.srv, "POST", "/v1/citations", body, &r);
		th_assert_problem(&r, 422);
		free(body);
		th_resp_free(&r);
	}
	/* A source without text cannot refute a quote. */
	th_create(&W.srv, "/v1/citations",
		  "{\"source_id\": %lld, \"subject_type\": \"person\","
		  " \"subject_id\": %lld, \"quote\": \"anything\"}",
		  nocontent, W.person);
}

static void inline_citations_are_stored_with_the_record(void **state)
{
	long long id = th_create(&W.srv, "/v1/people",
				 "{\"name\": \"Cited\", \"occupation\": \"envoy\","
				 " \"citations\": [{\"source_url\": \"https://news.example/test_writes\","
				 " \"field\": \"occupation\", \"quote\": \"The envoy said\","
				 " \"attributed_to\": \"the article\", \"confidence\": \"confirmed\"},"
				 " {\"source_id\": %lld}]}",
				 W.source);
	json_t *p = get_record("people", id), *c, *hist;
	char *path;

	(void)state;
	c = json_object_get(p, "citations");
	assert_int_equal(json_array_size(c), 2);
	assert_string_equal(str(json_array_get(c, 0), "quote"), "The envoy said");
	assert_string_equal(str(json_array_get(c, 0), "confidence"), "confirmed");
	assert_string_equal(str(json_array_get(c, 1), "confidence"), "reported");
	assert_int_equal(json_integer_value(
				 json_object_get(json_object_get(json_array_get(c, 0), "source"), "id")),
			 W.source);
	/* The record's first version already shows them. */
	path = th_fmt("/v1/people/%lld/history", id);
	hist = th_get(&W.srv, path);
	assert_int_equal(json_array_size(json_object_get(
				 json_object_get(json_array_get(json_object_get(hist, "items"), 0),
						 "record"),
				 "citations")),
			 2);
	json_decref(hist);
	free(path);
	/* They are citations like any other. */
	path = th_fmt("/v1/citations?subject_type=person&subject_id=%lld&count=true", id);
	hist = th_get(&W.srv, path);
	assert_int_equal(json_integer_value(json_object_get(hist, "total")), 2);
	json_decref(hist);
	free(path);
	json_decref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(swap_marks_held_detentions_exchanged),
		cmocka_unit_test(swap_with_one_bad_release_changes_nothing),
		cmocka_unit_test(concurrent_patches_with_same_if_match_one_wins),
		cmocka_unit_test(if_match_forms),
		cmocka_unit_test(patch_null_clears_and_json_type_works),
		cmocka_unit_test(quote_must_occur_in_source),
		cmocka_unit_test(inline_citations_are_stored_with_the_record),
	};

	return cmocka_run_group_tests_name("writes", tests, setup, teardown);
}
