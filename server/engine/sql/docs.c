/* Read documents (issue 19): each record's JSON as a read answers it (its fields, children,
 * listed ids, citations with their sources' summaries, version and times) kept in its row's
 * `doc` column, so that a read is one row by key and a list page one index
 * range, instead of building every record's JSON with its citations on every read.
 *
 * The documents are kept by the database itself, in the transaction of every change that
 * alters one, whoever makes it (the engine's writes, a batch's bulk inserts, a merge, the SQL
 * functions that mark detentions exchanged or re-anchor citations, several server processes):
 * each table has statement-level triggers (insert, update, delete, with their transition tables)
 * that recompute the documents the statement's rows are part of, generated here from the field
 * tables:
 *   - a record's own row: its document;
 *   - a child row (a release): its parent's;
 *   - a row with a listed reference (a statement's negotiation_id): the referenced record's, old
 *     and new value;
 *   - a citation: its subject's, old and new;
 *   - a cited model's row whose summary fields changed (a source's title): the subjects of its
 *     live citations.
 * A document is recomputed by one UPDATE of the same JSON expression the reads used to run
 * (sqlgen.c), so its text is the same bytes. The UPDATEs these triggers make run at trigger
 * depth 2, where the triggers do nothing: they change only documents. Reads take
 * coalesce(doc, <the expression>), so a row without one (loaded by hand with the triggers off)
 * reads as it did. */
#include "engine/sql/docs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "engine/model/cite.h"
#include "engine/model/model.h"
#include "engine/sql/sqlgen.h"

static const char *const suffix[] = {"ins", "upd", "del"};

/* The tables of model m: its own, then its children's. */
static int tables_of(const struct model *m, const char **tables, int max)
{
	int n = 0;

	tables[n++] = m->table;
	for (const struct field *f = m->fields; f->name && n < max; f++)
		if (f->type == FT_CHILDREN)
			tables[n++] = f->ref->table;
	return n;
}

/* Rows of the statement, by event: which transition tables exist. */
enum event { EV_INSERT, EV_UPDATE, EV_DELETE };

static const char *rows_of(enum event e)
{
	return e == EV_INSERT   ? "new_rows"
	       : e == EV_DELETE ? "old_rows"
				: "(SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows)";
}

/* PERFORM the refresh of target's documents whose ids `column` of `rows` holds (where cond). */
static void refresh(struct buf *b, const struct model *target, const char *column, const char *rows,
		    const char *cond)
{
	buf_printf(b,
		   "    PERFORM swaptrack_doc_%s(ARRAY(SELECT DISTINCT r.%s FROM %s r WHERE r.%s IS NOT NULL%s%s"
		   " ORDER BY 1));\n",
		   target->table, column, rows, column, cond ? " AND " : "", cond ? cond : "");
}

/* The models a citing model's reference with summary fields points to (sources), whose summary
 * is in their citations' subjects' documents. The field of the citing model, or NULL. */
static const struct field *summary_ref(const struct model *m)
{
	const struct model *c = cite_model();

	if (!c)
		return NULL;
	for (const struct field *f = c->fields; f->name; f++)
		if (f->type == FT_REF && f->ref == m)
			for (const struct field *s = m->fields; s->name; s++)
				if (s->flags & FF_SUMMARY)
					return f;
	return NULL;
}

