/* Data in and out: CSV lists, NDJSON export and import (over HTTP and the command line), and the
 * demo data make run loads. */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "harness.h"

TH_GROUP("test_transfer")

/* An RFC 4180 parser for the tests: rows of fields, CRLF line ends. Returns rows as a JSON array
 * of arrays of strings. */
static json_t *parse_csv(const char *s)
{
	json_t *rows = json_array(), *row = json_array();
	struct buf field = BUF_INIT;

	while (*s) {
		if (*s == '"') {
			for (s++; *s && !(s[0] == '"' && s[1] != '"'); s++) {
				if (s[0] == '"')
					s++; /* a doubled quote */
				buf_append(&field, s, 1);
			}
			if (*s == '"')
				s++;
		}
		for (; *s && *s != ',' && *s != '\r'; s++)
			buf_append(&field, s, 1);
		json_array_append_new(row, json_string(field.data ? field.data : ""));
		buf_reset(&field);
		if (*s == ',') {
			s++;
			continue;
		}
		assert_true(s[0] == '\r' && s[1] == '\n');
		s += 2;
		json_array_append_new(rows, row);
		row = json_array();
	}
	json_decref(row);
	buf_free(&field);
	return rows;
}

static void csv_quotes_commas_quotes_and_newlines(void **state)
{
	const char *hdr[] = {"Accept: text/csv", NULL};
	long long id = th_create(&G.srv, "/v1/people",
				 "{\"name\": \"Comma, \\\"Quote\\\" Person\","
				 " \"description\": \"line one\\nline two\\r\\nline three\","
				 " \"aliases\": [\"a,b\", \"c\\\"d\"], \"citizenships\": [\"CH\"]}");
	struct th_resp r;
	json_t *rows, *header, *row, *json;
	char *ct, *path;

	(void)state;
	th_request(&G.srv, "GET", "/v1/people?citizenship=CH", hdr, NULL, 0, &r);
	th_expect(&r, 200);
	ct = th_header(&r, "Content-Type");
	assert_string_equal(ct, "text/csv; charset=utf-8");
	free(ct);
	rows = parse_csv(r.body);
	assert_int_equal(json_array_size(rows), 2);
	header = json_array_get(rows, 0);
	row = json_array_get(rows, 1);
	assert_string_equal(json_string_value(json_array_get(header, 0)), "id");
	assert_string_equal(json_string_value(json_array_get(header, 1)), "name");
	/* Every column comes back as the JSON API has it. */
	path = th_fmt("/v1/people/%lld", id);
	json = th_get(&G.srv, path);
	for (size_t i = 0; i < json_array_size(header); i++) {
		const char *name = json_string_value(json_array_get(header, i));
		const char *cell = json_string_value(json_array_get(row, i));
		json_t *v = json_object_get(json, name), *parsed;
		assert_non_null(v);
		if (json_is_string(v)) {
			assert_string_equal(cell, json_string_value(v));
		} else if (json_is_null(v)) {
			assert_string_equal(cell, "");
		} else {
			/* numbers and lists: their JSON text */
			parsed = json_loads(cell, JSON_DECODE_ANY, NULL);
			if (!json_equal(parsed, v))
				fail_msg("column %s: %s", name, cell);
			json_decref(parsed);
		}
	}
	assert_string_equal(json_string_value(json_array_get(row, 1)), "Comma, \"Quote\" Person");
	json_decref(json);
	json_decref(rows);
	free(path);
	th_resp_free(&r);
}

static void csv_follows_the_same_filters_and_streams_everything(void **state)
{
	const char *csv[] = {"Accept: text/csv", NULL};
	struct th_resp r;
	json_t *rows, *page;
	char *count;

	(void)state;
	for (int i = 0; i < 600; i++)
		th_create(&G.srv, "/v1/people", "{\"name\": \"Bulk %03d\", \"citizenships\": [\"IS\"]}",
			  i);
	/* More rows than a JSON page may hold: CSV gives them all, without a limit. */
	th_request(&G.srv, "GET", "/v1/people?citizenship=IS&sort=-name&count=true", csv, NULL, 0, &r);
	th_expect(&r, 200);
	rows = parse_csv(r.body);
	assert_int_equal(json_array_size(rows), 601);
	assert_string_equal(json_string_value(json_array_get(json_array_get(rows, 1), 1)), "Bulk 599");
	count = th_header(&r, "X-Total-Count");
	assert_string_equal(count, "600");
	free(count);
	json_decref(rows);
	th_resp_free(&r);
	/* With limit and sort, the same records as the JSON page. */
	th_request(&G.srv, "GET", "/v1/people?citizenship=IS&sort=-name&limit=3", csv, NULL, 0, &r);
	rows = parse_csv(r.body);
	page = th_get(&G.srv, "/v1/people?citizenship=IS&sort=-name&limit=3");
	assert_int_equal(json_array_size(rows), 4);
	for (int i = 0; i < 3; i++)
		assert_int_equal(atoll(json_string_value(json_array_get(json_array_get(rows, i + 1), 0))),
				 json_integer_value(
					 json_object_get(json_array_get(json_object_get(page, "items"), i),
							 "id")));
	json_decref(rows);
	json_decref(page);
	th_resp_free(&r);
	/* Bad filters are still 400, and neither JSON nor CSV is 406. */
	th_request(&G.srv, "GET", "/v1/people?citizenship=XX", csv, NULL, 0, &r);
	th_assert_problem(&r, 400);
	th_resp_free(&r);
	{
		const char *xml[] = {"Accept: application/xml", NULL};
		th_request(&G.srv, "GET", "/v1/people", xml, NULL, 0, &r);
		th_assert_problem(&r, 406);
		th_resp_free(&r);
	}
}

