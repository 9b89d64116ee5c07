/* Citations as a capability of the engine. One model (models/citations.c) is the citing one: it
 * has an FT_KIND field (which kind of record a citation supports) and an FT_SUBJECT field (which
 * record). Every model declared citable is cited as its singular, carries its citations when
 * read, may take them inline when created, and names them among its referrers. All of it follows
 * from those two fields and the `citable` flags: nothing here names a resource. */
#ifndef SWAPTRACK_CITE_H
#define SWAPTRACK_CITE_H

#include <jansson.h>
#include <libpq-fe.h>

#include "core/buf.h"
#include "core/problem.h"
#include "engine/model/model.h"

/* Finds the citing model and the citable kinds among models. Returns 0, or -1 when the tables
 * say something impossible (two citing models, a citable model without a singular). */
int cite_init(void);

/* The citing model, or NULL when no model cites; its kind and subject fields. */
const struct model *cite_model(void);
const struct field *cite_kind_field(void);
const struct field *cite_subject_field(void);
/* The kinds a citation may support, NULL-terminated: the singular of every citable model, in
 * registry order. The values of the FT_KIND field. */
const char *const *cite_kinds(void);

/* The values a field takes: an enum's own, or the citable kinds for FT_KIND. */
const char *const *field_values(const struct field *f);

/* Appends the citations of record t of citable model m as a JSON array expression: one
 * correlated subquery, each citation with its id, its references to models that have summary
 * fields embedded as that summary ({"id", "url", ...} for source_id, member "source"), and its
 * other fields except kind and subject. */
void cite_embed_sql(struct buf *b, const struct model *m);
/* The same for the records that of names, as pairs of SQL expressions (kind, id), ended by
 * NULL: the citations of any of them, in one array ordered by id. */
void cite_embed_any(struct buf *b, const char *const *of);
/* The member every cited record carries, read only: where the values its citations claim for a
 * field disagree ([{"field", "record_value", "values": [{"value", "citations", "preferred"}]}]). */
#define CITE_CONFLICTS "conflicts"
/* Appends a (collection, id) SELECT of the live citations of record $1 of m. */
void cite_referrers_sql(struct buf *b, const struct model *m);

/* A citation may name a child's field by its index ("groups[1].count"); it follows that child
 * (model.h, CITED_CHILD) while the list is edited.
 * - cite_children_fill_sql: a statement that points each citation among $1 (a bigint[]; NULL:
 *   all) whose field names a child at that child's id (every other at none), and returns the id
 *   and field of each that names a child its record lacks.
 * - For a model for which cite_children_follows (citable, with children):
 *   cite_children_gone_sql, a (collection, id) SELECT of the live citations of its record $1
 *   whose child is no longer there; cite_children_renumber_sql, an UPDATE that rewrites the index
 *   in each citation of record $1 to its child's current position. */
void cite_children_fill_sql(struct buf *b);
int cite_children_follows(const struct model *m);
void cite_children_gone_sql(struct buf *b, const struct model *m);
void cite_children_renumber_sql(struct buf *b, const struct model *m);

/* The member of a record that an FT_REF field f of fields (its model's) is embedded as:
 * "source_id" -> "source"; "speaker_id" -> "speaker_record" where a field "speaker" exists. */
void ref_member(char *out, size_t size, const struct field *fields, const struct field *f);

#endif
