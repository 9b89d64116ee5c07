/* The schema described once, as schema.h says.
 *
 * The generated DDL is what a database without the models' tables would be given. To bring an
 * existing database to it without knowing how its objects were named (the numbered migrations
 * named them by hand, or left PostgreSQL to), the DDL is run in a schema of its own inside a
 * savepoint (the probe), and the probe's tables, columns, constraints and indexes are compared
 * with public's by their definitions as PostgreSQL prints them; the savepoint is then rolled
 * back and what public lacks is added: a table, a column, a constraint, an index (one whose
 * first key public already indexes, with the same condition, counts as there: a hand-made
 * composite index serves it). Nothing is dropped or narrowed: a column of another type, or an
 * enum's CHECK that would lose values, fails the migration, which a hand-written numbered
 * migration must do; an enum that gains values has its CHECK replaced by the wider one. */
#include "engine/sql/schema.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>

#include "core/buf.h"
#include "core/log.h"
#include "db/migrate.h"
#include "engine/model/cite.h"
#include "engine/model/fieldtype.h"
#include "engine/model/model.h"
#include "engine/model/types.h"
#include "engine/sql/docs.h"

#define PROBE "swaptrack_probe"

static int fail(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(char **err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(err, fmt, ap) < 0)
		*err = NULL;
	va_end(ap);
	return -1;
}

/* ---- the DDL ------------------------------------------------------------------------------ */

/* 'a', 'b', ... of a NULL-ended list (values of the field tables: no quote in any). */
static void literals(struct buf *b, const char *const *values)
{
	for (int i = 0; values[i]; i++)
		buf_printf(b, "%s'%s'", i ? ", " : "", values[i]);
}

/* A field's name without its "_on" (a date's indexes: detentions_detained_range). */
static int stem(const char *name)
{
	size_t n = strlen(name);

	return n > 3 && strcmp(name + n - 3, "_on") == 0 ? (int)(n - 3) : (int)n;
}

/* Appends the columns of f (each ",\n  ..."), its table-level constraints to cons and its
 * indexes to idx (where: the condition a top-level table's indexes carry, "" for a child's). */