static char *export_of(struct th_server *s)
{
	struct th_resp r;
	char *text, *ct;

	th_request(s, "GET", "/v1/export", NULL, NULL, 0, &r);
	th_expect(&r, 200);
	ct = th_header(&r, "Content-Type");
	assert_string_equal(ct, "application/x-ndjson");
	free(ct);
	text = strdup(r.body);
	th_resp_free(&r);
	return text;
}

static void post_import(struct th_server *s, const char *body, struct th_resp *r)
{
	const char *hdr[] = {"Content-Type: application/x-ndjson", NULL};

	th_request(s, "POST", "/v1/import", hdr, body, strlen(body), r);
}

/* Compares two exports record by record. */
static void same_records(const char *a, const char *b)
{
	const char *pa = a, *pb = b;
	int line = 0;

	while (*pa || *pb) {
		const char *ea = strchr(pa, '\n'), *eb = strchr(pb, '\n');
		json_t *ja, *jb;
		line++;
		assert_non_null(ea);
		assert_non_null(eb);
		ja = json_loadb(pa, (size_t)(ea - pa), 0, NULL);
		jb = json_loadb(pb, (size_t)(eb - pb), 0, NULL);
		if (!ja || !json_equal(ja, jb))
			fail_msg("line %d differs:\n%.*s\n%.*s", line, (int)(ea - pa), pa,
				 (int)(eb - pb), pb);
		json_decref(ja);
		json_decref(jb);
		pa = ea + 1;
		pb = eb + 1;
	}
}

/* The database's indexes and constraints, as PostgreSQL prints them: the import drops the
 * secondary indexes and foreign keys for its COPYs and must leave every one as it was, built
 * and validated (a key left NOT VALID prints so). */
static char *schema_of(const char *db)
{
	return th_sql(db, "SELECT string_agg(d, E'\\n' ORDER BY d) FROM ("
			  " SELECT pg_get_indexdef(x.indexrelid) AS d FROM pg_index x"
			  "   JOIN pg_class c ON c.oid = x.indexrelid"
			  "  WHERE c.relnamespace = 'public'::regnamespace AND x.indisvalid"
			  " UNION ALL"
			  " SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)"
			  "   FROM pg_constraint WHERE connamespace = 'public'::regnamespace) s");
}

/* person_terms holds each person's name words exactly (migrations/0007 and 0009): what the
 * trigger wrote in one pass over a COPY is what swaptrack_words says, no pair more or less. */
static void assert_terms_match(const char *db)
{
	char *diff = th_sql(db, "WITH want AS (SELECT w, id FROM people,"
				" unnest(swaptrack_words(search_names)) AS w)"
				" SELECT (SELECT count(*) FROM (SELECT * FROM want EXCEPT"
				"   SELECT term, person_id FROM person_terms) a)"
				" || ' ' || (SELECT count(*) FROM (SELECT term, person_id FROM person_terms"
				"   EXCEPT SELECT * FROM want) b)"
				" || ' ' || (SELECT count(*) FROM person_terms)");

	if (strncmp(diff, "0 0 ", 4) != 0 || strcmp(diff, "0 0 0") == 0)
		fail_msg("person_terms against the names' words (missing, extra, all): %s", diff);
	free(diff);
}

