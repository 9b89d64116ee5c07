/* libFuzzer: the people of a text (text/names.c, names_words.c, names_ru.c) over arbitrary bytes,
 * read as the body that furniture.c gives and as arbitrary spans (the input's first bytes, when
 * a NUL splits it: pairs of offsets, out of order and overlapping too). Invalid UTF-8 must be
 * refused (-1); otherwise the mentions come in order of start, each name a non-empty span of the
 * text, its full name and role inside the text, and its nominative a NUL-ended UTF-8 string.
 * Nothing here may crash, leak or read out of bounds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "text/furniture.h"
#include "text/names.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *in, const struct text_span *b, size_t nb)
{
	struct person_mention *pe;
	size_t len = utf8_length(in), prev = 0;
	long np = names_find(in, b, nb, &pe);

	if (np < 0)
		abort();
	for (long i = 0; i < np; i++) {
		const struct person_mention *m = &pe[i];
		if (m->name.start < prev || m->name.start >= m->name.end || m->name.end > len ||
		    m->full.start > m->full.end || m->full.end > len || m->role.start > m->role.end ||
		    m->role.end > len || !memchr(m->nominative, 0, sizeof(m->nominative)) ||
		    !utf8_valid(m->nominative))
			abort();
		prev = m->name.start;
	}
	free(pe);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	const uint8_t *text = nul ? nul + 1 : data;
	size_t tsize = nul ? size - (size_t)(text - data) : size;
	char *in = malloc(tsize + 1);
	struct text_span *b;
	long k;

	if (!in)
		return 0;
	memcpy(in, text, tsize);
	in[tsize] = 0;
	k = furniture_body(in, &b);
	if ((k < 0) != !utf8_valid(in))
		abort();
	if (k < 0) {
		struct person_mention *pe;
		struct text_span all = {0, tsize};
		if (names_find(in, &all, 1, &pe) != -1)
			abort();
		free(in);
		return 0;
	}
	check(in, b, (size_t)k);
	free(b);
	if (nul) {
		/* Spans of the fuzzer's choosing, clamped to the text. */
		size_t len = utf8_length(in), n = (size_t)(nul - data) / 2;
		struct text_span *s = malloc((n + 1) * sizeof(*s));
		if (s) {
			for (size_t i = 0; i < n; i++) {
				size_t a = data[2 * i] % (len + 1), e = data[2 * i + 1] % (len + 1);
				s[i] = a <= e ? (struct text_span){a, e} : (struct text_span){e, a};
			}
			check(in, s, n);
			free(s);
		}
	}
	free(in);
	return 0;
}
