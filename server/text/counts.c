/* The rules of counts.h, sentence by sentence. A count is a number (digits with their group
 * separators, "1,000", «1 000»; or a number word, "three", «трое») followed, past at most three
 * adjectives or demonyms, by a word for people (the lists below, each with its category), in a
 * sentence that speaks of a release ("freed", "returned", "swap", «освобождены», «вернулись»)
 * and not of killing or capture next to the number. Before it, "about", "more than", «около»
 * make it approximate, and "the bodies of", «тела» make it remains. "1,000 for 1,000" and «500 на
 * 500» are two counts, one each way.
 *
 * Sides: a demonym in the count's words is whom it names ("390 Ukrainian defenders": released to
 * Ukraine), released by the other of the article's two main sides (the two sides it names most);
 * without one, a side just before the count that acts ("Hamas freed three hostages") releases,
 * and "to X" after it receives. Words are folded to lower case (ASCII and Cyrillic) to compare. */
#include "text/counts.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

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

enum cat { NONE, POW, CIV, HOST, REM, DET, POL, OTHER };
static const char *const cat_names[] =
	{NULL,      "prisoners_of_war", "civilians",           "hostages",
	 "remains", "detainees",        "political_prisoners", "other"};

struct noun {
	const char *w;
	enum cat cat;
	int prefix; /* a Russian stem: the word begins with it */
};

static const struct noun nouns[] = {
	{"soldiers", POW, 0},      {"soldier", POW, 0},        {"servicemen", POW, 0},
	{"serviceman", POW, 0},    {"servicemembers", POW, 0}, {"troops", POW, 0},
	{"defenders", POW, 0},     {"fighters", POW, 0},       {"marines", POW, 0},
	{"guardsmen", POW, 0},     {"guards", POW, 0},         {"pows", POW, 0},
	{"combatants", POW, 0},    {"warriors", POW, 0},       {"sailors", POW, 0},
	{"pilots", POW, 0},        {"officers", POW, 0},       {"paratroopers", POW, 0},
	{"military", POW, 0},      {"personnel", POW, 0},      {"civilians", CIV, 0},
	{"civilian", CIV, 0},      {"crew", OTHER, 0},         {"members", DET, 0},
	{"journalists", OTHER, 0}, {"journalist", OTHER, 0},   {"reporters", OTHER, 0},
	{"activists", OTHER, 0},   {"hostages", HOST, 0},      {"hostage", HOST, 0},
	{"bodies", REM, 0},        {"remains", REM, 0},        {"coffins", REM, 0},
	{"prisoners", DET, 0},     {"prisoner", DET, 0},       {"detainees", DET, 0},
	{"inmates", DET, 0},       {"captives", DET, 0},       {"convicts", DET, 0},
	{"people", OTHER, 0},      {"persons", OTHER, 0},      {"individuals", OTHER, 0},
	{"citizens", OTHER, 0},    {"nationals", OTHER, 0},    {"men", OTHER, 0},
	{"women", OTHER, 0},       {"children", OTHER, 0},     {"minors", OTHER, 0},
	{"others", OTHER, 0},      {"военнопленн", POW, 1},    {"военнослужащ", POW, 1},
	{"военн", POW, 1},         {"бойц", POW, 1},           {"боец", POW, 1},
	{"защитник", POW, 1},      {"солдат", POW, 1},         {"пленн", POW, 1},
	{"пограничник", POW, 1},   {"нацгвардейц", POW, 1},    {"морпех", POW, 1},
	{"моряк", POW, 1},         {"летчик", POW, 1},         {"офицер", POW, 1},
	{"гражданск", CIV, 1},     {"мирн", CIV, 1},           {"заложни", HOST, 1},
	{"тел", REM, 0},           {"тела", REM, 0},           {"останк", REM, 1},
	{"погибш", REM, 1},        {"политзаключенн", POL, 1}, {"политзаключённ", POL, 1},
	{"заключенн", DET, 1},     {"заключённ", DET, 1},      {"задержанн", DET, 1},
	{"узник", DET, 1},         {"человек", OTHER, 0},      {"граждан", OTHER, 1},
	{"людей", OTHER, 0},
};