/* The statements of m's trigger for one event; parent: a child model's. */
static void event_body(struct buf *b, const struct model *m, const struct model *parent, enum event e)
{
	const char *rows = rows_of(e);
	const struct field *sf;

	if (parent) {
		refresh(b, parent, m->parent_key, rows, NULL);
		return;
	}
	if (e != EV_DELETE)
		refresh(b, m, "id", "new_rows", NULL);
	for (const struct field *f = m->fields; f->name; f++)
		if (f->type == FT_REF && (f->flags & FF_LISTED))
			refresh(b, f->ref, f->name, rows, NULL);
	if (m == cite_model()) {
		/* The records whose summary the subjects' documents embed (a citation's source), held
		 * until the end: a change of their summary waits for this transaction, or this for
		 * it, so no subject's document keeps a summary from before a change it did not see. */
		for (const struct field *f = m->fields; f->name; f++)
			if (f->type == FT_REF && summary_ref(f->ref) == f)
				buf_printf(b,
					   "    PERFORM 1 FROM %s s JOIN (SELECT DISTINCT r.%s FROM %s r) x"
					   " ON s.id = x.%s ORDER BY s.id FOR SHARE OF s;\n",
					   f->ref->table, f->name, rows, f->name);
		for (const char *const *k = cite_kinds(); *k; k++) {
			char cond[160];
			snprintf(cond, sizeof(cond), "r.%s = '%s'", cite_kind_field()->name, *k);
			refresh(b, model_by_subject(*k), cite_subject_field()->name, rows, cond);
		}
	}
	if (e == EV_UPDATE && (sf = summary_ref(m))) {
		/* The rows whose summary changed, then the subjects of their live citations. */
		const struct model *c = cite_model();
		buf_puts(b, "    changed := ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id"
			    " WHERE (");
		for (const struct field *s = m->fields; s->name; s++)
			if (s->flags & FF_SUMMARY)
				buf_printf(b, "n.%s, ", s->name);
		buf_puts(b, "n.deleted_at) IS DISTINCT FROM (");
		for (const struct field *s = m->fields; s->name; s++)
			if (s->flags & FF_SUMMARY)
				buf_printf(b, "o.%s, ", s->name);
		buf_puts(b, "o.deleted_at));\n");
		for (const char *const *k = cite_kinds(); *k; k++)
			buf_printf(b,
				   "    PERFORM swaptrack_doc_%s(ARRAY(SELECT DISTINCT ci.%s FROM %s ci"
				   " WHERE ci.%s = ANY (changed) AND ci.%s = '%s' AND ci.deleted_at IS NULL"
				   " ORDER BY 1));\n",
				   model_by_subject(*k)->table, cite_subject_field()->name, c->table,
				   sf->name, cite_kind_field()->name, *k);
	}
}

/* A top-level model's refresh: its documents of ids, recomputed; and its build: one record's
 * JSON made anew, which reads call where a row has no document. PL/pgSQL, so that a read's
 * statement names a function and does not carry the whole expression to plan: planning the
 * expression inline cost a list page 2 ms where running it cost 0.26 (measured, 1 M people). */
static void refresh_sql(struct buf *b, const struct model *m)
{
	/* The rows are locked first, in id order, and the documents computed by the next
	 * statement, which (read committed, a volatile function) sees everything committed up to
	 * then: a transaction that waited here for another changing the same document computes it
	 * with that other's change, not from the snapshot its UPDATE began with. */
	buf_printf(b,
		   "CREATE OR REPLACE FUNCTION swaptrack_doc_%s(ids bigint[]) RETURNS void"
		   " LANGUAGE sql AS $doc$\n  SELECT 1 FROM %s t JOIN unnest(ids) AS u(id) ON t.id = u.id"
		   " ORDER BY t.id FOR NO KEY UPDATE OF t;\n"
		   "  UPDATE %s t SET doc = (%s)::text FROM unnest(ids) AS u(id)"
		   " WHERE t.id = u.id AND t.deleted_at IS NULL\n$doc$;\n",
		   m->table, m->table, m->table, m->sql->json);
	buf_printf(b,
		   "CREATE OR REPLACE FUNCTION swaptrack_doc_build_%s(id bigint) RETURNS text"
		   " LANGUAGE plpgsql STABLE AS $doc$\nBEGIN\n  RETURN (SELECT (%s)::text FROM %s t"
		   " WHERE t.id = swaptrack_doc_build_%s.id);\nEND\n$doc$;\n",
		   m->table, m->sql->json, m->table, m->table);
}

