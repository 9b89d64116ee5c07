/* What of a scraped article is the article (the contract's extraction: "nothing is proposed from
 * the page's furniture", issue 16, for GET /v1/sources/{id}/extract: extract.c). A page's text
 * arrives with its site around it: appeals to subscribe, sign up or donate, buttons, photo
 * credits, "Read more". By paragraph (a line of the text), rule by rule (furniture.c): the spans
 * that are the article, in order. Pure code over UTF-8. */
#ifndef SWAPTRACK_FURNITURE_H
#define SWAPTRACK_FURNITURE_H

#include <stddef.h>

struct text_span {
	size_t start, end; /* code points of the text, end exclusive */
};

/* The paragraphs of text that are the article, in order (each without its line end). Returns
 * how many it put in *out (malloc'd, freed by the caller; NULL when none), or -1 when memory ran
 * out or text is not valid UTF-8. */
long furniture_body(const char *text, struct text_span **out);

#endif
