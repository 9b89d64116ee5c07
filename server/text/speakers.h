/* Who speaks in one sentence (speakers.c), for quotes.c: the tokens quotes.c cuts a paragraph
 * into, and the attribution a sentence makes ("..., he said", "said Brendan Boyle", "according
 * to the ministry", «по словам Зеленского», «— сказал Хилюк»), English and Russian. Internal to
 * server/text: its only caller is quotes.c. */
#ifndef SWAPTRACK_SPEAKERS_H
#define SWAPTRACK_SPEAKERS_H

#include <stddef.h>
#include <stdint.h>

#include "text/furniture.h"

enum qkind { Q_WORD, Q_COMMA, Q_STOP, Q_OPEN, Q_CLOSE, Q_DASH };

struct qtok {
	enum qkind kind;
	size_t start, end;   /* code points */
	uint32_t ch;         /* punctuation: the character (',' ';' ':' '.' '!' '?', a dash) */
	unsigned quoted : 1; /* inside quotation marks */
	unsigned cap : 1;    /* WORD: starts with a capital (Latin or Cyrillic) */
	unsigned digit : 1;  /* WORD: starts with a digit */
	unsigned cyr : 1;    /* WORD: Cyrillic */
	unsigned poss : 1;   /* WORD: followed by a possessive 's */
	unsigned acro : 1;   /* WORD: two capitals or more ("US", "MIT", "MoFA"): a name, never
			      * the pronoun or the word it spells in lower case ("us") */
	char word[40];       /* WORD: its first bytes, lower-cased (ASCII and Cyrillic, ё as е) */
};

struct qtoks {
	struct qtok *t;
	size_t n, cap;
};

/* What a sentence attributes. */
struct attr {
	struct text_span speaker;  /* as written, or empty */
	struct text_span audience; /* told whom, or empty */
	struct text_span report; /* the attribution's words ("Reuters reported", «по словам X») */
	int colon;               /* "X said:": it introduces what follows */
	int lead;                /* the attribution stands at the sentence's start ("He said ...",
			       * "Boyle said in a statement"), not after a clause of its own */
};

/* The attribution of tokens [s, e) of tk (one sentence): 1 with *a filled, else 0. */
int speakers_attribution(const struct qtoks *tk, size_t s, size_t e, struct attr *a);

/* Whether the words of tokens [a, b) are one of the pronouns that stand for a person ("he",
 * "she", "they", «он», «она»): 1, else 0. */
int speakers_pronoun(const struct qtoks *tk, size_t a, size_t b);

/* Whether the words of tokens [a, b) speak for no one named: an unnamed speaker ("a senior
 * official", "two people familiar with ...", "his office") or a plural of people ("officials",
 * "security sources"): 1, else 0. */
int speakers_unnamed(const struct qtoks *tk, size_t a, size_t b);

/* Whether token i is a verb of speech that attributes (not negated, not passive): 1, else 0. */
int speakers_verb(const struct qtoks *tk, size_t i);

/* 1 when w (a token's word) is in list (NULL-ended). */
int speakers_in(const char *const *list, const char *w);

#endif
