/* The draft's sentences and named releases (contract v1.2, "Extraction, v1.2"): the sentence
 * around a passage in a bounded window, whether it dates another day, and the people an article
 * names as going free in the exchange it reports, each with the sides its sentence gives them.
 * draft.c builds the swap around them. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "features/draft.h"

json_t *draft_citation(long long source, const char *field, json_t *quote, size_t start)
{
	json_t *c = json_pack("{s:I, s:O, s:I}", "source_id", (json_int_t)source, "quote", quote,
			      "quote_start", (json_int_t)start);
	if (field)
		json_object_set_new(c, "field", json_string(field));
	return c;
}

/* Whether the date value v agrees with on: one holds the other ("2025-05", "2025-05-23"). */
static int agrees(const char *v, const char *on)
{
	size_t a = strlen(v), b = strlen(on);
	return !strncmp(v, on, a < b ? a : b);
}

/* At most this many dates of one sentence are read for another day. */
#define SENTENCE_DATES 16

/* Whether a date's words are a weekday alone ("on Wednesday"): the week of the story, a court's
 * day or a flight's, rather than another exchange's date. */
static int weekday(const char *text)
{
	static const char *const days[] = {"monday",   "tuesday", "wednesday",   "thursday",   "friday",
					   "saturday", "sunday",  "понедельник", "вторник",    "сред",
					   "четверг",  "пятниц",  "суббот",      "воскресень", NULL};
	const char *t = text && !strncasecmp(text, "on ", 3) ? text + 3 : text;

	for (int k = 0; t && days[k]; k++)
		if (!strncasecmp(t, days[k], strlen(days[k])) && strlen(t) <= strlen(days[k]) + 4)
			return 1;
	return 0;
}

/* Whether a date of another day than on stands in [from, to) (the dates in order of start:
 * bisection): a count there is of another exchange ("On Jan 3, the two sides swopped 200");
 * weekdays: whether a weekday alone counts (not for a person: "pleaded guilty on Wednesday"). */
int draft_other_day(json_t *dates, size_t from, size_t to, const char *on, int weekdays)
{
	size_t lo = 0, hi = json_array_size(dates), n = hi;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((size_t)json_integer_value(json_object_get(json_array_get(dates, mid), "start")) <
		    from)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t k = 0; lo < n && k < SENTENCE_DATES; lo++, k++) {
		json_t *d = json_array_get(dates, lo);
		if ((size_t)json_integer_value(json_object_get(d, "start")) >= to)
			break;
		const char *v = json_string_value(json_object_get(d, "value"));
		if (!weekdays && weekday(json_string_value(json_object_get(d, "text"))))
			continue;
		if (strlen(v) > 4 && !agrees(v, on)) /* a year alone: "since 2021" is no exchange */
			return 1;
	}
	return 0;
}

/* Words around a name that say the person went free. */
static const char *const freed[] = {"freed",     "released",    "release",      "swap",      "exchange",
				    "returned",  "pardoned",    "walked free",  "came home", "Освобожд",
				    "освобожд",  "освобод",     "обмен",        "вернул",    "помилова",
				    "returning", "handed over", "stepped off",  "landed in", "flown to",
				    "flown out", "arrived in",  "arrived home", "handed",    NULL};
/* A person described so is no one released: who speaks for a side or negotiates. */
static const char *const officials[] = {
	"president",  "minister",     "spokes",   "envoy",          "secretary", "official",
	"negotiator", "ombudsman",    "senator",  "rep.",           "congress",  "lawmaker",
	"commander",  "leader",       "director", "chief",          "head",      "ambassador",
	"mediator",   "adviser",      "advisor",  "chairman",       "prime",     "president",
	"министр",    "президент",    "глав",     "пресс-секретар", "посланник", "омбудсмен",
	"помощник",   "уполномоченн", "wife",     "husband",        "mother",    "father",
	"brother",    "sister",       "daughter", "relative",       "family",    "жена",
	"мать",       "отец",         "сестра",   "брат",           NULL,
};

/* Words just after a name that make its person one who acts for a side, not one released:
 * "Zelensky wrote", "Netanyahu thanked" (the released speak too: "said" is no sign). */
static const char *const speaks[] = {" wrote",  " thanked", " announced",    " welcomed",
				     " signed", " написал", " поблагодарил", NULL};
#define DRAFT_RELEASES 50
/* At most this many later mentions of a name are read for its sides. */
#define LOOK_AHEAD 8

