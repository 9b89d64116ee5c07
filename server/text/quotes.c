/* The rules of quotes.h, paragraph by paragraph. A paragraph's words are cut into those inside
 * quotation marks and the frame around them, and into sentences (a stop outside quotation marks;
 * abbreviations such as "U.S.", "Aug.", "Mr." end none). Each sentence's attribution is
 * speakers.c's; a quotation takes, in this order:
 *
 *   its own sentence's attribution       “...,” he said. / X said: “...”
 *   the next sentence's, when that one quotes nothing and opens with it
 *                                        “...” Boyle said in a statement.
 *   the previous sentence's speaker, when that one quoted or ended in a colon
 *                                        “...,” he said. “...”
 *   the next paragraph's, when its paragraph attributes nothing and the next one opens with an
 *   attribution that quotes nothing     “...” ¶ said Brendan Boyle, a Democrat ...
 *   the previous paragraph's speaker, when the quotation goes on (that paragraph's last one was
 *   left open, as a quotation of several paragraphs is) or that paragraph ended in a colon.
 *
 * A sentence may attribute more than once (", the ministry said, adding that ..., WAM
 * reported"; "called it “...” and said ..."): a quotation takes the attribution right after it,
 * else the nearest before it. Speakers then resolve to people (quotes_people.c). An attribution
 * no quotation took is a report; in the headline (the text's first line, no stop at its end)
 * and in a heading (a later paragraph of at most 16 words without a stop) none is. A quotation that
 * is a name or a formula («Вясна», "Fat Leonard", «1000 на 1000») or one word is none. */
#include "text/quotes.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "text/quotes_people.h"
#include "text/speakers.h"

