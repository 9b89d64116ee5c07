/* Claims and anchors (contract v1.2, "Claims: what each source says" and "Anchors where the
 * reader pointed"): a citation's value validated as the field it cites, conflicts shown only
 * where the cited values disagree, one preferred value a field, equal citations refused (one by
 * one, inline, in a batch) or skipped, and quote_start anchoring a quote at the occurrence the
 * reader chose, through a change, a content edit, and an export and import.
 *
 * The article is our own, written as wire copy is: a flag emoji in the dateline, CRLF line ends,
 * a no-break space, "Russian" three times and one date twice, so that code points, UTF-16 units
 * and bytes all differ before the words a reader clicks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

TH_GROUP("test_claims")

/* U+1F1F7 U+1F1FA (a flag: two astral code points, four UTF-16 units, eight bytes). */
#define FLAG "\xF0\x9F\x87\xB7\xF0\x9F\x87\xBA"
#define NBSP "\xC2\xA0"
static const char article[] = "MOSCOW " FLAG " \xE2\x80\x94 A Russian court freed him on 2024-08-01.\r\n"
			      "The Russian side said 24 people were freed;" NBSP
			      "the Russian foreign ministry later "
			      "said 26.\r\nOn 2024-08-01 the plane left Ankara.";

static long long source, person, swap;

