/* Unit tests of the pure parts of the server: SHA-256, the growable buffer, the route table and
 * problem+json. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/problem.h"
#include "core/sha256.h"
#include "http/http.h"

/* FIPS 180-2 appendix B vectors, and the empty string. */
static void sha256_matches_fips_vectors(void **state)
{
	char hex[65];
	char *million = malloc(1000000);

	(void)state;
	sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(million, 'a', 1000000);
	sha256_hex(million, 1000000, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

static void sha256_streaming_equals_one_shot(void **state)
{
	struct sha256 s;
	uint8_t d1[SHA256_LEN], d2[SHA256_LEN];
	const char *text = "The quick brown fox jumps over the lazy dog, repeatedly, past one block.";
	size_t n = strlen(text);

	(void)state;
	sha256_init(&s);
	sha256_update(&s, text, n);
	sha256_final(&s, d1);
	sha256_init(&s);
	for (size_t i = 0; i < n; i += 7)
		sha256_update(&s, text + i, n - i < 7 ? n - i : 7);
	sha256_final(&s, d2);
	assert_memory_equal(d1, d2, SHA256_LEN);
}

static void buf_grows_and_terminates(void **state)
{
	struct buf b = BUF_INIT;
	char *s;

	(void)state;
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_printf(&b, "%d,", i % 10), 0);
	assert_int_equal(b.len, 2000);
	assert_int_equal(b.data[b.len], '\0');
	assert_memory_equal(b.data, "0,1,2,", 6);
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(buf_puts(&b, "x"), 0);
	s = buf_steal(&b);
	assert_string_equal(s, "x");
	assert_null(b.data);
	free(s);
	s = buf_steal(&b); /* empty buffer: a new empty string, never NULL */
	assert_string_equal(s, "");
	free(s);
}

/* A failed append (here: past the buffer's cap; out of memory is the same path) drops what the
 * buffer held and fails every later append, so that no text missing a piece is handed on. */
static void buf_fails_for_good(void **state)
{
	struct buf b = BUF_INIT_MAX(10), d = BUF_INIT;

	(void)state;
	assert_int_equal(buf_puts(&b, "SELECT "), 0);
	assert_false(buf_failed(&b));
	assert_int_equal(buf_puts(&b, "1, 2"), -1); /* 11 bytes: past the cap */
	assert_true(buf_failed(&b));
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(buf_puts(&b, "3"), -1); /* would fit, but the buffer failed */
	assert_int_equal(buf_printf(&b, "%d", 4), -1);
	assert_int_equal(buf_append(&b, "", 0), -1);
	assert_null(b.data);
	assert_null(buf_steal(&b));   /* never "" for a failed buffer */
	assert_false(buf_failed(&b)); /* stolen: new again, with its cap */
	assert_int_equal(buf_puts(&b, "0123456789"), 0);
	assert_int_equal(buf_puts(&b, "x"), -1);
	buf_reset(&b);
	assert_false(buf_failed(&b));
	assert_int_equal(buf_puts(&b, "ok"), 0);
	assert_string_equal(b.data, "ok");
	assert_int_equal(buf_printf(&b, "%s", "123456789"), -1);
	buf_free(&b);
	assert_false(buf_failed(&b));
	assert_int_equal(b.max, 10);
	/* The default cap: no buffer holds more than BUF_MAX_DEFAULT bytes, and asking for more
	 * allocates nothing. */
	assert_int_equal(buf_append(&d, "x", 1), 0);
	assert_int_equal(buf_append(&d, "y", BUF_MAX_DEFAULT), -1);
	assert_true(buf_failed(&d));
	assert_null(d.data);
	buf_free(&d);
}

static void h_a(struct request *r)
{
	(void)r;
}
static void h_b(struct request *r)
{
	(void)r;
}

static const struct route table[] = {
	{.method = "GET", .pattern = "/v1/people", .handler = h_a},
	{.method = "POST", .pattern = "/v1/people", .handler = h_a},
	{.method = "GET", .pattern = "/v1/people/{id}", .handler = h_b},
	{.method = "PATCH", .pattern = "/v1/people/{id}", .handler = h_b},
	{.method = "GET", .pattern = "/v1/people/{id}/history", .handler = h_b},
	{.method = "GET", .pattern = "/*", .handler = h_a},
	{.method = NULL},
};

static void route_captures_parameters(void **state)
{
	struct problem p = PROBLEM_INIT;
	char *params[ROUTE_MAX_PARAMS];
	int n = 0;
	const struct route *r;

	(void)state;
	r = route_match(table, "GET", "/v1/people/42/history", params, &n, &p);
	assert_ptr_equal(r, &table[4]);
	assert_int_equal(n, 1);
	assert_string_equal(params[0], "42");
	free(params[0]);
	r = route_match(table, "HEAD", "/v1/people/7", params, &n, &p);
	assert_ptr_equal(r, &table[2]);
	free(params[0]);
	r = route_match(table, "GET", "/index.html", params, &n, &p);
	assert_ptr_equal(r, &table[5]);
	assert_int_equal(n, 0);
}

static void route_405_lists_methods_once(void **state)
{
	struct problem p = PROBLEM_INIT;
	char *params[ROUTE_MAX_PARAMS];
	int n = 0;

	(void)state;
	assert_null(route_match(table, "DELETE", "/v1/people/7", params, &n, &p));
	assert_int_equal(p.status, 405);
	assert_string_equal(p.allow, "GET, HEAD, PATCH, OPTIONS");
	problem_clear(&p);
	/* A literal path is not a "{id}": an empty segment matches nothing. */
	assert_null(route_match(table, "PUT", "/v1/people/", params, &n, &p));
	assert_int_equal(p.status, 405); /* the catch-all row matches it, for GET */
	problem_clear(&p);
}

static void route_404_when_nothing_matches(void **state)
{
	static const struct route api[] = {
		{.method = "GET", .pattern = "/v1/people/{id}", .handler = h_b},
		{.method = NULL},
	};
	struct problem p = PROBLEM_INIT;
	char *params[ROUTE_MAX_PARAMS];
	int n = 0;

	(void)state;
	assert_null(route_match(api, "GET", "/v1/people/1/2", params, &n, &p));
	assert_int_equal(p.status, 404);
	assert_null(p.allow);
	problem_clear(&p);
}

static void route_table_check_refuses_bad_rows(void **state)
{
	static const struct route dup[] = {
		{.method = "GET", .pattern = "/a", .handler = h_a},
		{.method = "GET", .pattern = "/a", .handler = h_b},
		{.method = NULL},
	};
	static const struct route open_brace[] = {
		{.method = "GET", .pattern = "/a/{id", .handler = h_a},
		{.method = NULL},
	};
	static const struct route star[] = {
		{.method = "GET", .pattern = "/a/*/b", .handler = h_a},
		{.method = NULL},
	};

	(void)state;
	assert_int_equal(route_table_check(table), 0);
	assert_int_equal(route_table_check(dup), -1);
	assert_int_equal(route_table_check(open_brace), -1);
	assert_int_equal(route_table_check(star), -1);
}

static void problem_lists_every_field(void **state)
{
	struct problem p = PROBLEM_INIT;
	json_t *j, *errors;

	(void)state;
	problem_field(&p, "name", "is required");
	problem_field(&p, "citizenships[1]", "'XX' is not an ISO 3166-1 alpha-2 code");
	j = problem_json(&p);
	assert_int_equal(json_integer_value(json_object_get(j, "status")), 422);
	assert_string_equal(json_string_value(json_object_get(j, "title")), "Unprocessable Content");
	errors = json_object_get(j, "errors");
	assert_int_equal(json_array_size(errors), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 1), "field")),
			    "citizenships[1]");
	json_decref(j);
	problem_clear(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sha256_matches_fips_vectors),
		cmocka_unit_test(sha256_streaming_equals_one_shot),
		cmocka_unit_test(buf_grows_and_terminates),
		cmocka_unit_test(buf_fails_for_good),
		cmocka_unit_test(route_captures_parameters),
		cmocka_unit_test(route_405_lists_methods_once),
		cmocka_unit_test(route_404_when_nothing_matches),
		cmocka_unit_test(route_table_check_refuses_bad_rows),
		cmocka_unit_test(problem_lists_every_field),
	};

	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
