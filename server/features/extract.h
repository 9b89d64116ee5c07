/* GET /v1/sources/{id}/extract (extract.c): what a source's content mentions, proposed and never
 * stored, from the parts in this folder (furniture, people, places, dates, quotes). */
#ifndef SWAPTRACK_EXTRACT_H
#define SWAPTRACK_EXTRACT_H

#include <jansson.h>

struct request;

void extract_handler(struct request *req);
json_t *extract_doc(void); /* its OpenAPI path item */

#endif
