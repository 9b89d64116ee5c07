/* POST /v1/batch (contract v1.1, "Batch writes with local references") against the real binary:
 * the whole seed article in one batch, refs into children and citations, all or nothing with
 * every bad field named from the batch's root, a stale if_match rolling back what came before,
 * the 1,001st operation, Idempotency-Key, the key it needs, and history as for single writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "fixtures.h"
#include "harness.h"

#define DEMO "scripts/demo/seed.batch.json" /* the demo data, as make run loads it */

TH_GROUP("test_batch")

/* Live rows of every collection, "sources=2 people=6 ...", to compare before and after. */
static char *counts(void)
{
	return th_sql(G.db, "SELECT string_agg(t || '=' || n, ' ' ORDER BY t) FROM ("
			    " SELECT 'sources' t, count(*) n FROM sources UNION ALL"
			    " SELECT 'people', count(*) FROM people UNION ALL"
			    " SELECT 'detentions', count(*) FROM detentions UNION ALL"
			    " SELECT 'negotiations', count(*) FROM negotiations UNION ALL"
			    " SELECT 'participants', count(*) FROM negotiation_participants UNION ALL"
			    " SELECT 'swaps', count(*) FROM swaps UNION ALL"
			    " SELECT 'releases', count(*) FROM swap_releases UNION ALL"
			    " SELECT 'statements', count(*) FROM statements UNION ALL"
			    " SELECT 'citations', count(*) FROM citations UNION ALL"
			    " SELECT 'history', count(*) FROM history UNION ALL"
			    " SELECT 'idempotency', count(*) FROM idempotency_keys) x");
}

static void batch(const char *body, struct th_resp *r, const char *const headers[])
{
	const char *h[4] = {"Content-Type: application/json", NULL, NULL, NULL};

	for (int i = 0; headers && headers[i] && i < 2; i++)
		h[i + 1] = headers[i];
	th_request(&G.srv, "POST", "/v1/batch", h, body, strlen(body), r);
}

static void the_seed_article_in_one_batch(void **state)
{
	json_error_t err;
	json_t *doc = json_load_file(DEMO, 0, &err), *step, *j;
	struct th_resp r;
	char *body, *before, *after, *actors;
	size_t i;

	(void)state;
	assert_non_null(doc);
	body = json_dumps(doc, JSON_COMPACT);
	before = counts();
	batch(body, &r, NULL);
	th_expect(&r, 200);
	j = json_object_get(r.json, "results");
	assert_int_equal(json_array_size(j), json_array_size(json_object_get(doc, "operations")));
	/* Each result: its ref, 201, and the record as read now, at its location. */
	json_array_foreach(j, i, step) {
		json_t *st = json_array_get(json_object_get(doc, "operations"), i);
		char *path = th_fmt("/v1/%s/%lld", json_string_value(json_object_get(st, "collection")),
				    (long long)json_integer_value(json_object_get(step, "id")));

		assert_string_equal(json_string_value(json_object_get(step, "location")), path);
		assert_int_equal(json_integer_value(json_object_get(step, "status")), 201);
		assert_string_equal(json_string_value(json_object_get(step, "ref")),
				    json_string_value(json_object_get(st, "ref")));
		assert_int_equal(json_integer_value(
					 json_object_get(json_object_get(step, "record"), "id")),
				 json_integer_value(json_object_get(step, "id")));
		free(path);
	}
	after = counts();
	assert_string_not_equal(before, after);
	free(after);
	after = th_sql(G.db, "SELECT (SELECT count(*) FROM people) || ' ' || (SELECT count(*) FROM"
			     " statements) || ' ' || (SELECT count(*) FROM citations) || ' ' || (SELECT"
			     " count(*) FROM negotiation_participants)");
	/* The demo's six people, two statements, eighteen citations (their sources by ref) and
	 * two participants (their people by ref, inside children). */
	assert_string_equal(after, "6 2 18 2");
	/* History as for single writes, with the key's name as actor. */
	actors = th_sql(G.db, "SELECT string_agg(DISTINCT actor || '/' || action, ',') FROM history");
	assert_non_null(strstr(actors, G.srv.key_name));
	assert_non_null(strstr(actors, "/create"));
	free(actors);
	free(after);
	free(before);
	free(body);
	th_resp_free(&r);
	json_decref(doc);
}

