/* Children keep an id (contract v1.2, "Children ... carry an id, stable when the list is
 * reordered or edited"): a PATCH keeps a child by its id and makes one without an id new; a
 * citation of a child's field follows that child to its new index, and keeps it from being
 * removed; an export carries the ids and an import keeps them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

TH_GROUP("test_children")

static long long source_id, swap_id, group_ids[2];

static void patch(const char *path, const char *body, struct th_resp *r)
{
	const char *const h[] = {"Content-Type: application/merge-patch+json", NULL};

	th_request(&G.srv, "PATCH", path, h, body, strlen(body), r);
}

static json_t *swap(void)
{
	char *path = th_fmt("/v1/swaps/%lld", swap_id);
	json_t *j = th_get(&G.srv, path);

	free(path);
	return j;
}

static long long child_id(json_t *j, const char *list, size_t i)
{
	return json_integer_value(json_object_get(json_array_get(json_object_get(j, list), i), "id"));
}

static char *citation_field(long long id)
{
	char *path = th_fmt("/v1/citations/%lld", id), *out;
	json_t *j = th_get(&G.srv, path);

	out = strdup(json_string_value(json_object_get(j, "field")));
	json_decref(j);
	free(path);
	return out;
}

/* Ukraine and Russia, 31 May 2023 (as reported): 106 Ukrainian soldiers home, and 90 bodies. */
static void children_are_numbered_once(void **state)
{
	json_t *j;

	(void)state;
	source_id = th_create(&G.srv, "/v1/sources",
			      "{\"url\": \"https://example.org/children\", \"title\": \"Exchange\","
			      " \"content\": \"Kyiv said 106 soldiers came home. The bodies of 90 were"
			      " returned too.\"}");
	swap_id = th_create(&G.srv, "/v1/swaps",
			    "{\"occurred_on\": \"2023-05-31\", \"groups\": ["
			    "{\"released_by\": \"RU\", \"released_to\": \"UA\", \"count\": 106,"
			    " \"category\": \"prisoners_of_war\"},"
			    "{\"released_by\": \"RU\", \"released_to\": \"UA\", \"count\": 90,"
			    " \"category\": \"remains\"}], \"citations\": [{\"source_id\": %lld,"
			    " \"field\": \"groups[0].count\", \"quote\": \"106 soldiers\"}]}",
			    source_id);
	j = swap();
	group_ids[0] = child_id(j, "groups", 0);
	group_ids[1] = child_id(j, "groups", 1);
	assert_true(group_ids[0] > 0 && group_ids[1] > group_ids[0]);
	/* The inline citation points at the first group. */
	{
		char *q = th_fmt("SELECT child_id FROM citations WHERE subject_id = %lld", swap_id),
		     *got = th_sql(G.db, q), *want = th_fmt("%lld", group_ids[0]);
		assert_string_equal(got, want);
		free(q);
		free(got);
		free(want);
	}
	/* The id is the first member, as a record's is. */
	assert_string_equal(json_object_iter_key(
				    json_object_iter(json_array_get(json_object_get(j, "groups"), 0))),
			    "id");
	json_decref(j);
}

/* A citation of groups[1].count follows that group when the list is reordered; a PATCH that
 * keeps both by id changes neither id; a group without an id is new. */
static void a_cited_child_is_followed(void **state)
{
	long long cite;
	struct th_resp r;
	char *path = th_fmt("/v1/swaps/%lld", swap_id), *body, *field;
	json_t *j;

	(void)state;
	cite = th_create(&G.srv, "/v1/citations",
			 "{\"source_id\": %lld, \"subject_type\": \"swap\", \"subject_id\": %lld,"
			 " \"field\": \"groups[1].count\", \"quote\": \"The bodies of 90\"}",
			 source_id, swap_id);
	body = th_fmt("{\"groups\": [{\"id\": %lld, \"released_by\": \"RU\", \"released_to\": \"UA\","
		      " \"count\": 90, \"category\": \"remains\"},"
		      " {\"released_by\": \"UA\", \"released_to\": \"RU\", \"count\": 12,"
		      " \"category\": \"remains\"},"
		      " {\"id\": %lld, \"released_by\": \"RU\", \"released_to\": \"UA\","
		      " \"count\": 106, \"category\": \"prisoners_of_war\"}]}",
		      group_ids[1], group_ids[0]);
	patch(path, body, &r);
	th_expect(&r, 200);
	th_resp_free(&r);
	free(body);
	j = swap();
	assert_int_equal(child_id(j, "groups", 0), group_ids[1]);
	assert_int_equal(child_id(j, "groups", 2), group_ids[0]);
	assert_true(child_id(j, "groups", 1) > group_ids[1]); /* new */
	json_decref(j);
	field = citation_field(cite);
	assert_string_equal(field, "groups[0].count");
	free(field);
	/* The swap's read carries each citation with its new index too: the inline one, of the
	 * first group, now third; then this one. */
	j = swap();
	assert_string_equal(json_string_value(
				    json_object_get(json_array_get(json_object_get(j, "citations"), 0),
						    "field")),
			    "groups[2].count");
	assert_string_equal(json_string_value(
				    json_object_get(json_array_get(json_object_get(j, "citations"), 1),
						    "field")),
			    "groups[0].count");
	json_decref(j);
	free(path);
}

