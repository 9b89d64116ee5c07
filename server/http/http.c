/* libmicrohttpd glue: per-request state, body collection up to the limit, dispatch through the
 * route table, responses, the access log, and a graceful stop.
 *
 * libmicrohttpd calls the access handler several times per request: first when the headers have
 * arrived, then once per piece of body, then once more with no data. We answer only on that last
 * call. Queuing a response on the first call makes libmicrohttpd 0.9.75 close the connection
 * after every response, losing keep-alive (tests/http/test_server.c proves we keep it). The one
 * deliberate exception is a body announced larger than the limit, answered at once with 413 so
 * that it is never uploaded. */
#include "http/internal.h"

#include "http/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <microhttpd.h>

#include "core/client.h"
#include "core/config.h"
#include "core/log.h"
#include "core/oom.h"
#include "core/utf8.h"
#include "db/db.h"
#include "db/replicas.h"
#include "http/guard.h"
#include "http/negotiate.h"

/* Allocation failure on demand, for tests/http/test_alloc.c: defined only in
 * build/tests/swaptrack-failalloc (tests/failalloc/failalloc.c), where a request that carries
 * X-Fail-Alloc: N has the Nth allocation its thread makes fail. Weak, so NULL in the program
 * itself, which has no such path. */
void swaptrack_alloc_arm(const char *fail_at) __attribute__((weak));
void swaptrack_alloc_disarm(void) __attribute__((weak));

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The request whose head this thread is reading: its URI was seen (on_uri), its handler not yet
 * called. libmicrohttpd reads one connection's available bytes at a time on its thread, so a
 * request in this state whose headers are complete is the one being parsed (see on_mhd_error). */
static _Thread_local struct request *parsing;

/* Where this request's statements go (db_route_read): a GET or HEAD may be answered from a
 * read replica, one that has replayed the request's Swaptrack-Min-LSN when it sends one;
 * everything else goes to the primary. -1 after answering 400 for a malformed position. */
static int route_reads(struct request *req)
{
	const char *h;
	uint64_t lsn = 0;

	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
		db_route_primary();
		return 0;
	}
	h = http_header(req, "Swaptrack-Min-LSN");
	if (h && lsn_parse(h, &lsn) < 0) {
		db_route_primary();
		http_send_error(req, 400,
				"Swaptrack-Min-LSN must be a WAL position as a write's "
				"Swaptrack-LSN gives it, such as 0/16B3748.");
		return -1;
	}
	db_route_read(lsn);
	return 0;
}

static void dispatch(struct request *req)
{
	if (req->refused) {
		http_add_header(req, "Retry-After", "1");
		http_send_error(req, 503, "The server is shutting down; retry with another.");
		return;
	}
	/* Memory ran out for this request before its handler (its body, its route's captures):
	 * nothing it would do could be trusted. */
	if (oom_seen()) {
		http_send_error(req, 503, "The server is out of memory.");
		return;
	}
	if (req->body_too_large) {
		http_send_error(req, 413, "The request body is larger than %zu bytes.",
				req->server->config->max_body);
		return;
	}
	/* Set again for each request: a worker thread interleaves its connections' requests. */
	if (route_reads(req) < 0 || http_admit(req) < 0)
		return;
	db_route_verified();
	if (strcmp(req->method, "OPTIONS") == 0) {
		http_answer_options(req);
		return;
	}
	if (!req->route) {
		http_send_problem(req, &req->no_route);
		return;
	}
	req->route->handler(req);
	if (!req->answered) {
		log_msg("handler for %s %s queued no response", req->route->method, req->route->pattern);
		http_send_error(req, 500, "An unexpected error occurred; it has been logged.");
	}
}

static void heavy_step_run(struct request *req, const char *data, size_t len);

/* A step of a heavy request, on the pool (heavy.c): a piece of its upload, or its handler. The
 * connection is suspended meanwhile, so nothing else touches req; the watchdog leaves it be
 * (its deadline is for a client that is slow to send, not for the server's work). */
static void heavy_run(struct request *req, const char *data, size_t len)
{
	oom_clear();
	if (req->out_of_memory)
		oom_note();
	heavy_step_run(req, data, len);
	req->out_of_memory = oom_seen();
	oom_clear();
}

static void heavy_step_run(struct request *req, const char *data, size_t len)
{
	if (data) {
		if (!req->upload_failed && req->route->upload(req, data, len) < 0)
			req->upload_failed = 1;
		guard_idle(req->guard); /* the rest of the body has its own time to arrive */
		return;
	}
	db_count_reset();
	dispatch(req);
	req->heavy_statements = db_count();
	req->heavy_done = 1;
}

