/* Responses: headers every answer carries (security, caching, CORS, keep-alive), bodies whole
 * or streamed, problem+json, and the helpers that validate and answer in one step. Every
 * request is answered exactly once, through http_send or http_send_stream. */
#include "http/internal.h"

#include "db/db.h"
#include "http/http.h"

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <microhttpd.h>

#include "core/config.h"
#include "core/log.h"
#include "core/oom.h"
#include "http/guard.h"

int http_add_header(struct request *req, const char *name, const char *value)
{
	struct header *h = realloc(req->headers, sizeof(*h) * (size_t)(req->nheaders + 1));

	if (!h) {
		oom_note();
		return -1;
	}
	req->headers = h;
	h[req->nheaders].name = strdup(name);
	h[req->nheaders].value = strdup(value);
	if (h[req->nheaders].name && h[req->nheaders].value) {
		req->nheaders++;
		return 0;
	}
	free(h[req->nheaders].name);
	free(h[req->nheaders].value);
	/* An answer without a header it should have (a 201 without its Location) would lie. */
	oom_note();
	return -1;
}

void http_drop_headers(struct request *req)
{
	for (int i = 0; i < req->nheaders; i++) {
		free(req->headers[i].name);
		free(req->headers[i].value);
	}
	free(req->headers);
	req->headers = NULL;
	req->nheaders = 0;
}

/* The Origin of a cross-site request when --cors-origin allows it, else NULL. */
const char *http_cors_origin(struct request *req)
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

static int is_write(const char *method)
{
	return method && (strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
			  strcmp(method, "PATCH") == 0 || strcmp(method, "DELETE") == 0);
}

/* Headers every response carries: security headers, Cache-Control (no-cache unless the
 * handler chose: a browser revalidates, and with honest validators that is cheap and right),
 * Vary, CORS for allowed origins, the request's own extra headers, and Connection: close when
 * the server is stopping or the request's framing was refused. */
static void common_headers(struct request *req, struct MHD_Response *r, int status,
			   const char *content_type)
{
	const char *origin = http_cors_origin(req);
	int html = content_type && strncmp(content_type, "text/html", 9) == 0;

	for (const struct header_row *h = security_headers; h->name; h++)
		MHD_add_response_header(r, h->name, h->value);
	/* Not on a 304: a browser merges its headers into the response it has cached, and the
	 * policy of "no body" would replace the page's own (its scripts then never ran). */
	if (status != 304)
		MHD_add_response_header(r, "Content-Security-Policy", html ? csp_html : csp_other);
	if (!has_extra_header(req, "Cache-Control"))
		MHD_add_response_header(r, "Cache-Control", "no-cache");
	MHD_add_response_header(r, "Vary",
				req->route && req->route->produces && req->route->produces[0][0] != '*'
					? "Origin, Accept"
					: "Origin");
	if (origin) {
		MHD_add_response_header(r, "Access-Control-Allow-Origin", origin);
		MHD_add_response_header(r, "Access-Control-Expose-Headers",
					"ETag, Location, Link, Retry-After, X-Total-Count, "
					"WWW-Authenticate, Idempotent-Replayed, Swaptrack-LSN");
	}
	for (int i = 0; i < req->nheaders; i++)
		MHD_add_response_header(r, req->headers[i].name, req->headers[i].value);
	/* Read-your-writes: a write that went through tells where the primary's WAL was after it;
	 * a read that sends it back as Swaptrack-Min-LSN sees the write (db_route_read). */
	if (status >= 200 && status < 400 && is_write(req->method)) {
		char lsn[24];
		if (db_write_lsn(lsn) == 0)
			MHD_add_response_header(r, "Swaptrack-LSN", lsn);
	}
	if (http_stopping() || req->body_too_large || req->close_after)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	guard_responding(req->guard);
}

void http_raw_security_headers(struct buf *out)
{
	for (const struct header_row *h = security_headers; h->name; h++)
		buf_printf(out, "%s: %s\r\n", h->name, h->value);
	buf_printf(out, "Content-Security-Policy: %s\r\n", csp_other);
}

/* Queues r (and lets go of it): on the request's worker, with libmicrohttpd; on the heavy pool
 * (heavy.c), kept for the worker, which queues it when the connection is resumed. 0 once
 * answered. */
