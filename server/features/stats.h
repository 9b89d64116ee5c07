/* GET /v1/stats. */
#ifndef SWAPTRACK_STATS_H
#define SWAPTRACK_STATS_H

#include <jansson.h>

struct request;

void stats_handler(struct request *req);
json_t *stats_doc(void); /* its OpenAPI path item */

#endif
