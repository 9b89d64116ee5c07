/* What reporting says (contract v1.1, "Statements" and "More of what reporting says"), against
 * the real binary: statements with their speaker, audience and subjects, listed by the
 * negotiations and swaps they are about and shown on timelines; a swap's parties and how many it
 * freed; a detention's sentence date; citations of a child's field; a release that a swap made
 * carrying the swap's citations; and all of it through export and import. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

TH_GROUP("test_reporting")

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static json_t *get(const char *fmt, long long id)
{
	char *path = th_fmt(fmt, id);
	json_t *j = th_get(&G.srv, path);

	free(path);
	return j;
}

/* A request to a formatted path (and a JSON body, or NULL). */
static void call(const char *method, const char *body, struct th_resp *r, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void call(const char *method, const char *body, struct th_resp *r, const char *fmt, ...)
{
	va_list ap;
	char *path;

	va_start(ap, fmt);
	if (vasprintf(&path, fmt, ap) < 0)
		path = NULL;
	va_end(ap);
	assert_non_null(path);
	th_json(&G.srv, method, path, body, r);
	free(path);
}

/* The events of a person's timeline of this kind, in order (a new reference). */
static json_t *events(long long person, const char *kind)
{
	json_t *t = get("/v1/people/%lld/timeline", person), *out = json_array(), *e;
	size_t i;

	json_array_foreach(json_object_get(t, "items"), i, e)
		if (strcmp(str(e, "kind"), kind) == 0)
			json_array_append(out, e);
	json_decref(t);
	return out;
}

static long long make_source(const char *tag)
{
	return th_create(&G.srv, "/v1/sources",
			 "{\"url\": \"https://reporting.example/%s\","
			 " \"title\": \"Talks\", \"outlet\": \"Axios\", \"published_on\": \"2025-11-18\","
			 " \"content\": \"Dmitriev told Axios: \\u201cI met some U.S. officials.\\u201d "
			 "A U.S. official confirmed it. The swap freed 26 people.\"}",
			 tag);
}

static void statements_are_recorded_filtered_and_listed(void **state)
{
	long long src = make_source("statements");
	long long who = th_create(&G.srv, "/v1/people", "{\"name\": \"Kirill Dmitriev\"}");
	long long neg = th_create(&G.srv, "/v1/negotiations",
				  "{\"title\": \"Talks\", \"status\": \"proposed\"}");
	long long other = th_create(&G.srv, "/v1/negotiations",
				    "{\"title\": \"Other\", \"status\": \"active\"}");
	struct th_resp r;
	json_t *s, *n, *l;
	char *etag, *inm, *path;
	long long id, unnamed;

	(void)state;
	n = get("/v1/negotiations/%lld", neg);
	assert_int_equal(json_array_size(json_object_get(n, "statements")), 0);
	json_decref(n);
	call("GET", NULL, &r, "/v1/negotiations/%lld", neg);
	etag = th_header(&r, "ETag");
	th_resp_free(&r);

	/* A named speaker, with its citation given inline: statements are citable. */
	id = th_create(&G.srv, "/v1/statements",
		       "{\"speaker_id\": %lld, \"said_on\": \"2025-11-18\","
		       " \"audience\": \"Axios\", \"text\": \"I met some U.S. officials.\", \"kind\": \"quote\","
		       " \"negotiation_id\": %lld, \"citations\": [{\"source_id\": %lld,"
		       " \"quote\": \"I met some U.S. officials.\", \"attributed_to\": \"Kirill Dmitriev, to Axios\"}]}",
		       who, neg, src);
	s = get("/v1/statements/%lld", id);
	assert_string_equal(str(s, "audience"), "Axios");
	assert_string_equal(str(s, "kind"), "quote");
	assert_int_equal(json_integer_value(json_object_get(s, "speaker_id")), who);
	assert_int_equal(json_array_size(json_object_get(s, "citations")), 1);
	assert_string_equal(str(json_array_get(json_object_get(s, "citations"), 0), "attributed_to"),
			    "Kirill Dmitriev, to Axios");
	json_decref(s);
	/* An unnamed speaker. */
	unnamed = th_create(&G.srv, "/v1/statements",
			    "{\"speaker\": \"a U.S. official\", \"audience\":"
			    " \"Axios\", \"text\": \"The White House welcomed the proposal.\","
			    " \"kind\": \"paraphrase\", \"said_on\": \"2025-11\", \"negotiation_id\": %lld}",
			    neg);
	th_create(&G.srv, "/v1/statements",
		  "{\"speaker\": \"an aide\", \"text\": \"Nothing.\","
		  " \"negotiation_id\": %lld, \"said_on\": \"2019\"}",
		  other);

	/* The negotiation lists its statements, and its ETag says its representation changed. */
	n = get("/v1/negotiations/%lld", neg);
	l = json_object_get(n, "statements");
	assert_int_equal(json_array_size(l), 2);
	assert_int_equal(json_integer_value(json_array_get(l, 0)), id);
	assert_int_equal(json_integer_value(json_array_get(l, 1)), unnamed);
	json_decref(n);
	inm = th_fmt("If-None-Match: %s", etag);
	{
		const char *h[] = {inm, NULL};
		char *one = th_fmt("/v1/negotiations/%lld", neg);
		th_request(&G.srv, "GET", one, h, NULL, 0, &r);
		free(one);
	}
	th_expect(&r, 200);
	th_resp_free(&r);

	/* Filters and the nested list. */
	path = th_fmt("/v1/statements?speaker_id=%lld", who);
	assert_true(th_items_have(&G.srv, path, id));
	assert_false(th_items_have(&G.srv, path, unnamed));
	free(path);
	path = th_fmt("/v1/statements?negotiation_id=%lld&kind=paraphrase", neg);
	assert_true(th_items_have(&G.srv, path, unnamed));
	assert_false(th_items_have(&G.srv, path, id));
	free(path);
	path = th_fmt("/v1/statements?negotiation_id=%lld&from=2025-11-10&to=2025-11-30", neg);
	assert_true(th_items_have(&G.srv, path, id));
	assert_true(th_items_have(&G.srv, path, unnamed)); /* "2025-11" overlaps */
	free(path);
	path = th_fmt("/v1/negotiations/%lld/statements", neg);
	assert_true(th_items_have(&G.srv, path, id));
	free(path);
	path = th_fmt("/v1/statements?negotiation_id=%lld", other);
	assert_false(th_items_have(&G.srv, path, id));
	free(path);

	/* The negotiation's list is read only, and the rest of it can still be patched. */
	call("PATCH", "{\"statements\": []}", &r, "/v1/negotiations/%lld", neg);
	th_expect(&r, 422);
	assert_non_null(strstr(r.body, "set by the server"));
	th_resp_free(&r);
	call("PATCH", "{\"status\": \"stalled\"}", &r, "/v1/negotiations/%lld", neg);
	th_expect(&r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "statements")), 2);
	th_resp_free(&r);
	/* A negotiation that statements are about cannot be deleted from under them. */
	call("DELETE", NULL, &r, "/v1/negotiations/%lld", other);
	th_expect(&r, 409);
	assert_non_null(strstr(r.body, "statements"));
	th_resp_free(&r);
	free(inm);
	free(etag);
}

