/* The rules of parties.h. Every name (the table's and the live parties') goes in one list,
 * sorted by its first byte, built for each call (the live names differ between calls, and
 * there are at most a few thousand); at each word start of the body, the longest name that
 * matches there and ends at a word's end wins. A Russian stem (stem 1) takes a case ending of
 * up to three lower-case letters («Хезболлах», «Хезболлаха»). The work is the text's length
 * times the names that share a first byte: bounded by the table and the caller's live names. */
#include "text/parties.h"

#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "text/places.h"

struct known {
	const char *code, *name, *kind;
};

/* The parties that reporting on exchanges names, with the codes the README of
 * tests/fixtures/reporting/ gives; a researcher's own parties come from the database. */
static const struct known known[] = {
	{"hamas", "Hamas", "armed_group"},
	{"hezbollah", "Hezbollah", "armed_group"},
	{"taliban", "Taliban", "de_facto_authority"},
	{"icrc", "International Committee of the Red Cross", "international_organization"},
	{"pij", "Palestinian Islamic Jihad", "armed_group"},
	{"houthis", "Houthis", "armed_group"},
	{"wagner", "Wagner Group", "armed_group"},
	{"isis", "Islamic State", "armed_group"},
	{"qassam-brigades", "Qassam Brigades", "armed_group"},
	{"haqqani-network", "Haqqani network", "armed_group"},
	{"donetsk-peoples-republic", "Donetsk People's Republic", "de_facto_authority"},
	{"luhansk-peoples-republic", "Luhansk People's Republic", "de_facto_authority"},
	{"popular-front-for-the-liberation-of-palestine",
	 "Popular Front for the Liberation of Palestine", "armed_group"},
};

struct spelling {
	const char *code, *text;
	int stem; /* 1: a Russian stem, followed by its case ending */
};

static const struct spelling spellings[] = {
	{"hamas", "Hamas", 0},
	{"hamas", "HAMAS", 0},
	{"hamas", "ХАМАС", 0},
	{"hamas", "Хамас", 1},
	{"hezbollah", "Hezbollah", 0},
	{"hezbollah", "Hizbollah", 0},
	{"hezbollah", "Hizballah", 0},
	{"hezbollah", "Хезболлах", 1},
	{"hezbollah", "Хизбалл", 1},
	{"taliban", "Taliban", 0},
	{"taliban", "Islamic Emirate", 0},
	{"taliban", "Талибан", 1},
	{"taliban", "талиб", 1},
	{"taliban", "Талиб", 1},
	{"icrc", "Red Cross", 0},
	{"icrc", "International Committee of the Red Cross", 0},
	{"icrc", "ICRC", 0},
	{"icrc", "МККК", 0},
	{"icrc", "Красный Крест", 0},
	{"icrc", "Красного Креста", 0},
	{"icrc", "Красному Кресту", 0},
	{"icrc", "Красным Крестом", 0},
	{"icrc", "Красном Кресте", 0},
	{"icrc", "Международный комитет Красного Креста", 0},
	{"icrc", "Международного комитета Красного Креста", 0},
	{"icrc", "Международному комитету Красного Креста", 0},
	{"icrc", "Международным комитетом Красного Креста", 0},
	{"pij", "Palestinian Islamic Jihad", 0},
	{"pij", "Islamic Jihad", 0},
	{"pij", "PIJ", 0},
	{"pij", "Исламский джихад", 0},
	{"pij", "Исламского джихада", 0},
	{"houthis", "Houthis", 0},
	{"houthis", "Houthi", 0},
	{"houthis", "Ansar Allah", 0},
	{"houthis", "хусит", 1},
	{"houthis", "Хусит", 1},
	{"wagner", "Wagner Group", 0},
	{"wagner", "Wagner", 0},
	{"wagner", "ЧВК «Вагнер»", 0},
	{"isis", "Islamic State", 0},
	{"isis", "ISIS", 0},
	{"isis", "ISIL", 0},
	{"isis", "Daesh", 0},
	{"isis", "ИГИЛ", 0},
	{"qassam-brigades", "Qassam Brigades", 0},
	{"qassam-brigades", "al-Qassam Brigades", 0},
	{"qassam-brigades", "Al-Qassam Brigades", 0},
	{"haqqani-network", "Haqqani network", 0},
	{"haqqani-network", "Haqqani Network", 0},
	{"donetsk-peoples-republic", "Donetsk People's Republic", 0},
	{"donetsk-peoples-republic", "Donetsk People’s Republic", 0},
	{"donetsk-peoples-republic", "DPR", 0},
	{"donetsk-peoples-republic", "ДНР", 0},
	{"luhansk-peoples-republic", "Luhansk People's Republic", 0},
	{"luhansk-peoples-republic", "Luhansk People’s Republic", 0},
	{"luhansk-peoples-republic", "LPR", 0},
	{"luhansk-peoples-republic", "ЛНР", 0},
	{"popular-front-for-the-liberation-of-palestine",
	 "Popular Front for the Liberation of Palestine", 0},
	{"popular-front-for-the-liberation-of-palestine", "PFLP", 0},
};

