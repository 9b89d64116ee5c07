/* Merges of people (contract v1.1, "People: duplicates and merges"): POST /v1/people/{id}/merge
 * moves detentions, participations, releases, statements and citations to the survivor, keeps
 * the other's names as aliases, retires it (308 to the survivor, 409 on writes), records the
 * merge in both histories, and survives an export and import. What it refuses (itself, missing,
 * deleted, already merged, values that disagree, a swap that would release one person twice)
 * changes nothing; two merges of one pair at once: one wins. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

TH_GROUP("test_merge")

static long long source;

/* Every table's row count and the sum of versions, so that a refused merge is seen to change
 * nothing at all. */
static char *fingerprint(void)
{
	return th_sql(G.db,
		      "SELECT (SELECT count(*) || '/' || sum(version) FROM people) || ' ' ||"
		      " (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM detentions) || ' ' ||"
		      " (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM swaps) || ' ' ||"
		      " (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM negotiations) || ' ' ||"
		      " (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM citations) || ' ' ||"
		      " (SELECT count(*) FROM history) || ' ' || (SELECT count(*) FROM merges)");
}

static long merge(long long into, const char *body, struct th_resp *r)
{
	char *path = th_fmt("/v1/people/%lld/merge", into);

	th_json(&G.srv, "POST", path, body, r);
	free(path);
	return r->status;
}

static long long member_id(json_t *j, const char *key)
{
	return json_integer_value(json_object_get(j, key));
}

/* The last history entry of path's record. */
static json_t *last_history(const char *collection, long long id)
{
	char *path = th_fmt("/v1/%s/%lld/history", collection, id);
	json_t *h = th_get(&G.srv, path), *items = json_object_get(h, "items");
	json_t *last = json_incref(json_array_get(items, json_array_size(items) - 1));

	free(path);
	json_decref(h);
	return last;
}

