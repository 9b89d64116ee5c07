/* Unit tests of the HTTP layer's pure parts: Accept negotiation with q values, client addresses
 * behind trusted proxies, UTF-8 cuts and repair, and problems that stay valid UTF-8 and bounded. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/client.h"
#include "core/hash64.h"
#include "core/problem.h"
#include "core/utf8.h"
#include "db/replicas.h"
#include "http/negotiate.h"

static const char *const list_types[] = {"application/json", "text/csv", NULL};
static const char *const json_only[] = {"application/json", NULL};

static void negotiation_weighs_q(void **state)
{
	(void)state;
	assert_int_equal(negotiate(NULL, list_types), 0);
	assert_int_equal(negotiate("", list_types), 0);
	assert_int_equal(negotiate("*/*", list_types), 0);
	assert_int_equal(negotiate("text/csv", list_types), 1);
	assert_int_equal(negotiate("TEXT/CSV", list_types), 1);
	assert_int_equal(negotiate("text/*", list_types), 1);
	assert_int_equal(negotiate("application/*", list_types), 0);
	/* Equal q: the client's order; different q: the higher. */
	assert_int_equal(negotiate("text/csv, application/json", list_types), 1);
	assert_int_equal(negotiate("application/json, text/csv", list_types), 0);
	assert_int_equal(negotiate("application/json;q=0.5, text/csv;q=0.9", list_types), 1);
	assert_int_equal(negotiate("text/csv;q=0.1, application/json", list_types), 0);
	assert_int_equal(negotiate("text/csv ; q=0.300 , */*;q=0.2", list_types), 1);
	/* The most specific range decides: a refused text/csv is not let in by text/ or all. */
	assert_int_equal(negotiate("text/csv;q=0, */*", list_types), 0);
	assert_int_equal(negotiate("text/csv;q=0, text/*", list_types), -1);
	assert_int_equal(negotiate("*/*;q=0", list_types), -1);
	assert_int_equal(negotiate("image/png", list_types), -1);
	assert_int_equal(negotiate("text/csv", json_only), -1);
	/* Parameters other than q do not matter; a quoted comma stays inside its value. */
	assert_int_equal(negotiate("application/json; charset=utf-8", json_only), 0);
	assert_int_equal(negotiate("text/csv;header=\"a,b\";q=1, application/json;q=0.5", list_types), 1);
	/* Malformed ranges are ignored, leaving what else the header says. */
	assert_int_equal(negotiate("garbage", list_types), -1);
	assert_int_equal(negotiate("garbage, text/csv", list_types), 1);
	assert_int_equal(negotiate("text/csv;q=2", list_types), -1);
	assert_int_equal(negotiate("text/csv;q=0.1234", list_types), -1);
	assert_int_equal(negotiate("*/csv", list_types), -1);
	assert_int_equal(negotiate(",,, ,", list_types), 0);
}

static void cidr_blocks(void **state)
{
	struct cidr c[3];

	(void)state;
	assert_int_equal(client_cidr_parse("10.0.0.0/8", &c[0]), 0);
	assert_int_equal(client_cidr_parse("2001:db8::/32", &c[1]), 0);
	assert_int_equal(client_cidr_parse("192.0.2.7", &c[2]), 0);
	assert_int_equal(c[2].bits, 32);
	assert_true(client_trusted("10.200.3.4", c, 3));
	assert_true(client_trusted("::ffff:10.1.1.1", c, 3)); /* IPv4-mapped */
	assert_true(client_trusted("2001:db8:1::5", c, 3));
	assert_true(client_trusted("192.0.2.7", c, 3));
	assert_false(client_trusted("192.0.2.8", c, 3));
	assert_false(client_trusted("11.0.0.1", c, 3));
	assert_false(client_trusted("garbage", c, 3));
	assert_int_equal(client_cidr_parse("10.0.0.0/33", &c[0]), -1);
	assert_int_equal(client_cidr_parse("10.0.0.0/", &c[0]), -1);
	assert_int_equal(client_cidr_parse("10.0.0.0/08", &c[0]), -1);
	assert_int_equal(client_cidr_parse("example.org", &c[0]), -1);
	assert_int_equal(client_cidr_parse("", &c[0]), -1);
	assert_int_equal(client_cidr_parse("10.0.0.1/12", &c[0]), 0); /* host bits are ignored */
	assert_true(client_trusted("10.15.255.255", c, 1));
	assert_false(client_trusted("10.16.0.0", c, 1));
}

