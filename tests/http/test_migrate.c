/* Migrations through the real binary: each applied once and recorded with its checksum, an
 * edited file refused by name, concurrent starts serialized. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

/* How many migrations the repository holds. */
static int count_files(void)
{
	DIR *d = opendir("migrations");
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strlen(e->d_name) > 4 && strcmp(e->d_name + strlen(e->d_name) - 4, ".sql") == 0)
			n++;
	closedir(d);
	return n;
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

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char chunk[4096];
	size_t n;

	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		assert_int_equal(fwrite(chunk, 1, n, out), n);
	fclose(in);
	fclose(out);
}

static void changed_checksum_is_refused_by_name(void **state)
{
	char dir[] = "/tmp/swaptrack-migrations.XXXXXX", *db, *err = NULL, *path, *v;
	const char *migrate[] = {"migrate", "--migrations-dir", dir, NULL};
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_true(asprintf(&path, "%s/0001_init.sql", dir) > 0);
	copy_file("migrations/0001_init.sql", path);
	db = th_db_create("test_migrate_checksum");
	assert_int_equal(th_run(db, migrate, NULL), 0);

	f = fopen(path, "a");
	assert_non_null(f);
	fputs("-- edited after it was applied\n", f);
	fclose(f);
	assert_int_not_equal(th_run(db, migrate, &err), 0);
	assert_non_null(strstr(err, "0001_init.sql"));
	assert_non_null(strstr(err, "changed"));
	free(err);

	/* serve refuses to start on it too. */
	{
		const char *serve[] = {"serve", "--port", "0", "--migrations-dir", dir, NULL};
		assert_int_not_equal(th_run(db, serve, &err), 0);
		assert_non_null(strstr(err, "0001_init.sql"));
		free(err);
	}
	/* Nothing was recorded again. */
	v = th_sql(db, "SELECT count(*) FROM schema_migrations");
	assert_string_equal(v, "1");
	free(v);
	unlink(path);
	rmdir(dir);
	free(path);
	free(db);
}

static void badly_named_file_is_refused(void **state)
{
	char dir[] = "/tmp/swaptrack-migrations.XXXXXX", *db, *err = NULL, *path;
	const char *migrate[] = {"migrate", "--migrations-dir", dir, NULL};
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_true(asprintf(&path, "%s/1_Init.sql", dir) > 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("SELECT 1;\n", f);
	fclose(f);
	db = th_db_create("test_migrate_badname");
	assert_int_not_equal(th_run(db, migrate, &err), 0);
	assert_non_null(strstr(err, "1_Init.sql"));
	free(err);
	unlink(path);
	rmdir(dir);
	free(path);
	free(db);
}

static void failing_migration_leaves_nothing(void **state)
{
	char dir[] = "/tmp/swaptrack-migrations.XXXXXX", *db, *err = NULL, *path, *v;
	const char *migrate[] = {"migrate", "--migrations-dir", dir, NULL};
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_true(asprintf(&path, "%s/0001_half.sql", dir) > 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("CREATE TABLE half_made (id int);\nSELECT no_such_function();\n", f);
	fclose(f);
	db = th_db_create("test_migrate_fail");
	assert_int_not_equal(th_run(db, migrate, &err), 0);
	assert_non_null(strstr(err, "0001_half.sql"));
	free(err);
	v = th_sql(db, "SELECT coalesce(to_regclass('half_made')::text, 'absent')");
	assert_string_equal(v, "absent");
	free(v);
	v = th_sql(db, "SELECT count(*) FROM schema_migrations");
	assert_string_equal(v, "0");
	free(v);
	unlink(path);
	rmdir(dir);
	free(path);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(applies_each_once),
		cmocka_unit_test(changed_checksum_is_refused_by_name),
		cmocka_unit_test(badly_named_file_is_refused),
		cmocka_unit_test(failing_migration_leaves_nothing),
		cmocka_unit_test(concurrent_starts_do_not_collide),
	};

	return cmocka_run_group_tests_name("migrate", tests, NULL, NULL);
}
