/* The HTTP test harness. */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <curl/curl.h>
#include <libpq-fe.h>

#include "core/buf.h"

static const char *env(const char *name)
{
	const char *v = getenv(name);

	if (!v || !*v) {
		fprintf(stderr, "harness: %s is not set; run the tests with make test\n", name);
		abort();
	}
	return v;
}

/* The URL of database name in the cluster: the admin URL with its path replaced. */
static char *url_of(const char *name)
{
	const char *admin = env("SWAPTRACK_TEST_ADMIN_URL");
	const char *slash = strstr(admin, "@/");
	const char *query = strchr(admin, '?');
	char *url;

	assert_non_null(slash);
	assert_non_null(query);
	assert_true(asprintf(&url, "%.*s@/%s%s", (int)(slash - admin), admin, name, query) > 0);
	return url;
}

static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

char *th_sql(const char *url, const char *sql)
{
	PGconn *c = PQconnectdb(url);
	PGresult *r;
	char *v = NULL;

	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("connect %s: %s", url, PQerrorMessage(c));
	PQsetNoticeProcessor(c, quiet, NULL);
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", sql, PQresultErrorMessage(r));
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
		v = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	PQfinish(c);
	return v;
}

char *th_db_create(const char *name)
{
	const char *admin = env("SWAPTRACK_TEST_ADMIN_URL");
	char *sql;

	assert_true(asprintf(&sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name) > 0);
	free(th_sql(admin, sql));
	free(sql);
	assert_true(asprintf(&sql, "CREATE DATABASE %s", name) > 0);
	free(th_sql(admin, sql));
	free(sql);
	return url_of(name);
}

static char *log_path(const char *what)
{
	static int seq;
	char *p;

	assert_true(asprintf(&p, "%s/%s-%d-%d.log", env("SWAPTRACK_TEST_LOGS"), what, (int)getpid(),
			     ++seq) > 0);
	return p;
}

/* Servers still running when the test binary exits (a failed assertion skips a test's own stop)
 * are stopped here, by PID. */
#define MAX_SERVERS 16
static pid_t running[MAX_SERVERS];

static void stop_leftovers(void)
{
	for (int i = 0; i < MAX_SERVERS; i++)
		if (running[i] > 0) {
			kill(running[i], SIGKILL);
			waitpid(running[i], NULL, 0);
		}
}

static void track(pid_t pid, pid_t replace)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static int registered;

	pthread_mutex_lock(&lock);
	if (!registered) {
		atexit(stop_leftovers);
		registered = 1;
	}
	for (int i = 0; i < MAX_SERVERS; i++)
		if (running[i] == replace) {
			running[i] = pid;
			break;
		}
	pthread_mutex_unlock(&lock);
}

static pid_t spawn(const char *db_url, const char *const args[], int out_fd, const char *errpath)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(errpath, O_WRONLY | O_CREAT | O_APPEND, 0644);
		const char *argv[48];
		int n = 0;
		char *wrap = getenv("SWAPTRACK_WRAP") ? strdup(getenv("SWAPTRACK_WRAP")) : NULL;

		/* make memcheck runs every server under valgrind: SWAPTRACK_WRAP="valgrind ...". */
		if (wrap && args && args[0] && strcmp(args[0], "serve") == 0) {
			char *save = NULL;
			for (char *w = strtok_r(wrap, " ", &save); w && n < 16;
			     w = strtok_r(NULL, " ", &save))
				argv[n++] = w;
		}
		argv[n++] = env("SWAPTRACK_BIN");
		for (int i = 0; args && args[i] && n < 47; i++)
			argv[n++] = args[i];
		argv[n] = NULL;
		if (fd >= 0) {
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
		if (out_fd >= 0) {
			dup2(out_fd, STDOUT_FILENO);
			close(out_fd);
		}
		setenv("DATABASE_URL", db_url, 1);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	return pid;
}

char *th_read_all(FILE *f)
{
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	return buf_steal(&b);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s;

	if (!f)
		return calloc(1, 1); /* no file yet: nothing logged */
	s = th_read_all(f);
	fclose(f);
	return s;
}

