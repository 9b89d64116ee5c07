/* The rules of names.h. The body's words are cut into runs of capitalised words (a possessive
 * ends one; all-capital words such as datelines and acronyms are no names). A run holding a word
 * of an organisation, outlet or event ("House", "Journal", "Kremlin", "War") is no person. From
 * each other run, titles, places (the country names of places.c, and the cities below), months,
 * weekdays and function words are peeled off both ends; two words or more left are a full name,
 * one word after a title is a person by that word ("President Putin"), and any one word alone
 * that is the last word of a full name of the text joins it. A name's role: the titles and
 * places peeled off before it, and the lower-case words just before those (with a possessive
 * before them: "Putin's economic envoy"). */
#include "text/names.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf8.h"
#include "text/places.h"

static const char *const titles[] = {
	"president",  "secretary",   "minister",  "envoy",        "ambassador", "senator",  "sen.",
	"gen.",       "general",     "mr.",       "mrs.",         "ms.",        "dr.",      "prime",
	"chancellor", "king",        "queen",     "prince",       "pope",       "governor", "mayor",
	"marine",     "spokeswoman", "spokesman", "spokesperson", "director",   "chief",    "deputy",
	"foreign",    "special",     "vice",      "former",       "rep.",       "judge",    "lawyer",
	"professor",  "colonel",     "captain",   "sergeant",     "lt.",        "state",    "leader",
	"commander",  NULL,
};
static const char *const organisations[] = {
	"house",        "street",       "journal",    "radio",    "europe",     "liberty",
	"department",   "ministry",     "fund",       "office",   "times",      "post",
	"court",        "kremlin",      "agency",     "embassy",  "council",    "union",
	"nations",      "airport",      "war",        "party",    "army",       "navy",
	"bank",         "committee",    "service",    "news",     "press",      "media",
	"university",   "church",       "company",    "group",    "foundation", "institute",
	"center",       "centre",       "congress",   "senate",   "parliament", "duma",
	"guard",        "police",       "reuters",    "axios",    "wire",       "tass",
	"interfax",     "viasna",       "cross",      "square",   "palace",     "hotel",
	"prison",       "colony",       "station",    "mission",  "league",     "association",
	"organization", "organisation", "commission", "tribunal", "cabinet",    "administration",
	"wealth",       "sovereign",    "swap",       "prisoner", "prisoners",  "officials",
	"official",     "discussed",    NULL,
};
static const char *const cities[] = {
	"moscow",     "washington", "ankara",     "berlin",    "kazan",  "minsk",     "vilnius",
	"doha",       "tehran",     "abu",        "dhabi",     "los",    "angeles",   "yekaterinburg",
	"california", "miami",      "london",     "paris",     "kyiv",   "kiev",      "beijing",
	"istanbul",   "warsaw",     "riga",       "tallinn",   "geneva", "vienna",    "brussels",
	"new",        "york",       "petersburg", "st.",       "saint",  "siberia",   "crimea",
	"donbas",     "tbilisi",    "baku",       "yerevan",   "oslo",   "stockholm", "helsinki",
	"dubai",      "riyadh",     "cairo",      "jerusalem", "gaza",   "kabul",     "caracas",
	"havana",     NULL,
};
static const char *const function_words[] = {
	"the",         "a",         "an",     "his",  "her",   "their", "its",     "in",    "on",
	"at",          "as",        "but",    "and",  "since", "after", "before",  "among", "according",
	"when",        "while",     "if",     "this", "that",  "these", "those",   "one",   "two",
	"three",       "four",      "five",   "six",  "seven", "eight", "nine",    "ten",   "dear",
	"today",       "yesterday", "rights", "some", "many",  "all",   "both",    "other", "another",
	"not",         "no",        "we",     "our",  "they",  "he",    "she",     "it",    "i",
	"you",         "by",        "of",     "for",  "with",  "from",  "to",      "also",  "then",
	"there",       "here",      "why",    "what", "who",   "how",   "once",    "never", "now",
	"so",          "yet",       "still",  "even", "only",  "just",  "support", "sign",  "read",
	"subscribers", NULL,
};
static const char *const calendar[] = {
	"january",   "february", "march",    "april",    "may",    "june", "july",   "august",
	"september", "october",  "november", "december", "jan.",   "feb.", "mar.",   "apr.",
	"aug.",      "sept.",    "sep.",     "oct.",     "nov.",   "dec.", "monday", "tuesday",
	"wednesday", "thursday", "friday",   "saturday", "sunday", NULL,
};

