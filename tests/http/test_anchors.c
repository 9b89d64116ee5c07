/* Quotes anchored in the article (contract v1.1): a citation with a quote carries anchor {start,
 * end, exact, prefix, suffix}, code points of its source's content, found forgiving only white
 * space (no-break space included), quote and dash forms and NFC; a quote that is not there gets
 * 422 with the nearest passage; the anchor is the server's; a change of the content moves the
 * anchors (a new version for each that moved) or, when it would lose a quote, gets 409; an
 * import anchors every quote as it reads it; migration 0023 anchors the citations that exist.
 * Each against the real binary and a real PostgreSQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

TH_GROUP("test_anchors")

/* The article: an em dash, curly quotes and apostrophes, a no-break space before a space, and
 * an e followed by a combining acute accent (NFD), as scraped text has them. */
#define LEAD "Moscow \xE2\x80\x94 "
#define SAID \
	"The envoy said the talks were \xE2\x80\x9Cgoing well\xE2\x80\x9D and that " \
	"\xE2\x80\x98nothing\xE2\x80\x99s settled\xE2\x80\x99.\xC2\xA0 Cafe\xCC\x81 owners"
#define REST \
	" in Ankara\xE2\x80\x99s old town, where the swap took place, watched.\n\n" \
	"Reuters reported the exchange in May."
#define ARTICLE LEAD SAID REST
/* The same words as someone types them: straight quotes, one space, a composed é. */
#define TYPED \
	"The envoy said the talks were \\\"going well\\\" and that 'nothing's settled'. " \
	"Caf\xC3\xA9 owners"

static long long source, person;

static long code_points(const char *s)
{
	long n = 0;

	for (; *s; s++)
		n += (*s & 0xC0) != 0x80;
	return n;
}

static json_t *anchor_of(long long citation)
{
	char *path = th_fmt("/v1/citations/%lld", citation);
	json_t *c = th_get(&G.srv, path), *a = json_incref(json_object_get(c, "anchor"));

	free(path);
	json_decref(c);
	return a;
}

static long long version_of(long long citation)
{
	char *path = th_fmt("/v1/citations/%lld", citation);
	json_t *c = th_get(&G.srv, path);
	long long v = json_integer_value(json_object_get(c, "version"));

	free(path);
	json_decref(c);
	return v;
}

static long long cite(long long src, const char *quote)
{
	return th_create(&G.srv, "/v1/citations",
			 "{\"source_id\": %lld, \"subject_type\": \"person\","
			 " \"subject_id\": %lld, \"quote\": \"%s\"}",
			 src, person, quote);
}

static void make_records(void)
{
	if (source)
		return;
	source = th_create(&G.srv, "/v1/sources",
			   "{\"url\": \"https://example.org/ankara\","
			   " \"content\": \"%s\"}",
			   "Moscow \\u2014 The envoy said the talks were "
			   "\\u201cgoing well\\u201d and that \\u2018nothing\\u2019s settled\\u2019."
			   "\\u00a0 Cafe\\u0301 owners in Ankara\\u2019s old town, where the swap took "
			   "place, watched.\\n\\nReuters reported the exchange in May.");
	person = th_create(&G.srv, "/v1/people?duplicate=allow", "{\"name\": \"The Envoy\"}");
}

