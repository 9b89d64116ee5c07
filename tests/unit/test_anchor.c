/* The forgiving quote match of text/anchor.c, case by case: what it forgives (white-space runs
 * with the no-break space, the quote, apostrophe and dash forms), what it does not (letters,
 * case, punctuation), spans in code points of the article's own text, and the closest passage of
 * a quote that is not there. And text/anchor_keep.c's: the occurrence at a place, every
 * occurrence (overlapping ones too), the one a citation keeps after the text changed, and where
 * an edit moves a start. */
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

/* The span anchor_find_at finds at code point at, or none (0). */
static void at_is(const char *text, const char *quote, size_t at, size_t start, size_t end)
{
	struct anchor a = {0, 0};
	int rc = anchor_find_at(text, quote, at, &a);

	if (rc != 1)
		fail_msg("\"%s\" at %zu of \"%s\": %d, not found", quote, at, text, rc);
	if (a.start != start || a.end != end)
		fail_msg("\"%s\" at %zu of \"%s\": [%zu, %zu), not [%zu, %zu)", quote, at, text,
			 a.start, a.end, start, end);
}

static void nothing_at(const char *text, const char *quote, size_t at)
{
	struct anchor a;
	int rc = anchor_find_at(text, quote, at, &a);

	if (rc != 0)
		fail_msg("\"%s\" at %zu of \"%s\": %d, not 0", quote, at, text, rc);
}

/* A word said three times, once inside a longer one (a match by the rules): each occurrence is
 * found at its own start or from the white space before it, and nowhere else. */
static void find_at_picks_the_occurrence_at_a_place(void **state)
{
	const char *text = "Russian troops left; the Russians said the Russian army stays.";
	const char *de = "German officials said Germany would help a German envoy.";

	(void)state;
	at_is(text, "Russian", 0, 0, 7);
	at_is(text, "Russian", 25, 25, 32); /* inside "Russians" */
	at_is(text, "Russian", 43, 43, 50);
	at_is(text, "Russian", 24, 25, 32); /* the space before it */
	at_is(text, "Russian", 42, 43, 50);
	at_is(text, "  Russian ", 43, 43, 50); /* the quote's own space ignored */
	at_is(text, "Russian army", 42, 43, 55);
	nothing_at(text, "Russian", 1);  /* the middle of a word */
	nothing_at(text, "Russian", 23); /* "the": not white space */
	nothing_at(text, "Russian", 26);
	nothing_at(text, "Russian", 44);
	nothing_at(text, "Russian", 62); /* the end */
	nothing_at(text, "Russian", 1000);
	nothing_at(text, "Russians", 43);
	nothing_at(text, "  ", 0);
	at_is(de, "German", 0, 0, 6);
	at_is(de, "German", 22, 22, 28); /* inside "Germany" */
	at_is(de, "German", 21, 22, 28);
	at_is(de, "German", 43, 43, 49);
	nothing_at(de, "Germany", 43);
}

/* Code points, not bytes nor UTF-16 units (the emoji is one code point, two units), across a
 * CRLF, a no-break space and a soft hyphen, each of which may stand before the place too. */
static void find_at_counts_code_points(void **state)
{
	const char *text = "\U0001F600 Russian\r\nRussian\u00a0Russian Rus\u00adsian.";
	struct anchor a;

	(void)state;
	at_is(text, "Russian", 2, 2, 9);
	at_is(text, "Russian", 1, 2, 9);
	at_is(text, "Russian", 9, 11, 18); /* the \r of the CRLF before it */
	at_is(text, "Russian", 10, 11, 18);
	at_is(text, "Russian", 11, 11, 18);
	at_is(text, "Russian", 18, 19, 26); /* the no-break space */
	at_is(text, "Russian", 27, 27, 35); /* the soft hyphen inside: ignored */
	at_is(text, "Russian", 26, 27, 35);
	nothing_at(text, "Russian", 0); /* an emoji is no white space */
	nothing_at(text, "Russian", 3);
	nothing_at(text, "Russian", 30); /* the soft hyphen runs up to "sian", not to a match */
	nothing_at(text, "Russian", 35);
	/* Overlapping spans of a longer quote, each across white space. */
	at_is(text, "Russian Russian", 2, 2, 18);
	at_is(text, "Russian Russian", 11, 11, 26);
	at_is(text, "Russian Russian", 19, 19, 35);
	at_is("\ufeff\u00adEvan", "Evan", 0, 2, 6); /* ignored ones before it */
	assert_int_equal(anchor_find_at("ab\xff", "a", 0, &a), -1);
	assert_int_equal(anchor_find_at("ab", "\xc3", 0, &a), -1);
	assert_int_equal(anchor_find_at("ab", "\xc3", 5, &a), -1);
}