static void field_ddl(struct buf *cols, struct buf *cons, struct buf *idx, const char *t,
		      const struct field *f, const char *where)
{
	const char *n = f->name, *nn = (f->flags & FF_REQUIRED) ? " NOT NULL" : "";
	int top = *where != '\0';

	switch (f->type) {
	case FT_TEXT:
		buf_printf(cols, ",\n  %s text%s", n, nn);
		if ((f->flags & FF_REQUIRED) && !f->check)
			buf_printf(cols, " CHECK (%s <> '')", n);
		if (f->flags & FF_UNIQUE)
			buf_printf(idx, "CREATE UNIQUE INDEX %s_%s_key ON %s (%s)%s;\n", t, n, t, n,
				   where);
		else if (f->flags & FF_SORT)
			buf_printf(idx,
				   (f->flags & FF_REQUIRED)
					   ? "CREATE INDEX %s_%s ON %s (%s, id)%s;\n"
					   : "CREATE INDEX %s_%s ON %s (COALESCE(%s, ''), id)%s;\n",
				   t, n, t, n, where);
		else if (f->flags & FF_FILTER)
			buf_printf(idx, "CREATE INDEX %s_%s ON %s (%s, id)%s;\n", t, n, t, n, where);
		break;
	case FT_DATE: {
		const char *const precisions[] = {date_precision_name(DATE_YEAR),
						  date_precision_name(DATE_MONTH),
						  date_precision_name(DATE_DAY), NULL};
		int s = stem(n);
		buf_printf(cols,
			   ",\n  %s text%s,\n  %s_first date%s,\n  %s_last date%s,\n"
			   "  %s_precision text%s CHECK (%s_precision IN (",
			   n, nn, n, nn, n, nn, n, nn, n);
		literals(cols, precisions);
		buf_puts(cols, "))");
		buf_printf(cons,
			   ",\n  CONSTRAINT %s_%s_dates CHECK ((%s IS NULL) = (%s_first IS NULL)"
			   " AND (%s IS NULL) = (%s_last IS NULL) AND (%s IS NULL) = (%s_precision IS NULL)"
			   " AND %s_first <= %s_last)",
			   t, n, n, n, n, n, n, n, n, n);
		if (top && (f->flags & FF_SORT))
			buf_printf(idx,
				   (f->flags & FF_REQUIRED)
					   ? "CREATE INDEX %s_%s ON %s (%s_first, id)%s;\n"
					   : "CREATE INDEX %s_%s ON %s (COALESCE(%s_first, '-infinity'::date), id)%s;\n",
				   t, n, t, n, where);
		if (top) {
			buf_printf(idx, "CREATE INDEX %s_%.*s_range ON %s (%s_first, %s_last)%s;\n", t,
				   s, n, t, n, n, where);
			buf_printf(idx, "CREATE INDEX %s_%.*s_last ON %s (%s_last)%s;\n", t, s, n, t, n,
				   where);
		}
		break;
	}
	case FT_COUNTRY:
		buf_printf(cols, ",\n  %s text%s REFERENCES countries (code)", n, nn);
		buf_printf(idx, "CREATE INDEX %s_%s ON %s (%s%s)%s;\n", t, n, t, n, top ? ", id" : "",
			   where);
		break;
	case FT_COUNTRIES:
		buf_printf(cols, ",\n  %s text[] NOT NULL DEFAULT '{}' CHECK (countries_valid(%s))", n,
			   n);
		if (top)
			buf_printf(idx, "CREATE INDEX %s_%s ON %s USING gin (%s)%s;\n", t, n, t, n,
				   where);
		break;
	case FT_SIDE:
		/* The form only: whether a party has the code is the write's check (a side names
		 * a live party, and a deleted party keeps its code). */
		buf_printf(cols, ",\n  %s text%s CHECK (swaptrack_side_valid(%s))", n, nn, n);
		buf_printf(idx, "CREATE INDEX %s_%s ON %s (%s%s)%s;\n", t, n, t, n, top ? ", id" : "",
			   where);
		break;
	case FT_SIDES:
		buf_printf(cols, ",\n  %s text[] NOT NULL DEFAULT '{}' CHECK (swaptrack_sides_valid(%s))",
			   n, n);
		if (top)
			buf_printf(idx, "CREATE INDEX %s_%s ON %s USING gin (%s)%s;\n", t, n, t, n,
				   where);
		break;
	case FT_STRINGS:
		buf_printf(cols, ",\n  %s text[] NOT NULL DEFAULT '{}'", n);
		break;
	case FT_ENUM:
		buf_printf(cols, ",\n  %s text%s", n,
			   (f->flags & FF_REQUIRED) || f->def ? " NOT NULL" : "");
		if (f->def)
			buf_printf(cols, " DEFAULT '%s'", f->def);
		buf_printf(cols, " CHECK (%s IN (", n);
		literals(cols, f->values);
		buf_puts(cols, "))");
		if (top)
			buf_printf(idx, "CREATE INDEX %s_%s ON %s (%s, id)%s;\n", t, n, t, n, where);
		else if (f->flags & FF_FILTER) /* a child's that a parent's filter looks up */
			buf_printf(idx, "CREATE INDEX %s_%s ON %s (%s);\n", t, n, t, n);
		break;
	case FT_BOOL:
		/* One with a default ("false") is never unknown. */
		buf_printf(cols, ",\n  %s boolean%s", n, f->def ? " NOT NULL" : nn);
		if (f->def)
			buf_printf(cols, " DEFAULT %s", f->def);
		if (top)
			buf_printf(idx, "CREATE INDEX %s_%s ON %s (%s, id)%s;\n", t, n, t, n, where);
		break;
	case FT_INT:
		buf_printf(cols, ",\n  %s %s%s CHECK (%s >= %lld)", n,
			   f->max && f->max <= 2147483647 ? "integer" : "bigint", nn, n, f->min);
		if (top && (f->flags & FF_FILTER))
			buf_printf(idx, "CREATE INDEX %s_%s ON %s (%s, id)%s;\n", t, n, t, n, where);
		break;
	case FT_NUMBER:
		buf_printf(cols, ",\n  %s numeric%s CHECK (%s >= 0)", n, nn, n);
		break;
	case FT_JSON:
	case FT_CLAIM:
		buf_printf(cols, ",\n  %s json", n);
		break;
	case FT_REF:
		buf_printf(cols, ",\n  %s bigint%s REFERENCES %s (id)", n, nn, f->ref->table);
		buf_printf(idx, "CREATE INDEX %s_%s ON %s (%s%s)%s;\n", t, n, t, n, top ? ", id" : "",
			   where);
		break;
	case FT_KIND:
		buf_printf(cols, ",\n  %s text NOT NULL CHECK (%s IN (", n, n);
		literals(cols, cite_kinds());
		buf_puts(cols, "))");
		buf_printf(idx, "CREATE INDEX %s_%s ON %s (%s, id)%s;\n", t, n, t, n, where);
		break;
	case FT_SUBJECT:
		buf_printf(cols, ",\n  %s bigint NOT NULL CHECK (%s > 0)", n, n);
		buf_printf(idx, "CREATE INDEX %s_%s ON %s (%s, id)%s;\n", t, n, t, n, where);
		break;
	case FT_ANCHOR:
		buf_printf(cols,
			   ",\n  %s json CHECK (%s IS NULL OR (json_typeof(%s) = 'object' AND %s -> 'start'"
			   " IS NOT NULL AND %s -> 'end' IS NOT NULL))",
			   n, n, n, n, n);
		break;
	case FT_CHILDREN:
		break;
	}
}

