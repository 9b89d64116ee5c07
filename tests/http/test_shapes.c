/* Lists and reads shaped by the query (contract v1.1, "Lists: filters that researchers use"):
 * several sort keys with keyset cursors that stay valid across them, fields= on lists, reads
 * and CSV, and embed= one level deep on reads and lists in one statement per list (the test
 * counts the statements PostgreSQL logs for the server's connections). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/base64.h"
#include "core/buf.h"
#include "harness.h"

/* Statements are logged for this server's connections only (log_statement is set per
 * connection by the URL), so other tests' statements never count. */
static struct th_server S;
static char *DB;
static long long P[8], D[3], SW, SRC, CI;
static char *LOG; /* the cluster's log */

static const char *const names[] = {"Ana", "Cy", "Bo", "Ana", "Bo", "Ana", "Bo", "Ana"};
static const char *const born[] = {"\"1970\"", "\"1980-05\"", "null",        "\"1980-05\"",
				   "\"1970\"", "null",        "\"1980-05\"", "\"1980-05\""};

static int setup(void **state)
{
	char *url;

	(void)state;
	DB = th_db_create("test_shapes");
	LOG = th_fmt("%s/pg.log", getenv("SWAPTRACK_TEST_CLUSTER"));
	url = th_fmt("%s&options=-c%%20log_statement%%3Dall", DB);
	th_server_start(&S, url, NULL);
	free(url);
	for (int i = 0; i < 8; i++)
		P[i] = th_create(&S, "/v1/people?duplicate=allow",
				 "{\"name\": \"%s\", \"born_on\": %s,"
				 " \"citizenships\": [\"FJ\"]}",
				 names[i], born[i]);
	for (int i = 0; i < 3; i++)
		D[i] = th_create(&S, "/v1/detentions",
				 "{\"person_id\": %lld, \"country\": \"RU\","
				 " \"status\": \"held\"}",
				 P[i]);
	SW = th_create(&S, "/v1/swaps",
		       "{\"occurred_on\": \"2024-08-01\", \"releases\": ["
		       "{\"person_id\": %lld, \"detention_id\": %lld, \"released_by\": \"RU\"},"
		       "{\"person_id\": %lld, \"released_by\": \"US\"}]}",
		       P[0], D[0], P[4]);
	SRC = th_create(&S, "/v1/sources",
			"{\"url\": \"https://shapes.example/1\", \"title\": "
			"\"Shapes\", \"content\": \"Ana was freed on Thursday.\"}");
	CI = th_create(&S, "/v1/citations",
		       "{\"source_id\": %lld, \"subject_type\": \"person\","
		       " \"subject_id\": %lld, \"field\": \"name\", \"quote\": \"Ana\"}",
		       SRC, P[0]);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	th_server_stop(&S);
	free(DB);
	free(LOG);
	return 0;
}

/* The ids of every page from first on (each page's next followed), as indexes into P. */
static char *walk(const char *first)
{
	char *path = strdup(first), *all = strdup(""), *tmp;

	while (path) {
		json_t *j = th_get(&S, path), *item, *next;
		size_t i;

		json_array_foreach(json_object_get(j, "items"), i, item) {
			long long id = json_integer_value(json_object_get(item, "id"));
			int at = -1;
			for (int k = 0; k < 8; k++)
				if (P[k] == id)
					at = k;
			tmp = th_fmt("%s%s%d", all, *all ? " " : "", at);
			free(all);
			all = tmp;
		}
		next = json_object_get(j, "next");
		free(path);
		path = json_is_string(next) ? strdup(json_string_value(next)) : NULL;
		json_decref(j);
	}
	return all;
}

static void expect_order(const char *sort, const char *want)
{
	for (int limit = 1; limit <= 3; limit++) {
		char *path = th_fmt("/v1/people?citizenship=FJ&sort=%s&limit=%d", sort, limit);
		char *got = walk(path);
		if (strcmp(got, want) != 0)
			fail_msg("%s: %s, want %s", path, got, want);
		free(got);
		free(path);
	}
}