static void a_typed_quote_is_anchored_in_the_articles_own_text(void **state)
{
	long long c;
	json_t *a, *j, *x;
	char *path, *content;
	size_t i;
	int seen = 0;

	(void)state;
	make_records();
	/* The source as stored is the article, byte for byte. */
	content = th_fmt("SELECT content FROM sources WHERE id = %lld", source);
	path = th_sql(G.db, content);
	assert_string_equal(path, ARTICLE);
	free(path);
	free(content);

	c = cite(source, TYPED);
	a = anchor_of(c);
	assert_non_null(a);
	assert_int_equal(json_integer_value(json_object_get(a, "start")), code_points(LEAD));
	assert_int_equal(json_integer_value(json_object_get(a, "end")), code_points(LEAD SAID));
	assert_string_equal(json_string_value(json_object_get(a, "exact")), SAID);
	assert_string_equal(json_string_value(json_object_get(a, "prefix")), LEAD);
	/* 32 code points of what follows. */
	assert_int_equal(code_points(json_string_value(json_object_get(a, "suffix"))), 32);
	assert_true(strncmp(json_string_value(json_object_get(a, "suffix")), " in Ankara\xE2\x80\x99s",
			    13) == 0);
	/* The span is the content's own: PostgreSQL's substr counts code points too. */
	path = th_fmt("SELECT substr(content, %lld + 1, %lld) FROM sources WHERE id = %lld",
		      json_integer_value(json_object_get(a, "start")),
		      json_integer_value(json_object_get(a, "end")) -
			      json_integer_value(json_object_get(a, "start")),
		      source);
	content = th_sql(G.db, path);
	assert_string_equal(content, SAID);
	free(content);
	free(path);

	/* The same anchor where the citation is embedded and listed. */
	path = th_fmt("/v1/people/%lld", person);
	j = th_get(&G.srv, path);
	free(path);
	json_array_foreach(json_object_get(j, "citations"), i, x)
		if (json_integer_value(json_object_get(x, "id")) == c)
			seen = json_equal(json_object_get(x, "anchor"), a);
	assert_true(seen);
	json_decref(j);
	path = th_fmt("/v1/citations?source_id=%lld", source);
	j = th_get(&G.srv, path);
	free(path);
	seen = 0;
	json_array_foreach(json_object_get(j, "items"), i, x)
		if (json_integer_value(json_object_get(x, "id")) == c)
			seen = json_equal(json_object_get(x, "anchor"), a);
	assert_true(seen);
	json_decref(j);
	json_decref(a);

	/* Without a quote, or in a source without content, there is nothing to anchor. */
	c = th_create(&G.srv, "/v1/citations",
		      "{\"source_id\": %lld, \"subject_type\": \"person\","
		      " \"subject_id\": %lld}",
		      source, person);
	a = anchor_of(c);
	assert_true(json_is_null(a));
	json_decref(a);
	{
		long long bare = th_create(&G.srv, "/v1/sources",
					   "{\"url\": \"https://example.org/bare\"}");
		c = cite(bare, "anything at all");
		a = anchor_of(c);
		assert_true(json_is_null(a));
		json_decref(a);
	}
}

/* Nothing beyond white space, quote and dash forms and NFC is forgiven: a typo, another case.
 * The error carries the closest passage, and nothing is stored. */
