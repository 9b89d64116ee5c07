/* The rules of counts.h, sentence by sentence. A count is a number (digits with their group
 * separators, "1,000", «1 000»; or a number word, "three", «трое») followed, past at most four
 * adjectives or demonyms, by a word for people (counts_words.c, each with its category), in a
 * sentence that speaks of a release ("freed", "returned", "swap", «освобождены», «вернулись»)
 * and not of killing or capture next to the number. Before it, "about", "more than", «около»
 * make it approximate, and "the bodies of", «тела» make it remains. "1,000 for 1,000" and «500 на
 * 500» are two counts, one each way.
 *
 * Sides, as a reader takes them: the article's two main sides are the two it names most, a
 * mediator ("UAE mediation", "mediated by Qatar") and the Red Cross left out, a party counted
 * with the country it stands with (Hamas with the Palestinians). A demonym in the count's words
 * says to whom ("390 Ukrainian defenders"; two demonyms, none); "from Russian captivity", «из
 * российского плена», "held by Russia" say who releases; "to Germany", «в Россию», «украинской
 * стороне» who receives. A side before the count that acts does: "Russia returned 390" releases,
 * "Ukraine brought home 390", «Россия вернула 390 своих» receives, and one that frees its own
 * ("Venezuela freed 20 Venezuelan political prisoners") releases them to no one. The side left
 * unsaid is the other main side when the article has only two; a country whose party the article
 * names releases through it (Hamas, not "Palestinians", frees hostages). "Each" leaves the sides
 * to both ways. People counted without a category of their own ("people", "Americans") are
 * detainees, or in a war between the two main sides totals ("other"); "including" and "of them"
 * take the category of the count they are part of. Words are folded to lower case (ASCII and
 * Cyrillic) to compare. */
#include "text/counts.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "text/counts_words.h"

/* At most this many distinct sides are weighed for the main two; the rest are too rare. */
#define SIDES_WEIGHED 64

struct ctx {
	const struct side_mention *sides;
	size_t nsides;
	const char *main[2];  /* the deal's two sides (countries, a party as its country) */
	const char *party[8]; /* the parties the article names, most named first */
	size_t nparty;
	int war;                 /* the two main sides are Russia and Ukraine: prisoners are of war */
	int two;                 /* the article is about two sides: the side left unsaid is the other */
	int hostage;             /* the article speaks of hostages: what a party frees are hostages */
	const char *mediator[8]; /* the sides that mediate: no actor of a release */
	size_t nmediator;
};

static int word(const struct tok *t, const char *w)
{
	return t->kind == T_WORD && !strcmp(t->w, w);
}

static int is_party(const char *code)
{
	return code && code[0] >= 'a' && code[0] <= 'z';
}

static int same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

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

static const char *as_country(const char *code);

static int mediates(const struct ctx *x, const char *code)
{
	for (size_t k = 0; k < x->nmediator; k++)
		if (!strcmp(x->mediator[k], as_country(code)))
			return 1;
	return 0;
}

/* The side as the main sides are counted: a party as the country it stands with. */
static const char *as_country(const char *code)
{
	const char *c = counts_party_country(code);
	return c ? c : code;
}

/* The other main side, when the article has two and code is one of them. */
static const char *other_main(const struct ctx *x, const char *code)
{
	if (!code || !x->two || !x->main[0] || !x->main[1])
		return NULL;
	code = as_country(code);
	return !strcmp(code, as_country(x->main[0]))   ? x->main[1]
	       : !strcmp(code, as_country(x->main[1])) ? x->main[0]
						       : NULL;
}

/* Who releases, as the article names it: a country whose party it names releases through the
 * party ("Gaza freed three hostages": Hamas). */
static const char *releaser(const struct ctx *x, const char *code)
{
	for (size_t i = 0; code && !is_party(code) && i < x->nparty; i++)
		if (same(counts_party_country(x->party[i]), code))
			return x->party[i];
	return code;
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
	return t->kind == T_NUM ? t->num : t->kind == T_WORD ? counts_number(t->w) : 0;
}

