/* libFuzzer: who said what (text/quotes.c, speakers.c, quotes_people.c) over arbitrary bytes, with
 * no people and with people made up from the input's bytes (so that mentions fall anywhere:
 * inside quotation marks, across paragraphs, past the body; names_find is fuzz_extract's).
 * Invalid UTF-8 must be refused (-1); otherwise every quotation, speaker, person, audience and
 * report must lie inside the text, quotations in order. Nothing here may crash, leak or read out
 * of bounds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "text/furniture.h"
#include "text/quotes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *in, size_t len, const struct text_span *b, size_t nb,
		  const struct person_mention *pe, size_t np)
{
	struct quote_mention *q;
	struct report_mention *r;
	size_t nq, nr, prev = 0;
	int rc = quotes_find(in, b, nb, pe, np, &q, &nq, &r, &nr);

	if ((rc < 0) != !utf8_valid(in))
		abort();
	for (size_t i = 0; rc == 0 && i < nq; i++) {
		const struct span *s[] = {&q[i].quote, &q[i].speaker, &q[i].person, &q[i].audience};
		for (size_t k = 0; k < 4; k++)
			if (s[k]->start > s[k]->end || s[k]->end > len)
				abort();
		if (q[i].quote.start < prev)
			abort();
		prev = q[i].quote.start;
	}
	for (size_t i = 0; rc == 0 && i < nr; i++)
		if (r[i].text.start > r[i].text.end || r[i].text.end > len ||
		    r[i].source.start > r[i].source.end || r[i].source.end > len)
			abort();
	free(q);
	free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 1);
	struct text_span *b = NULL;
	struct person_mention *pe = NULL;
	size_t len;
	long nb;

	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = 0;
	if (!utf8_valid(in)) {
		check(in, 0, NULL, 0, NULL, 0);
		free(in);
		return 0;
	}
	len = utf8_length(in);
	nb = furniture_body(in, &b);
	if (nb >= 0)
		check(in, len, b, (size_t)nb, NULL, 0);
	check(in, len, NULL, 0, NULL, 0);
	/* People from the bytes: in order of start, spans anywhere in the text. */
	pe = len ? calloc(size / 4 + 1, sizeof(*pe)) : NULL;
	if (pe) {
		size_t n = 0, at = 0;
		for (size_t i = 0; i + 3 < size; i += 4) {
			size_t a = at + data[i] % 8, l = 1 + data[i + 1] % 12;
			if (a + l > len)
				break;
			pe[n].name = (struct text_span){a, a + l};
			pe[n].full = (struct text_span){a, a + l +
								   (data[i + 2] % 3 && a + l + 4 <= len
									    ? 4
									    : 0)};
			pe[n].role = (struct text_span){a > data[i + 3] % 6 ? a - data[i + 3] % 6 : 0, a};
			at = a;
			n++;
		}
		check(in, len, nb >= 0 ? b : NULL, nb >= 0 ? (size_t)nb : 0, pe, n);
	}
	free(pe);
	free(b);
	free(in);
	return 0;
}
