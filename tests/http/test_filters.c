/* Lists: the filters researchers use (contract v1.1), generated from the field tables: equality
 * on every enum, country, country list, reference and boolean field, several values with commas
 * meaning any of them, and every partial date by a date or an interval with open ends; bad
 * values get 400 naming the parameter. On the demo data as make run loads it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct th_group G;

static int setup(void **state)
{
	const char *load[] = {"batch", "--if-empty", "scripts/demo/seed.batch.json", NULL};

	(void)state;
	th_group_setup(&G, "test_filters");
	return th_run(G.db, load, NULL) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return th_group_teardown(&G);
}

/* How many records GET path lists (its total), or -1 with the status when it is not 200. */
static long total(const char *path, long *status)
{
	struct th_resp r;
	char *q = th_fmt("%s%scount=true&limit=500", path, strchr(path, '?') ? "&" : "?");
	long n = -1;

	th_request(&G.srv, "GET", q, NULL, NULL, 0, &r);
	*status = r.status;
	if (r.status == 200)
		n = (long)json_integer_value(json_object_get(r.json, "total"));
	th_resp_free(&r);
	free(q);
	return n;
}

static void expect_total(const char *path, long want)
{
	long status, n = total(path, &status);

	if (status != 200 || n != want)
		fail_msg("%s: status %ld, %ld records; want 200 and %ld", path, status, n, want);
}

static void expect_400(const char *path, const char *param)
{
	struct th_resp r;
	char *fields;

	th_request(&G.srv, "GET", path, NULL, NULL, 0, &r);
	th_assert_problem(&r, 400);
	fields = th_error_fields(&r);
	if (!strstr(fields, param))
		fail_msg("%s: the 400 names %s, not %s", path, fields, param);
	free(fields);
	th_resp_free(&r);
}

static long sql_count(const char *sql)
{
	char *v = th_sql(G.db, sql);
	long n = atol(v);
	free(v);
	return n;
}

static void commas_mean_any_of_them(void **state)
{
	(void)state;
	expect_total("/v1/detentions?status=held", 0);
	expect_total("/v1/detentions?status=released", 2);
	expect_total("/v1/detentions?status=held,released", 2);
	expect_total("/v1/people?citizenship=RU",
		     sql_count("SELECT count(*) FROM people WHERE 'RU' = ANY(citizenships)"));
	expect_total("/v1/people?citizenship=RU,US", 6);
	expect_total("/v1/citations?confidence=claimed,confirmed",
		     sql_count("SELECT count(*) FROM citations WHERE confidence IN ('claimed', 'confirmed')"));
	expect_total("/v1/citations?subject_type=person,negotiation",
		     sql_count("SELECT count(*) FROM citations WHERE subject_type IN ('person', 'negotiation')"));
	{
		char *ids = th_sql(G.db, "SELECT string_agg(id::text, ',' ORDER BY id) FROM people"
					 " WHERE name IN ('Marc Fogel', 'Ksenia Karelina')");
		char *path = th_fmt("/v1/detentions?person_id=%s", ids);
		expect_total(path, 2);
		free(path);
		free(ids);
	}
	/* A field that had no filter of its own before: the talks' mediators. */
	expect_total("/v1/negotiations?mediator=TR", 0);
	expect_total("/v1/negotiations?party=RU,BY", 2);
	expect_400("/v1/detentions?status=held,bogus", "status");
	expect_400("/v1/detentions?status=held,", "status");
	expect_400("/v1/detentions?status=,held", "status");
	expect_400("/v1/people?citizenship=RU,ru", "citizenship");
	expect_400("/v1/detentions?person_id=1,x", "person_id");
}

static void every_date_by_a_date_or_an_interval(void **state)
{
	(void)state;
	expect_total("/v1/detentions?released_on=2025", 2);
	expect_total("/v1/detentions?released_on=2024", 0);
	expect_total("/v1/detentions?released_on=2024..2026", 2);
	expect_total("/v1/detentions?released_on=2025-06..", 2); /* "2025" reaches into June */
	expect_total("/v1/detentions?released_on=..2024-12", 0);
	expect_total("/v1/detentions?released_on=2026..", 0);
	/* Overlap, as from/to: a statement of November 2025 overlaps 18 November. */
	expect_total("/v1/statements?said_on=2025-11", 2);
	expect_total("/v1/statements?said_on=2025-11-18", 2);
	expect_total("/v1/statements?said_on=2025-11-19..", 1);
	expect_total("/v1/people?born_on=1900..2100", 0); /* nobody's birth is recorded */
	expect_total("/v1/sources?published_on=2025-11-18", 1);
	expect_400("/v1/detentions?released_on=2026..2024", "released_on");
	expect_400("/v1/detentions?released_on=2025-13", "released_on");
	expect_400("/v1/detentions?released_on=..", "released_on");
	expect_400("/v1/detentions?released_on=2024...2025", "released_on");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(commas_mean_any_of_them),
		cmocka_unit_test(every_date_by_a_date_or_an_interval),
	};

	return cmocka_run_group_tests_name("filters", tests, setup, teardown);
}