/* Russian adjectives in the plural ("украинских", "российские") may stand before the noun. */
static int russian_adjective(const char *w)
{
	size_t l = strlen(w);
	return l > 4 && (!strcmp(w + l - 4, "ых") || !strcmp(w + l - 4, "их") ||
			 !strcmp(w + l - 4, "ые") || !strcmp(w + l - 4, "ие"));
}

/* The noun of the count at token i, from the words after it: its category (COUNTS_NONE: none),
 * the noun's token in *noun and the demonym met on the way in *nat (two different ones: *mixed). */
static enum counts_cat noun_after(const struct toks *tk, size_t i, size_t e, const struct ctx *x,
				  size_t *noun, const struct side_mention **nat, int *mixed)
{
	const struct tok *t = tk->t;
	const struct side_mention *sd;
	enum counts_cat cat;
	size_t dem = 0; /* the token that ends the last demonym, 0: none */

	for (size_t k = i + 1; k < e && k - i <= 5 && t[k].kind == T_WORD; k++) {
		if ((cat = counts_noun(t[k].w)) != COUNTS_NONE) {
			*noun = k;
			if (!strcmp(t[k].w, "prisoners") && k + 2 < e && word(&t[k + 1], "of") &&
			    word(&t[k + 2], "war"))
				cat = COUNTS_POW, *noun = k + 2;
			else if (cat == COUNTS_DET && word(&t[k - 1], "political"))
				cat = COUNTS_POL;
			return cat;
		}
		if ((sd = side_at(x, t[k].start))) { /* between number and noun: whose they are */
			*mixed |= *nat && strcmp((*nat)->code, sd->code);
			*nat = sd;
			while (k + 1 < e && t[k + 1].start < sd->end)
				k++;
			dem = k;
			continue;
		}
		if (dem && (word(&t[k], "and") || word(&t[k], "и") || word(&t[k], "or")))
			continue;
		if (!counts_in(counts_adjectives, t[k].w) && !russian_adjective(t[k].w) &&
		    !word(&t[k], "своих") && !word(&t[k], "own"))
			break;
	}
	if (dem) { /* "three Americans", "Five Americans freed by Iran": the demonym is the noun */
		*noun = dem;
		return COUNTS_OTHER;
	}
	return COUNTS_NONE;
}

/* Whether token k says that what follows is not a release: "killed", "still held"; "held by
 * Russia", "held in Iran" only say where they were. */
static int against_at(const struct toks *tk, size_t k, size_t e)
{
	const struct tok *t = tk->t;
	if (t[k].kind != T_WORD || !counts_in(counts_against, t[k].w))
		return 0;
	return !((word(&t[k], "held") || word(&t[k], "holding")) && k + 1 < e &&
		 (word(&t[k + 1], "by") || word(&t[k + 1], "in")));
}

static int noun_is(const struct toks *tk, size_t noun, enum counts_cat cat)
{
	return tk->t[noun].kind == T_WORD && counts_noun(tk->t[noun].w) == cat;
}

/* «в Россию», «в Украину»: into, not in («в России»). */
static int accusative(const char *w)
{
	size_t l = strlen(w);
	return l >= 2 && (!strcmp(w + l - 2, "ю") || !strcmp(w + l - 2, "у"));
}

/* The first token of the side mention that holds token k. */
static size_t side_first(const struct toks *tk, size_t s, size_t k, const struct side_mention *sd)
{
	while (k > s && tk->t[k - 1].start >= sd->start)
		k--;
	return k;
}

/* The sides of the count whose words are tokens [a, noun] of sentence [s, e) (i the number):
 * m->released_by and m->released_to from the demonym, the words after and the actor before. */
static void sides_of(const struct toks *tk, size_t s, size_t e, size_t a, size_t i, size_t noun,
		     const struct side_mention *nat, int mixed, const struct ctx *x,
		     struct count_mention *m)
{
	const struct tok *t = tk->t;
	const struct side_mention *sd;
	const char *by = NULL, *to = nat && !mixed ? nat->code : NULL;
	int own = mixed; /* two peoples ("Lebanese and Palestinian"): no one receiver */
	size_t k;

