/* Validation of a JSON body against a model's field table: every bad field reported at once,
 * each with its path ("citizenships[1]", "releases[0].person_id"). */
#ifndef SWAPTRACK_VALIDATE_H
#define SWAPTRACK_VALIDATE_H

#include <jansson.h>
#include <libpq-fe.h>

#include "core/problem.h"
#include "engine/model/fieldtype.h"
#include "engine/model/model.h"

/* Checks in against m and returns the record as it will be stored: every field present, omitted
 * optional fields null (lists empty, defaults filled). Fields in error are null in the result.
 * Errors go to p (422), with prefix before each path. References are added to refs. Returns a
 * new reference, or NULL when in is not an object or memory ran out (p says which). */
json_t *validate_record(const struct model *m, json_t *in, const char *prefix, struct refs *refs,
			struct problem *p);

/* Removes from rec the fields whose value is the server's (fieldtype.h's computed): a stored
 * record about to be patched, an imported line. */
void validate_drop_computed(const struct model *m, json_t *rec);

/* Checks that each reference names a live record, locking it (FOR KEY SHARE) so it cannot be
 * deleted before the transaction ends. Adds a field error for each missing one. Returns 0, or -1
 * when the database failed (p then holds that problem instead). */
int validate_refs(PGconn *c, const struct refs *refs, struct problem *p);

/* Checks a query-string value against a field type; 0, or -1 with a message in *why (static or
 * from the enum list; valid until the next call on this thread). */
int validate_query_value(enum field_type type, const char *const *values, const char *s,
			 const char **why);

#endif
