/* The dates an article's text mentions (the contract's "Extraction: what an article mentions"
 * and "Extraction, v1.2", for GET /v1/sources/{id}/extract: extract.c), in English and Russian:
 * absolute ones ("March 2023", "Aug. 1, 2024", "19th March, 2025", "13/10/2025", «23 мая 2025
 * года», "2019") and relative ones resolved against the date the article was published ("on
 * Tuesday", "last month", "two weeks ago", "the previous day", «в пятницу», «в прошлом году»),
 * each with the precision its words give. Backward (the most recent such date on or before
 * publication) unless the clause is future or announced ("will", "is expected", "scheduled",
 * «состоится»), then forward; a phrase no partial date holds exactly ("last week") takes the
 * smallest one that holds it. Rule-based and deterministic: the rules are the tables in dates.c
 * and dates_ru.c, and tests/unit/test_dates.c lists them case by case. Pure code over UTF-8. */
#ifndef SWAPTRACK_DATES_H
#define SWAPTRACK_DATES_H

#include <stddef.h>

struct date_mention {
	size_t start, end;     /* code points of the text, end exclusive */
	char value[11];        /* "2025-11-18", "2025-10" or "2025" */
	const char *precision; /* "day", "month" or "year" (static) */
	int ambiguous;         /* a numeric date that reads both ways ("9/10/2025") */
};

/* The dates text mentions, in the order they occur. published: the article's date as a partial
 * date ("2025-11-18", "2025-11", "2025") or NULL; a relative date that needs more than it gives
 * (a weekday needs a day) is left out. language: the source's language tag or NULL; a numeric
 * date that reads both ways is month first for "en" and "en-US", day first otherwise. A date
 * with a clock time next to it is the page's time stamp and is left out. Returns how many it
 * put in *out (malloc'd, freed by the caller; NULL when none), or -1 when memory ran out or text
 * is not valid UTF-8. */
long dates_find(const char *text, const char *published, const char *language, struct date_mention **out);

#endif
