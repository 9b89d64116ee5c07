/* libmicrohttpd glue: per-request state, body collection up to the limit, dispatch through the
 * route table, responses, the access log, and a graceful stop.
 *
 * libmicrohttpd calls the access handler several times per request: first when the headers have
 * arrived, then once per piece of body, then once more with no data. We answer only on that last
 * call. Queuing a response on the first call makes libmicrohttpd 0.9.75 close the connection
 * after every response, losing keep-alive (tests/http/test_server.c proves we keep it). The one
 * deliberate exception is a body announced larger than the limit, answered at once with 413 so
 * that it is never uploaded. */
#include "http/http.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <poll.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http/auth.h"
#include "core/client.h"
#include "core/config.h"
#include "http/guard.h"
#include "db/db.h"
#include "core/log.h"
#include "http/metrics.h"
#include "http/negotiate.h"
#include "core/utf8.h"

static atomic_int inflight;       /* requests begun and not yet completed */
static atomic_int shutting_down;  /* set by http_stop: responses then close their connection */

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int http_in_flight(void)
{
	return atomic_load(&inflight);
}

int http_threads(struct request *req)
{
	return req->server->config->threads;
}

const char *http_header(struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_query(struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

struct each_ctx {
	int (*fn)(void *ctx, const char *key, const char *value);
	void *ctx;
	int rc;
};

static enum MHD_Result each_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *value)
{
	struct each_ctx *e = cls;

	(void)kind;
	e->rc = e->fn(e->ctx, key, value);
	return e->rc ? MHD_NO : MHD_YES;
}

int http_query_each(struct request *req, int (*fn)(void *ctx, const char *key, const char *value),
		    void *ctx)
{
	struct each_ctx e = {fn, ctx, 0};

	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, each_arg, &e);
	return e.rc;
}

void http_add_header(struct request *req, const char *name, const char *value)
{
	struct header *h = realloc(req->headers, sizeof(*h) * (size_t)(req->nheaders + 1));

	if (!h)
		return;
	req->headers = h;
	h[req->nheaders].name = strdup(name);
	h[req->nheaders].value = strdup(value);
	if (h[req->nheaders].name && h[req->nheaders].value) {
		req->nheaders++;
	} else {
		free(h[req->nheaders].name);
		free(h[req->nheaders].value);
	}
}

/* The Origin of a cross-site request when --cors-origin allows it, else NULL. */
static const char *cors_origin(struct request *req)
{
	const char *o = http_header(req, "Origin");
	const struct config *c = req->server->config;

	for (int i = 0; o && i < c->ncors; i++)
		if (strcmp(o, c->cors[i]) == 0)
			return o;
	return NULL;
}

/* The security headers of every response, also of those written on the socket directly. */
static const struct header_row {
	const char *name, *value;
} security_headers[] = {
	{"X-Content-Type-Options", "nosniff"},
	{"X-Frame-Options", "DENY"},
	{"Referrer-Policy", "no-referrer"},
	{NULL, NULL},
};

static const char csp_html[] = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'";
static const char csp_other[] = "default-src 'none'; frame-ancestors 'none'";

static int has_extra_header(const struct request *req, const char *name)
{
	for (int i = 0; i < req->nheaders; i++)
		if (strcasecmp(req->headers[i].name, name) == 0)
			return 1;
	return 0;
}

/* Headers every response carries: security headers, Cache-Control (no-cache unless the
 * handler chose: a browser revalidates, and with honest validators that is cheap and right),
 * Vary, CORS for allowed origins, the request's own extra headers, and Connection: close when
 * the server is stopping or the request's framing was refused. */
