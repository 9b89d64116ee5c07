/* The HTTP test harness: a fresh database per test, the real build/swaptrack started against it
 * on a free port, and a libcurl client. Like redis's start_server: tests are black-box.
 *
 * The environment comes from scripts/run-tests: SWAPTRACK_BIN, SWAPTRACK_TEST_ADMIN_URL (a
 * superuser URL of the throwaway cluster), SWAPTRACK_TEST_CLUSTER (its directory) and
 * SWAPTRACK_TEST_LOGS (where server logs go). */
#ifndef SWAPTRACK_TEST_HARNESS_H
#define SWAPTRACK_TEST_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <jansson.h>
#include <cmocka.h>

struct th_server {
	pid_t pid;
	int port;
	char base[64];      /* "http://127.0.0.1:PORT" */
	char log_path[512]; /* the server's stderr; kept after stop */
	char key[128];      /* an admin API key made for it; sent unless a request sets
	                     * Authorization itself ("Authorization:" alone sends none) */
	char key_name[64];  /* that key's name: history's actor */
};

struct th_resp {
	long status;
	char *body; /* NUL-terminated */
	size_t len;
	char *headers; /* raw header block, NUL-terminated */
	json_t *json;  /* the body parsed, when it is JSON; else NULL */
	long connects; /* new connections libcurl made for this request (0 = reused) */
};

/* What most test binaries share: a fresh database and one server on it, for a group's setup
 * and teardown. */
struct th_group {
	char *db;
	struct th_server srv;
};
int th_group_setup(struct th_group *g, const char *name);
/* Stops the server; -1 (the group fails) when a live record's read document is out of date. */
int th_group_teardown(struct th_group *g);
/* The live records whose read document differs from their JSON built anew ("people/3 ...",
 * malloc'd), or NULL. */
char *th_stale_docs(const char *db_url);

/* For a test binary whose tests share that: defines G and the cmocka group_setup and
 * group_teardown. */
#define TH_GROUP(name) \
	static struct th_group G; \
	static int group_setup(void **state) \
	{ \
		(void)state; \
		return th_group_setup(&G, name); \
	} \
	static int group_teardown(void **state) \
	{ \
		(void)state; \
		return th_group_teardown(&G); \
	}

/* Creates (dropping first) a database named name; returns its URL (malloc'd). */
char *th_db_create(const char *name);
/* Runs SQL on the database at url and returns the first value of the first row, or NULL;
 * malloc'd. Fails the test on an error. */
char *th_sql(const char *url, const char *sql);

/* A database called name holding the numbered migrations whose files `migrations/GLOB` names
 * (globs: shell globs separated by spaces, "00[01]*.sql 002[012]_*.sql"), applied alone: a
 * database as an older server left it, for a test of what a later migration does to its rows.
 * Returns its URL (malloc'd). */
char *th_db_numbered(const char *name, const char *globs);
/* Runs build/swaptrack with args (NULL-terminated) against db_url and waits for it. Returns its
 * exit status; its stderr is appended to *err (malloc'd) when err is not NULL. */
int th_run(const char *db_url, const char *const args[], char **err);

/* Starts `swaptrack serve --port 0` plus extra args (NULL-terminated, may be NULL) against
 * db_url; waits until it prints the port it listens on. Fails the test on any error. */
void th_server_start(struct th_server *s, const char *db_url, const char *const extra[]);
/* SIGTERM, then waits; returns the exit status (or 128+signal). */
int th_server_stop(struct th_server *s);
/* Makes a key with `swaptrack keys create` on db_url; returns it (malloc'd), shown as the
 * command prints it on its last line. */
char *th_key_create(const char *db_url, const char *name, const char *scope);
/* The server's log so far (malloc'd). */
char *th_server_log(const struct th_server *s);
/* Everything left to read from f, NUL-terminated (malloc'd; "" for nothing). */
char *th_read_all(FILE *f);

/* One request on a handle kept per thread, so that consecutive requests can reuse a connection.
 * headers is NULL-terminated (may be NULL). body may be NULL. Fills *r. */
void th_request(struct th_server *s, const char *method, const char *path, const char *const headers[],
		const char *body, size_t body_len, struct th_resp *r);
/* th_request that returns -1 instead of failing the test when the connection breaks. */
int th_try_request(struct th_server *s, const char *method, const char *path,
		   const char *const headers[], const char *body, size_t body_len, struct th_resp *r);
/* Drops the thread's handle so the next request opens a new connection. */
void th_client_reset(void);
/* The value of a response header (case-insensitive name), malloc'd, or NULL. */
char *th_header(const struct th_resp *r, const char *name);
void th_resp_free(struct th_resp *r);

/* A request with a JSON body (Content-Type: application/json) when body is not NULL. */
void th_json(struct th_server *s, const char *method, const char *path, const char *body,
	     struct th_resp *r);
/* POSTs the formatted JSON body to path, fails the test unless 201, returns the new id. */
long long th_create(struct th_server *s, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* GETs path, fails unless 200, returns the parsed body (new reference). */
json_t *th_get(struct th_server *s, const char *path);
/* Whether GET path (200, or the test fails) lists a record with this id in "items". */
int th_items_have(struct th_server *s, const char *path, long long id);
/* A malloc'd formatted string. */
char *th_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A database called name, migrated, holding what g's server exports (through `swaptrack
 * import`): an export/import round trip. Returns its URL (malloc'd). */
char *th_exported_copy(struct th_group *g, const char *name);
/* Fails unless sql answers the same in databases here and there; returns there's answer. */
char *th_same_in(const char *here, const char *there, const char *sql);
/* The requests of api-docs/README.md's first code block after heading (and then after, when
 * not NULL), in order: each `--json '...'` body and the path of the URL after it (malloc'd).
 * Returns how many, at most max. Tests run the guide's examples as written. */
struct th_guide_call {
	char *body, *path;
};
int th_guide_calls(const char *heading, const char *after, struct th_guide_call *calls, int max);
/* GET /v1/export written to name in the test logs' folder; returns its path (malloc'd). */
char *th_export_file(struct th_server *s, const char *name);
/* Fails unless r has this status, printing the body. */
void th_expect(const struct th_resp *r, long status);
/* The "field" of each entry of a problem's errors, joined with spaces (malloc'd). */
char *th_error_fields(const struct th_resp *r);

/* What the server sent back on a connection of its own for bytes written as they are. */
struct th_raw {
	char *data; /* NUL-terminated (the bytes may hold NULs before it) */
	size_t len;
	int closed;     /* the server closed the connection */
	double seconds; /* until it closed, or the wait ran out */
	double first;   /* until the first byte of the answer (or seconds, without one) */
};
/* Writes req (len bytes) on a new connection and reads what comes back until the server closes
 * the connection or wait_ms passes without it. */
void th_raw_request(const struct th_server *s, const char *req, size_t len, int wait_ms,
		    struct th_raw *out);
void th_raw_free(struct th_raw *r);
/* How many times needle occurs in r's bytes. */
int th_raw_count(const struct th_raw *r, const char *needle);

/* Waits (up to 5 s) until the server's log has a line containing needle; returns the log
 * (malloc'd), or fails the test. */
char *th_log_wait(const struct th_server *s, const char *needle);

/* Stops and starts the test cluster (for outage tests). */
void th_cluster_stop(void);
void th_cluster_start(void);

/* Asserts that etag is a record's ETag of this version: "<version>.<16 hex digits>". */
void th_assert_etag(const char *etag, long long version);

/* Asserts that r is problem+json with the given status and the four RFC 9457 members. */
void th_assert_problem(const struct th_resp *r, long status);

#endif
