/* Every kind of bad input gets its contract status as problem+json, names every bad field at
 * once, and leaves the database exactly as it was. One row a case. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"

struct bad_case {
	const char *name;
	const char *method, *path; /* {P} etc. are replaced */
	const char *content_type;  /* NULL: application/json */
	const char *body;
	long status;
	const char *fields; /* the errors' fields in order, space-separated; NULL: none */
};

static const struct bad_case cases[] = {
	/* Bodies that are not JSON objects. */
	{"malformed JSON", "POST", "/v1/people", NULL, "{\"name\": ", 400, NULL},
	{"duplicate keys", "POST", "/v1/people", NULL, "{\"name\": \"a\", \"name\": \"b\"}", 400, NULL},
	{"not an object", "POST", "/v1/people", NULL, "[1, 2]", 422, NULL},
	{"empty body", "POST", "/v1/people", NULL, "", 400, NULL},
	{"wrong content type", "POST", "/v1/people", "text/plain", "{\"name\": \"a\"}", 415, NULL},
	{"form content type", "POST", "/v1/people", "application/x-www-form-urlencoded", "name=a", 415,
	 NULL},
	{"other charset", "POST", "/v1/people", "application/json; charset=latin1", "{\"name\": \"a\"}",
	 415, NULL},
	{"merge patch type on POST", "POST", "/v1/people", "application/merge-patch+json",
	 "{\"name\": \"a\"}", 415, NULL},
	/* Fields. */
	{"unknown fields", "POST", "/v1/people", NULL, "{\"name\": \"a\", \"nmae\": \"b\", \"age\": 3}",
	 422, "nmae age"},
	{"server fields", "POST", "/v1/people", NULL, "{\"name\": \"a\", \"id\": 7, \"version\": 2}",
	 422, "id version"},
	{"required missing", "POST", "/v1/detentions", NULL, "{}", 422, "person_id country status"},
	{"required null", "POST", "/v1/people", NULL, "{\"name\": null}", 422, "name"},
	{"required empty", "POST", "/v1/people", NULL, "{\"name\": \"\"}", 422, "name"},
	{"wrong types", "POST", "/v1/detentions", NULL,
	 "{\"person_id\": \"{P}\", \"country\": 7, \"status\": \"held\", \"wrongfully_detained\": \"yes\","
	 " \"charges\": \"spying\", \"notes\": 5}",
	 422, "person_id country charges wrongfully_detained notes"},
	{"id not positive", "POST", "/v1/detentions", NULL,
	 "{\"person_id\": 0, \"country\": \"RU\", \"status\": \"held\"}", 422, "person_id"},
	{"id not integer", "POST", "/v1/detentions", NULL,
	 "{\"person_id\": 1.5, \"country\": \"RU\", \"status\": \"held\"}", 422, "person_id"},
	{"too long", "POST", "/v1/people", NULL,
	 "{\"name\": \"a\", \"wikidata_id\": \"Q1234567890123\"}", 422, "wikidata_id"},
	{"bad dates", "POST", "/v1/people", NULL, "{\"name\": \"a\", \"born_on\": \"2023-02-30\"}", 422,
	 "born_on"},
	{"month 13", "POST", "/v1/negotiations", NULL,
	 "{\"title\": \"t\", \"status\": \"active\", \"started_on\": \"2023-13\", \"ended_on\": \"May 2023\"}",
	 422, "started_on ended_on"},
	{"countries", "POST", "/v1/people", NULL,
	 "{\"name\": \"a\", \"citizenships\": [\"RU\", \"XX\", \"us\", \"RU\", 4]}", 422,
	 "citizenships[1] citizenships[2] citizenships[3] citizenships[4]"},
	{"country (a side: SU is one since v1.2)", "POST", "/v1/detentions", NULL,
	 "{\"person_id\": {P}, \"country\": \"Ha\", \"status\": \"held\"}", 422, "country"},
	{"enum", "POST", "/v1/detentions", NULL,
	 "{\"person_id\": {P}, \"country\": \"RU\", \"status\": \"jailed\"}", 422, "status"},
	{"strings", "POST", "/v1/people", NULL, "{\"name\": \"a\", \"aliases\": [\"ok\", \"\", 3]}",
	 422, "aliases[1] aliases[2]"},
	{"missing reference", "POST", "/v1/detentions", NULL,
	 "{\"person_id\": 999999, \"country\": \"RU\", \"status\": \"held\"}", 422, "person_id"},
	{"url", "POST", "/v1/sources", NULL,
	 "{\"url\": \"ftp://x.example/a\", \"archive_url\": \"http:// x\"}", 422, "url archive_url"},
	{"language", "POST", "/v1/sources", NULL,
	 "{\"url\": \"https://x.example/lang\", \"language\": \"english!\"}", 422, "language"},
	{"SQL-looking text is only text", "POST", "/v1/detentions", NULL,
	 "{\"person_id\": {P}, \"country\": \"RU'; DROP TABLE people; --\", \"status\": \"held\"}", 422,
	 "country"},
	/* Children. */
	{"no releases", "POST", "/v1/swaps", NULL, "{\"occurred_on\": \"2025\", \"releases\": []}", 422,
	 "releases"},
	{"release fields", "POST", "/v1/swaps", NULL,
	 "{\"occurred_on\": \"2025\", \"releases\": [{\"person_id\": {P}}, {\"released_by\": \"XX\", \"extra\": 1}, 5]}",
	 422,
	 "releases[0].released_by releases[1].extra releases[1].person_id releases[1].released_by releases[2]"},
	{"participant reference", "POST", "/v1/negotiations", NULL,
	 "{\"title\": \"t\", \"status\": \"active\", \"participants\": [{\"person_id\": 999999}]}", 422,
	 "participants[0].person_id"},
	/* Citations. */
	{"citation subject", "POST", "/v1/citations", NULL,
	 "{\"source_id\": {S}, \"subject_type\": \"person\", \"subject_id\": 999999}", 422, "subject_id"},
	{"citation field", "POST", "/v1/citations", NULL,
	 "{\"source_id\": {S}, \"subject_type\": \"person\", \"subject_id\": {P}, \"field\": \"shoe_size\"}",
	 422, "field"},
	{"citation quote", "POST", "/v1/citations", NULL,
	 "{\"source_id\": {S}, \"subject_type\": \"person\", \"subject_id\": {P}, \"quote\": \"talks failed\"}",
	 422, "quote"},
	{"inline citations", "POST", "/v1/people", NULL,
	 "{\"name\": \"a\", \"citations\": [{\"source_url\": \"https://nowhere.example/\"},"
	 " {\"source_id\": {S}, \"quote\": \"not in it\"}, {\"quote\": \"x\"}, {\"source_id\": {S}, \"subject_id\": 3}]}",
	 422,
	 "citations[0].source_url citations[1].quote citations[2].source_id citations[3].subject_type"},
	{"citations on patch", "PATCH", "/v1/people/{P}", NULL, "{\"citations\": []}", 422, "citations"},
	/* Queries. */
	{"unknown parameter", "GET", "/v1/people?nmae=x", NULL, NULL, 400, "nmae"},
	{"parameter twice", "GET", "/v1/detentions?status=held&status=died", NULL, NULL, 400, "status"},
	{"bad filter values", "GET",
	 "/v1/detentions?country=XX&status=gone&person_id=abc&wrongfully_detained=maybe", NULL, NULL,
	 400, "country status person_id wrongfully_detained"},
	{"bad limit", "GET", "/v1/people?limit=501", NULL, NULL, 400, "limit"},
	{"bad sort", "GET", "/v1/people?sort=-shoe_size", NULL, NULL, 400, "sort"},
	{"bad cursor", "GET", "/v1/people?after=bm90LWEtY3Vyc29y", NULL, NULL, 400, "after"},
	{"bad range", "GET", "/v1/detentions?from=2023-02-30", NULL, NULL, 400, "from"},
	{"from after to", "GET", "/v1/detentions?from=2025&to=2024-12", NULL, NULL, 400, "from"},
	{"query not UTF-8", "GET", "/v1/sources?outlet=%ff", NULL, NULL, 400, "outlet"},
	{"body not UTF-8", "POST", "/v1/people", NULL, "{\"name\": \"\xff\"}", 400, NULL},
	{"number too large", "POST", "/v1/detentions", NULL,
	 "{\"person_id\": 99999999999999999999, \"country\": \"RU\", \"status\": \"held\"}", 400, NULL},
	{"range on a collection without one", "GET", "/v1/people?from=2023", NULL, NULL, 400, "from"},
	{"query on a record", "GET", "/v1/people/{P}?limit=1", NULL, NULL, 400, "limit"},
	/* Not found. */
	{"no such record", "GET", "/v1/people/999999", NULL, NULL, 404, NULL},
	{"not an id", "GET", "/v1/people/abc", NULL, NULL, 404, NULL},
	{"patch a missing record", "PATCH", "/v1/people/999999", NULL, "{\"name\": \"x\"}", 404, NULL},
	{"nested list of a missing parent", "GET", "/v1/sources/999999/citations", NULL, NULL, 404, NULL},
};