/* Words that may stand between a number and its noun. */
static const char *const adjectives[] = {
	"more",      "other",    "additional",  "female",   "male",        "young",   "wounded",
	"seriously", "severely", "badly",       "ill",      "sick",        "elderly", "captured",
	"released",  "detained", "imprisoned",  "jailed",   "freed",       "former",  "living",
	"surviving", "fallen",   "dead",        "deceased", "injured",     "foreign", "political",
	"border",    "national", "territorial", "service",  "defence",     "defense", "civilian",
	"of",        "war",      "remaining",   "israeli",  "palestinian", NULL,
};

/* A sentence speaks of a release: a word that begins with one of these. */
static const char *const release_stems[] = {
	"releas",    "free",    "return",  "exchang", "swap",     "handed",  "hand",
	"repatriat", "brought", "bring",   "home",    "transfer", "liberat", "deliver",
	"reunit",    "back",    "освобод", "вернул",  "вернут",   "вернет",  "вернёт",
	"возвращ",   "верну",   "переда",  "обмен",   "отпущ",    "отпуст",  "репатри",
	"свобод",    "домой",   "выда",    "получ",   NULL,
};

/* Next to the number, the people were not released: killed, captured, still held. */
static const char *const against[] = {
	"killed", "died",   "dead",     "wounded",    "captured",     "abducted", "missing",
	"remain", "still",  "holds",    "holding",    "held",         "taken",    "погибли",
	"убиты",  "ранены", "остаются", "удерживает", "удерживаются", NULL,
};

/* A sentence that names a mediator: its sides are not the deal's ("through Emirati mediation"). */
static const char *const mediation[] = {"mediat",   "broker",         "facilitat", "hosted",
					"посредни", "при содействии", NULL};

/* After a number with no noun of its own ("the remaining 13 were handed over", "13 to
 * Germany"), the sentence's people noun before it is the count's. */
static const char *const bare_after[] = {"were",     "was",      "are",       "have",  "had",
					 "to",       "from",     "in",        "on",    "at",
					 "and",      "detained", "held",      "freed", "released",
					 "returned", "each",     "more",      "were",  "had",
					 "будут",    "были",     "вернулись", NULL};

/* A sentence that announces: the release is to come. */
static const char *const future_words[] = {
	"will",    "would",       "expected", "scheduled", "set",   "due",       "planned",
	"plans",   "upcoming",    "next",     "будет",     "будут", "состоится", "пройдет",
	"пройдёт", "планируется", "должны",   "ожидается", NULL,
};

static const char *const approx_before[] = {
	"about", "around", "some",  "nearly", "almost",   "roughly", "approximately", "over",
	"около", "более",  "свыше", "почти",  "примерно", "порядка", "больше",        NULL,
};

struct numword {
	const char *w;
	long n;
};

static const struct numword numwords[] = {
	{"one", 1},       {"two", 2},        {"three", 3},     {"four", 4},      {"five", 5},
	{"six", 6},       {"seven", 7},      {"eight", 8},     {"nine", 9},      {"ten", 10},
	{"eleven", 11},   {"twelve", 12},    {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15},
	{"sixteen", 16},  {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20},
	{"thirty", 30},   {"forty", 40},     {"fifty", 50},    {"hundred", 100}, {"dozen", 12},
	{"два", 2},       {"две", 2},        {"двух", 2},      {"три", 3},       {"трех", 3},
	{"трёх", 3},      {"четыре", 4},     {"четырех", 4},   {"пять", 5},      {"пяти", 5},
	{"шесть", 6},     {"семь", 7},       {"восемь", 8},    {"девять", 9},    {"десять", 10},
	{"двадцать", 20}, {"сто", 100},      {"двое", 2},      {"трое", 3},      {"четверо", 4},
	{"пятеро", 5},    {"шестеро", 6},    {"семеро", 7},    {"восьмеро", 8},  {"девятеро", 9},
	{"десятеро", 10},
};

static int in(const char *const *list, const char *w)
{
	for (; *list; list++)
		if (!strcmp(*list, w))
			return 1;
	return 0;
}

static int starts(const char *const *list, const char *w)
{
	for (; *list; list++)
		if (!strncmp(w, *list, strlen(*list)))
			return 1;
	return 0;
}