static int exit_status(int st)
{
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

char *th_db_numbered(const char *name, const char *globs)
{
	char *db = th_db_create(name), *dir, *cmd, *list = strdup(globs), *save = NULL;
	struct buf files = BUF_INIT;

	dir = th_fmt("%s/migrations-%s-%d", getenv("SWAPTRACK_TEST_LOGS"), name, (int)getpid());
	for (char *g = strtok_r(list, " ", &save); g; g = strtok_r(NULL, " ", &save))
		buf_printf(&files, " migrations/%s", g);
	cmd = th_fmt("rm -rf %s && mkdir -p %s && cp%s %s", dir, dir, files.data, dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	{
		const char *args[] = {"migrate", "--numbered-only", "--migrations-dir", dir, NULL};
		assert_int_equal(th_run(db, args, NULL), 0);
	}
	cmd = th_fmt("rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
	free(list);
	buf_free(&files);
	return db;
}

int th_run(const char *db_url, const char *const args[], char **err)
{
	char *path = log_path("run");
	pid_t pid = spawn(db_url, args, -1, path);
	int st;

	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (err)
		*err = slurp(path);
	free(path);
	return exit_status(st);
}

/* An admin key for the tests' requests. A database without the schema (a --no-migrate start)
 * gets none, and such a test sends no writes. */
static void make_key(struct th_server *s, const char *db_url)
{
	static int seq;
	char *cmd;
	FILE *f;
	char line[256];

	snprintf(s->key_name, sizeof(s->key_name), "test-%d-%d", (int)getpid(), ++seq);
	assert_true(asprintf(&cmd, "DATABASE_URL='%s' %s keys create --name %s --scope admin 2>/dev/null",
			     db_url, env("SWAPTRACK_BIN"), s->key_name) > 0);
	f = popen(cmd, "r");
	free(cmd);
	s->key[0] = '\0';
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "swt_", 4) == 0)
			snprintf(s->key, sizeof(s->key), "%.*s", (int)strcspn(line, "\n"), line);
	if (f)
		pclose(f);
}

void th_server_start(struct th_server *s, const char *db_url, const char *const extra[])
{
	const char *args[32] = {"serve", "--port", "0", "--threads", "4"};
	int n = 5, fds[2];
	char line[256];
	size_t got = 0;
	time_t deadline = time(NULL) + 60;

	for (int i = 0; extra && extra[i] && n < 31; i++)
		args[n++] = extra[i];
	args[n] = NULL;
	memset(s, 0, sizeof(*s));
	{
		char *path = log_path("server");
		snprintf(s->log_path, sizeof(s->log_path), "%s", path);
		free(path);
	}
	assert_int_equal(pipe(fds), 0);
	s->pid = spawn(db_url, args, fds[1], s->log_path);
	track(s->pid, 0);
	close(fds[1]);
	/* The server prints one line when it listens: "swaptrack: listening on http://H:P/". */
	while (got < sizeof(line) - 1 && time(NULL) < deadline) {
		ssize_t r = read(fds[0], line + got, 1);
		if (r <= 0)
			break;
		if (line[got++] == '\n')
			break;
	}
	line[got] = '\0';
	close(fds[0]);
	{
		const char *colon = strrchr(line, ':');
		if (!strstr(line, "listening on") || !colon) {
			char *log = th_server_log(s);
			fail_msg("server did not start; its log:\n%s", log);
		}
		s->port = atoi(colon + 1);
	}
	snprintf(s->base, sizeof(s->base), "http://127.0.0.1:%d", s->port);
	make_key(s, db_url);
}

int th_server_stop(struct th_server *s)
{
	int st = 0;

	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		while (waitpid(s->pid, &st, 0) < 0 && errno == EINTR)
			;
		track(0, s->pid);
		s->pid = 0;
	}
	th_client_reset();
	/* Under valgrind (make memcheck) a memory error or definite leak exits 97. */
	if (exit_status(st) == 97)
		fail_msg("valgrind found a memory error or a definite leak: %s", s->log_path);
	/* Under the sanitizer build a report in the server's log fails the test that ran it. */
	{
		char *log = th_server_log(s);
		if (strstr(log, "ERROR: AddressSanitizer") || strstr(log, "ERROR: LeakSanitizer") ||
		    strstr(log, "runtime error:"))
			fail_msg("the server's log has a sanitizer report: %s", s->log_path);
		free(log);
	}
	return exit_status(st);
}

char *th_server_log(const struct th_server *s)
{
	return slurp(s->log_path);
}

char *th_key_create(const char *db_url, const char *name, const char *scope)
{
	char *cmd = th_fmt("DATABASE_URL='%s' %s keys create --name %s --scope %s", db_url,
			   env("SWAPTRACK_BIN"), name, scope);
	FILE *f = popen(cmd, "r");
	char *out, *last, *key;
	size_t len;

	assert_non_null(f);
	out = th_read_all(f);
	assert_int_equal(pclose(f), 0);
	len = out ? strlen(out) : 0;
	assert_true(len > 1 && out[len - 1] == '\n');
	out[len - 1] = '\0';
	last = strrchr(out, '\n');
	key = strdup(last ? last + 1 : out);
	assert_int_equal(strncmp(key, "swt_", 4), 0);
	assert_null(strchr(key, ' '));
	free(out);
	free(cmd);
	return key;
}