static void expect_400(const char *path, const char *param)
{
	struct th_resp r;
	char *fields;

	th_request(&S, "GET", path, NULL, NULL, 0, &r);
	th_assert_problem(&r, 400);
	fields = th_error_fields(&r);
	if (!strstr(fields, param))
		fail_msg("%s: errors on %s, want %s", path, fields, param);
	free(fields);
	th_resp_free(&r);
}

/* Several keys, each way: every record once, in the order the keys say, whatever the page size
 * (a record without the date sorts as the earliest). Ties on every key fall to the id, in the
 * last key's direction unless id is named. */
static void sort_keys_page_through(void **state)
{
	(void)state;
	expect_order("-born_on,name", "3 7 6 1 0 4 5 2");
	expect_order("born_on,name", "5 2 0 4 3 7 6 1");
	expect_order("-born_on,-name,-id", "1 6 7 3 4 0 2 5");
	expect_order("name,-id", "7 5 3 0 6 4 2 1");
	expect_order("-name", "1 6 4 2 7 5 3 0");
	expect_400("/v1/people?sort=id,name", "sort");
	expect_400("/v1/people?sort=name,name", "sort");
	expect_400("/v1/people?sort=name,", "sort");
	expect_400("/v1/people?sort=name,citizenships", "sort");
	expect_400("/v1/detentions?sort=detained_on,sentenced_on,released_on,-detained_on", "sort");
}

/* A cursor carries its order and every key of its row: another order, or keys that are not
 * what the order makes, get 400 before any query. */
static void cursors_keep_their_order(void **state)
{
	json_t *j = th_get(&S, "/v1/people?citizenship=FJ&sort=-born_on,name&limit=2");
	const char *next = json_string_value(json_object_get(j, "next"));
	const char *cursor = strstr(next, "after=") + 6;
	char *other = th_fmt("/v1/people?citizenship=FJ&sort=-born_on&limit=2&after=%s", cursor);
	static const char *const forged[] = {
		"[\"people\",\"-born_on,name,id\",[\"1980-05-01\"],3]",       /* a key short */
		"[\"people\",\"-born_on,name,id\",[\"tomorrow\",\"Ana\"],3]", /* not a day */
		"[\"people\",\"-born_on,name,id\",[\"1980-05-01\",7],3]",     /* not text */
		"[\"people\",\"-born_on,name,id\",\"1980-05-01\",3]",         /* v1's shape */
	};

	(void)state;
	expect_400(other, "after");
	for (size_t i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
		struct buf b = BUF_INIT;
		char *path;
		base64url_encode(&b, (const unsigned char *)forged[i], strlen(forged[i]));
		path = th_fmt("/v1/people?citizenship=FJ&sort=-born_on,name&limit=2&after=%s", b.data);
		expect_400(path, "after");
		free(path);
		buf_free(&b);
	}
	free(other);
	json_decref(j);
}

/* The members of o, sorted, joined with spaces. */
static char *members(json_t *o)
{
	const char *key;
	json_t *v;
	char *all = strdup(""), *tmp;
	const char *list[64];
	int n = 0;

	json_object_foreach(o, key, v)
		if (n < 64)
			list[n++] = key;
	for (int i = 0; i < n; i++)
		for (int k = i + 1; k < n; k++)
			if (strcmp(list[k], list[i]) < 0) {
				const char *t = list[i];
				list[i] = list[k];
				list[k] = t;
			}
	for (int i = 0; i < n; i++) {
		tmp = th_fmt("%s%s%s", all, i ? " " : "", list[i]);
		free(all);
		all = tmp;
	}
	return all;
}

static void expect_members(json_t *o, const char *want)
{
	char *got = members(o);

	if (strcmp(got, want) != 0)
		fail_msg("members %s, want %s", got, want);
	free(got);
}

/* fields=: only those top-level members and the id, on lists, reads and CSV; a read so shaped
 * has its own ETag, which If-None-Match answers with 304. */
