/* x-collections: every collection as a client builds its screens from it (api-docs/README.md,
 * "The x- extensions"): its words, what names a record, what it refers to and lists, its
 * filters and what it may cite. The dashboard reads nothing else to offer a collection. */
#include "engine/openapi/openapi.h"

#include <stdio.h>
#include <string.h>

#include "engine/model/cite.h"
#include "engine/model/fieldtype.h"
#include "engine/model/model.h"

/* The field that names a record where a person reads or picks it: the first text field its
 * list sorts by (a name, a title). NULL when none does: the record is named by what it refers
 * to and when it happened. */
static const struct field *label_field(const struct model *m)
{
	for (const struct field *f = m->fields; f->name; f++)
		if (f->type == FT_TEXT && (f->flags & FF_SORT))
			return f;
	return NULL;
}

/* What names a record whose label is optional and empty: its unique text field (an address). */
static const struct field *label_fallback(const struct model *m, const struct field *label)
{
	if (!label || (label->flags & FF_REQUIRED))
		return NULL;
	for (const struct field *f = m->fields; f->name; f++)
		if (f->type == FT_TEXT && (f->flags & FF_UNIQUE))
			return f;
	return NULL;
}

/* The free-text filter of a model's lists (a name search), or NULL. */
static const char *search_param(const struct model *m)
{
	for (const struct model_filter *mf = m->filters; mf && mf->param; mf++)
		if (mf->type == FT_TEXT)
			return mf->param;
	return NULL;
}

/* The references among fields (a model's, or a child model's under prefix "releases."): each
 * with its collection, the member embed= adds (its embed= name, the prefix before it), and
 * whether the record named lists the records referring to it. */
static json_t *references(const struct field *fields, const char *prefix)
{
	json_t *a = json_array();

	for (const struct field *f = fields; f->name; f++) {
		char member[64], embed[160];

		if (f->type != FT_REF)
			continue;
		ref_member(member, sizeof(member), fields, f);
		snprintf(embed, sizeof(embed), "%s%s", prefix, member);
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:b}", "field", f->name,
						   "collection", f->ref->name, "embed", embed, "listed",
						   !!(f->flags & FF_LISTED)));
	}
	return a;
}

/* The child lists of m: the field, the child model and its table, the child's references. */
static json_t *children(const struct model *m)
{
	json_t *a = json_array();

	for (const struct field *f = m->fields; f->name; f++) {
		char prefix[80];

		if (f->type != FT_CHILDREN)
			continue;
		snprintf(prefix, sizeof(prefix), "%s.", f->name);
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s?, s:o}", "field", f->name,
						   "model", f->ref->name, "table", f->ref->table,
						   "singular", f->ref->singular, "references",
						   references(f->ref->fields, prefix)));
	}
	return a;
}

/* The members m's records list: the ids of the records of another collection that refer to
 * them by a field marked FF_LISTED. */
static json_t *listed(const struct model *m)
{
	json_t *a = json_array();
	const struct model *owner;
	const struct field *lf;

	for (int i = 0; (lf = model_listed(m, i, &owner)); i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "collection", owner->name, "field",
						   lf->name));
	return a;
}

/* The fields m's lists filter by, each with its query parameter ({"parties": "party"}). */
static json_t *filters(const struct model *m)
{
	json_t *o = json_object();

	for (const struct field *f = m->fields; f->name; f++)
		if (field_filtered(f))
			json_object_set_new(o, f->name, json_string(f->filter ? f->filter : f->name));
	return o;
}

/* For the citing model: its fields that name the kind, the record and the field supported. */
static json_t *cites(const struct model *m)
{
	const struct field *fieldname = NULL;
	char member[64];

	if (m != cite_model())
		return NULL;
	for (const struct field *f = m->fields; f->name; f++)
		if (f->flags & FF_FIELDNAME)
			fieldname = f;
	ref_member(member, sizeof(member), m->fields, cite_subject_field());
	return json_pack("{s:s, s:s, s:s, s:s?}", "kind", cite_kind_field()->name, "subject",
			 cite_subject_field()->name, "embed", member, "field",
			 fieldname ? fieldname->name : NULL);
}

/* Every collection in load order, with what a client (the dashboard) needs beyond the schemas
 * and the list parameters to offer it: its words, what names a record, what it refers to. */
json_t *openapi_collections(void)
{
	json_t *a = json_array();

	for (int i = 0; models[i]; i++) {
		const struct model *m = models[i];
		const struct field *label = label_field(m), *fallback = label_fallback(m, label);
		char path[96];

		snprintf(path, sizeof(path), "/v1/%s", m->name);
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:b, s:o?, s:s?, "
						   "s:b, s:o, s:o, s:o, s:o}",
						   "name", m->name, "singular", m->singular, "path",
						   path, "label", label ? label->name : NULL,
						   "label_fallback", fallback ? fallback->name : NULL,
						   "search", search_param(m), "citable", !!m->citable,
						   "cites", cites(m), "waiver", m->waiver, "mergeable",
						   !!m->mergeable, "filters", filters(m), "references",
						   references(m->fields, ""), "children", children(m),
						   "listed", listed(m)));
	}
	return a;
}
