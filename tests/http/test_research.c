/* Research features on the demo data: search across spellings and typos, a person's timeline,
 * and the dashboard's numbers. The demo data is loaded the way make run loads it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "harness.h"

static struct th_group G;

static int setup(void **state)
{
	const char *load[] = {"batch", "--if-empty", "scripts/demo/seed.batch.json", NULL};

	(void)state;
	th_group_setup(&G, "test_research"); /* the server migrates the new database */
	if (th_run(G.db, load, NULL) != 0)
		return -1;
	/* Names that share letters with the demo's, so that ranking has work to do. */
	th_create(&G.srv, "/v1/people",
		  "{\"name\": \"Dmitry Medvedev\", \"name_native\": \"Дмитрий Медведев\"}");
	th_create(&G.srv, "/v1/people", "{\"name\": \"Dmitri Trenin\"}");
	th_create(&G.srv, "/v1/people", "{\"name\": \"Karen Karelian\"}");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return th_group_teardown(&G);
}

static json_t *search(const char *q)
{
	char *path = th_fmt("/v1/search?q=%s", q);
	json_t *j = th_get(&G.srv, path);

	free(path);
	return j;
}

static const char *first_label(json_t *j, const char *type)
{
	json_t *item;
	size_t i;

	json_array_foreach(json_object_get(j, "items"), i, item)
		if (strcmp(json_string_value(json_object_get(item, "type")), type) == 0)
			return json_string_value(json_object_get(item, "label"));
	return NULL;
}

static void names_across_spellings_and_typos(void **state)
{
	static const struct {
		const char *q, *want;
	} cases[] = {
		{"%D0%94%D0%BC%D0%B8%D1%82%D1%80%D0%B8%D0%B5%D0%B2", "Kirill Dmitriev"}, /* Дмитриев */
		{"Dmitriyev", "Kirill Dmitriev"},
		{"dmitriev", "Kirill Dmitriev"},
		{"DMITRIEV", "Kirill Dmitriev"},
		{"Dmitirev", "Kirill Dmitriev"}, /* two letters swapped */
		{"Dmitrev", "Kirill Dmitriev"},  /* one letter missing */
		{"Dmitrief", "Kirill Dmitriev"}, /* one letter wrong */
		{"Kirill%20Dmitriev", "Kirill Dmitriev"},
		{"Karelina", "Ksenia Karelina"},
		{"Kseniya%20Karelina", "Ksenia Karelina"},
		{"witkof", "Steve Witkoff"},
		{"%D0%9C%D0%B5%D0%B4%D0%B2%D0%B5%D0%B4%D0%B5%D0%B2", "Dmitry Medvedev"}, /* Медведев */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *j = search(cases[i].q);
		const char *got = first_label(j, "person");
		if (!got || strcmp(got, cases[i].want) != 0)
			fail_msg("search %s: first person %s, want %s", cases[i].q,
				 got ? got : "(none)", cases[i].want);
		json_decref(j);
	}
}

static void results_are_typed_ranked_and_limited(void **state)
{
	json_t *j = search("prisoner%20swap"), *items, *prev = NULL, *item;
	size_t i;

	(void)state;
	assert_string_equal(first_label(j, "source"),
			    "Putin Envoy Dmitriev Discussed Prisoner Swap With White House Officials");
	json_decref(j);
	/* A name and a word of the article: both kinds, best first, scores in (0, 1]. */
	j = search("dmitriev");
	items = json_object_get(j, "items");
	assert_non_null(first_label(j, "source"));
	json_array_foreach(items, i, item) {
		double score = json_real_value(json_object_get(item, "score"));
		assert_true(score > 0 && score <= 1);
		assert_true(json_integer_value(json_object_get(item, "id")) > 0);
		if (prev)
			assert_true(json_real_value(json_object_get(prev, "score")) >= score);
		prev = item;
	}
	json_decref(j);
	j = th_get(&G.srv, "/v1/search?q=dmitri&limit=2&type=person");
	assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
	assert_null(first_label(j, "source"));
	json_decref(j);
	/* Nothing like it: an empty list, not an error. */
	j = search("zzqxv");
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
}

