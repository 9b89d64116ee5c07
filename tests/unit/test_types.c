/* The field types, without a server: partial dates, country codes, text formats, the quote
 * check, and body validation against a field table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "engine/model/cite.h"
#include "engine/model/fieldtype.h"
#include "engine/model/model.h"
#include "engine/model/types.h"
#include "engine/model/validate.h"
#include "models/models.h"
#include "text/anchor.h"

static void partial_dates(void **state)
{
	static const struct {
		const char *in, *first, *last;
		enum date_precision precision;
	} good[] = {
		{"2025", "2025-01-01", "2025-12-31", DATE_YEAR},
		{"2025-10", "2025-10-01", "2025-10-31", DATE_MONTH},
		{"2024-02", "2024-02-01", "2024-02-29", DATE_MONTH}, /* leap year */
		{"2023-02", "2023-02-01", "2023-02-28", DATE_MONTH},
		{"1900-02", "1900-02-01", "1900-02-28", DATE_MONTH},  /* not a leap year */
		{"2000-02-29", "2000-02-29", "2000-02-29", DATE_DAY}, /* a leap year */
		{"2025-11-18", "2025-11-18", "2025-11-18", DATE_DAY},
		{"0001", "0001-01-01", "0001-12-31", DATE_YEAR},
	};
	static const char *const bad[] = {
		"2023-02-30", "2023-13",  "2023-00", "2023-04-31", "1900-02-29", "0000",
		"202",        "20255",    "2025-1",  "2025-01-1",  "2025/01/01", "2025-01-01T00:00",
		" 2025",      "May 2025", "",        "+2025",      "2025-1a",    NULL,
	};
	struct partial_date d;
	const char *why;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(partial_date_parse(good[i].in, &d, &why), 0);
		assert_string_equal(d.first, good[i].first);
		assert_string_equal(d.last, good[i].last);
		assert_int_equal(d.precision, good[i].precision);
	}
	for (int i = 0; bad[i]; i++)
		if (partial_date_parse(bad[i], &d, &why) == 0)
			fail_msg("accepted '%s'", bad[i]);
}

static void country_codes(void **state)
{
	(void)state;
	assert_int_equal(countries_count, 249);
	assert_string_equal(country_find("RU")->name, "Russian Federation");
	assert_non_null(country_find("AE"));
	assert_non_null(country_find("AD")); /* first */
	assert_non_null(country_find("ZW")); /* last */
	assert_null(country_find("ru"));
	assert_null(country_find("XX"));
	assert_null(country_find("SU")); /* withdrawn */
	assert_null(country_find("UK")); /* not the ISO code */
	assert_null(country_find("RUS"));
	assert_null(country_find(""));
	for (size_t i = 1; i < countries_count; i++)
		assert_true(strcmp(countries[i - 1].code, countries[i].code) < 0);
}

static void text_formats(void **state)
{
	const char *why;

	(void)state;
	assert_int_equal(check_url("https://www.themoscowtimes.com/2025/11/18/a", &why), 0);
	assert_int_equal(check_url("http://x.example", &why), 0);
	assert_int_equal(check_url("ftp://x.example", &why), -1);
	assert_int_equal(check_url("https://", &why), -1);
	assert_int_equal(check_url("https://a b", &why), -1);
	assert_int_equal(check_url("javascript:alert(1)", &why), -1);
	assert_int_equal(check_language("en", &why), 0);
	assert_int_equal(check_language("pt-BR", &why), 0);
	assert_int_equal(check_language("zh-Hant-TW", &why), 0);
	assert_int_equal(check_language("e", &why), -1);
	assert_int_equal(check_language("en-", &why), -1);
	assert_int_equal(check_language("english", &why), -1);
	assert_int_equal(check_wikidata("Q42", &why), 0);
	assert_int_equal(check_wikidata("Q0", &why), -1);
	assert_int_equal(check_wikidata("q42", &why), -1);
	assert_int_equal(check_wikidata("Q", &why), -1);
	assert_int_equal(utf8_length("Дмитриев"), 8);
	assert_int_equal(utf8_length("abc"), 3);
	assert_true(utf8_valid("Дмитриев “quoted” \xF0\x9F\x98\x80"));
	assert_false(utf8_valid("\xff"));
	assert_false(utf8_valid("\xC0\xAF"));         /* overlong "/" */
	assert_false(utf8_valid("\xED\xA0\x80"));     /* a surrogate */
	assert_false(utf8_valid("\xF4\x90\x80\x80")); /* past U+10FFFF */
	assert_false(utf8_valid("\xE2\x80"));         /* cut short */
}