struct word {
	size_t start, end;  /* code points; end without a possessive's ’s */
	size_t byte, bytes; /* its bytes (without the possessive) */
	int cap, allcaps, possessive, lower;
	int brk; /* punctuation between it and the word before */
};

static int in(const char *const *list, const char *w, size_t n)
{
	for (; *list; list++)
		if (strlen(*list) == n && strncasecmp(*list, w, n) == 0)
			return 1;
	return 0;
}

static uint32_t decode(const unsigned char *p, size_t k)
{
	return k == 1   ? p[0]
	       : k == 2 ? (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F)
	       : k == 3 ? (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F)
			: (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
				  (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

static int is_letter(uint32_t c)
{
	return ((c | 32) >= 'a' && (c | 32) <= 'z') ||
	       (c >= 0xC0 && c < 0x2000 && c != 0xD7 && c != 0xF7);
}

static int is_upper(uint32_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
	       (c >= 0x100 && c < 0x180 && !(c & 1)) || (c >= 0x410 && c <= 0x42F);
}

static const char *const abbreviations[] = {"mr",  "mrs", "ms",   "dr",  "st",   "gen", "sen", "rep",
					    "lt",  "jr",  "gov",  "col", "capt", "jan", "feb", "mar",
					    "apr", "aug", "sept", "sep", "oct",  "nov", "dec", NULL};

/* The code point at byte *at of p (length len), and its length in *k. */
static uint32_t at_cp(const unsigned char *p, size_t len, size_t at, size_t *k)
{
	*k = utf8_sequence(p + at, len - at);
	return *k ? decode(p + at, *k) : 0;
}

/* The words of text[span], appended to *w; *pos and *cpos: a byte and its code point at or
 * before span.start (spans come in order, so the text is read once). */
static int words_of(const char *text, struct text_span span, struct word **w, size_t *n, size_t *cap,
		    size_t *pos, size_t *cpos)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t len = strlen(text), at = *pos, cp = *cpos, k;
	int brk = 1;

	while (at < len && cp < span.start) {
		at += utf8_sequence(p + at, len - at);
		cp++;
	}
	while (at < len && cp < span.end) {
		uint32_t c = at_cp(p, len, at, &k);
		struct word x;
		size_t letters = 0, upper = 0;
		int dotted = 0;

		if (!is_letter(c)) {
			if (c != ' ' && c != '\t')
				brk = 1;
			at += k;
			cp++;
			continue;
		}
		x = (struct word){cp, cp, at, 0, is_upper(c), 0, 0, 0, brk};
		while (at < len && cp < span.end) {
			size_t k2;
			c = at_cp(p, len, at, &k);
			uint32_t next = at + k < len ? at_cp(p, len, at + k, &k2) : 0;
			if (is_letter(c)) {
				letters++;
				upper += is_upper(c);
			} else if (c == '.' && is_letter(next) && letters <= 3) {
				dotted = 1; /* "U.S" */
			} else if ((c == '-' || c == '/') && is_letter(next)) {
				; /* "Kara-Murza", "RFE/RL" */
			} else if ((c == '\'' || c == 0x2019) && (next == 's' || next == 'S') &&
				   (at + k + 1 >= len || !is_letter(p[at + k + 1]))) {
				x.possessive = 1; /* "Putin’s" */
				x.end = cp;
				x.bytes = at - x.byte;
				at += k + 1;
				cp += 2;
				goto done;
			} else if ((c == '\'' || c == 0x2019) && is_letter(next)) {
				; /* "O'Brien", "We're" */
			} else {
				break;
			}
			at += k;
			cp++;
		}
		x.end = cp;
		x.bytes = at - x.byte;
		/* A closing period is the word's when it is an abbreviation ("U.S.", "Mr."). */
		if (at < len && p[at] == '.' && (dotted || in(abbreviations, text + x.byte, x.bytes))) {
			at++;
			cp++;
			x.end = cp;
			x.bytes++;
		}
done:
		x.allcaps = letters >= 2 && upper == letters && !dotted;
		x.lower = !x.cap;
		if (*n == *cap) {
			struct word *nw = realloc(*w, (*cap = *cap ? 2 * *cap : 128) * sizeof(*nw));
			if (!nw)
				return -1;
			*w = nw;
		}
		(*w)[(*n)++] = x;
		brk = 0;
	}
	*pos = at;
	*cpos = cp;
	return 0;
}

/* A word that no name is made of, and why: 1 title, 2 place, 3 other. */
static int peel(const char *text, const struct word *x)
{
	const char *s = text + x->byte;
	struct place_mention *pm;
	char one[64];
	long np;

	if (x->allcaps)
		return 3;
	if (in(titles, s, x->bytes))
		return 1;
	if (in(cities, s, x->bytes))
		return 2;
	if (in(function_words, s, x->bytes) || in(calendar, s, x->bytes))
		return 3;
	if (x->bytes < sizeof(one)) {
		int place;
		memcpy(one, s, x->bytes);
		one[x->bytes] = 0;
		np = places_find(one, &pm);
		place = np > 0 && pm[0].start == 0;
		free(pm);
		if (place)
			return 2;
	}
	return 0;
}

static int push(struct person_mention **out, size_t *n, size_t *cap, struct person_mention m)
{
	if (*n == *cap) {
		struct person_mention *nm = realloc(*out, (*cap = *cap ? 2 * *cap : 16) * sizeof(*nm));
		if (!nm)
			return -1;
		*out = nm;
	}
	(*out)[(*n)++] = m;
	return 0;
}

static int same_word(const char *text, const struct word *a, const struct word *b)
{
	return a->bytes == b->bytes && memcmp(text + a->byte, text + b->byte, a->bytes) == 0;
}

/* FNV-1a of the word's bytes. */
static size_t word_hash(const char *text, const struct word *x)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < x->bytes; i++)
		h = (h ^ (unsigned char)text[x->byte + i]) * 1099511628211ULL;
	return (size_t)h;
}

