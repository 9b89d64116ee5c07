/* The rules of quotes_people.h. People are read in the text's order as quotes.c reaches them,
 * each mention once (linear in the mentions), those inside quotation marks aside: a quotation's
 * words are about people, not by them.
 *
 *   a speaker that holds a mention       that person ("Rep. Michael McCaul", "Mujahid"), not one
 *                                        in a possessive ("Fogel's sister": no one)
 *   "he", "she", "they", «он», «она»     the person last mentioned outside quotations, within
 *                                        about a few paragraphs, not one the sentence's
 *                                        quotation names or its "of" ("he said of Karelina"),
 *                                        nor a "Ms" for "he" and a "Mr" for "she"
 *   "Mr X", "Ms X", a name alone         the last full name ending in X
 *   "the president", "the minister"      the last person whose role holds the word
 *   "the ministry", "the headquarters"   where an organisation holding the word was last named
 *                                        ("Russia's Ministry of Defence"), capitalised
 *   "it", "the statement"                the organisation that last spoke, within a few
 *                                        paragraphs ("..., the headquarters said. ..., it
 *                                        said"); "it" for none is no speaker
 *   "MIT", "the PMO"                     the organisation named with it in parentheses
 *                                        ("National Intelligence Organization (MIT)"), else
 *                                        the last one whose initials spell it
 *   "Ms X", "Mr X"                       the last person written out in full whose name ends
 *                                        in X ("Mandy Damari", not the daughter named first) */
#include "text/quotes_people.h"

#include <stdlib.h>
#include <string.h>

/* How far back a pronoun looks, in code points: a few paragraphs. */
#define PRONOUN_REACH 1500

static const char *const titles[WHO_TITLES] = {"president",    "minister",    "premier",
					       "chancellor",   "spokesman",   "spokeswoman",
					       "spokesperson", "envoy",       "ambassador",
					       "senator",      "congressman", "congresswoman",
					       "governor",     "mayor",       "king",
					       "emir",         "secretary",   "adviser",
					       "leader",       "chief",       "ombudsman"};
static const char *const orgs[WHO_ORGS] = {"ministry",   "headquarters", "office",       "army",
					   "military",   "committee",    "government",   "department",
					   "agency",     "council",      "forum",        "embassy",
					   "service",    "organisation", "organization", "foundation",
					   "commission", "command",      "cabinet",      "court",
					   "mission",    "presidency",   "authority",    "centre",
					   "center",     "staff",        "forces",       "movement",
					   "union",      "kremlin"};
/* Words after which a name is not who speaks ("the mother of X"). */
static const char *const linking[] = {"of", "for", "to", "with", "about", NULL};
static const char *const connectors[] = {"of", "for", "the", "and", "on", NULL};
static const char *const forms[] = {"mr", "mr.", "ms", "ms.", "mrs", "mrs.", "miss", "dr", "dr.", NULL};

int who_init(struct who *w, const uint32_t *cp, size_t ncp, const struct person_mention *pe, size_t npe)
{
	memset(w, 0, sizeof(*w));
	w->cp = cp;
	w->ncp = ncp;
	w->pe = pe;
	w->npe = pe ? npe : 0;
	for (w->hcap = 16; w->hcap < 2 * w->npe; w->hcap *= 2)
		;
	w->hash = calloc(w->hcap, sizeof(*w->hash));
	w->alias = calloc(w->hcap, sizeof(*w->alias));
	return w->hash && w->alias ? 0 : -1;
}

void who_free(struct who *w)
{
	free(w->hash);
	free(w->alias);
	w->hash = NULL;
	w->alias = NULL;
}

static uint32_t fold(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c | 32;
	if (c >= 0x410 && c <= 0x42F)
		return c + 0x20;
	return c;
}

/* The last word of span s: [*a, s.end). */
static size_t last_word(const struct who *w, struct text_span s)
{
	size_t a = s.end;

	while (a > s.start && w->cp[a - 1] != ' ')
		a--;
	return a;
}