static void a_statement_needs_a_speaker_and_a_subject(void **state)
{
	struct th_resp r;
	char *fields;

	(void)state;
	th_json(&G.srv, "POST", "/v1/statements", "{\"text\": \"Words.\"}", &r);
	th_expect(&r, 422);
	fields = th_error_fields(&r);
	assert_string_equal(fields, "speaker_id negotiation_id");
	free(fields);
	th_resp_free(&r);
	th_json(&G.srv, "POST", "/v1/statements",
		"{\"speaker\": \"x\", \"person_id\": 999999,"
		" \"text\": \"\", \"kind\": \"rumour\", \"said_on\": \"2025-13\"}",
		&r);
	th_expect(&r, 422);
	fields = th_error_fields(&r);
	assert_string_equal(fields, "said_on text kind person_id");
	free(fields);
	th_resp_free(&r);
}

static void timelines_show_statements(void **state)
{
	long long who = th_create(&G.srv, "/v1/people", "{\"name\": \"Speaker One\"}");
	long long about = th_create(&G.srv, "/v1/people", "{\"name\": \"Held One\"}");
	long long said = th_create(&G.srv, "/v1/statements",
				   "{\"speaker_id\": %lld, \"person_id\":"
				   " %lld, \"said_on\": \"2024-03-02\", \"audience\": \"reporters\","
				   " \"text\": \"He must be freed.\"}",
				   who, about);
	json_t *e;

	(void)state;
	e = events(who, "statement");
	assert_int_equal(json_array_size(e), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(e, 0), "id")), said);
	assert_string_equal(str(json_array_get(e, 0), "role"), "speaker");
	assert_string_equal(str(json_array_get(e, 0), "collection"), "statements");
	assert_string_equal(str(json_array_get(e, 0), "summary"), "To reporters: He must be freed.");
	json_decref(e);
	e = events(about, "statement");
	assert_int_equal(json_array_size(e), 1);
	assert_string_equal(str(json_array_get(e, 0), "role"), "subject");
	json_decref(e);
}