static void a_quote_not_there_names_the_nearest_passage(void **state)
{
	struct th_resp r;
	json_t *e, *n;
	char *before, *after, *body, *sql, *slice;

	(void)state;
	make_records();
	before = th_sql(G.db, "SELECT count(*) FROM citations");
	body = th_fmt("{\"source_id\": %lld, \"subject_type\": \"person\", \"subject_id\": %lld,"
		      " \"quote\": \"the talks were \\\"going swell\\\"\"}",
		      source, person);
	th_json(&G.srv, "POST", "/v1/citations", body, &r);
	free(body);
	th_assert_problem(&r, 422);
	e = json_array_get(json_object_get(r.json, "errors"), 0);
	assert_string_equal(json_string_value(json_object_get(e, "field")), "quote");
	n = json_object_get(e, "nearest");
	assert_non_null(n);
	assert_string_equal(json_string_value(json_object_get(n, "exact")),
			    "the talks were \xE2\x80\x9Cgoing well\xE2\x80\x9D");
	assert_true(json_real_value(json_object_get(n, "similarity")) > 0.9);
	assert_true(json_real_value(json_object_get(n, "similarity")) < 1.0);
	sql = th_fmt("SELECT substr(content, %lld + 1, %lld) FROM sources WHERE id = %lld",
		     json_integer_value(json_object_get(n, "start")),
		     json_integer_value(json_object_get(n, "end")) -
			     json_integer_value(json_object_get(n, "start")),
		     source);
	slice = th_sql(G.db, sql);
	assert_string_equal(slice, json_string_value(json_object_get(n, "exact")));
	free(slice);
	free(sql);
	th_resp_free(&r);

	/* Another case is another quote. */
	body = th_fmt("{\"source_id\": %lld, \"subject_type\": \"person\", \"subject_id\": %lld,"
		      " \"quote\": \"the ENVOY said\"}",
		      source, person);
	th_json(&G.srv, "POST", "/v1/citations", body, &r);
	free(body);
	th_assert_problem(&r, 422);
	th_resp_free(&r);

	/* Inline, in a batch: named from the root, with its nearest passage too. */
	body = th_fmt("{\"operations\": [{\"op\": \"create\", \"collection\": \"citations\", \"record\":"
		      " {\"source_id\": %lld, \"subject_type\": \"person\", \"subject_id\": %lld,"
		      " \"quote\": \"Reuters reported\"}}, {\"op\": \"create\", \"collection\": \"citations\","
		      " \"record\": {\"source_id\": %lld, \"subject_type\": \"person\", \"subject_id\": %lld,"
		      " \"quote\": \"Reuters reportd the exchange\"}}]}",
		      source, person, source, person);
	th_json(&G.srv, "POST", "/v1/batch", body, &r);
	free(body);
	th_assert_problem(&r, 422);
	e = json_array_get(json_object_get(r.json, "errors"), 0);
	assert_string_equal(json_string_value(json_object_get(e, "field")), "operations[1].record.quote");
	assert_string_equal(json_string_value(json_object_get(json_object_get(e, "nearest"), "exact")),
			    "Reuters reported the exchange");
	th_resp_free(&r);
	after = th_sql(G.db, "SELECT count(*) FROM citations");
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* A batch of good ones: each anchored (they are inserted together). */
	body = th_fmt("{\"operations\": [{\"op\": \"create\", \"collection\": \"citations\", \"record\":"
		      " {\"source_id\": %lld, \"subject_type\": \"person\", \"subject_id\": %lld,"
		      " \"quote\": \"Reuters reported\"}}, {\"op\": \"create\", \"collection\": \"citations\","
		      " \"record\": {\"source_id\": %lld, \"subject_type\": \"person\", \"subject_id\": %lld,"
		      " \"quote\": \"old town\"}}, {\"op\": \"create\", \"collection\": \"citations\","
		      " \"record\": {\"source_id\": %lld, \"subject_type\": \"person\", \"subject_id\": %lld,"
		      " \"quote\": \"watched.\"}}]}",
		      source, person, source, person, source, person);
	th_json(&G.srv, "POST", "/v1/batch", body, &r);
	free(body);
	th_expect(&r, 200);
	{
		json_t *rec = json_object_get(json_array_get(json_object_get(r.json, "results"), 1),
					      "record");
		json_t *a = json_object_get(rec, "anchor");
		assert_string_equal(json_string_value(json_object_get(a, "exact")), "old town");
		assert_int_equal(json_integer_value(json_object_get(a, "start")),
				 code_points(LEAD SAID) + 13); /* " in Ankara’s " */
	}
	th_resp_free(&r);
}

/* The anchor is the server's: given, it is refused; a patch keeps it or moves it with the
 * quote; a replace computes it. */
