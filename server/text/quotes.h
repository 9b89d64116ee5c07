/* Who said what in an article (the contract's extraction: "quotes" and "reports", issues 16 and
 * 33, for GET /v1/sources/{id}/extract: extract.c): passages in quotation marks (“...”, "...",
 * «...» with „...“ inside, Russian direct speech after a dash) with their speaker as a reader
 * resolves it (the sentence's attribution, else the next sentence's "he said", the previous
 * one's when a quotation goes on, the next paragraph's "said X"; pronouns, "Mr X" and "the
 * president" to the person the article named) and audience ("Axios"), and attributions of what
 * is told without quoting it ("Reuters reported in May", "according to her lawyer", «по словам
 * Зеленского»). Rule-based (quotes.c; a sentence's attribution in speakers.c). Pure code over
 * UTF-8. */
#ifndef SWAPTRACK_QUOTES_H
#define SWAPTRACK_QUOTES_H

#include <stddef.h>

#include "text/furniture.h"
#include "text/names.h"

struct span {
	size_t start, end; /* code points of the text, end exclusive; start == end: none */
};

struct quote_mention {
	struct span quote;    /* the words within the quotation marks */
	struct span speaker;  /* as written ("he", "Mr Peskov", "the ICRC"; for "the ministry",
			       * where the article named it: "Russia's Defence Ministry"), or empty
			       * when nothing says who, or a pronoun stands for no one named */
	struct span person;   /* the person who says it: the full name (a person_mention's full)
			       * the speaker stands for, or empty (an organisation, an unnamed
			       * speaker, none) */
	struct span audience; /* whom it was told ("Axios", "reporters"), or empty */
};

struct report_mention {
	struct span text;   /* the attribution: "Reuters reported", "according to her lawyer" */
	struct span source; /* who it comes from: "Reuters", "her lawyer" */
};

/* The quotes and reports of the spans of text (the article's body: furniture_body; each a
 * paragraph, in order), in order; body NULL: the whole text. people: the people the text names
 * (names_find's, in order; NULL and 0 for none), whom pronouns and titles resolve to. Each
 * count in *nq and *nr, arrays malloc'd (freed by the caller; NULL when none). 0, or -1 when
 * memory ran out or text is not valid UTF-8. Linear in the text's size and the people's. */
int quotes_find(const char *text, const struct text_span *body, size_t nbody,
		const struct person_mention *people, size_t npeople, struct quote_mention **quotes,
		size_t *nq, struct report_mention **reports, size_t *nr);

#endif
