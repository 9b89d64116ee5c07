/* Import: NDJSON lines checked one by one against the field tables (with the line number in
 * every error), references checked against the ids already read, rows loaded with COPY, and
 * what needs the whole load (a citation's quote, a release's detention) checked by SQL at the
 * end. One transaction: one bad line and nothing is stored.
 *
 * Ids: the database must be empty (no record, live or deleted, in any collection), and every
 * record keeps the id, version and timestamps it was exported with, so that an export loaded
 * into an empty database gives the same content back. Types must come in load order and ids
 * ascend within a type, as export writes them; so a reference can only name an earlier line.
 * Imported records bring no history: a record's history starts at its next change. */
#include "engine/export.h"
#include "engine/import.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "engine/collection.h"
#include "db/db.h"
#include "http/http.h"
#include "core/log.h"
#include "engine/model.h"
#include "engine/fieldtype.h"
#include "engine/sqlgen.h"
#include "engine/validate.h"
#include "engine/openapi.h"

#define MAX_MODELS 16
#define MAX_CHILDREN 4
#define MAX_ERRORS 20
#define COPY_FLUSH (256 * 1024)
#define SPILL_CHUNK (64 * 1024)
#define DERIVED_BATCH 64
#define HELPERS 2
#define DERIVED_ARGS 8

/* The records sent to a type's COPY, in order, each with its id and the line it came from. Kept
 * as runs, because in an export the ids and lines of a type count up together: a few runs for a
 * million records, where a pair a record took 16 bytes (107 MB of an import of 5.3 M records,
 * measured). */
struct run {
	long long id;       /* of the run's first row; a row's id and line are one more than the last */
	long line;          /* of the run's first row */
	size_t first;       /* the index of the run's first row */
	size_t len;
};

struct seen {
	struct run *runs;
	size_t nruns, cap;
	size_t n;           /* rows */
	long long last_id;
};

struct import {
	PGconn *conn;
	int model;                          /* index in models[] being copied; -1 before any */
	struct buf copy;                    /* COPY rows not yet sent */
	const struct model *children[MAX_CHILDREN];
	/* A type's child rows wait for the end of its own COPY (a connection carries one COPY at a
	 * time): in memory up to COPY_FLUSH bytes, then in a temporary file, so that an import's
	 * memory stays flat however many there are (swap releases held in memory were most of
	 * the 27 MB of importing the benchmark's dataset). Without a temporary file they stay in
	 * memory. */
	struct buf child_rows[MAX_CHILDREN];
	FILE *child_spill[MAX_CHILDREN];
	int no_spill;
	struct buf partial;                 /* a line cut by the end of a chunk */
	long line;
	long records;
	struct seen seen[MAX_MODELS];
	struct problem p;
	int failed;
	char *rebuild;                      /* indexes and keys dropped for the load, to restore */
	/* A type's derived column (a source's full-text vector, a person's folded names) is
	 * computed on HELPERS more connections while this one's COPY runs: most of storing a
	 * source is that function, and one transaction keeps all else on one backend. Rows wait for their values in batches of
	 * DERIVED_BATCH, one query a batch, sent in turn to the helpers; while they compute, this
	 * process parses the next batch and the COPY stores the ones before. held[] is a ring,
	 * filled in order, so the batch after `filling` is the oldest one sent. */
	PGconn *helper[HELPERS];
	const struct model *helper_model[HELPERS];   /* whose statement each has prepared */
	struct held {
		struct buf rows;            /* COPY rows without their last column, each ending "\n" */
		struct buf args[DERIVED_ARGS];   /* the statement's parameters: array literals */
		int n;
		int helper;                 /* where its values are computed; -1: by the triggers */
		int in_flight;              /* sent; its results not read yet */
	} held[HELPERS + 1];
	int filling;                        /* the batch rows are added to */
	unsigned sent;                      /* batches sent: picks the helper in turn */
	int no_helpers;                     /* none could connect: the triggers compute it all */
};

static int model_index(const struct model *m)
{
	for (int i = 0; models[i]; i++)
		if (models[i] == m)
			return i;
	return -1;
}

static int seen_add(struct seen *s, long long id, long line)
{
	struct run *r = s->nruns ? &s->runs[s->nruns - 1] : NULL;

	if (r && id == r->id + (long long)r->len && line == r->line + (long)r->len) {
		r->len++;
	} else {
		if (s->nruns == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 64;
			struct run *runs = realloc(s->runs, cap * sizeof(*runs));
			if (!runs)
				return -1;
			s->runs = runs;
			s->cap = cap;
		}
		s->runs[s->nruns++] = (struct run){id, line, s->n, 1};
	}
	s->n++;
	s->last_id = id;
	return 0;
}

static void seen_free(struct seen *s)
{
	free(s->runs);
	memset(s, 0, sizeof(*s));
}