/* The code point at which the nth (from 1) occurrence of needle starts in text. */
static long long cp_at(const char *text, const char *needle, int nth)
{
	const char *at = text;
	long long cp = 0;

	for (int i = 0; i < nth; i++) {
		at = strstr(i ? at + 1 : at, needle);
		assert_non_null(at);
	}
	for (const char *s = text; s < at; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			cp++;
	return cp;
}

/* Whether text (malloc'd, freed here) holds needle. */
static int holds(char *text, const char *needle)
{
	int found = text && strstr(text, needle) != NULL;

	free(text);
	return found;
}

/* POST or PATCH of a JSON value (stolen) to path. */
static void send(const char *method, const char *path, json_t *body, struct th_resp *r)
{
	char *text = json_dumps(body, JSON_COMPACT);

	th_json(&G.srv, method, path, text, r);
	free(text);
	json_decref(body);
}

/* A citation of the person, made or refused: its status, and its id in *id. */
static long cite(json_t *body, long long *id)
{
	struct th_resp r;
	long status;

	send("POST", "/v1/citations", body, &r);
	status = r.status;
	if (id)
		*id = json_integer_value(json_object_get(r.json, "id"));
	if (status != 201 && status != 409 && status != 422)
		th_expect(&r, 201);
	th_resp_free(&r);
	return status;
}

static json_t *of_person(const char *field, json_t *value, const char *quote)
{
	json_t *o = json_pack("{s:I, s:s, s:I}", "source_id", (json_int_t)source, "subject_type",
			      "person", "subject_id", (json_int_t)person);

	if (field)
		json_object_set_new(o, "field", json_string(field));
	if (value)
		json_object_set_new(o, "value", value);
	if (quote)
		json_object_set_new(o, "quote", json_string(quote));
	return o;
}

static void make_records(void)
{
	json_t *body;
	struct th_resp r;

	if (source)
		return;
	body = json_pack("{s:s, s:s}", "url", "https://example.org/claims", "content", article);
	send("POST", "/v1/sources", body, &r);
	th_expect(&r, 201);
	source = json_integer_value(json_object_get(r.json, "id"));
	th_resp_free(&r);
	person = th_create(&G.srv, "/v1/people?duplicate=allow",
			   "{\"name\": \"Claimed Person\", \"born_on\": \"1975-05-02\","
			   " \"citizenships\": [\"US\"]}");
	swap = th_create(&G.srv, "/v1/swaps",
			 "{\"occurred_on\": \"2024-08-01\", \"groups\": ["
			 "{\"released_by\": \"RU\", \"released_to\": \"US\", \"count\": 26,"
			 " \"category\": \"political_prisoners\"}]}");
}

/* The first error's field of a 422 or 409, and its status. */
static long refused_at(json_t *body, const char *field)
{
	struct th_resp r;
	long status;

	send("POST", "/v1/citations", body, &r);
	status = r.status;
	if (status != 422)
		fail_msg("expected 422 at %s, got %ld: %s", field, r.status, r.body);
	assert_true(holds(th_error_fields(&r), field));
	th_resp_free(&r);
	return status;
}

static void a_value_is_validated_as_the_field_it_cites(void **state)
{
	json_t *b;
	long long id;

	(void)state;
	make_records();
	/* Without a field; a date that is none; a list given whole; a member that is no side. */
	refused_at(of_person(NULL, json_string("1975"), NULL), "value");
	refused_at(of_person("born_on", json_string("1975-13"), NULL), "value");
	refused_at(of_person("citizenships", json_pack("[s]", "RU"), NULL), "value");
	refused_at(of_person("citizenships", json_string("XX"), NULL), "value");
	refused_at(of_person("born_on", json_integer(1975), NULL), "value");
	/* A child's count is an integer; the whole list and a derived member take no value. */
	b = json_pack("{s:I, s:s, s:I, s:s, s:s}", "source_id", (json_int_t)source, "subject_type",
		      "swap", "subject_id", (json_int_t)swap, "field", "groups[0].count", "value",
		      "twenty-four");
	refused_at(b, "value");
	b = json_pack("{s:I, s:s, s:I, s:s, s:i}", "source_id", (json_int_t)source, "subject_type",
		      "swap", "subject_id", (json_int_t)swap, "field", "groups", "value", 24);
	refused_at(b, "value");
	b = json_pack("{s:I, s:s, s:I, s:s, s:s}", "source_id", (json_int_t)source, "subject_type",
		      "swap", "subject_id", (json_int_t)swap, "field", "sides", "value", "RU");
	refused_at(b, "value");
	b = json_pack("{s:I, s:s, s:I, s:s, s:s}", "source_id", (json_int_t)source, "subject_type",
		      "swap", "subject_id", (json_int_t)swap, "field", "derived", "value", "kind");
	refused_at(b, "value");
	/* A party that no record has, as a member of a list of sides. */
	b = json_pack("{s:I, s:s, s:I, s:s, s:s}", "source_id", (json_int_t)source, "subject_type",
		      "swap", "subject_id", (json_int_t)swap, "field", "parties", "value", "nosuchparty");
	refused_at(b, "value");
	/* What holds: a partial date, a member of a list, a child's count. */
	assert_int_equal(cite(of_person("born_on", json_string("1975-05"), "2024-08-01"), &id), 201);
	b = json_pack("{s:I, s:s, s:I, s:s, s:i, s:s}", "source_id", (json_int_t)source, "subject_type",
		      "swap", "subject_id", (json_int_t)swap, "field", "groups[0].count", "value", 24,
		      "quote", "24 people");
	assert_int_equal(cite(b, &id), 201);
	{
		char *path = th_fmt("/v1/citations/%lld", id);
		json_t *c = th_get(&G.srv, path);
		assert_int_equal(json_integer_value(json_object_get(c, "value")), 24);
		assert_string_equal(json_string_value(json_object_get(c, "rank")), "normal");
		json_decref(c);
		free(path);
	}
}

/* The conflicts of the record at path, as read. */
static json_t *conflicts(const char *path, char **etag)
{
	struct th_resp r;
	json_t *c;

	th_json(&G.srv, "GET", path, NULL, &r);
	th_expect(&r, 200);
	c = json_incref(json_object_get(r.json, "conflicts"));
	assert_true(json_is_array(c));
	if (etag)
		*etag = th_header(&r, "ETag");
	th_resp_free(&r);
	return c;
}

static void conflicts_show_only_where_reports_differ(void **state)
{
	char *path, *e1 = NULL, *e2 = NULL, *text;
	long long a, b, c;
	json_t *x, *v;
	struct th_resp r;

	(void)state;
	make_records();
	path = th_fmt("/v1/swaps/%lld", swap);
	/* 24 claimed (the first test) against the record's 26: the record disagrees with it. */
	x = conflicts(path, &e1);
	assert_int_equal(json_array_size(x), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(x, 0), "field")),
			    "groups[0].count");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(x, 0), "record_value")), 26);
	json_decref(x);
	/* Embedded in the record, each citation carries its value, rank and anchor. */
	x = th_get(&G.srv, path);
	{
		json_t *ci = json_array_get(json_object_get(x, "citations"), 0);
		assert_int_equal(json_integer_value(json_object_get(ci, "value")), 24);
		assert_string_equal(json_string_value(json_object_get(ci, "rank")), "normal");
		assert_true(json_is_object(json_object_get(ci, "anchor")));
	}
	json_decref(x);
	/* A report of 26 without a value stands for the record: two values, one citation each, the
	 * first cited first. */
	text = th_fmt("{\"source_id\": %lld, \"subject_type\": \"swap\", \"subject_id\": %lld,"
		      " \"field\": \"groups[0].count\", \"quote\": \"said 26\"}",
		      source, swap);
	th_json(&G.srv, "POST", "/v1/citations", text, &r);
	th_expect(&r, 201);
	a = json_integer_value(json_object_get(r.json, "id"));
	th_resp_free(&r);
	free(text);
	x = conflicts(path, &e2);
	assert_string_not_equal(e1, e2); /* the ETag follows the conflicts */
	v = json_object_get(json_array_get(x, 0), "values");
	assert_int_equal(json_array_size(v), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(v, 0), "value")), 24);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(v, 1), "value")), 26);
	assert_int_equal(json_integer_value(
				 json_array_get(json_object_get(json_array_get(v, 1), "citations"), 0)),
			 a);
	assert_false(json_is_true(json_object_get(json_array_get(v, 0), "preferred")));
	json_decref(x);
	free(e1);
	free(e2);
	free(path);

	/* Dates agree when one's interval holds the other: 1975-05 with 1975-05-02. */
	path = th_fmt("/v1/people/%lld", person);
	x = conflicts(path, NULL);
	assert_int_equal(json_array_size(x), 0);
	json_decref(x);
	assert_int_equal(cite(of_person("born_on", NULL, "A Russian court"), &b), 201);
	x = conflicts(path, NULL);
	assert_int_equal(json_array_size(x), 0); /* two sources that agree are no conflict */
	json_decref(x);
	assert_int_equal(cite(of_person("born_on", json_string("1976"), "Russian side"), &c), 201);
	x = conflicts(path, NULL);
	assert_int_equal(json_array_size(x), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(x, 0), "record_value")),
			    "1975-05-02");
	assert_int_equal(json_array_size(json_object_get(json_array_get(x, 0), "values")), 3);
	json_decref(x);
	/* Deprecated, it claims nothing. */
	text = th_fmt("/v1/citations/%lld", c);
	th_json(&G.srv, "PATCH", text, "{\"rank\": \"deprecated\"}", &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	free(text);
	x = conflicts(path, NULL);
	assert_int_equal(json_array_size(x), 0);
	json_decref(x);

	/* A list: a claimed member the record's list holds agrees; one it lacks does not. */
	assert_int_equal(cite(of_person("citizenships", json_string("US"), "plane left"), NULL), 201);
	x = conflicts(path, NULL);
	assert_int_equal(json_array_size(x), 0);
	json_decref(x);
	assert_int_equal(cite(of_person("citizenships", json_string("RU"), "foreign ministry"), NULL),
			 201);
	x = conflicts(path, NULL);
	assert_int_equal(json_array_size(x), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(x, 0), "field")),
			    "citizenships");
	json_decref(x);
	/* In a list read, by fields=, and never written. */
	text = th_fmt("/v1/people?fields=conflicts&limit=500");
	x = th_get(&G.srv, text);
	free(text);
	assert_true(holds(json_dumps(x, 0), "citizenships"));
	json_decref(x);
	th_json(&G.srv, "PATCH", path, "{\"conflicts\": []}", &r);
	th_assert_problem(&r, 422);
	th_resp_free(&r);
	free(path);
}