static void the_anchor_is_the_servers(void **state)
{
	struct th_resp r;
	long long c;
	char *path, *body;
	json_t *a, *b;

	(void)state;
	make_records();
	body = th_fmt("{\"source_id\": %lld, \"subject_type\": \"person\", \"subject_id\": %lld,"
		      " \"quote\": \"old town\", \"anchor\": {\"start\": 0, \"end\": 3}}",
		      source, person);
	th_json(&G.srv, "POST", "/v1/citations", body, &r);
	free(body);
	th_assert_problem(&r, 422);
	assert_string_equal(json_string_value(
				    json_object_get(json_array_get(json_object_get(r.json, "errors"), 0),
						    "field")),
			    "anchor");
	th_resp_free(&r);

	c = cite(source, "town, where");
	a = anchor_of(c);
	path = th_fmt("/v1/citations/%lld", c);
	th_json(&G.srv, "PATCH", path, "{\"anchor\": {\"start\": 1}}", &r);
	th_assert_problem(&r, 422);
	th_resp_free(&r);
	th_json(&G.srv, "PATCH", path, "{\"confidence\": \"confirmed\"}", &r);
	th_expect(&r, 200);
	assert_true(json_equal(json_object_get(r.json, "anchor"), a));
	th_resp_free(&r);
	th_json(&G.srv, "PATCH", path, "{\"quote\": \"Ankara's\"}", &r);
	th_expect(&r, 200);
	b = json_object_get(r.json, "anchor");
	assert_string_equal(json_string_value(json_object_get(b, "exact")), "Ankara\xE2\x80\x99s");
	assert_int_equal(json_integer_value(json_object_get(b, "start")),
			 json_integer_value(json_object_get(a, "start")) - 13);
	th_resp_free(&r);
	body = th_fmt("{\"source_id\": %lld, \"subject_type\": \"person\", \"subject_id\": %lld,"
		      " \"quote\": \"where the swap\"}",
		      source, person);
	th_json(&G.srv, "PUT", path, body, &r);
	free(body);
	th_expect(&r, 200);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "anchor"), "exact")),
			    "where the swap");
	th_resp_free(&r);
	free(path);
	json_decref(a);
}

/* A change of the content moves the anchors that moved, each at a new version recorded in its
 * history by the same actor; one whose span and context are as they were keeps its version. A
 * change that would lose a quote, or the content itself, gets 409 naming the citations and
 * changes nothing; a deleted citation does not hold the content back. */
static void a_content_change_moves_anchors_or_is_refused(void **state)
{
	struct th_resp r;
	long long src, near, far;
	char *path, *cpath, *v;
	json_t *a, *h, *last;

	(void)state;
	make_records();
	src = th_create(&G.srv, "/v1/sources",
			"{\"url\": \"https://example.org/moves\", \"content\":"
			" \"Talks resumed. The two sides met in Geneva. Long after that, there was a"
			" paragraph about the weather and more.\"}");
	near = cite(src, "The two sides met");
	far = cite(src, "Talks resumed.");
	path = th_fmt("/v1/sources/%lld", src);

	/* Text added at the end, more than 32 code points after both: nothing moves. */
	th_json(&G.srv, "PATCH", path,
		"{\"content\": \"Talks resumed. The two sides met in Geneva. Long"
		" after that, there was a paragraph about the weather and more. Added.\"}",
		&r);
	th_expect(&r, 200);
	th_resp_free(&r);
	assert_int_equal(version_of(near), 1);
	assert_int_equal(version_of(far), 1);

	/* Text added in front: both move. */
	th_json(&G.srv, "PATCH", path,
		"{\"content\": \"GENEVA \\u2014 Talks resumed. The two sides"
		" met in Geneva. Long after that, there was a paragraph about the weather and more."
		" Added.\"}",
		&r);
	th_expect(&r, 200);
	th_resp_free(&r);
	a = anchor_of(near);
	assert_int_equal(json_integer_value(json_object_get(a, "start")), 24);
	assert_string_equal(json_string_value(json_object_get(a, "prefix")),
			    "GENEVA \xE2\x80\x94 Talks resumed. ");
	json_decref(a);
	assert_int_equal(version_of(near), 2);
	assert_int_equal(version_of(far), 2);
	cpath = th_fmt("/v1/citations/%lld/history", near);
	h = th_get(&G.srv, cpath);
	last = json_array_get(json_object_get(h, "items"),
			      json_array_size(json_object_get(h, "items")) - 1);
	assert_string_equal(json_string_value(json_object_get(last, "action")), "update");
	assert_string_equal(json_string_value(json_object_get(last, "actor")), G.srv.key_name);
	assert_int_equal(json_integer_value(
				 json_object_get(json_object_get(json_object_get(last, "record"), "anchor"),
						 "start")),
			 24);
	json_decref(h);
	free(cpath);

	/* Losing a quote: 409 naming the citation; nothing changes. */
	v = th_fmt("SELECT content || version FROM sources WHERE id = %lld", src);
	{
		char *before = th_sql(G.db, v), *after;
		th_json(&G.srv, "PATCH", path,
			"{\"content\": \"GENEVA \\u2014 Talks resumed. The sides"
			" met in Geneva.\"}",
			&r);
		th_assert_problem(&r, 409);
		assert_int_equal(json_array_size(json_object_get(r.json, "referrers")), 1);
		assert_int_equal(json_integer_value(json_object_get(
					 json_array_get(json_object_get(r.json, "referrers"), 0), "id")),
				 near);
		th_resp_free(&r);
		th_json(&G.srv, "PATCH", path, "{\"content\": null}", &r);
		th_assert_problem(&r, 409);
		assert_int_equal(json_array_size(json_object_get(r.json, "referrers")), 2);
		th_resp_free(&r);
		after = th_sql(G.db, v);
		assert_string_equal(before, after);
		free(before);
		free(after);
	}
	assert_int_equal(version_of(near), 2);

	/* Once the citation is deleted, the quote may go. */
	cpath = th_fmt("/v1/citations/%lld", near);
	th_request(&G.srv, "DELETE", cpath, NULL, NULL, 0, &r);
	th_expect(&r, 204);
	th_resp_free(&r);
	free(cpath);
	th_json(&G.srv, "PATCH", path,
		"{\"content\": \"GENEVA \\u2014 Talks resumed. The sides"
		" met in Geneva.\"}",
		&r);
	th_expect(&r, 200);
	th_resp_free(&r);
	free(v);
	free(path);
}

