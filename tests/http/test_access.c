/* Access: API keys, their scopes and their lifecycle, private reads, the history actor, and the
 * admin key make run leaves in .data/admin.key. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/buf.h"
#include "harness.h"

TH_GROUP("test_access")

/* Makes a key with the CLI; returns its text (malloc'd) and checks it is alone on the last line. */
static char *make_key(const char *name, const char *scope)
{
	return th_key_create(G.db, name, scope);
}

static long with_key(const char *key, const char *method, const char *path, const char *body,
		     struct th_resp *r)
{
	char *auth = key ? th_fmt("Authorization: Bearer %s", key) : strdup("Authorization:");
	const char *hdr[] = {auth, "Content-Type: application/json", NULL};

	th_request(&G.srv, method, path, hdr, body, body ? strlen(body) : 0, r);
	free(auth);
	return r->status;
}

static void writes_need_a_key_with_write_scope(void **state)
{
	char *reader = make_key("reader", "read"), *writer = make_key("writer", "write");
	struct th_resp r;
	char *www;

	(void)state;
	/* None: 401, saying how. */
	assert_int_equal(with_key(NULL, "POST", "/v1/people", "{\"name\": \"x\"}", &r), 401);
	th_assert_problem(&r, 401);
	www = th_header(&r, "WWW-Authenticate");
	assert_non_null(www);
	assert_non_null(strstr(www, "Bearer"));
	free(www);
	th_resp_free(&r);
	/* Too small a scope: 403. Enough: 201, and history names the key. */
	assert_int_equal(with_key(reader, "POST", "/v1/people", "{\"name\": \"x\"}", &r), 403);
	th_assert_problem(&r, 403);
	th_resp_free(&r);
	assert_int_equal(with_key(writer, "POST", "/v1/people", "{\"name\": \"By writer\"}", &r), 201);
	{
		char *path = th_fmt("/v1/people/%lld/history",
				    (long long)json_integer_value(json_object_get(r.json, "id")));
		json_t *h = th_get(&G.srv, path);
		assert_string_equal(json_string_value(
					    json_object_get(json_array_get(json_object_get(h, "items"), 0),
							    "actor")),
				    "writer");
		json_decref(h);
		free(path);
	}
	th_resp_free(&r);
	/* Reads are public by default; a bad key is refused even there. */
	assert_int_equal(with_key(NULL, "GET", "/v1/people", NULL, &r), 200);
	th_resp_free(&r);
	assert_int_equal(with_key("swt_1_nope", "GET", "/v1/people", NULL, &r), 401);
	th_resp_free(&r);
	/* Key management and import need admin. */
	assert_int_equal(with_key(writer, "GET", "/v1/keys", NULL, &r), 403);
	th_resp_free(&r);
	{
		const char *hdr[] = {"Content-Type: application/x-ndjson", NULL};
		char *auth = th_fmt("Authorization: Bearer %s", writer);
		const char *h2[] = {hdr[0], auth, NULL};
		th_request(&G.srv, "POST", "/v1/import", h2, "\n", 1, &r);
		th_assert_problem(&r, 403);
		th_resp_free(&r);
		free(auth);
	}
	free(reader);
	free(writer);
}

