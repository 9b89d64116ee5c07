/* Idempotency-Key: a retry gets the first answer and stores nothing new; the same key with
 * another body gets 422; keys are per caller and expire. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

TH_GROUP("test_idempotency")

static void post(const char *key, const char *body, struct th_resp *r)
{
	char *h = th_fmt("Idempotency-Key: %s", key);
	const char *hdr[] = {"Content-Type: application/json", h, NULL};

	/* Retries of one person, and new requests with the same body: the same name, on purpose
	 * (the duplicate guard, contract v1.1, is waived). */
	th_request(&G.srv, "POST", "/v1/people?duplicate=allow", hdr, body, strlen(body), r);
	free(h);
}

static char *count_people(void)
{
	return th_sql(G.db, "SELECT count(*) || '/' || (SELECT count(*) FROM history) FROM people");
}

static void retry_gets_the_first_answer(void **state)
{
	const char *body = "{\"name\": \"Retried Person\"}";
	struct th_resp a, b;
	char *before, *after, *la, *lb, *replayed;

	(void)state;
	post("retry-1", body, &a);
	th_expect(&a, 201);
	before = count_people();
	post("retry-1", body, &b);
	th_expect(&b, 201);
	after = count_people();
	assert_string_equal(before, after);      /* nothing new stored */
	assert_true(json_equal(a.json, b.json)); /* the same record */
	la = th_header(&a, "Location");
	lb = th_header(&b, "Location");
	assert_string_equal(la, lb);
	replayed = th_header(&b, "Idempotent-Replayed");
	assert_string_equal(replayed, "true");
	free(la);
	free(lb);
	free(replayed);
	free(before);
	free(after);
	th_resp_free(&a);
	th_resp_free(&b);
}

static void same_key_other_body_is_422(void **state)
{
	struct th_resp a, b;
	char *before, *after;

	(void)state;
	post("reuse-1", "{\"name\": \"First\"}", &a);
	th_expect(&a, 201);
	before = count_people();
	post("reuse-1", "{\"name\": \"Second\"}", &b);
	th_assert_problem(&b, 422);
	after = count_people();
	assert_string_equal(before, after);
	free(before);
	free(after);
	th_resp_free(&a);
	th_resp_free(&b);
}

static void a_failed_request_can_be_retried(void **state)
{
	struct th_resp a, b;

	(void)state;
	post("fix-1", "{\"name\": \"\"}", &a); /* 422: nothing kept */
	th_assert_problem(&a, 422);
	post("fix-1", "{\"name\": \"\"}", &b);
	th_assert_problem(&b, 422);
	th_resp_free(&a);
	th_resp_free(&b);
	post("fix-2", "{\"name\": \"Fixed\"}", &a);
	th_expect(&a, 201);
	th_resp_free(&a);
}

static void keys_expire(void **state)
{
	const char *body = "{\"name\": \"Expiring\"}";
	struct th_resp a, b;

	(void)state;
	post("old-1", body, &a);
	th_expect(&a, 201);
	free(th_sql(G.db, "UPDATE idempotency_keys SET expires_at = now() - interval '1 second'"
			  " WHERE key = 'old-1'"));
	post("old-1", body, &b); /* a new request now */
	th_expect(&b, 201);
	assert_int_not_equal(json_integer_value(json_object_get(a.json, "id")),
			     json_integer_value(json_object_get(b.json, "id")));
	th_resp_free(&a);
	th_resp_free(&b);
	{
		char *ttl = th_sql(G.db, "SELECT round(extract(epoch FROM expires_at - created_at) / 3600)"
					 " FROM idempotency_keys WHERE key = 'old-1'");
		assert_string_equal(ttl, "24"); /* the default, 24 h */
		free(ttl);
	}
}

static void *race(void *arg)
{
	struct th_resp *r = arg;

	post("race-1", "{\"name\": \"Raced\"}", r);
	th_client_reset();
	return NULL;
}

static void concurrent_twins_store_one(void **state)
{
	struct th_resp a, b;
	pthread_t ta, tb;
	char *n;

	(void)state;
	pthread_create(&ta, NULL, race, &a);
	pthread_create(&tb, NULL, race, &b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	th_expect(&a, 201);
	th_expect(&b, 201);
	assert_true(json_equal(a.json, b.json));
	n = th_sql(G.db, "SELECT count(*) FROM people WHERE name = 'Raced'");
	assert_string_equal(n, "1");
	free(n);
	th_resp_free(&a);
	th_resp_free(&b);
}

static void bad_keys_and_other_posts(void **state)
{
	struct th_resp r;
	char *long_key = calloc(1, 300);

	(void)state;
	memset(long_key, 'k', 256);
	post(long_key, "{\"name\": \"x\"}", &r);
	th_assert_problem(&r, 400);
	th_resp_free(&r);
	{
		const char *hdr[] = {"Content-Type: application/json", "Idempotency-Key: k1", NULL};
		th_request(&G.srv, "POST", "/v1/keys", hdr, "{\"name\": \"n\", \"scope\": \"read\"}",
			   30, &r);
		th_assert_problem(&r, 400);
		th_resp_free(&r);
	}
	free(long_key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(retry_gets_the_first_answer),
		cmocka_unit_test(same_key_other_body_is_422),
		cmocka_unit_test(a_failed_request_can_be_retried),
		cmocka_unit_test(keys_expire),
		cmocka_unit_test(concurrent_twins_store_one),
		cmocka_unit_test(bad_keys_and_other_posts),
	};

	return cmocka_run_group_tests_name("idempotency", tests, group_setup, group_teardown);
}