#define STAMP \
	"\"version\":1,\"created_at\":\"2025-01-01T00:00:00Z\",\"updated_at\":\"2025-01-01T00:00:00Z\""

/* A fresh migrated database `name` (its URL in *db) with the NDJSON file path imported into it,
 * written first from lines when they are given: the import's exit status, its stderr in *err. */
static int import_into(const char *name, char **db, const char *path, const char *lines, char **err)
{
	const char *migrate[] = {"migrate", NULL}, *import[] = {"import", path, NULL};

	*db = th_db_create(name);
	assert_int_equal(th_run(*db, migrate, NULL), 0);
	if (lines) {
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(lines, f);
		fclose(f);
	}
	return th_run(*db, import, err);
}

/* An import anchors each quote as it reads its line, in the content of a source of an earlier
 * line: what an export wrote comes back with the same anchors; an anchor a line gives is not
 * read; a quote that is not there is named by its line, with nothing stored. */
static void an_import_anchors_every_quote(void **state)
{
	char *db, *path, *cmd, *err = NULL, *a, *b;

	(void)state;
	make_records();
	path = th_fmt("%s/anchors-%d.ndjson", getenv("SWAPTRACK_TEST_LOGS"), (int)getpid());
	cmd = th_fmt("DATABASE_URL='%s' %s export > %s", G.db, getenv("SWAPTRACK_BIN"), path);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	if (import_into("test_anchors_import", &db, path, NULL, &err) != 0)
		fail_msg("import failed: %s", err);
	free(err);
	a = th_sql(G.db, "SELECT string_agg(id || ' ' || coalesce(anchor::text, '-'), ',' ORDER BY id)"
			 " FROM citations WHERE deleted_at IS NULL");
	b = th_sql(db, "SELECT string_agg(id || ' ' || coalesce(anchor::text, '-'), ',' ORDER BY id)"
		       " FROM citations");
	assert_string_equal(a, b);
	assert_non_null(strstr(b, "\"exact\""));
	free(a);
	free(b);
	free(db);

	/* A given anchor is computed again. */
	assert_int_equal(
		import_into("test_anchors_import2", &db, path,
			    "{\"type\":\"source\",\"record\":{\"id\":1," STAMP
			    ",\"url\":\"https://example.org/a\","
			    "\"content\":\"He said \\u201cnothing was imminent\\u201d on Tuesday.\"}}\n"
			    "{\"type\":\"person\",\"record\":{\"id\":1," STAMP ",\"name\":\"Somebody\"}}\n"
			    "{\"type\":\"citation\",\"record\":{\"id\":1," STAMP
			    ",\"source_id\":1,\"subject_type\":"
			    "\"person\",\"subject_id\":1,\"quote\":\"\\\"nothing was imminent\\\"\",\"anchor\":"
			    "{\"start\":0,\"end\":1,\"exact\":\"H\",\"prefix\":\"\",\"suffix\":\"\"}}}\n",
			    NULL),
		0);
	a = th_sql(db, "SELECT anchor->>'start' || ' ' || (anchor->>'end') || ' ' || (anchor->>'exact')"
		       " FROM citations WHERE id = 1");
	assert_string_equal(a, "8 30 \xE2\x80\x9Cnothing was imminent\xE2\x80\x9D");
	free(a);
	free(db);

	/* An unfound quote fails on its line, and nothing is stored. */
	assert_int_not_equal(import_into("test_anchors_import3", &db, path,
					 "{\"type\":\"source\",\"record\":{\"id\":1," STAMP
					 ",\"url\":\"https://example.org/a\","
					 "\"content\":\"He said nothing on Tuesday.\"}}\n"
					 "{\"type\":\"person\",\"record\":{\"id\":1," STAMP
					 ",\"name\":\"Somebody\"}}\n"
					 "{\"type\":\"citation\",\"record\":{\"id\":1," STAMP
					 ",\"source_id\":1,\"subject_type\":"
					 "\"person\",\"subject_id\":1,\"quote\":\"said nothing\"}}\n"
					 "{\"type\":\"citation\",\"record\":{\"id\":2," STAMP
					 ",\"source_id\":1,\"subject_type\":"
					 "\"person\",\"subject_id\":1,\"quote\":\"said something\"}}\n",
					 &err),
			     0);
	if (!strstr(err, "line 4") || !strstr(err, "record.quote"))
		fail_msg("the import's error does not name line 4's quote: %s", err);
	free(err);
	a = th_sql(db, "SELECT (SELECT count(*) FROM citations) + (SELECT count(*) FROM sources)");
	assert_string_equal(a, "0");
	free(a);
	free(db);
	unlink(path);
	free(path);
}

