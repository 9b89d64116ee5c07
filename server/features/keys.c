/* API key management, from the command line and over HTTP. A key is shown once, when it is made;
 * afterwards only its name, scope and dates can be listed. */
#include "features/keys.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/oom.h"
#include "db/db.h"
#include "engine/openapi/openapi.h"
#include "engine/routes/collection.h"
#include "http/auth.h"
#include "http/http.h"

/* The statements call functions of sql/functions/keys.sql. */
#define LIST_SQL "SELECT swaptrack_api_keys()"

static void usage(void)
{
	fprintf(stderr, "usage: swaptrack keys create --name NAME --scope read|write|admin\n"
			"       swaptrack keys list\n"
			"       swaptrack keys revoke NAME\n"
			"The database comes from DATABASE_URL or --database.\n");
}

int keys_main(int argc, char **argv)
{
	static const struct option options[] = {
		{"name", required_argument, NULL, 'n'},
		{"scope", required_argument, NULL, 's'},
		{"database", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	const char *name = NULL, *scope = NULL, *database = getenv("DATABASE_URL"), *sub;
	struct problem p = PROBLEM_INIT;
	PGconn *c = NULL;
	PGresult *r = NULL;
	char *err = NULL, *key = NULL;
	int opt, rc = 1;

	if (argc < 1 || argv[0][0] == '-') {
		usage();
		return 2;
	}
	sub = argv[0];
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (opt == 'n')
			name = optarg;
		else if (opt == 's')
			scope = optarg;
		else if (opt == 'd')
			database = optarg;
		else {
			usage();
			return 2;
		}
	}
	if (strcmp(sub, "revoke") == 0 && optind < argc)
		name = argv[optind++];
	if (optind < argc || (strcmp(sub, "create") && strcmp(sub, "list") && strcmp(sub, "revoke")) ||
	    (strcmp(sub, "list") && !name) || (strcmp(sub, "create") == 0 && !auth_scope(scope))) {
		usage();
		return 2;
	}
	if (!database || !*database) {
		fprintf(stderr, "swaptrack: no database: set DATABASE_URL or pass --database\n");
		return 1;
	}
	db_configure(database, 5);
	if (!(c = db_connect(&err))) {
		fprintf(stderr, "swaptrack: cannot connect to the database: %s", err ? err : "?\n");
		free(err);
		return 1;
	}
	if (strcmp(sub, "create") == 0) {
		if (auth_key_create(c, name, auth_scope(scope), &key, &p) < 0)
			goto fail;
		/* The key alone on the last line, for $(swaptrack keys create ... | tail -n 1). */
		printf("created %s key '%s'; it is shown only now:\n%s\n", scope, name, key);
		rc = 0;
	} else if (strcmp(sub, "list") == 0) {
		if (!(r = db_exec(c,
				  "SELECT id, name, scope, created_at, revoked_at"
				  " FROM swaptrack_api_key_rows()",
				  0, NULL, &p)))
			goto fail;
		printf("%-6s %-24s %-6s %-24s %s\n", "ID", "NAME", "SCOPE", "CREATED", "REVOKED");
		for (int i = 0; i < PQntuples(r); i++)
			printf("%-6s %-24s %-6s %-24s %s\n", PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
			       PQgetvalue(r, i, 2), PQgetvalue(r, i, 3), PQgetvalue(r, i, 4));
		rc = 0;
	} else {
		const char *vals[] = {name};
		if (!(r = db_exec(c, "SELECT * FROM swaptrack_api_key_revoke(NULL, $1)", 1, vals, &p)))
			goto fail;
		if (PQntuples(r) == 0) {
			fprintf(stderr, "swaptrack: no live key is named %s\n", name);
			goto out;
		}
		printf("revoked key '%s'\n", name);
		rc = 0;
	}
	goto out;
fail:
	fprintf(stderr, "swaptrack: %s\n", p.detail ? p.detail : "failed");
out:
	problem_clear(&p);
	PQclear(r);
	PQfinish(c);
	free(key);
	return rc;
}

void keys_list_handler(struct request *req)
{
	static const struct db_stmt list = {"keys_list", LIST_SQL, 0};
	struct problem p = PROBLEM_INIT;
	PGresult *r;
	char *body = NULL;

	if (http_no_query_or_reply(req) < 0)
		return;
	if (!(r = db_query(&list, NULL, &p))) {
		http_send_problem(req, &p);
		return;
	}
	if (asprintf(&body, "{\"items\":%s,\"next\":null}", PQgetvalue(r, 0, 0)) < 0)
		body = NULL;
	PQclear(r);
	if (!body) {
		http_send_error(req, 503, "The server is out of memory.");
		return;
	}
	http_send(req, 200, "application/json", body, strlen(body));
}

void keys_create_handler(struct request *req)
{
	struct problem p = PROBLEM_INIT;
	json_error_t e;
	json_t *body = NULL, *v, *answer = NULL;
	const char *name, *scope, *key_name;
	char *key = NULL, *text = NULL, location[64];
	long long id = -1;
	PGconn *c = NULL;
	PGresult *r;

	if (http_no_query_or_reply(req) < 0)
		return;
	body = json_loadb(req->body.data ? req->body.data : "", req->body.len, JSON_REJECT_DUPLICATES,
			  &e);
	if (oom_seen()) {
		json_decref(body);
		http_send_out_of_memory(req); /* the body may have lost a byte in parsing */
		return;
	}
	if (!json_is_object(body)) {
		json_decref(body);
		http_send_error(req, 400, "The body must be a JSON object {\"name\", \"scope\"}.");
		return;
	}
	name = json_string_value(json_object_get(body, "name"));
	scope = json_string_value(json_object_get(body, "scope"));
	json_object_foreach(body, key_name, v)
		if (strcmp(key_name, "name") && strcmp(key_name, "scope"))
			problem_field(&p, key_name, "is not a field of keys");
	if (!name)
		problem_field(&p, "name", "is required");
	if (!auth_scope(scope))
		problem_field(&p, "scope", "must be one of: read, write, admin");
	/* In a transaction, and the answer whole before its commit: a key is never stored while
	 * its one showing is lost to a 503. */
	if (!p.status && (c = db_worker(&p)) && (r = db_exec(c, "BEGIN", 0, NULL, &p))) {
		PQclear(r);
		id = auth_key_create(c, name, auth_scope(scope), &key, &p);
	}
	if (id >= 0) {
		snprintf(location, sizeof(location), "/v1/keys/%lld", id);
		answer = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "name", name, "scope",
				   scope, "key", key);
		if (!answer || !(text = json_dumps(answer, JSON_COMPACT)) ||
		    http_add_header(req, "Location", location) < 0)
			problem_oom(&p);
	}
	if (!p.status && db_commit(c, &p) == 0) {
		http_send(req, 201, "application/json", text, strlen(text));
		text = NULL;
	} else {
		if (c && PQtransactionStatus(c) != PQTRANS_IDLE)
			PQclear(PQexec(c, "ROLLBACK"));
		http_drop_headers(req);
		http_send_problem(req, &p);
	}
	if (key)
		memset(key, 0, strlen(key));
	if (text)
		memset(text, 0, strlen(text));
	free(key);
	free(text);
	json_decref(answer);
	json_decref(body);
}

