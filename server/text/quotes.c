/* The rules of quotes.h, sentence by sentence. A sentence's words are cut into those inside
 * quotation marks (“...” or "...") and the frame around them; in the frame, a verb of speech
 * names the speaker:
 *
 *   “...,” X said / told Y / wrote       the words between the quotation and the verb
 *   “...,” said X                        the words after the verb
 *   X said / told Y / confirmed to Y ... “...”   the words before the verb, from the clause's start
 *   X quoted Y as saying                 Y (X relays: the audience)
 *   according to X                       X
 *
 * A sentence that quotes nothing, or quotes inside its own account instead of opening with the
 * quotation, is also a report: attributed, not (only) quoted. Abbreviations ("U.S.",
 * "Aug.", "Mr.") do not end a sentence. */
#include "text/quotes.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

enum kind { WORD, COMMA, STOP, OPEN, CLOSE, OTHER };

struct tok {
	enum kind kind;
	size_t start, end; /* code points */
	int quoted;        /* inside quotation marks */
	char word[24];     /* WORD: its first 23 bytes, ASCII letters lower-cased */
};

struct toks {
	struct tok *t;
	size_t n, cap;
};

static const char *const verbs[] = {"said",   "says",     "told",    "tells",     "wrote",
				    "writes", "added",    "adds",    "confirmed", "confirms",
				    "stated", "reported", "reports", "announced", "declared",
				    "quoted", NULL};
static const char *const abbreviations[] = {"u.s.", "u.k.", "u.n.", "mr.",  "mrs.", "ms.",   "dr.",
					    "gen.", "sen.", "rep.", "gov.", "st.",  "jr.",   "no.",
					    "jan.", "feb.", "mar.", "apr.", "aug.", "sept.", "sep.",
					    "oct.", "nov.", "dec.", "lt.",  "col.", "capt.", NULL};
/* Where a told-whom ends. */
static const char *const stops[] = {"in",    "on",     "at",     "from", "that",  "last", "this",
				    "after", "before", "during", "by",   "about", NULL};

static int in(const char *const *list, const char *w)
{
	for (; *list; list++)
		if (strcmp(*list, w) == 0)
			return 1;
	return 0;
}

static int letter(uint32_t c)
{
	return (c | 32) >= 'a' && (c | 32) <= 'z'
		       ? 1
		       : (c >= '0' && c <= '9') ||
				 (c >= 0xC0 && c != 0x201C && c != 0x201D && c != 0x2018 &&
				  c != 0x2019 && c != 0x2014 && c != 0x2013);
}

static int push(struct toks *tk, struct tok t)
{
	if (tk->n == tk->cap) {
		struct tok *n = realloc(tk->t, (tk->cap = tk->cap ? 2 * tk->cap : 64) * sizeof(*n));
		if (!n)
			return -1;
		tk->t = n;
	}
	tk->t[tk->n++] = t;
	return 0;
}

