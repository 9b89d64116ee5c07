/* The rules of names.h. The body's words are cut into runs of capitalised words (a possessive
 * ends one; particles in lower case stay inside: "bin", "van"; all-capital words, datelines and
 * acronyms, are no names). In a run:
 *  - words from a place's first word on ("Kibbutz", "Tel") and up to an organisation's word
 *    ("Headquarters", "Ministry", "Island") are no person, nor a word of a photo credit;
 *  - titles ("Mr", "Defense Secretary", "Lt. Col.") before the name are its role, and places,
 *    months, function words and sentence starts (a capitalised word that the text also writes in
 *    lower case) are peeled off both ends; in Russian a given name starts the name ("Херсона
 *    Владимир Николаенко");
 *  - two words or more are a full name; one word joins the fullest full name that ends with it
 *    ("Mr Whelan"), or after a title (or a kinship word, or before an age: "Noiya, 16,") the one
 *    it starts ("Sheikh Mohamed"), else is the person by that word ("President Biden"); a full name
 *    that is the end or the start of a fuller one ("Ms Shem Tov") joins it.
 * The headline (the body's first paragraph) and title-case lines name only people their body
 * names. Russian words are compared by stem, so every case of a name is one person. Every table
 * is a hash table: the work grows with the words, never with words times names. */
#include "text/names.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf8.h"
#include "text/names_words.h"
#include "text/places.h"

struct word {
	size_t start, end;  /* code points; end without a possessive's ’s */
	size_t byte, bytes; /* its bytes (without the possessive) */
	size_t para;        /* its paragraph: an index of the body */
	size_t low;         /* its lower-case form in the arena (bytes bytes) */
	size_t keylen;      /* its key: as written, or (Cyrillic) the lower-case stem */
	uint64_t hash;      /* of the key */
	unsigned cls;       /* NW_ classes */
	uint32_t pc;        /* the punctuation just before it, or 0 */
	unsigned cap : 1, allcaps : 1, possessive : 1, brk : 1, sent : 1, slash : 1, cyr : 1, head : 1;
};

/* A name found, before it is resolved: words [x, y) of a run, its role. */
struct cand {
	size_t x, y;
	struct text_span role;
	int titled;
};

struct state {
	const char *text;
	size_t len;  /* strlen(text), once: a text of 100,000 paragraphs is read once */
	char *arena; /* the words' lower case; grows (spans may overlap and repeat words) */
	size_t arena_cap;
	struct word *w;
	size_t nw, cw;
};

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
	       (c >= 0x100 && c < 0x180 && !(c & 1)) || (c >= 0x410 && c <= 0x42F) || c == 0x401;
}

/* Punctuation after which a word starts a sentence (or a quotation, or a dialogue line). */
static int sentence_mark(uint32_t c)
{
	return c == '.' || c == '!' || c == '?' || c == ':' || c == '"' || c == 0x201C || c == 0xAB ||
	       c == 0x2014 || c == 0x2013 || c == 0x2026 || c == '(' || c == '-';
}

static const char *const abbreviations[] = {"mr",   "mrs", "ms",  "dr",  "st",   "gen",  "sen",
					    "rep",  "lt",  "jr",  "gov", "col",  "capt", "maj",
					    "sgt",  "cpl", "pvt", "adm", "cmdr", "brig", "rev",
					    "prof", "jan", "feb", "mar", "apr",  "aug",  "sept",
					    "sep",  "oct", "nov", "dec", "mt",   NULL};

static int abbreviation(const char *w, size_t n)
{
	for (const char *const *a = abbreviations; *a; a++)
		if (strlen(*a) == n && strncasecmp(*a, w, n) == 0)
			return 1;
	return 0;
}

static uint32_t at_cp(const unsigned char *p, size_t len, size_t at, size_t *k)
{
	*k = utf8_sequence(p + at, len - at);
	return *k ? decode(p + at, *k) : 0;
}

