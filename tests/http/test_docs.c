/* The documents generated from the models stay true: api-docs/openapi.json is exactly what
 * `swaptrack openapi` prints and what the server serves, the database's country table holds
 * exactly the C table's codes, and every enum's CHECK (a citation's kinds among them, which
 * follow from the models that are citable) allows exactly the values of its field. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "engine/model/cite.h"
#include "engine/model/model.h"
#include "engine/model/types.h"
#include "harness.h"
#include "models/models.h"

static void openapi_file_matches_the_binary(void **state)
{
	char *cmd = th_fmt("%s openapi", getenv("SWAPTRACK_BIN"));
	FILE *p = popen(cmd, "r"), *f = fopen("api-docs/openapi.json", "r");
	char *generated, *committed;

	(void)state;
	assert_non_null(p);
	assert_non_null(f);
	generated = th_read_all(p);
	assert_int_equal(pclose(p), 0);
	committed = th_read_all(f);
	fclose(f);
	if (strcmp(generated, committed) != 0)
		fail_msg("api-docs/openapi.json is stale: run build/swaptrack openapi > api-docs/openapi.json");
	free(generated);
	free(committed);
	free(cmd);
}

static void openapi_is_served_and_describes_the_contract(void **state)
{
	char *db = th_db_create("test_docs");
	struct th_server s;
	struct th_resp r;
	FILE *f = fopen("api-docs/openapi.json", "r");
	char *committed = th_read_all(f);
	json_t *file = json_loads(committed, 0, NULL), *paths, *schemas;
	static const char *const must[] = {
		"/v1/sources",
		"/v1/sources/{id}",
		"/v1/sources/{id}/history",
		"/v1/sources/{id}/citations",
		"/v1/people",
		"/v1/people/{id}",
		"/v1/detentions",
		"/v1/negotiations",
		"/v1/swaps",
		"/v1/citations",
		"/healthz",
		"/readyz",
		"/v1/search",
		"/v1/stats",
		"/v1/export",
		"/v1/import",
		"/v1/people/{id}/timeline",
		NULL,
	};

	(void)state;
	fclose(f);
	th_server_start(&s, db, NULL);
	th_request(&s, "GET", "/openapi.json", NULL, NULL, 0, &r);
	th_expect(&r, 200);
	assert_true(json_equal(r.json, file));
	assert_string_equal(json_string_value(json_object_get(r.json, "openapi")), "3.1.0");
	paths = json_object_get(r.json, "paths");
	for (int i = 0; must[i]; i++)
		if (!json_object_get(paths, must[i]))
			fail_msg("the document lacks %s", must[i]);
	/* A field's table row reaches the document: its enum and its filter. */
	schemas = json_object_get(json_object_get(r.json, "components"), "schemas");
	assert_non_null(
		json_object_get(json_object_get(json_object_get(schemas, "detentions"), "properties"),
				"wrongfully_detained"));
	assert_non_null(strstr(r.body, "\"exchanged\""));
	assert_non_null(strstr(r.body, "\"held_by\""));
	/* What a client needs to show names: a reference's collection, a country's name; and the
	 * server's own anchor is read, never asked for. */
	{
		json_t *det = json_object_get(json_object_get(schemas, "detentions_input"), "properties");
		json_t *person = json_array_get(json_object_get(json_object_get(det, "person_id"),
								"allOf"),
						0);
		json_t *names = json_object_get(json_object_get(schemas, "country"), "x-names");

		assert_string_equal(json_string_value(json_object_get(person, "x-references")), "people");
		assert_string_equal(json_string_value(json_object_get(names, "RU")),
				    "Russian Federation");
		assert_int_equal(json_object_size(names),
				 json_array_size(
					 json_object_get(json_object_get(schemas, "country"), "enum")));
		assert_null(json_object_get(json_object_get(json_object_get(schemas, "citations_input"),
							    "properties"),
					    "anchor"));
		assert_null(json_object_get(json_object_get(json_object_get(schemas, "citation_inline"),
							    "properties"),
					    "anchor"));
		assert_non_null(json_object_get(json_object_get(json_object_get(schemas, "citations"),
								"properties"),
						"anchor"));
	}
	th_resp_free(&r);
	th_server_stop(&s);
	json_decref(file);
	free(committed);
	free(db);
}

static void country_table_matches_the_database(void **state)
{
	char *db = th_db_create("test_docs_countries");
	const char *migrate[] = {"migrate", NULL};
	struct buf list = BUF_INIT;
	char *in_db;

	(void)state;
	assert_int_equal(th_run(db, migrate, NULL), 0);
	for (size_t i = 0; i < countries_count; i++)
		buf_printf(&list, "%s%s", i ? "," : "", countries[i].code);
	in_db = th_sql(db, "SELECT string_agg(code, ',' ORDER BY code) FROM countries");
	assert_string_equal(in_db, list.data);
	assert_int_equal(countries_count, 249);
	free(in_db);
	/* The database refuses what the C layer would, as a second line of defence. */
	in_db = th_sql(db,
		       "SELECT countries_valid(ARRAY['RU', 'US']) AND NOT countries_valid(ARRAY['RU', 'XX'])");
	assert_string_equal(in_db, "t");
	free(in_db);
	buf_free(&list);
	free(db);
}

