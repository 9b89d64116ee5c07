/* The dates an article's text mentions (the contract's "Extraction: what an article mentions",
 * issue 16, for GET /v1/sources/{id}/extract: extract.c): absolute ones ("March 2023", "Aug. 1,
 * 2024", "1 August 2024", "2019", "2024-08-01") and relative ones resolved against the date the
 * article was published ("on Tuesday", "last month", "late October", "in May", "earlier this
 * year", "since January", "yesterday") as the most recent such date on or before publication,
 * each with the precision its words give. Rule-based and deterministic: the rules are the table
 * in dates.c, and tests/unit/test_dates.c lists them case by case. Pure code over UTF-8 text. */
#ifndef SWAPTRACK_DATES_H
#define SWAPTRACK_DATES_H

#include <stddef.h>

struct date_mention {
	size_t start, end;     /* code points of the text, end exclusive */
	char value[11];        /* "2025-11-18", "2025-10" or "2025" */
	const char *precision; /* "day", "month" or "year" (static) */
};

/* The dates text mentions, in the order they occur. published: the article's date as a partial
 * date ("2025-11-18", "2025-11", "2025") or NULL; a relative date that needs more than it gives
 * (a weekday needs a day) is left out. Returns how many it put in *out (malloc'd, freed by the
 * caller; NULL when none), or -1 when memory ran out or text is not valid UTF-8. */
long dates_find(const char *text, const char *published, struct date_mention **out);

#endif
