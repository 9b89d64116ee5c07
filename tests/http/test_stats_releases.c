/* GET /v1/stats/releases (contract v1.2, "Research answers"): people released by completed swaps
 * per year or month, under the swap list's filters; periods from `from` (else the first with
 * data) to `to` (else the last), empty months as zeros, a swap dated only by its year under its
 * own period before that year's months; one series per side with split. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

TH_GROUP("test_stats_releases")

/* The series of path as "period:people:remains:swaps" items, side first with a split. */
static char *series(const char *path)
{
	json_t *j = th_get(&G.srv, path), *e;
	struct {
		char *data;
		size_t len;
	} out = {NULL, 0};
	FILE *f = open_memstream(&out.data, &out.len);
	size_t i;

	json_array_foreach(json_object_get(j, "series"), i, e) {
		json_t *side = json_object_get(e, "released_by");
		if (!side)
			side = json_object_get(e, "released_to");
		if (i)
			fputc(' ', f);
		if (side)
			fprintf(f, "%s@", json_is_null(side) ? "null" : json_string_value(side));
		fprintf(f, "%s:%lld:%lld:%lld", json_string_value(json_object_get(e, "period")),
			(long long)json_integer_value(json_object_get(e, "people")),
			(long long)json_integer_value(json_object_get(e, "remains")),
			(long long)json_integer_value(json_object_get(e, "swaps")));
	}
	fclose(f);
	json_decref(j);
	return out.data;
}

static void expect(const char *path, const char *want)
{
	char *got = series(path);

	if (strcmp(got, want) != 0)
		fail_msg("%s\n got  %s\n want %s", path, got, want);
	free(got);
}

/* January 2024: 230 for 248; May 2024: 75 prisoners of war and 20 bodies to Ukraine; a release
 * of 10 civilians dated only "2024", direction unknown; an announced swap (never counted); one
 * in March 2025 with a named person and an approximate group. */
static void data(void **state)
{
	long long who;

	(void)state;
	th_create(&G.srv, "/v1/swaps",
		  "{\"occurred_on\": \"2024-01-03\", \"groups\": ["
		  "{\"released_by\": \"RU\", \"released_to\": \"UA\", \"count\": 230,"
		  " \"category\": \"prisoners_of_war\"},"
		  "{\"released_by\": \"UA\", \"released_to\": \"RU\", \"count\": 248,"
		  " \"category\": \"prisoners_of_war\"}]}");
	th_create(&G.srv, "/v1/swaps",
		  "{\"occurred_on\": \"2024-05\", \"groups\": ["
		  "{\"released_by\": \"RU\", \"released_to\": \"UA\", \"count\": 75,"
		  " \"category\": \"prisoners_of_war\"},"
		  "{\"released_by\": \"RU\", \"released_to\": \"UA\", \"count\": 20,"
		  " \"category\": \"remains\"}]}");
	th_create(&G.srv, "/v1/swaps",
		  "{\"occurred_on\": \"2024\", \"groups\": [{\"released_by\": \"UA\", \"count\": 10,"
		  " \"category\": \"civilians\"}]}");
	th_create(&G.srv, "/v1/swaps",
		  "{\"status\": \"announced\", \"occurred_on\": \"2025-02\", \"groups\": ["
		  "{\"released_by\": \"RU\", \"released_to\": \"UA\", \"count\": 500,"
		  " \"category\": \"prisoners_of_war\"}]}");
	who = th_create(&G.srv, "/v1/people", "{\"name\": \"Ihor Kovalenko\"}");
	th_create(&G.srv, "/v1/swaps",
		  "{\"occurred_on\": \"2025-03-19\", \"releases\": [{\"person_id\": %lld,"
		  " \"released_by\": \"RU\", \"released_to\": \"UA\", \"category\": \"civilians\"}],"
		  " \"groups\": [{\"released_by\": \"UA\", \"released_to\": \"RU\", \"count\": 175,"
		  " \"approximate\": true, \"category\": \"prisoners_of_war\"}]}",
		  who);
}

static void per_year_and_month(void **state)
{
	(void)state;
	/* released_count per swap; the year-only swap under "2024". */
	expect("/v1/stats/releases", "2024:563:20:3 2025:176:0:1");
	expect("/v1/stats/releases?by=month",
	       "2024:10:0:1 2024-01:478:0:1 2024-02:0:0:0 2024-03:0:0:0 2024-04:0:0:0 "
	       "2024-05:75:20:1 2024-06:0:0:0 2024-07:0:0:0 2024-08:0:0:0 2024-09:0:0:0 "
	       "2024-10:0:0:0 2024-11:0:0:0 2024-12:0:0:0 2025-01:0:0:0 2025-02:0:0:0 "
	       "2025-03:176:0:1");
	/* The range from from to to, zeros where nothing happened. */
	expect("/v1/stats/releases?from=2022&to=2025", "2022:0:0:0 2023:0:0:0 2024:563:20:3 "
						       "2025:176:0:1");
	expect("/v1/stats/releases?by=month&from=2024-04&to=2024-06",
	       "2024:10:0:1 2024-04:0:0:0 2024-05:75:20:1 2024-06:0:0:0");
}

