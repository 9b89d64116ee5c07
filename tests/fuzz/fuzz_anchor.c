/* libFuzzer: the quote matcher (text/anchor.c, text/anchor_keep.c) over arbitrary bytes. The
 * input is a text, a quote, a prefix and a suffix, split at NUL bytes (the missing ones empty).
 * Invalid UTF-8 must be refused (-1); anchor_find, which folds the text as it reads it and skips
 * ahead, must answer as anchor_find_plain (both folded whole, compared at every position) does;
 * a match must lie inside the text, its slice must match the quote again at the same place, and
 * the nearest passage must lie inside the text with a similarity from 0 to 1. Every occurrence
 * lies inside the text, in order, the first anchor_find's, and anchor_find_at finds it at its
 * start; anchor_keep picks one of them; anchor_shifted stays inside the new text. Nothing here
 * may crash, leak or read out of bounds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "text/anchor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The part of in[0..size] (in[size] NUL) after part p, or in + size (empty) when there is none. */
static const char *next_part(const char *in, size_t size, const char *p)
{
	const char *end = p + strlen(p);

	return end < in + size ? end + 1 : in + size;
}

/* The occurrences of quote in text (valid), held to anchor_find's answer rc and first span a,
 * to anchor_find_at, and anchor_keep's choice among them. */
static void check_occurrences(const char *text, const char *quote, const char *prefix,
			      const char *suffix, int rc, const struct anchor *a, size_t near)
{
	struct anchor *spans, at, kept;
	size_t n, len = utf8_length(text), first = 0;
	int occ = anchor_occurrences(text, quote, &spans, &n), keep;

	if (occ != rc || (occ == 1) != (n > 0) || (n > 0) != (spans != NULL))
		abort();
	if (n && (spans[0].start != a->start || spans[0].end != a->end))
		abort();
	for (size_t i = 0; i < n; i++) {
		if (spans[i].start >= spans[i].end || spans[i].end > len)
			abort();
		if (i && (spans[i].start < spans[i - 1].start ||
			  (spans[i].start == spans[i - 1].start && spans[i].end <= spans[i - 1].end)))
			abort();
		/* anchor_find_at gives the first of the spans that start there. */
		if (!i || spans[i].start != spans[i - 1].start)
			first = i;
		if (anchor_find_at(text, quote, spans[i].start, &at) != 1 ||
		    at.start != spans[first].start || at.end != spans[first].end)
			abort();
	}
	keep = anchor_keep(text, quote, prefix, suffix, near, &kept);
	if (!utf8_valid(prefix) || !utf8_valid(suffix)) {
		if (keep != -1)
			abort();
	} else if (keep != occ) {
		abort();
	} else if (keep == 1) {
		size_t i = 0;
		while (i < n && (spans[i].start != kept.start || spans[i].end != kept.end))
			i++;
		if (i == n)
			abort();
	}
	free(spans);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 1), *text;
	const char *quote, *prefix, *suffix;
	struct anchor a, b, plain;
	double sim;
	int valid, rc;

	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = 0;
	text = in;
	quote = next_part(in, size, text);
	prefix = next_part(in, size, quote);
	suffix = next_part(in, size, prefix);
	valid = utf8_valid(text) && utf8_valid(quote);
	rc = anchor_find(text, quote, &a);
	if (!valid != (rc == -1))
		abort();
	if (anchor_find_plain(text, quote, &plain) != rc ||
	    (rc == 1 && (plain.start != a.start || plain.end != a.end)))
		abort();
	if (rc == 1) {
		struct buf s = BUF_INIT;
		if (a.start > a.end || a.end > utf8_length(text) ||
		    anchor_slice(&s, text, a.start, a.end) < 0)
			abort();
		buf_puts(&s, "");
		/* The article's own text of the span matches the quote, at its own start. */
		if (!s.data || anchor_find(s.data, quote, &b) != 1 || b.start != 0)
			abort();
		buf_free(&s);
	}
	if (valid) {
		size_t lt = utf8_length(text), lq = utf8_length(quote), near = size % (lt + 2);
		check_occurrences(text, quote, prefix, suffix, rc, &a, near);
		/* The quote taken for the text after an edit, and back. */
		if (anchor_shifted(text, quote, near) > (lt > lq ? lt : lq) ||
		    anchor_shifted(quote, text, size % (lq + 2)) > (lt > lq ? lt : lq))
			abort();
	}
	rc = anchor_nearest(text, quote, &a, &sim);
	if (!valid != (rc == -1))
		abort();
	if (rc == 1 && (a.start > a.end || a.end > utf8_length(text) || sim < 0.0 || sim > 1.0))
		abort();
	free(in);
	return 0;
}
