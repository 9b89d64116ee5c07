/* Agreements in stages (contract v1.2, "Negotiations: agreements and their stages"): what an
 * agreement commits, and its progress, which follows every change of its swaps (a group's
 * count, a swap's status, its negotiation) in the negotiation's read and ETag, while a swap's
 * values set by the writer stay and derived ones follow. The facts: the Istanbul agreement of
 * May 2025, 1,000 prisoners for 1,000, carried out as one stage over three days (390, 307 and
 * 303 each way; tests/fixtures/exchanges/FACTS.md). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

TH_GROUP("test_agreements")

static long long istanbul, other, day1;

static void patch(const char *path, const char *body, struct th_resp *r)
{
	const char *const h[] = {"Content-Type: application/merge-patch+json", NULL};

	th_request(&G.srv, "PATCH", path, h, body, strlen(body), r);
}

static void patch_ok(const char *fmt, long long id, const char *body)
{
	char *path = th_fmt(fmt, id);
	struct th_resp r;

	patch(path, body, &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	free(path);
}

/* The negotiation's read and its ETag. */
static json_t *negotiation(long long id, char **etag)
{
	char *path = th_fmt("/v1/negotiations/%lld", id);
	struct th_resp r;
	json_t *j;

	th_request(&G.srv, "GET", path, NULL, NULL, 0, &r);
	th_expect(&r, 200);
	j = json_incref(r.json);
	if (etag)
		*etag = th_header(&r, "ETag");
	th_resp_free(&r);
	free(path);
	return j;
}

/* delivered/remaining/swaps of commitment i, as "390/610/[3]". */
static char *progress(json_t *n, size_t i)
{
	json_t *e = json_array_get(json_object_get(n, "progress"), i);
	char *swaps = json_dumps(json_object_get(e, "swaps"), JSON_COMPACT), *out, rem[24];
	json_t *r = json_object_get(e, "remaining");

	snprintf(rem, sizeof(rem), "%lld", (long long)json_integer_value(r));
	out = th_fmt("%lld/%s/%s", (long long)json_integer_value(json_object_get(e, "delivered")),
		     json_is_null(r) ? "null" : rem, swaps);
	free(swaps);
	return out;
}