#define NKNOWN (sizeof(known) / sizeof(known[0]))
#define NSPELLINGS (sizeof(spellings) / sizeof(spellings[0]))

int parties_known(const char *code, const char **name, const char **kind)
{
	for (size_t i = 0; i < NKNOWN; i++)
		if (!strcmp(known[i].code, code)) {
			*name = known[i].name;
			*kind = known[i].kind;
			return 0;
		}
	return -1;
}

struct entry {
	const char *text, *code;
	size_t len;
	int stem;
	long live; /* 1 + its index in the caller's live names; 0: the table's */
};

static int by_first_byte(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int d = (int)(unsigned char)x->text[0] - (int)(unsigned char)y->text[0];
	return d ? d : (y->live > 0) - (x->live > 0); /* live names first: they win a tie */
}

static const struct known *known_of(const char *code)
{
	for (size_t i = 0; i < NKNOWN; i++)
		if (!strcmp(known[i].code, code))
			return &known[i];
	return NULL;
}

/* The longest entry that matches at byte at (a word start), its length in *len, or NULL. */
static const struct entry *match_at(const struct entry *e, const size_t *first, const unsigned char *p,
				    size_t len, size_t at, size_t *best)
{
	const struct entry *hit = NULL;

	*best = 0;
	for (size_t i = first[p[at]]; i < first[p[at] + 1]; i++) {
		size_t l = e[i].len;
		if (l <= *best || l > len - at || memcmp(p + at, e[i].text, l) != 0)
			continue;
		if (e[i].stem)
			l += places_case_ending(p + at + l, len - at - l);
		if (utf8_word_at((const char *)p, len, at + l) &&
		    utf8_word_before((const char *)p, at + l))
			continue;
		*best = l;
		hit = &e[i];
	}
	return hit;
}

long parties_find(const char *text, const struct text_span *body, size_t nbody,
		  const struct party_name *live, size_t nlive, struct party_mention **out)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t len = strlen(text), n = 0, cap = 0, ne = 0, first[257], cp = 0, b = 0;
	struct entry *e;

	*out = NULL;
	if (!utf8_valid(text) || !(e = malloc((NSPELLINGS + nlive + 1) * sizeof(*e))))
		return -1;
	for (size_t i = 0; i < NSPELLINGS; i++)
		e[ne++] = (struct entry){spellings[i].text, spellings[i].code,
					 strlen(spellings[i].text), spellings[i].stem, 0};
	for (size_t i = 0; i < nlive; i++)
		if (live[i].name && live[i].name[0] && live[i].code)
			e[ne++] = (struct entry){live[i].name, live[i].code, strlen(live[i].name), 0,
						 (long)i + 1};
	qsort(e, ne, sizeof(*e), by_first_byte);
	for (size_t c = 0, i = 0; c <= 256; c++) {
		while (i < ne && (unsigned char)e[i].text[0] < c)
			i++;
		first[c] = i;
	}
	for (size_t at = 0; at < len;) {
		const struct entry *hit = NULL;
		size_t best = 0;

		/* Only inside the body's spans (in order): skip to the next one. */
		while (body && b < nbody && cp >= body[b].end)
			b++;
		if (body && b == nbody)
			break;
		if ((!body || cp >= body[b].start) && (p[at] & 0xC0) != 0x80 &&
		    !utf8_word_before(text, at))
			hit = match_at(e, first, p, len, at, &best);
		if (!hit) {
			cp += (p[at] & 0xC0) != 0x80;
			at++;
			continue;
		}
		if (n == cap) {
			struct party_mention *m = realloc(*out, (cap = cap ? 2 * cap : 16) * sizeof(*m));
			if (!m) {
				free(*out);
				free(e);
				*out = NULL;
				return -1;
			}
			*out = m;
		}
		{
			const struct known *k = known_of(hit->code);
			struct party_mention *m = &(*out)[n++];
			m->start = cp;
			for (size_t i = 0; i < best; i++)
				cp += (p[at + i] & 0xC0) != 0x80;
			m->end = cp;
			m->code = hit->code;
			m->name = k ? k->name : NULL;
			m->kind = k ? k->kind : NULL;
			m->live = hit->live - 1;
		}
		at += best;
	}
	free(e);
	return (long)n;
}