char *th_log_wait(const struct th_server *s, const char *needle)
{
	char *log = NULL;

	for (int tries = 0; tries < 100; tries++) {
		free(log);
		log = th_server_log(s);
		if (strstr(log, needle))
			return log;
		usleep(50 * 1000);
	}
	fail_msg("the server's log never said '%s':\n%s", needle, log);
	return log;
}

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void th_raw_request(const struct th_server *s, const char *req, size_t len, int wait_ms,
		    struct th_raw *out)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)s->port)};
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct buf got = BUF_INIT;
	double start = seconds_now(), deadline = start + wait_ms / 1000.0;
	size_t sent = 0;

	memset(out, 0, sizeof(*out));
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	while (sent < len) {
		ssize_t n = send(fd, req + sent, len - sent, MSG_NOSIGNAL);
		if (n <= 0)
			break; /* the server may refuse (and close) before it all went */
		sent += (size_t)n;
	}
	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		double left = deadline - seconds_now();
		char chunk[4096];
		ssize_t n;

		if (left <= 0 || poll(&p, 1, (int)(left * 1000) + 1) <= 0)
			break;
		n = recv(fd, chunk, sizeof(chunk), 0);
		if (n <= 0) {
			out->closed = n == 0 || errno == ECONNRESET;
			break;
		}
		if (!got.len)
			out->first = seconds_now() - start;
		buf_append(&got, chunk, (size_t)n);
	}
	close(fd);
	out->seconds = seconds_now() - start;
	if (!got.len)
		out->first = out->seconds;
	out->len = got.len;
	out->data = buf_steal(&got);
}

void th_raw_free(struct th_raw *r)
{
	free(r->data);
	memset(r, 0, sizeof(*r));
}

int th_raw_count(const struct th_raw *r, const char *needle)
{
	int n = 0;
	size_t k = strlen(needle);

	for (size_t i = 0; k && i + k <= r->len; i++)
		if (memcmp(r->data + i, needle, k) == 0)
			n++;
	return n;
}

static _Thread_local CURL *client;

void th_client_reset(void)
{
	if (client)
		curl_easy_cleanup(client);
	client = NULL;
}

static size_t collect(char *data, size_t size, size_t n, void *arg)
{
	return buf_append(arg, data, size * n) < 0 ? 0 : size * n;
}

