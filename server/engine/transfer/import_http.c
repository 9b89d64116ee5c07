/* POST /v1/import: the upload fed to an import as it arrives, and its OpenAPI path item. */
#include "engine/transfer/import_state.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "engine/model/fieldtype.h"
#include "engine/model/model.h"
#include "engine/openapi/openapi.h"
#include "engine/sql/sqlgen.h"
#include "engine/transfer/import.h"
#include "http/http.h"

/* POST /v1/import: the body streams into the import as it arrives, never held whole. */
struct upload {
	struct import *im;
	struct problem p; /* a refusal before any line was read */
	int started;
};

static void upload_free(void *arg)
{
	struct upload *u = arg;

	import_close(u->im);
	problem_clear(&u->p);
	free(u);
}

static int ndjson_type(const char *ct)
{
	size_t n = ct ? strcspn(ct, "; \t") : 0;

	return ct && ((n == 20 && strncasecmp(ct, "application/x-ndjson", n) == 0) ||
		      (n == 17 && strncasecmp(ct, "application/jsonl", n) == 0));
}

int import_upload(struct request *req, const char *data, size_t len)
{
	struct upload *u = req->state;

	if (!u) {
		if (!(u = calloc(1, sizeof(*u))))
			return -1;
		req->state = u;
		req->state_free = upload_free;
		u->started = 1;
		if (!ndjson_type(http_header(req, "Content-Type"))) {
			problem_set(&u->p, 415,
				    "Send the import as application/x-ndjson: one JSON "
				    "record a line, as GET /v1/export writes it.");
			return -1;
		}
		if (!(u->im = import_open(req->server->config->import_max_line, &u->p)))
			return -1;
	}
	return u->im ? import_feed(u->im, data, len) : -1;
}

void import_handler(struct request *req)
{
	struct upload *u = req->state;
	struct problem p = PROBLEM_INIT;
	long n;

	if (http_no_query_or_reply(req) < 0)
		return;
	if (!u) {
		/* No body came: an empty import is still a mistake worth naming. */
		if (!ndjson_type(http_header(req, "Content-Type")))
			http_send_error(req, 415, "Send the import as application/x-ndjson.");
		else
			http_send_error(req, 400, "The import needs a body: one JSON record a line.");
		return;
	}
	if (u->p.status) {
		http_send_problem(req, &u->p);
		return;
	}
	n = import_finish(u->im, &p);
	if (n < 0) {
		http_send_problem(req, &p);
		return;
	}
	http_send_json(req, 200,
		       json_pack("{s:I, s:o}", "imported", (json_int_t)n, "duplicates",
				 import_duplicates(u->im)));
}

json_t *import_doc(void)
{
	json_t *r = json_pack(
		"{s:o}", "200",
		openapi_response(
			"{\"imported\": N, \"duplicates\": [...]}",
			openapi_schema(
				"{\"type\": \"object\", \"required\": [\"imported\", \"duplicates\"], \"properties\": {\"imported\":"
				" {\"type\": \"integer\", \"description\": \"Records loaded.\"}, \"duplicates\": {\"type\": \"array\","
				" \"description\": \"Records deleted as equal to an earlier line's (equal citations: the first is kept), with"
				" their lines.\", \"items\": {\"type\": \"object\", \"required\": [\"line\", \"type\", \"id\", \"equal_to\","
				" \"equal_to_line\"], \"properties\": {\"line\": {\"type\": \"integer\"}, \"type\": {\"type\": \"string\"},"
				" \"id\": {\"type\": \"integer\"}, \"equal_to\": {\"type\": \"integer\"},"
				" \"equal_to_line\": {\"type\": \"integer\"}}}}}}")));

	openapi_errors(r, openapi_write_errors);
	return json_pack("{s:{s:s, s:s, s:{s:b, s:{s:{s:{s:s}}}}, s:o}}", "post", "summary",
			 "Load an export into an empty database: all or nothing.", "description",
			 "409 when the database holds any record. A bad line stores nothing; errors name each "
			 "line and field.",
			 "requestBody", "required", 1, "content", "application/x-ndjson", "schema",
			 "type", "string", "responses", r);
}