static int same(const struct who *w, size_t a, size_t b, size_t c, size_t d) /* [a,b) [c,d) */
{
	if (b - a != d - c)
		return 0;
	for (size_t i = 0; i < b - a; i++)
		if (w->cp[a + i] != w->cp[c + i])
			return 0;
	return 1;
}

static struct text_span full(const struct who *w, size_t i)
{
	return (struct text_span){w->pe[i].full.start, w->pe[i].full.end};
}

/* Whether the words of [a, b) begin with word (ASCII, lower case) followed by a space. */
static int opens_with(const struct who *w, size_t a, size_t b, const char *word)
{
	size_t k = 0;

	for (; word[k] && a + k < b; k++)
		if (fold(w->cp[a + k]) != (unsigned char)word[k])
			return 0;
	return !word[k] && a + k < b && w->cp[a + k] == ' ';
}

/* Whether [a, b) holds word (ASCII, lower case) as a word of its own. */
static int holds(const struct who *w, size_t a, size_t b, const char *word)
{
	size_t l = strlen(word);

	for (size_t i = a; i + l <= b; i++) {
		size_t k = 0;
		if (i > a && w->cp[i - 1] != ' ')
			continue;
		while (k < l && fold(w->cp[i + k]) == (unsigned char)word[k])
			k++;
		if (k == l && (i + l == b || w->cp[i + l] == ' ' || w->cp[i + l] == '\''))
			return 1;
	}
	return 0;
}

static size_t slot(const struct who *w, size_t a, size_t b)
{
	size_t h = 2166136261u;

	for (size_t i = a; i < b; i++)
		h = (h ^ fold(w->cp[i])) * 16777619u;
	return h & (w->hcap - 1);
}

/* The full name of the person whose full or surname ends as [a, b): the last written out in
 * full, or none (index + 1, or 0). */
static size_t by_surname(const struct who *w, size_t a, size_t b)
{
	for (size_t h = slot(w, a, b), n = 0; w->hash[h] && n < w->hcap;
	     h = (h + 1) & (w->hcap - 1), n++) {
		struct text_span f = full(w, w->hash[h] - 1);
		if (same(w, last_word(w, f), f.end, a, b))
			return w->hash[h];
	}
	return 0;
}

/* Where the name in [a, b) starts after the forms of address and titles that open it ("Ms
 * Shelly Shem Tov": Shelly). */
static size_t untitled(const struct who *w, size_t a, size_t b)
{
	for (int more = 1; more;) {
		more = 0;
		for (const char *const *x = forms; *x && !more; x++)
			if (opens_with(w, a, b, *x))
				a += strlen(*x) + 1, more = 1;
		for (size_t t = 0; t < WHO_TITLES && !more; t++)
			if (opens_with(w, a, b, titles[t]))
				a += strlen(titles[t]) + 1, more = 1;
	}
	return a;
}

/* Whether mention i has a form of address ("Ms Damari", "Mr. Regev"). */
static int addressed(const struct who *w, size_t i)
{
	const struct person_mention *m = &w->pe[i];

	for (const char *const *x = forms; *x; x++)
		if (holds(w, m->role.start, m->role.end, *x) ||
		    opens_with(w, m->name.start, m->name.end, *x))
			return 1;
	return 0;
}

/* The full name of mention i, without a form of address: the longer full name it ends
 * ("Ms Shem Tov": Shelly Shem Tov; "Biden": Joe Biden), the last such; a form of address with a
 * surname ("Ms Damari") keeps whom it first stood for. */
static struct text_span fullest(struct who *w, size_t i)
{
	struct text_span f = full(w, i), r, nm = w->pe[i].name;
	size_t a = untitled(w, f.start, f.end), k = by_surname(w, last_word(w, f), f.end), h = 0;