/* A citation's anchor (text/anchor.c's anchor_json, as models/citations.c stores it): the span
 * in code points, the article's own words of it, and up to 32 code points each side. */
static void citation_anchor_is_the_articles_own_span(void **state)
{
	const char *text = "He said:\n\n  \xE2\x80\x9Cnothing\xC2\xA0was   imminent.\xE2\x80\x9D\t";
	json_t *a;

	(void)state;
	assert_int_equal(anchor_json(text, "nothing was imminent.", &a), 1);
	assert_int_equal(json_integer_value(json_object_get(a, "start")), 13);
	assert_int_equal(json_integer_value(json_object_get(a, "end")), 36);
	assert_string_equal(json_string_value(json_object_get(a, "exact")),
			    "nothing\xC2\xA0was   imminent.");
	assert_string_equal(json_string_value(json_object_get(a, "prefix")),
			    "He said:\n\n  \xE2\x80\x9C");
	assert_string_equal(json_string_value(json_object_get(a, "suffix")), "\xE2\x80\x9D\t");
	json_decref(a);
	/* Straight quotes typed for curly ones, one space for the run, the quote's own leading
	 * space left out. */
	assert_int_equal(anchor_json(text, " said: \"nothing was", &a), 1);
	assert_int_equal(json_integer_value(json_object_get(a, "start")), 3);
	assert_string_equal(json_string_value(json_object_get(a, "prefix")), "He ");
	json_decref(a);
	assert_int_equal(anchor_json(text, "", &a), 0);
	assert_null(a);
	assert_int_equal(anchor_json(text, "Nothing was imminent", &a), 0);
	assert_int_equal(anchor_json(text, "nothing is imminent", &a), 0);
	assert_int_equal(anchor_json("", "x", &a), 0);
}

static void validation_reports_every_field(void **state)
{
	struct problem p = PROBLEM_INIT;
	struct refs refs = {NULL, 0, 0};
	json_t *in = json_loads("{\"person_id\": 5, \"country\": \"ru\", \"status\": \"gone\","
				" \"chargs\": [], \"detained_on\": \"2024-02-30\"}",
				0, NULL);
	json_t *out = validate_record(&model_detentions, in, "", &refs, &p);
	json_t *errors = p.errors;
	const char *want[] = {"chargs", "country", "detained_on", "status"};

	(void)state;
	assert_non_null(out);
	assert_int_equal(p.status, 422);
	assert_int_equal(json_array_size(errors), 4);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(json_string_value(json_object_get(json_array_get(errors, i), "field")),
				    want[i]);
	/* The reference is left for the database to check; omitted fields are stored empty. */
	assert_int_equal(refs.n, 1);
	assert_string_equal(refs.items[0].path, "person_id");
	assert_int_equal(refs.items[0].id, 5);
	assert_int_equal(json_array_size(json_object_get(out, "charges")), 0);
	assert_true(json_is_null(json_object_get(out, "notes")));
	json_decref(out);
	json_decref(in);
	refs_free(&refs);
	problem_clear(&p);
}

static void defaults_are_filled(void **state)
{
	struct problem p = PROBLEM_INIT;
	struct refs refs = {NULL, 0, 0};
	json_t *in = json_loads("{\"source_id\": 1, \"subject_type\": \"swap\", \"subject_id\": 2}", 0,
				NULL);
	json_t *out = validate_record(&model_citations, in, "", &refs, &p);

	(void)state;
	assert_int_equal(p.status, 0);
	assert_string_equal(json_string_value(json_object_get(out, "confidence")), "reported");
	json_decref(out);
	json_decref(in);
	refs_free(&refs);
}

