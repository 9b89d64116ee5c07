/* The rules of speakers.h: a sentence's attribution, from its verb of speech.
 *
 *   “...,” X said / told Y / wrote       X: the words between the quotation and the verb
 *   “...,” said X / «...», — сказал X    X: the words after the verb, to a preposition
 *   X, a Democrat, said ... / X said: “...”   X: from the clause's start; of its comma-parted
 *                                        pieces the one nearest the verb that can speak (not
 *                                        "whose state is ...", "R-Texas", "speaking at ...")
 *   Name, a/the ..., said                Name and its description ("Wafik Safa, a senior
 *                                        Hezbollah official")
 *   said X's sister, Name.               the description and the name
 *   X quoted Y as saying                 Y (X relays: the audience)
 *   are said by X                        X
 *   with X saying / X called it “...”    X ("called" only before a quotation of someone's
 *                                        words, "named" only with "as", "read" only after
 *                                        "the statement")
 *   according to X / по словам X / по данным X / по информации X    X
 *
 * What can speak: a capitalised phrase (an acronym too: "US"), one led by a determiner ("the
 * ministry", "a senior official"), a pronoun, "it" as a clause's subject (quotes_people.c
 * resolves it to an organisation or drops it), or a plural of people ("officials", "customs
 * officers"); never a relative or a conjunction ("which", "who", "and"), a number, or a clause
 * ("speaking in the Knesset"). A negated verb ("never said", «не сообщил») and a passive one
 * ("was told of") attribute nothing. */
#include "text/speakers.h"

#include <string.h>

/* English verbs of speech, and the Russian ones below by stem. */
static const char *const verbs[] =
	{"said",       "says",       "say",        "told",       "tells",        "tell",
	 "wrote",      "writes",     "added",      "adds",       "add",          "confirmed",
	 "confirms",   "confirm",    "stated",     "reported",   "reports",      "announced",
	 "announces",  "announce",   "declared",   "quoted",     "acknowledged", "reaffirmed",
	 "reiterated", "reiterates", "warned",     "warns",      "warn",         "noted",
	 "notes",      "insisted",   "insists",    "explained",  "claimed",      "claims",
	 "denied",     "denies",     "described",  "questioned", "stressed",     "stresses",
	 "recalled",   "replied",    "posted",     "tweeted",    "confirming",   "argued",
	 "argues",     "emphasised", "emphasized", "believes",   "believe",      "admitted",
	 "conceded",   "cautioned",  "revealed",   "asserted",   "alleged",      "alleges",
	 "accused",    "accuses",    "estimated",  "estimates",  "suggested",    "suggests",
	 "indicated",  "indicates",  "predicted",  "urged",      "urges",        "vowed",
	 "vows",       "pledged",    "pledges",    "promised",   "promises",     "assured",
	 "signalled",  "signaled",   NULL};
/* Verbs that attribute only with what they take: "called it “...”" (a quotation follows),
 * "named the four as ..." (an "as" follows), "the statement read" (a text reads). */
static const char *const with_quote[] = {"called", "calls", "calling", "dubbed", NULL};
/* "saying" below: after its speaker ("with Biden saying"), never after a comma. */
static const char *const with_as[] = {"named", "identified", NULL};
static const char *const texts[] = {"statement", "communique", "note",   "letter",
				    "message",   "post",       "notice", NULL};
static const char *const passive[] = {"was", "were", "is", "are", "been", "be", "being", NULL};
/* Russian past tense: a stem and -л, -ла, -ло, -ли. */
static const char *const ru_stems[] = {"заяви",      "заявля", "сообщи",   "сообща", "сказа",
				       "написа",     "отмети", "отмеча",   "добави", "подчеркну",
				       "уточни",     "уточня", "рассказа", "поясни", "подтверди",
				       "говори",     "призна", "объяви",   "назва",  "передава",
				       "подтвержда", NULL};
