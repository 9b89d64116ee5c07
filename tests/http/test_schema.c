/* The schema described once (engine/sql/schema.h): sql/schema.sql is what a fresh database
 * gets and what a database of the older schema (migration 0029's, with the demo data, kept in
 * tests/fixtures/schema/0029-demo.sql) is migrated to, its data kept; the generated step adds
 * what a database lacks (a column, an index), widens an enum's CHECK, and refuses to narrow
 * one; a module of sql/functions/ whose text changed is applied again, and counts as pending in
 * /readyz until it is; and no enum value is written both in C and in the SQL modules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static char *share(const char *rel)
{
	return th_fmt("%s/%s", getenv("SWAPTRACK_SHARE"), rel);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text;

	assert_non_null(f);
	text = th_read_all(f);
	fclose(f);
	return text;
}

/* What scripts/schema-dump prints for db. */
static char *dump(const char *db)
{
	char *cmd = th_fmt("cd '%s' && scripts/schema-dump '%s'", getenv("SWAPTRACK_SHARE"), db);
	FILE *p = popen(cmd, "r");
	char *out;

	assert_non_null(p);
	out = th_read_all(p);
	assert_int_equal(pclose(p), 0);
	free(cmd);
	return out;
}

static void same_as_the_schema_file(const char *db)
{
	char *path = share("sql/schema.sql"), *want = read_file(path), *got = dump(db);

	if (strcmp(want, got) != 0) {
		char *out = th_fmt("%s/schema-got.sql", getenv("SWAPTRACK_TEST_LOGS"));
		FILE *f = fopen(out, "w");
		if (f) {
			fputs(got, f);
			fclose(f);
		}
		fail_msg("the database's schema is not sql/schema.sql (make schema writes it): diff %s "
			 "%s",
			 path, out);
	}
	free(path);
	free(want);
	free(got);
}

static int migrate(const char *db, char **err)
{
	const char *args[] = {"migrate", NULL};

	return th_run(db, args, err);
}

static void a_fresh_database_is_the_schema_file(void **state)
{
	char *db = th_db_create("test_schema_fresh"), *applied = NULL;

	(void)state;
	assert_int_equal(migrate(db, NULL), 0);
	same_as_the_schema_file(db);
	/* A second run finds nothing to do. */
	assert_int_equal(migrate(db, &applied), 0);
	assert_non_null(strstr(applied, " 0 applied"));
	free(applied);
	free(db);
}

/* A database of the older schema, with the demo data, migrated: the same schema, the same rows,
 * every document fresh. */
static void an_older_database_migrates_to_it(void **state)
{
	char *db = th_db_create("test_schema_older"),
	     *fixture = share("tests/fixtures/schema/0029-demo.sql");
	char *cmd = th_fmt("/usr/lib/postgresql/15/bin/psql -q -v ON_ERROR_STOP=1 '%s' -f '%s' >/dev/null",
			   db, fixture);
	char *n, *stale;

	(void)state;
	assert_int_equal(system(cmd), 0);
	/* A swap as v1.1 stored it (the demo has none): two named releases, its parties and count
	 * set beyond them, its detention exchanged by it. */
	free(th_sql(db,
		    "WITH s AS (INSERT INTO swaps (occurred_on, occurred_on_first, occurred_on_last,"
		    " occurred_on_precision, parties, released_count) VALUES ('2024-08-01', '2024-08-01',"
		    " '2024-08-01', 'day', '{RU,US,BY}', 5) RETURNING id)"
		    " INSERT INTO swap_releases (swap_id, position, person_id, detention_id, released_by,"
		    " released_to) SELECT id, 0, 3, 1, 'RU', 'US' FROM s UNION ALL"
		    " SELECT id, 1, 1, NULL, 'US', 'RU' FROM s"));
	free(th_sql(db, "UPDATE detentions SET status = 'exchanged', released_on = '2024-08-01',"
			" released_on_first = '2024-08-01', released_on_last = '2024-08-01',"
			" released_on_precision = 'day' WHERE id = 1"));
	assert_int_equal(migrate(db, NULL), 0);
	same_as_the_schema_file(db);
	n = th_sql(db, "SELECT (SELECT count(*) FROM people) || ' ' || (SELECT count(*) FROM citations)"
		       " || ' ' || (SELECT count(*) FROM swaps)");
	assert_string_equal(n, "6 18 1");
	free(n);
	/* It reads as v1.2 says: completed, an exchange, its values kept (set where they differ
	 * from the releases'), who went which way, and what it did to the detention. */
	n = th_sql(db,
		   "SELECT concat_ws(' | ', status, kind, released_count, array_to_string(parties, ','),"
		   " derived::text, sides::text, (SELECT count(*) FROM swap_effects e WHERE e.swap_id = s.id"
		   " AND e.detention_id = 1 AND e.status_before = 'held')) FROM swaps s");
	assert_string_equal(n,
			    "completed | exchange | 5 | RU,US,BY | [\"kind\"] | "
			    "[{\"released_by\":\"RU\",\"released_to\":\"US\",\"named\":1,\"counted\":0,"
			    "\"remains\":0},{\"released_by\":\"US\",\"released_to\":\"RU\",\"named\":1,"
			    "\"counted\":0,\"remains\":0}] | 1");
	free(n);
	if ((stale = th_stale_docs(db)))
		fail_msg("documents out of date after the migration: %s", stale);
	free(cmd);
	free(fixture);
	free(db);
}

