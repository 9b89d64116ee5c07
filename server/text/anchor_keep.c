/* Finding a quote's occurrence again (anchor.h): the one at a place, every one, and, after the
 * article's text changed, the one whose surroundings fit the prefix and suffix its citation
 * recorded. All of it over anchor_each, which reports every match as it reads the text once. */
#include "text/anchor.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "text/nfc.h"

/* The code point the sequence at s (valid UTF-8) stands for; its length in *k. */
static uint32_t code_point(const unsigned char *s, size_t *k)
{
	if (s[0] < 0x80) {
		*k = 1;
		return s[0];
	}
	if (s[0] < 0xE0) {
		*k = 2;
		return (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
	}
	if (s[0] < 0xF0) {
		*k = 3;
		return (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
	}
	*k = 4;
	return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
	       (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
}

/* The code points that start in p[0..n) (valid UTF-8). */
static size_t count_code_points(const unsigned char *p, size_t n)
{
	size_t cps = 0;

	for (size_t i = 0; i < n; i++)
		cps += (p[i] & 0xC0) != 0x80;
	return cps;
}

/* A place in the text, read forwards only: code point cp begins at byte b. */
struct cursor {
	size_t b, cp;
};

static void move_to(const unsigned char *p, struct cursor *c, size_t cp)
{
	while (c->cp < cp && p[c->b]) {
		c->b++;
		while ((p[c->b] & 0xC0) == 0x80)
			c->b++;
		c->cp++;
	}
}

/* anchor_find_at's question to every span: does it start in [from, to]? Spans come in order of
 * start, so the first that starts past from answers it. */
struct place {
	size_t from, to;
	int found;
	struct anchor a;
};

static int at_place(void *ctx, const struct anchor *a)
{
	struct place *w = ctx;

	if (a->start < w->from)
		return 0;
	if (a->start <= w->to) {
		w->found = 1;
		w->a = *a;
	}
	return 1;
}

int anchor_find_at(const char *text, const char *quote, size_t at, struct anchor *a)
{
	const unsigned char *p = (const unsigned char *)text;
	struct place w = {at, at, 0, {0, 0}};
	struct cursor c = {0, 0};
	size_t k;

	if (!utf8_valid(text))
		return -1;
	move_to(p, &c, at);
	if (c.cp < at || !p[c.b])
		return utf8_valid(quote) ? 0 : -1; /* at the end or past it: nothing starts there */
	/* The white space from at on, up to the first code point that can begin a span. */
	while (p[c.b] && anchor_blank(code_point(p + c.b, &k))) {
		c.b += k;
		w.to++;
	}
	if (anchor_each(text, quote, at_place, &w) < 0)
		return -1;
	if (w.found)
		*a = w.a;
	return w.found;
}

struct spans {
	struct anchor *v;
	size_t n, cap;
};

static int add_span(void *ctx, const struct anchor *a)
{
	struct spans *s = ctx;

	if (s->n == s->cap) {
		size_t nc = s->cap ? 2 * s->cap : 8;
		struct anchor *v = realloc(s->v, nc * sizeof(*v));
		if (!v)
			return -1;
		s->v = v;
		s->cap = nc;
	}
	s->v[s->n++] = *a;
	return 0;
}

int anchor_occurrences(const char *text, const char *quote, struct anchor **spans, size_t *n)
{
	struct spans s = {NULL, 0, 0};

	*spans = NULL;
	*n = 0;
	if (anchor_each(text, quote, add_span, &s) < 0) {
		free(s.v);
		return -1;
	}
	*spans = s.v;
	*n = s.n;
	return s.n > 0;
}

/* Where the text n code points back from byte b begins, moved further back (by at most
 * ANCHOR_CONTEXT) to the start of a sequence that normalizes together, so that what lies between
 * folds as it does in the whole text. */
static size_t back(const unsigned char *p, size_t b, size_t n)
{
	size_t k;

	for (size_t i = 0; b > 0 && i < n + ANCHOR_CONTEXT; i++) {
		if (i >= n && nfc_boundary(code_point(p + b, &k)))
			break;
		do
			b--;
		while (b > 0 && (p[b] & 0xC0) == 0x80);
	}
	return b;
}

/* Where the text n code points on from byte b ends, moved further on (by at most ANCHOR_CONTEXT)
 * to the end of a sequence that normalizes together. */
static size_t ahead(const unsigned char *p, size_t len, size_t b, size_t n)
{
	size_t k;

	for (size_t i = 0; b < len && i < n + ANCHOR_CONTEXT; i++) {
		if (nfc_boundary(code_point(p + b, &k)) && i >= n)
			break;
		b += k;
	}
	return b;
}

/* anchor_keep's weighing of every span: the best so far, and the cursors at the last span's
 * start and end (spans come in order of both). */
struct keep {
	const unsigned char *p;
	size_t len;
	const char *prefix, *suffix;
	size_t plen, slen; /* bytes */
	size_t pwin, swin; /* code points of the text to read before a span and after it */
	size_t near;
	struct cursor start, end;
	int found;
	size_t score, dist;
	struct anchor best;
};

static size_t distance(size_t x, size_t y)
{
	return x > y ? x - y : y - x;
}

static int weigh(void *ctx, const struct anchor *a)
{
	struct keep *k = ctx;
	const char *t = (const char *)k->p;
	size_t left = 0, right = 0, from, to;

	move_to(k->p, &k->start, a->start);
	move_to(k->p, &k->end, a->end);
	if (k->plen) {
		from = back(k->p, k->start.b, k->pwin);
		if (anchor_agree(t + from, k->start.b - from, k->prefix, k->plen, 1, &left) < 0)
			return -1;
	}
	if (k->slen) {
		to = ahead(k->p, k->len, k->end.b, k->swin);
		if (anchor_agree(t + k->end.b, to - k->end.b, k->suffix, k->slen, 0, &right) < 0)
			return -1;
	}
	if (!k->found || left + right > k->score ||
	    (left + right == k->score && distance(a->start, k->near) < k->dist)) {
		k->found = 1;
		k->score = left + right;
		k->dist = distance(a->start, k->near);
		k->best = *a;
	}
	return 0;
}

int anchor_keep(const char *text, const char *quote, const char *prefix, const char *suffix,
		size_t near, struct anchor *a)
{
	struct keep k = {0};

	k.prefix = prefix ? prefix : "";
	k.suffix = suffix ? suffix : "";
	if (!utf8_valid(k.prefix) || !utf8_valid(k.suffix))
		return -1;
	k.p = (const unsigned char *)text;
	k.len = strlen(text);
	k.plen = strlen(k.prefix);
	k.slen = strlen(k.suffix);
	k.pwin = 2 * utf8_length(k.prefix) + ANCHOR_CONTEXT;
	k.swin = 2 * utf8_length(k.suffix) + ANCHOR_CONTEXT;
	k.near = near;
	if (anchor_each(text, quote, weigh, &k) < 0)
		return -1;
	if (k.found)
		*a = k.best;
	return k.found;
}

size_t anchor_shifted(const char *old_text, const char *new_text, size_t start)
{
	const unsigned char *o = (const unsigned char *)old_text, *n = (const unsigned char *)new_text;
	size_t olen, nlen, pre = 0, suf = 0, p, s, ocp, ncp;

	if (!utf8_valid(old_text) || !utf8_valid(new_text))
		return start;
	olen = strlen(old_text);
	nlen = strlen(new_text);
	while (pre < olen && pre < nlen && o[pre] == n[pre])
		pre++;
	/* Back to the start of a character both have whole. */
	while (pre > 0 && ((o[pre] & 0xC0) == 0x80 || (n[pre] & 0xC0) == 0x80))
		pre--;
	while (suf < olen - pre && suf < nlen - pre && o[olen - 1 - suf] == n[nlen - 1 - suf])
		suf++;
	while (suf > 0 && (o[olen - suf] & 0xC0) == 0x80)
		suf--;
	p = count_code_points(o, pre);
	s = count_code_points(o + olen - suf, suf);
	ocp = count_code_points(o, olen);
	ncp = count_code_points(n, nlen);
	if (start > ocp)
		start = ocp;
	if (start < p)
		return start;
	if (start >= ocp - s)
		return start + ncp - ocp; /* ocp - s >= ocp - ncp + p: no wrap */
	return p;
}
