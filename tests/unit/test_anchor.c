/* The forgiving quote match of text/anchor.c, case by case: what it forgives (white-space runs
 * with the no-break space, the quote, apostrophe and dash forms), what it does not (letters,
 * case, punctuation), spans in code points of the article's own text, and the closest passage of
 * a quote that is not there. */
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
#include "text/nfc.h"
#include "text/nfc_data.h" /* the tables nfc.c's shortcuts stand for, read directly */

/* The text of span a of text. */
static char *slice(const char *text, struct anchor a)
{
	struct buf b = BUF_INIT;

	assert_int_equal(anchor_slice(&b, text, a.start, a.end), 0);
	buf_puts(&b, "");
	return buf_steal(&b);
}

static void found_as(const char *text, const char *quote, size_t start, size_t end, const char *exact)
{
	struct anchor a = {0, 0};
	char *got;

	if (anchor_find(text, quote, &a) != 1)
		fail_msg("\"%s\" not found in \"%s\"", quote, text);
	assert_int_equal(a.start, start);
	assert_int_equal(a.end, end);
	got = slice(text, a);
	assert_string_equal(got, exact);
	free(got);
}

static void not_found(const char *text, const char *quote)
{
	struct anchor a;

	if (anchor_find(text, quote, &a) != 0)
		fail_msg("\"%s\" found in \"%s\"", quote, text);
}

static void what_typing_cannot_see_is_forgiven(void **state)
{
	(void)state;
	/* The seed's Karelina quote meets a no-break space; the span is the article's own text. */
	found_as("freed Ksenia\u00a0Karelina in April", "Ksenia Karelina", 6, 21, "Ksenia\u00a0Karelina");
	found_as("a  long\n\tgap", "long gap", 3, 12, "long\n\tgap");
	found_as("he said: \u201cIt\u2019s over.\u201d", "\"It's over.\"", 9, 21,
		 "\u201cIt\u2019s over.\u201d");
	found_as("a 10\u201312 year term", "10-12 year", 2, 12, "10\u201312 year");
	found_as("a 10\u2014year \u2010 wait", "10-year - wait", 2, 16, "10\u2014year \u2010 wait");
	found_as("x \u2018y\u2019 z", "'y'", 2, 5, "\u2018y\u2019");
	/* The quote's own leading and trailing space is ignored. */
	found_as("one two three", "  two ", 4, 7, "two");
	/* Code points, not bytes: Cyrillic before the match counts one a letter. */
	found_as("Кирилл Дмитриев said yes", "said yes", 16, 24, "said yes");
	found_as("Кирилл Дмитриев said yes", "Дмитриев", 7, 15, "Дмитриев");
}

/* v1.2's lists exactly: every White_Space code point is white space (U+0085, U+1680, U+2028,
 * U+2029 too), the dashes are U+002D, U+2010-U+2015, U+2212, U+FE58, U+FE63, U+FF0D, and the
 * soft hyphen, zero-width space, non-joiner, joiner, word joiner and BOM are ignored. */
static void the_v12_lists_are_forgiven(void **state)
{
	static const char *const spaces[] = {"\xc2\x85", "\u1680", "\u2028", "\u2029",
					     "\u3000",   "\u205f", "\x0b",   NULL};
	static const char *const dashes[] = {"\u2011", "\u2012", "\u2015", "\u2212",
					     "\ufe58", "\ufe63", "\uff0d", NULL};
	char text[64], exact[32];

	(void)state;
	for (int i = 0; spaces[i]; i++) {
		snprintf(text, sizeof(text), "freed Ksenia%sKarelina today", spaces[i]);
		snprintf(exact, sizeof(exact), "Ksenia%sKarelina", spaces[i]);
		found_as(text, "Ksenia Karelina", 6, 21, exact);
	}
	for (int i = 0; dashes[i]; i++) {
		snprintf(text, sizeof(text), "a 10%s12 year term", dashes[i]);
		snprintf(exact, sizeof(exact), "10%s12 year", dashes[i]);
		found_as(text, "10-12 year", 2, 12, exact);
		/* The quote's first character a dash, the text's one of these: the scan's skip to the
		 * next '-' byte must not pass it. */
		snprintf(text, sizeof(text), "x %s5 degrees", dashes[i]);
		snprintf(exact, sizeof(exact), "%s5 degrees", dashes[i]);
		found_as(text, "-5 degrees", 2, 12, exact);
	}
	/* Ignored inside words and beside white space. */
	found_as("Gersh\u00adko\u200bvich freed", "Gershkovich", 0, 13, "Gersh\u00adko\u200bvich");
	found_as("Evan \u2060 Gershkovich", "Evan Gershkovich", 0, 18, "Evan \u2060 Gershkovich");
	found_as("\ufeffEvan", "Evan", 1, 5, "Evan");
	not_found("a\u00b7b", "a-b"); /* a middle dot is no dash */
}