static void client_address_from_forwarded_for(void **state)
{
	struct sockaddr_in proxy = {.sin_family = AF_INET}, other = {.sin_family = AF_INET};
	struct cidr trusted[2];
	char out[64];

	(void)state;
	inet_pton(AF_INET, "10.0.0.5", &proxy.sin_addr);
	inet_pton(AF_INET, "198.51.100.1", &other.sin_addr);
	client_cidr_parse("10.0.0.0/8", &trusted[0]);
	client_cidr_parse("192.0.2.0/24", &trusted[1]);
	{
		const char *xff[] = {"203.0.113.9"};
		/* From an untrusted peer the header counts for nothing. */
		client_address((struct sockaddr *)&other, xff, 1, trusted, 2, out, sizeof(out));
		assert_string_equal(out, "198.51.100.1");
		client_address((struct sockaddr *)&proxy, xff, 1, NULL, 0, out, sizeof(out));
		assert_string_equal(out, "10.0.0.5");
		client_address((struct sockaddr *)&proxy, xff, 1, trusted, 2, out, sizeof(out));
		assert_string_equal(out, "203.0.113.9");
	}
	{
		/* The right-most untrusted entry, over several headers. */
		const char *xff[] = {"1.1.1.1, 203.0.113.9", " 192.0.2.50 ,10.9.9.9 "};
		client_address((struct sockaddr *)&proxy, xff, 2, trusted, 2, out, sizeof(out));
		assert_string_equal(out, "203.0.113.9");
	}
	{
		/* Every hop trusted: the left-most. */
		const char *xff[] = {"192.0.2.1, 10.0.0.9"};
		client_address((struct sockaddr *)&proxy, xff, 1, trusted, 2, out, sizeof(out));
		assert_string_equal(out, "192.0.2.1");
	}
	{
		/* Garbage ends the walk at the hop that added it. */
		const char *xff[] = {"203.0.113.9, unknown"};
		client_address((struct sockaddr *)&proxy, xff, 1, trusted, 2, out, sizeof(out));
		assert_string_equal(out, "10.0.0.5");
		const char *empty[] = {""};
		client_address((struct sockaddr *)&proxy, empty, 1, trusted, 2, out, sizeof(out));
		assert_string_equal(out, "10.0.0.5");
	}
	{
		/* One client, one spelling. */
		const char *xff[] = {"::ffff:203.0.113.9"};
		client_address((struct sockaddr *)&proxy, xff, 1, trusted, 2, out, sizeof(out));
		assert_string_equal(out, "203.0.113.9");
	}
}

static void utf8_cuts_between_characters(void **state)
{
	const char *s = "aЖb€c😀"; /* 1, 2, 1, 3, 1, 4 bytes */
	struct buf b = BUF_INIT;
	char t[32];

	(void)state;
	assert_int_equal(utf8_cut(s, strlen(s), 100), strlen(s));
	assert_int_equal(utf8_cut(s, strlen(s), 2), 1); /* not inside Ж */
	assert_int_equal(utf8_cut(s, strlen(s), 3), 3);
	assert_int_equal(utf8_cut(s, strlen(s), 6), 4);  /* not inside € */
	assert_int_equal(utf8_cut(s, strlen(s), 11), 8); /* not inside 😀 */
	memcpy(t, s, utf8_cut(s, strlen(s), 5));
	t[utf8_cut(s, strlen(s), 5)] = '\0';
	assert_string_equal(t, "aЖb");
	assert_true(utf8_valid(t));
	assert_int_equal(utf8_repair(&b,
				     "a\xff\xfe"
				     "b\xe2\x82"
				     "c",
				     7),
			 0);
	assert_string_equal(b.data, "a\xEF\xBF\xBD\xEF\xBF\xBD"
				    "b\xEF\xBF\xBD\xEF\xBF\xBD"
				    "c");
	assert_true(utf8_valid(b.data));
	buf_free(&b);
	assert_int_equal(utf8_sequence((const unsigned char *)"\xC0\xAF", 2), 0);     /* overlong */
	assert_int_equal(utf8_sequence((const unsigned char *)"\xED\xA0\x80", 3), 0); /* surrogate */
	assert_int_equal(utf8_sequence((const unsigned char *)"\xE2\x82", 2), 0);     /* cut short */
}

