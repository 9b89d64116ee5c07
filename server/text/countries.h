/* ISO 3166-1 alpha-2: the officially assigned codes with their short names (countries.c). The
 * field types check codes against it; place names in text are found by it. */
#ifndef SWAPTRACK_COUNTRIES_H
#define SWAPTRACK_COUNTRIES_H

#include <stddef.h>

struct country {
	const char *code; /* ISO 3166-1 alpha-2, upper case */
	const char *name;
};

extern const struct country countries[];
extern const size_t countries_count;

/* The country with this exact code ("RU"), or NULL: lower case and unassigned codes are not
 * countries. */
const struct country *country_find(const char *code);
/* The same, or a former or user-assigned code that reporting still names as a side (SU, DD, CS,
 * YU, XK): the codes a state may have as a side, and that no party's code may be. */
const struct country *country_side_find(const char *code);

#endif