/* The line of row k (0-based) of s. */
static long seen_row_line(const struct seen *s, size_t k)
{
	size_t lo = 0, hi = s->nruns;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct run *r = &s->runs[mid];
		if (k < r->first)
			hi = mid;
		else if (k >= r->first + r->len)
			lo = mid + 1;
		else
			return r->line + (long)(k - r->first);
	}
	return 0;
}

/* The line of id in s (a type's records, ids ascending), or 0 when it was not read. */
static long seen_line(const struct seen *s, long long id)
{
	size_t lo = 0, hi = s->nruns;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct run *r = &s->runs[mid];
		long long last = r->id + (long long)r->len - 1;
		if (id < r->id)
			hi = mid;
		else if (id > last)
			lo = mid + 1;
		else
			return r->line + (long)(id - r->id);
	}
	return 0;
}

static void fail_line(struct import *im, long line, const char *field, const char *msg)
{
	if (!im->p.status) {
		problem_set(&im->p, 422, "The import has invalid lines; nothing was stored. See errors.");
		im->p.type = "/problems/validation";
	}
	if (json_array_size(im->p.errors) < MAX_ERRORS)
		problem_field_line(&im->p, line, field, "%s", msg);
	else
		im->failed = 1;   /* enough to go on with: stop reading */
}

/* Appends s to a COPY text row: backslash, tab, newline and carriage return escaped. */
static void copy_text(struct buf *b, const char *s)
{
	const char *run = s;

	if (!s) {
		buf_puts(b, "\\N");
		return;
	}
	for (; *s; s++) {
		const char *esc = *s == '\\' ? "\\\\" : *s == '\t' ? "\\t" : *s == '\n' ? "\\n"
				  : *s == '\r' ? "\\r" : NULL;
		if (!esc)
			continue;
		buf_append(b, run, (size_t)(s - run));
		buf_puts(b, esc);
		run = s + 1;
	}
	buf_puts(b, run);
}

static int put_copy(struct import *im, struct buf *b)
{
	if (b->len && PQputCopyData(im->conn, b->data, (int)b->len) != 1)
		return -1;
	buf_reset(b);
	return 0;
}

/* The tables an import fills, the models' and their children's, separated by sep. */
static void import_tables(struct buf *b, const char *sep)
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
static void derived_tables(struct buf *b, const char *sep, int after)
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
 * catalog, for those tables only; they are replayed as PostgreSQL wrote them. */
static int defer_indexes(struct import *im, struct problem *p)
{
	static const char sql[] =
		"SELECT 1, format('DROP INDEX %s', x.indexrelid::regclass),"
		"       pg_get_indexdef(x.indexrelid)"
		"  FROM pg_index x WHERE x.indrelid = ANY ($1::regclass[])"
		"   AND NOT x.indisunique AND NOT x.indisprimary"
		" UNION ALL "
		"SELECT 2, format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),"
		"       format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname,"
		"              pg_get_constraintdef(oid))"
		"  FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY ($1::regclass[])"
		" UNION ALL "
		"SELECT 3, format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),"
		"       format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname,"
		"              pg_get_constraintdef(oid))"
		"  FROM pg_constraint WHERE contype = 'p' AND conrelid = ANY ($2::regclass[])"
		" ORDER BY 1, 2";
	struct buf tables = BUF_INIT, derived = BUF_INIT, drop = BUF_INIT, rebuild = BUF_INIT;
	const char *values[2];
	PGresult *r = NULL;
	int rc = -1;

	buf_puts(&tables, "{");
	import_tables(&tables, ",");
	buf_puts(&tables, "}");
	buf_puts(&derived, "{");
	derived_tables(&derived, ",", 0);
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
	rc = 0;
out:
	PQclear(r);
	buf_free(&tables);
	buf_free(&derived);
	buf_free(&drop);
	buf_free(&rebuild);
	return rc;
}

/* Builds the indexes and validates the keys defer_indexes dropped. A key that fails names no
 * line (PostgreSQL checks them all at once); the lines were checked one by one before this. */
static void rebuild_indexes(struct import *im)
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

/* The next byte of child table k's rows as sent, the temporary file's and then memory's; EOF
 * after the last. */
static int child_getc(struct import *im, int k, FILE **f, size_t *i)
{
	int c;

	if (*f && (c = getc(*f)) != EOF)
		return c;
	*f = NULL;
	return *i < im->child_rows[k].len ? (unsigned char)im->child_rows[k].data[(*i)++] : EOF;
}

/* The line of the record that child row `row` (1-based) of child table k came from: its first
 * column is the record's id. Read back from the rows (only when a COPY failed). */
