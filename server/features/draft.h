/* Extraction, v1.2: parties, counts and the draft batch (draft.c), added to extract.c's answer. */
#ifndef SWAPTRACK_DRAFT_H
#define SWAPTRACK_DRAFT_H

#include <jansson.h>
#include <libpq-fe.h>

#include "core/problem.h"
#include "text/furniture.h"
#include "text/places.h"

/* The content, with the byte at which each code point starts (extract.c makes it once). */
struct extract_text {
	const char *s;
	size_t *offs; /* offs[i]: the byte where code point i starts; offs[n - 1]: the end */
	size_t n;
};

/* {"text", "start", "end"} of the code points [start, end); text null for an empty span. */
json_t *extract_item(const struct extract_text *xt, size_t start, size_t end);

/* Adds "parties", "counts" and "draft" to out (which holds the people, dates and the rest
 * already): the parties matched against the live ones on c, the counts with their sides (pm:
 * the countries found, np of them), the draft for source (published: its date, or NULL).
 * 0, or -1 with p set. */
int draft_extract(PGconn *c, const struct extract_text *xt, const struct text_span *body, long nb,
		  const struct place_mention *pm, long np, long long source, const char *published,
		  json_t *out, struct problem *p);

/* The draft's detentions, terms and negotiation, added to draft (draft_records.c): the live
 * detentions of released people read on c. 0, or -1 with p set. */
int draft_records(PGconn *c, const struct extract_text *xt, const struct text_span *body, long nb,
		  long long source, json_t *draft, struct problem *p);

#endif