/* m's table (and after it its children's), and their indexes. */
static void model_ddl(struct buf *tables, struct buf *indexes, const struct model *m)
{
	struct buf cols = BUF_INIT, cons = BUF_INIT;
	static const char where[] = " WHERE deleted_at IS NULL";

	for (const struct field *f = m->fields; f->name; f++)
		field_ddl(&cols, &cons, indexes, m->table, f, where);
	buf_printf(tables,
		   "CREATE TABLE %s (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
		   "  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),\n"
		   "  created_at timestamptz NOT NULL DEFAULT now(),\n"
		   "  updated_at timestamptz NOT NULL DEFAULT now(),\n  deleted_at timestamptz%s,\n"
		   "  doc text%s%s\n);\n",
		   m->table, cols.data ? cols.data : "",
		   m == cite_model() ? ",\n  " CITED_CHILD " bigint" : "", cons.data ? cons.data : "");
	buf_free(&cols);
	buf_free(&cons);
	if (m == cite_model())
		buf_printf(indexes, "CREATE INDEX %s_" CITED_CHILD " ON %s (" CITED_CHILD ")%s;\n",
			   m->table, m->table, where);
	for (const struct field *f = m->fields; f->name; f++) {
		const struct model *c = f->ref;
		if (f->type != FT_CHILDREN)
			continue;
		for (const struct field *g = c->fields; g->name; g++)
			field_ddl(&cols, &cons, indexes, c->table, g, "");
		buf_printf(tables,
			   "CREATE TABLE %s (\n  %s bigint NOT NULL REFERENCES %s (id),\n"
			   "  position integer NOT NULL%s,\n"
			   "  id bigint NOT NULL DEFAULT nextval('" CHILD_IDS "') UNIQUE%s,\n"
			   "  PRIMARY KEY (%s, position)\n);\n",
			   c->table, c->parent_key, m->table, cols.data ? cols.data : "",
			   cons.data ? cons.data : "", c->parent_key);
		buf_free(&cols);
		buf_free(&cons);
	}
}

int schema_ddl(struct buf *b)
{
	struct buf indexes = BUF_INIT;

	for (int i = 0; models[i]; i++)
		model_ddl(b, &indexes, models[i]);
	if (indexes.data)
		buf_puts(b, indexes.data);
	buf_free(&indexes);
	return b->data ? 0 : -1;
}

/* ---- bringing a database to it ------------------------------------------------------------ */

static PGresult *query(PGconn *c, const char *sql, char **err)
{
	PGresult *r = PQexec(c, sql);

	if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK) {
		fail(err, "the schema of the field tables: %s", PQresultErrorMessage(r));
		PQclear(r);
		return NULL;
	}
	return r;
}

static int exec(PGconn *c, const char *sql, char **err)
{
	PGresult *r = query(c, sql, err);

	PQclear(r);
	return r ? 0 : -1;
}

/* The probe's objects and public's, as PostgreSQL prints them with every name qualified; the
 * probe's schema name replaced by public's so that the two compare. */