/* anchor_find (its scan, with its skips) and anchor_find_plain (both texts folded whole, the
 * definition) agree wherever a character of the Basic Multilingual Plane stands before a quote
 * that begins with one of the ASCII characters other forms fold to. */
static void the_scan_agrees_with_the_definition(void **state)
{
	static const char firsts[] = "-'\"K;`x";

	(void)state;
	for (uint32_t c = 0x80; c < 0x10000; c++) {
		char text[16], quote[4];
		size_t n = 0;
		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		text[n++] = 'a';
		text[n++] = ' ';
		if (c < 0x800) {
			text[n++] = (char)(0xC0 | c >> 6);
		} else {
			text[n++] = (char)(0xE0 | c >> 12);
			text[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
		}
		text[n++] = (char)(0x80 | (c & 0x3F));
		text[n++] = 'y';
		text[n] = 0;
		for (const char *f = firsts; *f; f++) {
			struct anchor a = {0, 0}, b = {0, 0};
			int x, y;
			quote[0] = *f;
			quote[1] = 'y';
			quote[2] = 0;
			x = anchor_find(text, quote, &a);
			y = anchor_find_plain(text, quote, &b);
			if (x != y || (x == 1 && (a.start != b.start || a.end != b.end)))
				fail_msg("U+%04X before \"%s\": the scan says %d, the definition %d", c,
					 quote, x, y);
		}
	}
}

/* NFC both sides: a span covers the whole sequence that normalizes together. */
static void unicode_normalization_is_forgiven(void **state)
{
	(void)state;
	found_as("le cafe\u0301 noir", "caf\u00e9", 3, 8, "cafe\u0301"); /* text decomposed */
	found_as("le caf\u00e9 noir", "cafe\u0301", 3, 7, "caf\u00e9");  /* quote decomposed */
	found_as("\ud55c\uad6d", "\u1112\u1161\u11ab\u1100\u116e\u11a8", 0, 2, "\ud55c\uad6d"); /* Hangul */
	found_as("x a\u0323\u0307 y", "a\u0307\u0323", 2, 5, "a\u0323\u0307"); /* mark order */
	found_as("\u212b ring", "\u00c5 ring", 0, 6, "\u212b ring");           /* a singleton */
	found_as("\u0958", "\u0915\u093c", 0, 1, "\u0958");                    /* an exclusion */
	not_found("\ufb01le", "file");                                         /* compatibility: no */
	not_found("e\u0301", "e");                                             /* é is not e */
}

static void nothing_else_is_forgiven(void **state)
{
	(void)state;
	not_found("Evan Gershkovich", "Evan Gershkovitch");
	not_found("Evan Gershkovich", "evan gershkovich");
	not_found("The end.", "The end!");
	not_found("a-b", "a b");           /* a dash is not a space */
	not_found("\u201cx\u201d", "'x'"); /* double quotes are not single ones */
	not_found("text", "   ");          /* only space: nothing to find */
	not_found("short", "a much longer quote");
}

/* The textbook edit distance of q to the best substring of t (Sellers): what nearest's
 * similarity, 1 - distance / the quote's length, is defined by. */
static size_t sellers(const char *t, const char *q)
{
	size_t n = strlen(t), m = strlen(q), *prev = malloc((n + 1) * sizeof(*prev));
	size_t *cur = malloc((n + 1) * sizeof(*cur)), best = m;

	for (size_t j = 0; j <= n; j++)
		prev[j] = 0;
	for (size_t i = 1; i <= m; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= n; j++) {
			size_t v = prev[j - 1] + (q[i - 1] != t[j - 1]);
			v = prev[j] + 1 < v ? prev[j] + 1 : v;
			cur[j] = cur[j - 1] + 1 < v ? cur[j - 1] + 1 : v;
		}
		memcpy(prev, cur, (n + 1) * sizeof(*prev));
	}
	for (size_t j = 0; j <= n; j++)
		best = prev[j] < best ? prev[j] : best;
	free(prev);
	free(cur);
	return best;
}