void keys_revoke_handler(struct request *req)
{
	static const struct db_stmt st = {
		"keys_revoke",
		"SELECT * FROM swaptrack_api_key_revoke($1::bigint, NULL)",
		1,
	};
	struct problem p = PROBLEM_INIT;
	const char *vals[] = {req->params[0]};
	long long id;
	PGresult *r;

	if (http_id_or_reply(req, req->params[0], &id) < 0 || http_no_query_or_reply(req) < 0)
		return;
	if (!(r = db_query(&st, vals, &p))) {
		http_send_problem(req, &p);
		return;
	}
	if (PQntuples(r) == 0)
		http_send_error(req, 404, "There is no live key %lld.", id);
	else
		http_send(req, 204, NULL, NULL, 0);
	PQclear(r);
}

/* A key as lists show it. */
static json_t *key_schema(void)
{
	return json_pack("{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s, s:[s,s,s]}, s:{s:s}, s:{s:s}}}", "type",
			 "object", "properties", "id", "type", "integer", "name", "type", "string",
			 "scope", "type", "string", "enum", "read", "write", "admin", "created_at",
			 "type", "string", "revoked_at", "type", "string");
}

json_t *keys_doc(void)
{
	json_t *r = json_pack("{s:o}", "200",
			      openapi_response("Every key, revoked ones too; never "
					       "a key's text.",
					       json_pack("{s:s, s:{s:{s:s, s:o}}}", "type", "object",
							 "properties", "items", "type", "array",
							 "items", key_schema())));

	openapi_errors(r, openapi_read_errors);
	return json_pack("{s:{s:[s], s:s, s:o}}", "get", "tags", "keys", "summary",
			 "List API keys (admin).", "responses", r);
}

json_t *keys_create_doc(void)
{
	json_t *r = json_pack(
		"{s:o}", "201",
		openapi_response("{id, name, scope, key}: the key, "
				 "shown once.",
				 openapi_schema(
					 "{\"type\": \"object\", \"required\": [\"id\", \"name\","
					 " \"scope\", \"key\"], \"properties\": {\"id\": {\"type\": \"integer\"}, \"name\":"
					 " {\"type\": \"string\"}, \"scope\": {\"type\": \"string\", \"enum\": [\"read\", \"write\","
					 " \"admin\"]}, \"key\": {\"type\": \"string\"}}}")));

	openapi_errors(r, openapi_write_errors);
	return json_pack("{s:{s:[s], s:s, s:{s:b, s:{s:{s:{s:s, s:[s,s], s:{s:{s:s}, s:{s:s, s:[s,s,s]}}}}}}, s:o}}",
			 "post", "tags", "keys", "summary", "Make an API key (admin).", "requestBody",
			 "required", 1, "content", "application/json", "schema", "type", "object",
			 "required", "name", "scope", "properties", "name", "type", "string", "scope",
			 "type", "string", "enum", "read", "write", "admin", "responses", r);
}

json_t *keys_revoke_doc(void)
{
	json_t *r = json_pack("{s:{s:s}}", "204", "description", "Revoked.");

	openapi_errors(r, openapi_write_errors);
	return json_pack("{s:{s:[s], s:s, s:o}, s:[o]}", "delete", "tags", "keys", "summary",
			 "Revoke an API key (admin).", "responses", r, "parameters", openapi_id_param());
}
