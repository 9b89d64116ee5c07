/* Migrations through the real binary: each applied once and recorded with its checksum, an
 * edited file refused by name, concurrent starts serialized. */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

static int count_sql(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strlen(e->d_name) > 4 && strcmp(e->d_name + strlen(e->d_name) - 4, ".sql") == 0)
			n++;
	closedir(d);
	return n;
}

/* How many items migrate applies to a new database: the numbered migrations, then the generated
 * schema, each module of sql/functions/ and the read documents (engine/sql/schema.h). */
static int count_files(void)
{
	return count_sql("migrations") + 2 + count_sql("sql/functions");
}

static void applies_each_once(void **state)
{
	char *db = th_db_create("test_migrate_once"), *v, *err = NULL, *expect;
	const char *migrate[] = {"migrate", NULL};

	(void)state;
	assert_int_equal(th_run(db, migrate, &err), 0);
	assert_true(asprintf(&expect, "migrations: %d applied", count_files()) > 0);
	assert_non_null(strstr(err, expect));
	free(expect);
	free(err);
	v = th_sql(db, "SELECT count(*) FROM schema_migrations");
	assert_int_equal(atoi(v), count_files());
	free(v);
	/* Each row carries the file's SHA-256. */
	v = th_sql(db, "SELECT count(*) FROM schema_migrations WHERE checksum ~ '^[0-9a-f]{64}$'");
	assert_int_equal(atoi(v), count_files());
	free(v);
	/* The first migration made the extensions and the history table. */
	v = th_sql(db, "SELECT count(*) FROM pg_extension WHERE extname IN ('pg_trgm', 'unaccent')");
	assert_string_equal(v, "2");
	free(v);
	v = th_sql(db, "SELECT to_regclass('history')::text");
	assert_string_equal(v, "history");
	free(v);

	/* A second run applies nothing and records nothing new. */
	assert_int_equal(th_run(db, migrate, &err), 0);
	assert_non_null(strstr(err, "migrations: 0 applied"));
	free(err);
	v = th_sql(db, "SELECT count(*) FROM schema_migrations");
	assert_int_equal(atoi(v), count_files());
	free(v);
	free(db);
}

/* A temporary migrations directory holding one file. */
struct tmpdir {
	char dir[40];
	char *path; /* the file */
};