/* The words of the content around code points [start, end), at most this many code points each
 * way and not past a sentence's end: a bounded window, so that a name costs the same however
 * long its sentence. */
#define WINDOW 240

/* Whether code point i ends a sentence: a line's end, "!" or "?", or a period that closes no
 * abbreviation ("U.S.", "Mr.", "Gen.": a capitalised word of three letters at most). */
static int stop_at(const struct extract_text *xt, size_t i)
{
	const char *s = xt->s;
	char c = s[xt->offs[i]];
	size_t k = i;

	if (xt->offs[i] + 1 != xt->offs[i + 1])
		return 0;
	if (c == '\n' || c == '!' || c == '?')
		return 1;
	if (c != '.')
		return 0;
	while (k > 0 && i - k < 4 && xt->offs[k - 1] + 1 == xt->offs[k] &&
	       ((s[xt->offs[k - 1]] | 32) >= 'a' && (s[xt->offs[k - 1]] | 32) <= 'z'))
		k--;
	return !(i > k && i - k <= 3 && s[xt->offs[k]] >= 'A' && s[xt->offs[k]] <= 'Z');
}

/* The sentence around code points [start, end), at most WINDOW code points each way: its first
 * code point in *a, its end in *b. */
void draft_sentence_of(const struct extract_text *xt, size_t start, size_t end, size_t *a, size_t *b)
{
	*a = start > WINDOW ? start - WINDOW : 0;
	*b = end + WINDOW < xt->n - 1 ? end + WINDOW : xt->n - 1;
	for (size_t i = start; i > *a; i--)
		if (stop_at(xt, i - 1)) {
			*a = i;
			break;
		}
	for (size_t i = end; i < *b; i++)
		if (stop_at(xt, i)) {
			*b = i;
			break;
		}
}

static int in_window(const struct extract_text *xt, size_t start, size_t end, const char *const *words)
{
	size_t a, b;
	char *w;
	int hit = 0;

	draft_sentence_of(xt, start, end, &a, &b);
	if (!(w = strndup(xt->s + xt->offs[a], xt->offs[b] - xt->offs[a])))
		return 0;
	for (int k = 0; words[k] && !hit; k++) {
		const char *at = strstr(w, words[k]);
		/* "handed" gives people over, not a sentence: "handed down 16 years". */
		while (at && !strcmp(words[k], "handed") && !strncmp(at + 6, " down", 5))
			at = strstr(at + 6, words[k]);
		hit = at != NULL;
	}
	free(w);
	return hit;
}

/* Whether the person named at [start, end) speaks or acts for a side (speaks) or is called by a
 * relative's or official's word just before the name ("his wife Cherelle Griner"). */
static int not_released(const struct extract_text *xt, size_t start, size_t end)
{
	size_t a = start > 24 ? start - 24 : 0, b = end + 14 < xt->n - 1 ? end + 14 : xt->n - 1;
	char *before = strndup(xt->s + xt->offs[a], xt->offs[start] - xt->offs[a]),
	     *after = strndup(xt->s + xt->offs[end], xt->offs[b] - xt->offs[end]), *w;
	int hit = 0;

	/* The word just before the name: "his wife Cherelle Griner", not "the mother of X". */
	if (before) {
		size_t l = strlen(before);
		while (l && strchr(" ,", before[l - 1]))
			before[--l] = 0;
		w = strrchr(before, ' ');
		w = w ? w + 1 : before;
		for (int k = 0; officials[k] && !hit; k++)
			hit = strstr(w, officials[k]) != NULL;
	}
	for (int k = 0; after && speaks[k] && !hit; k++)
		hit = !strncmp(after, speaks[k], strlen(speaks[k]));
	free(before);
	free(after);
	return hit;
}

/* The side named just before code point at (within 40 code points): "U.S. journalist Evan
 * Gershkovich", "Russian hitman Vadim Krasikov". */
