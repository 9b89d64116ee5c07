/* Metrics, kept in fixed arrays indexed by route (the last slot for requests no route matched)
 * and status class, updated with relaxed atomics. */
#include "features/metrics.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "db/db.h"
#include "db/replicas.h"
#include "engine/openapi/openapi.h"
#include "http/http.h"

/* Upper bounds of the latency buckets, in microseconds (and seconds, for the output). */
static const long long bounds_us[] = {1000,   2500,   5000,   10000,   25000,   50000,
				      100000, 250000, 500000, 1000000, 2500000, 5000000};
static const char *const bounds_s[] = {"0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
				       "0.1",   "0.25",   "0.5",   "1",    "2.5",   "5"};
#define NBUCKETS (sizeof(bounds_us) / sizeof(bounds_us[0]))
#define NSTATUS 600

struct route_stats {
	atomic_ullong by_status[NSTATUS];
	atomic_ullong buckets[NBUCKETS + 1]; /* the last is +Inf */
	atomic_ullong count, micros;
};

static const struct route *base;
static size_t nroutes; /* rows of the table, plus one for "no route" */
static struct route_stats *stats;

int metrics_init(const struct route *routes)
{
	base = routes;
	for (nroutes = 0; routes[nroutes].method; nroutes++)
		;
	nroutes++;
	stats = calloc(nroutes, sizeof(*stats));
	return stats ? 0 : -1;
}

void metrics_free(void)
{
	free(stats);
	stats = NULL;
}

