/* Lists: the partial-date overlap rule as a table, keyset pagination across pages in both
 * directions, sort, count, Link, and every filter the contract names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"

static int setup(void **state)
{
	(void)state;
	return world_setup("test_lists");
}

static int teardown(void **state)
{
	(void)state;
	return world_teardown();
}

/* The ids in a list, as "a b c" in the order given (malloc'd). */
static char *ids_of(const char *path)
{
	json_t *j = th_get(&W.srv, path), *item;
	char *out = strdup(""), *tmp;
	size_t i;

	json_array_foreach(json_object_get(j, "items"), i, item) {
		tmp = th_fmt("%s%s%lld", out, i ? " " : "",
			     (long long)json_integer_value(json_object_get(item, "id")));
		free(out);
		out = tmp;
	}
	json_decref(j);
	return out;
}

/* Detentions of one person with detained_on at each precision; windows; which match. */
static void overlap_rule_table(void **state)
{
	static const char *const dates[] = {"2023", "2023-06", "2023-06-15", "2022-12-31", NULL};
	static const struct {
		const char *query;
		const char *expect; /* letters: A=2023 B=2023-06 C=2023-06-15 D=2022-12-31; E has none */
	} windows[] = {
		{"from=2023-06-15&to=2023-06-15", "ABC"}, /* a day inside all three 2023 records */
		{"from=2023-07", "A"},                    /* B ends 06-30, C on 06-15 */
		{"to=2023-05", "AD"},                     /* A starts 01-01 */
		{"from=2023&to=2023", "ABC"},
		{"from=2022-12-31&to=2022-12-31", "D"},
		{"from=2024", ""},
		{"to=2022", "D"},
		{"from=2023-06-30&to=2023-07-01", "AB"}, /* B's last day */
		{"from=2023-06-16&to=2023-06-29", "AB"}, /* inside B, not C */
		{"from=2023-06-01&to=2023-06-01", "AB"}, /* B's first day */
		{"from=2022&to=2022-12", "D"},
		{"from=2022-12-31&to=2023-01-01", "AD"}, /* across the new year */
	};
	long long person = th_create(&W.srv, "/v1/people", "{\"name\": \"Overlap Case\"}");
	long long ids[5];
	char expect[64], *path, *got;

	(void)state;
	for (int i = 0; dates[i]; i++)
		ids[i] = th_create(&W.srv, "/v1/detentions",
				   "{\"person_id\": %lld, \"country\": \"BY\", "
				   "\"status\": \"held\", \"detained_on\": \"%s\"}",
				   person, dates[i]);
	ids[4] = th_create(&W.srv, "/v1/detentions",
			   "{\"person_id\": %lld, \"country\": \"BY\", "
			   "\"status\": \"held\"}",
			   person);
	for (size_t w = 0; w < sizeof(windows) / sizeof(windows[0]); w++) {
		expect[0] = '\0';
		for (const char *l = windows[w].expect; *l; l++)
			snprintf(expect + strlen(expect), sizeof(expect) - strlen(expect), "%s%lld",
				 l == windows[w].expect ? "" : " ", ids[*l - 'A']);
		path = th_fmt("/v1/detentions?person_id=%lld&%s", person, windows[w].query);
		got = ids_of(path);
		if (strcmp(got, expect) != 0)
			fail_msg("%s: expected [%s], got [%s]", windows[w].query, expect, got);
		free(got);
		free(path);
	}
	/* The date comes back exactly as given. */
	path = th_fmt("/v1/detentions/%lld", ids[1]);
	{
		json_t *d = th_get(&W.srv, path);
		assert_string_equal(json_string_value(json_object_get(d, "detained_on")), "2023-06");
		json_decref(d);
	}
	free(path);
}

