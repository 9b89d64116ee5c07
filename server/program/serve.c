/* `swaptrack serve`: the route table, the health endpoints, and the process's life: migrate,
 * listen, wait for SIGINT or SIGTERM, drain, exit 0. */
#include "program/serve.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <microhttpd.h>

#include "core/config.h"
#include "core/log.h"
#include "core/oom.h"
#include "db/db.h"
#include "db/migrate.h"
#include "db/replicas.h"
#include "engine/openapi/openapi.h"
#include "engine/routes/collection.h"
#include "engine/sql/schema.h"
#include "engine/sql/sqlgen.h"
#include "engine/transfer/export.h"
#include "engine/transfer/import.h"
#include "engine/write/batch.h"
#include "features/extract.h"
#include "features/keys.h"
#include "features/metrics.h"
#include "features/releases.h"
#include "features/search.h"
#include "features/stats.h"
#include "http/auth.h"
#include "http/http.h"
#include "http/static.h"
#include "models/models.h"

/* The process is up: no database involved, so a load balancer can tell "down" from "degraded". */
static void get_healthz(struct request *req)
{
	http_send_json(req, 200, json_pack("{s:s}", "status", "ok"));
}

/* {"status": "ready"}, with each read replica's state when there are some: a replica that is
 * down or behind does not make the server unready, its reads go to the primary. */
static json_t *ready_doc(void)
{
	json_t *doc = json_pack("{s:s}", "status", "ready"), *list;

	if (!doc || !replicas_count())
		return doc;
	list = json_array();
	for (int i = 0; list && i < replicas_count(); i++) {
		struct replica_status st;
		char lsn[24];
		replicas_status(i, &st);
		lsn_format(st.replay_lsn, lsn);
		json_array_append_new(list, json_pack("{s:i, s:s, s:b, s:I, s:s}", "replica", i + 1,
						      "state", replica_state_name(st.state), "used",
						      st.state == REPLICA_OK, "lag_ms",
						      (json_int_t)(st.lag_s * 1000 + 0.5),
						      "replayed_lsn", lsn));
	}
	json_object_set_new(doc, "replicas", list);
	return doc;
}

/* Ready to serve: the database answers and every migration this binary knows is applied. */
static void get_readyz(struct request *req)
{
	struct problem p = PROBLEM_INIT;
	static const struct db_stmt status = {"readyz", MIGRATE_STATUS_SQL, 0};
	PGresult *r;

	db_route_primary(); /* the primary's schema; the replicas' states come from their checks */
	r = db_query(&status, NULL, &p);

	if (!r) {
		problem_clear(&p);
		http_send_error(req, 503, "The database is not answering.");
		return;
	}
	if (!migrate_is_current(r, req->server->migrations)) {
		PQclear(r);
		http_send_error(req, 503, "The database schema is not current; run swaptrack migrate.");
		return;
	}
	PQclear(r);
	http_send_json(req, 200, ready_doc());
}

/* The OpenAPI document, generated from the models once and kept. */
static char *openapi_cache;

static void get_openapi(struct request *req)
{
	if (http_no_query_or_reply(req) < 0)
		return;
	http_send_json_text(req, 200, openapi_cache);
}

static const char *const metrics_types[] = {"text/plain", NULL};
static const char *const export_types[] = {"application/x-ndjson", NULL};
static const char *const file_types[] = {"*", NULL};

static json_t *healthz_doc(void)
{
	return json_pack("{s:{s:s, s:{s:o}}}", "get", "summary", "The process is up.", "responses", "200",
			 openapi_response("Up.", openapi_schema("{\"type\": \"object\", \"required\": [\"status\"], \"properties\": {\"status\":"
								" {\"const\": \"ok\"}}}")));
}

