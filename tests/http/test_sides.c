/* Sides (issue 31, contract v1.2 "Parties that are not states"): every field that names who
 * holds, releases, receives, negotiates, mediates or speaks takes a state's code in upper case
 * (former ones included) or the code of a live party, a party made earlier in the same batch
 * included. Anything else is 422 saying it is neither and how to add a party. A party that a
 * side names can be neither deleted nor recoded (409 with the referrers); the filters take
 * sides; an export with parties as sides imports whole, and an import refuses a side that no
 * earlier line's party has. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

TH_GROUP("test_sides")

static long long hamas, person, held, held_detention, detention, swap, negotiation, statement;

static void patch(const char *path, const char *body, struct th_resp *r)
{
	const char *const h[] = {"Content-Type: application/merge-patch+json", NULL};

	th_request(&G.srv, "PATCH", path, h, body, strlen(body), r);
}

static void del(const char *path, struct th_resp *r)
{
	th_request(&G.srv, "DELETE", path, NULL, NULL, 0, r);
}

/* The Israel–Hamas exchange of November 2023 as v1.2 records it: Hamas holds the hostage,
 * releases her to Israel with Qatar and Egypt mediating, negotiates and speaks as itself. */
static void every_side_field_takes_a_party(void **state)
{
	json_t *j;
	char *path;

	(void)state;
	hamas = th_create(&G.srv, "/v1/parties",
			  "{\"code\": \"hamas\", \"name\": \"Hamas\", \"kind\": \"armed_group\","
			  " \"based_in\": \"PS\"}");
	person = th_create(&G.srv, "/v1/people",
			   "{\"name\": \"Emily Hand\", \"citizenships\": [\"IE\", \"IL\"]}");
	detention = th_create(&G.srv, "/v1/detentions",
			      "{\"person_id\": %lld, \"country\": \"hamas\", \"status\": \"held\","
			      " \"detained_on\": \"2023-10-07\", \"place\": \"Gaza\"}",
			      person);
	swap = th_create(&G.srv, "/v1/swaps",
			 "{\"occurred_on\": \"2023-11-25\", \"mediators\": [\"QA\", \"EG\"],"
			 " \"releases\": [{\"person_id\": %lld, \"detention_id\": %lld,"
			 " \"released_by\": \"hamas\", \"released_to\": \"IL\"}], \"released_count\": 17}",
			 person, detention);
	negotiation = th_create(&G.srv, "/v1/negotiations",
				"{\"title\": \"Hostages for prisoners, November 2023\", \"status\": \"completed\","
				" \"parties\": [\"IL\", \"hamas\"], \"mediators\": [\"QA\", \"EG\", \"US\"],"
				" \"participants\": [{\"person_id\": %lld, \"representing\": \"hamas\"}]}",
				person);
	statement = th_create(&G.srv, "/v1/statements",
			      "{\"speaker_side\": \"hamas\", \"text\": \"The truce is extended by two days.\","
			      " \"kind\": \"paraphrase\", \"swap_id\": %lld}",
			      swap);

	path = th_fmt("/v1/swaps/%lld", swap);
	j = th_get(&G.srv, path);
	free(path);
	/* Derived from the releases, as before: a party among them. */
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "parties"), 0)), "hamas");
	json_decref(j);
	path = th_fmt("/v1/statements/%lld", statement);
	j = th_get(&G.srv, path);
	free(path);
	assert_string_equal(json_string_value(json_object_get(j, "speaker_side")), "hamas");
	assert_true(json_is_null(json_object_get(j, "speaker_id")));
	json_decref(j);
	/* Another hostage, still held. */
	held = th_create(&G.srv, "/v1/people", "{\"name\": \"Hersh Goldberg-Polin\"}");
	held_detention = th_create(&G.srv, "/v1/detentions",
				   "{\"person_id\": %lld, \"country\": \"hamas\", \"status\": \"held\"}",
				   held);
	/* A former state is a side too: the Soviet Union held and exchanged people. */
	th_create(&G.srv, "/v1/detentions",
		  "{\"person_id\": %lld, \"country\": \"SU\", \"status\": \"released\"}", person);
}

