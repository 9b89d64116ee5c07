/* The words counts.c reads a count by (counts.h), and its tokens: nouns for people with their category, the
 * words that may stand between a number and its noun, number words, and the words of release,
 * receiving, killing, mediation, totals and announcement; English and Russian, folded to lower
 * case (counts_words.c). */
#ifndef SWAPTRACK_COUNTS_WORDS_H
#define SWAPTRACK_COUNTS_WORDS_H

#include <stddef.h>
#include <stdint.h>

enum tkind { T_WORD, T_NUM, T_STOP, T_COMMA };

struct tok {
	enum tkind kind;
	size_t start, end; /* code points */
	long num;          /* T_NUM: its value */
	char w[32];        /* T_WORD: folded, its first 31 bytes */
};

struct toks {
	struct tok *t;
	size_t n, cap;
};

/* Appends t to tk; 0, or -1 when memory ran out. */
int counts_push(struct toks *tk, const struct tok *t);

/* Appends the tokens of code points [from, to) of cp to tk: words folded to lower case, numbers
 * with their group separators («1 000», "1,000"), sentence ends and clause breaks. 0, or -1
 * when memory ran out. */
int counts_tokenize(const uint32_t *cp, size_t from, size_t to, struct toks *tk);

/* The swap groups' categories; COUNTS_NONE: no noun for people. */
enum counts_cat {
	COUNTS_NONE,
	COUNTS_POW,
	COUNTS_CIV,
	COUNTS_HOST,
	COUNTS_REM,
	COUNTS_DET,
	COUNTS_POL,
	COUNTS_OTHER
};

/* The category's name as the contract spells it ("prisoners_of_war"), NULL for COUNTS_NONE. */
extern const char *const counts_cat_names[];

/* Lists of folded words, each ended by NULL. */
extern const char *const counts_adjectives[]; /* between a number and its noun */
extern const char *const counts_release[];    /* stems: the sentence speaks of a release */
extern const char *const counts_against[];    /* next to the number: killed, still held */
extern const char *const counts_mediation[];  /* stems: a mediator's words */
extern const char *const counts_bare_after[]; /* after a number with no noun of its own */
extern const char *const counts_future[];     /* the sentence announces */
extern const char *const counts_approx[];     /* before the number: "about" */
extern const char *const counts_months[];     /* a number beside one is a date */
extern const char *const counts_receiving[];  /* the clause's subject gets people back */
extern const char *const counts_speech[];     /* "said": who speaks does not act */
extern const char *const counts_each[];       /* "100 prisoners each": both ways */
extern const char *const counts_cumulative[]; /* "since the start of the war", "in total" */
extern const char *const counts_including[];  /* "including", «среди»: part of a count */

int counts_in(const char *const *list, const char *w);
int counts_starts(const char *const *list, const char *w);

/* The category of a folded word that names people, COUNTS_NONE if it names none. */
enum counts_cat counts_noun(const char *w);

/* The value of a number word ("three", «трое», «тысячу»), 0 if w is none. */
long counts_number(const char *w);

/* The country a party stands with ("hamas": "PS"), or NULL. */
const char *counts_party_country(const char *code);

#endif
