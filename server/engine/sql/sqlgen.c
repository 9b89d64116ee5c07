/* SQL generation from the field tables. */
#include "engine/sql/sqlgen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "engine/list/shape.h"
#include "engine/model/cite.h"
#include "engine/model/fieldtype.h"
#include "engine/model/types.h"
#include "engine/sql/conflicts.h"

/* The comma-separated column list of m's own table; with a leading ", " unless first. */
static void columns(struct buf *b, const struct model *m, int first)
{
	for (const struct field *f = m->fields; f->name; f++) {
		if (!field_ops(f)->columns)
			continue;
		if (!first)
			buf_puts(b, ", ");
		first = 0;
		if (!field_ops(f)->suffixes) {
			buf_puts(b, f->name);
			continue;
		}
		for (const char *const *x = field_ops(f)->suffixes; *x; x++)
			buf_printf(b, "%s%s%s", x == field_ops(f)->suffixes ? "" : ", ", f->name, *x);
	}
}

static int count_columns(const struct model *m)
{
	int n = 0;

	for (const struct field *f = m->fields; f->name; f++)
		n += field_ops(f)->columns;
	return n;
}

/* The ids of the live records of owner that refer to record t by f, as a JSON array. */
static void listed_expr(struct buf *b, const struct model *owner, const struct field *f)
{
	buf_printf(b,
		   "coalesce((SELECT json_agg(x.id ORDER BY x.id) FROM %s x WHERE x.%s = t.id"
		   " AND x.deleted_at IS NULL), '[]'::json)",
		   owner->table, f->name);
}

static void json_expr(struct buf *b, const struct model *m, const char *a, int derived,
		      const struct shape *sh, const struct field *via);

/* The record reference f of row a names, as JSON (its own fields, as an export has them), or
 * null: one correlated subquery on the target's primary key; for a subject, one for each kind
 * it may be. */
static void embed_expr(struct buf *b, const struct field *f, const char *a)
{
	if (f->type == FT_REF) {
		buf_puts(b, "(SELECT ");
		json_expr(b, f->ref, "e", 0, NULL, NULL);
		buf_printf(b, " FROM %s e WHERE e.id = %s.%s)", f->ref->table, a, f->name);
		return;
	}
	buf_puts(b, "CASE");
	for (const char *const *k = cite_kinds(); *k; k++) {
		const struct model *target = model_by_subject(*k);
		buf_printf(b, " WHEN %s.%s = '%s' THEN (SELECT ", a, cite_kind_field()->name, *k);
		json_expr(b, target, "e", 0, NULL, NULL);
		buf_printf(b, " FROM %s e WHERE e.id = %s.%s)", target->table, a, f->name);
	}
	buf_puts(b, " END");
}

/* json_build_object over alias a ("t", or "c" for a child row). derived: with what the server
 * derives from other records (listed ids and citations), which exports leave out. sh: only the
 * members it keeps, with the references it embeds (NULL: all, none); via: the children field a
 * child row is under. */