static enum cat noun_cat(const char *w)
{
	for (size_t i = 0; i < sizeof(nouns) / sizeof(nouns[0]); i++)
		if (nouns[i].prefix ? !strncmp(w, nouns[i].w, strlen(nouns[i].w))
				    : !strcmp(w, nouns[i].w))
			return nouns[i].cat;
	return NONE;
}

static long number_word(const char *w)
{
	for (size_t i = 0; i < sizeof(numwords) / sizeof(numwords[0]); i++)
		if (!strcmp(w, numwords[i].w))
			return numwords[i].n;
	return 0;
}

/* Lower case of the letters a word is folded to: ASCII and Cyrillic. */
static uint32_t fold(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0x410 && c <= 0x42F)
		return c + 0x20;
	return c == 0x401 ? 0x451 : c;
}

static int letter(uint32_t c)
{
	return ((c | 32) >= 'a' && (c | 32) <= 'z') ||
	       (c >= 0xC0 && c < 0x2000 && c != 0xD7 && c != 0xF7);
}

static int digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

static size_t put(char *w, size_t k, uint32_t c)
{
	if (c < 0x80 && k + 1 < 32)
		w[k++] = (char)c;
	else if (c < 0x800 && k + 2 < 32) {
		w[k++] = (char)(0xC0 | (c >> 6));
		w[k++] = (char)(0x80 | (c & 0x3F));
	} else if (c >= 0x800 && k + 3 < 32) {
		w[k++] = (char)(0xE0 | (c >> 12));
		w[k++] = (char)(0x80 | ((c >> 6) & 0x3F));
		w[k++] = (char)(0x80 | (c & 0x3F));
	}
	return k;
}

static int push(struct toks *tk, const struct tok *t)
{
	if (tk->n == tk->cap) {
		struct tok *n = realloc(tk->t, (tk->cap = tk->cap ? 2 * tk->cap : 64) * sizeof(*n));
		if (!n)
			return -1;
		tk->t = n;
	}
	tk->t[tk->n++] = *t;
	return 0;
}

/* A group separator inside a number: "1,000", "1.000", «1 000» (spaces, no-break and thin). */
static int separator(uint32_t c)
{
	return c == ',' || c == '.' || c == ' ' || c == 0xA0 || c == 0x202F || c == 0x2009;
}

static int tokenize(const uint32_t *cp, size_t from, size_t to, struct toks *tk)
{
	for (size_t i = from; i < to;) {
		struct tok t = {T_WORD, i, i + 1, 0, ""};
		uint32_t c = cp[i];

		if (digit(c)) {
			size_t j = i;
			long v = 0;
			while (j < to) {
				if (digit(cp[j])) {
					v = v < 100000000 ? v * 10 + (long)(cp[j] - '0') : v;
					j++;
				} else if (separator(cp[j]) && j + 3 < to && digit(cp[j + 1]) &&
					   digit(cp[j + 2]) && digit(cp[j + 3]) &&
					   (j + 4 >= to || !digit(cp[j + 4]))) {
					j++;
				} else {
					break;
				}
			}
			t.kind = T_NUM;
			t.num = v;
			t.end = j;
			i = j;
		} else if (letter(c)) {
			size_t j = i, k = 0;
			while (j < to &&
			       (letter(cp[j]) || ((cp[j] == '-' || cp[j] == '\'' || cp[j] == 0x2019) &&
						  j + 1 < to && letter(cp[j + 1]))))
				k = put(t.w, k, fold(cp[j++]));
			t.w[k] = 0;
			t.end = j;
			i = j;
		} else {
			i++;
			if (c == '.' || c == '!' || c == '?' || c == ';' || c == '\n')
				t.kind = T_STOP;
			else if (c == ',' || c == ':' || c == 0x2014 || c == 0x2013 || c == '(' ||
				 c == ')')
				t.kind = T_COMMA;
			else
				continue;
		}
		if (push(tk, &t) < 0)
			return -1;
	}
	return 0;
}

struct ctx {
	const struct side_mention *sides;
	size_t nsides;
	const char *main[2]; /* the deal's two sides: the two the text names most, not as mediators */
	int war;             /* the article speaks of prisoners of war */
};

