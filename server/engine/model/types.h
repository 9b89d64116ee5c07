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
int check_currency(const char *s, const char **why); /* an ISO 4217 code such as "USD" */
/* A party's code, how sides name it: 2 to 40 of a-z, 0-9 and -, starting with a letter, and
 * not a state's code in lower case ("ru", "su", "xk"), so that the two never read as each
 * other. */
int check_party_code(const char *s, const char **why);

/* What a side is (contract v1.2, "Parties that are not states"): SIDE_STATE, a state's code in
 * upper case (ISO 3166-1 alpha-2 or a former one, country_side_find); SIDE_PARTY, text that is
 * a party's code by its form (whether a live party has it is the database's to say);
 * SIDE_NONE, neither, with *why a static explanation (the caller says how to add a party). */
enum side_form { SIDE_NONE, SIDE_STATE, SIDE_PARTY };
enum side_form side_form(const char *s, const char **why);

#endif