static void bad_keys_are_401(void **state)
{
	char *good = make_key("probe", "write"), *wrong, *unknown;
	const char *bad[] = {"Basic dXNlcjpwYXNz",
			     "Bearer",
			     "Bearer swt_",
			     "Bearer abc",
			     "Bearer swt_0_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
			     NULL};
	struct th_resp r;

	(void)state;
	/* The same id with another secret, and an id that does not exist. */
	wrong = strdup(good);
	wrong[strlen(wrong) - 1] = wrong[strlen(wrong) - 1] == 'A' ? 'B' : 'A';
	unknown = th_fmt("swt_999999_%s", strchr(good + 4, '_') + 1);
	assert_int_equal(with_key(wrong, "POST", "/v1/people", "{\"name\": \"x\"}", &r), 401);
	assert_null(strstr(r.body, wrong)); /* a key is never echoed */
	th_resp_free(&r);
	assert_int_equal(with_key(unknown, "POST", "/v1/people", "{\"name\": \"x\"}", &r), 401);
	th_resp_free(&r);
	/* On a public read too: a key that is sent is checked. */
	assert_int_equal(with_key(wrong, "GET", "/v1/people", NULL, &r), 401);
	th_resp_free(&r);
	assert_int_equal(with_key(unknown, "GET", "/v1/search?q=x", NULL, &r), 401);
	th_resp_free(&r);
	for (int i = 0; bad[i]; i++) {
		char *h = th_fmt("Authorization: %s", bad[i]);
		const char *hdr[] = {h, "Content-Type: application/json", NULL};
		th_request(&G.srv, "POST", "/v1/people", hdr, "{\"name\": \"x\"}", 13, &r);
		th_assert_problem(&r, 401);
		th_resp_free(&r);
		free(h);
	}
	/* Only a hash is stored: the key's secret is nowhere in the table. */
	{
		/* The secret follows "swt_<id>_" and may itself hold '_' (base64url), which LIKE
		 * would take for a wildcard: strpos looks for it as it is. */
		char *sql = th_fmt("SELECT count(*) FROM api_keys WHERE strpos(api_keys::text, '%s') > 0",
				   strchr(good + 4, '_') + 1);
		char *n = th_sql(G.db, sql);
		assert_string_equal(n, "0");
		free(n);
		free(sql);
	}
	free(good);
	free(wrong);
	free(unknown);
}

static void revoked_keys_stop_working(void **state)
{
	char *key = make_key("short-lived", "write");
	char *cmd = th_fmt("DATABASE_URL='%s' %s keys revoke short-lived >/dev/null", G.db,
			   getenv("SWAPTRACK_BIN"));
	char *list = th_fmt("DATABASE_URL='%s' %s keys list", G.db, getenv("SWAPTRACK_BIN"));
	struct th_resp r;
	FILE *f;
	char line[512];
	int listed = 0;

	(void)state;
	assert_int_equal(with_key(key, "POST", "/v1/people", "{\"name\": \"before\"}", &r), 201);
	th_resp_free(&r);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(with_key(key, "POST", "/v1/people", "{\"name\": \"after\"}", &r), 401);
	th_resp_free(&r);
	/* A public read that sends the revoked key has it checked too (contract v1.1), and
	 * without it the same read is answered. */
	assert_int_equal(with_key(key, "GET", "/v1/people", NULL, &r), 401);
	th_resp_free(&r);
	assert_int_equal(with_key(key, "GET", "/v1/people/1", NULL, &r), 401);
	th_resp_free(&r);
	{
		const char *none[] = {"Authorization:", NULL};
		th_request(&G.srv, "GET", "/v1/people", none, NULL, 0, &r);
		th_expect(&r, 200);
		th_resp_free(&r);
	}
	f = popen(list, "r");
	while (f && fgets(line, sizeof(line), f))
		listed |= strstr(line, "short-lived") && strstr(line, "write") && !strstr(line, "swt_");
	pclose(f);
	assert_true(listed);
	free(cmd);
	free(list);
	free(key);
}

static void admin_manages_keys_over_http(void **state)
{
	struct th_resp r;
	char *key, *path;
	long long id;

	(void)state;
	th_json(&G.srv, "POST", "/v1/keys", "{\"name\": \"made-over-http\", \"scope\": \"read\"}", &r);
	th_expect(&r, 201);
	key = strdup(json_string_value(json_object_get(r.json, "key")));
	id = (long long)json_integer_value(json_object_get(r.json, "id"));
	th_resp_free(&r);
	th_json(&G.srv, "POST", "/v1/keys", "{\"name\": \"made-over-http\", \"scope\": \"read\"}", &r);
	th_assert_problem(&r, 409);
	th_resp_free(&r);
	th_json(&G.srv, "POST", "/v1/keys", "{\"name\": \"x\", \"scope\": \"root\", \"extra\": 1}", &r);
	th_assert_problem(&r, 422);
	th_resp_free(&r);
	{
		json_t *list = th_get(&G.srv, "/v1/keys");
		char *text = json_dumps(list, 0);
		assert_non_null(strstr(text, "made-over-http"));
		assert_null(strstr(text, "swt_"));
		free(text);
		json_decref(list);
	}
	assert_int_equal(with_key(key, "GET", "/v1/people", NULL, &r), 200);
	th_resp_free(&r);
	path = th_fmt("/v1/keys/%lld", id);
	th_request(&G.srv, "DELETE", path, NULL, NULL, 0, &r);
	th_expect(&r, 204);
	th_resp_free(&r);
	assert_int_equal(with_key(key, "GET", "/v1/people", NULL, &r), 401);
	th_resp_free(&r);
	free(path);
	free(key);
}