static void json_expr(struct buf *b, const struct model *m, const char *a, int derived,
		      const struct shape *sh, const struct field *via)
{
	const struct model *owner;
	const struct field *lf;
	char member[64];

	buf_puts(b, "json_build_object(");
	buf_printf(b, "'id', %s.id, ", a); /* a child's too: it keeps it in a PATCH (store.c) */
	for (const struct field *f = m->fields; f->name; f++) {
		if (!via && !shape_keeps(sh, f->name))
			continue;
		if (f->type == FT_CHILDREN) {
			const struct model *c = f->ref;
			buf_printf(b, "'%s', coalesce((SELECT json_agg(", f->name);
			json_expr(b, c, "c", 0, sh, f);
			buf_printf(b,
				   " ORDER BY c.position) FROM %s c WHERE c.%s = %s.id), '[]'::json), ",
				   c->table, c->parent_key, a);
			continue;
		}
		buf_printf(b, "'%s', %s.%s, ", f->name, a, f->name);
		if (shape_embeds(sh, via, f)) {
			ref_member(member, sizeof(member), m->fields, f);
			buf_printf(b, "'%s', ", member);
			embed_expr(b, f, a);
			buf_puts(b, ", ");
		}
	}
	for (int i = 0; derived && (lf = model_listed(m, i, &owner)); i++) {
		if (!shape_keeps(sh, owner->name))
			continue;
		buf_printf(b, "'%s', ", owner->name);
		listed_expr(b, owner, lf);
		buf_puts(b, ", ");
	}
	if (m->citable && derived && shape_keeps(sh, cite_model()->name)) {
		buf_printf(b, "'%s', ", cite_model()->name);
		cite_embed_sql(b, m);
		buf_puts(b, ", ");
	}
	if (m->citable && derived && shape_keeps(sh, CITE_CONFLICTS)) {
		buf_puts(b, "'" CITE_CONFLICTS "', ");
		sql_conflicts(b, m);
		buf_puts(b, ", ");
	}
	if (!m->parent_key) {
		static const char *const times[] = {"created_at", "updated_at", NULL};
		if (shape_keeps(sh, "version"))
			buf_printf(b, "'version', %s.version, ", a);
		for (const char *const *t = times; *t; t++)
			if (shape_keeps(sh, *t))
				buf_printf(b, "'%s', " DB_UTC("%s.%s") ", ", *t, a, *t);
	}
	b->len -= 2; /* the last ", " (there is always the id) */
	buf_puts(b, ")");
}

void sql_json(struct buf *b, const struct model *m, const struct shape *sh)
{
	json_expr(b, m, "t", 1, sh, NULL);
}

/* The CSV columns of m as text expressions over t (names: their header instead), for the
 * members sh keeps: a child list, an embedded record, listed ids and citations as JSON. */
static void csv_columns(struct buf *b, const struct model *m, const struct shape *sh, int names)
{
	const struct model *owner;
	const struct field *lf;
	char member[64];

	buf_puts(b, names ? "id" : "t.id::text");
	for (const struct field *f = m->fields; f->name; f++) {
		if (!shape_keeps(sh, f->name))
			continue;
		if (names) {
			buf_printf(b, ",%s", f->name);
		} else if (f->type == FT_CHILDREN) {
			const struct model *c = f->ref;
			buf_puts(b, ", coalesce((SELECT json_agg(");
			json_expr(b, c, "c", 0, sh, f);
			buf_printf(b,
				   " ORDER BY c.position) FROM %s c WHERE c.%s = t.id), '[]'::json)::text",
				   c->table, c->parent_key);
		} else {
			buf_puts(b, ", ");
			buf_printf(b, field_ops(f)->csv, f->name);
		}
		if (f->type != FT_CHILDREN && shape_embeds(sh, NULL, f)) {
			ref_member(member, sizeof(member), m->fields, f);
			if (names) {
				buf_printf(b, ",%s", member);
			} else {
				buf_puts(b, ", (");
				embed_expr(b, f, "t");
				buf_puts(b, ")::text");
			}
		}
	}
	for (int i = 0; (lf = model_listed(m, i, &owner)); i++) {
		if (!shape_keeps(sh, owner->name))
			continue;
		if (names) {
			buf_printf(b, ",%s", owner->name);
			continue;
		}
		buf_puts(b, ", ");
		listed_expr(b, owner, lf);
		buf_puts(b, "::text");
	}
	if (m->citable && shape_keeps(sh, cite_model()->name)) {
		if (names) {
			buf_printf(b, ",%s", cite_model()->name);
		} else {
			buf_puts(b, ", ");
			cite_embed_sql(b, m);
			buf_puts(b, "::text");
		}
	}
	if (m->citable && shape_keeps(sh, CITE_CONFLICTS)) {
		if (names) {
			buf_puts(b, "," CITE_CONFLICTS);
		} else {
			buf_puts(b, ", ");
			sql_conflicts(b, m);
			buf_puts(b, "::text");
		}
	}
	if (shape_keeps(sh, "version"))
		buf_puts(b, names ? ",version" : ", t.version::text");
	if (shape_keeps(sh, "created_at"))
		buf_puts(b, names ? ",created_at" : ", " DB_UTC("t.created_at"));
	if (shape_keeps(sh, "updated_at"))
		buf_puts(b, names ? ",updated_at" : ", " DB_UTC("t.updated_at"));
}