/* m's trigger function and its three triggers (parent: a child model's). */
static void trigger_sql(struct buf *b, const struct model *m, const struct model *parent)
{
	static const char *const events[] = {"INSERT", "UPDATE", "DELETE"};
	static const char *const refs[] = {"NEW TABLE AS new_rows",
					   "OLD TABLE AS old_rows NEW TABLE AS new_rows",
					   "OLD TABLE AS old_rows"};

	buf_printf(b,
		   "CREATE OR REPLACE FUNCTION swaptrack_doc_changed_%s() RETURNS trigger"
		   " LANGUAGE plpgsql AS $doc$\nDECLARE\n    changed bigint[];\nBEGIN\n"
		   "  IF pg_trigger_depth() > 1 THEN\n    RETURN NULL;\n  END IF;\n",
		   m->table);
	for (enum event e = EV_INSERT; e <= EV_DELETE; e++) {
		buf_printf(b, "  %s TG_OP = '%s' THEN\n    changed := NULL;\n",
			   e == EV_INSERT ? "IF" : "ELSIF", events[e]);
		event_body(b, m, parent, e);
	}
	buf_puts(b, "  END IF;\n  RETURN NULL;\nEND\n$doc$;\n");
	for (enum event e = EV_INSERT; e <= EV_DELETE; e++)
		buf_printf(b,
			   "CREATE OR REPLACE TRIGGER swaptrack_doc_%s AFTER %s ON %s REFERENCING %s"
			   " FOR EACH STATEMENT EXECUTE FUNCTION swaptrack_doc_changed_%s();\n",
			   suffix[e], events[e], m->table, refs[e], m->table);
}

void docs_sql(struct buf *b, int part)
{
	for (int i = 0; models[i]; i++) {
		if (part == DOCS_REFRESH) {
			refresh_sql(b, models[i]);
			continue;
		}
		trigger_sql(b, models[i], NULL);
		for (const struct field *f = models[i]->fields; f->name; f++)
			if (f->type == FT_CHILDREN)
				trigger_sql(b, f->ref, models[i]);
	}
}

static int exec_or_err(PGconn *c, const char *sql, char **err)
{
	PGresult *r = PQexec(c, sql);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;

	if (!ok && err && asprintf(err, "read documents: %s", PQresultErrorMessage(r)) < 0)
		*err = NULL;
	PQclear(r);
	return ok ? 0 : -1;
}

/* Runs the statements of b (NULL data: memory ran out) and frees it. */
static int exec_buf(PGconn *c, struct buf *b, char **err)
{
	int rc = b->data ? exec_or_err(c, b->data, err) : -1;

	buf_free(b);
	return rc;
}

/* One UPDATE of m's table over the rows themselves (an array of a million ids would be searched
 * once a row): every live record's document that differs from its JSON built anew (all: after
 * what a record's JSON holds changed, only the records it changed are written), or those
 * missing. */
static void fill_sql(struct buf *b, const struct model *m, int all)
{
	if (all)
		buf_printf(b,
			   "UPDATE %s t SET doc = n.doc FROM (SELECT t.id, (%s)::text AS doc FROM %s t"
			   " WHERE t.deleted_at IS NULL) n WHERE t.id = n.id AND t.doc IS DISTINCT FROM"
			   " n.doc;\n",
			   m->table, m->sql->json, m->table);
	else
		buf_printf(b,
			   "UPDATE %s t SET doc = (%s)::text WHERE t.deleted_at IS NULL AND"
			   " t.doc IS NULL;\n",
			   m->table, m->sql->json);
}

static int fill(PGconn *c, int all, char **err)
{
	struct buf b = BUF_INIT;

	for (int i = 0; models[i]; i++)
		fill_sql(&b, models[i], all);
	return exec_buf(c, &b, err);
}

int docs_fill(PGconn *c, char **err)
{
	return fill(c, 0, err);
}

int docs_fill_model(PGconn *c, const struct model *m, char **err)
{
	struct buf b = BUF_INIT;

	fill_sql(&b, m, 0);
	return exec_buf(c, &b, err);
}

