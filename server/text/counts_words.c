/* The word lists of counts_words.h, and the tokens counts.c reads the text in. A list is small (tens of words) and read word by word, so a
 * lookup is a scan: its cost does not grow with the text. */
#include "text/counts_words.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *const counts_cat_names[] =
	{NULL,      "prisoners_of_war", "civilians",           "hostages",
	 "remains", "detainees",        "political_prisoners", "other"};

struct noun {
	const char *w;
	enum counts_cat cat;
	int prefix; /* a Russian stem: the word begins with it */
};

/* "people", "citizens", a demonym: whose category the context says (counts.c). */
static const struct noun nouns[] = {
	{"soldiers", COUNTS_POW, 0},
	{"soldier", COUNTS_POW, 0},
	{"servicemen", COUNTS_POW, 0},
	{"serviceman", COUNTS_POW, 0},
	{"servicemembers", COUNTS_POW, 0},
	{"troops", COUNTS_POW, 0},
	{"defenders", COUNTS_POW, 0},
	{"fighters", COUNTS_POW, 0},
	{"marines", COUNTS_POW, 0},
	{"guardsmen", COUNTS_POW, 0},
	{"guards", COUNTS_POW, 0},
	{"pows", COUNTS_POW, 0},
	{"combatants", COUNTS_POW, 0},
	{"warriors", COUNTS_POW, 0},
	{"sailors", COUNTS_POW, 0},
	{"pilots", COUNTS_POW, 0},
	{"officers", COUNTS_POW, 0},
	{"paratroopers", COUNTS_POW, 0},
	{"military", COUNTS_POW, 0},
	{"personnel", COUNTS_POW, 0},
	{"civilians", COUNTS_CIV, 0},
	{"civilian", COUNTS_CIV, 0},
	{"children", COUNTS_CIV, 0},
	{"minors", COUNTS_CIV, 0},
	{"residents", COUNTS_CIV, 0},
	{"crew", COUNTS_OTHER, 0},
	{"members", COUNTS_DET, 0},
	{"journalists", COUNTS_OTHER, 0},
	{"journalist", COUNTS_OTHER, 0},
	{"reporters", COUNTS_OTHER, 0},
	{"activists", COUNTS_OTHER, 0},
	{"hostages", COUNTS_HOST, 0},
	{"hostage", COUNTS_HOST, 0},
	{"captives", COUNTS_DET, 0},
	{"bodies", COUNTS_REM, 0},
	{"remains", COUNTS_REM, 0},
	{"coffins", COUNTS_REM, 0},
	{"prisoners", COUNTS_DET, 0},
	{"prisoner", COUNTS_DET, 0},
	{"detainees", COUNTS_DET, 0},
	{"inmates", COUNTS_DET, 0},
	{"convicts", COUNTS_DET, 0},
	{"people", COUNTS_OTHER, 0},
	{"persons", COUNTS_OTHER, 0},
	{"individuals", COUNTS_OTHER, 0},
	{"citizens", COUNTS_OTHER, 0},
	{"nationals", COUNTS_OTHER, 0},
	{"men", COUNTS_OTHER, 0},
	{"women", COUNTS_OTHER, 0},
	{"others", COUNTS_OTHER, 0},
	{"военнопленн", COUNTS_POW, 1},
	{"военнослужащ", COUNTS_POW, 1},
	{"военн", COUNTS_POW, 1},
	{"бойц", COUNTS_POW, 1},
	{"боец", COUNTS_POW, 1},
	{"защитник", COUNTS_POW, 1},
	{"солдат", COUNTS_POW, 1},
	{"пленн", COUNTS_POW, 1},
	{"пограничник", COUNTS_POW, 1},
	{"нацгвардейц", COUNTS_POW, 1},
	{"морпех", COUNTS_POW, 1},
	{"моряк", COUNTS_POW, 1},
	{"летчик", COUNTS_POW, 1},
	{"офицер", COUNTS_POW, 1},
	{"гражданск", COUNTS_CIV, 1},
	{"мирн", COUNTS_CIV, 1},
	{"жител", COUNTS_CIV, 1},
	{"детей", COUNTS_CIV, 0},
	{"дети", COUNTS_CIV, 0},
	{"заложни", COUNTS_HOST, 1},
	{"тел", COUNTS_REM, 0},
	{"тела", COUNTS_REM, 0},
	{"останк", COUNTS_REM, 1},
	{"погибш", COUNTS_REM, 1},
	{"политзаключенн", COUNTS_POL, 1},
	{"политзаключённ", COUNTS_POL, 1},
	{"заключенн", COUNTS_DET, 1},
	{"заключённ", COUNTS_DET, 1},
	{"задержанн", COUNTS_DET, 1},
	{"узник", COUNTS_DET, 1},
	{"человек", COUNTS_OTHER, 0},
	{"граждан", COUNTS_OTHER, 1},
	{"людей", COUNTS_OTHER, 0},
};

