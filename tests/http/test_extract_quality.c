/* Extraction measured on real-style reporting (issue 33): every article of
 * tests/fixtures/reporting/ (held/, the held-back set, and dev/, the development set; the
 * README there says what the truth beside each holds) is stored as a source on the real server
 * and put through GET /v1/sources/{id}/extract, first on a database holding nothing else. Recall
 * and precision are printed per kind, per set and per language (English, Russian), and the test
 * fails below the goals (GOALS) on either set. Then, article after article as a researcher
 * works, each one's `draft` is posted to /v1/batch as it is: every one must be accepted, and the
 * swap it stores is compared with the truth. */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

TH_GROUP("test_extract_quality")

#define FIXTURES "tests/fixtures/reporting/"

enum kind {
	PEOPLE,
	QUOTES,
	REPORTS,
	DATES,
	COUNTRIES,
	PARTIES,
	COUNTS,
	COUNTS_FULL,
	SWAPS,
	SWAP_GROUPS,
	SWAP_RELEASES,
	NKINDS
};
static const char *const kind_names[NKINDS] = {"people",      "quotes",       "reports",
					       "dates",       "countries",    "parties",
					       "counts",      "counts+sides", "swap+date",
					       "swap groups", "swap releases"};

/* want: truth items; hit: of them found; found: items proposed; right: of them true. */
struct tally {
	size_t want, hit, found, right;
};
enum { HELD, DEV, NSETS };
enum { EN, RU, NLANGS };
static const char *const set_names[NSETS] = {"held", "dev"};
static const char *const lang_names[NLANGS] = {"en", "ru"};
static struct tally T[NSETS][NLANGS][NKINDS];
static size_t articles[NSETS][NLANGS];

/* What the issue asks, per language: recall at least, and for people at most this many false
 * an article (negative: no goal). enforced: checked (each was set once its goal was met on
 * both sets; every one is now). */
struct goal {
	enum kind kind;
	int lang;
	double recall, false_per_article;
	int enforced;
};
static const struct goal GOALS[] = {
	{PEOPLE, EN, 0.95, 0.5, 1}, {QUOTES, EN, 0.85, -1, 1},    {REPORTS, EN, 0.85, -1, 1},
	{DATES, EN, 0.90, -1, 1},   {COUNTRIES, EN, 0.97, -1, 1}, {PEOPLE, RU, 0.85, -1, 1},
	{DATES, RU, 0.85, -1, 1},
};

/* --- text ------------------------------------------------------------------------------- */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;

	if (!f)
		fail_msg("cannot open %s", path);
	s = th_read_all(f);
	fclose(f);
	return s;
}

