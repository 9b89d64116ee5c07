/* The forgiving match of anchor.h: both texts are folded to code points (in NFC) in which each
 * forgiven form is one value and each white-space run one space, every folded position
 * remembering the span of the original code points it came from; the match is then exact over
 * the folded forms. */
#include "text/anchor.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "text/nfc.h"

struct folded {
	uint32_t *cp;      /* folded code points */
	size_t *from, *to; /* the original code points each stands for: [from, to) */
	size_t n;
};

/* Unicode's White_Space property (PropList.txt), every code point of it: a run of any of them
 * is one space. */
static int is_space(uint32_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	       c == 0x205F || c == 0x3000;
}

/* What the eye does not see and a copy may or may not keep: the soft hyphen, the zero-width
 * space, non-joiner and joiner, the word joiner and the byte order mark. Ignored wherever they
 * are. */
static int is_ignored(uint32_t c)
{
	return c == 0xAD || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF;
}

/* One value for each family of forms typing cannot tell apart: apostrophes and single quotes,
 * double quotes, and the dashes (the hyphen-minus, U+2010-U+2015, the minus sign, the small and
 * the fullwidth hyphen-minus). */
static uint32_t fold_one(uint32_t c)
{
	switch (c) {
	case 0x2018:
	case 0x2019:
		return '\'';
	case 0x201C:
	case 0x201D:
		return '"';
	case 0x2010:
	case 0x2011:
	case 0x2012:
	case 0x2013:
	case 0x2014:
	case 0x2015:
	case 0x2212:
	case 0xFE58:
	case 0xFE63:
	case 0xFF0D:
		return '-';
	default:
		return c;
	}
}