void metrics_request(const struct route *r, int status, long long micros)
{
	size_t i = r && base && r >= base && (size_t)(r - base) < nroutes - 1 ? (size_t)(r - base)
									      : nroutes - 1;
	struct route_stats *s;
	size_t b = 0;

	if (!stats)
		return;
	s = &stats[i];
	if (status > 0 && status < NSTATUS)
		atomic_fetch_add_explicit(&s->by_status[status], 1, memory_order_relaxed);
	while (b < NBUCKETS && micros > bounds_us[b])
		b++;
	atomic_fetch_add_explicit(&s->buckets[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->count, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->micros, (unsigned long long)(micros > 0 ? micros : 0),
				  memory_order_relaxed);
}

/* The route label: "GET /v1/people/{id}", or "none" for requests no route matched. */
static void label(struct buf *b, size_t i)
{
	if (i == nroutes - 1) {
		buf_puts(b, "none");
		return;
	}
	buf_printf(b, "%s %s", base[i].method, base[i].pattern);
}

void metrics_handler(struct request *req)
{
	struct buf out = BUF_INIT;
	size_t len;

	if (http_no_query_or_reply(req) < 0)
		return;
	buf_puts(&out, "# HELP swaptrack_http_requests_total Requests answered, by route and status.\n"
		       "# TYPE swaptrack_http_requests_total counter\n");
	for (size_t i = 0; stats && i < nroutes; i++)
		for (int st = 0; st < NSTATUS; st++) {
			unsigned long long n = atomic_load_explicit(&stats[i].by_status[st],
								    memory_order_relaxed);
			if (!n)
				continue;
			buf_puts(&out, "swaptrack_http_requests_total{route=\"");
			label(&out, i);
			buf_printf(&out, "\",status=\"%d\"} %llu\n", st, n);
		}
	buf_puts(&out, "# HELP swaptrack_http_request_duration_seconds Time from the request's first "
		       "byte to its answer, by route.\n"
		       "# TYPE swaptrack_http_request_duration_seconds histogram\n");
	for (size_t i = 0; stats && i < nroutes; i++) {
		unsigned long long count = atomic_load_explicit(&stats[i].count, memory_order_relaxed),
				   cum = 0;
		if (!count)
			continue;
		for (size_t b = 0; b <= NBUCKETS; b++) {
			cum += atomic_load_explicit(&stats[i].buckets[b], memory_order_relaxed);
			buf_puts(&out, "swaptrack_http_request_duration_seconds_bucket{route=\"");
			label(&out, i);
			buf_printf(&out, "\",le=\"%s\"} %llu\n", b < NBUCKETS ? bounds_s[b] : "+Inf",
				   cum);
		}
		buf_puts(&out, "swaptrack_http_request_duration_seconds_sum{route=\"");
		label(&out, i);
		buf_printf(&out, "\"} %.6f\n",
			   (double)atomic_load_explicit(&stats[i].micros, memory_order_relaxed) / 1e6);
		buf_puts(&out, "swaptrack_http_request_duration_seconds_count{route=\"");
		label(&out, i);
		buf_printf(&out, "\"} %llu\n", count);
	}
	buf_printf(&out,
		   "# HELP swaptrack_http_requests_in_flight Requests begun and not answered.\n"
		   "# TYPE swaptrack_http_requests_in_flight gauge\n"
		   "swaptrack_http_requests_in_flight %d\n"
		   "# HELP swaptrack_db_connections_open Database connections the worker threads hold "
		   "(the pool: one a thread).\n"
		   "# TYPE swaptrack_db_connections_open gauge\n"
		   "swaptrack_db_connections_open %lld\n"
		   "# HELP swaptrack_db_pool_size Worker threads, each with at most one connection.\n"
		   "# TYPE swaptrack_db_pool_size gauge\n"
		   "swaptrack_db_pool_size %d\n"
		   "# HELP swaptrack_db_connect_failures_total Failed attempts to connect.\n"
		   "# TYPE swaptrack_db_connect_failures_total counter\n"
		   "swaptrack_db_connect_failures_total %lld\n",
		   http_in_flight(), db_open_connections(), http_threads(req), db_connect_failures());
	if (replicas_count()) {
		/* As the replicas' checks last found them (db/replicas.h), and where reads went. */
		static const char *const heads[] = {
			"# HELP swaptrack_replica_up Whether reads go to the read replica: up, in recovery "
			"and within --max-replica-lag (1), or skipped (0).\n# TYPE swaptrack_replica_up gauge\n",
			"# HELP swaptrack_replica_lag_seconds How long ago the primary first had WAL the "
			"replica has not replayed, at its last check.\n"
			"# TYPE swaptrack_replica_lag_seconds gauge\n",
			"# HELP swaptrack_replica_reads_total Requests whose reads the replica answered.\n"
			"# TYPE swaptrack_replica_reads_total counter\n",
		};
		for (int k = 0; k < 3; k++) {
			buf_puts(&out, heads[k]);
			for (int i = 0; i < replicas_count(); i++) {
				struct replica_status st;
				replicas_status(i, &st);
				if (k == 0)
					buf_printf(&out,
						   "swaptrack_replica_up{replica=\"%d\",state=\"%s\"} %d\n",
						   i + 1, replica_state_name(st.state),
						   st.state == REPLICA_OK);
				else if (k == 1)
					buf_printf(&out,
						   "swaptrack_replica_lag_seconds{replica=\"%d\"} %.3f\n",
						   i + 1, st.lag_s);
				else
					buf_printf(&out,
						   "swaptrack_replica_reads_total{replica=\"%d\"} %lld\n",
						   i + 1, st.reads);
			}
		}
		buf_printf(&out,
			   "# HELP swaptrack_primary_reads_total Requests that could have read "
			   "from a replica and read from the primary (none usable or caught up, or a "
			   "read on one failed).\n# TYPE swaptrack_primary_reads_total counter\n"
			   "swaptrack_primary_reads_total %lld\n",
			   replicas_primary_reads());
	}
	if (!out.data) {
		http_send_error(req, 503, "The server is out of memory.");
		return;
	}
	len = out.len;
	http_send(req, 200, "text/plain; version=0.0.4; charset=utf-8", buf_steal(&out), len);
}

json_t *metrics_doc(void)
{
	return json_pack("{s:{s:s, s:{s:{s:s, s:{s:{s:{s:s}}}}}}}", "get", "summary",
			 "Prometheus text: requests by route and status, a latency histogram by "
			 "route, requests in flight, database connections, and with --read-database each "
			 "replica's state, lag and reads.",
			 "responses", "200", "description", "Prometheus exposition format 0.0.4.",
			 "content", "text/plain", "schema", "type", "string");
}