/* The code points [start, end) of UTF-8 text s, as a new string. */
static char *code_points(const char *s, long long start, long long end)
{
	const char *a = NULL, *b = NULL;
	long long cp = 0;

	for (const char *p = s;; p++) {
		if ((*p & 0xC0) != 0x80) {
			if (cp == start)
				a = p;
			if (cp == end) {
				b = p;
				break;
			}
			if (!*p)
				break;
			cp++;
		}
	}
	assert_non_null(a);
	assert_non_null(b);
	return th_fmt("%.*s", (int)(b - a), a);
}

/* The source result id of search q (type=source), or NULL. */
static json_t *source_hit(const char *q, long long id)
{
	char *path = th_fmt("/v1/search?type=source&q=%s", q);
	json_t *j = th_get(&G.srv, path), *item, *hit = NULL;
	size_t i;

	json_array_foreach(json_object_get(j, "items"), i, item)
		if (json_integer_value(json_object_get(item, "id")) == id)
			hit = json_incref(item);
	json_decref(j);
	free(path);
	return hit;
}

/* The words its highlights mark in content, joined with spaces; checks that the snippet is the
 * content's own text at snippet_start. */
static char *marked(json_t *hit, const char *content)
{
	json_t *h;
	size_t i;
	char *all = strdup(""), *tmp;
	const char *snippet = json_string_value(json_object_get(hit, "snippet"));
	long long at = json_integer_value(json_object_get(hit, "snippet_start"));

	assert_non_null(snippet);
	tmp = code_points(content, at, at + (long long)utf8_length(snippet));
	assert_string_equal(tmp, snippet);
	free(tmp);
	json_array_foreach(json_object_get(hit, "highlights"), i, h) {
		char *w = code_points(content, json_integer_value(json_object_get(h, "start")),
				      json_integer_value(json_object_get(h, "end")));
		tmp = th_fmt("%s%s%s", all, i ? " " : "", w);
		free(all);
		free(w);
		all = tmp;
	}
	return all;
}

/* Sources by words in any form and by people's names in any spelling, with snippet and
 * highlights in code points of content (the demo article has curly quotes and dashes before
 * its matches, so byte offsets would be wrong). */
static void sources_by_stems_and_names(void **state)
{
	json_t *src = th_get(&G.srv, "/v1/sources/1"), *hit, *item;
	const char *content = json_string_value(json_object_get(src, "content"));
	char *words;
	long long witkoff, cites;
	size_t i;

	(void)state;
	hit = source_hit("negotiating", 1); /* a stem: negotiated, negotiations */
	assert_non_null(hit);
	words = marked(hit, content);
	assert_string_equal(words, "negotiations negotiated");
	free(words);
	json_decref(hit);

	/* Witkoff in Cyrillic and with a letter missing: the person search finds him, and his
	 * name finds the article. */
	hit = source_hit("%D0%A3%D0%B8%D1%82%D0%BA%D0%BE%D1%84%D1%84", 1); /* Уиткофф */
	assert_non_null(hit);
	words = marked(hit, content);
	assert_non_null(strstr(words, "Witkoff"));
	free(words);
	json_decref(hit);
	hit = source_hit("Witkof", 1);
	assert_non_null(hit);
	json_decref(hit);

	/* A source that cites him without naming him is found by his name too. */
	{
		json_t *j = th_get(&G.srv, "/v1/people?q=Witkoff&limit=1");
		witkoff = json_integer_value(
			json_object_get(json_array_get(json_object_get(j, "items"), 0), "id"));
		json_decref(j);
	}
	cites = th_create(&G.srv, "/v1/sources",
			  "{\"url\": \"https://cites.example/envoy\","
			  " \"title\": \"The envoy flew home\", \"content\": \"The envoy flew home.\"}");
	th_create(&G.srv, "/v1/citations",
		  "{\"source_id\": %lld, \"subject_type\": \"person\","
		  " \"subject_id\": %lld, \"field\": \"occupation\"}",
		  cites, witkoff);
	hit = source_hit("Witkoff", cites);
	assert_non_null(hit);
	assert_int_equal(json_array_size(json_object_get(hit, "highlights")), 0);
	json_decref(hit);
	assert_null(source_hit("Medvedev", cites));

	/* Only sources carry them. */
	{
		json_t *j = search("Witkoff");
		json_array_foreach(json_object_get(j, "items"), i, item)
			if (strcmp(json_string_value(json_object_get(item, "type")), "person") == 0)
				assert_null(json_object_get(item, "highlights"));
		json_decref(j);
	}
	json_decref(src);
}

