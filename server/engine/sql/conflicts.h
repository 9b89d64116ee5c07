/* Where a record's sources disagree (the contract's "Claims: what each source says"). */
#ifndef SWAPTRACK_CONFLICTS_H
#define SWAPTRACK_CONFLICTS_H

#include "engine/model/model.h"

struct buf;

/* The conflicts of record t of citable model m (the read-only member CITE_CONFLICTS), as a JSON
 * expression: the live citations of t that name a field and are not deprecated, each with its
 * value, whether it is preferred and the record's value of its field (a child's from the child
 * it follows), handed to swaptrack_conflicts (sql/functions/claims.sql), which compares them as
 * the field's kind says: a partial date by its interval, a list by membership, anything else by
 * equality. Part of the record's JSON, so the read documents keep it computed at write time. */
void sql_conflicts(struct buf *b, const struct model *m);

#endif
