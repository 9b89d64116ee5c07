/* Key management: `swaptrack keys create|list|revoke`, and the same over HTTP for keys with the
 * admin scope (GET/POST /v1/keys, DELETE /v1/keys/{id}). */
#ifndef SWAPTRACK_KEYS_H
#define SWAPTRACK_KEYS_H

#include <jansson.h>

struct request;

/* argv[0] is the subcommand. Returns the process's exit code. */
int keys_main(int argc, char **argv);

void keys_list_handler(struct request *req);
void keys_create_handler(struct request *req);
void keys_revoke_handler(struct request *req);
/* Their OpenAPI path items. */
json_t *keys_doc(void);
json_t *keys_create_doc(void);
json_t *keys_revoke_doc(void);

#endif