/* The code point at which byte offset at of s stands. */
static size_t cp_of(const char *s, size_t at)
{
	size_t n = 0;

	for (size_t i = 0; i < at; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static size_t cp_len(const char *s)
{
	return cp_of(s, strlen(s));
}

/* Whether needle occurs in content at a span overlapping [start, end) (code points). */
static int occurs_over(const char *content, const char *needle, size_t start, size_t end)
{
	size_t nl = cp_len(needle);

	for (const char *p = strstr(content, needle); p && *needle; p = strstr(p + 1, needle)) {
		size_t s = cp_of(content, (size_t)(p - content));
		if (s < end && start < s + nl)
			return 1;
	}
	return 0;
}

/* The first code points of s, decoded into out (at most max); returns how many. */
static size_t decode(const char *s, unsigned *out, size_t max)
{
	size_t n = 0;

	while (*s && n < max) {
		unsigned char c = (unsigned char)*s;
		unsigned cp = c, k = 0;
		if (c >= 0xF0)
			cp = c & 0x07, k = 3;
		else if (c >= 0xE0)
			cp = c & 0x0F, k = 2;
		else if (c >= 0xC0)
			cp = c & 0x1F, k = 1;
		s++;
		while (k-- && *s)
			cp = (cp << 6) | ((unsigned char)*s++ & 0x3F);
		out[n++] = cp;
	}
	return n;
}

/* Two words of a name are the same word: equal, or, in Russian, the same stem in two
 * grammatical cases ("Гершковича", "Гершкович"; "Алексея", "Алексей"): a common start of at
 * least three letters and half the shorter word, each ending past it at most three letters. */
static int same_word(const char *a, size_t al, const char *b, size_t bl, int ru)
{
	unsigned x[64], y[64];
	char *as = strndup(a, al), *bs = strndup(b, bl);
	size_t nx = decode(as, x, 64), ny = decode(bs, y, 64), k = 0;

	free(as);
	free(bs);
	if (nx == ny && !memcmp(x, y, nx * sizeof(*x)))
		return 1;
	if (!ru)
		return 0;
	while (k < nx && k < ny && x[k] == y[k])
		k++;
	return k >= 3 && 2 * k >= (nx < ny ? nx : ny) && nx - k <= 3 && ny - k <= 3;
}

/* Two full names name the same person: word for word the same (same_word). */
static int same_name(const char *a, const char *b, int ru)
{
	if (!a || !b)
		return 0;
	for (;;) {
		size_t al = strcspn(a, " "), bl = strcspn(b, " ");
		if (!same_word(a, al, b, bl, ru))
			return 0;
		a += al;
		b += bl;
		if (!*a || !*b)
			return !*a && !*b;
		a++;
		b++;
	}
}

/* The last word of s, lower-cased (ASCII), into out. */
static void head_word(const char *s, char *out, size_t size)
{
	const char *w = strrchr(s, ' ') ? strrchr(s, ' ') + 1 : s;
	size_t i = 0;

	for (; w[i] && i + 1 < size; i++)
		out[i] = (char)((w[i] >= 'A' && w[i] <= 'Z') ? w[i] + 32 : w[i]);
	out[i] = 0;
}

/* Whether the words s (lower-cased, ASCII) contain the word w (same_word in Russian). */
static int has_word(const char *s, const char *w, int ru)
{
	char *l = strdup(s);
	int seen = 0;

	for (char *p = l; *p; p++)
		*p = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
	for (char *t = strtok(l, " ,.'’"); t && !seen; t = strtok(NULL, " ,.'’"))
		seen = same_word(t, strlen(t), w, strlen(w), ru);
	free(l);
	return seen;
}

/* --- one article ------------------------------------------------------------------------- */

static size_t get_z(json_t *o, const char *k)
{
	return (size_t)json_integer_value(json_object_get(o, k));
}

static const char *get_s(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* What the extraction got wrong, on stderr (the test's log), for the reader of the figures. */
static void miss(const char *where, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void miss(const char *where, const char *fmt, ...)
{
	va_list ap;

	if (strstr(where, "/held/"))
		return; /* the held-back set gives figures only: nobody tunes a rule by reading it */
	fprintf(stderr, "  %s: ", where);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* j as compact JSON in one of a few static buffers ("..." when too long for one). */
static const char *jd(json_t *j)
{
	static char b[4][2048];
	static int at;
	size_t n;

	at = (at + 1) % 4;
	n = j ? json_dumpb(j, b[at], sizeof(b[at]) - 1, JSON_COMPACT) : 0;
	if (!j)
		return "nothing";
	if (n == 0 || n >= sizeof(b[at]))
		return "...";
	b[at][n] = 0;
	return b[at];
}

static void people(const char *where, json_t *truth, json_t *x, int ru, struct tally *t)
{
	json_t *names = json_object(), *p, *v;
	const char *n;
	size_t i;

	json_array_foreach(json_object_get(x, "people"), i, p)
		json_object_set_new(names, get_s(p, "name"), json_true());
	json_array_foreach(json_object_get(truth, "people"), i, v) {
		int seen = 0;
		json_object_foreach(names, n, p)
			seen |= same_name(n, json_string_value(v), ru);
		t->want++;
		t->hit += seen;
		if (!seen)
			miss(where, "person %s missed", json_string_value(v));
	}
	json_object_foreach(names, n, p) {
		int right = 0;
		json_array_foreach(json_object_get(truth, "people"), i, v)
			right |= same_name(n, json_string_value(v), ru);
		t->found++;
		t->right += right;
		if (!right)
			miss(where, "\"%s\" proposed as a person", n);
	}
	json_decref(names);
}

/* A quote's speaker is right: the person, or the organisation or unnamed speaker by its head
 * word ("a senior administration official" → "official"), or none for none. */
static int right_speaker(json_t *want, json_t *sp, int ru)
{
	const char *who = get_s(want, "speaker");
	char head[128];

	if (!who)
		return json_is_null(sp);
	if (!json_is_object(sp))
		return 0;
	if (!strcmp(get_s(want, "kind"), "person"))
		return same_name(get_s(sp, "name"), who, ru);
	head_word(who, head, sizeof(head));
	return has_word(get_s(sp, "text"), head, ru) ||
	       (get_s(sp, "name") && has_word(get_s(sp, "name"), head, ru));
}

static void quotes(const char *where, const char *content, json_t *truth, json_t *x, int ru,
		   struct tally *t)
{
	json_t *q, *v, *found = json_object_get(x, "quotes");
	size_t i, k;
	char *right = calloc(json_array_size(found) + 1, 1);

	json_array_foreach(json_object_get(truth, "quotes"), i, v) {
		int ok = 0, seen = 0;
		json_array_foreach(found, k, q) {
			size_t s = get_z(q, "start");
			if (!occurs_over(content, get_s(v, "text"), s, s + 3))
				continue;
			seen = 1;
			if (right_speaker(v, json_object_get(q, "speaker"), ru))
				ok = right[k] = 1;
			else
				miss(where, "quote \"%s\" given to %s, said by %s", get_s(v, "text"),
				     jd(json_object_get(q, "speaker")),
				     get_s(v, "speaker") ?: "nobody named");
			break;
		}
		if (!seen)
			miss(where, "quote \"%s\" missed", get_s(v, "text"));
		t->want++;
		t->hit += ok;
	}
	json_array_foreach(found, k, q) {
		t->found++;
		t->right += right[k];
	}
	free(right);
}

static void reports(const char *where, const char *content, json_t *truth, json_t *x, struct tally *t)
{
	json_t *r, *v, *found = json_object_get(x, "reports");
	size_t i, k;

	json_array_foreach(json_object_get(truth, "reports"), i, v) {
		int seen = 0;
		json_array_foreach(found, k, r)
			seen |= occurs_over(content, get_s(v, "text"), get_z(r, "start"),
					    get_z(r, "end"));
		t->want++;
		t->hit += seen;
		if (!seen)
			miss(where, "report \"%s\" missed", get_s(v, "text"));
	}
	json_array_foreach(found, k, r) {
		int right = 0;
		json_array_foreach(json_object_get(truth, "reports"), i, v)
			right |= occurs_over(content, get_s(v, "text"), get_z(r, "start"),
					     get_z(r, "end"));
		t->found++;
		t->right += right;
		if (!right)
			miss(where, "\"%s\" proposed as a report", get_s(r, "text"));
	}
}

/* Dates one for one: words that overlap the truth's ("в пятницу" and "пятницу" are one date; a
 * reader marks either), resolved to the same value, and ambiguous when the truth says so. */
static void dates(const char *where, const char *content, json_t *truth, json_t *x, struct tally *t)
{
	json_t *d, *v, *found = json_object_get(x, "dates");
	char *used = calloc(json_array_size(found) + 1, 1);
	size_t i, k;

	json_array_foreach(json_object_get(truth, "dates"), i, v) {
		int seen = 0;
		json_array_foreach(found, k, d)
			if (!used[k] &&
			    occurs_over(content, get_s(v, "text"), get_z(d, "start"), get_z(d, "end")) &&
			    !strcmp(get_s(d, "value"), get_s(v, "value")) &&
			    json_is_true(json_object_get(v, "ambiguous")) ==
				    json_is_true(json_object_get(d, "ambiguous"))) {
				used[k] = seen = 1;
				break;
			}
		t->want++;
		t->hit += seen;
		if (!seen)
			miss(where, "date \"%s\" = %s missed", get_s(v, "text"), get_s(v, "value"));
	}
	json_array_foreach(found, k, d) {
		t->found++;
		t->right += used[k];
		if (!used[k])
			miss(where, "date \"%s\" = %s proposed", get_s(d, "text"), get_s(d, "value"));
	}
	free(used);
}

/* Codes as sets: countries, parties. */
static void codes(const char *where, const char *what, json_t *want, json_t *found, const char *key,
		  struct tally *t)
{
	json_t *seen = json_object(), *v, *x;
	const char *c;
	size_t i;

	json_array_foreach(found, i, x)
		json_object_set_new(seen, get_s(x, key), json_true());
	json_array_foreach(want, i, v) {
		const char *w = json_is_string(v) ? json_string_value(v) : get_s(v, "code");
		int hit = json_object_get(seen, w) != NULL;
		t->want++;
		t->hit += hit;
		if (!hit)
			miss(where, "%s %s missed", what, w);
	}
	json_object_foreach(seen, c, x) {
		int right = 0;
		json_array_foreach(want, i, v)
			right |= !strcmp(c, json_is_string(v) ? json_string_value(v) : get_s(v, "code"));
		t->found++;
		t->right += right;
		if (!right)
			miss(where, "%s %s proposed", what, c);
	}
	json_decref(seen);
}

static int same_side(json_t *a, json_t *b)
{
	return json_is_null(a)
		       ? json_is_null(b)
		       : json_is_string(b) && !strcmp(json_string_value(a), json_string_value(b));
}

static void counts(const char *where, const char *content, json_t *truth, json_t *x, struct tally *t,
		   struct tally *full)
{
	json_t *c, *v, *found = json_object_get(x, "counts");
	char *used = calloc(json_array_size(found) + 1, 1);
	size_t i, k;

	json_array_foreach(json_object_get(truth, "counts"), i, v) {
		int seen = 0, all = 0;
		json_array_foreach(found, k, c)
			if (!used[k] &&
			    json_integer_value(json_object_get(c, "count")) ==
				    json_integer_value(json_object_get(v, "count")) &&
			    occurs_over(content, get_s(v, "text"), get_z(c, "start"), get_z(c, "end"))) {
				used[k] = seen = 1;
				all = !strcmp(get_s(c, "category") ?: "", get_s(v, "category")) &&
				      json_equal(json_object_get(c, "approximate"),
						 json_object_get(v, "approximate")) &&
				      same_side(json_object_get(v, "released_by"),
						json_object_get(c, "released_by")) &&
				      same_side(json_object_get(v, "released_to"),
						json_object_get(c, "released_to"));
				if (!all)
					miss(where, "count \"%s\" proposed as %s", get_s(v, "text"),
					     jd(c));
				break;
			}
		t->want++;
		t->hit += seen;
		full->want++;
		full->hit += all;
		if (!seen)
			miss(where, "count \"%s\" (%lld) missed", get_s(v, "text"),
			     json_integer_value(json_object_get(v, "count")));
	}
	json_array_foreach(found, k, c) {
		t->found++;
		t->right += used[k];
		full->found++;
		full->right += used[k];
		if (!used[k])
			miss(where, "count \"%s\" proposed", get_s(c, "text"));
	}
	free(used);
}

struct article {
	char set, lang;
	char *name, *path, *content;
	json_t *truth;
	long long source;
};

static void measure(struct article *a)
{
	char *path = th_fmt("/v1/sources/%lld/extract", a->source);
	json_t *x = th_get(&G.srv, path), *truth = a->truth;
	struct tally *t = T[(int)a->set][(int)a->lang];
	const char *where = a->path;
	int ru = a->lang == RU;

	people(where, truth, x, ru, &t[PEOPLE]);
	quotes(where, a->content, truth, x, ru, &t[QUOTES]);
	reports(where, a->content, truth, x, &t[REPORTS]);
	dates(where, a->content, truth, x, &t[DATES]);
	codes(where, "country", json_object_get(truth, "countries"), json_object_get(x, "countries"),
	      "code", &t[COUNTRIES]);
	codes(where, "party", json_object_get(truth, "parties"), json_object_get(x, "parties"), "code",
	      &t[PARTIES]);
	counts(where, a->content, truth, x, &t[COUNTS], &t[COUNTS_FULL]);
	json_decref(x);
	free(path);
}

/* The stored swap against the truth's, part by part: a swap with its status and date (swaps);
 * the groups, one for one by sides, count and category (swap groups); the named releases, by
 * the stored person's name (swap releases). */
static void swap_measure(const char *where, json_t *want, json_t *got, struct tally *t)
{
	json_t *g, *w, *groups = json_object_get(got, "groups"), *r;
	char *used = calloc(json_array_size(groups) + 1, 1);
	size_t i, k;

	if (want) {
		int ok = got && !strcmp(get_s(got, "status") ?: "", get_s(want, "status")) &&
			 json_equal(json_object_get(got, "occurred_on") ?: json_null(),
				    json_object_get(want, "occurred_on"));
		t[SWAPS].want++;
		t[SWAPS].hit += ok;
		if (!ok)
			miss(where, "swap stored as %s on %s", got ? get_s(got, "status") : "nothing",
			     got ? jd(json_object_get(got, "occurred_on")) : "-");
	}
	if (got) {
		t[SWAPS].found++;
		t[SWAPS].right += want && !strcmp(get_s(got, "status") ?: "", get_s(want, "status")) &&
				  json_equal(json_object_get(got, "occurred_on") ?: json_null(),
					     json_object_get(want, "occurred_on"));
	}
	json_array_foreach(want ? json_object_get(want, "groups") : NULL, i, w) {
		int seen = 0;
		json_array_foreach(groups, k, g)
			if (!used[k] &&
			    same_side(json_object_get(w, "released_by"),
				      json_object_get(g, "released_by")) &&
			    same_side(json_object_get(w, "released_to") ?: json_null(),
				      json_object_get(g, "released_to")) &&
			    json_equal(json_object_get(w, "count"), json_object_get(g, "count")) &&
			    !strcmp(get_s(w, "category"), get_s(g, "category") ?: "")) {
				used[k] = seen = 1;
				break;
			}
		t[SWAP_GROUPS].want++;
		t[SWAP_GROUPS].hit += seen;
	}
	json_array_foreach(groups, k, g) {
		t[SWAP_GROUPS].found++;
		t[SWAP_GROUPS].right += used[k];
		if (!used[k])
			miss(where, "swap group %s", jd(g));
	}
	free(used);
	/* Releases by the stored person's name. */
	{
		json_t *names = json_array();
		json_array_foreach(json_object_get(got, "releases"), k, r) {
			char *path = th_fmt("/v1/people/%lld",
					    json_integer_value(json_object_get(r, "person_id")));
			json_t *person = th_get(&G.srv, path);
			json_array_append_new(names, json_string(get_s(person, "name") ?: ""));
			json_decref(person);
			free(path);
		}
		used = calloc(json_array_size(names) + 1, 1);
		json_array_foreach(want ? json_object_get(want, "releases") : NULL, i, w) {
			int seen = 0;
			json_array_foreach(names, k, r)
				if (!used[k] && same_name(json_string_value(r), get_s(w, "name"), 1)) {
					used[k] = seen = 1;
					break;
				}
			t[SWAP_RELEASES].want++;
			t[SWAP_RELEASES].hit += seen;
			if (!seen)
				miss(where, "release of %s not proposed", get_s(w, "name"));
		}
		json_array_foreach(names, k, r) {
			t[SWAP_RELEASES].found++;
			t[SWAP_RELEASES].right += used[k];
			if (!used[k])
				miss(where, "release of %s proposed", json_string_value(r));
		}
		free(used);
		json_decref(names);
	}
}

/* Drafts that were not accepted as they are, and answers without a draft: each one fails the
 * test (every fixture reports something to record). */
static int refused, missing;
#define DRAFTS_ENFORCED 1

/* Posts the article's draft as it is; anything but 200 is counted in refused. */
static void post_draft(struct article *a)
{
	char *path = th_fmt("/v1/sources/%lld/extract", a->source), *body;
	json_t *x = th_get(&G.srv, path), *want = json_object_get(a->truth, "swap"), *r, *swap = NULL;
	struct tally *t = T[(int)a->set][(int)a->lang];
	struct th_resp resp;
	size_t i;

	if (!json_is_object(json_object_get(x, "draft"))) {
		miss(a->path, "no draft");
		missing++;
		json_decref(x);
		free(path);
		return;
	}
	body = json_dumps(json_object_get(x, "draft"), JSON_COMPACT);
	th_json(&G.srv, "POST", "/v1/batch", body, &resp);
	if (resp.status != 200) {
		miss(a->path, "its draft was refused, %ld: %s", resp.status, resp.body);
		refused++;
	}
	json_array_foreach(json_object_get(resp.json, "results"), i, r)
		if (!strcmp(get_s(r, "op") ?: "", "create") &&
		    strstr(get_s(r, "location") ?: "", "/v1/swaps/"))
			swap = json_object_get(r, "record");
	swap_measure(a->path, json_is_object(want) ? want : NULL, swap, t);
	th_resp_free(&resp);
	free(body);
	json_decref(x);
	free(path);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct article *)a)->path, ((const struct article *)b)->path);
}

/* Every article of both sets, sorted, each stored as a source. */
static size_t load(struct article **out)
{
	struct article *all = NULL;
	size_t n = 0;

	for (int set = 0; set < NSETS; set++) {
		char *dir = th_fmt(FIXTURES "%s", set_names[set]);
		DIR *d = opendir(dir);
		struct dirent *e;

		assert_non_null(d);
		while ((e = readdir(d))) {
			size_t l = strlen(e->d_name);
			if (l < 5 || strcmp(e->d_name + l - 4, ".txt"))
				continue;
			all = realloc(all, (n + 1) * sizeof(*all));
			all[n] = (struct article){.set = (char)set};
			all[n].path = th_fmt("%s/%.*s", dir, (int)(l - 4), e->d_name);
			all[n].name = strdup(e->d_name);
			n++;
		}
		closedir(d);
		free(dir);
	}
	qsort(all, n, sizeof(*all), by_name);
	for (size_t i = 0; i < n; i++) {
		struct article *a = &all[i];
		char *txt = th_fmt("%s.txt", a->path), *js = th_fmt("%s.json", a->path);
		json_error_t err;
		json_t *src;
		char *body, *url;

		a->content = slurp(txt);
		a->truth = json_load_file(js, 0, &err);
		if (!a->truth)
			fail_msg("%s: %s", js, err.text);
		a->lang = strncmp(get_s(a->truth, "language"), "ru", 2) ? EN : RU;
		url = th_fmt("https://fixtures.example/%s", a->path);
		src = json_pack("{s:s, s:s%, s:s, s:s, s:s}", "url", url, "title", a->content,
				strcspn(a->content, "\n"), "published_on", get_s(a->truth, "published"),
				"language", get_s(a->truth, "language"), "content", a->content);
		body = json_dumps(src, JSON_COMPACT);
		a->source = th_create(&G.srv, "/v1/sources", "%s", body);
		articles[(int)a->set][(int)a->lang]++;
		free(url);
		free(body);
		json_decref(src);
		free(txt);
		free(js);
	}
	*out = all;
	return n;
}

static double ratio(size_t a, size_t b)
{
	return b ? (double)a / (double)b : 1.0;
}

static void print(void)
{
	for (int s = 0; s < NSETS; s++)
		for (int l = 0; l < NLANGS; l++) {
			if (!articles[s][l])
				continue;
			printf("extraction on the %s set, %s, %zu articles:\n", set_names[s],
			       lang_names[l], articles[s][l]);
			for (int k = 0; k < NKINDS; k++) {
				struct tally *t = &T[s][l][k];
				printf("  %-13s recall %.2f (%zu of %zu)  precision %.2f (%zu of %zu)",
				       kind_names[k], ratio(t->hit, t->want), t->hit, t->want,
				       ratio(t->right, t->found), t->right, t->found);
				if (k == PEOPLE)
					printf("  %.2f false an article",
					       (double)(t->found - t->right) / (double)articles[s][l]);
				printf("\n");
			}
		}
}

static void reporting_meets_its_goals(void **state)
{
	struct article *all;
	size_t n = load(&all);
	int below = 0;

	(void)state;
	for (size_t i = 0; i < n; i++)
		measure(&all[i]);
	for (size_t i = 0; i < n; i++)
		post_draft(&all[i]);
	print();
	for (int s = 0; s < NSETS; s++)
		for (size_t g = 0; g < sizeof(GOALS) / sizeof(*GOALS); g++) {
			const struct goal *o = &GOALS[g];
			struct tally *t = &T[s][o->lang][o->kind];
			double falses = articles[s][o->lang] ? (double)(t->found - t->right) /
								       (double)articles[s][o->lang]
							     : 0;
			int ok = ratio(t->hit, t->want) >= o->recall &&
				 (o->false_per_article < 0 || falses <= o->false_per_article);
			if (!ok)
				printf("  below the goal: %s %s %s, recall %.2f < %.2f%s\n", set_names[s],
				       lang_names[o->lang], kind_names[o->kind], ratio(t->hit, t->want),
				       o->recall, o->false_per_article >= 0 ? " or too many false" : "");
			below += !ok && o->enforced;
		}
	for (size_t i = 0; i < n; i++) {
		free(all[i].name);
		free(all[i].path);
		free(all[i].content);
		json_decref(all[i].truth);
	}
	free(all);
	printf("  drafts refused: %d of %zu, missing: %d\n", refused, n, missing);
	assert_int_equal(refused, 0);
	assert_true(!DRAFTS_ENFORCED || !missing);
	assert_int_equal(below, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reporting_meets_its_goals),
	};

	return cmocka_run_group_tests_name("extract_quality", tests, group_setup, group_teardown);
}