/* Every field type has its row, and the integer type means what the table says. */
static void field_types_have_one_row_each(void **state)
{
	const struct field count = {.name = "released_count", .type = FT_INT, .max = 10000};
	struct problem p = PROBLEM_INIT;
	struct refs refs = {NULL, 0, 0};
	const char *why;
	char *vals[4] = {NULL};
	json_t *v;

	(void)state;
	for (int t = FT_TEXT; t <= FT_CHILDREN; t++) {
		const struct field_ops *ops = field_type_ops((enum field_type)t);
		assert_non_null(ops->name);
		/* Values have every slot; children are structure, walked by validate and openapi. */
		if (t != FT_CHILDREN)
			assert_true(ops->value && ops->query && ops->params && ops->schema &&
				    ops->csv && ops->columns >= 1);
		assert_true(!ops->sortable || (ops->sort_expr && ops->cursor_key && ops->sort_type));
	}
	v = json_integer(12);
	json_decref(field_ops(&count)->value(&count, "n", v, &refs, &p));
	json_decref(v);
	assert_int_equal(p.status, 0);
	v = json_integer(-1);
	assert_null(field_ops(&count)->value(&count, "n", v, &refs, &p));
	json_decref(v);
	v = json_integer(10001);
	assert_null(field_ops(&count)->value(&count, "n", v, &refs, &p));
	json_decref(v);
	v = json_string("12");
	assert_null(field_ops(&count)->value(&count, "n", v, &refs, &p));
	json_decref(v);
	v = json_real(1.5);
	assert_null(field_ops(&count)->value(&count, "n", v, &refs, &p));
	json_decref(v);
	assert_int_equal(p.nerrors, 4);
	assert_int_equal(field_ops(&count)->query(NULL, "40", &why), 0);
	assert_int_equal(field_ops(&count)->query(NULL, "-4", &why), -1);
	assert_int_equal(field_ops(&count)->query(NULL, "4x", &why), -1);
	assert_int_equal(field_ops(&count)->query(NULL, "", &why), -1);
	v = json_integer(26);
	assert_int_equal(field_ops(&count)->params(&count, v, vals), 0);
	assert_string_equal(vals[0], "26");
	free(vals[0]);
	json_decref(v);
	assert_int_equal(refs.n, 0);
	problem_clear(&p);
}

/* engine_init takes the resources only in an order export and import can keep: a record's
 * references first, the citing model after every citable one. */
static void resources_must_come_in_load_order(void **state)
{
	const struct model *refs_later[] = {&model_detentions, &model_people, &model_sources,
					    &model_citations, NULL};
	const struct model *cites_first[] = {&model_sources, &model_citations, &model_people, NULL};
	const struct model *fine[] = {&model_sources, &model_people, &model_detentions,
				      &model_citations, NULL};

	(void)state;
	assert_int_equal(engine_init(refs_later), -1);
	assert_int_equal(engine_init(cites_first), -1);
	assert_int_equal(engine_init(fine), 0);
	assert_int_equal(engine_init(resources), 0);
	/* The kinds a citation takes follow the citable models given. */
	assert_string_equal(field_values(model_field(&model_citations, "subject_type"))[0], "person");
	{
		const char *const *k = field_values(model_field(&model_citations, "subject_type"));
		int n = 0;
		while (k[n])
			n++;
		assert_int_equal(n, 6);
		assert_string_equal(k[1], "party");
		assert_string_equal(k[5], "statement");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(partial_dates),
		cmocka_unit_test(country_codes),
		cmocka_unit_test(text_formats),
		cmocka_unit_test(citation_anchor_is_the_articles_own_span),
		cmocka_unit_test(validation_reports_every_field),
		cmocka_unit_test(defaults_are_filled),
		cmocka_unit_test(field_types_have_one_row_each),
		cmocka_unit_test(resources_must_come_in_load_order),
	};

	if (engine_init(resources) < 0) /* the lookups of the citable kinds need the list */
		return 1;
	return cmocka_run_group_tests_name("types", tests, NULL, NULL);
}