const char *const counts_adjectives[] = {
	"more",      "other",    "additional",  "female",   "male",        "young",   "wounded",
	"seriously", "severely", "badly",       "ill",      "sick",        "elderly", "captured",
	"released",  "detained", "imprisoned",  "jailed",   "freed",       "former",  "living",
	"surviving", "fallen",   "dead",        "deceased", "injured",     "foreign", "political",
	"border",    "national", "territorial", "service",  "defence",     "defense", "civilian",
	"of",        "war",      "remaining",   "israeli",  "palestinian", "slain",   "ailing",
	"black",     "first",    "last",        NULL,
};

const char *const counts_release[] = {
	"releas",    "free",    "return",  "exchang", "swap",     "swop",    "handed",  "hand",
	"repatriat", "brought", "bring",   "home",    "transfer", "liberat", "deliver", "reunit",
	"back",      "deport",  "освобод", "вернул",  "вернут",   "вернет",  "вернёт",  "возвращ",
	"верну",     "переда",  "обмен",   "отпущ",   "отпуст",   "репатри", "свобод",  "домой",
	"выда",      "получ",   "выпуст",  "депорт",  "помилов",  NULL,
};

const char *const counts_against[] = {
	"killed", "died",   "dead",     "wounded",    "captured",     "abducted", "missing",
	"remain", "still",  "holds",    "holding",    "held",         "taken",    "погибли",
	"убиты",  "ранены", "остаются", "удерживает", "удерживаются", NULL,
};

const char *const counts_mediation[] = {"mediat", "broker", "facilitat", "посредни", NULL};

const char *const counts_bare_after[] = {
	"were",     "was",  "are",  "have",  "had",      "to",        "from",  "in",
	"on",       "at",   "and",  "of",    "detained", "held",      "freed", "released",
	"returned", "each", "more", "будут", "были",     "вернулись", "из",    NULL,
};

const char *const counts_future[] = {
	"will",    "would",    "expected",    "scheduled", "due",          "planned",
	"plans",   "upcoming", "next",        "будет",     "будут",        "состоится",
	"пройдет", "пройдёт",  "планируется", "должны",    "должен",       "ожидается",
	"agreed",  "agree",    "could",       "should",    "договорились", "предусматривают",
	NULL,
};

const char *const counts_approx[] = {
	"about", "around", "some",  "nearly", "almost",   "roughly", "approximately", "over",
	"около", "более",  "свыше", "почти",  "примерно", "порядка", "больше",        NULL,
};

const char *const counts_months[] = {
	"january",   "february", "march",    "april",    "may",  "june", "july", "august",
	"september", "october",  "november", "december", "jan",  "feb",  "mar",  "apr",
	"jun",       "jul",      "aug",      "sep",      "sept", "oct",  "nov",  "dec",
	"января",    "февраля",  "марта",    "апреля",   "мая",  "июня", "июля", "августа",
	"сентября",  "октября",  "ноября",   "декабря",  NULL,
};

