/* docker-compose.yml and the Dockerfile, parsed and checked: no Docker engine runs here, so this
 * is what guards them. YAML is parsed with libyaml, not matched as text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include <cmocka.h>

static yaml_document_t doc;

static int setup(void **state)
{
	yaml_parser_t parser;
	FILE *f = fopen("docker-compose.yml", "rb");

	(void)state;
	if (!f)
		return -1;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &doc) || !yaml_document_get_root_node(&doc)) {
		fprintf(stderr, "docker-compose.yml: %s at line %zu\n", parser.problem,
			parser.problem_mark.line + 1);
		yaml_parser_delete(&parser);
		fclose(f);
		return -1;
	}
	yaml_parser_delete(&parser);
	fclose(f);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	yaml_document_delete(&doc);
	return 0;
}

static const char *scalar(yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* The node at a dotted path of mapping keys ("services.db.image"), or NULL. */
static yaml_node_t *at(const char *path)
{
	yaml_node_t *n = yaml_document_get_root_node(&doc);
	char *copy = strdup(path), *save = NULL;

	for (char *key = strtok_r(copy, ".", &save); key && n; key = strtok_r(NULL, ".", &save)) {
		yaml_node_t *found = NULL;
		if (n->type != YAML_MAPPING_NODE)
			break;
		for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
		     p++) {
			const char *k = scalar(yaml_document_get_node(&doc, p->key));
			if (k && strcmp(k, key) == 0) {
				found = yaml_document_get_node(&doc, p->value);
				break;
			}
		}
		n = found;
	}
	free(copy);
	return n;
}

static yaml_node_t *item(yaml_node_t *seq, int i)
{
	if (!seq || seq->type != YAML_SEQUENCE_NODE ||
	    seq->data.sequence.items.start + i >= seq->data.sequence.items.top)
		return NULL;
	return yaml_document_get_node(&doc, seq->data.sequence.items.start[i]);
}

static void db_is_postgres_15_with_named_volume(void **state)
{
	const char *vol;
	char name[64];

	(void)state;
	assert_string_equal(scalar(at("services.db.image")), "postgres:15");
	vol = scalar(item(at("services.db.volumes"), 0));
	assert_non_null(vol);
	assert_non_null(strstr(vol, ":/var/lib/postgresql/data"));
	/* A named volume, declared at the top level, not a host path. */
	assert_true(vol[0] != '.' && vol[0] != '/');
	snprintf(name, sizeof(name), "volumes.%.*s", (int)strcspn(vol, ":"), vol);
	assert_non_null(at(name));
}

static void db_has_a_healthcheck(void **state)
{
	yaml_node_t *test;
	const char *cmd;

	(void)state;
	test = at("services.db.healthcheck.test");
	assert_non_null(test);
	cmd = scalar(item(test, 1));
	assert_non_null(cmd);
	assert_non_null(strstr(cmd, "pg_isready"));
}

static void api_is_built_and_points_at_db(void **state)
{
	const char *url, *port;

	(void)state;
	assert_string_equal(scalar(at("services.api.build.dockerfile")), "Dockerfile");
	url = scalar(at("services.api.environment.DATABASE_URL"));
	assert_non_null(url);
	assert_non_null(strstr(url, "@db:5432/"));
	port = scalar(item(at("services.api.ports"), 0));
	assert_non_null(port);
	assert_non_null(strstr(port, ":8080:8080"));
	assert_string_equal(scalar(at("services.api.depends_on.db.condition")), "service_healthy");
}

/* The Dockerfile is multi-stage and Debian-based: two FROM lines, both debian. */
/* The optional replica (profile "replica"): a postgres:15 standby made with pg_basebackup -R from
 * db, which lets it replicate, and an API that reads from it. */
static void replica_profile(void **state)
{
	const char *cmd, *hba, *arg;
	yaml_node_t *c;
	FILE *f;
	char line[256] = "";

	(void)state;
	assert_null(at("services.api.profiles"));
	assert_null(at("services.db.profiles"));
	assert_string_equal(scalar(item(at("services.replica.profiles"), 0)), "replica");
	assert_string_equal(scalar(at("services.replica.image")), "postgres:15");
	assert_string_equal(scalar(at("services.replica.depends_on.db.condition")), "service_healthy");
	cmd = scalar(item(at("services.replica.command"), 0));
	assert_non_null(cmd);
	assert_non_null(strstr(cmd, "pg_basebackup -h db "));
	assert_non_null(strstr(cmd, " -R "));
	assert_non_null(strstr(cmd, "hot_standby=on"));
	assert_non_null(strstr(scalar(item(at("services.replica.volumes"), 0)), "replicadata:"));
	assert_non_null(at("volumes.replicadata"));
	/* db runs the script that lets a standby stream from it. */
	hba = scalar(item(at("services.db.volumes"), 1));
	assert_non_null(hba);
	assert_non_null(strstr(hba, "/docker-entrypoint-initdb.d/"));
	assert_non_null(f = fopen("scripts/docker/allow-replication.sh", "r"));
	while (fgets(line, sizeof(line), f) && strncmp(line, "echo ", 5) != 0)
		;
	fclose(f);
	assert_non_null(strstr(line, "host replication all all scram-sha-256"));
	/* The second API reads from it. */
	assert_string_equal(scalar(item(at("services.api-replica.profiles"), 0)), "replica");
	c = at("services.api-replica.command");
	assert_string_equal(scalar(item(c, 0)), "serve");
	assert_string_equal(scalar(item(c, 1)), "--read-database");
	arg = scalar(item(c, 2));
	assert_non_null(arg);
	assert_non_null(strstr(arg, "@replica:5432/"));
	assert_string_equal(scalar(at("services.api-replica.depends_on.replica.condition")),
			    "service_healthy");
	assert_string_equal(scalar(item(at("services.api-replica.ports"), 0)), "127.0.0.1:8081:8080");
}

static void dockerfile_is_multi_stage_debian(void **state)
{
	FILE *f = fopen("Dockerfile", "r");
	char line[512];
	int froms = 0, debian = 0;

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "FROM ", 5) == 0) {
			froms++;
			debian += strncmp(line + 5, "debian:", 7) == 0;
		}
	}
	fclose(f);
	assert_int_equal(froms, 2);
	assert_int_equal(debian, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(db_is_postgres_15_with_named_volume),
		cmocka_unit_test(db_has_a_healthcheck),
		cmocka_unit_test(api_is_built_and_points_at_db),
		cmocka_unit_test(replica_profile),
		cmocka_unit_test(dockerfile_is_multi_stage_debian),
	};

	return cmocka_run_group_tests_name("compose", tests, setup, teardown);
}