static void bad_operations_are_all_named_and_nothing_is_stored(void **state)
{
	char *before = counts(), *after, *fields;
	struct th_resp r;

	(void)state;
	batch("{\"operations\": ["
	      "{\"op\": \"create\", \"collection\": \"people\", \"ref\": \"ok\", \"record\": {\"name\": \"Fine One\"}},"
	      "{\"op\": \"create\", \"collection\": \"detentions\", \"record\": {\"person_id\": {\"ref\": \"ok\"},"
	      " \"country\": \"XX\", \"status\": \"held\"}},"
	      "{\"op\": \"create\", \"collection\": \"swaps\", \"record\": {\"occurred_on\": \"2024-13\","
	      " \"releases\": [{\"person_id\": {\"ref\": \"nobody\"}, \"released_by\": \"RU\"}]}},"
	      "{\"op\": \"create\", \"collection\": \"statements\", \"record\": {\"text\": \"x\"}}]}",
	      &r, NULL);
	th_expect(&r, 422);
	fields = th_error_fields(&r);
	assert_string_equal(fields,
			    "operations[1].record.country operations[2].record.releases[0].person_id "
			    "operations[2].record.occurred_on operations[3].record.speaker_id "
			    "operations[3].record.negotiation_id");
	assert_int_equal(json_integer_value(json_object_get(r.json, "operation")), 1);
	after = counts();
	assert_string_equal(before, after);
	free(fields);
	th_resp_free(&r);
	/* The shape of the batch itself. */
	batch("{\"operations\": [{\"op\": \"frob\", \"collection\": \"nothing\"},"
	      " {\"op\": \"delete\", \"collection\": \"people\", \"id\": \"7\", \"record\": {}},"
	      " {\"op\": \"create\", \"collection\": \"people\", \"id\": 3, \"ref\": \"\", \"colour\": 1}],"
	      " \"extra\": 1}",
	      &r, NULL);
	th_expect(&r, 422);
	fields = th_error_fields(&r);
	assert_string_equal(fields,
			    "extra operations[0].op operations[1].id operations[1].record "
			    "operations[2].colour operations[2].ref operations[2].id operations[2].record");
	free(fields);
	th_resp_free(&r);
	batch("{\"operations\": []}", &r, NULL);
	th_expect(&r, 422);
	th_resp_free(&r);
	free(after);
	after = counts();
	assert_string_equal(before, after);
	free(after);
	free(before);
}

