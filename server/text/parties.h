/* The non-state parties an article names (the contract's "Extraction, v1.2": `parties`, for
 * GET /v1/sources/{id}/extract: extract.c): armed groups, de facto authorities and
 * international organisations ("Hamas", "the Taliban", "the Red Cross", «ХАМАС», «Красного
 * Креста»), from a table of the parties that reporting on exchanges names (parties.c), in
 * English and Russian (a Russian stem with its case endings), and from the names of the live
 * parties that the caller passes in (their names, native names and aliases, as written). Whole
 * words, the longest name where several start at one place. Pure code over UTF-8. */
#ifndef SWAPTRACK_PARTIES_H
#define SWAPTRACK_PARTIES_H

#include <stddef.h>

#include "text/furniture.h"

/* A name to look for, with the code of the party it names: the table's, or a live party's. */
struct party_name {
	const char *name;
	const char *code;
};

struct party_mention {
	size_t start, end; /* code points of the text, end exclusive */
	const char *code;  /* the table's code ("hamas") or the live party's (from names) */
	const char *name;  /* the party's name in English ("Hamas"), for a record to create */
	const char *kind;  /* the parties collection's kind: "armed_group", ... */
	long live;         /* the index in live of the live party whose name it is; -1: the
	                    * table's name (a live party may still have its code) */
};

/* The parties the spans of text (the article's body, furniture_body; NULL: the whole text)
 * name, in order. live: names of the live parties (nlive of them; NULL when none); a table
 * name that a live party also has is the live party's. Returns how many it put in *out
 * (malloc'd, freed by the caller; NULL when none), or -1 when memory ran out or text is not
 * valid UTF-8. The mentions point into the table and into live, which must outlive them. */
long parties_find(const char *text, const struct text_span *body, size_t nbody,
		  const struct party_name *live, size_t nlive, struct party_mention **out);

/* The table's party of this code, its English name and kind in *name and *kind; 0, or -1 when
 * the table has no such code. */
int parties_known(const char *code, const char **name, const char **kind);

#endif