static void one_value_of_a_field_is_preferred(void **state)
{
	long long a, b, c;
	struct th_resp r;
	char *path;
	json_t *h;

	(void)state;
	make_records();
	assert_int_equal(cite(of_person("occupation", json_string("pilot"), "Russian court"), &a), 201);
	assert_int_equal(cite(of_person("occupation", json_string("engineer"), "Russian foreign"), &b),
			 201);
	path = th_fmt("/v1/citations/%lld", a);
	th_json(&G.srv, "PATCH", path, "{\"rank\": \"preferred\"}", &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	/* The same value preferred twice is one value; another gets 409 naming the first. */
	assert_int_equal(cite(json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s}", "source_id",
					(json_int_t)source, "subject_type", "person", "subject_id",
					(json_int_t)person, "field", "occupation", "value", "pilot",
					"rank", "preferred", "quote", "plane left Ankara"),
			      &c),
			 201);
	free(path);
	path = th_fmt("/v1/citations/%lld", b);
	th_json(&G.srv, "PATCH", path, "{\"rank\": \"preferred\"}", &r);
	th_assert_problem(&r, 409);
	assert_int_equal(json_integer_value(json_object_get(r.json, "preferred_id")), a);
	th_resp_free(&r);
	/* The change of rank is in the history. */
	free(path);
	path = th_fmt("/v1/citations/%lld/history", a);
	h = th_get(&G.srv, path);
	assert_true(holds(json_dumps(h, 0), "\"preferred\""));
	assert_true(holds(json_dumps(h, 0), "\"normal\""));
	json_decref(h);
	free(path);
	/* The conflict says which value is preferred. */
	path = th_fmt("/v1/people/%lld", person);
	h = conflicts(path, NULL);
	{
		char *s = json_dumps(h, 0);
		assert_non_null(strstr(s, "occupation"));
		json_t *v = json_array_get(json_object_get(json_array_get(h, json_array_size(h) - 1),
							   "values"),
					   0);
		assert_string_equal(json_string_value(json_object_get(v, "value")), "pilot");
		assert_true(json_is_true(json_object_get(v, "preferred")));
		free(s);
	}
	json_decref(h);
	free(path);
}