static int queue(struct request *req, int status, struct MHD_Response *r)
{
	if (req->on_pool) {
		req->deferred = r;
		req->deferred_status = status;
	} else if (MHD_queue_response(req->conn, (unsigned)status, r) == MHD_YES) {
		MHD_destroy_response(r);
	} else {
		MHD_destroy_response(r);
		return -1;
	}
	req->answered = 1;
	req->status = status;
	return 0;
}

int http_always_heavy(struct request *req)
{
	(void)req;
	return 1;
}

int http_expired(const struct request *req)
{
	struct timespec ts;

	if (!req->on_pool)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000 > req->heavy_deadline_us;
}

void http_send_expired(struct request *req)
{
	http_add_header(req, "Retry-After", "5");
	http_send_error(req, 503,
			"This took longer than the server gives one request of its kind "
			"(--heavy-timeout, %g s); nothing was stored. Retry later, or with less.",
			req->server->config->heavy_timeout_ms / 1000.0);
}

/* The answer when memory ran out, made without allocating. */
static const char oom_text[] = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\","
			       "\"status\":503,\"detail\":\"The server is out of memory.\"}";

/* Queues an answer whose body is body (malloc'd, taken over) or else the static text fixed. */
static void send_answer(struct request *req, int status, const char *content_type, char *body,
			const char *fixed, size_t len)
{
	struct MHD_Response *r;

	if (req->answered) {
		free(body);
		return;
	}
	/* Memory ran out while this answer was made: whatever it says may be missing a part
	 * (core/oom.h), so it is not sent; 503 is, without the headers meant for it. */
	if (oom_seen() && status != 503) {
		free(body);
		body = NULL;
		http_drop_headers(req);
		status = 503;
		content_type = "application/problem+json";
		fixed = oom_text;
		len = sizeof(oom_text) - 1;
	}
	r = MHD_create_response_from_buffer(len, body ? body : (char *)(fixed ? fixed : ""),
					    body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(body);
		return;
	}
	if (content_type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	common_headers(req, r, status, content_type);
	if (queue(req, status, r) == 0)
		req->bytes = len;
}

void http_send(struct request *req, int status, const char *content_type, char *body, size_t len)
{
	send_answer(req, status, content_type, body, NULL, body ? len : 0);
}

void http_send_out_of_memory(struct request *req)
{
	http_drop_headers(req);
	send_answer(req, 503, "application/problem+json", NULL, oom_text, sizeof(oom_text) - 1);
}

/* The byte count of a streamed body, owned jointly by the request (for the access log) and the
 * response's reader; whichever lets go last frees it. Both run on the connection's thread. */
struct stream_count {
	size_t bytes;
	int refs;
};

size_t http_streamed_bytes(const struct stream_count *c)
{
	return c->bytes;
}

void http_stream_release(struct stream_count *c)
{
	if (c && --c->refs == 0)
		free(c);
}

struct stream_state {
	struct stream s;
	struct buf pending;
	size_t offset; /* of pending, already handed to libmicrohttpd */
	int finished;  /* next returned 0 */
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
		/* A piece that ran out of memory is missing a part: the stream is cut (the client
		 * sees it end without its last chunk), never sent with a hole. */
		if (rc < 0 || buf_failed(&st->pending))
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
	http_stream_release(st->count);
	free(st);
}

void http_send_stream(struct request *req, int status, const char *content_type, struct stream s)
{
	struct stream_state *st = calloc(1, sizeof(*st));
	struct MHD_Response *r;

	if (!st || req->answered || oom_seen() || !(st->count = calloc(1, sizeof(*st->count)))) {
		free(st);
		s.done(s.ctx);
		if (!req->answered)
			http_send_out_of_memory(req);
		return;
	}
	st->s = s;
	st->count->refs = 2;
	req->streamed = st->count;
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, stream_read, st, stream_free);
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
	queue(req, status, r);
}

void http_send_json(struct request *req, int status, json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;

	json_decref(j);
	if (!s) {
		http_send_out_of_memory(req); /* no JSON to send: memory ran out making it */
		return;
	}
	http_send(req, status, "application/json", s, strlen(s));
}

