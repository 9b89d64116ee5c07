/* Extraction, v1.2 (the contract's "Extraction, v1.2"): the non-state parties an article names,
 * each with the live party it is; the numbers of people released, with category and sides; and
 * the draft, a POST /v1/batch body a researcher starts from: the swap the article reports, its
 * groups counted from the counts, each field cited where the text says it (with quote_start),
 * creates for the parties it uses that are not on record; or, when the article reports no swap,
 * the people it names that are not on record. Never stored here; posted as it is, it is
 * accepted (tests/http/test_extract_quality.c posts every fixture's). */
#include "features/draft.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "text/counts.h"
#include "text/parties.h"

/* The live parties, each name (name, native name, aliases) a row; at most this many parties, by
 * id: parties are few (hundreds), and the table of names is built for each request. */
#define LIVE_PARTIES 2000
static const struct db_stmt live_stmt = {
	"extract_parties",
	"SELECT p.id, p.code, p.name, n FROM (SELECT id, code, name, name_native, aliases FROM parties"
	" WHERE deleted_at IS NULL ORDER BY id LIMIT 2000) p,"
	" unnest(ARRAY[p.name, p.name_native] || p.aliases) AS n WHERE n IS NOT NULL AND n <> ''",
	0,
};

/* At most this many groups: a swap holds 100 (models/swaps.c), and the rest of a list of
 * counts that long is no one swap. */
#define DRAFT_GROUPS 20

/* At most this many people created by a draft that has no swap. */
#define DRAFT_PEOPLE 50

struct live {
	PGresult *r;
	struct party_name *names;
	size_t n;
};

/* The live party (row of live.r) with this code, or -1. */
static int live_by_code(const struct live *l, const char *code)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->names[i].code, code))
			return (int)i;
	return -1;
}

static json_t *match_of(const struct live *l, int row)
{
	if (row < 0)
		return json_null();
	return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)atoll(PQgetvalue(l->r, row, 0)), "code",
			 PQgetvalue(l->r, row, 1), "name", PQgetvalue(l->r, row, 2));
}

/* The sides (countries and parties) in order of start, merged from both lists. */
static struct side_mention *merge_sides(const struct place_mention *pm, long np,
					const struct party_mention *pa, long npa,
					const char *const *party_code, size_t *n)
{
	struct side_mention *s = malloc(((size_t)np + (size_t)npa + 1) * sizeof(*s));
	long i = 0, j = 0;

	*n = 0;
	if (!s)
		return NULL;
	while (i < np || j < npa) {
		if (j >= npa || (i < np && pm[i].start < pa[j].start)) {
			s[(*n)++] = (struct side_mention){pm[i].start, pm[i].end, pm[i].code};
			i++;
		} else {
			s[(*n)++] = (struct side_mention){pa[j].start, pa[j].end, party_code[j]};
			j++;
		}
	}
	return s;
}

static int is_party(const char *code)
{
	return code && code[0] >= 'a' && code[0] <= 'z';
}

/* The date a swap took place: a day the count's sentence gives (on or before publication when
 * completed, after it when announced), else, completed, the first such day of the article, else
 * the publication. *cite: the date item it came from, or NULL. */
static const char *swap_date(json_t *dates, size_t from, size_t to, int announced,
			     const char *published, json_t **cite)
{
	json_t *d;
	size_t i;

	*cite = NULL;
	for (int pass = 0; pass < 2; pass++)
		json_array_foreach(dates, i, d) {
			const char *v = json_string_value(json_object_get(d, "value"));
			size_t s = (size_t)json_integer_value(json_object_get(d, "start"));
			int after = published && strcmp(v, published) > 0;
			if (strlen(v) != 10 || (pass == 0 && (s < from || s >= to)) ||
			    (announced ? !after : after) || (pass == 1 && announced))
				continue;
			*cite = d;
			return v;
		}
	return announced ? NULL : published;
}

/* A count that may be one of the swap's groups. */
struct cand {
	size_t i; /* the count's index */
	const char *by, *to;
	int drop;
};

#define CANDS (4 * DRAFT_GROUPS)

/* How far after a total its parts are looked for: counts, paragraphs. */
#define PARTS 12

static int same_way(const struct cand *a, const struct cand *b)
{
	return !strcmp(a->by, b->by) && (a->to ? b->to && !strcmp(a->to, b->to) : !b->to);
}

