/* What the files of the HTTP layer share and nothing outside it uses: admission (admit.c), the
 * origin CORS allows and raw answers' headers (respond.c), and the server's state (request.c).
 * Calls go one way: http.c -> admit.c -> respond.c -> request.c. */
#ifndef SWAPTRACK_HTTP_INTERNAL_H
#define SWAPTRACK_HTTP_INTERNAL_H

#include <stddef.h>

struct buf;
struct request;
struct stream_count;

/* Everything before the handler, once per request (admit.c): sizes, the key, the rate, Accept,
 * Idempotency-Key misuse. Returns 0, or -1 after answering. */
int http_admit(struct request *req);
/* Content-Length and Transfer-Encoding that frame the body unambiguously, checked on the first
 * call; 0, or -1 after answering (and the connection is closed after). */
int http_framing_or_reply(struct request *req);
/* Whether the request announces a body (its framing already checked). */
int http_announces_body(struct request *req);
/* OPTIONS: Allow, and for a CORS preflight from an allowed origin what it may send. */
void http_answer_options(struct request *req);
/* The request's Origin when --cors-origin allows it, else NULL (respond.c). */
const char *http_cors_origin(struct request *req);
/* A streamed body's count (respond.c): the bytes sent, and the release of the request's share
 * of it (the reader holds the other). */
size_t http_streamed_bytes(const struct stream_count *c);
void http_stream_release(struct stream_count *c);
/* The security headers every answer carries, as raw header lines, for an answer written to
 * the socket directly (a request libmicrohttpd could not parse). */
void http_raw_security_headers(struct buf *out);
/* 1 once http_stop began (http_stopping_begin): responses then close their connection
 * (request.c). */
int http_stopping(void);
void http_stopping_begin(void);
/* Requests begun and not yet completed, counted up and down by http.c. */
void http_in_flight_add(int delta);

/* Heavy requests (heavy.c; a route's `heavy`: extraction, import, source search) run on threads
 * of their own, off the workers that serve connections. A connection belongs to one worker for its whole
 * life, so a worker busy with one long request stalls every other request on its connections,
 * reads included; here the worker suspends the heavy request's connection, hands the step (a
 * piece of an upload, or the handler) to the pool and goes on serving its other connections. The
 * pool's thread runs the step at a lower CPU priority, keeps the response it made, and resumes
 * the connection, whose worker then sends it.
 *
 * Bounds, each answered, never a dropped connection: a client (its verified key, else its
 * address) has at most --heavy-per-client heavy requests at once (429 with Retry-After beyond);
 * the pool holds at most HEAVY_QUEUE_PER_THREAD requests a thread, running or waiting (503 with
 * Retry-After beyond); a request that waited for a thread longer than --heavy-timeout, or whose
 * handler notices it has run past it (http_expired), is answered 503 with Retry-After. */
#define HEAVY_QUEUE_PER_THREAD 4

/* Runs one step of a request on a pool thread: data/len a piece of its upload, or NULL for the
 * handler. */
typedef void (*heavy_step)(struct request *req, const char *data, size_t len);

/* Starts threads pool threads running steps with step; timeout_ms is --heavy-timeout. 0, or -1
 * after logging. */
int heavy_start(int threads, int per_client, int timeout_ms, heavy_step step);
/* Answers the requests still waiting (503), lets the running steps end, joins the threads. */
void heavy_stop(void);
/* The request's admission to heavy work, once its client is known: 0 (counted until
 * heavy_leave), or -1 after answering 429 or 503. */
int heavy_enter(struct request *req);
void heavy_leave(struct request *req);
/* Hands a step to the pool (data copied): the connection is suspended until it has run. Called
 * from the request's own worker, in libmicrohttpd's access handler. 0, or -1 when memory ran
 * out (nothing was suspended). */
int heavy_submit(struct request *req, const char *data, size_t len);

#endif
