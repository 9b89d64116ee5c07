/* Swaps as the world reports them (issue 31, contract v1.2 "Swaps: who went which way"): people
 * counted, not named (groups), remains, terms, status, derived or set values, who went which way
 * (sides), the detention effect of completed swaps only, and the filters. The facts are those of
 * real exchanges (tests/fixtures/exchanges/FACTS.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

TH_GROUP("test_exchanges")

static void patch(const char *path, const char *body, struct th_resp *r)
{
	const char *const h[] = {"Content-Type: application/merge-patch+json", NULL};

	th_request(&G.srv, "PATCH", path, h, body, strlen(body), r);
}

static json_t *read_path(const char *fmt, long long id)
{
	char *path = th_fmt(fmt, id);
	json_t *j = th_get(&G.srv, path);

	free(path);
	return j;
}

static void assert_json(json_t *got, const char *want_text)
{
	json_t *want = json_loads(want_text, 0, NULL);

	assert_non_null(want);
	if (!json_equal(got, want)) {
		char *g = json_dumps(got, JSON_COMPACT);
		fail_msg("got %s\nwant %s", g, want_text);
	}
	json_decref(want);
}

/* Ukraine and Russia, 3 January 2024: 230 prisoners of war returned to Ukraine, 248 to Russia,
 * counted, none named. "230 for 248" is its sides. */
static void counted_people_make_an_exchange(void **state)
{
	long long id;
	json_t *j;

	(void)state;
	id = th_create(&G.srv, "/v1/swaps",
		       "{\"occurred_on\": \"2024-01-03\", \"mediators\": [\"AE\"], \"groups\": ["
		       "{\"released_by\": \"RU\", \"released_to\": \"UA\", \"count\": 230, \"category\": "
		       "\"prisoners_of_war\"},"
		       "{\"released_by\": \"UA\", \"released_to\": \"RU\", \"count\": 248, \"category\": "
		       "\"prisoners_of_war\"}]}");
	j = read_path("/v1/swaps/%lld", id);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "completed");
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "exchange");
	assert_int_equal(json_integer_value(json_object_get(j, "released_count")), 478);
	assert_json(json_object_get(j, "parties"), "[\"RU\", \"UA\"]");
	assert_json(json_object_get(j, "derived"), "[\"kind\", \"released_count\", \"parties\"]");
	assert_json(json_object_get(j, "sides"),
		    "[{\"released_by\": \"RU\", \"released_to\": \"UA\", \"named\": 0, \"counted\": 230, "
		    "\"remains\": 0}, {\"released_by\": \"UA\", \"released_to\": \"RU\", \"named\": 0, "
		    "\"counted\": 248, \"remains\": 0}]");
	assert_json(json_object_get(j, "releases"), "[]");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(j, "groups"), 0),
							    "count")),
			 230);
	assert_true(json_is_false(
		json_object_get(json_array_get(json_object_get(j, "groups"), 0), "approximate")));
	json_decref(j);
}