static const char *const ru_past[] = {"л", "ла", "ло", "ли", NULL};
static const char *const ru_present[] = {"сообщает",     "сообщают",     "передает",
					 "передают",     "пишет",        "пишут",
					 "говорит",      "говорят",      "заявляет",
					 "заявляют",     "отмечает",     "отмечают",
					 "уточняет",     "уточняют",     "подчеркивает",
					 "рассказывает", "подтверждает", "сообщается",
					 "говорится",    "указывает",    NULL};
/* Where a speaker after its verb ends, and a told-whom. */
static const char *const stops[] = {"in",    "on",        "at",     "from", "that",  "last",    "this",
				    "after", "before",    "during", "by",   "about", "to",      "with",
				    "when",  "while",     "for",    "as",   "on",    "earlier", "later",
				    "today", "yesterday", "на",     "по",   "о",     "об",      "что",
				    "с",     "со",        "из",     "у",    "для",   "после",   "при",
				    "перед", "во",        "в",      "к",    "ко",    "со",      "как",
				    NULL};
/* Words that start no speaker: relatives, conjunctions, verbs, prepositions, "it". */
static const char *const never[] =
	{"which",     "who",   "whom",    "whose",    "that",   "and",       "but",      "or",
	 "it",        "its",   "this",    "these",    "those",  "there",     "what",     "where",
	 "when",      "while", "has",     "have",     "had",    "is",        "was",      "were",
	 "be",        "been",  "not",     "speaking", "also",   "so",        "then",     "in",
	 "on",        "at",    "after",   "before",   "during", "with",      "without",  "for",
	 "from",      "by",    "as",      "if",       "since",  "because",   "although", "though",
	 "to",        "of",    "i",       "we",       "you",    "me",        "us",       "him",
	 "them",      "asked", "however", "now",      "today",  "yesterday", "earlier",  "later",
	 "meanwhile", "still", "yet",     "here",     "all",    "который",   "которая",  "которое",
	 "которые",   "что",   "и",       "а",        "но",     "это",       "как",      "когда",
	 "где",       "если",  "чтобы",   "не",       "уже",    "также",     "ранее",    "было",
	 "был",       "была",  "были",    "его",      "ее",     "их",        "мы",       "я",
	 "вы",        "там",   "тут",     "здесь",    "так",    "теперь",    NULL};
/* Words that open a clause within a clause ("the talks that Umerov said"). */
static const char *const clause_words[] = {"that",    "what",     "who",     "which", "whom",  "whose",
					   "and",     "but",      "because", "while", "when",  "if",
					   "since",   "although", "though",  "where", "after", "before",
					   "as",      "until",    "что",     "и",     "а",     "но",
					   "который", "которая",  "которые", "когда", "где",   NULL};
static const char *const relatives[] = {"which",   "who",     "that",    "whom", "и",
					"который", "которая", "которые", "что",  NULL};
/* Determiners and numbers that lead a speaker's noun phrase. */
static const char *const determiners[] = {"the",   "a",      "an",  "his",     "her",
					  "their", "our",    "one", "another", "several",
					  "some",  "many",   "two", "three",   "four",
					  "other", "senior", "top", "both",    NULL};
/* Plurals of people that speak without a determiner ("officials said"). */
static const char *const plurals[] =
	{"officials",  "authorities", "sources",       "diplomats",       "analysts",
	 "experts",    "witnesses",   "residents",     "relatives",       "families",
	 "police",     "prosecutors", "investigators", "lawmakers",       "activists",
	 "organisers", "organizers",  "mediators",     "negotiators",     "observers",
	 "doctors",    "medics",      "critics",       "supporters",      "people",
	 "militants",  "troops",      "military",      "spokespeople",    "officers",
	 "soldiers",   "guards",      "lawyers",       "parents",         "ministers",
	 "members",    "neighbors",   "neighbours",    "journalists",     "correspondents",
	 "media",      "spokesmen",   "leaders",       "representatives", NULL};
/* Words between a speaker and its verb that are neither ("had earlier said", «неоднократно
 * заявлял»). */
