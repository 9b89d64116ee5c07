/* NFC as UAX #15 defines it: full canonical decomposition (Hangul syllables by arithmetic), the
 * canonical ordering of combining marks, then canonical composition, each over the tables of
 * core/nfc_data.h. */
#include "core/nfc.h"

#include "core/nfc_data.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Hangul syllables and jamo (Unicode 3.12). */
enum {
	S_BASE = 0xAC00, L_BASE = 0x1100, V_BASE = 0x1161, T_BASE = 0x11A7,
	L_COUNT = 19, V_COUNT = 21, T_COUNT = 28, N_COUNT = V_COUNT * T_COUNT,
	S_COUNT = L_COUNT * N_COUNT,
};

unsigned nfc_class(uint32_t c)
{
	size_t lo = 0, hi = COUNT(nfc_ccc);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c < nfc_ccc[mid].first)
			hi = mid;
		else if (c > nfc_ccc[mid].last)
			lo = mid + 1;
		else
			return nfc_ccc[mid].ccc;
	}
	return 0;
}

static const struct nfc_decomposition *decomposition(uint32_t c)
{
	size_t lo = 0, hi = COUNT(nfc_decomp);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c < nfc_decomp[mid].cp)
			hi = mid;
		else if (c > nfc_decomp[mid].cp)
			lo = mid + 1;
		else
			return &nfc_decomp[mid];
	}
	return NULL;
}

static int is_second(uint32_t c)
{
	size_t lo = 0, hi = COUNT(nfc_seconds);

	if ((c >= V_BASE && c < V_BASE + V_COUNT) || (c > T_BASE && c < T_BASE + T_COUNT))
		return 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c < nfc_seconds[mid])
			hi = mid;
		else if (c > nfc_seconds[mid])
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

int nfc_boundary(uint32_t c)
{
	const struct nfc_decomposition *d = decomposition(c);

	return nfc_class(c) == 0 && !is_second(c) && (!d || nfc_class(d->to[0]) == 0);
}

/* The primary composite of a and b, or 0. */
static uint32_t compose(uint32_t a, uint32_t b)
{
	size_t lo = 0, hi = COUNT(nfc_pairs);

	if (a >= L_BASE && a < L_BASE + L_COUNT && b >= V_BASE && b < V_BASE + V_COUNT)
		return S_BASE + ((a - L_BASE) * V_COUNT + (b - V_BASE)) * T_COUNT;
	if (a >= S_BASE && a < S_BASE + S_COUNT && (a - S_BASE) % T_COUNT == 0 && b > T_BASE &&
	    b < T_BASE + T_COUNT)
		return a + (b - T_BASE);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a < nfc_pairs[mid].first || (a == nfc_pairs[mid].first && b < nfc_pairs[mid].second))
			hi = mid;
		else if (a > nfc_pairs[mid].first || b > nfc_pairs[mid].second)
			lo = mid + 1;
		else
			return nfc_pairs[mid].composite;
	}
	return 0;
}

size_t nfc_normalize(const uint32_t *in, size_t n, uint32_t *out)
{
	size_t len = 0, starter = 0, k;
	int have_starter = 0;
	unsigned last;

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
