/* Key management: `swaptrack keys create|list|revoke`, and the same over HTTP for keys with the
 * admin scope (GET/POST /v1/keys, DELETE /v1/keys/{id}). */
#ifndef SWAPTRACK_KEYS_H
#define SWAPTRACK_KEYS_H

struct request;

/* argv[0] is the subcommand. Returns the process's exit code. */
int keys_main(int argc, char **argv);

void keys_list_handler(struct request *req);
void keys_create_handler(struct request *req);
void keys_revoke_handler(struct request *req);

#endif
