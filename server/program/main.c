/* swaptrack: one binary, several commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/log.h"
#include "core/oom.h"
#include "db/db.h"
#include "db/migrate.h"
#include "engine/model/model.h"
#include "engine/openapi/openapi.h"
#include "engine/routes/collection.h"
#include "engine/sql/docs.h"
#include "engine/sql/schema.h"
#include "engine/sql/sqlgen.h"
#include "features/keys.h"
#include "features/search.h"
#include "http/auth.h"
#include "models/models.h"
#include "program/serve.h"
#include "program/transfer.h"

/* `swaptrack openapi`: needs no database, only the models. */
static int print_openapi(void)
{
	struct route *routes = serve_routes();
	char *text = routes ? openapi_text(routes) : NULL;
	int rc = text && fputs(text, stdout) >= 0 ? 0 : 1;

	free(text);
	collection_routes_free(routes);
	engine_free();
	return rc;
}

/* `swaptrack plan COLLECTION QUERY`: the statement a list request would run, then its
 * parameters one a line (for benchmarks; the query is checked as the server checks it). */
static int print_plan(const char *collection, const char *query)
{
	const char *keys[64], *values[64];
	struct buf sql = BUF_INIT, params = BUF_INIT;
	struct problem p = PROBLEM_INIT;
	const struct model *m = NULL;
	char *q = strdup(query);
	int n, rc = 1;

	for (int i = 0; resources[i]; i++)
		if (strcmp(resources[i]->name, collection) == 0)
			m = resources[i];
	if (q && m && engine_init(resources) == 0) {
		n = collection_query_split(q, keys, values, 64);
		if (collection_list_plan(m, keys, values, n, &sql, &params, &p) == 0) {
			printf("%s\n%s", sql.data, params.data ? params.data : "");
			rc = 0;
		} else {
			json_t *j = problem_json(&p);
			char *text = json_dumps(j, JSON_COMPACT);
			fprintf(stderr, "swaptrack: %s\n", text ? text : "invalid query");
			free(text);
			json_decref(j);
		}
	} else {
		fprintf(stderr, "swaptrack: usage: swaptrack plan COLLECTION 'QUERY'\n");
	}
	problem_clear(&p);
	buf_free(&sql);
	buf_free(&params);
	free(q);
	engine_free();
	return rc;
}

/* The read documents' statements `swaptrack sql` prints (docs_*), into b; NULL for another
 * name. */
