/* Indexes and derived tables around an import: dropped before the load, so that COPY does not
 * maintain them row by row, and built again once, at the end. */
#include "engine/sql/docs.h"
#include "engine/transfer/import_state.h"

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
#include "engine/model/fieldtype.h"
#include "engine/model/model.h"
#include "engine/sql/sqlgen.h"

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
 * validated once after them (im_rebuild_and_fill). Kept up a row at a time they cost more than the
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
	/* sql/functions/import.sql: the catalog's definitions of what to drop and build again, in order.
	 * An index's row names its table too (rebuild_and_fill builds a table's indexes after
	 * filling its documents). */
	static const char sql[] = "SELECT p.step, p.drop_sql, p.build_sql, coalesce(x.indrelid::regclass::text, '')"
				  "  FROM swaptrack_import_plan($1::regclass[], $2::regclass[]) p"
				  "  LEFT JOIN pg_index x ON p.step = 1"
				  "   AND format('DROP INDEX %s', x.indexrelid::regclass) = p.drop_sql"
				  " ORDER BY p.step, p.drop_sql";
	struct buf tables = BUF_INIT, derived = BUF_INIT, drop = BUF_INIT, docs_on = BUF_INIT;
	const char *values[2];
	PGresult *plan = NULL, *r = NULL;
	int rc = -1;

	buf_puts(&tables, "{");
	im_import_tables(&tables, ",");
	buf_puts(&tables, "}");
	buf_puts(&derived, "{");
	im_derived_tables(&derived, ",", 0);
	buf_puts(&derived, "}");
	values[0] = tables.data;
	values[1] = derived.data;
	if (!values[0] || !values[1] || !(plan = db_exec(im->conn, sql, 2, values, p)))
		goto out;
	for (int k = 0; k < PQntuples(plan); k++)
		buf_printf(&drop, "%s;\n", PQgetvalue(plan, k, 1));
	/* The read documents' triggers too (docs.c): each COPY would recompute the documents of
	 * everything it loaded, a table's after another's; they are computed once at the end
	 * (im_rebuild_and_fill) and turned on after that. */
	docs_triggers_sql(&drop, 0);
	docs_triggers_sql(&docs_on, 1);
	if (drop.len) {
		/* Dropping needs the tables' owner. A role that may only write to them (the schema
		 * migrated by another) loads with the indexes in place: slower, the same result. */
		PQclear(PQexec(im->conn, "SAVEPOINT defer_indexes"));
		r = PQexec(im->conn, drop.data); /* several statements: not db_exec's */
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
	im->plan = plan;
	plan = NULL;
	im->docs_on = buf_steal(&docs_on);
	rc = 0;
out:
	PQclear(plan);
	PQclear(r);
	buf_free(&tables);
	buf_free(&derived);
	buf_free(&drop);
	buf_free(&docs_on);
	return rc;
}

/* Runs one statement of the plan that builds an index or a key again. A key that fails names no
 * line (PostgreSQL checks them all at once); the lines were checked one by one before this. */
static int build(struct import *im, const char *sql)
{
	PGresult *r = PQexec(im->conn, sql);
	const char *state;
	int rc = 0;

	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		log_msg("import: rebuilding indexes failed: %s", PQresultErrorMessage(r));
		if (state && strcmp(state, "23503") == 0)
			problem_set(&im->p, 422,
				    "A reference in the import names a record it does not "
				    "hold; nothing was stored.");
		else
			problem_set(&im->p, 503, "The database failed during the import.");
		rc = -1;
	}
	PQclear(r);
	return rc;
}

/* Builds the indexes of the plan's step 1 on table (every table when NULL) not built yet. */
static int build_indexes(struct import *im, const char *table, char *built)
{
	for (int k = 0; k < PQntuples(im->plan); k++)
		if (!built[k] && atoi(PQgetvalue(im->plan, k, 0)) == 1 &&
		    (!table || strcmp(PQgetvalue(im->plan, k, 3), table) == 0)) {
			built[k] = 1;
			if (build(im, PQgetvalue(im->plan, k, 2)) < 0)
				return -1;
		}
	return 0;
}

static int is_model_table(const char *table)
{
	for (int i = 0; models[i]; i++)
		if (strcmp(models[i]->table, table) == 0)
			return 1;
	return 0;
}

static int fill_model(struct import *im, const struct model *m)
{
	char *err = NULL;
	int rc = docs_fill_model(im->conn, m, &err);

	if (rc < 0) {
		log_msg("import: %s", err ? err : "computing read documents failed");
		problem_set(&im->p, 503, "The database failed during the import.");
	}
	free(err);
	return rc;
}

/* The end of a load: indexes and keys built again, every record's read document computed once,
 * then the documents' triggers on again.
 *
 * Statistics first: the tables were loaded in this transaction and have none, and the fill and
 * the first requests after the import are planned on what was loaded (ANALYZE may run in a
 * transaction; a table the role does not own is skipped with a warning, kept out of the output).
 *
 * The order is what makes the fill cheap. A table's documents are computed while its own
 * secondary indexes are not there yet (each document makes its row a new tuple, and with the
 * indexes built every index took an entry for it: 200,000 sources took minutes, most of them in
 * the full-text and trigram indexes), but after the indexes of the tables its documents read
 * (a person's citations by subject, a swap's releases and statements): children's tables first,
 * then the models level by level (docs_fill_levels; bench/load fills in the same order). A
 * cycle (none today) would build the rest first. The triggers are on only after the fill: on before it,
 * they took transition tables of every row of each UPDATE, spilled to disk and read again for
 * each row (bench/README.md has the figures). When the indexes could not be dropped (not the
 * tables' owner) the triggers were on during the load and made every document; the fill finds
 * none missing. */
void im_rebuild_and_fill(struct import *im)
{
	int n = im->plan ? PQntuples(im->plan) : 0, level[MAX_MODELS], top = docs_fill_levels(level);
	PGresult *r;
	char *built = calloc((size_t)n + 1, 1);

	if (!built) {
		problem_set(&im->p, 503, "The server is out of memory.");
		return;
	}
	PQclear(PQexec(im->conn, "SET LOCAL client_min_messages = error"));
	PQclear(db_exec(im->conn, "ANALYZE", 0, NULL, &im->p));
	PQclear(PQexec(im->conn, "RESET client_min_messages"));
	for (int k = 0; k < n && !im->p.status; k++)
		if (atoi(PQgetvalue(im->plan, k, 0)) == 1 && !is_model_table(PQgetvalue(im->plan, k, 3)))
			build_indexes(im, PQgetvalue(im->plan, k, 3), built);
	for (int lv = 0; lv <= top; lv++)
		for (int i = 0; models[i] && !im->p.status; i++)
			if (level[i] == lv && fill_model(im, models[i]) == 0)
				build_indexes(im, models[i]->table, built);
	/* A cycle: everything built, then its documents. */
	for (int i = 0; models[i] && !im->p.status; i++)
		if (level[i] < 0 && build_indexes(im, NULL, built) == 0)
			fill_model(im, models[i]);
	/* Then the keys (their validation reads the indexes of what they refer to). */
	for (int k = 0; k < n && !im->p.status; k++)
		if (atoi(PQgetvalue(im->plan, k, 0)) != 1)
			build(im, PQgetvalue(im->plan, k, 2));
	if (!im->p.status && im->docs_on) {
		r = PQexec(im->conn, im->docs_on); /* several statements: not db_exec's */
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			log_msg("import: turning the read documents' triggers on failed: %s",
				PQresultErrorMessage(r));
			problem_set(&im->p, 503, "The database failed during the import.");
		}
		PQclear(r);
	}
	free(built);
}
