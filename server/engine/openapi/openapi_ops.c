/* The pieces of the OpenAPI document every documenting file uses (references, parameters,
 * responses, the problem answers), and what every operation declares whichever file
 * documented it (contract v1.1, "OpenAPI that a generated client can trust"): an operationId,
 * the security the route table says it needs, Idempotency-Key where the route honours it, a 4xx
 * answer; and the shared components: headers, parameters and the problem schema with its
 * extensions. */
#include "engine/openapi/openapi.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/auth.h"
#include "http/http.h"

json_t *openapi_ref(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "#/components/schemas/%s", name);
	return json_pack("{s:s}", "$ref", path);
}

json_t *openapi_param(const char *name, const char *in, json_t *schema, const char *doc)
{
	return json_pack("{s:s, s:s, s:o, s:s}", "name", name, "in", in, "schema", schema,
			 "description", doc);
}

json_t *openapi_problem(const char *doc)
{
	return json_pack("{s:s, s:{s:{s:o}}}", "description", doc, "content",
			 "application/problem+json", "schema", openapi_ref("problem"));
}

json_t *openapi_response(const char *doc, json_t *schema)
{
	return json_pack("{s:s, s:{s:{s:o}}}", "description", doc, "content", "application/json",
			 "schema", schema);
}

void openapi_errors(json_t *responses, const char *const *codes)
{
	static const struct {
		const char *code, *doc;
	} all[] = {
		{"400", "Malformed JSON or query, or an unknown query parameter."},
		{"401", "No API key where one is needed, or a malformed, unknown or revoked key."},
		{"403", "The API key's scope is too small."},
		{"404", "No such record (or it was deleted)."},
		{"406", "Accept admits none of the types this path answers with; acceptable lists them."},
		{"409", "A conflict: a unique value taken, or records still refer to this one."},
		{"412", "If-Match names neither the current ETag nor the current version."},
		{"413", "The body is too large."},
		{"415", "The body is not JSON."},
		{"422", "Invalid fields, each listed in errors."},
		{"414", "The path and query are too long."},
		{"429", "Too many requests; Retry-After says when to try again."},
		{"431", "The request headers are too large."},
		{"503", "The database is unavailable."},
	};

	for (const char *const *c = codes; *c; c++)
		for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
			if (strcmp(all[i].code, *c) == 0)
				json_object_set_new(responses, *c, openapi_problem(all[i].doc));
}

json_t *openapi_id_param(void)
{
	return openapi_param("id", "path", json_pack("{s:s, s:i}", "type", "integer", "minimum", 1),
			     "The record's id.");
}

const char *const openapi_read_errors[] = {"400", "401", "403", "404", "406",
					   "414", "429", "431", "503", NULL};
const char *const openapi_write_errors[] = {"400", "401", "403", "404", "409", "412", "413",
					    "414", "415", "422", "429", "431", "503", NULL};