/* The side whose words hold code point at (the sides are in order: bisection), or NULL; the
 * Red Cross carries people over and is no side of a count. */
static const struct side_mention *side_at(const struct ctx *x, size_t at)
{
	size_t lo = 0, hi = x->nsides;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->sides[mid].start <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || at >= x->sides[lo - 1].end || !strcmp(x->sides[lo - 1].code, "icrc"))
		return NULL;
	return &x->sides[lo - 1];
}

static const char *other_main(const struct ctx *x, const char *code)
{
	if (!code || !x->main[0] || !x->main[1])
		return NULL;
	return !strcmp(code, x->main[0]) ? x->main[1] : !strcmp(code, x->main[1]) ? x->main[0] : NULL;
}

struct out {
	struct count_mention *c;
	size_t n, cap;
};

static int emit(struct out *o, const struct count_mention *m)
{
	if (o->n == o->cap) {
		struct count_mention *n = realloc(o->c, (o->cap = o->cap ? 2 * o->cap : 16) * sizeof(*n));
		if (!n)
			return -1;
		o->c = n;
	}
	o->c[o->n++] = *m;
	return 0;
}

static long value_at(const struct tok *t)
{
	return t->kind == T_NUM ? t->num : t->kind == T_WORD ? number_word(t->w) : 0;
}

static int word(const struct tok *t, const char *w)
{
	return t->kind == T_WORD && !strcmp(t->w, w);
}

/* Russian adjectives in the plural ("украинских", "российские") may stand before the noun. */
static int russian_adjective(const char *w)
{
	size_t l = strlen(w);
	return l > 4 && (!strcmp(w + l - 4, "ых") || !strcmp(w + l - 4, "их") ||
			 !strcmp(w + l - 4, "ые") || !strcmp(w + l - 4, "ие"));
}

/* The noun of the count at token i, from the words after it: its category (NONE: none), the
 * noun's token in *noun and the demonym met on the way in *nat. */
static enum cat noun_after(const struct toks *tk, size_t i, size_t e, const struct ctx *x, size_t *noun,
			   const struct side_mention **nat)
{
	const struct tok *t = tk->t;
	const struct side_mention *sd;
	enum cat cat;

	for (size_t k = i + 1; k < e && k - i <= 4 && t[k].kind == T_WORD; k++) {
		if ((cat = noun_cat(t[k].w)) != NONE) {
			*noun = k;
			if (!strcmp(t[k].w, "prisoners") && k + 2 < e && word(&t[k + 1], "of") &&
			    word(&t[k + 2], "war"))
				cat = POW, *noun = k + 2;
			return cat;
		}
		if ((sd = side_at(x, t[k].start))) { /* between number and noun: whose they are */
			*nat = sd;
			while (k + 1 < e && t[k + 1].start < sd->end)
				k++;
			/* "three Americans": the demonym is the noun. */
			if (k + 1 >= e || t[k + 1].kind != T_WORD ||
			    (noun_cat(t[k + 1].w) == NONE && !in(adjectives, t[k + 1].w))) {
				*noun = k;
				return OTHER;
			}
			continue;
		}
		if (!in(adjectives, t[k].w) && !russian_adjective(t[k].w))
			break;
	}
	return NONE;
}

/* Month names, as folded: English, abbreviated, and Russian in the genitive («19 января»). */
static const char *const months[] = {
	"january",   "february", "march",    "april",    "may",  "june", "july", "august",
	"september", "october",  "november", "december", "jan",  "feb",  "mar",  "apr",
	"jun",       "jul",      "aug",      "sep",      "sept", "oct",  "nov",  "dec",
	"января",    "февраля",  "марта",    "апреля",   "мая",  "июня", "июля", "августа",
	"сентября",  "октября",  "ноября",   "декабря",  NULL,
};

static int month_word(const char *w)
{
	return in(months, w);
}

/* Verbs whose subject gets people back rather than lets them go. */
static const char *const receiving[] = {"bring",    "brings",   "brought", "received", "receives",
					"welcomed", "welcomes", "got",     "home",     "homecoming",
					"домой",    "плена",    "получил", "получила", NULL};