static const char catalog_sql[] =
	"SET LOCAL search_path = pg_catalog;"
	"SELECT n.nspname, 'c' AS what, c.relname, a.attname,"
	"  format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END"
	"  || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '') AS def"
	"  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
	"  JOIN pg_namespace n ON n.oid = c.relnamespace"
	"  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
	" WHERE n.nspname IN ('public', '" PROBE "') AND c.relkind = 'r' AND a.attnum > 0"
	"   AND NOT a.attisdropped"
	" UNION ALL "
	"SELECT n.nspname, 'k', c.relname, k.conname,"
	"  replace(pg_get_constraintdef(k.oid), '" PROBE ".', 'public.')"
	"  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
	"  JOIN pg_namespace n ON n.oid = c.relnamespace"
	" WHERE n.nspname IN ('public', '" PROBE "')"
	" UNION ALL "
	"SELECT n.nspname, 'i', c.relname, i.relname,"
	"  CASE WHEN x.indisunique THEN 'UNIQUE ' ELSE '' END"
	"  || regexp_replace(pg_get_indexdef(x.indexrelid), '^.* USING ', '')"
	"  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid"
	"  JOIN pg_namespace n ON n.oid = c.relnamespace"
	" WHERE n.nspname IN ('public', '" PROBE "')"
	"   AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)"
	" ORDER BY 1, 2, 3, 4";

struct object {
	char kind; /* 'c' column, 'k' constraint, 'i' index */
	const char *table, *name, *def;
};

struct catalog {
	struct object *o;
	size_t n;
};

static int in_public(const struct catalog *pub, char kind, const char *table, const char *def)
{
	for (size_t i = 0; i < pub->n; i++)
		if (pub->o[i].kind == kind && strcmp(pub->o[i].table, table) == 0 &&
		    strcmp(pub->o[i].def, def) == 0)
			return 1;
	return 0;
}

static const struct object *named(const struct catalog *pub, char kind, const char *table,
				  const char *name)
{
	for (size_t i = 0; i < pub->n; i++)
		if (pub->o[i].kind == kind && strcmp(pub->o[i].table, table) == 0 &&
		    strcmp(pub->o[i].name, name) == 0)
			return &pub->o[i];
	return NULL;
}

static int has_table(const struct catalog *pub, const char *table)
{
	for (size_t i = 0; i < pub->n; i++)
		if (strcmp(pub->o[i].table, table) == 0)
			return 1;
	return 0;
}

/* An index definition's method and first key, and its condition: "btree (a" and " WHERE ..."
 * of "btree (a, id) WHERE (deleted_at IS NULL)" (a key holds no top-level comma). */
static void index_parts(const char *def, char *lead, size_t size, const char **cond)
{
	const char *p = strchr(def, '(');
	size_t depth = 0, n;

	*cond = strstr(def, ") WHERE ");
	*cond = *cond ? *cond + 1 : "";
	for (n = p ? (size_t)(p - def) + 1 : 0; def[n]; n++) {
		if (def[n] == '(')
			depth++;
		else if (def[n] == ')' && depth-- == 0)
			break;
		else if (def[n] == ',' && depth == 0)
			break;
	}
	snprintf(lead, size, "%.*s", (int)n, def);
}

/* Whether public has an index on table with the same method, first key and condition. */
static int covered(const struct catalog *pub, const char *table, const char *def)
{
	char want[512], have[512];
	const char *wc, *hc;

	index_parts(def, want, sizeof(want), &wc);
	for (size_t i = 0; i < pub->n; i++) {
		if (pub->o[i].kind != 'i' || strcmp(pub->o[i].table, table) != 0)
			continue;
		index_parts(pub->o[i].def, have, sizeof(have), &hc);
		if (strcmp(want, have) == 0 && strcmp(wc, hc) == 0)
			return 1;
	}
	return 0;
}

/* The values of a CHECK that is "(col = ANY (ARRAY['a'::text, ...]))", or of one value
 * "(col = 'a'::text)", into vals (a malloc'd copy each, NULL-ended), its column into col; 0 when
 * def is not such a CHECK. */
static int enum_check(const char *def, char *col, size_t size, char **vals, int max)
{
	const char *p = def, *q;
	int n = 0;

	if (strncmp(p, "CHECK ((", 8) != 0)
		return 0;
	p += 8;
	if (!((q = strstr(p, " = ANY (ARRAY[")) || (q = strstr(p, " = '"))) ||
	    (size_t)(q - p) >= size || strchr(p, ' ') < q)
		return 0;
	snprintf(col, size, "%.*s", (int)(q - p), p);
	for (p = q; (p = strchr(p, '\'')) && n < max - 1; p = q + 1) {
		if (!(q = strchr(p + 1, '\'')))
			break;
		vals[n++] = strndup(p + 1, (size_t)(q - p - 1));
	}
	vals[n] = NULL;
	return n > 0;
}