static void fields_select_members(void **state)
{
	json_t *j = th_get(&S, "/v1/people?citizenship=FJ&fields=name,citations&limit=3"), *item;
	struct th_resp r, full, again;
	char *path, *tag, *full_tag;
	size_t i;

	(void)state;
	assert_int_equal(json_array_size(json_object_get(j, "items")), 3);
	json_array_foreach(json_object_get(j, "items"), i, item)
		expect_members(item, "citations id name");
	json_decref(j);

	path = th_fmt("/v1/people/%lld?fields=born_on,version", P[1]);
	th_request(&S, "GET", path, NULL, NULL, 0, &r);
	th_expect(&r, 200);
	expect_members(r.json, "born_on id version");
	assert_string_equal(json_string_value(json_object_get(r.json, "born_on")), "1980-05");
	tag = th_header(&r, "ETag");
	free(path);
	path = th_fmt("/v1/people/%lld", P[1]);
	th_request(&S, "GET", path, NULL, NULL, 0, &full);
	full_tag = th_header(&full, "ETag");
	assert_string_not_equal(tag, full_tag);
	free(path);
	path = th_fmt("/v1/people/%lld?fields=born_on,version", P[1]);
	{
		char *inm = th_fmt("If-None-Match: %s", tag);
		const char *h[] = {inm, NULL};
		th_request(&S, "GET", path, h, NULL, 0, &again);
		assert_int_equal(again.status, 304);
		th_resp_free(&again);
		free(inm);
	}
	free(path);

	{
		const char *h[] = {"Accept: text/csv", NULL};
		th_request(&S, "GET", "/v1/people?citizenship=FJ&fields=name,born_on&sort=id&limit=2",
			   h, NULL, 0, &again);
		th_expect(&again, 200);
		path = th_fmt("id,name,born_on\r\n%lld,Ana,1970\r\n%lld,Cy,1980-05\r\n", P[0], P[1]);
		assert_string_equal(again.body, path);
		free(path);
		th_resp_free(&again);
	}

	expect_400("/v1/people?fields=name,nope", "fields");
	expect_400("/v1/people?fields=", "fields");
	expect_400("/v1/people?fields=name,,born_on", "fields");
	path = th_fmt("/v1/people/%lld?fields=secret", P[1]);
	expect_400(path, "fields");
	free(path);
	path = th_fmt("/v1/people/%lld?limit=3", P[1]);
	expect_400(path, "limit");
	free(path);
	path = th_fmt("/v1/people/%lld?fields=name&fields=born_on", P[1]);
	expect_400(path, "fields");
	free(path);
	free(tag);
	free(full_tag);
	th_resp_free(&r);
	th_resp_free(&full);
}

/* embed=: the record a reference names beside it, with its own fields only (no citations, no
 * listed ids), under a child list too, and a citation's subject of whichever kind. */
static void embed_one_level(void **state)
{
	char *path = th_fmt("/v1/detentions?person_id=%lld&embed=person", P[1]);
	json_t *j = th_get(&S, path), *d, *person, *rel;

	(void)state;
	d = json_array_get(json_object_get(j, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(d, "person_id")), P[1]);
	person = json_object_get(d, "person");
	assert_string_equal(json_string_value(json_object_get(person, "name")), "Cy");
	assert_null(json_object_get(person, "citations"));
	assert_null(json_object_get(person, "detentions"));
	assert_non_null(json_object_get(d, "citations")); /* the record's own stay */
	json_decref(j);
	free(path);

	path = th_fmt("/v1/swaps/%lld?embed=releases.person,releases.detention", SW);
	j = th_get(&S, path);
	rel = json_array_get(json_object_get(j, "releases"), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(rel, "person"), "name")),
			    "Ana");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(rel, "detention"), "id")),
			 D[0]);
	rel = json_array_get(json_object_get(j, "releases"), 1);
	assert_true(json_is_null(json_object_get(rel, "detention")));
	assert_null(json_object_get(j, "person"));
	json_decref(j);
	free(path);

	path = th_fmt("/v1/citations?source_id=%lld&embed=subject,source", SRC);
	j = th_get(&S, path);
	d = json_array_get(json_object_get(j, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(d, "id")), CI);
	assert_string_equal(json_string_value(json_object_get(json_object_get(d, "subject"), "name")),
			    "Ana");
	assert_string_equal(json_string_value(json_object_get(json_object_get(d, "source"), "content")),
			    "Ana was freed on Thursday.");
	json_decref(j);
	free(path);

	expect_400("/v1/detentions?embed=person.citizenships", "embed");
	expect_400("/v1/detentions?embed=country", "embed");
	expect_400("/v1/swaps?embed=releases.person.detentions", "embed");
	expect_400("/v1/people?embed=person", "embed");
}