static void refs_reach_children_citations_and_ids(void **state)
{
	struct th_resp r;
	json_t *res, *swap, *det;
	long long sid, did;
	char *path, *actor;

	(void)state;
	batch("{\"operations\": ["
	      "{\"op\": \"create\", \"collection\": \"sources\", \"ref\": \"src\", \"record\": {\"url\":"
	      " \"https://batch.example/ankara\", \"content\": \"Evan Gershkovich was freed in Ankara.\"}},"
	      "{\"op\": \"create\", \"collection\": \"people\", \"ref\": \"evan\", \"record\": {\"name\":"
	      " \"Evan Gershkovich\", \"citations\": [{\"source_id\": {\"ref\": \"src\"}, \"quote\":"
	      " \"Evan Gershkovich was freed\"}]}},"
	      "{\"op\": \"create\", \"collection\": \"detentions\", \"ref\": \"held\", \"record\":"
	      " {\"person_id\": {\"ref\": \"evan\"}, \"country\": \"RU\", \"status\": \"held\"}},"
	      "{\"op\": \"create\", \"collection\": \"swaps\", \"ref\": \"swap\", \"record\": {\"occurred_on\":"
	      " \"2024-08-01\", \"place\": \"Ankara\", \"releases\": [{\"person_id\": {\"ref\": \"evan\"},"
	      " \"detention_id\": {\"ref\": \"held\"}, \"released_by\": \"RU\", \"released_to\": \"US\"}]}},"
	      "{\"op\": \"create\", \"collection\": \"citations\", \"record\": {\"source_id\": {\"ref\": \"src\"},"
	      " \"subject_type\": \"swap\", \"subject_id\": {\"ref\": \"swap\"}, \"quote\": \"freed in Ankara\"}},"
	      "{\"op\": \"patch\", \"collection\": \"people\", \"id\": {\"ref\": \"evan\"}, \"record\":"
	      " {\"occupation\": \"reporter\"}},"
	      "{\"op\": \"create\", \"collection\": \"people\", \"ref\": \"gone\", \"record\": {\"name\": \"Brief One\"}},"
	      "{\"op\": \"delete\", \"collection\": \"people\", \"id\": {\"ref\": \"gone\"}}]}",
	      &r, NULL);
	th_expect(&r, 200);
	res = json_object_get(r.json, "results");
	sid = json_integer_value(json_object_get(json_array_get(res, 3), "id"));
	did = json_integer_value(json_object_get(json_array_get(res, 2), "id"));
	assert_string_equal(json_string_value(json_object_get(json_array_get(res, 5), "op")), "patch");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(res, 5), "status")), 200);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(res, 7), "status")), 204);
	assert_true(json_is_null(json_object_get(json_array_get(res, 7), "record")));
	/* The patch is in the person's record as the batch answers it. */
	assert_string_equal(json_string_value(
				    json_object_get(json_object_get(json_array_get(res, 1), "record"),
						    "occupation")),
			    "reporter");
	path = th_fmt("/v1/swaps/%lld", sid);
	swap = th_get(&G.srv, path);
	free(path);
	assert_int_equal(json_integer_value(
				 json_object_get(json_array_get(json_object_get(swap, "releases"), 0),
						 "detention_id")),
			 did);
	assert_int_equal(json_array_size(json_object_get(swap, "citations")), 1);
	json_decref(swap);
	/* The swap's effect on the held detention, recorded in its history with the key's name. */
	path = th_fmt("/v1/detentions/%lld", did);
	det = th_get(&G.srv, path);
	free(path);
	assert_string_equal(json_string_value(json_object_get(det, "status")), "exchanged");
	assert_string_equal(json_string_value(json_object_get(det, "released_on")), "2024-08-01");
	json_decref(det);
	path = th_fmt("SELECT string_agg(actor, ',') FROM history WHERE collection = 'detentions'"
		      " AND record_id = %lld AND action = 'update'",
		      did);
	actor = th_sql(G.db, path);
	assert_string_equal(actor, G.srv.key_name);
	free(actor);
	free(path);
	th_resp_free(&r);
}

static void a_stale_if_match_rolls_back_what_came_before(void **state)
{
	long long id = th_create(&G.srv, "/v1/people", "{\"name\": \"Versioned One\"}");
	char *before = counts(), *after, *body;
	struct th_resp r;

	(void)state;
	body = th_fmt("{\"operations\": ["
		      "{\"op\": \"create\", \"collection\": \"people\", \"record\": {\"name\": \"Never Stored\"}},"
		      "{\"op\": \"patch\", \"collection\": \"people\", \"id\": %lld, \"if_match\": \"\\\"7\\\"\","
		      " \"record\": {\"occupation\": \"x\"}}]}",
		      id);
	batch(body, &r, NULL);
	th_expect(&r, 412);
	assert_int_equal(json_integer_value(json_object_get(r.json, "operation")), 1);
	th_resp_free(&r);
	free(body);
	after = counts();
	assert_string_equal(before, after);
	free(after);
	/* The right version goes through. */
	body = th_fmt("{\"operations\": [{\"op\": \"patch\", \"collection\": \"people\", \"id\": %lld,"
		      " \"if_match\": \"\\\"1\\\"\", \"record\": {\"occupation\": \"x\"}}]}",
		      id);
	batch(body, &r, NULL);
	th_expect(&r, 200);
	th_resp_free(&r);
	free(body);
	free(before);
}

