/* The HTTP layer: libmicrohttpd glue, per-request state, the route table, responses and the
 * access log. Handlers receive a struct request and answer through http_send_* exactly once. */
#ifndef SWAPTRACK_HTTP_H
#define SWAPTRACK_HTTP_H

#include <stddef.h>
#include <jansson.h>

#include "core/buf.h"
#include "core/problem.h"

struct config;
struct migration_set;
struct request;
struct MHD_Connection;
struct MHD_Response;

typedef void (*http_handler)(struct request *req);

#define ROUTE_MAX_PARAMS 4

/* One row of the route table. A pattern is a path whose segments are literal or "{name}", which
 * matches any one non-empty segment; a final "*" matches whatever remains (static files). */
struct route {
	const char *method; /* "GET", "POST", ...; GET routes answer HEAD too */
	const char *pattern;
	http_handler handler;
	const void *resource; /* the model a generic handler serves; NULL for others */
	const void *field;    /* nested lists: the field of resource that names the parent */
	/* When set, the body is not collected (nor limited by --max-body): each piece is handed
	 * to this as it arrives, and the handler runs once the body has ended. Returns 0, or -1
	 * to ignore the rest of the body. */
	int (*upload)(struct request *req, const char *data, size_t len);
	int scope;      /* the key scope it needs (enum scope); 0: read for GET and HEAD
	                           * (none unless --private-reads), write for other methods */
	int idempotent; /* honours Idempotency-Key; other POSTs refuse one (400) */
	/* The media types it can answer with, preferred first (NULL-terminated); NULL means
	 * application/json alone. Accept picks one (req->produce) or gets 406 listing them. A
	 * route whose first entry is "*" serves files of their own types and is not negotiated. */
	const char *const *produces;
	int unlimited; /* never rate-limited (the probes and /metrics) */
	/* Heavy work (heavy.c): 1 when this request is, run off the workers and bounded per
	 * client; NULL: never. Asked once the request is admitted. */
	int (*heavy)(struct request *req);
	/* Fixed routes: their part of the OpenAPI path item, {"get": {...}} (and path-level
	 * "parameters"), as a new reference; the document is made of these and the collections'
	 * generated paths. NULL: documented elsewhere (generated, or the catch-all). */
	json_t *(*doc)(void);
};

/* Query parameters a request may have (each costs libmicrohttpd a record in the connection's
 * memory, which is sized for this many): 414 beyond. Header lines likewise: 431 beyond. */
#define HTTP_QUERY_PARAMS_MAX 100
#define HTTP_HEADER_LINES_MAX 100

/* Everything the server knows while it runs; shared, read-only after start. */
struct server {
	const struct config *config;
	const struct migration_set *migrations;
	const struct route *routes; /* ends with a row whose method is NULL */
	/* Each finished request: its route (NULL when none matched), status (0 when none was
	 * sent) and duration; for metrics. May be NULL. Called on the request's own thread. */
	void (*finished)(const struct route *route, int status, long long micros);
};

struct header {
	char *name, *value;
};

struct request {
	struct MHD_Connection *conn;
	const struct server *server;
	const char *method;             /* owned by libmicrohttpd, valid for the request */
	const char *path;               /* likewise; the path without the query string */
	const struct route *route;      /* the matched row */
	char *params[ROUTE_MAX_PARAMS]; /* "{name}" captures, in pattern order; owned */
	int nparams;
	struct buf body; /* the request body, at most config->max_body bytes */
	int body_too_large;
	int upload_failed;             /* the route's upload callback gave up on the body */
	int out_of_memory;             /* memory ran out while serving it (core/oom.h): its answer is
	                               * 503, and nothing it did is committed */
	int refused;                   /* began after SIGTERM: answered 503, not waited for */
	int answered;                  /* a response was queued */
	int status;                    /* for the access log */
	size_t bytes;                  /* body bytes sent, for the access log */
	struct stream_count *streamed; /* a streamed body's byte count, shared with its reader */
	long long started_us;
	struct header *headers; /* extra response headers; owned */
	int nheaders;
	struct problem no_route;       /* why route is NULL: a 404 or 405 */
	struct conn_guard *guard;      /* the connection's deadline (guard.c); may be NULL */
	char actor[72];                /* who is asking: the API key's name, or "anonymous" */
	int scope;                     /* the key's scope (enum scope), SCOPE_NONE without one */
	long long key_id;              /* the verified key's id; 0 without one */
	char client[48];               /* the client's address (behind a trusted proxy, the one it
	                               * forwarded); set by admission */
	int produce;                   /* the index in route->produces that Accept chose */
	int head;                      /* a HEAD request: headers as for GET, never a body */
	int started;                   /* the headers are in and the handler has seen them */
	int admitted;                  /* framing, limits, key and rate passed */
	int close_after;               /* the connection closes after this response */
	int bad_path;                  /* the raw path holds %00, which would cut it */
	int nul_query;                 /* the raw query holds %00 */
	int query_params;              /* past HTTP_QUERY_PARAMS_MAX: how many (none were parsed) */
	int answered_raw;              /* answered on the socket, libmicrohttpd's answer dropped */
	int heavy;                     /* admitted as heavy work (heavy.c) */
	int on_pool;                   /* a step runs on the heavy pool: responses are kept in
	                               * `deferred` for the worker to send */
	int heavy_done;                /* the handler has run on the pool */
	long long heavy_deadline_us;   /* when the handler's time is up (http_expired) */
	int heavy_statements;          /* its database statements, for the access log */
	char heavy_who[112];           /* the client it is counted against */
	struct MHD_Response *deferred; /* made on the pool, queued by the worker */
	int deferred_status;
	void *state; /* a handler's own, freed by state_free when the request ends */
	void (*state_free)(void *state);
};

