/* GET /v1/sources/{id}/extract against the real binary, on the demo data as make run loads it:
 * from the seed article's text alone, its people (matched to the demo's records), countries,
 * dates resolved against its publication, quotes with their speakers, and the Axios and Reuters
 * attributions as reports; nothing from the donation appeal; 404, 400. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct th_group G;

static int setup(void **state)
{
	const char *load[] = {"batch", "--if-empty", "scripts/demo/seed.batch.json", NULL};

	(void)state;
	th_group_setup(&G, "test_extract");
	return th_run(G.db, load, NULL) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return th_group_teardown(&G);
}

/* The values of member key of each item of list, joined by "|". */
static char *joined(json_t *list, const char *key, const char *also)
{
	size_t i, len = 1;
	json_t *x;
	char *out;

	json_array_foreach(list, i, x)
		len += strlen(json_string_value(json_object_get(x, key)) ?: "") +
		       (also ? strlen(json_string_value(json_object_get(x, also)) ?: "") + 1 : 0) + 1;
	out = calloc(1, len);
	json_array_foreach(list, i, x) {
		if (i)
			strcat(out, "|");
		strcat(out, json_string_value(json_object_get(x, key)) ?: "");
		if (also) {
			strcat(out, "=");
			strcat(out, json_string_value(json_object_get(x, also)) ?: "");
		}
	}
	return out;
}

static void the_seed_article_from_its_text_alone(void **state)
{
	json_t *j = th_get(&G.srv, "/v1/sources/1/extract"), *x;
	char *s, *id;
	size_t i, appeal;

	(void)state;
	assert_int_equal(json_integer_value(json_object_get(j, "source_id")), 1);
	/* The six people, each matched to the demo's record of them. */
	{
		const char *names[] =
			{"Kirill Dmitriev", "Steve Witkoff", "Marc Fogel", "Ksenia Karelina",
			 "Vladimir Putin",  "Donald Trump",  NULL};
		for (int k = 0; names[k]; k++) {
			int seen = 0;
			char *q = th_fmt("SELECT id FROM people WHERE name = '%s'", names[k]);
			id = th_sql(G.db, q);
			free(q);
			json_array_foreach(json_object_get(j, "people"), i, x)
				if (!strcmp(json_string_value(json_object_get(x, "name")), names[k]))
					seen = json_integer_value(
						       json_object_get(json_object_get(x, "match"),
								       "id")) == atoll(id);
			if (!seen)
				fail_msg("%s not found with its match", names[k]);
			free(id);
		}
		json_array_foreach(json_object_get(j, "people"), i, x)
			if (!strcmp(json_string_value(json_object_get(x, "text")), "Kirill Dmitriev"))
				assert_string_equal(json_string_value(json_object_get(x, "role")),
						    "Putin\u2019s economic envoy");
	}
	s = joined(json_object_get(j, "dates"), "text", "value");
	assert_string_equal(s, "Tuesday=2025-11-18|last month=2025-10|late October=2025-10|"
			       "earlier this year=2025|May=2025-05|January=2025-01");
	free(s);
	s = joined(json_object_get(j, "countries"), "code", NULL);
	assert_non_null(strstr(s, "RU"));
	assert_non_null(strstr(s, "US"));
	assert_non_null(strstr(s, "UA"));
	free(s);
	/* Quotes with their speakers, as a citation words them. */
	s = joined(json_object_get(j, "quotes"), "attributed_to", NULL);
	assert_non_null(strstr(s, "Kirill Dmitriev, to Axios"));
	assert_non_null(strstr(s, "A U.S. official, to Axios"));
	free(s);
	/* The Axios and Reuters attributions as reports. */
	s = joined(json_object_get(j, "reports"), "outlet", NULL);
	assert_non_null(strstr(s, "Axios"));
	assert_non_null(strstr(s, "Reuters"));
	free(s);
	/* Nothing from the page's furniture: every item ends before the newsletter appeal. */
	{
		char *at = th_sql(G.db,
				  "SELECT position('Sign up for our free weekly newsletter' IN content)"
				  " FROM sources WHERE id = 1");
		appeal = (size_t)atoll(at);
		free(at);
		assert_true(appeal > 0);
		const char *kinds[] = {"people", "countries", "dates", "quotes", "reports", NULL};
		for (int k = 0; kinds[k]; k++)
			json_array_foreach(json_object_get(j, kinds[k]), i, x)
				if ((size_t)json_integer_value(json_object_get(x, "end")) >= appeal)
					fail_msg("%s item \"%s\" is from the page's furniture", kinds[k],
						 json_string_value(json_object_get(x, "text")));
	}
	/* The body: the article's paragraphs in order, from the headline to the last paragraph of
	 * the report, none of them the site's ("Support The Moscow Times!") or the appeal's. */
	{
		json_t *body = json_object_get(j, "body");
		size_t last = 0;
		char *q, *first, *end;

		assert_true(json_array_size(body) >= 8);
		json_array_foreach(body, i, x) {
			size_t b = (size_t)json_integer_value(json_object_get(x, "start"));
			size_t e = (size_t)json_integer_value(json_object_get(x, "end"));
			assert_true(b >= last && e > b && e < appeal);
			last = e;
		}
		x = json_array_get(body, 0);
		q = th_fmt("SELECT substr(content, %lld, %lld) FROM sources WHERE id = 1",
			   (long long)json_integer_value(json_object_get(x, "start")) + 1,
			   (long long)(json_integer_value(json_object_get(x, "end")) -
				       json_integer_value(json_object_get(x, "start"))));
		first = th_sql(G.db, q);
		assert_string_equal(first,
				    "Putin Envoy Dmitriev Discussed Prisoner Swap With White House Officials");
		free(first);
		free(q);
		x = json_array_get(body, json_array_size(body) - 1);
		q = th_fmt("SELECT substr(content, %lld, 20) FROM sources WHERE id = 1",
			   (long long)json_integer_value(json_object_get(x, "start")) + 1);
		end = th_sql(G.db, q);
		assert_string_equal(end, "Since taking office ");
		free(end);
		free(q);
	}
	/* Spans are code points of the content: the text at each span is the item's text. */
	json_array_foreach(json_object_get(j, "people"), i, x) {
		char *q = th_fmt("SELECT substr(content, %lld, %lld) FROM sources WHERE id = 1",
				 (long long)json_integer_value(json_object_get(x, "start")) + 1,
				 (long long)(json_integer_value(json_object_get(x, "end")) -
					     json_integer_value(json_object_get(x, "start"))));
		char *got = th_sql(G.db, q);
		assert_string_equal(got, json_string_value(json_object_get(x, "text")));
		free(got);
		free(q);
	}
	json_decref(j);
}

