/* Where a quote stands in an article (the contract's "Quotes anchored in the article"): the span
 * of the text, in code points, that the quote matches when what typing cannot see is forgiven,
 * and, when it matches nowhere, the closest passage. Pure functions over valid UTF-8.
 *
 * Forgiven: runs of white space (ASCII, no-break space, the Unicode spaces) count as one space,
 * and the quote's leading and trailing space is ignored; the quotes and apostrophes ’ ‘ ' count
 * as one character, “ ” " as another; the hyphen and dashes ‐ – — - as one; and Unicode
 * normalization: both are compared in NFC (text/nfc.c), a span covering the whole of any
 * sequence that normalizes together. Nothing else. A citation's quote is anchored by it
 * (models/citations.c), on every write and import; when the article's text changes, the same
 * occurrence is found again by its context (anchor_keep, in text/anchor_keep.c). */
#ifndef SWAPTRACK_ANCHOR_H
#define SWAPTRACK_ANCHOR_H

#include <stddef.h>
#include <stdint.h>
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

/* Every span of text that quote matches, in order of start (then of end), overlapping ones
 * included ("aa" matches "aaa" at 0 and at 1), each once: each(ctx, &span) is called for each
 * until it returns nonzero, 1 to stop or -1 to fail. 0 when the text ran out (or the quote is
 * only white space), 1 when each stopped it, -1 when each failed, memory ran out or either is
 * not valid UTF-8 (then each was not called). The text is read once, up to where each stopped
 * it, and nothing the size of the text is allocated. */
int anchor_each(const char *text, const char *quote, int (*each)(void *ctx, const struct anchor *a),
		void *ctx);

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

/* 1 when code point c is white space to the match (Unicode's White_Space) or one it ignores
 * (U+00AD, U+200B-U+200D, U+2060, U+FEFF). */
int anchor_blank(uint32_t c);

/* How many code points a[0..alen) and b[0..blen) have in common at their starts (at_end: at
 * their ends), both folded as the match folds a text (in NFC, each white-space run one space,
 * each family of forms one): 0 with *n, -1 when memory ran out or either is not valid UTF-8. */
int anchor_agree(const char *a, size_t alen, const char *b, size_t blen, int at_end, size_t *n);

/* text/anchor_keep.c: finding a quote's occurrence again. */

/* The span quote matches that starts at code point at of text, or, when at is in a run of white
 * space (anchor_blank) that reaches up to a span's start, at that start (a reader's selection may
 * begin just before the word): 1 with *a (the span's own start, at or after at), 0 when no span
 * starts there (at in the middle of a word, past the end, or the quote only white space), -1
 * when memory ran out or either is not valid UTF-8. The quote's leading white space is ignored
 * as by anchor_find. Where several spans start at one place (only inside a sequence that
 * normalizes together), the first. Linear in the text's length (its scan stops at the span);
 * allocates nothing the text's size. */
int anchor_find_at(const char *text, const char *quote, size_t at, struct anchor *a);

/* Every span quote matches (anchor_each's), in order: 1 with *spans (malloc'd) and *n, 0 when
 * there is none (*spans NULL, *n 0), -1 as anchor_find. */
int anchor_occurrences(const char *text, const char *quote, struct anchor **spans, size_t *n);

/* The occurrence of quote in text (changed since it was anchored) that the old anchor's prefix
 * and suffix fit best: the contract's "each citation keeps its own occurrence". Each span scores
 * the code points its surroundings have in common with the prefix, read backwards from its
 * start, and with the suffix, read forwards from its end, both folded as by anchor_agree (a
 * white-space run counting one); the highest score wins, a tie going to the span whose start is
 * nearest near (the old start shifted by the edit: anchor_shifted), then to the earlier. prefix
 * and suffix may be NULL or "" (scoring 0). Of the text, at most 2 * n + 2 * ANCHOR_CONTEXT code
 * points are read on each side of a span (n the context's length in code points; a longer run
 * of white space there just scores less): linear in the text times the context. 1 with *a, 0
 * when the quote no longer occurs, -1 when memory ran out or any of them is not valid UTF-8. */
int anchor_keep(const char *text, const char *quote, const char *prefix, const char *suffix,
		size_t near, struct anchor *a);

/* Code point start of old_text where it stands in new_text, taking the edit between them as one
 * replacement: of their common prefix (p code points) and common suffix, not overlapping it, a
 * start before the edited region (start < p) stays, one in the common suffix moves by the
 * length difference, one inside the edited region goes to its start, p. A start past the old
 * text's end counts as its end, so the answer is at most new_text's length. start itself when
 * either is not valid UTF-8. */
size_t anchor_shifted(const char *old_text, const char *new_text, size_t start);

#endif