static void tmpdir_with(struct tmpdir *t, const char *name, const char *text)
{
	FILE *f;

	snprintf(t->dir, sizeof(t->dir), "/tmp/swaptrack-migrations.XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	assert_true(asprintf(&t->path, "%s/%s", t->dir, name) > 0);
	f = fopen(t->path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void tmpdir_append(struct tmpdir *t, const char *text)
{
	FILE *f = fopen(t->path, "a");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void tmpdir_remove(struct tmpdir *t)
{
	unlink(t->path);
	rmdir(t->dir);
	free(t->path);
}

static char *file_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	static char text[1 << 16];
	size_t n;

	assert_non_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	return text;
}

/* Runs `swaptrack ARGS --migrations-dir DIR` on db; expects failure with a message naming what. */
static void refused(const char *db, const char *cmd, struct tmpdir *t, const char *what)
{
	const char *migrate[] = {"migrate", "--numbered-only", "--migrations-dir", t->dir, NULL};
	const char *serve[] = {"serve", "--port", "0", "--numbered-only", "--migrations-dir",
			       t->dir,  NULL};
	char *err = NULL;

	assert_int_not_equal(th_run(db, strcmp(cmd, "serve") == 0 ? serve : migrate, &err), 0);
	if (!strstr(err, what))
		fail_msg("expected '%s' in:\n%s", what, err);
	free(err);
}

static void changed_checksum_is_refused_by_name(void **state)
{
	struct tmpdir t;
	char *db = th_db_create("test_migrate_checksum"), *v;
	const char *migrate[] = {"migrate", "--numbered-only", "--migrations-dir", NULL, NULL};

	(void)state;
	tmpdir_with(&t, "0001_init.sql", file_text("migrations/0001_init.sql"));
	migrate[3] = t.dir;
	assert_int_equal(th_run(db, migrate, NULL), 0);

	tmpdir_append(&t, "-- edited after it was applied\n");
	refused(db, "migrate", &t, "0001_init.sql has changed");
	refused(db, "serve", &t, "0001_init.sql has changed"); /* serve will not start on it */
	/* Nothing was recorded again. */
	v = th_sql(db, "SELECT count(*) FROM schema_migrations");
	assert_string_equal(v, "1");
	free(v);
	tmpdir_remove(&t);
	free(db);
}

static void badly_named_file_is_refused(void **state)
{
	struct tmpdir t;
	char *db = th_db_create("test_migrate_badname");

	(void)state;
	tmpdir_with(&t, "1_Init.sql", "SELECT 1;\n");
	refused(db, "migrate", &t, "1_Init.sql");
	tmpdir_remove(&t);
	free(db);
}

static void failing_migration_leaves_nothing(void **state)
{
	struct tmpdir t;
	char *db = th_db_create("test_migrate_fail"), *v;

	(void)state;
	tmpdir_with(&t, "0001_half.sql",
		    "CREATE TABLE half_made (id int);\nSELECT no_such_function();\n");
	refused(db, "migrate", &t, "0001_half.sql");
	v = th_sql(db, "SELECT coalesce(to_regclass('half_made')::text, 'absent')");
	assert_string_equal(v, "absent");
	free(v);
	v = th_sql(db, "SELECT count(*) FROM schema_migrations");
	assert_string_equal(v, "0");
	free(v);
	tmpdir_remove(&t);
	free(db);
}

/* Four processes migrate one fresh database at the same moment; all succeed, each file is
 * applied once. Without the advisory lock they race on CREATE TABLE and fail. */
static void concurrent_starts_do_not_collide(void **state)
{
	char *db = th_db_create("test_migrate_concurrent"), *v;
	pid_t pids[4];
	int go[2];

	(void)state;
	assert_int_equal(pipe(go), 0);
	for (int i = 0; i < 4; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			const char *argv[] = {getenv("SWAPTRACK_BIN"), "migrate", NULL};
			char c;
			close(go[1]);
			/* Everyone waits here until the parent closes the pipe: one start signal. */
			if (read(go[0], &c, 1) < 0)
				_exit(126);
			setenv("DATABASE_URL", db, 1);
			execv(argv[0], (char *const *)argv);
			_exit(127);
		}
	}
	close(go[0]);
	close(go[1]);
	for (int i = 0; i < 4; i++) {
		int st;
		while (waitpid(pids[i], &st, 0) < 0 && errno == EINTR)
			;
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
	}
	v = th_sql(db, "SELECT count(*) FROM schema_migrations");
	assert_int_equal(atoi(v), count_files());
	free(v);
	free(db);
}

struct starter {
	const char *db;
	struct th_server srv;
};

static void *start_server(void *arg)
{
	struct starter *s = arg;

	th_server_start(&s->srv, s->db, NULL);
	return NULL;
}

/* Two servers started at the same moment on a fresh database: both migrate (one waits for the
 * other), both become ready, and each file is recorded once. */
static void concurrent_servers_both_become_ready(void **state)
{
	char *db = th_db_create("test_migrate_serve"), *v;
	struct starter a = {db, {0}}, b = {db, {0}};
	pthread_t ta, tb;
	struct th_resp r;

	(void)state;
	assert_int_equal(pthread_create(&ta, NULL, start_server, &a), 0);
	assert_int_equal(pthread_create(&tb, NULL, start_server, &b), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	th_request(&a.srv, "GET", "/readyz", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	th_resp_free(&r);
	th_request(&b.srv, "GET", "/readyz", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	th_resp_free(&r);
	assert_int_equal(th_server_stop(&a.srv), 0);
	assert_int_equal(th_server_stop(&b.srv), 0);
	v = th_sql(db, "SELECT count(*) FROM schema_migrations");
	assert_int_equal(atoi(v), count_files());
	free(v);
	free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(applies_each_once),
		cmocka_unit_test(changed_checksum_is_refused_by_name),
		cmocka_unit_test(badly_named_file_is_refused),
		cmocka_unit_test(failing_migration_leaves_nothing),
		cmocka_unit_test(concurrent_starts_do_not_collide),
		cmocka_unit_test(concurrent_servers_both_become_ready),
	};

	return cmocka_run_group_tests_name("migrate", tests, NULL, NULL);
}
