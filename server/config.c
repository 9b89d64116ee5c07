/* Defaults, environment and flags, in that order of precedence (a flag wins). Numbers are parsed
 * strictly: "80x" or an out-of-range value is an error, never a silent default. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
	OPT_BIND = 1000, OPT_PORT, OPT_DATABASE, OPT_THREADS, OPT_NO_MIGRATE, OPT_MAX_BODY,
	OPT_SHUTDOWN_TIMEOUT, OPT_DB_TIMEOUT, OPT_SHARE, OPT_MIGRATIONS, OPT_WEB, OPT_HELP, OPT_IF_EMPTY,
};

static const struct option options[] = {
	{"bind", required_argument, NULL, OPT_BIND},
	{"port", required_argument, NULL, OPT_PORT},
	{"database", required_argument, NULL, OPT_DATABASE},
	{"threads", required_argument, NULL, OPT_THREADS},
	{"no-migrate", no_argument, NULL, OPT_NO_MIGRATE},
	{"max-body", required_argument, NULL, OPT_MAX_BODY},
	{"shutdown-timeout", required_argument, NULL, OPT_SHUTDOWN_TIMEOUT},
	{"db-timeout", required_argument, NULL, OPT_DB_TIMEOUT},
	{"share-dir", required_argument, NULL, OPT_SHARE},
	{"migrations-dir", required_argument, NULL, OPT_MIGRATIONS},
	{"web-dir", required_argument, NULL, OPT_WEB},
	{"help", no_argument, NULL, OPT_HELP},
	{"if-empty", no_argument, NULL, OPT_IF_EMPTY},
	{NULL, 0, NULL, 0},
};

void config_usage(const char *cmd)
{
	fprintf(stderr,
		"usage: swaptrack %s [options]\n"
		"  --bind ADDR             address to listen on (BIND; default 127.0.0.1)\n"
		"  --port N                port, 0 for any free one (PORT; default 8080)\n"
		"  --database URL          libpq URI or conninfo (DATABASE_URL)\n"
		"  --threads N             worker threads, one database connection each (default 4)\n"
		"  --no-migrate            serve without applying pending migrations first\n"
		"  --max-body BYTES        largest request body accepted (default 1048576)\n"
		"  --shutdown-timeout S    seconds to let requests finish on SIGTERM (default 30)\n"
		"  --db-timeout S          seconds for one database connection attempt (default 5)\n"
		"  --share-dir DIR         where migrations/ and web/ live (SWAPTRACK_SHARE)\n"
		"  --migrations-dir DIR    migrations (default SHARE/migrations)\n"
		"  --web-dir DIR           dashboard files (default SHARE/web)\n"
		"  --if-empty              import: do nothing (and succeed) if the database has records\n",
		cmd);
}

/* Parses a whole decimal number in [min, max]; returns 0 or -1. */
static int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int set_number(const char *what, const char *s, long min, long max, long *out)
{
	if (parse_long(s, min, max, out) == 0)
		return 0;
	fprintf(stderr, "swaptrack: %s must be a whole number from %ld to %ld, not '%s'\n",
		what, min, max, s ? s : "");
	return -1;
}

int config_init(struct config *c)
{
	const char *env;
	long v;

	memset(c, 0, sizeof(*c));
	c->bind = "127.0.0.1";
	c->port = 8080;
	c->threads = 4;
	c->migrate = 1;
	c->max_body = 1024 * 1024;
	c->shutdown_timeout = 30;
	c->db_connect_timeout = 5;
	if ((env = getenv("BIND")) && *env)
		c->bind = env;
	if ((env = getenv("PORT")) && *env) {
		if (set_number("PORT", env, 0, 65535, &v) < 0)
			return -1;
		c->port = (int)v;
	}
	if ((env = getenv("DATABASE_URL")) && *env)
		c->database = env;
	if ((env = getenv("SWAPTRACK_SHARE")) && *env)
		c->share_dir = env;
	return 0;
}

int config_parse(struct config *c, int argc, char **argv)
{
	long v;
	int opt;

	optind = 1;
	opterr = 1;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case OPT_BIND: c->bind = optarg; break;
		case OPT_PORT:
			if (set_number("--port", optarg, 0, 65535, &v) < 0)
				return -1;
			c->port = (int)v;
			break;
		case OPT_DATABASE: c->database = optarg; break;
		case OPT_THREADS:
			if (set_number("--threads", optarg, 1, 256, &v) < 0)
				return -1;
			c->threads = (int)v;
			break;
		case OPT_NO_MIGRATE: c->migrate = 0; break;
		case OPT_MAX_BODY:
			if (set_number("--max-body", optarg, 1, 1L << 30, &v) < 0)
				return -1;
			c->max_body = (size_t)v;
			break;
		case OPT_SHUTDOWN_TIMEOUT:
			if (set_number("--shutdown-timeout", optarg, 0, 3600, &v) < 0)
				return -1;
			c->shutdown_timeout = (int)v;
			break;
		case OPT_DB_TIMEOUT:
			if (set_number("--db-timeout", optarg, 1, 600, &v) < 0)
				return -1;
			c->db_connect_timeout = (int)v;
			break;
		case OPT_SHARE: c->share_dir = optarg; break;
		case OPT_MIGRATIONS: c->migrations_dir = optarg; break;
		case OPT_WEB: c->web_dir = optarg; break;
		case OPT_IF_EMPTY: c->if_empty = 1; break;
		case OPT_HELP:
			config_usage(argv[0]);
			return 1;
		default:
			config_usage(argv[0]);
			return -1;
		}
	}
	/* import takes one file; nothing else takes an argument. */
	if (optind < argc && strcmp(argv[0], "import") == 0 && !c->file)
		c->file = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "swaptrack %s: unexpected argument '%s'\n", argv[0], argv[optind]);
		return -1;
	}
	if (strcmp(argv[0], "import") == 0 && !c->file) {
		fprintf(stderr, "usage: swaptrack import [--if-empty] FILE\n");
		return -1;
	}
	return 0;
}

static char *join(const char *dir, const char *name)
{
	char *s;

	if (asprintf(&s, "%s/%s", dir, name) < 0)
		return NULL;
	return s;
}

int config_finish(struct config *c)
{
	if (!c->share_dir) {
		/* The binary lives in build/ beside the repository's migrations/ and web/; an installed
		 * copy is told where they are with SWAPTRACK_SHARE. */
		char exe[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n <= 0) {
			fprintf(stderr, "swaptrack: cannot find my own path; set SWAPTRACK_SHARE\n");
			return -1;
		}
		exe[n] = '\0';
		c->owned[0] = join(dirname(exe), "..");
		c->share_dir = c->owned[0];
	}
	if (!c->migrations_dir)
		c->migrations_dir = c->owned[1] = join(c->share_dir, "migrations");
	if (!c->web_dir)
		c->web_dir = c->owned[2] = join(c->share_dir, "web");
	if (!c->share_dir || !c->migrations_dir || !c->web_dir) {
		fprintf(stderr, "swaptrack: out of memory\n");
		return -1;
	}
	return 0;
}

void config_free(struct config *c)
{
	for (size_t i = 0; i < sizeof(c->owned) / sizeof(c->owned[0]); i++)
		free(c->owned[i]);
}