/* Every bad side of a body at once, each saying what a side is and how to add a party. */
static void anything_else_is_refused_with_how_to_add_a_party(void **state)
{
	struct th_resp r;
	char *body, *fields;
	json_t *e;
	size_t i;

	(void)state;
	/* "Ha" is what a two-letter country field made of "Hamas"; "hamsa" is of a party's form
	 * but no party's; "ru" is Russia in the wrong case; "nobody" no party's either. */
	body = th_fmt("{\"occurred_on\": \"2024\", \"parties\": [\"IL\", \"nobody\"],"
		      " \"mediators\": [\"qa\"], \"releases\": [{\"person_id\": %lld,"
		      " \"released_by\": \"Ha\", \"released_to\": \"hamsa\"},"
		      " {\"person_id\": %lld, \"released_by\": \"ru\"}]}",
		      person, person + 1000000);
	th_json(&G.srv, "POST", "/v1/swaps", body, &r);
	free(body);
	th_assert_problem(&r, 422);
	fields = th_error_fields(&r);
	/* The form is checked first; the database then confirms every well-formed party code and
	 * reference together, so those errors follow in their own order. */
	assert_string_equal(fields, "mediators[0] releases[0].released_by releases[1].released_by "
				    "parties[1] releases[0].released_to releases[1].person_id");
	free(fields);
	json_array_foreach(json_object_get(r.json, "errors"), i, e) {
		const char *field = json_string_value(json_object_get(e, "field")),
			   *msg = json_string_value(json_object_get(e, "message"));
		if (strcmp(field, "mediators[0]") == 0 || strcmp(field, "releases[1].released_by") == 0) {
			assert_non_null(strstr(msg, "upper case"));
		} else if (strcmp(field, "releases[1].person_id") != 0) {
			assert_non_null(strstr(msg, "neither a country code nor a party's code"));
			assert_non_null(strstr(msg, "POST /v1/parties"));
		}
	}
	assert_non_null(strstr(r.body, "\\\"Ha\\\" is neither"));
	th_resp_free(&r);

	body = th_fmt("{\"person_id\": %lld, \"country\": \"Hamas\", \"status\": \"held\"}", person);
	th_json(&G.srv, "POST", "/v1/detentions", body, &r);
	free(body);
	th_assert_problem(&r, 422);
	fields = th_error_fields(&r);
	assert_string_equal(fields, "country");
	free(fields);
	th_resp_free(&r);

	/* Not a string; and a speaker that is none of the three. */
	th_json(&G.srv, "POST", "/v1/statements",
		"{\"speaker_side\": 7, \"text\": \"x\", \"person_id\": 1}", &r);
	th_assert_problem(&r, 422);
	assert_non_null(strstr(r.body, "must be a side"));
	th_resp_free(&r);
	th_json(&G.srv, "POST", "/v1/statements", "{\"text\": \"x\", \"person_id\": 1}", &r);
	th_assert_problem(&r, 422);
	assert_non_null(strstr(r.body, "speaker_side"));
	th_resp_free(&r);
}

/* A deleted party's code names nothing: it stays reserved, not live. */
static void a_deleted_partys_code_is_no_side(void **state)
{
	long long gone;
	struct th_resp r;
	char *path, *body;

	(void)state;
	gone = th_create(&G.srv, "/v1/parties",
			 "{\"code\": \"jaish\", \"name\": \"Jaish al-Adl\", \"kind\": \"armed_group\"}");
	path = th_fmt("/v1/parties/%lld", gone);
	del(path, &r);
	th_expect(&r, 204);
	th_resp_free(&r);
	free(path);
	body = th_fmt("{\"person_id\": %lld, \"country\": \"jaish\", \"status\": \"held\"}", person);
	th_json(&G.srv, "POST", "/v1/detentions", body, &r);
	free(body);
	th_assert_problem(&r, 422);
	assert_non_null(strstr(r.body, "\\\"jaish\\\" is neither"));
	th_resp_free(&r);
}