/* A cited child cannot be removed: 409 naming the citation; the swap is unchanged. */
static void a_cited_child_stays(void **state)
{
	struct th_resp r;
	char *path = th_fmt("/v1/swaps/%lld", swap_id), *body;
	json_t *j;

	(void)state;
	body = th_fmt("{\"groups\": [{\"id\": %lld, \"released_by\": \"RU\", \"released_to\": \"UA\","
		      " \"count\": 106, \"category\": \"prisoners_of_war\"}]}",
		      group_ids[0]);
	patch(path, body, &r);
	th_expect(&r, 409);
	assert_non_null(strstr(r.body, "/v1/citations/"));
	assert_non_null(strstr(r.body, "\"referrers\""));
	th_resp_free(&r);
	free(body);
	j = swap();
	assert_int_equal(json_array_size(json_object_get(j, "groups")), 3);
	json_decref(j);
	free(path);
}

/* An id that is not one of the record's children of that list, one given twice, and an id on a
 * new record are each a field error; a citation of a child the record lacks is one too. */
static void ids_that_are_not_the_records(void **state)
{
	struct th_resp r;
	char *path = th_fmt("/v1/swaps/%lld", swap_id), *body, *fields;

	(void)state;
	body = th_fmt("{\"groups\": [{\"id\": %lld, \"released_by\": \"RU\", \"count\": 1,"
		      " \"category\": \"civilians\"}, {\"id\": %lld, \"released_by\": \"RU\","
		      " \"count\": 2, \"category\": \"civilians\"}, {\"id\": 999999,"
		      " \"released_by\": \"RU\", \"count\": 3, \"category\": \"civilians\"},"
		      " {\"id\": \"x\", \"released_by\": \"RU\", \"count\": 3, \"category\": \"civilians\"}]}",
		      group_ids[0], group_ids[0]);
	patch(path, body, &r);
	th_expect(&r, 422);
	fields = th_error_fields(&r);
	assert_string_equal(fields, "groups[3].id");
	free(fields);
	th_resp_free(&r);
	free(body);
	/* With the shape right, the store's checks. */
	body = th_fmt("{\"groups\": [{\"id\": %lld, \"released_by\": \"RU\", \"count\": 1,"
		      " \"category\": \"civilians\"}, {\"id\": %lld, \"released_by\": \"RU\","
		      " \"count\": 2, \"category\": \"civilians\"}, {\"id\": 999999,"
		      " \"released_by\": \"RU\", \"count\": 3, \"category\": \"civilians\"}]}",
		      group_ids[1], group_ids[1]);
	patch(path, body, &r);
	th_expect(&r, 422);
	fields = th_error_fields(&r);
	assert_string_equal(fields, "groups[1].id groups[2].id");
	free(fields);
	th_resp_free(&r);
	free(body);
	th_json(&G.srv, "POST", "/v1/swaps",
		"{\"occurred_on\": \"2023-05-31\", \"groups\": [{\"id\": 1, \"released_by\": \"RU\","
		" \"count\": 1, \"category\": \"civilians\"}]}",
		&r);
	th_expect(&r, 422);
	fields = th_error_fields(&r);
	assert_string_equal(fields, "groups[0].id");
	free(fields);
	th_resp_free(&r);
	body = th_fmt("{\"source_id\": %lld, \"subject_type\": \"swap\", \"subject_id\": %lld,"
		      " \"field\": \"groups[7].count\", \"quote\": \"106 soldiers\"}",
		      source_id, swap_id);
	th_json(&G.srv, "POST", "/v1/citations", body, &r);
	th_expect(&r, 422);
	fields = th_error_fields(&r);
	assert_string_equal(fields, "field");
	free(fields);
	th_resp_free(&r);
	free(body);
	free(path);
}

/* The export carries each child's id; an import keeps them, and the citation's child. */
static void an_import_keeps_child_ids(void **state)
{
	char *db2 = th_exported_copy(&G, "test_children_import"), *before, *after;
	struct th_server b;

	(void)state;
	free(th_same_in(G.db, db2,
			"SELECT string_agg(s.id || ':' || s.position || ':' ||"
			" coalesce(c.id::text, ''), ',' ORDER BY s.id) FROM swap_groups s"
			" LEFT JOIN citations c ON c.child_id = s.id"));
	/* A new child after the import takes an id beyond every imported one. */
	th_server_start(&b, db2, NULL);
	th_create(&b, "/v1/swaps",
		  "{\"occurred_on\": \"2023-06-11\", \"groups\": [{\"released_by\": \"RU\","
		  " \"released_to\": \"UA\", \"count\": 95, \"category\": \"prisoners_of_war\"}]}");
	after = th_sql(db2, "SELECT max(id) FROM swap_groups");
	before = th_sql(G.db, "SELECT max(id) FROM swap_groups");
	assert_true(atoll(after) > atoll(before));
	free(before);
	free(after);
	th_server_stop(&b);
	free(db2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(children_are_numbered_once),
		cmocka_unit_test(a_cited_child_is_followed),
		cmocka_unit_test(a_cited_child_stays),
		cmocka_unit_test(ids_that_are_not_the_records),
		cmocka_unit_test(an_import_keeps_child_ids),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