/* Follows next links to the end; returns every id seen, in order. */
static char *walk(const char *first, int *pages)
{
	char *path = strdup(first), *all = strdup(""), *tmp;
	*pages = 0;

	while (path) {
		struct th_resp r;
		json_t *item, *next;
		size_t i;
		char *link;

		th_request(&W.srv, "GET", path, NULL, NULL, 0, &r);
		th_expect(&r, 200);
		(*pages)++;
		json_array_foreach(json_object_get(r.json, "items"), i, item) {
			tmp = th_fmt("%s%s%lld", all, *all ? " " : "",
				     (long long)json_integer_value(json_object_get(item, "id")));
			free(all);
			all = tmp;
		}
		next = json_object_get(r.json, "next");
		link = th_header(&r, "Link");
		free(path);
		path = NULL;
		if (json_is_string(next)) {
			char *want = th_fmt("<%s>; rel=\"next\"", json_string_value(next));
			assert_non_null(link);
			assert_string_equal(link, want);
			free(want);
			path = strdup(json_string_value(next));
		} else {
			assert_true(json_is_null(next));
			assert_null(link);
		}
		free(link);
		th_resp_free(&r);
		assert_true(*pages < 100);
	}
	return all;
}

static void keyset_pages_cover_everything_once(void **state)
{
	static const char *const names[] = {"Bravo", "alpha", "Charlie", "Delta",
					    "Echo",  "Bravo", "Foxtrot", NULL};
	long long ids[8];
	char *all, *expect;
	int pages;
	json_t *j;

	(void)state;
	for (int i = 0; names[i]; i++)
		/* Two Bravo on purpose: the duplicate guard (v1.1) is waived. */
		ids[i] = th_create(&W.srv, "/v1/people?duplicate=allow",
				   "{\"name\": \"%s\", "
				   "\"citizenships\": [\"NZ\"]}",
				   names[i]);
	/* By id, two a page: 7 records, 4 pages, each once, in order. */
	all = walk("/v1/people?citizenship=NZ&limit=2", &pages);
	expect = th_fmt("%lld %lld %lld %lld %lld %lld %lld", ids[0], ids[1], ids[2], ids[3], ids[4],
			ids[5], ids[6]);
	assert_string_equal(all, expect);
	assert_int_equal(pages, 4);
	free(all);
	free(expect);
	/* By name, descending, with a tie (two Bravo) broken by id, three a page. Byte order:
	 * upper case before lower. */
	all = walk("/v1/people?citizenship=NZ&sort=-name&limit=3", &pages);
	expect = th_fmt("%lld %lld %lld %lld %lld %lld %lld", ids[1], ids[6], ids[4], ids[3], ids[2],
			ids[5], ids[0]);
	assert_string_equal(all, expect);
	assert_int_equal(pages, 3);
	free(all);
	free(expect);
	/* count=true gives the total of the whole filter, not the page. */
	j = th_get(&W.srv, "/v1/people?citizenship=NZ&limit=2&count=true");
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 7);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
	json_decref(j);
	j = th_get(&W.srv, "/v1/people?citizenship=NZ");
	assert_null(json_object_get(j, "total"));
	json_decref(j);
	/* A cursor from one sort does not work with another. */
	{
		json_t *p = th_get(&W.srv, "/v1/people?citizenship=NZ&limit=2");
		char *path = th_fmt("%s", json_string_value(json_object_get(p, "next")));
		char *swapped = strstr(path, "limit=2");
		struct th_resp r;
		char *other = th_fmt("%.*ssort=name&%s", (int)(swapped - path), path, swapped);
		th_request(&W.srv, "GET", other, NULL, NULL, 0, &r);
		th_assert_problem(&r, 400);
		th_resp_free(&r);
		free(other);
		free(path);
		json_decref(p);
	}
}