static int letter(uint32_t c)
{
	if (c < 0x80)
		return ((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9');
	return c >= 0xC0 && c != 0xD7 && c != 0xF7 && !(c >= 0x2000 && c <= 0x206F) &&
	       !(c >= 0x3000 && c <= 0x303F) && c != 0xFEFF;
}

static int cyrillic(uint32_t c)
{
	return c >= 0x400 && c <= 0x4FF;
}

static int capital(uint32_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 0x410 && c <= 0x42F) || c == 0x401 ||
	       (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

static int dash(uint32_t c)
{
	return c == 0x2014 || c == 0x2013;
}

static int push(struct qtoks *tk, const struct qtok *t)
{
	if (tk->n == tk->cap) {
		size_t cap = tk->cap ? 2 * tk->cap : 64;
		struct qtok *n = realloc(tk->t, cap * sizeof(*n));
		if (!n)
			return -1;
		tk->t = n;
		tk->cap = cap;
	}
	tk->t[tk->n++] = *t;
	return 0;
}

/* A word's lower-cased bytes into t->word (ASCII and Cyrillic; ё as е), as far as they fit. */
static void lower(const uint32_t *cp, size_t i, size_t j, struct qtok *t)
{
	size_t k = 0;

	for (size_t x = i; x < j; x++) {
		uint32_t c = cp[x];
		if (c >= 'A' && c <= 'Z')
			c |= 32;
		else if (c >= 0x410 && c <= 0x42F)
			c += 0x20;
		else if (c == 0x401 || c == 0x451)
			c = 0x435;
		else if (c == 0x2019)
			c = '\'';
		if (c < 0x80 && k + 2 < sizeof(t->word))
			t->word[k++] = (char)c;
		else if (c >= 0x80 && c < 0x800 && k + 3 < sizeof(t->word)) {
			t->word[k++] = (char)(0xC0 | (c >> 6));
			t->word[k++] = (char)(0x80 | (c & 0x3F));
		} else
			break;
	}
	t->word[k] = 0;
}

static const char *const abbreviations[] = {"u.s.", "u.k.", "u.n.",  "mr.",  "mrs.", "ms.",   "dr.",
					    "gen.", "sen.", "rep.",  "gov.", "st.",  "jr.",   "no.",
					    "jan.", "feb.", "mar.",  "apr.", "aug.", "sept.", "sep.",
					    "oct.", "nov.", "dec.",  "lt.",  "col.", "capt.", "sgt.",
					    "maj.", "adm.", "prof.", "rev.", "gov.", NULL};

/* The marks that open and close, as a stack: “ opens unless it closes a „ (Russian „...“);
 * a straight " closes the straight one open, else opens. Only the outermost pair makes OPEN and
 * CLOSE tokens; what is nested inside is words of the quotation. A paragraph that opens with a
 * dash is direct speech («— ..., — сказал X. — ...»): the dash opens, a dash after a comma or a
 * stop closes, and one after a stop in the author's words opens again. */
struct marks {
	uint32_t open[8];
	int depth, speech;
};

static enum qkind mark(struct marks *m, uint32_t c, enum qkind prev)
{
	uint32_t top = m->depth ? m->open[m->depth - 1] : 0;

	if (m->speech && dash(c)) {
		if (m->depth == 1 && top == 0x2014 && (prev == Q_COMMA || prev == Q_STOP)) {
			m->depth = 0;
			return Q_CLOSE;
		}
		if (!m->depth && prev == Q_STOP) {
			m->open[m->depth++] = 0x2014;
			return Q_OPEN;
		}
		return Q_DASH;
	}
	if (c == 0x201D || c == 0xBB || (c == 0x201C && top == 0x201E) || (c == '"' && top == '"')) {
		if (!m->depth)
			return Q_DASH + 1; /* a stray closing mark: nothing */
		m->depth--;
		return m->depth ? Q_DASH + 1 : Q_CLOSE;
	}
	if (c == 0x201C || c == 0xAB || c == 0x201E || c == '"') {
		if (m->depth == 8)
			return Q_DASH + 1;
		m->open[m->depth++] = c;
		return m->depth == 1 ? Q_OPEN : Q_DASH + 1;
	}
	return dash(c) ? Q_DASH : Q_DASH + 1;
}

/* Paragraph [from, to) of cp into tk. */
static int tokenize(const uint32_t *cp, size_t from, size_t to, struct qtoks *tk)
{
	struct marks m = {{0}, 0, 0};
	enum qkind prev = Q_STOP;
	int parens = 0;

	for (size_t i = from; i < to && (cp[i] == ' ' || cp[i] == 0xA0); i++)
		if (i + 1 < to && dash(cp[i + 1]))
			m.speech = 1;
	m.speech |= from < to && dash(cp[from]);
	for (size_t i = from; i < to;) {
		struct qtok t;
		uint32_t c = cp[i];

		memset(&t, 0, sizeof(t));
		t.start = i;
		t.end = i + 1;
		t.ch = c;
		if (letter(c)) {
			size_t j = i;
			/* Letters, digits, inner apostrophes, hyphens and periods ("U.S", "Kara-Murza"). */
			while (j < to &&
			       (letter(cp[j]) || ((cp[j] == '\'' || cp[j] == 0x2019 || cp[j] == '-' ||
						   cp[j] == '.' || cp[j] == '/') &&
						  j + 1 < to && letter(cp[j + 1]))))
				j++;
			lower(cp, i, j, &t);
			/* An abbreviation keeps its period. */
			if (j < to && cp[j] == '.') {
				size_t k = strlen(t.word);
				if (k + 2 < sizeof(t.word)) {
					t.word[k] = '.';
					t.word[k + 1] = 0;
					/* ... and a party with a state ("D-Mich."). */
					if (speakers_in(abbreviations, t.word) || memchr(t.word, '.', k) ||
					    ((t.word[0] == 'd' || t.word[0] == 'r' || t.word[0] == 'i') &&
					     t.word[1] == '-' && k <= 7 && j + 1 < to &&
					     (cp[j + 1] == ',' || cp[j + 1] == ')')))
						j++;
					else
						t.word[k] = 0;
				}
			}
			t.kind = Q_WORD;
			t.cap = capital(c);
			t.digit = c >= '0' && c <= '9';
			t.cyr = cyrillic(c);
			{
				size_t k = strlen(t.word);
				t.poss = k > 2 && t.word[k - 1] == 's' && t.word[k - 2] == '\'';
			}
			for (size_t x = i, caps = 0; x < j && !t.acro; x++)
				t.acro = (caps += capital(cp[x])) >= 2;
			t.end = j;
			i = j;
		} else {
			enum qkind k = Q_DASH + 1;
			if (c == ',' || c == ';' || c == ':')
				k = Q_COMMA;
			else if (c == '.' || c == '!' || c == '?' || c == 0x2026)
				k = Q_STOP;
			else if (c == '(' && !m.depth)
				parens++;
			else if (c == ')' && parens)
				parens--;
			else if (c == '-' && i + 1 < to &&
				 (cp[i + 1] == '-' || (i > from && cp[i - 1] == ' ' && cp[i + 1] == ' '))) {
				/* "ABU DHABI (WAM) -- The ...", "DUBAI - The ...": a dash. */
				k = Q_DASH;
				i += cp[i + 1] == '-';
			} else
				k = mark(&m, c, prev);
			i++;
			if (k == Q_DASH + 1)
				continue;
			t.kind = k;
		}
		/* Words in parentheses are an aside ("Rep. Mike Lawler (R-N.Y.) said"). */
		if (parens && t.kind != Q_OPEN && t.kind != Q_CLOSE)
			continue;
		t.quoted = m.depth > 0 && t.kind != Q_OPEN;
		prev = t.kind;
		if (push(tk, &t) < 0)
			return -1;
	}
	return 0;
}

struct out {
	struct quote_mention *q;
	size_t nq, capq;
	struct report_mention *r;
	size_t nr, capr;
};

static int add_quote(struct out *o, struct span q)
{
	if (o->nq == o->capq) {
		size_t cap = o->capq ? 2 * o->capq : 16;
		struct quote_mention *n = realloc(o->q, cap * sizeof(*n));
		if (!n)
			return -1;
		o->q = n;
		o->capq = cap;
	}
	memset(&o->q[o->nq], 0, sizeof(o->q[0]));
	o->q[o->nq++].quote = q;
	return 0;
}

static int add_report(struct out *o, struct text_span text, struct text_span source)
{
	if (o->nr == o->capr) {
		size_t cap = o->capr ? 2 * o->capr : 16;
		struct report_mention *n = realloc(o->r, cap * sizeof(*n));
		if (!n)
			return -1;
		o->r = n;
		o->capr = cap;
	}
	o->r[o->nr++] = (struct report_mention){{text.start, text.end}, {source.start, source.end}};
	return 0;
}

/* Who speaks: an attribution's speaker, resolved. */
struct voice {
	struct text_span speaker, person, audience;
	int set;
};

/* One sentence of a paragraph: its tokens, its attribution resolved, its quotations in out. */
#define MORE 3

/* An attribution of a sentence besides its first. */
struct said {
	struct attr a;
	struct voice v;
	int used;    /* taken by a quotation */
	int quoting; /* within what the first attributes: one only when a quotation takes it */
	int coord;   /* "and said": the speaker of the attribution before it */
	int dead;    /* "it" for no organisation: nothing */
};

struct sent {
	size_t s, e;   /* tokens */
	size_t q0, q1; /* its quotations: out->q[q0, q1) */
	int has, used; /* an attribution; taken by a quotation (so no report) */
	struct attr a;
	struct voice own; /* a's speaker resolved; unset when a pronoun stands for no one */
	struct voice cur; /* who speaks its quotations, or its "X said:" */
	struct said more[MORE];
	int nmore;
};

/* A quotation that is no one's words: one word, or a few capitalised ones or numbers (a name,
 * a formula). */
static int no_quote(const struct qtoks *tk, size_t a, size_t b)
{
	size_t words = 0, named = 0;

	for (size_t i = a; i < b; i++)
		if (tk->t[i].kind == Q_WORD) {
			words++;
			named += tk->t[i].cap || tk->t[i].digit || !strcmp(tk->t[i].word, "на") ||
				 !strcmp(tk->t[i].word, "of") || !strcmp(tk->t[i].word, "and");
		}
	return words <= 1 || (words <= 4 && named == words);
}

static struct span trimmed(const struct qtoks *tk, size_t a, size_t b)
{
	while (a < b && tk->t[a].kind != Q_WORD)
		a++;
	while (b > a && tk->t[b - 1].kind != Q_WORD)
		b--;
	return a < b ? (struct span){tk->t[a].start, tk->t[b - 1].end} : (struct span){0, 0};
}

static void give(struct out *o, size_t q0, size_t q1, const struct voice *v)
{
	for (size_t q = q0; q < q1; q++) {
		o->q[q].speaker = (struct span){v->speaker.start, v->speaker.end};
		o->q[q].person = (struct span){v->person.start, v->person.end};
		o->q[q].audience = (struct span){v->audience.start, v->audience.end};
	}
}

/* What a paragraph leaves to the next: its quotations without a speaker (when it attributes
 * nothing), and the speaker that goes on when its last quotation was left open (a quotation of
 * several paragraphs) or it ended in "X said:". */
struct carry {
	size_t q0, q1; /* out->q[q0, q1) */
	int open;
	struct voice last;
};

/* The sentences of the paragraph tk, to a stop outside quotation marks, or a stop just inside
 * the closing mark when a capital follows: *ss (malloc'd), their count, or -1. */
static long sentences(const struct qtoks *tk, struct sent **ss)
{
	size_t ns = 0, cap = 0;

	*ss = NULL;
	for (size_t s = 0, j = 0; j <= tk->n; j++) {
		int end = j == tk->n;
		if (!end && tk->t[j].kind == Q_STOP && !tk->t[j].quoted)
			end = 1;
		else if (!end && tk->t[j].kind == Q_CLOSE && j > 0 && tk->t[j - 1].kind == Q_STOP &&
			 (j + 1 == tk->n || (tk->t[j + 1].kind == Q_WORD && tk->t[j + 1].cap)))
			end = 1;
		if (!end)
			continue;
		if (j > s) {
			if (ns == cap) {
				struct sent *n = realloc(*ss, (cap = cap ? 2 * cap : 16) * sizeof(*n));
				if (!n)
					return -1;
				*ss = n;
			}
			memset(&(*ss)[ns], 0, sizeof(**ss));
			(*ss)[ns].s = s;
			(*ss)[ns++].e = j < tk->n ? j + 1 : j;
		}
		s = j + 1;
	}
	return (long)ns;
}

/* The first token of [s, e) that starts at or after code point at, or e: a binary search, as
 * tokens are in the text's order (so that a sentence of many quotations is not scanned once
 * for each). */
static size_t tok_from(const struct qtoks *tk, size_t s, size_t e, size_t at)
{
	while (s < e) {
		size_t m = s + (e - s) / 2;
		if (tk->t[m].start < at)
			s = m + 1;
		else
			e = m;
	}
	return s;
}

/* Whether sentence x can lend its attribution to the quotation before it: it quotes nothing
 * and opens with it ("He said ...", "Boyle said in a statement", "said Brendan Boyle, ..."). */
static int lends(const struct qtoks *tk, const struct sent *x)
{
	size_t tail = 0;

	if (!x->has || x->q0 != x->q1 || !x->a.lead || !x->own.set)
		return 0;
	/* Nothing of its own said after it: "in a statement", "on Telegram", not "He said Türkiye
	 * wanted to host a meeting". */
	static const char *const asides[] = {"in",     "on",        "at",     "to",    "from",
					     "during", "after",     "before", "while", "when",
					     "with",   "via",       "so",     "later", "earlier",
					     "today",  "yesterday", "this",   "last",  "of",
					     "as",     "в",         "на",     "во",    NULL};
	const char *first = NULL;

	for (size_t i = x->s; i < x->e; i++)
		if (tk->t[i].kind == Q_WORD && tk->t[i].start >= x->a.report.end) {
			first = first ? first : tk->t[i].word;
			tail++;
		}
	/* What follows is where or when it was said, not a clause of its own ("said Qatar would
	 * oversee it"). */
	if (x->a.lead == 2 || tail == 0)
		return 1;
	/* ", a Democrat": an apposition to who said it. */
	{
		size_t k = tok_from(tk, x->s, x->e, x->a.report.end);
		if (k < x->e && tk->t[k].kind == Q_COMMA && tk->t[k].ch == ',')
			return 1;
	}
	return tail <= 5 && speakers_in(asides, first);
}

static int plain_word(const struct qtoks *tk, size_t k, const char *w)
{
	return tk->t[k].kind == Q_WORD && !tk->t[k].quoted && !strcmp(tk->t[k].word, w);
}

/* Whether the attribution's words r hold no verb that can mean an act rather than speech
 * ("declared her wrongfully detained", "denied wrongdoing", "described"): for the words
 * before a sentence's attribution, which are what that one attributes. */
static int plain_speech(const struct qtoks *tk, size_t s, size_t e, struct text_span r)
{
	static const char *const acts[] = {"declared", "declares",   "described",  "describes",
					   "denied",   "denies",     "questioned", "called",
					   "named",    "identified", NULL};

	for (size_t k = tok_from(tk, s, e, r.start); k < e && tk->t[k].start < r.end; k++)
		if (tk->t[k].kind == Q_WORD && speakers_in(acts, tk->t[k].word))
			return 0;
	return 1;
}

/* A sentence's attributions besides its first (x->a): those in the words before it ("..., the
 * ministry said, adding that ..., WAM reported"), and after it a coordinated verb ("called it
 * “...” and said in a statement") or one within its clause that a quotation follows ("said
 * ... after what it called “...”"). Each search is of the words the last one left. */
static void more(const struct qtoks *tk, struct sent *x)
{
	size_t end = tok_from(tk, x->s, x->e, x->a.report.start), from;
	struct attr b;

	while (x->nmore < MORE && end > x->s && speakers_attribution(tk, x->s, end, &b) &&
	       b.report.end > b.report.start && b.report.end <= x->a.report.start &&
	       plain_speech(tk, x->s, end, b.report)) {
		x->more[x->nmore++] = (struct said){.a = b};
		end = tok_from(tk, x->s, end, b.report.start);
	}
	from = tok_from(tk, x->s, x->e, x->a.report.end);
	for (size_t k = from; k + 1 < x->e && x->nmore < MORE; k++)
		if ((plain_word(tk, k, "and") || plain_word(tk, k, "but")) && speakers_verb(tk, k + 1)) {
			memset(&b, 0, sizeof(b));
			b.report = (struct text_span){tk->t[k + 1].start, tk->t[k + 1].end};
			x->more[x->nmore++] = (struct said){.a = b, .coord = 1};
			from = k + 2;
		}
	if (x->nmore < MORE && from < x->e && speakers_attribution(tk, from, x->e, &b) &&
	    b.report.end > b.report.start)
		x->more[x->nmore++] = (struct said){.a = b, .quoting = 1};
}

/* Whether the speaker of a is "it" (which names no one when unresolved). */
static int said_it(const struct qtoks *tk, size_t s, size_t e, const struct attr *a)
{
	size_t k = tok_from(tk, s, e, a->speaker.start);

	return k < e && tk->t[k].end == a->speaker.end && !strcmp(tk->t[k].word, "it");
}

static void resolve_one(struct who *w, const struct qtoks *tk, const struct sent *x, struct attr *a,
			struct voice *v, int *dead)
{
	int it = said_it(tk, x->s, x->e, a);

	if (who_resolve(w, tk, x->s, x->e, a, &v->person)) {
		v->speaker = a->speaker;
		v->audience = a->audience;
		v->set = 1;
	} else
		*dead = it;
}

/* The sentence's attributions resolved in the text's order (so that people are read in
 * order), coordinated ones taking the speaker of the one before. */
static void resolve_all(struct who *w, const struct qtoks *tk, struct sent *x)
{
	int first = x->has, done[MORE] = {0};

	for (;;) {
		int pick = -1, dead = 0;
		size_t at = (size_t)-1;
		for (int m = 0; m < x->nmore; m++)
			if (!done[m] && !x->more[m].coord && x->more[m].a.speaker.start < at) {
				at = x->more[m].a.speaker.start;
				pick = m;
			}
		if (first && x->a.speaker.start <= at) {
			resolve_one(w, tk, x, &x->a, &x->own, &dead);
			x->has = !dead;
			first = 0;
			continue;
		}
		if (pick < 0)
			break;
		resolve_one(w, tk, x, &x->more[pick].a, &x->more[pick].v, &x->more[pick].dead);
		done[pick] = 1;
	}
	for (int m = 0; m < x->nmore; m++) {
		struct said *c = &x->more[m];
		const struct voice *v = NULL;
		size_t best = 0;
		if (!c->coord)
			continue;
		if (x->has && x->own.set && x->a.report.end <= c->a.report.start)
			v = &x->own, best = x->a.report.end;
		for (int n = 0; n < x->nmore; n++)
			if (!x->more[n].coord && x->more[n].v.set &&
			    x->more[n].a.report.end <= c->a.report.start &&
			    x->more[n].a.report.end > best)
				v = &x->more[n].v, best = x->more[n].a.report.end;
		if (!v) {
			c->dead = 1;
			continue;
		}
		c->v = *v;
		c->v.audience = (struct text_span){0, 0};
		c->a.speaker = v->speaker;
		c->v.set = 1;
	}
}

/* The voice of the sentence x that speaks quotation q: the attribution just after it (“...,”
 * X said), else the nearest before it ("X said ... what it called “...”"), else the first.
 * Marks it used; NULL when it stands for no one. */
static const struct voice *voice_of(const struct qtoks *tk, struct sent *x, const struct quote_mention *q)
{
	struct voice *v = x->has ? &x->own : NULL;
	int *used = x->has ? &x->used : NULL;
	size_t best = 0, gap = 0;

	/* Words of the author's between the quotation and the attribution; another quotation
	 * between them ends the look (“...,” “...,” he said). */
	for (size_t k = tok_from(tk, x->s, x->e, q->quote.end);
	     x->has && !gap && k < x->e && tk->t[k].start < x->a.report.start && tk->t[k].kind != Q_OPEN;
	     k++)
		gap += tk->t[k].kind == Q_WORD && !tk->t[k].quoted;
	if (!x->has || x->a.report.start < q->quote.start || gap > 0) {
		if (x->has && x->a.report.end <= q->quote.start)
			best = x->a.report.end;
		for (int m = 0; m < x->nmore; m++) {
			struct said *c = &x->more[m];
			if (c->dead || c->a.report.end > q->quote.start || c->a.report.end <= best)
				continue;
			best = c->a.report.end;
			v = &c->v;
			used = &c->used;
		}
	}
	if (!used) {
		for (int m = 0; m < x->nmore; m++)
			if (!x->more[m].dead && !used) {
				v = &x->more[m].v;
				used = &x->more[m].used;
			}
		if (!used)
			return NULL;
	}
	*used = 1; /* a pronoun for no one gives no report either */
	return v && v->set ? v : NULL;
}

/* Whether sentence x tells, in its own words, what its speaker said, and quotes a few words of
 * it on the way: the attribution opens it and three words or more of reported speech stand
 * between the attribution and the first quotation, "that" among them ("A U.S. official
 * confirmed to Axios that the idea was discussed ... and that “nothing was imminent.”"; not
 * "Biden called the release an “incredible relief”"). Its attribution is then a report as well
 * as its quotation's (the contract's own example of a report). */
static int account(const struct qtoks *tk, const struct sent *x, const struct out *o)
{
	size_t words = 0, first;
	int that = 0;

	if (x->q1 <= x->q0 || tk->t[x->s].kind == Q_OPEN)
		return 0;
	first = o->q[x->q0].quote.start;
	if (x->a.report.end > first)
		return 0;
	for (size_t i = x->s; i < x->e; i++)
		if (tk->t[i].kind == Q_WORD && !tk->t[i].quoted && tk->t[i].start >= x->a.report.end &&
		    tk->t[i].end <= first) {
			words++;
			that |= !strcmp(tk->t[i].word, "that");
		}
	return words >= 3 && that;
}

static int paragraph(const struct qtoks *tk, struct who *w, struct out *o, struct carry *c, int headline)
{
	struct sent *ss;
	long ns = sentences(tk, &ss);
	size_t any = 0;
	int rc = -1, open_end = tk->n && tk->t[tk->n - 1].quoted;

	if (ns < 0)
		goto out;
	for (long i = 0; i < ns; i++) {
		struct sent *x = &ss[i];
		x->q0 = o->nq;
		for (size_t k = x->s; k < x->e; k++) {
			size_t j;
			if (tk->t[k].kind != Q_OPEN)
				continue;
			for (j = k + 1; j < x->e && tk->t[j].kind != Q_CLOSE; j++)
				;
			if (!no_quote(tk, k + 1, j) && add_quote(o, trimmed(tk, k + 1, j)) < 0)
				goto out;
			k = j;
		}
		x->q1 = o->nq;
		x->has = speakers_attribution(tk, x->s, x->e, &x->a);
		if (x->has)
			more(tk, x);
		resolve_all(w, tk, x);
		who_orgs(w, tk, x->s, x->e);
		any += x->has;
	}
	/* The previous paragraph's quotations, waiting: this one opens with an attribution. */
	if (ns && c->q1 > c->q0 && lends(tk, &ss[0])) {
		give(o, c->q0, c->q1, &ss[0].own);
		ss[0].used = 1;
	}
	for (long i = 0; i < ns; i++) {
		struct sent *x = &ss[i];
		const struct voice *v = NULL;

		if (x->has && x->a.colon && x->own.set)
			x->cur = x->own;
		if (x->q0 == x->q1)
			continue;
		if (x->has) {
			for (size_t q = x->q0; q < x->q1; q++)
				if ((v = voice_of(tk, x, &o->q[q])) != NULL) {
					give(o, q, q + 1, v);
					x->cur = *v;
				}
			continue;
		} else if (i + 1 < ns && lends(tk, &ss[i + 1])) {
			v = &ss[i + 1].own;
			ss[i + 1].used = 1;
		} else if (i > 0 && ss[i - 1].cur.set) {
			v = &ss[i - 1].cur;
		} else if (i == 0 && c->open && c->last.set && tk->t[x->s].kind == Q_OPEN) {
			v = &c->last;
		}
		if (!v)
			continue;
		give(o, x->q0, x->q1, v);
		x->cur = *v;
	}
	/* Reports: attributions no quotation took, and what a quoted speaker goes on to say
	 * unquoted (“...,” Naim said, adding that talks could go ahead). */
	for (long i = 0; i < ns && !headline; i++) {
		const struct attr *rs[MORE + 1];
		int nrs = 0;
		if (ss[i].has && ss[i].a.report.end > ss[i].a.report.start &&
		    (!ss[i].used || account(tk, &ss[i], o)))
			rs[nrs++] = &ss[i].a;
		for (int m = 0; m < ss[i].nmore; m++)
			if (!ss[i].more[m].used && !ss[i].more[m].quoting && !ss[i].more[m].dead)
				rs[nrs++] = &ss[i].more[m].a;
		/* In the text's order. */
		for (int m = 1; m < nrs; m++)
			for (int n = m; n > 0 && rs[n]->report.start < rs[n - 1]->report.start; n--) {
				const struct attr *t = rs[n];
				rs[n] = rs[n - 1];
				rs[n - 1] = t;
			}
		for (int m = 0; m < nrs; m++)
			if (add_report(o, rs[m]->report, rs[m]->speaker) < 0)
				goto out;
		for (size_t k = ss[i].s; ss[i].has && ss[i].used && k + 2 < ss[i].e; k++)
			if (tk->t[k].kind == Q_WORD && !tk->t[k].quoted &&
			    !strcmp(tk->t[k].word, "adding") && !strcmp(tk->t[k + 1].word, "that") &&
			    tk->t[k + 2].kind == Q_WORD && !tk->t[k + 2].quoted &&
			    add_report(o, (struct text_span){tk->t[k].start, tk->t[k + 2].end},
				       ss[i].a.speaker) < 0)
				goto out;
	}
	/* What goes on into the next paragraph. */
	c->q0 = c->q1 = o->nq;
	if (ns && !any) {
		c->q0 = ss[0].q0;
		for (size_t q = ss[0].q0; q < o->nq; q++)
			if (o->q[q].speaker.end)
				c->q0 = q + 1;
	}
	memset(&c->last, 0, sizeof(c->last));
	c->open = 0;
	if (ns) {
		c->open = open_end || (ss[ns - 1].has && ss[ns - 1].a.colon);
		c->last = ss[ns - 1].cur;
	}
	rc = 0;
out:
	free(ss);
	return rc;
}

/* Whether paragraph tk is a heading: a few words (16 at most) without a stop at their end (a
 * live blog's entry, a subhead). What it attributes, the entry's body reports. The standfirst
 * (the paragraph after the headline) is the article's own summary: its reports count. */
static int heading(const struct qtoks *tk)
{
	size_t words = 0;
	const struct qtok *l = tk->n ? &tk->t[tk->n - 1] : NULL;

	if (!l || l->kind == Q_STOP || (l->kind == Q_CLOSE && tk->t[tk->n - 2].kind == Q_STOP))
		return 0;
	for (size_t i = 0; i < tk->n && words <= 16; i++)
		words += tk->t[i].kind == Q_WORD && !tk->t[i].quoted;
	return words <= 16;
}

int quotes_find(const char *text, const struct text_span *body, size_t nbody,
		const struct person_mention *people, size_t npeople, struct quote_mention **quotes,
		size_t *nq, struct report_mention **reports, size_t *nr)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t len = strlen(text), at = 0, n = 0;
	struct out o = {NULL, 0, 0, NULL, 0, 0};
	struct carry c;
	struct text_span whole;
	struct who w;
	uint32_t *cp;
	int rc = -1;

	*quotes = NULL;
	*reports = NULL;
	*nq = *nr = 0;
	memset(&c, 0, sizeof(c));
	if (!utf8_valid(text) || !(cp = malloc((len + 1) * sizeof(*cp))))
		return -1;
	/* The text's code points, once. */
	while (at < len) {
		size_t k = utf8_sequence(p + at, len - at);
		cp[n++] = k == 1   ? p[at]
			  : k == 2 ? (uint32_t)(p[at] & 0x1F) << 6 | (p[at + 1] & 0x3F)
			  : k == 3 ? (uint32_t)(p[at] & 0x0F) << 12 |
					     (uint32_t)(p[at + 1] & 0x3F) << 6 | (p[at + 2] & 0x3F)
				   : (uint32_t)(p[at] & 0x07) << 18 | (uint32_t)(p[at + 1] & 0x3F) << 12 |
					     (uint32_t)(p[at + 2] & 0x3F) << 6 | (p[at + 3] & 0x3F);
		at += k;
	}
	if (who_init(&w, cp, n, people, npeople) < 0) {
		free(cp);
		return -1;
	}
	if (!body) {
		whole = (struct text_span){0, n};
		body = &whole;
		nbody = 1;
	}
	for (size_t b = 0; b < nbody; b++) {
		struct qtoks tk = {NULL, 0, 0};
		size_t from = body[b].start < n ? body[b].start : n;
		size_t to = body[b].end < n ? body[b].end : n;
		/* The headline: the text's first line, without a stop at its end. */
		int headline = from == 0 && to < n && to > 0 && cp[to - 1] != '.';

		if (to <= from)
			continue;
		if (tokenize(cp, from, to, &tk) < 0 ||
		    paragraph(&tk, &w, &o, &c, headline || (b > 1 && heading(&tk))) < 0) {
			free(tk.t);
			goto out;
		}
		free(tk.t);
	}
	rc = 0;
out:
	who_free(&w);
	free(cp);
	if (rc < 0) {
		free(o.q);
		free(o.r);
		return -1;
	}
	*quotes = o.q;
	*nq = o.nq;
	*reports = o.r;
	*nr = o.nr;
	return 0;
}