	/* After: "from Russian captivity", «из российского плена», "held by Russia"; "to Germany". */
	for (k = (noun > i ? noun : i) + 1; k + 1 < e && k - noun <= 8 && t[k].kind == T_WORD; k++) {
		if ((word(&t[k], "from") || word(&t[k], "by") || word(&t[k], "из") ||
		     (word(&t[k], "in") && word(&t[k - 1], "held"))) &&
		    (sd = side_at(x, t[k + 1].start))) {
			by = sd->code;
			break;
		}
		if ((word(&t[k], "whom") || word(&t[k], "которых") || word(&t[k], "которого")) &&
		    (sd = side_at(x, t[k + 1].start))) { /* "soldiers whom Russia handed over" */
			by = sd->code;
			break;
		}
		if ((word(&t[k], "to") || word(&t[k], "в") || word(&t[k], "into")) &&
		    (sd = side_at(x, t[k + 1].start)) && !to) {
			to = sd->code;
			break;
		}
	}
	/* Before, in the clause: the side that receives («в Россию», «украинской стороне»,
	 * «передала Украине») and the one that acts. */
	for (k = a; k > s && a - k < 8 && t[k - 1].kind != T_COMMA; k--) {
		size_t f, v;
		int acts = 0, recv = 0;
		if (!(sd = side_at(x, t[k - 1].start)) || mediates(x, sd->code))
			continue;
		f = side_first(tk, s, k - 1, sd);
		if (f > s && (word(&t[f - 1], "in") || (word(&t[f - 1], "в") && !accusative(t[f].w)))) {
			if (m->category == counts_cat_names[COUNTS_POL] && !by)
				by = sd->code; /* «В Белоруссии вышли на свободу 14 политзаключенных» */
			k = f + 1;
			continue;
		}
		if ((f > s && (word(&t[f - 1], "to") || word(&t[f - 1], "в") ||
			       (t[f - 1].kind == T_WORD && counts_starts(counts_release, t[f - 1].w) &&
				(t[f].w[0] & 0x80)))) ||
		    (k < a && word(&t[k], "стороне"))) {
			if (!nat)
				to = sd->code;
			k = f + 1;
			continue;
		}
		for (v = k; v < a; v++) {
			if (t[v].kind != T_WORD)
				continue;
			if (counts_in(counts_speech, t[v].w)) /* "Russia's ministry said 84 ..." */
				acts = recv = 0, v = a;
			if (v == a)
				break;
			recv |= counts_in(counts_receiving, t[v].w) ||
				(!strncmp(t[v].w, "вернул", 12) && v + 1 < e &&
				 !side_at(x, t[v + 1].start));
			acts |= counts_starts(counts_release, t[v].w);
		}
		if (f > s + 1 && (word(&t[f - 1], "and") || word(&t[f - 1], "и")) &&
		    side_at(x, t[f - 2].start))
			break; /* "Russia and Ukraine swapped": both, neither the actor */
		if (recv) { /* "Ukraine brought home 207", «Россия вернула 390 своих граждан» */
			to = sd->code;
		} else if (acts) {
			by = sd->code;
			if (same(as_country(to), as_country(by))) /* its own people, freed */
				to = NULL, own = 1;
		}
		break;
	}
	if (!by && to)
		by = other_main(x, to);
	/* Hostages and remains in a hostage deal come from the party that holds them. */
	if (!by && x->hostage && x->nparty && counts_party_country(x->party[0]) &&
	    (noun_is(tk, noun, COUNTS_HOST) || noun_is(tk, noun, COUNTS_REM)) &&
	    !same(as_country(to), counts_party_country(x->party[0]))) {
		by = x->party[0];
		to = to ? to : other_main(x, by);
	}
	if (by && !to && !own && m->category != counts_cat_names[COUNTS_POL])
		to = other_main(x, by);
	if (same(as_country(by), as_country(to)))
		to = NULL;
	m->released_by = releaser(x, by);
	m->released_to = to;
}

/* Whether "each" or «друг другу» goes with the count at tokens [a, noun] of sentence [s, e):
 * "100 prisoners each", "each side freed 1,000", "246 captives from each side". */
