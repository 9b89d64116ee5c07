/* Extraction measured (issue 16, "Quality, measured"): the fixture articles of
 * tests/fixtures/articles/ (eight wire-style reports written for the tests, and the seed article
 * as scraped), each with what a careful reader records from it (expected.json). For the kinds
 * extraction has so far, countries and dates, over the article's body (features/furniture):
 * recall and precision per kind are printed, and the test fails below the floors
 * (countries recall 100 %, dates 95 % resolved to the expected value). People, quotes and
 * reports are in expected.json for the extraction still to come. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "core/anchor.h"
#include "core/buf.h"
#include "features/dates.h"
#include "features/furniture.h"
#include "features/places.h"

#define DIR "tests/fixtures/articles/"

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;

	if (!f)
		fail_msg("cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	buf_puts(&b, "");
	return buf_steal(&b);
}

/* 1 when [start, end) lies inside one of the body's spans. */
static int in_body(const struct text_span *body, long n, size_t start, size_t end)
{
	for (long i = 0; i < n; i++)
		if (start >= body[i].start && end <= body[i].end)
			return 1;
	return 0;
}

static void countries_and_dates_meet_their_floors(void **state)
{
	json_error_t err;
	json_t *doc = json_load_file(DIR "expected.json", 0, &err), *a;
	size_t i, c_want = 0, c_hit = 0, c_found = 0, c_right = 0;
	size_t d_want = 0, d_hit = 0, d_found = 0, d_right = 0;

	(void)state;
	assert_non_null(doc);
	json_array_foreach(json_object_get(doc, "articles"), i, a) {
		char *path = NULL, *text;
		struct text_span *body;
		struct place_mention *pm;
		struct date_mention *dm;
		long nb, np, nd;
		json_t *v;
		size_t k;

		if (asprintf(&path, DIR "%s", json_string_value(json_object_get(a, "file"))) < 0)
			fail();
		text = read_file(path);
		nb = furniture_body(text, &body);
		np = places_find(text, &pm);
		nd = dates_find(text, json_string_value(json_object_get(a, "published")), &dm);
		assert_true(nb > 0 && np >= 0 && nd >= 0);
		/* Countries: as a set per article. */
		json_array_foreach(json_object_get(a, "countries"), k, v) {
			int seen = 0;
			for (long m = 0; m < np; m++)
				seen |= in_body(body, nb, pm[m].start, pm[m].end) &&
					strcmp(pm[m].code, json_string_value(v)) == 0;
			c_want++;
			c_hit += seen;
			if (!seen)
				fprintf(stderr, "%s: country %s not found\n", path, json_string_value(v));
		}
		for (long m = 0; m < np; m++) {
			int first = 1, right = 0;
			if (!in_body(body, nb, pm[m].start, pm[m].end))
				continue;
			for (long e = 0; e < m; e++)   /* each code once */
				first &= !(in_body(body, nb, pm[e].start, pm[e].end) && !strcmp(pm[e].code, pm[m].code));
			if (!first)
				continue;
			json_array_foreach(json_object_get(a, "countries"), k, v)
				right |= strcmp(pm[m].code, json_string_value(v)) == 0;
			c_found++;
			c_right += right;
			if (!right)
				fprintf(stderr, "%s: country %s found, not expected\n", path, pm[m].code);
		}
		/* Dates: each expression with its value. */
		json_array_foreach(json_object_get(a, "dates"), k, v) {
			const char *want_text = json_string_value(json_array_get(v, 0));
			const char *want_value = json_string_value(json_array_get(v, 1));
			int seen = 0;
			for (long m = 0; m < nd && !seen; m++) {
				struct buf s = BUF_INIT;
				anchor_slice(&s, text, dm[m].start, dm[m].end);
				buf_puts(&s, "");
				seen = in_body(body, nb, dm[m].start, dm[m].end) && !strcmp(s.data, want_text) &&
				       !strcmp(dm[m].value, want_value);
				buf_free(&s);
			}
			d_want++;
			d_hit += seen;
			if (!seen)
				fprintf(stderr, "%s: date \"%s\" = %s not found\n", path, want_text, want_value);
		}
		for (long m = 0; m < nd; m++) {
			struct buf s = BUF_INIT;
			int right = 0;
			if (!in_body(body, nb, dm[m].start, dm[m].end))
				continue;
			anchor_slice(&s, text, dm[m].start, dm[m].end);
			buf_puts(&s, "");
			json_array_foreach(json_object_get(a, "dates"), k, v)
				right |= !strcmp(s.data, json_string_value(json_array_get(v, 0))) &&
					 !strcmp(dm[m].value, json_string_value(json_array_get(v, 1)));
			d_found++;
			d_right += right;
			if (!right)
				fprintf(stderr, "%s: date \"%s\" = %s found, not expected\n", path, s.data, dm[m].value);
			buf_free(&s);
		}
		free(body);
		free(pm);
		free(dm);
		free(text);
		free(path);
	}
	printf("extraction quality over %zu articles:\n", json_array_size(json_object_get(doc, "articles")));
	printf("  countries: recall %.1f %% (%zu of %zu), precision %.1f %% (%zu of %zu)\n",
	       100.0 * c_hit / c_want, c_hit, c_want, 100.0 * c_right / c_found, c_right, c_found);
	printf("  dates:     recall %.1f %% (%zu of %zu), precision %.1f %% (%zu of %zu)\n",
	       100.0 * d_hit / d_want, d_hit, d_want, 100.0 * d_right / d_found, d_right, d_found);
	assert_int_equal(c_hit, c_want);
	assert_true(d_hit * 100 >= d_want * 95);
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(countries_and_dates_meet_their_floors),
	};

	return cmocka_run_group_tests_name("extract_quality", tests, NULL, NULL);
}