/* Read from the generated JSON itself, so that it cannot fall out of step with it: every table
 * the expression reads is named after FROM or JOIN. */
int docs_reads(const struct model *m, const char *table)
{
	size_t n = strlen(table);

	for (const char *s = m->sql->json; (s = strstr(s, table)); s += n)
		if (s[n] == ' ' && ((s - m->sql->json >= 5 && strncmp(s - 5, "FROM ", 5) == 0) ||
				    (s - m->sql->json >= 5 && strncmp(s - 5, "JOIN ", 5) == 0)))
			return 1;
	return 0;
}

/* A bulk load's fill order. A model's documents read the tables of other models (a person's,
 * citations and sources); they are filled after those models' documents and indexes, before
 * their own indexes. Level 0: a model whose JSON reads no other model's table; level k: one
 * that reads models of levels below k only. Models of one level read nothing of each other's,
 * so they can be filled side by side. A cycle (none today) leaves its models at -1: filled
 * last, after every index. Returns the highest level, -1 when there are no models. */
int docs_fill_levels(int *level)
{
	int n = 0, top = -1, progress = 1;

	for (; models[n]; n++)
		level[n] = -1;
	while (progress) {
		progress = 0;
		for (int i = 0; i < n; i++) {
			int lv = 0;
			if (level[i] >= 0)
				continue;
			for (int j = 0; j < n && lv >= 0; j++)
				if (j != i && docs_reads(models[i], models[j]->table))
					lv = level[j] < 0 ? -1 : (level[j] + 1 > lv ? level[j] + 1 : lv);
			if (lv < 0)
				continue;
			level[i] = lv;
			top = lv > top ? lv : top;
			progress = 1;
		}
	}
	return top;
}

void docs_fill_sql(struct buf *b, const struct model *m)
{
	fill_sql(b, m, 0);
}

static int run(PGconn *c, int part, char **err)
{
	struct buf b = BUF_INIT;

	docs_sql(&b, part);
	return exec_buf(c, &b, err);
}

/* The refreshes, every document computed (a later migration that changes what a record's JSON
 * holds installs again, and every document is then out of date), then the triggers, dropped
 * first so that the recomputation starts nothing. */
int docs_install(PGconn *c, char **err)
{
	struct buf drop = BUF_INIT;

	for (int i = 0; models[i]; i++) {
		const char *tables[8];
		int n = tables_of(models[i], tables, 8);
		for (int k = 0; k < n; k++)
			for (int e = 0; e < 3; e++)
				buf_printf(&drop, "DROP TRIGGER IF EXISTS swaptrack_doc_%s ON %s;\n",
					   suffix[e], tables[k]);
	}
	return exec_buf(c, &drop, err) < 0 || run(c, DOCS_REFRESH, err) < 0 || fill(c, 1, err) < 0 ||
			       run(c, DOCS_TRIGGERS, err) < 0
		       ? -1
		       : 0;
}

void docs_stale_sql(struct buf *b)
{
	for (int i = 0; models[i]; i++)
		buf_printf(b,
			   "%sSELECT '%s' AS collection, t.id FROM %s t WHERE t.deleted_at IS NULL"
			   " AND t.doc IS DISTINCT FROM (%s)::text",
			   i ? " UNION ALL " : "", models[i]->name, models[i]->table,
			   models[i]->sql->json);
}

void docs_triggers_sql(struct buf *b, int enable)
{
	for (int i = 0; models[i]; i++) {
		const char *tables[8];
		int n = tables_of(models[i], tables, 8);
		for (int k = 0; k < n; k++) {
			buf_printf(b, "ALTER TABLE %s", tables[k]);
			for (int e = 0; e < 3; e++)
				buf_printf(b, "%s %s TRIGGER swaptrack_doc_%s", e ? "," : "",
					   enable ? "ENABLE" : "DISABLE", suffix[e]);
			buf_puts(b, ";\n");
		}
	}
}