/* Migration 0023 anchors the citations that were there before it, in its own transaction. */
static void the_migration_anchors_existing_citations(void **state)
{
	char *db = th_db_numbered("test_anchors_migrate", "00[01]*.sql 002[012]_*.sql"), *a;
	const char *all[] = {"migrate", NULL};

	(void)state;
	free(th_sql(db,
		    "INSERT INTO sources (url, content) VALUES ('https://example.org/old',"
		    " 'She said it was ' || chr(8220) || 'a good day' || chr(8221) || ', and left.')"));
	free(th_sql(db, "INSERT INTO people (name) VALUES ('Somebody')"));
	free(th_sql(db, "INSERT INTO citations (source_id, subject_type, subject_id, quote)"
			" VALUES (1, 'person', 1, 'it was \"a good day\"'), (1, 'person', 1, NULL)"));
	assert_int_equal(th_run(db, all, NULL), 0);
	a = th_sql(db, "SELECT string_agg(coalesce(anchor->>'start', '-') || ':' ||"
		       " coalesce(anchor->>'exact', '-'), ',' ORDER BY id) FROM citations");
	assert_string_equal(a, "9:it was \xE2\x80\x9C"
			       "a good day\xE2\x80\x9D,-:-");
	free(a);
	free(db);
}

/* The demo data as make run loads it: every quote anchored, the seed's across the article's
 * no-break space; and the API guide's two examples (api-docs/README.md, Citations), as written. */