static void search_parameters_are_checked(void **state)
{
	const char *bad[] = {"/v1/search",
			     "/v1/search?q=",
			     "/v1/search?q=x&type=swap",
			     "/v1/search?q=x&limit=0",
			     "/v1/search?q=x&limit=101",
			     "/v1/search?q=x&sort=score",
			     "/v1/search?q=x&q=y",
			     NULL};
	struct th_resp r;

	(void)state;
	for (int i = 0; bad[i]; i++) {
		th_request(&G.srv, "GET", bad[i], NULL, NULL, 0, &r);
		th_assert_problem(&r, 400);
		th_resp_free(&r);
	}
}

static void people_list_q_matches_across_spellings(void **state)
{
	json_t *j = th_get(&G.srv, "/v1/people?q=%D0%94%D0%BC%D0%B8%D1%82%D1%80%D0%B8%D0%B5%D0%B2");
	json_t *items = json_object_get(j, "items"), *item;
	size_t i;
	int found = 0;

	(void)state;
	json_array_foreach(items, i, item)
		found |= strcmp(json_string_value(json_object_get(item, "name")), "Kirill Dmitriev") == 0;
	assert_true(found);
	json_decref(j);
}

static void timeline_is_dated_ordered_and_cited(void **state)
{
	long long p = th_create(&G.srv, "/v1/people", "{\"name\": \"Timeline Person\"}");
	long long d = th_create(&G.srv, "/v1/detentions",
				"{\"person_id\": %lld, \"country\": \"IR\","
				" \"status\": \"held\", \"detained_on\": \"2019-03\", \"authority\": \"IRGC\"}",
				p);
	long long n = th_create(&G.srv, "/v1/negotiations",
				"{\"title\": \"Timeline talks\", \"status\": "
				"\"agreed\", \"started_on\": \"2022\", \"participants\": [{\"person_id\": %lld, "
				"\"role\": \"subject\"}]}",
				p);
	long long s = th_create(&G.srv, "/v1/swaps",
				"{\"occurred_on\": \"2023-09-18\", \"place\": \"Doha\","
				" \"negotiation_id\": %lld, \"releases\": [{\"person_id\": %lld, \"detention_id\": %lld,"
				" \"released_by\": \"IR\", \"released_to\": \"US\"}]}",
				n, p, d);
	char *path = th_fmt("/v1/people/%lld/timeline", p);
	json_t *t, *items;
	const char *kinds[] = {"detained", "negotiation", "swap", "released"};
	const char *dates[] = {"2019-03", "2022", "2023-09-18", "2023-09-18"};
	long long ids[] = {d, n, s, d};

	(void)state;
	th_create(&G.srv, "/v1/citations",
		  "{\"source_id\": 1, \"subject_type\": \"swap\", \"subject_id\": %lld}", s);
	t = th_get(&G.srv, path);
	items = json_object_get(t, "items");
	assert_int_equal(json_array_size(items), 4);
	for (size_t i = 0; i < 4; i++) {
		json_t *e = json_array_get(items, i);
		assert_string_equal(json_string_value(json_object_get(e, "kind")), kinds[i]);
		assert_string_equal(json_string_value(json_object_get(e, "date")), dates[i]);
		assert_int_equal(json_integer_value(json_object_get(e, "id")), ids[i]);
		assert_true(json_is_array(json_object_get(e, "citations")));
	}
	assert_int_equal(json_array_size(json_object_get(json_array_get(items, 2), "citations")), 1);
	json_decref(t);
	free(path);
	/* The demo's Fogel: released in 2025, with the article's quote. */
	t = th_get(&G.srv, "/v1/people/3/timeline");
	items = json_object_get(t, "items");
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "kind")),
			    "released");
	{
		char *text = json_dumps(items, 0);
		assert_non_null(strstr(text, "negotiated the release of former U.S. Embassy employee"));
		free(text);
	}
	json_decref(t);
	{
		struct th_resp r;
		th_request(&G.srv, "GET", "/v1/people/999999/timeline", NULL, NULL, 0, &r);
		th_assert_problem(&r, 404);
		th_resp_free(&r);
	}
}