static json_t *readyz_doc(void)
{
	return json_pack(
		"{s:{s:s, s:{s:o, s:o}}}", "get", "summary",
		"The database answers and migrations are current.", "responses", "200",
		openapi_response(
			"Ready.",
			openapi_schema(
				"{\"type\": \"object\", \"required\":"
				" [\"status\"], \"properties\": {\"status\": {\"const\": \"ready\"}, \"replicas\":"
				" {\"type\": \"array\", \"description\": \"With --read-database only: each"
				" replica as its last check found it.\", \"items\": {\"type\": \"object\","
				" \"required\": [\"replica\", \"state\", \"used\", \"lag_ms\","
				" \"replayed_lsn\"], \"properties\": {\"replica\": {\"type\": \"integer\"},"
				" \"state\": {\"enum\": [\"ok\", \"lagging\", \"down\", \"not a standby\"]},"
				" \"used\": {\"type\": \"boolean\"}, \"lag_ms\": {\"type\": \"integer\"},"
				" \"replayed_lsn\": {\"type\": \"string\"}}}}}}")),
		"503", openapi_problem("Not ready."));
}

static json_t *openapi_doc(void)
{
	return json_pack(
		"{s:{s:s, s:{s:o}}}", "get", "summary", "This document.", "responses", "200",
		openapi_response(
			"OpenAPI 3.1.",
			openapi_schema(
				"{\"type\": \"object\", \"required\":"
				" [\"openapi\", \"info\", \"paths\"], \"properties\": {\"openapi\": {\"const\": \"3.1.0\"},"
				" \"info\": {\"type\": \"object\"}, \"paths\": {\"type\": \"object\"}}}")));
}

/* The fixed rows; the collections' rows are generated between these and the last one. */
static const struct route fixed_routes[] = {
	/* Probes and the API's description are public even with --private-reads. The probes and
	 * /metrics are never rate-limited: a load balancer or a scraper asking often must not see
	 * a healthy server as failing. */
	{.method = "GET",
	 .pattern = "/healthz",
	 .handler = get_healthz,
	 .scope = SCOPE_PUBLIC,
	 .unlimited = 1,
	 .doc = healthz_doc},
	{.method = "GET",
	 .pattern = "/readyz",
	 .handler = get_readyz,
	 .scope = SCOPE_PUBLIC,
	 .unlimited = 1,
	 .doc = readyz_doc},
	{.method = "GET",
	 .pattern = "/openapi.json",
	 .handler = get_openapi,
	 .scope = SCOPE_PUBLIC,
	 .doc = openapi_doc},
	/* Operators' numbers: public like the probes (bind to a private address to hide them). */
	{.method = "GET",
	 .pattern = "/metrics",
	 .handler = metrics_handler,
	 .scope = SCOPE_PUBLIC,
	 .produces = metrics_types,
	 .unlimited = 1,
	 .doc = metrics_doc},
	/* Heavy work (http/heavy.c): run off the workers, a share per client. */
	{.method = "GET",
	 .pattern = "/v1/search",
	 .handler = search_handler,
	 .heavy = search_heavy,
	 .doc = search_doc},
	{.method = "GET",
	 .pattern = "/v1/sources/{id}/extract",
	 .handler = extract_handler,
	 .heavy = http_always_heavy,
	 .doc = extract_doc},
	{.method = "GET", .pattern = "/v1/stats", .handler = stats_handler, .doc = stats_doc},
	{.method = "GET", .pattern = "/v1/stats/releases", .handler = releases_handler, .doc = releases_doc},
	{.method = "GET",
	 .pattern = "/v1/export",
	 .handler = export_handler,
	 .produces = export_types,
	 .doc = export_doc},
	{.method = "POST",
	 .pattern = "/v1/batch",
	 .handler = batch_handler,
	 .scope = SCOPE_WRITE,
	 .idempotent = 1,
	 .doc = batch_doc},
	/* Loading a whole database is an administrator's act. */
	{.method = "POST",
	 .pattern = "/v1/import",
	 .handler = import_handler,
	 .upload = import_upload,
	 .scope = SCOPE_ADMIN,
	 .heavy = http_always_heavy,
	 .doc = import_doc},
	{.method = "GET",
	 .pattern = "/v1/keys",
	 .handler = keys_list_handler,
	 .scope = SCOPE_ADMIN,
	 .doc = keys_doc},
	{.method = "POST",
	 .pattern = "/v1/keys",
	 .handler = keys_create_handler,
	 .scope = SCOPE_ADMIN,
	 .doc = keys_create_doc},
	{.method = "DELETE",
	 .pattern = "/v1/keys/{id}",
	 .handler = keys_revoke_handler,
	 .scope = SCOPE_ADMIN,
	 .doc = keys_revoke_doc},
	/* Last: anything else is a dashboard file or a 404. */
	{.method = "GET",
	 .pattern = "/*",
	 .handler = static_file,
	 .scope = SCOPE_PUBLIC,
	 .produces = file_types},
	{.method = NULL},
};