static void common_headers(struct request *req, struct MHD_Response *r, int status,
			   const char *content_type)
{
	const char *origin = cors_origin(req);
	int html = content_type && strncmp(content_type, "text/html", 9) == 0;

	for (const struct header_row *h = security_headers; h->name; h++)
		MHD_add_response_header(r, h->name, h->value);
	/* Not on a 304: a browser merges its headers into the response it has cached, and the
	 * policy of "no body" would replace the page's own (its scripts then never ran). */
	if (status != 304)
		MHD_add_response_header(r, "Content-Security-Policy", html ? csp_html : csp_other);
	if (!has_extra_header(req, "Cache-Control"))
		MHD_add_response_header(r, "Cache-Control", "no-cache");
	MHD_add_response_header(r, "Vary", req->route && req->route->produces &&
				req->route->produces[0][0] != '*' ? "Origin, Accept" : "Origin");
	if (origin) {
		MHD_add_response_header(r, "Access-Control-Allow-Origin", origin);
		MHD_add_response_header(r, "Access-Control-Expose-Headers",
					"ETag, Location, Link, Retry-After, X-Total-Count, "
					"WWW-Authenticate, Idempotent-Replayed");
	}
	for (int i = 0; i < req->nheaders; i++)
		MHD_add_response_header(r, req->headers[i].name, req->headers[i].value);
	if (atomic_load(&shutting_down) || req->body_too_large || req->close_after)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	guard_responding(req->guard);
}

void http_send(struct request *req, int status, const char *content_type, char *body, size_t len)
{
	struct MHD_Response *r;

	if (req->answered) {
		free(body);
		return;
	}
	r = MHD_create_response_from_buffer(len, body ? body : (char *)"",
					    body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(body);
		return;
	}
	if (content_type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	common_headers(req, r, status, content_type);
	if (MHD_queue_response(req->conn, (unsigned)status, r) == MHD_YES) {
		req->answered = 1;
		req->status = status;
		req->bytes = len;
	}
	MHD_destroy_response(r);
}

/* The byte count of a streamed body, owned jointly by the request (for the access log) and the
 * response's reader; whichever lets go last frees it. Both run on the connection's thread. */
struct stream_count {
	size_t bytes;
	int refs;
};

static void count_release(struct stream_count *c)
{
	if (c && --c->refs == 0)
		free(c);
}

struct stream_state {
	struct stream s;
	struct buf pending;
	size_t offset;          /* of pending, already handed to libmicrohttpd */
	int finished;           /* next returned 0 */
	struct stream_count *count;
};

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct stream_state *st = cls;

	(void)pos;
	while (st->offset == st->pending.len) {
		int rc;
		if (st->finished)
			return MHD_CONTENT_READER_END_OF_STREAM;
		buf_reset(&st->pending);
		st->offset = 0;
		rc = st->s.next(st->s.ctx, &st->pending);
		if (rc < 0)
			return MHD_CONTENT_READER_END_WITH_ERROR;
		st->finished = rc == 0;
	}
	if (max > st->pending.len - st->offset)
		max = st->pending.len - st->offset;
	memcpy(out, st->pending.data + st->offset, max);
	st->offset += max;
	st->count->bytes += max;
	return (ssize_t)max;
}

static void stream_free(void *cls)
{
	struct stream_state *st = cls;

	st->s.done(st->s.ctx);
	buf_free(&st->pending);
	count_release(st->count);
	free(st);
}

void http_send_stream(struct request *req, int status, const char *content_type, struct stream s)
{
	struct stream_state *st = calloc(1, sizeof(*st));
	struct MHD_Response *r;

	if (!st || req->answered || !(st->count = calloc(1, sizeof(*st->count)))) {
		free(st);
		s.done(s.ctx);
		if (!req->answered)
			http_send_error(req, 503, "The server is out of memory.");
		return;
	}
	st->s = s;
	st->count->refs = 2;
	req->streamed = st->count;
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, stream_read, st,
					      stream_free);
	/* HEAD: libmicrohttpd 0.9.75 ends a chunked answer to HEAD with the chunked terminator
	 * ("0" CRLF CRLF), a body the client does not expect, which desynchronises a keep-alive
	 * connection. So HEAD gets the headers without Transfer-Encoding (the length is known only
	 * by producing the body, RFC 9110 section 9.3.2), and the connection closes after it. */
	if (r && req->head &&
	    MHD_set_response_options(r, MHD_RF_HTTP_1_0_COMPATIBLE_STRICT, MHD_RO_END) != MHD_YES) {
		MHD_destroy_response(r);
		r = NULL;
	}
	if (!r) {
		req->streamed = NULL;
		st->count->refs = 1;
		stream_free(st);
		http_send_error(req, 503, "The server is out of memory.");
		return;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	common_headers(req, r, status, content_type);
	if (MHD_queue_response(req->conn, (unsigned)status, r) == MHD_YES) {
		req->answered = 1;
		req->status = status;
	}
	MHD_destroy_response(r);
}

