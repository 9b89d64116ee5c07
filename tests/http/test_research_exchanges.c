/* Real exchanges as the world reported them (contract v1.2), loaded the way a researcher would: the
 * parties, then one batch an exchange (tests/fixtures/exchanges/E*.json, from the notes in FACTS.md),
 * then research questions, each one request. What each swap must read back as (kind,
 * released_count, sides) is in truth.json, and every number a question asserts was counted by hand
 * from the fixtures, never read back from the server: a server that counts wrong fails here. */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

TH_GROUP("test_research_exchanges")

#define FIXTURES "tests/fixtures/exchanges/"

/* Every batch ref the exchanges made of a swap or a negotiation, with its id. Swap refs are unique
 * across the files (e05, e08_s1, e12_t3 ...), so one map serves every file. */
static json_t *ids;

static long long id_of(const char *ref)
{
	json_t *id = json_object_get(ids, ref);

	if (!json_is_integer(id))
		fail_msg("no record made for ref %s", ref);
	return (long long)json_integer_value(id);
}

/* The file, read relative to the repository root, where the tests run. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s;

	if (!f)
		fail_msg("cannot open %s", path);
	s = th_read_all(f);
	fclose(f);
	return s;
}

/* POSTs a fixture to /v1/batch, fails unless 200, and keeps the ids of the swaps and negotiations
 * it made (from each result's location: refs like "src" repeat from file to file). */
static void post_batch(const char *path)
{
	char *body = slurp(path);
	struct th_resp r;
	json_t *res;
	size_t i;

	th_json(&G.srv, "POST", "/v1/batch", body, &r);
	if (r.status != 200)
		fail_msg("%s: %ld %s", path, r.status, r.body);
	json_array_foreach(json_object_get(r.json, "results"), i, res) {
		const char *loc = json_string_value(json_object_get(res, "location")),
			   *ref = json_string_value(json_object_get(res, "ref"));
		if (!ref || !loc)
			continue;
		if (strncmp(loc, "/v1/swaps/", 10) == 0 || strncmp(loc, "/v1/negotiations/", 17) == 0) {
			if (json_object_get(ids, ref))
				fail_msg("%s: ref %s is made twice across the fixtures", path, ref);
			json_object_set(ids, ref, json_object_get(res, "id"));
		}
	}
	th_resp_free(&r);
	free(body);
}

/* The people a fixture creates: each is a real, named person (counted people are groups). */
static size_t people_in(const char *path)
{
	json_error_t err;
	json_t *doc = json_load_file(path, 0, &err), *op;
	size_t i, n = 0;

	if (!doc)
		fail_msg("%s: %s", path, err.text);
	json_array_foreach(json_object_get(doc, "operations"), i, op)
		n += strcmp(json_string_value(json_object_get(op, "collection")), "people") == 0;
	json_decref(doc);
	return n;
}

/* The "total" of a list asked with count=true. */
static long long total(const char *path)
{
	json_t *j = th_get(&G.srv, path);
	long long n;

	assert_true(json_is_integer(json_object_get(j, "total")));
	n = (long long)json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	return n;
}

/* The parties, then every exchange, each one batch; each swap reads back as truth.json says, and
 * the people are the named ones, no placeholder among them. */
