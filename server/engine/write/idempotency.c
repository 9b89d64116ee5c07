/* Idempotency-Key (collection creates only): the first successful answer is kept with a hash
 * of the request, for --idempotency-ttl hours; a retry with the same key and request gets it
 * again, the same key with another request 422. */
#include "engine/write/idempotency.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/sha256.h"
#include "db/db.h"
#include "http/http.h"

#define IDEMPOTENCY_KEY_MAX 255

/* sql/functions/idempotency.sql: swaptrack_idempotency_find and swaptrack_idempotency_store. */
static const struct db_stmt idem_find = {
	"idempotency_find",
	"SELECT request, status, location, body"
	" FROM swaptrack_idempotency_find($1, $2)",
	2,
};

static const struct db_stmt idem_store = {
	"idempotency_store",
	"SELECT swaptrack_idempotency_store($1, $2, $3, $4::int, $5, $6, $7::int)",
	7,
};

/* The key of the request, NULL when it has none; -1 in *bad after a 400 for a malformed one. */
const char *idem_key(struct request *req, int *bad)
{
	const char *k = http_header(req, "Idempotency-Key");
	size_t n = k ? strlen(k) : 0;

	*bad = 0;
	if (!k)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (k[i] < 0x21 || k[i] > 0x7e)
			n = 0;
	if (n == 0 || n > IDEMPOTENCY_KEY_MAX) {
		http_send_error(req, 400, "Idempotency-Key must be 1 to %d visible ASCII characters.",
				IDEMPOTENCY_KEY_MAX);
		*bad = 1;
	}
	return k;
}

/* Answers a retry from the stored row r (columns of idem_find), or 422 when the key was used
 * for another request. */
static void replay(struct request *req, PGresult *r, const char *hash)
{
	if (strcmp(PQgetvalue(r, 0, 0), hash) != 0) {
		http_send_error(req, 422,
				"This Idempotency-Key was used with another request; use a "
				"new key for a new request.");
		return;
	}
	if (!PQgetisnull(r, 0, 2))
		http_add_header(req, "Location", PQgetvalue(r, 0, 2));
	http_add_header(req, "Idempotent-Replayed", "true");
	http_send_json_text(req, atoi(PQgetvalue(r, 0, 1)), PQgetvalue(r, 0, 3));
}

/* Looks the key up; returns 1 after answering from it, 0 to go ahead, -1 after an error. */
int idem_replay(struct request *req, const char *key, const char *hash)
{
	struct problem p = PROBLEM_INIT;
	const char *vals[] = {req->actor, key};
	PGresult *r = db_query(&idem_find, vals, &p);

	if (!r) {
		http_send_problem(req, &p);
		return -1;
	}
	if (PQntuples(r) == 0) {
		PQclear(r);
		return 0;
	}
	replay(req, r, hash);
	PQclear(r);
	return 1;
}

void idem_hash(struct request *req, char hash[IDEM_HASH_SIZE])
{
	struct sha256 h;
	uint8_t d[SHA256_LEN];

	sha256_init(&h);
	sha256_update(&h, req->path, strlen(req->path));
	sha256_update(&h, "\n", 1);
	if (req->body.len)
		sha256_update(&h, req->body.data, req->body.len);
	sha256_final(&h, d);
	for (int i = 0; i < SHA256_LEN; i++)
		snprintf(hash + 2 * i, 3, "%02x", d[i]);
}

int idem_save(PGconn *c, struct request *req, const char *key, const char *hash, const char *status,
	      const char *location, const char *body, struct problem *p)
{
	char ttl[16];
	const char *vals[] = {req->actor, key, hash, status, location, body, ttl};
	PGresult *stored;
	int twin;

	snprintf(ttl, sizeof(ttl), "%d", req->server->config->idempotency_hours);
	if (!(stored = db_exec_stmt(c, &idem_store, vals, p)))
		return -1;
	twin = strcmp(PQgetvalue(stored, 0, 0), "t") != 0;
	PQclear(stored);
	return twin;
}

int idem_start(struct request *req, const char **key, char hash[IDEM_HASH_SIZE])
{
	int bad;

	*key = idem_key(req, &bad);
	if (bad)
		return 1;
	if (!*key)
		return 0;
	idem_hash(req, hash);
	return idem_replay(req, *key, hash) != 0;
}