static uint64_t fnv(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* A word's class, key and flags from its bytes (the arena has room for its lower case). */
static void classify(struct state *st, struct word *x, size_t *arena_at)
{
	char *low = st->arena + *arena_at;
	const char *dash;

	names_lower(st->text + x->byte, x->bytes, low);
	x->low = *arena_at;
	*arena_at += x->bytes;
	x->cyr = x->bytes >= 2 && ((unsigned char)low[0] == 0xD0 || (unsigned char)low[0] == 0xD1);
	x->cls = names_word_class(low, x->bytes);
	/* "al-Ansari", "el-Sisi": a lower-case prefix, a hyphen and a capital make a name's word. */
	dash = memchr(low, '-', x->bytes);
	if (!x->cap && dash && (names_word_class(low, (size_t)(dash - low)) & NW_HYPHEN) &&
	    is_upper((unsigned char)st->text[x->byte + (size_t)(dash - low) + 1]))
		x->cap = 1;
	x->keylen = x->cyr ? names_ru_stem(low, x->bytes) : x->bytes;
	x->hash = fnv(x->cyr ? low : st->text + x->byte, x->keylen);
}

static const char *key_of(const struct state *st, const struct word *x)
{
	return x->cyr ? st->arena + x->low : st->text + x->byte;
}

static int same_key(const struct state *st, const struct word *a, const struct word *b)
{
	return a->keylen == b->keylen && a->cyr == b->cyr &&
	       memcmp(key_of(st, a), key_of(st, b), a->keylen) == 0;
}

/* The words of text[span] (paragraph para) appended to st->w; *pos and *cpos: a byte and its code
 * point at or before span.start (spans come in order, so the text is read once). */
static int words_of(struct state *st, struct text_span span, size_t para, size_t *pos, size_t *cpos,
		    size_t *arena_at)
{
	const char *text = st->text;
	const unsigned char *p = (const unsigned char *)text;
	size_t len = st->len, at = *pos, cp = *cpos, k;
	uint32_t pc = 0;
	int brk = 1, sent = 1;

	while (at < len && cp < span.start) {
		at += utf8_sequence(p + at, len - at);
		cp++;
	}
	while (at < len && cp < span.end) {
		uint32_t c = at_cp(p, len, at, &k);
		struct word x;
		size_t letters = 0, upper = 0;
		int dotted = 0, slash = 0;

		if (!k)
			break;
		if (!is_letter(c)) {
			if (c != ' ' && c != '\t' && c != 0xA0) {
				brk = 1;
				pc = c;
				sent |= sentence_mark(c);
			}
			at += k;
			cp++;
			continue;
		}
		memset(&x, 0, sizeof(x));
		x.start = x.end = cp;
		x.byte = at;
		x.para = para;
		x.cap = is_upper(c);
		x.brk = brk;
		x.sent = sent;
		x.pc = pc;
		while (at < len && cp < span.end) {
			size_t k2;
			c = at_cp(p, len, at, &k);
			uint32_t next = at + k < len ? at_cp(p, len, at + k, &k2) : 0;
			if (is_letter(c)) {
				letters++;
				upper += is_upper(c);
			} else if (c >= '0' && c <= '9' && letters) {
				; /* "Flash90" */
			} else if (c == '.' && is_letter(next) && letters <= 3) {
				dotted = 1; /* "U.S" */
			} else if ((c == '-' || c == '/') && is_letter(next)) {
				slash |= c == '/'; /* "Kara-Murza", "Sindel/Flash90" */
			} else if ((c == '\'' || c == 0x2019) && (next == 's' || next == 'S') &&
				   (at + k + 1 >= len || !is_letter(p[at + k + 1]))) {
				x.possessive = 1; /* "Putin’s" */
				x.end = cp;
				x.bytes = at - x.byte;
				at += k + 1;
				cp += 2;
				goto done;
			} else if ((c == '\'' || c == 0x2019) && is_letter(next)) {
				; /* "O'Brien", "Be'eri" */
			} else {
				break;
			}
			at += k;
			cp++;
		}
		x.end = cp;
		x.bytes = at - x.byte;
		/* A closing period is the word's when it is an abbreviation ("U.S.", "Mr."). */
		if (at < len && p[at] == '.' && (dotted || abbreviation(text + x.byte, x.bytes))) {
			at++;
			cp++;
			x.end = cp;
			x.bytes++;
		}
done:
		x.allcaps = letters >= 2 && upper == letters && !dotted;
		x.slash = slash;
		if (st->nw == st->cw) {
			struct word *nw = realloc(st->w,
						  (st->cw = st->cw ? 2 * st->cw : 128) * sizeof(*nw));
			if (!nw)
				return -1;
			st->w = nw;
		}
		if (*arena_at + x.bytes > st->arena_cap) {
			size_t want = 2 * (st->arena_cap + x.bytes);
			char *na = realloc(st->arena, want);
			if (!na)
				return -1;
			st->arena = na;
			st->arena_cap = want;
		}
		classify(st, &x, arena_at);
		st->w[st->nw++] = x;
		brk = sent = 0;
		pc = 0;
	}
	*pos = at;
	*cpos = cp;
	return 0;
}

/* A word at a run's end that no name ends with: a title, place, function word or a country. */
static int peelable(const struct state *st, const struct word *x)
{
	struct place_mention *pm = NULL;
	char one[NAMES_WORD_MAX + 1];
	long np;
	int place;

	if (x->allcaps || (x->cls & (NW_TITLE | NW_PLACE | NW_FUNC | NW_PLACE_START)))
		return 1;
	if (x->bytes > NAMES_WORD_MAX)
		return 0;
	memcpy(one, st->text + x->byte, x->bytes);
	one[x->bytes] = 0;
	np = places_find(one, &pm);
	place = np > 0 && pm[0].start == 0;
	free(pm);
	return place;
}

/* 1 when words [x, y) are, together, one place ("United States", "South Korea"); -1 out of
 * memory. */
static int one_place(const struct state *st, size_t x, size_t y)
{
	size_t bytes = st->w[y - 1].byte + st->w[y - 1].bytes - st->w[x].byte;
	char *one = strndup(st->text + st->w[x].byte, bytes);
	struct place_mention *pm = NULL;
	long np = one ? places_find(one, &pm) : -1;
	int place = np > 0 && pm[0].start == 0 && pm[0].end == utf8_length(one);

	free(pm);
	free(one);
	return np < 0 ? -1 : place;
}

/* The role of a name whose run starts at word a and whose name at word x: the words peeled before
 * it, and the lower-case words just before the run (with a possessive before those: "Putin's
 * economic envoy"), not past a function word or a verb's past ("freed"). */
static struct text_span role_of(const struct state *st, size_t a, size_t x)
{
	const struct word *w = st->w;
	size_t r = a;

	while (r > 0 && !w[r - 1].cap && !w[r].brk && w[r - 1].para == w[a].para && a - r < 3 &&
	       !(w[r - 1].cls & NW_FUNC) &&
	       !(w[r - 1].bytes > 3 && !strncmp(st->text + w[r - 1].byte + w[r - 1].bytes - 2, "ed", 2)))
		r--;
	if (r < a && r > 0 && w[r - 1].possessive && !w[r].brk)
		r--;
	while (r < x && (w[r].cls & NW_FUNC) && !(w[r].cls & NW_TITLE))
		r++; /* "Both" of "Both Berman" */
	/* Russian words before a name are a role only with a title among them ("помощник
	 * президента"), not a verb or an adverb («добавила», «по словам»). */
	if (w[a].cyr) {
		size_t j = r;
		while (j < x && !(w[j].cls & NW_TITLE))
			j++;
		if (j == x)
			r = x;
	}
	return r < x ? (struct text_span){w[r].start, w[x - 1].end} : (struct text_span){0, 0};
}

/* 1 when s starts with ", " and an age: one to three digits and a comma, bracket or stop. */
static int aged(const char *s)
{
	size_t d = 0;

	if (s[0] != ',' || s[1] != ' ')
		return 0;
	while (d < 4 && s[2 + d] >= '0' && s[2 + d] <= '9')
		d++;
	return d >= 1 && d <= 3 && (s[2 + d] == ',' || s[2 + d] == ')' || s[2 + d] == ';');
}

static int push_cand(struct cand **c, size_t *n, size_t *cap, struct cand x)
{
	if (*n == *cap) {
		struct cand *nc = realloc(*c, (*cap = *cap ? 2 * *cap : 64) * sizeof(*nc));
		if (!nc)
			return -1;
		*c = nc;
	}
	(*c)[(*n)++] = x;
	return 0;
}

/* The name that run [a, b) holds, if any, appended to *c (with the word before its title when
 * that is a name's: "Putin" of "Putin Envoy Dmitriev"). Returns 0, or -1 out of memory. */
static int run_of(const struct state *st, size_t a, size_t b, struct cand **c, size_t *nc, size_t *cc)
{
	const struct word *w = st->w;
	size_t x = a, y = b, first_title = b, j;
	int titled = 0, place;

	for (j = a; j < b; j++)
		if (w[j].slash)
			return 0; /* a photo credit: "Sindel/Flash90" */
	for (j = a; j < b && !(w[j].cls & NW_PLACE_START); j++)
		;
	y = j;
	for (j = a; j < y; j++)
		if (w[j].cls & NW_ORG)
			x = j + 1;
	for (j = x; j + 1 < y; j++)
		if (w[j].cls & NW_TITLE) {
			first_title = first_title < j ? first_title : j;
			x = j + 1;
			titled = 1;
		}
	if (first_title > a && first_title < b && x > a) {
		size_t px = a, py = first_title;
		while (px < py && peelable(st, &w[px]))
			px++;
		while (py > px && peelable(st, &w[py - 1]))
			py--;
		if (py == px + 1 && !(w[px].cls & NW_ORG) &&
		    push_cand(c, nc, cc, (struct cand){px, py, {0, 0}, 0}) < 0)
			return -1;
	}
	for (; x < y && peelable(st, &w[x]); x++)
		titled |= (w[x].cls & NW_TITLE) != 0;
	while (y > x && peelable(st, &w[y - 1]))
		y--;
	if (y <= x)
		return 0;
	/* Russian: a given name starts the name ("Президент Украины Владимир Зеленский"). */
	if (w[x].cyr && y - x >= 3 && !names_ru_given(st->arena + w[x].low, w[x].bytes))
		for (j = x + 1; j + 1 < y; j++)
			if (names_ru_given(st->arena + w[j].low, w[j].bytes)) {
				x = j;
				break;
			}
	/* A lower-case title just before the run: "reporter Gershkovich", «президент Лукашенко»,
	 * "her husband, Pete". */
	if (a > 0 && (!w[a].brk || w[a].pc == ',') && !w[a - 1].cap && (w[a - 1].cls & NW_TITLE) &&
	    w[a - 1].para == w[a].para)
		titled = 1;
	/* A name and an age: "Noiya, 16, and Yahel, 13", "Hisham al-Sayed, 36,". */
	if (y == b && aged(st->text + w[y - 1].byte + w[y - 1].bytes + (w[y - 1].possessive ? 3 : 0)))
		titled = 1;
	if (y - x >= 2 && (place = one_place(st, x, y)) != 0)
		return place < 0 ? -1 : 0;
	return push_cand(c, nc, cc, (struct cand){x, y, role_of(st, a, x), titled});
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

static int by_start(const void *a, const void *b)
{
	const struct person_mention *x = a, *y = b;
	return x->name.start < y->name.start ? -1 : x->name.start > y->name.start;
}

/* The full names' tables: each maps a word (by key) to the fullest full name (most words, then
 * first) whose last word, or first word, it is; and a name's words to the first full name of
 * the same words (Russian: the same stems, "Сергея Тихановского" → "Сергей Тихановский"). */
struct tables {
	const struct state *st;
	const struct cand *full;           /* the full names' words */
	size_t size, *last, *first, *same; /* slots: 1 + a full name's index, 0 empty */
};

static uint64_t words_hash(const struct state *st, const struct cand *f)
{
	uint64_t h = 0;

	for (size_t i = f->x; i < f->y; i++)
		h = (h ^ st->w[i].hash) * 1099511628211ULL;
	return h;
}

static int same_words(const struct state *st, const struct cand *f, const struct cand *g)
{
	if (f->y - f->x != g->y - g->x)
		return 0;
	for (size_t i = 0; i < f->y - f->x; i++)
		if (!same_key(st, &st->w[f->x + i], &st->w[g->x + i]))
			return 0;
	return 1;
}

/* The slot of word x in table t (by the word each full name has at its end, or its start). */
static size_t *slot_of(const struct tables *t, size_t *table, const struct word *x, int end)
{
	size_t h = x->hash & (t->size - 1);

	while (table[h]) {
		const struct cand *f = &t->full[table[h] - 1];
		if (same_key(t->st, &t->st->w[end ? f->y - 1 : f->x], x))
			break;
		h = (h + 1) & (t->size - 1);
	}
	return &table[h];
}

static size_t *slot_same(const struct tables *t, const struct cand *f)
{
	size_t h = words_hash(t->st, f) & (t->size - 1);

	while (t->same[h] && !same_words(t->st, &t->full[t->same[h] - 1], f))
		h = (h + 1) & (t->size - 1);
	return &t->same[h];
}

static void keep_fullest(const struct tables *t, size_t *s, size_t f)
{
	if (!*s || t->full[f].y - t->full[f].x > t->full[*s - 1].y - t->full[*s - 1].x)
		*s = f + 1;
}

/* The fuller name that full name f is the end or the start of ("Shem Tov" of "Omer Shem Tov",
 * "Mohamed bin Zayed" of "Mohamed bin Zayed Al Nahyan"), or f. */
static size_t fuller(const struct tables *t, size_t f)
{
	const struct cand *a = &t->full[f];
	size_t n = a->y - a->x;

	for (int end = 1; end >= 0; end--) {
		size_t s = *slot_of(t, end ? t->last : t->first, &t->st->w[end ? a->y - 1 : a->x], end);
		const struct cand *g = s ? &t->full[s - 1] : NULL;
		size_t i, off;
		if (!g || g->y - g->x <= n)
			continue;
		off = end ? g->y - g->x - n : 0;
		for (i = 0; i < n && same_key(t->st, &t->st->w[a->x + i], &t->st->w[g->x + off + i]); i++)
			;
		if (i == n)
			return s - 1;
	}
	return f;
}

/* Marks the sentence starts that the text also writes in lower case ("Both", «Вечером») as
 * function words, by a table of the lower-case words' lower-case forms. */
static int common_starts(struct state *st)
{
	size_t size = 16, *set;

	while (size < 2 * st->nw + 2)
		size *= 2;
	if (!(set = calloc(size, sizeof(*set))))
		return -1;
	for (size_t i = 0; i < st->nw; i++) {
		const struct word *x = &st->w[i];
		size_t h;
		if (x->cap)
			continue;
		for (h = fnv(st->arena + x->low, x->bytes) & (size - 1); set[h]; h = (h + 1) & (size - 1))
			if (st->w[set[h] - 1].bytes == x->bytes &&
			    !memcmp(st->arena + st->w[set[h] - 1].low, st->arena + x->low, x->bytes))
				break;
		set[h] = i + 1;
	}
	for (size_t i = 0; i < st->nw; i++) {
		struct word *x = &st->w[i];
		size_t h;
		if (!x->cap || !x->sent || x->cls)
			continue;
		for (h = fnv(st->arena + x->low, x->bytes) & (size - 1); set[h]; h = (h + 1) & (size - 1))
			if (st->w[set[h] - 1].bytes == x->bytes &&
			    !memcmp(st->arena + st->w[set[h] - 1].low, st->arena + x->low, x->bytes)) {
				x->cls |= NW_FUNC;
				break;
			}
	}
	free(set);
	return 0;
}

/* Marks the words of headlines (thirty words at most): the body's first paragraph unless it ends
 * as a sentence, and any paragraph in title case (seven in ten of its longer words capitalised)
 * that does not. */
static void headlines(struct state *st, const char *text)
{
	for (size_t i = 0, start; i < st->nw; i = start) {
		size_t longer = 0, caps = 0, end;
		int head;
		for (start = i; start < st->nw && st->w[start].para == st->w[i].para; start++)
			if (st->w[start].bytes >= 4) {
				longer++;
				caps += st->w[start].cap;
			}
		end = st->w[start - 1].byte + st->w[start - 1].bytes;
		while (text[end] && strchr(")]\"'", text[end]))
			end++;
		head = !(text[end] && strchr(".!?", text[end])) && text[end - 1] != '.';
		head = head && start - i <= 30 &&
		       (st->w[i].para == 0 || (longer >= 3 && caps * 10 >= longer * 7));
		for (size_t j = i; head && j < start; j++)
			st->w[j].head = 1;
	}
}

long names_find(const char *text, const struct text_span *body, size_t nbody, struct person_mention **out)
{
	struct state st = {text, 0, NULL, 0, NULL, 0, 0};
	struct cand *c = NULL, *full = NULL, *single = NULL;
	struct tables t = {&st, NULL, 0, NULL, NULL, NULL};
	size_t nc = 0, cc = 0, nfull = 0, nsingle = 0, n = 0, cap = 0, arena_at = 0;
	size_t *target = NULL, credit_para = (size_t)-1;

	*out = NULL;
	if (!utf8_valid(text))
		return -1;
	st.len = strlen(text);
	st.arena_cap = st.len + 1;
	if (!(st.arena = malloc(st.arena_cap)))
		return -1;
	for (size_t i = 0, pos = 0, cpos = 0; i < nbody; i++) {
		if (i && body[i].start < body[i - 1].end)
			pos = cpos = 0; /* out of order: read from the start again */
		if (words_of(&st, body[i], i, &pos, &cpos, &arena_at) < 0)
			goto oom;
	}
	if (common_starts(&st) < 0)
		goto oom;
	headlines(&st, text);
	for (size_t i = 0; i < st.nw;) {
		size_t a = i, b = i;
		const struct word *w = st.w;

		/* "Photo: ..." credits the rest of its paragraph. */
		if ((w[i].cls & NW_CREDIT) && w[i].brk && (w[i].sent || w[i].pc == '(') &&
		    i + 1 < st.nw && w[i + 1].para == w[i].para && w[i + 1].pc == ':')
			credit_para = w[i].para;
		if (!w[i].cap || w[i].allcaps || w[i].head || w[i].para == credit_para) {
			i++;
			continue;
		}
		/* The run: capitalised words with nothing between them (a particle may be, in lower
		 * case: "bin", "van"); a possessive ends it. */
		while (b < st.nw && (b == a || (!w[b].brk && w[b].para == w[a].para))) {
			if (b > a && !w[b].cap && (w[b].cls & NW_PARTICLE) && b + 1 < st.nw &&
			    w[b + 1].cap && !w[b + 1].brk && !w[b + 1].allcaps)
				b++;
			else if (!w[b].cap || w[b].allcaps)
				break;
			b++;
			if (w[b - 1].possessive)
				break;
		}
		i = b;
		if (run_of(&st, a, b, &c, &nc, &cc) < 0)
			goto oom;
	}
	/* Full names first (each its own mention), then the tables, then the single words. */
	if (!(full = malloc((nc + 1) * sizeof(*full))) || !(single = malloc((nc + 1) * sizeof(*single))) ||
	    !(target = malloc((nc + 1) * sizeof(*target))))
		goto oom;
	for (size_t i = 0; i < nc; i++) {
		if (c[i].y - c[i].x < 2) {
			single[nsingle++] = c[i];
			continue;
		}
		full[nfull++] = c[i];
		if (push(out, &n, &cap,
			 (struct person_mention){{st.w[c[i].x].start, st.w[c[i].y - 1].end},
						 {st.w[c[i].x].start, st.w[c[i].y - 1].end},
						 c[i].role,
						 ""}) < 0)
			goto oom;
	}
	for (t.size = 16; t.size < 2 * nfull + 2; t.size *= 2)
		;
	t.full = full;
	if (!(t.last = calloc(t.size, sizeof(size_t))) || !(t.first = calloc(t.size, sizeof(size_t))) ||
	    !(t.same = calloc(t.size, sizeof(size_t))))
		goto oom;
	for (size_t f = 0; f < nfull; f++) {
		size_t *s = slot_same(&t, &full[f]);
		if (!*s)
			*s = f + 1;
		keep_fullest(&t, slot_of(&t, t.last, &st.w[full[f].y - 1], 1), f);
		keep_fullest(&t, slot_of(&t, t.first, &st.w[full[f].x], 0), f);
	}
	/* Each full name stands for the fuller one it is part of, else the first of its words; a
	 * Russian one's nominative is the first its mentions tell. */
	for (size_t f = 0; f < nfull; f++) {
		size_t g = fuller(&t, f);
		target[f] = g != f ? *slot_same(&t, &full[g]) - 1 : *slot_same(&t, &full[f]) - 1;
		(*out)[f].full = (*out)[target[f]].name;
	}
	for (size_t f = 0; f < nfull; f++) {
		size_t at[8], len[8], k = 0;
		char nom[sizeof((*out)->nominative)];
		if (!st.w[full[f].x].cyr || (*out)[target[f]].nominative[0])
			continue;
		for (size_t i = full[f].x; i < full[f].y && k < 8; i++, k++) {
			at[k] = st.w[i].byte;
			len[k] = st.w[i].bytes;
		}
		if (names_ru_nominative(text, at, len, k, nom, sizeof(nom)))
			memcpy((*out)[target[f]].nominative, nom, sizeof(nom));
	}
	for (size_t f = 0; f < nfull; f++)
		memcpy((*out)[f].nominative, (*out)[target[f]].nominative, sizeof((*out)->nominative));
	/* A single word joins the fullest full name it ends (or, after a title, starts: "Sheikh
	 * Mohamed", "her sister Doron"); after a title it is else the person by it. */
	for (size_t k = 0; k < nsingle; k++) {
		const struct word *s = &st.w[single[k].x];
		size_t f = *slot_of(&t, t.last, s, 1);
		struct person_mention m = {{s->start, s->end}, {s->start, s->end}, single[k].role, ""};
		if (!f && single[k].titled)
			f = *slot_of(&t, t.first, s, 0);
		if (!f && !single[k].titled)
			continue;
		if (f) {
			m.full = (*out)[f - 1].full;
			memcpy(m.nominative, (*out)[f - 1].nominative, sizeof(m.nominative));
		}
		if (push(out, &n, &cap, m) < 0)
			goto oom;
	}
	/* A headline's word names the person whose full name in the body ends with it. */
	for (size_t i = 0; i < st.nw; i++) {
		const struct word *s = &st.w[i];
		size_t f;
		if (!s->head || !s->cap || s->allcaps || (s->cls & (NW_FUNC | NW_TITLE | NW_ORG)) ||
		    !(f = *slot_of(&t, t.last, s, 1)))
			continue;
		struct person_mention m = {{s->start, s->end}, (*out)[f - 1].full, {0, 0}, ""};
		memcpy(m.nominative, (*out)[f - 1].nominative, sizeof(m.nominative));
		if (push(out, &n, &cap, m) < 0)
			goto oom;
	}
	if (n)
		qsort(*out, n, sizeof(**out), by_start);
	free(st.arena);
	free(st.w);
	free(c);
	free(full);
	free(single);
	free(target);
	free(t.last);
	free(t.first);
	free(t.same);
	return (long)n;
oom:
	free(st.arena);
	free(st.w);
	free(c);
	free(full);
	free(single);
	free(target);
	free(t.last);
	free(t.first);
	free(t.same);
	free(*out);
	*out = NULL;
	return -1;
}
