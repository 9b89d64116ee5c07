/* bench/load (the benchmark's dataset) writes what the server would have written: loaded at a
 * small scale into an empty migrated database, every record's read document equals its JSON
 * built anew, and the load ran with the documents' triggers off (issue 36: on, each COPY
 * recomputed the documents of every row it loaded, reading tables without their indexes, and
 * the full load never ended). Afterwards everything is as the migrations left it: the triggers
 * on, every index back, and the server reads, writes and searches the loaded records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "harness.h"

static char *DB;

static int setup(void **state)
{
	const char *migrate[] = {"migrate", NULL};

	(void)state;
	DB = th_db_create("test_bench");
	if (th_run(DB, migrate, NULL) != 0)
		return -1;
	/* The calls of the documents' trigger functions (PL/pgSQL) are counted from now on. */
	free(th_sql(DB, "ALTER DATABASE test_bench SET track_functions = 'pl'"));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(DB);
	return 0;
}

static long long num(const char *sql)
{
	char *v = th_sql(DB, sql);
	long long n;

	assert_non_null(v);
	n = atoll(v);
	free(v);
	return n;
}

static const char INDEXES[] = "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'";

static void load_is_what_the_server_would_write(void **state)
{
	const char *share = getenv("SWAPTRACK_SHARE");
	long long indexes = num(INDEXES);
	char *cmd, *out, *stale;
	FILE *f;
	int rc;

	(void)state;
	assert_non_null(share);
	/* 2,000 people and detentions, 400 sources, 200 swaps with 400 releases, 400 groups and 20
	 * terms, 6,000 citations. */
	cmd = th_fmt("cd '%s' && DATABASE_URL='%s' SCALE=0.002 bench/load 2>&1", share, DB);
	f = popen(cmd, "r");
	assert_non_null(f);
	out = th_read_all(f);
	rc = pclose(f);
	if (!WIFEXITED(rc) || WEXITSTATUS(rc) != 0)
		fail_msg("bench/load failed:\n%s", out);
	assert_non_null(strstr(out, "documents of people"));
	free(out);
	free(cmd);

	assert_int_equal(num("SELECT count(*) FROM people"), 2000);
	assert_int_equal(num("SELECT count(*) FROM citations"), 6000);
	assert_int_equal(num("SELECT count(*) FROM swap_releases"), 400);
	/* Counted groups and terms, each swap's derived values as the server derives them (the
	 * swap's read, below, is its document), and the people released per period as a recount. */
	assert_int_equal(num("SELECT count(*) FROM swap_groups"), 400);
	assert_int_equal(num("SELECT count(*) FROM swap_terms"), 20);
	assert_int_equal(num("SELECT count(*) FROM swaps WHERE kind IS NULL OR sides IS NULL"
			     " OR released_count <> (SELECT sum((e ->> 'named')::int + (e ->> 'counted')::int)"
			     " FROM json_array_elements(sides) e)"),
			 0);
	assert_int_equal(num("SELECT count(*) FROM ((SELECT by_month, released_by, released_to,"
			     " category, period, people, remains, swaps FROM release_totals) EXCEPT"
			     " (SELECT by_month, released_by, released_to, category, period, sum(people),"
			     " sum(remains), count(*) FROM swaps t CROSS JOIN LATERAL"
			     " swaptrack_swap_cells(t.id) GROUP BY 1, 2, 3, 4, 5)) x"),
			 0);
	assert_true(num("SELECT count(*) FROM release_totals") > 100);
	/* Every live record has its document, and it is the JSON a read would build now. */
	assert_int_equal(num("SELECT count(*) FROM people WHERE doc IS NULL"), 0);
	assert_int_equal(num("SELECT count(*) FROM swaps WHERE doc IS NULL"), 0);
	if ((stale = th_stale_docs(DB)))
		fail_msg("documents that differ from their JSON built anew: %s", stale);
	/* Computed once, by the fill: no trigger of the documents ran during the load. */
	assert_int_equal(num("SELECT coalesce(sum(calls), 0) FROM pg_stat_user_functions"
			     " WHERE funcname LIKE 'swaptrack_doc_changed_%'"),
			 0);
	/* And left as the migrations made it: every trigger on, every index back. */
	assert_int_equal(num("SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
			     " WHERE NOT t.tgisinternal AND t.tgenabled = 'D'"),
			 0);
	assert_int_equal(num(INDEXES), indexes);
}

/* The server on the loaded database: reads the documents, keeps them on a write, finds the
 * loaded names. */
static void server_reads_and_writes_the_loaded_records(void **state)
{
	struct th_server s;
	struct th_resp r;
	json_t *person, *hits;
	char *name, *path, *stale;
	size_t before;

	(void)state;
	th_server_start(&s, DB, NULL);
	person = th_get(&s, "/v1/people/7");
	name = strdup(json_string_value(json_object_get(person, "name")));
	before = json_array_size(json_object_get(person, "citations"));
	json_decref(person);

	th_create(&s, "/v1/citations",
		  "{\"source_id\": 3, \"subject_type\": \"person\","
		  " \"subject_id\": 7, \"field\": \"name\"}");
	person = th_get(&s, "/v1/people/7");
	assert_int_equal(json_array_size(json_object_get(person, "citations")), before + 1);
	json_decref(person);

	path = th_fmt("/v1/search?q=%s", strchr(name, ' ') + 1); /* the surname */
	for (char *c = path; *c; c++)
		if (*c == ' ')
			*c = '+';
	th_request(&s, "GET", path, NULL, NULL, 0, &r);
	th_expect(&r, 200);
	hits = json_object_get(r.json, "items");
	assert_true(json_array_size(hits) > 0);
	th_resp_free(&r);
	free(path);
	free(name);
	assert_int_equal(th_server_stop(&s), 0);
	if ((stale = th_stale_docs(DB)))
		fail_msg("documents that differ from their JSON built anew: %s", stale);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(load_is_what_the_server_would_write),
		cmocka_unit_test(server_reads_and_writes_the_loaded_records),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
