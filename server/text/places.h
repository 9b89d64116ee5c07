/* The countries a text names (the contract's "Extraction: what an article mentions", issue 16,
 * for GET /v1/sources/{id}/extract: extract.c): by ISO 3166-1 short name (text/countries.c),
 * common name ("Russia", "U.S.", "Ivory Coast"), demonym or adjective ("Russian", "Russians",
 * "Belarusian"), from the data in places_data.h, not a pattern. Names are matched as written
 * (capitals included), whole words only, the longest where several start at one place
 * ("Papua New Guinea", not "Guinea"). Pure code over UTF-8. */
#ifndef SWAPTRACK_PLACES_H
#define SWAPTRACK_PLACES_H

#include <stddef.h>

struct place_mention {
	size_t start, end; /* code points of the text, end exclusive */
	char code[3];      /* "RU" */
};

/* The countries text names, in order. Returns how many it put in *out (malloc'd, freed by the
 * caller; NULL when none), or -1 when memory ran out or text is not valid UTF-8. */
long places_find(const char *text, struct place_mention **out);

/* How many bytes of lower-case Cyrillic letters (а-я, ё: two bytes each) start at p (left bytes
 * there), at most three letters: a Russian case ending after a stem («Росси|и», «ХАМАС|а»). */
size_t places_case_ending(const unsigned char *p, size_t left);

/* The i-th name it knows and its country's code in *code, or NULL past the last (for tests). */
const char *places_name(size_t i, const char **code);

#endif