static long child_row_line(struct import *im, int k, long row)
{
	FILE *f = im->child_spill[k];
	size_t i = 0;
	long long id = 0;
	int c = 0;

	if (f)
		rewind(f);
	for (long at = 1; at < row && c != EOF; )
		if ((c = child_getc(im, k, &f, &i)) == '\n')
			at++;
	while ((c = child_getc(im, k, &f, &i)) != EOF && isdigit(c) && id < LLONG_MAX / 10)
		id = id * 10 + (c - '0');
	return id ? seen_line(&im->seen[im->model], id) : 0;
}

/* Ends the COPY under way; a failure is reported on the line it came from when PostgreSQL
 * says which ("COPY people, line 12"): rows of the type's own COPY (child < 0) are its records
 * in order, held in seen; those of child table `child` name their record's id. */
static int end_copy(struct import *im, int child)
{
	const struct seen *lines = &im->seen[im->model];
	PGresult *r;
	int ok = 1;

	if (put_copy(im, &im->copy) < 0 || PQputCopyEnd(im->conn, NULL) != 1)
		ok = 0;
	while ((r = PQgetResult(im->conn))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			const char *ctx = PQresultErrorField(r, PG_DIAG_CONTEXT);
			const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
			const char *at = ctx ? strstr(ctx, ", line ") : NULL;
			long row = at ? atol(at + 7) : 0;
			long line = row <= 0 ? 0 : child >= 0 ? child_row_line(im, child, row)
				    : (size_t)row <= lines->n ? seen_row_line(lines, (size_t)row - 1) : 0;
			log_msg("import COPY failed: %s", PQresultErrorMessage(r));
			fail_line(im, line, "",
				  state && strcmp(state, "23505") == 0
				  ? "repeats a value that must be unique (an earlier line has it)"
				  : state && strncmp(state, "22", 2) == 0
				  ? "has a value the database cannot store (check timestamps and dates)"
				  : "could not be stored");
			ok = 0;
		}
		PQclear(r);
	}
	return ok ? 0 : -1;
}

static int start_copy(struct import *im, const char *sql)
{
	PGresult *r = PQexec(im->conn, sql);
	int ok = PQresultStatus(r) == PGRES_COPY_IN;

	if (!ok)
		log_msg("import COPY could not start: %s", PQresultErrorMessage(r));
	PQclear(r);
	return ok ? 0 : -1;
}

/* An unnamed temporary file in $TMPDIR (else /tmp), gone when closed; NULL if none can be made.
 * (tmpfile() would ignore TMPDIR.) */
static FILE *temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	FILE *f;
	int fd;

	if (snprintf(path, sizeof(path), "%s/swaptrack-import-XXXXXX", dir && *dir ? dir : "/tmp")
	    >= (int)sizeof(path) || (fd = mkstemp(path)) < 0)
		return NULL;
	unlink(path);
	if (!(f = fdopen(fd, "w+")))
		close(fd);
	return f;
}

/* Child table k's rows are one more row longer: past COPY_FLUSH bytes in memory, they go to the
 * temporary file (made now if need be). */
static int child_row_added(struct import *im, int k)
{
	struct buf *rows = &im->child_rows[k];

	if (rows->len < COPY_FLUSH || im->no_spill)
		return 0;
	if (!im->child_spill[k] && !(im->child_spill[k] = temp_file())) {
		log_msg("import: no temporary file (%s); child rows stay in memory", strerror(errno));
		im->no_spill = 1;
		return 0;
	}
	if (fwrite(rows->data, 1, rows->len, im->child_spill[k]) != rows->len)
		return -1;
	buf_reset(rows);
	return 0;
}

/* Sends child table k's rows that went to its temporary file. */
static int send_spill(struct import *im, int k)
{
	FILE *f = im->child_spill[k];
	char *chunk;
	size_t n;
	int rc = 0;

	if (!f)
		return 0;
	if (fflush(f) != 0 || !(chunk = malloc(SPILL_CHUNK)))
		return -1;
	rewind(f);
	while (rc == 0 && (n = fread(chunk, 1, SPILL_CHUNK, f)) > 0)
		if (PQputCopyData(im->conn, chunk, (int)n) != 1)
			rc = -1;
	if (ferror(f))
		rc = -1;
	free(chunk);
	return rc;
}

static void child_rows_free(struct import *im, int k)
{
	buf_free(&im->child_rows[k]);
	if (im->child_spill[k])
		fclose(im->child_spill[k]);
	im->child_spill[k] = NULL;
}

static void copy_vals(struct buf *out, char **vals, int n, const char *lead);

/* Helper i, connected and with m's statement prepared (named after its table), in pipeline
 * mode; NULL on failure, with im->no_helpers set when it could not connect. Between types its
 * pipeline is idle (finish_type drains it), so it can leave pipeline mode to prepare the next
 * type's statement. */