static void the_guides_examples_on_the_demo_data(void **state)
{
	char *db = th_db_create("test_anchors_seed"), *a;
	const char *load[] = {"batch", "--if-empty", "scripts/demo/seed.batch.json", NULL};
	const char *migrate[] = {"migrate", NULL};
	struct th_server s;
	struct th_resp r;
	json_t *x;

	(void)state;
	assert_int_equal(th_run(db, migrate, NULL), 0);
	assert_int_equal(th_run(db, load, NULL), 0);
	a = th_sql(db,
		   "SELECT anchor->>'exact' FROM citations WHERE quote LIKE 'negotiated the release%'");
	assert_non_null(a);
	assert_non_null(strstr(a, "Fogel and\xC2\xA0U.S.-Russian"));
	free(a);
	a = th_sql(db, "SELECT count(*) FROM citations WHERE quote IS NOT NULL AND anchor IS NULL");
	assert_string_equal(a, "0");
	free(a);

	th_server_start(&s, db, NULL);
	th_json(&s, "POST", "/v1/citations",
		"{\"source_id\": 1, \"subject_type\": \"person\","
		" \"subject_id\": 4, \"quote\": \"Marc Fogel and U.S.-Russian dual national Ksenia"
		" Karelina\"}",
		&r);
	th_expect(&r, 201);
	assert_int_equal(json_integer_value(json_object_get(r.json, "id")), 19);
	x = json_object_get(r.json, "anchor");
	assert_int_equal(json_integer_value(json_object_get(x, "start")), 1784);
	assert_int_equal(json_integer_value(json_object_get(x, "end")), 1841);
	assert_string_equal(json_string_value(json_object_get(x, "exact")),
			    "Marc Fogel and\xC2\xA0U.S.-Russian dual national Ksenia Karelina");
	assert_string_equal(json_string_value(json_object_get(x, "prefix")),
			    "of former U.S. Embassy employee ");
	assert_string_equal(json_string_value(json_object_get(x, "suffix")),
			    ".\n\nSign up for our free weekly n");
	/* Members in the order the contract lists them. */
	assert_non_null(strstr(r.body, "\"anchor\" : {\"start\":1784,\"end\":1841,\"exact\":"));
	th_resp_free(&r);
	th_json(&s, "POST", "/v1/citations",
		"{\"source_id\": 1, \"subject_type\": \"person\","
		" \"subject_id\": 1, \"quote\": \"Dmitriev told Axios in a phone intervew\"}",
		&r);
	th_assert_problem(&r, 422);
	assert_string_equal(json_string_value(
				    json_object_get(json_array_get(json_object_get(r.json, "errors"), 0),
						    "message")),
			    "the quote does not occur in the text of source 1; the closest"
			    " passage is \xE2\x80\x9C"
			    "Dmitriev told Axios in a phone interview\xE2\x80\x9D");
	x = json_object_get(json_array_get(json_object_get(r.json, "errors"), 0), "nearest");
	assert_string_equal(json_string_value(json_object_get(x, "exact")),
			    "Dmitriev told Axios in a phone interview");
	assert_int_equal(json_integer_value(json_object_get(x, "start")), 527);
	assert_int_equal(json_integer_value(json_object_get(x, "end")), 567);
	assert_true(json_real_value(json_object_get(x, "similarity")) == 0.974);
	th_resp_free(&r);
	th_server_stop(&s);
	free(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_typed_quote_is_anchored_in_the_articles_own_text),
		cmocka_unit_test(a_quote_not_there_names_the_nearest_passage),
		cmocka_unit_test(the_anchor_is_the_servers),
		cmocka_unit_test(a_content_change_moves_anchors_or_is_refused),
		cmocka_unit_test(an_import_anchors_every_quote),
		cmocka_unit_test(the_migration_anchors_existing_citations),
		cmocka_unit_test(the_guides_examples_on_the_demo_data),
	};

	return cmocka_run_group_tests_name("anchors", tests, group_setup, group_teardown);
}