static void swaps_say_their_parties_and_how_many_went_free(void **state)
{
	long long a = th_create(&G.srv, "/v1/people", "{\"name\": \"Party A\"}");
	long long b = th_create(&G.srv, "/v1/people", "{\"name\": \"Party B\"}");
	long long c = th_create(&G.srv, "/v1/people", "{\"name\": \"Party C\"}");
	long long s1, s2;
	struct th_resp r;
	json_t *s, *p;
	char *path, *body, *fields;

	(void)state;
	/* Left out: the releasing states in the order of the releases, and as many as named. */
	s1 = th_create(&G.srv, "/v1/swaps",
		       "{\"occurred_on\": \"2024-08-01\", \"mediators\": [\"TR\"],"
		       " \"releases\": [{\"person_id\": %lld, \"released_by\": \"RU\"},"
		       " {\"person_id\": %lld, \"released_by\": \"DE\"}, {\"person_id\": %lld, \"released_by\": \"RU\"}]}",
		       a, b, c);
	s = get("/v1/swaps/%lld", s1);
	p = json_object_get(s, "parties");
	assert_int_equal(json_array_size(p), 2);
	assert_string_equal(json_string_value(json_array_get(p, 0)), "RU");
	assert_string_equal(json_string_value(json_array_get(p, 1)), "DE");
	assert_int_equal(json_integer_value(json_object_get(s, "released_count")), 3);
	json_decref(s);
	/* Given: kept as given. */
	s2 = th_create(&G.srv, "/v1/swaps",
		       "{\"occurred_on\": \"2024-08-01\", \"parties\": [\"RU\", \"BY\","
		       " \"US\", \"DE\"], \"released_count\": 26, \"releases\": [{\"person_id\": %lld,"
		       " \"released_by\": \"BY\"}]}",
		       a);
	s = get("/v1/swaps/%lld", s2);
	assert_int_equal(json_array_size(json_object_get(s, "parties")), 4);
	assert_int_equal(json_integer_value(json_object_get(s, "released_count")), 26);
	json_decref(s);
	/* Fewer free than named, or a count that is not one. */
	body = th_fmt("{\"occurred_on\": \"2024\", \"released_count\": 1, \"releases\": ["
		      "{\"person_id\": %lld, \"released_by\": \"RU\"}, {\"person_id\": %lld,"
		      " \"released_by\": \"RU\"}]}",
		      a, b);
	th_json(&G.srv, "POST", "/v1/swaps", body, &r);
	free(body);
	th_expect(&r, 422);
	assert_non_null(strstr(r.body, "released_count"));
	th_resp_free(&r);
	body = th_fmt("{\"occurred_on\": \"2024\", \"released_count\": -3, \"parties\": [\"XX\"],"
		      " \"releases\": [{\"person_id\": %lld, \"released_by\": \"RU\"}]}",
		      a);
	th_json(&G.srv, "POST", "/v1/swaps", body, &r);
	free(body);
	th_expect(&r, 422);
	fields = th_error_fields(&r);
	assert_string_equal(fields, "parties[0] released_count");
	free(fields);
	th_resp_free(&r);
	/* Filters on parties and mediators. */
	assert_true(th_items_have(&G.srv, "/v1/swaps?party=DE", s1));
	assert_true(th_items_have(&G.srv, "/v1/swaps?party=BY", s2));
	assert_false(th_items_have(&G.srv, "/v1/swaps?party=BY", s1));
	assert_true(th_items_have(&G.srv, "/v1/swaps?mediator=TR", s1));
	assert_false(th_items_have(&G.srv, "/v1/swaps?mediator=TR", s2));
	th_request(&G.srv, "GET", "/v1/swaps?party=de", NULL, NULL, 0, &r);
	th_expect(&r, 400);
	th_resp_free(&r);
	/* A swap's count must stay at least its releases when they change. */
	path = th_fmt("/v1/swaps/%lld", s1);
	th_json(&G.srv, "PATCH", path, "{\"released_count\": 2}", &r);
	th_expect(&r, 422);
	th_resp_free(&r);
	free(path);
}