static const char *docs_statement(const char *name, struct buf *b)
{
	int level[MAX_MODELS], top = docs_fill_levels(level);

	if (strcmp(name, "docs_triggers_off") == 0 || strcmp(name, "docs_triggers_on") == 0) {
		docs_triggers_sql(b, strcmp(name, "docs_triggers_on") == 0);
	} else if (strcmp(name, "docs_levels") == 0) {
		for (int lv = 0; lv <= top; lv++)
			for (int i = 0; models[i]; i++)
				if (level[i] == lv)
					buf_printf(b, "%d %s\n", lv, models[i]->table);
		/* A cycle's models last, after every other. */
		for (int i = 0; models[i]; i++)
			if (level[i] < 0)
				buf_printf(b, "%d %s\n", top + 1, models[i]->table);
		if (b->len)
			b->data[--b->len] = '\0'; /* printed with its own newline */
	} else if (strcmp(name, "schema_ddl") == 0) {
		schema_ddl(b);
	} else if (strncmp(name, "docs_fill_", 10) == 0) {
		for (int i = 0; models[i]; i++)
			if (strcmp(models[i]->table, name + 10) == 0)
				docs_fill_sql(b, models[i]);
	}
	return b->data;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: swaptrack COMMAND [options]\n"
		"commands:\n"
		"  serve      run the HTTP API and dashboard\n"
		"  migrate    apply pending database migrations and exit\n"
		"  openapi    print the OpenAPI 3.1 document\n"
		"  export     write every record to standard output as NDJSON\n"
		"  import     load an export into an empty database (import [--if-empty] FILE)\n"
		"  batch      run a batch of writes ({\"operations\": [...]}, as POST /v1/batch) in\n"
		"             one transaction (batch [--if-empty] FILE; - reads standard input)\n"
		"  keys       manage API keys (keys create --name N --scope S | list | revoke NAME)\n"
		"  sql NAME   print a generated statement, e.g. people_get (for benchmarks)\n"
		"  plan COLLECTION QUERY  print the statement and parameters of a list query\n"
		"Run 'swaptrack COMMAND --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
	struct migration_set set = {NULL, 0};
	struct config cfg;
	const char *cmd;
	char *err = NULL;
	int rc = 1, parsed;

	oom_init(); /* before any JSON */
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage();
		return argc < 2 ? 2 : 0;
	}
	cmd = argv[1];
	if (strcmp(cmd, "openapi") == 0)
		return print_openapi();
	if (strcmp(cmd, "keys") == 0)
		return keys_main(argc - 2, argv + 2);
	if (strcmp(cmd, "plan") == 0 && argc == 4)
		return print_plan(argv[2], argv[3]);
	if (strcmp(cmd, "sql") == 0 && argc == 3) {
		/* For benchmarks: the statement the server prepares under this name. */
		const struct db_stmt *more[] = {&search_stmt, &auth_key_stmt};
		int engine_ok = engine_init(resources) == 0;
		const char *text = engine_ok ? sql_statement(argv[2]) : NULL;
		struct buf stale = BUF_INIT;
		for (size_t i = 0; !text && i < sizeof(more) / sizeof(more[0]); i++)
			if (strcmp(argv[2], more[i]->name) == 0)
				text = more[i]->sql;
		/* For tests: the live records whose document differs from their JSON built anew. */
		if (!text && strcmp(argv[2], "docs_stale") == 0) {
			docs_stale_sql(&stale);
			text = stale.data;
		}
		/* For bench/load, a bulk load as the import makes it: the documents' triggers off
		 * (docs_triggers_off) before the COPYs; after them each model's missing documents
		 * (docs_fill_TABLE) in the order of docs_levels ("LEVEL TABLE" lines), and the
		 * triggers on again (docs_triggers_on). */
		if (!text && engine_ok)
			text = docs_statement(argv[2], &stale);
		int found = text != NULL;
		if (text)
			printf("%s\n", text);
		else
			fprintf(stderr, "swaptrack: no statement %s (try people_get)\n", argv[2]);
		buf_free(&stale);
		engine_free();
		return found ? 0 : 1;
	}
	if (strcmp(cmd, "serve") != 0 && strcmp(cmd, "migrate") != 0 && strcmp(cmd, "export") != 0 &&
	    strcmp(cmd, "import") != 0 && strcmp(cmd, "batch") != 0) {
		fprintf(stderr, "swaptrack: unknown command '%s'\n", cmd);
		usage();
		return 2;
	}
	if (config_init(&cfg) < 0)
		return 2;
	parsed = config_parse(&cfg, argc - 1, argv + 1);
	if (parsed != 0) {
		config_free(&cfg);
		return parsed > 0 ? 0 : 2;
	}
	if (config_finish(&cfg) < 0)
		goto out;
	if (!cfg.database) {
		fprintf(stderr, "swaptrack: no database: set DATABASE_URL or pass --database\n");
		goto out;
	}
	db_configure(cfg.database, cfg.db_connect_timeout);
	if (migration_set_load(cfg.migrations_dir, &set, &err) < 0) {
		log_msg("%s", err ? err : "cannot load migrations");
		free(err);
		goto out;
	}
	if (strcmp(cmd, "migrate") == 0) {
		/* The engine's SQL first: a migration's step may install what it generates (0026's
		 * read documents). */
		if (engine_init(resources) < 0)
			goto out;
		if (!cfg.numbered_only && schema_items(&set, cfg.functions_dir, &err) < 0) {
			log_msg("%s", err ? err : "cannot load sql/functions");
			free(err);
			engine_free();
			goto out;
		}
		rc = migrate_now(&cfg, &set) < 0 ? 1 : 0;
		engine_free();
	} else if (strcmp(cmd, "export") == 0 || strcmp(cmd, "import") == 0 || strcmp(cmd, "batch") == 0) {
		if (engine_init(resources) < 0)
			goto out;
		rc = cmd[0] == 'e'   ? transfer_export()
		     : cmd[0] == 'b' ? transfer_batch(cfg.file, cfg.if_empty)
				     : transfer_import(cfg.file, cfg.if_empty, cfg.import_max_line);
		engine_free();
	} else {
		rc = serve_main(&cfg, &set);
	}
out:
	migration_set_free(&set);
	config_free(&cfg);
	return rc;
}