static void refusals_and_an_empty_source(void **state)
{
	struct th_resp r;
	long long id;
	json_t *j;

	(void)state;
	th_request(&G.srv, "GET", "/v1/sources/999999/extract", NULL, NULL, 0, &r);
	th_expect(&r, 404);
	th_resp_free(&r);
	th_request(&G.srv, "GET", "/v1/sources/1/extract?people=1", NULL, NULL, 0, &r);
	th_expect(&r, 400);
	th_resp_free(&r);
	th_request(&G.srv, "GET", "/v1/sources/x/extract", NULL, NULL, 0, &r);
	th_expect(&r, 404); /* as /v1/sources/x: no such path */
	th_resp_free(&r);
	id = th_create(&G.srv, "/v1/sources", "{\"url\": \"https://extract.example/empty\"}");
	{
		char *path = th_fmt("/v1/sources/%lld/extract", id);
		j = th_get(&G.srv, path);
		free(path);
	}
	assert_int_equal(json_array_size(json_object_get(j, "people")), 0);
	assert_int_equal(json_array_size(json_object_get(j, "dates")), 0);
	json_decref(j);
}

/* Posts the answer j's draft as it is (200, or the test fails); the swap it stored, in resp. */
static json_t *post_draft(json_t *j, struct th_resp *resp)
{
	char *body = json_dumps(json_object_get(j, "draft"), JSON_COMPACT);
	json_t *r, *swap = NULL;
	size_t i;

	th_json(&G.srv, "POST", "/v1/batch", body, resp);
	th_expect(resp, 200);
	json_array_foreach(json_object_get(resp->json, "results"), i, r)
		if (strstr(json_string_value(json_object_get(r, "location")) ?: "", "/v1/swaps/"))
			swap = json_object_get(r, "record");
	assert_non_null(swap);
	free(body);
	return swap;
}

/* Extraction, v1.2: parties with the live party as match, counts with category and sides, and
 * the draft, posted as it is, storing the swap with its groups cited where the text says them;
 * a party the draft uses that is not on record is created by it. */
