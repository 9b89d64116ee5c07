/* The OpenAPI 3.1 document, generated from the field tables and the route table. */
#ifndef SWAPTRACK_OPENAPI_H
#define SWAPTRACK_OPENAPI_H

#include <jansson.h>

struct route;

/* Returns a new reference to the document describing routes. */
json_t *openapi_document(const struct route *routes);
/* The document as text, indented, ending in a newline; malloc'd. */
char *openapi_text(const struct route *routes);

#endif