static uint32_t decode(const unsigned char *s, size_t len)
{
	switch (len) {
	case 1:
		return s[0];
	case 2:
		return (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
	case 3:
		return (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
	default:
		return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
		       (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
	}
}

static void folded_free(struct folded *f)
{
	free(f->cp);
	free(f->from);
	free(f->to);
	memset(f, 0, sizeof(*f));
}

/* Appends folded code point c standing for original code points [from, to) of the text. */
static int push(struct folded *f, size_t *cap, uint32_t c, size_t from, size_t to)
{
	if (f->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		uint32_t *cp = realloc(f->cp, nc * sizeof(*cp));
		size_t *fr = cp ? realloc(f->from, nc * sizeof(*fr)) : NULL;
		size_t *tt = fr ? realloc(f->to, nc * sizeof(*tt)) : NULL;
		if (cp)
			f->cp = cp;
		if (fr)
			f->from = fr;
		if (!tt)
			return -1;
		f->to = tt;
		*cap = nc;
	}
	if (is_ignored(c)) {
		/* Nothing of its own; inside a run of white space, part of the run. */
		if (f->n && f->cp[f->n - 1] == ' ' && f->to[f->n - 1] == from)
			f->to[f->n - 1] = to;
		return 0;
	}
	if (is_space(c)) {
		if (f->n && f->cp[f->n - 1] == ' ' && f->to[f->n - 1] == from) {
			f->to[f->n - 1] = to; /* the run goes on */
			return 0;
		}
		c = ' ';
	}
	f->cp[f->n] = fold_one(c);
	f->from[f->n] = from;
	f->to[f->n] = to;
	f->n++;
	return 0;
}

/* Folds s[0..len): decoded, in NFC segment by segment (each normalized code point standing for
 * its whole segment), then the forgiven forms made one. trim: without leading and trailing space
 * (a quote's). 0, or -1 (invalid UTF-8 or out of memory). */
static int fold(const char *s, size_t len, struct folded *f, int trim)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t at = 0, n = 0, cap = 0, seg = 0;
	uint32_t *cps = malloc((len + 1) * sizeof(*cps)), *norm = NULL;
	int rc = -1;

	memset(f, 0, sizeof(*f));
	if (!cps)
		return -1;
	while (at < len) {
		size_t k = p[at] < 0x80 ? 1 : utf8_sequence(p + at, len - at);
		if (!k)
			goto out;
		cps[n++] = decode(p + at, k);
		at += k;
	}
	if (!(norm = malloc((4 * n + 1) * sizeof(*norm))))
		goto out;
	for (size_t i = 1; i <= n; i++) {
		if (i < n && !nfc_boundary(cps[i]))
			continue;
		/* Segment [seg, i). */
		size_t m = nfc_normalize(cps + seg, i - seg, norm);
		for (size_t k = 0; k < m; k++)
			if (push(f, &cap, norm[k], seg, i) < 0)
				goto out;
		seg = i;
	}
	if (trim) {
		size_t lead = f->n && f->cp[0] == ' ';
		if (lead) {
			memmove(f->cp, f->cp + 1, (f->n - 1) * sizeof(*f->cp));
			memmove(f->from, f->from + 1, (f->n - 1) * sizeof(*f->from));
			memmove(f->to, f->to + 1, (f->n - 1) * sizeof(*f->to));
			f->n--;
		}
		if (f->n && f->cp[f->n - 1] == ' ')
			f->n--;
	}
	rc = 0;
out:
	free(cps);
	free(norm);
	if (rc < 0)
		folded_free(f);
	return rc;
}

/* The match over both texts folded whole: the definition anchor_find must agree with. */
static int find_folded(const struct folded *t, const struct folded *q, size_t *at)
{
	if (!q->n || q->n > t->n)
		return 0;
	for (size_t i = 0; i + q->n <= t->n; i++)
		if (t->cp[i] == q->cp[0] && memcmp(t->cp + i, q->cp, q->n * sizeof(*q->cp)) == 0) {
			*at = i;
			return 1;
		}
	return 0;
}

int anchor_find_plain(const char *text, const char *quote, struct anchor *a)
{
	struct folded t, q;
	size_t at;
	int found;

	if (fold(text, strlen(text), &t, 0) < 0)
		return -1;
	if (fold(quote, strlen(quote), &q, 1) < 0) {
		folded_free(&t);
		return -1;
	}
	if ((found = find_folded(&t, &q, &at))) {
		a->start = t.from[at];
		a->end = t.to[at + q.n - 1];
	}
	folded_free(&t);
	folded_free(&q);
	return found;
}

/* The text's side of anchor_find, folded as it is read rather than first: the folded quote is
 * looked for with Knuth-Morris-Pratt over the folded code points as they come, so the text is
 * read once, nothing the size of the text is allocated, and a letter of ASCII (most of an
 * article) costs a comparison or two. Folding is fold()'s exactly: the same segments, the same
 * runs of white space, the same forms made one. */
struct scan {
	const struct folded *q;
	size_t *fail;   /* KMP: the longest proper border of q[0..i] */
	size_t *starts; /* the original start of recent folded positions: a ring of
	                         * mask + 1 (a power of two, at least q->n) */
	size_t mask;
	size_t matched; /* how much of q the folded text now ends with */
	size_t pos;     /* folded positions seen */
	int space;      /* a run of white space is open: [space_from, space_to) */
	size_t space_from, space_to;
	int (*each)(void *ctx, const struct anchor *a); /* anchor_each's */
	void *ctx;
	int reported; /* a span went to each: last */
	struct anchor last;
};

/* One folded code point c standing for original code points [from, to). A match it completes
 * goes to s->each, unless it is the span just reported (two matches inside one sequence that
 * normalizes together can share their span); the scan then goes on with the quote's longest
 * border matched, so that overlapping matches are found too. 0 to go on, or each's answer to
 * stop with (1, -1). */
static int scan_take(struct scan *s, uint32_t c, size_t from, size_t to)
{
	const struct folded *q = s->q;
	struct anchor a;

	while (s->matched && q->cp[s->matched] != c)
		s->matched = s->fail[s->matched - 1];
	if (q->cp[s->matched] == c)
		s->matched++;
	s->starts[s->pos & s->mask] = from;
	s->pos++;
	if (s->matched < q->n)
		return 0;
	s->matched = s->fail[q->n - 1];
	a.start = s->starts[(s->pos - q->n) & s->mask];
	a.end = to;
	if (s->reported && a.start == s->last.start && a.end == s->last.end)
		return 0;
	s->reported = 1;
	s->last = a;
	return s->each(s->ctx, &a);
}

/* A code point of the normalized text, as push() folds it: a run of white space becomes one
 * space, given when the run ends. 0, or scan_take's answer to stop with. */
static int scan_push(struct scan *s, uint32_t c, size_t from, size_t to)
{
	int rc;

	if (is_ignored(c)) {
		if (s->space && s->space_to == from)
			s->space_to = to;
		return 0;
	}
	if (is_space(c)) {
		if (s->space && s->space_to == from) {
			s->space_to = to;
			return 0;
		}
		if (s->space && (rc = scan_take(s, ' ', s->space_from, s->space_to)))
			return rc;
		s->space = 1;
		s->space_from = from;
		s->space_to = to;
		return 0;
	}
	if (s->space) {
		s->space = 0;
		if ((rc = scan_take(s, ' ', s->space_from, s->space_to)))
			return rc;
	}
	return scan_take(s, fold_one(c), from, to);
}

/* Segment seg[0..n), whose first code point is original code point from: in NFC, each
 * normalized code point standing for the whole segment. 0, 1 when stopped, -1 out of memory. */
static int scan_segment(struct scan *s, const uint32_t *seg, size_t n, size_t from, uint32_t **norm,
			size_t *cap)
{
	size_t m;
	int rc;

	if (4 * n > *cap) {
		uint32_t *p = realloc(*norm, 4 * n * sizeof(*p));
		if (!p)
			return -1;
		*norm = p;
		*cap = 4 * n;
	}
	m = nfc_normalize(seg, n, *norm);
	for (size_t k = 0; k < m; k++)
		if ((rc = scan_push(s, (*norm)[k], from, from + n)))
			return rc;
	return 0;
}

/* The code points that start in p[0..n) (valid UTF-8): its bytes that do not continue one. */
static size_t count_code_points(const unsigned char *p, size_t n)
{
	size_t cps = 0;

	for (size_t i = 0; i < n; i++)
		cps += (p[i] & 0xC0) != 0x80;
	return cps;
}

/* Where the quote's first folded code point c can come from in the text, when c is ASCII
 * other than a space: byte c itself, or a character beginning with a byte alt[] gives (0:
 * none). The forms folded to ' and " begin with 0xE2 (U+2018-U+201D); those folded to - with
 * 0xE2 (U+2010-U+2015, U+2212) or 0xEF (U+FE58, U+FE63, U+FF0D); and the NFC of three other code
 * points is ASCII: U+212A KELVIN SIGN is K (0xE2), U+037E is ';' (0xCD), U+1FEF is '`' (0xE1);
 * test_anchor checks that no other is, against the NFC tables and fold_one. Returns 0 when c is
 * not such a code point. */
static int skippable(uint32_t c, unsigned char alt[2])
{
	if (c <= ' ' || c >= 0x7F)
		return 0;
	alt[0] = strchr("'\"-K", (int)c) ? 0xE2 : c == ';' ? 0xCD : c == '`' ? 0xE1 : 0;
	alt[1] = c == '-' ? 0xEF : 0;
	return 1;
}

/* With nothing of the quote matched, at a segment's start: where the text can be read from
 * without missing the match's start. The next byte c0 of the text, or, when a character
 * beginning with a byte of alt comes first, the last ASCII byte before it (every ASCII byte
 * begins a segment, and reading on from there folds that character as fold() would); at itself
 * when there is none in between. */
static size_t skip_to(const unsigned char *p, size_t at, size_t len, unsigned char c0,
		      const unsigned char alt[2])
{
	const unsigned char *next = memchr(p + at, c0, len - at), *other;
	size_t to = next ? (size_t)(next - p) : len, first = to;

	for (int k = 0; k < 2; k++)
		if (alt[k] && (other = memchr(p + at, alt[k], first - at)))
			first = (size_t)(other - p);
	if (first < to) {
		to = first;
		while (to > at && p[to - 1] >= 0x80)
			to--;
		if (to > at)
			to--;
	}
	return to;
}

/* Reads text (len bytes, valid UTF-8) into s until it is stopped: 0 read to the end, 1 stopped,
 * -1 out of memory (or stopped with it). An ASCII character followed by another (or by
 * nothing) is a segment of its own that NFC leaves alone, so it goes straight to scan_push;
 * anything else is gathered into segments as fold() does. */
static int scan_text(struct scan *s, const unsigned char *p, size_t len)
{
	uint32_t *seg = NULL, *norm = NULL;
	size_t at = 0, cp = 0, nseg = 0, segcap = 0, normcap = 0, seg_from = 0;
	unsigned char alt[2] = {0, 0};
	int skip = skippable(s->q->cp[0], alt), rc = 0;

	while (at < len && rc == 0) {
		uint32_t c;
		size_t k;

		if (skip && !s->matched && !nseg) {
			/* A pending space cannot begin the match either. */
			size_t to = skip_to(p, at, len, (unsigned char)s->q->cp[0], alt);

			cp += count_code_points(p + at, to - at);
			at = to;
			s->space = 0;
			if (at == len)
				break;
		}

		if (p[at] < 0x80 && !nseg && (at + 1 == len || p[at + 1] < 0x80)) {
			rc = scan_push(s, p[at], cp, cp + 1);
			at++;
			cp++;
			continue;
		}
		if (!(k = utf8_sequence(p + at, len - at))) {
			rc = -1;
			break;
		}
		c = decode(p + at, k);
		if (nseg && nfc_boundary(c)) {
			rc = scan_segment(s, seg, nseg, seg_from, &norm, &normcap);
			nseg = 0;
			if (rc)
				break;
			if (c < 0x80 && (at + 1 == len || p[at + 1] < 0x80))
				continue; /* the fast path above takes it */
		}
		if (nseg == segcap) {
			size_t nc = segcap ? 2 * segcap : 16;
			uint32_t *q = realloc(seg, nc * sizeof(*q));
			if (!q) {
				rc = -1;
				break;
			}
			seg = q;
			segcap = nc;
		}
		if (!nseg)
			seg_from = cp;
		seg[nseg++] = c;
		at += k;
		cp++;
	}
	if (rc == 0 && nseg)
		rc = scan_segment(s, seg, nseg, seg_from, &norm, &normcap);
	/* A run of white space still open at the end: the quote, trimmed, cannot end with it. */
	free(seg);
	free(norm);
	return rc;
}

int anchor_each(const char *text, const char *quote, int (*each)(void *ctx, const struct anchor *a),
		void *ctx)
{
	struct folded q;
	struct scan s = {.each = each, .ctx = ctx};
	int rc = -1;

	/* Checked whole, first: the scan may stop at a match and would not see what follows. */
	if (!utf8_valid(text) || fold(quote, strlen(quote), &q, 1) < 0)
		return -1;
	if (!q.n) {
		folded_free(&q);
		return 0;
	}
	s.q = &q;
	for (s.mask = 1; s.mask < q.n; s.mask *= 2)
		;
	s.fail = malloc(q.n * sizeof(*s.fail));
	s.starts = malloc(s.mask * sizeof(*s.starts));
	s.mask--;
	if (s.fail && s.starts) {
		s.fail[0] = 0;
		for (size_t i = 1, k = 0; i < q.n; i++) {
			while (k && q.cp[i] != q.cp[k])
				k = s.fail[k - 1];
			if (q.cp[i] == q.cp[k])
				k++;
			s.fail[i] = k;
		}
		rc = scan_text(&s, (const unsigned char *)text, strlen(text));
	}
	free(s.fail);
	free(s.starts);
	folded_free(&q);
	return rc;
}

static int first_span(void *ctx, const struct anchor *a)
{
	*(struct anchor *)ctx = *a;
	return 1;
}

int anchor_find(const char *text, const char *quote, struct anchor *a)
{
	return anchor_each(text, quote, first_span, a);
}

int anchor_blank(uint32_t c)
{
	return is_space(c) || is_ignored(c);
}

int anchor_agree(const char *a, size_t alen, const char *b, size_t blen, int at_end, size_t *n)
{
	struct folded x, y;
	size_t k = 0;

	if (fold(a, alen, &x, 0) < 0)
		return -1;
	if (fold(b, blen, &y, 0) < 0) {
		folded_free(&x);
		return -1;
	}
	while (k < x.n && k < y.n &&
	       (at_end ? x.cp[x.n - 1 - k] == y.cp[y.n - 1 - k] : x.cp[k] == y.cp[k]))
		k++;
	*n = k;
	folded_free(&x);
	folded_free(&y);
	return 0;
}

/* A small open-addressing table of the quote's letter pairs: how often each occurs in the quote
 * and in the window. */
struct pair {
	uint64_t key;
	int in_quote, in_window, used;
};

static struct pair *pair_slot(struct pair *tab, size_t mask, uint64_t key, int add)
{
	size_t h = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 17) & mask;

	while (tab[h].used && tab[h].key != key)
		h = (h + 1) & mask;
	if (!tab[h].used) {
		if (!add)
			return NULL;
		tab[h].used = 1;
		tab[h].key = key;
	}
	return &tab[h];
}

static uint64_t pair_key(const uint32_t *cp, size_t i)
{
	return (uint64_t)cp[i] << 32 | cp[i + 1];
}

/* The start of the window of q->n positions of t that shares the most letter pairs with the
 * quote (the first such), and how many it shares. */
static size_t best_window(const struct folded *t, const struct folded *q, size_t *shared, int *oom)
{
	size_t size = 4, best = 0, matched = 0, m = q->n;
	struct pair *tab;
	int have = 0;

	*shared = 0;
	if (m < 2 || t->n < 2)
		return 0;
	while (size < 2 * m)
		size *= 2;
	if (!(tab = calloc(size, sizeof(*tab)))) {
		*oom = 1;
		return 0;
	}
	for (size_t i = 0; i + 1 < m; i++)
		pair_slot(tab, size - 1, pair_key(q->cp, i), 1)->in_quote++;
	for (size_t j = 0; j + 1 < t->n; j++) {
		struct pair *p = pair_slot(tab, size - 1, pair_key(t->cp, j), 0);

		if (p && ++p->in_window <= p->in_quote)
			matched++;
		/* Once the window [s, s + m) is whole (its pairs start at s .. j): weigh it, then let
		 * its first pair go for the next one. */
		if (j + 2 >= m) {
			size_t s = j + 2 - m;
			if (!have || matched > *shared) {
				*shared = matched;
				best = s;
				have = 1;
			}
			p = pair_slot(tab, size - 1, pair_key(t->cp, s), 0);
			if (p && p->in_window-- <= p->in_quote)
				matched--;
		}
	}
	free(tab);
	return best;
}

/* The quote's characters as bit masks (Myers' Peq): for each distinct code point of the quote,
 * `blocks` words whose bit i is set where the quote (read in the pass's direction) has it. An
 * open-addressing table keyed by code point. */
struct peq {
	uint32_t *key;
	uint64_t *bits; /* slot h's masks: bits[h * blocks ...] */
	size_t mask, blocks;
	const uint64_t *none; /* all zero: a code point the quote does not have */
};

static const uint64_t *peq_get(const struct peq *e, uint32_t c)
{
	size_t h = (size_t)(c * 0x9E3779B1u) & e->mask;

	while (e->key[h] != UINT32_MAX) {
		if (e->key[h] == c)
			return e->bits + h * e->blocks;
		h = (h + 1) & e->mask;
	}
	return e->none;
}

static int peq_make(struct peq *e, const uint32_t *q, size_t m, int rev)
{
	size_t size = 16;

	while (size < 2 * m)
		size *= 2;
	e->blocks = (m + 63) / 64;
	e->mask = size - 1;
	e->key = malloc(size * sizeof(*e->key));
	e->bits = calloc((size + 1) * e->blocks, sizeof(*e->bits));
	if (!e->key || !e->bits)
		return -1;
	memset(e->key, 0xFF, size * sizeof(*e->key)); /* UINT32_MAX: empty; no code point */
	e->none = e->bits + size * e->blocks;
	for (size_t i = 0; i < m; i++) {
		uint32_t c = rev ? q[m - 1 - i] : q[i];
		size_t h = (size_t)(c * 0x9E3779B1u) & e->mask;
		while (e->key[h] != UINT32_MAX && e->key[h] != c)
			h = (h + 1) & e->mask;
		e->key[h] = c;
		e->bits[h * e->blocks + i / 64] |= (uint64_t)1 << (i % 64);
	}
	return 0;
}

static void peq_free(struct peq *e)
{
	free(e->key);
	free(e->bits);
}

/* Edit distance of the quote q (m code points) to a substring of t[0..n), by Myers' bit-vector
 * algorithm in Hyyro's blocks of 64 rows: O(n * m / 64), for quotes of any length (they are at
 * most 10,000 code points). Forwards (rev 0) the substring may start anywhere, and the least
 * distance and the end (exclusive) where it is first reached are returned; rev 1 reads both
 * backwards from their ends with the substring starting at t[n - 1] (read forwards: ending at
 * t[n]), and *end is then the shortest length at which the least distance is reached. The same
 * numbers as the textbook dynamic programme (Sellers'), which test_anchor holds it to. */
static size_t myers(const uint32_t *t, size_t n, const uint32_t *q, size_t m, int rev, size_t *end,
		    int *oom)
{
	struct peq e = {0};
	uint64_t *pv, *mv, last = (uint64_t)1 << ((m - 1) % 64);
	size_t b = (m + 63) / 64, score = m, best = m;

	*end = 0;
	pv = malloc(b * sizeof(*pv));
	mv = calloc(b, sizeof(*mv));
	if (!pv || !mv || peq_make(&e, q, m, rev) < 0) {
		free(pv);
		free(mv);
		peq_free(&e);
		*oom = 1;
		return m;
	}
	memset(pv, 0xFF, b * sizeof(*pv)); /* column 0: the distance grows by one a row */
	for (size_t j = 0; j < n; j++) {
		const uint64_t *eq = peq_get(&e, rev ? t[n - 1 - j] : t[j]);
		/* Row 0: free start forwards (every distance 0), anchored backwards (j + 1). */
		int h = rev ? 1 : 0;
		for (size_t k = 0; k < b; k++) {
			uint64_t Pv = pv[k], Mv = mv[k], Eq = eq[k], Xv, Xh, Ph, Mh;
			uint64_t high = k == b - 1 ? last : (uint64_t)1 << 63;
			int hout = 0;
			Xv = Eq | Mv;
			if (h < 0)
				Eq |= 1;
			Xh = (((Eq & Pv) + Pv) ^ Pv) | Eq;
			Ph = Mv | ~(Xh | Pv);
			Mh = Pv & Xh;
			if (Ph & high)
				hout = 1;
			else if (Mh & high)
				hout = -1;
			Ph <<= 1;
			Mh <<= 1;
			if (h < 0)
				Mh |= 1;
			else if (h > 0)
				Ph |= 1;
			pv[k] = Mh | ~(Xv | Ph);
			mv[k] = Ph & Xv;
			h = hout;
		}
		score = (size_t)((long long)score + h);
		if (score < best) {
			best = score;
			*end = j + 1;
		}
	}
	free(pv);
	free(mv);
	peq_free(&e);
	return best;
}

int anchor_nearest(const char *text, const char *quote, struct anchor *a, double *similarity)
{
	struct folded t, q;
	size_t shared, start, lo, hi, end, back, d, m;
	int oom = 0, rc = 0;

	if (fold(text, strlen(text), &t, 0) < 0)
		return -1;
	if (fold(quote, strlen(quote), &q, 1) < 0) {
		folded_free(&t);
		return -1;
	}
	m = q.n;
	if (!t.n || !m)
		goto out;
	start = best_window(&t, &q, &shared, &oom);
	if (oom)
		goto fail;
	/* Around the window, where the quote fits best: its end first, then from there back. */
	lo = start > m / 2 ? start - m / 2 : 0;
	hi = start + m + m / 2 < t.n ? start + m + m / 2 : t.n;
	d = myers(t.cp + lo, hi - lo, q.cp, m, 0, &end, &oom);
	if (!oom)
		myers(t.cp + lo, end, q.cp, m, 1, &back, &oom);
	if (oom)
		goto fail;
	if (d >= m || !end || !back) {
		/* Nothing of the quote is there: the window itself, similarity 0. */
		end = start + m < t.n ? start + m : t.n;
		a->start = t.from[start];
		a->end = t.to[end - 1];
		*similarity = 0.0;
		rc = 1;
		goto out;
	}
	a->start = t.from[lo + end - back];
	a->end = t.to[lo + end - 1];
	*similarity = 1.0 - (double)d / (double)m;
	rc = 1;
out:
	folded_free(&t);
	folded_free(&q);
	return rc;
fail:
	folded_free(&t);
	folded_free(&q);
	return -1;
}

int anchor_slice(struct buf *b, const char *text, size_t start, size_t end)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t len = strlen(text), at = 0, i = 0, from = len;

	for (; at < len && i < end; i++) {
		size_t k = utf8_sequence(p + at, len - at);
		if (!k)
			return -1;
		if (i == start)
			from = at;
		at += k;
	}
	if (from > at)
		return 0;
	return buf_append(b, text + from, at - from);
}