static PGconn *helper_for(struct import *im, int i, const struct model *m)
{
	PGconn *c = im->helper[i];
	PGresult *r;
	char *err = NULL;

	if (c && im->helper_model[i] == m)
		return c;
	if (!c && !(c = im->helper[i] = db_connect(&err))) {
		log_msg("import: no other database connection (%s), so the tables' triggers compute "
			"what the import would have computed beside them (slower)", err ? err : "?");
		free(err);
		im->no_helpers = 1;
		return NULL;
	}
	if (PQpipelineStatus(c) != PQ_PIPELINE_OFF && PQexitPipelineMode(c) != 1)
		return NULL;
	r = PQprepare(c, m->table, m->hooks->derived->sql, 0, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK || PQenterPipelineMode(c) != 1) {
		log_msg("import: %s: %s", m->hooks->derived->sql, PQerrorMessage(c));
		PQclear(r);
		return NULL;
	}
	PQclear(r);
	im->helper_model[i] = m;
	return c;
}

/* Reads batch h's values and appends its rows to the COPY with them, in order. A batch with no
 * helper gets empty values, which the tables' triggers compute instead (migrations/0012). */
static int held_collect(struct import *im, struct held *h)
{
	PGconn *c = h->helper >= 0 ? im->helper[h->helper] : NULL;
	PGresult *r = c ? PQgetResult(c) : NULL;
	const char *row = h->rows.data;
	int ok = !c || (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == h->n);

	if (!ok)
		log_msg("import: computing a derived column failed: %s", PQresultErrorMessage(r));
	for (int i = 0; ok && i < h->n; i++) {
		const char *end = memchr(row, '\n', h->rows.len - (size_t)(row - h->rows.data));

		buf_append(&im->copy, row, (size_t)(end - row));
		buf_puts(&im->copy, "\t");
		if (c)
			copy_text(&im->copy, PQgetisnull(r, i, 0) ? NULL : PQgetvalue(r, i, 0));
		buf_puts(&im->copy, "\n");
		row = end + 1;
	}
	if (c) {
		PQclear(r);
		PQclear(PQgetResult(c));   /* the NULL that ends the query's results */
		r = PQgetResult(c);
		ok &= PQresultStatus(r) == PGRES_PIPELINE_SYNC;
		PQclear(r);
	}
	buf_reset(&h->rows);
	h->n = 0;
	h->in_flight = 0;
	if (ok && im->copy.len >= COPY_FLUSH && put_copy(im, &im->copy) < 0)
		ok = 0;
	return ok ? 0 : -1;
}

/* Sends the batch being filled as one query, moves to the next, and takes in that one's rows if
 * they are still waiting (the oldest batch sent). */
static int held_flip(struct import *im, const struct model *m)
{
	struct held *h = &im->held[im->filling];
	const char *args[DERIVED_ARGS];
	int k = 0;

	h->helper = im->no_helpers ? -1 : (int)(im->sent++ % HELPERS);
	if (h->helper >= 0 && !helper_for(im, h->helper, m)) {
		if (!im->no_helpers)
			return -1;
		h->helper = -1;
	}
	for (; m->hooks->derived->fields[k]; k++) {
		buf_puts(&h->args[k], "}");
		args[k] = h->args[k].data;
	}
	if (h->helper >= 0 &&
	    (PQsendQueryPrepared(im->helper[h->helper], m->table, k, args, NULL, NULL, 0) != 1 ||
	     PQpipelineSync(im->helper[h->helper]) != 1))
		return -1;
	for (int i = 0; i < k; i++)
		buf_reset(&h->args[i]);
	h->in_flight = 1;
	im->filling = (im->filling + 1) % (HELPERS + 1);
	h = &im->held[im->filling];
	return h->in_flight ? held_collect(im, h) : 0;
}

/* Every held row of model m into the COPY, oldest batch first. */
static int held_drain(struct import *im, const struct model *m)
{
	if (im->held[im->filling].n && held_flip(im, m) < 0)
		return -1;
	for (int i = 0; i <= HELPERS; i++) {
		struct held *h = &im->held[(im->filling + i) % (HELPERS + 1)];
		if (h->in_flight && held_collect(im, h) < 0)
			return -1;
	}
	return 0;
}

/* Appends the COPY row of m's record rec to the batch being filled, and the fields its derived
 * value is computed from to the batch's parameters; sends the batch when it is full. */
static int held_add(struct import *im, const struct model *m, json_t *rec, const char *lead)
{
	const struct model_derived *d = m->hooks->derived;
	struct held *h = &im->held[im->filling];
	char *vals[128];
	int n, k, rc = -1;

	if ((n = sql_params(m, rec, vals)) < 0)
		return -1;
	for (k = 0; d->fields[k]; k++) {
		int at = sql_param_index(m, d->fields[k]);
		if (k == DERIVED_ARGS || at < 0)
			goto out;   /* a model table asking for too much: a programming error */
		field_array_item(&h->args[k], vals[at]);
	}
	copy_vals(&h->rows, vals, n, lead);
	rc = ++h->n == DERIVED_BATCH ? held_flip(im, m) : 0;
out:
	sql_params_free(vals, n);
	return rc;
}