/* A party made earlier in the same batch is a side for the operations after it; one made later
 * is not, and the batch stores nothing. */
static void a_party_made_earlier_in_a_batch_is_a_side(void **state)
{
	struct th_resp r;
	char *body, *n;

	(void)state;
	body = th_fmt("{\"operations\": ["
		      "{\"op\": \"create\", \"collection\": \"parties\", \"record\": {\"code\": \"pij\","
		      " \"name\": \"Palestinian Islamic Jihad\", \"kind\": \"armed_group\"}},"
		      "{\"op\": \"create\", \"collection\": \"detentions\", \"record\": {\"person_id\": %lld,"
		      " \"country\": \"pij\", \"status\": \"held\"}}]}",
		      person);
	th_json(&G.srv, "POST", "/v1/batch", body, &r);
	free(body);
	th_expect(&r, 200);
	th_resp_free(&r);

	body = th_fmt("{\"operations\": ["
		      "{\"op\": \"create\", \"collection\": \"detentions\", \"record\": {\"person_id\": %lld,"
		      " \"country\": \"houthis\", \"status\": \"held\"}},"
		      "{\"op\": \"create\", \"collection\": \"parties\", \"record\": {\"code\": \"houthis\","
		      " \"name\": \"Ansar Allah\", \"kind\": \"armed_group\"}}]}",
		      person);
	th_json(&G.srv, "POST", "/v1/batch", body, &r);
	free(body);
	th_assert_problem(&r, 422);
	assert_non_null(strstr(r.body, "operations[0].record.country"));
	th_resp_free(&r);
	n = th_sql(G.db, "SELECT count(*) FROM parties WHERE code = 'houthis'");
	assert_string_equal(n, "0");
	free(n);
}

/* A party that a side names keeps its code and its life: 409 naming every referrer. Once they
 * name another side, it may change or go. */
static void a_named_party_is_neither_recoded_nor_deleted(void **state)
{
	struct th_resp r;
	char *path = th_fmt("/v1/parties/%lld", hamas), *expect;
	json_t *refs;

	(void)state;
	del(path, &r);
	th_assert_problem(&r, 409);
	refs = json_object_get(r.json, "referrers");
	expect = th_fmt("[{\"collection\": \"detentions\", \"id\": %lld}, {\"collection\": \"detentions\", "
			"\"id\": %lld}, {\"collection\": \"negotiations\", \"id\": %lld}, {\"collection\": "
			"\"statements\", \"id\": %lld}, {\"collection\": \"swaps\", \"id\": %lld}]",
			detention, held_detention, negotiation, statement, swap);
	{
		json_t *want = json_loads(expect, 0, NULL);
		assert_true(json_equal(refs, want));
		json_decref(want);
	}
	free(expect);
	th_resp_free(&r);

	patch(path, "{\"code\": \"hamas-movement\"}", &r);
	th_assert_problem(&r, 409);
	assert_non_null(strstr(r.body, "by its code"));
	assert_int_equal(json_array_size(json_object_get(r.json, "referrers")), 5);
	th_resp_free(&r);
	/* Other fields change freely. */
	patch(path, "{\"description\": \"Islamic Resistance Movement\"}", &r);
	th_expect(&r, 200);
	th_resp_free(&r);

	/* A party named by nothing but a citation recodes: the citation names it by id. */
	{
		long long source = th_create(&G.srv, "/v1/sources",
					     "{\"url\": \"https://example.org/pflp\", \"content\": \"The "
					     "Popular Front said so.\"}"),
			  pflp = th_create(
				  &G.srv, "/v1/parties",
				  "{\"code\": \"pflp\", \"name\": \"Popular Front\", \"kind\": \"armed_group\"}");
		char *p2 = th_fmt("/v1/parties/%lld", pflp), *cite;
		cite = th_fmt("{\"subject_type\": \"party\", \"subject_id\": %lld, \"source_id\": %lld,"
			      " \"field\": \"name\", \"quote\": \"Popular Front\"}",
			      pflp, source);
		th_json(&G.srv, "POST", "/v1/citations", cite, &r);
		th_expect(&r, 201);
		th_resp_free(&r);
		patch(p2, "{\"code\": \"pflp-palestine\"}", &r);
		th_expect(&r, 200);
		th_resp_free(&r);
		free(cite);
		free(p2);
	}
	free(path);
}