/* Every bad field at once, each with what it must be. */
static void every_bad_field_is_named(void **state)
{
	long long who = th_create(&G.srv, "/v1/people", "{\"name\": \"Vladimir Kara-Murza\"}");
	struct th_resp r;
	char *fields, *body;

	(void)state;
	body = th_fmt("{\"status\": \"done\", \"stage\": 0, \"host\": \"hamas\", \"groups\": [{\"released_by\": "
		      "\"Ha\", \"count\": 0, \"category\": \"pows\"}], \"terms\": [{\"description\": \"x\", "
		      "\"currency\": \"usd\", \"amount\": -1}], \"releases\": [{\"person_id\": %lld, "
		      "\"released_by\": \"RU\", \"category\": \"remains\"}]}",
		      who);
	th_json(&G.srv, "POST", "/v1/swaps", body, &r);
	free(body);
	th_assert_problem(&r, 422);
	fields = th_error_fields(&r);
	assert_string_equal(fields,
			    "status host stage groups[0].released_by groups[0].count groups[0].category "
			    "terms[0].kind terms[0].amount terms[0].currency releases[0].remains");
	free(fields);
	th_resp_free(&r);

	/* Nothing released; completed without a date; a stage without talks. */
	th_json(&G.srv, "POST", "/v1/swaps",
		"{\"stage\": 1, \"terms\": [{\"kind\": \"funds\", \"description\": \"$6bn\", \"currency\": "
		"\"USD\"}]}",
		&r);
	th_assert_problem(&r, 422);
	fields = th_error_fields(&r);
	assert_string_equal(fields, "releases terms[0].currency occurred_on stage");
	free(fields);
	th_resp_free(&r);
	/* Three capitals that are no currency an amount is in: ISO's "no currency", and none. */
	th_json(&G.srv, "POST", "/v1/swaps",
		"{\"occurred_on\": \"2023-09-18\", \"groups\": [{\"released_by\": \"IR\","
		" \"count\": 5, \"category\": \"detainees\"}], \"terms\": [{\"kind\": \"funds\","
		" \"description\": \"a\", \"amount\": 1, \"currency\": \"XXX\"}, {\"kind\":"
		" \"funds\", \"description\": \"b\", \"amount\": 1, \"currency\": \"ABC\"}]}",
		&r);
	th_assert_problem(&r, 422);
	fields = th_error_fields(&r);
	assert_string_equal(fields, "terms[0].currency terms[1].currency");
	free(fields);
	th_resp_free(&r);
	/* The server's own members are read only. */
	th_json(&G.srv, "POST", "/v1/swaps",
		"{\"occurred_on\": \"2024\", \"sides\": [], \"derived\": [], \"groups\": [{\"released_by\": "
		"\"RU\", \"count\": 1, \"category\": \"civilians\"}]}",
		&r);
	th_assert_problem(&r, 422);
	fields = th_error_fields(&r);
	assert_string_equal(fields, "derived sides");
	free(fields);
	th_resp_free(&r);
}

/* Completed means carried out: not in the future (where no day has begun, UTC+14); an exchange
 * announced for a later day, or with no date yet, is announced. */
static void a_completed_swap_is_not_in_the_future(void **state)
{
	struct th_resp r;
	const char *groups = "\"groups\": [{\"released_by\": \"RU\", \"count\": 84, \"category\": "
			     "\"prisoners_of_war\"}]";
	char *body;

	(void)state;
	body = th_fmt("{\"occurred_on\": \"2099-05-01\", %s}", groups);
	th_json(&G.srv, "POST", "/v1/swaps", body, &r);
	th_assert_problem(&r, 422);
	assert_non_null(strstr(r.body, "announced"));
	assert_string_equal(json_string_value(
				    json_object_get(json_array_get(json_object_get(r.json, "errors"), 0),
						    "field")),
			    "occurred_on");
	th_resp_free(&r);
	free(body);
	body = th_fmt("{\"status\": \"announced\", \"occurred_on\": \"2099-05-01\", %s}", groups);
	th_json(&G.srv, "POST", "/v1/swaps", body, &r);
	th_expect(&r, 201);
	th_resp_free(&r);
	free(body);
	body = th_fmt("{\"status\": \"announced\", %s}", groups);
	th_json(&G.srv, "POST", "/v1/swaps", body, &r);
	th_expect(&r, 201);
	th_resp_free(&r);
	free(body);
}

/* Only a completed swap changes detentions: when it becomes completed, held becomes exchanged
 * (died, for remains); when it stops being completed, or is deleted, they are put back, with
 * history, unless changed since (409 naming them). */
