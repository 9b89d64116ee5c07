/* An import's COPY streams: each type's rows as COPY text, its child rows held aside in temporary
 * files until the parent COPY ends, and the line each row came from, for errors. */
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

/* Appends s to a COPY text row: backslash, tab, newline and carriage return escaped. */
void im_copy_text(struct buf *b, const char *s)
{
	const char *run = s;

	if (!s) {
		buf_puts(b, "\\N");
		return;
	}
	for (; *s; s++) {
		const char *esc = *s == '\\'   ? "\\\\"
				  : *s == '\t' ? "\\t"
				  : *s == '\n' ? "\\n"
				  : *s == '\r' ? "\\r"
					       : NULL;
		if (!esc)
			continue;
		buf_append(b, run, (size_t)(s - run));
		buf_puts(b, esc);
		run = s + 1;
	}
	buf_puts(b, run);
}

int im_put_copy(struct import *im, struct buf *b)
{
	if (b->len && PQputCopyData(im->conn, b->data, (int)b->len) != 1)
		return -1;
	buf_reset(b);
	return 0;
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
	for (long at = 1; at < row && c != EOF;)
		if ((c = child_getc(im, k, &f, &i)) == '\n')
			at++;
	while ((c = child_getc(im, k, &f, &i)) != EOF && isdigit(c) && id < LLONG_MAX / 10)
		id = id * 10 + (c - '0');
	return id ? im_seen_line(&im->seen[im->model], id) : 0;
}

/* Ends the COPY under way; a failure is reported on the line it came from when PostgreSQL
 * says which ("COPY people, line 12"): rows of the type's own COPY (child < 0) are its records
 * in order, held in seen; those of child table `child` name their record's id. */
int im_end_copy(struct import *im, int child)
{
	const struct seen *lines = &im->seen[im->model];
	PGresult *r;
	int ok = 1;

	if (im_put_copy(im, &im->copy) < 0 || PQputCopyEnd(im->conn, NULL) != 1)
		ok = 0;
	while ((r = PQgetResult(im->conn))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			const char *ctx = PQresultErrorField(r, PG_DIAG_CONTEXT);
			const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
			const char *at = ctx ? strstr(ctx, ", line ") : NULL;
			long row = at ? atol(at + 7) : 0;
			long line = row <= 0                  ? 0
				    : child >= 0              ? child_row_line(im, child, row)
				    : (size_t)row <= lines->n ? im_seen_row_line(lines, (size_t)row - 1)
							      : 0;
			log_msg("import COPY failed: %s", PQresultErrorMessage(r));
			im_fail_line(im, line, "",
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

int im_start_copy(struct import *im, const char *sql)
{
	PGresult *r = PQexec(im->conn, sql);
	int ok = PQresultStatus(r) == PGRES_COPY_IN;

	if (!ok)
		log_msg("import COPY could not start: %s", PQresultErrorMessage(r));
	PQclear(r);
	return ok ? 0 : -1;
}

/* (tmpfile() would ignore TMPDIR.) */
FILE *im_temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	FILE *f;
	int fd;

	if (snprintf(path, sizeof(path), "%s/swaptrack-import-XXXXXX", dir && *dir ? dir : "/tmp") >=
		    (int)sizeof(path) ||
	    (fd = mkstemp(path)) < 0)
		return NULL;
	unlink(path);
	if (!(f = fdopen(fd, "w+")))
		close(fd);
	return f;
}

/* Child table k's rows are one more row longer: past COPY_FLUSH bytes in memory, they go to the
 * temporary file (made now if need be). */
int im_child_row_added(struct import *im, int k)
{
	struct buf *rows = &im->child_rows[k];

	if (rows->len < COPY_FLUSH || im->no_spill)
		return 0;
	if (!im->child_spill[k] && !(im->child_spill[k] = im_temp_file())) {
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
int im_send_spill(struct import *im, int k)
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

void im_child_rows_free(struct import *im, int k)
{
	buf_free(&im->child_rows[k]);
	if (im->child_spill[k])
		fclose(im->child_spill[k]);
	im->child_spill[k] = NULL;
}

/* Appends a COPY row to out: lead (the meta columns of a top-level record, the parent key and
 * position of a child), then vals. */
void im_copy_vals(struct buf *out, char **vals, int n, const char *lead)
{
	buf_puts(out, lead);
	for (int i = 0; i < n; i++) {
		buf_puts(out, "\t");
		im_copy_text(out, vals[i]);
	}
	buf_puts(out, "\n");
}

/* Appends the COPY row of rec (validated) to out. */
int im_copy_row(struct buf *out, const struct model *m, json_t *rec, const char *lead)
{
	char *vals[128];
	int n = sql_params(m, rec, vals);

	if (n < 0)
		return -1;
	im_copy_vals(out, vals, n, lead);
	sql_params_free(vals, n);
	return 0;
}
