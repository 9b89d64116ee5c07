/* The words that names.c reads a name around (names_words.c, data in names_data.h): what class of
 * word each is (a title, an organisation's, a place's, a function word...), and, for Russian,
 * stems and the nominative of a name in any case (names_ru.c). Internal to names.c; pure code
 * over UTF-8. */
#ifndef SWAPTRACK_NAMES_WORDS_H
#define SWAPTRACK_NAMES_WORDS_H

#include <stddef.h>

enum {
	NW_TITLE = 1 << 0,       /* a title or form of address: "Mr", "Sheikh", "президент" */
	NW_ORG = 1 << 1,         /* ends an organisation's or a place's name: "Headquarters" */
	NW_PLACE_START = 1 << 2, /* starts a place's name: "Kibbutz", "Tel" */
	NW_PLACE = 1 << 3,       /* a place or a word of one: "Moscow", "Aviv" */
	NW_FUNC = 1 << 4,        /* a function word, numeral or month: never a name's end */
	NW_PARTICLE = 1 << 5,    /* a name's particle in lower case: "bin", "van" */
	NW_HYPHEN = 1 << 6,      /* the prefix of a hyphenated surname: "al" of "al-Ansari" */
	NW_CREDIT = 1 << 7,      /* "Photo" of "Photo: ..." */
	NW_GIVEN = 1 << 8,       /* a Russian given name in the nominative */
};

/* The longest word, in bytes, that has a class; longer ones have none. */
#define NAMES_WORD_MAX 64

/* s[0..n) in lower case (ASCII, Latin-1 letters, Cyrillic) into out (at least n bytes). */
void names_lower(const char *s, size_t n, char *out);

/* The classes (NW_ bits) of the lower-case word w[0..n): whole-word lists, and for a Cyrillic
 * word the Russian stems of organisations and titles too. 0 for none or when the lists could not
 * be built. */
unsigned names_word_class(const char *w, size_t n);

/* The bytes of lower-case w[0..n) that are its stem: without a Russian case ending (-ого, -ому,
 * -ым, -ой, -а, -у...) when it is Cyrillic and keeps three letters or more; n otherwise. Two
 * cases of one Russian name have one stem ("Тихановского", "Тихановский"). */
size_t names_ru_stem(const char *w, size_t n);

/* 1 when lower-case w[0..n) is a Russian given name of names_data.h in some case ("Сергея"). */
int names_ru_given(const char *w, size_t n);

/* The nominative of a Russian name of nwords words (word i at s + at[i], len[i] bytes, as
 * written), into out (cap bytes, NUL-ended): told from its first word, a given name in some case
 * ("Сергея" → genitive, masculine), and each other word put back by its gender's endings
 * ("Тихановского" → "Тихановский"). Returns 1 when it could tell (out set), else 0. */
int names_ru_nominative(const char *s, const size_t *at, const size_t *len, size_t nwords, char *out,
			size_t cap);

#endif