/* The problem+json body (RFC 9457) with every member the server adds to it. */
static const char problem_schema[] =
	"{\"type\": \"object\", \"required\": [\"type\", \"title\", \"status\", \"detail\"],"
	" \"properties\": {"
	"\"type\": {\"type\": \"string\"}, \"title\": {\"type\": \"string\"},"
	" \"status\": {\"type\": \"integer\"}, \"detail\": {\"type\": \"string\"},"
	"\"errors\": {\"type\": \"array\", \"description\": \"Every bad field, at most 100.\","
	" \"items\": {\"type\": \"object\", \"required\": [\"field\", \"message\"], \"properties\": {"
	"\"field\": {\"type\": \"string\"}, \"message\": {\"type\": \"string\"},"
	"\"line\": {\"type\": \"integer\", \"description\": \"An import's line.\"},"
	"\"nearest\": {\"type\": \"object\", \"description\": \"A quote not in its source: the passage "
	"most like it.\", \"required\": [\"exact\", \"start\", \"end\", \"similarity\"], \"properties\": {"
	"\"exact\": {\"type\": \"string\"}, \"start\": {\"type\": \"integer\"}, \"end\": {\"type\": "
	"\"integer\"}, \"similarity\": {\"type\": \"number\"}}}}}},"
	"\"error_count\": {\"type\": \"integer\", \"description\": \"How many field errors there were "
	"in all (errors lists at most 100).\"},"
	"\"acceptable\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}, \"description\": \"On "
	"a 406: the media types the path answers with.\"},"
	"\"existing_id\": {\"type\": \"integer\", \"description\": \"On a 409 for a unique value: the "
	"record that has it.\"},"
	"\"field\": {\"type\": \"string\", \"description\": \"With existing_id: the unique field.\"},"
	"\"referrers\": {\"type\": \"array\", \"description\": \"On a 409: the records that refer to "
	"this one, or depend on what was changed.\", \"items\": {\"type\": \"object\", \"required\": "
	"[\"collection\", \"id\"], \"properties\": {\"collection\": {\"type\": \"string\"}, \"id\": "
	"{\"type\": \"integer\"}}}},"
	"\"nearest\": {\"type\": \"object\", \"description\": \"On a 422 for a quote not in its "
	"source: the passage most like it (the first such quote's, when several are; each error "
	"carries its own).\", \"required\": [\"exact\", \"start\", \"end\", \"similarity\"], "
	"\"properties\": {\"exact\": {\"type\": \"string\"}, \"start\": {\"type\": \"integer\"}, "
	"\"end\": {\"type\": \"integer\"}, \"similarity\": {\"type\": \"number\"}}},"
	"\"candidates\": {\"type\": \"array\", \"description\": \"On a 409 from the duplicate guard: "
	"the records it may be.\", \"items\": {\"type\": \"object\", \"required\": [\"id\", \"name\", "
	"\"score\"], \"properties\": {\"id\": {\"type\": \"integer\"}, \"name\": {\"type\": "
	"\"string\"}, \"score\": {\"type\": \"number\"}}}},"
	"\"merged_into\": {\"type\": \"integer\", \"description\": \"A write to a merged record: the "
	"survivor.\"},"
	"\"conflicts\": {\"type\": \"array\", \"description\": \"A merge's fields that differ.\","
	" \"items\": {\"type\": \"object\", \"required\": [\"field\", \"value\", \"from_value\"],"
	" \"properties\": {\"field\": {\"type\": \"string\"}, \"value\": {}, \"from_value\": {}}}}}}";

static const char headers[] =
	"{\"ETag\": {\"description\": \"The record's entity-tag, \\\"<version>.<hash>\\\"; If-Match and "
	"If-None-Match take it.\", \"schema\": {\"type\": \"string\"}},"
	"\"Location\": {\"description\": \"The record's URL.\", \"schema\": {\"type\": \"string\"}},"
	"\"Link\": {\"description\": \"<next page>; rel=\\\"next\\\", when there is one.\", \"schema\": "
	"{\"type\": \"string\"}},"
	"\"X-Total-Count\": {\"description\": \"With count=true on a CSV list: the number of matching "
	"records.\", \"schema\": {\"type\": \"integer\"}},"
	"\"Swaptrack-LSN\": {\"description\": \"The primary's WAL position after the write (a pg_lsn, "
	"such as 0/16B3748): sent back as Swaptrack-Min-LSN, a read sees the write.\", \"schema\": "
	"{\"type\": \"string\", \"pattern\": \"^[0-9A-F]{1,8}/[0-9A-F]{1,8}$\"}}}";

static const char parameters[] =
	"{\"If-Match\": {\"name\": \"If-Match\", \"in\": \"header\", \"description\": \"The ETag (or "
	"the version in quotes) the change is meant for; another gets 412.\", \"schema\": {\"type\": "
	"\"string\"}},"
	"\"If-None-Match\": {\"name\": \"If-None-Match\", \"in\": \"header\", \"description\": \"An ETag "
	"the client has: 304 when it is still current.\", \"schema\": {\"type\": \"string\"}},"
	"\"Idempotency-Key\": {\"name\": \"Idempotency-Key\", \"in\": \"header\", \"description\": \"A "
	"key of the client's (at most 255 characters): the same request again within 24 hours gets the "
	"first answer, not a second write; another body with it gets 422.\", \"schema\": {\"type\": "
	"\"string\", \"maxLength\": 255}},"
	"\"Swaptrack-Min-LSN\": {\"name\": \"Swaptrack-Min-LSN\", \"in\": \"header\", \"description\": "
	"\"A write's Swaptrack-LSN: the read is answered by a read replica that has replayed it "
	"(waiting up to a second) or by the primary, so it sees that write.\", \"schema\": "
	"{\"type\": \"string\", \"pattern\": \"^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$\"}}}";

json_t *openapi_schema(const char *text)
{
	json_error_t e;
	json_t *s = json_loads(text, 0, &e);

	/* A literal of the program's: a mistake in it is the program's, and the document is made
	 * once, as the server starts (and by every test that starts one). */
	if (!s) {
		fprintf(stderr, "swaptrack: a schema literal is not JSON (%s, column %d): %.60s\n",
			e.text, e.column, text);
		abort();
	}
	return s;
}