static int each_at(const struct toks *tk, size_t s, size_t e, size_t a, size_t noun)
{
	for (size_t k = a > s + 4 ? a - 4 : s; k < e && k <= noun + 4; k++)
		if (tk->t[k].kind == T_WORD && counts_in(counts_each, tk->t[k].w))
			return 1;
	return 0;
}

/* The category as a reader takes it from the rest of the article: people of no category are
 * detainees, or in the war totals; prisoners in the war are of war (Palestinians excepted);
 * what a party frees in a hostage deal are hostages. */
static enum counts_cat settle(enum counts_cat cat, const struct count_mention *m,
			      const struct side_mention *nat, const struct ctx *x)
{
	if (cat == COUNTS_OTHER)
		cat = x->war ? COUNTS_OTHER : COUNTS_DET;
	else if (cat == COUNTS_DET && x->war && !(nat && !strcmp(nat->code, "PS")))
		cat = COUNTS_POW;
	if (x->hostage && is_party(m->released_by) && cat != COUNTS_REM)
		cat = COUNTS_HOST;
	return cat;
}

/* How far back a number with no noun looks for the sentence's people noun: a bounded window,
 * so that a sentence of numbers costs what its length does. */
#define BACK 16

/* The count whose number is token i of sentence [s, e), or 0. prev: the count before it in the
 * text (NULL: none), same_sentence: whether it stands in this sentence. */
static int count_at(const struct toks *tk, size_t s, size_t e, size_t i, const struct ctx *x,
		    const struct count_mention *prev, int same_sentence, struct count_mention *m)
{
	const struct tok *t = tk->t;
	const struct side_mention *nat = NULL, *sd;
	enum counts_cat cat;
	size_t a = i, k, noun = i;
	int remains = 0, mixed = 0, part = 0;

	/* "January 19", «19 января»: a date. */
	if ((i > s && t[i - 1].kind == T_WORD && counts_in(counts_months, t[i - 1].w)) ||
	    (i + 1 < e && t[i + 1].kind == T_WORD && counts_in(counts_months, t[i + 1].w)))
		return 0;
	m->count = value_at(&t[i]);
	if (m->count <= 0 ||
	    (t[i].kind == T_NUM && t[i].num >= 1900 && t[i].num <= 2100 && t[i].end - t[i].start == 4))
		return 0;
	/* Before: "about", "the bodies of", «тела», and no killing. */
	m->approximate = 0;
	if (a > s && t[a - 1].kind == T_WORD && counts_in(counts_approx, t[a - 1].w)) {
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
		    word(&t[k - 1], "coffins") || word(&t[k - 1], "тела") || word(&t[k - 1], "тел") ||
		    (t[k - 1].kind == T_WORD && !strncmp(t[k - 1].w, "останк", 12)))
			remains = 1;
		else if (against_at(tk, k - 1, e))
			return 0;
	cat = noun_after(tk, i, e, x, &noun, &nat, &mixed);
	/* No noun of its own: the sentence's people noun before it ("the remaining 13 were"), else
	 * the count it is part of ("Seventy of them", "18 were serving life terms"). */
	if (cat == COUNTS_NONE &&
	    (i + 1 >= e || t[i + 1].kind != T_WORD || counts_in(counts_bare_after, t[i + 1].w) ||
	     counts_starts(counts_release, t[i + 1].w))) {
		for (k = i; k > s && i - k < BACK && cat == COUNTS_NONE; k--)
			if (t[k - 1].kind == T_WORD && (cat = counts_noun(t[k - 1].w)) != COUNTS_NONE &&
			    k >= 2 && (sd = side_at(x, t[k - 2].start)) && !same_sentence)
				nat = sd;
		if (cat == COUNTS_NONE && prev && m->count > 1 &&
		    (same_sentence ||
		     (i + 2 < e && (word(&t[i + 1], "of") || word(&t[i + 1], "из")) &&
		      (word(&t[i + 2], "them") || word(&t[i + 2], "whom") || word(&t[i + 2], "них")))))
			part = 1;
	}
	if (cat == COUNTS_NONE && !part)
		return 0;
	for (k = noun + 1; k < e && k - noun <= 4 && t[k].kind == T_WORD; k++)
		if (against_at(tk, k, e))
			return 0;
	m->start = t[a].start;
	m->end = t[i].end;
	m->each = each_at(tk, s, e, a, noun);
	m->category = NULL;
	m->part = part;
	if (part) { /* a part of the count before: its category and sides, unless it says them */
		m->category = prev->category;
		sides_of(tk, s, e, a, i, noun, NULL, 0, x, m);
		if (!m->released_to && !same(prev->released_to, m->released_by))
			m->released_to = prev->released_to;
		if (!m->released_by)
			m->released_by = prev->released_by;
		return 1;
	}
	if (cat == COUNTS_POL)
		m->category = counts_cat_names[COUNTS_POL];
	sides_of(tk, s, e, a, i, noun, nat, mixed, x, m);
	/* "350 in all", "24 prisoners in all": the whole exchange, both ways. */
	for (k = noun + 1; k + 1 < e && k <= noun + 2; k++)
		if (word(&t[k], "in") && (word(&t[k + 1], "all") || word(&t[k + 1], "total")))
			m->each = 1, m->apart = 1;
	if (m->each)
		m->released_by = m->released_to = NULL;
	for (k = i + 1; k < noun; k++)
		remains |= word(&t[k], "slain") || word(&t[k], "deceased");
	if (remains)
		cat = COUNTS_REM;
	/* "including five Britons", «среди помилованных два гражданина Японии»: of the category of
	 * the count they are part of. */
	if (cat == COUNTS_OTHER && prev && prev->category &&
	    strcmp(prev->category, counts_cat_names[COUNTS_OTHER])) {
		for (k = a > s + 3 ? a - 3 : s; k < a || (same_sentence && prev->part && k == a); k++)
			if (k == a || (t[k].kind == T_WORD && counts_starts(counts_including, t[k].w))) {
				cat = COUNTS_NONE;
				m->part = 1;
				m->category = prev->category;
				if (!m->released_by)
					m->released_by = prev->released_by;
				if (!m->released_to && !nat)
					m->released_to = prev->released_to;
				break;
			}
	}
	if (cat != COUNTS_NONE)
		m->category = counts_cat_names[settle(cat, m, nat, x)];
	return 1;
}