void sql_csv(struct buf *b, const struct model *m, const struct shape *sh)
{
	csv_columns(b, m, sh, 0);
}

void sql_csv_header(struct buf *b, const struct model *m, const struct shape *sh)
{
	csv_columns(b, m, sh, 1);
}

void sql_sort_expr(struct buf *b, const struct field *f)
{
	if (!f)
		buf_puts(b, "t.id");
	else
		field_ops(f)->sort_expr(b, f);
}

const char *sql_sort_type(const struct field *f)
{
	return !f ? "bigint" : field_ops(f)->sort_type;
}

/* The statements' text lives in one buffer per model; pointers into it are fixed up once all is
 * written, since the buffer moves as it grows. */
struct piece {
	struct db_stmt *st;
	size_t at;
};

static void stmt(struct buf *b, struct piece *pieces, int *n, struct db_stmt *st, const char *name_fmt,
		 const char *model, int nparams)
{
	char name[96];

	snprintf(name, sizeof(name), name_fmt, model);
	pieces[*n].st = st;
	pieces[*n].at = b->len;
	(*n)++;
	st->nparams = nparams;
	buf_append(b, name, strlen(name) + 1); /* the name, NUL-terminated, then the SQL */
}

static void end_sql(struct buf *b)
{
	buf_append(b, "", 1);
}

/* Everything of m's that refers to record $1 of target, as (collection, id) rows: by id and,
 * when target names sides, by its code; sides only: by its code alone. */
static int referrer_parts(struct buf *b, const struct model *target, const struct model *m,
			  const struct model *parent, int sides_only)
{
	int n = 0;

	for (const struct field *f = m->fields; f->name; f++) {
		if (f->type == FT_CHILDREN)
			n += referrer_parts(b, target, f->ref, m, sides_only);
		if ((f->type == FT_SIDE || f->type == FT_SIDES) && target->side_key) {
			/* A side names the record by its code (as the record is now: a recode
			 * is refused while this finds anything). */
			char cond[256];
			snprintf(cond, sizeof(cond),
				 f->type == FT_SIDE ? "%c.%s = (SELECT %s FROM %s WHERE id = $1)"
						    : "%c.%s @> ARRAY[(SELECT %s FROM %s WHERE id = $1)]",
				 parent ? 'c' : 't', f->name, target->side_key, target->table);
			if (n || b->data[b->len - 1] != '(')
				buf_puts(b, " UNION ALL ");
			if (parent)
				buf_printf(b,
					   "SELECT '%s'::text, c.%s FROM %s c JOIN %s p ON p.id = c.%s"
					   " WHERE %s AND p.deleted_at IS NULL",
					   parent->name, m->parent_key, m->table, parent->table,
					   m->parent_key, cond);
			else
				buf_printf(b,
					   "SELECT '%s'::text, t.id FROM %s t"
					   " WHERE %s AND t.deleted_at IS NULL",
					   m->name, m->table, cond);
			n++;
			continue;
		}
		if (f->type != FT_REF || f->ref != target || sides_only)
			continue;
		if (n || b->data[b->len - 1] != '(')
			buf_puts(b, " UNION ALL ");
		if (parent)
			buf_printf(b,
				   "SELECT '%s'::text, c.%s FROM %s c JOIN %s p ON p.id = c.%s"
				   " WHERE c.%s = $1 AND p.deleted_at IS NULL",
				   parent->name, m->parent_key, m->table, parent->table, m->parent_key,
				   f->name);
		else
			buf_printf(b,
				   "SELECT '%s'::text, t.id FROM %s t"
				   " WHERE t.%s = $1 AND t.deleted_at IS NULL",
				   m->name, m->table, f->name);
		n++;
	}
	return n;
}