/* A direction or a category counts the groups and releases that match it. */
static void by_direction_and_category(void **state)
{
	(void)state;
	expect("/v1/stats/releases?released_to=UA&category=prisoners_of_war", "2024:305:0:2");
	expect("/v1/stats/releases?released_to=UA", "2024:305:20:2 2025:1:0:1");
	expect("/v1/stats/releases?category=remains", "2024:0:20:1");
	expect("/v1/stats/releases?split=released_by",
	       "RU@2024:305:20:2 RU@2025:1:0:1 UA@2024:258:0:2 UA@2025:175:0:1");
	expect("/v1/stats/releases?split=released_to&from=2025", "RU@2025:175:0:1 UA@2025:1:0:1");
	expect("/v1/stats/releases?split=released_to&to=2024",
	       "RU@2024:248:0:1 UA@2024:305:20:2 null@2024:10:0:1");
	/* A swap list filter reads the cells of the swaps it keeps: all of them here, so the same
	 * answers as the totals. */
	expect("/v1/stats/releases?by=month&non_state=false&from=2024-04&to=2024-06",
	       "2024:10:0:1 2024-04:0:0:0 2024-05:75:20:1 2024-06:0:0:0");
	expect("/v1/stats/releases?non_state=false&split=released_by",
	       "RU@2024:305:20:2 RU@2025:1:0:1 UA@2024:258:0:2 UA@2025:175:0:1");
	expect("/v1/stats/releases?non_state=false&released_to=UA&category=prisoners_of_war",
	       "2024:305:0:2");
	/* Any swap list filter: status is always completed here. */
	expect("/v1/stats/releases?status=announced", "");
	expect("/v1/stats/releases?person_id=999999", "");
}

/* The totals kept in each write's transaction equal a recount from the swaps as they are, and
 * so do each swap's categories column (the swap list's category filter), its facets (the swap
 * filters it matches) and the totals under each filter value. Prints, and checks: the rows
 * that differ in the totals, the cells, the categories, the facet totals, the facets; then how
 * many totals and facet totals there are, neither 0. */
static void totals_equal_a_recount(const char *db)
{
	static const char q[] =
		"WITH kept AS (SELECT by_month, released_by, released_to, category, period, people,"
		" remains, swaps FROM release_totals WHERE swaps > 0),"
		" cells AS (SELECT n.* FROM swaps t CROSS JOIN LATERAL swaptrack_swap_cells(t.id) n),"
		" recount AS (SELECT by_month, released_by, released_to, category, period, sum(people),"
		" sum(remains), count(*) FROM cells GROUP BY 1, 2, 3, 4, 5),"
		" kept_cells AS (SELECT by_month, period, released_by, released_to, category, people,"
		" remains FROM swap_release_cells),"
		/* Under each filter value the swap has: its monthly cells. */
		" fkept AS (SELECT facet, released_by, released_to, category, period, people, remains,"
		" swaps FROM release_facet_totals WHERE swaps > 0),"
		" frecount AS (SELECT f.facet, n.released_by, n.released_to, n.category, n.period,"
		" sum(n.people), sum(n.remains), count(*) FROM swaps t CROSS JOIN LATERAL"
		" swaptrack_swap_cells(t.id) n CROSS JOIN LATERAL unnest(swaptrack_swap_facets(t.id)) f"
		" (facet) WHERE n.by_month GROUP BY 1, 2, 3, 4, 5)"
		" SELECT (SELECT count(*) FROM ((TABLE kept EXCEPT TABLE recount) UNION ALL"
		" (TABLE recount EXCEPT TABLE kept)) x) || ' ' || (SELECT count(*) FROM"
		" ((TABLE kept_cells EXCEPT TABLE cells) UNION ALL (TABLE cells EXCEPT TABLE kept_cells)) y)"
		" || ' ' || (SELECT count(*) FROM swaps t"
		" WHERE t.categories IS DISTINCT FROM swaptrack_swap_categories(t.id))"
		" || ' ' || (SELECT count(*) FROM ((TABLE fkept EXCEPT TABLE frecount) UNION ALL"
		" (TABLE frecount EXCEPT TABLE fkept)) z)"
		" || ' ' || (SELECT count(*) FROM swaps t FULL JOIN swap_release_facets o"
		" ON o.swap_id = t.id WHERE (o.swap_id IS NULL) <> NOT EXISTS (SELECT 1 FROM"
		" swaptrack_swap_cells(t.id)) OR o.facets <> swaptrack_swap_facets(t.id))"
		" || ' ' || (SELECT count(*) FROM kept) || ' ' || (SELECT count(*) FROM fkept)";
	char *v = th_sql(db, q);

	if (strncmp(v, "0 0 0 0 0 ", 10) != 0 || strstr(v + 10, " 0") || v[10] == '0')
		fail_msg("kept totals and a recount differ (or there are none): %s", v);
	free(v);
}

/* After creates (above), a patch of a group's count, a status change there and back, a merge of
 * a released person, a delete and an import, the kept totals are a recount's. */