static const char *const adverbs[] = {"had",        "has",        "have",       "was",
				      "is",         "also",       "earlier",    "later",
				      "previously", "again",      "then",       "separately",
				      "further",    "repeatedly", "once",       "already",
				      "recently",   "publicly",   "officially", "first",
				      "initially",  "ранее",      "также",      "неоднократно",
				      "уже",        "тоже",       "еще",        "вновь",
				      "позже",      "официально", "вскоре",     "прежде",
				      "затем",      "сразу",      "сегодня",    "вчера",
				      NULL};
static const char *const pronouns[] = {"he", "she", "they", "он", "она", "они", NULL};
/* «по словам X», «по данным X»: the words after «по» that make an attribution. */
static const char *const ru_per[] = {"словам", "данным", "информации", "сведениям", NULL};

int speakers_in(const char *const *list, const char *w)
{
	for (; *list; list++)
		if (strcmp(*list, w) == 0)
			return 1;
	return 0;
}

static int starts(const char *w, const char *stem)
{
	return strncmp(w, stem, strlen(stem)) == 0;
}

static int ru_verb(const char *w)
{
	if (speakers_in(ru_present, w))
		return 1;
	for (const char *const *s = ru_stems; *s; s++)
		if (starts(w, *s) && speakers_in(ru_past, w + strlen(*s)))
			return 1;
	return 0;
}

static int word(const struct qtoks *tk, size_t i, const char *w)
{
	return i < tk->n && tk->t[i].kind == Q_WORD && strcmp(tk->t[i].word, w) == 0;
}

static int plain(const struct qtok *t)
{
	return t->kind == Q_WORD && !t->quoted;
}

static struct text_span span_of(const struct qtoks *tk, size_t a, size_t b) /* tokens [a, b) */
{
	return a < b ? (struct text_span){tk->t[a].start, tk->t[b - 1].end} : (struct text_span){0, 0};
}

int speakers_pronoun(const struct qtoks *tk, size_t a, size_t b)
{
	return b == a + 1 && tk->t[a].kind == Q_WORD && speakers_in(pronouns, tk->t[a].word);
}

int speakers_unnamed(const struct qtoks *tk, size_t a, size_t b)
{
	if (a >= b)
		return 1;
	if (!word(tk, a, "the") && speakers_in(determiners, tk->t[a].word))
		return 1;
	for (size_t i = a; i < b; i++)
		if (tk->t[i].kind == Q_WORD && speakers_in(plurals, tk->t[i].word) &&
		    !word(tk, i, "military") && !word(tk, i, "police"))
			return 1;
	return 0;
}

/* Whether the words [a, b) (all plain words) can speak; see the file's comment. */
static int can_speak(const struct qtoks *tk, size_t a, size_t b)
{
	const struct qtok *t = &tk->t[a];
	int caps = 0;

	if (a >= b || b - a > 10 || t->digit || starts(t->word, "котор"))
		return 0;
	/* "it" speaks for an organisation (quotes_people.c resolves it, or drops it). */
	if (b == a + 1 && !strcmp(t->word, "it"))
		return 1;
	if (speakers_in(never, t->word) && !t->acro)
		return 0;
	/* A party and state after a name ("R-Texas", "D-Mich."). */
	if ((t->word[0] == 'r' || t->word[0] == 'd' || t->word[0] == 'i') && t->word[1] == '-')
		return 0;
	for (size_t i = a; i < b; i++)
		caps += tk->t[i].cap;
	if (speakers_pronoun(tk, a, b))
		return 1;
	if (t->cyr)
		return t->cap || b - a <= 5;
	if (t->cap || speakers_in(determiners, t->word))
		return 1;
	if (speakers_in(plurals, t->word))
		return 1;
	/* "national security adviser Mike Waltz", not "chairman of the House ... Committee". */
	for (size_t i = a; i < b; i++)
		if (speakers_in(never, tk->t[i].word) && !tk->t[i].acro)
			return 0;
	/* A plural of people at the head of a few words ("customs officers", "security
	 * sources"). */
	if (b - a <= 4 && speakers_in(plurals, tk->t[b - 1].word))
		return 1;
	return caps && b - a <= 6 && tk->t[b - 1].cap;
}

/* Whether the words [a, b) are a name: two to five capitalised words (a form of address or a
 * rank with its period among them). */