const char *const counts_receiving[] = {
	"bring",    "brings",   "brought", "received", "receives",   "receive",
	"welcomed", "welcomes", "got",     "home",     "homecoming", "recovered",
	"recovers", "домой",    "плена",   "получил",  "получила",   "получили",
	"родину",   "принял",   "приняла", NULL,
};

const char *const counts_speech[] = {"said",      "says",    "confirmed", "reported",
				     "announced", "told",    "сообщил",   "сообщили",
				     "заявил",    "заявили", NULL};

const char *const counts_each[] = {"each", "apiece", "друг", NULL};

const char *const counts_cumulative[] = {
	"previous", "earlier", "largest", "record", "total",    "altogether", "since",
	"предыдущ", "рекорд",  "тогда",   "всего",  "прошлого", NULL,
};

const char *const counts_including[] = {"including", "among", "included", "include",
					"includes",  "среди", "в том",    NULL};

struct numword {
	const char *w;
	long n;
};

static const struct numword numwords[] = {
	{"one", 1},       {"two", 2},        {"three", 3},     {"four", 4},      {"five", 5},
	{"six", 6},       {"seven", 7},      {"eight", 8},     {"nine", 9},      {"ten", 10},
	{"eleven", 11},   {"twelve", 12},    {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15},
	{"sixteen", 16},  {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20},
	{"thirty", 30},   {"forty", 40},     {"fifty", 50},    {"sixty", 60},    {"seventy", 70},
	{"eighty", 80},   {"ninety", 90},    {"hundred", 100}, {"dozen", 12},    {"два", 2},
	{"две", 2},       {"двух", 2},       {"три", 3},       {"трех", 3},      {"трёх", 3},
	{"четыре", 4},    {"четырех", 4},    {"четырёх", 4},   {"пять", 5},      {"пяти", 5},
	{"шесть", 6},     {"шести", 6},      {"семь", 7},      {"семи", 7},      {"восемь", 8},
	{"восьми", 8},    {"девять", 9},     {"десять", 10},   {"двадцать", 20}, {"сто", 100},
	{"двое", 2},      {"трое", 3},       {"четверо", 4},   {"пятеро", 5},    {"шестеро", 6},
	{"семеро", 7},    {"восьмеро", 8},   {"девятеро", 9},  {"десятеро", 10}, {"тысячу", 1000},
	{"тысяча", 1000},
};

/* A party and the country it stands with: a count the country is said to release is the
 * party's ("Gaza" hands over hostages: Hamas does). */
static const char *const party_country[][2] = {
	{"hamas", "PS"}, {"pij", "PS"}, {"hezbollah", "LB"}, {"houthis", "YE"}, {"taliban", "AF"},
};

int counts_in(const char *const *list, const char *w)
{
	for (; *list; list++)
		if (!strcmp(*list, w))
			return 1;
	return 0;
}

int counts_starts(const char *const *list, const char *w)
{
	for (; *list; list++)
		if (!strncmp(w, *list, strlen(*list)))
			return 1;
	return 0;
}

enum counts_cat counts_noun(const char *w)
{
	for (size_t i = 0; i < sizeof(nouns) / sizeof(nouns[0]); i++)
		if (nouns[i].prefix ? !strncmp(w, nouns[i].w, strlen(nouns[i].w))
				    : !strcmp(w, nouns[i].w))
			return nouns[i].cat;
	return COUNTS_NONE;
}

long counts_number(const char *w)
{
	for (size_t i = 0; i < sizeof(numwords) / sizeof(numwords[0]); i++)
		if (!strcmp(w, numwords[i].w))
			return numwords[i].n;
	return 0;
}

const char *counts_party_country(const char *code)
{
	for (size_t i = 0; code && i < sizeof(party_country) / sizeof(party_country[0]); i++)
		if (!strcmp(code, party_country[i][0]))
			return party_country[i][1];
	return NULL;
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

int counts_push(struct toks *tk, const struct tok *t)
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

int counts_tokenize(const uint32_t *cp, size_t from, size_t to, struct toks *tk)
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
		if (counts_push(tk, &t) < 0)
			return -1;
	}
	return 0;
}
