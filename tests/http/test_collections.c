/* Every collection through the generic handlers: create, read, list with a filter, patch, put,
 * delete and history, each against the real server and database. The cases are a table: one
 * row a collection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixtures.h"

struct crud_case {
	const char *collection;
	const char *create;  /* {S} {P} {Q} {D} {N}: the fixture records' ids */
	const char *patch;   /* a merge patch */
	const char *patched; /* the field the patch sets, and its new value as JSON */
	const char *patched_value;
	const char *put;     /* a full replacement, which leaves out an optional field */
	const char *cleared; /* that field, now null or empty */
	const char *match;   /* a list query that finds the record */
	const char *miss;    /* one that does not */
};

static const struct crud_case cases[] = {
	{"sources",
	 "{\"url\": \"https://a.example/1\", \"title\": \"One\", \"outlet\": \"Daily\", "
	 "\"published_on\": \"2025-11\", \"language\": \"en\", \"author\": \"A. Writer\"}",
	 "{\"title\": \"One, revised\"}", "title", "\"One, revised\"",
	 "{\"url\": \"https://a.example/1\", \"title\": \"One\", \"outlet\": \"Daily\"}", "author",
	 "outlet=Daily", "outlet=Weekly"},
	{"people",
	 "{\"name\": \"Ksenia Karelina\", \"aliases\": [\"Kseniya Karelina\"], "
	 "\"citizenships\": [\"US\", \"RU\"], \"born_on\": \"1991\", \"occupation\": \"ballerina\","
	 " \"wikidata_id\": \"Q123\"}",
	 "{\"occupation\": \"dancer\", \"born_on\": null}", "occupation", "\"dancer\"",
	 "{\"name\": \"Ksenia Karelina\", \"citizenships\": [\"US\", \"RU\"]}", "aliases",
	 "citizenship=US", "citizenship=FR"},
	{"detentions",
	 "{\"person_id\": {Q}, \"country\": \"RU\", \"authority\": \"FSB\", \"detained_on\": \"2024-01\","
	 " \"charges\": [\"treason\"], \"sentence\": \"12 years\", \"status\": \"held\","
	 " \"wrongfully_detained\": true}",
	 "{\"sentence\": \"12 years, penal colony\"}", "sentence", "\"12 years, penal colony\"",
	 "{\"person_id\": {Q}, \"country\": \"RU\", \"status\": \"released\", \"released_on\": \"2025-02\"}",
	 "charges", "person_id={Q}&status=held&country=RU&wrongfully_detained=true",
	 "person_id={Q}&status=died"},
	{"negotiations",
	 "{\"title\": \"RU-US talks\", \"status\": \"proposed\", \"parties\": [\"RU\", \"US\"],"
	 " \"started_on\": \"2025-10\", \"participants\": [{\"person_id\": {P}, \"role\": \"envoy\","
	 " \"representing\": \"RU\"}]}",
	 "{\"status\": \"stalled\"}", "status", "\"stalled\"",
	 "{\"title\": \"RU-US talks\", \"status\": \"agreed\", \"parties\": [\"RU\", \"US\"]}",
	 "participants", "party=US&status=proposed", "party=FR"},
	{"swaps",
	 "{\"occurred_on\": \"2025-02-11\", \"place\": \"Moscow\", \"mediators\": [\"AE\"],"
	 " \"negotiation_id\": {N}, \"releases\": [{\"person_id\": {Q}, \"released_by\": \"RU\","
	 " \"released_to\": \"US\"}]}",
	 "{\"place\": \"Ankara\"}", "place", "\"Ankara\"",
	 "{\"occurred_on\": \"2025-02-11\", \"releases\": [{\"person_id\": {Q}, \"released_by\": \"RU\"}]}",
	 "mediators", "negotiation_id={N}&country=US&person_id={Q}", "country=FR"},
	{"citations",
	 "{\"source_id\": {S}, \"subject_type\": \"person\", \"subject_id\": {P}, \"field\": \"name\","
	 " \"quote\": \"talks went well\", \"attributed_to\": \"the envoy\", \"confidence\": \"claimed\"}",
	 "{\"confidence\": \"disputed\"}", "confidence", "\"disputed\"",
	 "{\"source_id\": {S}, \"subject_type\": \"person\", \"subject_id\": {P}}", "quote",
	 "subject_type=person&subject_id={P}&source_id={S}", "subject_type=swap"},
};

static int setup(void **state)
{
	(void)state;
	return world_setup("test_collections");
}

static int teardown(void **state)
{
	(void)state;
	return world_teardown();
}

static void json_equal_or_fail(json_t *got, const char *want_text, const char *what)
{
	json_t *want = json_loads(want_text, JSON_DECODE_ANY, NULL);

	assert_non_null(want);
	if (!json_equal(got, want)) {
		char *g = json_dumps(got, JSON_ENCODE_ANY);
		fail_msg("%s: got %s, want %s", what, g, want_text);
	}
	json_decref(want);
}