static long long total(const char *path)
{
	char *p = th_fmt("%s%scount=true&limit=1", path, strchr(path, '?') ? "&" : "?");
	json_t *j = th_get(&G.srv, p);
	long long n = (long long)json_integer_value(json_object_get(j, "total"));

	json_decref(j);
	free(p);
	return n;
}

static void stats_agree_with_the_lists(void **state)
{
	static const char *const collections[] = {"sources", "people",    "detentions", "negotiations",
						  "swaps",   "citations", NULL};
	static const char *const statuses[] = {"held", "released", "exchanged",
					       "died", "unknown",  NULL};
	json_t *s, *rec, *by;
	char *path;

	(void)state;
	th_create(&G.srv, "/v1/detentions",
		  "{\"person_id\": 2, \"country\": \"VE\", \"status\": \"held\"}");
	th_create(&G.srv, "/v1/detentions",
		  "{\"person_id\": 1, \"country\": \"VE\", \"status\": \"held\"}");
	th_create(&G.srv, "/v1/detentions",
		  "{\"person_id\": 1, \"country\": \"VE\", \"status\": \"held\"}");
	s = th_get(&G.srv, "/v1/stats");
	rec = json_object_get(s, "records");
	for (int i = 0; collections[i]; i++) {
		path = th_fmt("/v1/%s", collections[i]);
		assert_int_equal(json_integer_value(json_object_get(rec, collections[i])), total(path));
		free(path);
	}
	by = json_object_get(s, "detentions_by_status");
	for (int i = 0; statuses[i]; i++) {
		path = th_fmt("/v1/detentions?status=%s", statuses[i]);
		assert_non_null(json_object_get(by, statuses[i])); /* zero counts are there too */
		assert_int_equal(json_integer_value(json_object_get(by, statuses[i])), total(path));
		free(path);
	}
	/* People held now, by country: two people held by VE (one of them twice). */
	{
		json_t *e, *held = json_object_get(s, "held_by_country");
		size_t i;
		int seen = 0;
		json_array_foreach(held, i, e)
			if (strcmp(json_string_value(json_object_get(e, "country")), "VE") == 0) {
				assert_int_equal(json_integer_value(json_object_get(e, "people")), 2);
				assert_string_equal(json_string_value(json_object_get(e, "name")),
						    "Venezuela");
				seen = 1;
			}
		assert_true(seen);
	}
	/* Per year: the demo's two releases in 2025; the timeline test's swap in 2023. */
	{
		json_t *e, *years = json_object_get(s, "per_year");
		size_t i;
		int y2025 = 0;
		json_array_foreach(years, i, e)
			if (json_integer_value(json_object_get(e, "year")) == 2025) {
				assert_int_equal(json_integer_value(json_object_get(e, "people_released")),
						 2);
				assert_int_equal(json_integer_value(json_object_get(e, "swaps")), 0);
				y2025 = 1;
			}
		assert_true(y2025);
	}
	json_decref(s);
}

/* Whether search?q= lists person `id` (type=person, up to 100). */
static int search_lists(const char *q, long long id)
{
	char *path = th_fmt("/v1/search?q=%s&type=person&limit=100", q);
	int found = th_items_have(&G.srv, path, id);

	free(path);
	return found;
}