static int sentence(const struct toks *tk, size_t s, size_t e, int release, size_t para,
		    const struct ctx *x, struct out *o)
{
	int future = 0, apart = 0;
	size_t from = o->n;

	for (size_t i = s; i < e; i++)
		if (tk->t[i].kind == T_WORD) {
			future |= counts_in(counts_future, tk->t[i].w) ||
				  (word(&tk->t[i], "to") && i > s &&
				   (word(&tk->t[i - 1], "is") || word(&tk->t[i - 1], "are")));
			apart |= counts_starts(counts_cumulative, tk->t[i].w);
		}
	if (!release)
		return 0;
	for (size_t i = s; i < e; i++) {
		struct count_mention m = {0};
		const struct tok *t = &tk->t[i];
		const struct count_mention *prev = o->n ? &o->c[o->n - 1] : NULL;

		if (t->kind != T_NUM && !(t->kind == T_WORD && counts_number(t->w)))
			continue;
		/* "1,000 for 1,000", «500 на 500»: one count each way. */
		if (i + 2 < e && (word(&tk->t[i + 1], "for") || word(&tk->t[i + 1], "на")) &&
		    tk->t[i + 2].kind == T_NUM && t->kind == T_NUM && t->num > 0 && tk->t[i + 2].num > 0) {
			struct count_mention two[2];
			int named = count_at(tk, s, e, i + 2, x, prev, o->n > from, &two[1]);
			const char *cat = named && two[1].category
						  ? two[1].category
						  : counts_cat_names[x->war ? COUNTS_POW : COUNTS_DET];
			for (int j = 0; j < 2; j++) {
				size_t at = i + 2 * (size_t)j;
				two[j] = (struct count_mention){0};
				two[j].start = tk->t[at].start;
				two[j].end = tk->t[at].end;
				two[j].count = tk->t[at].num;
				two[j].category = cat;
				two[j].released_by = releaser(x, x->main[j]);
				two[j].released_to = x->main[1 - j];
				if (emit(o, &two[j]) < 0)
					return -1;
			}
			i += 2;
			continue;
		}
		if (count_at(tk, s, e, i, x, prev, o->n > from, &m) && emit(o, &m) < 0)
			return -1;
	}
	for (size_t k = from; k < o->n; k++) {
		o->c[k].sentence_start = tk->t[s].start;
		o->c[k].sentence_end = tk->t[e - 1].end;
		o->c[k].future = future;
		o->c[k].paragraph = para;
		o->c[k].apart |= apart;
	}
	return 0;
}

