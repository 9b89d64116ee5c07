/* The guide's repairs of what v1.1 forced (api-docs/README.md, Swaps, "Repairing what v1.1
 * forced"), run as written on a v1.1 database (tests/fixtures/schema/0029-demo.sql, the demo as
 * v1.1 stored it) migrated to v1.2, holding a placeholder person for 390 counted prisoners and a
 * country code standing for Hamas, as a v1.1 client had to write them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

TH_GROUP("test_repairs")

static char *db;
static struct th_server srv;

static long long create(const char *path, const char *body)
{
	struct th_resp r;
	long long id;

	th_json(&srv, "POST", path, body, &r);
	th_expect(&r, 201);
	id = json_integer_value(json_object_get(r.json, "id"));
	th_resp_free(&r);
	return id;
}

/* The v1.1 database, then what v1.1 made researchers write; the ids the guide names. */
static void a_v11_database_with_what_it_forced(void **state)
{
	char *cmd;

	(void)state;
	db = th_db_create("test_repairs_v11");
	cmd = th_fmt("/usr/lib/postgresql/15/bin/psql -q -v ON_ERROR_STOP=1 '%s'"
		     " -f tests/fixtures/schema/0029-demo.sql >/dev/null",
		     db);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	th_server_start(&srv, db, NULL); /* it migrates */
	assert_int_equal(create("/v1/sources",
				"{\"url\": \"https://example.org/2025/05/23/stage-one\","
				" \"title\": \"First stage of the exchange\", \"content\": \"Kyiv said 390"
				" Ukrainian defenders came home on Friday. Hamas freed Emily Damari.\"}"),
			 3);
	assert_int_equal(create("/v1/people",
				"{\"name\": \"Unnamed group: 390 people returned to Ukraine\"}"),
			 7);
	assert_int_equal(create("/v1/swaps",
				"{\"occurred_on\": \"2025-05-23\", \"releases\": [{\"person_id\": 7,"
				" \"released_by\": \"RU\", \"released_to\": \"UA\"}]}"),
			 1);
	assert_int_equal(create("/v1/citations",
				"{\"source_id\": 3, \"subject_type\": \"person\", \"subject_id\": 7,"
				" \"field\": \"name\", \"quote\": \"390 Ukrainian defenders\"}"),
			 19);
	assert_int_equal(create("/v1/people",
				"{\"name\": \"Emily Damari\", \"citizenships\": [\"IL\", \"GB\"]}"),
			 8);
	assert_int_equal(create("/v1/detentions",
				"{\"person_id\": 8, \"country\": \"PS\", \"status\": \"held\","
				" \"detained_on\": \"2023-10-07\"}"),
			 3);
	assert_int_equal(create("/v1/swaps",
				"{\"occurred_on\": \"2025-01-19\", \"releases\": [{\"person_id\": 8,"
				" \"detention_id\": 3, \"released_by\": \"PS\", \"released_to\": \"IL\"}]}"),
			 2);
	{
		json_t *s = th_get(&srv, "/v1/swaps/2");
		assert_int_equal(json_integer_value(
					 json_object_get(json_array_get(json_object_get(s, "releases"), 0),
							 "id")),
				 4);
		json_decref(s);
	}
}

static void run_guide_batch(const char *after)
{
	struct th_guide_call call[1];
	struct th_resp r;

	assert_int_equal(th_guide_calls("**Repairing what v1.1 forced.**", after, call, 1), 1);
	assert_string_equal(call[0].path, "/v1/batch");
	th_json(&srv, "POST", call[0].path, call[0].body, &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	free(call[0].body);
	free(call[0].path);
}

/* The placeholder gone, 390 counted instead, the quote now on the group's count. */
static void a_placeholder_person_becomes_a_group(void **state)
{
	json_t *s;
	struct th_resp r;
	char *v;

	(void)state;
	run_guide_batch("A placeholder person replaced by a group");
	s = th_get(&srv, "/v1/swaps/1");
	assert_int_equal(json_array_size(json_object_get(s, "releases")), 0);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(s, "groups"), 0),
							    "count")),
			 390);
	assert_int_equal(json_integer_value(json_object_get(s, "released_count")), 390);
	assert_string_equal(json_string_value(
				    json_object_get(json_array_get(json_object_get(s, "citations"), 0),
						    "field")),
			    "groups[0].count");
	json_decref(s);
	th_request(&srv, "GET", "/v1/people/7", NULL, NULL, 0, &r);
	th_expect(&r, 404);
	th_resp_free(&r);
	/* Search no longer finds it as a person. */
	v = th_sql(db, "SELECT count(*) FROM people WHERE deleted_at IS NULL AND name LIKE 'Unnamed%'");
	assert_string_equal(v, "0");
	free(v);
}

/* Hamas a party: the release, the swap's parties and the detention name it; "PS" is gone. */
static void a_country_for_an_armed_group_becomes_a_party(void **state)
{
	json_t *s, *d;
	char *parties;

	(void)state;
	run_guide_batch("A country standing for an armed group");
	s = th_get(&srv, "/v1/swaps/2");
	assert_string_equal(json_string_value(
				    json_object_get(json_array_get(json_object_get(s, "releases"), 0),
						    "released_by")),
			    "hamas");
	assert_int_equal(json_integer_value(
				 json_object_get(json_array_get(json_object_get(s, "releases"), 0), "id")),
			 4);
	parties = json_dumps(json_object_get(s, "parties"), JSON_COMPACT);
	assert_string_equal(parties, "[\"hamas\"]");
	free(parties);
	json_decref(s);
	d = th_get(&srv, "/v1/detentions/3");
	assert_string_equal(json_string_value(json_object_get(d, "country")), "hamas");
	assert_string_equal(json_string_value(json_object_get(d, "status")), "exchanged");
	json_decref(d);
	assert_true(th_items_have(&srv, "/v1/swaps?non_state=true", 2));
	assert_false(th_items_have(&srv, "/v1/swaps?released_by=PS", 2));
	th_server_stop(&srv);
	free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_v11_database_with_what_it_forced),
		cmocka_unit_test(a_placeholder_person_becomes_a_group),
		cmocka_unit_test(a_country_for_an_armed_group_becomes_a_party),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