static void free_vals(char **vals)
{
	for (int i = 0; vals[i]; i++)
		free(vals[i]);
}

/* A constraint of the probe that public lacks: when it widens an enum's CHECK of public, the
 * statement that drops public's first (into b); -1 when it would narrow one. */
static int widening(const struct catalog *pub, const struct object *want, struct buf *b, char **err)
{
	char col[128], pcol[128];
	char *wv[64], *pv[64];
	int rc = 0;

	if (!enum_check(want->def, col, sizeof(col), wv, 64))
		return 0;
	for (size_t i = 0; i < pub->n && rc == 0; i++) {
		const struct object *o = &pub->o[i];
		if (o->kind != 'k' || strcmp(o->table, want->table) != 0 ||
		    !enum_check(o->def, pcol, sizeof(pcol), pv, 64))
			continue;
		if (strcmp(col, pcol) == 0) {
			for (int k = 0; pv[k] && rc == 0; k++) {
				int found = 0;
				for (int j = 0; wv[j]; j++)
					found |= strcmp(pv[k], wv[j]) == 0;
				if (!found)
					rc = fail(err,
						  "%s.%s would lose the value '%s': write a numbered "
						  "migration that changes the rows and the CHECK",
						  want->table, col, pv[k]);
			}
			if (rc == 0)
				buf_printf(b, "ALTER TABLE %s DROP CONSTRAINT %s;\n", o->table, o->name);
		}
		free_vals(pv);
	}
	free_vals(wv);
	return rc;
}

static int load_catalog(PGresult *r, struct catalog *probe, struct catalog *pub)
{
	int n = PQntuples(r);

	probe->o = calloc((size_t)n + 1, sizeof(*probe->o));
	pub->o = calloc((size_t)n + 1, sizeof(*pub->o));
	probe->n = pub->n = 0;
	if (!probe->o || !pub->o)
		return -1;
	for (int i = 0; i < n; i++) {
		struct catalog *into = strcmp(PQgetvalue(r, i, 0), "public") == 0 ? pub : probe;
		into->o[into->n++] = (struct object){PQgetvalue(r, i, 1)[0], PQgetvalue(r, i, 2),
						     PQgetvalue(r, i, 3), PQgetvalue(r, i, 4)};
	}
	return 0;
}

/* CREATE INDEX for index o of the probe ("UNIQUE btree (url) ..." or "btree (a, id) ..."). */
static void add_index(struct buf *b, const struct object *o)
{
	int unique = strncmp(o->def, "UNIQUE ", 7) == 0;

	buf_printf(b, "CREATE %sINDEX %s ON %s USING %s;\n", unique ? "UNIQUE " : "", o->name, o->table,
		   o->def + (unique ? 7 : 0));
}

/* The tables public lacks, whole, in the order the field tables give them (a child after its
 * parent, a model after those it refers to), into b. */
static int new_tables(const struct catalog *pub, const char *tables, struct buf *b)
{
	static const char head[] = "CREATE TABLE ";
	char name[64]; /* PostgreSQL names are at most 63 bytes */

	for (const char *at = strstr(tables, head), *end; at; at = strstr(end, head)) {
		size_t n = strcspn(at + sizeof(head) - 1, " (");
		if (!(end = strstr(at, "\n);\n")) || n >= sizeof(name))
			return -1;
		snprintf(name, sizeof(name), "%.*s", (int)n, at + sizeof(head) - 1);
		if (has_table(pub, name))
			continue;
		buf_printf(b, "%.*s\n);\n", (int)(end - at), at);
		log_msg("schema: table %s", name);
	}
	return 0;
}

/* The statements that give public what the probe has and it lacks, into b (the whole table's
 * DDL for a table it lacks, from tables, then its indexes; said in log lines). */