static int named(const struct qtoks *tk, size_t a, size_t b)
{
	if (b < a + 2 || b > a + 5)
		return 0;
	for (size_t i = a; i < b; i++)
		if (!plain(&tk->t[i]) || !tk->t[i].cap || tk->t[i].acro)
			return 0;
	return 1;
}

static int participle(const struct qtok *t)
{
	size_t l = strlen(t->word);

	return t->kind == Q_WORD && !t->cap && l > 5 && !strcmp(t->word + l - 3, "ing");
}

/* Words [a, b) trimmed: what stands between a speaker and its verb ("had earlier"), the
 * relative or conjunction that opens the clause the speaker stands in ("the talks that Umerov
 * said": Umerov; a few words only, else it is a clause of its own: "whose state is home to
 * ..."), and a leading «в» («В Минобороны заявили»). */
static int trim(const struct qtoks *tk, size_t *a, size_t *b)
{
	while (*b > *a && speakers_in(adverbs, tk->t[*b - 1].word))
		(*b)--;
	for (size_t i = *b; i > *a; i--)
		if (speakers_in(clause_words, tk->t[i - 1].word)) {
			if (*b - i > 4)
				return 0;
			*a = i;
			break;
		}
	if (*b > *a + 1 && (word(tk, *a, "в") || word(tk, *a, "во")))
		(*a)++;
	return *b > *a;
}

/* The speaker before the verb at v, in the clause that ends there (back to a quotation, a
 * sentence's or a dash's boundary, at most 24 tokens). 1 with *sp, else 0 (*empty: no words at
 * all before the verb, so that the speaker follows it). */
static int before(const struct qtoks *tk, size_t s, size_t v, struct text_span *sp, int *empty)
{
	size_t a = v, y = v;

	while (a > s && v - a < 24) {
		const struct qtok *p = &tk->t[a - 1];
		if (p->kind == Q_CLOSE || p->kind == Q_OPEN || p->kind == Q_DASH || p->kind == Q_STOP ||
		    p->quoted || (p->kind == Q_COMMA && p->ch == ':'))
			break;
		/* “...,” X said: the comma after a quotation ends the clause too. */
		if (p->kind == Q_COMMA && a >= s + 2 && tk->t[a - 2].kind == Q_CLOSE)
			break;
		a--;
	}
	*empty = 1;
	for (size_t i = a; i < v; i++)
		if (tk->t[i].kind == Q_WORD && !word(tk, i, "как"))
			*empty = 0;
	/* Its comma-parted pieces, from the verb back: the nearest that can speak ("His lawyer,
	 * Vladimir Zherebenkov, said"; "Rep. Michael McCaul, R-Texas, chairman of ..., said"). */
	/* Russian puts the speaker after a verb that follows a comma («..., сообщили в
	 * Минобороны»); English keeps it before ("His lawyer, Vladimir Zherebenkov, said"). */
	if (tk->t[v].cyr && v > s && tk->t[v - 1].kind == Q_COMMA)
		*empty = 1;
	/* "which said", "who told": the subject is elsewhere. */
	if (!*empty && v > a && speakers_in(relatives, tk->t[v - 1].word))
		return 0;
	/* "it" speaks only as a clause's subject ("..., it said", "which it called"), not after a
	 * noun ("a list of children it says were deported"). */
	{
		size_t k = v;
		while (k > a && speakers_in(adverbs, tk->t[k - 1].word))
			k--;
		if (k > a && word(tk, k - 1, "it") && k > 1 && plain(&tk->t[k - 2]) &&
		    !speakers_in(clause_words, tk->t[k - 2].word))
			return 0;
	}
	for (int piece = 0, pass = 0; !*empty && piece < 6; piece++) {
		size_t x = y, ty;
		while (x > a && tk->t[x - 1].kind != Q_COMMA)
			x--;
		ty = y;
		/* An aside that opens with a participle ("speaking in the Knesset hours after the
		 * releases") holds no speaker. */
		if (x < y && x > a && participle(&tk->t[x]))
			goto next;
		{
			size_t tx = x + (word(tk, x, "with") && word(tk, v, "saying"));
			if (trim(tk, &tx, &ty) && can_speak(tk, tx, ty)) {
				*sp = span_of(tk, tx, ty);
				/* "Wafik Safa, a senior Hezbollah official, told": the name the
				 * description follows, when a name of two capitalised words or more
				 * opens the clause. */
				if ((word(tk, tx, "a") || word(tk, tx, "an") || word(tk, tx, "the")) &&
				    tx == x && x > a + 2) {
					size_t q = x - 1;
					while (q > a && tk->t[q - 1].kind != Q_COMMA)
						q--;
					if (named(tk, q, x - 1) && !speakers_in(never, tk->t[q].word))
						*sp = span_of(tk, q, ty);
				}
				return 1;
			}
			/* Second, when no piece could, the one before the verb: "in a scene his family
			 * said", from its last determiner after no preposition ("chairman of the
			 * House"). */
			for (size_t d = ty; pass && piece == 0 && d > tx + 1; d--)
				if (speakers_in(determiners, tk->t[d - 1].word) &&
				    !tk->t[d - 1].digit && d < ty &&
				    !speakers_in(never, tk->t[d - 2].word) && can_speak(tk, d - 1, ty)) {
					*sp = span_of(tk, d - 1, ty);
					return 1;
				}
		}
next:
		if (x <= a && !pass) {
			pass = 1;
			piece = -1;
			y = v;
			continue;
		}
		if (x <= a)
			break;
		y = x - 1;
	}
	return 0;
}

