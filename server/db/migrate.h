/* Migrations: migrations/NNNN_name.sql, each applied once, in order, in its own transaction,
 * recorded in schema_migrations with its SHA-256. A file changed after it was applied is refused.
 * Concurrent runs (two servers starting at once) serialize on an advisory lock. */
#ifndef SWAPTRACK_MIGRATE_H
#define SWAPTRACK_MIGRATE_H

#include <stddef.h>
#include <libpq-fe.h>

struct migration {
	char *version;      /* file name without ".sql", e.g. "0001_init" */
	char *sql;          /* the file's text */
	char checksum[65];  /* SHA-256 of the text, hex */
};

struct migration_set {
	struct migration *items;  /* sorted by version */
	size_t n;
};

/* Reads every *.sql file of dir. A .sql file not named NNNN_name.sql, or two files with the same
 * number, is an error. Returns 0, or -1 with a malloc'd message in *err. */
int migration_set_load(const char *dir, struct migration_set *set, char **err);
void migration_set_free(struct migration_set *set);

/* Applies what is pending. *applied counts the files applied now. Returns 0, or -1 with a
 * malloc'd message naming the file in *err; a failed file leaves nothing of itself behind. */
int migrate_apply(PGconn *c, const struct migration_set *set, int *applied, char **err);

/* The query whose rows migrate_is_current judges: version and checksum of what was applied. */
#define MIGRATE_STATUS_SQL "SELECT version, checksum FROM schema_migrations"

/* 1 when every file of set appears in rows (from MIGRATE_STATUS_SQL) with its checksum, else 0. */
int migrate_is_current(const PGresult *rows, const struct migration_set *set);

#endif