static void only_a_completed_swap_changes_detentions(void **state)
{
	long long hamas, person, det, body_of, dead, swap;
	char *path, *swap_path, *s;
	struct th_resp r;
	json_t *j;

	(void)state;
	hamas = th_create(&G.srv, "/v1/parties",
			  "{\"code\": \"hamas\", \"name\": \"Hamas\", \"kind\": \"armed_group\"}");
	(void)hamas;
	person = th_create(&G.srv, "/v1/people", "{\"name\": \"Agam Berger\"}");
	det = th_create(&G.srv, "/v1/detentions",
			"{\"person_id\": %lld, \"country\": \"hamas\", \"status\": \"held\", \"detained_on\": "
			"\"2023-10-07\"}",
			person);
	body_of = th_create(&G.srv, "/v1/people", "{\"name\": \"Shiri Bibas\"}");
	dead = th_create(&G.srv, "/v1/detentions",
			 "{\"person_id\": %lld, \"country\": \"hamas\", \"status\": \"held\"}", body_of);
	swap = th_create(&G.srv, "/v1/swaps",
			 "{\"status\": \"announced\", \"occurred_on\": \"2025-01-30\", \"releases\": ["
			 "{\"person_id\": %lld, \"detention_id\": %lld, \"released_by\": \"hamas\", "
			 "\"released_to\": \"IL\", \"category\": \"hostages\"},"
			 "{\"person_id\": %lld, \"detention_id\": %lld, \"released_by\": \"hamas\", "
			 "\"released_to\": \"IL\", \"remains\": true}],"
			 " \"groups\": [{\"released_by\": \"IL\", \"released_to\": \"hamas\", \"count\": 110, "
			 "\"category\": \"prisoners_of_war\"}]}",
			 person, det, body_of, dead);
	path = th_fmt("/v1/detentions/%lld", det);
	swap_path = th_fmt("/v1/swaps/%lld", swap);
	j = th_get(&G.srv, path);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "held");
	json_decref(j);
	/* On the timeline as announced, never as a release. */
	{
		json_t *items = read_path("/v1/people/%lld/timeline", person), *e;
		size_t i;
		int announced = 0;
		json_array_foreach(json_object_get(items, "items"), i, e) {
			const char *kind = json_string_value(json_object_get(e, "kind"));
			assert_true(strcmp(kind, "swap") != 0 && strcmp(kind, "released") != 0);
			announced += strcmp(kind, "announced") == 0;
		}
		assert_int_equal(announced, 1);
		json_decref(items);
	}

	patch(swap_path, "{\"status\": \"completed\"}", &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	j = th_get(&G.srv, path);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "exchanged");
	assert_string_equal(json_string_value(json_object_get(j, "released_on")), "2025-01-30");
	json_decref(j);
	j = read_path("/v1/detentions/%lld", dead);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "died");
	json_decref(j);
	j = read_path("/v1/detentions/%lld/history", det);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
	json_decref(j);

	/* Cancelled: put back as they were. */
	patch(swap_path, "{\"status\": \"cancelled\"}", &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	j = th_get(&G.srv, path);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "held");
	assert_true(json_is_null(json_object_get(j, "released_on")));
	json_decref(j);
	j = read_path("/v1/detentions/%lld", dead);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "held");
	json_decref(j);

	/* Completed again, then the detention corrected by hand: the swap cannot put it back. */
	patch(swap_path, "{\"status\": \"completed\"}", &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	patch(path, "{\"notes\": \"released at the Red Cross handover in Khan Younis\"}", &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	th_request(&G.srv, "DELETE", swap_path, NULL, NULL, 0, &r);
	th_assert_problem(&r, 409);
	s = th_fmt("/v1/detentions/%lld", det);
	assert_non_null(strstr(r.body, s));
	free(s);
	assert_int_equal(json_integer_value(
				 json_object_get(json_array_get(json_object_get(r.json, "referrers"), 0),
						 "id")),
			 det);
	th_resp_free(&r);
	s = th_sql(G.db,
		   "SELECT status FROM detentions WHERE id = (SELECT min(detention_id) FROM swap_effects)");
	assert_string_equal(s, "exchanged");
	free(s);
	/* A completed swap deleted puts back what it changed. */
	{
		long long who = th_create(&G.srv, "/v1/people", "{\"name\": \"Keith Siegel\"}"),
			  held = th_create(&G.srv, "/v1/detentions",
					   "{\"person_id\": %lld, \"country\": \"hamas\", \"status\": \"held\"}",
					   who),
			  other = th_create(
				  &G.srv, "/v1/swaps",
				  "{\"occurred_on\": \"2025-02-01\", \"releases\": [{\"person_id\": %lld, "
				  "\"detention_id\": %lld, \"released_by\": \"hamas\", \"released_to\": \"IL\"}]}",
				  who, held);
		char *other_path = th_fmt("/v1/swaps/%lld", other);
		j = read_path("/v1/detentions/%lld", held);
		assert_string_equal(json_string_value(json_object_get(j, "status")), "exchanged");
		json_decref(j);
		th_request(&G.srv, "DELETE", other_path, NULL, NULL, 0, &r);
		th_expect(&r, 204);
		th_resp_free(&r);
		j = read_path("/v1/detentions/%lld", held);
		assert_string_equal(json_string_value(json_object_get(j, "status")), "held");
		assert_true(json_is_null(json_object_get(j, "released_on")));
		json_decref(j);
		s = th_fmt("SELECT count(*) FROM swap_effects WHERE swap_id = %lld", other);
		{
			char *n = th_sql(G.db, s);
			assert_string_equal(n, "0");
			free(n);
		}
		free(s);
		free(other_path);
	}
	free(path);
	free(swap_path);
}

/* kind, released_count and parties: derived unless set; a set value is kept and held to what the
 * releases and groups say; null makes it derived again. */
static void derived_values_follow_and_set_ones_stay(void **state)
{
	long long id;
	char *path;
	struct th_resp r;
	json_t *j;

	(void)state;
	/* Istanbul, 23 May 2025: the first stage of 1,000 for 1,000, 390 each way. */
	id = th_create(&G.srv, "/v1/swaps",
		       "{\"occurred_on\": \"2025-05-23\", \"released_count\": 800, \"groups\": ["
		       "{\"released_by\": \"RU\", \"released_to\": \"UA\", \"count\": 390, \"category\": "
		       "\"prisoners_of_war\", \"description\": \"270 soldiers and 120 civilians\"},"
		       "{\"released_by\": \"UA\", \"released_to\": \"RU\", \"count\": 390, \"category\": "
		       "\"prisoners_of_war\"}]}");
	path = th_fmt("/v1/swaps/%lld", id);
	j = th_get(&G.srv, path);
	assert_int_equal(json_integer_value(json_object_get(j, "released_count")), 800);
	assert_json(json_object_get(j, "derived"), "[\"kind\", \"parties\"]");
	json_decref(j);
	/* A group's count changes: the derived sides follow, the set count stays. */
	patch(path,
	      "{\"groups\": [{\"released_by\": \"RU\", \"released_to\": \"UA\", \"count\": 307, \"category\": "
	      "\"prisoners_of_war\"}, {\"released_by\": \"UA\", \"released_to\": \"RU\", \"count\": 307, "
	      "\"category\": \"prisoners_of_war\"}]}",
	      &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	j = th_get(&G.srv, path);
	assert_int_equal(json_integer_value(json_object_get(j, "released_count")), 800);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(j, "sides"), 0),
							    "counted")),
			 307);
	json_decref(j);
	/* Below what is counted: refused. */
	patch(path, "{\"released_count\": 600}", &r);
	th_assert_problem(&r, 422);
	assert_non_null(strstr(r.body, "614"));
	th_resp_free(&r);
	/* null: derived again. */
	patch(path, "{\"released_count\": null}", &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	j = th_get(&G.srv, path);
	assert_int_equal(json_integer_value(json_object_get(j, "released_count")), 614);
	assert_json(json_object_get(j, "derived"), "[\"kind\", \"released_count\", \"parties\"]");
	json_decref(j);
	/* kind: a release where two sides release people contradicts; parties must hold both. */
	patch(path, "{\"kind\": \"release\", \"parties\": [\"UA\"]}", &r);
	th_assert_problem(&r, 422);
	{
		char *fields = th_error_fields(&r);
		assert_string_equal(fields, "kind parties");
		free(fields);
	}
	assert_non_null(strstr(r.body, "must contain RU"));
	th_resp_free(&r);
	/* More parties than release someone: the mediator named a side too. */
	patch(path, "{\"parties\": [\"RU\", \"UA\", \"AE\"]}", &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	j = th_get(&G.srv, path);
	assert_json(json_object_get(j, "parties"), "[\"RU\", \"UA\", \"AE\"]");
	assert_json(json_object_get(j, "derived"), "[\"kind\", \"released_count\"]");
	json_decref(j);
	/* A one-sided release set as an exchange stands: its other side may not be recorded yet.
	 * Remains only is a repatriation, whatever is set. */
	th_create(&G.srv, "/v1/swaps",
		  "{\"occurred_on\": \"2022-12-08\", \"kind\": \"exchange\", \"groups\": [{\"released_by\": "
		  "\"RU\", \"count\": 1, \"category\": \"political_prisoners\"}]}");
	th_json(&G.srv, "POST", "/v1/swaps",
		"{\"occurred_on\": \"2025-06\", \"kind\": \"exchange\", \"groups\": [{\"released_by\": \"UA\", "
		"\"released_to\": \"RU\", \"count\": 27, \"category\": \"remains\"}, {\"released_by\": \"RU\", "
		"\"released_to\": \"UA\", \"count\": 6060, \"category\": \"remains\"}]}",
		&r);
	th_assert_problem(&r, 422);
	assert_non_null(strstr(r.body, "repatriation"));
	th_resp_free(&r);
	free(path);
}

/* Repatriation of remains, money on one side, a release for sanctions relief, detainees taken
 * to a third country. */
static void remains_money_and_destinations(void **state)
{
	long long id;
	json_t *j, *t;

	(void)state;
	id = th_create(
		&G.srv, "/v1/swaps",
		"{\"occurred_on\": \"2025-06-16\", \"groups\": [{\"released_by\": \"RU\", \"released_to\": "
		"\"UA\", \"count\": 6057, \"category\": \"remains\", \"approximate\": true},"
		"{\"released_by\": \"UA\", \"released_to\": \"RU\", \"count\": 78, \"category\": \"remains\"}]}");
	j = read_path("/v1/swaps/%lld", id);
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "repatriation");
	assert_int_equal(json_integer_value(json_object_get(j, "released_count")), 0);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(j, "sides"), 0),
							    "remains")),
			 6057);
	json_decref(j);

	/* United States and Iran, September 2023: five for five, and $6 billion released. */
	id = th_create(&G.srv, "/v1/swaps",
		       "{\"occurred_on\": \"2023-09-18\", \"host\": \"QA\", \"mediators\": [\"QA\"], \"groups\": ["
		       "{\"released_by\": \"IR\", \"released_to\": \"US\", \"count\": 5, \"category\": \"detainees\"},"
		       "{\"released_by\": \"US\", \"count\": 5, \"category\": \"detainees\"}],"
		       " \"terms\": [{\"kind\": \"funds\", \"by\": \"US\", \"description\": \"Iranian funds moved "
		       "from South Korea to Qatar\", \"amount\": 6000000000, \"currency\": \"USD\"},"
		       "{\"kind\": \"other\", \"description\": \"half a share\", \"amount\": 2.5}]}");
	j = read_path("/v1/swaps/%lld", id);
	t = json_array_get(json_object_get(j, "terms"), 0);
	assert_true(json_number_value(json_object_get(t, "amount")) == 6000000000.0);
	assert_string_equal(json_string_value(json_object_get(t, "currency")), "USD");
	assert_true(json_number_value(json_object_get(json_array_get(json_object_get(j, "terms"), 1),
						      "amount")) == 2.5);
	/* Five went to the United States; five have no known direction: listed last. */
	assert_json(json_object_get(j, "sides"),
		    "[{\"released_by\": \"IR\", \"released_to\": \"US\", \"named\": 0, \"counted\": 5, "
		    "\"remains\": 0}, {\"released_by\": \"US\", \"released_to\": null, \"named\": 0, "
		    "\"counted\": 5, \"remains\": 0}]");
	json_decref(j);

	/* Belarus, 11 September 2025: 52 released to Lithuania for sanctions relief on Belavia. */
	id = th_create(
		&G.srv, "/v1/swaps",
		"{\"occurred_on\": \"2025-09-11\", \"groups\": [{\"released_by\": \"BY\", \"released_to\": "
		"\"LT\", \"count\": 52, \"category\": \"political_prisoners\"}], \"terms\": [{\"kind\": "
		"\"sanctions_relief\", \"by\": \"US\", \"description\": \"Sanctions on Belavia lifted\"}]}");
	j = read_path("/v1/swaps/%lld", id);
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "release");
	assert_json(json_object_get(j, "parties"), "[\"BY\", \"US\"]");
	json_decref(j);
}

