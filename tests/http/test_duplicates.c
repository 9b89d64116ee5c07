/* The duplicate guard on people (contract v1.1, "People: duplicates and merges"): a new person
 * whose name, native name or an alias matches a live person as strongly as search ranks an
 * exact spelling variant gets 409 with the candidates, across Latin typos, Cyrillic and
 * aliases, in a batch too; ?duplicate=allow (a batch operation's "duplicate": "allow") says the
 * name is shared; an import is not guarded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

TH_GROUP("test_duplicates")

static long long evan, ksenia;

/* POSTs body to path; returns the status, and the first candidate's id in *candidate. */
static long create(const char *path, const char *body, long long *candidate)
{
	struct th_resp r;
	long status;

	th_json(&G.srv, "POST", path, body, &r);
	status = r.status;
	if (candidate)
		*candidate = json_integer_value(
			json_object_get(json_array_get(json_object_get(r.json, "candidates"), 0), "id"));
	if (status == 409) {
		json_t *c = json_array_get(json_object_get(r.json, "candidates"), 0);
		assert_non_null(json_string_value(json_object_get(c, "name")));
		assert_true(json_real_value(json_object_get(c, "score")) >= 0.9 ||
			    json_integer_value(json_object_get(c, "score")) == 1);
		assert_non_null(strstr(r.body, "duplicate=allow"));
	}
	th_resp_free(&r);
	return status;
}

static void spellings_of_one_person_are_caught(void **state)
{
	long long cand = 0;

	(void)state;
	evan = th_create(&G.srv, "/v1/people",
			 "{\"name\": \"Evan Gershkovich\", \"citizenships\": [\"US\"]}");
	ksenia = th_create(&G.srv, "/v1/people",
			   "{\"name\": \"Ksenia Karelina\", \"aliases\":"
			   " [\"Ksenia Khavana\"]}");
	/* A Latin typo, the name in Cyrillic, as a native name, as an alias, and an alias of the
	 * person already recorded. */
	assert_int_equal(create("/v1/people", "{\"name\": \"Evan Gershkovitch\"}", &cand), 409);
	assert_int_equal(cand, evan);
	assert_int_equal(create("/v1/people", "{\"name\": \"Эван Гершкович\"}", &cand), 409);
	assert_int_equal(cand, evan);
	assert_int_equal(create("/v1/people",
				"{\"name\": \"E. G.\", \"name_native\": \"Эван Гершкович\"}", &cand),
			 409);
	assert_int_equal(cand, evan);
	assert_int_equal(create("/v1/people",
				"{\"name\": \"Someone\", \"aliases\": [\"Evan Gershkovich\"]}", &cand),
			 409);
	assert_int_equal(cand, evan);
	assert_int_equal(create("/v1/people", "{\"name\": \"Ksenia Khavana\"}", &cand), 409);
	assert_int_equal(cand, ksenia);
	/* Someone else entirely. */
	assert_int_equal(create("/v1/people", "{\"name\": \"Paul Whelan\"}", NULL), 201);
	/* Nothing was stored by the refused ones. */
	{
		char *n = th_sql(G.db, "SELECT count(*) FROM people");
		assert_string_equal(n, "3");
		free(n);
	}
}

static void saying_the_name_is_shared_is_one_word(void **state)
{
	(void)state;
	assert_int_equal(create("/v1/people?duplicate=allow", "{\"name\": \"Evan Gershkovich\"}", NULL),
			 201);
	assert_int_equal(create("/v1/people?duplicate=yes", "{\"name\": \"Evan Gershkovich\"}", NULL),
			 400);
	assert_int_equal(create("/v1/people?duplicates=allow", "{\"name\": \"Evan Gershkovich\"}", NULL),
			 400);
	/* Other collections have no such word. */
	assert_int_equal(create("/v1/sources?duplicate=allow", "{\"url\": \"https://dup.example/1\"}",
				NULL),
			 400);
}

static void a_batch_is_guarded_too(void **state)
{
	struct th_resp r;
	long long cand;

	(void)state;
	th_json(&G.srv, "POST", "/v1/batch",
		"{\"operations\": ["
		"{\"op\": \"create\", \"collection\": \"people\", \"ref\": \"a\", \"record\": {\"name\": \"Alsu Kurmasheva\"}},"
		"{\"op\": \"create\", \"collection\": \"people\", \"record\": {\"name\": \"Evan Gershkovitch\"}}]}",
		&r);
	th_expect(&r, 409);
	cand = json_integer_value(
		json_object_get(json_array_get(json_object_get(r.json, "candidates"), 0), "id"));
	assert_int_equal(cand, evan);
	assert_int_equal(json_integer_value(json_object_get(r.json, "operation")), 1);
	th_resp_free(&r);
	/* Within one batch: the first one's name guards the second. */
	th_json(&G.srv, "POST", "/v1/batch",
		"{\"operations\": ["
		"{\"op\": \"create\", \"collection\": \"people\", \"record\": {\"name\": \"Vadim Krasikov\"}},"
		"{\"op\": \"create\", \"collection\": \"people\", \"record\": {\"name\": \"Vadim Krasikow\"}}]}",
		&r);
	th_expect(&r, 409);
	th_resp_free(&r);
	th_json(&G.srv, "POST", "/v1/batch",
		"{\"operations\": ["
		"{\"op\": \"create\", \"collection\": \"people\", \"record\": {\"name\": \"Alsu Kurmasheva\"}},"
		"{\"op\": \"create\", \"collection\": \"people\", \"duplicate\": \"allow\", \"record\":"
		" {\"name\": \"Evan Gershkovitch\"}}]}",
		&r);
	th_expect(&r, 200);
	th_resp_free(&r);
	th_json(&G.srv, "POST", "/v1/batch",
		"{\"operations\": [{\"op\": \"create\", \"collection\":"
		" \"sources\", \"duplicate\": \"allow\", \"record\": {\"url\": \"https://dup.example/2\"}}]}",
		&r);
	th_expect(&r, 422);
	th_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spellings_of_one_person_are_caught),
		cmocka_unit_test(saying_the_name_is_shared_is_one_word),
		cmocka_unit_test(a_batch_is_guarded_too),
	};

	return cmocka_run_group_tests_name("duplicates", tests, group_setup, group_teardown);
}