static int setup(void **state)
{
	(void)state;
	return world_setup("test_validation");
}

static int teardown(void **state)
{
	(void)state;
	return world_teardown();
}

static void run_case(const struct bad_case *c)
{
	char *path = world_subst(c->path), *body = c->body ? world_subst(c->body) : NULL;
	char *ct = th_fmt("Content-Type: %s", c->content_type ? c->content_type : "application/json");
	const char *hdr[] = {ct, NULL};
	char *before = world_fingerprint(), *after, *fields;
	struct th_resp r;

	th_request(&W.srv, c->method, path, body ? hdr : NULL, body, body ? strlen(body) : 0, &r);
	if (r.status != c->status)
		fail_msg("%s: expected %ld, got %ld: %s", c->name, c->status, r.status, r.body);
	th_assert_problem(&r, c->status);
	fields = th_error_fields(&r);
	if (strcmp(fields, c->fields ? c->fields : "") != 0)
		fail_msg("%s: expected errors on '%s', got '%s': %s", c->name,
			 c->fields ? c->fields : "", fields, r.body);
	/* Never SQL or internals in what the client reads. */
	assert_null(strstr(r.body, "SELECT"));
	assert_null(strstr(r.body, "ERROR:"));
	after = world_fingerprint();
	if (strcmp(before, after) != 0)
		fail_msg("%s changed the database: %s -> %s", c->name, before, after);
	free(fields);
	free(before);
	free(after);
	th_resp_free(&r);
	free(path);
	free(body);
	free(ct);
}