/* The clause from token k (its subject) to e receives: "Ukraine brought home 207 defenders",
 * «Украина вернула из плена 207 защитников». */
static int receives(const struct toks *tk, size_t k, size_t e)
{
	for (size_t v = k; v < e && v - k < 8 && tk->t[v].kind == T_WORD; v++)
		if (in(receiving, tk->t[v].w))
			return 1;
	return 0;
}

/* The count whose number is token i of sentence [s, e), or 0. */
static int count_at(const struct toks *tk, size_t s, size_t e, size_t i, const struct ctx *x,
		    struct count_mention *m)
{
	const struct tok *t = tk->t;
	const struct side_mention *nat = NULL, *sd;
	enum cat cat;
	size_t a = i, k, noun = i;
	int remains = 0;

	/* "January 19", «19 января»: a date. */
	if ((i > s && t[i - 1].kind == T_WORD && month_word(t[i - 1].w)) ||
	    (i + 1 < e && t[i + 1].kind == T_WORD && month_word(t[i + 1].w)))
		return 0;
	m->count = value_at(&t[i]);
	if (m->count <= 0 ||
	    (t[i].kind == T_NUM && t[i].num >= 1900 && t[i].num <= 2100 && t[i].end - t[i].start == 4))
		return 0;
	/* Before: "about", "the bodies of", «тела», and no killing. */
	m->approximate = 0;
	if (a > s && t[a - 1].kind == T_WORD && in(approx_before, t[a - 1].w)) {
		m->approximate = 1;
		a--;
	} else if (a > s + 1 && t[a - 1].kind == T_WORD && t[a - 2].kind == T_WORD &&
		   (((word(&t[a - 2], "more") || word(&t[a - 2], "fewer")) && word(&t[a - 1], "than")) ||
		    (word(&t[a - 2], "up") && word(&t[a - 1], "to")) ||
		    (word(&t[a - 2], "at") && word(&t[a - 1], "least")) ||
		    (word(&t[a - 2], "close") && word(&t[a - 1], "to")))) {
		m->approximate = 1;
		a -= 2;
	}
	for (k = i; k > s && i - k < 3; k--)
		if (word(&t[k - 1], "bodies") || word(&t[k - 1], "remains") ||
		    word(&t[k - 1], "тела") || word(&t[k - 1], "тел") ||
		    (t[k - 1].kind == T_WORD && !strncmp(t[k - 1].w, "останк", 12)))
			remains = 1;
		else if (t[k - 1].kind == T_WORD && in(against, t[k - 1].w))
			return 0;
	cat = noun_after(tk, i, e, x, &noun, &nat);
	/* No noun of its own: the sentence's people noun before it ("the remaining 13 were"). */
	if (cat == NONE && (i + 1 >= e || t[i + 1].kind != T_WORD || in(bare_after, t[i + 1].w)))
		for (k = i; k > s && cat == NONE; k--)
			if (t[k - 1].kind == T_WORD && (cat = noun_cat(t[k - 1].w)) != NONE && k >= 2 &&
			    (sd = side_at(x, t[k - 2].start)))
				nat = sd;
	if (cat == NONE)
		return 0;
	for (k = noun + 1; k < e && k - noun <= 4 && t[k].kind == T_WORD; k++)
		if (in(against, t[k].w))
			return 0;
	if (remains)
		cat = REM;
	else if (cat == DET && x->war && !(nat && !strcmp(nat->code, "PS")))
		cat = POW;
	m->category = cat_names[cat];
	m->start = t[a].start;
	m->end = t[i].end;
	/* Sides: whose they are; "from Russian captivity", «из российского плена», "by Israel": the
	 * releasing side; "to Germany": the receiving one. */
	m->released_by = m->released_to = NULL;
	if (nat) {
		m->released_to = nat->code;
		m->released_by = other_main(x, nat->code);
	}
	for (k = (noun > i ? noun : i) + 1; k < e && k - noun <= 6 && t[k].kind == T_WORD; k++) {
		if ((word(&t[k], "from") || word(&t[k], "by") || word(&t[k], "из")) && k + 1 < e &&
		    (sd = side_at(x, t[k + 1].start))) {
			m->released_by = sd->code;
			if (!nat)
				m->released_to = other_main(x, sd->code);
			break;
		}
		if ((word(&t[k], "to") || word(&t[k], "в")) && k + 1 < e &&
		    (sd = side_at(x, t[k + 1].start)) && !nat) {
			m->released_to = sd->code;
			m->released_by = other_main(x, sd->code);
			break;
		}
	}
	/* A side that acts before the count: "Hamas freed three hostages", "Israel released 90";
	 * the side, then a release verb, then the number, in one clause. */
	if (!m->released_by || !nat)
		for (k = a; k > s && a - k < 6 && t[k - 1].kind != T_COMMA; k--) {
			int acts = 0;
			if (!(sd = side_at(x, t[k - 1].start)))
				continue;
			for (size_t v = k; v < a && !acts; v++)
				acts = t[v].kind == T_WORD && starts(release_stems, t[v].w);
			if (acts && receives(tk, k, e)) { /* "Ukraine brought home 207" */
				if (!nat) {
					m->released_to = sd->code;
					m->released_by = other_main(x, sd->code);
				}
			} else if (acts && (!m->released_to || strcmp(sd->code, m->released_to))) {
				m->released_by = sd->code;
				if (!m->released_to)
					m->released_to = other_main(x, sd->code);
			}
			break;
		}
	if (!m->released_by && cat == HOST && x->main[0] && x->main[1])
		for (int j = 0; j < 2; j++) /* hostages are released by the party that holds them */
			if (x->main[j][0] >= 'a' && x->main[j][0] <= 'z') {
				m->released_by = x->main[j];
				if (!m->released_to)
					m->released_to = x->main[1 - j];
			}
	return 1;
}

