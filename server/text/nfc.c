/* NFC as UAX #15 defines it: full canonical decomposition (Hangul syllables by arithmetic), the
 * canonical ordering of combining marks, then canonical composition, each over the tables of
 * text/nfc_data.h. */
#include "text/nfc.h"

#include <stdlib.h>

#include "text/nfc_data.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Hangul syllables and jamo (Unicode 3.12). */
enum {
	S_BASE = 0xAC00,
	L_BASE = 0x1100,
	V_BASE = 0x1161,
	T_BASE = 0x11A7,
	L_COUNT = 19,
	V_COUNT = 21,
	T_COUNT = 28,
	N_COUNT = V_COUNT * T_COUNT,
	S_COUNT = L_COUNT * N_COUNT,
};

/* Comparisons for bsearch: the key is the code point (or pair) looked for. */
static int cmp_class(const void *key, const void *row)
{
	uint32_t c = *(const uint32_t *)key;
	const struct nfc_class *r = row;
	return c < r->first ? -1 : c > r->last;
}

static int cmp_decomposition(const void *key, const void *row)
{
	uint32_t c = *(const uint32_t *)key, cp = ((const struct nfc_decomposition *)row)->cp;
	return c < cp ? -1 : c > cp;
}

static int cmp_code_point(const void *key, const void *row)
{
	uint32_t c = *(const uint32_t *)key, cp = *(const uint32_t *)row;
	return c < cp ? -1 : c > cp;
}

static int cmp_pair(const void *key, const void *row)
{
	const uint32_t *k = key;
	const struct nfc_pair *r = row;
	return k[0] != r->first ? (k[0] < r->first ? -1 : 1) : k[1] < r->second ? -1 : k[1] > r->second;
}

unsigned nfc_class(uint32_t c)
{
	const struct nfc_class *r = bsearch(&c, nfc_ccc, COUNT(nfc_ccc), sizeof(nfc_ccc[0]), cmp_class);
	return r ? r->ccc : 0;
}

static const struct nfc_decomposition *decomposition(uint32_t c)
{
	return bsearch(&c, nfc_decomp, COUNT(nfc_decomp), sizeof(nfc_decomp[0]), cmp_decomposition);
}

static int is_second(uint32_t c)
{
	if ((c >= V_BASE && c < V_BASE + V_COUNT) || (c > T_BASE && c < T_BASE + T_COUNT))
		return 1;
	return bsearch(&c, nfc_seconds, COUNT(nfc_seconds), sizeof(nfc_seconds[0]), cmp_code_point) !=
	       NULL;
}

/* Code points that are a segment of their own in NFC and their own NFC: starters that decompose
 * to a starter first (if at all), combine with nothing before them, and come back as they
 * were. Latin, its extensions and the general punctuation (quotes, dashes, spaces after
 * U+2001), which is most of an article; test_anchor checks every one against the tables. */
static int plain(uint32_t c)
{
	return c < 0x300 || (c >= 0x2002 && c < 0x2070);
}

int nfc_boundary(uint32_t c)
{
	const struct nfc_decomposition *d;

	if (plain(c))
		return 1;
	d = decomposition(c);

	return nfc_class(c) == 0 && !is_second(c) && (!d || nfc_class(d->to[0]) == 0);
}

/* The primary composite of a and b, or 0. */
static uint32_t compose(uint32_t a, uint32_t b)
{
	const uint32_t key[2] = {a, b};
	const struct nfc_pair *r;

	if (a >= L_BASE && a < L_BASE + L_COUNT && b >= V_BASE && b < V_BASE + V_COUNT)
		return S_BASE + ((a - L_BASE) * V_COUNT + (b - V_BASE)) * T_COUNT;
	if (a >= S_BASE && a < S_BASE + S_COUNT && (a - S_BASE) % T_COUNT == 0 && b > T_BASE &&
	    b < T_BASE + T_COUNT)
		return a + (b - T_BASE);
	r = bsearch(key, nfc_pairs, COUNT(nfc_pairs), sizeof(nfc_pairs[0]), cmp_pair);
	return r ? r->composite : 0;
}

size_t nfc_normalize(const uint32_t *in, size_t n, uint32_t *out)
{
	size_t len = 0, starter = 0, k;
	int have_starter = 0;
	unsigned last;

	if (n == 1 && plain(in[0])) {
		out[0] = in[0];
		return 1;
	}
	/* Decomposed. */
	for (size_t i = 0; i < n; i++) {
		uint32_t c = in[i];
		const struct nfc_decomposition *d;

		if (c >= S_BASE && c < S_BASE + S_COUNT) {
			uint32_t s = c - S_BASE;
			out[len++] = L_BASE + s / N_COUNT;
			out[len++] = V_BASE + (s % N_COUNT) / T_COUNT;
			if (s % T_COUNT)
				out[len++] = T_BASE + s % T_COUNT;
		} else if ((d = decomposition(c))) {
			for (k = 0; k < 4 && d->to[k]; k++)
				out[len++] = d->to[k];
		} else {
			out[len++] = c;
		}
	}
	/* The marks of each run in the order of their classes (stable). */
	for (size_t i = 1; i < len; i++) {
		uint32_t c = out[i];
		unsigned cc = nfc_class(c);
		size_t j = i;
		if (!cc)
			continue;
		while (j > 0 && nfc_class(out[j - 1]) > cc) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = c;
	}
	/* Composed, in place: a mark joins the last starter unless something between blocks it. */
	k = 0;
	last = 256;
	for (size_t i = 0; i < len; i++) {
		uint32_t c = out[i], composite;
		unsigned cc = nfc_class(c);

		if (have_starter && (last < cc || last == 0) && (composite = compose(out[starter], c))) {
			out[starter] = composite;
			continue;
		}
		if (cc == 0) {
			starter = k;
			have_starter = 1;
		}
		last = cc;
		out[k++] = c;
	}
	return k;
}
