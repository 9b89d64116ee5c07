/* Defaults, environment and flags, in that order of precedence (a flag wins). Numbers are parsed
 * strictly: "80x" or an out-of-range value is an error, never a silent default. */
#include "core/config.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
	OPT_BIND = 1000,
	OPT_PORT,
	OPT_DATABASE,
	OPT_THREADS,
	OPT_NO_MIGRATE,
	OPT_MAX_BODY,
	OPT_SHUTDOWN_TIMEOUT,
	OPT_DB_TIMEOUT,
	OPT_SHARE,
	OPT_MIGRATIONS,
	OPT_WEB,
	OPT_HELP,
	OPT_IF_EMPTY,
	OPT_PRIVATE_READS,
	OPT_CORS,
	OPT_MAX_CONN,
	OPT_REQ_TIMEOUT,
	OPT_MAX_URL,
	OPT_MAX_HEADERS,
	OPT_RATE,
	OPT_BURST,
	OPT_IDEM_TTL,
	OPT_STMT_TIMEOUT,
	OPT_TRUSTED_PROXY,
	OPT_READ_DB,
	OPT_MAX_LAG,
	OPT_HEAVY_PER_CLIENT,
	OPT_HEAVY_THREADS,
	OPT_HEAVY_TIMEOUT,
	OPT_IMPORT_MAX_LINE,
	OPT_NUMBERED_ONLY,
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
	{"private-reads", no_argument, NULL, OPT_PRIVATE_READS},
	{"cors-origin", required_argument, NULL, OPT_CORS},
	{"trusted-proxy", required_argument, NULL, OPT_TRUSTED_PROXY},
	{"max-connections", required_argument, NULL, OPT_MAX_CONN},
	{"request-timeout", required_argument, NULL, OPT_REQ_TIMEOUT},
	{"max-url", required_argument, NULL, OPT_MAX_URL},
	{"max-headers", required_argument, NULL, OPT_MAX_HEADERS},
	{"rate", required_argument, NULL, OPT_RATE},
	{"burst", required_argument, NULL, OPT_BURST},
	{"idempotency-ttl", required_argument, NULL, OPT_IDEM_TTL},
	{"statement-timeout", required_argument, NULL, OPT_STMT_TIMEOUT},
	{"read-database", required_argument, NULL, OPT_READ_DB},
	{"max-replica-lag", required_argument, NULL, OPT_MAX_LAG},
	{"heavy-per-client", required_argument, NULL, OPT_HEAVY_PER_CLIENT},
	{"heavy-threads", required_argument, NULL, OPT_HEAVY_THREADS},
	{"heavy-timeout", required_argument, NULL, OPT_HEAVY_TIMEOUT},
	{"import-max-line", required_argument, NULL, OPT_IMPORT_MAX_LINE},
	{"numbered-only", no_argument, NULL, OPT_NUMBERED_ONLY},
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
		"  --share-dir DIR         where migrations/, sql/ and web/ live (SWAPTRACK_SHARE)\n"
		"  --migrations-dir DIR    migrations (default SHARE/migrations)\n"
		"  --web-dir DIR           dashboard files (default SHARE/web)\n"
		"  --if-empty              import, batch: do nothing (and succeed) if the database has\n"
		"                          records\n"
		"  --private-reads         reads need an API key with scope read too\n"
		"  --cors-origin ORIGIN    allow this origin cross-site (repeatable)\n"
		"  --trusted-proxy CIDR    a reverse proxy's address or block (repeatable): only from\n"
		"                          it is the client's address read from X-Forwarded-For\n"
		"  --max-connections N     connections open at once (default 1000)\n"
		"  --request-timeout S     seconds a request may take to arrive, and a connection may\n"
		"                          idle between requests (default 30)\n"
		"  --max-url BYTES         path and query (default 8192): 414 beyond\n"
		"  --max-headers BYTES     all request headers (default 16384): 431 beyond\n"
		"  --rate N                requests a second per key or client address (0.5 is one\n"
		"                          every two seconds), 0 for no\n"
		"                          limit (default 100): 429 beyond; /healthz, /readyz and\n"
		"                          /metrics are never limited\n"
		"  --burst N               requests at once above the rate (default 1000)\n"
		"  --idempotency-ttl H     hours an Idempotency-Key is remembered (default 24)\n"
		"  --statement-timeout S   seconds one database statement may run (default 30)\n"
		"  --read-database URL     a streaming replica of the database for reads (repeatable,\n"
		"                          up to 8): GET and HEAD go to one that is up and caught up\n"
		"  --max-replica-lag S     seconds a replica may be behind before it is skipped\n"
		"                          (default 5; 0.5 is half a second)\n"
		"  --heavy-per-client N    heavy requests (extraction, import, source search) one\n"
		"                          client may have at once (default 2): 429 beyond\n"
		"  --heavy-threads N       threads that run heavy requests, off the workers that\n"
		"                          serve connections (default half of --threads, at least 1)\n"
		"  --heavy-timeout S       seconds a heavy request may wait for a thread, and an\n"
		"                          extraction may run (default 30; 0.5 is half a second):\n"
		"                          503 beyond\n"
		"  --import-max-line BYTES longest line an import reads (default 16777216): 413\n"
		"  --numbered-only         migrate, serve: apply the numbered migrations alone, not\n"
		"                          the tables, functions and documents generated after them\n"
		"                          (what a release before 0030 did: for tests of old schemas)\n",
		cmd);
}