static void every_exchange_goes_in_as_reported(void **state)
{
	json_error_t err;
	json_t *truth, *swaps, *want;
	glob_t files;
	size_t i, people = 0;
	const char *file, *ref;
	FILE *wrong;
	char *report = NULL;
	size_t report_len = 0;

	(void)state;
	ids = json_object();
	post_batch(FIXTURES "parties.json");
	assert_int_equal(glob(FIXTURES "E[0-9][0-9].json", 0, NULL, &files), 0);
	assert_true(files.gl_pathc >= 14);
	for (i = 0; i < files.gl_pathc; i++) {
		post_batch(files.gl_pathv[i]);
		people += people_in(files.gl_pathv[i]);
	}

	/* Every swap against the hand count; all the differences at once, not the first. */
	truth = json_load_file(FIXTURES "truth.json", 0, &err);
	if (!truth)
		fail_msg("truth.json: %s", err.text);
	assert_int_equal(json_object_size(truth), files.gl_pathc);
	wrong = open_memstream(&report, &report_len);
	json_object_foreach(truth, file, swaps) {
		json_object_foreach(swaps, ref, want) {
			char *path = th_fmt("/v1/swaps/%lld", id_of(ref));
			json_t *got = th_get(&G.srv, path);
			const char *keys[] = {"kind", "released_count", "sides"};

			for (size_t k = 0; k < 3; k++)
				if (!json_equal(json_object_get(got, keys[k]),
						json_object_get(want, keys[k]))) {
					char *g = json_dumps(json_object_get(got, keys[k]),
							     JSON_COMPACT | JSON_ENCODE_ANY),
					     *w = json_dumps(json_object_get(want, keys[k]),
							     JSON_COMPACT | JSON_ENCODE_ANY);
					fprintf(wrong, "%s %s %s:\n  got  %s\n  want %s\n", file, ref,
						keys[k], g, w);
					free(g);
					free(w);
				}
			json_decref(got);
			free(path);
		}
	}
	fclose(wrong);
	if (report_len)
		fail_msg("swaps that read back otherwise than counted by hand:\n%s", report);
	free(report);
	json_decref(truth);
	globfree(&files);

	/* Only the people named in the reporting: as many as the files create (106, counted by hand),
	 * and none that stands for a group (v1.1's "Unnamed group: 390 people"). */
	assert_int_equal(people, 106);
	assert_int_equal(total("/v1/people?count=true&limit=1"), people);
	assert_int_equal(total("/v1/people?q=Unnamed&count=true&limit=1"), 0);
	{
		char *n = th_sql(
			G.db,
			"SELECT count(*) FROM people WHERE name ~* "
			"'unnamed|unknown|placeholder|group|people|prisoner|hostage|bodies|soldier|civilian'");
		assert_string_equal(n, "0");
		free(n);
	}
	/* Every detention the files record ends in one of the swaps: nobody is left held, and the ten
	 * whose bodies came back (Goldwasser and Regev; eight hostages of 2025) died in it. */
	assert_int_equal(total("/v1/detentions?status=held&count=true&limit=1"), 0);
	assert_int_equal(total("/v1/detentions?status=died&count=true&limit=1"), 10);
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int by_value(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* The n strings joined with spaces (malloc'd), each freed. */
static char *joined(char **items, size_t n)
{
	char *out = strdup(""), *next;

	for (size_t i = 0; i < n; i++) {
		next = th_fmt("%s%s%s", out, i ? " " : "", items[i]);
		free(out);
		free(items[i]);
		out = next;
	}
	return out;
}

/* A stats/releases answer as "side@period:people:remains:swaps" items ("period:..." without a
 * split), in the answer's order, or sorted: the order of the sides is the database's collation,
 * which the questions do not ask about. */
static char *series(const char *path, int sorted)
{
	json_t *j = th_get(&G.srv, path), *e;
	char *items[200];
	size_t i, n = 0;

	assert_string_equal(json_string_value(json_object_get(j, "by")),
			    strstr(path, "by=month") ? "month" : "year");
	json_array_foreach(json_object_get(j, "series"), i, e) {
		json_t *side = json_object_get(e, "released_by");
		assert_true(n < 200);
		items[n++] = th_fmt("%s%s%s:%lld:%lld:%lld", side ? json_string_value(side) : "",
				    side ? "@" : "", json_string_value(json_object_get(e, "period")),
				    (long long)json_integer_value(json_object_get(e, "people")),
				    (long long)json_integer_value(json_object_get(e, "remains")),
				    (long long)json_integer_value(json_object_get(e, "swaps")));
	}
	json_decref(j);
	if (sorted)
		qsort(items, n, sizeof(*items), by_text);
	return joined(items, n);
}

static void expect_series(const char *path, int sorted, const char *want)
{
	char *got = series(path, sorted);

	if (strcmp(got, want) != 0)
		fail_msg("%s\n got  %s\n want %s", path, got, want);
	free(got);
}

/* n ids sorted, as "1 5 9". */
static char *id_list(long long *v, size_t n)
{
	char *items[100];

	qsort(v, n, sizeof(*v), by_value);
	for (size_t i = 0; i < n; i++)
		items[i] = th_fmt("%lld", v[i]);
	return joined(items, n);
}

/* The swaps a list answers (one page: fewer than its limit) against those these refs made. */
static void expect_swaps(const char *path, const char *const refs[])
{
	json_t *j = th_get(&G.srv, path), *e;
	long long got[100], want[100];
	size_t i, n = 0, m = 0;
	char *g, *w;

	assert_true(json_is_null(json_object_get(j, "next")));
	json_array_foreach(json_object_get(j, "items"), i, e) {
		assert_true(n < 100);
		got[n++] = (long long)json_integer_value(json_object_get(e, "id"));
	}
	json_decref(j);
	for (; refs[m]; m++)
		want[m] = id_of(refs[m]);
	g = id_list(got, n);
	w = id_list(want, m);
	if (strcmp(g, w) != 0)
		fail_msg("%s\n got  %s\n want %s", path, g, w);
	free(g);
	free(w);
}

/* a. Prisoners of war returned to Ukraine, by month: the civilians of E05 (6), E07 (2), the first
 * Istanbul stage (120) and E09 (4 named, 4 counted) are not prisoners of war, and the bodies of E10
 * are remains. January 2024 to August 2025, the months between as zeros. */
static void prisoners_of_war_returned_to_ukraine_by_month(void **state)
{
	(void)state;
	expect_series("/v1/stats/releases?by=month&released_to=UA&category=prisoners_of_war", 0,
		      "2024-01:224:0:1 2024-02:0:0:0 2024-03:0:0:0 2024-04:0:0:0 2024-05:0:0:0 "
		      "2024-06:0:0:0 2024-07:0:0:0 2024-08:0:0:0 2024-09:103:0:1 2024-10:0:0:0 "
		      "2024-11:0:0:0 2024-12:187:0:1 2025-01:0:0:0 2025-02:0:0:0 2025-03:0:0:0 "
		      "2025-04:0:0:0 2025-05:880:0:3 2025-06:0:0:0 2025-07:0:0:0 2025-08:146:0:1");
}

/* b. Every exchange with a non-state party: Hamas and Islamic Jihad (E11, E12), the Taliban (E13-15),
 * the Houthis (E19, and the coalition's release of 17 April outside the deal), Hezbollah (E20).
 * Not the repatriations of E10, which the ICRC carried out: a facilitator is not a side of the
 * deal (api-docs, Swaps). */
static void every_exchange_with_a_non_state_party(void **state)
{
	const char *const refs[] = {"e11_d1", "e11_d2", "e11_d3", "e11_d4", "e11_d5", "e11_d6",
				    "e11_d7", "e12_t1", "e12_t2", "e12_t3", "e12_t4", "e12_t5",
				    "e12_t6", "e12_r1", "e12_r2", "e12_t7", "e12_t8", "e13",
				    "e14",    "e15",    "e19",    "e19_b",  "e20",    NULL};

	(void)state;
	expect_swaps("/v1/swaps?non_state=true", refs);
}

/* c. People each side released in 2024-2025, living and remains (split by the side that let them
 * go; every side with data in the range has an entry in both years):
 * 2024: E04 (RU 15, BY 1, DE 1, PL 1, SI 2 named + 2 children, NO 1, US 3), E05 (RU 230, UA 248),
 *       E06 (103 each way), E07 (RU 189, UA 150).
 * 2025: E02 and E03 (RU 1 and US 1 each), E08 (1,000 each way in 3 swaps), E09 (154 each way),
 *       E10 (bodies: RU 7,057 in 6 swaps, UA 27 + 51 + 19 in 3), E12 (Hamas 28 alive and 8 bodies in
 *       10 swaps, Islamic Jihad 2, Israel 90 + 200 + 110 + 183 + 183 + 369 + 620 = 1,755 in 7), E15
 *       (Taliban 2, US 1), E17 and E18 (Belarus 14 + 52). */
static void people_each_side_released_in_2024_2025(void **state)
{
	(void)state;
	expect_series("/v1/stats/releases?from=2024&to=2025&split=released_by", 1,
		      "BY@2024:1:0:1 BY@2025:66:0:2 "
		      "DE@2024:1:0:1 DE@2025:0:0:0 "
		      "IL@2024:0:0:0 IL@2025:1755:0:7 "
		      "NO@2024:1:0:1 NO@2025:0:0:0 "
		      "PL@2024:1:0:1 PL@2025:0:0:0 "
		      "RU@2024:537:0:4 RU@2025:1156:7057:12 "
		      "SI@2024:4:0:1 SI@2025:0:0:0 "
		      "UA@2024:501:0:3 UA@2025:1154:97:7 "
		      "US@2024:3:0:1 US@2025:3:0:3 "
		      "hamas@2024:0:0:0 hamas@2025:28:8:10 "
		      "pij@2024:0:0:0 pij@2025:2:0:1 "
		      "taliban@2024:0:0:0 taliban@2025:2:0:1");
}

/* d. Remains returned, per year: 2008, Goldwasser and Regev and the 199 of E20; 2025, the 7,154
 * bodies of E10 and the 8 hostages' bodies of E12 (20, 21 and 27 February). The years between are
 * zeros. */
static void remains_returned_per_year(void **state)
{
	(void)state;
	expect_series("/v1/stats/releases?category=remains", 0,
		      "2008:0:201:1 2009:0:0:0 2010:0:0:0 2011:0:0:0 2012:0:0:0 2013:0:0:0 2014:0:0:0 "
		      "2015:0:0:0 2016:0:0:0 2017:0:0:0 2018:0:0:0 2019:0:0:0 2020:0:0:0 2021:0:0:0 "
		      "2022:0:0:0 2023:0:0:0 2024:0:0:0 2025:0:7162:9");
}

/* e. The exchanges the UAE mediated or hosted, in one request: involves takes a side in any role,
 * host included. E01 and E03 in Abu Dhabi (hosts; E03 without a mediator), and the prisoner of
 * war exchanges it mediated (E05, E06, E07, E09). */
static void the_exchanges_the_uae_mediated_or_hosted(void **state)
{
	const char *const refs[] = {"e01", "e03", "e05", "e06", "e07", "e09", NULL};

	(void)state;
	expect_swaps("/v1/swaps?involves=AE", refs);
}

/* f. The Istanbul agreement's progress: 390, 307 and 303 each way, all delivered, the swaps by
 * stage. */
/* The body of a 200 answer. */
static char *answer(const char *path)
{
	struct th_resp r;
	char *body;

	th_request(&G.srv, "GET", path, NULL, NULL, 0, &r);
	if (r.status != 200)
		fail_msg("%s: %ld %s", path, r.status, r.body);
	body = strdup(r.body);
	th_resp_free(&r);
	assert_non_null(body);
	return body;
}

/* The swaps an answer counts, over its periods. */
static long long swaps_in(const char *body)
{
	json_t *j = json_loads(body, 0, NULL), *e;
	long long n = 0;
	size_t i;

	assert_non_null(j);
	json_array_foreach(json_object_get(j, "series"), i, e)
		n += json_integer_value(json_object_get(e, "swaps"));
	json_decref(j);
	return n;
}

/* One swap filter of one value is answered from the totals kept under that value
 * (release_facet_totals); with a second filter that changes nothing (status=completed: only
 * completed swaps count), the same question reads the cells of the swaps the filters keep. The
 * two agree for every kind of filter, with direction, category, split and range; status=completed
 * alone against no filter compares the facet with the unfiltered totals. */
static void one_filter_answers_equal_the_swaps_cells(void **state)
{
	static const char *const filters[] = {
		"party=hamas",
		"party=UA",
		"party=taliban",
		"involves=QA",
		"involves=TR",
		"involves=icrc",
		"mediator=AE",
		"facilitator=icrc",
		"host=TR",
		"kind=exchange",
		"kind=repatriation",
		"kind=release",
		"non_state=true",
		"non_state=false",
		"country=UA",
		"country=US",
		"stage=1",
		"status=completed",
		NULL,
	};
	static const char *const shapes[] = {
		"",
		"&by=month",
		"&split=released_by",
		"&by=month&split=released_to",
		"&released_to=UA&category=prisoners_of_war",
		"&by=month&from=2024-03&to=2025-06",
		"&from=2022&to=2025",
		"&category=remains",
		NULL,
	};
	int with_swaps = 0, answers = 0;
	char *a, *b, *got, *tampered;

	(void)state;
	for (int f = 0; filters[f]; f++)
		for (int k = 0; shapes[k]; k++) {
			int alone = strcmp(filters[f], "status=completed") == 0;
			char *one = th_fmt("/v1/stats/releases?%s%s", filters[f], shapes[k]);
			char *two = alone ? th_fmt("/v1/stats/releases?%s", shapes[k] + (*shapes[k] != 0))
					  : th_fmt("%s&status=completed", one);
			a = answer(one);
			b = answer(two);
			if (strcmp(a, b) != 0)
				fail_msg("%s\n %s\nagainst %s\n %s", one, a, two, b);
			with_swaps += swaps_in(a) > 0;
			answers++;
			free(one);
			free(two);
			free(a);
			free(b);
		}
	/* Not an agreement of empty answers: most count some swap. */
	if (with_swaps * 2 < answers)
		fail_msg("only %d of %d answers count a swap", with_swaps, answers);
	/* And the first is read from the facet's totals: changing them changes the answer. */
	a = answer("/v1/stats/releases?party=hamas");
	free(th_sql(G.db, "UPDATE release_facet_totals SET people = people + 1000"
			  " WHERE facet = 'party:hamas' AND released_by = '*' AND released_to = '*'"
			  " AND category = '*'"));
	tampered = answer("/v1/stats/releases?party=hamas");
	free(th_sql(G.db, "UPDATE release_facet_totals SET people = people - 1000"
			  " WHERE facet = 'party:hamas' AND released_by = '*' AND released_to = '*'"
			  " AND category = '*'"));
	got = answer("/v1/stats/releases?party=hamas");
	assert_string_not_equal(a, tampered);
	assert_string_equal(a, got);
	free(a);
	free(tampered);
	free(got);
}

static void the_istanbul_agreement_is_delivered(void **state)
{
	char *path = th_fmt("/v1/negotiations/%lld", id_of("istanbul"));
	json_t *n = th_get(&G.srv, path), *c = json_object_get(n, "commitments"), *want;
	long long s1 = id_of("e08_s1"), s2 = id_of("e08_s2"), s3 = id_of("e08_s3");

	(void)state;
	want = json_pack("[{s:O, s:i, s:i, s:i, s:[I, I, I]}, {s:O, s:i, s:i, s:i, s:[I, I, I]}]",
			 "commitment", json_object_get(json_array_get(c, 0), "id"), "count", 1000,
			 "delivered", 1000, "remaining", 0, "swaps", (json_int_t)s1, (json_int_t)s2,
			 (json_int_t)s3, "commitment", json_object_get(json_array_get(c, 1), "id"),
			 "count", 1000, "delivered", 1000, "remaining", 0, "swaps", (json_int_t)s1,
			 (json_int_t)s2, (json_int_t)s3);
	assert_non_null(want);
	if (!json_equal(json_object_get(n, "progress"), want)) {
		char *g = json_dumps(json_object_get(n, "progress"), JSON_COMPACT),
		     *w = json_dumps(want, JSON_COMPACT);
		fail_msg("progress\n got  %s\n want %s", g, w);
	}
	json_decref(want);
	json_decref(n);
	free(path);
}

static int teardown(void **state)
{
	json_decref(ids);
	return group_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_exchange_goes_in_as_reported),
		cmocka_unit_test(prisoners_of_war_returned_to_ukraine_by_month),
		cmocka_unit_test(every_exchange_with_a_non_state_party),
		cmocka_unit_test(people_each_side_released_in_2024_2025),
		cmocka_unit_test(remains_returned_per_year),
		cmocka_unit_test(the_exchanges_the_uae_mediated_or_hosted),
		cmocka_unit_test(the_istanbul_agreement_is_delivered),
		cmocka_unit_test(one_filter_answers_equal_the_swaps_cells),
	};
	return cmocka_run_group_tests(tests, group_setup, teardown);
}