	/* "Ms Damari": the last person written out in full whose name ends so, when it was first
	 * met; later, whom it first stood for. */
	if (addressed(w, i) && !same(w, f.start, f.end, nm.start, nm.end)) {
		size_t j = by_surname(w, last_word(w, nm), nm.end);
		for (h = slot(w, nm.start, nm.end); w->alias[h].key; h = (h + 1) & (w->hcap - 1)) {
			struct text_span g = w->pe[w->alias[h].key - 1].name;
			if (w->alias[h].by_name && same(w, g.start, g.end, nm.start, nm.end))
				return w->alias[h].full;
		}
		if (j) {
			struct text_span g = full(w, j - 1);
			size_t ga = untitled(w, g.start, g.end), n = nm.end - nm.start;
			if (g.end - ga > n && same(w, g.end - n, g.end, nm.start, nm.end) &&
			    w->cp[g.end - n - 1] == ' ') {
				r = (struct text_span){ga, g.end};
				if (w->nalias + 1 < w->hcap / 2) {
					w->alias[h] = (struct who_alias){i + 1, r, 1};
					w->nalias++;
				}
				return r;
			}
		}
		h = 0;
	}

	r = (struct text_span){a < f.end ? a : f.start, f.end};
	if (a > f.start)
		for (h = slot(w, f.start, f.end); w->alias[h].key; h = (h + 1) & (w->hcap - 1)) {
			struct text_span g = full(w, w->alias[h].key - 1);
			if (!w->alias[h].by_name && same(w, g.start, g.end, f.start, f.end))
				return w->alias[h].full;
		}
	if (k) {
		struct text_span g = full(w, k - 1);
		size_t ga = untitled(w, g.start, g.end), n = r.end - r.start;
		if (g.end - ga > n && same(w, g.end - n, g.end, r.start, r.end) &&
		    w->cp[g.end - n - 1] == ' ')
			r = (struct text_span){ga, g.end};
	}
	/* Remembered, in a table twice as large as the mentions can fill. */
	if (a > f.start && w->nalias + 1 < w->hcap / 2) {
		w->alias[h].key = i + 1;
		w->alias[h].full = r;
		w->nalias++;
	}
	return r;
}

/* The token of [s, e) that holds code point at, or e. */
static size_t token_at(const struct qtoks *tk, size_t s, size_t e, size_t at)
{
	while (s < e && tk->t[s].end <= at)
		s++;
	return s;
}

/* Reads the people before code point upto that sentence [s, e) holds. */
static void read_people(struct who *w, const struct qtoks *tk, size_t s, size_t e, size_t upto)
{
	size_t k = s;

	for (; w->next < w->npe && w->pe[w->next].name.start < upto; w->next++) {
		size_t i = w->next;
		struct text_span f = full(w, i);
		k = token_at(tk, k, e, w->pe[i].name.start);
		if (k == e || tk->t[k].start > w->pe[i].name.end)
			continue; /* not in a sentence read: the page's furniture */
		if (tk->t[k].quoted ||
		    (k > s && (!strcmp(tk->t[k - 1].word, "of") || !strcmp(tk->t[k - 1].word, "about")))) {
			if (w->ninside < 8)
				w->inside[w->ninside++] = i;
			continue;
		}
		/* The ring: latest first, each full name once. */
		{
			size_t at = w->nring < WHO_RING ? w->nring++ : WHO_RING - 1;
			for (size_t r = 0; r + 1 < w->nring; r++) {
				struct text_span g = full(w, w->ring[r]);
				if (same(w, f.start, f.end, g.start, g.end)) {
					at = r;
					break;
				}
			}
			memmove(w->ring + 1, w->ring, at * sizeof(*w->ring));
			w->ring[0] = i;
		}
		/* Only a name written out here in full: "Ms Damari" is not Emily Damari written
		 * again. */
		if (last_word(w, f) > untitled(w, f.start, f.end) &&
		    same(w, f.start, f.end, w->pe[i].name.start, w->pe[i].name.end)) {
			size_t h = slot(w, last_word(w, f), f.end), n = 0;
			while (w->hash[h] && n++ < w->hcap) {
				struct text_span g = full(w, w->hash[h] - 1);
				if (same(w, last_word(w, g), g.end, last_word(w, f), f.end))
					break;
				h = (h + 1) & (w->hcap - 1);
			}
			w->hash[h] = i + 1;
		}
		/* Its titles: in its role, its name, or the three words before it. */
		for (size_t t = 0; t < WHO_TITLES; t++)
			if (holds(w, w->pe[i].role.start, w->pe[i].role.end, titles[t]) ||
			    holds(w, w->pe[i].name.start, w->pe[i].name.end, titles[t]) ||
			    (k > s && !strcmp(tk->t[k - 1].word, titles[t])) ||
			    (k > s + 1 && !strcmp(tk->t[k - 2].word, titles[t])) ||
			    (k > s + 2 && !strcmp(tk->t[k - 3].word, titles[t])))
				w->title[t] = i + 1;
		if (!w->subject && !tk->t[k].poss)
			w->subject = i + 1;
	}
}