static int generate(const struct model *m)
{
	struct model_sql *s = calloc(1, sizeof(*s));
	struct buf *b, json = BUF_INIT;
	struct piece pieces[48]; /* every statement of struct model_sql, at most */
	int n = 0, i;

	if (!s)
		return -1;
	b = &s->scratch;
	json_expr(&json, m, m->parent_key ? "c" : "t", 1, NULL, NULL);
	{
		struct buf copy = BUF_INIT;
		if (m->parent_key)
			buf_printf(&copy, "COPY %s (%s, position, id", m->table, m->parent_key);
		else
			buf_printf(&copy, "COPY %s (id, version, created_at, updated_at", m->table);
		columns(&copy, m, 0);
		if (m->hooks && m->hooks->derived)
			buf_printf(&copy, ", %s", m->hooks->derived->column);
		buf_puts(&copy, ") FROM STDIN");
		if (!(s->copy = copy.data)) {
			buf_free(&json);
			free(s);
			return -1;
		}
	}
	if (!m->parent_key) {
		struct buf exp = BUF_INIT, csv = BUF_INIT;
		json_expr(&exp, m, "t", 0, NULL, NULL);
		csv_columns(&csv, m, NULL, 0);
		s->export_json = exp.data;
		s->csv = csv.data;
		if (!exp.data || !csv.data) {
			free(exp.data);
			free(csv.data);
			free(s->copy);
			buf_free(&json);
			free(s);
			return -1;
		}
	}
	s->ncols = count_columns(m);

	if (m->parent_key) {
		/* A child table: rows are inserted after the parent's (sql_insert_children), and
		 * cleared when it is replaced. */
		stmt(b, pieces, &n, &s->children_clear, "%s_clear", m->table, 1);
		buf_printf(b, "DELETE FROM %s WHERE %s = $1", m->table, m->parent_key);
		end_sql(b);
		goto done;
	}

	/* Reads take the record's document (docs.c), or build it where there is none. */
	{
		struct buf read = BUF_INIT;
		buf_printf(&read, "coalesce(t.doc, swaptrack_doc_build_%s(t.id))", m->table);
		s->read = read.data; /* NULL when memory ran out: checked with the rest below */
	}
	stmt(b, pieces, &n, &s->get, "%s_get", m->name, 1);
	buf_printf(b, "SELECT %s, t.version FROM %s t WHERE t.id = $1 AND t.deleted_at IS NULL",
		   s->read ? s->read : "NULL", m->table);
	end_sql(b);

	/* The record's JSON built by the database on every read, as reads were before read
	 * documents: never run by the server; `swaptrack sql people_build` gives it to the
	 * benchmark's peer, which answers as the server used to. */
	stmt(b, pieces, &n, &s->build, "%s_build", m->name, 1);
	buf_printf(b, "SELECT %s, t.version FROM %s t WHERE t.id = $1 AND t.deleted_at IS NULL",
		   json.data, m->table);
	end_sql(b);

	stmt(b, pieces, &n, &s->lock, "%s_lock", m->name, 1);
	buf_printf(b,
		   "SELECT t.version, %s FROM %s t WHERE t.id = $1 AND t.deleted_at IS NULL"
		   " FOR UPDATE",
		   json.data, m->table);
	end_sql(b);

	stmt(b, pieces, &n, &s->insert, "%s_insert", m->name, s->ncols);
	buf_printf(b, "INSERT INTO %s (", m->table);
	columns(b, m, 1);
	buf_puts(b, ") VALUES (");
	for (i = 0; i < s->ncols; i++)
		buf_printf(b, "%s$%d", i ? ", " : "", i + 1);
	buf_puts(b, ") RETURNING id");
	end_sql(b);

	stmt(b, pieces, &n, &s->update, "%s_update", m->name, s->ncols + 1);
	buf_printf(b, "UPDATE %s SET ", m->table);
	{
		struct buf cols = BUF_INIT;
		const char *c;
		int k = 2;

		columns(&cols, m, 1);
		for (c = cols.data; c && *c; k++) {
			size_t len = strcspn(c, ",");
			buf_printf(b, "%.*s = $%d, ", (int)len, c, k);
			c += len;
			c += strspn(c, ", ");
		}
		buf_free(&cols);
	}
	buf_puts(b, "version = version + 1, updated_at = now()"
		    " WHERE id = $1 AND deleted_at IS NULL RETURNING version");
	end_sql(b);

	stmt(b, pieces, &n, &s->remove, "%s_remove", m->name, 1);
	buf_printf(b,
		   "UPDATE %s SET deleted_at = now(), updated_at = now(), version = version + 1"
		   " WHERE id = $1 AND deleted_at IS NULL RETURNING version",
		   m->table);
	end_sql(b);

	stmt(b, pieces, &n, &s->history, "%s_history", m->name, 5);
	buf_printf(b,
		   "INSERT INTO history (collection, record_id, version, action, actor, record,"
		   " merged_from, merged_into) SELECT '%s', t.id, t.version, $2, $3, (%s)::jsonb,"
		   " $4::bigint, $5::bigint FROM %s t WHERE t.id = $1",
		   m->name, json.data, m->table);
	end_sql(b);

	if (m->mergeable) {
		stmt(b, pieces, &n, &s->merged, "%s_merged", m->name, 1);
		buf_printf(b,
			   "SELECT g.into_id FROM merges g JOIN %s t ON t.id = g.into_id"
			   " AND t.deleted_at IS NULL WHERE g.collection = '%s' AND g.id = $1",
			   m->table, m->name);
		end_sql(b);
	}

	stmt(b, pieces, &n, &s->history_many, "%s_history_many", m->name, 3);
	buf_printf(b,
		   "INSERT INTO history (collection, record_id, version, action, actor, record)"
		   " SELECT '%s', t.id, t.version, $2, $3, (%s)::jsonb FROM %s t"
		   " WHERE t.id = ANY($1::bigint[]) ORDER BY t.id",
		   m->name, json.data, m->table);
	end_sql(b);

	stmt(b, pieces, &n, &s->get_many, "%s_get_many", m->name, 1);
	buf_printf(b,
		   "SELECT t.id, %s, t.version FROM %s t WHERE t.id = ANY($1::bigint[])"
		   " AND t.deleted_at IS NULL",
		   json.data, m->table);
	end_sql(b);

	stmt(b, pieces, &n, &s->live, "%s_live", m->name, 1);
	buf_printf(b, "SELECT 1 FROM %s WHERE id = $1 AND deleted_at IS NULL", m->table);
	end_sql(b);

	stmt(b, pieces, &n, &s->exists, "%s_exists", m->name, 1);
	buf_printf(b,
		   "SELECT id FROM %s WHERE id = ANY($1::bigint[]) AND deleted_at IS NULL"
		   " FOR KEY SHARE",
		   m->table);
	end_sql(b);

	{
		int k = 0;
		for (const struct field *f = m->fields; f->name && k < SQL_UNIQUE_MAX; f++) {
			char name[96];
			if (!(f->flags & FF_UNIQUE))
				continue;
			snprintf(name, sizeof(name), "%s_unique_%s", m->name, f->name);
			stmt(b, pieces, &n, &s->unique[k++], "%s", name, 2);
			buf_printf(b,
				   "SELECT id FROM %s WHERE %s = $1 AND deleted_at IS NULL"
				   " AND id <> $2::bigint",
				   m->table, f->name);
			end_sql(b);
		}
	}

	if (m->side_key) {
		int parts = 0;
		stmt(b, pieces, &n, &s->side_referrers, "%s_side_referrers", m->name, 1);
		buf_puts(b, "SELECT DISTINCT collection, id FROM (");
		for (i = 0; models[i]; i++)
			parts += referrer_parts(b, m, models[i], NULL, 1);
		if (!parts)
			buf_puts(b, "SELECT NULL::text, $1::bigint WHERE false");
		buf_puts(b, ") AS r (collection, id) ORDER BY 1, 2 LIMIT 100");
		end_sql(b);

		stmt(b, pieces, &n, &s->sides, "%s_sides", m->name, 1);
		buf_printf(b,
			   "SELECT %s FROM %s WHERE %s = ANY($1::text[]) AND deleted_at IS NULL"
			   " FOR KEY SHARE",
			   m->side_key, m->table, m->side_key);
		end_sql(b);
	}

	if (cite_children_follows(m)) {
		stmt(b, pieces, &n, &s->children_gone, "%s_children_gone", m->name, 1);
		cite_children_gone_sql(b, m);
		end_sql(b);
		stmt(b, pieces, &n, &s->children_renumber, "%s_children_renumber", m->name, 1);
		cite_children_renumber_sql(b, m);
		end_sql(b);
	}
	if (m == cite_model()) {
		stmt(b, pieces, &n, &s->children_fill, "%s_children_fill", m->name, 1);
		cite_children_fill_sql(b);
		end_sql(b);
	}

	stmt(b, pieces, &n, &s->referrers, "%s_referrers", m->name, 1);
	buf_puts(b, "SELECT DISTINCT collection, id FROM (");
	{
		int parts = 0;
		for (i = 0; models[i]; i++)
			parts += referrer_parts(b, m, models[i], NULL, 0);
		if (m->citable) {
			if (parts++)
				buf_puts(b, " UNION ALL ");
			cite_referrers_sql(b, m);
		}
		if (!parts)
			buf_puts(b, "SELECT NULL::text, $1::bigint WHERE false");
	}
	buf_puts(b, ") AS r (collection, id) ORDER BY 1, 2 LIMIT 100");
	end_sql(b);

	for (i = 0; m->routes && m->routes[i].suffix && i < 4; i++) {
		char name[96];
		int nparams;

		if (!m->routes[i].sql)
			continue;
		snprintf(name, sizeof(name), "%s_%s", m->name, m->routes[i].suffix);
		stmt(b, pieces, &n, &s->routes[i], "%s", name, 0);
		if ((nparams = m->routes[i].sql(b)) < 0) {
			buf_free(b);
			goto done;
		}
		s->routes[i].nparams = nparams;
		end_sql(b);
	}
done:
	s->json = json.data;
	if (!b->data || !s->json || (!m->parent_key && !s->read)) {
		buf_free(b);
		free(s->read);
		free(s->json);
		free(s->export_json);
		free(s->csv);
		free(s->copy);
		free(s);
		return -1;
	}
	for (i = 0; i < n; i++) {
		pieces[i].st->name = b->data + pieces[i].at;
		pieces[i].st->sql = pieces[i].st->name + strlen(pieces[i].st->name) + 1;
	}
	((struct model *)m)->sql = s;
	return 0;
}