/* The speaker after the verb at v: words to punctuation or a word of stops, at most 8. */
static int after(const struct qtoks *tk, size_t v, size_t e, struct text_span *sp)
{
	size_t a = v + 1, b;

	if (a + 1 < e && (word(tk, a, "в") || word(tk, a, "во")))
		a++;
	for (b = a;
	     b < e && plain(&tk->t[b]) && b - a < 8 && !(b > a && speakers_in(stops, tk->t[b].word));
	     b++) {
		size_t l = strlen(tk->t[b].word);
		/* A Russian dative plural ends it («журналистам»). */
		if (b > a && tk->t[b].cyr && !tk->t[b].cap && l > 4 &&
		    (!strcmp(tk->t[b].word + l - 4, "ам") || !strcmp(tk->t[b].word + l - 4, "ям")))
			break;
	}
	if (!can_speak(tk, a, b))
		return 0;
	*sp = span_of(tk, a, b);
	/* "said Fogel's sister, Lisa Hyland.": the name that ends the sentence names them. */
	if (b < e && tk->t[b].kind == Q_COMMA && tk->t[b].ch == ',' && !named(tk, a, b)) {
		size_t n = b + 1;
		while (n < e && plain(&tk->t[n]) && tk->t[n].cap && n - b <= 5)
			n++;
		if ((n == e || tk->t[n].kind == Q_STOP) && named(tk, b + 1, n))
			*sp = span_of(tk, a, n);
	}
	return 1;
}

/* The told-whom after token v: "told Axios", "confirmed to Reuters", «сообщил РИА Новости». */
static struct text_span audience(const struct qtoks *tk, size_t v, size_t end)
{
	size_t a = v + 1, b;

	if (word(tk, a, "to"))
		a++;
	else if (!word(tk, v, "told") && !word(tk, v, "tells") &&
		 !(tk->t[v].cyr && a < end && tk->t[a].cap))
		return (struct text_span){0, 0};
	/* One word ("reporters"), else capitalised ones ("Fox News Digital", "the BBC"). */
	if (a < end && plain(&tk->t[a]) && !tk->t[a].cap && !speakers_in(stops, tk->t[a].word) &&
	    !speakers_in(determiners, tk->t[a].word))
		return span_of(tk, a, a + 1);
	for (b = a; b < end && plain(&tk->t[b]) && b - a < 6 &&
		    (tk->t[b].cap || (b == a && speakers_in(determiners, tk->t[b].word)));
	     b++)
		;
	return span_of(tk, a, b);
}