/* Parses a whole decimal number in [min, max]; returns 0 or -1. */
static int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!s || !((*s >= '0' && *s <= '9') || (*s == '-' && s[1] >= '0' && s[1] <= '9')))
		return -1; /* strtol would take "+1" and " 1" */
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
	fprintf(stderr, "swaptrack: %s must be a whole number from %ld to %ld, not '%s'\n", what, min,
		max, s ? s : "");
	return -1;
}

/* Seconds with decimals ("0.5"), from a tenth of a second to max, as milliseconds; 0 or -1
 * after saying why. */
static int set_seconds(const char *what, const char *s, double max, int *ms)
{
	char *end;
	double v;

	errno = 0;
	v = s && *s >= '0' && *s <= '9' && !strchr(s, 'x') && !strchr(s, 'X') ? strtod(s, &end) : -1;
	if (v < 0 || errno || *end || !(v >= 0.1 && v <= max)) {
		fprintf(stderr, "swaptrack: %s must be a number of seconds from 0.1 to %g, not '%s'\n",
			what, max, s ? s : "");
		return -1;
	}
	*ms = (int)(v * 1000 + 0.5);
	return 0;
}

int config_init(struct config *c)
{
	const char *env;
	long v;

	memset(c, 0, sizeof(*c));
	c->bind = "127.0.0.1";
	c->port = 8080;
	c->threads = 4;
	c->heavy_per_client = 2;
	c->heavy_timeout_ms = 30000;
	c->import_max_line = 16 * 1024 * 1024;
	c->migrate = 1;
	c->max_body = 1024 * 1024;
	c->shutdown_timeout = 30;
	c->db_connect_timeout = 5;
	c->max_connections = 1000;
	c->request_timeout = 30;
	c->max_url = 8192;
	c->max_headers = 16384;
	c->rate = 100;
	c->burst = 1000;
	c->idempotency_hours = 24;
	c->statement_timeout = 30;
	c->max_replica_lag_ms = 5000;
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
		case OPT_BIND:
			c->bind = optarg;
			break;
		case OPT_PORT:
			if (set_number("--port", optarg, 0, 65535, &v) < 0)
				return -1;
			c->port = (int)v;
			break;
		case OPT_DATABASE:
			c->database = optarg;
			break;
		case OPT_THREADS:
			if (set_number("--threads", optarg, 1, 256, &v) < 0)
				return -1;
			c->threads = (int)v;
			break;
		case OPT_NO_MIGRATE:
			c->migrate = 0;
			break;
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
		case OPT_SHARE:
			c->share_dir = optarg;
			break;
		case OPT_MIGRATIONS:
			c->migrations_dir = optarg;
			break;
		case OPT_WEB:
			c->web_dir = optarg;
			break;
		case OPT_IF_EMPTY:
			c->if_empty = 1;
			break;
		case OPT_PRIVATE_READS:
			c->private_reads = 1;
			break;
		case OPT_CORS:
			if (c->ncors == (int)(sizeof(c->cors) / sizeof(c->cors[0]))) {
				fprintf(stderr, "swaptrack: at most %d --cors-origin\n", c->ncors);
				return -1;
			}
			if (strncmp(optarg, "http://", 7) && strncmp(optarg, "https://", 8)) {
				fprintf(stderr,
					"swaptrack: --cors-origin is an origin such as "
					"https://dashboard.example, not '%s'\n",
					optarg);
				return -1;
			}
			c->cors[c->ncors++] = optarg;
			break;
		case OPT_TRUSTED_PROXY:
			if (c->ntrusted == (int)(sizeof(c->trusted) / sizeof(c->trusted[0]))) {
				fprintf(stderr, "swaptrack: at most %d --trusted-proxy\n", c->ntrusted);
				return -1;
			}
			if (client_cidr_parse(optarg, &c->trusted[c->ntrusted]) < 0) {
				fprintf(stderr,
					"swaptrack: --trusted-proxy is an address or block such as "
					"10.0.0.0/8 or ::1, not '%s'\n",
					optarg);
				return -1;
			}
			c->ntrusted++;
			break;
		case OPT_MAX_CONN:
			if (set_number("--max-connections", optarg, 1, 100000, &v) < 0)
				return -1;
			c->max_connections = (int)v;
			break;
		case OPT_REQ_TIMEOUT:
			if (set_number("--request-timeout", optarg, 1, 3600, &v) < 0)
				return -1;
			c->request_timeout = (int)v;
			break;
		case OPT_MAX_URL:
			if (set_number("--max-url", optarg, 256, 65536, &v) < 0)
				return -1;
			c->max_url = (size_t)v;
			break;
		case OPT_MAX_HEADERS:
			if (set_number("--max-headers", optarg, 1024, 65536, &v) < 0)
				return -1;
			c->max_headers = (size_t)v;
			break;
		case OPT_RATE: {
			/* A decimal number: 0.1 is one request every ten seconds. */
			char *end;
			double r;
			errno = 0;
			r = optarg && *optarg ? strtod(optarg, &end) : -1;
			if (!optarg || !*optarg || errno || *end || !(r >= 0 && r <= 1000000)) {
				fprintf(stderr,
					"swaptrack: --rate must be a number from 0 to 1000000 "
					"(requests a second), not '%s'\n",
					optarg ? optarg : "");
				return -1;
			}
			c->rate = r;
			break;
		}
		case OPT_BURST:
			if (set_number("--burst", optarg, 1, 1000000, &v) < 0)
				return -1;
			c->burst = (int)v;
			break;
		case OPT_IDEM_TTL:
			if (set_number("--idempotency-ttl", optarg, 1, 24 * 365, &v) < 0)
				return -1;
			c->idempotency_hours = (int)v;
			break;
		case OPT_STMT_TIMEOUT:
			if (set_number("--statement-timeout", optarg, 0, 86400, &v) < 0)
				return -1;
			c->statement_timeout = (int)v;
			break;
		case OPT_READ_DB:
			if (c->nread_db == (int)(sizeof(c->read_db) / sizeof(c->read_db[0]))) {
				fprintf(stderr, "swaptrack: at most %d --read-database\n", c->nread_db);
				return -1;
			}
			if (!*optarg) {
				fprintf(stderr,
					"swaptrack: --read-database needs a libpq URL or conninfo\n");
				return -1;
			}
			c->read_db[c->nread_db++] = optarg;
			break;
		case OPT_MAX_LAG:
			if (set_seconds("--max-replica-lag", optarg, 3600, &c->max_replica_lag_ms) < 0)
				return -1;
			break;
		case OPT_HEAVY_PER_CLIENT:
			if (set_number("--heavy-per-client", optarg, 1, 1000, &v) < 0)
				return -1;
			c->heavy_per_client = (int)v;
			break;
		case OPT_HEAVY_THREADS:
			if (set_number("--heavy-threads", optarg, 1, 256, &v) < 0)
				return -1;
			c->heavy_threads = (int)v;
			break;
		case OPT_HEAVY_TIMEOUT:
			if (set_seconds("--heavy-timeout", optarg, 86400, &c->heavy_timeout_ms) < 0)
				return -1;
			break;
		case OPT_IMPORT_MAX_LINE:
			if (set_number("--import-max-line", optarg, 1024, 1L << 30, &v) < 0)
				return -1;
			c->import_max_line = (size_t)v;
			break;
		case OPT_NUMBERED_ONLY:
			c->numbered_only = 1;
			break;
		case OPT_HELP:
			config_usage(argv[0]);
			return 1;
		default:
			config_usage(argv[0]);
			return -1;
		}
	}
	/* import and batch take one file; nothing else takes an argument. */
	if (optind < argc && (strcmp(argv[0], "import") == 0 || strcmp(argv[0], "batch") == 0) && !c->file)
		c->file = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "swaptrack %s: unexpected argument '%s'\n", argv[0], argv[optind]);
		return -1;
	}
	if (strcmp(argv[0], "import") == 0 && !c->file) {
		fprintf(stderr, "usage: swaptrack import [--if-empty] FILE\n");
		return -1;
	}
	if (strcmp(argv[0], "batch") == 0 && !c->file) {
		fprintf(stderr, "usage: swaptrack batch [--if-empty] FILE (- for standard input)\n");
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
	if (!c->heavy_threads)
		c->heavy_threads = c->threads / 2 > 1 ? c->threads / 2 : 1;
	if (!c->migrations_dir)
		c->migrations_dir = c->owned[1] = join(c->share_dir, "migrations");
	if (!c->web_dir)
		c->web_dir = c->owned[2] = join(c->share_dir, "web");
	c->functions_dir = c->owned[3] = join(c->share_dir, "sql/functions");
	if (!c->share_dir || !c->migrations_dir || !c->web_dir || !c->functions_dir) {
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