/* The filters take sides: a party's code, a state's; a text of neither form is 422, a well-formed
 * code no party has matches nothing. */
static void the_filters_take_sides(void **state)
{
	struct th_resp r;
	char *q;

	(void)state;
	assert_true(th_items_have(&G.srv, "/v1/people?held_by=hamas", held));
	assert_false(th_items_have(&G.srv, "/v1/people?held_by=hamas", person)); /* exchanged */
	assert_true(th_items_have(&G.srv, "/v1/detentions?country=hamas", detention));
	assert_true(th_items_have(&G.srv, "/v1/swaps?party=hamas", swap));
	assert_true(th_items_have(&G.srv, "/v1/swaps?country=hamas", swap));
	assert_true(th_items_have(&G.srv, "/v1/swaps?country=IL", swap));
	assert_true(th_items_have(&G.srv, "/v1/swaps?released_by=hamas", swap));
	assert_false(th_items_have(&G.srv, "/v1/swaps?released_by=IL", swap));
	assert_true(th_items_have(&G.srv, "/v1/swaps?released_to=IL", swap));
	assert_true(th_items_have(&G.srv, "/v1/swaps?mediator=QA", swap));
	assert_true(th_items_have(&G.srv, "/v1/swaps?involves=EG", swap));
	assert_true(th_items_have(&G.srv, "/v1/swaps?involves=hamas", swap));
	assert_false(th_items_have(&G.srv, "/v1/swaps?involves=RU", swap));
	assert_true(th_items_have(&G.srv, "/v1/negotiations?party=hamas", negotiation));
	assert_true(th_items_have(&G.srv, "/v1/negotiations?mediator=US", negotiation));
	assert_true(th_items_have(&G.srv, "/v1/statements?speaker_side=hamas", statement));
	assert_false(th_items_have(&G.srv, "/v1/swaps?party=nobody", swap));
	const char *const bad[] = {"/v1/swaps?party=Ha", "/v1/swaps?involves=ru",
				   "/v1/people?held_by=Hamas", "/v1/statements?speaker_side=x", NULL};
	for (int i = 0; bad[i]; i++) {
		th_request(&G.srv, "GET", bad[i], NULL, NULL, 0, &r);
		th_assert_problem(&r, 400);
		assert_non_null(strstr(r.body, "neither a country code nor a party's code"));
		th_resp_free(&r);
	}
	/* /v1/stats counts people held by a party under its code, with its name. */
	{
		json_t *st = th_get(&G.srv, "/v1/stats"), *e;
		size_t i;
		int seen = 0;
		json_array_foreach(json_object_get(st, "held_by_country"), i, e)
			if (strcmp(json_string_value(json_object_get(e, "country")), "hamas") == 0) {
				assert_string_equal(json_string_value(json_object_get(e, "name")),
						    "Hamas");
				assert_int_equal(json_integer_value(json_object_get(e, "people")), 1);
				seen = 1;
			}
		assert_true(seen);
		json_decref(st);
	}
	q = th_sql(G.db, "SELECT count(*) FROM swaps WHERE parties @> ARRAY['hamas']");
	assert_string_equal(q, "1");
	free(q);
}