static void moves_everything_and_redirects(void **state)
{
	long long a, b, other, det, neg, swap, said, cite_name, cite_born;
	struct th_resp r;
	json_t *j, *h;
	char *s, *loc;

	(void)state;
	source = th_create(&G.srv, "/v1/sources",
			   "{\"url\": \"https://merge.example/1\", \"content\":"
			   " \"Evan Gershkovitch, born in 1991, was freed. Evan Gershkovich said thanks.\"}");
	a = th_create(&G.srv, "/v1/people",
		      "{\"name\": \"Evan Gershkovich\", \"citizenships\": [\"US\"],"
		      " \"aliases\": [\"E. Gershkovich\"], \"occupation\": \"journalist\"}");
	b = th_create(&G.srv, "/v1/people?duplicate=allow",
		      "{\"name\": \"Evan Gershkovitch\","
		      " \"name_native\": \"Эван Гершкович\", \"born_on\": \"1991\", \"citizenships\": [\"US\", \"RU\"],"
		      " \"aliases\": [\"E. Gershkovich\", \"Evan Gershkovich\"]}");
	other = th_create(&G.srv, "/v1/people", "{\"name\": \"Paul Whelan\"}");
	det = th_create(&G.srv, "/v1/detentions",
			"{\"person_id\": %lld, \"country\": \"RU\","
			" \"status\": \"held\", \"detained_on\": \"2023-03-29\"}",
			b);
	neg = th_create(&G.srv, "/v1/negotiations",
			"{\"title\": \"Talks\", \"status\": \"active\","
			" \"participants\": [{\"person_id\": %lld, \"role\": \"detainee\"}, {\"person_id\": %lld}]}",
			other, b);
	swap = th_create(&G.srv, "/v1/swaps",
			 "{\"occurred_on\": \"2024-08-01\", \"negotiation_id\": %lld,"
			 " \"releases\": [{\"person_id\": %lld, \"detention_id\": %lld, \"released_by\": \"RU\","
			 " \"released_to\": \"US\"}]}",
			 neg, b, det);
	said = th_create(&G.srv, "/v1/statements",
			 "{\"speaker_id\": %lld, \"person_id\": %lld,"
			 " \"text\": \"Thanks.\"}",
			 b, other);
	cite_name = th_create(&G.srv, "/v1/citations",
			      "{\"source_id\": %lld, \"subject_type\": \"person\","
			      " \"subject_id\": %lld, \"field\": \"name\", \"quote\": \"Evan Gershkovitch\"}",
			      source, b);
	cite_born = th_create(&G.srv, "/v1/citations",
			      "{\"source_id\": %lld, \"subject_type\": \"person\","
			      " \"subject_id\": %lld, \"field\": \"born_on\", \"quote\": \"born in 1991\"}",
			      source, b);

	s = th_fmt("{\"from\": %lld}", b);
	assert_int_equal(merge(a, s, &r), 200);
	free(s);
	/* The survivor: its names kept, the other's name and native name as aliases (the contract),
	 * other empty fields filled, lists joined. */
	assert_string_equal(json_string_value(json_object_get(r.json, "name")), "Evan Gershkovich");
	assert_true(json_is_null(json_object_get(r.json, "name_native")));
	assert_string_equal(json_string_value(json_object_get(r.json, "born_on")), "1991");
	assert_string_equal(json_string_value(json_object_get(r.json, "occupation")), "journalist");
	j = json_loads("[\"E. Gershkovich\", \"Evan Gershkovitch\", \"Эван Гершкович\"]", 0, NULL);
	assert_true(json_equal(json_object_get(r.json, "aliases"), j));
	json_decref(j);
	j = json_loads("[\"US\", \"RU\"]", 0, NULL);
	assert_true(json_equal(json_object_get(r.json, "citizenships"), j));
	json_decref(j);
	assert_int_equal(json_array_size(json_object_get(r.json, "citations")), 2);
	assert_int_equal(member_id(r.json, "version"), 2);
	th_resp_free(&r);

	/* Everything that named b names a, each at a new version recorded in its history. */
	j = th_get(&G.srv, s = th_fmt("/v1/detentions/%lld", det));
	free(s);
	assert_int_equal(member_id(j, "person_id"), a);
	assert_int_equal(member_id(j, "version"), 3); /* 2: the swap exchanged it; 3: moved */
	json_decref(j);
	j = th_get(&G.srv, s = th_fmt("/v1/negotiations/%lld", neg));
	free(s);
	assert_int_equal(member_id(json_array_get(json_object_get(j, "participants"), 0), "person_id"),
			 other);
	assert_int_equal(member_id(json_array_get(json_object_get(j, "participants"), 1), "person_id"),
			 a);
	json_decref(j);
	j = th_get(&G.srv, s = th_fmt("/v1/swaps/%lld", swap));
	free(s);
	assert_int_equal(member_id(json_array_get(json_object_get(j, "releases"), 0), "person_id"), a);
	assert_int_equal(member_id(json_array_get(json_object_get(j, "releases"), 0), "detention_id"),
			 det);
	json_decref(j);
	j = th_get(&G.srv, s = th_fmt("/v1/statements/%lld", said));
	free(s);
	assert_int_equal(member_id(j, "speaker_id"), a);
	assert_int_equal(member_id(j, "person_id"), other);
	json_decref(j);
	/* A citation of b's name now supports one of a's aliases; one of its birth date, a's. */
	j = th_get(&G.srv, s = th_fmt("/v1/citations/%lld", cite_name));
	free(s);
	assert_int_equal(member_id(j, "subject_id"), a);
	assert_string_equal(json_string_value(json_object_get(j, "field")), "aliases");
	json_decref(j);
	j = th_get(&G.srv, s = th_fmt("/v1/citations/%lld", cite_born));
	free(s);
	assert_int_equal(member_id(j, "subject_id"), a);
	assert_string_equal(json_string_value(json_object_get(j, "field")), "born_on");
	json_decref(j);
	h = last_history("swaps", swap);
	assert_string_equal(json_string_value(json_object_get(h, "action")), "update");
	assert_string_equal(json_string_value(json_object_get(h, "actor")), G.srv.key_name);
	json_decref(h);

	/* Both histories record the merge, with both ids. */
	h = last_history("people", a);
	assert_string_equal(json_string_value(json_object_get(h, "action")), "merge");
	assert_int_equal(member_id(json_object_get(h, "merged"), "from"), b);
	assert_int_equal(member_id(json_object_get(h, "merged"), "into"), a);
	json_decref(h);
	h = last_history("people", b);
	assert_string_equal(json_string_value(json_object_get(h, "action")), "merge");
	assert_int_equal(member_id(json_object_get(h, "merged"), "into"), a);
	assert_string_equal(json_string_value(json_object_get(json_object_get(h, "record"), "name")),
			    "Evan Gershkovitch");
	json_decref(h);

	/* The other's URL answers 308 with the survivor's, under it too, query kept. */
	th_request(&G.srv, "GET", s = th_fmt("/v1/people/%lld", b), NULL, NULL, 0, &r);
	free(s);
	assert_int_equal(r.status, 308);
	loc = th_header(&r, "Location");
	s = th_fmt("/v1/people/%lld", a);
	assert_string_equal(loc, s);
	free(s);
	free(loc);
	assert_int_equal(member_id(r.json, "merged_into"), a);
	th_resp_free(&r);
	th_request(&G.srv, "GET", s = th_fmt("/v1/people/%lld/timeline", b), NULL, NULL, 0, &r);
	free(s);
	assert_int_equal(r.status, 308);
	loc = th_header(&r, "Location");
	assert_string_equal(loc, s = th_fmt("/v1/people/%lld/timeline", a));
	free(s);
	free(loc);
	th_resp_free(&r);
	th_request(&G.srv, "GET", s = th_fmt("/v1/people/%lld/detentions?limit=5&sort=-detained_on", b),
		   NULL, NULL, 0, &r);
	free(s);
	assert_int_equal(r.status, 308);
	loc = th_header(&r, "Location");
	assert_string_equal(loc, s = th_fmt("/v1/people/%lld/detentions?limit=5&sort=-detained_on", a));
	free(s);
	free(loc);
	th_resp_free(&r);
	/* Writes to it say where it went. */
	th_json(&G.srv, "PATCH", s = th_fmt("/v1/people/%lld", b), "{\"gender\": \"male\"}", &r);
	free(s);
	th_expect(&r, 409);
	assert_int_equal(member_id(r.json, "merged_into"), a);
	th_resp_free(&r);

	/* Lists, search and stats see one person. */
	assert_true(th_items_have(&G.srv, "/v1/people?limit=100", a));
	assert_false(th_items_have(&G.srv, "/v1/people?limit=100", b));
	assert_false(th_items_have(&G.srv, "/v1/search?q=Gershkovitch", b));
	assert_true(th_items_have(&G.srv, "/v1/search?q=Gershkovitch", a));
	assert_true(th_items_have(&G.srv,
				  "/v1/people?q=%D0%93%D0%B5%D1%80%D1%88%D0%BA%D0%BE%D0%B2%D0%B8%D1%87",
				  a));
	j = th_get(&G.srv, "/v1/stats");
	assert_int_equal(member_id(json_object_get(j, "records"), "people"), 2);
	json_decref(j);
	{
		char *q = th_fmt("SELECT count(*) FROM detentions WHERE person_id = %lld", b);
		s = th_sql(G.db, q);
		assert_string_equal(s, "0");
		free(s);
		free(q);
	}
}