/* The byte offsets of code points want[0] <= want[1] <= ... of text (valid UTF-8), each at most
 * the text's length, in one walk from the start. */
static void byte_offsets(const char *text, const size_t *want, size_t *at, int n)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t b = 0, cp = 0;

	for (int k = 0; k < n; k++) {
		while (cp < want[k] && p[b]) {
			b++;
			while ((p[b] & 0xC0) == 0x80)
				b++;
			cp++;
		}
		at[k] = b;
	}
}

json_t *anchor_object(const char *text, const struct anchor *a)
{
	const size_t want[] = {a->start > ANCHOR_CONTEXT ? a->start - ANCHOR_CONTEXT : 0, a->start,
			       a->end, a->end + ANCHOR_CONTEXT};
	size_t at[4];

	byte_offsets(text, want, at, 4);
	return json_pack("{s:I, s:I, s:s%, s:s%, s:s%}", "start", (json_int_t)a->start, "end",
			 (json_int_t)a->end, "exact", text + at[1], at[2] - at[1], "prefix",
			 text + at[0], at[1] - at[0], "suffix", text + at[2], at[3] - at[2]);
}

int anchor_json(const char *text, const char *quote, json_t **anchor)
{
	struct anchor a;
	int rc = anchor_find(text, quote, &a);

	*anchor = NULL;
	if (rc == 1 && !(*anchor = anchor_object(text, &a)))
		return -1;
	return rc;
}