static void totals_are_kept_in_each_write(void **state)
{
	const char *const h[] = {"Content-Type: application/merge-patch+json", NULL};
	const char *count = "{\"groups\": [{\"released_by\": \"RU\", \"released_to\": \"UA\","
			    " \"count\": 80, \"category\": \"prisoners_of_war\"}, {\"released_by\":"
			    " \"RU\", \"released_to\": \"UA\", \"count\": 20, \"category\": \"remains\"}]}";
	struct th_resp r;
	long long a, gone;
	char *path, *db2, *body;

	(void)state;
	totals_equal_a_recount(G.db);
	th_request(&G.srv, "PATCH", "/v1/swaps/2", h, count, strlen(count), &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	totals_equal_a_recount(G.db);
	expect("/v1/stats/releases?by=month&from=2024-05&to=2024-05", "2024:10:0:1 2024-05:80:20:1");
	/* The swap list's category filter reads the swap's categories: 1 returned no remains. */
	assert_true(th_items_have(&G.srv, "/v1/swaps?category=remains", 2));
	assert_false(th_items_have(&G.srv, "/v1/swaps?category=remains", 1));
	th_request(&G.srv, "PATCH", "/v1/swaps/1", h, "{\"status\": \"cancelled\"}",
		   strlen("{\"status\": \"cancelled\"}"), &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	totals_equal_a_recount(G.db);
	expect("/v1/stats/releases?to=2024", "2024:90:20:2");
	th_request(&G.srv, "PATCH", "/v1/swaps/1", h, "{\"status\": \"completed\"}",
		   strlen("{\"status\": \"completed\"}"), &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	/* A merge: the released person (the first one made, above) moves into another record,
	 * the release with it, and still counts. */
	a = th_create(&G.srv, "/v1/people?duplicate=allow", "{\"name\": \"Ihor Kowalenko\"}");
	path = th_fmt("/v1/people/%lld/merge", a);
	th_json(&G.srv, "POST", path, "{\"from\": 1}", &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	free(path);
	totals_equal_a_recount(G.db);
	expect("/v1/stats/releases?from=2025", "2025:176:0:1");
	gone = th_create(&G.srv, "/v1/swaps",
			 "{\"occurred_on\": \"2023-02-04\", \"groups\": [{\"released_by\": \"RU\","
			 " \"released_to\": \"UA\", \"count\": 101, \"category\": \"prisoners_of_war\"}]}");
	path = th_fmt("/v1/swaps/%lld", gone);
	/* Its categories follow a patch: the group gives way to a named body. */
	assert_true(th_items_have(&G.srv, "/v1/swaps?category=prisoners_of_war", gone));
	body = th_fmt("{\"groups\": [], \"releases\": [{\"person_id\": %lld, \"released_by\":"
		      " \"RU\", \"released_to\": \"UA\", \"remains\": true}]}",
		      a);
	th_request(&G.srv, "PATCH", path, h, body, strlen(body), &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	free(body);
	assert_false(th_items_have(&G.srv, "/v1/swaps?category=prisoners_of_war", gone));
	assert_true(th_items_have(&G.srv, "/v1/swaps?category=remains", gone));
	totals_equal_a_recount(G.db);
	th_request(&G.srv, "DELETE", path, NULL, NULL, 0, &r);
	th_expect(&r, 204);
	th_resp_free(&r);
	free(path);
	totals_equal_a_recount(G.db);
	expect("/v1/stats/releases?to=2023", "");
	/* An import computes them once, the same. */
	db2 = th_exported_copy(&G, "test_stats_releases_import");
	totals_equal_a_recount(db2);
	free(th_same_in(G.db, db2,
			"SELECT string_agg(concat_ws(':', by_month, released_by, released_to, category,"
			" period, people, remains, swaps), ',' ORDER BY by_month, released_by, released_to,"
			" category, period) FROM release_totals WHERE swaps > 0"));
	free(db2);
}

static void bad_queries_are_400(void **state)
{
	static const char *const bad[] = {
		"/v1/stats/releases?by=week",
		"/v1/stats/releases?split=country",
		"/v1/stats/releases?by=year&by=month",
		"/v1/stats/releases?limit=5",
		"/v1/stats/releases?sort=occurred_on",
		"/v1/stats/releases?released_to=Hamas",
		"/v1/stats/releases?from=2024-13",
		"/v1/stats/releases?colour=red",
		/* 119,988 months: more entries than an answer holds. */
		"/v1/stats/releases?by=month&from=0001&to=9999",
		NULL,
	};
	struct th_resp r;

	(void)state;
	for (int i = 0; bad[i]; i++) {
		th_request(&G.srv, "GET", bad[i], NULL, NULL, 0, &r);
		if (r.status != 400)
			fail_msg("%s: %ld %s", bad[i], r.status, r.body);
		assert_non_null(strstr(r.body, "\"errors\""));
		th_resp_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(data),
		cmocka_unit_test(per_year_and_month),
		cmocka_unit_test(by_direction_and_category),
		cmocka_unit_test(bad_queries_are_400),
		cmocka_unit_test(totals_are_kept_in_each_write),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
