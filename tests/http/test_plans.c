/* List pages and filters use indexes. The server runs against 300,000 records of each kind
 * (a million until make test had to stay under twelve minutes beside the browser-measured
 * intake: one filter row in 10,000 is as rare at either size, and a smaller table only tempts
 * the planner more towards a sequential scan) with auto_explain on, so PostgreSQL logs the plan
 * of every statement the server really sends; the test then reads those plans and fails on a
 * sequential scan of a large table. The plans are kept in build/test-logs/plans.txt.
 *
 * Each filter value below matches one row in 10,000 (or none), as a researcher's filters do,
 * so that its index is what PostgreSQL should choose over reading the table in id order: a
 * filter whose index is missing shows up as a Seq Scan here. The tables' own triggers (search vectors, name
 * terms) are off while they load, which the plans here do not read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "harness.h"

#define N "300000"

/* A year: 1850 for one row in 10,000 (what the filters below look for), 1900 to 1999 for the
 * others. */
#define YEAR "CASE WHEN i % 10000 = 0 THEN 1850 ELSE 1900 + i % 100 END"
#define DATE_OF(y) "(" y ")::text, make_date(" y ", 1, 1), make_date(" y ", 12, 31), 'year'"
#define RARE "i % 10000 = 0"

static const char *const load[] = {
	"ALTER TABLE sources DISABLE TRIGGER USER",
	"ALTER TABLE people DISABLE TRIGGER USER",
	"ALTER TABLE detentions DISABLE TRIGGER USER",
	"ALTER TABLE negotiations DISABLE TRIGGER USER",
	"ALTER TABLE swaps DISABLE TRIGGER USER",
	"ALTER TABLE swap_releases DISABLE TRIGGER USER",
	"ALTER TABLE statements DISABLE TRIGGER USER",
	"ALTER TABLE citations DISABLE TRIGGER USER",
	"INSERT INTO sources (url, title, content, published_on, published_on_first, published_on_last,"
	" published_on_precision) SELECT 'https://plans.example/' || i, 'Title ' || i, 'Text ' || i, " DATE_OF(
		YEAR) " FROM generate_series(1, " N ") i",
	"INSERT INTO people (name, citizenships, born_on, born_on_first, born_on_last, born_on_precision)"
	" SELECT 'Person ' || i, CASE WHEN " RARE
	" THEN ARRAY['LT'] ELSE ARRAY['US'] END, " DATE_OF(YEAR) " FROM generate_series(1, " N ") i",
	"INSERT INTO detentions (person_id, country, status, detained_on, detained_on_first,"
	" detained_on_last, detained_on_precision, sentenced_on, sentenced_on_first, sentenced_on_last,"
	" sentenced_on_precision, released_on, released_on_first, released_on_last,"
	" released_on_precision) SELECT i, CASE WHEN " RARE " THEN 'BY' ELSE 'RU' END,"
	" CASE WHEN i % 3 = 0 THEN 'held' ELSE 'released' END, '2020', '2020-01-01', '2020-12-31',"
	" 'year', " DATE_OF("y") ", " DATE_OF("y + 1") " FROM generate_series(1, " N
						       ") i, LATERAL (SELECT " YEAR " AS y) d",
	"INSERT INTO negotiations (title, status, parties, mediators, started_on, started_on_first,"
	" started_on_last, started_on_precision, ended_on, ended_on_first, ended_on_last,"
	" ended_on_precision) SELECT 'Talks ' || i, 'active', ARRAY['RU', 'US'],"
	" CASE WHEN " RARE " THEN ARRAY['TR'] ELSE '{}'::text[] END, " DATE_OF("y") ", " DATE_OF(
		"y + 1") " FROM generate_series(1, " N ") i, LATERAL (SELECT " YEAR " AS y) d",
	"INSERT INTO swaps (occurred_on, occurred_on_first, occurred_on_last, occurred_on_precision,"
	" mediators) SELECT " DATE_OF(YEAR) ", CASE WHEN " RARE " THEN ARRAY['TR'] ELSE"
					    " '{}'::text[] END FROM generate_series(1, " N ") i",
	"INSERT INTO swap_releases (swap_id, position, person_id, released_by) SELECT i, 0, i, 'RU'"
	" FROM generate_series(1, " N ") i",
	"INSERT INTO statements (speaker_id, person_id, text, kind, said_on, said_on_first, said_on_last,"
	" said_on_precision) SELECT i, i, 'Said ' || i, 'quote', " DATE_OF(
		YEAR) " FROM generate_series(1, " N ") i",
	"INSERT INTO citations (source_id, subject_type, subject_id, confidence) SELECT i, 'person', i,"
	" CASE WHEN " RARE " THEN 'disputed' ELSE 'reported' END FROM generate_series(1, " N ") i",
	"ALTER TABLE sources ENABLE TRIGGER USER",
	"ALTER TABLE people ENABLE TRIGGER USER",
	"ALTER TABLE detentions ENABLE TRIGGER USER",
	"ALTER TABLE negotiations ENABLE TRIGGER USER",
	"ALTER TABLE swaps ENABLE TRIGGER USER",
	"ALTER TABLE swap_releases ENABLE TRIGGER USER",
	"ALTER TABLE statements ENABLE TRIGGER USER",
	"ALTER TABLE citations ENABLE TRIGGER USER",
	"ANALYZE",
};