void http_send_json(struct request *req, int status, json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;

	json_decref(j);
	if (!s) {
		http_send(req, 500, "application/problem+json",
			  strdup("{\"type\":\"about:blank\",\"title\":\"Internal Server Error\","
				 "\"status\":500}"), 67);
		return;
	}
	http_send(req, status, "application/json", s, strlen(s));
}

char *http_problem_text(const struct problem *p)
{
	json_t *j = problem_json(p);
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;

	json_decref(j);
	return s;
}

void http_send_problem(struct request *req, struct problem *p)
{
	char *s = http_problem_text(p);

	if (p->allow)
		http_add_header(req, MHD_HTTP_HEADER_ALLOW, p->allow);
	http_send(req, p->status ? p->status : 500, "application/problem+json", s, s ? strlen(s) : 0);
	problem_clear(p);
}

void http_send_error(struct request *req, int status, const char *fmt, ...)
{
	struct problem p = PROBLEM_INIT;
	char *detail = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&detail, fmt, ap) < 0)
		detail = NULL;
	va_end(ap);
	problem_set(&p, status, "%s", detail ? detail : "");
	free(detail);
	http_send_problem(req, &p);
}

/* OPTIONS answers which methods the path has, from the route table. */
static void answer_options(struct request *req)
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
		if (want && cors_origin(req)) {
			http_add_header(req, "Access-Control-Allow-Methods", p.allow);
			http_add_header(req, "Access-Control-Allow-Headers",
					"Authorization, Content-Type, Accept, If-Match, If-None-Match, "
					"Idempotency-Key");
			http_add_header(req, "Access-Control-Max-Age", "600");
		}
		problem_clear(&p);
		http_send(req, 204, NULL, NULL, 0);
		return;
	}
	http_send_problem(req, &p);
}

/* ---- Admission: what a request must pass before its handler runs, and, when it carries a
 * body, before a byte of that body is read: framing, sizes, the key, the rate, Accept. ---- */

/* The request whose head this thread is reading: its URI was seen (on_uri), its handler not yet
 * called. libmicrohttpd reads one connection's available bytes at a time on its thread, so a
 * request in this state whose headers are complete is the one being parsed (see on_mhd_error). */
static _Thread_local struct request *parsing;

struct framing {
	int lengths;            /* Content-Length headers */
	int encodings;          /* Transfer-Encoding headers */
	const char *encoding;   /* the last one's value */
	int forwarded;          /* X-Forwarded-For headers kept below */
	const char *forwarded_for[16];
	int lines;              /* header lines */
};

static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
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
static int framing_or_reply(struct request *req)
{
	struct framing f;
	size_t n;
	const char *e;

	scan_headers(req, &f);
	if (!f.lengths && !f.encodings)
		return 0;
	req->close_after = 1;
	if (f.lengths && f.encodings) {
		http_send_error(req, 400, "The request has both Content-Length and Transfer-Encoding; "
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
			http_send_error(req, 501, "Transfer-Encoding \"%s\" is not supported; send the "
					"body with Content-Length or Transfer-Encoding: chunked.",
					f.encoding);
			return -1;
		}
	}
	req->close_after = 0;
	return 0;
}

/* Whether the request announces a body (its framing already checked). */
static int announces_body(struct request *req)
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
	http_send_error(req, 429, "Too many requests; at most %g a second, %d at once. "
			"Retry after %d s.", c->rate, c->burst, wait);
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
		needed = !read ? SCOPE_WRITE : req->server->config->private_reads ? SCOPE_READ
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