/* Every occurrence, overlapping ones included, against a plain search of every position: random
 * texts of a and b (where folding changes nothing), quotes of one to four letters. */
static void overlapping_occurrences_are_all_found(void **state)
{
	unsigned seed = 7;
	struct anchor *spans, a;
	size_t n;

	(void)state;
	assert_int_equal(anchor_occurrences("aaa", "aa", &spans, &n), 1);
	assert_int_equal(n, 2);
	assert_int_equal(spans[0].start, 0);
	assert_int_equal(spans[0].end, 2);
	assert_int_equal(spans[1].start, 1);
	assert_int_equal(spans[1].end, 3);
	free(spans);
	at_is("aaa", "aa", 1, 1, 3);
	nothing_at("aaa", "aa", 2);
	at_is("abababa", "aba", 4, 4, 7);
	assert_int_equal(anchor_occurrences("abc", "x", &spans, &n), 0);
	assert_null(spans);
	assert_int_equal(n, 0);
	assert_int_equal(anchor_occurrences("abc", " \u00a0", &spans, &n), 0);
	assert_int_equal(anchor_occurrences("ab\xff", "a", &spans, &n), -1);
	assert_null(spans);
	for (int round = 0; round < 2000; round++) {
		char t[32], q[8];
		size_t tn = (size_t)(rand_r(&seed) % 30), qn = 1 + (size_t)(rand_r(&seed) % 4), k = 0;
		for (size_t i = 0; i < tn; i++)
			t[i] = "ab"[rand_r(&seed) % 2];
		for (size_t i = 0; i < qn; i++)
			q[i] = "ab"[rand_r(&seed) % 2];
		t[tn] = q[qn] = 0;
		assert_int_not_equal(anchor_occurrences(t, q, &spans, &n), -1);
		for (size_t i = 0; i + qn <= tn; i++) {
			int here = memcmp(t + i, q, qn) == 0;
			if (here && (k >= n || spans[k].start != i || spans[k].end != i + qn))
				fail_msg("\"%s\" in \"%s\": the occurrence at %zu is missing", q, t, i);
			k += (size_t)here;
			if (anchor_find_at(t, q, i, &a) != here || (here && a.end != i + qn))
				fail_msg("\"%s\" at %zu of \"%s\"", q, i, t);
		}
		if (k != n)
			fail_msg("\"%s\" in \"%s\": %zu occurrences, not %zu", q, t, n, k);
		free(spans);
	}
}

/* The span anchor_keep finds for the citation of span cited in old, in new. */
static struct anchor kept(const char *old, struct anchor cited, const char *new, const char *quote,
			  size_t near)
{
	json_t *o = anchor_object(old, &cited);
	struct anchor a = {0, 0};

	assert_non_null(o);
	assert_int_equal(anchor_keep(new, quote, json_string_value(json_object_get(o, "prefix")),
				     json_string_value(json_object_get(o, "suffix")), near, &a),
			 1);
	json_decref(o);
	return a;
}

/* Each citation keeps its own occurrence: text inserted before it (with the quote in it once
 * more), the words after it changed, the words before it changed; its context outweighs where
 * it was. */