static void export_import_round_trip(void **state)
{
	char *dbb = th_db_create("test_transfer_copy"), *first, *second, *fp;
	struct th_server b;
	struct th_resp r;
	long long n, p, d;

	(void)state;
	/* Everything the model holds: children, lists, unicode, a deleted record, a swap's effect. */
	n = th_create(&G.srv, "/v1/negotiations",
		      "{\"title\": \"Round – trip\", \"status\": \"active\","
		      " \"parties\": [\"RU\", \"US\"], \"started_on\": \"2024-02\", \"participants\": "
		      "[{\"person_id\": 1, \"role\": \"r\", \"representing\": \"RU\"}, {\"person_id\": 2}]}");
	p = th_create(&G.srv, "/v1/people",
		      "{\"name\": \"Ютта\\ttab\", \"aliases\": [\"back\\\\slash\","
		      " \"ютта Ютта\"]}");
	d = th_create(&G.srv, "/v1/detentions",
		      "{\"person_id\": %lld, \"country\": \"RU\", \"status\": \"held\","
		      " \"charges\": [\"one\", \"two\"], \"wrongfully_detained\": false}",
		      p);
	th_create(&G.srv, "/v1/swaps",
		  "{\"occurred_on\": \"2024\", \"negotiation_id\": %lld, \"releases\":"
		  " [{\"person_id\": %lld, \"detention_id\": %lld, \"released_by\": \"RU\"}]}",
		  n, p, d);
	th_create(&G.srv, "/v1/sources", "{\"url\": \"https://round.example/\", \"content\": \"a\\nb\"}");
	th_create(&G.srv, "/v1/citations",
		  "{\"source_id\": 1, \"subject_type\": \"person\", \"subject_id\": %lld}", p);
	{
		long long gone = th_create(&G.srv, "/v1/people", "{\"name\": \"Deleted\"}");
		char *path = th_fmt("/v1/people/%lld", gone);
		th_request(&G.srv, "DELETE", path, NULL, NULL, 0, &r);
		th_expect(&r, 204);
		th_resp_free(&r);
		free(path);
	}
	first = export_of(&G.srv);
	assert_null(strstr(first, "\"Deleted\""));

	th_server_start(&b, dbb, NULL);
	post_import(&b, first, &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	second = export_of(&b);
	same_records(first, second);
	{
		char *want = schema_of(G.db), *got = schema_of(dbb);
		assert_string_equal(got, want);
		free(want);
		free(got);
	}
	assert_terms_match(dbb);
	/* Imported records have no history yet, and are not 404 for it. */
	{
		json_t *h = th_get(&b, "/v1/people/1/history");
		assert_int_equal(json_array_size(json_object_get(h, "items")), 0);
		json_decref(h);
	}
	/* Ids go on after the imported ones. */
	p = th_create(&b, "/v1/people", "{\"name\": \"New after import\"}");
	fp = th_sql(dbb, "SELECT max(id) FROM people WHERE name <> 'New after import'");
	assert_true(p > atoll(fp));
	free(fp);
	/* The read documents' triggers, off while the import loaded, are on again: a change of the
	 * cited source reaches the imported person's document. */
	fp = th_sql(dbb,
		    "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'swaptrack_doc_%' AND tgenabled = 'D'");
	assert_string_equal(fp, "0");
	free(fp);
	th_json(&b, "PATCH", "/v1/sources/1", "{\"title\": \"Retitled after the import\"}", &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	{
		char *stale = th_stale_docs(dbb), *path;
		json_t *who;
		assert_null(stale);
		fp = th_sql(dbb, "SELECT id FROM people WHERE name LIKE 'Ютта%'");
		path = th_fmt("/v1/people/%s", fp);
		who = th_get(&b, path);
		assert_string_equal(
			json_string_value(json_object_get(
				json_object_get(json_array_get(json_object_get(who, "citations"), 0),
						"source"),
				"title")),
			"Retitled after the import");
		json_decref(who);
		free(path);
		free(fp);
	}
	/* A database with records refuses an import, clearly, and is left as it was. */
	fp = th_sql(dbb, "SELECT count(*) FROM people");
	post_import(&b, first, &r);
	th_assert_problem(&r, 409);
	th_resp_free(&r);
	{
		char *after = th_sql(dbb, "SELECT count(*) FROM people");
		assert_string_equal(fp, after);
		free(after);
	}
	free(fp);
	th_server_stop(&b);
	free(first);
	free(second);
	free(dbb);
}

/* An import that failed left every table as it was: empty. */
static void assert_nothing_stored(const char *db)
{
	char *count = th_sql(db, "SELECT (SELECT count(*) FROM sources) + (SELECT count(*) FROM people)"
				 " + (SELECT count(*) FROM citations)");

	assert_string_equal(count, "0");
	free(count);
}

static void a_bad_line_stores_nothing(void **state)
{
	char *dbc = th_db_create("test_transfer_bad"), *text = export_of(&G.srv), *bad, *at;
	struct th_server c;
	struct th_resp r;
	json_t *e;
	long line = 1;

	(void)state;
	/* Break the fifth person, somewhere in the middle of the file. */
	at = text;
	for (int persons = 0; (at = strstr(at, "{\"type\":\"person\"")) && ++persons < 5; at++)
		;
	assert_non_null(at);
	for (const char *s = text; s < at; s++)
		line += *s == '\n';
	bad = th_fmt("%.*s{\"type\":\"person\",\"record\":{\"id\": 999999, \"version\": 1,"
		     " \"created_at\": \"2025-01-01T00:00:00Z\", \"updated_at\": \"2025-01-01T00:00:00Z\","
		     " \"name\": \"x\", \"citizenships\": [\"XX\"]}}\n%s",
		     (int)(at - text), text, strchr(at, '\n') + 1);
	th_server_start(&c, dbc, NULL);
	post_import(&c, bad, &r);
	th_assert_problem(&r, 422);
	e = json_array_get(json_object_get(r.json, "errors"), 0);
	assert_int_equal(json_integer_value(json_object_get(e, "line")), line);
	assert_string_equal(json_string_value(json_object_get(e, "field")), "record.citizenships[0]");
	th_resp_free(&r);
	assert_nothing_stored(dbc);
	{
		char *want = schema_of(G.db), *got = schema_of(dbc);
		assert_string_equal(got, want);
		free(want);
		free(got);
	}
	/* Out of order, or a reference to nothing, is named too. */
	post_import(&c,
		    "{\"type\":\"person\",\"record\":{\"id\":1,\"version\":1,\"created_at\":"
		    "\"2025-01-01T00:00:00Z\",\"updated_at\":\"2025-01-01T00:00:00Z\",\"name\":\"a\"}}\n"
		    "{\"type\":\"source\",\"record\":{}}\n"
		    "{\"type\":\"detention\",\"record\":{\"id\":1,\"version\":1,\"created_at\":"
		    "\"2025-01-01T00:00:00Z\",\"updated_at\":\"2025-01-01T00:00:00Z\",\"person_id\":7,"
		    "\"country\":\"RU\",\"status\":\"held\"}}\nnot json\n",
		    &r);
	th_assert_problem(&r, 422);
	{
		char *fields = th_error_fields(&r);
		assert_string_equal(fields, "type record.person_id ");
		free(fields);
	}
	th_resp_free(&r);
	th_server_stop(&c);
	free(bad);
	free(text);
	free(dbc);
}

/* The fields every imported record carries besides its own. */
#define STAMP \
	"\"version\":1,\"created_at\":\"2025-01-01T00:00:00Z\",\"updated_at\":\"2025-01-01T00:00:00Z\""

/* Imports body into the empty database db through server c and expects 422 whose first error is
 * on `line` and has `want` in its field or message; and that nothing was stored. */
static void import_fails_at(struct th_server *c, const char *db, const char *body, long line,
			    const char *want)
{
	struct th_resp r;
	json_t *e;
	const char *field, *message;

	post_import(c, body, &r);
	th_assert_problem(&r, 422);
	e = json_array_get(json_object_get(r.json, "errors"), 0);
	field = json_string_value(json_object_get(e, "field"));
	message = json_string_value(json_object_get(e, "message"));
	assert_int_equal(json_integer_value(json_object_get(e, "line")), line);
	if (!(field && strstr(field, want)) && !(message && strstr(message, want)))
		fail_msg("error on line %ld: field %s, message %s; want %s", line, field, message, want);
	th_resp_free(&r);
	assert_nothing_stored(db);
}

/* import_fails_at on a fresh empty database `name`, through a server of its own. */
static void fresh_import_fails_at(const char *name, const char *body, long line, const char *want)
{
	char *db = th_db_create(name);
	struct th_server c;

	th_server_start(&c, db, NULL);
	import_fails_at(&c, db, body, line, want);
	th_server_stop(&c);
	free(db);
}

/* What only the whole load can tell (migrations/0004 and the citations model's import check): a
 * citation of a person who is not in the file is named by its line, and nothing is stored. */
static void a_citation_of_nobody_is_named(void **state)
{
	(void)state;
	fresh_import_fails_at("test_transfer_nobody",
			      "{\"type\":\"source\",\"record\":{\"id\":1," STAMP
			      ",\"url\":\"https://example.org/a\"}}\n"
			      "{\"type\":\"person\",\"record\":{\"id\":1," STAMP
			      ",\"name\":\"Somebody\"}}\n"
			      "{\"type\":\"citation\",\"record\":{\"id\":1," STAMP ",\"source_id\":1,"
			      "\"subject_type\":\"person\",\"subject_id\":1}}\n"
			      "{\"type\":\"citation\",\"record\":{\"id\":2," STAMP ",\"source_id\":1,"
			      "\"subject_type\":\"person\",\"subject_id\":5}}\n",
			      4, "record.subject_id");
}

/* What the database refuses during the COPY is placed on the line it came from, past gaps in the
 * ids; and ids must ascend within a type. */
static void copy_failures_name_their_line(void **state)
{
	(void)state;
	fresh_import_fails_at("test_transfer_lines",
			      "{\"type\":\"source\",\"record\":{\"id\":1," STAMP
			      ",\"url\":\"https://example.org/a\"}}\n"
			      "{\"type\":\"source\",\"record\":{\"id\":2," STAMP
			      ",\"url\":\"https://example.org/b\"}}\n"
			      "{\"type\":\"source\",\"record\":{\"id\":7," STAMP
			      ",\"url\":\"https://example.org/c\"}}\n"
			      "{\"type\":\"source\",\"record\":{\"id\":8," STAMP
			      ",\"url\":\"https://example.org/b\"}}\n"
			      "{\"type\":\"source\",\"record\":{\"id\":9," STAMP
			      ",\"url\":\"https://example.org/d\"}}\n",
			      4, "unique");
	fresh_import_fails_at("test_transfer_lines",
			      "{\"type\":\"source\",\"record\":{\"id\":3," STAMP
			      ",\"url\":\"https://example.org/a\"}}\n"
			      "{\"type\":\"source\",\"record\":{\"id\":2," STAMP
			      ",\"url\":\"https://example.org/b\"}}\n",
			      2, "(3)");
}

/* A type's child rows wait for the end of its own COPY: past 256 KB in a temporary file, not in
 * memory (server/engine/import*.c). 5,000 swaps of three releases each (about 300 KB of rows) load
 * whole, each release with its own swap and in its place. */
static void many_child_rows_load_whole(void **state)
{
	struct buf body = BUF_INIT;

	(void)state;
	for (int i = 1; i <= 3; i++)
		buf_printf(&body,
			   "{\"type\":\"person\",\"record\":{\"id\":%d," STAMP ",\"name\":\"P%d\"}}\n",
			   i, i);
	for (int i = 1; i <= 5000; i++)
		buf_printf(&body,
			   "{\"type\":\"swap\",\"record\":{\"id\":%d," STAMP ",\"occurred_on\":"
			   "\"2024\",\"releases\":[{\"person_id\":%d,\"released_by\":\"RU\"},"
			   "{\"person_id\":%d,\"released_by\":\"US\"},{\"person_id\":%d,"
			   "\"released_by\":\"RU\",\"released_to\":\"US\"}]}}\n",
			   i, 1 + i % 3, 1 + (i + 1) % 3, 1 + (i + 2) % 3);
	/* Twice: with a temporary file, and with none to be had (they stay in memory then). Under
	 * make memcheck only the first: valgrind needs a TMPDIR of its own. */
	for (int spill = 1; spill >= (getenv("SWAPTRACK_WRAP") ? 1 : 0); spill--) {
		char *db = th_db_create(spill ? "test_transfer_children" : "test_transfer_children_mem");
		char *got, *log;
		struct th_server c;
		struct th_resp r;
		json_t *swap, *rel;

		if (!spill)
			setenv("TMPDIR", "/nonexistent/swaptrack-test", 1);
		th_server_start(&c, db, NULL);
		unsetenv("TMPDIR");
		post_import(&c, body.data, &r);
		th_expect(&r, 200);
		assert_int_equal(json_integer_value(json_object_get(r.json, "imported")), 5003);
		th_resp_free(&r);
		/* Each swap has its three, in order: person (id + position) % 3 + 1 at each place. */
		got = th_sql(db,
			     "SELECT count(*) || ' ' || count(DISTINCT swap_id) || ' ' ||"
			     " count(*) FILTER (WHERE person_id = 1 + (swap_id + position) % 3)"
			     " || ' ' || count(*) FILTER (WHERE released_to = 'US') FROM swap_releases");
		assert_string_equal(got, "15000 5000 15000 5000");
		free(got);
		swap = th_get(&c, "/v1/swaps/4321");
		rel = json_array_get(json_object_get(swap, "releases"), 2);
		assert_int_equal(json_integer_value(json_object_get(rel, "person_id")),
				 1 + (4321 + 2) % 3);
		assert_string_equal(json_string_value(json_object_get(rel, "released_to")), "US");
		json_decref(swap);
		log = th_server_log(&c);
		assert_int_equal(strstr(log, "child rows stay in memory") != NULL, !spill);
		free(log);
		th_server_stop(&c);
		free(db);
	}
	buf_free(&body);
}

/* An import takes its tables whole (server/engine/transfer/import_indexes.c: it drops and rebuilds their indexes): a
 * read that comes while it runs waits, and then sees everything it loaded, never a part. The
 * import reads from a pipe that the test feeds, so it is held half done. */
struct running {
	struct th_server *srv;
	const char *db, *fifo;
	int rc;
	char *err;
	struct th_resp resp;
	atomic_int done;
};

static void *run_import(void *arg)
{
	struct running *r = arg;
	const char *args[] = {"import", r->fifo, NULL};

	r->rc = th_run(r->db, args, &r->err);
	return NULL;
}

static void *run_read(void *arg)
{
	struct running *r = arg;

	th_request(r->srv, "GET", "/v1/people", NULL, NULL, 0, &r->resp);
	th_client_reset(); /* this thread's own client */
	atomic_store(&r->done, 1);
	return NULL;
}

/* Starts `swaptrack import` on db in a thread, reading a pipe in a new directory; returns the
 * pipe's writing end. fifo_import_end closes it and waits for the import to finish. */
static FILE *fifo_import_start(struct running *r, pthread_t *importer, const char *db, char *dir)
{
	FILE *f;

	/* An import that stops reading fails the test in fifo_import_end, with its message. */
	signal(SIGPIPE, SIG_IGN);
	assert_non_null(mkdtemp(dir));
	r->db = db;
	r->fifo = th_fmt("%s/import.ndjson", dir);
	assert_int_equal(mkfifo(r->fifo, 0600), 0);
	assert_int_equal(pthread_create(importer, NULL, run_import, r), 0);
	assert_non_null(f = fopen(r->fifo, "w"));
	return f;
}

static void fifo_import_end(struct running *r, pthread_t importer, FILE *f, const char *dir)
{
	fclose(f);
	pthread_join(importer, NULL);
	if (r->rc != 0)
		fail_msg("import failed: %s", r->err);
	free(r->err);
	unlink(r->fifo);
	rmdir(dir);
	free((char *)r->fifo);
}

/* Polls SQL on db (up to 20 s) until it gives something other than "0"; that answer. */
static char *sql_until(const char *db, const char *sql)
{
	char *got = NULL;

	for (int i = 0; i < 400; i++) {
		got = th_sql(db, sql);
		if (strcmp(got, "0") != 0)
			return got;
		free(got);
		usleep(50 * 1000);
	}
	fail_msg("still 0 after 20 s: %s", sql);
	return NULL;
}

static void reads_wait_for_an_import(void **state)
{
	char *db = th_db_create("test_transfer_wait"), dir[] = "/tmp/swaptrack-fifo-XXXXXX";
	struct th_server c;
	struct running r = {0};
	pthread_t importer, reader;
	FILE *f;

	(void)state;
	th_server_start(&c, db, NULL);
	r.srv = &c;
	f = fifo_import_start(&r, &importer, db, dir);
	fprintf(f, "{\"type\":\"person\",\"record\":{\"id\":1," STAMP ",\"name\":\"First\"}}\n");
	fflush(f);
	/* Until the import holds the people table. */
	free(sql_until(db,
		       "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
		       " WHERE c.relname = 'people' AND l.mode = 'AccessExclusiveLock' AND l.granted"));
	assert_int_equal(pthread_create(&reader, NULL, run_read, &r), 0);
	usleep(500 * 1000);
	assert_int_equal(atomic_load(&r.done), 0); /* the read waits... */
	fprintf(f, "{\"type\":\"person\",\"record\":{\"id\":2," STAMP ",\"name\":\"Second\"}}\n");
	fifo_import_end(&r, importer, f, dir);
	pthread_join(reader, NULL);
	/* ...and sees the whole import. */
	th_expect(&r.resp, 200);
	assert_int_equal(json_array_size(json_object_get(r.resp.json, "items")), 2);
	th_resp_free(&r.resp);
	th_server_stop(&c);
	free(db);
}

/* The columns the database derives from a record at some cost, sources' full-text vectors and
 * people's folded names, are computed on other connections while the import's COPY runs
 * (server/engine/transfer/import_derived.c, migrations/0012 and 0014), a batch a query, the batches going round a
 * ring: 500 sources and 500 people, with text that COPY and array literals must escape and
 * some fields missing, each get their own values. The pipe holds the import half done, to see
 * the other connections at work. */
static void derived_columns_come_from_other_connections(void **state)
{
	char *db = th_db_create("test_transfer_derived"), dir[] = "/tmp/swaptrack-fifo-XXXXXX", *got;
	const char *migrate[] = {"migrate", NULL};
	static const char *const working[] = {
		"SELECT swaptrack_source_vector%",
		"SELECT swaptrack_person_names%",
	};
	struct running r = {0};
	pthread_t importer;
	FILE *f;

	(void)state;
	assert_int_equal(th_run(db, migrate, NULL), 0);
	f = fifo_import_start(&r, &importer, db, dir);
	for (int i = 1; i <= 1000; i++) {
		int k = i > 500 ? i - 500 : i;
		if (k == 301) {
			char *sql = th_fmt("SELECT count(*) FROM pg_stat_activity WHERE datname ="
					   " current_database() AND query LIKE '%s'",
					   working[i > 500]);
			fflush(f);
			got = sql_until(db, sql);
			assert_true(atoi(got) >= 1);
			free(got);
			free(sql);
		}
		if (i <= 500) {
			fprintf(f,
				"{\"type\":\"source\",\"record\":{\"id\":%d," STAMP ",\"url\":"
				"\"https://example.org/%d\"",
				k, k);
			if (k % 7)
				fprintf(f, ",\"title\":\"Swap number %d\\tin \\\"Ankara\\\"\"", k);
			if (k % 5)
				fprintf(f, ",\"outlet\":\"Outlet %d\"", k % 13);
			if (k % 11)
				fprintf(f,
					",\"content\":\"Prisoners%d exchanged\\nback\\\\slash Обмен %d\"",
					k, k * 7);
		} else {
			fprintf(f,
				"{\"type\":\"person\",\"record\":{\"id\":%d," STAMP ",\"name\":"
				"\"Person%d Ёлкин\"",
				k, k);
			if (k % 3)
				fprintf(f, ",\"name_native\":\"Пётр%d\"", k);
			if (k % 4)
				fprintf(f,
					",\"aliases\":[\"Back\\\\slash%d\", \"Quote \\\"q%d\\\"\","
					" \"comma, {brace} NULL\"]",
					k, k);
		}
		fprintf(f, "}}\n");
	}
	fifo_import_end(&r, importer, f, dir);
	got = th_sql(db, "SELECT count(*) || ' ' || count(*) FILTER (WHERE search_text ="
			 " swaptrack_source_vector(title, outlet, content)) || ' ' || count(*) FILTER"
			 " (WHERE search_text @@ ('prisoners' || id)::tsquery"
			 "  AND search_text @@ ('ankara')::tsquery = (id % 7 <> 0)) FROM sources");
	assert_string_equal(got, "500 500 455");
	free(got);
	got = th_sql(db, "SELECT count(*) || ' ' || count(*) FILTER (WHERE search_names ="
			 " swaptrack_person_names(name, name_native, aliases)) || ' ' || count(*) FILTER"
			 " (WHERE search_names LIKE 'person' || id || ' yolkin%'"
			 "  AND (search_names LIKE '%\"q' || id || '\"%') = (id % 4 <> 0)"
			 "  AND (search_names LIKE '% pyotr' || id || '%') = (id % 3 <> 0)) FROM people");
	assert_string_equal(got, "500 500 500");
	free(got);
	assert_terms_match(db);
	free(db);
}

/* person_terms, which the people's trigger fills, is loaded with its key dropped and built once
 * at the end (migrations/0013, server/engine/transfer/import_indexes.c): after an import the key is a new index. With no
 * people, the words there are stale; an import empties it first, so a stale pair that the
 * import writes again does not collide with it, and a stale word does not stay. */
static void name_words_are_keyed_once_and_start_afresh(void **state)
{
	char *db = th_db_create("test_transfer_words"), *before, *after;
	struct th_server c;
	struct th_resp r;

	(void)state;
	th_server_start(&c, db, NULL);
	before = th_sql(db, "SELECT 'person_terms_pkey'::regclass::oid");
	free(th_sql(db, "INSERT INTO person_terms VALUES ('first', 1), ('stale', 1), ('gone', 7)"));
	post_import(&c,
		    "{\"type\":\"person\",\"record\":{\"id\":1," STAMP ",\"name\":\"First One\"}}\n"
		    "{\"type\":\"person\",\"record\":{\"id\":7," STAMP ",\"name\":\"Ютта First\","
		    "\"aliases\":[\"Jutta\"]}}\n",
		    &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	after = th_sql(db, "SELECT 'person_terms_pkey'::regclass::oid");
	assert_string_not_equal(before, after);
	assert_terms_match(db);
	{
		char *want = schema_of(G.db), *have = schema_of(db);
		assert_string_equal(have, want);
		free(want);
		free(have);
	}
	/* The API's writes go on as before, key and all. */
	th_create(&c, "/v1/people", "{\"name\": \"Second One\"}");
	assert_terms_match(db);
	free(before);
	free(after);
	th_server_stop(&c);
	free(db);
}

/* The group's database exported with `swaptrack export` into a file of the test logs. */
static char *export_file(const char *tag)
{
	char *path = th_fmt("%s/export-%s-%d.ndjson", getenv("SWAPTRACK_TEST_LOGS"), tag, (int)getpid());
	char *cmd = th_fmt("DATABASE_URL='%s' %s export > %s", G.db, getenv("SWAPTRACK_BIN"), path);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	return path;
}

/* db holds as many people as the group's database has live ones: an import of its export. */
static void assert_people_copied(const char *db)
{
	char *got = th_sql(db, "SELECT count(*) FROM people");
	char *want = th_sql(G.db, "SELECT count(*) FROM people WHERE deleted_at IS NULL");

	assert_string_equal(got, want);
	free(got);
	free(want);
}

/* A role that may write to the tables but does not own them (the schema migrated by another)
 * cannot drop their indexes: the import then loads with them in place, says so, and gives the
 * same result. This one may also hold only one connection, so the import has none to compute
 * sources' vectors and people's folded names beside its COPY: the tables' triggers compute
 * them, and it says that too. */
static void imports_without_owning_the_tables(void **state)
{
	char *db = th_db_create("test_transfer_role"), *path, *as_writer, *err = NULL;
	const char *migrate[] = {"migrate", NULL};

	(void)state;
	assert_int_equal(th_run(db, migrate, NULL), 0);
	free(th_sql(db, "DO $$ BEGIN CREATE ROLE swaptrack_writer LOGIN;"
			" EXCEPTION WHEN duplicate_object THEN NULL; END $$"));
	free(th_sql(db, "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public"
			" TO swaptrack_writer"));
	free(th_sql(db, "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public"
			" TO swaptrack_writer"));
	free(th_sql(db, "ALTER ROLE swaptrack_writer CONNECTION LIMIT 1"));
	path = export_file("role");
	as_writer = th_fmt("%s&user=swaptrack_writer", db);
	{
		const char *import[] = {"import", path, NULL};
		if (th_run(as_writer, import, &err) != 0)
			fail_msg("import as a writer failed: %s", err);
		assert_non_null(strstr(err, "not the tables' owner"));
		assert_non_null(strstr(err, "no other database connection"));
		free(err);
	}
	assert_people_copied(db);
	{
		char *got = th_sql(db,
				   "SELECT (SELECT count(*) FILTER (WHERE search_text ="
				   " swaptrack_source_vector(title, outlet, content)) || '/' || count(*)"
				   " FROM sources) || ' ' || (SELECT count(*) FILTER (WHERE search_names ="
				   " swaptrack_person_names(name, name_native, aliases)) || '/' || count(*)"
				   " FROM people)");
		char *want = th_sql(db, "SELECT (SELECT count(*) || '/' || count(*) FROM sources)"
					" || ' ' || (SELECT count(*) || '/' || count(*) FROM people)");
		assert_string_equal(got, want);
		assert_string_not_equal(want, "0/0 0/0");
		free(got);
		free(want);
	}
	{
		char *want = schema_of(G.db), *have = schema_of(db);
		assert_string_equal(have, want);
		free(want);
		free(have);
	}
	assert_terms_match(db);
	unlink(path);
	free(path);
	free(as_writer);
	free(db);
}

static void command_line_export_and_import(void **state)
{
	char *dbd = th_db_create("test_transfer_cli"), *err = NULL, *path;
	const char *migrate[] = {"migrate", NULL};
	FILE *f;

	(void)state;
	/* swaptrack export > FILE, then swaptrack import FILE: quiet when not on a terminal. */
	path = export_file("cli");
	assert_int_equal(th_run(dbd, migrate, NULL), 0);
	{
		const char *import[] = {"import", path, NULL};
		assert_int_equal(th_run(dbd, import, &err), 0);
		assert_string_equal(err, "");
		free(err);
	}
	assert_people_copied(dbd);
	/* Again: refused, with the reason, and a failing exit status. */
	{
		const char *import[] = {"import", path, NULL};
		assert_int_not_equal(th_run(dbd, import, &err), 0);
		assert_non_null(strstr(err, "already holds records"));
		free(err);
	}
	/* On a terminal: a progress bar with records, a rate and a percentage. */
	if (access("/usr/bin/script", X_OK) == 0) {
		char *dbe = th_db_create("test_transfer_tty"), *out;
		char *cmd = th_fmt("DATABASE_URL='%s' %s migrate 2>/dev/null && DATABASE_URL='%s' "
				   "/usr/bin/script -qec '%s import %s' /dev/null",
				   dbe, getenv("SWAPTRACK_BIN"), dbe, getenv("SWAPTRACK_BIN"), path);
		f = popen(cmd, "r");
		assert_non_null(f);
		out = th_read_all(f);
		assert_int_equal(pclose(f), 0);
		assert_non_null(strstr(out, "100%"));
		assert_non_null(strstr(out, " records "));
		assert_non_null(strstr(out, "/s"));
		free(out);
		free(cmd);
		free(dbe);
	}
	unlink(path);
	free(path);
	free(dbd);
}

/* make run's load: the demo batch by `swaptrack batch --if-empty`, once. */
static void demo_data_loads_once(void **state)
{
	char *dbf = th_db_create("test_transfer_demo"), *v, *err = NULL;
	const char *migrate[] = {"migrate", NULL};
	const char *load[] = {"batch", "--if-empty", "scripts/demo/seed.batch.json", NULL};
	struct th_server s;
	json_t *j, *c;
	size_t i;
	int quoted = 0;

	(void)state;
	assert_int_equal(th_run(dbf, migrate, NULL), 0);
	assert_int_equal(th_run(dbf, load, NULL), 0);
	/* A second start finds records and leaves them alone. */
	assert_int_equal(th_run(dbf, load, &err), 0);
	assert_non_null(strstr(err, "not loaded"));
	free(err);
	v = th_sql(dbf, "SELECT count(*) FROM people");
	assert_string_equal(v, "6");
	free(v);
	/* History as for the API's writes, the command's user as actor. */
	v = th_sql(dbf, "SELECT string_agg(DISTINCT action || ' by ' || actor, ',') FROM history");
	assert_non_null(strstr(v, "create by cli:"));
	assert_null(strchr(v, ','));
	free(v);
	th_server_start(&s, dbf, NULL);
	j = th_get(&s, "/v1/people/1");
	assert_string_equal(json_string_value(json_object_get(j, "name")), "Kirill Dmitriev");
	json_array_foreach(json_object_get(j, "citations"), i, c)
		quoted |= strstr(json_string_value(json_object_get(c, "quote")), "economic envoy") !=
			  NULL;
	assert_true(quoted);
	json_decref(j);
	j = th_get(&s, "/v1/negotiations?status=proposed&party=US&count=true");
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
	json_decref(j);
	th_server_stop(&s);
	free(dbf);
}

/* `swaptrack batch -`: standard input as a batch, by the same rules as POST /v1/batch: every bad
 * field named from the batch's root, exit 1 and nothing stored; then a good one, exit 0 and
 * its results on standard output. */
static void command_line_batch_is_all_or_nothing(void **state)
{
	char *dbb = th_db_create("test_transfer_batch"), *out, *cmd, *v, *text;
	const char *migrate[] = {"migrate", NULL};
	FILE *f;
	size_t n;

	(void)state;
	assert_int_equal(th_run(dbb, migrate, NULL), 0);
	out = th_fmt("%s/batch-%d.out", getenv("SWAPTRACK_TEST_LOGS"), (int)getpid());
	cmd = th_fmt("printf '%%s' '{\"operations\": [{\"op\": \"create\", \"collection\": \"people\","
		     " \"ref\": \"p\", \"record\": {\"name\": \"Cli One\"}}, {\"op\": \"create\","
		     " \"collection\": \"detentions\", \"record\": {\"person_id\": {\"ref\": \"q\"},"
		     " \"country\": \"XX\", \"status\": \"held\"}}]}' | DATABASE_URL='%s' %s batch - > %s 2>&1",
		     dbb, getenv("SWAPTRACK_BIN"), out);
	assert_int_not_equal(system(cmd), 0);
	free(cmd);
	f = fopen(out, "r");
	assert_non_null(f);
	text = calloc(1, 65536);
	n = fread(text, 1, 65535, f);
	fclose(f);
	assert_true(n > 0);
	assert_non_null(strstr(text, "operations[1].record.person_id"));
	assert_non_null(strstr(text, "operations[1].record.country"));
	free(text);
	v = th_sql(dbb, "SELECT (SELECT count(*) FROM people) + (SELECT count(*) FROM history)");
	assert_string_equal(v, "0");
	free(v);
	cmd = th_fmt("printf '%%s' '{\"operations\": [{\"op\": \"create\", \"collection\": \"people\","
		     " \"ref\": \"p\", \"record\": {\"name\": \"Cli One\"}}, {\"op\": \"create\","
		     " \"collection\": \"detentions\", \"record\": {\"person_id\": {\"ref\": \"p\"},"
		     " \"country\": \"RU\", \"status\": \"held\"}}]}' | DATABASE_URL='%s' %s batch - > %s",
		     dbb, getenv("SWAPTRACK_BIN"), out);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	{
		json_error_t err;
		json_t *j = json_load_file(out, 0, &err);
		assert_non_null(j);
		assert_string_equal(json_string_value(json_object_get(
					    json_array_get(json_object_get(j, "results"), 1), "op")),
				    "create");
		json_decref(j);
	}
	v = th_sql(dbb, "SELECT d.person_id = p.id FROM detentions d, people p WHERE p.name = 'Cli One'");
	assert_string_equal(v, "t");
	free(v);
	unlink(out);
	free(out);
	free(dbb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_quotes_commas_quotes_and_newlines),
		cmocka_unit_test(csv_follows_the_same_filters_and_streams_everything),
		cmocka_unit_test(export_import_round_trip),
		cmocka_unit_test(a_bad_line_stores_nothing),
		cmocka_unit_test(a_citation_of_nobody_is_named),
		cmocka_unit_test(copy_failures_name_their_line),
		cmocka_unit_test(many_child_rows_load_whole),
		cmocka_unit_test(reads_wait_for_an_import),
		cmocka_unit_test(derived_columns_come_from_other_connections),
		cmocka_unit_test(name_words_are_keyed_once_and_start_afresh),
		cmocka_unit_test(imports_without_owning_the_tables),
		cmocka_unit_test(command_line_export_and_import),
		cmocka_unit_test(demo_data_loads_once),
		cmocka_unit_test(command_line_batch_is_all_or_nothing),
	};

	return cmocka_run_group_tests_name("transfer", tests, group_setup, group_teardown);
}
