/* Who said what in an article (the contract's extraction: "quotes" and "reports", issue 16, for
 * GET /v1/sources/{id}/extract: extract.c): passages in quotation marks with their speaker as
 * written ("Dmitriev", "A U.S. official") and audience ("Axios"), and attributions of what is
 * told without quoting it ("Reuters reported in May", "according to her lawyer"). Rule-based,
 * over one sentence at a time (quotes.c). Pure code over UTF-8. */
#ifndef SWAPTRACK_QUOTES_H
#define SWAPTRACK_QUOTES_H

#include <stddef.h>

#include "text/furniture.h"

struct span {
	size_t start, end; /* code points of the text, end exclusive; start == end: none */
};

struct quote_mention {
	struct span quote;    /* the words within the quotation marks */
	struct span speaker;  /* as written, or empty */
	struct span audience; /* whom it was told ("Axios", "reporters"), or empty */
};

struct report_mention {
	struct span text;   /* the attribution: "Reuters reported", "according to her lawyer" */
	struct span source; /* who it comes from: "Reuters", "her lawyer" */
};

/* The quotes and reports of the spans of text (the article's body: furniture_body; each a
 * paragraph, in order), in order; body NULL: the whole text. Each count in *nq and *nr, arrays
 * malloc'd (freed by the caller; NULL when none). 0, or -1 when memory ran out or text is not
 * valid UTF-8. */
int quotes_find(const char *text, const struct text_span *body, size_t nbody,
		struct quote_mention **quotes, size_t *nq, struct report_mention **reports, size_t *nr);

#endif
