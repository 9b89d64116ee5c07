/* The nominative of a Russian name (names_words.h): a name's case and gender are told by its given
 * name, one of names_data.h's in some case ending ("Сергея": the genitive of "Сергей"), and its
 * other words are put back by the endings of their declension ("Тихановского" → "Тихановский",
 * "Карелиной" → "Карелина"); a word that matches none (a foreign surname, "Эйсмонт") stays as
 * written. Endings are two bytes a letter, lower case in any written name. */
#include <string.h>

#include "text/names_words.h"

enum { GEN, DAT, ACC, INST, PREP, NOM };

/* A given name's ending: written ending, the nominative's ending, gender (1 feminine), case. */
static const struct {
	const char *end, *nom;
	int fem, kase;
} given_forms[] = {
	{"а", "", 0, GEN},  {"у", "", 0, DAT},    {"ом", "", 0, INST},  {"е", "", 0, PREP},
	{"я", "й", 0, GEN}, {"ю", "й", 0, DAT},   {"ем", "й", 0, INST}, {"е", "й", 0, PREP},
	{"ы", "а", 1, GEN}, {"и", "а", 1, GEN},   {"и", "я", 1, GEN},   {"е", "а", 1, DAT},
	{"у", "а", 1, ACC}, {"ой", "а", 1, INST}, {"ю", "я", 1, ACC},   {"ей", "я", 1, INST},
	{"е", "я", 1, DAT},
};

/* A surname's or patronymic's ending in a case, and its nominative ending. */
struct form {
	const char *end, *nom;
	int fem, kase; /* kase -1: any case but the nominative */
};
static const struct form forms[] = {
	{"ского", "ский", 0, GEN}, {"цкого", "цкий", 0, GEN},  {"ского", "ский", 0, ACC},
	{"цкого", "цкий", 0, ACC}, {"скому", "ский", 0, DAT},  {"цкому", "цкий", 0, DAT},
	{"ским", "ский", 0, INST}, {"цким", "цкий", 0, INST},  {"ском", "ский", 0, PREP},
	{"цком", "цкий", 0, PREP}, {"ого", "ий", 0, GEN},      {"его", "ий", 0, GEN},
	{"ого", "ий", 0, ACC},     {"ому", "ий", 0, DAT},      {"ему", "ий", 0, DAT},
	{"ича", "ич", 0, GEN},     {"ича", "ич", 0, ACC},      {"ичу", "ич", 0, DAT},
	{"ичем", "ич", 0, INST},   {"иче", "ич", 0, PREP},     {"овым", "ов", 0, INST},
	{"евым", "ев", 0, INST},   {"иным", "ин", 0, INST},    {"ыным", "ын", 0, INST},
	{"ова", "ов", 0, GEN},     {"ева", "ев", 0, GEN},      {"ина", "ин", 0, GEN},
	{"ова", "ов", 0, ACC},     {"ева", "ев", 0, ACC},      {"ина", "ин", 0, ACC},
	{"ову", "ов", 0, DAT},     {"еву", "ев", 0, DAT},      {"ину", "ин", 0, DAT},
	{"ове", "ов", 0, PREP},    {"еве", "ев", 0, PREP},     {"ине", "ин", 0, PREP},
	{"ской", "ская", 1, -1},   {"цкой", "цкая", 1, -1},    {"скую", "ская", 1, ACC},
	{"цкую", "цкая", 1, ACC},  {"овой", "ова", 1, -1},     {"евой", "ева", 1, -1},
	{"иной", "ина", 1, -1},    {"ыной", "ына", 1, -1},     {"ову", "ова", 1, ACC},
	{"еву", "ева", 1, ACC},    {"ину", "ина", 1, ACC},     {"овны", "овна", 1, GEN},
	{"евны", "евна", 1, GEN},  {"овне", "овна", 1, DAT},   {"евне", "евна", 1, DAT},
	{"овне", "овна", 1, PREP}, {"евне", "евна", 1, PREP},  {"овну", "овна", 1, ACC},
	{"евну", "евна", 1, ACC},  {"овной", "овна", 1, INST}, {"евной", "евна", 1, INST},
};

static int ends(const char *w, size_t n, const char *e)
{
	size_t k = strlen(e);
	return k < n && memcmp(w + n - k, e, k) == 0;
}

/* A Russian consonant, last of w[0..n) (two bytes): what a masculine foreign surname ends in
 * before its case ending ("Келлог-а"). */
static int consonant_before(const char *w, size_t n)
{
	static const char vowels[][3] = {"а", "е", "ё", "и", "о", "у", "ы", "э", "ю", "я", "ь", "й"};

	if (n < 2 || ((unsigned char)w[n - 2] != 0xD0 && (unsigned char)w[n - 2] != 0xD1))
		return 0;
	for (size_t i = 0; i < sizeof(vowels) / sizeof(vowels[0]); i++)
		if (memcmp(w + n - 2, vowels[i], 2) == 0)
			return 0;
	return 1;
}

