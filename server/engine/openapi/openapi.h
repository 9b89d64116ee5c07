/* The OpenAPI 3.1 document, generated from the field tables and the route table. */
#ifndef SWAPTRACK_OPENAPI_H
#define SWAPTRACK_OPENAPI_H

#include <jansson.h>

struct field;
struct model;
struct route;

/* Pieces for the documentation of fixed routes (a route's doc slot): a $ref to a component
 * schema, a parameter, a JSON or problem response, and the problem responses of the codes
 * listed (openapi_read_errors, openapi_write_errors: what reads and writes can answer). Each
 * returns a new reference; openapi_errors adds to responses. */
json_t *openapi_ref(const char *name);
json_t *openapi_param(const char *name, const char *in, json_t *schema, const char *doc);
json_t *openapi_id_param(void);
json_t *openapi_response(const char *doc, json_t *schema);
json_t *openapi_problem(const char *doc);
void openapi_errors(json_t *responses, const char *const *codes);
/* A schema written as JSON text (a static string of the file that documents the route). */
json_t *openapi_schema(const char *text);
/* Appends to params the query parameters of m's list filters (nested: the field a nested route
 * fixes, left out; or NULL), from and to: what a list takes besides its page and shape. */
void openapi_filter_params(json_t *params, const struct model *m, const struct field *nested);
extern const char *const openapi_read_errors[], *const openapi_write_errors[];

/* Inside the engine (openapi_ops.c): the shared components (headers, parameters, the problem
 * schema) into components, whose "schemas" exists; and, once every path is documented, what
 * each operation must declare and its documentation left out (operationId, security from the
 * route's scope, Idempotency-Key, a 4xx answer). */
void openapi_components(json_t *components);
void openapi_finish(json_t *paths, const struct route *routes);
/* The x-collections array (collections.c). */
json_t *openapi_collections(void);

/* Returns a new reference to the document describing routes. */
json_t *openapi_document(const struct route *routes);
/* The document as text, indented, ending in a newline; malloc'd. */
char *openapi_text(const struct route *routes);

#endif