/* Requests whose statements must all use indexes on the large tables. */
static const char *const requests[] = {
	"/v1/people/123",
	"/v1/people?citizenship=LT",
	"/v1/people?citizenship=LT,PL",
	"/v1/people?sort=name&limit=20",
	"/v1/people?born_on=1850",
	"/v1/people?born_on=..1850-06",
	"/v1/people?born_on=2030..",
	"/v1/people?sort=-born_on,id&limit=20",
	"/v1/people/77?fields=name,citizenships",
	"/v1/detentions?country=BY&status=held",
	"/v1/detentions?country=BY,IR&status=held,died",
	"/v1/detentions?person_id=77",
	"/v1/detentions?person_id=77&embed=person",
	"/v1/detentions?embed=person&fields=status,person_id&limit=20",
	"/v1/detentions?sentenced_on=1850-03",
	"/v1/detentions?released_on=2030..",
	"/v1/detentions?detained_on=2021..",
	"/v1/people/77/detentions",
	"/v1/negotiations?mediator=TR",
	"/v1/negotiations?ended_on=1851..1851",
	"/v1/negotiations?started_on=2030..",
	"/v1/swaps?from=1850&to=1850&limit=10",
	"/v1/swaps?occurred_on=1850",
	"/v1/swaps?mediator=TR,QA",
	"/v1/swaps?category=hostages",
	"/v1/swaps?person_id=500",
	"/v1/swaps?embed=releases.person&limit=20",
	"/v1/statements?said_on=1850-06",
	"/v1/statements?said_on=2030..",
	"/v1/sources?published_on=1850",
	"/v1/sources?published_on=2030..",
	"/v1/citations?subject_type=person&subject_id=42",
	"/v1/citations?subject_type=person&subject_id=42&embed=subject,source",
	"/v1/citations?confidence=disputed",
	"/v1/sources/42/citations",
	"/v1/search?q=Person%20123", /* people by their names' trigrams, sources by words */
	"/v1/people?limit=5&after=", /* a deep page: filled in from a real cursor */
	"/v1/people?sort=-born_on,name&limit=5&after=", /* the same with several keys */
};

static const char *const large[] = {"people",    "detentions",    "negotiations",
				    "swaps",     "swap_releases", "statements",
				    "citations", "sources",       NULL};

static void lists_use_indexes(void **state)
{
	char *db = th_db_create("test_plans"), *url, *logpath, *log, *plans;
	const char *migrate[] = {"migrate", NULL};
	struct th_server s;
	struct stat st;
	off_t start;
	FILE *f;

	(void)state;
	assert_int_equal(th_run(db, migrate, NULL), 0);
	for (size_t i = 0; i < sizeof(load) / sizeof(load[0]); i++)
		free(th_sql(db, load[i]));
	/* Every statement the server sends gets its plan logged. */
	url = th_fmt("%s&options=-c%%20session_preload_libraries%%3Dauto_explain"
		     "%%20-c%%20auto_explain.log_min_duration%%3D0"
		     "%%20-c%%20auto_explain.log_nested_statements%%3Don",
		     db);
	logpath = th_fmt("%s/pg.log", getenv("SWAPTRACK_TEST_CLUSTER"));
	assert_int_equal(stat(logpath, &st), 0);
	start = st.st_size;
	th_server_start(&s, url, NULL);
	for (size_t i = 0; i < sizeof(requests) / sizeof(requests[0]); i++) {
		char *path = strdup(requests[i]);
		if (strstr(path, "after=")) {
			/* A page deep in: the cursor the first page gives, with the same query. */
			char *first = th_fmt("%.*s", (int)(strstr(path, "&after=") - path), path);
			json_t *cursor_src = th_get(&s, first);
			const char *next = json_string_value(json_object_get(cursor_src, "next"));
			assert_non_null(next);
			free(path);
			path = strdup(next);
			json_decref(cursor_src);
			free(first);
		}
		json_decref(th_get(&s, path));
		free(path);
	}
	th_server_stop(&s);

	f = fopen(logpath, "r");
	assert_non_null(f);
	fseeko(f, start, SEEK_SET);
	log = th_read_all(f);
	fclose(f);
	plans = th_fmt("%s/plans.txt", getenv("SWAPTRACK_TEST_LOGS"));
	f = fopen(plans, "w");
	if (f) {
		fputs(log, f);
		fclose(f);
	}
	assert_non_null(strstr(log, "Query Text:"));
	assert_non_null(strstr(log, "Index"));
	for (int i = 0; large[i]; i++) {
		char *seq = th_fmt("Seq Scan on %s ", large[i]);
		if (strstr(log, seq))
			fail_msg("a request scans all of %s; see %s", large[i], plans);
		free(seq);
	}
	free(plans);
	free(log);
	free(logpath);
	free(url);
	free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lists_use_indexes),
	};

	return cmocka_run_group_tests_name("plans", tests, NULL, NULL);
}