static void refusals_change_nothing(void **state)
{
	long long a, b, gone, q1, q2, det1, det2;
	struct th_resp r;
	char *before, *after, *s;

	(void)state;
	a = th_create(&G.srv, "/v1/people", "{\"name\": \"Alsu Kurmasheva\", \"wikidata_id\": \"Q111\"}");
	b = th_create(&G.srv, "/v1/people?duplicate=allow",
		      "{\"name\": \"Alsu Kurmasheva\","
		      " \"wikidata_id\": \"Q222\"}");
	gone = th_create(&G.srv, "/v1/people", "{\"name\": \"Someone Deleted\"}");
	th_request(&G.srv, "DELETE", s = th_fmt("/v1/people/%lld", gone), NULL, NULL, 0, &r);
	free(s);
	th_expect(&r, 204);
	th_resp_free(&r);
	q1 = th_create(&G.srv, "/v1/people", "{\"name\": \"Vladimir Kara-Murza\"}");
	q2 = th_create(&G.srv, "/v1/people?duplicate=allow", "{\"name\": \"Vladimir Kara-Murza\"}");
	det1 = th_create(&G.srv, "/v1/detentions",
			 "{\"person_id\": %lld, \"country\": \"RU\", \"status\": \"held\"}", q1);
	det2 = th_create(&G.srv, "/v1/detentions",
			 "{\"person_id\": %lld, \"country\": \"RU\", \"status\": \"held\"}", q2);
	th_create(&G.srv, "/v1/swaps",
		  "{\"occurred_on\": \"2024-08-01\", \"releases\": ["
		  "{\"person_id\": %lld, \"detention_id\": %lld, \"released_by\": \"RU\"},"
		  "{\"person_id\": %lld, \"detention_id\": %lld, \"released_by\": \"RU\"}]}",
		  q1, det1, q2, det2);

	before = fingerprint();
	s = th_fmt("{\"from\": %lld}", a);
	assert_int_equal(merge(a, s, &r), 422); /* itself */
	free(s);
	s = th_error_fields(&r);
	assert_string_equal(s, "from");
	free(s);
	th_resp_free(&r);
	assert_int_equal(merge(a, "{\"from\": 999999}", &r), 422); /* missing */
	th_resp_free(&r);
	s = th_fmt("{\"from\": %lld}", gone);
	assert_int_equal(merge(a, s, &r), 422); /* deleted */
	free(s);
	th_resp_free(&r);
	s = th_fmt("{\"from\": %lld}", a);
	assert_int_equal(merge(999999, s, &r), 404); /* no survivor */
	th_resp_free(&r);
	assert_int_equal(merge(gone, s, &r), 404);
	free(s);
	th_resp_free(&r);
	assert_int_equal(merge(a, "{\"from\": \"2\"}", &r), 422);
	th_resp_free(&r);
	assert_int_equal(merge(a, "{\"from\": 2, \"keep\": \"mine\"}", &r), 422);
	th_resp_free(&r);
	assert_int_equal(merge(a, "[2]", &r), 422);
	th_resp_free(&r);
	/* Two Wikidata items: two people, or one mistake to fix first. */
	s = th_fmt("{\"from\": %lld}", b);
	assert_int_equal(merge(a, s, &r), 409);
	free(s);
	assert_string_equal(json_string_value(
				    json_object_get(json_array_get(json_object_get(r.json, "conflicts"), 0),
						    "field")),
			    "wikidata_id");
	assert_string_equal(json_string_value(
				    json_object_get(json_array_get(json_object_get(r.json, "conflicts"), 0),
						    "from_value")),
			    "Q222");
	th_resp_free(&r);
	/* A swap would release the survivor twice. */
	s = th_fmt("{\"from\": %lld}", q2);
	assert_int_equal(merge(q1, s, &r), 409);
	free(s);
	assert_non_null(strstr(r.body, "twice"));
	th_resp_free(&r);
	/* If-Match on the survivor. */
	{
		char *path = th_fmt("/v1/people/%lld/merge", a), *body = th_fmt("{\"from\": %lld}", q1);
		const char *headers[] = {"Content-Type: application/json", "If-Match: \"7\"", NULL};
		th_request(&G.srv, "POST", path, headers, body, strlen(body), &r);
		free(path);
		free(body);
	}
	th_expect(&r, 412);
	th_resp_free(&r);
	/* A merge needs a write key: none gets 401, a read key 403. */
	{
		char *path = th_fmt("/v1/people/%lld/merge", a), *body = th_fmt("{\"from\": %lld}", q1);
		char *key = th_key_create(G.db, "merge-reader", "read"),
		     *auth = th_fmt("Authorization: Bearer %s", key);
		const char *none[] = {"Content-Type: application/json", "Authorization:", NULL};
		const char *reader[] = {"Content-Type: application/json", auth, NULL};
		th_request(&G.srv, "POST", path, none, body, strlen(body), &r);
		th_expect(&r, 401);
		th_resp_free(&r);
		th_request(&G.srv, "POST", path, reader, body, strlen(body), &r);
		th_expect(&r, 403);
		th_resp_free(&r);
		free(path);
		free(body);
		free(key);
		free(auth);
	}
	after = fingerprint();
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* A record merged already is not merged again, and is not a survivor. */
	{
		char *id = th_sql(G.db, "SELECT max(id) FROM swaps"), *path = th_fmt("/v1/swaps/%s", id);
		th_json(&G.srv, "DELETE", path, NULL, &r);
		th_expect(&r, 204);
		th_resp_free(&r);
		free(path);
		free(id);
	}
	s = th_fmt("{\"from\": %lld}", q2);
	assert_int_equal(merge(q1, s, &r), 200);
	th_resp_free(&r);
	assert_int_equal(merge(q1, s, &r), 422);
	assert_non_null(strstr(r.body, "merged into"));
	th_resp_free(&r);
	free(s);
	s = th_fmt("{\"from\": %lld}", q1);
	assert_int_equal(merge(q2, s, &r), 409);
	assert_int_equal(member_id(r.json, "merged_into"), q1);
	th_resp_free(&r);
	free(s);
}

