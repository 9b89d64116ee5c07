/* Idempotency-Key on creates: a retry gets the first answer again and stores nothing new. */
#ifndef SWAPTRACK_IDEMPOTENCY_H
#define SWAPTRACK_IDEMPOTENCY_H

#include <libpq-fe.h>

#include "core/problem.h"

struct request;

#define IDEM_HASH_SIZE 65 /* SHA-256 in hex, and its NUL */

/* Where a write that honours the key begins: *key is the request's key (NULL without one) and
 * hash its request's hash. Returns 1 after answering (a malformed key, or a retry answered from
 * what was kept), 0 to go ahead. */
int idem_start(struct request *req, const char **key, char hash[IDEM_HASH_SIZE]);
/* The request's key, NULL when it has none; *bad 1 after a 400 for a malformed one. */
const char *idem_key(struct request *req, int *bad);
/* The hash of what the request asks (its path and body) that a retry must repeat. */
void idem_hash(struct request *req, char hash[IDEM_HASH_SIZE]);
/* Looks the key up: 1 after answering from it (or 422 for another request), 0 to go ahead, -1
 * after an error was answered. */
int idem_replay(struct request *req, const char *key, const char *hash);
/* Keeps the answer (status, location or NULL, body) in c's transaction: 0, 1 when a concurrent
 * twin kept one first (roll back and replay it), -1 with p filled. */
int idem_save(PGconn *c, struct request *req, const char *key, const char *hash, const char *status,
	      const char *location, const char *body, struct problem *p);

#endif