static enum MHD_Result sum_headers(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
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
		http_send_error(req, 400, "The %s holds an encoded NUL byte (%%00), which nothing in this "
				"API contains.", req->bad_path ? "path" : "query");
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
static int admit(struct request *req)
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
		http_send_error(req, 400, "Idempotency-Key is honoured on creates (POST "
				"/v1/<collection>) only.");
		return -1;
	}
	return 0;
}

static void dispatch(struct request *req)
{
	if (req->refused) {
		http_add_header(req, "Retry-After", "1");
		http_send_error(req, 503, "The server is shutting down; retry with another.");
		return;
	}
	if (req->body_too_large) {
		http_send_error(req, 413, "The request body is larger than %zu bytes.",
				req->server->config->max_body);
		return;
	}
	if (admit(req) < 0)
		return;
	if (strcmp(req->method, "OPTIONS") == 0) {
		answer_options(req);
		return;
	}
	if (!req->route) {
		http_send_problem(req, &req->no_route);
		return;
	}
	req->route->handler(req);
	if (!req->answered) {
		log_msg("handler for %s %s queued no response", req->route->method,
			req->route->pattern);
		http_send_error(req, 500, "An unexpected error occurred; it has been logged.");
	}
}

/* A %XX in s[0..n) that decodes to NUL. */
static int has_encoded_nul(const char *s, size_t n)
{
	for (size_t i = 0; i + 2 < n; i++)
		if (s[i] == '%' && s[i + 1] == '0' && s[i + 2] == '0')
			return 1;
	return 0;
}

