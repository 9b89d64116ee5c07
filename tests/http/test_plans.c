/* List pages and filters use indexes. The server runs against 20,000 records of each kind with
 * auto_explain on, so PostgreSQL logs the plan of every statement the server really sends; the
 * test then reads those plans and fails on a sequential scan of a large table. The plans are
 * kept in build/test-logs/plans.txt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "harness.h"

#define N "20000"

static const char *const load[] = {
	"INSERT INTO sources (url, title, content) SELECT 'https://plans.example/' || i, 'Title ' || i,"
	" 'Text ' || i FROM generate_series(1, " N ") i",
	"INSERT INTO people (name, citizenships) SELECT 'Person ' || i,"
	" CASE WHEN i % 50 = 0 THEN ARRAY['LT'] ELSE ARRAY['US'] END FROM generate_series(1, " N ") i",
	"INSERT INTO detentions (person_id, country, status, detained_on, detained_on_first,"
	" detained_on_last, detained_on_precision) SELECT i, CASE WHEN i % 40 = 0 THEN 'BY' ELSE 'RU' END,"
	" CASE WHEN i % 3 = 0 THEN 'held' ELSE 'released' END, '2020', '2020-01-01', '2020-12-31', 'year'"
	" FROM generate_series(1, " N ") i",
	"INSERT INTO swaps (occurred_on, occurred_on_first, occurred_on_last, occurred_on_precision)"
	" SELECT (2000 + i % 25)::text, make_date(2000 + i % 25, 1, 1), make_date(2000 + i % 25, 12, 31),"
	" 'year' FROM generate_series(1, " N ") i",
	"INSERT INTO swap_releases (swap_id, position, person_id, released_by) SELECT i, 0, i, 'RU'"
	" FROM generate_series(1, " N ") i",
	"INSERT INTO citations (source_id, subject_type, subject_id) SELECT i, 'person', i"
	" FROM generate_series(1, " N ") i",
	"ANALYZE",
};

/* Requests whose statements must all use indexes on the large tables. */
static const char *const requests[] = {
	"/v1/people/123",
	"/v1/people?citizenship=LT",
	"/v1/people?sort=name&limit=20",
	"/v1/detentions?country=BY&status=held",
	"/v1/detentions?person_id=77",
	"/v1/people/77/detentions",
	"/v1/swaps?from=2003&to=2003&limit=10",
	"/v1/swaps?person_id=500",
	"/v1/citations?subject_type=person&subject_id=42",
	"/v1/sources/42/citations",
	"/v1/people?limit=5&after=",   /* a deep page: filled in from a real cursor */
};

static const char *const large[] = {"people", "detentions", "swaps", "swap_releases",
				    "citations", "sources", NULL};

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
		     "%%20-c%%20auto_explain.log_min_duration%%3D0", db);
	logpath = th_fmt("%s/pg.log", getenv("SWAPTRACK_TEST_CLUSTER"));
	assert_int_equal(stat(logpath, &st), 0);
	start = st.st_size;
	th_server_start(&s, url, NULL);
	for (size_t i = 0; i < sizeof(requests) / sizeof(requests[0]); i++) {
		char *path = strdup(requests[i]);
		if (strstr(path, "after=")) {
			/* 10,000 records in: a cursor from the record before. */
			char *first = th_fmt("/v1/people?limit=1&after=");
			json_t *cursor_src = th_get(&s, "/v1/people?limit=1");
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
	{
		struct buf b = BUF_INIT;
		char chunk[8192];
		size_t n;
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_append(&b, chunk, n);
		log = buf_steal(&b);
	}
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
