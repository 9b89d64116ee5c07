/* parties (issue 31, contract v1.2 "Parties that are not states"): a side with no ISO country
 * code. Its code is lower case, never a state's code in lower case (former ones included), and
 * never given to another party: not while its party lives, nor after it was deleted or took
 * another code. Citable, listed with filters, exported and imported like every collection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

TH_GROUP("test_parties")

static void post(const char *body, struct th_resp *r)
{
	th_json(&G.srv, "POST", "/v1/parties", body, r);
}

static void patch(long long id, const char *body, struct th_resp *r)
{
	char *path = th_fmt("/v1/parties/%lld", id);
	const char *const h[] = {"Content-Type: application/merge-patch+json", NULL};

	th_request(&G.srv, "PATCH", path, h, body, strlen(body), r);
	free(path);
}

static void a_party_is_made_read_and_listed(void **state)
{
	long long id;
	char *path;
	json_t *j;

	(void)state;
	id = th_create(&G.srv, "/v1/parties",
		       "{\"code\": \"taliban\", \"name\": \"Taliban\", \"name_native\": \"طالبان\","
		       " \"aliases\": [\"Islamic Emirate of Afghanistan\"], \"kind\": \"de_facto_authority\","
		       " \"based_in\": \"AF\", \"wikidata_id\": \"Q42418\"}");
	path = th_fmt("/v1/parties/%lld", id);
	j = th_get(&G.srv, path);
	free(path);
	assert_string_equal(json_string_value(json_object_get(j, "code")), "taliban");
	assert_string_equal(json_string_value(json_object_get(j, "name_native")), "طالبان");
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "de_facto_authority");
	json_decref(j);
	assert_true(th_items_have(&G.srv, "/v1/parties?kind=de_facto_authority", id));
	assert_true(th_items_have(&G.srv, "/v1/parties?based_in=AF", id));
	assert_true(th_items_have(&G.srv, "/v1/parties?code=taliban", id));
	assert_false(th_items_have(&G.srv, "/v1/parties?kind=armed_group", id));
}

/* Every bad field at once, each with what it must be. */
static void bad_fields_are_named_together(void **state)
{
	struct th_resp r;
	char *fields;

	(void)state;
	post("{\"code\": \"Hamas!\", \"name\": \"\", \"kind\": \"militia\", \"based_in\": \"XX\","
	     " \"wikidata_id\": \"42\"}",
	     &r);
	th_assert_problem(&r, 422);
	fields = th_error_fields(&r);
	assert_string_equal(fields, "code name kind based_in wikidata_id");
	free(fields);
	th_resp_free(&r);
	post("{}", &r);
	th_assert_problem(&r, 422);
	fields = th_error_fields(&r);
	assert_string_equal(fields, "code name kind");
	free(fields);
	th_resp_free(&r);
}

/* "ru" would read as Russia, "su" as the Soviet Union, "xk" as Kosovo; "un" is no state's. */
static void a_code_never_reads_as_a_state(void **state)
{
	const char *const refused[] = {"ru", "us", "ps", "su", "yu",  "dd",     "cs",
				       "xk", "a",  "1x", "-x", "x_y", "ha mas", NULL};
	struct th_resp r;

	(void)state;
	for (int i = 0; refused[i]; i++) {
		char *body = th_fmt("{\"code\": \"%s\", \"name\": \"N\", \"kind\": \"other\"}",
				    refused[i]);
		char *fields;
		post(body, &r);
		th_assert_problem(&r, 422);
		fields = th_error_fields(&r);
		assert_string_equal(fields, "code");
		if (strlen(refused[i]) == 2 && refused[i][0] != '1' && refused[i][0] != '-')
			assert_non_null(strstr(r.body, "country's code"));
		free(fields);
		th_resp_free(&r);
		free(body);
	}
	th_create(&G.srv, "/v1/parties",
		  "{\"code\": \"un\", \"name\": \"United Nations\", \"kind\": \"international_organization\"}");
	th_create(&G.srv, "/v1/parties",
		  "{\"code\": \"icrc\", \"name\": \"International Committee of the "
		  "Red Cross\", \"kind\": \"international_organization\"}");
}

