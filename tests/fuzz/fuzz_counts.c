/* libFuzzer: parties and counts (text/parties.c, counts.c) over arbitrary bytes: a text, and
 * after its first NUL a live party's name. Invalid UTF-8 must be refused (-1); otherwise every
 * party and count must lie inside the text, in order, with a code, a category and a count of at
 * least 1, and its sides among the sides given. Nothing may crash, leak or read out of bounds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "text/counts.h"
#include "text/parties.h"
#include "text/places.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int a_side(const struct side_mention *s, size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (!strcmp(s[i].code, code))
			return 1;
	return code == NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 1), *nul;
	struct party_name live[1] = {{NULL, "fuzz-party"}};
	struct party_mention *pa = NULL;
	struct place_mention *pm = NULL;
	struct count_mention *c = NULL;
	struct side_mention *sides = NULL;
	long npa, np, nc;
	size_t len, ns = 0, prev = 0;

	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = 0;
	nul = memchr(in, 0, size);
	live[0].name = nul && nul < in + size && utf8_valid(nul + 1) ? nul + 1 : NULL;
	npa = parties_find(in, NULL, 0, live, live[0].name ? 1 : 0, &pa);
	np = places_find(in, &pm);
	if ((npa < 0) != !utf8_valid(in) || (np < 0) != !utf8_valid(in))
		abort();
	if (npa < 0)
		goto out;
	len = utf8_length(in);
	for (long i = 0; i < npa; i++) {
		if (pa[i].start < prev || pa[i].start >= pa[i].end || pa[i].end > len || !pa[i].code)
			abort();
		prev = pa[i].end;
	}
	if (!(sides = calloc((size_t)(np + npa + 1), sizeof(*sides))))
		goto out;
	for (long i = 0, j = 0; i < np || j < npa;)
		if (j >= npa || (i < np && pm[i].start < pa[j].start))
			sides[ns++] = (struct side_mention){pm[i].start, pm[i].end, pm[i].code}, i++;
		else
			sides[ns++] = (struct side_mention){pa[j].start, pa[j].end, pa[j].code}, j++;
	nc = counts_find(in, NULL, 0, sides, ns, &c);
	if (nc < 0)
		goto out; /* only out of memory */
	prev = 0;
	for (long i = 0; i < nc; i++) {
		if (c[i].start < prev || c[i].start >= c[i].end || c[i].end > len || c[i].count < 1 ||
		    !c[i].category || !a_side(sides, ns, c[i].released_by) ||
		    !a_side(sides, ns, c[i].released_to) || c[i].sentence_start > c[i].start ||
		    c[i].sentence_end < c[i].end)
			abort();
		prev = c[i].start;
	}
out:
	free(pa);
	free(pm);
	free(c);
	free(sides);
	free(in);
	return 0;
}