/* How many statements PostgreSQL logged for this server from offset from up to the one whose
 * parameters hold until (which is not counted). */
static int statements_since(off_t from, const char *until, struct buf *seen)
{
	char *log = NULL, *p;
	int n = 0;

	/* Waits until the sentinel's statement is in the log: everything before it was too. */
	for (int tries = 0; tries < 100; tries++) {
		FILE *f = fopen(LOG, "r");
		struct buf b = BUF_INIT;
		char chunk[8192];
		size_t got;

		assert_non_null(f);
		fseeko(f, from, SEEK_SET);
		while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_append(&b, chunk, got);
		fclose(f);
		free(log);
		log = buf_steal(&b);
		if (log && strstr(log, until))
			break;
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	assert_non_null(log);
	if (!strstr(log, until))
		fail_msg("the log never showed %s", until);
	*strstr(log, until) = '\0';
	for (p = log; (p = strstr(p, "LOG:  ")); p += 6)
		if (strncmp(p + 6, "execute ", 8) == 0 || strncmp(p + 6, "statement: ", 11) == 0) {
			n++;
			buf_printf(seen, "\n  %.*s",
				   strcspn(p, "\n") < 160 ? (int)strcspn(p, "\n") : 160, p);
		}
	free(log);
	return n - 1; /* the sentinel's own */
}

static off_t log_size(void)
{
	struct stat st;

	assert_int_equal(stat(LOG, &st), 0);
	return st.st_size;
}

static void anonymous_get(const char *path)
{
	const char *h[] = {"Authorization:", NULL};
	struct th_resp r;

	th_request(&S, "GET", path, h, NULL, 0, &r);
	th_expect(&r, 200);
	th_resp_free(&r);
}

/* No N+1: a list with embeds (of a reference, under children, of a subject) is one statement,
 * whatever the page's size. */
static void embed_is_one_statement(void **state)
{
	static const char *const lists[] = {
		"/v1/detentions?embed=person&limit=3",
		"/v1/swaps?embed=releases.person,releases.detention,negotiation",
		"/v1/citations?embed=subject,source",
		"/v1/people?citizenship=FJ&fields=name&sort=-born_on,name&limit=8",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		off_t from = log_size();
		char *sentinel = th_fmt("/v1/people?q=sentinel-%zu", i);
		char *mark = th_fmt("sentinel-%zu", i);
		int n;

		/* Once before counting, so that no connection is opened during the count; without a
		 * key, whose check would be a statement of its own. */
		anonymous_get(lists[i]);
		from = log_size();
		anonymous_get(lists[i]);
		anonymous_get(sentinel);
		struct buf seen = BUF_INIT;
		n = statements_since(from, mark, &seen);
		if (n != 1)
			fail_msg("%s: %d statements, want 1:%s", lists[i], n, seen.data ? seen.data : "");
		buf_free(&seen);
		free(sentinel);
		free(mark);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sort_keys_page_through), cmocka_unit_test(cursors_keep_their_order),
		cmocka_unit_test(fields_select_members),  cmocka_unit_test(embed_one_level),
		cmocka_unit_test(embed_is_one_statement),
	};

	return cmocka_run_group_tests_name("shapes", tests, setup, teardown);
}