/* Finishes the type being copied, then its children, each with COPY. */
static int finish_type(struct import *im)
{
	int rc = 0;

	if (im->model < 0)
		return 0;
	if (held_drain(im, models[im->model]) < 0)
		return -1;
	rc |= end_copy(im, -1);
	for (int i = 0; i < MAX_CHILDREN && im->children[i] && rc == 0; i++) {
		struct buf *rows = &im->child_rows[i];
		if (rows->len || im->child_spill[i]) {
			if (start_copy(im, im->children[i]->sql->copy) < 0 || send_spill(im, i) < 0) {
				rc = -1;
				break;
			}
			buf_append(&im->copy, rows->data, rows->len);
			rc |= end_copy(im, i);
		}
		child_rows_free(im, i);
	}
	return rc;
}

static int begin_type(struct import *im, int index)
{
	const struct model *m = models[index];
	int k = 0;

	im->model = index;
	memset(im->children, 0, sizeof(im->children));
	for (const struct field *f = m->fields; f->name && k < MAX_CHILDREN; f++)
		if (f->type == FT_CHILDREN)
			im->children[k++] = f->ref;
	return start_copy(im, m->sql->copy);
}

/* 1 when s looks like a timestamp as exports write it: YYYY-MM-DDTHH:MM:SS[.ffffff]Z. */
static int timestamp_shape(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	size_t i;

	for (i = 0; shape[i]; i++)
		if (!s[i] || (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i]))
			return 0;
	if (s[i] == '.')
		for (i++; isdigit((unsigned char)s[i]); i++)
			;
	return s[i] == 'Z' && s[i + 1] == '\0';
}

/* Appends a COPY row to out: lead (the meta columns of a top-level record, the parent key and
 * position of a child), then vals. */
static void copy_vals(struct buf *out, char **vals, int n, const char *lead)
{
	buf_puts(out, lead);
	for (int i = 0; i < n; i++) {
		buf_puts(out, "\t");
		copy_text(out, vals[i]);
	}
	buf_puts(out, "\n");
}

/* Appends the COPY row of rec (validated) to out. */
static int copy_row(struct buf *out, const struct model *m, json_t *rec, const char *lead)
{
	char *vals[128];
	int n = sql_params(m, rec, vals);

	if (n < 0)
		return -1;
	copy_vals(out, vals, n, lead);
	sql_params_free(vals, n);
	return 0;
}

/* The record types in load order, "source, person, ...", into out. */
static const char *type_list(char *out, size_t size)
{
	size_t at = 0;

	out[0] = 0;
	for (int k = 0; models[k] && at < size; k++)
		at += (size_t)snprintf(out + at, size - at, "%s%s", k ? ", " : "", models[k]->singular);
	return out;
}

