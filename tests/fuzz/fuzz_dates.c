/* libFuzzer: the date rules (text/dates.c, dates_base.c, dates_ru.c) over arbitrary bytes: a
 * text, a publication date and a language tag, split at the first two NULs. Invalid UTF-8 must
 * be refused (-1); otherwise every date must lie inside the text, after the one before it, with
 * a value that is a real partial date of its precision, and ambiguous only at day precision.
 * Nothing here may crash, leak or read out of bounds. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "text/dates.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A partial date as dates.h promises it: "YYYY", "YYYY-MM" or "YYYY-MM-DD", a real day. */
static int real(const char *v, const char *precision)
{
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = 0, m = 0, d = 0, n = 0;
	size_t want = !strcmp(precision, "day") ? 10 : !strcmp(precision, "month") ? 7 : 4;

	if (strlen(v) != want)
		return 0;
	if (want == 10)
		n = sscanf(v, "%4d-%2d-%2d", &y, &m, &d) == 3;
	else if (want == 7)
		n = sscanf(v, "%4d-%2d", &y, &m) == 2 && (d = 1);
	else
		n = sscanf(v, "%4d", &y) == 1 && (m = d = 1);
	return n && y >= 1000 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1] &&
	       !(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 1), *published = NULL, *language = NULL, *nul;
	struct date_mention *m;
	size_t len, prev = 0;
	long n;

	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = 0;
	if ((nul = memchr(in, 0, size))) {
		published = nul + 1;
		if ((nul = memchr(published, 0, size - (size_t)(published - in))))
			language = nul + 1;
	}
	n = dates_find(in, published, language, &m);
	if ((n < 0) != !utf8_valid(in) || (n <= 0 && m))
		abort();
	len = n >= 0 ? utf8_length(in) : 0;
	for (long i = 0; i < n; i++) {
		if (m[i].start < prev || m[i].start >= m[i].end || m[i].end > len ||
		    !real(m[i].value, m[i].precision) ||
		    (m[i].ambiguous && strcmp(m[i].precision, "day")))
			abort();
		prev = m[i].end;
	}
	free(m);
	free(in);
	return 0;
}