static void parties_counts_and_a_draft_that_is_accepted(void **state)
{
	long long party = th_create(&G.srv, "/v1/parties",
				    "{\"code\": \"hamas-movement\", \"name\": \"Hamas\","
				    " \"kind\": \"armed_group\"}");
	long long src = th_create(
		&G.srv, "/v1/sources",
		"{\"url\": \"https://example.org/tranche\", \"published_on\": \"2025-01-20\","
		" \"language\": \"en\", \"content\": \"Hamas freed three Israeli hostages on"
		" Sunday, January 19, and Israel released 90 Palestinian prisoners, the Red Cross"
		" said.\\n\\nThe Houthis released 25 crew members.\"}");
	char *path = th_fmt("/v1/sources/%lld/extract", src), *body = NULL, *s;
	json_t *j = th_get(&G.srv, path), *p, *swap = NULL, *r;
	struct th_resp resp;

	(void)state;
	s = joined(json_object_get(j, "parties"), "text", "code");
	assert_string_equal(s, "Hamas=hamas-movement|Red Cross=icrc|Houthis=houthis");
	free(s);
	p = json_array_get(json_object_get(j, "parties"), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(p, "match"), "id")), party);
	assert_true(json_is_null(
		json_object_get(json_array_get(json_object_get(j, "parties"), 1), "match")));
	/* The counts, their categories and sides. */
	s = joined(json_object_get(j, "counts"), "text", "category");
	/* (what a party frees in an article about hostages are hostages) */
	assert_string_equal(s, "three=hostages|90=detainees|25=hostages");
	free(s);
	s = joined(json_object_get(j, "counts"), "released_by", "released_to");
	assert_string_equal(s, "hamas-movement=IL|IL=PS|houthis=");
	free(s);
	/* The draft, as it is. */
	swap = post_draft(j, &resp);
	assert_string_equal(json_string_value(json_object_get(swap, "status")), "completed");
	assert_string_equal(json_string_value(json_object_get(swap, "occurred_on")), "2025-01-19");
	s = joined(json_object_get(swap, "groups"), "released_by", "category");
	assert_string_equal(s, "hamas-movement=hostages|IL=detainees|houthis=hostages");
	free(s);
	/* The Houthis, not on record, were created by the draft; the Red Cross, unused, was not. */
	s = th_sql(G.db, "SELECT string_agg(code, ',' ORDER BY code) FROM parties");
	assert_string_equal(s, "hamas-movement,houthis");
	free(s);
	/* Each group's count is cited where the text gives it, at its own occurrence. */
	s = joined(json_object_get(swap, "citations"), "field", "quote");
	/* (the date's words: the weekday, or with its date, as text/dates.c reads them) */
	assert_true(!strncmp(s,
			     "groups[0].count=three|groups[1].count=90|groups[2].count=25|"
			     "occurred_on=Sunday",
			     78));
	free(s);
	th_resp_free(&resp);
	free(body);
	json_decref(j);
	free(path);
	/* The groups a reader proposes: a total's parts of different categories, not the total;
	 * not an earlier exchange; the other way, "from Ukrainian captivity"; and the host. */
	src = th_create(&G.srv, "/v1/sources",
			"{\"url\": \"https://example.org/stage\", \"published_on\": \"2024-01-31\","
			" \"language\": \"en\", \"content\": \"Russia and Ukraine swapped prisoners"
			" on Wednesday. Ukraine brought home 207 Ukrainians: 95 soldiers, 56 national"
			" guardsmen, 55 border guards and one civilian. Russia received 195 soldiers from"
			" Ukrainian captivity. The swap took place at an airport in Abu Dhabi.\\n\\nThe"
			" previous exchange, on January 3, returned 230"
			" Ukrainians from Russian captivity.\"}");
	path = th_fmt("/v1/sources/%lld/extract", src);
	j = th_get(&G.srv, path);
	r = json_object_get(json_object_get(json_array_get(json_object_get(json_object_get(j, "draft"),
									   "operations"),
							   0),
					    "record"),
			    "groups");
	s = joined(r, "released_by", "category");
	assert_string_equal(s, "RU=prisoners_of_war|RU=prisoners_of_war|RU=prisoners_of_war|"
			       "RU=civilians|UA=prisoners_of_war");
	free(s);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(r, 0), "count")), 95);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(r, 4), "count")), 195);
	/* The host: the city of the handover, as its country. */
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(json_array_get(json_object_get(json_object_get(j, "draft"),
										   "operations"),
								   0),
						    "record"),
				    "host")),
			    "AE");
	body = json_dumps(json_object_get(j, "draft"), JSON_COMPACT);
	th_json(&G.srv, "POST", "/v1/batch", body, &resp);
	th_expect(&resp, 200);
	th_resp_free(&resp);
	free(body);
	json_decref(j);
	free(path);
	/* Nothing to propose: no draft. */
	src = th_create(&G.srv, "/v1/sources",
			"{\"url\": \"https://example.org/nothing\", \"content\": \"nothing here.\"}");
	path = th_fmt("/v1/sources/%lld/extract", src);
	j = th_get(&G.srv, path);
	assert_true(json_is_null(json_object_get(j, "draft")));
	assert_int_equal(json_array_size(json_object_get(j, "counts")), 0);
	json_decref(j);
	free(path);
}

/* The rest of a draft's records: a detention for each person released by name (the live one
 * held, or a new one for a person the draft creates), which the completed swap marks exchanged;
 * the money and the pardon as terms; the talks as the swap's negotiation; each cited. */
