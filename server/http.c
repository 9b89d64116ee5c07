/* libmicrohttpd glue: per-request state, body collection up to the limit, dispatch through the
 * route table, responses, the access log, and a graceful stop.
 *
 * libmicrohttpd calls the access handler several times per request: first when the headers have
 * arrived, then once per piece of body, then once more with no data. We answer only on that last
 * call. Queuing a response on the first call makes libmicrohttpd 0.9.75 close the connection
 * after every response, losing keep-alive (tests/http/test_server.c proves we keep it). The one
 * deliberate exception is a body announced larger than the limit, answered at once with 413 so
 * that it is never uploaded. */
#include "http.h"

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

#include "auth.h"
#include "config.h"
#include "guard.h"
#include "db.h"
#include "log.h"
#include "metrics.h"

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

/* Headers every response carries: security headers, Vary: Origin, CORS for allowed origins,
 * the request's own extra headers, and Connection: close when the server is stopping. */
static void common_headers(struct request *req, struct MHD_Response *r, const char *content_type)
{
	const char *origin = cors_origin(req);
	int html = content_type && strncmp(content_type, "text/html", 9) == 0;

	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Content-Security-Policy",
				html ? "default-src 'self'; frame-ancestors 'none'; base-uri 'none'"
				     : "default-src 'none'; frame-ancestors 'none'");
	MHD_add_response_header(r, "Vary", "Origin");
	if (origin) {
		MHD_add_response_header(r, "Access-Control-Allow-Origin", origin);
		MHD_add_response_header(r, "Access-Control-Expose-Headers",
					"ETag, Location, Link, Retry-After, X-Total-Count, "
					"WWW-Authenticate, Idempotent-Replayed");
	}
	for (int i = 0; i < req->nheaders; i++)
		MHD_add_response_header(r, req->headers[i].name, req->headers[i].value);
	if (atomic_load(&shutting_down) || req->body_too_large)
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
	common_headers(req, r, content_type);
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
	if (!r) {
		req->streamed = NULL;
		st->count->refs = 1;
		stream_free(st);
		http_send_error(req, 503, "The server is out of memory.");
		return;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	common_headers(req, r, content_type);
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

void http_send_problem(struct request *req, struct problem *p)
{
	json_t *j = problem_json(p);
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;

	json_decref(j);
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

/* The key scope the route needs, then the key's check. Returns 0, or -1 after answering. */
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
	http_send_problem(req, &p);
	return -1;
}

static enum MHD_Result sum_headers(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	(void)kind;
	*(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

static int sum_args(void *ctx, const char *key, const char *value)
{
	*(size_t *)ctx += strlen(key) + (value ? strlen(value) : 0) + 2;
	return 0;
}

/* "key:<id>" for a request with an API key (not verified: a flood of bad keys is limited by
 * the id it claims), else the client's address. */
static void identity(struct request *req, char *out, size_t n)
{
	const char *h = http_header(req, "Authorization");
	const union MHD_ConnectionInfo *ci;

	if (h && strncasecmp(h, "Bearer swt_", 11) == 0) {
		snprintf(out, n, "key:%.*s", (int)strcspn(h + 11, "_"), h + 11);
		return;
	}
	snprintf(out, n, "ip:?");
	ci = MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		char addr[INET6_ADDRSTRLEN] = "?";
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, addr, sizeof(addr));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, addr, sizeof(addr));
		snprintf(out, n, "ip:%s", addr);
	}
}

/* URL and header sizes, then the request rate. Returns 0, or -1 after answering. */
static int within_limits(struct request *req)
{
	const struct config *c = req->server->config;
	size_t url = strlen(req->path), headers = 0;
	char who[96];
	int wait;

	http_query_each(req, sum_args, &url);
	if (url > c->max_url) {
		http_send_error(req, 414, "The path and query are longer than %zu bytes.", c->max_url);
		return -1;
	}
	MHD_get_connection_values(req->conn, MHD_HEADER_KIND, sum_headers, &headers);
	if (headers > c->max_headers) {
		http_send_error(req, 431, "The request headers are larger than %zu bytes.",
				c->max_headers);
		return -1;
	}
	identity(req, who, sizeof(who));
	if ((wait = guard_rate(who, c->rate, c->burst)) > 0) {
		char retry[16];
		snprintf(retry, sizeof(retry), "%d", wait);
		http_add_header(req, "Retry-After", retry);
		http_send_error(req, 429, "Too many requests; at most %g a second, %d at once. "
				"Retry after %d s.", c->rate, c->burst, wait);
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
	if (within_limits(req) < 0)
		return;
	if (strcmp(req->method, "OPTIONS") == 0) {
		answer_options(req);
		return;
	}
	if (!req->route) {
		http_send_problem(req, &req->no_route);
		return;
	}
	if (authorize(req) < 0)
		return;
	if (!req->route->idempotent && strcmp(req->method, "POST") == 0 &&
	    http_header(req, "Idempotency-Key")) {
		/* Silently ignoring it would promise a safety the request does not have. */
		http_send_error(req, 400, "Idempotency-Key is honoured on creates (POST "
				"/v1/<collection>) only.");
		return;
	}
	req->route->handler(req);
	if (!req->answered) {
		log_msg("handler for %s %s queued no response", req->route->method,
			req->route->pattern);
		http_send_error(req, 500, "An unexpected error occurred; it has been logged.");
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	const struct server *srv = cls;
	struct request *req = *con_cls;

	(void)version;
	if (!req) {
		const char *len;

		req = calloc(1, sizeof(*req));
		if (!req)
			return MHD_NO;
		req->conn = conn;
		req->server = srv;
		req->method = method;
		req->path = url;
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
		if (req->route && req->route->upload)
			return MHD_YES;
		len = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						  MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (len && strtoull(len, NULL, 10) > srv->config->max_body) {
			req->body_too_large = 1;
			dispatch(req);
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		guard_progress(req->guard, *upload_data_size);
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

/* Writes s into b with control characters and non-ASCII bytes escaped as \xNN, so a path cannot
 * forge or split a log line. */
static void log_escape(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c >= 0x7f || c == '\\')
			buf_printf(b, "\\x%02x", c);
		else
			buf_append(b, s, 1);
	}
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
	buf_printf(&line, "%s ", req->method);
	log_escape(&line, req->path);
	/* status, body bytes, wall time, and the database statements the request sent */
	if (req->streamed)
		req->bytes = req->streamed->bytes;
	buf_printf(&line, " %d %zu %lldus %dq%s", req->answered ? req->status : 0, req->bytes,
		   now_us() - req->started_us, db_count(),
		   toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
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

static void on_mhd_error(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	size_t n;

	(void)cls;
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
			MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			MHD_OPTION_NOTIFY_CONNECTION, on_connection, (void *)&l->open[i],
			MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->request_timeout,
			MHD_OPTION_CONNECTION_LIMIT, (unsigned int)cfg->max_connections,
			/* Room for the request line and headers our own limits allow, and a little
			 * more: past it libmicrohttpd answers by itself. Kept small because it is
			 * cleared on every request (memset was 12 % of the server's CPU at 88 KB). */
			MHD_OPTION_CONNECTION_MEMORY_LIMIT,
			(size_t)(cfg->max_url + cfg->max_headers + 8 * 1024),
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