static int tokenize(const uint32_t *cp, size_t n, size_t base, struct toks *tk)
{
	int quoted = 0;

	for (size_t i = 0; i < n;) {
		struct tok t = {OTHER, base + i, base + i + 1, 0, ""};
		uint32_t c = cp[i];

		if (letter(c)) {
			size_t j = i, k = 0;
			/* Letters, digits, inner apostrophes, hyphens and periods ("U.S", "Kara-Murza"). */
			while (j < n && (letter(cp[j]) || ((cp[j] == '\'' || cp[j] == 0x2019 ||
							    cp[j] == '-' || cp[j] == '.' || cp[j] == '/') &&
							   j + 1 < n && letter(cp[j + 1]))))
				j++;
			for (size_t x = i; x < j && k + 1 < sizeof(t.word); x++)
				if (cp[x] < 0x80)
					t.word[k++] = (char)((cp[x] >= 'A' && cp[x] <= 'Z') ? cp[x] | 32
											    : cp[x]);
			t.word[k] = 0;
			/* An abbreviation keeps its period. */
			if (j < n && cp[j] == '.' && k + 1 < sizeof(t.word)) {
				char with[sizeof(t.word) + 1];
				memcpy(with, t.word, k);
				with[k] = '.';
				with[k + 1] = 0;
				if (in(abbreviations, with) || strchr(t.word, '.')) {
					j++;
					memcpy(t.word, with, k + 2);
				}
			}
			t.kind = WORD;
			t.end = base + j;
			i = j;
		} else {
			if (c == 0x201C || (c == '"' && !quoted))
				t.kind = OPEN;
			else if (c == 0x201D || c == '"')
				t.kind = CLOSE;
			else if (c == ',' || c == ';' || c == ':')
				t.kind = COMMA;
			else if (c == '.' || c == '!' || c == '?')
				t.kind = STOP;
			i++;
			if (t.kind == OTHER)
				continue;
		}
		if (t.kind == OPEN)
			quoted = 1;
		t.quoted = quoted && t.kind != OPEN;
		if (t.kind == CLOSE)
			quoted = 0, t.quoted = 0;
		if (push(tk, t) < 0)
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

static struct span span_of(const struct toks *tk, size_t a, size_t b) /* tokens [a, b) */
{
	struct span s = {0, 0};

	if (a < b)
		s = (struct span){tk->t[a].start, tk->t[b - 1].end};
	return s;
}

/* Tokens [a, b) without commas at either end. */
static struct span trimmed(const struct toks *tk, size_t a, size_t b)
{
	while (a < b && tk->t[a].kind != WORD)
		a++;
	while (b > a && tk->t[b - 1].kind != WORD)
		b--;
	return span_of(tk, a, b);
}

/* The told-whom after token v: words up to punctuation or a word of stops. */
static struct span audience(const struct toks *tk, size_t v, size_t end)
{
	size_t a = v + 1, b;

	if (a < end && tk->t[a].kind == WORD && strcmp(tk->t[a].word, "to") == 0)
		a++;
	for (b = a; b < end && tk->t[b].kind == WORD && !tk->t[b].quoted && !in(stops, tk->t[b].word) &&
		    b - a < 6;
	     b++)
		;
	return span_of(tk, a, b);
}

/* Attribution of sentence [s, e): 1 with speaker, audience and the report's span. */
static int attribution(const struct toks *tk, size_t s, size_t e, struct span *speaker,
		       struct span *aud, struct span *report)
{
	size_t last_close = s, last_comma = s;

	for (size_t i = s; i < e; i++) {
		if (tk->t[i].kind == CLOSE)
			last_close = i + 1;
		if (tk->t[i].kind == COMMA && !tk->t[i].quoted)
			last_comma = i + 1;
	}
	*aud = (struct span){0, 0};
	/* A closing attribution (", a spokesperson said.") first, then any from the start. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = pass ? s : last_comma; i < e; i++) {
			const struct tok *t = &tk->t[i];
			if (t->kind != WORD || t->quoted)
				continue;
			/* according to X */
			if (strcmp(t->word, "according") == 0 && i + 1 < e &&
			    strcmp(tk->t[i + 1].word, "to") == 0) {
				size_t b = i + 2;
				while (b < e && tk->t[b].kind == WORD && !tk->t[b].quoted)
					b++;
				*speaker = span_of(tk, i + 2, b);
				*report = span_of(tk, i, b);
				return speaker->end > speaker->start;
			}
			if (!in(verbs, t->word))
				continue;
			/* X quoted Y as saying */
			if (strcmp(t->word, "quoted") == 0) {
				size_t b = i + 1, a = i;
				/* Whom it quotes is a name, a few words: the scan stops there, so that a sentence
			 * of many "quoted" is not read once each to its end. */
				while (b + 1 < e && b - i < 12 &&
				       !(strcmp(tk->t[b].word, "as") == 0 &&
					 strcmp(tk->t[b + 1].word, "saying") == 0))
					b++;
				if (b + 1 >= e || b - i >= 12)
					continue;
				while (a > s && tk->t[a - 1].kind == WORD && !tk->t[a - 1].quoted)
					a--;
				*speaker = span_of(tk, i + 1, b);
				*aud = span_of(tk, a, i);
				*report = span_of(tk, a, b);
				return 1;
			}
			/* Who: between the last quotation before the verb and it, or, when that is empty,
		 * after it ("said X"); with no quotation before it, from the clause's start. */
			{
				size_t a = i, b;
				while (a > s && tk->t[a - 1].kind != CLOSE &&
				       tk->t[a - 1].kind != STOP && i - a < 12)
					a--;
				/* A clause starts after a comma, unless only the subject's apposition is there
			 * ("His lawyer, Vladimir Zherebenkov, said"). */
				for (size_t x = i; x > a; x--)
					if (tk->t[x - 1].kind == COMMA && x < i) {
						a = x;
						break;
					}
				*speaker = trimmed(tk, a, i);
				if (speaker->start == speaker->end && i > s &&
				    tk->t[i - 1].kind == COMMA) {
					/* "X, said": the words before that comma, back to the one before them. */
					size_t y = i - 1;
					a = y;
					while (a > s && tk->t[a - 1].kind == WORD && !tk->t[a - 1].quoted)
						a--;
					*speaker = trimmed(tk, a, y);
				}
				if (speaker->start == speaker->end && last_close > s && last_close <= i) {
					for (b = i + 1; b < e && tk->t[b].kind == WORD &&
							!tk->t[b].quoted && b - i < 8;
					     b++)
						;
					*speaker = span_of(tk, i + 1, b);
					*report = span_of(tk, i, b);
					return speaker->end > speaker->start;
				}
				if (speaker->start == speaker->end)
					continue;
				if (strcmp(t->word, "told") == 0 || strcmp(t->word, "tells") == 0 ||
				    (i + 1 < e && strcmp(tk->t[i + 1].word, "to") == 0))
					*aud = audience(tk, i, e);
				*report = (struct span){speaker->start,
							aud->end > t->end ? aud->end : t->end};
				return 1;
			}
		}
	return 0;
}

static int sentence(const struct toks *tk, size_t s, size_t e, struct out *o)
{
	struct span speaker = {0, 0}, aud = {0, 0}, report = {0, 0};
	size_t quoted = 0;
	int attributed = attribution(tk, s, e, &speaker, &aud, &report);

	for (size_t i = s; i < e; i++)
		quoted += tk->t[i].kind == WORD && tk->t[i].quoted;
	for (size_t i = s; i < e; i++) {
		size_t j;
		if (tk->t[i].kind != OPEN)
			continue;
		for (j = i + 1; j < e && tk->t[j].kind != CLOSE; j++)
			;
		if (o->nq == o->capq) {
			struct quote_mention *n = realloc(o->q, (o->capq = o->capq ? 2 * o->capq : 16) *
									sizeof(*n));
			if (!n)
				return -1;
			o->q = n;
		}
		o->q[o->nq++] = (struct quote_mention){trimmed(tk, i + 1, j),
						       attributed ? speaker : (struct span){0, 0},
						       attributed ? aud : (struct span){0, 0}};
		i = j;
	}
	/* A report: nothing quoted, or a quotation inside the sentence's own account rather than
	 * one it opens with. */
	if (attributed && (!quoted || tk->t[s].kind != OPEN)) {
		if (o->nr == o->capr) {
			struct report_mention *n = realloc(o->r, (o->capr = o->capr ? 2 * o->capr : 16) *
									 sizeof(*n));
			if (!n)
				return -1;
			o->r = n;
		}
		o->r[o->nr++] = (struct report_mention){report, speaker};
	}
	return 0;
}

int quotes_find(const char *text, const struct text_span *body, size_t nbody,
		struct quote_mention **quotes, size_t *nq, struct report_mention **reports, size_t *nr)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t len = strlen(text), at = 0, n = 0;
	struct out o = {NULL, 0, 0, NULL, 0, 0};
	struct text_span whole;
	uint32_t *cp;
	int rc = -1;

	*quotes = NULL;
	*reports = NULL;
	*nq = *nr = 0;
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
	if (!body) {
		whole = (struct text_span){0, n};
		body = &whole;
		nbody = 1;
	}
	for (size_t b = 0; b < nbody; b++) {
		struct toks tk = {NULL, 0, 0};
		size_t from = body[b].start < n ? body[b].start : n;
		size_t to = body[b].end < n ? body[b].end : n;

		if (to <= from)
			continue;
		if (tokenize(cp + from, to - from, from, &tk) < 0) {
			free(tk.t);
			goto out;
		}
		/* Sentences: to a stop outside quotation marks, or a stop just inside the closing
		 * mark when a capital follows. */
		for (size_t s = 0, j = 0; j <= tk.n; j++) {
			int end = j == tk.n;
			if (!end && tk.t[j].kind == STOP && !tk.t[j].quoted)
				end = 1;
			else if (!end && tk.t[j].kind == CLOSE && j > 0 && tk.t[j - 1].kind == STOP &&
				 (j + 1 == tk.n ||
				  (tk.t[j + 1].kind == WORD && cp[tk.t[j + 1].start] >= 'A' &&
				   cp[tk.t[j + 1].start] <= 'Z')))
				end = 1;
			if (!end)
				continue;
			if (j > s && sentence(&tk, s, j < tk.n ? j + 1 : j, &o) < 0) {
				free(tk.t);
				goto out;
			}
			s = j + 1;
		}
		free(tk.t);
	}
	rc = 0;
out:
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
