/* The schema described once (issue 30): what the database holds beside the numbered migrations'
 * history, applied by `swaptrack migrate` after them whenever it changed (db/migrate.h's
 * repeatable items):
 *
 *   ~schema              the tables of the models, generated from their field tables (schema.c):
 *                        every column (a partial date's four), CHECK (enum values, precisions,
 *                        the citable kinds), key and filter or sort index; only what is missing
 *                        is added, and an enum's CHECK widened;
 *   ~functions/NAME      sql/functions/NAME.sql, the one home of its SQL functions, with its
 *                        {{...}} references to the field tables filled in;
 *   ~documents           the read documents' refreshes and triggers (docs.c), every document
 *                        that differs from its JSON made again.
 *
 * sql/schema.sql is the schema they give, as `scripts/schema-dump` prints it; test_schema holds
 * a fresh database and one migrated from the schema of 0029 with the demo data to it. */
#ifndef SWAPTRACK_SCHEMA_H
#define SWAPTRACK_SCHEMA_H

struct buf;
struct migration_set;

/* Appends the items above to set, after its numbered migrations; functions_dir holds the
 * modules. 0, or -1 with a malloc'd message in *err (a module that cannot be read, or whose
 * reference names nothing). */
int schema_items(struct migration_set *set, const char *functions_dir, char **err);

/* The DDL of every model table, as a database without them would be given it (the generated
 * part of the schema): for `swaptrack sql schema_ddl`. */
int schema_ddl(struct buf *b);

/* text with each {{...}} filled in from the field tables, into out:
 *   {{TABLE.FIELD:VALUE}}   'VALUE', an enum value (or a citable kind) of that field
 *   {{TABLE.singular}}      'SINGULAR', the model's singular
 * So no value is written both in C and in SQL. 0, or -1 with a malloc'd message in *err naming
 * the reference. */
int schema_expand(const char *text, struct buf *out, char **err);

#endif