/* libmicrohttpd calls this with the raw request target as soon as the request line is read,
 * before it decodes the path and parses the query into one record per parameter (each taking
 * room in the connection's fixed memory, where too many would make it fail without an answer).
 * The request's state begins here. Too many parameters: the query is cut off before it is
 * parsed, and the request is answered 414 by admission. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct request *req = calloc(1, sizeof(*req));
	const char *q = strchr(uri, '?');
	size_t path_len = q ? (size_t)(q - uri) : strlen(uri);

	(void)cls;
	if (!req) {
		parsing = NULL;   /* on_request makes its state later; nothing to answer early for */
		return NULL;
	}
	req->conn = conn;
	req->started_us = now_us();
	req->bad_path = has_encoded_nul(uri, path_len);
	if (q) {
		int params = 1;
		req->nul_query = has_encoded_nul(q, strlen(q));
		for (const char *a = q; (a = strchr(a + 1, '&'));)
			params++;
		if (params > HTTP_QUERY_PARAMS_MAX) {
			req->query_params = params;
			((char *)q)[1] = '\0';   /* libmicrohttpd's own buffer, NUL-terminated here */
		}
	}
	parsing = req;
	return req;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	const struct server *srv = cls;
	struct request *req = *con_cls;

	(void)version;
	if (!req || !req->started) {
		const char *len;

		if (!req && !(req = calloc(1, sizeof(*req))))
			return MHD_NO;
		if (parsing == req)
			parsing = NULL;
		req->started = 1;
		req->conn = conn;
		req->server = srv;
		req->method = method;
		req->path = url;
		req->head = strcmp(method, "HEAD") == 0;
		if (!req->started_us)
			req->started_us = now_us();
		{
			const union MHD_ConnectionInfo *ci =
				MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
			req->guard = ci ? ci->socket_context : NULL;
		}
		*con_cls = req;
		db_count_reset();
		/* After SIGTERM new requests are turned away (503) and not waited for. */
		req->refused = atomic_load(&shutting_down);
		if (!req->refused)
			atomic_fetch_add(&inflight, 1);
		/* Routed now, while only the headers are in: the route decides how the body is read. */
		req->route = route_match(srv->routes, method, url, req->params, &req->nparams,
					 &req->no_route);
		if (framing_or_reply(req) < 0)
			return MHD_YES;
		len = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						  MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (len && strtoull(len, NULL, 10) > srv->config->max_body &&
		    !(req->route && req->route->upload)) {
			req->body_too_large = 1;
			dispatch(req);
			return MHD_YES;
		}
		/* A body is read only for a request that may go ahead. */
		if (announces_body(req) && !req->refused)
			admit(req);
		return MHD_YES;
	}
	if (*upload_data_size) {
		guard_progress(req->guard, *upload_data_size);
		if (req->answered) {
			*upload_data_size = 0;
			return MHD_YES;
		}
		if (req->route && req->route->upload) {
			if (!req->upload_failed &&
			    req->route->upload(req, upload_data, *upload_data_size) < 0)
				req->upload_failed = 1;
			*upload_data_size = 0;
			return MHD_YES;
		}
		if (!req->body_too_large &&
		    (req->body.len + *upload_data_size > srv->config->max_body ||
		     buf_append(&req->body, upload_data, *upload_data_size) < 0)) {
			req->body_too_large = 1;
			buf_free(&req->body);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (!req->answered)
		dispatch(req);
	return MHD_YES;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct request *req = *con_cls;
	struct buf line = BUF_INIT;

	(void)cls;
	(void)conn;
	if (!req)
		return;
	if (parsing == req)
		parsing = NULL;
	if (!req->started) {
		/* Refused while its head was read, by libmicrohttpd or by on_mhd_error. */
		if (req->answered_raw)
			log_msg("- (unparsed request) %d %zu %lldus 0q", req->status, req->bytes,
				now_us() - req->started_us);
		metrics_request(NULL, req->answered_raw ? req->status : 0, now_us() - req->started_us);
		free(req);
		*con_cls = NULL;
		return;
	}
	/* method, path (every byte that is not printable ASCII escaped by log_msg), status, body
	 * bytes, wall time, and the database statements the request sent */
	if (req->streamed)
		req->bytes = req->streamed->bytes;
	buf_printf(&line, "%s %s %d %zu %lldus %dq%s", req->method, req->path,
		   req->answered ? req->status : 0, req->bytes, now_us() - req->started_us,
		   db_count(), toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
	if (line.data)
		log_msg("%s", line.data);
	metrics_request(req->route, req->answered ? req->status : 0, now_us() - req->started_us);
	buf_free(&line);
	guard_idle(req->guard);
	count_release(req->streamed);
	if (req->state_free)
		req->state_free(req->state);
	problem_clear(&req->no_route);
	for (int i = 0; i < req->nparams; i++)
		free(req->params[i]);
	for (int i = 0; i < req->nheaders; i++) {
		free(req->headers[i].name);
		free(req->headers[i].value);
	}
	free(req->headers);
	buf_free(&req->body);
	if (!req->refused)
		atomic_fetch_sub(&inflight, 1);
	free(req);
	*con_cls = NULL;
}

/* The listener: one libmicrohttpd daemon per worker thread, none of them listening, and a thread
 * of ours that accepts and hands each connection to the worker with the fewest open. (With
 * libmicrohttpd's own thread pool the first worker to wake accepts every connection waiting, and
 * a worker serves its connections one request at a time on its one database connection: 8
 * connections often landed on 2 of 4 workers, and the server ran at half speed; see
 * bench/README.md.) */
struct http_listener {
	int fd;
	int n;
	struct MHD_Daemon **workers;
	atomic_int *open;           /* connections open per worker */
	atomic_int open_total;
	int cap;                    /* --max-connections: past it, clients wait in the backlog */
	atomic_int stop;
	pthread_t acceptor;
};

static struct http_listener *listener;

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	atomic_int *open = cls;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = ci ? guard_open(ci->connect_fd) : NULL;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		guard_close(*socket_context);
		*socket_context = NULL;
		atomic_fetch_sub(open, 1);
		atomic_fetch_sub(&listener->open_total, 1);
	}
}