/* Matches method and path against routes. Returns the row, or NULL with p filled: 404 when no
 * pattern matches the path, 405 with p->allow when patterns match but not for this method.
 * Captures go to params (malloc'd; the caller frees them). */
const struct route *route_match(const struct route *routes, const char *method, const char *path,
				char *params[ROUTE_MAX_PARAMS], int *nparams, struct problem *p);
/* Checks a table once at start: patterns well formed, no two rows alike. Returns 0 or -1 after
 * logging the bad row. */
int route_table_check(const struct route *routes);

struct http_listener;
/* Starts listening and the worker threads; returns NULL after logging why. */
struct http_listener *http_start(const struct server *srv, int *port);
/* Stops accepting new connections, waits up to timeout_s for requests in flight, then stops the
 * daemon and its threads (which closes their database connections). */
void http_stop(struct http_listener *l, int timeout_s);

/* A heavy route's test: always heavy. */
int http_always_heavy(struct request *req);
/* Whether a heavy request has run past --heavy-timeout: its handler then answers 503 with
 * Retry-After (http_send_expired) instead of going on. 0 for any other request. */
int http_expired(const struct request *req);
void http_send_expired(struct request *req);

/* Requests begun and not completed; the configured worker threads. */
int http_in_flight(void);
int http_threads(struct request *req);

/* Request accessors. */
const char *http_header(struct request *req, const char *name);
const char *http_query(struct request *req, const char *name);
/* Calls fn for every query argument in order (value NULL for "?flag" without "="); stops early
 * when fn returns non-zero, and returns that. */
int http_query_each(struct request *req, int (*fn)(void *ctx, const char *key, const char *value),
		    void *ctx);

/* Adds a response header for the response not yet sent; copies both strings. 0, or -1 when
 * memory ran out (noted: the answer will be 503, core/oom.h). */
int http_add_header(struct request *req, const char *name, const char *value);
/* Forgets the headers added so far (a write that failed after adding its Location). */
void http_drop_headers(struct request *req);
/* 503 "The server is out of memory.", made without allocating. */
void http_send_out_of_memory(struct request *req);
/* Queues the response. body is malloc'd and taken over (NULL with len 0 for none). */
void http_send(struct request *req, int status, const char *content_type, char *body, size_t len);
/* Queues j as JSON; steals the reference. */
void http_send_json(struct request *req, int status, json_t *j);
/* p as problem+json text (malloc'd; NULL when memory ran out). */
char *http_problem_text(const struct problem *p);
/* Queues p as problem+json (with its Allow header, if any) and clears it. */
void http_send_problem(struct request *req, struct problem *p);
/* A body produced piece by piece while it is sent, so that a large one is never held whole. */
struct stream {
	/* Appends the next piece to out. Returns 1 while more may follow, 0 at the end, -1 when
	 * production failed (the response is then cut short, which the client sees). */
	int (*next)(void *ctx, struct buf *out);
	void (*done)(void *ctx); /* frees ctx; called once, however the response ended */
	void *ctx;
};

/* Queues a streamed (chunked) response; takes over s. */
void http_send_stream(struct request *req, int status, const char *content_type, struct stream s);

/* Shorthand for a problem with only a status and detail. */
void http_send_error(struct request *req, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Helpers that validate and answer in one step: each answers the request itself and returns -1
 * on failure. An id in the path that is not a positive integer is 404 (there is nothing there);
 * a query on an endpoint that takes none is 400. */
int http_id_or_reply(struct request *req, const char *s, long long *id);
int http_no_query_or_reply(struct request *req);
/* The request's JSON body, an object (a new reference): or NULL after answering 415 (another
 * Content-Type; merge_patch also admits application/merge-patch+json), 400 (no body, or not
 * JSON) or 422 (not an object). */
json_t *http_json_body_or_reply(struct request *req, int merge_patch);
/* Sends JSON text as it is (already serialized by the database). */
void http_send_json_text(struct request *req, int status, const char *text);

#endif