/* A count that says no side takes those of the count before it in its paragraph or the one
 * before ("207 Ukrainians came home ... the group included 95 soldiers, 56 guardsmen"). */
static void inherit(struct count_mention *c, size_t n)
{
	const struct count_mention *last = NULL;

	for (size_t i = 0; i < n; i++) {
		if (!c[i].released_by && !c[i].released_to && !c[i].each && !c[i].apart && last &&
		    c[i].paragraph <= last->paragraph + 1) {
			c[i].released_by = last->released_by;
			c[i].released_to = last->released_to;
		}
		if (c[i].released_by || c[i].released_to)
			last = &c[i];
	}
}

struct weigh {
	/* one slot more: where the sides past SIDES_WEIGHED go, never read */
	const char *code[SIDES_WEIGHED + 1]; /* as a country */
	const char *rep[SIDES_WEIGHED + 1];  /* a code given for it: the country's, else a party's */
	size_t times[SIDES_WEIGHED + 1];
	int mediator[SIDES_WEIGHED + 1];
	size_t n;
};

static size_t weigh_slot(struct weigh *w, const char *code)
{
	size_t k = 0;
	while (k < w->n && strcmp(w->code[k], code))
		k++;
	if (k == w->n && w->n < SIDES_WEIGHED)
		w->code[w->n] = code, w->rep[w->n] = NULL, w->times[w->n] = 0, w->mediator[w->n++] = 0;
	return k;
}

/* Marks the sides listed from token f on, after "mediated by": "Qatar, Egypt and the United
 * States" (the list ends at the side after "and"); without an "and", only the first. */
static void mediated_by(const struct toks *tk, size_t f, size_t e, const struct ctx *x, struct weigh *w)
{
	const struct side_mention *sd, *first = NULL;
	size_t from = f;

	for (; f < e && f - from < 14; f++) {
		if ((sd = side_at(x, tk->t[f].start))) {
			first = first ? first : sd;
			if (f > from && (word(&tk->t[f - 1], "and") || word(&tk->t[f - 1], "the"))) {
				for (size_t k = from; k <= f; k++)
					if ((sd = side_at(x, tk->t[k].start)))
						w->mediator[weigh_slot(w, as_country(sd->code))] = 1;
				return;
			}
		} else if (!(tk->t[f].kind == T_COMMA || word(&tk->t[f], "and") ||
			     word(&tk->t[f], "the"))) {
			break;
		}
	}
	if (first)
		w->mediator[weigh_slot(w, as_country(first->code))] = 1;
}

/* Marks the sides that mediate in sentence [s, e): just before a mediator's word ("UAE
 * mediation", "Emirati-mediated", "the UAE has mediated") or listed after "mediated by". */
static void mediators(const struct toks *tk, size_t s, size_t e, const struct ctx *x, struct weigh *w)
{
	const struct side_mention *sd;

	for (size_t k = s; k < e; k++) {
		if (tk->t[k].kind != T_WORD || !counts_starts(counts_mediation, tk->t[k].w))
			continue;
		for (size_t b = k; b > s && k - b < 4; b--)
			if ((sd = side_at(x, tk->t[b - 1].start)))
				w->mediator[weigh_slot(w, as_country(sd->code))] = 1;
		if (k + 1 < e && word(&tk->t[k + 1], "by"))
			mediated_by(tk, k + 2, e, x, w);
	}
}

