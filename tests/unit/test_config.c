/* Configuration precedence (defaults < environment < flags), strict numbers, and loading the
 * migrations directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/config.h"
#include "db/migrate.h"

static void defaults(void **state)
{
	struct config c;

	(void)state;
	unsetenv("BIND");
	unsetenv("PORT");
	unsetenv("DATABASE_URL");
	assert_int_equal(config_init(&c), 0);
	assert_string_equal(c.bind, "127.0.0.1");
	assert_int_equal(c.port, 8080);
	assert_int_equal(c.threads, 4);
	assert_int_equal(c.max_body, 1024 * 1024);
	assert_int_equal(c.migrate, 1);
	assert_null(c.database);
	config_free(&c);
}

static void environment_then_flags(void **state)
{
	char *argv[] = {"serve", "--port", "9001", "--no-migrate", "--threads", "2", NULL};
	struct config c;

	(void)state;
	setenv("BIND", "0.0.0.0", 1);
	setenv("PORT", "9000", 1);
	setenv("DATABASE_URL", "postgresql:///x", 1);
	assert_int_equal(config_init(&c), 0);
	assert_string_equal(c.bind, "0.0.0.0");
	assert_int_equal(c.port, 9000);
	assert_string_equal(c.database, "postgresql:///x");
	assert_int_equal(config_parse(&c, 6, argv), 0);
	assert_int_equal(c.port, 9001);
	assert_int_equal(c.threads, 2);
	assert_int_equal(c.migrate, 0);
	config_free(&c);
	unsetenv("BIND");
	unsetenv("PORT");
	unsetenv("DATABASE_URL");
}

static void numbers_are_strict(void **state)
{
	char *bad_port[] = {"serve", "--port", "80x", NULL};
	char *big_port[] = {"serve", "--port", "70000", NULL};
	char *no_threads[] = {"serve", "--threads", "0", NULL};
	char *stray[] = {"serve", "extra", NULL};
	struct config c;

	(void)state;
	assert_int_equal(config_init(&c), 0);
	assert_int_equal(config_parse(&c, 3, bad_port), -1);
	assert_int_equal(config_parse(&c, 3, big_port), -1);
	assert_int_equal(config_parse(&c, 3, no_threads), -1);
	assert_int_equal(config_parse(&c, 2, stray), -1);
	setenv("PORT", "eighty", 1);
	assert_int_equal(config_init(&c), -1);
	unsetenv("PORT");
}

static void migrations_load_sorted_with_checksums(void **state)
{
	struct migration_set set;
	char *err = NULL;

	(void)state;
	assert_int_equal(migration_set_load("migrations", &set, &err), 0);
	assert_true(set.n >= 1);
	assert_string_equal(set.items[0].version, "0001_init");
	assert_int_equal(strlen(set.items[0].checksum), 64);
	for (size_t i = 1; i < set.n; i++)
		assert_true(strcmp(set.items[i - 1].version, set.items[i].version) < 0);
	migration_set_free(&set);
}

static void duplicate_numbers_are_refused(void **state)
{
	char dir[] = "/tmp/swaptrack-unit.XXXXXX", a[64], b[64];
	struct migration_set set;
	char *err = NULL;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(a, sizeof(a), "%s/0001_one.sql", dir);
	snprintf(b, sizeof(b), "%s/0001_two.sql", dir);
	f = fopen(a, "w");
	fclose(f);
	f = fopen(b, "w");
	fclose(f);
	assert_int_equal(migration_set_load(dir, &set, &err), -1);
	assert_non_null(strstr(err, "0001"));
	free(err);
	unlink(a);
	unlink(b);
	rmdir(dir);
}

/* --read-database is repeatable up to 8; --max-replica-lag is seconds, decimals allowed. */
static void read_replicas(void **state)
{
	char *two[] = {"serve",   "--read-database",   "host=/a", "--read-database",
		       "host=/b", "--max-replica-lag", "0.5",     NULL};
	char *nine[20] = {"serve"};
	char *lag_zero[] = {"serve", "--max-replica-lag", "0", NULL};
	char *lag_word[] = {"serve", "--max-replica-lag", "5s", NULL};
	char *empty[] = {"serve", "--read-database", "", NULL};
	struct config c;

	(void)state;
	assert_int_equal(config_init(&c), 0);
	assert_int_equal(c.nread_db, 0);
	assert_int_equal(c.max_replica_lag_ms, 5000);
	assert_int_equal(config_parse(&c, 7, two), 0);
	assert_int_equal(c.nread_db, 2);
	assert_string_equal(c.read_db[1], "host=/b");
	assert_int_equal(c.max_replica_lag_ms, 500);
	for (int i = 0; i < 9; i++)
		nine[1 + 2 * i] = "--read-database", nine[2 + 2 * i] = "host=/x";
	assert_int_equal(config_init(&c), 0);
	assert_int_equal(config_parse(&c, 19, nine), -1);
	assert_int_equal(config_init(&c), 0);
	assert_int_equal(config_parse(&c, 3, lag_zero), -1);
	assert_int_equal(config_parse(&c, 3, lag_word), -1);
	assert_int_equal(config_parse(&c, 3, empty), -1);
}

/* Heavy work's flags: defaults (half the threads, at least one), strict numbers, seconds with
 * decimals; an import line's bound. */
static void heavy_work(void **state)
{
	char *set[] = {"serve", "--threads",
		       "6",     "--heavy-per-client",
		       "3",     "--heavy-timeout",
		       "0.5",   "--import-max-line",
		       "2048",  NULL};
	char *threads[] = {"serve", "--threads", "1", NULL};
	char *bad[][4] = {{"serve", "--heavy-per-client", "0", NULL},
			  {"serve", "--heavy-threads", "+1", NULL},
			  {"serve", "--heavy-timeout", "0.01", NULL},
			  {"serve", "--heavy-timeout", "30s", NULL},
			  {"serve", "--import-max-line", "10", NULL}};
	struct config c;

	(void)state;
	assert_int_equal(config_init(&c), 0);
	assert_int_equal(c.heavy_per_client, 2);
	assert_int_equal(c.heavy_timeout_ms, 30000);
	assert_int_equal(c.import_max_line, 16 * 1024 * 1024);
	assert_int_equal(config_parse(&c, 9, set), 0);
	assert_int_equal(config_finish(&c), 0);
	assert_int_equal(c.heavy_threads, 3);
	assert_int_equal(c.heavy_per_client, 3);
	assert_int_equal(c.heavy_timeout_ms, 500);
	assert_int_equal(c.import_max_line, 2048);
	config_free(&c);
	assert_int_equal(config_init(&c), 0);
	assert_int_equal(config_parse(&c, 3, threads), 0);
	assert_int_equal(config_finish(&c), 0);
	assert_int_equal(c.heavy_threads, 1);
	config_free(&c);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(config_init(&c), 0);
		assert_int_equal(config_parse(&c, 3, bad[i]), -1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(read_replicas),
		cmocka_unit_test(heavy_work),
		cmocka_unit_test(environment_then_flags),
		cmocka_unit_test(numbers_are_strict),
		cmocka_unit_test(migrations_load_sorted_with_checksums),
		cmocka_unit_test(duplicate_numbers_are_refused),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