static void a_draft_with_detentions_terms_and_talks(void **state)
{
	long long paul = th_create(&G.srv, "/v1/people?duplicate=allow", "{\"name\": \"Paul Whelan\"}");
	long long held = th_create(&G.srv, "/v1/detentions",
				   "{\"person_id\": %lld, \"country\": \"RU\", \"status\": \"held\"}",
				   paul);
	long long src = th_create(
		&G.srv, "/v1/sources",
		"{\"url\": \"https://example.org/ankara\", \"published_on\": \"2024-08-01\","
		" \"language\": \"en\", \"content\": \"Russia and the United States agreed a"
		" prisoner exchange after months of talks.\\n\\nRussia freed U.S. journalist Alsu"
		" Kurmasheva and former Marine Paul Whelan on Thursday, August 1, in Ankara.\\n\\n"
		"Washington also unfroze $6 billion, and Russia pardoned both men before the swap.\"}");
	char *path = th_fmt("/v1/sources/%lld/extract", src), *body, *s;
	json_t *j = th_get(&G.srv, path), *swap = NULL, *ops = NULL;
	struct th_resp resp;

	(void)state;
	ops = json_object_get(json_object_get(j, "draft"), "operations");
	s = joined(ops, "collection", NULL);
	/* Alsu Kurmasheva, the detention of the person it creates, the talks, then the swap. */
	assert_string_equal(s, "people|detentions|negotiations|swaps");
	free(s);
	swap = post_draft(j, &resp);
	assert_true(json_is_integer(json_object_get(swap, "negotiation_id")));
	s = joined(json_object_get(swap, "terms"), "kind", "description");
	assert_string_equal(s, "funds=$6 billion|pardon=Pardon");
	free(s);
	assert_true(json_number_value(json_object_get(json_array_get(json_object_get(swap, "terms"), 0),
						      "amount")) == 6e9);
	/* Both detentions ended in the swap: Whelan's on record, Kurmasheva's made by the draft. */
	s = th_fmt("SELECT string_agg(status, ',' ORDER BY id) FROM detentions WHERE id >= %lld", held);
	body = th_sql(G.db, s);
	assert_string_equal(body, "exchanged,exchanged");
	free(body);
	free(s);
	s = joined(json_object_get(swap, "citations"), "field", NULL);
	assert_non_null(strstr(s, "terms[0].amount"));
	assert_non_null(strstr(s, "terms[1].kind"));
	free(s);
	th_resp_free(&resp);
	json_decref(j);
	free(path);
}

/* Russian declines names: a person on record in Latin letters only, or with a native name, is
 * the match of their name in any case («Эвана Гершковича», «Алексею Навальному»); a name that
 * is nobody on record stays unmatched. */
static void russian_names_in_any_case_match_records(void **state)
{
	long long evan = th_create(&G.srv, "/v1/people", "{\"name\": \"Evan Gershkovich\"}");
	long long alexei = th_create(&G.srv, "/v1/people",
				     "{\"name\": \"Alexei Navalny\", \"name_native\":"
				     " \"Алексей Навальный\"}");
	long long src = th_create(&G.srv, "/v1/sources",
				  "{\"url\": \"https://example.org/ru\", \"language\": \"ru\","
				  " \"content\": \"Обмен состоялся после освобождения Эвана Гершковича."
				  " Ранее Юлия Навальная говорила о планах обменять Алексея Навального."
				  " Об этом сообщил Григорий Соловьёв.\"}");
	char *path = th_fmt("/v1/sources/%lld/extract", src);
	json_t *j = th_get(&G.srv, path), *x;
	size_t i;
	int seen_evan = 0, seen_alexei = 0;

	(void)state;
	json_array_foreach(json_object_get(j, "people"), i, x) {
		const char *t = json_string_value(json_object_get(x, "text"));
		json_int_t id = json_integer_value(json_object_get(json_object_get(x, "match"), "id"));
		if (strstr(t, "Гершковича"))
			seen_evan = id == evan;
		else if (strstr(t, "Алексея"))
			seen_alexei = id == alexei;
		else if (!json_is_null(json_object_get(x, "match")))
			fail_msg("\"%s\" matched someone", t);
	}
	assert_true(seen_evan);
	assert_true(seen_alexei);
	json_decref(j);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_seed_article_from_its_text_alone),
		cmocka_unit_test(refusals_and_an_empty_source),
		cmocka_unit_test(parties_counts_and_a_draft_that_is_accepted),
		cmocka_unit_test(russian_names_in_any_case_match_records),
		cmocka_unit_test(a_draft_with_detentions_terms_and_talks),
	};

	return cmocka_run_group_tests_name("extract", tests, setup, teardown);
}