static void sentences_and_swap_releases_on_the_timeline(void **state)
{
	long long src = make_source("timeline");
	long long who = th_create(&G.srv, "/v1/people", "{\"name\": \"Sentenced One\"}");
	long long det = th_create(&G.srv, "/v1/detentions",
				  "{\"person_id\": %lld, \"country\": \"RU\","
				  " \"status\": \"held\", \"detained_on\": \"2023-03\", \"sentenced_on\":"
				  " \"2024-07-19\", \"sentence\": \"16 years\"}",
				  who);
	long long swap = th_create(
		&G.srv, "/v1/swaps",
		"{\"occurred_on\": \"2024-08-01\", \"releases\":"
		" [{\"person_id\": %lld, \"detention_id\": %lld, \"released_by\": \"RU\"}],"
		" \"citations\": [{\"source_id\": %lld, \"quote\": \"The swap freed 26 people.\"}]}",
		who, det, src);
	json_t *t = get("/v1/people/%lld/timeline", who), *items = json_object_get(t, "items"), *e;
	const char *order[] = {"detained", "sentenced", "swap", "released"};
	size_t i;

	(void)state;
	assert_int_equal(json_array_size(items), 4);
	json_array_foreach(items, i, e)
		assert_string_equal(str(e, "kind"), order[i]);
	e = json_array_get(items, 1);
	assert_string_equal(str(e, "date"), "2024-07-19");
	assert_string_equal(str(e, "summary"), "Sentenced in RU to 16 years");
	/* The release the swap made carries the swap's citation. */
	e = json_array_get(items, 3);
	assert_string_equal(str(e, "date"), "2024-08-01");
	assert_int_equal(json_array_size(json_object_get(e, "citations")), 1);
	assert_string_equal(str(json_array_get(json_object_get(e, "citations"), 0), "quote"),
			    "The swap freed 26 people.");
	json_decref(t);
	t = get("/v1/detentions/%lld", det);
	assert_string_equal(str(t, "sentenced_on"), "2024-07-19");
	json_decref(t);
	assert_true(th_items_have(&G.srv, "/v1/detentions?sort=-sentenced_on&limit=500", det));
	(void)swap;
}