static int generate_tree(const struct model *m)
{
	if (m->sql)
		return 0;
	if (generate(m) < 0)
		return -1;
	for (const struct field *f = m->fields; f->name; f++)
		if (f->type == FT_CHILDREN && generate_tree(f->ref) < 0)
			return -1;
	return 0;
}

int sql_init(void)
{
	for (int i = 0; models[i]; i++)
		if (generate_tree(models[i]) < 0) {
			log_msg("out of memory generating SQL");
			return -1;
		}
	return 0;
}

static void free_tree(const struct model *m)
{
	struct model_sql *s = m->sql;

	if (!s)
		return;
	for (const struct field *f = m->fields; f->name; f++)
		if (f->type == FT_CHILDREN)
			free_tree(f->ref);
	buf_free(&s->scratch);
	free(s->read);
	free(s->json);
	free(s->export_json);
	free(s->csv);
	free(s->copy);
	free(s);
	((struct model *)m)->sql = NULL;
}

void sql_free(void)
{
	for (int i = 0; models[i]; i++)
		free_tree(models[i]);
}

int sql_params(const struct model *m, json_t *rec, char **vals)
{
	int n = 0, bad = 0;

	for (const struct field *f = m->fields; f->name; f++) {
		const struct field_ops *t = field_ops(f);

		if (!t->columns)
			continue;
		bad |= t->params(f, json_object_get(rec, f->name), vals + n);
		n += t->columns;
	}
	if (bad) {
		sql_params_free(vals, n);
		return -1;
	}
	return n;
}