struct race {
	long long into, from;
	struct th_resp r;
};

static void *race(void *arg)
{
	struct race *x = arg;
	char *s = th_fmt("{\"from\": %lld}", x->from);

	merge(x->into, s, &x->r);
	free(s);
	th_client_reset();
	return NULL;
}

static void concurrent_merges_of_one_pair(void **state)
{
	(void)state;
	for (int round = 0; round < 6; round++) {
		long long a = th_create(&G.srv, "/v1/people?duplicate=allow", "{\"name\": \"Race %d\"}",
					round);
		long long b = th_create(&G.srv, "/v1/people?duplicate=allow",
					"{\"name\": \"Race %d bis\"}", round);
		long long da = th_create(&G.srv, "/v1/detentions",
					 "{\"person_id\": %lld, \"country\": \"BY\", \"status\": \"held\"}",
					 a);
		long long db = th_create(&G.srv, "/v1/detentions",
					 "{\"person_id\": %lld, \"country\": \"BY\", \"status\": \"held\"}",
					 b);
		/* Even rounds: each into the other; odd rounds: the same merge twice. */
		struct race x = {a, b, {0}}, y = {round % 2 ? a : b, round % 2 ? b : a, {0}};
		pthread_t tx, ty;
		long ok, lost;
		char *s, *q, *live;

		pthread_create(&tx, NULL, race, &x);
		pthread_create(&ty, NULL, race, &y);
		pthread_join(tx, NULL);
		pthread_join(ty, NULL);
		ok = (x.r.status == 200) + (y.r.status == 200);
		lost = x.r.status == 200 ? y.r.status : x.r.status;
		assert_int_equal(ok, 1);
		assert_true(lost == 409 || lost == 422);
		th_resp_free(&x.r);
		th_resp_free(&y.r);
		/* One of the two is live, the other redirects to it, and both detentions are its. */
		q = th_fmt("SELECT string_agg(id::text, ',') FROM people WHERE id IN (%lld, %lld)"
			   " AND deleted_at IS NULL",
			   a, b);
		live = th_sql(G.db, q);
		free(q);
		assert_non_null(live);
		assert_null(strchr(live, ','));
		q = th_fmt("SELECT string_agg(DISTINCT person_id::text, ',') FROM detentions"
			   " WHERE id IN (%lld, %lld)",
			   da, db);
		s = th_sql(G.db, q);
		assert_string_equal(s, live);
		free(s);
		free(q);
		q = th_fmt("SELECT count(*) FROM merges WHERE id IN (%lld, %lld)", a, b);
		s = th_sql(G.db, q);
		assert_string_equal(s, "1");
		free(s);
		free(q);
		free(live);
	}
}

