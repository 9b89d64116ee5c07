/* GET /metrics: Prometheus text format. Requests by route and status, a latency histogram by
 * route, requests in flight, and the database connections. Counting is lock-free (atomics), so
 * it costs a request a few increments. */
#ifndef SWAPTRACK_METRICS_H
#define SWAPTRACK_METRICS_H

#include <jansson.h>

struct request;
struct route;

/* Sizes the tables for a route table; call once before serving. Returns 0 or -1. */
int metrics_init(const struct route *routes);
void metrics_free(void);
/* One finished request: its route (NULL when none matched), status and duration. */
void metrics_request(const struct route *r, int status, long long micros);
void metrics_handler(struct request *req);
/* Its OpenAPI path item (the route's doc slot). */
json_t *metrics_doc(void);

#endif
