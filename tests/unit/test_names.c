/* The people of a text (server/text/names.c), rule by rule: each row is a text and what is
 * found, "name (full) [role]" for each mention in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "text/anchor.h"
#include "text/names.h"

static char *found(const char *text)
{
	struct text_span all = {0, utf8_length(text)};
	struct person_mention *m;
	struct buf b = BUF_INIT;
	long n = names_find(text, &all, 1, &m);

	assert_true(n >= 0);
	for (long i = 0; i < n; i++) {
		buf_puts(&b, i ? "; " : "");
		anchor_slice(&b, text, m[i].name.start, m[i].name.end);
		buf_puts(&b, " (");
		anchor_slice(&b, text, m[i].full.start, m[i].full.end);
		buf_puts(&b, ") [");
		anchor_slice(&b, text, m[i].role.start, m[i].role.end);
		buf_puts(&b, "]");
	}
	buf_puts(&b, "");
	free(m);
	return buf_steal(&b);
}

static void rule_by_rule(void **state)
{
	static const struct {
		const char *text, *want;
	} rows[] = {
		/* Titles and places are peeled off into the role; a possessive joins the role. */
		{"President Vladimir Putin\u2019s economic envoy Kirill Dmitriev told Axios.",
		 "Vladimir Putin (Vladimir Putin) [President]; Kirill Dmitriev (Kirill Dmitriev) [Putin\u2019s economic envoy]"},
		{"Russia freed former U.S. Marine Paul Whelan.",
		 "Paul Whelan (Paul Whelan) [former U.S. Marine]"},
		/* Organisations, outlets and places of several words are no people. */
		{"Wall Street Journal reporter Evan Gershkovich met the White House press in the United States.",
		 "Evan Gershkovich (Evan Gershkovich) [reporter]"},
		{"Radio Free Europe/Radio Liberty and the Sovereign Wealth Fund of South Korea", ""},
		/* A surname alone joins the full name; a title with one word is a person. */
		{"Alsu Kurmasheva was freed. Kurmasheva flew home.",
		 "Alsu Kurmasheva (Alsu Kurmasheva) []; Kurmasheva (Alsu Kurmasheva) []"},
		{"We are grateful to President Putin.", "Putin (Putin) [President]"},
		/* Datelines, acronyms, months, weekdays and sentence starts are no names. */
		{"ANKARA, Aug. 1 (Wire) - The Kremlin said on Thursday in May.", ""},
		{"Secretary of State Marco Rubio wrote.", "Marco Rubio (Marco Rubio) [State]"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *got = found(rows[i].text);
		if (strcmp(got, rows[i].want) != 0)
			fail_msg("\"%s\":\n got  \"%s\"\n want \"%s\"", rows[i].text, got, rows[i].want);
		free(got);
	}
	{
		struct person_mention *m;
		struct text_span s = {0, 4};
		assert_int_equal(names_find("bad \xff", &s, 1, &m), -1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rule_by_rule),
	};

	return cmocka_run_group_tests_name("people", tests, NULL, NULL);
}