static void problems_are_utf8_and_bounded(void **state)
{
	struct problem p = PROBLEM_INIT;
	char path[8];
	json_t *j;
	char *text;

	(void)state;
	problem_set(&p, 404, "There is nothing at /v1/people/\xff\xfe.");
	j = problem_json(&p);
	assert_string_equal(json_string_value(json_object_get(j, "detail")),
			    "There is nothing at /v1/people/\xEF\xBF\xBD\xEF\xBF\xBD.");
	json_decref(j);
	problem_clear(&p);
	for (int i = 0; i < 250; i++)
		problem_field(&p, "f\xff", "bad \xe2\x82 %d", i);
	j = problem_json(&p);
	assert_int_equal(json_array_size(json_object_get(j, "errors")), PROBLEM_ERRORS_MAX);
	assert_int_equal(json_integer_value(json_object_get(j, "error_count")), 250);
	text = json_dumps(j, JSON_COMPACT);
	assert_non_null(text);
	assert_true(utf8_valid(text));
	free(text);
	json_decref(j);
	problem_clear(&p);
	/* A path cut to fit its buffer is cut between characters. */
	problem_path(path, sizeof(path), "%s", "ЖЖЖЖЖ");
	assert_string_equal(path, "ЖЖЖ");
	problem_path_join(path, sizeof(path), "ab", "ЖЖЖ");
	assert_string_equal(path, "abЖЖ");
}

/* The values of xxhsum -H1 (Debian's xxhash) for the same bytes. */
static void hash64_is_xxh64(void **state)
{
	char fox[200] = "";

	(void)state;
	for (int i = 0; i < 3; i++)
		strcat(fox, "The quick brown fox jumps over the lazy dog");
	assert_true(hash64("", 0) == 0xef46db3751d8e999ULL);
	assert_true(hash64("abc", 3) == 0x44bc2cf5ad770999ULL);
	assert_true(hash64("Nobody inspects the spammish repetition", 39) == 0xfbcea83c8a378bf1ULL);
	assert_true(hash64(fox, strlen(fox)) == 0xc652b4dbfcd6b853ULL);
}

/* Swaptrack-Min-LSN: a pg_lsn as PostgreSQL writes it, strictly; written back the same way. */
static void lsn_positions(void **state)
{
	const char *const bad[] = {"",      "/",    "0/",          "/0",          "16B3748",
				   "0/1/2", "G/1",  "123456789/0", "0/123456789", " 0/1",
				   "0/1 ",  "-1/0", "0x1/0",       "+1/0",        NULL};
	uint64_t v;
	char text[24];

	(void)state;
	for (int i = 0; bad[i]; i++)
		if (lsn_parse(bad[i], &v) == 0)
			fail_msg("'%s' parsed", bad[i]);
	assert_int_equal(lsn_parse("0/0", &v), 0);
	assert_true(v == 0);
	assert_int_equal(lsn_parse("16/B374D848", &v), 0);
	assert_true(v == ((uint64_t)0x16 << 32 | 0xB374D848u));
	assert_int_equal(lsn_parse("ffffffff/ffffffff", &v), 0);
	assert_true(v == UINT64_MAX);
	lsn_format((uint64_t)0x16 << 32 | 0xB374D848u, text);
	assert_string_equal(text, "16/B374D848");
	lsn_format(0, text);
	assert_string_equal(text, "0/0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(negotiation_weighs_q),
		cmocka_unit_test(cidr_blocks),
		cmocka_unit_test(client_address_from_forwarded_for),
		cmocka_unit_test(utf8_cuts_between_characters),
		cmocka_unit_test(problems_are_utf8_and_bounded),
		cmocka_unit_test(lsn_positions),
		cmocka_unit_test(hash64_is_xxh64),
	};

	return cmocka_run_group_tests_name("http parts", tests, NULL, NULL);
}
