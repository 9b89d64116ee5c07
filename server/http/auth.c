/* API keys and request authentication. */
#include "http/auth.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "core/base64.h"
#include "core/buf.h"
#include "core/sha256.h"
#include "db/db.h"
#include "http/http.h"

#define KEY_PREFIX "swt_"
#define SECRET_BYTES 32

static const char *const scope_names[] = {"none", "read", "write", "admin"};

enum scope auth_scope(const char *s)
{
	for (int i = SCOPE_READ; s && i <= SCOPE_ADMIN; i++)
		if (strcmp(s, scope_names[i]) == 0)
			return (enum scope)i;
	return SCOPE_NONE;
}

const char *auth_scope_name(enum scope s)
{
	return scope_names[s];
}

int auth_equal(const char *a, const char *b)
{
	size_t n = strlen(b);
	unsigned char diff = strlen(a) != n;

	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(a[i] ^ b[i]); /* a is at least as long, or diff is set */
	return diff == 0;
}

long long auth_key_create(PGconn *c, const char *name, enum scope scope, char **key, struct problem *p)
{
	unsigned char secret[SECRET_BYTES];
	char hash[2 * SHA256_LEN + 1];
	struct buf encoded = BUF_INIT;
	const char *text;
	const char *vals[3];
	PGresult *r;
	long long id;
	size_t got = 0;

	while (got < sizeof(secret)) {
		ssize_t n = getrandom(secret + got, sizeof(secret) - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return problem_set(p, 503, "No randomness is available for a key.");
		got += (size_t)n;
	}
	if (base64url_encode(&encoded, secret, sizeof(secret)) < 0 || !encoded.data)
		return problem_set(p, 503, "The server is out of memory.");
	text = encoded.data;
	sha256_hex(text, strlen(text), hash);
	vals[0] = name;
	vals[1] = auth_scope_name(scope);
	vals[2] = hash;
	id = -1;
	r = db_exec(c, "SELECT swaptrack_api_key_create($1, $2, $3)", 3, vals, p);
	if (!r) {
		if (p->status == 409)
			problem_set(p, 409,
				    "A live key is already named %s; revoke it or pick another "
				    "name.",
				    name);
		else if (p->status == 422)
			problem_set(p, 422,
				    "A key name is 1 to 64 letters, digits, dots, dashes or "
				    "underscores, starting with a letter or digit.");
		goto out;
	}
	id = atoll(PQgetvalue(r, 0, 0));
	PQclear(r);
	if (asprintf(key, KEY_PREFIX "%lld_%s", id, text) < 0)
		id = problem_set(p, 503, "The server is out of memory.");
out:
	/* The secret is shown once and kept nowhere: neither it nor its text stays in memory. */
	memset(secret, 0, sizeof(secret));
	memset(encoded.data, 0, encoded.len);
	buf_free(&encoded);
	return id;
}

/* Splits "swt_<id>_<secret>"; 0, or -1 when it is not shaped like a key. */
static int parse_key(const char *key, long long *id, const char **secret)
{
	char *end;

	if (strncmp(key, KEY_PREFIX, strlen(KEY_PREFIX)) != 0)
		return -1;
	key += strlen(KEY_PREFIX);
	if (*key < '1' || *key > '9')
		return -1;
	errno = 0;
	*id = strtoll(key, &end, 10);
	if (errno || *end != '_' || strlen(end + 1) != 43)
		return -1;
	*secret = end + 1;
	return 0;
}

const struct db_stmt auth_key_stmt = {
	"api_key",
	"SELECT name, scope, secret_hash FROM swaptrack_api_key($1::bigint)",
	1,
};

static int unauthorized(struct request *req, struct problem *p, const char *why)
{
	http_add_header(req, "WWW-Authenticate", "Bearer realm=\"swaptrack\"");
	return problem_set(p, 401, "%s", why);
}

int auth_check(struct request *req, enum scope needed, struct problem *p)
{
	const char *h = http_header(req, "Authorization"), *secret;
	char idtext[24], hash[2 * SHA256_LEN + 1];
	const char *vals[] = {idtext};
	long long id;
	PGresult *r;
	int ok;

	snprintf(req->actor, sizeof(req->actor), "anonymous");
	req->scope = SCOPE_NONE;
	req->key_id = 0;
	if (!h) {
		if (needed == SCOPE_NONE)
			return 0;
		return unauthorized(req, p,
				    needed == SCOPE_READ
					    ? "Reads need an API key here: Authorization: Bearer <key>."
					    : "This needs an API key: Authorization: Bearer <key>.");
	}
	if (strncasecmp(h, "Bearer ", 7) != 0 || parse_key(h + 7 + strspn(h + 7, " "), &id, &secret) < 0)
		return unauthorized(req, p,
				    "The Authorization header must be \"Bearer <key>\" with a "
				    "key made by swaptrack keys create.");
	snprintf(idtext, sizeof(idtext), "%lld", id);
	if (!(r = db_query(&auth_key_stmt, vals, p)))
		return -1;
	sha256_hex(secret, strlen(secret), hash);
	ok = PQntuples(r) == 1 && auth_equal(hash, PQgetvalue(r, 0, 2));
	if (!ok && db_routed_replica() >= 0) {
		/* A key made a moment ago may not have reached the replica yet: the primary
		 * decides, and answers the rest of the request. */
		PQclear(r);
		db_route_primary();
		if (!(r = db_query(&auth_key_stmt, vals, p)))
			return -1;
		ok = PQntuples(r) == 1 && auth_equal(hash, PQgetvalue(r, 0, 2));
	}
	if (ok) {
		snprintf(req->actor, sizeof(req->actor), "%s", PQgetvalue(r, 0, 0));
		req->scope = auth_scope(PQgetvalue(r, 0, 1));
		req->key_id = id; /* from here on, the request is limited as this key's */
	}
	PQclear(r);
	if (!ok)
		return unauthorized(req, p, "The API key is unknown or revoked.");
	if (req->scope < (int)needed)
		return problem_set(p, 403, "The key's scope is %s; this needs %s.",
				   auth_scope_name(req->scope), auth_scope_name(needed));
	return 0;
}