/* An export after merges loads into an empty database as the same content, 308 included. */
static void survives_export_and_import(void **state)
{
	char *db = th_db_create("test_merge_copy"), *path, *cmd, *again, *merged, *survivor, *s;
	const char *migrate[] = {"migrate", NULL};
	struct th_server copy;
	struct th_resp r;

	(void)state;
	path = th_fmt("%s/merge-export-%d.ndjson", getenv("SWAPTRACK_TEST_LOGS"), (int)getpid());
	cmd = th_fmt("DATABASE_URL='%s' %s export > %s", G.db, getenv("SWAPTRACK_BIN"), path);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	assert_int_equal(th_run(db, migrate, NULL), 0);
	{
		const char *import[] = {"import", path, NULL};
		char *err = NULL;
		if (th_run(db, import, &err) != 0)
			fail_msg("import failed: %s", err);
		free(err);
	}
	again = th_fmt("%s.again", path);
	cmd = th_fmt("DATABASE_URL='%s' %s export > %s && cmp %s %s", db, getenv("SWAPTRACK_BIN"),
		     again, path, again);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	merged = th_sql(G.db, "SELECT min(id) FROM merges");
	survivor = th_sql(G.db, "SELECT into_id FROM merges WHERE id = (SELECT min(id) FROM merges)");
	assert_non_null(merged);
	th_server_start(&copy, db, NULL);
	th_request(&copy, "GET", s = th_fmt("/v1/people/%s", merged), NULL, NULL, 0, &r);
	free(s);
	assert_int_equal(r.status, 308);
	s = th_header(&r, "Location");
	cmd = th_fmt("/v1/people/%s", survivor);
	assert_string_equal(s, cmd);
	free(cmd);
	free(s);
	th_resp_free(&r);
	/* New records do not take a retired id. */
	s = th_sql(db, "SELECT nextval(pg_get_serial_sequence('people', 'id')) >"
		       " (SELECT max(id) FROM merges)");
	assert_string_equal(s, "t");
	free(s);
	th_server_stop(&copy);
	free(merged);
	free(survivor);
	free(again);
	free(path);
	free(db);
}