static void citations_may_name_a_childs_field(void **state)
{
	long long src = make_source("children");
	long long a = th_create(&G.srv, "/v1/people", "{\"name\": \"Child A\"}");
	long long swap = th_create(&G.srv, "/v1/swaps",
				   "{\"occurred_on\": \"2024\", \"releases\":"
				   " [{\"person_id\": %lld, \"released_by\": \"RU\", \"released_to\": \"US\"}]}",
				   a);
	const char *bad[] = {"releases[x].released_to",
			     "releases[0].nope",
			     "releases[01].released_to",
			     "releases.released_to",
			     "place[0].x",
			     "releases[0]",
			     NULL};
	struct th_resp r;

	(void)state;
	th_create(&G.srv, "/v1/citations",
		  "{\"source_id\": %lld, \"subject_type\": \"swap\","
		  " \"subject_id\": %lld, \"field\": \"releases[0].released_to\"}",
		  src, swap);
	for (int i = 0; bad[i]; i++) {
		char *body = th_fmt("{\"source_id\": %lld, \"subject_type\": \"swap\", \"subject_id\":"
				    " %lld, \"field\": \"%s\"}",
				    src, swap, bad[i]);
		th_json(&G.srv, "POST", "/v1/citations", body, &r);
		free(body);
		if (r.status != 422)
			fail_msg("field %s: %ld", bad[i], r.status);
		th_resp_free(&r);
	}
	/* A participant's field too. */
	{
		long long neg = th_create(
			&G.srv, "/v1/negotiations",
			"{\"title\": \"Kids\", \"status\":"
			" \"active\", \"participants\": [{\"person_id\": %lld, \"role\": \"envoy\"}]}",
			a);
		th_create(&G.srv, "/v1/citations",
			  "{\"source_id\": %lld, \"subject_type\": \"negotiation\","
			  " \"subject_id\": %lld, \"field\": \"participants[0].role\"}",
			  src, neg);
	}
	/* A citation of a statement is a citation like any other, and statements are found by
	 * what they are about. */
	{
		char *path;
		long long st = th_create(&G.srv, "/v1/statements",
					 "{\"speaker\": \"a U.S. official\","
					 " \"text\": \"It was discussed.\", \"swap_id\": %lld, \"person_id\": %lld}",
					 swap, a);

		path = th_fmt("/v1/statements?swap_id=%lld", swap);
		assert_true(th_items_have(&G.srv, path, st));
		free(path);
		path = th_fmt("/v1/statements?person_id=%lld", a);
		assert_true(th_items_have(&G.srv, path, st));
		free(path);
		path = th_fmt("/v1/statements?person_id=%lld", swap + 100000);
		assert_false(th_items_have(&G.srv, path, st));
		free(path);
		path = th_fmt("/v1/swaps/%lld/statements", swap);
		assert_true(th_items_have(&G.srv, path, st));
		free(path);
		long long ci = th_create(&G.srv, "/v1/citations",
					 "{\"source_id\": %lld, \"subject_type\":"
					 " \"statement\", \"subject_id\": %lld, \"field\": \"text\","
					 " \"quote\": \"A U.S. official confirmed it.\"}",
					 src, st);
		json_t *s = get("/v1/statements/%lld", st);
		assert_int_equal(json_integer_value(
					 json_object_get(json_array_get(json_object_get(s, "citations"), 0),
							 "id")),
				 ci);
		json_decref(s);
		s = get("/v1/swaps/%lld", swap);
		assert_int_equal(json_integer_value(json_array_get(json_object_get(s, "statements"), 0)),
				 st);
		json_decref(s);
	}
}

/* Everything above leaves the database in a state its export restores. */
static void export_imports_statements_and_reporting(void **state)
{
	char *path = th_fmt("%s/reporting-%d.ndjson", getenv("SWAPTRACK_TEST_LOGS"), (int)getpid());
	char *cmd = th_fmt("DATABASE_URL='%s' %s export > %s", G.db, getenv("SWAPTRACK_BIN"), path);
	char *db = th_db_create("test_reporting_copy");
	const char *migrate[] = {"migrate", NULL}, *import[] = {"import", path, NULL};
	char *a, *b;
	const char *sql = "SELECT (SELECT count(*) FROM statements) || '/' || (SELECT"
			  " string_agg(parties::text || released_count, ',' ORDER BY id) FROM swaps)"
			  " || '/' || (SELECT count(*) FROM detentions WHERE sentenced_on IS NOT NULL)"
			  " || '/' || (SELECT count(*) FROM citations WHERE subject_type = 'statement'"
			  " OR field LIKE 'releases[%')";

	(void)state;
	assert_int_equal(system(cmd), 0);
	assert_int_equal(th_run(db, migrate, NULL), 0);
	assert_int_equal(th_run(db, import, NULL), 0);
	a = th_sql(G.db, sql);
	b = th_sql(db, sql);
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "{RU,BY,US,DE}26"));
	free(a);
	free(b);
	free(db);
	free(cmd);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(statements_are_recorded_filtered_and_listed),
		cmocka_unit_test(a_statement_needs_a_speaker_and_a_subject),
		cmocka_unit_test(timelines_show_statements),
		cmocka_unit_test(swaps_say_their_parties_and_how_many_went_free),
		cmocka_unit_test(sentences_and_swap_releases_on_the_timeline),
		cmocka_unit_test(citations_may_name_a_childs_field),
		cmocka_unit_test(export_imports_statements_and_reporting),
	};

	return cmocka_run_group_tests_name("reporting", tests, group_setup, group_teardown);
}
