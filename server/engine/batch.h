/* POST /v1/batch (batch.c): many writes in one transaction. */
#ifndef SWAPTRACK_BATCH_H
#define SWAPTRACK_BATCH_H

#include <jansson.h>

struct request;

#define BATCH_MAX 1000   /* operations in one batch; more get 413 */

void batch_handler(struct request *req);
json_t *batch_doc(void);   /* its OpenAPI path item */

#endif