/* «по словам X», "according to X": X, the words to punctuation (at most 8). */
static int per(const struct qtoks *tk, size_t i, size_t e, struct attr *a)
{
	size_t x, b;

	if (word(tk, i, "according") && word(tk, i + 1, "to"))
		x = i + 2;
	else if (word(tk, i, "по") && i + 1 < e && speakers_in(ru_per, tk->t[i + 1].word))
		x = i + 2;
	else if (word(tk, i, "по") && i + 2 < e && speakers_in(ru_per, tk->t[i + 2].word) &&
		 (word(tk, i + 1, "его") || word(tk, i + 1, "ее") || word(tk, i + 1, "их"))) {
		a->speaker = span_of(tk, i + 1, i + 2);
		a->report = span_of(tk, i, i + 3);
		return 1;
	} else
		return 0;
	/* To a pronoun or a verb that opens a clause of its own ("according to US media they
	 * are ..."). */
	for (b = x; b < e && plain(&tk->t[b]) && b - x < 8 &&
		    !(b > x && (speakers_pronoun(tk, b, b + 1) || speakers_in(passive, tk->t[b].word)));
	     b++)
		;
	if (b == x ||
	    (speakers_in(never, tk->t[x].word) && !tk->t[x].acro &&
	     !(b == x + 1 && (word(tk, x, "him") || word(tk, x, "her") || word(tk, x, "them")))))
		return 0;
	a->speaker = span_of(tk, x, b);
	a->report = span_of(tk, i, b);
	return 1;
}

/* "X quoted Y as saying": Y speaks, X relays. */
static int quoted_as(const struct qtoks *tk, size_t s, size_t i, size_t e, struct attr *a)
{
	size_t b = i + 1, x = i;

	/* Whom it quotes is a few words: the scan stops there, so that a sentence of many "quoted"
	 * is not read once each to its end. */
	while (b + 1 < e && b - i < 12 && !(word(tk, b, "as") && word(tk, b + 1, "saying")))
		b++;
	if (b + 1 >= e || b - i >= 12 || b == i + 1)
		return 0;
	while (x > s && plain(&tk->t[x - 1]) && i - x < 8)
		x--;
	a->speaker = span_of(tk, i + 1, b);
	a->audience = span_of(tk, x, i);
	a->report = span_of(tk, x, b);
	return 1;
}

/* Whether the tokens after i, to the sentence's end, bring a quotation within a few words that
 * is someone's words (three words or more): "called the outcome “a great day for peace”". */
static int quotation_follows(const struct qtoks *tk, size_t i)
{
	for (size_t k = i + 1; k < tk->n && k <= i + 6 && tk->t[k].kind != Q_STOP; k++)
		if (tk->t[k].kind == Q_OPEN) {
			size_t words = 0, low = 0;
			for (size_t j = k + 1; j < tk->n && j < k + 40 && tk->t[j].quoted && words < 3;
			     j++)
				if (tk->t[j].kind == Q_WORD) {
					words++;
					low += !tk->t[j].cap && !tk->t[j].digit;
				}
			/* "an “incredible relief”", not a name ("a man called “Fat Leonard”"). */
			return words >= 3 || (words == 2 && low);
		}
	return 0;
}

static int verb_at(const struct qtoks *tk, size_t i)
{
	const struct qtok *t = &tk->t[i];
	int as = 0;

	if (!plain(t))
		return 0;
	if (t->cyr ? !ru_verb(t->word) : !speakers_in(verbs, t->word)) {
		if (speakers_in(with_quote, t->word))
			as = quotation_follows(tk, i);
		else if (speakers_in(with_as, t->word))
			for (size_t k = i + 1; k < tk->n && k <= i + 10 && plain(&tk->t[k]); k++)
				as |= !strcmp(tk->t[k].word, "as");
		else if (!strcmp(t->word, "read") || !strcmp(t->word, "reads"))
			as = i > 0 && speakers_in(texts, tk->t[i - 1].word);
		/* "with his sister saying ...": right after who says it, not after a comma. */
		else if (!strcmp(t->word, "saying"))
			as = i > 0 && plain(&tk->t[i - 1]) && !speakers_in(never, tk->t[i - 1].word);
		if (!as)
			return 0;
	}
	/* Passive: "was told of their deaths", "is said to be"; but "are said by their families"
	 * (through() takes who after "by"). */
	if (!t->cyr && i > 0 && speakers_in(passive, tk->t[i - 1].word) && !word(tk, i + 1, "by"))
		return 0;
	/* Negated: "never said", «не сообщил». */
	return !(i > 0 && (word(tk, i - 1, "not") || word(tk, i - 1, "never") ||
			   word(tk, i - 1, "не") || word(tk, i - 1, "didn't")));
}