/* The filters, each matching what it says and nothing else. */
static void the_filters_find_what_they_say(void **state)
{
	long long taliban, negotiation, one, two, three;
	struct th_resp r;
	char *q;

	(void)state;
	taliban = th_create(&G.srv, "/v1/parties",
			    "{\"code\": \"taliban\", \"name\": \"Taliban\", \"kind\": \"de_facto_authority\"}");
	(void)taliban;
	th_create(&G.srv, "/v1/parties",
		  "{\"code\": \"icrc\", \"name\": \"International Committee of the Red Cross\", \"kind\": "
		  "\"international_organization\"}");
	negotiation = th_create(&G.srv, "/v1/negotiations",
				"{\"title\": \"1,000 for 1,000\", \"status\": \"agreed\", \"host\": \"TR\", \"place\": "
				"\"Istanbul\", \"stages\": 3, \"parties\": [\"RU\", \"UA\"]}");
	/* Bergdahl for five Taliban detainees taken to Qatar, 31 May 2014. */
	one = th_create(&G.srv, "/v1/swaps",
			"{\"occurred_on\": \"2014-05-31\", \"mediators\": [\"QA\"], \"groups\": ["
			"{\"released_by\": \"taliban\", \"released_to\": \"US\", \"count\": 1, \"category\": \"prisoners_of_war\"},"
			"{\"released_by\": \"US\", \"released_to\": \"taliban\", \"count\": 5, \"category\": "
			"\"detainees\", \"destination\": \"QA\"}]}");
	two = th_create(&G.srv, "/v1/swaps",
			"{\"occurred_on\": \"2025-05-25\", \"host\": \"BY\", \"negotiation_id\": %lld, \"stage\": 1,"
			" \"facilitators\": [\"icrc\"], \"groups\": [{\"released_by\": \"RU\", \"released_to\": \"UA\","
			" \"count\": 303, \"category\": \"prisoners_of_war\"}, {\"released_by\": \"UA\", "
			"\"released_to\": \"RU\", \"count\": 6, \"category\": \"remains\"}]}",
			negotiation);
	three = th_create(
		&G.srv, "/v1/swaps",
		"{\"occurred_on\": \"2024-08-01\", \"host\": \"TR\", \"groups\": [{\"released_by\": "
		"\"RU\", \"released_to\": \"US\", \"count\": 16, \"category\": \"political_prisoners\"}]}");
	/* A party among the deal's sides: the Taliban releasing; not the ICRC handing over (a
	 * facilitator is not a side of the deal), though involves finds it there. */
	assert_true(th_items_have(&G.srv, "/v1/swaps?non_state=true", one));
	assert_false(th_items_have(&G.srv, "/v1/swaps?non_state=true", two));
	assert_true(th_items_have(&G.srv, "/v1/swaps?non_state=false", two));
	assert_true(th_items_have(&G.srv, "/v1/swaps?involves=icrc", two));
	assert_true(th_items_have(&G.srv, "/v1/swaps?involves=BY", two)); /* the host */
	assert_false(th_items_have(&G.srv, "/v1/swaps?non_state=true", three));
	assert_true(th_items_have(&G.srv, "/v1/swaps?non_state=false", three));
	assert_false(th_items_have(&G.srv, "/v1/swaps?non_state=false", one));
	assert_true(th_items_have(&G.srv, "/v1/swaps?involves=taliban", one));
	assert_true(th_items_have(&G.srv, "/v1/swaps?released_to=taliban", one));
	assert_true(th_items_have(&G.srv, "/v1/swaps?country=taliban", one));
	assert_true(th_items_have(&G.srv, "/v1/swaps?category=detainees", one));
	assert_false(th_items_have(&G.srv, "/v1/swaps?category=detainees", two));
	assert_true(th_items_have(&G.srv, "/v1/swaps?category=remains", two));
	assert_true(th_items_have(&G.srv, "/v1/swaps?facilitator=icrc", two));
	assert_true(th_items_have(&G.srv, "/v1/swaps?involves=icrc", two));
	assert_true(th_items_have(&G.srv, "/v1/swaps?host=BY", two));
	assert_true(th_items_have(&G.srv, "/v1/swaps?stage=1", two));
	assert_false(th_items_have(&G.srv, "/v1/swaps?stage=2", two));
	assert_true(th_items_have(&G.srv, "/v1/swaps?kind=exchange&status=completed", two));
	assert_false(th_items_have(&G.srv, "/v1/swaps?status=announced", two));
	assert_true(th_items_have(&G.srv, "/v1/negotiations?host=TR", negotiation));
	q = th_fmt("/v1/swaps?negotiation_id=%lld&stage=1", negotiation);
	assert_true(th_items_have(&G.srv, q, two));
	free(q);
	/* A stage above the agreement's three. */
	q = th_fmt("{\"occurred_on\": \"2025-05-25\", \"negotiation_id\": %lld, \"stage\": 4, \"groups\": "
		   "[{\"released_by\": \"RU\", \"count\": 1, \"category\": \"civilians\"}]}",
		   negotiation);
	th_json(&G.srv, "POST", "/v1/swaps", q, &r);
	free(q);
	th_assert_problem(&r, 422);
	assert_non_null(strstr(r.body, "above the 3 stages"));
	th_resp_free(&r);
	const char *const bad[] = {"/v1/swaps?category=pows", "/v1/swaps?non_state=maybe",
				   "/v1/swaps?stage=x",       "/v1/swaps?status=done",
				   "/v1/swaps?kind=trade",    NULL};
	for (int i = 0; bad[i]; i++) {
		th_request(&G.srv, "GET", bad[i], NULL, NULL, 0, &r);
		th_assert_problem(&r, 400);
		th_resp_free(&r);
	}
}