static int by_start(const void *a, const void *b)
{
	const struct person_mention *x = a, *y = b;
	return x->name.start < y->name.start ? -1 : x->name.start > y->name.start;
}

long names_find(const char *text, const struct text_span *body, size_t nbody, struct person_mention **out)
{
	struct word *w = NULL;
	size_t nw = 0, cw = 0, n = 0, cap = 0;
	size_t *single = NULL, nsingle = 0; /* one-word runs: resolved after the full names */
	size_t *last_of = NULL;             /* each full name's last word */

	*out = NULL;
	if (!utf8_valid(text))
		return -1;
	for (size_t i = 0, pos = 0, cpos = 0; i < nbody; i++) {
		size_t before = nw;
		if (i && body[i].start < body[i - 1].end)
			pos = cpos = 0; /* out of order: read from the start again */
		if (words_of(text, body[i], &w, &nw, &cw, &pos, &cpos) < 0)
			goto oom;
		if (nw > before)
			w[before].brk = 1; /* a paragraph starts a run afresh */
	}
	if (!(single = malloc((nw + 1) * sizeof(*single))) ||
	    !(last_of = malloc((nw + 1) * sizeof(*last_of))))
		goto oom;
	for (size_t i = 0; i < nw;) {
		size_t a = i, b = i, x, y, title_before = 0;
		int organisation = 0;

		if (!w[i].cap || w[i].allcaps) {
			i++;
			continue;
		}
		/* The run: capitalised words with nothing between them; a possessive ends it. */
		while (b < nw && w[b].cap && !w[b].allcaps && (b == a || !w[b].brk)) {
			b++;
			if (w[b - 1].possessive)
				break;
		}
		i = b;
		for (x = a; x < b; x++)
			organisation |= in(organisations, text + w[x].byte, w[x].bytes);
		if (organisation)
			continue;
		for (x = a; x < b; x++) {
			int why = peel(text, &w[x]);
			if (!why)
				break;
			title_before |= why == 1;
		}
		for (y = b; y > x && peel(text, &w[y - 1]); y--)
			;
		if (y <= x)
			continue;
		/* A place of several words ("United States", "South Korea") is no name. */
		if (y - x >= 2) {
			size_t bytes = w[y - 1].byte + w[y - 1].bytes - w[x].byte;
			char *one = strndup(text + w[x].byte, bytes);
			struct place_mention *pm = NULL;
			long np = one ? places_find(one, &pm) : -1;
			int place = np > 0 && pm[0].start == 0 && pm[0].end == utf8_length(one);
			free(pm);
			free(one);
			if (np < 0)
				goto oom;
			if (place)
				continue;
		}
		if (y - x >= 2 || title_before) {
			struct person_mention m;
			size_t r = a;
			/* The role: what was peeled before, and the lower-case words just before the run
			 * (with a possessive before those). */
			while (r > 0 && w[r - 1].lower && !w[r].brk && a - r < 3 &&
			       !in(function_words, text + w[r - 1].byte, w[r - 1].bytes) &&
			       !(w[r - 1].bytes > 3 &&
				 !strncmp(text + w[r - 1].byte + w[r - 1].bytes - 2, "ed", 2)))
				r--; /* not past a function word or a verb's past ("freed") */
			if (r < a && r > 0 && w[r - 1].possessive && !w[r].brk)
				r--;
			m.name = (struct text_span){w[x].start, w[y - 1].end};
			m.full = m.name;
			m.role = r < x ? (struct text_span){w[r].start, w[x - 1].end}
				       : (struct text_span){0, 0};
			last_of[n] = y - 1;
			if (push(out, &n, &cap, m) < 0)
				goto oom;
			continue;
		}
		single[nsingle++] = x;
	}
	/* A word alone that is a full name's last word is that person (the first full name that
	 * ends with it): looked up in a table of the full names' last words, so that the work
	 * grows with the words, not with lone words times full names. */
	if (n && nsingle) {
		size_t size = 16, full = n;
		size_t *first; /* slot: 1 + the first full name whose last word hashes there */
		while (size < 2 * full)
			size *= 2;
		if (!(first = calloc(size, sizeof(*first))))
			goto oom;
		for (size_t f = 0; f < full; f++) {
			const struct word *l = &w[last_of[f]];
			size_t h = word_hash(text, l) & (size - 1);
			while (first[h] && !same_word(text, l, &w[last_of[first[h] - 1]]))
				h = (h + 1) & (size - 1);
			if (!first[h])
				first[h] = f + 1;
		}
		for (size_t k = 0; k < nsingle; k++) {
			const struct word *s = &w[single[k]];
			size_t h = word_hash(text, s) & (size - 1), f;
			while (first[h] && !same_word(text, s, &w[last_of[first[h] - 1]]))
				h = (h + 1) & (size - 1);
			if (!first[h])
				continue;
			f = first[h] - 1;
			{
				struct person_mention m = {{s->start, s->end}, (*out)[f].full, {0, 0}};
				if (push(out, &n, &cap, m) < 0) {
					free(first);
					goto oom;
				}
			}
		}
		free(first);
	}
	if (n)
		qsort(*out, n, sizeof(**out), by_start);
	free(w);
	free(single);
	free(last_of);
	return (long)n;
oom:
	free(w);
	free(single);
	free(last_of);
	free(*out);
	*out = NULL;
	return -1;
}