/* Hands a heavy request's step to the pool; 0, or -1 after answering (out of memory). */
static int to_pool(struct request *req, const char *data, size_t len)
{
	if (oom_seen())
		req->out_of_memory = 1;
	guard_responding(req->guard);
	if (heavy_submit(req, data, len) == 0)
		return 0;
	guard_idle(req->guard);
	if (!data)
		http_send_error(req, 503, "The server is out of memory.");
	return -1;
}

/* What the pool answered, queued by the request's worker. */
static void send_deferred(struct request *req)
{
	struct MHD_Response *r = req->deferred;

	req->deferred = NULL;
	if (MHD_queue_response(req->conn, (unsigned)req->deferred_status, r) != MHD_YES)
		req->answered = 0;
	MHD_destroy_response(r);
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
		parsing = NULL; /* on_request makes its state later; nothing to answer early for */
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
			((char *)q)[1] = '\0'; /* libmicrohttpd's own buffer, NUL-terminated here */
		}
	}
	parsing = req;
	return req;
}

static enum MHD_Result request_step(const struct server *srv, struct MHD_Connection *conn,
				    const char *url, const char *method, const char *upload_data,
				    size_t *upload_data_size, void **con_cls)
{
	struct request *req = *con_cls;

	if (!req || !req->started) {
		const char *len;

		if (swaptrack_alloc_arm)
			swaptrack_alloc_arm(
				MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Fail-Alloc"));
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
			const union MHD_ConnectionInfo
				*ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
			req->guard = ci ? ci->socket_context : NULL;
		}
		*con_cls = req;
		db_count_reset();
		/* After SIGTERM new requests are turned away (503) and not waited for. */
		req->refused = http_stopping();
		if (!req->refused)
			http_in_flight_add(1);
		/* Routed now, while only the headers are in: the route decides how the body is read. */
		req->route = route_match(srv->routes, method, url, req->params, &req->nparams,
					 &req->no_route);
		if (http_framing_or_reply(req) < 0)
			return MHD_YES;
		len = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (len && strtoull(len, NULL, 10) > srv->config->max_body &&
		    !(req->route && req->route->upload)) {
			req->body_too_large = 1;
			dispatch(req);
			return MHD_YES;
		}
		/* A body is read only for a request that may go ahead. */
		if (http_announces_body(req) && !req->refused && route_reads(req) == 0)
			http_admit(req);
		return MHD_YES;
	}
	if (*upload_data_size) {
		guard_progress(req->guard, *upload_data_size);
		if (req->answered) {
			*upload_data_size = 0;
			return MHD_YES;
		}
		if (req->route && req->route->upload) {
			size_t n = *upload_data_size;
			*upload_data_size = 0;
			if (req->heavy) {
				if (!req->upload_failed && to_pool(req, upload_data, n) < 0)
					req->upload_failed = 1;
			} else if (!req->upload_failed && req->route->upload(req, upload_data, n) < 0) {
				req->upload_failed = 1;
			}
			return MHD_YES;
		}
		/* Past the limit: 413. Out of memory: the buffer failed, which dispatch answers
		 * 503 (oom.h). */
		if (!req->body_too_large && req->body.len + *upload_data_size > srv->config->max_body) {
			req->body_too_large = 1;
			buf_free(&req->body);
		} else if (!req->body_too_large && !buf_failed(&req->body)) {
			buf_append(&req->body, upload_data, *upload_data_size);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (req->deferred) {
		send_deferred(req);
		return MHD_YES;
	}
	if (req->answered)
		return MHD_YES;
	/* Heavy work: admitted here (its client counted), then run on the pool. */
	if (!req->refused && !req->body_too_large && req->route && req->route->heavy &&
	    !req->heavy_done && strcmp(method, "OPTIONS") != 0) {
		if (route_reads(req) < 0 || http_admit(req) < 0)
			return MHD_YES;
		if (req->heavy) {
			to_pool(req, NULL, 0);
			return MHD_YES;
		}
	}
	dispatch(req);
	return MHD_YES;
}

/* Each call for a request: out of memory is noticed for the request across its calls (oom.h),
 * and only for it, whatever else the thread serves in between. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	enum MHD_Result rc;
	struct request *req;

	(void)version;
	oom_clear();
	if (*con_cls && ((struct request *)*con_cls)->out_of_memory)
		oom_note();
	rc = request_step(cls, conn, url, method, upload_data, upload_data_size, con_cls);
	/* A heavy request's steps run on the pool, which keeps its note (heavy_run, to_pool). */
	if ((req = *con_cls) && !req->heavy)
		req->out_of_memory = oom_seen();
	oom_clear(); /* what the thread does next (a stream's piece) is another request's */
	return rc;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	const struct server *srv = cls;
	struct request *req = *con_cls;
	struct buf line = BUF_INIT;

	(void)conn;
	if (!req)
		return;
	if (parsing == req)
		parsing = NULL;
	if (!req->started) {
		/* Refused while its head was read, by libmicrohttpd or by on_mhd_error. */
		if (req->answered_raw)
			log_access("- (unparsed request) %d %zu %lldus 0q", req->status, req->bytes,
				   now_us() - req->started_us);
		if (srv->finished)
			srv->finished(NULL, req->answered_raw ? req->status : 0,
				      now_us() - req->started_us);
		free(req);
		*con_cls = NULL;
		return;
	}
	/* method, path (every byte that is not printable ASCII escaped by log_msg), status, body
	 * bytes, wall time, and the database statements the request sent */
	if (req->streamed)
		req->bytes = http_streamed_bytes(req->streamed);
	buf_printf(&line, "%s %s %d %zu %lldus %dq%s", req->method, req->path,
		   req->answered ? req->status : 0, req->bytes, now_us() - req->started_us,
		   req->heavy_done ? req->heavy_statements : db_count(),
		   toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
	if (line.data)
		log_access("%s", line.data);
	if (srv->finished)
		srv->finished(req->route, req->answered ? req->status : 0, now_us() - req->started_us);
	buf_free(&line);
	guard_idle(req->guard);
	heavy_leave(req);
	if (req->deferred)
		MHD_destroy_response(req->deferred);
	/* A large answer's memory back to the system, not kept by this worker's arena. */
	if (req->bytes > 1024 * 1024)
		malloc_trim(0);
	http_stream_release(req->streamed);
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
		http_in_flight_add(-1);
	free(req);
	*con_cls = NULL;
	if (swaptrack_alloc_disarm)
		swaptrack_alloc_disarm();
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
	atomic_int *open; /* connections open per worker */
	atomic_int open_total;
	int cap; /* --max-connections: past it, clients wait in the backlog */
	atomic_int stop;
	pthread_t acceptor;
};

static struct http_listener *listener;

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	atomic_int *open = cls;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo
			*ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
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
				usleep(10 * 1000); /* out of descriptors: let some close */
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
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(req->conn,
								     MHD_CONNECTION_INFO_CONNECTION_FD);
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
	http_raw_security_headers(&out);
	buf_printf(&out,
		   "Cache-Control: no-cache\r\nConnection: close\r\nContent-Length: %zu"
		   "\r\n\r\n%s",
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
			answer_raw(req, 413,
				   "The Content-Length is larger than any body this server "
				   "reads.");
			return;
		}
	}
	/* What libmicrohttpd then says of the answer it no longer sends. */
	if (req && req->answered_raw &&
	    (starts_with(fmt, "Error processing request") || starts_with(fmt, "Failed to send")))
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
			     MHD_USE_NO_LISTEN_SOCKET | MHD_ALLOW_SUSPEND_RESUME;
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
	if (!(l = calloc(1, sizeof(*l))) ||
	    !(l->workers = calloc((size_t)cfg->threads, sizeof(*l->workers))) ||
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
	if (heavy_start(cfg->heavy_threads, cfg->heavy_per_client, cfg->heavy_timeout_ms, heavy_run) < 0) {
		listener_free(l);
		guard_stop();
		return NULL;
	}
	listener = l;
	for (int i = 0; i < l->n; i++) {
		l->workers[i] = MHD_start_daemon(
			flags, 0, NULL, NULL, on_request, (void *)srv, MHD_OPTION_EXTERNAL_LOGGER,
			on_mhd_error, NULL, MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
			MHD_OPTION_NOTIFY_COMPLETED, on_completed, (void *)srv,
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
			heavy_stop();
			listener_free(l);
			guard_stop();
			return NULL;
		}
	}
	if (pthread_create(&l->acceptor, NULL, accept_loop, l) != 0) {
		log_msg("cannot start the accepting thread");
		heavy_stop();
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
	http_stopping_begin();
	while (http_in_flight() > 0 && now_us() < deadline)
		usleep(10 * 1000);
	if (http_in_flight() > 0)
		log_msg("stopping with %d requests still in flight after %ds", http_in_flight(),
			timeout_s);
	atomic_store(&l->stop, 1);
	pthread_join(l->acceptor, NULL);
	/* Heavy steps still running end (what waits is answered 503) before the workers, whose
	 * suspended connections they resume, are stopped. */
	heavy_stop();
	listener_free(l);
	guard_stop();
}
