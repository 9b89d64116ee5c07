/* Whom a speaker stands for (quotes_people.c), for quotes.c: the people the article names
 * (names_find's mentions), met in the text's order, so that "he", "Mr Peskov" and "the
 * president" resolve to the full name of the person last mentioned as such, and "the ministry"
 * to where the article named it. Internal to server/text. */
#ifndef SWAPTRACK_QUOTES_PEOPLE_H
#define SWAPTRACK_QUOTES_PEOPLE_H

#include <stddef.h>
#include <stdint.h>

#include "text/names.h"
#include "text/speakers.h"

#define WHO_RING 4
#define WHO_TITLES 21
#define WHO_ORGS 30
#define WHO_RUNS 8

/* What has been read so far. */
struct who {
	const uint32_t *cp; /* the text's code points */
	size_t ncp;
	const struct person_mention *pe; /* in order */
	size_t npe, next;                /* pe[next]: the first not yet read */
	size_t ring[WHO_RING], nring;    /* the last people mentioned outside quotations, latest
					  * first, each once (indexes of pe) */
	size_t subj[WHO_RING], nsubj;    /* the last sentences' first people, latest first */
	size_t subject;                  /* this sentence's first person so far (index + 1) */
	size_t inside[8], ninside;       /* people mentioned in the current sentence's quotations,
					  * or after its "of" ("he said of Karelina") */
	size_t *hash, hcap;              /* a surname: the last full name ending in it (index + 1) */
	struct who_alias {
		size_t key;            /* a mention with a form of address ("Ms Damari"): index + 1 */
		struct text_span full; /* whom it first stood for */
		int by_name;           /* keyed by the mention's name ("Damari" after "Ms"), not its
					* full */
	} * alias;
	size_t nalias;
	size_t title[WHO_TITLES];       /* a title word: the last person with it (index + 1) */
	struct text_span org[WHO_ORGS]; /* an organisation's word: where it was last named */
	struct text_span said_org;      /* the last organisation that spoke, for "it" and "the
					 * statement" */
	struct who_run {
		struct text_span run;  /* capitalised words named ("Prime Minister's Office") */
		char caps[12];         /* their initials ("PMO") */
		struct text_span acro; /* the acronym given after it in parentheses, or empty */
	} runs[WHO_RUNS];              /* the last ones named, a ring */
	size_t nruns;
};

/* 0, or -1 when memory ran out. */
int who_init(struct who *w, const uint32_t *cp, size_t ncp, const struct person_mention *pe, size_t npe);
void who_free(struct who *w);

/* The attribution a of sentence [s, e) of tk resolved: *person
 * the full name its speaker stands for (or empty); a's speaker becomes where an organisation was
 * named for "the ministry". 1, or 0 when the speaker is a pronoun for no one named (then it is
 * no speaker). */
int who_resolve(struct who *w, const struct qtoks *tk, size_t s, size_t e, struct attr *a,
		struct text_span *person);

/* Reads sentence [s, e) of tk: its people and the organisations it names. */
void who_orgs(struct who *w, const struct qtoks *tk, size_t s, size_t e);

#endif