/* {"operations": [...]} of n creates of people named "Many <i>", into b. */
static void many(struct buf *b, int n)
{
	buf_reset(b);
	buf_puts(b, "{\"operations\": [");
	for (int i = 0; i < n; i++)
		buf_printf(b,
			   "%s{\"op\": \"create\", \"collection\": \"people\", \"record\": {\"name\":"
			   " \"Many %d\"}}",
			   i ? "," : "", i);
	buf_puts(b, "]}");
}

static void at_most_a_thousand_operations(void **state)
{
	struct buf b = BUF_INIT;
	struct th_resp r;
	char *before = counts(), *after;

	(void)state;
	many(&b, 1001);
	batch(b.data, &r, NULL);
	th_expect(&r, 413);
	th_resp_free(&r);
	/* A thousand are one transaction. */
	many(&b, 1000);
	batch(b.data, &r, NULL);
	th_expect(&r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "results")), 1000);
	th_resp_free(&r);
	after = th_sql(G.db, "SELECT count(*) FROM people WHERE name LIKE 'Many %'");
	assert_string_equal(after, "1000");
	free(after);
	free(before);
	buf_free(&b);
}

static void idempotency_and_keys(void **state)
{
	const char *body = "{\"operations\": [{\"op\": \"create\", \"collection\": \"people\", \"record\":"
			   " {\"name\": \"Once Only\"}}]}";
	const char *key[] = {"Idempotency-Key: batch-once", NULL};
	const char *none[] = {"Authorization:", NULL};
	struct th_resp r, again;
	char *n;

	(void)state;
	batch(body, &r, key);
	th_expect(&r, 200);
	batch(body, &again, key);
	th_expect(&again, 200);
	assert_string_equal(r.body, again.body);
	n = th_header(&again, "Idempotent-Replayed");
	assert_non_null(n);
	free(n);
	th_resp_free(&again);
	th_resp_free(&r);
	n = th_sql(G.db, "SELECT count(*) FROM people WHERE name = 'Once Only'");
	assert_string_equal(n, "1");
	free(n);
	batch("{\"operations\": [{\"op\": \"create\", \"collection\": \"people\", \"record\": {\"name\":"
	      " \"Other\"}}]}",
	      &r, key);
	th_expect(&r, 422);
	th_resp_free(&r);
	/* Writes need a write key. */
	batch(body, &r, none);
	th_expect(&r, 401);
	th_resp_free(&r);
}

/* Creates that go together (one INSERT for a run of them, write_create_many) are stored, read and
 * recorded exactly as the same creates one by one; one the database refuses in such a run is
 * named as if alone, and nothing is stored. */