static const char *side_before(const struct side_mention *sides, size_t ns, size_t at)
{
	size_t lo = 0, hi = ns;

	while (lo < hi) { /* the last side that ends at or before at: bisection */
		size_t mid = lo + (hi - lo) / 2;
		if (sides[mid].end <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo > 0 && at - sides[lo - 1].end <= 40; lo--)
		if (strcmp(sides[lo - 1].code, "icrc"))
			return sides[lo - 1].code;
	return NULL;
}

/* The text of code points [a, b) in the content, lower case (ASCII), in out (size n). */
static void lower_span(const struct extract_text *xt, size_t a, size_t b, char *out, size_t n)
{
	size_t len = xt->offs[b] - xt->offs[a], i;

	if (len >= n)
		len = n - 1;
	for (i = 0; i < len; i++) {
		char c = xt->s[xt->offs[a] + i];
		out[i] = c >= 'A' && c <= 'Z' ? (char)(c | 32) : c;
	}
	out[i] = 0;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && !strcmp(s + n - t, tail);
}

/* Verbs that make the side before them the one that let people go: "Germany released", "Slovenia
 * freed", "Russia also handed", "Belarus pardoned". */
static const char *const let_go[] = {" released",     " freed",     " frees",         " releases",
				     " handed",       " hands",     " also released", " also freed",
				     " also handed",  " pardoned",  " has released",  " has freed",
				     " will release", " освободил", " передал",       NULL};

/* Whether w ends with a release and "by": "released by (the)", "freed by", "pardoned by" (not
 * "greeted by U.S. officials"). */
static int released_by(const char *w)
{
	static const char *const verbs[] =
		{"released by ",  "freed by ", "pardoned by ", "handed over by ", "released by the ",
		 "freed by the ", NULL};
	for (int k = 0; verbs[k]; k++)
		if (ends_with(w, verbs[k]))
			return 1;
	return 0;
}

/* The sides the sentence [sa, sb) gives the person named at [start, end): the side "by" names
 * after a release ("were released by Russia to the United States", "freed by Belarus"), else
 * the nearest side before the name that lets go ("Poland released X, and Norway released Y");
 * the side "to" names ("freed to Germany", "handed ... to Germany"). NULL where it says none. */
static void sentence_sides(const struct extract_text *xt, const struct side_mention *sides, size_t ns,
			   size_t sa, size_t sb, size_t start, size_t end, const char **by,
			   const char **to)
{
	char w[64];

	*by = *to = NULL;
	for (size_t i = 0; i < ns; i++) {
		const struct side_mention *m = &sides[i];
		size_t a = m->start > 24 ? m->start - 24 : 0;
		if (m->start < sa || m->end > sb || !strcmp(m->code, "icrc"))
			continue;
		if (a < sa)
			a = sa;
		lower_span(xt, a, m->start, w, sizeof(w));
		if (m->start >= end && !*by && released_by(w))
			*by = m->code;
		else if (!*to && (ends_with(w, " to ") || ends_with(w, " to the ")) &&
			 (m->start >= end || m->end <= start))
			*to = m->code;
		if (m->end <= start) {
			size_t b = m->end + 16 < sb ? m->end + 16 : sb;
			lower_span(xt, m->end, b, w, sizeof(w));
			for (int k = 0; let_go[k]; k++)
				if (!strncmp(w, let_go[k], strlen(let_go[k]))) {
					*by = m->code; /* the nearest before the name wins */
					break;
				}
		}
	}
	if (*by && *to && !strcmp(*by, *to))
		*to = NULL;
}

/* The two sides the text names most, the Red Cross left out. */
void draft_top_sides(const struct side_mention *sides, size_t ns, const char *top[2])
{
	json_t *times = json_object();
	const char *k;
	json_t *v;

	for (size_t i = 0; i < ns; i++)
		if (strcmp(sides[i].code, "icrc"))
			json_object_set_new(times, sides[i].code,
					    json_integer(json_integer_value(
								 json_object_get(times, sides[i].code)) +
							 1));
	top[0] = top[1] = NULL;
	for (int j = 0; j < 2; j++) {
		json_int_t best = 0;
		json_object_foreach(times, k, v)
			if (json_integer_value(v) > best && (!j || strcmp(k, top[0]))) {
				best = json_integer_value(v);
				for (size_t i = 0; i < ns; i++) /* a pointer that outlives times */
					if (!strcmp(sides[i].code, k)) {
						top[j] = sides[i].code;
						break;
					}
			}
	}
	json_decref(times);
}

/* The people named as released: in a sentence that says someone went free, not described as an
 * official, each once; their sides from the side named before them, else the groups' first
 * direction, else the article's two main sides. Creates for those not on record go in ops. */
json_t *draft_releases(const struct extract_text *xt, json_t *out, json_t *groups,
		       const struct side_mention *sides, size_t ns, const char *on, long long source,
		       json_t *ops, json_t *cites)
{
	json_t *releases = json_array(), *p, *seen = json_object();
	json_t *g = json_array_get(groups, 0);
	const char *top[2];
	size_t i;

	draft_top_sides(sides, ns, top);
	/* A person called an official, a relative or who speaks in any mention is no release. */
	json_array_foreach(json_object_get(out, "people"), i, p) {
		const char *name = json_string_value(json_object_get(p, "name"));
		const char *role = json_string_value(json_object_get(p, "role"));
		int official = 0;
		/* In any case: "former Iranian President" as "president". */
		for (int k = 0; role && officials[k] && !official; k++)
			official = strcasestr(role, officials[k]) != NULL;
		if (name && (official ||
			     not_released(xt, (size_t)json_integer_value(json_object_get(p, "start")),
					  (size_t)json_integer_value(json_object_get(p, "end")))))
			json_object_set_new(seen, name, json_true());
	}
	json_array_foreach(json_object_get(out, "people"), i, p) {
		const char *name = json_string_value(json_object_get(p, "name"));
		size_t start = (size_t)json_integer_value(json_object_get(p, "start"));
		size_t end = (size_t)json_integer_value(json_object_get(p, "end"));
		const char *by = NULL, *to = NULL, *nat;
		json_t *m = json_object_get(p, "match"), *id, *rel;
		size_t sa, sb;

		if (!name || json_object_get(seen, name) || json_array_size(releases) >= DRAFT_RELEASES ||
		    !strchr(name, ' ') || !in_window(xt, start, end, freed))
			continue;
		draft_sentence_of(xt, start, end, &sa, &sb);
		if (on && draft_other_day(json_object_get(out, "dates"), sa, sb, on, 0))
			continue; /* released in another exchange: "Griner, freed in 2022" */
		sentence_sides(xt, sides, ns, sa, sb, start, end, &by, &to);
		if (!by || !to) {
			/* A later mention whose sentence says both ("were released by Russia to the
			 * United States") tells more than a headline's ("Russia frees Gershkovich");
			 * a bounded look ahead, so that a name costs the same however often named. */
			json_t *q;
			size_t j, seenj = 0;
			json_array_foreach(json_object_get(out, "people"), j, q) {
				const char *qn = json_string_value(json_object_get(q, "name"));
				size_t qs = (size_t)json_integer_value(json_object_get(q, "start"));
				size_t qe = (size_t)json_integer_value(json_object_get(q, "end"));
				size_t ta, tb;
				const char *b2, *t2;
				if (j <= i || !qn || strcmp(qn, name))
					continue;
				if (++seenj > LOOK_AHEAD)
					break;
				draft_sentence_of(xt, qs, qe, &ta, &tb);
				sentence_sides(xt, sides, ns, ta, tb, qs, qe, &b2, &t2);
				if (b2 && t2 &&
				    !(on &&
				      draft_other_day(json_object_get(out, "dates"), ta, tb, on, 0))) {
					by = b2;
					to = t2;
					break;
				}
			}
		}
		if (by || to) {
			/* What the sentence says; the other side the article names most for the rest. */
			const char *other = top[0] && strcmp(top[0], by ? by : to) ? top[0] : top[1];
			if (!by)
				by = other;
			if (!to)
				to = other;
		} else if ((nat = side_before(sides, ns, start))) {
			to = nat;
			by = top[0] && strcmp(top[0], nat) ? top[0] : top[1];
		} else if (g) {
			by = json_string_value(json_object_get(g, "released_by"));
			to = json_string_value(json_object_get(g, "released_to"));
		} else {
			by = top[0];
			to = top[1];
		}
		if (!by || (to && !strcmp(by, to)))
			continue;
		json_object_set_new(seen, name, json_true());
		if (json_is_object(m)) {
			id = json_integer(json_integer_value(json_object_get(m, "id")));
		} else {
			char ref[32];
			snprintf(ref, sizeof(ref), "person%zu", json_array_size(releases) + 1);
			json_array_append_new(ops,
					      json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "op", "create",
							"collection", "people", "ref", ref, "duplicate",
							"allow", "record", "name", name));
			id = json_pack("{s:s}", "ref", ref);
		}
		rel = json_pack("{s:o, s:s}", "person_id", id, "released_by", by);
		if (to)
			json_object_set_new(rel, "released_to", json_string(to));
		{
			char field[64];
			snprintf(field, sizeof(field), "releases[%zu].person_id",
				 json_array_size(releases));
			json_array_append_new(cites, draft_citation(source, field,
								    json_object_get(p, "text"), start));
		}
		json_array_append_new(releases, rel);
	}
	json_decref(seen);
	return releases;
}
