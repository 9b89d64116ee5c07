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

#endif
