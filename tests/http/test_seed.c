/* The seed article as a fixture: its facts entered through the API with their quotes and
 * attributions (the demo batch, scripts/demo/seed.batch.json, one request an operation), then
 * read back as a researcher would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "fixtures.h"
#include "harness.h"

#define DEMO "scripts/demo/seed.batch.json"

static struct th_server srv;
static char *db;
static json_t *ids; /* operation ref -> id */

/* Replaces each {"ref": NAME} with the id of the record that operation NAME made. */
static json_t *resolve(json_t *v)
{
	const char *key;
	json_t *out, *x;
	size_t i;

	if (json_is_object(v) && json_object_size(v) == 1 && json_is_string(json_object_get(v, "ref"))) {
		x = json_object_get(ids, json_string_value(json_object_get(v, "ref")));
		if (!x)
			fail_msg("no operation named %s yet",
				 json_string_value(json_object_get(v, "ref")));
		return json_incref(x);
	}
	if (json_is_object(v)) {
		out = json_object();
		json_object_foreach(v, key, x)
			json_object_set_new(out, key, resolve(x));
		return out;
	}
	if (json_is_array(v)) {
		out = json_array();
		json_array_foreach(v, i, x)
			json_array_append_new(out, resolve(x));
		return out;
	}
	return json_incref(v);
}

/* The demo batch, one operation a request, as a researcher without batches would enter it:
 * the same records either way (test_batch sends the file whole). */
static int setup(void **state)
{
	json_error_t err;
	json_t *doc = json_load_file(DEMO, 0, &err), *op;
	size_t i;

	(void)state;
	if (!doc) {
		fprintf(stderr, "%s: %s (line %d)\n", DEMO, err.text, err.line);
		return -1;
	}
	db = th_db_create("test_seed");
	th_server_start(&srv, db, NULL);
	ids = json_object();
	json_array_foreach(json_object_get(doc, "operations"), i, op) {
		json_t *body = resolve(json_object_get(op, "record"));
		char *text = json_dumps(body, 0);
		char *path = th_fmt("/v1/%s", json_string_value(json_object_get(op, "collection")));
		struct th_resp r;

		th_json(&srv, "POST", path, text, &r);
		if (r.status != 201) {
			fprintf(stderr, "operation %s: %ld %s\n",
				json_string_value(json_object_get(op, "ref")), r.status, r.body);
			return -1;
		}
		json_object_set(ids, json_string_value(json_object_get(op, "ref")),
				json_object_get(r.json, "id"));
		th_resp_free(&r);
		free(path);
		free(text);
		json_decref(body);
	}
	json_decref(doc);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	th_server_stop(&srv);
	json_decref(ids);
	free(db);
	return 0;
}

static json_t *record(const char *collection, const char *step)
{
	char *path = th_fmt("/v1/%s/%lld", collection,
			    (long long)json_integer_value(json_object_get(ids, step)));
	json_t *j = th_get(&srv, path);

	free(path);
	return j;
}

static const char *s(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The citation of rec whose field is field and whose source is step (NULL: any). */
static json_t *citation(json_t *rec, const char *field, const char *source_step)
{
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(rec, "citations"), i, c) {
		json_int_t src = json_integer_value(json_object_get(json_object_get(c, "source"), "id"));
		if (s(c, "field") && strcmp(s(c, "field"), field) == 0 &&
		    (!source_step || src == json_integer_value(json_object_get(ids, source_step))))
			return c;
	}
	fail_msg("no citation of %s from %s", field, source_step ? source_step : "any source");
	return NULL;
}

static void the_source_holds_the_article(void **state)
{
	json_t *mt = record("sources", "mt");
	char *text = seed_file("moscow-times-dmitriev-prisoner-swap.txt");

	(void)state;
	assert_string_equal(s(mt, "outlet"), "The Moscow Times");
	assert_string_equal(s(mt, "published_on"), "2025-11-18");
	assert_string_equal(s(mt, "content"), text); /* kept exactly, chrome and all */
	free(text);
	json_decref(mt);
}

static void fogel_keeps_both_descriptions(void **state)
{
	json_t *fogel = record("people", "fogel"), *a, *b;

	(void)state;
	assert_int_equal(json_array_size(json_object_get(fogel, "citations")), 2);
	/* Both about what he does: the article's words and other outlets', side by side. */
	a = citation(fogel, "occupation", "mt");
	b = citation(fogel, "occupation", "other");
	assert_string_equal(s(a, "quote"), "former U.S. Embassy employee Marc Fogel");
	assert_string_equal(s(json_object_get(a, "source"), "outlet"), "The Moscow Times");
	assert_string_equal(s(b, "attributed_to"), "other outlets");
	assert_string_equal(s(json_object_get(b, "source"), "outlet"), "Wikipedia");
	assert_string_equal(s(fogel, "description"), "former U.S. Embassy employee");
	assert_string_equal(s(fogel, "occupation"), "teacher");
	json_decref(fogel);
}

