/* Where a quote stands in an article (the contract's "Quotes anchored in the article"): the span
 * of the text, in code points, that the quote matches when what typing cannot see is forgiven,
 * and, when it matches nowhere, the closest passage. Pure functions over valid UTF-8.
 *
 * Forgiven: runs of white space (ASCII, no-break space, the Unicode spaces) count as one space,
 * and the quote's leading and trailing space is ignored; the quotes and apostrophes ’ ‘ ' count
 * as one character, “ ” " as another; the hyphen and dashes ‐ – — - as one; and Unicode
 * normalization: both are compared in NFC (text/nfc.c), a span covering the whole of any
 * sequence that normalizes together. Nothing else. A citation's quote is anchored by it
 * (models/citations.c), on every write and import. */
#ifndef SWAPTRACK_ANCHOR_H
#define SWAPTRACK_ANCHOR_H

#include <stddef.h>
#include <jansson.h>

struct buf;

/* Code points of context an anchor keeps on each side (the contract's "up to 32"). */
#define ANCHOR_CONTEXT 32

struct anchor {
	size_t start, end; /* code points of the text, end exclusive */
};

/* The first span of text that quote matches: 1 with *a, 0 when there is none (or the quote is
 * only white space), -1 when memory ran out or either is not valid UTF-8. */
int anchor_find(const char *text, const char *quote, struct anchor *a);

/* anchor_find computed the plain way, both texts folded whole and compared position by
 * position: the definition, kept for the fuzz target to hold anchor_find to. */
int anchor_find_plain(const char *text, const char *quote, struct anchor *a);

/* The anchor as a citation carries it: {"start", "end", "exact", "prefix", "suffix"}, the last
 * three the text's own code points of the span and of up to ANCHOR_CONTEXT before and after
 * it. A new reference, or NULL when memory ran out. */
json_t *anchor_object(const char *text, const struct anchor *a);

/* anchor_find, then anchor_object: 1 with *anchor (a new reference), 0 when text does not hold
 * quote (*anchor NULL), -1 when memory ran out or either is not valid UTF-8. */
int anchor_json(const char *text, const char *quote, json_t **anchor);

/* The passage of text closest to quote, by edit distance over the forgiven forms: 1 with *a and
 * *similarity (1 - distance / the quote's length, from 0 to 1), 0 when text or quote is empty,
 * -1 as anchor_find. Linear in the text's length for finding where to look, then quadratic in
 * the quote's length only. */
int anchor_nearest(const char *text, const char *quote, struct anchor *a, double *similarity);

/* Appends code points [start, end) of text (valid UTF-8) to b; 0, or -1 when memory ran out. */
int anchor_slice(struct buf *b, const char *text, size_t start, size_t end);

#endif