static void crud(const struct crud_case *c)
{
	char *body = world_subst(c->create), *path, *q, *etag, *loc;
	struct th_resp r;
	json_t *created, *got, *hist;
	long long id;

	/* Create: 201, Location, an ETag of version 1, version 1. */
	path = th_fmt("/v1/%s", c->collection);
	th_json(&W.srv, "POST", path, body, &r);
	th_expect(&r, 201);
	id = (long long)json_integer_value(json_object_get(r.json, "id"));
	loc = th_header(&r, "Location");
	free(path);
	path = th_fmt("/v1/%s/%lld", c->collection, id);
	assert_string_equal(loc, path);
	etag = th_header(&r, "ETag");
	th_assert_etag(etag, 1);
	free(loc);
	assert_int_equal(json_integer_value(json_object_get(r.json, "version")), 1);
	created = json_incref(r.json);
	th_resp_free(&r);
	free(body);

	/* Read: the same record, with its ETag. */
	th_request(&W.srv, "GET", path, NULL, NULL, 0, &r);
	th_expect(&r, 200);
	assert_true(json_equal(r.json, created));
	{
		char *again = th_header(&r, "ETag");
		assert_string_equal(again, etag); /* the same representation, the same tag */
		free(again);
	}
	free(etag);
	th_resp_free(&r);

	/* A read costs at most two statements (a prepare, the first time on a connection, and the
	 * query): the access log counts them. */
	{
		char *log = NULL, *want = th_fmt("GET %s 200 ", path), *at = NULL, *q;
		/* The access log line is written as the request completes, just after the answer. */
		for (int tries = 0; !at && tries < 50; tries++) {
			free(log);
			if (tries)
				usleep(50 * 1000);
			log = th_server_log(&W.srv);
			for (char *s = strstr(log, want); s; s = strstr(s + 1, want))
				at = s;
		}
		assert_non_null(at);
		q = strchr(strstr(at, "us ") + 3, 'q');
		assert_non_null(q);
		assert_true(q[-1] >= '1' && q[-1] <= '2' && q[-2] == ' ');
		free(want);
		free(log);
	}

	/* List: the filter finds it, the other filter does not. */
	q = world_subst(c->match);
	body = th_fmt("/v1/%s?%s", c->collection, q);
	assert_true(list_has(body, id));
	free(body);
	free(q);
	q = world_subst(c->miss);
	body = th_fmt("/v1/%s?%s", c->collection, q);
	assert_false(list_has(body, id));
	free(body);
	free(q);

	/* Patch: one field changes, the rest stays, version 2. */
	{
		const char *hdr[] = {"Content-Type: application/merge-patch+json", "If-Match: \"1\"",
				     NULL};
		th_request(&W.srv, "PATCH", path, hdr, c->patch, strlen(c->patch), &r);
	}
	th_expect(&r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "version")), 2);
	json_equal_or_fail(json_object_get(r.json, c->patched), c->patched_value, "patched field");
	{
		char *was = json_dumps(json_object_get(created, "created_at"), JSON_ENCODE_ANY);
		json_equal_or_fail(json_object_get(r.json, "created_at"), was, "created_at");
		free(was);
	}
	th_resp_free(&r);

	/* Put: a full replacement; what it leaves out is cleared. */
	body = world_subst(c->put);
	th_json(&W.srv, "PUT", path, body, &r);
	free(body);
	th_expect(&r, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "version")), 3);
	{
		json_t *v = json_object_get(r.json, c->cleared);
		assert_true(json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0));
	}
	th_resp_free(&r);

	/* Delete: 204, then gone from reads and lists, history kept. */
	th_request(&W.srv, "DELETE", path, NULL, NULL, 0, &r);
	th_expect(&r, 204);
	th_resp_free(&r);
	th_request(&W.srv, "GET", path, NULL, NULL, 0, &r);
	th_assert_problem(&r, 404);
	th_resp_free(&r);
	body = th_fmt("/v1/%s?limit=500", c->collection);
	assert_false(list_has(body, id));
	free(body);

	body = th_fmt("%s/history", path);
	hist = th_get(&W.srv, body);
	free(body);
	{
		json_t *items = json_object_get(hist, "items");
		const char *actions[] = {"create", "update", "update", "delete"};
		assert_int_equal(json_array_size(items), 4);
		for (size_t i = 0; i < 4; i++) {
			json_t *e = json_array_get(items, i);
			assert_string_equal(json_string_value(json_object_get(e, "action")), actions[i]);
			assert_int_equal(json_integer_value(json_object_get(e, "version")), (int)i + 1);
			assert_string_equal(json_string_value(json_object_get(e, "actor")),
					    W.srv.key_name);
			assert_int_equal(json_integer_value(json_object_get(json_object_get(e, "record"),
									    "version")),
					 (int)i + 1);
		}
		/* The first version is the record as created. */
		got = json_object_get(json_array_get(items, 0), "record");
		assert_true(json_equal(got, created));
	}
	json_decref(hist);
	json_decref(created);
	free(path);
}

static void crud_sources(void **state)
{
	(void)state;
	crud(&cases[0]);
}
static void crud_people(void **state)
{
	(void)state;
	crud(&cases[1]);
}
static void crud_detentions(void **state)
{
	(void)state;
	crud(&cases[2]);
}
static void crud_negotiations(void **state)
{
	(void)state;
	crud(&cases[3]);
}
static void crud_swaps(void **state)
{
	(void)state;
	crud(&cases[4]);
}
static void crud_citations(void **state)
{
	(void)state;
	crud(&cases[5]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crud_sources),    cmocka_unit_test(crud_people),
		cmocka_unit_test(crud_detentions), cmocka_unit_test(crud_negotiations),
		cmocka_unit_test(crud_swaps),      cmocka_unit_test(crud_citations),
	};

	return cmocka_run_group_tests_name("collections", tests, setup, teardown);
}