static void one_line(struct import *im, const char *text, size_t len)
{
	struct problem lp = PROBLEM_INIT;
	struct refs refs = {NULL, 0, 0};
	json_t *doc = NULL, *rec, *rest = NULL, *v;
	const struct model *m = NULL;
	const char *type;
	json_error_t err;
	long long id = 0;
	char lead[256], msg[512];
	int index;
	size_t i;

	im->line++;
	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	if (len == 0)
		return;   /* blank lines are allowed */
	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (!json_is_object(doc)) {
		snprintf(msg, sizeof(msg), "is not a JSON object: %s", doc ? "another JSON value" : err.text);
		fail_line(im, im->line, "", msg);
		goto out;
	}
	type = json_string_value(json_object_get(doc, "type"));
	rec = json_object_get(doc, "record");
	for (int k = 0; type && models[k]; k++)
		if (strcmp(models[k]->singular, type) == 0)
			m = models[k];
	if (!m) {
		snprintf(msg, sizeof(msg), "must be one of %s", type_list(lead, sizeof(lead)));
		fail_line(im, im->line, "type", msg);
		goto out;
	}
	if (!json_is_object(rec) || json_object_size(doc) != 2) {
		fail_line(im, im->line, "record", "each line is {\"type\": ..., \"record\": {...}} and "
			  "nothing else");
		goto out;
	}
	index = model_index(m);
	if (index < im->model) {
		snprintf(msg, sizeof(msg), "a %s comes after a %s: lines go in the order %s",
			 m->singular, models[im->model]->singular, type_list(lead, sizeof(lead)));
		fail_line(im, im->line, "type", msg);
		goto out;
	}
	if (index > im->model && !im->p.status) {
		if (finish_type(im) < 0 || begin_type(im, index) < 0) {
			if (!im->p.status)
				problem_set(&im->p, 503, "The database failed during the import.");
			im->failed = 1;
			goto out;
		}
	} else if (index > im->model) {
		im->model = index;   /* after an error: keep checking lines, load nothing */
	}

	/* The meta fields the server normally owns travel with the record. */
	v = json_object_get(rec, "id");
	id = json_is_integer(v) ? (long long)json_integer_value(v) : 0;
	if (id < 1) {
		fail_line(im, im->line, "record.id", "must be a positive integer");
		id = 0;
	} else if (im->seen[index].n && id <= im->seen[index].last_id) {
		snprintf(msg, sizeof(msg), "must be greater than the id of the %s before it (%lld)",
			 m->singular, im->seen[index].last_id);
		fail_line(im, im->line, "record.id", msg);
		id = 0;
	}
	v = json_object_get(rec, "version");
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		fail_line(im, im->line, "record.version", "must be a positive integer");
	if (!json_string_value(json_object_get(rec, "created_at")) ||
	    !timestamp_shape(json_string_value(json_object_get(rec, "created_at"))))
		fail_line(im, im->line, "record.created_at", "must be a time as YYYY-MM-DDTHH:MM:SSZ");
	if (!json_string_value(json_object_get(rec, "updated_at")) ||
	    !timestamp_shape(json_string_value(json_object_get(rec, "updated_at"))))
		fail_line(im, im->line, "record.updated_at", "must be a time as YYYY-MM-DDTHH:MM:SSZ");

	rest = json_copy(rec);   /* shallow: only its own keys are removed, nothing below changes */
	json_object_del(rest, "id");
	json_object_del(rest, "version");
	json_object_del(rest, "created_at");
	json_object_del(rest, "updated_at");
	{
		json_t *stored = validate_record(m, rest, "record.", &refs, &lp);
		json_decref(rest);
		rest = stored;
	}
	/* References name records of earlier lines. */
	for (i = 0; i < refs.n; i++)
		if (!seen_line(&im->seen[model_index(refs.items[i].target)], refs.items[i].id)) {
			snprintf(msg, sizeof(msg), "there is no %s %lld on an earlier line",
				 refs.items[i].target->singular, refs.items[i].id);
			problem_field(&lp, refs.items[i].path, "%s", msg);
		}
	if (rest && !lp.errors && m->hooks && m->hooks->check) {
		struct write w = {NULL, m, rest, id, NULL, 1, "record."};
		m->hooks->check(&w, &lp);
	}
	if (lp.errors || !rest) {
		json_t *e;
		json_array_foreach(lp.errors, i, e)
			fail_line(im, im->line, json_string_value(json_object_get(e, "field")),
				  json_string_value(json_object_get(e, "message")));
		if (!lp.errors)
			fail_line(im, im->line, "record", lp.detail ? lp.detail : "is not valid");
		goto out;
	}
	/* Later lines may refer to this one, whether or not anything is loaded. */
	if (id && seen_add(&im->seen[index], id, im->line) < 0)
		goto oom;
	if (im->p.status)
		goto out;   /* an earlier line failed: check, but load nothing */

	snprintf(lead, sizeof(lead), "%lld\t%lld\t%s\t%s", id,
		 (long long)json_integer_value(json_object_get(rec, "version")),
		 json_string_value(json_object_get(rec, "created_at")),
		 json_string_value(json_object_get(rec, "updated_at")));
	if (m->hooks && m->hooks->derived) {
		if (held_add(im, m, rest, lead) < 0) {
			problem_set(&im->p, 503, "The database failed during the import.");
			im->failed = 1;
			goto out;
		}
	} else if (copy_row(&im->copy, m, rest, lead) < 0) {
		goto oom;
	}
	for (int k = 0; k < MAX_CHILDREN && im->children[k]; k++) {
		const struct model *c = im->children[k];
		json_t *child;
		for (const struct field *f = m->fields; f->name; f++) {
			if (f->type != FT_CHILDREN || f->ref != c)
				continue;
			json_array_foreach(json_object_get(rest, f->name), i, child) {
				snprintf(lead, sizeof(lead), "%lld\t%zu", id, i);
				if (copy_row(&im->child_rows[k], c, child, lead) < 0)
					goto oom;
				if (child_row_added(im, k) < 0) {
					problem_set(&im->p, 503, "The import could not write its "
						    "temporary file.");
					im->failed = 1;
					goto out;
				}
			}
		}
	}
	im->records++;
	if (im->copy.len >= COPY_FLUSH && put_copy(im, &im->copy) < 0) {
		problem_set(&im->p, 503, "The database failed during the import.");
		im->failed = 1;
	}
	goto out;
oom:
	problem_set(&im->p, 503, "The server ran out of memory during the import.");
	im->failed = 1;
out:
	refs_free(&refs);
	problem_clear(&lp);
	json_decref(rest);
	json_decref(doc);
}

struct import *import_open(struct problem *p)
{
	struct import *im = calloc(1, sizeof(*im));
	struct buf sql = BUF_INIT;
	PGresult *r = NULL;
	char *err = NULL;