/* Every filter the contract names, each finding exactly what it should. */
static void every_filter(void **state)
{
	long long a = th_create(&W.srv, "/v1/people",
				"{\"name\": \"Filter A\", \"citizenships\": [\"LT\"]}");
	long long b = th_create(&W.srv, "/v1/people",
				"{\"name\": \"Xavér Blomqvist\", \"aliases\": [\"Zeta One\"],"
				" \"citizenships\": [\"LT\", \"PL\"]}");
	long long da = th_create(&W.srv, "/v1/detentions",
				 "{\"person_id\": %lld, \"country\": \"IR\","
				 " \"status\": \"held\", \"wrongfully_detained\": true}",
				 a);
	long long db = th_create(&W.srv, "/v1/detentions",
				 "{\"person_id\": %lld, \"country\": \"IR\","
				 " \"status\": \"released\", \"wrongfully_detained\": false}",
				 b);
	long long n = th_create(&W.srv, "/v1/negotiations",
				"{\"title\": \"Filter talks\", \"status\":"
				" \"collapsed\", \"parties\": [\"IR\", \"LT\"], \"participants\":"
				" [{\"person_id\": %lld}]}",
				b);
	long long s = th_create(
		&W.srv, "/v1/swaps",
		"{\"occurred_on\": \"2020\", \"negotiation_id\": %lld,"
		" \"releases\": [{\"person_id\": %lld, \"released_by\": \"IR\", \"released_to\": \"LT\"}]}",
		n, a);
	long long src = th_create(&W.srv, "/v1/sources",
				  "{\"url\": \"https://filters.example/\","
				  " \"outlet\": \"Filter Post\", \"language\": \"lt\"}");
	long long cit = th_create(&W.srv, "/v1/citations",
				  "{\"source_id\": %lld, \"subject_type\": \"swap\","
				  " \"subject_id\": %lld}",
				  src, s);
	struct {
		char *path;
		char *expect;
	} cases[] = {
		{th_fmt("/v1/people?citizenship=LT"), th_fmt("%lld %lld", a, b)},
		{th_fmt("/v1/people?citizenship=PL"), th_fmt("%lld", b)},
		{th_fmt("/v1/people?q=xaver"), th_fmt("%lld", b)}, /* accents ignored */
		{th_fmt("/v1/people?q=zeta"), th_fmt("%lld", b)},  /* aliases */
		{th_fmt("/v1/people?held_by=IR"), th_fmt("%lld", a)},
		{th_fmt("/v1/detentions?country=IR"), th_fmt("%lld %lld", da, db)},
		{th_fmt("/v1/detentions?country=IR&status=released"), th_fmt("%lld", db)},
		{th_fmt("/v1/detentions?country=IR&wrongfully_detained=true"), th_fmt("%lld", da)},
		{th_fmt("/v1/detentions?person_id=%lld", b), th_fmt("%lld", db)},
		{th_fmt("/v1/people/%lld/detentions", b), th_fmt("%lld", db)},
		{th_fmt("/v1/negotiations?party=IR"), th_fmt("%lld", n)},
		{th_fmt("/v1/negotiations?status=collapsed"), th_fmt("%lld", n)},
		{th_fmt("/v1/negotiations?person_id=%lld", b), th_fmt("%lld", n)},
		{th_fmt("/v1/negotiations?person_id=%lld", a), th_fmt("%s", "")},
		{th_fmt("/v1/swaps?person_id=%lld", a), th_fmt("%lld", s)},
		{th_fmt("/v1/swaps?country=LT"), th_fmt("%lld", s)},
		{th_fmt("/v1/swaps?country=IR"), th_fmt("%lld", s)},
		{th_fmt("/v1/swaps?negotiation_id=%lld", n), th_fmt("%lld", s)},
		{th_fmt("/v1/negotiations/%lld/swaps", n), th_fmt("%lld", s)},
		{th_fmt("/v1/swaps?from=2020-06&to=2020-06"), th_fmt("%lld", s)},
		{th_fmt("/v1/sources?outlet=Filter%%20Post&language=lt"), th_fmt("%lld", src)},
		{th_fmt("/v1/sources?url=https%%3A%%2F%%2Ffilters.example%%2F"), th_fmt("%lld", src)},
		{th_fmt("/v1/citations?source_id=%lld", src), th_fmt("%lld", cit)},
		{th_fmt("/v1/citations?subject_type=swap&subject_id=%lld", s), th_fmt("%lld", cit)},
		{th_fmt("/v1/sources/%lld/citations", src), th_fmt("%lld", cit)},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = ids_of(cases[i].path);
		if (strcmp(got, cases[i].expect) != 0)
			fail_msg("%s: expected [%s], got [%s]", cases[i].path, cases[i].expect, got);
		free(got);
		free(cases[i].path);
		free(cases[i].expect);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(overlap_rule_table),
		cmocka_unit_test(keyset_pages_cover_everything_once),
		cmocka_unit_test(every_filter),
	};

	return cmocka_run_group_tests_name("lists", tests, setup, teardown);
}