static void *accept_loop(void *arg)
{
	struct http_listener *l = arg;

	while (!atomic_load(&l->stop)) {
		struct pollfd p = {l->fd, POLLIN, 0};
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		int c, best = 0;

		if (atomic_load(&l->open_total) >= l->cap) {
			usleep(1000);
			continue;
		}
		if (poll(&p, 1, 100) <= 0)
			continue;
		c = accept4(l->fd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (c < 0) {
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
				usleep(10 * 1000);   /* out of descriptors: let some close */
			continue;
		}
		for (int i = 1; i < l->n; i++)
			if (atomic_load(&l->open[i]) < atomic_load(&l->open[best]))
				best = i;
		/* Counted before the hand-over: the worker may close it before this thread runs on.
		 * libmicrohttpd closes the socket itself when it cannot take it. */
		atomic_fetch_add(&l->open[best], 1);
		atomic_fetch_add(&l->open_total, 1);
		if (MHD_add_connection(l->workers[best], c, (struct sockaddr *)&ss, len) != MHD_YES) {
			log_msg("http: a worker could not take a connection: %s", strerror(errno));
			atomic_fetch_sub(&l->open[best], 1);
			atomic_fetch_sub(&l->open_total, 1);
		}
	}
	return NULL;
}

static void listener_free(struct http_listener *l)
{
	if (!l)
		return;
	for (int i = 0; i < l->n; i++)
		if (l->workers[i])
			MHD_stop_daemon(l->workers[i]);
	if (l->fd >= 0)
		close(l->fd);
	free(l->workers);
	free(l->open);
	free(l);
}

/* Answers req on its socket directly with a problem, then shuts the socket for writing, so that
 * what libmicrohttpd queues after it is never sent. */
static void answer_raw(struct request *req, int status, const char *detail)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	struct problem p = PROBLEM_INIT;
	struct buf out = BUF_INIT;
	char date[64], *body;
	time_t now = time(NULL);
	struct tm tm;
	size_t sent = 0;

	if (!ci)
		return;
	problem_set(&p, status, "%s", detail);
	body = http_problem_text(&p);
	problem_clear(&p);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", gmtime_r(&now, &tm));
	buf_printf(&out, "HTTP/1.1 %d %s\r\nDate: %s\r\nContent-Type: application/problem+json\r\n",
		   status, http_status_phrase(status), date);
	for (const struct header_row *h = security_headers; h->name; h++)
		buf_printf(&out, "%s: %s\r\n", h->name, h->value);
	buf_printf(&out, "Content-Security-Policy: %s\r\nCache-Control: no-cache\r\n"
		   "Connection: close\r\nContent-Length: %zu\r\n\r\n%s", csp_other,
		   body ? strlen(body) : 0, body ? body : "");
	while (out.data && sent < out.len) {
		ssize_t n = send(ci->connect_fd, out.data + sent, out.len - sent,
				 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n <= 0)
			break;
		sent += (size_t)n;
	}
	shutdown(ci->connect_fd, SHUT_WR);
	req->answered_raw = 1;
	req->status = status;
	req->bytes = body ? strlen(body) : 0;
	free(body);
	buf_free(&out);
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* libmicrohttpd's log, into ours. It also tells, before anything else, of a Content-Length it
 * cannot parse ("-1", "12abc", or past 2^64): libmicrohttpd 0.9.75 would answer that itself with
 * its status line and headers sent twice and an HTML body (connection.c: parse_connection_headers
 * queues the error, then the state machine builds the headers again). The request being parsed
 * on this thread, with its headers complete and its handler not yet called, is that request; it
 * gets one clean problem+json instead. */
static void on_mhd_error(void *cls, const char *fmt, va_list ap)
{
	struct request *req = parsing;
	char msg[512];
	size_t n;

	(void)cls;
	if (req && !req->started && !req->answered_raw &&
	    MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE)) {
		if (starts_with(fmt, "Failed to parse `Content-Length'")) {
			answer_raw(req, 400, "Content-Length must be a number of bytes: digits only.");
			return;
		}
		if (starts_with(fmt, "Too large value of 'Content-Length'")) {
			answer_raw(req, 413, "The Content-Length is larger than any body this server "
				   "reads.");
			return;
		}
	}
	/* What libmicrohttpd then says of the answer it no longer sends. */
	if (req && req->answered_raw && (starts_with(fmt, "Error processing request") ||
					 starts_with(fmt, "Failed to send")))
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	if (n && msg[n - 1] == '\n')
		msg[n - 1] = '\0';
	log_msg("http: %s", msg);
}