/* A code stays its party's: a live party's, a deleted party's, and one a PATCH replaced; its
 * own party may take it back. */
static void a_code_is_never_reused(void **state)
{
	long long hamas, other;
	struct th_resp r;
	char *path;

	(void)state;
	hamas = th_create(
		&G.srv, "/v1/parties",
		"{\"code\": \"hamas\", \"name\": \"Hamas\", \"kind\": \"armed_group\", \"based_in\": \"PS\"}");
	post("{\"code\": \"hamas\", \"name\": \"Another\", \"kind\": \"armed_group\"}", &r);
	th_assert_problem(&r, 409);
	assert_int_equal(json_integer_value(json_object_get(r.json, "existing_id")), hamas);
	assert_string_equal(json_string_value(json_object_get(r.json, "field")), "code");
	th_resp_free(&r);

	patch(hamas, "{\"code\": \"hamas-movement\"}", &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	post("{\"code\": \"hamas\", \"name\": \"Another\", \"kind\": \"armed_group\"}", &r);
	th_assert_problem(&r, 409);
	assert_int_equal(json_integer_value(json_object_get(r.json, "existing_id")), hamas);
	th_resp_free(&r);
	patch(hamas, "{\"code\": \"hamas\"}", &r);
	th_expect(&r, 200);
	th_resp_free(&r);

	other = th_create(&G.srv, "/v1/parties",
			  "{\"code\": \"houthis\", \"name\": \"Ansar Allah\", \"kind\": \"armed_group\"}");
	patch(other, "{\"code\": \"hamas-movement\"}", &r);
	th_assert_problem(&r, 409);
	assert_int_equal(json_integer_value(json_object_get(r.json, "existing_id")), hamas);
	th_resp_free(&r);

	path = th_fmt("/v1/parties/%lld", other);
	th_request(&G.srv, "DELETE", path, NULL, NULL, 0, &r);
	th_expect(&r, 204);
	th_resp_free(&r);
	free(path);
	post("{\"code\": \"houthis\", \"name\": \"Houthis\", \"kind\": \"armed_group\"}", &r);
	th_assert_problem(&r, 409);
	assert_int_equal(json_integer_value(json_object_get(r.json, "existing_id")), other);
	th_resp_free(&r);
}

/* Two writes racing for a code both pass the check hook; the database's trigger still refuses
 * the second (unique_violation, which the API answers 409). */
static void the_database_refuses_a_code_another_party_had(void **state)
{
	char *rows;

	(void)state;
	rows = th_sql(G.db, "SELECT count(*) FROM parties WHERE code = 'hezbollah'");
	assert_string_equal(rows, "0");
	free(rows);
	rows = th_sql(G.db, "SELECT count(*) FROM party_codes WHERE code = 'hamas-movement'");
	assert_string_equal(rows, "1");
	free(rows);
	rows = th_sql(G.db,
		      "DO $$ BEGIN"
		      " INSERT INTO parties (code, name, kind) VALUES ('hamas-movement', 'X', 'other');"
		      " RAISE EXCEPTION 'stored';"
		      " EXCEPTION WHEN unique_violation THEN NULL; END $$");
	free(rows);
	rows = th_sql(G.db, "SELECT count(*) FROM parties WHERE code = 'hamas-movement'");
	assert_string_equal(rows, "0");
	free(rows);
}

/* Citable as "party", and in the export as lines of type party. */
static void a_party_is_cited_and_exported(void **state)
{
	long long source, party;
	struct th_resp r;
	char *body;

	(void)state;
	source = th_create(&G.srv, "/v1/sources",
			   "{\"url\": \"https://example.org/truce\", \"content\": \"The Islamic Resistance "
			   "Movement, known as Hamas, handed over the captives.\"}");
	party = th_create(&G.srv, "/v1/parties",
			  "{\"code\": \"pij\", \"name\": \"Palestinian Islamic Jihad\", "
			  "\"kind\": \"armed_group\"}");
	body = th_fmt("{\"subject_type\": \"party\", \"subject_id\": %lld, \"source_id\": %lld,"
		      " \"field\": \"name\", \"quote\": \"known as Hamas\"}",
		      party, source);
	th_json(&G.srv, "POST", "/v1/citations", body, &r);
	th_expect(&r, 201);
	th_resp_free(&r);
	free(body);
	th_request(&G.srv, "GET", "/v1/export", NULL, NULL, 0, &r);
	th_expect(&r, 200);
	assert_non_null(strstr(r.body, "\"type\":\"party\""));
	assert_non_null(strstr(r.body, "\"pij\""));
	th_resp_free(&r);
}

/* What the export writes, the import loads: the parties, their citations, and their codes kept
 * as taken (a deleted party is not exported, so only live parties' codes come back). */
static void an_export_with_parties_imports_whole(void **state)
{
	const char *const migrate[] = {"migrate", NULL};
	char *db2 = th_db_create("test_parties_import"),
	     *file = th_export_file(&G.srv, "parties-export.ndjson");
	const char *const import[] = {"import", file, NULL};
	char *before, *after;

	(void)state;
	assert_int_equal(th_run(db2, migrate, NULL), 0);
	assert_int_equal(th_run(db2, import, NULL), 0);
	before = th_sql(G.db, "SELECT string_agg(code || '=' || id, ',' ORDER BY id) FROM parties"
			      " WHERE deleted_at IS NULL");
	after = th_sql(db2, "SELECT string_agg(code || '=' || id, ',' ORDER BY id) FROM parties");
	assert_string_equal(before, after);
	free(after);
	after = th_sql(db2,
		       "SELECT string_agg(code || '=' || party_id, ',' ORDER BY party_id) FROM party_codes");
	assert_string_equal(before, after);
	free(before);
	free(after);
	before = th_sql(G.db,
			"SELECT count(*) FROM citations WHERE subject_type = 'party' AND deleted_at IS NULL");
	after = th_sql(db2, "SELECT count(*) FROM citations WHERE subject_type = 'party'");
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(file);
	free(db2);
}

/* The duplicate guard people have: a new party named as a live one is named (name, native name
 * or alias, folded: case, accents, one edit in ten), and stored only when the client says it is
 * another. */
static void a_party_named_as_another_is_held_back(void **state)
{
	long long pflp;
	struct th_resp r;
	json_t *c;

	(void)state;
	pflp = th_create(&G.srv, "/v1/parties",
			 "{\"code\": \"pflp\", \"name\": \"Popular Front for the Liberation of Palestine\","
			 " \"aliases\": [\"PFLP\"], \"name_native\": \"الجبهة الشعبية لتحرير فلسطين\","
			 " \"kind\": \"armed_group\"}");
	post("{\"code\": \"pflp-2\", \"name\": \"popular front for the liberation of palestine\","
	     " \"kind\": \"armed_group\"}",
	     &r);
	th_assert_problem(&r, 409);
	c = json_object_get(r.json, "candidates");
	assert_int_equal(json_array_size(c), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(c, 0), "id")), pflp);
	assert_non_null(strstr(r.body, "duplicate=allow"));
	th_resp_free(&r);
	/* An alias against a name, with one letter off. */
	post("{\"code\": \"front\", \"name\": \"Front\", \"aliases\": [\"Popular Front for the Liberation of Palestina\"], \"kind\": \"armed_group\"}",
	     &r);
	th_assert_problem(&r, 409);
	th_resp_free(&r);
	/* Said to be another: stored. */
	th_json(&G.srv, "POST", "/v1/parties?duplicate=allow",
		"{\"code\": \"pflp-gc\", \"name\": \"PFLP\", \"kind\": \"armed_group\"}", &r);
	th_expect(&r, 201);
	th_resp_free(&r);
	/* A name no party has is no duplicate, nor a PATCH of a party's own names. */
	th_create(&G.srv, "/v1/parties",
		  "{\"code\": \"pkk\", \"name\": \"Kurdistan Workers' Party\", \"kind\": \"armed_group\"}");
	patch(pflp, "{\"aliases\": [\"PFLP\", \"Popular Front\"]}", &r);
	th_expect(&r, 200);
	th_resp_free(&r);
}