/* Search reads its own index of name words (migrations/0007): it must follow every write. */
static void search_follows_renames_and_deletes(void **state)
{
	long long id = th_create(&G.srv, "/v1/people", "{\"name\": \"Zebulon Quartermaine\"}");
	char *path = th_fmt("/v1/people/%lld", id);
	const char *hdr[] = {"Content-Type: application/merge-patch+json", "If-Match: \"1\"", NULL};
	const char *patch = "{\"name\": \"Zebulon Oakenshield\", \"aliases\": [\"Зебулон\"]}";
	struct th_resp r;

	(void)state;
	assert_true(search_lists("Quartermane", id)); /* a letter missing */
	th_request(&G.srv, "PATCH", path, hdr, patch, strlen(patch), &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	assert_false(search_lists("Quartermaine", id)); /* the old name is gone */
	assert_true(search_lists("Oakenshild", id));
	assert_true(search_lists("%D0%97%D0%B5%D0%B1%D1%83%D0%BB%D0%BE%D0%BD", id)); /* the alias */
	th_request(&G.srv, "DELETE", path, NULL, NULL, 0, &r);
	th_expect(&r, 204);
	th_resp_free(&r);
	assert_false(search_lists("Oakenshield", id));
	free(path);
}

/* The GIN options of an index, as "key=value,...". */
static char *index_options(const char *index)
{
	char *sql = th_fmt("SELECT coalesce(array_to_string(reloptions, ','), '') FROM pg_class"
			   " WHERE oid = '%s'::regclass",
			   index);
	char *opts = th_sql(G.db, sql);

	free(sql);
	return opts;
}

/* A new name word goes straight into the vocabulary's trigram index, not into a GIN pending
 * list that every later search would read through entry by entry (migration 0010: 2,473
 * pending words made each search three times slower at a million people); the list's `q`
 * filter reads a pending list of at most 256 kB (0011). New names are found at once by both. */
static void name_indexes_bound_their_pending_lists(void **state)
{
	long long id = th_create(&G.srv, "/v1/people", "{\"name\": \"Xanthippe Wolkonskaya\"}");
	char *opts = index_options("search_terms_trgm");
	json_t *list;

	(void)state;
	assert_string_equal(opts, "fastupdate=off");
	free(opts);
	opts = index_options("people_search_names");
	assert_string_equal(opts, "gin_pending_list_limit=256");
	free(opts);
	assert_true(search_lists("Wolkonskaia", id));
	list = th_get(&G.srv, "/v1/people?q=Wolkonskaia");
	assert_int_equal(json_integer_value(
				 json_object_get(json_array_get(json_object_get(list, "items"), 0), "id")),
			 id);
	json_decref(list);
}

/* A name shared by more people than the page holds: a full page, best first and then by id,
 * and the people with every word of the query before those with one. */
static void common_names_fill_the_page_in_order(void **state)
{
	long long first = 0, both = 0, id;
	json_t *j, *items, *item;
	size_t i;

	(void)state;
	for (int k = 0; k < 30; k++) {
		id = th_create(&G.srv, "/v1/people", "{\"name\": \"Pelageya Voskresenskaya %d\"}", k);
		if (!first)
			first = id;
	}
	both = th_create(&G.srv, "/v1/people", "{\"name\": \"Pelageya Tsvetkova\"}");
	j = th_get(&G.srv, "/v1/search?q=Voskresenskaya&type=person&limit=25");
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 25);
	json_array_foreach(items, i, item)
		assert_int_equal(json_integer_value(json_object_get(item, "id")), first + (long long)i);
	json_decref(j);
	j = th_get(&G.srv, "/v1/search?q=Pelageya%20Tsvetkva&type=person&limit=5");
	items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 5);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "id")), both);
	assert_true(json_real_value(json_object_get(json_array_get(items, 0), "score")) >
		    json_real_value(json_object_get(json_array_get(items, 1), "score")));
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_across_spellings_and_typos),
		cmocka_unit_test(results_are_typed_ranked_and_limited),
		cmocka_unit_test(search_parameters_are_checked),
		cmocka_unit_test(sources_by_stems_and_names),
		cmocka_unit_test(search_follows_renames_and_deletes),
		cmocka_unit_test(common_names_fill_the_page_in_order),
		cmocka_unit_test(name_indexes_bound_their_pending_lists),
		cmocka_unit_test(people_list_q_matches_across_spellings),
		cmocka_unit_test(timeline_is_dated_ordered_and_cited),
		cmocka_unit_test(stats_agree_with_the_lists),
	};

	return cmocka_run_group_tests_name("research", tests, setup, teardown);
}
