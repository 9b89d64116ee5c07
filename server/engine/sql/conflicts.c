/* Conflicts, as the read documents keep them (conflicts.h): the SQL that hands a cited record's
 * claims to swaptrack_conflicts, generated from the field tables. */
#include "engine/sql/conflicts.h"

#include "core/buf.h"
#include "engine/model/cite.h"
#include "engine/model/fieldtype.h"

/* How swaptrack_conflicts compares values of field f: 'd' a partial date (one agrees with
 * another whose interval contains it), 'l' a list (a claimed member agrees when the record's
 * list holds it), 'v' anything else (equality). */
static char claim_kind(const struct field *f)
{
	return field_ops(f)->filter == FILTER_INTERVAL ? 'd' : field_ops(f)->array ? 'l' : 'v';
}

/* WHEN 'name' THEN json_build_object('k', kind, 'r', to_json(a.name)) for each field of m that
 * holds a value (children and computed members are not claimed). */
static void claim_cases(struct buf *b, const struct model *m, const char *a)
{
	for (const struct field *f = m->fields; f->name; f++)
		if (f->type != FT_CHILDREN && !field_ops(f)->computed)
			buf_printf(b, " WHEN '%s' THEN json_build_object('k', '%c', 'r', to_json(%s.%s))",
				   f->name, claim_kind(f), a, f->name);
}

/* The citing model's field of flag (FF_FIELDNAME, FF_RANK) or, flag 0, its claimed value. */
static const char *citing_field(unsigned flag)
{
	for (const struct field *f = cite_model()->fields; f->name; f++)
		if (flag ? (f->flags & flag) != 0 : f->type == FT_CLAIM)
			return f->name;
	return NULL;
}

void sql_conflicts(struct buf *b, const struct model *m)
{
	const char *fld = citing_field(FF_FIELDNAME), *value = citing_field(0);
	const char *rank = citing_field(FF_RANK);
	int children = 0;

	for (const struct field *f = m->fields; f->name; f++)
		children |= f->type == FT_CHILDREN;

	if (!fld || !value || !rank) {
		buf_puts(b, "'[]'::json"); /* citations that claim no value conflict nowhere */
		return;
	}
	buf_printf(b,
		   "swaptrack_conflicts((SELECT json_agg(json_build_object('f', ci.%s, 'id', ci.id,"
		   " 'v', ci.%s, 'p', ci.%s = 'preferred', 'x', CASE ci.%s",
		   fld, value, rank, fld);
	claim_cases(b, m, "t");
	if (children) {
		/* A child's field: the child the citation follows. */
		buf_printf(b, " ELSE CASE split_part(ci.%s, '[', 1)", fld);
		for (const struct field *f = m->fields; f->name; f++) {
			if (f->type != FT_CHILDREN)
				continue;
			buf_printf(b, " WHEN '%s' THEN (SELECT CASE split_part(ci.%s, '].', 2)",
				   f->name, fld);
			claim_cases(b, f->ref, "c");
			buf_printf(b, " END FROM %s c WHERE c.id = ci." CITED_CHILD ")", f->ref->table);
		}
		buf_puts(b, " END");
	}
	buf_printf(b,
		   " END) ORDER BY ci.id) FROM %s ci WHERE ci.%s = '%s' AND ci.%s = t.id"
		   " AND ci.deleted_at IS NULL AND ci.%s IS NOT NULL AND ci.%s <> 'deprecated'))",
		   cite_model()->table, cite_kind_field()->name, m->singular,
		   cite_subject_field()->name, fld, rank);
}
