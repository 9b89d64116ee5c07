/* What a write does, step by step, for collection.c (and for batches): one transaction, records
 * validated and checked (store_prepare), unique values (store_unique_or_conflict), the row with
 * its children and side effects (store_write), inline citations, and the record read back. Each
 * returns 0, or -1 with p filled; field errors accumulate in p without failing the step. */
#ifndef SWAPTRACK_STORE_H
#define SWAPTRACK_STORE_H

#include <jansson.h>
#include <libpq-fe.h>

#include "core/problem.h"
#include "engine/model/fieldtype.h"
#include "engine/model/model.h"
#include "engine/write/history.h"

/* The worker's connection in a new transaction, or NULL with p filled (503). */
PGconn *store_begin(struct problem *p);
void store_rollback(PGconn *c);
int store_commit(PGconn *c, struct problem *p);

/* Where record id of m went when a merge retired it: 1 with *into its live survivor, 0 when it
 * was not merged (or the survivor is gone too), -1 with p filled. c NULL: the worker's
 * connection, outside any transaction. */
int store_merged_into(PGconn *c, const struct model *m, long long id, long long *into, struct problem *p);

/* The n citations just written (w: of the citing model): each pointed at the child its field
 * names, if any (engine/model/cite.h); one naming a child its record lacks is a field error,
 * and -1. */
int store_cited_children(PGconn *c, struct write *w, size_t n, struct problem *p);

/* Record id while records refer to it (st: a statement of (collection, id) rows): 409 naming
 * them (what: the change refused), and 1. 0 when none does; -1 when the database failed. */
int store_referred(PGconn *c, const struct db_stmt *st, long long id, const char *what,
		   struct problem *p);

/* Frees what validation gave a write (record, refs); what the request gave it stays. */
void write_clear(struct write *w);
/* Field errors in p so far. */
int store_error_count(const struct problem *p);
/* Validates body as w->m, then its references and the model's check; field errors accumulate
 * in p. Returns -1 only when p holds a problem that is not a field error. */
int store_prepare(PGconn *c, struct write *w, json_t *body, int creating, struct problem *p);
/* The same for n records (w[i] with bodies[i]), their references checked together. */
int store_prepare_many(PGconn *c, struct write *w, json_t *const *bodies, size_t n, int creating,
		       struct problem *p);
/* Inserts n prepared new records of one model (w[0].m; no children, nothing written after
 * them) with one INSERT per 1,000 and records each one's history ("create", actor) with one
 * more statement: what store_write and history_add do for one, for many. Sets each
 * w[i].id. */
int store_insert_many(PGconn *c, struct write *w, size_t n, const char *actor_name, struct problem *p);
/* A live record other than w->id with the same value in a unique field: 409 naming it. */
int store_unique_or_conflict(PGconn *c, struct write *w, struct problem *p);
/* Inserts (w->id 0) or updates the row, replaces its children, runs the after-write hook. */
int store_write(PGconn *c, struct write *w, const char *actor_name, struct problem *p);
/* Record id of m as read inside the transaction: json in column 0, version in 1. */
PGresult *store_read_back(PGconn *c, const struct model *m, long long id, struct problem *p);
/* The inline citations of a create body of m, each prepared as a citation of the record being
 * made (its subject filled in once it has an id): *out has *count of them. base: put before
 * their paths in errors ("" or "operations[2].record."). */
int store_citations(PGconn *c, const struct model *m, json_t *list, const char *base,
		    struct write **out, size_t *count, struct problem *p);
void store_citations_free(struct write *items, size_t count);

#endif
