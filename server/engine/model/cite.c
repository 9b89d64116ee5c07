/* Which model cites, and what the others' citability makes of it (see cite.h). */
#include "engine/model/cite.h"

#include <stdio.h>
#include <string.h>

#include "core/log.h"

#define MAX_KINDS 32

static const struct model *citing;
static const struct field *kind_field, *subject_field;
static const char *kinds[MAX_KINDS + 1];

int cite_init(void)
{
	int n = 0;

	citing = NULL;
	kind_field = subject_field = NULL;
	for (int i = 0; models[i]; i++) {
		const struct model *m = models[i];

		for (const struct field *f = m->fields; f->name; f++) {
			if (f->type != FT_KIND && f->type != FT_SUBJECT)
				continue;
			if (citing && citing != m) {
				log_msg("models: %s and %s both cite; one model may", citing->name,
					m->name);
				return -1;
			}
			citing = m;
			if (f->type == FT_KIND)
				kind_field = f;
			else
				subject_field = f;
		}
		if (m->citable) {
			if (!m->singular || n == MAX_KINDS) {
				log_msg("models: %s cannot be citable", m->name);
				return -1;
			}
			kinds[n++] = m->singular;
		}
	}
	kinds[n] = NULL;
	if (citing && (!kind_field || !subject_field)) {
		log_msg("models: %s needs both a kind and a subject field", citing->name);
		return -1;
	}
	return 0;
}

const struct model *cite_model(void)
{
	return citing;
}

const struct field *cite_kind_field(void)
{
	return kind_field;
}

const struct field *cite_subject_field(void)
{
	return subject_field;
}

const char *const *cite_kinds(void)
{
	return kinds;
}

const char *const *field_values(const struct field *f)
{
	return f->type == FT_KIND ? kinds : f->values;
}

void ref_member(char *out, size_t size, const struct field *fields, const struct field *f)
{
	size_t len = strlen(f->name);

	if (len > 3 && strcmp(f->name + len - 3, "_id") == 0)
		len -= 3;
	snprintf(out, size, "%.*s", (int)len, f->name);
	/* A field of that name already (a statement's speaker_id and speaker): "<name>_record", so
	 * that no record has one member twice. */
	for (const struct field *g = fields; g && g->name; g++)
		if (g != f && strcmp(g->name, out) == 0) {
			snprintf(out, size, "%.*s_record", (int)len, f->name);
			break;
		}
}

/* 1 when m has fields that stand for its records where another embeds them. */
static int has_summary(const struct model *m)
{
	for (const struct field *f = m->fields; f->name; f++)
		if (f->flags & FF_SUMMARY)
			return 1;
	return 0;
}

void cite_embed_sql(struct buf *b, const struct model *m)
{
	char kind[96];
	const char *of[] = {kind, "t.id", NULL};

	snprintf(kind, sizeof(kind), "'%s'", m->singular);
	cite_embed_any(b, of);
}

void cite_embed_any(struct buf *b, const char *const *of)
{
	struct buf joins = BUF_INIT;
	int j = 0;

	buf_puts(b, "coalesce((SELECT json_agg(json_build_object('id', ci.id");
	for (const struct field *f = citing->fields; f->name; f++) {
		char member[64];

		if (f->type == FT_KIND || f->type == FT_SUBJECT)
			continue;
		if (f->type != FT_REF || !has_summary(f->ref)) {
			buf_printf(b, ", '%s', ci.%s", f->name, f->name);
			continue;
		}
		/* A reference with a summary: that summary, from a join (an inner one: a citation's
		 * references are required and kept by foreign keys). */
		ref_member(member, sizeof(member), citing->fields, f);
		buf_printf(b, ", '%s', json_build_object('id', e%d.id", member, j);
		for (const struct field *s = f->ref->fields; s->name; s++)
			if (s->flags & FF_SUMMARY)
				buf_printf(b, ", '%s', e%d.%s", s->name, j, s->name);
		buf_puts(b, ")");
		buf_printf(&joins, " JOIN %s e%d ON e%d.id = ci.%s", f->ref->table, j, j, f->name);
		j++;
	}
	buf_printf(b, ") ORDER BY ci.id) FROM %s ci%s WHERE (", citing->table,
		   joins.data ? joins.data : "");
	for (int k = 0; of[k] && of[k + 1]; k += 2)
		buf_printf(b, "%s(ci.%s = %s AND ci.%s = %s)", k ? " OR " : "", kind_field->name, of[k],
			   subject_field->name, of[k + 1]);
	buf_puts(b, ") AND ci.deleted_at IS NULL), '[]'::json)");
	buf_free(&joins);
}