/* /v1/search finds parties as type "party", by code, name, native name or alias, in any script,
 * a whole name scoring 1; type=party finds nothing else. */
static void a_party_is_found_by_search_in_any_script(void **state)
{
	long long hez;
	struct th_resp r;
	json_t *j, *first;
	const char *const queries[] = {"hezbollah",
				       "HEZBOLLAH",
				       "%D0%A5%D0%B5%D0%B7%D0%B1%D0%BE%D0%BB%D0%BB%D0%B0",
				       "%D8%AD%D8%B2%D8%A8%20%D8%A7%D9%84%D9%84%D9%87",
				       "Party%20of%20God",
				       NULL};

	(void)state;
	hez = th_create(
		&G.srv, "/v1/parties",
		"{\"code\": \"hezbollah\", \"name\": \"Hezbollah\", \"name_native\": \"حزب الله\","
		" \"aliases\": [\"Хезболла\", \"Party of God\"], \"kind\": \"armed_group\", \"based_in\": \"LB\"}");
	th_create(&G.srv, "/v1/people", "{\"name\": \"Hassan Nasrallah\"}");
	for (int i = 0; queries[i]; i++) {
		char *path = th_fmt("/v1/search?q=%s", queries[i]);
		j = th_get(&G.srv, path);
		first = json_array_get(json_object_get(j, "items"), 0);
		assert_non_null(first);
		assert_string_equal(json_string_value(json_object_get(first, "type")), "party");
		assert_int_equal(json_integer_value(json_object_get(first, "id")), hez);
		assert_string_equal(json_string_value(json_object_get(first, "label")), "Hezbollah");
		assert_true(json_number_value(json_object_get(first, "score")) == 1.0);
		json_decref(j);
		free(path);
	}
	/* Part of a name, by how much of the query it holds. */
	j = th_get(&G.srv, "/v1/search?q=hezbolah&type=party");
	assert_int_equal(json_integer_value(
				 json_object_get(json_array_get(json_object_get(j, "items"), 0), "id")),
			 hez);
	json_decref(j);
	/* type=party finds parties only; a query no party's name holds, none. */
	j = th_get(&G.srv, "/v1/search?q=Nasrallah&type=party");
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
	j = th_get(&G.srv, "/v1/search?q=Nasrallah");
	assert_string_equal(json_string_value(
				    json_object_get(json_array_get(json_object_get(j, "items"), 0),
						    "type")),
			    "person");
	json_decref(j);
	th_request(&G.srv, "GET", "/v1/search?q=x&type=group", NULL, NULL, 0, &r);
	th_assert_problem(&r, 400);
	assert_non_null(strstr(r.body, "must be person, party or source"));
	th_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_party_is_made_read_and_listed),
		cmocka_unit_test(bad_fields_are_named_together),
		cmocka_unit_test(a_code_never_reads_as_a_state),
		cmocka_unit_test(a_code_is_never_reused),
		cmocka_unit_test(the_database_refuses_a_code_another_party_had),
		cmocka_unit_test(a_party_is_cited_and_exported),
		cmocka_unit_test(an_export_with_parties_imports_whole),
		cmocka_unit_test(a_party_named_as_another_is_held_back),
		cmocka_unit_test(a_party_is_found_by_search_in_any_script),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
