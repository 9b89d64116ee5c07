/* Configuration for every subcommand: defaults, then the environment, then flags. */
#ifndef SWAPTRACK_CONFIG_H
#define SWAPTRACK_CONFIG_H

#include <stddef.h>

#include "core/client.h"

struct config {
	const char *bind;           /* BIND, --bind; default 127.0.0.1 */
	int port;                   /* PORT, --port; default 8080; 0 picks a free port */
	const char *database;       /* DATABASE_URL, --database; libpq URI or conninfo */
	int threads;                /* --threads; worker threads, each with one connection */
	int migrate;                /* serve applies migrations first unless --no-migrate */
	size_t max_body;            /* --max-body; bytes; larger bodies get 413 */
	int shutdown_timeout;       /* --shutdown-timeout; seconds to let requests finish */
	int db_connect_timeout;     /* --db-timeout; seconds for one connection attempt */
	const char *share_dir;      /* SWAPTRACK_SHARE, --share-dir; holds migrations/ and web/ */
	const char *migrations_dir; /* --migrations-dir; default <share>/migrations */
	const char *web_dir;        /* --web-dir; default <share>/web */
	int private_reads;          /* --private-reads: reads need a key with scope read */
	const char *cors[16];       /* --cors-origin, repeatable: origins allowed cross-site */
	int ncors;
	struct cidr trusted[16]; /* --trusted-proxy, repeatable: peers whose X-Forwarded-For
	                              * names the client */
	int ntrusted;
	int max_connections;    /* --max-connections: open connections at once */
	int request_timeout;    /* --request-timeout: seconds a request may take to arrive, and
	                              * a connection may idle between requests */
	size_t max_url;         /* --max-url: bytes of path and query */
	size_t max_headers;     /* --max-headers: bytes of all request headers */
	double rate;            /* --rate: requests a second per key or client address; 0 off */
	int burst;              /* --burst: requests allowed at once above the rate */
	int idempotency_hours;  /* --idempotency-ttl: hours an Idempotency-Key is remembered */
	int statement_timeout;  /* --statement-timeout: seconds one query may run */
	const char *read_db[8]; /* --read-database, repeatable: streaming replicas for reads */
	int nread_db;
	int max_replica_lag_ms;    /* --max-replica-lag: seconds behind past which one is skipped */
	int heavy_per_client;      /* --heavy-per-client: heavy requests at once per client */
	int heavy_threads;         /* --heavy-threads: the threads heavy requests run on */
	int heavy_timeout_ms;      /* --heavy-timeout: how long a heavy request may wait, and an
	                              * extraction run */
	size_t import_max_line;    /* --import-max-line: bytes of one import line */
	int numbered_only;         /* --numbered-only: the numbered migrations alone */
	const char *file;          /* import: the file to load */
	int if_empty;              /* import --if-empty: skip, quietly, a database with records */
	const char *functions_dir; /* <share>/sql/functions: the SQL functions, a file a module */
	char *owned[4];            /* strings computed here; freed by config_free */
};

/* Fills defaults and the environment. Returns 0, or -1 after printing why. */
int config_init(struct config *c);
/* Parses the flags of one subcommand (argv[0] is the subcommand). Returns 0, 1 when --help was
 * printed, or -1 after printing the error. */
int config_parse(struct config *c, int argc, char **argv);
/* Resolves the share, migrations and web directories once flags are known. */
int config_finish(struct config *c);
void config_usage(const char *cmd);
void config_free(struct config *c);

#endif
