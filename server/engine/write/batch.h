/* POST /v1/batch (batch.c): many writes in one transaction. */
#ifndef SWAPTRACK_BATCH_H
#define SWAPTRACK_BATCH_H

#include <jansson.h>
#include <libpq-fe.h>

#include "core/problem.h"

struct request;

#define BATCH_MAX 1000 /* operations in one batch; more get 413 */

/* Runs a batch body ({"operations": [...]}) in a new transaction on the thread's connection,
 * with actor in history: 0 with *answer {"results": [...]} and *conn still in the transaction,
 * for the caller to commit (or roll back); or -1 with p filled (the first failing operation's
 * status, every bad field, "operation": its index) and nothing stored. The HTTP route and
 * `swaptrack batch` both run this. */
int batch_apply(json_t *body, const char *actor, PGconn **conn, json_t **answer, struct problem *p);
void batch_handler(struct request *req);
json_t *batch_doc(void); /* its OpenAPI path item */

#endif