char *http_problem_text(const struct problem *p)
{
	json_t *j = problem_json(p);
	/* Scores (a candidate's) as they were rounded, 0.9188, not as binary made them. */
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;

	json_decref(j);
	return s;
}

void http_send_problem(struct request *req, struct problem *p)
{
	char *s = http_problem_text(p);

	if (s && p->allow && http_add_header(req, MHD_HTTP_HEADER_ALLOW, p->allow) < 0) {
		free(s);
		s = NULL;
	}
	if (!s)
		http_send_out_of_memory(req);
	else
		http_send(req, p->status ? p->status : 500, "application/problem+json", s, strlen(s));
	problem_clear(p);
}

void http_send_error(struct request *req, int status, const char *fmt, ...)
{
	struct problem p = PROBLEM_INIT;
	char *detail = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&detail, fmt, ap) < 0) {
		detail = NULL;
		oom_note(); /* a problem without its detail: the fixed 503 instead */
	}
	va_end(ap);
	problem_set(&p, status, "%s", detail ? detail : "");
	free(detail);
	http_send_problem(req, &p);
}

int http_id_or_reply(struct request *req, const char *s, long long *id)
{
	char *end;

	errno = 0;
	*id = s && *s >= '1' && *s <= '9' ? strtoll(s, &end, 10) : 0;
	if (!*id || errno || *end) {
		http_send_error(req, 404, "There is nothing at %s.", req->path);
		return -1;
	}
	return 0;
}

static int any_arg(void *ctx, const char *key, const char *value)
{
	(void)value;
	*(const char **)ctx = key;
	return 1;
}

int http_no_query_or_reply(struct request *req)
{
	const char *key = NULL;

	if (!http_query_each(req, any_arg, &key))
		return 0;
	http_send_error(req, 400, "Unknown query parameter '%s'; this endpoint takes none.", key);
	return -1;
}

void http_send_json_text(struct request *req, int status, const char *text)
{
	char *copy = strdup(text);

	if (!copy) {
		http_send_out_of_memory(req);
		return;
	}
	http_send(req, status, "application/json", copy, strlen(copy));
}

/* The media type of the request body, without parameters, in *type; 0, or -1 after a 415. */
static int content_type_or_reply(struct request *req, int merge_patch)
{
	const char *ct = http_header(req, "Content-Type");
	size_t n;
	const char *params;

	if (!ct)
		goto bad;
	n = strcspn(ct, "; \t");
	params = ct + n;
	if (!((n == 16 && strncasecmp(ct, "application/json", n) == 0) ||
	      (merge_patch && n == 28 && strncasecmp(ct, "application/merge-patch+json", n) == 0)))
		goto bad;
	/* Only UTF-8 is accepted; a charset parameter, if any, must say so. */
	while (*params == ';' || *params == ' ' || *params == '\t')
		params++;
	if (*params && strncasecmp(params, "charset=utf-8", 13) != 0 &&
	    strncasecmp(params, "charset=\"utf-8\"", 15) != 0)
		goto bad;
	return 0;
bad:
	http_send_error(req, 415, "Send the body as %s with UTF-8 (Content-Type: %s).",
			merge_patch ? "application/merge-patch+json or application/json"
				    : "application/json",
			ct ? ct : "missing");
	return -1;
}

/* The request body as a JSON object; NULL after answering 415, 400 or 422. */
json_t *http_json_body_or_reply(struct request *req, int merge_patch)
{
	json_error_t err;
	json_t *j;

	if (content_type_or_reply(req, merge_patch) < 0)
		return NULL;
	if (req->body.len == 0) {
		http_send_error(req, 400, "The request needs a JSON body.");
		return NULL;
	}
	j = json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES, &err);
	/* Jansson's parser may go on past an allocation it could not make, with a byte dropped
	 * or an error that blames the body: neither is believed. */
	if (oom_seen() || (!j && json_error_code(&err) == json_error_out_of_memory)) {
		json_decref(j);
		http_send_out_of_memory(req);
		return NULL;
	}
	if (!j) {
		http_send_error(req, 400, "The body is not valid JSON: %s (line %d, column %d).",
				err.text, err.line, err.column);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		http_send_error(req, 422, "The body must be a JSON object.");
		return NULL;
	}
	return j;
}
