/* Migrations: migrations/NNNN_name.sql, each applied once, in order, in its own transaction,
 * recorded in schema_migrations with its SHA-256. A file changed after it was applied is refused.
 * Concurrent runs (two servers starting at once) serialize on an advisory lock. */
#ifndef SWAPTRACK_MIGRATE_H
#define SWAPTRACK_MIGRATE_H

#include <stddef.h>
#include <libpq-fe.h>

struct migration {
	char *version;     /* file name without ".sql", e.g. "0001_init"; a repeatable item's
	                     * name begins with "~" ("~functions/search") */
	char *sql;         /* the file's text */
	char checksum[65]; /* SHA-256 of the text, hex */
	/* A repeatable item (migration_set_add): applied again whenever its checksum differs from
	 * the one recorded, instead of being refused; executes sql when exec is set, then run. */
	int repeatable, exec;
	int (*run)(PGconn *c, char **err);
};

struct migration_set {
	struct migration *items; /* sorted by version */
	size_t n;
};

/* Reads every *.sql file of dir. A .sql file not named NNNN_name.sql, or two files with the same
 * number, is an error. Returns 0, or -1 with a malloc'd message in *err. */
int migration_set_load(const char *dir, struct migration_set *set, char **err);
void migration_set_free(struct migration_set *set);

/* Appends a repeatable item after the numbered files: version (beginning with "~"), text (its
 * checksum's; executed when exec), and run (may be NULL), called after it in its transaction.
 * What the schema holds that is not history: the SQL functions, a file a module, and what the
 * engine generates from the field tables (the tables' shape, the read documents). Takes copies.
 * 0, or -1 with a malloc'd message in *err. */
int migration_set_add(struct migration_set *set, const char *version, const char *text, int exec,
		      int (*run)(PGconn *c, char **err), char **err);

/* What a migration needs done that SQL cannot do well (computing every citation's anchor with
 * the server's own matcher): run after the file of that version, in its transaction, so that
 * the two are applied together or not at all. */
struct migration_step {
	const char *version;               /* "0023_anchors" */
	int (*run)(PGconn *c, char **err); /* 0, or -1 with a malloc'd message in *err */
};

/* Applies what is pending, each file followed by its step from steps (ended by a NULL version;
 * steps may be NULL), then each repeatable item whose checksum is not the one recorded. *applied
 * counts the files and items applied now. Returns 0, or -1 with a malloc'd
 * message naming the file in *err; a failed file leaves nothing of itself behind. */
int migrate_apply(PGconn *c, const struct migration_set *set, const struct migration_step *steps,
		  int *applied, char **err);

/* The query whose rows migrate_is_current judges: version and checksum of what was applied. */
#define MIGRATE_STATUS_SQL "SELECT version, checksum FROM schema_migrations"

/* 1 when every file of set appears in rows (from MIGRATE_STATUS_SQL) with its checksum, else 0. */
int migrate_is_current(const PGresult *rows, const struct migration_set *set);

#endif
