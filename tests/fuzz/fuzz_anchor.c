/* libFuzzer: the quote matcher (text/anchor.c) over arbitrary bytes. The input is a text and a
 * quote, split at the first NUL byte. Invalid UTF-8 must be refused (-1); anchor_find, which folds
 * the text as it reads it and skips ahead, must answer as anchor_find_plain (both folded whole,
 * compared at every position) does; a match must lie inside the text, its slice must match the quote again at the same place, and the nearest
 * passage must lie inside the text with a similarity from 0 to 1. Nothing here may crash, leak
 * or read out of bounds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "text/anchor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 1), *text, *quote, *nul;
	struct anchor a, b, plain;
	double sim;
	int valid, rc;

	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = 0;
	text = in;
	nul = memchr(in, 0, size);
	quote = nul && nul < in + size ? nul + 1 : (char *)"";
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
	rc = anchor_nearest(text, quote, &a, &sim);
	if (!valid != (rc == -1))
		abort();
	if (rc == 1 && (a.start > a.end || a.end > utf8_length(text) || sim < 0.0 || sim > 1.0))
		abort();
	free(in);
	return 0;
}
