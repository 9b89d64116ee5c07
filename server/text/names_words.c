/* The word classes of names_words.h: every list of names_data.h in one open-addressing table of
 * lower-case words, built once, so that a word's class costs a hash and a probe or two whatever
 * the lists' length; Russian stems are matched at a word's start by its first two bytes. */
#include "text/names_words.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/names_data.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define SLOTS 4096 /* a power of two, over twice the lists' words */

struct entry {
	const char *word; /* NULL: empty */
	unsigned cls;
};

static struct entry table[SLOTS];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static uint32_t hash(const char *w, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h;
}

static void add(const char *const *list, size_t n, unsigned cls)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(list[i]);
		uint32_t h = hash(list[i], len) & (SLOTS - 1);
		while (table[h].word && strcmp(table[h].word, list[i]) != 0)
			h = (h + 1) & (SLOTS - 1);
		table[h].word = list[i];
		table[h].cls |= cls;
	}
}

static void build(void)
{
	add(title_words, COUNT(title_words), NW_TITLE);
	add(org_words, COUNT(org_words), NW_ORG);
	add(place_start_words, COUNT(place_start_words), NW_PLACE_START);
	add(place_words, COUNT(place_words), NW_PLACE);
	add(function_words, COUNT(function_words), NW_FUNC);
	add(calendar_words, COUNT(calendar_words), NW_FUNC);
	add(particles, COUNT(particles), NW_PARTICLE);
	add(hyphen_prefixes, COUNT(hyphen_prefixes), NW_HYPHEN);
	add(credit_words, COUNT(credit_words), NW_CREDIT);
	add(ru_given_names, COUNT(ru_given_names), NW_GIVEN);
}

void names_lower(const char *s, size_t n, char *out)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		if (c >= 'A' && c <= 'Z')
			c |= 32;
		else if (i + 1 < n && c == 0xC3 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9E &&
			 p[i + 1] != 0x97) {
			out[i++] = (char)c; /* À-Þ → à-þ */
			c = p[i] + 0x20;
		} else if (i + 1 < n && c == 0xD0 && p[i + 1] >= 0x90 && p[i + 1] <= 0x9F) {
			out[i++] = (char)c; /* А-П → а-п */
			c = p[i] + 0x20;
		} else if (i + 1 < n && c == 0xD0 && p[i + 1] >= 0xA0 && p[i + 1] <= 0xAF) {
			out[i++] = (char)0xD1; /* Р-Я → р-я */
			c = p[i] - 0x20;
		} else if (i + 1 < n && c == 0xD0 && p[i + 1] == 0x81) {
			out[i++] = (char)0xD1; /* Ё → ё */
			c = 0x91;
		}
		out[i] = (char)c;
	}
}

static int cyrillic(const char *w, size_t n)
{
	return n >= 2 && ((unsigned char)w[0] == 0xD0 || (unsigned char)w[0] == 0xD1);
}

static int starts(const char *w, size_t n, const char *stem)
{
	size_t k = strlen(stem);
	return k <= n && memcmp(w, stem, k) == 0;
}

unsigned names_word_class(const char *w, size_t n)
{
	unsigned cls = 0;
	uint32_t h;

	if (n == 0 || n > NAMES_WORD_MAX || pthread_once(&once, build) != 0)
		return 0;
	for (h = hash(w, n) & (SLOTS - 1); table[h].word; h = (h + 1) & (SLOTS - 1))
		if (strlen(table[h].word) == n && memcmp(table[h].word, w, n) == 0) {
			cls = table[h].cls;
			break;
		}
	if (!cyrillic(w, n))
		return cls;
	/* The stems are few (about 150): compared only for Cyrillic words, which are a
	 * Russian text's own, and each comparison stops at the first differing byte. */
	for (size_t i = 0; i < COUNT(ru_org_stems); i++)
		if (starts(w, n, ru_org_stems[i])) {
			cls |= NW_ORG;
			break;
		}
	for (size_t i = 0; i < COUNT(ru_title_stems); i++)
		if (starts(w, n, ru_title_stems[i])) {
			cls |= NW_TITLE;
			break;
		}
	return cls;
}

/* Russian case endings, longest first, each two bytes a letter. */
static const char *const endings[] = {
	"ого", "его", "ому", "ему", "ыми", "ими", "ой", "ей", "ом", "ем", "ым", "им", "ую", "юю",
	"ая",  "яя",  "ий",  "ый",  "а",   "я",   "у",  "ю",  "е",  "ы",  "и",  "й",  "о",
};

/* A Russian vowel, soft sign or й: what a stem may still end in after its ending went
 * ("Сергея" → "серге"), taken off too so that "Сергей" and "Сергея" share "серг". */
static int soft(const char *w, size_t n)
{
	static const char *const v[] = {"а", "е", "ё", "и", "о", "у", "ы", "э", "ю", "я", "й", "ь"};

	for (size_t i = 0; n >= 2 && i < COUNT(v); i++)
		if (memcmp(w + n - 2, v[i], 2) == 0)
			return 1;
	return 0;
}

size_t names_ru_stem(const char *w, size_t n)
{
	if (!cyrillic(w, n))
		return n;
	for (size_t i = 0; i < COUNT(endings); i++) {
		size_t k = strlen(endings[i]);
		if (k < n && n - k >= 6 && memcmp(w + n - k, endings[i], k) == 0) {
			n -= k; /* three letters or more stay */
			return n >= 8 && soft(w, n) ? n - 2 : n;
		}
	}
	return n;
}
