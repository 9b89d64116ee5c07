/* Admission: what a request must pass before its handler runs and, when it carries a body,
 * before a byte of that body is read: framing, sizes, the key, the rate, Accept. */
#include "http/internal.h"

#include "http/http.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <microhttpd.h>

#include "core/client.h"
#include "core/config.h"
#include "core/utf8.h"
#include "http/auth.h"
#include "http/guard.h"
#include "http/negotiate.h"

/* OPTIONS answers which methods the path has, from the route table. */
void http_answer_options(struct request *req)
{
	struct problem p = PROBLEM_INIT;
	char *params[ROUTE_MAX_PARAMS];
	int n = 0;

	route_match(req->server->routes, "OPTIONS", req->path, params, &n, &p);
	if (p.status == 405) {
		const char *want = http_header(req, "Access-Control-Request-Method");
		http_add_header(req, MHD_HTTP_HEADER_ALLOW, p.allow);
		/* A CORS preflight from an allowed origin learns what it may send; any other gets
		 * only Allow, and the browser stops there. */
		if (want && http_cors_origin(req)) {
			http_add_header(req, "Access-Control-Allow-Methods", p.allow);
			http_add_header(req, "Access-Control-Allow-Headers",
					"Authorization, Content-Type, Accept, If-Match, If-None-Match, "
					"Idempotency-Key, Swaptrack-Min-LSN");
			http_add_header(req, "Access-Control-Max-Age", "600");
		}
		problem_clear(&p);
		http_send(req, 204, NULL, NULL, 0);
		return;
	}
	http_send_problem(req, &p);
}

struct framing {
	int lengths;          /* Content-Length headers */
	int encodings;        /* Transfer-Encoding headers */
	const char *encoding; /* the last one's value */
	int forwarded;        /* X-Forwarded-For headers kept below */
	const char *forwarded_for[16];
	int lines; /* header lines */
};

static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct framing *f = cls;

	(void)kind;
	f->lines++;
	if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
		f->lengths++;
	} else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
		f->encodings++;
		f->encoding = value ? value : "";
	} else if (strcasecmp(key, "X-Forwarded-For") == 0 && value &&
		   f->forwarded < (int)(sizeof(f->forwarded_for) / sizeof(f->forwarded_for[0]))) {
		f->forwarded_for[f->forwarded++] = value;
	}
	return MHD_YES;
}

static void scan_headers(struct request *req, struct framing *f)
{
	memset(f, 0, sizeof(*f));
	MHD_get_connection_values(req->conn, MHD_HEADER_KIND, scan_header, f);
}

/* RFC 9112 section 6: a body's end must be unambiguous, or a proxy in front and this server
 * could disagree on where the next request begins (request smuggling). libmicrohttpd 0.9.75
 * takes Transfer-Encoding over Content-Length and the first of two lengths, and waits for a body
 * it cannot frame, so these are refused here, on the first call, before any body is read; the
 * connection is closed after the answer. Returns 0, or -1 after answering. */
int http_framing_or_reply(struct request *req)
{
	struct framing f;
	size_t n;
	const char *e;

	scan_headers(req, &f);
	if (!f.lengths && !f.encodings)
		return 0;
	req->close_after = 1;
	if (f.lengths && f.encodings) {
		http_send_error(req, 400,
				"The request has both Content-Length and Transfer-Encoding; "
				"send one of them.");
		return -1;
	}
	if (f.lengths > 1) {
		http_send_error(req, 400, "The request has more than one Content-Length; send one.");
		return -1;
	}
	if (f.encodings) {
		e = f.encoding + strspn(f.encoding, " \t");
		n = strlen(e);
		while (n && (e[n - 1] == ' ' || e[n - 1] == '\t'))
			n--;
		if (f.encodings > 1 || n != 7 || strncasecmp(e, "chunked", 7) != 0) {
			http_send_error(req, 501,
					"Transfer-Encoding \"%s\" is not supported; send the "
					"body with Content-Length or Transfer-Encoding: chunked.",
					f.encoding);
			return -1;
		}
	}
	req->close_after = 0;
	return 0;
}

/* Whether the request announces a body (its framing already checked). */
int http_announces_body(struct request *req)
{
	const char *len = http_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);

	return http_header(req, MHD_HTTP_HEADER_TRANSFER_ENCODING) ||
	       (len && strtoull(len, NULL, 10) > 0);
}

/* The rate bucket of the request: the verified key's, else the client address's. Returns 0,
 * or -1 after answering 429 (or replacing p's answer with it, when p is given). */
static int rate_or_reply(struct request *req, struct problem *p)
{
	const struct config *c = req->server->config;
	char who[96];
	int wait;

	if (req->key_id)
		snprintf(who, sizeof(who), "key:%lld", req->key_id);
	else
		snprintf(who, sizeof(who), "ip:%s", req->client);
	if ((wait = guard_rate(who, c->rate, c->burst)) <= 0)
		return 0;
	{
		char retry[16];
		snprintf(retry, sizeof(retry), "%d", wait);
		http_add_header(req, "Retry-After", retry);
	}
	if (p)
		problem_clear(p);
	http_send_error(req, 429,
			"Too many requests; at most %g a second, %d at once. "
			"Retry after %d s.",
			c->rate, c->burst, wait);
	return -1;
}

/* The key scope the route needs, then the key's check. A key that fails (or a request without
 * one where one is needed) is charged to the client address, never to the key it names: a flood
 * of bad keys is limited, and cannot throttle the real key. Returns 0, or -1 after answering. */