static void an_equal_citation_is_refused_or_skipped(void **state)
{
	long long a, b;
	struct th_resp r;
	char *text, *before, *after;

	(void)state;
	make_records();
	assert_int_equal(cite(of_person("name", NULL, "the plane"), &a), 201);
	/* Once more: 409 naming it. */
	send("POST", "/v1/citations", of_person("name", NULL, "the plane"), &r);
	th_assert_problem(&r, 409);
	assert_int_equal(json_integer_value(json_object_get(r.json, "existing_id")), a);
	th_resp_free(&r);
	/* Another field, or the quote's other occurrence, is another citation. */
	assert_int_equal(cite(of_person("description", NULL, "the plane"), &b), 201);
	/* A change that makes it equal: 409 too. */
	text = th_fmt("/v1/citations/%lld", b);
	th_json(&G.srv, "PATCH", text, "{\"field\": \"name\"}", &r);
	th_assert_problem(&r, 409);
	assert_int_equal(json_integer_value(json_object_get(r.json, "existing_id")), a);
	th_resp_free(&r);
	free(text);
	/* Inline, twice in one record. */
	text = th_fmt("{\"name\": \"Inline Twice\", \"citations\": ["
		      "{\"source_id\": %lld, \"field\": \"name\", \"quote\": \"Ankara\"},"
		      "{\"source_id\": %lld, \"field\": \"name\", \"quote\": \"Ankara\"}]}",
		      source, source);
	th_json(&G.srv, "POST", "/v1/people?duplicate=allow", text, &r);
	th_assert_problem(&r, 409);
	assert_string_equal(json_string_value(json_object_get(r.json, "duplicate_of")), "citations[0]");
	th_resp_free(&r);
	free(text);
	/* In a batch: the later operation names the earlier one, or the live one by id. */
	text = th_fmt(
		"{\"operations\": ["
		"{\"op\": \"create\", \"collection\": \"citations\", \"record\": {\"source_id\": %lld,"
		" \"subject_type\": \"person\", \"subject_id\": %lld, \"field\": \"gender\", \"quote\": \"court\"}},"
		"{\"op\": \"create\", \"collection\": \"citations\", \"record\": {\"source_id\": %lld,"
		" \"subject_type\": \"person\", \"subject_id\": %lld, \"field\": \"gender\", \"quote\": \"court\"}}]}",
		source, person, source, person);
	th_json(&G.srv, "POST", "/v1/batch", text, &r);
	th_assert_problem(&r, 409);
	assert_string_equal(json_string_value(json_object_get(r.json, "duplicate_of")), "operations[0]");
	assert_int_equal(json_integer_value(json_object_get(r.json, "operation")), 1);
	th_resp_free(&r);
	free(text);
	text = th_fmt("{\"operations\": ["
		      "{\"op\": \"create\", \"collection\": \"citations\", \"record\": {\"source_id\": %lld,"
		      " \"subject_type\": \"person\", \"subject_id\": %lld, \"field\": \"name\", \"quote\": \"the plane\"}}]}",
		      source, person);
	th_json(&G.srv, "POST", "/v1/batch", text, &r);
	th_assert_problem(&r, 409);
	assert_int_equal(json_integer_value(json_object_get(r.json, "duplicate_of")), a);
	th_resp_free(&r);
	free(text);
	/* "duplicates": "skip": the same batch twice stores it once and says so. */
	before = th_sql(G.db, "SELECT count(*) FROM citations WHERE deleted_at IS NULL");
	text = th_fmt(
		"{\"duplicates\": \"skip\", \"operations\": ["
		"{\"op\": \"create\", \"collection\": \"citations\", \"record\": {\"source_id\": %lld,"
		" \"subject_type\": \"person\", \"subject_id\": %lld, \"field\": \"name\", \"quote\": \"the plane\"}},"
		"{\"op\": \"create\", \"collection\": \"citations\", \"record\": {\"source_id\": %lld,"
		" \"subject_type\": \"person\", \"subject_id\": %lld, \"field\": \"gender\", \"quote\": \"court\"}},"
		"{\"op\": \"create\", \"collection\": \"citations\", \"record\": {\"source_id\": %lld,"
		" \"subject_type\": \"person\", \"subject_id\": %lld, \"field\": \"gender\", \"quote\": \"court\"}}]}",
		source, person, source, person, source, person);
	th_json(&G.srv, "POST", "/v1/batch", text, &r);
	th_expect(&r, 200);
	{
		json_t *res = json_object_get(r.json, "results");
		assert_int_equal(json_integer_value(json_object_get(json_array_get(res, 0), "id")), a);
		assert_true(json_is_true(json_object_get(json_array_get(res, 0), "duplicate")));
		assert_int_equal(json_integer_value(json_object_get(json_array_get(res, 0), "status")),
				 200);
		assert_int_equal(json_integer_value(json_object_get(json_array_get(res, 1), "status")),
				 201);
		assert_null(json_object_get(json_array_get(res, 1), "duplicate"));
		assert_true(json_is_true(json_object_get(json_array_get(res, 2), "duplicate")));
		assert_int_equal(json_integer_value(json_object_get(json_array_get(res, 2), "id")),
				 json_integer_value(json_object_get(json_array_get(res, 1), "id")));
	}
	th_resp_free(&r);
	th_json(&G.srv, "POST", "/v1/batch", text, &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	free(text);
	after = th_sql(G.db, "SELECT count(*) FROM citations WHERE deleted_at IS NULL");
	assert_int_equal(atoi(after), atoi(before) + 1);
	free(before);
	free(after);
	th_json(&G.srv, "POST", "/v1/batch", "{\"duplicates\": \"ignore\", \"operations\": []}", &r);
	th_assert_problem(&r, 422);
	th_resp_free(&r);
}

/* The anchor of citation id: its start. */
static long long start_of(long long id)
{
	char *path = th_fmt("/v1/citations/%lld", id);
	json_t *c = th_get(&G.srv, path);
	long long s = json_integer_value(json_object_get(json_object_get(c, "anchor"), "start"));

	json_decref(c);
	free(path);
	return s;
}

static void quote_start_anchors_where_the_reader_pointed(void **state)
{
	long long second = cp_at(article, "Russian", 2), third = cp_at(article, "Russian", 3);
	long long a, b, date2 = cp_at(article, "2024-08-01", 2);
	struct th_resp r;
	json_t *body;
	char *path, *text;

	(void)state;
	make_records();
	/* The flag is two code points and four UTF-16 units: code points are what counts. */
	assert_int_equal(cp_at(article, "A Russian", 1), 12);
	body = of_person("citizenships", NULL, "Russian");
	json_object_set_new(body, "quote_start", json_integer(second));
	assert_int_equal(cite(body, &a), 201);
	assert_int_equal(start_of(a), second);
	/* White space just before the words may be selected too. */
	body = of_person("citizenships", NULL, "Russian");
	json_object_set_new(body, "quote_start", json_integer(third - 1));
	assert_int_equal(cite(body, &b), 201);
	assert_int_equal(start_of(b), third);
	/* Not where it starts: 422 at quote_start, with the nearest occurrence. */
	body = of_person("gender", NULL, "Russian");
	json_object_set_new(body, "quote_start", json_integer(third + 2));
	send("POST", "/v1/citations", body, &r);
	th_assert_problem(&r, 422);
	assert_true(holds(th_error_fields(&r), "quote_start"));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r.json, "nearest"), "start")),
			 third);
	th_resp_free(&r);
	/* A change of something else keeps the occurrence; quote_start alone moves it. */
	path = th_fmt("/v1/citations/%lld", b);
	th_json(&G.srv, "PATCH", path, "{\"confidence\": \"confirmed\"}", &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	assert_int_equal(start_of(b), third);
	text = th_fmt("{\"quote_start\": %lld}", cp_at(article, "Russian", 1));
	th_json(&G.srv, "PATCH", path, text, &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	free(text);
	assert_int_equal(start_of(b), cp_at(article, "Russian", 1));
	free(path);
	/* Inline and in a batch, the second date. */
	text = th_fmt("{\"operations\": [{\"op\": \"create\", \"collection\": \"detentions\", \"record\":"
		      " {\"person_id\": %lld, \"country\": \"RU\", \"status\": \"released\","
		      " \"released_on\": \"2024-08-01\", \"citations\": [{\"source_id\": %lld,"
		      " \"field\": \"released_on\", \"quote\": \"2024-08-01\", \"quote_start\": %lld}]}}]}",
		      person, source, date2);
	th_json(&G.srv, "POST", "/v1/batch", text, &r);
	th_expect(&r, 200);
	{
		json_t *rec = json_object_get(json_array_get(json_object_get(r.json, "results"), 0),
					      "record");
		json_t *ci = json_array_get(json_object_get(rec, "citations"), 0);
		assert_int_equal(json_integer_value(
					 json_object_get(json_object_get(ci, "anchor"), "start")),
				 date2);
		assert_null(json_object_get(ci, "quote_start")); /* never stored: the anchor says it */
	}
	th_resp_free(&r);
	free(text);
}

/* An export carries each anchor's occurrence, and an import keeps it. */
static void export_and_import_keep_each_occurrence(void **state)
{
	char *copy, *a;

	(void)state;
	make_records();
	copy = th_exported_copy(&G, "test_claims_copy");
	a = th_same_in(G.db, copy,
		       "SELECT string_agg(id || ' ' || coalesce(anchor->>'start', '-') || ' ' ||"
		       " coalesce(value::text, '-') || ' ' || rank, ',' ORDER BY id) FROM citations"
		       " WHERE deleted_at IS NULL");
	assert_non_null(strstr(a, " preferred"));
	free(a);
	free(copy);
}

/* A change of the content keeps each citation at its own occurrence: text put before the
 * article moves every anchor by its length, and a citation of the third "Russian" stays on the
 * third. */
static void a_content_change_keeps_each_occurrence(void **state)
{
	long long third = cp_at(article, "Russian", 3), first = cp_at(article, "Russian", 1), a, b;
	struct th_resp r;
	json_t *body;
	char *path;

	(void)state;
	make_records();
	body = of_person("aliases", NULL, "Russian");
	json_object_set_new(body, "quote_start", json_integer(third));
	assert_int_equal(cite(body, &a), 201);
	body = of_person("aliases", NULL, "Russian");
	json_object_set_new(body, "quote_start", json_integer(first));
	assert_int_equal(cite(body, &b), 201);
	{
		char *content = th_fmt("Updated: an earlier Russian word. %s", article);
		json_t *patch = json_pack("{s:s}", "content", content);
		path = th_fmt("/v1/sources/%lld", source);
		send("PATCH", path, patch, &r);
		th_expect(&r, 200);
		th_resp_free(&r);
		assert_int_equal(start_of(a), cp_at(content, "Russian", 4));
		assert_int_equal(start_of(b), cp_at(content, "Russian", 2));
		/* And back: each returns to its own. */
		patch = json_pack("{s:s}", "content", article);
		send("PATCH", path, patch, &r);
		th_expect(&r, 200);
		th_resp_free(&r);
		assert_int_equal(start_of(a), third);
		assert_int_equal(start_of(b), first);
		free(content);
		free(path);
	}
}

/* Migrating keeps the oldest of equal live citations and deletes the rest with history. */
static void the_migration_keeps_the_oldest_of_equal_citations(void **state)
{
	char *db = th_db_numbered("test_claims_migrate", "00[012]*.sql 003[0-5]_*.sql"), *a;
	const char *all[] = {"migrate", NULL};

	(void)state;
	free(th_sql(db, "INSERT INTO sources (url, content) VALUES ('https://example.org/twice',"
			" 'Saved twice: the same words twice.')"));
	free(th_sql(db, "INSERT INTO people (name) VALUES ('Somebody')"));
	free(th_sql(db,
		    "INSERT INTO citations (source_id, subject_type, subject_id, field, quote, anchor)"
		    " VALUES (1, 'person', 1, 'name', 'same words', '{\"start\": 17, \"end\": 27}'),"
		    " (1, 'person', 1, 'name', 'same words', '{\"start\": 17, \"end\": 27}'),"
		    " (1, 'person', 1, 'name', 'same words', '{\"start\": 17, \"end\": 27}'),"
		    " (1, 'person', 1, 'occupation', 'same words', '{\"start\": 17, \"end\": 27}')"));
	assert_int_equal(th_run(db, all, NULL), 0);
	a = th_sql(db,
		   "SELECT string_agg(id || ':' || (deleted_at IS NULL), ',' ORDER BY id) FROM citations");
	assert_string_equal(a, "1:true,2:false,3:false,4:true");
	free(a);
	a = th_sql(db, "SELECT string_agg(record_id || ':' || action || ':' || version, ',' ORDER BY record_id)"
		       " FROM history WHERE collection = 'citations'");
	assert_string_equal(a, "2:delete:2,3:delete:2");
	free(a);
	free(db);
}

/* An import keeps the first of equal citations, deletes the others with their history, and
 * lists their lines; the HTTP import answers them too. */
#define STAMP \
	"\"version\":1,\"created_at\":\"2025-01-01T00:00:00Z\",\"updated_at\":\"2025-01-01T00:00:00Z\""
static void an_import_keeps_the_first_of_equal_citations(void **state)
{
	char *db = th_db_create("test_claims_import"), *path, *err = NULL, *a;
	const char *migrate[] = {"migrate", NULL}, *import[] = {"import", NULL, NULL};
	FILE *f;

	(void)state;
	path = th_fmt("%s/claims-%d.ndjson", getenv("SWAPTRACK_TEST_LOGS"), (int)getpid());
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"type\":\"source\",\"record\":{\"id\":1," STAMP ",\"url\":\"https://example.org/i\","
	      "\"content\":\"Twice the same words, and the same words.\"}}\n"
	      "{\"type\":\"person\",\"record\":{\"id\":1," STAMP ",\"name\":\"Somebody\"}}\n"
	      "{\"type\":\"citation\",\"record\":{\"id\":1," STAMP
	      ",\"source_id\":1,\"subject_type\":\"person\","
	      "\"subject_id\":1,\"field\":\"name\",\"quote\":\"same words\"}}\n"
	      "{\"type\":\"citation\",\"record\":{\"id\":2," STAMP
	      ",\"source_id\":1,\"subject_type\":\"person\","
	      "\"subject_id\":1,\"field\":\"name\",\"quote\":\"same words\"}}\n"
	      "{\"type\":\"citation\",\"record\":{\"id\":3," STAMP
	      ",\"source_id\":1,\"subject_type\":\"person\","
	      "\"subject_id\":1,\"field\":\"name\",\"quote\":\"same words\",\"anchor\":{\"start\":30}}}\n",
	      f);
	fclose(f);
	import[1] = path;
	assert_int_equal(th_run(db, migrate, NULL), 0);
	assert_int_equal(th_run(db, import, &err), 0);
	assert_non_null(strstr(err, "line 4: citation 2 is equal to citation 1 (line 3)"));
	assert_null(strstr(err, "citation 3 is equal"));
	free(err);
	a = th_sql(db, "SELECT string_agg(id || ':' || (deleted_at IS NULL) || ':' || (anchor->>'start'),"
		       " ',' ORDER BY id) FROM citations");
	assert_string_equal(a, "1:true:10,2:false:10,3:true:30");
	free(a);
	a = th_sql(db, "SELECT string_agg(record_id || ':' || action, ',') FROM history");
	assert_string_equal(a, "2:delete");
	free(a);
	free(path);
	free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_value_is_validated_as_the_field_it_cites),
		cmocka_unit_test(conflicts_show_only_where_reports_differ),
		cmocka_unit_test(one_value_of_a_field_is_preferred),
		cmocka_unit_test(an_equal_citation_is_refused_or_skipped),
		cmocka_unit_test(quote_start_anchors_where_the_reader_pointed),
		cmocka_unit_test(export_and_import_keep_each_occurrence),
		cmocka_unit_test(a_content_change_keeps_each_occurrence),
		cmocka_unit_test(the_migration_keeps_the_oldest_of_equal_citations),
		cmocka_unit_test(an_import_keeps_the_first_of_equal_citations),
	};

	return cmocka_run_group_tests_name("claims", tests, group_setup, group_teardown);
}