/* Whether person i is excluded for the sentence: its quotation or its "of" names them. */
static int about(struct who *w, size_t i)
{
	struct text_span f = full(w, i);

	for (size_t k = 0; k < w->ninside; k++) {
		struct text_span g = fullest(w, w->inside[k]);
		if (same(w, last_word(w, f), f.end, last_word(w, g), g.end))
			return 1;
	}
	return 0;
}

/* "Ms Karelina" for "he", "Mr Petrov" for "she". */
static int other_sex(const struct who *w, size_t i, const char *pronoun)
{
	const struct person_mention *m = &w->pe[i];
	int he = !strcmp(pronoun, "he") || !strcmp(pronoun, "он");
	int she = !strcmp(pronoun, "she") || !strcmp(pronoun, "она");
	int mr = opens_with(w, m->name.start, m->name.end, "mr") ||
		 opens_with(w, m->name.start, m->name.end, "mr.") ||
		 holds(w, m->role.start, m->role.end, "mr");
	int ms = opens_with(w, m->name.start, m->name.end, "ms") ||
		 opens_with(w, m->name.start, m->name.end, "mrs") ||
		 opens_with(w, m->name.start, m->name.end, "ms.") ||
		 holds(w, m->role.start, m->role.end, "ms") ||
		 holds(w, m->role.start, m->role.end, "mrs");
	return (he && ms) || (she && mr);
}

/* Whether the capitals of token x spell the initials of run r or its acronym ("PMO", "MoFA",
 * "MIT"). */
static int spells(const struct who *w, const struct qtok *x, const struct who_run *r)
{
	size_t n = 0;

	if (r->acro.end > r->acro.start)
		return same(w, x->start, x->end, r->acro.start, r->acro.end);
	for (size_t i = x->start; i < x->end; i++)
		if (w->cp[i] >= 'A' && w->cp[i] <= 'Z') {
			if (n >= sizeof(r->caps) - 1 || r->caps[n] != (char)w->cp[i])
				return 0;
			n++;
		}
	return n >= 2 && !r->caps[n];
}

/* The speaker [x, y) standing for an organisation named before: "it" and "the statement" for
 * the last that spoke, an acronym for the one it abbreviates. 1 with a's speaker replaced, 0
 * when it stands for none, -1 when it is no such word. */
static int stands_for_org(struct who *w, const struct qtoks *tk, size_t x, size_t y, struct attr *a)
{
	int near = w->said_org.end && w->said_org.end + PRONOUN_REACH >= a->speaker.start;
	size_t z = x + (y > x + 1 && !strcmp(tk->t[x].word, "the"));

	if (y == x + 1 && !strcmp(tk->t[x].word, "it")) {
		if (near)
			a->speaker = w->said_org;
		return near;
	}
	if (y <= x + 3 && near &&
	    (!strcmp(tk->t[y - 1].word, "statement") || !strcmp(tk->t[y - 1].word, "communique")) &&
	    (!strcmp(tk->t[x].word, "the") || !strcmp(tk->t[x].word, "a"))) {
		a->speaker = w->said_org;
		return 1;
	}
	if (y == z + 1 && tk->t[z].acro)
		for (size_t k = 0; k < w->nruns && k < WHO_RUNS; k++) {
			const struct who_run *r = &w->runs[(w->nruns - 1 - k) % WHO_RUNS];
			if (spells(w, &tk->t[z], r)) {
				a->speaker = r->run;
				return 1;
			}
		}
	return -1;
}

