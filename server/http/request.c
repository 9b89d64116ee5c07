/* What a handler reads of its request (headers, query), and the server's state that every
 * file of the HTTP layer consults: requests in flight, and whether it is stopping. */
#include "http/internal.h"

#include <stdatomic.h>
#include <string.h>
#include <strings.h>
#include <microhttpd.h>

#include "core/config.h"
#include "http/http.h"

static atomic_int inflight;      /* requests begun and not yet completed */
static atomic_int shutting_down; /* set by http_stop: responses then close their connection */

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

static enum MHD_Result each_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
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

int http_stopping(void)
{
	return atomic_load(&shutting_down);
}

void http_in_flight_add(int delta)
{
	atomic_fetch_add(&inflight, delta);
}

void http_stopping_begin(void)
{
	atomic_store(&shutting_down, 1);
}