/* Commitment i of negotiation id shows the progress fmt formats. */
static void expect_progress(long long id, size_t i, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void expect_progress(long long id, size_t i, const char *fmt, ...)
{
	json_t *n = negotiation(id, NULL);
	char *got = progress(n, i), want[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(want, sizeof(want), fmt, ap);
	va_end(ap);
	assert_string_equal(got, want);
	free(got);
	json_decref(n);
}

static void a_commitment_starts_undelivered(void **state)
{
	json_t *n;
	char *got, *want;

	(void)state;
	istanbul = th_create(
		&G.srv, "/v1/negotiations",
		"{\"title\": \"Istanbul talks: 1,000 for 1,000\", \"status\": \"agreed\","
		" \"parties\": [\"RU\", \"UA\"], \"mediators\": [\"TR\"], \"host\": \"TR\","
		" \"place\": \"Istanbul, Dolmabahce Palace\", \"stages\": 3, \"commitments\": ["
		"{\"released_by\": \"RU\", \"released_to\": \"UA\", \"count\": 1000,"
		" \"description\": \"1,000 for 1,000\"},"
		"{\"released_by\": \"UA\", \"released_to\": \"RU\", \"count\": 1000},"
		"{\"released_by\": \"RU\", \"released_to\": \"UA\", \"category\": \"remains\"}]}");
	other = th_create(&G.srv, "/v1/negotiations",
			  "{\"title\": \"Another track\", \"status\": \"active\", \"commitments\": ["
			  "{\"count\": 500, \"category\": \"prisoners_of_war\"}]}");
	n = negotiation(istanbul, NULL);
	assert_int_equal(json_array_size(json_object_get(n, "commitments")), 3);
	got = progress(n, 0);
	assert_string_equal(got, "0/1000/[]");
	free(got);
	got = progress(n, 2);
	assert_string_equal(got, "0/null/[]");
	free(got);
	/* Each entry names its commitment by the commitment's id. */
	want = th_fmt("%lld",
		      (long long)json_integer_value(
			      json_object_get(json_array_get(json_object_get(n, "commitments"), 1),
					      "id")));
	got = th_fmt("%lld", (long long)json_integer_value(
				     json_object_get(json_array_get(json_object_get(n, "progress"), 1),
						     "commitment")));
	assert_string_equal(got, want);
	free(got);
	free(want);
	json_decref(n);
}

/* Day one, 23 May 2025: 270 soldiers and 120 civilians each way. Then the group's count, the
 * swap's status, its negotiation and its deletion, each followed by the progress and the ETag;
 * a released_count the writer set stays while the derived kind follows. */
static void progress_follows_the_swaps(void **state)
{
	char *before, *after;
	json_t *s;
	char *spath;

	(void)state;
	day1 = th_create(&G.srv, "/v1/swaps",
			 "{\"occurred_on\": \"2025-05-23\", \"negotiation_id\": %lld, \"stage\": 1,"
			 " \"host\": \"BY\", \"groups\": ["
			 "{\"released_by\": \"RU\", \"released_to\": \"UA\", \"count\": 270,"
			 " \"category\": \"prisoners_of_war\"},"
			 "{\"released_by\": \"RU\", \"released_to\": \"UA\", \"count\": 120,"
			 " \"category\": \"civilians\"},"
			 "{\"released_by\": \"UA\", \"released_to\": \"RU\", \"count\": 270,"
			 " \"category\": \"prisoners_of_war\"},"
			 "{\"released_by\": \"UA\", \"released_to\": \"RU\", \"count\": 120,"
			 " \"category\": \"civilians\"}]}",
			 istanbul);
	spath = th_fmt("/v1/swaps/%lld", day1);
	json_decref(negotiation(istanbul, &before));
	expect_progress(istanbul, 0, "390/610/[%lld]", day1);
	expect_progress(istanbul, 1, "390/610/[%lld]", day1);
	expect_progress(istanbul, 2, "0/null/[]");

	/* A group's count: the progress, the ETag, and the derived released_count follow. */
	patch_ok("/v1/swaps/%lld", day1,
		 "{\"groups\": [{\"released_by\": \"RU\", \"released_to\": \"UA\", \"count\": 260,"
		 " \"category\": \"prisoners_of_war\"}, {\"released_by\": \"RU\", \"released_to\":"
		 " \"UA\", \"count\": 120, \"category\": \"civilians\"}, {\"released_by\": \"UA\","
		 " \"released_to\": \"RU\", \"count\": 270, \"category\": \"prisoners_of_war\"},"
		 " {\"released_by\": \"UA\", \"released_to\": \"RU\", \"count\": 120, \"category\":"
		 " \"civilians\"}]}");
	expect_progress(istanbul, 0, "380/620/[%lld]", day1);
	json_decref(negotiation(istanbul, &after));
	assert_string_not_equal(before, after);
	free(before);
	before = after;
	s = th_get(&G.srv, spath);
	assert_int_equal(json_integer_value(json_object_get(s, "released_count")), 770);
	json_decref(s);

	/* released_count set by the writer stays when a count changes; kind stays derived. */
	patch_ok("/v1/swaps/%lld", day1, "{\"released_count\": 800}");
	patch_ok("/v1/swaps/%lld", day1,
		 "{\"groups\": [{\"released_by\": \"RU\", \"released_to\": \"UA\", \"count\": 270,"
		 " \"category\": \"prisoners_of_war\"}, {\"released_by\": \"RU\", \"released_to\":"
		 " \"UA\", \"count\": 120, \"category\": \"civilians\"}, {\"released_by\": \"UA\","
		 " \"released_to\": \"RU\", \"count\": 270, \"category\": \"prisoners_of_war\"},"
		 " {\"released_by\": \"UA\", \"released_to\": \"RU\", \"count\": 120, \"category\":"
		 " \"civilians\"}]}");
	s = th_get(&G.srv, spath);
	assert_int_equal(json_integer_value(json_object_get(s, "released_count")), 800);
	assert_string_equal(json_string_value(json_object_get(s, "kind")), "exchange");
	{
		char *d = json_dumps(json_object_get(s, "derived"), JSON_COMPACT);
		assert_string_equal(d, "[\"kind\",\"parties\"]");
		free(d);
	}
	json_decref(s);
	expect_progress(istanbul, 0, "390/610/[%lld]", day1);

	/* Announced: it delivers nothing (yet). */
	patch_ok("/v1/swaps/%lld", day1, "{\"status\": \"announced\"}");
	expect_progress(istanbul, 0, "0/1000/[]");
	json_decref(negotiation(istanbul, &after));
	assert_string_not_equal(before, after);
	free(before);
	before = after;
	patch_ok("/v1/swaps/%lld", day1, "{\"status\": \"completed\"}");
	expect_progress(istanbul, 0, "390/610/[%lld]", day1);

	/* Another negotiation: the first loses it, the other (prisoners of war, either way) gains
	 * 270 + 270. */
	{
		char *body = th_fmt("{\"negotiation_id\": %lld, \"stage\": null}", other);
		patch_ok("/v1/swaps/%lld", day1, body);
		free(body);
	}
	expect_progress(istanbul, 0, "0/1000/[]");
	expect_progress(other, 0, "540/0/[%lld]", day1);

	/* Deleted: nothing delivered. */
	{
		struct th_resp r;
		th_request(&G.srv, "DELETE", spath, NULL, NULL, 0, &r);
		th_expect(&r, 204);
		th_resp_free(&r);
	}
	expect_progress(other, 0, "0/500/[]");
	free(before);
	free(spath);
}

/* The three days of the stage, and a repatriation of remains: remains count only toward the
 * commitment of remains; the swaps are listed by stage, then date. */
static void a_stage_over_three_days(void **state)
{
	long long d3, d2, d1, bodies;

	(void)state;
	d3 = th_create(&G.srv, "/v1/swaps",
		       "{\"occurred_on\": \"2025-05-25\", \"negotiation_id\": %lld, \"stage\": 1,"
		       " \"groups\": [{\"released_by\": \"RU\", \"released_to\": \"UA\", \"count\": 303,"
		       " \"category\": \"prisoners_of_war\"}, {\"released_by\": \"UA\", \"released_to\":"
		       " \"RU\", \"count\": 303, \"category\": \"prisoners_of_war\"}]}",
		       istanbul);
	d1 = th_create(&G.srv, "/v1/swaps",
		       "{\"occurred_on\": \"2025-05-23\", \"negotiation_id\": %lld, \"stage\": 1,"
		       " \"groups\": [{\"released_by\": \"RU\", \"released_to\": \"UA\", \"count\": 390,"
		       " \"category\": \"other\"}, {\"released_by\": \"UA\", \"released_to\":"
		       " \"RU\", \"count\": 390, \"category\": \"other\"}]}",
		       istanbul);
	d2 = th_create(&G.srv, "/v1/swaps",
		       "{\"occurred_on\": \"2025-05-24\", \"negotiation_id\": %lld, \"stage\": 1,"
		       " \"groups\": [{\"released_by\": \"RU\", \"released_to\": \"UA\", \"count\": 307,"
		       " \"category\": \"prisoners_of_war\"}, {\"released_by\": \"UA\", \"released_to\":"
		       " \"RU\", \"count\": 307, \"category\": \"prisoners_of_war\"}]}",
		       istanbul);
	bodies = th_create(&G.srv, "/v1/swaps",
			   "{\"occurred_on\": \"2025-06-11\", \"negotiation_id\": %lld, \"groups\": ["
			   "{\"released_by\": \"RU\", \"released_to\": \"UA\", \"count\": 1212,"
			   " \"category\": \"remains\"}]}",
			   istanbul);
	expect_progress(istanbul, 0, "1000/0/[%lld,%lld,%lld]", d1, d2, d3);
	expect_progress(istanbul, 2, "1212/null/[%lld]", bodies);
}

/* A group whose receiving side is not reported counts toward a commitment to any receiver
 * (the reporting did not say otherwise); one going the other way does not. */
static void a_side_not_reported_matches(void **state)
{
	long long n, s;

	(void)state;
	n = th_create(&G.srv, "/v1/negotiations",
		      "{\"title\": \"Unnamed receiver\", \"status\": \"agreed\", \"commitments\": ["
		      "{\"released_by\": \"RU\", \"released_to\": \"UA\", \"count\": 100}]}");
	s = th_create(&G.srv, "/v1/swaps",
		      "{\"occurred_on\": \"2025-07-01\", \"negotiation_id\": %lld, \"groups\": ["
		      "{\"released_by\": \"RU\", \"count\": 30, \"category\": \"civilians\"},"
		      "{\"released_by\": \"UA\", \"released_to\": \"RU\", \"count\": 5,"
		      " \"category\": \"civilians\"}]}",
		      n);
	expect_progress(n, 0, "30/70/[%lld]", s);
}

/* An export leaves progress out (it is the swaps'), and the import computes it again. */
static void an_import_computes_progress(void **state)
{
	char *db2 = th_exported_copy(&G, "test_agreements_import"),
	     *after = th_same_in(G.db, db2,
				 "SELECT string_agg(id || '=' || progress::text, ';' ORDER BY id)"
				 " FROM negotiations WHERE deleted_at IS NULL");

	(void)state;
	assert_non_null(strstr(after, "\"delivered\" : 1000"));
	free(after);
	free(db2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_commitment_starts_undelivered),
		cmocka_unit_test(progress_follows_the_swaps),
		cmocka_unit_test(a_stage_over_three_days),
		cmocka_unit_test(a_side_not_reported_matches),
		cmocka_unit_test(an_import_computes_progress),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