void sql_params_free(char **vals, int n)
{
	for (int i = 0; i < n; i++)
		free(vals[i]);
}

int sql_param_index(const struct model *m, const char *name)
{
	int n = 0;

	for (const struct field *f = m->fields; f->name; f++) {
		if (strcmp(f->name, name) == 0)
			return field_ops(f)->columns ? n : -1;
		n += field_ops(f)->columns;
	}
	return -1;
}

/* VALUES of rows rows of per parameters each, numbered on. */
static void values_rows(struct buf *b, int rows, int per)
{
	int k = 1;

	buf_puts(b, ") VALUES ");
	for (int r = 0; r < rows; r++) {
		buf_puts(b, r ? ", (" : "(");
		for (int i = 0; i < per; i++)
			buf_printf(b, "%s$%d", i ? ", " : "", k++);
		buf_puts(b, ")");
	}
}

int sql_insert_many(struct buf *b, const struct model *m, int rows)
{
	buf_printf(b, "INSERT INTO %s (", m->table);
	columns(b, m, 1);
	values_rows(b, rows, m->sql->ncols);
	buf_puts(b, " RETURNING id");
	return b->data ? 0 : -1;
}

int sql_insert_children(struct buf *b, const struct model *m, int rows)
{
	int k = 1;

	buf_printf(b, "INSERT INTO %s (%s, position, id", m->table, m->parent_key);
	columns(b, m, 0);
	buf_puts(b, ") VALUES ");
	for (int r = 0; r < rows; r++) {
		/* The parent, the position, the id kept (else a new one), then the fields. */
		buf_printf(b, "%s($%d, $%d, COALESCE($%d::bigint, nextval('" CHILD_IDS "'))",
			   r ? ", " : "", k, k + 1, k + 2);
		k += 3;
		for (int i = 0; i < m->sql->ncols; i++)
			buf_printf(b, ", $%d", k++);
		buf_puts(b, ")");
	}
	return b->data ? 0 : -1;
}