/* The generated step, on a database made to lack what the field tables say: a column, an
 * index, and an enum value; and, given a value the field tables lack, a refusal. */
static void the_generated_step_adds_and_never_narrows(void **state)
{
	char *db = th_db_create("test_schema_step"), *v, *err = NULL;

	(void)state;
	assert_int_equal(migrate(db, NULL), 0);
	free(th_sql(db, "ALTER TABLE statements DROP COLUMN notes;"
			"DROP INDEX detentions_status;"
			"ALTER TABLE statements DROP CONSTRAINT statements_kind_check;"
			"ALTER TABLE statements ADD CONSTRAINT statements_kind_check CHECK (kind IN ('quote'));"
			"UPDATE schema_migrations SET checksum = 'older' WHERE version = '~schema'"));
	assert_int_equal(migrate(db, NULL), 0);
	v = th_sql(db, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'statements'"
		       " AND column_name = 'notes'");
	assert_string_equal(v, "1");
	free(v);
	v = th_sql(db, "SELECT count(*) FROM pg_indexes WHERE indexdef LIKE '%detentions USING btree"
		       " (status, id)%'");
	assert_string_equal(v, "1");
	free(v);
	v = th_sql(db, "SELECT pg_get_constraintdef(oid) FROM pg_constraint"
		       " WHERE conname = 'statements_kind_check'");
	assert_non_null(strstr(v, "paraphrase"));
	free(v);
	/* A value the field tables do not have: dropping it would change rows; refused. */
	free(th_sql(db, "ALTER TABLE statements DROP CONSTRAINT statements_kind_check;"
			"ALTER TABLE statements ADD CONSTRAINT statements_kind_check"
			" CHECK (kind IN ('quote', 'paraphrase', 'rumour'));"
			"UPDATE schema_migrations SET checksum = 'older' WHERE version = '~schema'"));
	assert_int_equal(migrate(db, &err), 1);
	assert_non_null(strstr(err, "'rumour'"));
	v = th_sql(db, "SELECT checksum FROM schema_migrations WHERE version = '~schema'");
	assert_string_equal(v, "older"); /* nothing of it applied */
	free(v);
	free(err);
	free(db);
}

/* A module whose text differs from what was applied is pending (/readyz 503), and migrate
 * applies it again. */
static void a_changed_module_is_applied_again(void **state)
{
	char *db = th_db_create("test_schema_module"), *v;
	const char *const extra[] = {"--no-migrate", NULL};
	struct th_server s;
	struct th_resp r;

	(void)state;
	assert_int_equal(migrate(db, NULL), 0);
	free(th_sql(db,
		    "CREATE OR REPLACE FUNCTION swaptrack_utc(t timestamptz) RETURNS text"
		    " LANGUAGE sql STABLE AS $$ SELECT 'wrong' $$;"
		    "UPDATE schema_migrations SET checksum = 'older' WHERE version = '~functions/history'"));
	th_server_start(&s, db, extra);
	th_request(&s, "GET", "/readyz", NULL, NULL, 0, &r);
	th_expect(&r, 503);
	th_resp_free(&r);
	assert_int_equal(migrate(db, NULL), 0);
	th_request(&s, "GET", "/readyz", NULL, NULL, 0, &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	assert_int_equal(th_server_stop(&s), 0);
	v = th_sql(db, "SELECT swaptrack_utc('2024-08-01 12:00:00+02')");
	assert_string_equal(v, "2024-08-01T10:00:00Z");
	free(v);
	free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_fresh_database_is_the_schema_file),
		cmocka_unit_test(an_older_database_migrates_to_it),
		cmocka_unit_test(the_generated_step_adds_and_never_narrows),
		cmocka_unit_test(a_changed_module_is_applied_again),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