/* The database holds the form too: a side of neither form cannot be stored by any path. */
static void the_database_refuses_a_side_of_neither_form(void **state)
{
	char *n;

	(void)state;
	n = th_sql(G.db, "SELECT swaptrack_side_valid('Ha')::text || swaptrack_side_valid('ru')::text"
			 " || swaptrack_side_valid('SU')::text || swaptrack_side_valid('hamas')::text"
			 " || swaptrack_sides_valid(ARRAY['IL', 'hamas'])::text"
			 " || swaptrack_sides_valid(ARRAY['IL', NULL])::text");
	assert_string_equal(n, "falsefalsetruetruetruefalse");
	free(n);
	n = th_sql(G.db, "DO $$ BEGIN UPDATE detentions SET country = 'Ha';"
			 " RAISE EXCEPTION 'stored'; EXCEPTION WHEN check_violation THEN NULL; END $$");
	free(n);
}

/* The export names parties before what names them; another database loads it whole. A line
 * whose side no earlier party has is refused, with its path. */
static void an_export_with_sides_imports_whole(void **state)
{
	const char *const migrate[] = {"migrate", NULL};
	char *db2 = th_db_create("test_sides_import"), *db3 = th_db_create("test_sides_import_bad"),
	     *file = th_export_file(&G.srv, "sides-export.ndjson"),
	     *bad = th_fmt("%s/sides-bad.ndjson", getenv("SWAPTRACK_TEST_LOGS")), *before, *after,
	     *err = NULL;
	const char *const import[] = {"import", file, NULL}, *const import_bad[] = {"import", bad, NULL};
	const char *q = "SELECT string_agg(country, ',' ORDER BY id) || ';' ||"
			" (SELECT string_agg(array_to_string(parties, '+'), ',' ORDER BY id) FROM swaps) || ';' ||"
			" (SELECT string_agg(speaker_side, ',' ORDER BY id) FROM statements)"
			" FROM detentions WHERE deleted_at IS NULL";
	FILE *f;

	(void)state;
	assert_int_equal(th_run(db2, migrate, NULL), 0);
	assert_int_equal(th_run(db2, import, NULL), 0);
	before = th_sql(G.db, q);
	after = th_sql(db2, q);
	assert_string_equal(before, after);
	assert_non_null(strstr(after, "hamas"));
	free(before);
	free(after);

	assert_non_null(f = fopen(bad, "w"));
	fputs("{\"type\":\"person\",\"record\":{\"id\":1,\"version\":1,\"created_at\":\"2024-01-01T00:00:00Z\","
	      "\"updated_at\":\"2024-01-01T00:00:00Z\",\"name\":\"A\"}}\n"
	      "{\"type\":\"detention\",\"record\":{\"id\":1,\"version\":1,\"created_at\":\"2024-01-01T00:00:00Z\","
	      "\"updated_at\":\"2024-01-01T00:00:00Z\",\"person_id\":1,\"country\":\"taliban\",\"status\":\"held\"}}\n",
	      f);
	fclose(f);
	assert_int_equal(th_run(db3, migrate, NULL), 0);
	assert_int_not_equal(th_run(db3, import_bad, &err), 0);
	assert_non_null(err);
	assert_non_null(strstr(err, "record.country"));
	assert_non_null(strstr(err, "neither a country code nor a party's code"));
	free(err);
	after = th_sql(db3, "SELECT count(*) FROM people");
	assert_string_equal(after, "0");
	free(after);
	free(file);
	free(bad);
	free(db2);
	free(db3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_side_field_takes_a_party),
		cmocka_unit_test(anything_else_is_refused_with_how_to_add_a_party),
		cmocka_unit_test(a_deleted_partys_code_is_no_side),
		cmocka_unit_test(a_party_made_earlier_in_a_batch_is_a_side),
		cmocka_unit_test(a_named_party_is_neither_recoded_nor_deleted),
		cmocka_unit_test(the_filters_take_sides),
		cmocka_unit_test(the_database_refuses_a_side_of_neither_form),
		cmocka_unit_test(an_export_with_sides_imports_whole),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