/* nearest's similarity is 1 - edit distance / length for quotes of every length (it was a
 * letter-pair overlap past 2,000 characters: 0.999 for a passage 1,093 edits away from a
 * 2,288-character quote): random texts and quotes, short and long, against the textbook. */
static void the_nearest_similarity_is_edit_distance(void **state)
{
	unsigned seed = 29;
	struct anchor a;
	double sim;

	(void)state;
	for (int round = 0; round < 300; round++) {
		size_t m = 1 + (size_t)(rand_r(&seed) % (round < 290 ? 150 : 2400));
		size_t n = 1 + m / 2 + (size_t)(rand_r(&seed) % m);
		char *q = malloc(m + 1), *t = malloc(n + 1);
		double want;
		for (size_t i = 0; i < m; i++)
			q[i] = "abcd"[rand_r(&seed) % 4];
		for (size_t i = 0; i < n; i++)
			t[i] = rand_r(&seed) % 3 ? q[(i * 7) % m] : "abcd"[rand_r(&seed) % 4];
		q[m] = t[n] = 0;
		/* A text no longer than the quote and a half: the passage nearest looks in is all of
		 * it, so its best is the textbook's. */
		assert_int_equal(anchor_nearest(t, q, &a, &sim), 1);
		want = 1.0 - (double)sellers(t, q) / (double)m;
		if (want < 0)
			want = 0;
		if (sim < want - 1e-9 || sim > want + 1e-9)
			fail_msg("round %d (quote %zu, text %zu): similarity %f, edit distance says %f",
				 round, m, n, sim, want);
		free(q);
		free(t);
	}
}

static void invalid_utf8_is_refused(void **state)
{
	struct anchor a;
	double sim;

	(void)state;
	assert_int_equal(anchor_find("ab\xff", "a", &a), -1);
	assert_int_equal(anchor_find("ab", "\xc3", &a), -1);
	assert_int_equal(anchor_nearest("ab\xc0\x80", "a", &a, &sim), -1);
}

static void the_nearest_passage_of_a_typo(void **state)
{
	const char *text = "Russia freed Evan Gershkovich, Paul Whelan and Alsu Kurmasheva in an exchange "
			   "in Ankara on Thursday. Germany released Vadim Krasikov.";
	struct anchor a;
	double sim;
	char *got;

	(void)state;
	assert_int_equal(anchor_nearest(text, "Germany releesed Vadim Krasikov", &a, &sim), 1);
	got = slice(text, a);
	assert_string_equal(got, "Germany released Vadim Krasikov");
	free(got);
	assert_true(sim > 0.9 && sim < 1.0);
	assert_int_equal(anchor_nearest(text, "Evan Gershkovitch", &a, &sim), 1);
	got = slice(text, a);
	assert_non_null(strstr(got, "Evan Gershkovi"));
	free(got);
	assert_true(sim > 0.85);
	/* Nothing in common: some passage, similarity low. */
	assert_int_equal(anchor_nearest(text, "zzzz qqqq", &a, &sim), 1);
	assert_true(sim < 0.5);
	assert_int_equal(anchor_nearest("", "x", &a, &sim), 0);
	assert_int_equal(anchor_nearest(text, " ", &a, &sim), 0);
	/* A text shorter than the quote. */
	assert_int_equal(anchor_nearest("Ankara", "in Ankara on Thursday", &a, &sim), 1);
	got = slice("Ankara", a);
	assert_string_equal(got, "Ankara");
	free(got);
}

/* NFC of NFC is NFC, for every code point of the Basic Multilingual Plane alone and after a
 * letter; and a few values checked against the standard's own examples. */