/* A total and its parts ("207 Ukrainians ... 95 soldiers, 56 guardsmen, 26 border guards, 29
 * members and one civilian"): counts of the same way after c, in its paragraph or the next, that
 * add up to it (c the first count of its sentence) (an approximate total: within a tenth). The parts are the groups when their
 * categories differ or the total is approximate, else the total is. */
static void parts_of(struct cand *c, size_t nc, size_t k, const struct count_mention *cm)
{
	long sum = 0, want = cm[c[k].i].count;
	size_t parts[PARTS], np = 0;
	int differ = 0;

	if (c[k].i && cm[c[k].i - 1].sentence_start == cm[c[k].i].sentence_start)
		return; /* a total opens its sentence; this one is in a list */

	for (size_t j = k + 1; j < nc && np < PARTS && sum < want; j++) {
		if (c[j].drop || strcmp(c[k].by, c[j].by)) /* parts may go elsewhere */
			continue;
		if (cm[c[j].i].paragraph > cm[c[k].i].paragraph + 1)
			break;
		differ |= np && strcmp(cm[c[j].i].category, cm[c[parts[0]].i].category);
		parts[np++] = j;
		sum += cm[c[j].i].count;
	}
	if (np < 2 || !(sum == want || (cm[c[k].i].approximate && 10 * labs(sum - want) <= want)))
		return;
	if (differ || cm[c[k].i].approximate)
		c[k].drop = 1;
	else
		for (size_t j = 0; j < np; j++)
			c[parts[j]].drop = 1;
}

/* The swap's groups from the counts (cm, nc of them; the counts' items in counts), each cited:
 * those of its status (announced or not, as its first count), not a total since the start of a
 * war nor another exchange (counts.h's apart, or a date of another day in the sentence), each
 * number once a way, a total or its parts (parts_of), a total of no category left out when its
 * way has counts of one; "each" both ways between the article's two main sides (top). *first:
 * the count that sets the status and the date (-1: none). */
static json_t *groups_of(json_t *counts, const struct count_mention *cm, size_t nc, json_t *dates,
			 const char *published, const char *top[2], long long source, json_t *cites,
			 size_t *first)
{
	json_t *groups = json_array(), *item;
	struct cand c[CANDS];
	size_t n = 0;
	const char *on;

	*first = (size_t)-1;
	for (size_t i = 0; i < nc && *first == (size_t)-1; i++)
		if ((cm[i].released_by || (cm[i].each && top[1])) && !cm[i].apart)
			*first = i;
	if (*first == (size_t)-1)
		return groups;
	on = swap_date(dates, cm[*first].sentence_start, cm[*first].sentence_end, cm[*first].future,
		       published, &item);
	for (size_t i = 0; i < nc && n + 2 <= CANDS; i++) {
		if (cm[i].apart || cm[i].part || cm[i].future != cm[*first].future ||
		    (on && draft_other_day(dates, cm[i].sentence_start, cm[i].sentence_end, on, 1)))
			continue;
		if (cm[i].released_by)
			c[n++] = (struct cand){i, cm[i].released_by, cm[i].released_to, 0};
		else if (cm[i].each && top[1])
			for (int j = 0; j < 2; j++)
				c[n++] = (struct cand){i, top[j], top[1 - j], 0};
	}
	for (size_t k = 0; k < n; k++) {
		for (size_t j = 0; j < k && !c[k].drop; j++) /* the same number the same way: once */
			c[k].drop = !c[j].drop && same_way(&c[j], &c[k]) &&
				    cm[c[j].i].count == cm[c[k].i].count;
		if (!c[k].drop)
			parts_of(c, n, k, cm);
	}
	for (size_t k = 0; k < n; k++) /* a total of no category beside counts of one */
		for (size_t j = 0; j < n && !c[k].drop; j++)
			c[k].drop = !c[j].drop && same_way(&c[j], &c[k]) &&
				    !strcmp(cm[c[k].i].category, "other") &&
				    strcmp(cm[c[j].i].category, "other");
	for (size_t k = 0; k < n && json_array_size(groups) < DRAFT_GROUPS; k++) {
		json_t *x = json_array_get(counts, c[k].i);
		char field[64];
		if (c[k].drop)
			continue;
		snprintf(field, sizeof(field), "groups[%zu].count", json_array_size(groups));
		json_array_append_new(groups, json_pack("{s:s, s:o, s:O, s:O, s:s}", "released_by",
							c[k].by, "released_to",
							c[k].to ? json_string(c[k].to) : json_null(),
							"count", json_object_get(x, "count"),
							"approximate", json_object_get(x, "approximate"),
							"category", cm[c[k].i].category));
		json_array_append_new(cites, draft_citation(source, field, json_object_get(x, "text"),
							    (size_t)json_integer_value(
								    json_object_get(x, "start"))));
	}
	return groups;
}

