/* What a citation claims (models/claims.c), for models/citations.c's check hook. Each check adds
 * its errors to p and returns 0, or -1 when it refused the write (a field error, or a 409 whose
 * extension names the other citation). */
#ifndef SWAPTRACK_CLAIMS_H
#define SWAPTRACK_CLAIMS_H

#include "core/problem.h"
#include "engine/model/model.h"

/* A citation's ranks: preferred, normal (the default), deprecated. */
extern const char *const citation_ranks[];

/* The field of m that path names: "occupation", or a child's, "groups[1].count" (the children
 * field itself for "groups"); NULL when it names none. */
const struct field *claim_field(const struct model *m, const char *path);

/* The citation's value, validated as the field it cites (one member of a list field), stored
 * in the record in that field's form; 422 for a value without field, of a whole children list,
 * or of a field the server derives. subject: the model of the record cited. */
int claim_value_check(struct write *w, const struct model *subject, struct problem *p);

/* 409 with existing_id when a live citation other than this one is equal to it: the same
 * source, subject, field, value and anchor span (without an anchor, the same quote). Needs the
 * anchor computed. */
int claim_duplicate_check(struct write *w, struct problem *p);

/* 1 when citations a and b (validated records) are equal as claim_duplicate_check says: the
 * model's equal hook. */
int claim_equal(json_t *a, json_t *b);

/* 409 with preferred_id when the citation is preferred and another live one prefers another
 * value of the same field (a citation without value standing for the record's). */
int claim_preferred_check(struct write *w, const struct model *subject, struct problem *p);

#endif