/* Appends w[0..n) to out at *k (cap bytes); 0 when it does not fit. */
static int put(char *out, size_t cap, size_t *k, const char *w, size_t n)
{
	if (*k + n + 1 > cap)
		return 0;
	memcpy(out + *k, w, n);
	*k += n;
	out[*k] = 0;
	return 1;
}

/* The gender and case of a given name as written (lower case), or -1. */
static int given_case(const char *g, size_t n, int *fem)
{
	char nom[NAMES_WORD_MAX + 8];

	if (n > NAMES_WORD_MAX)
		return -1;
	if (names_word_class(g, n) & NW_GIVEN) {
		*fem = ends(g, n, "а") || ends(g, n, "я");
		/* "Джо", "Эли": a given name that does not decline tells no case. */
		return *fem || ends(g, n, "й") || ends(g, n, "ь") || consonant_before(g, n) ? NOM : -1;
	}
	for (size_t i = 0; i < sizeof(given_forms) / sizeof(given_forms[0]); i++) {
		size_t e = strlen(given_forms[i].end), m = strlen(given_forms[i].nom);
		if (!ends(g, n, given_forms[i].end))
			continue;
		memcpy(nom, g, n - e);
		memcpy(nom + n - e, given_forms[i].nom, m);
		if (names_word_class(nom, n - e + m) & NW_GIVEN) {
			*fem = given_forms[i].fem;
			return given_forms[i].kase;
		}
	}
	return -1;
}

int names_ru_given(const char *w, size_t n)
{
	int fem;
	return given_case(w, n, &fem) >= 0;
}

/* The nominative of word w[0..n) of a name of that gender and case, appended to out. */
static int put_word(char *out, size_t cap, size_t *k, const char *w, size_t n, int fem, int kase)
{
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		if (forms[i].fem == fem && (forms[i].kase == kase || forms[i].kase == -1) &&
		    ends(w, n, forms[i].end)) {
			size_t e = strlen(forms[i].end);
			return put(out, cap, k, w, n - e) &&
			       put(out, cap, k, forms[i].nom, strlen(forms[i].nom));
		}
	/* A masculine surname of a consonant declines as a noun: "Келлога", "Келлогу",
	 * "Келлогом", "Келлоге". */
	if (!fem) {
		const char *e = kase == GEN || kase == ACC ? "а"
				: kase == DAT              ? "у"
				: kase == INST             ? "ом"
							   : "е";
		size_t el = strlen(e);
		if (ends(w, n, e) && consonant_before(w, n - el))
			return put(out, cap, k, w, n - el);
		if (kase == INST && ends(w, n, "ем") && consonant_before(w, n - 4))
			return put(out, cap, k, w, n - 4);
		/* ... and one of a vowel and й as "Гайдай": "Нурзая", "Нурзаю", "Нурзаем". */
		e = kase == GEN || kase == ACC ? "я" : kase == DAT ? "ю" : kase == INST ? "ем" : "е";
		el = strlen(e);
		if (ends(w, n, e) && n > el + 2 && !consonant_before(w, n - el))
			return put(out, cap, k, w, n - el) && put(out, cap, k, "й", 2);
	}
	return put(out, cap, k, w, n);
}

int names_ru_nominative(const char *s, const size_t *at, const size_t *len, size_t nwords, char *out,
			size_t cap)
{
	char g[NAMES_WORD_MAX];
	int fem = 0, kase;
	size_t k = 0;

	if (!nwords || cap == 0 || len[0] > NAMES_WORD_MAX)
		return 0;
	out[0] = 0;
	names_lower(s + at[0], len[0], g);
	if ((kase = given_case(g, len[0], &fem)) < 0)
		return 0;
	for (size_t i = 0; i < nwords; i++) {
		if (i && !put(out, cap, &k, " ", 1))
			return 0;
		if (kase == NOM || i == 0) {
			/* The given name: its nominative from the forms, or as written. */
			size_t n = len[0];
			if (kase != NOM)
				for (size_t f = 0; f < sizeof(given_forms) / sizeof(given_forms[0]); f++) {
					size_t e = strlen(given_forms[f].end);
					char nom[NAMES_WORD_MAX + 8];
					size_t m = strlen(given_forms[f].nom);
					if (given_forms[f].fem != fem || given_forms[f].kase != kase ||
					    !ends(g, n, given_forms[f].end))
						continue;
					memcpy(nom, g, n - e);
					memcpy(nom + n - e, given_forms[f].nom, m);
					if (!(names_word_class(nom, n - e + m) & NW_GIVEN))
						continue;
					if (i == 0 && (!put(out, cap, &k, s + at[0], n - e) ||
						       !put(out, cap, &k, given_forms[f].nom, m)))
						return 0;
					break;
				}
			if (kase == NOM && !put(out, cap, &k, s + at[i], len[i]))
				return 0;
			continue;
		}
		if (!put_word(out, cap, &k, s + at[i], len[i], fem, kase))
			return 0;
	}
	return 1;
}