static void keep_finds_the_citations_own_occurrence(void **state)
{
	const char *old = "Reported from Moscow on Monday, the Russian envoy said no. Later, in Geneva, "
			  "the Russian envoy said yes.";
	char *inserted;
	struct anchor first = {36, 43}, second = {81, 88}, a;
	struct anchor *spans;
	size_t n;

	(void)state;
	assert_int_not_equal(asprintf(&inserted, "Breaking: a Russian plane landed. %s", old), -1);
	assert_int_equal(anchor_shifted(old, inserted, 81), 115);
	a = kept(old, second, inserted, "Russian", anchor_shifted(old, inserted, 81));
	assert_int_equal(a.start, 115);
	assert_int_equal(a.end, 122);
	a = kept(old, first, inserted, "Russian", anchor_shifted(old, inserted, 36));
	assert_int_equal(a.start, 70);
	free(inserted);
	/* The words after the first changed: its prefix still holds, and outweighs a start nearer
	 * the second. */
	a = kept(old, first,
		 "Reported from Moscow on Monday, the Russian delegate refused. Later, in Geneva, the "
		 "Russian envoy said yes.",
		 "Russian", 84);
	assert_int_equal(a.start, 36);
	/* The words before the second changed: its suffix holds. */
	a = kept(old, second,
		 "Reported from Moscow on Monday, the Russian envoy said no. Then in Paris the Russian "
		 "envoy said yes.",
		 "Russian", 36);
	assert_int_equal(a.start, 77);
	/* Unchanged, every occurrence keeps itself, even where its context is its neighbours'. */
	const char *same = "x Russian y. x Russian y. x Russian y. Russians";
	assert_int_equal(anchor_occurrences(same, "Russian", &spans, &n), 1);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++) {
		a = kept(same, spans[i], same, "Russian", spans[i].start);
		assert_int_equal(a.start, spans[i].start);
		assert_int_equal(a.end, spans[i].end);
	}
	free(spans);
	/* Inside "Russians" or a word of its own: the suffix tells. */
	a = kept("the Russian envoy", (struct anchor){4, 11}, "the Russians and the Russian envoy",
		 "Russian", 4);
	assert_int_equal(a.start, 21);
}

/* Contexts compare folded, as the match does; a tie goes to the occurrence nearest the old
 * start shifted, then to the earlier; no context at all is a tie everywhere. */
static void keep_ties_go_to_the_nearest(void **state)
{
	const char *text = "x Russian y. x Russian y. x Russian y.";
	struct anchor a;

	(void)state;
	assert_int_equal(anchor_keep(text, "Russian", "x ", " y", 15, &a), 1);
	assert_int_equal(a.start, 15);
	assert_int_equal(anchor_keep(text, "Russian", "x ", " y", 23, &a), 1);
	assert_int_equal(a.start, 28);
	assert_int_equal(anchor_keep(text, "Russian", "x ", " y", 100, &a), 1);
	assert_int_equal(a.start, 28);
	assert_int_equal(anchor_keep(text, "Russian", "x ", " y", 0, &a), 1);
	assert_int_equal(a.start, 2);
	assert_int_equal(anchor_keep(text, "Russian", "x ", " y", 21, &a), 1);
	assert_int_equal(a.start, 15);
	/* As near the one as the other: the earlier. */
	assert_int_equal(anchor_keep("x Russian y x Russian y", "Russian", "x ", " y", 7, &a), 1);
	assert_int_equal(a.start, 2);
	assert_int_equal(anchor_keep(text, "Russian", NULL, NULL, 27, &a), 1);
	assert_int_equal(a.start, 28);
	assert_int_equal(anchor_keep(text, "Russian", "", "", 9, &a), 1);
	assert_int_equal(a.start, 15);
	/* Folded: a curly apostrophe for a straight one, a white-space run for a space, an ignored
	 * soft hyphen, an em dash for a hyphen; an apostrophe is no dash. The first two fit whole,
	 * the nearer of them wins; the third, nearest, does not fit. */
	text = "the Kremlin's envoy; the Kremlin\u2019s  envoy; the Kremlin-s envoy";
	assert_int_equal(anchor_keep(text, "Kremlin", "the ", "\u2019s en\u00advoy", 0, &a), 1);
	assert_int_equal(a.start, 4);
	assert_int_equal(anchor_keep(text, "Kremlin", "the ", "'s envoy", 47, &a), 1);
	assert_int_equal(a.start, 25);
	assert_int_equal(anchor_keep(text, "Kremlin", "the ", "\u2014s envoy", 0, &a), 1);
	assert_int_equal(a.start, 47);
	/* Gone, or not text. */
	assert_int_equal(anchor_keep(text, "Duma", "the ", " envoy", 0, &a), 0);
	assert_int_equal(anchor_keep(text, " ", "the ", " envoy", 0, &a), 0);
	assert_int_equal(anchor_keep(text, "Kremlin", "\xff", NULL, 0, &a), -1);
	assert_int_equal(anchor_keep(text, "Kremlin", NULL, "\xc3", 0, &a), -1);
	assert_int_equal(anchor_keep("\xff", "Kremlin", NULL, NULL, 0, &a), -1);
}