static void nfc_is_stable(void **state)
{
	uint32_t in[2], once[8], twice[32];
	size_t n1, n2;

	(void)state;
	for (uint32_t c = 1; c < 0x10000; c++) {
		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		for (int lead = 0; lead < 2; lead++) {
			size_t n = 0;
			if (lead)
				in[n++] = 'a';
			in[n++] = c;
			n1 = nfc_normalize(in, n, once);
			n2 = nfc_normalize(once, n1, twice);
			if (n1 != n2 || memcmp(once, twice, n1 * sizeof(*once)) != 0)
				fail_msg("NFC is not stable for U+%04X", c);
		}
	}
	/* UAX #15 figure 6: D + dot below + dot above -> U+1E0C U+0307; Hangul 가 + ᆨ -> 각. */
	in[0] = 0x1E0A;
	in[1] = 0x0323;
	n1 = nfc_normalize(in, 2, once);
	assert_int_equal(n1, 2);
	assert_int_equal(once[0], 0x1E0C);
	assert_int_equal(once[1], 0x0307);
	in[0] = 0xAC00;
	in[1] = 0x11A8;
	n1 = nfc_normalize(in, 2, once);
	assert_int_equal(n1, 1);
	assert_int_equal(once[0], 0xAC01);
	assert_true(nfc_boundary('a') && !nfc_boundary(0x0301) && !nfc_boundary(0x1161));
	assert_int_equal(nfc_class(0x0301), 230);
	assert_int_equal(nfc_class('a'), 0);
}

/* The shortcuts the matcher takes, held to the tables they stand for. nfc.c: a code point below
 * U+0300 or in U+2002-U+206F is a segment of its own (a starter, not the second of any
 * composition, not decomposing to a mark first) and its own NFC. anchor.c: skipping to the
 * next byte of an ASCII first letter misses nothing, because only U+212A, U+037E and U+1FEF
 * have an ASCII NFC. */
static void the_matchers_shortcuts_hold_for_every_code_point(void **state)
{
	uint32_t in[2], out[8];
	size_t n;

	(void)state;
	(void)nfc_ccc;   /* read through nfc_class */
	(void)nfc_pairs; /* read through nfc_normalize */
	for (uint32_t c = 0; c < 0x2070; c++) {
		if (c >= 0x300 && c < 0x2002)
			continue;
		assert_int_equal(nfc_class(c), 0);
		for (size_t i = 0; i < sizeof(nfc_seconds) / sizeof(nfc_seconds[0]); i++)
			if (nfc_seconds[i] == c)
				fail_msg("U+%04X is the second of a composition", c);
		for (size_t i = 0; i < sizeof(nfc_decomp) / sizeof(nfc_decomp[0]); i++)
			if (nfc_decomp[i].cp == c && nfc_class(nfc_decomp[i].to[0]) != 0)
				fail_msg("U+%04X decomposes to a mark first", c);
		/* Two code points take the whole algorithm; 'x' composes with nothing. */
		in[0] = c;
		in[1] = 'x';
		n = nfc_normalize(in, 2, out);
		if (n != 2 || out[0] != c || out[1] != 'x')
			fail_msg("U+%04X is not its own NFC", c);
	}
	for (uint32_t c = 0x80; c < 0x110000; c++) {
		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		in[0] = c;
		in[1] = 0x4E00; /* a starter that composes with nothing: the whole algorithm */
		n = nfc_normalize(in, 2, out);
		for (size_t k = 0; k + 1 < n; k++)
			if (out[k] < 0x80 &&
			    !((c == 0x212A && out[k] == 'K') || (c == 0x037E && out[k] == ';') ||
			      (c == 0x1FEF && out[k] == '`')))
				fail_msg("the NFC of U+%04X has ASCII U+%04X", c, out[k]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(what_typing_cannot_see_is_forgiven),
		cmocka_unit_test(the_v12_lists_are_forgiven),
		cmocka_unit_test(the_scan_agrees_with_the_definition),
		cmocka_unit_test(the_nearest_similarity_is_edit_distance),
		cmocka_unit_test(unicode_normalization_is_forgiven),
		cmocka_unit_test(nothing_else_is_forgiven),
		cmocka_unit_test(nfc_is_stable),
		cmocka_unit_test(invalid_utf8_is_refused),
		cmocka_unit_test(the_nearest_passage_of_a_typo),
		cmocka_unit_test(the_matchers_shortcuts_hold_for_every_code_point),
	};

	return cmocka_run_group_tests_name("anchor", tests, NULL, NULL);
}
