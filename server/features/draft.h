/* Extraction, v1.2: parties, counts and the draft batch (draft.c), added to extract.c's answer. */
#ifndef SWAPTRACK_DRAFT_H
#define SWAPTRACK_DRAFT_H

#include <jansson.h>
#include <libpq-fe.h>

#include "core/problem.h"
#include "text/counts.h"
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

/* What the parts of the draft share (draft_releases.c): a citation of the swap, the sentence
 * around a passage, the article's two main sides, the named releases. */
/* {"source_id", "field", "quote", "quote_start"}: quote (its "text") cited for field at start. */
json_t *draft_citation(long long source, const char *field, json_t *quote, size_t start);

/* Whether a date of another day than on stands in [from, to) of the dates (in order of start);
 * weekdays: whether a weekday alone counts. */
int draft_other_day(json_t *dates, size_t from, size_t to, const char *on, int weekdays);

/* The sentence around code points [start, end), at most a bounded window each way: its first
 * code point in *a, its end in *b. */
void draft_sentence_of(const struct extract_text *xt, size_t start, size_t end, size_t *a, size_t *b);

/* The two sides the text names most, the Red Cross left out (NULL where there are fewer). */
void draft_top_sides(const struct side_mention *sides, size_t ns, const char *top[2]);

/* The people out names as released (each once, with their sides), as the swap's releases; the
 * creates of those not on record go in ops, their citations in cites. on: the swap's date. */
json_t *draft_releases(const struct extract_text *xt, json_t *out, json_t *groups,
		       const struct side_mention *sides, size_t ns, const char *on, long long source,
		       json_t *ops, json_t *cites);

#endif
