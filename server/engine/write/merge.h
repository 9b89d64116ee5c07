/* POST /v1/<collection>/{id}/merge with {"from": <other id>}, for models declared mergeable: one
 * transaction in which everything that refers to the other record (top-level references, those
 * in children, citations) is made to refer to {id}, the other's values fill {id}'s (see
 * model.h: mergeable, fold), and the other is retired. Its URL then answers 308 with the
 * survivor's, and both histories record the merge. */
#ifndef SWAPTRACK_MERGE_H
#define SWAPTRACK_MERGE_H

#include <jansson.h>

#include "core/buf.h"
#include "engine/model/model.h"

struct request;

/* Generates the statements of every mergeable model (after sql_init). 0, or -1 when memory ran
 * out or a mergeable model has child fields. */
int merge_init(void);
void merge_free(void);

void merge_handler(struct request *req); /* documented by openapi.c */

/* What merging record from into record into (both as read, JSON objects) changes of into, as a
 * merge patch of the fields that change; *renames gets [field, list] pairs, the fields whose
 * citations now support that list. NULL with p filled (409, "conflicts") when they disagree.
 * Needs no database (fuzzed: tests/fuzz/fuzz_merge.c). */
json_t *merge_fold(const struct model *m, json_t *into, json_t *from, json_t *renames, struct problem *p);

/* The export's lines of m's merges whose survivor is live, {"type": "merge", "record":
 * {"collection", "id", "into", "merged_at"}}, as one SELECT of one text column, by id. */
void merge_export_sql(struct buf *b, const struct model *m);

#endif