static int sentence(const struct toks *tk, size_t s, size_t e, int release, size_t para,
		    const struct ctx *x, struct out *o)
{
	int future = 0;
	size_t from = o->n;

	for (size_t i = s; i < e; i++)
		future |= tk->t[i].kind == T_WORD && in(future_words, tk->t[i].w);
	if (!release)
		return 0;
	for (size_t i = s; i < e; i++) {
		struct count_mention m;
		const struct tok *t = &tk->t[i];

		if (t->kind != T_NUM && !(t->kind == T_WORD && number_word(t->w)))
			continue;
		/* "1,000 for 1,000", «500 на 500»: one count each way. */
		if (i + 2 < e && (word(&tk->t[i + 1], "for") || word(&tk->t[i + 1], "на")) &&
		    tk->t[i + 2].kind == T_NUM && t->kind == T_NUM && t->num > 0 && tk->t[i + 2].num > 0) {
			struct count_mention two[2];
			int named = count_at(tk, s, e, i + 2, x, &two[1]);
			for (int j = 0; j < 2; j++) {
				size_t at = i + 2 * (size_t)j;
				two[j] = (struct count_mention){tk->t[at].start,
								tk->t[at].end,
								tk->t[at].num,
								0,
								named ? two[1].category
								      : cat_names[x->war ? POW : OTHER],
								x->main[j],
								x->main[1 - j],
								0,
								0,
								0,
								0};
				if (emit(o, &two[j]) < 0)
					return -1;
			}
			i += 2;
			continue;
		}
		if (count_at(tk, s, e, i, x, &m) && emit(o, &m) < 0)
			return -1;
	}
	for (size_t k = from; k < o->n; k++) {
		o->c[k].sentence_start = tk->t[s].start;
		o->c[k].sentence_end = tk->t[e - 1].end;
		o->c[k].future = future;
		o->c[k].paragraph = para;
	}
	return 0;
}

/* A count that says no side takes those of the count before it in its paragraph or the one
 * before ("207 Ukrainians came home ... the group included 95 soldiers, 56 guardsmen"). */
static void inherit(struct count_mention *c, size_t n)
{
	const struct count_mention *last = NULL;

	for (size_t i = 0; i < n; i++) {
		if (!c[i].released_by && !c[i].released_to && last &&
		    c[i].paragraph <= last->paragraph + 1) {
			c[i].released_by = last->released_by;
			c[i].released_to = last->released_to;
		}
		if (c[i].released_by || c[i].released_to)
			last = &c[i];
	}
}