static void every_bad_input(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
}

static void unique_url_is_409_naming_the_first(void **state)
{
	char *body = th_fmt("{\"url\": \"https://news.example/test_validation\"}");
	char *before = world_fingerprint(), *after;
	struct th_resp r;

	(void)state;
	th_json(&W.srv, "POST", "/v1/sources", body, &r);
	th_assert_problem(&r, 409);
	assert_int_equal(json_integer_value(json_object_get(r.json, "existing_id")), W.source);
	after = world_fingerprint();
	assert_string_equal(before, after);
	th_resp_free(&r);
	free(body);
	free(before);
	free(after);
}

static void delete_referenced_is_409_naming_referrers(void **state)
{
	char *path = th_fmt("/v1/people/%lld", W.person), *before = world_fingerprint(), *after;
	struct th_resp r;
	json_t *refs, *first;

	(void)state;
	th_request(&W.srv, "DELETE", path, NULL, NULL, 0, &r);
	th_assert_problem(&r, 409);
	refs = json_object_get(r.json, "referrers");
	assert_true(json_array_size(refs) >= 1);
	first = json_array_get(refs, 0);
	assert_string_equal(json_string_value(json_object_get(first, "collection")), "detentions");
	assert_int_equal(json_integer_value(json_object_get(first, "id")), W.detention);
	assert_non_null(strstr(json_string_value(json_object_get(r.json, "detail")), "/v1/detentions/"));
	after = world_fingerprint();
	assert_string_equal(before, after);
	th_resp_free(&r);
	free(path);
	free(before);
	free(after);
}

static void method_not_allowed_on_collection(void **state)
{
	struct th_resp r;
	char *allow;

	(void)state;
	th_request(&W.srv, "DELETE", "/v1/people", NULL, NULL, 0, &r);
	th_assert_problem(&r, 405);
	allow = th_header(&r, "Allow");
	assert_string_equal(allow, "GET, HEAD, POST, OPTIONS");
	free(allow);
	th_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_bad_input),
		cmocka_unit_test(unique_url_is_409_naming_the_first),
		cmocka_unit_test(delete_referenced_is_409_naming_referrers),
		cmocka_unit_test(method_not_allowed_on_collection),
	};

	return cmocka_run_group_tests_name("validation", tests, setup, teardown);
}