void openapi_components(json_t *components)
{
	json_object_set_new(json_object_get(components, "schemas"), "problem",
			    json_loads(problem_schema, 0, NULL));
	json_object_set_new(components, "headers", json_loads(headers, 0, NULL));
	json_object_set_new(components, "parameters", json_loads(parameters, 0, NULL));
}

/* "get" + the path's words ("/v1/sources/{id}/extract": getSourcesExtract), for operations
 * their documentation gave no id. */
static json_t *generic_id(const char *method, const char *path)
{
	char id[160];
	size_t n = 0;
	int upper = 0;

	for (const char *m = method; *m && n < sizeof(id) - 1; m++)
		id[n++] = (char)tolower((unsigned char)*m);
	if (strncmp(path, "/v1/", 4) == 0)
		path += 3;
	for (const char *p = path; *p && n < sizeof(id) - 1; p++) {
		if (*p == '{') {
			p = strchr(p, '}');
			if (!p)
				break;
			continue;
		}
		if (!isalnum((unsigned char)*p)) {
			upper = 1;
			continue;
		}
		id[n++] = upper ? (char)toupper((unsigned char)*p) : *p;
		upper = 0;
	}
	id[n] = '\0';
	return json_string(id);
}

static const struct route *route_of(const struct route *routes, const char *method, const char *path)
{
	for (const struct route *r = routes; r && r->method; r++)
		if (strcasecmp(r->method, method) == 0 && strcmp(r->pattern, path) == 0)
			return r;
	return NULL;
}

/* Adds the component parameter name to op's parameters unless it is there. */
static void add_param_ref(json_t *op, const char *name)
{
	json_t *params = json_object_get(op, "parameters"), *p;
	char path[96];
	json_t *ref;
	size_t i;
	int found = 0;

	snprintf(path, sizeof(path), "#/components/parameters/%s", name);
	ref = json_pack("{s:s}", "$ref", path);
	if (!params)
		json_object_set_new(op, "parameters", params = json_array());
	json_array_foreach(params, i, p)
		found |= json_equal(p, ref);
	if (!found)
		json_array_append(params, ref);
	json_decref(ref);
}

/* A write's 2xx and 3xx answers carry Swaptrack-LSN (http/respond.c). */
static void add_lsn_header(json_t *responses)
{
	const char *code;
	json_t *v;

	json_object_foreach(responses, code, v) {
		json_t *h;
		if (code[0] != '2' && code[0] != '3')
			continue;
		if (!(h = json_object_get(v, "headers")))
			json_object_set_new(v, "headers", h = json_object());
		json_object_set_new(h, "Swaptrack-LSN",
				    json_pack("{s:s}", "$ref", "#/components/headers/Swaptrack-LSN"));
	}
}

static int has_4xx(json_t *responses)
{
	const char *code;
	json_t *v;

	json_object_foreach(responses, code, v)
		if (code[0] == '4')
			return 1;
	return 0;
}

void openapi_finish(json_t *paths, const struct route *routes)
{
	const char *path, *method;
	json_t *item, *op;

	json_object_foreach(paths, path, item) {
		json_object_foreach(item, method, op) {
			const struct route *r = route_of(routes, method, path);
			json_t *responses = json_object_get(op, "responses");

			if (strcmp(method, "parameters") == 0)
				continue;
			if (!json_object_get(op, "operationId"))
				json_object_set_new(op, "operationId", generic_id(method, path));
			/* Public routes look at no key; other reads take one when sent (and need it
			 * with --private-reads); everything else needs one. */
			if (r && r->scope == SCOPE_PUBLIC)
				json_object_set_new(op, "security", json_pack("[{}]"));
			else if (r && !r->scope && strcmp(method, "get") == 0)
				json_object_set_new(op, "security", json_pack("[{}, {s:[]}]", "apiKey"));
			else
				json_object_set_new(op, "security", json_pack("[{s:[]}]", "apiKey"));
			if (r && r->idempotent)
				add_param_ref(op, "Idempotency-Key");
			/* Reads may be answered by a replica (db/replicas.h): they take the position
			 * a write gave; writes give it. */
			if (strcmp(method, "get") == 0 || strcmp(method, "head") == 0)
				add_param_ref(op, "Swaptrack-Min-LSN");
			else if (responses)
				add_lsn_header(responses);
			/* Every route refuses an Accept it cannot answer. */
			if (responses && !has_4xx(responses))
				openapi_errors(responses, (const char *const[]){"406", NULL});
		}
	}
}
