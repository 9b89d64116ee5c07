/* The field types shared by every resource: partial dates, country codes, and the text checks
 * (URLs, language tags, Wikidata ids). Pure functions, unit-tested and fuzzed without a server. */
#ifndef SWAPTRACK_TYPES_H
#define SWAPTRACK_TYPES_H

#include <stddef.h>

#include "core/utf8.h"
#include "text/countries.h"

enum date_precision { DATE_YEAR = 1, DATE_MONTH, DATE_DAY };

/* A partial date, "YYYY", "YYYY-MM" or "YYYY-MM-DD", and the interval it denotes. */
struct partial_date {
	enum date_precision precision;
	int year, month, day;     /* month and day are 0 when not given */
	char first[24], last[24]; /* the interval's first and last day, "YYYY-MM-DD" */
};

/* Parses s strictly (years 0001-9999, real months and days: "2023-02-30" and "2023-13" fail).
 * Returns 0, or -1 with *why set to a static explanation. */
int partial_date_parse(const char *s, struct partial_date *d, const char **why);
const char *date_precision_name(enum date_precision p);

/* Text checks for fields that carry a format; each returns 0, or -1 with *why static. */
int check_url(const char *s, const char **why);      /* http:// or https:// and a host */
int check_language(const char *s, const char **why); /* a BCP 47 tag such as "en" or "pt-BR" */
int check_wikidata(const char *s, const char **why); /* "Q" and digits */

#endif
