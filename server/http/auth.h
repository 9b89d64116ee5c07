/* API keys: swt_<id>_<secret>, the secret 32 random bytes (getrandom) in base64url; stored only
 * as the SHA-256 of the secret, compared in constant time. Scopes are ordered: read < write <
 * admin. */
#ifndef SWAPTRACK_AUTH_H
#define SWAPTRACK_AUTH_H

#include <libpq-fe.h>

#include "core/problem.h"

/* SCOPE_PUBLIC marks routes that never look at a key (probes, static files). */
enum scope { SCOPE_PUBLIC = -1, SCOPE_NONE = 0, SCOPE_READ, SCOPE_WRITE, SCOPE_ADMIN };

struct request;
struct db_stmt;

/* The statement that reads a key on every request that carries one (for `swaptrack sql`). */
extern const struct db_stmt auth_key_stmt;

/* The scope named s ("read", "write", "admin"), or SCOPE_NONE. */
enum scope auth_scope(const char *s);
const char *auth_scope_name(enum scope s);

/* Makes a key on c: a row named name with scope, and the key text (malloc'd) to show once.
 * Returns the row's id, or -1 with p filled (409 when the name is taken by a live key, 422 for
 * a bad name). */
long long auth_key_create(PGconn *c, const char *name, enum scope scope, char **key, struct problem *p);

/* Checks the request's Authorization header and the scope its route needs. Sets req->actor,
 * req->scope and req->key_id (the verified key, for its rate limit). Returns 0, or -1 with p
 * filled: 401 (no key where one is needed, or a key that is malformed, unknown or revoked), 403
 * (scope too small), 503 (database). */
int auth_check(struct request *req, enum scope needed, struct problem *p);

/* 1 when a and b (NUL-terminated, same length expected) are equal; time depends only on the
 * length of b. */
int auth_equal(const char *a, const char *b);

#endif
