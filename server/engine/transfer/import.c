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
#include "engine/transfer/import.h"
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
#include "engine/model/cite.h"
#include "engine/model/fieldtype.h"
#include "engine/model/fieldvalue.h"
#include "engine/model/model.h"
#include "engine/model/validate.h"
#include "engine/routes/collection.h"
#include "engine/sql/sqlgen.h"
#include "engine/write/history.h"

static int model_index(const struct model *m)
{
	for (int i = 0; models[i]; i++)
		if (models[i] == m)
			return i;
	return -1;
}

/* Finishes the type being copied, then its children, each with COPY. */
static int finish_type(struct import *im)
{
	int rc = 0;

	if (im->model < 0)
		return 0;
	if (im_held_drain(im, models[im->model]) < 0)
		return -1;
	rc |= im_end_copy(im, -1);
	for (int i = 0; i < MAX_CHILDREN && im->children[i] && rc == 0; i++) {
		struct buf *rows = &im->child_rows[i];
		if (rows->len || im->child_spill[i]) {
			if (im_start_copy(im, im->children[i]->sql->copy) < 0 ||
			    im_send_spill(im, i) < 0) {
				rc = -1;
				break;
			}
			buf_append(&im->copy, rows->data, rows->len);
			rc |= im_end_copy(im, i);
		}
		im_child_rows_free(im, i);
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
	return im_start_copy(im, m->sql->copy);
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
		return; /* blank lines are allowed */
	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (!json_is_object(doc)) {
		snprintf(msg, sizeof(msg), "is not a JSON object: %s",
			 doc ? "another JSON value" : err.text);
		im_fail_line(im, im->line, "", msg);
		goto out;
	}
	type = json_string_value(json_object_get(doc, "type"));
	rec = json_object_get(doc, "record");
	if (type && strcmp(type, "merge") == 0 && json_is_object(rec) && json_object_size(doc) == 2) {
		/* After every record: the records' last COPY ends before the first merge. */
		if (!im->merging && !im->p.status && finish_type(im) < 0) {
			if (!im->p.status)
				problem_set(&im->p, 503, "The database failed during the import.");
			im->failed = 1;
			goto out;
		}
		im->merging = 1;
		im_merge_line(im, rec, timestamp_shape);
		goto out;
	}
	for (int k = 0; type && models[k]; k++)
		if (strcmp(models[k]->singular, type) == 0)
			m = models[k];
	if (!m) {
		snprintf(msg, sizeof(msg), "must be one of %s, merge", type_list(lead, sizeof(lead)));
		im_fail_line(im, im->line, "type", msg);
		goto out;
	}
	if (im->merging) {
		snprintf(msg, sizeof(msg), "a %s comes after a merge: merges come after every record",
			 m->singular);
		im_fail_line(im, im->line, "type", msg);
		goto out;
	}
	if (!json_is_object(rec) || json_object_size(doc) != 2) {
		im_fail_line(im, im->line, "record",
			     "each line is {\"type\": ..., \"record\": {...}} and "
			     "nothing else");
		goto out;
	}
	index = model_index(m);
	if (index < im->model) {
		snprintf(msg, sizeof(msg), "a %s comes after a %s: lines go in the order %s",
			 m->singular, models[im->model]->singular, type_list(lead, sizeof(lead)));
		im_fail_line(im, im->line, "type", msg);
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
		im->model = index; /* after an error: keep checking lines, load nothing */
	}

	/* The meta fields the server normally owns travel with the record. */
	v = json_object_get(rec, "id");
	id = json_is_integer(v) ? (long long)json_integer_value(v) : 0;
	if (id < 1 || id > ID_MAX) {
		im_fail_line(im, im->line, "record.id",
			     "must be a positive integer of at most "
			     "9007199254740991 (2^53 - 1)");
		id = 0;
	} else if (im->seen[index].n && id <= im->seen[index].last_id) {
		snprintf(msg, sizeof(msg), "must be greater than the id of the %s before it (%lld)",
			 m->singular, im->seen[index].last_id);
		im_fail_line(im, im->line, "record.id", msg);
		id = 0;
	}
	v = json_object_get(rec, "version");
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		im_fail_line(im, im->line, "record.version", "must be a positive integer");
	if (!json_string_value(json_object_get(rec, "created_at")) ||
	    !timestamp_shape(json_string_value(json_object_get(rec, "created_at"))))
		im_fail_line(im, im->line, "record.created_at", "must be a time as YYYY-MM-DDTHH:MM:SSZ");
	if (!json_string_value(json_object_get(rec, "updated_at")) ||
	    !timestamp_shape(json_string_value(json_object_get(rec, "updated_at"))))
		im_fail_line(im, im->line, "record.updated_at", "must be a time as YYYY-MM-DDTHH:MM:SSZ");

	rest = json_copy(rec); /* shallow: only its own keys are removed, nothing below changes */
	json_object_del(rest, "id");
	json_object_del(rest, "version");
	json_object_del(rest, "created_at");
	json_object_del(rest, "updated_at");
	validate_drop_computed(m, rest); /* the server's own (an anchor): computed again below */
	{
		json_t *stored = validate_record(m, rest, "record.", &refs, &lp);
		json_decref(rest);
		rest = stored;
	}
	/* References name records of earlier lines; a party's code, a party of an earlier line. */
	for (i = 0; i < refs.n; i++)
		if (refs.items[i].code) {
			if (!json_object_get(im->side_codes, refs.items[i].code))
				side_refused(&lp, refs.items[i].path, refs.items[i].code);
		} else if (!im_seen_line(&im->seen[model_index(refs.items[i].target)], refs.items[i].id)) {
			snprintf(msg, sizeof(msg), "there is no %s %lld on an earlier line",
				 refs.items[i].target->singular, refs.items[i].id);
			problem_field(&lp, refs.items[i].path, "%s", msg);
		}
	if (rest && !lp.errors && m->hooks && m->hooks->check) {
		/* An import restores records as they were: nothing is guarded, nothing waived. */
		struct write w = {.model = m,
				  .record = rest,
				  .id = id,
				  .creating = 1,
				  .prefix = "record.",
				  .text = im_kept_text,
				  .text_ctx = im,
				  .given = rec};
		m->hooks->check(&w, &lp);
	}
	if (lp.errors || !rest) {
		json_t *e;
		json_array_foreach(lp.errors, i, e)
			im_fail_line(im, im->line, json_string_value(json_object_get(e, "field")),
				     json_string_value(json_object_get(e, "message")));
		if (!lp.errors)
			im_fail_line(im, im->line, "record", lp.detail ? lp.detail : "is not valid");
		goto out;
	}
	/* Later lines may refer to this one, whether or not anything is loaded. */
	if (id &&
	    (im_seen_add(&im->seen[index], id, im->line) < 0 || im_kept_add(im, index, id, rest) < 0))
		goto oom;
	if (m->side_key && json_string_value(json_object_get(rest, m->side_key)) &&
	    json_object_set(im->side_codes, json_string_value(json_object_get(rest, m->side_key)),
			    json_true()) < 0)
		goto oom;
	if (im->p.status)
		goto out; /* an earlier line failed: check, but load nothing */

	snprintf(lead, sizeof(lead), "%lld\t%lld\t%s\t%s", id,
		 (long long)json_integer_value(json_object_get(rec, "version")),
		 json_string_value(json_object_get(rec, "created_at")),
		 json_string_value(json_object_get(rec, "updated_at")));
	if (m->hooks && m->hooks->derived) {
		if (im_held_add(im, m, rest, lead) < 0) {
			problem_set(&im->p, 503, "The database failed during the import.");
			im->failed = 1;
			goto out;
		}
	} else if (im_copy_row(&im->copy, m, rest, lead) < 0) {
		goto oom;
	}
	for (int k = 0; k < MAX_CHILDREN && im->children[k]; k++) {
		const struct model *c = im->children[k];
		json_t *child;
		for (const struct field *f = m->fields; f->name; f++) {
			if (f->type != FT_CHILDREN || f->ref != c)
				continue;
			json_array_foreach(json_object_get(rest, f->name), i, child) {
				/* Its id, kept; else a placeholder below 0 that finish_children
				 * replaces with a new one. */
				json_t *own = json_object_get(child, "id");
				snprintf(lead, sizeof(lead), "%lld\t%zu\t%lld", id, i,
					 own ? (long long)json_integer_value(own)
					     : -(long long)++im->new_children);
				if (im_copy_row(&im->child_rows[k], c, child, lead) < 0)
					goto oom;
				if (im_child_row_added(im, k) < 0) {
					problem_set(&im->p, 503,
						    "The import could not write its "
						    "temporary file.");
					im->failed = 1;
					goto out;
				}
			}
		}
	}
	im->records++;
	if (im->copy.len >= COPY_FLUSH && im_put_copy(im, &im->copy) < 0) {
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

struct import *import_open(size_t max_line, struct problem *p)
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
	im->max_line = max_line;
	if (!(im->side_codes = json_object())) {
		free(im);
		problem_set(p, 503, "The server is out of memory.");
		return NULL;
	}
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
	im_import_tables(&sql, ", ");
	im_derived_tables(&sql, ", ", 1);
	buf_puts(&sql, ", merges IN ACCESS EXCLUSIVE MODE");
	if (!(r = db_exec(im->conn, "BEGIN", 0, NULL, p)))
		goto fail;
	PQclear(r);
	if (!(r = db_exec(im->conn, sql.data, 0, NULL, p)))
		goto fail;
	PQclear(r);
	/* Memory for the sorts of a bulk load, in this transaction only: the name words of a COPY
	 * of people (sql/functions/names.sql) and the index builds at the end (im_rebuild_and_fill). */
	if (!(r = db_exec(im->conn, "SET LOCAL work_mem = '64MB'", 0, NULL, p)))
		goto fail;
	PQclear(r);
	if (!(r = db_exec(im->conn, "SET LOCAL maintenance_work_mem = '256MB'", 0, NULL, p)))
		goto fail;
	PQclear(r);
	buf_reset(&sql);
	buf_puts(&sql, "SELECT EXISTS (SELECT 1 FROM merges)");
	for (int i = 0; models[i]; i++)
		buf_printf(&sql, " OR EXISTS (SELECT 1 FROM %s)", models[i]->table);
	if (!(r = db_exec(im->conn, sql.data, 0, NULL, p)))
		goto fail;
	if (strcmp(PQgetvalue(r, 0, 0), "t") == 0) {
		problem_set(p, 409,
			    "The database already holds records; import loads into an empty "
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
	if (im_defer_indexes(im, p) < 0)
		goto fail;
	return im;
fail:
	PQclear(r);
	buf_free(&sql);
	import_close(im);
	return NULL;
}

/* The line being read has passed --import-max-line: the import fails on it, with what it
 * read of it dropped. */
static void line_too_long(struct import *im)
{
	buf_free(&im->partial);
	problem_clear(&im->p);
	problem_set(&im->p, 413,
		    "Line %ld is longer than the %zu bytes a line may have "
		    "(--import-max-line); nothing was stored.",
		    im->line + 1, im->max_line);
	problem_field_line(&im->p, im->line + 1, "", "is longer than %zu bytes", im->max_line);
	im->failed = 1;
}

int import_feed(struct import *im, const char *data, size_t len)
{
	while (len && !im->failed) {
		const char *nl = memchr(data, '\n', len);
		size_t n = nl ? (size_t)(nl - data) : len;

		if (im->partial.len + n > im->max_line) {
			line_too_long(im);
			break;
		}
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
/* After the COPY: children without an id take new ones, new children continue after them all,
 * and each citation of a child's field points at its child (a line whose field names a child
 * its record lacks fails). */
static void finish_children(struct import *im)
{
	const struct model *cm = cite_model();
	struct buf sql = BUF_INIT;
	PGresult *r = NULL;
	const char *sep = "";
	int ci = -1;

	buf_puts(&sql, "SELECT setval('" CHILD_IDS "', max(id)) FROM (");
	for (int i = 0; models[i]; i++)
		for (const struct field *f = models[i]->fields; f->name; f++) {
			struct buf one = BUF_INIT;
			if (f->type != FT_CHILDREN)
				continue;
			if (im->new_children) {
				buf_printf(&one,
					   "UPDATE %s SET id = nextval('" CHILD_IDS "') WHERE id < 0",
					   f->ref->table);
				r = one.data ? db_exec(im->conn, one.data, 0, NULL, &im->p) : NULL;
				buf_free(&one);
				if (!r)
					goto out;
				PQclear(r);
			}
			buf_printf(&sql, "%sSELECT id FROM %s", sep, f->ref->table);
			sep = " UNION ALL ";
		}
	buf_puts(&sql, ") AS ids HAVING max(id) IS NOT NULL");
	if (!sql.data || !(r = db_exec(im->conn, sql.data, 0, NULL, &im->p)))
		goto out;
	PQclear(r);
	for (int i = 0; models[i]; i++)
		if (models[i] == cm)
			ci = i;
	if (ci < 0)
		goto out;
	{
		const char *all[] = {NULL};
		if (!(r = db_exec_stmt(im->conn, &cm->sql->children_fill, all, &im->p)))
			goto out;
	}
	for (int k = 0; k < PQntuples(r); k++) {
		char msg[160];
		snprintf(msg, sizeof(msg), "'%.100s' names a child its record does not have",
			 PQgetvalue(r, k, 1));
		im_fail_line(im, im_seen_line(&im->seen[ci], atoll(PQgetvalue(r, k, 0))), PQfname(r, 1),
			     msg);
	}
	PQclear(r);
out:
	buf_free(&sql);
}

/* The rows of SQL a model's hook writes (sql NULL: none), run on the import's connection; NULL
 * when there is no hook, or after the import's problem is set (the database failed). */
static PGresult *hook_rows(struct import *im, void (*sql)(struct buf *b))
{
	struct buf text = BUF_INIT;
	struct problem p = PROBLEM_INIT;
	PGresult *r;

	if (!sql)
		return NULL;
	sql(&text);
	r = text.data ? db_exec(im->conn, text.data, 0, NULL, &p) : NULL;
	buf_free(&text);
	if (!r) {
		problem_clear(&p);
		problem_set(&im->p, 503, "The database failed during the import.");
	}
	return r;
}

static void whole_checks(struct import *im)
{
	for (int i = 0; models[i] && !im->p.status; i++) {
		PGresult *r = hook_rows(im, models[i]->hooks ? models[i]->hooks->import_sql : NULL);

		for (int k = 0; r && k < PQntuples(r); k++) {
			char field[128];
			snprintf(field, sizeof(field), "record.%s", PQgetvalue(r, k, 1));
			im_fail_line(im, im_seen_line(&im->seen[i], atoll(PQgetvalue(r, k, 0))), field,
				     PQgetvalue(r, k, 2));
		}
		PQclear(r);
	}
}

/* Records equal to an earlier one (a model's import_dedupe): deleted, with their history, and
 * their lines kept for the answer. */
static void dedupe(struct import *im)
{
	for (int i = 0; models[i] && !im->p.status; i++) {
		PGresult *r = hook_rows(im, models[i]->hooks ? models[i]->hooks->import_dedupe : NULL);
		struct buf ids = BUF_INIT;
		struct problem p = PROBLEM_INIT;

		for (int k = 0; r && k < PQntuples(r); k++) {
			long long id = atoll(PQgetvalue(r, k, 0)), kept = atoll(PQgetvalue(r, k, 1));

			if (!im->duplicates)
				im->duplicates = json_array();
			json_array_append_new(im->duplicates,
					      json_pack("{s:I, s:s, s:I, s:I, s:I}", "line",
							(json_int_t)im_seen_line(&im->seen[i], id),
							"type", models[i]->singular, "id", (json_int_t)id,
							"equal_to", (json_int_t)kept, "equal_to_line",
							(json_int_t)im_seen_line(&im->seen[i], kept)));
			buf_printf(&ids, "%s%lld", ids.len ? "," : "{", id);
		}
		PQclear(r);
		if (ids.len && buf_puts(&ids, "}") == 0 &&
		    history_add_many(im->conn, models[i], ids.data, "delete", "import", &p) < 0) {
			problem_clear(&p);
			problem_set(&im->p, 503, "The database failed during the import.");
		}
		buf_free(&ids);
	}
}

json_t *import_duplicates(const struct import *im)
{
	return im->duplicates ? json_incref(im->duplicates) : json_array();
}

long import_finish(struct import *im, struct problem *p)
{
	PGresult *r;

	if (im->partial.len && !im->failed) {
		one_line(im, im->partial.data, im->partial.len);
		buf_reset(&im->partial);
	}
	if (!im->p.status && !im->merging && finish_type(im) < 0 && !im->p.status)
		problem_set(&im->p, 503, "The database failed during the import.");
	if (!im->p.status)
		finish_children(im);
	if (!im->p.status)
		whole_checks(im);
	if (!im->p.status)
		dedupe(im);
	if (!im->p.status)
		im_rebuild_and_fill(im);
	if (!im->p.status) {
		/* New records continue after the imported ids. */
		for (int i = 0; models[i] && !im->p.status; i++) {
			struct buf sql = BUF_INIT;
			/* Nor may a new record take a retired one's id, whose URL a merge answers. */
			buf_printf(&sql,
				   "SELECT setval(pg_get_serial_sequence('%s', 'id'), max(id))"
				   " FROM (SELECT id FROM %s UNION ALL SELECT id FROM merges"
				   " WHERE collection = '%s') AS ids HAVING max(id) IS NOT NULL",
				   models[i]->table, models[i]->table, models[i]->name);
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
	PQfinish(im->conn); /* an unfinished transaction is rolled back with it */
	for (int i = 0; i < HELPERS; i++)
		PQfinish(im->helper[i]);
	for (int i = 0; i <= HELPERS; i++) {
		buf_free(&im->held[i].rows);
		for (int k = 0; k < DERIVED_ARGS; k++)
			buf_free(&im->held[i].args[k]);
	}
	buf_free(&im->copy);
	buf_free(&im->partial);
	PQclear(im->plan);
	free(im->docs_on);
	json_decref(im->duplicates);
	for (int i = 0; i < MAX_CHILDREN; i++)
		im_child_rows_free(im, i);
	for (int i = 0; i < MAX_MODELS; i++)
		im_seen_free(&im->seen[i]);
	im_kept_free(im);
	json_decref(im->side_codes);
	problem_clear(&im->p);
	free(im);
}