	if (!im) {
		problem_set(p, 503, "The server is out of memory.");
		return NULL;
	}
	im->model = -1;
	if (!(im->conn = db_connect(&err))) {
		log_msg("database connection failed: %s", err ? err : "?");
		free(err);
		problem_set(p, 503, "The database is unavailable; try again shortly.");
		goto fail;
	}
	/* Nothing else while the import runs: it sets the ids, and defer_indexes drops indexes,
	 * which takes ACCESS EXCLUSIVE anyway. Taken at once rather than raised from a weaker lock
	 * later, so that a reader that has one table and waits for another cannot deadlock with it. */
	buf_puts(&sql, "LOCK TABLE ");
	import_tables(&sql, ", ");
	derived_tables(&sql, ", ", 1);
	buf_puts(&sql, " IN ACCESS EXCLUSIVE MODE");
	if (!(r = db_exec(im->conn, "BEGIN", 0, NULL, p)))
		goto fail;
	PQclear(r);
	if (!(r = db_exec(im->conn, sql.data, 0, NULL, p)))
		goto fail;
	PQclear(r);
	/* Memory for the sorts of a bulk load, in this transaction only: the name words of a COPY
	 * of people (migrations/0009) and the index builds at the end (rebuild_indexes). */
	if (!(r = db_exec(im->conn, "SET LOCAL work_mem = '64MB'", 0, NULL, p)))
		goto fail;
	PQclear(r);
	if (!(r = db_exec(im->conn, "SET LOCAL maintenance_work_mem = '256MB'", 0, NULL, p)))
		goto fail;
	PQclear(r);
	buf_reset(&sql);
	buf_puts(&sql, "SELECT ");
	for (int i = 0; models[i]; i++)
		buf_printf(&sql, "%sEXISTS (SELECT 1 FROM %s)", i ? " OR " : "", models[i]->table);
	if (!(r = db_exec(im->conn, sql.data, 0, NULL, p)))
		goto fail;
	if (strcmp(PQgetvalue(r, 0, 0), "t") == 0) {
		problem_set(p, 409, "The database already holds records; import loads into an empty "
			    "database only, keeping every id (see api-docs/README.md).");
		goto fail;
	}
	PQclear(r);
	r = NULL;
	/* With no records, what the triggers derived from them is stale: it goes, so that the
	 * rows the import derives meet nothing (their keys are dropped while it loads). */
	for (int i = 0; models[i]; i++)
		for (const char *const *t = models[i]->derived_tables; t && *t; t++) {
			buf_reset(&sql);
			buf_printf(&sql, "DELETE FROM %s", *t);
			if (!(r = db_exec(im->conn, sql.data, 0, NULL, p)))
				goto fail;
			PQclear(r);
			r = NULL;
		}
	buf_free(&sql);
	if (defer_indexes(im, p) < 0)
		goto fail;
	return im;
fail:
	PQclear(r);
	buf_free(&sql);
	import_close(im);
	return NULL;
}

int import_feed(struct import *im, const char *data, size_t len)
{
	while (len && !im->failed) {
		const char *nl = memchr(data, '\n', len);
		size_t n = nl ? (size_t)(nl - data) : len;

		if (!nl) {
			if (buf_append(&im->partial, data, n) < 0)
				im->failed = 1;
			break;
		}
		if (im->partial.len) {
			if (buf_append(&im->partial, data, n) < 0) {
				im->failed = 1;
				break;
			}
			one_line(im, im->partial.data, im->partial.len);
			buf_reset(&im->partial);
		} else {
			one_line(im, data, n);
		}
		data += n + 1;
		len -= n + 1;
	}
	return im->failed ? -1 : 0;
}

long import_count(const struct import *im)
{
	return im->records;
}

/* After the load: the models' own checks over everything, errors placed on their lines. */
static void whole_checks(struct import *im)
{
	for (int i = 0; models[i]; i++) {
		struct buf sql = BUF_INIT;
		struct problem p = PROBLEM_INIT;
		PGresult *r;

		if (!models[i]->hooks || !models[i]->hooks->import_sql)
			continue;
		models[i]->hooks->import_sql(&sql);
		r = sql.data ? db_exec(im->conn, sql.data, 0, NULL, &p) : NULL;
		buf_free(&sql);
		if (!r) {
			problem_clear(&p);
			problem_set(&im->p, 503, "The database failed during the import.");
			return;
		}
		for (int k = 0; k < PQntuples(r); k++) {
			char field[128];
			snprintf(field, sizeof(field), "record.%s", PQgetvalue(r, k, 1));
			fail_line(im, seen_line(&im->seen[i], atoll(PQgetvalue(r, k, 0))), field,
				  PQgetvalue(r, k, 2));
		}
		PQclear(r);
	}
}