void cite_referrers_sql(struct buf *b, const struct model *m)
{
	buf_printf(b,
		   "SELECT '%s'::text, t.id FROM %s t WHERE t.%s = '%s' AND t.%s = $1"
		   " AND t.deleted_at IS NULL",
		   citing->name, citing->table, kind_field->name, m->singular, subject_field->name);
}

/* ---- citations of a child's field --------------------------------------------------------- */

static const struct field *field_field(void)
{
	for (const struct field *f = citing->fields; f->name; f++)
		if (f->flags & FF_FIELDNAME)
			return f;
	return NULL;
}

/* 1 when m has a child list. */
static int has_children(const struct model *m)
{
	for (const struct field *f = m->fields; f->name; f++)
		if (f->type == FT_CHILDREN)
			return 1;
	return 0;
}

void cite_children_fill_sql(struct buf *b)
{
	const char *fld = field_field() ? field_field()->name : "";
	const char *kind = kind_field->name, *subject = subject_field->name;
	int any = 0;

	buf_printf(b, "WITH u AS (UPDATE %s ci SET " CITED_CHILD " = CASE", citing->table);
	for (int i = 0; models[i]; i++)
		for (const struct field *f = models[i]->fields; models[i]->citable && f->name; f++) {
			if (f->type != FT_CHILDREN)
				continue;
			buf_printf(b,
				   " WHEN ci.%s = '%s' AND split_part(ci.%s, '[', 1) = '%s' THEN"
				   " (SELECT c.id FROM %s c WHERE c.%s = ci.%s AND c.position ="
				   " substring(ci.%s from '\\[([0-9]+)\\]')::int)",
				   kind, models[i]->singular, fld, f->name, f->ref->table,
				   f->ref->parent_key, subject, fld);
			any = 1;
		}
	buf_printf(b,
		   "%s END WHERE ($1::bigint[] IS NULL OR ci.id = ANY ($1::bigint[]))"
		   " AND (ci." CITED_CHILD " IS NOT NULL OR strpos(ci.%s, '[') > 0)"
		   " RETURNING ci.id, ci.%s, ci." CITED_CHILD ")"
		   " SELECT id, %s FROM u WHERE " CITED_CHILD " IS NULL AND strpos(%s, '[') > 0"
		   " ORDER BY id",
		   any ? "" : " WHEN false THEN NULL::bigint", fld, fld, fld, fld);
}

int cite_children_follows(const struct model *m)
{
	return citing && m->citable && has_children(m);
}

void cite_children_gone_sql(struct buf *b, const struct model *m)
{
	buf_printf(b,
		   "SELECT '%s'::text, ci.id FROM %s ci WHERE ci.%s = '%s' AND ci.%s = $1"
		   " AND ci.deleted_at IS NULL AND ci." CITED_CHILD " IS NOT NULL",
		   citing->name, citing->table, kind_field->name, m->singular, subject_field->name);
	for (const struct field *f = m->fields; f->name; f++)
		if (f->type == FT_CHILDREN)
			buf_printf(b,
				   " AND NOT EXISTS (SELECT 1 FROM %s c WHERE c.id = ci." CITED_CHILD ")",
				   f->ref->table);
	buf_puts(b, " ORDER BY ci.id LIMIT 100");
}

void cite_children_renumber_sql(struct buf *b, const struct model *m)
{
	const char *fld = field_field() ? field_field()->name : "";
	const char *sep = "";

	buf_printf(b,
		   "UPDATE %s ci SET %s = x.f || '[' || x.position || ']' || "
		   "substr(ci.%s, strpos(ci.%s, ']') + 1) FROM (",
		   citing->table, fld, fld, fld);
	for (const struct field *f = m->fields; f->name; f++) {
		if (f->type != FT_CHILDREN)
			continue;
		buf_printf(b, "%sSELECT '%s'::text AS f, c.id, c.position FROM %s c WHERE c.%s = $1",
			   sep, f->name, f->ref->table, f->ref->parent_key);
		sep = " UNION ALL ";
	}
	buf_printf(b,
		   ") x WHERE ci.%s = '%s' AND ci.%s = $1 AND ci." CITED_CHILD " = x.id"
		   " AND split_part(ci.%s, ']', 1) <> x.f || '[' || x.position",
		   kind_field->name, m->singular, subject_field->name, fld);
}