static void the_negotiation_and_its_attributions(void **state)
{
	json_t *t = record("negotiations", "talks"), *parts, *c;

	(void)state;
	assert_string_equal(s(t, "status"), "proposed");
	assert_string_equal(s(t, "started_on"), "2025-10");
	{
		json_t *want = json_pack("[s,s]", "RU", "US");
		assert_true(json_equal(json_object_get(t, "parties"), want));
		json_decref(want);
	}
	parts = json_object_get(t, "participants");
	assert_int_equal(json_array_size(parts), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(parts, 0), "person_id")),
			 json_integer_value(json_object_get(ids, "dmitriev")));
	assert_string_equal(s(json_array_get(parts, 1), "role"), "Trump's special envoy");
	assert_string_equal(s(json_array_get(parts, 1), "representing"), "US");
	c = citation(t, "participants", "mt");
	assert_string_equal(s(c, "attributed_to"), "Kirill Dmitriev, to Axios");
	assert_string_equal(s(c, "confidence"), "claimed");
	c = citation(t, "status", "mt");
	assert_string_equal(s(c, "attributed_to"), "a U.S. official, to Axios");
	assert_non_null(strstr(s(c, "quote"), "“nothing was imminent.”"));
	c = citation(t, "summary", "mt");
	assert_string_equal(s(c, "attributed_to"),
			    "an anonymous source with knowledge of the matter, quoted by Axios");
	json_decref(t);
	t = record("negotiations", "list_of_nine");
	c = citation(t, "summary", "mt");
	assert_string_equal(s(c, "attributed_to"), "Reuters, reported in May");
	json_decref(t);
}

static void releases_and_where_to_find_them(void **state)
{
	json_t *d = record("detentions", "karelina_detention"), *list;
	char *path;

	(void)state;
	assert_string_equal(s(d, "status"), "released");
	assert_string_equal(s(d, "released_on"), "2025");
	json_decref(d);
	/* Everything the article supports, from the source's side. */
	path = th_fmt("/v1/sources/%lld/citations?count=true&limit=500",
		      (long long)json_integer_value(json_object_get(ids, "mt")));
	list = th_get(&srv, path);
	assert_int_equal(json_integer_value(json_object_get(list, "total")), 17);
	json_decref(list);
	free(path);
	/* Who Russia released, by the filters. */
	list = th_get(&srv, "/v1/detentions?country=RU&status=released&count=true");
	assert_int_equal(json_integer_value(json_object_get(list, "total")), 2);
	json_decref(list);
}

/* What was said, by whom, to whom: the two statements the article relays, each cited. */
static void the_statements_and_who_made_them(void **state)
{
	json_t *t = record("negotiations", "talks"), *st, *c, *tl, *e;
	long long dmitriev = json_integer_value(json_object_get(ids, "dmitriev"));
	char *path;
	size_t i;
	int seen = 0;

	(void)state;
	assert_int_equal(json_array_size(json_object_get(t, "statements")), 2);
	json_decref(t);
	st = record("statements", "dmitriev_to_axios");
	assert_int_equal(json_integer_value(json_object_get(st, "speaker_id")), dmitriev);
	assert_string_equal(s(st, "audience"), "Axios");
	c = citation(st, "text", "mt");
	assert_string_equal(s(c, "attributed_to"), "Kirill Dmitriev, to Axios");
	json_decref(st);
	st = record("statements", "official_to_axios");
	assert_string_equal(s(st, "speaker"), "a U.S. official");
	assert_true(json_is_null(json_object_get(st, "speaker_id")));
	c = citation(st, "text", "mt");
	assert_string_equal(s(c, "confidence"), "confirmed");
	json_decref(st);
	/* On Dmitriev's timeline, as its speaker. */
	path = th_fmt("/v1/people/%lld/timeline", dmitriev);
	tl = th_get(&srv, path);
	json_array_foreach(json_object_get(tl, "items"), i, e)
		if (strcmp(s(e, "kind"), "statement") == 0) {
			assert_string_equal(s(e, "role"), "speaker");
			assert_string_equal(s(e, "date"), "2025-11-18");
			assert_int_equal(json_array_size(json_object_get(e, "citations")), 1);
			seen++;
		}
	assert_int_equal(seen, 1);
	json_decref(tl);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_source_holds_the_article),
		cmocka_unit_test(fogel_keeps_both_descriptions),
		cmocka_unit_test(the_negotiation_and_its_attributions),
		cmocka_unit_test(releases_and_where_to_find_them),
		cmocka_unit_test(the_statements_and_who_made_them),
	};

	return cmocka_run_group_tests_name("seed", tests, setup, teardown);
}
