/* GET /v1/stats/releases: people released per period (contract v1.2, "Research answers"). */
#ifndef SWAPTRACK_RELEASES_H
#define SWAPTRACK_RELEASES_H

#include <jansson.h>

struct request;

void releases_handler(struct request *req);
json_t *releases_doc(void); /* its OpenAPI path item */

#endif