/* What the export writes, the import loads: groups, terms, status, the set and derived values,
 * and the sides, line for line; the detention effects of its completed swaps come back. */
static void an_export_of_exchanges_imports_the_same(void **state)
{
	char *db2 = th_db_create("test_exchanges_import"), *first, *second, *n;
	struct th_server b;
	struct th_resp r;
	const char *hdr[] = {"Content-Type: application/x-ndjson", NULL};

	(void)state;
	th_request(&G.srv, "GET", "/v1/export", NULL, NULL, 0, &r);
	th_expect(&r, 200);
	first = strdup(r.body);
	th_resp_free(&r);
	assert_non_null(strstr(first, "[\"kind\",\"released_count\"]"));
	th_server_start(&b, db2, NULL);
	th_request(&b, "POST", "/v1/import", hdr, first, strlen(first), &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	th_request(&b, "GET", "/v1/export", NULL, NULL, 0, &r);
	th_expect(&r, 200);
	second = strdup(r.body);
	th_resp_free(&r);
	assert_string_equal(first, second);
	n = th_sql(db2, "SELECT count(*) FROM swap_effects");
	{
		char *m = th_sql(G.db, "SELECT count(*) FROM swap_effects");
		assert_string_equal(n, m);
		free(m);
	}
	free(n);
	th_server_stop(&b);
	free(first);
	free(second);
	free(db2);
}

/* /v1/stats counts the people completed swaps freed, counted ones included, not release rows:
 * 2024 holds 230 + 248 returned prisoners of war and the 16 freed in Ankara. */
static void stats_count_people_not_rows(void **state)
{
	json_t *s = th_get(&G.srv, "/v1/stats"), *e;
	size_t i;
	int seen = 0;

	(void)state;
	json_array_foreach(json_object_get(s, "per_year"), i, e)
		if (json_integer_value(json_object_get(e, "year")) == 2024) {
			assert_int_equal(json_integer_value(json_object_get(e, "people_released")), 494);
			assert_int_equal(json_integer_value(json_object_get(e, "swaps")), 2);
			seen = 1;
		}
	assert_true(seen);
	/* Announced swaps (2099) are no year's. */
	json_array_foreach(json_object_get(s, "per_year"), i, e)
		assert_true(json_integer_value(json_object_get(e, "year")) < 2099);
	json_decref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counted_people_make_an_exchange),
		cmocka_unit_test(every_bad_field_is_named),
		cmocka_unit_test(a_completed_swap_is_not_in_the_future),
		cmocka_unit_test(only_a_completed_swap_changes_detentions),
		cmocka_unit_test(derived_values_follow_and_set_ones_stay),
		cmocka_unit_test(remains_money_and_destinations),
		cmocka_unit_test(the_filters_find_what_they_say),
		cmocka_unit_test(stats_count_people_not_rows),
		cmocka_unit_test(an_export_of_exchanges_imports_the_same),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