static void import_checks_merge_lines(void **state)
{
	char *db = th_db_create("test_merge_bad"),
	     *path = th_fmt("%s/merge-bad-%d.ndjson", getenv("SWAPTRACK_TEST_LOGS"), (int)getpid()),
	     *err = NULL, *s;
	const char *migrate[] = {"migrate", NULL}, *import[] = {"import", path, NULL};
	FILE *f;

	(void)state;
	assert_int_equal(th_run(db, migrate, NULL), 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"type\":\"person\",\"record\":{\"id\":5,\"name\":\"A\",\"version\":1,"
	      "\"created_at\":\"2024-01-01T00:00:00Z\",\"updated_at\":\"2024-01-01T00:00:00Z\"}}\n"
	      "{\"type\":\"merge\",\"record\":{\"collection\":\"people\",\"id\":5,\"into\":5,"
	      "\"merged_at\":\"2024-01-02T00:00:00Z\"}}\n"
	      "{\"type\":\"merge\",\"record\":{\"collection\":\"swaps\",\"id\":3,\"into\":5,"
	      "\"merged_at\":\"2024-01-02T00:00:00Z\"}}\n"
	      "{\"type\":\"merge\",\"record\":{\"collection\":\"people\",\"id\":4,\"into\":9,"
	      "\"merged_at\":\"then\", \"why\": 1}}\n"
	      "{\"type\":\"person\",\"record\":{\"id\":6,\"name\":\"B\",\"version\":1,"
	      "\"created_at\":\"2024-01-01T00:00:00Z\",\"updated_at\":\"2024-01-01T00:00:00Z\"}}\n",
	      f);
	fclose(f);
	assert_int_not_equal(th_run(db, import, &err), 0);
	assert_non_null(strstr(err, "record.id"));
	assert_non_null(strstr(err, "record.collection"));
	assert_non_null(strstr(err, "record.into"));
	assert_non_null(strstr(err, "record.merged_at"));
	assert_non_null(strstr(err, "why"));
	assert_non_null(strstr(err, "after a merge"));
	free(err);
	s = th_sql(db, "SELECT (SELECT count(*) FROM people) + (SELECT count(*) FROM merges)");
	assert_string_equal(s, "0");
	free(s);
	free(path);
	free(db);
}

