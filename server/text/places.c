/* The country names of places.h: every name (ISO's and places_data.h's) in one table, indexed by
 * its first byte and built once; at each word start of the text, the longest name that matches
 * there and ends at a word's end wins. */
#include "text/places.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "text/countries.h"

struct place_name {
	const char *code;
	const char *text;
	unsigned char plural; /* 1: also followed by "s" ("Russians"); 2: a Russian stem, followed
	                       * by up to three lower-case Cyrillic letters (its case ending) */
};

#include "text/places_data.h"

static struct place_name *names;  /* sorted by first byte */
static size_t nnames, first[257]; /* names[first[b] .. first[b + 1]) start with byte b */
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int by_first_byte(const void *a, const void *b)
{
	const struct place_name *x = a, *y = b;
	return (int)(unsigned char)x->text[0] - (int)(unsigned char)y->text[0];
}

static void build(void)
{
	size_t n = countries_count + sizeof(extra_names) / sizeof(extra_names[0]), k = 0;

	if (!(names = malloc(n * sizeof(*names))))
		return;
	for (size_t i = 0; i < countries_count; i++)
		names[k++] = (struct place_name){countries[i].code, countries[i].name, 0};
	for (size_t i = 0; i < sizeof(extra_names) / sizeof(extra_names[0]); i++)
		names[k++] = extra_names[i];
	qsort(names, k, sizeof(*names), by_first_byte);
	nnames = k;
	for (size_t b = 0, i = 0; b <= 256; b++) {
		while (i < k && (unsigned char)names[i].text[0] < b)
			i++;
		first[b] = i;
	}
}

size_t places_case_ending(const unsigned char *p, size_t left)
{
	size_t k = 0;

	while (k / 2 < 3 && k + 1 < left &&
	       ((p[k] == 0xD0 && p[k + 1] >= 0xB0 && p[k + 1] <= 0xBF) ||
		(p[k] == 0xD1 && ((p[k + 1] >= 0x80 && p[k + 1] <= 0x8F) || p[k + 1] == 0x91))))
		k += 2;
	return k;
}

long places_find(const char *text, struct place_mention **out)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t len = strlen(text), cp = 0, n = 0, cap = 0;

	*out = NULL;
	if (!utf8_valid(text) || pthread_once(&once, build) != 0 || !names)
		return -1;
	for (size_t at = 0; at < len;) {
		size_t best = 0;
		const struct place_name *hit = NULL;

		if ((p[at] & 0xC0) != 0x80 && !utf8_word_before(text, at)) {
			for (size_t i = first[p[at]]; i < first[p[at] + 1]; i++) {
				size_t nl = strlen(names[i].text), l = nl;
				if (l <= best || l > len - at || memcmp(p + at, names[i].text, l) != 0)
					continue;
				if (names[i].plural == 2)
					l += places_case_ending(p + at + l, len - at - l);
				if (names[i].plural == 1 && p[at + l] == 's' &&
				    !utf8_word_at(text, len, at + l + 1))
					l++;
				else if (names[i].text[nl - 1] != '.' && utf8_word_at(text, len, at + l))
					continue;
				best = l;
				hit = &names[i];
			}
		}
		if (!hit) {
			cp += (p[at] & 0xC0) != 0x80;
			at++;
			continue;
		}
		if (n == cap) {
			struct place_mention *m = realloc(*out, (cap = cap ? 2 * cap : 16) * sizeof(*m));
			if (!m) {
				free(*out);
				*out = NULL;
				return -1;
			}
			*out = m;
		}
		(*out)[n].start = cp;
		for (size_t i = 0; i < best; i++)
			cp += (p[at + i] & 0xC0) != 0x80;
		(*out)[n].end = cp;
		memcpy((*out)[n].code, hit->code, 3);
		n++;
		at += best;
	}
	return (long)n;
}

const char *places_name(size_t i, const char **code)
{
	if (pthread_once(&once, build) != 0 || !names || i >= nnames)
		return NULL;
	*code = names[i].code;
	return names[i].text;
}
