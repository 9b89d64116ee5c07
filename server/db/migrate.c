/* The migration runner. */
#include "db/migrate.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/sha256.h"

/* Any constant will do, as long as every swaptrack process uses the same one. */
#define MIGRATE_LOCK_KEY "8020250518"

static int fail(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(char **err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(err, fmt, ap) < 0)
		*err = NULL;
	va_end(ap);
	return -1;
}

/* NNNN_name.sql with name in [a-z0-9_]; returns 1 when name fits. */
static int valid_name(const char *name)
{
	size_t n = strlen(name), i;

	if (n < 10 || strcmp(name + n - 4, ".sql") != 0 || name[4] != '_')
		return 0;
	for (i = 0; i < 4; i++)
		if (!isdigit((unsigned char)name[i]))
			return 0;
	for (i = 5; i < n - 4; i++)
		if (!islower((unsigned char)name[i]) && !isdigit((unsigned char)name[i]) && name[i] != '_')
			return 0;
	return 1;
}

static char *read_file(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_append(&b, chunk, n) < 0)
			break;
	if (ferror(f) || !feof(f)) {
		fclose(f);
		buf_free(&b);
		return NULL;
	}
	fclose(f);
	*len = b.len;
	return buf_steal(&b);
}

static int by_version(const void *a, const void *b)
{
	return strcmp(((const struct migration *)a)->version, ((const struct migration *)b)->version);
}

int migration_set_load(const char *dir, struct migration_set *set, char **err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t cap = 0, i;
	int rc = -1;

	set->items = NULL;
	set->n = 0;
	if (!d)
		return fail(err, "cannot open migrations directory %s: %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name), size;
		struct migration *m;
		char *path;

		if (len < 4 || strcmp(e->d_name + len - 4, ".sql") != 0)
			continue;
		if (!valid_name(e->d_name)) {
			fail(err, "migration file %s is not named NNNN_name.sql", e->d_name);
			goto out;
		}
		if (set->n == cap) {
			struct migration *p = realloc(set->items, (cap ? cap * 2 : 16) * sizeof(*p));
			if (!p) {
				fail(err, "out of memory");
				goto out;
			}
			set->items = p;
			cap = cap ? cap * 2 : 16;
		}
		m = &set->items[set->n];
		memset(m, 0, sizeof(*m));
		if (asprintf(&path, "%s/%s", dir, e->d_name) < 0) {
			fail(err, "out of memory");
			goto out;
		}
		m->sql = read_file(path, &size);
		free(path);
		if (!m->sql) {
			fail(err, "cannot read migration %s", e->d_name);
			goto out;
		}
		m->version = strndup(e->d_name, len - 4);
		if (!m->version) {
			free(m->sql);
			fail(err, "out of memory");
			goto out;
		}
		sha256_hex(m->sql, size, m->checksum);
		set->n++;
	}
	qsort(set->items, set->n, sizeof(*set->items), by_version);
	for (i = 1; i < set->n; i++)
		if (strncmp(set->items[i - 1].version, set->items[i].version, 4) == 0) {
			fail(err, "migrations %s.sql and %s.sql share the number %.4s",
			     set->items[i - 1].version, set->items[i].version, set->items[i].version);
			goto out;
		}
	rc = 0;
out:
	closedir(d);
	if (rc < 0)
		migration_set_free(set);
	return rc;
}

int migration_set_add(struct migration_set *set, const char *version, const char *text, int exec,
		      int (*run)(PGconn *c, char **err), char **err)
{
	struct migration *p = realloc(set->items, (set->n + 1) * sizeof(*p)), *m;

	if (!p)
		return fail(err, "out of memory");
	set->items = p;
	m = &set->items[set->n];
	memset(m, 0, sizeof(*m));
	if (!(m->version = strdup(version)) || !(m->sql = strdup(text))) {
		free(m->version);
		return fail(err, "out of memory");
	}
	sha256_hex(text, strlen(text), m->checksum);
	m->repeatable = 1;
	m->exec = exec;
	m->run = run;
	set->n++;
	return 0;
}

void migration_set_free(struct migration_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		free(set->items[i].version);
		free(set->items[i].sql);
	}
	free(set->items);
	set->items = NULL;
	set->n = 0;
}

