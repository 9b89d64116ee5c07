/* Who said what (server/text/quotes.c), rule by rule: each row is a text and what is found,
 * "quote / speaker / audience" for each quotation and "report: text / source" for each report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "text/anchor.h"
#include "text/quotes.h"

static void put(struct buf *b, const char *text, struct span s)
{
	anchor_slice(b, text, s.start, s.end);
}

static char *found(const char *text)
{
	struct quote_mention *q;
	struct report_mention *r;
	struct buf b = BUF_INIT;
	size_t nq, nr;

	assert_int_equal(quotes_find(text, NULL, 0, NULL, 0, &q, &nq, &r, &nr), 0);
	for (size_t i = 0; i < nq; i++) {
		buf_puts(&b, b.len ? "; " : "");
		put(&b, text, q[i].quote);
		buf_puts(&b, " / ");
		put(&b, text, q[i].speaker);
		buf_puts(&b, " / ");
		put(&b, text, q[i].audience);
	}
	for (size_t i = 0; i < nr; i++) {
		buf_puts(&b, b.len ? "; " : "");
		buf_puts(&b, "report: ");
		put(&b, text, r[i].text);
		buf_puts(&b, " / ");
		put(&b, text, r[i].source);
	}
	buf_puts(&b, "");
	free(q);
	free(r);
	return buf_steal(&b);
}

static void rule_by_rule(void **state)
{
	static const struct {
		const char *text, *want;
	} rows[] = {
		/* “...,” X told Y */
		{"\u201cI met some U.S. officials,\u201d Dmitriev told Axios in a phone interview.",
		 "I met some U.S. officials / Dmitriev / Axios"},
		/* “...,” X said, with a title and an abbreviation that ends no sentence */
		{"\u201cIt is over,\u201d U.S. President Joe Biden said at the White House.",
		 "It is over / U.S. President Joe Biden / "},
		/* “...,” said X */
		{"\u201cWe are home,\u201d said Paul Whelan.", "We are home / Paul Whelan / "},
		/* an apposition */
		{"\u201cHe is free,\u201d his wife, Sviatlana Tsikhanouskaya, wrote on social media.",
		 "He is free / Sviatlana Tsikhanouskaya / "},
		/* X confirmed to Y that ... “...”: a report too, the quotation being a small part */
		{"A U.S. official confirmed to Axios that the idea was discussed and \u201cnothing was imminent.\u201d",
		 "nothing was imminent / A U.S. official / Axios; report: A U.S. official confirmed to Axios / A U.S. official"},
		/* X quoted Y as saying */
		{"Moscow hopes to \u201cshow goodwill\u201d with the United States amid stalled talks on the war, "
		 "Axios quoted an anonymous source as saying.",
		 "show goodwill / an anonymous source / Axios; report: Axios quoted an anonymous source / an anonymous source"},
		/* reports without a quotation */
		{"Eight are still held, Reuters reported in May.", "report: Reuters reported / Reuters"},
		{"The drive held state secrets, according to his lawyer.",
		 "report: according to his lawyer / his lawyer"},
		{"The State Department has declared her wrongfully detained, a spokesperson said.",
		 "report: a spokesperson said / a spokesperson"},
		{"His lawyer, Vladimir Zherebenkov, said Whelan was innocent.",
		 "report: Vladimir Zherebenkov, said / Vladimir Zherebenkov"},
		/* straight quotation marks; two sentences */
		{"\"We are not done,\" Biden told reporters. He left.",
		 "We are not done / Biden / reporters"},
		/* nothing said */
		{"Dmitriev traveled to the United States in late October.", ""},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *got = found(rows[i].text);
		if (strcmp(got, rows[i].want) != 0)
			fail_msg("\"%s\":\n got  \"%s\"\n want \"%s\"", rows[i].text, got, rows[i].want);
		free(got);
	}
	{
		struct quote_mention *q;
		struct report_mention *r;
		size_t nq, nr;
		assert_int_equal(quotes_find("bad \xff", NULL, 0, NULL, 0, &q, &nq, &r, &nr), -1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rule_by_rule),
	};

	return cmocka_run_group_tests_name("quotes", tests, NULL, NULL);
}