static int resolve(struct who *w, const struct qtoks *tk, size_t s, size_t e, struct attr *a,
		   struct text_span *person)
{
	size_t x = token_at(tk, s, e, a->speaker.start), y = token_at(tk, x, e, a->speaker.end);
	int org;

	*person = (struct text_span){0, 0};
	w->ninside = 0;
	/* The sentence's people up to its speaker, and those its quotations name after it. */
	read_people(w, tk, s, e, a->speaker.start);
	if (y < e && tk->t[y].start < a->speaker.end)
		y++;
	if (x < y && (org = stands_for_org(w, tk, x, y, a)) >= 0)
		return org;
	if (speakers_pronoun(tk, x, y)) {
		const char *p = tk->t[x].word;
		/* The quotations after the speaker count too: “...,” he said. */
		for (size_t j = w->next, k = s;
		     j < w->npe && w->pe[j].name.start < tk->t[e - 1].end && w->ninside < 8; j++) {
			k = token_at(tk, k, e, w->pe[j].name.start);
			if (k < e && (tk->t[k].quoted || (k > s && (!strcmp(tk->t[k - 1].word, "of") ||
								    !strcmp(tk->t[k - 1].word, "about")))))
				w->inside[w->ninside++] = j;
		}
		/* The subject of this sentence, of those before, then whoever was named last. */
		for (size_t r = 0; r <= WHO_RING + w->nsubj + w->nring; r++) {
			size_t i;
			if (r == 0) {
				if (!w->subject)
					continue;
				i = w->subject - 1;
			} else if (r <= w->nsubj)
				i = w->subj[r - 1];
			else if (r <= w->nsubj + w->nring)
				i = w->ring[r - 1 - w->nsubj];
			else
				break;
			if (w->pe[i].name.end + PRONOUN_REACH < a->speaker.start || about(w, i) ||
			    other_sex(w, i, p))
				continue;
			*person = fullest(w, i);
			return 1;
		}
		return 0;
	}
	/* A mention within the speaker's words, not a possessive one nor one after "of" ("The
	 * mother of Emily Damari"): the one that ends them, else the first. */
	{
		size_t pick = 0;
		for (size_t j = w->next, k = x; j < w->npe && w->pe[j].name.start < a->speaker.end; j++) {
			size_t last = token_at(tk, x, y, w->pe[j].name.end - 1);
			k = token_at(tk, k, y, w->pe[j].name.start);
			if (w->pe[j].name.end > a->speaker.end || (last < y && tk->t[last].poss) ||
			    (k > x && speakers_in(linking, tk->t[k - 1].word)))
				continue;
			if (!pick || w->pe[j].name.end == a->speaker.end)
				pick = j + 1;
		}
		if (pick) {
			*person = fullest(w, pick - 1);
			return 1;
		}
	}
	if (y == x + 2 && !strcmp(tk->t[x].word, "the")) {
		for (size_t t = 0; t < WHO_TITLES; t++)
			if (!strcmp(tk->t[x + 1].word, titles[t]) && w->title[t]) {
				*person = fullest(w, w->title[t] - 1);
				return 1;
			}
		for (size_t t = 0; t < WHO_ORGS; t++)
			if (!strcmp(tk->t[x + 1].word, orgs[t]) && w->org[t].end) {
				a->speaker = w->org[t];
				return 1;
			}
	}
	/* "Mr X" that names_find did not give. */
	if (y == x + 2 && speakers_in(forms, tk->t[x].word) && tk->t[x + 1].cap) {
		size_t k = by_surname(w, tk->t[x + 1].start, tk->t[x + 1].end);
		if (k)
			*person = full(w, k - 1);
	}
	return 1;
}

int who_resolve(struct who *w, const struct qtoks *tk, size_t s, size_t e, struct attr *a,
		struct text_span *person)
{
	size_t x = token_at(tk, s, e, a->speaker.start), y = token_at(tk, x, e, a->speaker.end);
	int r;