struct http_listener *http_start(const struct server *srv, int *port)
{
	const struct config *cfg = srv->config;
	struct sockaddr_storage ss;
	struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	socklen_t sslen;
	unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
			     MHD_USE_NO_LISTEN_SOCKET;
	struct http_listener *l;
	int one = 1;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, cfg->bind, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)cfg->port);
		sslen = sizeof(*in4);
	} else if (inet_pton(AF_INET6, cfg->bind, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)cfg->port);
		sslen = sizeof(*in6);
	} else {
		log_msg("--bind %s is not an IPv4 or IPv6 address", cfg->bind);
		return NULL;
	}
	if (!(l = calloc(1, sizeof(*l))) || !(l->workers = calloc((size_t)cfg->threads, sizeof(*l->workers))) ||
	    !(l->open = calloc((size_t)cfg->threads, sizeof(*l->open)))) {
		log_msg("out of memory");
		if (l)
			free(l->workers);
		free(l);
		return NULL;
	}
	l->n = cfg->threads;
	l->cap = cfg->max_connections;
	l->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (l->fd < 0 || setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    (ss.ss_family == AF_INET6 &&
	     setsockopt(l->fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) < 0) ||
	    bind(l->fd, (struct sockaddr *)&ss, sslen) < 0 || listen(l->fd, SOMAXCONN) < 0 ||
	    getsockname(l->fd, (struct sockaddr *)&ss, &sslen) < 0) {
		log_msg("cannot listen on %s port %d: %s", cfg->bind, cfg->port, strerror(errno));
		listener_free(l);
		return NULL;
	}
	*port = ntohs(ss.ss_family == AF_INET ? in4->sin_port : in6->sin6_port);
	if (guard_start(cfg->request_timeout) < 0) {
		log_msg("cannot start the connection watchdog");
		listener_free(l);
		return NULL;
	}
	listener = l;
	for (int i = 0; i < l->n; i++) {
		l->workers[i] = MHD_start_daemon(flags, 0, NULL, NULL, on_request, (void *)srv,
			MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, NULL,
			MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
			MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			MHD_OPTION_NOTIFY_CONNECTION, on_connection, (void *)&l->open[i],
			MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->request_timeout,
			MHD_OPTION_CONNECTION_LIMIT, (unsigned int)cfg->max_connections,
			/* Room for what our own limits allow, so that we, not libmicrohttpd, answer
			 * past them: the request line and headers, a record (56 bytes) for each query
			 * parameter and header line we read, and a little more for the answer's
			 * headers. Kept small because it is cleared on every request (memset was 12 %
			 * of the server's CPU at 88 KB). */
			MHD_OPTION_CONNECTION_MEMORY_LIMIT,
			(size_t)(cfg->max_url + cfg->max_headers +
				 (HTTP_QUERY_PARAMS_MAX + HTTP_HEADER_LINES_MAX) * 64 + 8 * 1024),
			MHD_OPTION_END);
		if (!l->workers[i]) {
			log_msg("cannot start worker %d", i);
			listener_free(l);
			guard_stop();
			return NULL;
		}
	}
	if (pthread_create(&l->acceptor, NULL, accept_loop, l) != 0) {
		log_msg("cannot start the accepting thread");
		listener_free(l);
		guard_stop();
		return NULL;
	}
	return l;
}

void http_stop(struct http_listener *l, int timeout_s)
{
	long long deadline = now_us() + (long long)timeout_s * 1000000;

	/* New requests now get 503 and close their connection, and only the ones in flight are
	 * waited for. (libmicrohttpd's MHD_quiesce_daemon would stop accepting instead, but 0.9.75
	 * can abort in it with a thread pool on epoll: "Failed to remove listen FD from epoll set".)
	 * Idle keep-alive connections do not count. */
	atomic_store(&shutting_down, 1);
	while (atomic_load(&inflight) > 0 && now_us() < deadline)
		usleep(10 * 1000);
	if (atomic_load(&inflight) > 0)
		log_msg("stopping with %d requests still in flight after %ds",
			atomic_load(&inflight), timeout_s);
	atomic_store(&l->stop, 1);
	pthread_join(l->acceptor, NULL);
	listener_free(l);
	guard_stop();
}