/* The deal's two sides: the two the text names most, leaving out mentions in a sentence that
 * speaks of mediation and the Red Cross. tk: every token of the body, sentences ended by
 * T_STOP. */
static void main_sides(struct ctx *x, const struct toks *tk)
{
	const char *code[64];
	size_t times[64], n = 0, side = 0;

	for (size_t s = 0, j = 0; j <= tk->n; j++) {
		int mediated = 0;
		if (j < tk->n && tk->t[j].kind != T_STOP)
			continue;
		for (size_t k = s; k < j && !mediated; k++)
			mediated = tk->t[k].kind == T_WORD && starts(mediation, tk->t[k].w);
		/* The sides in this sentence, in order (sides and tokens both go forward). */
		while (side < x->nsides && j < tk->n && x->sides[side].start < tk->t[j].start) {
			const char *c = x->sides[side++].code;
			size_t k = 0;
			if (mediated || !strcmp(c, "icrc"))
				continue;
			while (k < n && strcmp(code[k], c))
				k++;
			if (k == n && n < 64)
				code[n] = c, times[n++] = 0;
			if (k < n)
				times[k]++;
		}
		s = j + 1;
	}
	x->main[0] = x->main[1] = NULL;
	for (int j = 0; j < 2; j++) {
		size_t best = 0;
		for (size_t k = 0; k < n; k++)
			if (times[k] > best && (!j || code[k] != x->main[0]))
				best = times[k], x->main[j] = code[k];
	}
	x->war |= x->main[0] && x->main[1] &&
		  ((!strcmp(x->main[0], "RU") && !strcmp(x->main[1], "UA")) ||
		   (!strcmp(x->main[0], "UA") && !strcmp(x->main[1], "RU")));
}

long counts_find(const char *text, const struct text_span *body, size_t nbody,
		 const struct side_mention *sides, size_t nsides, struct count_mention **out)
{
	size_t n = 0, *para = NULL, np = 0;
	struct ctx x = {sides, nsides, {NULL, NULL}, 0};
	struct out o = {NULL, 0, 0};
	struct toks tk = {NULL, 0, 0};
	struct text_span whole;
	uint32_t *cp;

	*out = NULL;
	if (!utf8_valid(text) || !(cp = utf8_decode(text, &n)))
		return -1;
	x.war = strstr(text, "prisoners of war") || strstr(text, "POW") ||
		strstr(text, "военнопленн") || strstr(text, "PoW");
	if (!body) {
		whole = (struct text_span){0, n};
		body = &whole;
		nbody = 1;
	}
	/* Every paragraph's tokens, one list; para[b]: where paragraph b's begin (and its end). */
	if (!(para = malloc((nbody + 1) * sizeof(*para))))
		goto oom;
	for (size_t b = 0; b < nbody; b++) {
		size_t from = body[b].start < n ? body[b].start : n,
		       to = body[b].end < n ? body[b].end : n;
		struct tok stop = {T_STOP, to, to, 0, ""};
		para[np++] = tk.n;
		if (tokenize(cp, from, to, &tk) < 0 || push(&tk, &stop) < 0)
			goto oom;
	}
	para[np] = tk.n;
	main_sides(&x, &tk);
	/* Sentence by sentence; a release spoken of in the paragraph or the one before it is the
	 * context of the paragraph's numbers ("the group included 95 soldiers"). */
	for (size_t b = 0, prev = 0; b < np; b++) {
		int here = 0;
		for (size_t k = para[b]; k < para[b + 1] && !here; k++)
			here = tk.t[k].kind == T_WORD && starts(release_stems, tk.t[k].w);
		for (size_t s = para[b], j = para[b]; j < para[b + 1]; j++) {
			if (tk.t[j].kind != T_STOP)
				continue;
			if (j > s && sentence(&tk, s, j, here || prev, b, &x, &o) < 0)
				goto oom;
			s = j + 1;
		}
		prev = here;
	}
	inherit(o.c, o.n);
	free(tk.t);
	free(para);
	free(cp);
	*out = o.c;
	return (long)o.n;
oom:
	free(tk.t);
	free(para);
	free(cp);
	free(o.c);
	return -1;
}