/* Creates for the parties that groups and releases name and no live party is. */
static void party_creates(json_t *ops, json_t *groups, json_t *releases, json_t *parties)
{
	json_t *g, *p, *made = json_object(), *all = json_array();
	size_t i, k;

	json_array_extend(all, groups);
	json_array_extend(all, releases);
	json_array_foreach(all, i, g) {
		const char *sides[2] = {json_string_value(json_object_get(g, "released_by")),
					json_string_value(json_object_get(g, "released_to"))};
		for (int s = 0; s < 2; s++) {
			const char *name, *kind;
			if (!is_party(sides[s]) || json_object_get(made, sides[s]))
				continue;
			json_t *found = NULL;
			json_array_foreach(parties, k, p)
				if (!found &&
				    !strcmp(json_string_value(json_object_get(p, "code")), sides[s]))
					found = p;
			if (found && !json_is_null(json_object_get(found, "match")))
				continue; /* on record */
			if (parties_known(sides[s], &name, &kind) < 0)
				continue;
			json_object_set_new(made, sides[s], json_true());
			json_array_append_new(ops, json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:s}}", "op",
							     "create", "collection", "parties", "ref",
							     sides[s], "record", "code", sides[s],
							     "name", name, "kind", kind));
		}
	}
	json_decref(made);
	json_decref(all);
}

/* People the article names that are not on record, each once, cited where first named. */
static void people_creates(json_t *ops, json_t *people, long long source)
{
	json_t *p, *seen = json_object();
	size_t i;

	json_array_foreach(people, i, p) {
		const char *name = json_string_value(json_object_get(p, "name"));
		if (json_array_size(ops) >= DRAFT_PEOPLE || !name || !strchr(name, ' ') ||
		    !json_is_null(json_object_get(p, "match")) || json_object_get(seen, name))
			continue;
		json_object_set_new(seen, name, json_true());
		json_array_append_new(ops,
				      json_pack("{s:s, s:s, s:s, s:{s:s, s:[o]}}", "op", "create",
						"collection", "people", "duplicate", "allow", "record",
						"name", name, "citations",
						draft_citation(source, "name", json_object_get(p, "text"),
							       (size_t)json_integer_value(
								       json_object_get(p, "start")))));
	}
	json_decref(seen);
}

/* Cities where exchanges are handed over, and their countries: the swap's host. */
static const char *const host_cities[][2] = {
	{"Abu Dhabi", "AE"}, {"Dubai", "AE"},  {"Doha", "QA"},   {"Ankara", "TR"},  {"Istanbul", "TR"},
	{"Riyadh", "SA"},    {"Muscat", "OM"}, {"Geneva", "CH"}, {"Vienna", "AT"},  {"Абу-Даби", "AE"},
	{"Дохе", "QA"},      {"Доху", "QA"},   {"Анкар", "TR"},  {"Стамбул", "TR"}, {"Эр-Рияд", "SA"},
};
/* A sentence of the handover itself, and one of talks or another matter. */
static const char *const handover_words[] = {"swap",  "exchang", "releas",  "freed",
					     "flown", "tarmac",  "airport", "handover",
					     "обмен", "передач", NULL};
static const char *const not_handover[] = {"talks",     "meeting", "agree",   "summit",
					   "переговор", "встреч",  "договор", NULL};

/* Whether the word before byte at of s (past "an", "the") places what follows: "in", "at",
 * "to", "of", «в». */