static int plan(const struct catalog *probe, const struct catalog *pub, const char *tables,
		struct buf *b, char **err)
{
	if (new_tables(pub, tables, b) < 0)
		return fail(err, "the schema of the field tables: a CREATE TABLE it cannot read");
	for (size_t i = 0; i < probe->n; i++) {
		const struct object *o = &probe->o[i];
		if (!has_table(pub, o->table)) {
			/* Made whole above: its columns and constraints came with it. */
			if (o->kind == 'i')
				add_index(b, o);
			continue;
		}
		if (o->kind == 'c') {
			const struct object *p = named(pub, 'c', o->table, o->name);
			if (!p) {
				buf_printf(b, "ALTER TABLE %s ADD COLUMN %s %s;\n", o->table, o->name,
					   o->def);
				log_msg("schema: column %s.%s", o->table, o->name);
			} else if (strcmp(p->def, o->def) != 0) {
				return fail(err,
					    "%s.%s is %s in the database and %s in its field table: "
					    "write a numbered migration that changes it",
					    o->table, o->name, p->def, o->def);
			}
		} else if (o->kind == 'k' && !in_public(pub, 'k', o->table, o->def)) {
			size_t before = b->len;
			if (widening(pub, o, b, err) < 0)
				return -1;
			if (b->len == before && named(pub, 'k', o->table, o->name))
				return fail(err,
					    "%s has a constraint %s that is not %s: write a numbered "
					    "migration",
					    o->table, o->name, o->def);
			buf_printf(b, "ALTER TABLE %s ADD CONSTRAINT %s %s;\n", o->table, o->name,
				   o->def);
			log_msg("schema: constraint %s on %s", o->name, o->table);
		} else if (o->kind == 'i' && !in_public(pub, 'i', o->table, o->def) &&
			   !covered(pub, o->table, o->def)) {
			if (named(pub, 'i', o->table, o->name))
				return fail(err,
					    "an index %s exists that is not %s: write a numbered "
					    "migration",
					    o->name, o->def);
			add_index(b, o);
			log_msg("schema: index %s", o->name);
		}
	}
	return 0;
}

/* The migration step of ~schema: the probe, the comparison, then what public lacks. A table
 * created whole brings its indexes in the same comparison's later rows. */
static int sync(PGconn *c, char **err)
{
	struct buf ddl = BUF_INIT, tables = BUF_INIT, indexes = BUF_INIT, lacking = BUF_INIT;
	struct catalog probe = {NULL, 0}, pub = {NULL, 0};
	PGresult *r = NULL;
	int rc = -1;

	for (int i = 0; models[i]; i++)
		model_ddl(&tables, &indexes, models[i]);
	buf_printf(&ddl,
		   "SAVEPOINT probe; CREATE SCHEMA " PROBE "; SET LOCAL search_path = " PROBE
		   ", public;\n%s%s",
		   tables.data ? tables.data : "", indexes.data ? indexes.data : "");
	if (!ddl.data || !tables.data) {
		fail(err, "out of memory");
		goto out;
	}
	if (exec(c, ddl.data, err) < 0 || !(r = query(c, catalog_sql, err)))
		goto out;
	if (load_catalog(r, &probe, &pub) < 0) {
		fail(err, "out of memory");
		goto out;
	}
	if (plan(&probe, &pub, tables.data, &lacking, err) < 0)
		goto out;
	/* The probe goes (and the search path with it); then public gets what it lacked. */
	if (exec(c, "ROLLBACK TO SAVEPOINT probe; RELEASE SAVEPOINT probe", err) < 0)
		goto out;
	if (lacking.len && exec(c, lacking.data, err) < 0)
		goto out;
	rc = 0;
out:
	free(probe.o);
	free(pub.o);
	PQclear(r);
	buf_free(&ddl);
	buf_free(&tables);
	buf_free(&indexes);
	buf_free(&lacking);
	return rc;
}

/* ---- the functions' modules --------------------------------------------------------------- */

static const struct model *table_model(const char *table, size_t n)
{
	for (int i = 0; models[i]; i++) {
		if (strlen(models[i]->table) == n && strncmp(models[i]->table, table, n) == 0)
			return models[i];
		for (const struct field *f = models[i]->fields; f->name; f++)
			if (f->type == FT_CHILDREN && strlen(f->ref->table) == n &&
			    strncmp(f->ref->table, table, n) == 0)
				return f->ref;
	}
	return NULL;
}