struct route *serve_routes(void)
{
	if (engine_init(resources) < 0)
		return NULL;
	return collection_routes(fixed_routes);
}

int migrate_now(const struct config *cfg, const struct migration_set *set)
{
	char *err = NULL;
	PGconn *c;
	int applied = 0, rc;

	/* The statements made for it since start (the engine's, sql/functions/) may be missing a
	 * part if memory ran out meanwhile (core/oom.h): then nothing is applied. */
	if (oom_seen()) {
		log_msg("out of memory while preparing the migrations");
		return -1;
	}
	c = db_connect(&err);
	if (!c) {
		log_msg("cannot connect to the database: %s", err ? err : "?");
		free(err);
		return -1;
	}
	rc = migrate_apply(c, set, migration_steps, &applied, &err);
	PQfinish(c);
	if (rc < 0) {
		log_msg("%s", err ? err : "migration failed");
		free(err);
		return -1;
	}
	log_msg("migrations: %d applied, %zu known", applied, set->n);
	(void)cfg;
	return 0;
}

int serve_main(struct config *cfg, struct migration_set *set)
{
	struct route *routes = serve_routes();
	struct server srv = {cfg, set, routes, metrics_request};
	struct http_listener *d;
	sigset_t stop;
	int sig, port, rc = 1;
	char *err = NULL;

	if (!routes || route_table_check(routes) < 0)
		goto out;
	/* What /readyz holds the database to, and migrate applies: the numbered files, then what
	 * the engine generates and the SQL functions' modules (engine/sql/schema.h). */
	if (!cfg->numbered_only && schema_items(set, cfg->functions_dir, &err) < 0) {
		log_msg("%s", err ? err : "cannot load sql/functions");
		free(err);
		goto out;
	}
	if (!(openapi_cache = openapi_text(routes)) || metrics_init(routes) < 0)
		goto out;
	if (cfg->migrate && migrate_now(cfg, set) < 0)
		goto out;
	db_set_statement_timeout(cfg->statement_timeout);
	if (replicas_configure(cfg->database, cfg->read_db, cfg->nread_db, cfg->max_replica_lag_ms,
			       cfg->db_connect_timeout) < 0)
		goto out;
	/* What start made (the routes, the OpenAPI document, the metrics' names) may be missing a
	 * part if memory ran out meanwhile (core/oom.h): then the server does not start. */
	if (oom_seen()) {
		log_msg("out of memory while starting");
		goto out;
	}
	/* Block the stop signals before any thread starts, so every thread inherits the mask and
	 * only sigwait below receives them. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* After the signal mask: the log's thread must not take SIGTERM either. */
	if (log_buffer_start() < 0)
		log_msg("cannot start the log's thread: access lines are written one by one");
	/* Until its first check a replica counts as down, and reads go to the primary. */
	if (replicas_start() < 0) {
		log_msg("cannot start the read replicas' checks");
		goto out;
	}
	d = http_start(&srv, &port);
	if (!d)
		goto out;
	printf("swaptrack: listening on http://%s%s%s:%d/\n", strchr(cfg->bind, ':') ? "[" : "",
	       cfg->bind, strchr(cfg->bind, ':') ? "]" : "", port);
	fflush(stdout);
	sigwait(&stop, &sig);
	log_msg("%s received; finishing requests in flight", sig == SIGINT ? "SIGINT" : "SIGTERM");
	http_stop(d, cfg->shutdown_timeout);
	log_msg("stopped");
	rc = 0;
out:
	replicas_stop();
	log_buffer_stop();
	free(openapi_cache);
	openapi_cache = NULL;
	metrics_free();
	collection_routes_free(routes);
	engine_free();
	return rc;
}