int th_try_request(struct th_server *s, const char *method, const char *path,
		   const char *const headers[], const char *body, size_t body_len, struct th_resp *r)
{
	struct buf b = BUF_INIT, h = BUF_INIT;
	struct curl_slist *hl = NULL;
	char *url;
	CURLcode rc;

	memset(r, 0, sizeof(*r));
	if (!client)
		client = curl_easy_init();
	assert_non_null(client);
	curl_easy_reset(client);
	assert_true(asprintf(&url, "%s%s", s->base, path) > 0);
	curl_easy_setopt(client, CURLOPT_URL, url);
	curl_easy_setopt(client, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(client, CURLOPT_CUSTOMREQUEST, method);
	/* A request that hangs fails the test in 30 s; under valgrind (make memcheck), where the
	 * server runs tens of times slower, a queue of heavy requests on one thread (test_heavy's
	 * extractions of 2.4 MB answers) took 30.2 s on a loaded machine: 120 s there. */
	curl_easy_setopt(client, CURLOPT_TIMEOUT, getenv("SWAPTRACK_WRAP") ? 120L : 30L);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(client, CURLOPT_NOBODY, 1L);
	if (body) {
		curl_easy_setopt(client, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(client, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
	}
	{
		int has_auth = 0;
		for (int i = 0; headers && headers[i]; i++) {
			hl = curl_slist_append(hl, headers[i]);
			has_auth |= strncasecmp(headers[i], "Authorization:", 14) == 0;
		}
		if (!has_auth && s->key[0]) {
			char auth[160];
			snprintf(auth, sizeof(auth), "Authorization: Bearer %s", s->key);
			hl = curl_slist_append(hl, auth);
		}
	}
	/* No 100-continue round trip: the tests want the server's answer to the whole request. */
	hl = curl_slist_append(hl, "Expect:");
	curl_easy_setopt(client, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(client, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(client, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(client, CURLOPT_HEADERFUNCTION, collect);
	curl_easy_setopt(client, CURLOPT_HEADERDATA, &h);
	rc = curl_easy_perform(client);
	curl_slist_free_all(hl);
	free(url);
	if (rc != CURLE_OK) {
		buf_free(&b);
		buf_free(&h);
		th_client_reset();
		return -1;
	}
	curl_easy_getinfo(client, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_getinfo(client, CURLINFO_NUM_CONNECTS, &r->connects);
	r->len = b.len;
	r->body = buf_steal(&b);
	r->headers = buf_steal(&h);
	r->json = json_loadb(r->body, r->len, 0, NULL);
	return 0;
}

void th_request(struct th_server *s, const char *method, const char *path, const char *const headers[],
		const char *body, size_t body_len, struct th_resp *r)
{
	if (th_try_request(s, method, path, headers, body, body_len, r) < 0)
		fail_msg("%s %s: the request failed at the transport", method, path);
}

char *th_header(const struct th_resp *r, const char *name)
{
	size_t n = strlen(name);
	const char *line = r->headers;

	while (line && *line) {
		const char *end = strstr(line, "\r\n");
		size_t len = end ? (size_t)(end - line) : strlen(line);
		if (len > n && strncasecmp(line, name, n) == 0 && line[n] == ':') {
			const char *v = line + n + 1;
			while (*v == ' ')
				v++;
			return strndup(v, (size_t)(line + len - v));
		}
		line = end ? end + 2 : NULL;
	}
	return NULL;
}

void th_resp_free(struct th_resp *r)
{
	free(r->body);
	free(r->headers);
	json_decref(r->json);
	memset(r, 0, sizeof(*r));
}

static void cluster(const char *cmd)
{
	char *line;

	assert_true(asprintf(&line, "scripts/pg-cluster %s '%s' postgres >/dev/null", cmd,
			     env("SWAPTRACK_TEST_CLUSTER")) > 0);
	assert_int_equal(system(line), 0);
	free(line);
}

void th_cluster_stop(void)
{
	cluster("stop");
}

void th_cluster_start(void)
{
	cluster("start");
}

void th_assert_etag(const char *etag, long long version)
{
	char *want = th_fmt("\"%lld.", version);
	size_t n = strlen(want);

	if (!etag || strncmp(etag, want, n) != 0 || strlen(etag) != n + 17 ||
	    strspn(etag + n, "0123456789abcdef") != 16 || etag[n + 16] != '"')
		fail_msg("ETag %s is not a tag of version %lld", etag ? etag : "(none)", version);
	free(want);
}

void th_assert_problem(const struct th_resp *r, long status)
{
	char *ct = th_header(r, "Content-Type");

	if (r->status != status)
		fail_msg("expected status %ld, got %ld: %s", status, r->status, r->body);
	assert_non_null(ct);
	assert_string_equal(ct, "application/problem+json");
	free(ct);
	assert_non_null(r->json);
	assert_true(json_is_string(json_object_get(r->json, "type")));
	assert_true(json_is_string(json_object_get(r->json, "title")));
	assert_int_equal(json_integer_value(json_object_get(r->json, "status")), status);
	assert_true(json_is_string(json_object_get(r->json, "detail")));
}

char *th_export_file(struct th_server *s, const char *name)
{
	char *file = th_fmt("%s/%s", getenv("SWAPTRACK_TEST_LOGS"), name);
	struct th_resp r;
	FILE *f;

	th_request(s, "GET", "/v1/export", NULL, NULL, 0, &r);
	th_expect(&r, 200);
	assert_non_null(f = fopen(file, "w"));
	assert_int_equal(fwrite(r.body, 1, r.len, f), r.len);
	fclose(f);
	th_resp_free(&r);
	return file;
}

char *th_fmt(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	assert_true(vasprintf(&s, fmt, ap) >= 0);
	va_end(ap);
	return s;
}

void th_expect(const struct th_resp *r, long status)
{
	if (r->status != status)
		fail_msg("expected %ld, got %ld: %s", status, r->status, r->body);
}

void th_json(struct th_server *s, const char *method, const char *path, const char *body,
	     struct th_resp *r)
{
	const char *hdr[] = {"Content-Type: application/json", NULL};

	th_request(s, method, path, body ? hdr : NULL, body, body ? strlen(body) : 0, r);
}

long long th_create(struct th_server *s, const char *path, const char *fmt, ...)
{
	struct th_resp r;
	va_list ap;
	char *body;
	long long id;

	va_start(ap, fmt);
	assert_true(vasprintf(&body, fmt, ap) >= 0);
	va_end(ap);
	th_json(s, "POST", path, body, &r);
	free(body);
	th_expect(&r, 201);
	id = (long long)json_integer_value(json_object_get(r.json, "id"));
	assert_true(id > 0);
	th_resp_free(&r);
	return id;
}

json_t *th_get(struct th_server *s, const char *path)
{
	struct th_resp r;
	json_t *j;

	th_request(s, "GET", path, NULL, NULL, 0, &r);
	th_expect(&r, 200);
	j = json_incref(r.json);
	th_resp_free(&r);
	return j;
}

int th_items_have(struct th_server *s, const char *path, long long id)
{
	json_t *j = th_get(s, path), *item;
	size_t i;
	int found = 0;

	json_array_foreach(json_object_get(j, "items"), i, item)
		found |= json_integer_value(json_object_get(item, "id")) == id;
	json_decref(j);
	return found;
}

char *th_error_fields(const struct th_resp *r)
{
	struct buf b = BUF_INIT;
	json_t *e;
	size_t i;

	json_array_foreach(json_object_get(r->json, "errors"), i, e)
		buf_printf(&b, "%s%s", i ? " " : "", json_string_value(json_object_get(e, "field")));
	return buf_steal(&b);
}

int th_group_setup(struct th_group *g, const char *name)
{
	g->db = th_db_create(name);
	th_server_start(&g->srv, g->db, NULL);
	return 0;
}

/* The live records of db whose read document is not their JSON built anew, as
 * "collection/id ..." (malloc'd), or NULL when every document is fresh. */
char *th_stale_docs(const char *db_url)
{
	static char *stale;
	char *sql, *out;

	if (!stale) {
		char *cmd = th_fmt("'%s' sql docs_stale", env("SWAPTRACK_BIN"));
		FILE *p = popen(cmd, "r");

		assert_non_null(p);
		stale = th_read_all(p);
		assert_int_equal(pclose(p), 0);
		free(cmd);
	}
	sql = th_fmt("SELECT string_agg(collection || '/' || id, ' ' ORDER BY collection, id) FROM (%s) s",
		     stale);
	out = th_sql(db_url, sql);
	free(sql);
	return out;
}

int th_group_teardown(struct th_group *g)
{
	char *stale;
	int rc = 0;

	th_server_stop(&g->srv);
	/* Every write the group made kept the documents reads answer with (engine/sql/docs.c). */
	if ((stale = th_stale_docs(g->db))) {
		fprintf(stderr, "ERROR: read documents out of date after the tests: %s\n", stale);
		free(stale);
		rc = -1;
	}
	free(g->db);
	g->db = NULL;
	return rc;
}

/* api-docs/README.md's calls (harness.h). */
int th_guide_calls(const char *heading, const char *after, struct th_guide_call *calls, int max)
{
	FILE *f = fopen("api-docs/README.md", "r");
	static char text[1 << 20];
	size_t n;
	char *at, *end;
	int k = 0;

	assert_non_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	at = strstr(text, heading);
	assert_non_null(at);
	if (after)
		assert_non_null(at = strstr(at, after));
	at = strstr(at, "```sh\n");
	assert_non_null(at);
	end = strstr(at + 6, "```");
	assert_non_null(end);
	*end = 0;
	while (k < max && (at = strstr(at, "--json '"))) {
		char *close = strchr(at + 8, '\''), *url, *stop;
		assert_non_null(close);
		calls[k].body = strndup(at + 8, (size_t)(close - at - 8));
		url = strstr(close, "http://127.0.0.1:8080");
		assert_non_null(url);
		url += strlen("http://127.0.0.1:8080");
		stop = url + strcspn(url, " '\n");
		calls[k].path = strndup(url, (size_t)(stop - url));
		k++;
		at = stop;
	}
	*end = '`';
	return k;
}

char *th_exported_copy(struct th_group *g, const char *name)
{
	const char *const migrate[] = {"migrate", NULL};
	char *db = th_db_create(name), *file = th_fmt("%s-export.ndjson", name),
	     *path = th_export_file(&g->srv, file);
	const char *const import[] = {"import", path, NULL};

	assert_int_equal(th_run(db, migrate, NULL), 0);
	assert_int_equal(th_run(db, import, NULL), 0);
	free(file);
	free(path);
	return db;
}

char *th_same_in(const char *here, const char *there, const char *sql)
{
	char *a = th_sql(here, sql), *b = th_sql(there, sql);

	assert_string_equal(a, b);
	free(a);
	return b;
}