const struct db_stmt *sql_unique_stmt(const struct model *m, const struct field *f)
{
	int k = 0;

	for (const struct field *u = m->fields; u->name && k < SQL_UNIQUE_MAX; u++)
		if (u->flags & FF_UNIQUE) {
			if (u == f)
				return &m->sql->unique[k];
			k++;
		}
	return NULL;
}

const struct db_stmt *model_route_stmt(const struct model *m, const char *suffix)
{
	for (int i = 0; m->sql && m->routes && m->routes[i].suffix && i < 4; i++)
		if (strcmp(m->routes[i].suffix, suffix) == 0)
			return m->routes[i].sql ? &m->sql->routes[i] : NULL;
	return NULL;
}

const char *sql_statement(const char *name)
{
	for (int i = 0; models[i]; i++) {
		const struct model_sql *s = models[i]->sql;
		const struct db_stmt *all[] = {&s->get,       &s->build,     &s->lock,
					       &s->insert,    &s->update,    &s->remove,
					       &s->history,   &s->referrers, &s->routes[0],
					       &s->routes[1], &s->routes[2], &s->routes[3]};
		for (size_t k = 0; s && k < sizeof(all) / sizeof(all[0]); k++)
			if (all[k]->name && strcmp(all[k]->name, name) == 0)
				return all[k]->sql;
	}
	return NULL;
}
