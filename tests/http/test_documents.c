/* Read documents (engine/sql/docs.c) stay right when two transactions change one document's inputs
 * at once: each is made to wait for the other and computes the document with the other's
 * change. Driven with two database connections directly, so that the interleaving is the
 * test's (the triggers are the database's, whoever writes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "harness.h"

static char *DB;

static int setup(void **state)
{
	const char *migrate[] = {"migrate", NULL};

	(void)state;
	DB = th_db_create("test_documents");
	return th_run(DB, migrate, NULL) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(DB);
	return 0;
}

static PGconn *open_conn(void)
{
	PGconn *c = PQconnectdb(DB);

	assert_int_equal(PQstatus(c), CONNECTION_OK);
	return c;
}

static void ok(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);

	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
}

/* Sends sql on c without waiting; 1 when it is still running after a moment (it waits for a
 * lock), 0 when it has finished. */
static int still_waiting(PGconn *c, const char *sql)
{
	assert_int_equal(PQsendQuery(c, sql), 1);
	for (int i = 0; i < 20; i++) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		assert_int_equal(PQconsumeInput(c), 1);
		if (!PQisBusy(c))
			return 0;
		nanosleep(&ts, NULL);
	}
	return 1;
}

static void finish(PGconn *c)
{
	PGresult *r;

	while ((r = PQgetResult(c))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
			fail_msg("%s", PQresultErrorMessage(r));
		PQclear(r);
	}
}

static void expect_fresh(void)
{
	char *stale = th_stale_docs(DB);

	if (stale)
		fail_msg("documents out of date: %s", stale);
}

/* Two citations of one person in two transactions: the second waits for the first's lock on
 * the person's row and then sees its citation; without the lock-then-compute order it computed
 * the document from the snapshot its UPDATE began with, without the first's citation. */
static void two_citations_of_one_person(void **state)
{
	PGconn *a = open_conn(), *b = open_conn();

	(void)state;
	ok(a, "INSERT INTO sources (url, title) VALUES ('https://docs.example/1', 'One')");
	ok(a, "INSERT INTO people (name) VALUES ('Concurrent Person')");
	expect_fresh();
	ok(a, "BEGIN");
	ok(a,
	   "INSERT INTO citations (source_id, subject_type, subject_id, field) VALUES (1, 'person', 1, 'name')");
	ok(b, "BEGIN");
	assert_true(still_waiting(b, "INSERT INTO citations (source_id, subject_type, subject_id, field)"
				     " VALUES (1, 'person', 1, 'occupation')"));
	ok(a, "COMMIT");
	finish(b);
	ok(b, "COMMIT");
	expect_fresh();
	{
		char *doc = th_sql(DB, "SELECT doc FROM people WHERE id = 1");
		assert_non_null(strstr(doc, "\"occupation\""));
		assert_non_null(strstr(doc, "\"name\""));
		free(doc);
	}
	PQfinish(a);
	PQfinish(b);
}

/* A source's title changed while a citation of it is added: the citation's transaction waits
 * for the change (it holds the source FOR SHARE), so the subject's document carries the new
 * title, which the title's own transaction could not have put there (it did not see the
 * citation). */
static void a_title_changed_while_cited(void **state)
{
	PGconn *a = open_conn(), *b = open_conn();
	char *doc;

	(void)state;
	ok(a, "INSERT INTO sources (url, title) VALUES ('https://docs.example/2', 'Old title')");
	ok(a, "INSERT INTO people (name) VALUES ('Cited Person')");
	ok(a, "BEGIN");
	ok(a, "UPDATE sources SET title = 'New title' WHERE url = 'https://docs.example/2'");
	ok(b, "BEGIN");
	assert_true(
		still_waiting(b, "INSERT INTO citations (source_id, subject_type, subject_id, field)"
				 " SELECT s.id, 'person', p.id, 'name' FROM sources s, people p"
				 " WHERE s.url = 'https://docs.example/2' AND p.name = 'Cited Person'"));
	ok(a, "COMMIT");
	finish(b);
	ok(b, "COMMIT");
	expect_fresh();
	doc = th_sql(DB, "SELECT doc FROM people WHERE name = 'Cited Person'");
	assert_non_null(strstr(doc, "New title"));
	free(doc);
	PQfinish(a);
	PQfinish(b);
}

/* n citations of person by source through server s, each answered 201; 0 when all were. */
static int cite_through(struct th_server *s, long long source, long long person, int n)
{
	for (int i = 0; i < n; i++) {
		char body[320];
		struct th_resp r;
		long status;

		/* Each its own claim: equal citations are refused. */
		snprintf(body, sizeof(body),
			 "{\"source_id\": %lld, \"subject_type\": \"person\","
			 " \"subject_id\": %lld, \"field\": \"name\", \"value\": \"%s %d\"}",
			 source, person, s->base, i);
		th_json(s, "POST", "/v1/citations", body, &r);
		status = r.status;
		th_resp_free(&r);
		if (status != 201)
			return -1;
	}
	return 0;
}

static size_t citations_in(json_t *doc)
{
	return json_array_size(json_object_get(doc, "citations"));
}

/* Two server processes on one database (as behind a load balancer): citations of one person
 * written through both at once all reach the person's document, which either server then reads
 * whole, and a source's new title written through one is read through the other. */
static void two_servers_one_database(void **state)
{
	struct th_server a, b;
	long long source, person;
	char path[64];
	pid_t child;
	int st = 0;
	json_t *doc;

	(void)state;
	th_server_start(&a, DB, NULL);
	th_server_start(&b, DB, NULL);
	source = th_create(&a, "/v1/sources",
			   "{\"url\": \"https://docs.example/3\", \"title\": \"Before\"}");
	person = th_create(&b, "/v1/people", "{\"name\": \"Twice Served\"}");
	fflush(NULL);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		/* Its own HTTP client: the parent's handle and its connections stay the parent's. */
		th_client_reset();
		_exit(cite_through(&b, source, person, 25) == 0 ? 0 : 1);
	}
	assert_int_equal(cite_through(&a, source, person, 25), 0);
	assert_int_equal(waitpid(child, &st, 0), child);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	snprintf(path, sizeof(path), "/v1/people/%lld", person);
	doc = th_get(&b, path);
	assert_int_equal(citations_in(doc), 50);
	json_decref(doc);
	doc = th_get(&a, path);
	assert_int_equal(citations_in(doc), 50);
	json_decref(doc);
	{
		struct th_resp r;
		char src[64];
		snprintf(src, sizeof(src), "/v1/sources/%lld", source);
		th_json(&b, "PATCH", src, "{\"title\": \"After\"}", &r);
		th_expect(&r, 200);
		th_resp_free(&r);
	}
	doc = th_get(&a, path);
	{
		json_t *first = json_array_get(json_object_get(doc, "citations"), 0);
		const char *title = json_string_value(
			json_object_get(json_object_get(first, "source"), "title"));
		assert_non_null(title);
		assert_string_equal(title, "After");
	}
	json_decref(doc);
	expect_fresh();
	assert_int_equal(th_server_stop(&a), 0);
	assert_int_equal(th_server_stop(&b), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_citations_of_one_person),
		cmocka_unit_test(a_title_changed_while_cited),
		cmocka_unit_test(two_servers_one_database),
	};

	return cmocka_run_group_tests_name("documents", tests, setup, teardown);
}