static void private_reads_need_a_key(void **state)
{
	const char *args[] = {"--private-reads", NULL};
	struct th_server s;
	struct th_resp r;
	char *reader = make_key("private-reader", "read");
	char *auth = th_fmt("Authorization: Bearer %s", reader);
	const char *none[] = {"Authorization:", NULL}, *with[] = {auth, NULL};

	(void)state;
	th_server_start(&s, G.db, args);
	th_request(&s, "GET", "/v1/people", none, NULL, 0, &r);
	th_assert_problem(&r, 401);
	th_resp_free(&r);
	th_request(&s, "GET", "/v1/search?q=x", none, NULL, 0, &r);
	th_assert_problem(&r, 401);
	th_resp_free(&r);
	th_request(&s, "GET", "/v1/people", with, NULL, 0, &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	/* Probes and the API description stay public. */
	th_request(&s, "GET", "/healthz", none, NULL, 0, &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	th_request(&s, "GET", "/openapi.json", none, NULL, 0, &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	assert_int_equal(th_server_stop(&s), 0);
	free(auth);
	free(reader);
}

/* make run's key: made once in .data/admin.key (here a directory of the test's), mode 0600,
 * with the curl line that uses it printed. */
static void make_run_leaves_an_admin_key(void **state)
{
	char dir[] = "/tmp/swaptrack-run.XXXXXX", *keyfile, *log, *before = NULL;
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	keyfile = th_fmt("%s/admin.key", dir);
	log = th_fmt("%s/run.log", dir);
	for (int round = 0; round < 2; round++) {
		char *cmd = th_fmt("SWAPTRACK_DATA=%s DATABASE_URL='%s' PORT=0 scripts/run >%s 2>&1 & "
				   "echo $!",
				   dir, G.db, log);
		FILE *f = popen(cmd, "r");
		int pid = 0;
		char *text = NULL;
		assert_non_null(f);
		assert_int_equal(fscanf(f, "%d", &pid), 1);
		pclose(f);
		for (int i = 0; i < 300; i++) { /* until it listens (a loaded machine is slow) */
			FILE *l = fopen(log, "r");
			struct buf b = BUF_INIT;
			char chunk[1024];
			size_t n;
			while (l && (n = fread(chunk, 1, sizeof(chunk), l)) > 0)
				buf_append(&b, chunk, n);
			if (l)
				fclose(l);
			free(text);
			text = buf_steal(&b);
			if (strstr(text, "listening on"))
				break;
			usleep(100 * 1000);
		}
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
		assert_non_null(strstr(text, "listening on"));
		assert_non_null(strstr(text, "Authorization: Bearer $(cat"));
		free(text);
		free(cmd);
		assert_int_equal(stat(keyfile, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
		if (round == 0) {
			FILE *k = fopen(keyfile, "r");
			char key[256] = "";
			assert_non_null(k);
			assert_non_null(fgets(key, sizeof(key), k));
			fclose(k);
			before = strdup(key);
		} else {
			/* The second start keeps the first key, which still writes. */
			FILE *k = fopen(keyfile, "r");
			char key[256] = "";
			struct th_resp r;
			assert_non_null(fgets(key, sizeof(key), k));
			fclose(k);
			assert_string_equal(key, before);
			key[strcspn(key, "\n")] = '\0';
			assert_int_equal(with_key(key, "POST", "/v1/people",
						  "{\"name\": \"by make run key\"}", &r),
					 201);
			th_resp_free(&r);
			free(before);
		}
	}
	unlink(keyfile);
	unlink(log);
	rmdir(dir);
	free(keyfile);
	free(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writes_need_a_key_with_write_scope),
		cmocka_unit_test(bad_keys_are_401),
		cmocka_unit_test(revoked_keys_stop_working),
		cmocka_unit_test(admin_manages_keys_over_http),
		cmocka_unit_test(private_reads_need_a_key),
		cmocka_unit_test(make_run_leaves_an_admin_key),
	};

	return cmocka_run_group_tests_name("access", tests, group_setup, group_teardown);
}
