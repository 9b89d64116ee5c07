/* The generic collection handlers: create, read, list, replace, patch, delete and history for
 * every model, driven by its field table and generated SQL. Nothing here names a resource. */
#ifndef SWAPTRACK_COLLECTION_H
#define SWAPTRACK_COLLECTION_H

#include <libpq-fe.h>

#include "core/problem.h"
#include "engine/model/model.h"
#include "http/http.h"

/* A route table: fixed rows first, then every collection's, then the catch-all last row of
 * fixed (whose pattern ends in "*"). Returns NULL when memory ran out. Free with routes_free. */
struct route *collection_routes(const struct route *fixed);
void collection_routes_free(struct route *routes);

struct buf;

/* A list query checked and planned without a request (for fuzzing and `swaptrack plan`): keys
 * and values as they arrive. Returns 0 with the statement in sql and, when params is not NULL,
 * its parameters one a line; or -1 with p filled (400). */
int collection_list_plan(const struct model *m, const char *const *keys, const char *const *values,
			 int nargs, struct buf *sql, struct buf *params, struct problem *p);
/* Splits a query string ("a=1&b=x%20y") in place into at most max decoded keys and values
 * (NULL for a key without "="). Returns how many. */
int collection_query_split(char *q, const char **keys, const char **values, int max);

/* What a list answers with: JSON, or CSV when Accept prefers it (req->produce 1). */
extern const char *const collection_list_types[];

/* Answers a GET of record id of m, or of what is under it (req->path), that found no live
 * record: 308 to the same path and query under its survivor when a merge retired it, else 404. */
void collection_not_found(struct request *req, const struct model *m, long long id);

/* The answer of a successful write of record id of m in c's open transaction: the record read
 * back, the commit, then 200 with it and its ETag; or, if either fails, the rollback and the
 * problem. */
void collection_send_written(struct request *req, PGconn *c, const struct model *m, long long id,
			     struct problem *p);

/* The handlers, for the route table. */
void collection_list(struct request *req); /* list.c */
void collection_create(struct request *req);
void collection_get(struct request *req);
void collection_replace(struct request *req);
void collection_patch(struct request *req);
void collection_delete(struct request *req);
void collection_history_list(struct request *req);

#endif
