/* The people an article names (the contract's extraction, "people", issues 16 and 33; extract.c
 * matches them against the database): runs of capitalised words that are names, not places,
 * outlets, organisations or titles (titles and forms of address are peeled off into the role:
 * "Congressman Brendan Boyle" is Brendan Boyle); a surname alone, or a title with one ("Mr
 * Whelan", "President Biden"), joins the full name used elsewhere in the text, else is the
 * person by that word; a headline names only people its body names. Russian names in any case
 * ("Эвана Гершковича"). Rule-based (names.c), word lists in names_data.h. Pure code over
 * UTF-8. */
#ifndef SWAPTRACK_NAMES_H
#define SWAPTRACK_NAMES_H

#include <stddef.h>

#include "text/furniture.h"

struct person_mention {
	struct text_span name; /* as written here: "Kirill Dmitriev", "Dmitriev" */
	struct text_span full; /* the full name it stands for (itself, or where it was written
	                           * out in full); equal to name when none was */
	struct text_span role; /* the words before it that describe them, or empty */
	char nominative[96];   /* a Russian name: the person's full name in the nominative
	                        * ("Сергей Тихановский" for «Сергея Тихановского»), when its given
	                        * name tells its case; else "" (names_words.h) */
};

/* The people the spans of text name (the article's body: furniture_body), in order. Returns
 * how many it put in *out (malloc'd, freed by the caller; NULL when none), or -1 when memory ran
 * out or text is not valid UTF-8. */
long names_find(const char *text, const struct text_span *body, size_t nbody,
		struct person_mention **out);

#endif