/* The guide's Ankara batch and merge, run as written against the demo data as make run loads
 * it: the ids it names are the ids they get. */
static void the_guide_runs_against_the_demo(void **state)
{
	char *db = th_db_create("test_merge_guide");
	const char *load[] = {"batch", "--if-empty", "scripts/demo/seed.batch.json", NULL};
	struct th_guide_call batch[2], merge[4];
	struct th_server s;
	struct th_resp r;
	json_t *j;
	int nb, nm;

	(void)state;
	th_server_start(&s, db, NULL); /* it migrates */
	assert_int_equal(th_run(db, load, NULL), 0);
	nb = th_guide_calls("## Batch writes", NULL, batch, 2);
	assert_int_equal(nb, 1);
	assert_string_equal(batch[0].path, "/v1/batch");
	th_json(&s, "POST", batch[0].path, batch[0].body, &r);
	th_expect(&r, 200);
	j = json_array_get(json_object_get(r.json, "results"), 1);
	assert_string_equal(json_string_value(json_object_get(j, "ref")), "evan");
	assert_int_equal(json_integer_value(json_object_get(j, "id")), 7);
	th_resp_free(&r);
	nm = th_guide_calls("## People", "**Merges.**", merge, 4);
	assert_int_equal(nm, 3);
	th_json(&s, "POST", merge[0].path, merge[0].body, &r);
	th_expect(&r, 201);
	assert_int_equal(json_integer_value(json_object_get(r.json, "id")), 11);
	th_resp_free(&r);
	th_json(&s, "POST", merge[1].path, merge[1].body, &r);
	th_expect(&r, 201);
	th_resp_free(&r);
	assert_string_equal(merge[2].path, "/v1/people/7/merge");
	th_json(&s, "POST", merge[2].path, merge[2].body, &r);
	th_expect(&r, 200);
	assert_string_equal(json_string_value(json_array_get(json_object_get(r.json, "aliases"), 0)),
			    "Evan Gershkovitch");
	assert_string_equal(json_string_value(json_object_get(r.json, "born_on")), "1991-10-26");
	th_resp_free(&r);
	th_request(&s, "GET", "/v1/people/11", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 308);
	th_resp_free(&r);
	for (int i = 0; i < nb; i++)
		free(batch[i].body), free(batch[i].path);
	for (int i = 0; i < nm; i++)
		free(merge[i].body), free(merge[i].path);
	th_server_stop(&s);
	free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(moves_everything_and_redirects),
		cmocka_unit_test(refusals_change_nothing),
		cmocka_unit_test(concurrent_merges_of_one_pair),
		cmocka_unit_test(survives_export_and_import),
		cmocka_unit_test(import_checks_merge_lines),
		cmocka_unit_test(the_guide_runs_against_the_demo),
	};

	return cmocka_run_group_tests_name("merge", tests, group_setup, group_teardown);
}