static int authorize(struct request *req)
{
	struct problem p = PROBLEM_INIT;
	int needed = req->route->scope;
	int read = strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;

	snprintf(req->actor, sizeof(req->actor), "anonymous");
	if (needed == SCOPE_PUBLIC)
		return 0;
	if (needed == SCOPE_NONE)
		needed = !read                                ? SCOPE_WRITE
			 : req->server->config->private_reads ? SCOPE_READ
							      : SCOPE_NONE;
	if (auth_check(req, (enum scope)needed, &p) == 0)
		return 0;
	if (p.status == 401 || p.status == 403) {
		if (!req->route->unlimited && rate_or_reply(req, &p) < 0)
			return -1;
	}
	http_send_problem(req, &p);
	return -1;
}

static int sum_args(void *ctx, const char *key, const char *value)
{
	*(size_t *)ctx += strlen(key) + (value ? strlen(value) : 0) + 2;
	return 0;
}

static enum MHD_Result sum_headers(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	*(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

static int bad_utf8_arg(void *ctx, const char *key, const char *value)
{
	if (utf8_valid(key) && (!value || utf8_valid(value)))
		return 0;
	*(const char **)ctx = key;
	return 1;
}

/* The path, the query and the headers within what the server reads. Returns 0, or -1 after
 * answering. */
static int sizes_or_reply(struct request *req, const struct framing *f)
{
	const struct config *c = req->server->config;
	size_t url = strlen(req->path), headers = 0;
	const char *bad = NULL;

	if (req->bad_path || req->nul_query) {
		http_send_error(req, 400,
				"The %s holds an encoded NUL byte (%%00), which nothing in this "
				"API contains.",
				req->bad_path ? "path" : "query");
		return -1;
	}
	if (req->query_params) {
		http_send_error(req, 414, "The query has %d parameters; at most %d are read.",
				req->query_params, HTTP_QUERY_PARAMS_MAX);
		return -1;
	}
	http_query_each(req, sum_args, &url);
	if (url > c->max_url) {
		http_send_error(req, 414, "The path and query are longer than %zu bytes.", c->max_url);
		return -1;
	}
	MHD_get_connection_values(req->conn, MHD_HEADER_KIND, sum_headers, &headers);
	if (headers > c->max_headers || f->lines > HTTP_HEADER_LINES_MAX) {
		http_send_error(req, 431, "The request headers are larger than %zu bytes or %d lines.",
				c->max_headers, HTTP_HEADER_LINES_MAX);
		return -1;
	}
	if (!utf8_valid(req->path)) {
		http_send_error(req, 400, "The path is not UTF-8 once decoded.");
		return -1;
	}
	if (http_query_each(req, bad_utf8_arg, &bad)) {
		struct problem p = PROBLEM_INIT;
		problem_set(&p, 400, "The query is not valid; see errors.");
		problem_field(&p, bad, "must be UTF-8 text once decoded");
		http_send_problem(req, &p);
		return -1;
	}
	return 0;
}

static const char *const json_only[] = {"application/json", NULL};

/* Accept against what the route produces (RFC 9110 section 12.5.1); 0, or -1 after a 406. */
static int negotiate_or_reply(struct request *req)
{
	const char *const *offers = req->route->produces ? req->route->produces : json_only;
	struct problem p = PROBLEM_INIT;
	struct buf list = BUF_INIT;
	json_t *types;

	if (offers[0][0] == '*' || strcmp(req->method, "DELETE") == 0)
		return 0;
	if ((req->produce = negotiate(http_header(req, MHD_HTTP_HEADER_ACCEPT), offers)) >= 0)
		return 0;
	types = json_array();
	for (int i = 0; offers[i]; i++) {
		buf_printf(&list, "%s%s", i ? ", " : "", offers[i]);
		json_array_append_new(types, json_string(offers[i]));
	}
	problem_set(&p, 406, "The Accept header admits none of what this answers with: %s.",
		    list.data ? list.data : "");
	p.extra = json_pack("{s:o}", "acceptable", types);
	buf_free(&list);
	http_send_problem(req, &p);
	return -1;
}

/* Everything before the handler, once per request: on the first call for a request with a body
 * (so nothing of it is read for a request that will be refused), else on the last. Returns 0,
 * or -1 after answering. */
int http_admit(struct request *req)
{
	const struct config *c = req->server->config;
	const union MHD_ConnectionInfo *ci;
	struct framing f;
	int options = strcmp(req->method, "OPTIONS") == 0;

	if (req->admitted)
		return 0;
	req->admitted = 1;
	scan_headers(req, &f);
	ci = MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	client_address(ci ? ci->client_addr : NULL, f.forwarded_for, f.forwarded, c->trusted,
		       c->ntrusted, req->client, sizeof(req->client));
	if (sizes_or_reply(req, &f) < 0)
		return -1;
	if (req->route && !options && authorize(req) < 0)
		return -1;
	if (!(req->route && req->route->unlimited) && rate_or_reply(req, NULL) < 0)
		return -1;
	if (!req->route || options)
		return 0;
	if (negotiate_or_reply(req) < 0)
		return -1;
	if (!req->route->idempotent && strcmp(req->method, "POST") == 0 &&
	    http_header(req, "Idempotency-Key")) {
		/* Silently ignoring it would promise a safety the request does not have. */
		http_send_error(req, 400,
				"Idempotency-Key is honoured on creates (POST "
				"/v1/<collection>) only.");
		return -1;
	}
	/* Last: a request refused for anything above takes no share of heavy work. */
	if (req->route->heavy && req->route->heavy(req) && heavy_enter(req) < 0)
		return -1;
	return 0;
}