/* Runs sql; returns 0, or -1 with *err naming what for. */
static int run(PGconn *c, const char *what, const char *sql, int n, const char *const *vals, char **err)
{
	PGresult *r = n ? PQexecParams(c, sql, n, NULL, vals, NULL, NULL, 0) : PQexec(c, sql);
	ExecStatusType st = PQresultStatus(r);
	int rc = 0;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		const char *m = PQresultErrorMessage(r);
		size_t len = strlen(m);
		rc = fail(err, "%s: %.*s", what, (int)(len && m[len - 1] == '\n' ? len - 1 : len), m);
	}
	PQclear(r);
	return rc;
}

static const char *recorded(const PGresult *rows, const char *version)
{
	for (int i = 0; i < PQntuples(rows); i++)
		if (strcmp(PQgetvalue(rows, i, 0), version) == 0)
			return PQgetvalue(rows, i, 1);
	return NULL;
}

/* The step of version, or NULL. */
static const struct migration_step *step_of(const struct migration_step *steps, const char *version)
{
	for (; steps && steps->version; steps++)
		if (strcmp(steps->version, version) == 0)
			return steps;
	return NULL;
}

int migrate_apply(PGconn *c, const struct migration_set *set, const struct migration_step *steps,
		  int *applied, char **err)
{
	PGresult *rows = NULL;
	const char *lock[] = {MIGRATE_LOCK_KEY};
	int rc = -1, locked = 0;
	size_t i;

	*applied = 0;
	/* Session-level lock: a second process waits here until the first is done, then finds
	 * nothing pending. */
	if (run(c, "taking the migration lock", "SELECT pg_advisory_lock($1::bigint)", 1, lock, err))
		goto out;
	locked = 1;
	if (run(c, "creating schema_migrations",
		"CREATE TABLE IF NOT EXISTS schema_migrations ("
		" version text PRIMARY KEY,"
		" checksum text NOT NULL,"
		" applied_at timestamptz NOT NULL DEFAULT now())",
		0, NULL, err))
		goto out;
	rows = PQexec(c, MIGRATE_STATUS_SQL);
	if (PQresultStatus(rows) != PGRES_TUPLES_OK) {
		fail(err, "reading schema_migrations: %s", PQresultErrorMessage(rows));
		goto out;
	}
	/* Refuse before applying anything when history was rewritten. */
	for (i = 0; i < set->n; i++) {
		const char *sum = recorded(rows, set->items[i].version);
		if (sum && strcmp(sum, set->items[i].checksum) != 0 && !set->items[i].repeatable) {
			fail(err,
			     "migration %s.sql has changed since it was applied "
			     "(recorded checksum %.12s..., file now %.12s...); "
			     "add a new migration instead of editing an applied one",
			     set->items[i].version, sum, set->items[i].checksum);
			goto out;
		}
	}
	for (i = 0; i < set->n; i++) {
		const struct migration *m = &set->items[i];
		const struct migration_step *step = step_of(steps, m->version);
		const char *vals[] = {m->version, m->checksum};
		char *what;

		const char *sum = recorded(rows, m->version);

		if (sum && (!m->repeatable || strcmp(sum, m->checksum) == 0))
			continue;
		if (asprintf(&what, m->repeatable ? "%s" : "migration %s.sql", m->version) < 0) {
			fail(err, "out of memory");
			goto out;
		}
		if (run(c, what, "BEGIN", 0, NULL, err) ||
		    ((!m->repeatable || m->exec) && run(c, what, m->sql, 0, NULL, err)) ||
		    (step && step->run(c, err) < 0) || (m->run && m->run(c, err) < 0) ||
		    run(c, what,
			"INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)"
			" ON CONFLICT (version) DO UPDATE SET checksum = EXCLUDED.checksum,"
			" applied_at = now()",
			2, vals, err) ||
		    run(c, what, "COMMIT", 0, NULL, err)) {
			free(what);
			PQclear(PQexec(c, "ROLLBACK"));
			goto out;
		}
		free(what);
		(*applied)++;
	}
	rc = 0;
out:
	PQclear(rows);
	if (locked)
		PQclear(PQexecParams(c, "SELECT pg_advisory_unlock($1::bigint)", 1, NULL, lock, NULL,
				     NULL, 0));
	return rc;
}

int migrate_is_current(const PGresult *rows, const struct migration_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		const char *sum = recorded(rows, set->items[i].version);
		if (!sum || strcmp(sum, set->items[i].checksum) != 0)
			return 0;
	}
	return 1;
}
