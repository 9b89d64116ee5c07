/* How many people an article says were released, returned or exchanged, or are to be (the
 * contract's "Extraction, v1.2": `counts`, for GET /v1/sources/{id}/extract: extract.c): "390
 * Ukrainian defenders", "the bodies of 1,200 soldiers", "about 90 Palestinian prisoners",
 * "three Americans", «390 военнопленных», «тела 909 погибших», "1,000 for 1,000". Each with its
 * category (the swap groups' categories), whether it is approximate, and the sides when the
 * sentence or the article says them. Rule-based, sentence by sentence (counts.c, its words in
 * counts_words.c). Pure code over UTF-8. */
#ifndef SWAPTRACK_COUNTS_H
#define SWAPTRACK_COUNTS_H

#include <stddef.h>

#include "text/furniture.h"

/* A side the caller found in the text: a country (places.h) or a party (parties.h). */
struct side_mention {
	size_t start, end; /* code points */
	const char *code;  /* "RU", "hamas" */
};

struct count_mention {
	size_t start, end; /* the number's words: "390", "about 90", "three" */
	long count;
	int approximate;
	const char *category;                  /* "prisoners_of_war", "civilians", ... (static) */
	const char *released_by, *released_to; /* a side's code (the caller's), or NULL */
	size_t sentence_start, sentence_end;   /* the sentence it stands in */
	int future; /* the sentence announces it ("will be released", «будут переданы») */
	size_t paragraph; /* the index of its paragraph in the body */
	int each;         /* "100 prisoners each", "each side freed 1,000": as many both ways */
	int part;         /* a part of the count before it ("Seventy of them", "including five
			   * Britons"): no group of its own */
	int apart;        /* a total "since the start of the war", or another exchange ("the
			   * previous exchange", "the largest"): no group of this swap */
};

/* The counts of the spans of text (the article's body, furniture_body; NULL: the whole text),
 * in order. sides: the countries and parties the caller found in the text, in order of start
 * (nsides of them). Returns how many it put in *out (malloc'd, freed by the caller; NULL when
 * none), or -1 when memory ran out or text is not valid UTF-8. */
long counts_find(const char *text, const struct text_span *body, size_t nbody,
		 const struct side_mention *sides, size_t nsides, struct count_mention **out);

#endif