	if (y < e && tk->t[y].start < a->speaker.end)
		y++;
	r = resolve(w, tk, s, e, a, person);
	/* An organisation that speaks: named, capitalised or by its word ("the military"), not a
	 * person, a pronoun or an unnamed speaker. */
	if (r && !person->end && x < y && !speakers_pronoun(tk, x, y) && !speakers_unnamed(tk, x, y) &&
	    !speakers_in(forms, tk->t[x].word)) {
		int org = tk->t[y - 1].cap || a->speaker.start != tk->t[x].start;
		for (size_t i = x; i < y && !org; i++)
			for (size_t t = 0; t < WHO_ORGS && !org; t++)
				org = !strcmp(tk->t[i].word, orgs[t]) ||
				      !strncmp(tk->t[i].word, "ministr", 7);
		if (org)
			w->said_org = a->speaker;
	}
	return r;
}

/* Remembers the capitalised words [i, last] of tk as an organisation's name, with the
 * acronym in parentheses after it ("(MIT)"). */
static void remember_run(struct who *w, const struct qtoks *tk, size_t i, size_t last)
{
	struct who_run *r = &w->runs[w->nruns % WHO_RUNS];
	size_t n = 0, at = tk->t[last].end;

	memset(r, 0, sizeof(*r));
	r->run = (struct text_span){tk->t[i].start, tk->t[last].end};
	for (size_t k = i; k <= last; k++)
		if (tk->t[k].cap && strcmp(tk->t[k].word, "the") && n + 1 < sizeof(r->caps) &&
		    w->cp[tk->t[k].start] < 0x80)
			r->caps[n++] = (char)w->cp[tk->t[k].start];
	if (at + 3 < w->ncp && w->cp[at] == ' ' && w->cp[at + 1] == '(') {
		size_t b = at + 2;
		while (b < w->ncp && b - at < 12 && ((w->cp[b] | 32) >= 'a' && (w->cp[b] | 32) <= 'z'))
			b++;
		if (b < w->ncp && w->cp[b] == ')' && b > at + 3)
			r->acro = (struct text_span){at + 2, b};
	}
	w->nruns++;
}

void who_orgs(struct who *w, const struct qtoks *tk, size_t s, size_t e)
{
	read_people(w, tk, s, e, e > s ? tk->t[e - 1].end : 0);
	/* The sentence's subject, its first person, joins those before. */
	if (w->subject) {
		size_t at = w->nsubj < WHO_RING ? w->nsubj++ : WHO_RING - 1;
		memmove(w->subj + 1, w->subj, at * sizeof(*w->subj));
		w->subj[0] = w->subject - 1;
		w->subject = 0;
	}
	/* Capitalised runs outside quotations, joined by "of", "for", "the": the organisations. */
	for (size_t i = s; i < e;) {
		size_t j = i, last = i;
		if (tk->t[i].kind != Q_WORD || tk->t[i].quoted || !tk->t[i].cap) {
			i++;
			continue;
		}
		while (j < e && tk->t[j].kind == Q_WORD && !tk->t[j].quoted &&
		       (tk->t[j].cap || speakers_in(connectors, tk->t[j].word))) {
			if (tk->t[j].cap)
				last = j;
			j++;
		}
		if (last > i || (tk->t[last].end + 1 < w->ncp && w->cp[tk->t[last].end] == ' ' &&
				 w->cp[tk->t[last].end + 1] == '('))
			remember_run(w, tk, i, last);
		for (size_t k = i; k <= last; k++)
			for (size_t t = 0; t < WHO_ORGS; t++)
				if (tk->t[k].cap && !strncmp(tk->t[k].word, orgs[t], strlen(orgs[t])) &&
				    (!tk->t[k].word[strlen(orgs[t])] ||
				     tk->t[k].word[strlen(orgs[t])] == '\''))
					w->org[t] = (struct text_span){tk->t[i].start, tk->t[last].end};
		i = last + 1;
	}
}