/* The deal's two sides: the two the text names most, mediators and the Red Cross left out, a
 * party counted as its country; whether the article has only those two (the third named at
 * most half as often as the second); the parties it names. tk: every token of the body,
 * sentences ended by T_STOP. */
static void main_sides(struct ctx *x, const struct toks *tk)
{
	struct weigh w = {{NULL}, {NULL}, {0}, {0}, 0};
	const struct side_mention *sd, *last = NULL;
	size_t best[3] = {0, 0, 0}, pt[8] = {0};

	for (size_t s = 0, j = 0; j <= tk->n; j++)
		if (j == tk->n || tk->t[j].kind == T_STOP) {
			mediators(tk, s, j, x, &w);
			s = j + 1;
		}
	for (size_t k = 0; k < tk->n; k++) {
		if (tk->t[k].kind == T_WORD &&
		    (!strncmp(tk->t[k].w, "hostage", 7) || !strncmp(tk->t[k].w, "заложни", 14)))
			x->hostage = 1;
		if (!(sd = side_at(x, tk->t[k].start)) || sd == last)
			continue;
		last = sd;
		{
			size_t slot = weigh_slot(&w, as_country(sd->code));
			w.times[slot]++;
			if (!w.rep[slot] || !is_party(sd->code))
				w.rep[slot] = sd->code;
		}
		if (is_party(sd->code)) { /* the parties, by how often */
			size_t p = 0;
			while (p < x->nparty && strcmp(x->party[p], sd->code))
				p++;
			if (p == x->nparty && p < 8)
				x->party[x->nparty++] = sd->code;
			if (p < 8)
				pt[p]++;
			for (; p > 0 && p < 8 && pt[p] > pt[p - 1]; p--) {
				const char *c = x->party[p];
				size_t n = pt[p];
				x->party[p] = x->party[p - 1], pt[p] = pt[p - 1];
				x->party[p - 1] = c, pt[p - 1] = n;
			}
		}
	}
	x->main[0] = x->main[1] = NULL;
	for (size_t k = 0; k < w.n; k++) {
		if (w.mediator[k] || !w.rep[k])
			continue;
		if (w.times[k] > best[0]) {
			best[2] = best[1], best[1] = best[0], best[0] = w.times[k];
			x->main[1] = x->main[0], x->main[0] = w.rep[k];
		} else if (w.times[k] > best[1]) {
			best[2] = best[1], best[1] = w.times[k];
			x->main[1] = w.rep[k];
		} else if (w.times[k] > best[2]) {
			best[2] = w.times[k];
		}
	}
	x->two = x->main[1] && 2 * best[2] <= best[1];
	for (size_t k = 0; k < w.n; k++)
		if (w.mediator[k] && x->nmediator < 8) /* (as countries: mediates() compares so) */
			x->mediator[x->nmediator++] = w.code[k];
	x->war |= x->main[0] && x->main[1] && /* (countries: their own codes) */
		  ((!strcmp(x->main[0], "RU") && !strcmp(x->main[1], "UA")) ||
		   (!strcmp(x->main[0], "UA") && !strcmp(x->main[1], "RU")));
}

long counts_find(const char *text, const struct text_span *body, size_t nbody,
		 const struct side_mention *sides, size_t nsides, struct count_mention **out)
{
	size_t n = 0, *para = NULL, np = 0;
	struct ctx x = {sides, nsides, {NULL, NULL}, {NULL}, 0, 0, 0, 0, {NULL}, 0};
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
		if (counts_tokenize(cp, from, to, &tk) < 0 || counts_push(&tk, &stop) < 0)
			goto oom;
	}
	para[np] = tk.n;
	main_sides(&x, &tk);
	/* Sentence by sentence; a release spoken of in the paragraph or the one before it is the
	 * context of the paragraph's numbers ("the group included 95 soldiers"). */
	for (size_t b = 0, prev = 0; b < np; b++) {
		int here = 0;
		for (size_t k = para[b]; k < para[b + 1] && !here; k++)
			here = tk.t[k].kind == T_WORD && counts_starts(counts_release, tk.t[k].w);
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