long import_finish(struct import *im, struct problem *p)
{
	PGresult *r;

	if (im->partial.len && !im->failed) {
		one_line(im, im->partial.data, im->partial.len);
		buf_reset(&im->partial);
	}
	if (!im->p.status && finish_type(im) < 0 && !im->p.status)
		problem_set(&im->p, 503, "The database failed during the import.");
	if (!im->p.status)
		whole_checks(im);
	if (!im->p.status)
		rebuild_indexes(im);
	if (!im->p.status) {
		/* New records continue after the imported ids. */
		for (int i = 0; models[i] && !im->p.status; i++) {
			struct buf sql = BUF_INIT;
			buf_printf(&sql, "SELECT setval(pg_get_serial_sequence('%s', 'id'), max(id))"
				   " FROM %s HAVING max(id) IS NOT NULL", models[i]->table, models[i]->table);
			r = sql.data ? db_exec(im->conn, sql.data, 0, NULL, &im->p) : NULL;
			PQclear(r);
			buf_free(&sql);
		}
	}
	if (!im->p.status && (r = db_exec(im->conn, "COMMIT", 0, NULL, &im->p)))
		PQclear(r);
	if (im->p.status) {
		PQclear(PQexec(im->conn, "ROLLBACK"));
		*p = im->p;
		memset(&im->p, 0, sizeof(im->p));
		return -1;
	}
	return im->records;
}

void import_close(struct import *im)
{
	if (!im)
		return;
	PQfinish(im->conn);   /* an unfinished transaction is rolled back with it */
	for (int i = 0; i < HELPERS; i++)
		PQfinish(im->helper[i]);
	for (int i = 0; i <= HELPERS; i++) {
		buf_free(&im->held[i].rows);
		for (int k = 0; k < DERIVED_ARGS; k++)
			buf_free(&im->held[i].args[k]);
	}
	buf_free(&im->copy);
	buf_free(&im->partial);
	free(im->rebuild);
	for (int i = 0; i < MAX_CHILDREN; i++)
		child_rows_free(im, i);
	for (int i = 0; i < MAX_MODELS; i++)
		seen_free(&im->seen[i]);
	problem_clear(&im->p);
	free(im);
}

/* POST /v1/import: the body streams into the import as it arrives, never held whole. */
struct upload {
	struct import *im;
	struct problem p;    /* a refusal before any line was read */
	int started;
};

static void upload_free(void *arg)
{
	struct upload *u = arg;

	import_close(u->im);
	problem_clear(&u->p);
	free(u);
}

static int ndjson_type(const char *ct)
{
	size_t n = ct ? strcspn(ct, "; \t") : 0;

	return ct && ((n == 20 && strncasecmp(ct, "application/x-ndjson", n) == 0) ||
		      (n == 17 && strncasecmp(ct, "application/jsonl", n) == 0));
}

int import_upload(struct request *req, const char *data, size_t len)
{
	struct upload *u = req->state;

	if (!u) {
		if (!(u = calloc(1, sizeof(*u))))
			return -1;
		req->state = u;
		req->state_free = upload_free;
		u->started = 1;
		if (!ndjson_type(http_header(req, "Content-Type"))) {
			problem_set(&u->p, 415, "Send the import as application/x-ndjson: one JSON "
				    "record a line, as GET /v1/export writes it.");
			return -1;
		}
		if (!(u->im = import_open(&u->p)))
			return -1;
	}
	return u->im ? import_feed(u->im, data, len) : -1;
}

void import_handler(struct request *req)
{
	struct upload *u = req->state;
	struct problem p = PROBLEM_INIT;
	long n;

	if (http_no_query_or_reply(req) < 0)
		return;
	if (!u) {
		/* No body came: an empty import is still a mistake worth naming. */
		if (!ndjson_type(http_header(req, "Content-Type")))
			http_send_error(req, 415, "Send the import as application/x-ndjson.");
		else
			http_send_error(req, 400, "The import needs a body: one JSON record a line.");
		return;
	}
	if (u->p.status) {
		http_send_problem(req, &u->p);
		return;
	}
	n = import_finish(u->im, &p);
	if (n < 0) {
		http_send_problem(req, &p);
		return;
	}
	http_send_json(req, 200, json_pack("{s:I}", "imported", (json_int_t)n));
}

json_t *import_doc(void)
{
	json_t *r = json_pack("{s:{s:s, s:{s:{s:{s:s}}}}}", "200", "description", "{\"imported\": N}",
			      "content", "application/json", "schema", "type", "object");

	openapi_errors(r, openapi_write_errors);
	return json_pack("{s:{s:s, s:s, s:{s:b, s:{s:{s:{s:s}}}}, s:o}}", "post", "summary",
		"Load an export into an empty database: all or nothing.", "description",
		"409 when the database holds any record. A bad line stores nothing; errors name each "
		"line and field.", "requestBody", "required", 1, "content", "application/x-ndjson",
		"schema", "type", "string", "responses", r);
}