static int placed(const char *s, size_t at)
{
	static const char *const preps[] = {"in", "at", "to", "of", "в", "во", NULL};
	for (int skip = 0; skip < 2; skip++) {
		size_t e = at, b;
		while (e > 0 && s[e - 1] == ' ')
			e--;
		b = e;
		while (b > 0 && s[b - 1] != ' ' && s[b - 1] != '\n')
			b--;
		if (e == b || e == at)
			return 0;
		for (int k = 0; preps[k]; k++)
			if (strlen(preps[k]) == e - b && !strncmp(s + b, preps[k], e - b))
				return 1;
		if (!((e - b == 2 && !strncmp(s + b, "an", 2)) ||
		      (e - b == 3 && !strncmp(s + b, "the", 3))))
			return 0;
		at = b;
	}
	return 0;
}

/* The code point at which byte b starts (offs in order: bisection). */
static size_t cp_at(const struct extract_text *xt, size_t b)
{
	size_t lo = 0, hi = xt->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (xt->offs[mid] < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The swap's host: the first city of the table that a sentence of the handover places it in
 * ("the swap had taken place in Abu Dhabi", "on the tarmac of an airport in Ankara"), not one of
 * talks ("agreed in Istanbul") nor of another day; its country, *at its code point (a citation's
 * quote_start) and *len its code points. NULL: none said. */
static const char *host_of(const struct extract_text *xt, json_t *dates, const char *on, size_t *at,
			   size_t *len)
{
	const char *best = NULL;
	size_t first = (size_t)-1;

	for (size_t c = 0; c < sizeof(host_cities) / sizeof(host_cities[0]); c++) {
		const char *name = host_cities[c][0];
		for (const char *p = strstr(xt->s, name); p; p = strstr(p + 1, name)) {
			size_t b = (size_t)(p - xt->s), cp = cp_at(xt, b), sa, sb;
			char *sent;
			int ok = 0;
			if (b >= first || !placed(xt->s, b))
				continue;
			draft_sentence_of(xt, cp, cp + 1, &sa, &sb);
			if (on && draft_other_day(dates, sa, sb, on, 1))
				continue;
			if (!(sent = strndup(xt->s + xt->offs[sa], xt->offs[sb] - xt->offs[sa])))
				return NULL;
			for (int k = 0; handover_words[k] && !ok; k++)
				ok = strstr(sent, handover_words[k]) != NULL;
			for (int k = 0; not_handover[k] && ok; k++)
				ok = !strstr(sent, not_handover[k]);
			free(sent);
			if (!ok)
				continue;
			first = b, best = host_cities[c][1], *at = cp;
			*len = cp_at(xt, b + strlen(name)) - cp;
			break;
		}
	}
	return best;
}

static json_t *build_draft(const struct extract_text *xt, json_t *out, const struct count_mention *cm,
			   size_t nc, const struct side_mention *sides, size_t ns, long long source,
			   const char *published)
{
	json_t *ops = json_array(), *cites = json_array(), *groups, *swap, *date_item, *releases;
	const char *top[2];
	size_t first;

	draft_top_sides(sides, ns, top);
	groups = groups_of(json_object_get(out, "counts"), cm, nc, json_object_get(out, "dates"),
			   published, top, source, cites, &first);
	releases = draft_releases(xt, out, groups, sides, ns,
				  first == (size_t)-1
					  ? published
					  : swap_date(json_object_get(out, "dates"),
						      cm[first].sentence_start, cm[first].sentence_end,
						      cm[first].future, published, &date_item),
				  source, ops, cites);
	if (json_array_size(groups) || json_array_size(releases)) {
		int announced = json_array_size(groups) ? cm[first].future : 0;
		size_t from = json_array_size(groups) ? cm[first].sentence_start : 0;
		size_t to = json_array_size(groups) ? cm[first].sentence_end : 0;
		const char *on = swap_date(json_object_get(out, "dates"), from, to, announced,
					   published, &date_item);
		party_creates(ops, groups, releases, json_object_get(out, "parties"));
		swap = json_pack("{s:s, s:o, s:o}", "status", announced ? "announced" : "completed",
				 "groups", groups, "releases", releases);
		if (on)
			json_object_set_new(swap, "occurred_on", json_string(on));
		{
			size_t hat = 0, hlen = 0;
			const char *host = host_of(xt, json_object_get(out, "dates"), on, &hat, &hlen);
			if (host) {
				json_t *q = extract_item(xt, hat, hat + hlen);
				json_object_set_new(swap, "host", json_string(host));
				json_array_append_new(cites,
						      draft_citation(source, "host",
								     json_object_get(q, "text"), hat));
				json_decref(q);
			}
		}
		if (date_item)
			json_array_append_new(cites, draft_citation(source, "occurred_on",
								    json_object_get(date_item, "text"),
								    (size_t)json_integer_value(
									    json_object_get(date_item,
											    "start"))));
		json_object_set_new(swap, "citations", cites);
		json_array_append_new(ops, json_pack("{s:s, s:s, s:s, s:o}", "op", "create", "collection",
						     "swaps", "ref", "swap", "record", swap));
	} else {
		json_decref(groups);
		json_decref(releases);
		json_decref(cites);
		people_creates(ops, json_object_get(out, "people"), source);
	}
	if (!json_array_size(ops)) {
		json_decref(ops);
		return json_null();
	}
	return json_pack("{s:o, s:s}", "operations", ops, "duplicates", "skip");
}

int draft_extract(PGconn *c, const struct extract_text *xt, const struct text_span *body, long nb,
		  const struct place_mention *pm, long np, long long source, const char *published,
		  json_t *out, struct problem *p)
{
	struct live l = {NULL, NULL, 0};
	struct party_mention *pa = NULL;
	struct count_mention *cm = NULL;
	struct side_mention *sides = NULL;
	const char **codes = NULL;
	json_t *parties = json_array(), *counts = json_array();
	long npa = -1, nc = -1;
	size_t ns = 0;
	int rc = -1;

	if (!(l.r = db_exec_stmt(c, &live_stmt, NULL, p)))
		goto out;
	l.n = (size_t)PQntuples(l.r);
	if (!(l.names = malloc((l.n + 1) * sizeof(*l.names))))
		goto oom;
	for (size_t i = 0; i < l.n; i++)
		l.names[i] = (struct party_name){PQgetvalue(l.r, (int)i, 3), PQgetvalue(l.r, (int)i, 1)};
	if ((npa = parties_find(xt->s, body, (size_t)nb, l.names, l.n, &pa)) < 0 ||
	    !(codes = malloc(((size_t)npa + 1) * sizeof(*codes))))
		goto oom;
	for (long i = 0; i < npa; i++) {
		int row = pa[i].live >= 0 ? (int)pa[i].live : live_by_code(&l, pa[i].code);
		json_t *x = extract_item(xt, pa[i].start, pa[i].end);
		codes[i] = row >= 0 ? PQgetvalue(l.r, row, 1) : pa[i].code;
		json_object_set_new(x, "code", json_string(codes[i]));
		json_object_set_new(x, "match", match_of(&l, row));
		json_array_append_new(parties, x);
	}
	if (!(sides = merge_sides(pm, np, pa, npa, codes, &ns)) ||
	    (nc = counts_find(xt->s, body, (size_t)nb, sides, ns, &cm)) < 0)
		goto oom;
	for (long i = 0; i < nc; i++) {
		json_t *x = extract_item(xt, cm[i].start, cm[i].end);
		json_object_set_new(x, "count", json_integer(cm[i].count));
		json_object_set_new(x, "approximate", json_boolean(cm[i].approximate));
		json_object_set_new(x, "category", json_string(cm[i].category));
		json_object_set_new(x, "released_by",
				    cm[i].released_by ? json_string(cm[i].released_by) : json_null());
		json_object_set_new(x, "released_to",
				    cm[i].released_to ? json_string(cm[i].released_to) : json_null());
		json_array_append_new(counts, x);
	}
	json_object_set(out, "parties", parties);
	json_object_set(out, "counts", counts);
	{
		json_t *d = build_draft(xt, out, cm, (size_t)nc, sides, ns, source, published);
		if (json_is_object(d) && draft_records(c, xt, body, nb, source, d, p) < 0) {
			json_decref(d);
			goto out;
		}
		json_object_set_new(out, "draft", d);
	}
	rc = 0;
	goto out;
oom:
	rc = problem_set(p, 503, "The server is out of memory.");
out:
	json_decref(parties);
	json_decref(counts);
	PQclear(l.r);
	free(l.names);
	free(pa);
	free(cm);
	free(sides);
	free(codes);
	return rc;
}