/* One reference, ref[0..n) (inside the braces), into out. */
static int reference(const char *ref, size_t n, struct buf *out, char **err)
{
	const char *dot = memchr(ref, '.', n), *colon = memchr(ref, ':', n);
	const struct model *m = dot ? table_model(ref, (size_t)(dot - ref)) : NULL;

	if (m && !colon && (size_t)(ref + n - dot - 1) == strlen("singular") &&
	    strncmp(dot + 1, "singular", 8) == 0 && m->singular) {
		buf_printf(out, "'%s'", m->singular);
		return 0;
	}
	if (m && colon && colon > dot) {
		for (const struct field *f = m->fields; f->name; f++) {
			const char *const *values = field_values(f);
			if (strlen(f->name) != (size_t)(colon - dot - 1) ||
			    strncmp(f->name, dot + 1, (size_t)(colon - dot - 1)) != 0 || !values)
				continue;
			for (int k = 0; values[k]; k++)
				if (strlen(values[k]) == (size_t)(ref + n - colon - 1) &&
				    strncmp(values[k], colon + 1, (size_t)(ref + n - colon - 1)) == 0) {
					buf_printf(out, "'%s'", values[k]);
					return 0;
				}
		}
	}
	return fail(err,
		    "{{%.*s}} names no value of the field tables (TABLE.FIELD:VALUE, "
		    "TABLE.singular)",
		    (int)n, ref);
}

int schema_expand(const char *text, struct buf *out, char **err)
{
	const char *p = text, *open, *close;

	while ((open = strstr(p, "{{"))) {
		if (!(close = strstr(open + 2, "}}")))
			return fail(err, "a {{ without its }}");
		buf_append(out, p, (size_t)(open - p));
		if (reference(open + 2, (size_t)(close - open - 2), out, err) < 0)
			return -1;
		p = close + 2;
	}
	buf_puts(out, p);
	return out->data ? 0 : fail(err, "out of memory");
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *read_all(const char *path)
{
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	if (ferror(f)) {
		fclose(f);
		buf_free(&b);
		return NULL;
	}
	fclose(f);
	buf_puts(&b, "");
	return buf_steal(&b);
}

/* Each module of dir, in name order (the functions' bodies are checked when they run, not when
 * they are made, so the order does not matter), as an item. */
static int modules(struct migration_set *set, const char *dir, char **err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *names[128];
	int n = 0, rc = 0;

	if (!d)
		return fail(err, "cannot open %s: %s", dir, strerror(errno));
	while ((e = readdir(d)) && n < 128) {
		size_t len = strlen(e->d_name);
		if (len > 4 && strcmp(e->d_name + len - 4, ".sql") == 0)
			names[n++] = strndup(e->d_name, len - 4);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(*names), by_name);
	for (int i = 0; i < n; i++) {
		char *path = NULL, *text = NULL, version[160];
		struct buf sql = BUF_INIT;

		if (rc < 0 || !names[i] || asprintf(&path, "%s/%s.sql", dir, names[i]) < 0) {
			rc = rc < 0 ? rc : fail(err, "out of memory");
		} else if (!(text = read_all(path))) {
			rc = fail(err, "cannot read %s", path);
		} else if (schema_expand(text, &sql, err) < 0) {
			char *inner = *err;
			rc = fail(err, "%s: %s", path, inner ? inner : "?");
			free(inner);
		} else {
			/* check_function_bodies off, as pg_dump does: a function may call one of a
			 * module after it. */
			char *exec_text = NULL;
			snprintf(version, sizeof(version), "~functions/%s", names[i]);
			if (asprintf(&exec_text, "SET LOCAL check_function_bodies = off;\n%s",
				     sql.data) < 0)
				rc = fail(err, "out of memory");
			else
				rc = migration_set_add(set, version, exec_text, 1, NULL, err);
			free(exec_text);
		}
		buf_free(&sql);
		free(text);
		free(path);
		free(names[i]);
	}
	return rc;
}

/* The step of ~documents: docs.c's functions and triggers made again, and every document that
 * is not its JSON built anew made again (none, where the JSON did not change). */
static int documents(PGconn *c, char **err)
{
	return docs_install(c, err);
}

int schema_items(struct migration_set *set, const char *functions_dir, char **err)
{
	struct buf ddl = BUF_INIT, docs = BUF_INIT;
	int rc;

	docs_sql(&docs, DOCS_REFRESH);
	docs_sql(&docs, DOCS_TRIGGERS);
	if (schema_ddl(&ddl) < 0 || !docs.data)
		rc = fail(err, "out of memory");
	else
		rc = migration_set_add(set, "~schema", ddl.data, 0, sync, err) < 0 ||
				     modules(set, functions_dir, err) < 0 ||
				     migration_set_add(set, "~documents", docs.data, 0, documents, err) < 0
			     ? -1
			     : 0;
	buf_free(&ddl);
	buf_free(&docs);
	return rc;
}
