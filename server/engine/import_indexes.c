/* Indexes and derived tables around an import: dropped before the load, so that COPY does not
 * maintain them row by row, and built again once, at the end. */
#include "engine/docs.h"
#include "engine/import_state.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/log.h"
#include "db/db.h"
#include "engine/fieldtype.h"
#include "engine/model.h"
#include "engine/sqlgen.h"

/* The tables an import fills, the models' and their children's, separated by sep. */
void im_import_tables(struct buf *b, const char *sep)
{
	for (int i = 0; models[i]; i++) {
		buf_printf(b, "%s%s", i ? sep : "", models[i]->table);
		for (const struct field *f = models[i]->fields; f->name; f++)
			if (f->type == FT_CHILDREN)
				buf_printf(b, "%s%s", sep, f->ref->table);
	}
}

/* The tables the models' triggers fill (struct model's derived_tables), separated by sep and
 * with sep before the first one too when `after` (they follow import_tables). */
void im_derived_tables(struct buf *b, const char *sep, int after)
{
	for (int i = 0; models[i]; i++)
		for (const char *const *t = models[i]->derived_tables; t && *t; t++, after = 1)
			buf_printf(b, "%s%s", after ? sep : "", *t);
}

/* pg_restore's way with a bulk load, inside the import's transaction: the secondary indexes and
 * foreign keys of the tables the import fills are dropped before the COPYs, then built and
 * validated once after them (rebuild_indexes). Kept up a row at a time they cost more than the
 * rows (bench/README.md has the figures). Nothing goes unchecked: every reference is checked
 * line by line against the earlier lines, and the keys are validated again over everything at
 * the end. Primary keys and unique indexes stay, so a repeated value is caught on its line;
 * only the tables the models' triggers fill (struct model's derived_tables, emptied first) lose
 * their primary keys too, whose rows are unique by construction and checked again when the key
 * is built. Dropping takes the tables' ACCESS EXCLUSIVE lock: reads of them wait for the import
 * (the database is empty, so they would have found nothing). The definitions come from the
 * catalog (swaptrack_import_plan), for those tables only; they are replayed as PostgreSQL wrote
 * them. */
int im_defer_indexes(struct import *im, struct problem *p)
{
	/* migrations/0019: the catalog's definitions of what to drop and build again. */
	static const char sql[] =
		"SELECT step, drop_sql, build_sql FROM swaptrack_import_plan($1::regclass[], $2::regclass[])";
	struct buf tables = BUF_INIT, derived = BUF_INIT, drop = BUF_INIT, rebuild = BUF_INIT;
	struct buf docs_on = BUF_INIT;
	const char *values[2];
	PGresult *r = NULL;
	int rc = -1;

	buf_puts(&tables, "{");
	im_import_tables(&tables, ",");
	buf_puts(&tables, "}");
	buf_puts(&derived, "{");
	im_derived_tables(&derived, ",", 0);
	buf_puts(&derived, "}");
	values[0] = tables.data;
	values[1] = derived.data;
	if (!values[0] || !values[1] || !(r = db_exec(im->conn, sql, 2, values, p)))
		goto out;
	/* Indexes first: validating a key reads the index of what it refers to. */
	for (int k = 0; k < PQntuples(r); k++) {
		buf_printf(&drop, "%s;\n", PQgetvalue(r, k, 1));
		buf_printf(&rebuild, "%s;\n", PQgetvalue(r, k, 2));
	}
	PQclear(r);
	r = NULL;
	/* The read documents' triggers too (docs.c): each COPY would recompute the documents of
	 * everything it loaded, a table's after another's; they are computed once at the end
	 * (im_fill_docs, after the indexes their queries use) and turned on after that. */
	docs_triggers_sql(&drop, 0);
	docs_triggers_sql(&docs_on, 1);
	if (drop.len) {
		/* Dropping needs the tables' owner. A role that may only write to them (the schema
		 * migrated by another) loads with the indexes in place: slower, the same result. */
		PQclear(PQexec(im->conn, "SAVEPOINT defer_indexes"));
		r = PQexec(im->conn, drop.data);   /* several statements: not db_exec's */
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
			if (!state || strcmp(state, "42501") != 0) {
				log_msg("import: dropping indexes failed: %s", PQresultErrorMessage(r));
				problem_set(p, 503, "The database failed at the start of the import.");
				goto out;
			}
			PQclear(r);
			r = PQexec(im->conn, "ROLLBACK TO SAVEPOINT defer_indexes");
			if (PQresultStatus(r) != PGRES_COMMAND_OK) {
				problem_set(p, 503, "The database failed at the start of the import.");
				goto out;
			}
			log_msg("import: not the tables' owner, so their indexes are kept up row by row "
				"(slower; run the import as the role that migrated the schema to avoid it)");
			rc = 0;
			goto out;
		}
	}
	im->rebuild = buf_steal(&rebuild);
	im->docs_on = buf_steal(&docs_on);
	rc = 0;
out:
	PQclear(r);
	buf_free(&tables);
	buf_free(&derived);
	buf_free(&drop);
	buf_free(&rebuild);
	buf_free(&docs_on);
	return rc;
}

/* Builds the indexes and validates the keys defer_indexes dropped. A key that fails names no
 * line (PostgreSQL checks them all at once); the lines were checked one by one before this. */
void im_rebuild_indexes(struct import *im)
{
	PGresult *r;
	const char *state;

	if (!im->rebuild)
		return;
	r = PQexec(im->conn, im->rebuild);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		log_msg("import: rebuilding indexes failed: %s", PQresultErrorMessage(r));
		if (state && strcmp(state, "23503") == 0)
			problem_set(&im->p, 422, "A reference in the import names a record it does not "
				    "hold; nothing was stored.");
		else
			problem_set(&im->p, 503, "The database failed during the import.");
	}
	PQclear(r);
}

/* Every record's read document, once, now that the indexes its query reads are built, then the
 * documents' triggers on again. Turned on before the fill they made it quadratic: the fill's
 * UPDATE of 200,000 sources handed their triggers transition tables of every row, which spill
 * to disk and were read again for each row (past 5 minutes at the benchmark's million people;
 * bench/README.md). Statistics first: the tables were loaded in this transaction and have none,
 * and the fill and the first requests after the import are planned on what was loaded (ANALYZE
 * may run in a transaction; a table the role does not own is skipped with a warning, kept out
 * of the output). When the triggers could not be turned off they made every document during
 * the load, and the fill finds none missing. */
void im_fill_docs(struct import *im)
{
	char *err = NULL;
	PGresult *r;

	PQclear(PQexec(im->conn, "SET LOCAL client_min_messages = error"));
	PQclear(db_exec(im->conn, "ANALYZE", 0, NULL, &im->p));
	PQclear(PQexec(im->conn, "RESET client_min_messages"));
	if (im->p.status)
		return;
	if (docs_fill(im->conn, &err) < 0) {
		log_msg("import: %s", err ? err : "computing read documents failed");
		problem_set(&im->p, 503, "The database failed during the import.");
	} else if (im->docs_on) {
		r = PQexec(im->conn, im->docs_on);   /* several statements: not db_exec's */
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			log_msg("import: turning the read documents' triggers on failed: %s",
				PQresultErrorMessage(r));
			problem_set(&im->p, 503, "The database failed during the import.");
		}
		PQclear(r);
	}
	free(err);
}
