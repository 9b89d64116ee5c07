/* The writes, each inside a transaction its caller holds: create (with inline citations),
 * replace, patch and delete of one record. A request makes one (collection.c), a batch many
 * (batch.c): both go through these, so a record is validated, checked, stored and recorded in
 * history one way. */
#ifndef SWAPTRACK_WRITE_H
#define SWAPTRACK_WRITE_H

#include <jansson.h>
#include <libpq-fe.h>

#include "core/problem.h"
#include "engine/model/model.h"

/* Makes the write on c (in a transaction). Returns 0, or -1 with p filled: field errors (422),
 * or the one problem that stopped it (404, 409, 412, 503). Nothing is committed here. A record
 * that a merge retired gets 409 with "merged_into". */
int write_apply(PGconn *c, struct write *w, struct problem *p);

/* Creates that can be made together: creates of a model that writes nothing after its rows
 * (no children, no after-write effect, no unique field, no inline citations) and whose check
 * does not compare with the model's other records (its waivable check, unless waived). */
int write_many_eligible(const struct write *w);
/* Makes n eligible creates of one model, each validated and checked as write_apply would, with
 * a few statements for all of them (store_insert_many); sets each w[i].id. Returns 0; 1 when
 * one of them is wrong or refused (nothing written, p untouched: make them one by one, which
 * says what); -1 with p filled when the database failed. */
int write_create_many(PGconn *c, struct write *w, size_t n, struct problem *p);

#endif