/* The values the CHECK constraints on table.column allow ('a'::text literals of the one-column
 * checks), sorted, comma-separated; malloc'd. */
static char *check_values(const char *db, const char *table, const char *column)
{
	char *sql = th_fmt("SELECT coalesce(string_agg(v, ',' ORDER BY v), '') FROM ("
			   " SELECT (regexp_matches(pg_get_constraintdef(c.oid), '''([^'']*)''::text', 'g'))[1] AS v"
			   " FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid"
			   "  AND a.attnum = c.conkey[1]"
			   " WHERE c.contype = 'c' AND c.conrelid = '%s'::regclass AND a.attname = '%s'"
			   "  AND cardinality(c.conkey) = 1) x",
			   table, column);
	char *out = th_sql(db, sql);

	free(sql);
	return out;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Checks every enum field of m (and of its child models); returns how many were compared. */
static int compare_enums(const char *db, const struct model *m)
{
	int n = 0;

	for (const struct field *f = m->fields; f->name; f++) {
		const char *sorted[64];
		size_t k = 0;
		struct buf want = BUF_INIT;
		char *got;

		if (f->type == FT_CHILDREN)
			n += compare_enums(db, f->ref);
		if (f->type != FT_ENUM && f->type != FT_KIND)
			continue;
		for (const char *const *v = field_values(f); *v && k < 64; v++)
			sorted[k++] = *v;
		qsort(sorted, k, sizeof(sorted[0]), by_text);
		for (size_t i = 0; i < k; i++)
			buf_printf(&want, "%s%s", i ? "," : "", sorted[i]);
		got = check_values(db, m->table, f->name);
		if (strcmp(got, want.data ? want.data : "") != 0)
			fail_msg("%s.%s: the database allows {%s}, the field table {%s}", m->table,
				 f->name, got, want.data ? want.data : "");
		free(got);
		buf_free(&want);
		n++;
	}
	return n;
}

static void enums_match_the_database_checks(void **state)
{
	char *db = th_db_create("test_docs_enums");
	const char *migrate[] = {"migrate", NULL};
	char *got;
	int n = 0;

	(void)state;
	assert_int_equal(th_run(db, migrate, NULL), 0);
	assert_int_equal(engine_init(resources), 0);
	for (int i = 0; models[i]; i++)
		n += compare_enums(db, models[i]);
	/* detentions.status, negotiations.status, citations.subject_type and .confidence at
	 * least: a comparison that found nothing would prove nothing. */
	assert_true(n >= 4);
	/* The kinds are the citable models' singulars, and only theirs. */
	got = check_values(db, cite_model()->table, cite_kind_field()->name);
	assert_non_null(strstr(got, "person"));
	assert_null(strstr(got, "source"));
	free(got);
	free(db);
}

/* Runs `swaptrack ARGS` and returns its standard output (malloc'd), its status in *status. */
static char *run_out(const char *args, int *status)
{
	char *cmd = th_fmt("%s %s 2>/dev/null", getenv("SWAPTRACK_BIN"), args);
	FILE *f = popen(cmd, "r");
	char *out;

	assert_non_null(f);
	out = th_read_all(f);
	*status = pclose(f);
	free(cmd);
	return out ? out : strdup("");
}

/* The benchmarks run exactly the server's SQL through pgbench, printed by `swaptrack sql NAME`
 * and `swaptrack plan COLLECTION QUERY`: both work without a database, and a bad query fails. */
static void commands_print_the_servers_sql(void **state)
{
	int status;
	char *out;

	(void)state;
	out = run_out("plan people 'limit=2&sort=-born_on'", &status);
	assert_int_equal(status, 0);
	assert_true(strncmp(out, "SELECT ", 7) == 0);
	assert_non_null(strstr(out, "FROM people t"));
	assert_non_null(strstr(out, "\n3\n")); /* the limit, one more to see a next page */
	free(out);
	out = run_out("plan statements 'speaker_id=4'", &status);
	assert_int_equal(status, 0);
	assert_non_null(strstr(out, "t.speaker_id = $1::bigint"));
	free(out);
	out = run_out("plan people 'limt=2'", &status);
	assert_int_not_equal(status, 0);
	free(out);
	out = run_out("plan nothing 'limit=2'", &status);
	assert_int_not_equal(status, 0);
	free(out);
	out = run_out("sql people_get", &status);
	assert_int_equal(status, 0);
	assert_non_null(strstr(out, "FROM people t WHERE t.id = $1"));
	free(out);
	out = run_out("sql people_timeline", &status);
	assert_int_equal(status, 0);
	assert_non_null(strstr(out, "swaptrack_timeline($1)"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(openapi_file_matches_the_binary),
		cmocka_unit_test(openapi_is_served_and_describes_the_contract),
		cmocka_unit_test(country_table_matches_the_database),
		cmocka_unit_test(enums_match_the_database_checks),
		cmocka_unit_test(commands_print_the_servers_sql),
	};

	return cmocka_run_group_tests_name("docs", tests, NULL, NULL);
}