static void creates_together_are_creates_one_by_one(void **state)
{
	char *before, *after, *one, *many;
	long long single;
	struct th_resp r;

	(void)state;
	single = th_create(&G.srv, "/v1/detentions",
			   "{\"person_id\": 1, \"country\": \"RU\","
			   " \"status\": \"held\", \"detained_on\": \"2024-03\", \"charges\": [\"espionage\"]}");
	batch("{\"operations\": ["
	      "{\"op\": \"create\", \"collection\": \"detentions\", \"ref\": \"a\", \"record\": {\"person_id\": 1,"
	      " \"country\": \"RU\", \"status\": \"held\", \"detained_on\": \"2024-03\", \"charges\": [\"espionage\"]}},"
	      "{\"op\": \"create\", \"collection\": \"detentions\", \"record\": {\"person_id\": 2,"
	      " \"country\": \"BY\", \"status\": \"held\"}},"
	      "{\"op\": \"create\", \"collection\": \"detentions\", \"record\": {\"person_id\": 3,"
	      " \"country\": \"IR\", \"status\": \"released\", \"released_on\": \"2023\"}},"
	      "{\"op\": \"patch\", \"collection\": \"detentions\", \"id\": {\"ref\": \"a\"}, \"record\": {\"place\": \"Lefortovo\"}}]}",
	      &r, NULL);
	th_expect(&r, 200);
	/* The first create as read back, and its history, match the single create's but for id,
	 * times, version (the patch) and place. */
	{
		json_t *res = json_object_get(r.json, "results"),
		       *a = json_object_get(json_array_get(res, 0), "record");
		json_t *b = json_object_get(json_array_get(res, 1), "record");
		assert_string_equal(json_string_value(json_object_get(a, "place")), "Lefortovo");
		assert_int_equal(json_integer_value(json_object_get(a, "version")), 2);
		assert_string_equal(json_string_value(json_object_get(b, "country")), "BY");
		assert_int_equal(json_integer_value(json_object_get(json_array_get(res, 2), "status")),
				 201);
	}
	th_resp_free(&r);
	{
		char *q = th_fmt(
			"SELECT string_agg(k, ',' ORDER BY k) || ' ' || (SELECT action || '/' || actor"
			" FROM history WHERE collection = 'detentions' AND record_id = %lld) FROM history h,"
			" jsonb_object_keys(h.record) k WHERE h.collection = 'detentions' AND h.record_id = %lld",
			single, single);
		one = th_sql(G.db, q);
		free(q);
	}
	many = th_sql(G.db,
		      "SELECT string_agg(k, ',' ORDER BY k) || ' ' || (SELECT action || '/' || actor"
		      " FROM history WHERE collection = 'detentions' AND record_id = (SELECT max(id) FROM detentions))"
		      " FROM history h, jsonb_object_keys(h.record) k WHERE h.collection = 'detentions'"
		      " AND h.record_id = (SELECT max(id) FROM detentions)");
	assert_string_equal(one, many);
	assert_non_null(strstr(one, "create/"));
	free(one);
	free(many);
	/* The database refuses the second of a run (a rule only it knows, for this test): the
	 * answer names it, as if it were alone, and nothing is stored. */
	free(th_sql(G.db, "CREATE FUNCTION refuse_bad() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
			  " IF NEW.place = 'refused' THEN RAISE check_violation USING MESSAGE = 'no'; END IF;"
			  " RETURN NEW; END $$"));
	free(th_sql(G.db, "CREATE TRIGGER refuse_bad BEFORE INSERT ON detentions FOR EACH ROW"
			  " EXECUTE FUNCTION refuse_bad()"));
	before = counts();
	batch("{\"operations\": ["
	      "{\"op\": \"create\", \"collection\": \"detentions\", \"record\": {\"person_id\": 1, \"country\": \"RU\", \"status\": \"held\"}},"
	      "{\"op\": \"create\", \"collection\": \"detentions\", \"record\": {\"person_id\": 1, \"country\": \"RU\", \"status\": \"held\", \"place\": \"refused\"}},"
	      "{\"op\": \"create\", \"collection\": \"detentions\", \"record\": {\"person_id\": 1, \"country\": \"RU\", \"status\": \"held\"}}]}",
	      &r, NULL);
	th_expect(&r, 422);
	assert_int_equal(json_integer_value(json_object_get(r.json, "operation")), 1);
	th_resp_free(&r);
	after = counts();
	assert_string_equal(before, after);
	free(th_sql(G.db, "DROP TRIGGER refuse_bad ON detentions"));
	free(before);
	free(after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_seed_article_in_one_batch),
		cmocka_unit_test(bad_operations_are_all_named_and_nothing_is_stored),
		cmocka_unit_test(refs_reach_children_citations_and_ids),
		cmocka_unit_test(a_stale_if_match_rolls_back_what_came_before),
		cmocka_unit_test(at_most_a_thousand_operations),
		cmocka_unit_test(idempotency_and_keys),
		cmocka_unit_test(creates_together_are_creates_one_by_one),
	};

	return cmocka_run_group_tests_name("batch", tests, group_setup, group_teardown);
}
