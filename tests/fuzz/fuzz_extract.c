/* libFuzzer: what extraction finds in a text (text/dates.c, places.c, furniture.c, people.c, quotes.c) over arbitrary
 * bytes: a text and a publication date, split at the first NUL. Invalid UTF-8 must be refused
 * (-1); otherwise every mention must lie inside the text, after the one before it (a date with a
 * value as its precision writes it, a country with an assigned code). Nothing here may crash,
 * leak or read out of bounds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "engine/model/types.h"
#include "text/dates.h"
#include "text/furniture.h"
#include "text/names.h"
#include "text/places.h"
#include "text/quotes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 1), *nul;
	struct date_mention *m;
	size_t len, prev = 0;
	long n;

	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = 0;
	nul = memchr(in, 0, size);
	n = dates_find(in, nul && nul < in + size ? nul + 1 : NULL, NULL, &m);
	if ((n < 0) != !utf8_valid(in))
		abort();
	len = n >= 0 ? utf8_length(in) : 0;
	for (long i = 0; i < n; i++) {
		size_t want = !strcmp(m[i].precision, "day")     ? 10
			      : !strcmp(m[i].precision, "month") ? 7
								 : 4;
		if (m[i].start < prev || m[i].start >= m[i].end || m[i].end > len ||
		    strlen(m[i].value) != want)
			abort();
		prev = m[i].end;
	}
	free(m);
	{
		struct place_mention *c;
		long k = places_find(in, &c);
		if ((k < 0) != !utf8_valid(in))
			abort();
		prev = 0;
		for (long i = 0; i < k; i++) {
			if (c[i].start < prev || c[i].start >= c[i].end || c[i].end > len ||
			    !country_find(c[i].code))
				abort();
			prev = c[i].end;
		}
		free(c);
	}
	{
		struct text_span *b;
		long k = furniture_body(in, &b);
		if ((k < 0) != !utf8_valid(in))
			abort();
		prev = 0;
		for (long i = 0; i < k; i++) {
			if (b[i].start < prev || b[i].start >= b[i].end || b[i].end > len)
				abort();
			prev = b[i].end;
		}
		if (k >= 0) {
			struct person_mention *pe;
			long np = names_find(in, b, (size_t)k, &pe);
			if (np < 0)
				abort();
			for (long i = 0; i < np; i++)
				if (pe[i].name.start >= pe[i].name.end || pe[i].name.end > len ||
				    pe[i].full.end > len || pe[i].role.end > len)
					abort();
			free(pe);
		}
		free(b);
	}
	{
		struct quote_mention *q;
		struct report_mention *r;
		size_t nq, nr;
		int rc = quotes_find(in, NULL, 0, NULL, 0, &q, &nq, &r, &nr);
		if ((rc < 0) != !utf8_valid(in))
			abort();
		for (size_t i = 0; rc == 0 && i < nq; i++)
			if (q[i].quote.start > q[i].quote.end || q[i].quote.end > len ||
			    q[i].speaker.start > q[i].speaker.end || q[i].speaker.end > len ||
			    q[i].audience.start > q[i].audience.end || q[i].audience.end > len)
				abort();
		for (size_t i = 0; rc == 0 && i < nr; i++)
			if (r[i].text.start > r[i].text.end || r[i].text.end > len ||
			    r[i].source.start > r[i].source.end || r[i].source.end > len)
				abort();
		free(q);
		free(r);
	}
	free(in);
	return 0;
}