int speakers_verb(const struct qtoks *tk, size_t i)
{
	return i < tk->n && verb_at(tk, i);
}

/* The attribution through the verb at i: 1 with *a. */
static int through(const struct qtoks *tk, size_t s, size_t i, size_t e, struct attr *a)
{
	int empty = 0;

	if (word(tk, i, "quoted"))
		return quoted_as(tk, s, i, e, a);
	if (i > s && speakers_in(passive, tk->t[i - 1].word)) {
		if (!after(tk, i + 1, e, &a->speaker))
			return 0;
		a->report = (struct text_span){tk->t[i - 1].start, a->speaker.end};
		return 1;
	}
	if (before(tk, s, i, &a->speaker, &empty)) {
		a->audience = audience(tk, i, e);
		a->report = (struct text_span){a->speaker.start, a->audience.end > tk->t[i].end
									 ? a->audience.end
									 : tk->t[i].end};
	} else if (empty && after(tk, i, e, &a->speaker)) {
		a->report = (struct text_span){tk->t[i - (i > s && word(tk, i - 1, "как"))].start,
					       a->speaker.end};
	} else
		return 0;
	a->lead = a->report.start == tk->t[s].start ||
		  (i > s && tk->t[s].kind == Q_DASH && a->speaker.start <= tk->t[i].start);
	return 1;
}

int speakers_attribution(const struct qtoks *tk, size_t s, size_t e, struct attr *a)
{
	size_t last_close = s;

	memset(a, 0, sizeof(*a));
	for (size_t i = s; i < e; i++)
		if (tk->t[i].kind == Q_CLOSE || (tk->t[i].kind == Q_COMMA && !tk->t[i].quoted))
			last_close = i;
	if (e > s && tk->t[e - 1].kind == Q_COMMA && tk->t[e - 1].ch == ':')
		a->colon = 1;
	/* "That was how X described it", "Those were the words of X": X, of the quotation
	 * before. */
	if (e > s + 4 &&
	    (word(tk, s, "that") || word(tk, s, "this") || word(tk, s, "those") || word(tk, s, "these")) &&
	    (word(tk, s + 1, "was") || word(tk, s + 1, "is") || word(tk, s + 1, "were") ||
	     word(tk, s + 1, "are"))) {
		size_t x = word(tk, s + 2, "how") ? s + 3
			   : word(tk, s + 2, "the") && word(tk, s + 3, "words") && word(tk, s + 4, "of")
				   ? s + 5
				   : e;
		size_t b = x;
		while (b < e && plain(&tk->t[b]) && b - s < 12 &&
		       (tk->t[b].cap || speakers_in(determiners, tk->t[b].word)))
			b++;
		if (b > x && can_speak(tk, x, b)) {
			a->speaker = span_of(tk, x, b);
			a->report = span_of(tk, s, b);
			a->lead = 2;
			return 1;
		}
	}
	/* A closing attribution (“...,” he said; ", a spokesperson said.") first, then any from
	 * the start. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = pass ? s : last_close; i < e && (pass || last_close > s); i++) {
			if (!plain(&tk->t[i]))
				continue;
			if (per(tk, i, e, a) || (verb_at(tk, i) && through(tk, s, i, e, a)))
				return 1;
			memset(a, 0, sizeof(*a));
			if (e > s && tk->t[e - 1].kind == Q_COMMA && tk->t[e - 1].ch == ':')
				a->colon = 1;
		}
	return 0;
}