/* A start before the edited region stays, one after it moves by the length difference, one
 * inside it goes to its start; in code points. */
static void shifted_moves_a_start_by_the_edit(void **state)
{
	(void)state;
	/* Inserted: "XY" at 2. */
	assert_int_equal(anchor_shifted("abcdef", "abXYcdef", 0), 0);
	assert_int_equal(anchor_shifted("abcdef", "abXYcdef", 1), 1);
	assert_int_equal(anchor_shifted("abcdef", "abXYcdef", 2), 4);
	assert_int_equal(anchor_shifted("abcdef", "abXYcdef", 5), 7);
	assert_int_equal(anchor_shifted("abcdef", "abXYcdef", 6), 8);
	/* Replaced: "cde" by "ZZ". */
	assert_int_equal(anchor_shifted("abcdef", "abZZf", 1), 1);
	assert_int_equal(anchor_shifted("abcdef", "abZZf", 2), 2);
	assert_int_equal(anchor_shifted("abcdef", "abZZf", 4), 2);
	assert_int_equal(anchor_shifted("abcdef", "abZZf", 5), 4);
	/* Deleted: "cde". */
	assert_int_equal(anchor_shifted("abcdef", "abf", 3), 2);
	assert_int_equal(anchor_shifted("abcdef", "abf", 5), 2);
	/* Code points: an emoji is one; é and è share their first byte but not their character. */
	assert_int_equal(anchor_shifted("\u00e9\U0001F600abc", "\u00e9\U0001F600Xabc", 2), 3);
	assert_int_equal(anchor_shifted("\u00e9\U0001F600abc", "\U0001F600abc", 2), 1);
	assert_int_equal(anchor_shifted("x\u00e9 y", "x\u00e8 y", 1), 1);
	assert_int_equal(anchor_shifted("x\u00e9 y", "x\u00e8 y", 3), 3);
	assert_int_equal(anchor_shifted("x\u00e9 y", "x\u00e8\u00e8 y", 3), 4);
	/* A repeated letter inserted: the common prefix takes it all, the suffix does not overlap. */
	assert_int_equal(anchor_shifted("aa", "aaa", 1), 1);
	assert_int_equal(anchor_shifted("aa", "aaa", 2), 3);
	/* Unchanged; past the end; empty; not text. */
	assert_int_equal(anchor_shifted("abc", "abc", 2), 2);
	assert_int_equal(anchor_shifted("abc", "abcd", 9), 4);
	assert_int_equal(anchor_shifted("abc", "", 2), 0);
	assert_int_equal(anchor_shifted("", "abc", 0), 3);
	assert_int_equal(anchor_shifted("ab\xff", "abc", 2), 2);
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
		cmocka_unit_test(find_at_picks_the_occurrence_at_a_place),
		cmocka_unit_test(find_at_counts_code_points),
		cmocka_unit_test(overlapping_occurrences_are_all_found),
		cmocka_unit_test(keep_finds_the_citations_own_occurrence),
		cmocka_unit_test(keep_ties_go_to_the_nearest),
		cmocka_unit_test(shifted_moves_a_start_by_the_edit),
	};

	return cmocka_run_group_tests_name("anchor", tests, NULL, NULL);
}
