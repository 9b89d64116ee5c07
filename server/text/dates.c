/* The date rules of dates.h. The text is cut into tokens (ASCII words, numbers, and the
 * punctuation the rules read); at each token the rules of the table are tried in order, and the
 * first that matches takes its tokens. Month and weekday names count only capitalised, as
 * English writes them (so "march" and "may" the verbs do not). */
#include "text/dates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf8.h"

enum kind { WORD, NUM, PUNCT };

struct token {
	enum kind kind;
	const char *s; /* its bytes in the text */
	size_t len;
	size_t start, end; /* code points */
	long num;          /* NUM: its value (digits at most 9) */
};

struct tokens {
	struct token *t;
	size_t n;
};

struct pub {         /* the publication date, as far as it is given */
	int y, m, d; /* 0 where not given */
};

static const char *const months[] = {"January",   "February", "March",    "April",
				     "May",       "June",     "July",     "August",
				     "September", "October",  "November", "December"};
static const char *const month_abbr[] = {"Jan", "Feb", "Mar",  "Apr", NULL,  NULL,
					 NULL,  "Aug", "Sept", "Oct", "Nov", "Dec"};
static const char *const weekdays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
				       "Friday", "Saturday", "Sunday"};

static int is_word(const struct tokens *tk, size_t i, const char *w)
{
	return i < tk->n && tk->t[i].kind == WORD && tk->t[i].len == strlen(w) &&
	       strncasecmp(tk->t[i].s, w, tk->t[i].len) == 0;
}

static int is_punct(const struct tokens *tk, size_t i, char c)
{
	return i < tk->n && tk->t[i].kind == PUNCT && tk->t[i].s[0] == c;
}

static int exact(const struct token *t, const char *w)
{
	return t->kind == WORD && t->len == strlen(w) && strncmp(t->s, w, t->len) == 0;
}

/* A month name at token i (1-12), its last token in *last (an abbreviation's period); 0 if none. */
static int month_at(const struct tokens *tk, size_t i, size_t *last)
{
	if (i >= tk->n || tk->t[i].kind != WORD)
		return 0;
	for (int m = 0; m < 12; m++) {
		if (exact(&tk->t[i], months[m])) {
			*last = i;
			return m + 1;
		}
		if ((month_abbr[m] && exact(&tk->t[i], month_abbr[m])) ||
		    (m == 8 && exact(&tk->t[i], "Sep"))) {
			*last = is_punct(tk, i + 1, '.') ? i + 1 : i;
			return m + 1;
		}
	}
	return 0;
}

static int weekday_at(const struct tokens *tk, size_t i)
{
	for (int d = 0; i < tk->n && d < 7; d++)
		if (exact(&tk->t[i], weekdays[d]))
			return d + 1; /* 1 = Monday */
	return 0;
}

static int num_at(const struct tokens *tk, size_t i, size_t digits_min, size_t digits_max, long lo,
		  long hi)
{
	return i < tk->n && tk->t[i].kind == NUM && tk->t[i].len >= digits_min &&
	       tk->t[i].len <= digits_max && tk->t[i].num >= lo && tk->t[i].num <= hi;
}

/* Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms). */
static long days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int days_in_month(int y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : n[m - 1];
}

/* What a rule found: its last token, and the date (d 0: month precision; m 0: year). */
struct found {
	size_t last;
	int y, m, d;
};

static int day(struct found *f, size_t last, int y, int m, int d)
{
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return 0;
	*f = (struct found){last, y, m, d};
	return 1;
}

static int month(struct found *f, size_t last, int y, int m)
{
	*f = (struct found){last, y, m, 0};
	return 1;
}

/* The most recent year in which month m (and day d, when given) falls on or before the
 * publication (strictly before when strict). */
static int recent_year(const struct pub *p, int m, int d, int strict)
{
	int after = m > p->m || (m == p->m && (strict || (d && p->d && d > p->d)));
	return after ? p->y - 1 : p->y;
}

/* The rules, each tried at token i. */
typedef int (*rule_fn)(const struct tokens *tk, size_t i, const struct pub *p, struct found *f);

static int month_day_year(const struct tokens *tk, size_t i, const struct pub *p, struct found *f)
{
	size_t e, j;
	int m = month_at(tk, i, &e);

	(void)p;
	if (!m || !num_at(tk, e + 1, 1, 2, 1, 31))
		return 0;
	j = e + 2 + is_punct(tk, e + 2, ',');
	return num_at(tk, j, 4, 4, 1000, 2999) && day(f, j, (int)tk->t[j].num, m, (int)tk->t[e + 1].num);
}

static int day_month_year(const struct tokens *tk, size_t i, const struct pub *p, struct found *f)
{
	size_t e;
	int m = num_at(tk, i, 1, 2, 1, 31) ? month_at(tk, i + 1, &e) : 0;

	(void)p;
	return m && num_at(tk, e + 1, 4, 4, 1000, 2999) &&
	       day(f, e + 1, (int)tk->t[e + 1].num, m, (int)tk->t[i].num);
}

static int iso_day(const struct tokens *tk, size_t i, const struct pub *p, struct found *f)
{
	(void)p;
	return num_at(tk, i, 4, 4, 1000, 2999) && is_punct(tk, i + 1, '-') &&
	       num_at(tk, i + 2, 2, 2, 1, 12) && is_punct(tk, i + 3, '-') &&
	       num_at(tk, i + 4, 2, 2, 1, 31) &&
	       day(f, i + 4, (int)tk->t[i].num, (int)tk->t[i + 2].num, (int)tk->t[i + 4].num);
}

static int month_year(const struct tokens *tk, size_t i, const struct pub *p, struct found *f)
{
	size_t e;
	int m = month_at(tk, i, &e);

	(void)p;
	return m && num_at(tk, e + 1, 4, 4, 1000, 2999) && month(f, e + 1, (int)tk->t[e + 1].num, m);
}

static int month_day(const struct tokens *tk, size_t i, const struct pub *p, struct found *f)
{
	size_t e;
	int m = month_at(tk, i, &e);

	if (!m || !p->m || !num_at(tk, e + 1, 1, 2, 1, 31))
		return 0;
	return day(f, e + 1, recent_year(p, m, (int)tk->t[e + 1].num, 0), m, (int)tk->t[e + 1].num);
}

static int day_month(const struct tokens *tk, size_t i, const struct pub *p, struct found *f)
{
	size_t e;
	int m = num_at(tk, i, 1, 2, 1, 31) ? month_at(tk, i + 1, &e) : 0;

	if (!m || !p->m)
		return 0;
	return day(f, e, recent_year(p, m, (int)tk->t[i].num, 0), m, (int)tk->t[i].num);
}

static int last_month_name(const struct tokens *tk, size_t i, const struct pub *p, struct found *f)
{
	size_t e;
	int m = is_word(tk, i, "last") ? month_at(tk, i + 1, &e) : 0;

	return m && p->m && month(f, e, recent_year(p, m, 0, 1), m);
}

/* "October", "late October", "early May", "mid-March" (the modifier is part of the span). */
static int month_name(const struct tokens *tk, size_t i, const struct pub *p, struct found *f)
{
	size_t e, at = i;
	int m;

	if (is_word(tk, i, "early") || is_word(tk, i, "late") || is_word(tk, i, "mid"))
		at = i + 1 + is_punct(tk, i + 1, '-');
	if (!(m = month_at(tk, at, &e)) || !p->m)
		return 0;
	return month(f, e, recent_year(p, m, 0, 0), m);
}

static int weekday_rule(const struct tokens *tk, size_t i, const struct pub *p, struct found *f,
			int strict)
{
	size_t at = strict ? i + 1 : i;
	int w = (!strict || is_word(tk, i, "last")) ? weekday_at(tk, at) : 0;
	long today, back;
	int y, m, d;

	if (!w || !p->d)
		return 0;
	today = days_from_civil(p->y, p->m, p->d);
	/* 1970-01-01 was a Thursday (4). */
	back = ((today % 7 + 7) % 7 + 3) % 7 + 1 - w; /* publication's weekday minus w */
	back = (back % 7 + 7) % 7;
	if (strict && back == 0)
		back = 7;
	civil_from_days(today - back, &y, &m, &d);
	return day(f, at, y, m, d);
}

static int last_weekday(const struct tokens *tk, size_t i, const struct pub *p, struct found *f)
{
	return weekday_rule(tk, i, p, f, 1);
}

static int weekday(const struct tokens *tk, size_t i, const struct pub *p, struct found *f)
{
	return weekday_rule(tk, i, p, f, 0);
}

/* "last month", "this month", "earlier this month". */
static int relative_month(const struct tokens *tk, size_t i, const struct pub *p, struct found *f)
{
	size_t at = i + is_word(tk, i, "earlier");

	if (!p->m)
		return 0;
	if (at == i && is_word(tk, i, "last") && is_word(tk, i + 1, "month"))
		return month(f, i + 1, p->m == 1 ? p->y - 1 : p->y, p->m == 1 ? 12 : p->m - 1);
	if (is_word(tk, at, "this") && is_word(tk, at + 1, "month"))
		return month(f, at + 1, p->y, p->m);
	return 0;
}

/* "last year", "this year", "earlier this year". */
static int relative_year(const struct tokens *tk, size_t i, const struct pub *p, struct found *f)
{
	size_t at = i + is_word(tk, i, "earlier");

	if (!p->y)
		return 0;
	if (at == i && is_word(tk, i, "last") && is_word(tk, i + 1, "year")) {
		*f = (struct found){i + 1, p->y - 1, 0, 0};
		return 1;
	}
	if (is_word(tk, at, "this") && is_word(tk, at + 1, "year")) {
		*f = (struct found){at + 1, p->y, 0, 0};
		return 1;
	}
	return 0;
}

static int yesterday_today(const struct tokens *tk, size_t i, const struct pub *p, struct found *f)
{
	int y, m, d;

	if (!p->d || !(is_word(tk, i, "yesterday") || is_word(tk, i, "today")))
		return 0;
	civil_from_days(days_from_civil(p->y, p->m, p->d) - is_word(tk, i, "yesterday"), &y, &m, &d);
	return day(f, i, y, m, d);
}

/* A year alone: four digits from 1900 to 2099, not part of a larger number ("1,2019"). */
static int year_alone(const struct tokens *tk, size_t i, const struct pub *p, struct found *f)
{
	(void)p;
	if (!num_at(tk, i, 4, 4, 1900, 2099) ||
	    (i > 0 && is_punct(tk, i - 1, ',') && i > 1 && tk->t[i - 2].kind == NUM))
		return 0;
	*f = (struct found){i, (int)tk->t[i].num, 0, 0};
	return 1;
}

/* In this order: longer forms before the shorter ones they contain. */
static const rule_fn rules[] = {
	month_day_year, day_month_year, iso_day,         month_year,   last_month_name,
	month_day,      day_month,      month_name,      last_weekday, weekday,
	relative_month, relative_year,  yesterday_today, year_alone,
};

static int tokenize(const char *text, struct tokens *tk)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t len = strlen(text), at = 0, cp = 0, cap = 0;

	tk->t = NULL;
	tk->n = 0;
	while (at < len) {
		struct token t = {WORD, text + at, 0, cp, 0, 0};
		unsigned char c = p[at];
		size_t k;

		if ((c | 32) >= 'a' && (c | 32) <= 'z') {
			while (at + t.len < len && (p[at + t.len] | 32) >= 'a' &&
			       (p[at + t.len] | 32) <= 'z')
				t.len++;
		} else if (c >= '0' && c <= '9') {
			t.kind = NUM;
			while (at + t.len < len && p[at + t.len] >= '0' && p[at + t.len] <= '9') {
				if (t.len < 9)
					t.num = t.num * 10 + (p[at + t.len] - '0');
				t.len++;
			}
			if (t.len > 9)
				t.num = -1;
		} else if (c == ',' || c == '-' || c == '.') {
			t.kind = PUNCT;
			t.len = 1;
		} else {
			if (!(k = utf8_sequence(p + at, len - at))) {
				free(tk->t);
				tk->t = NULL;
				return -1;
			}
			at += k;
			cp++;
			continue;
		}
		at += t.len;
		cp += t.len; /* ASCII: one code point a byte */
		t.end = cp;
		if (tk->n == cap) {
			struct token *nt = realloc(tk->t, (cap = cap ? 2 * cap : 64) * sizeof(*nt));
			if (!nt) {
				free(tk->t);
				tk->t = NULL;
				return -1;
			}
			tk->t = nt;
		}
		tk->t[tk->n++] = t;
	}
	return 0;
}

static void parse_pub(const char *s, struct pub *p)
{
	int y = 0, m = 0, d = 0;

	memset(p, 0, sizeof(*p));
	if (!s)
		return;
	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) >= 1 && y > 0) {
		p->y = y;
		if (m >= 1 && m <= 12) {
			p->m = m;
			if (d >= 1 && d <= days_in_month(y, m))
				p->d = d;
		}
	}
}

long dates_find(const char *text, const char *published, struct date_mention **out)
{
	struct tokens tk;
	struct pub p;
	size_t n = 0, cap = 0;

	*out = NULL;
	if (!utf8_valid(text) || tokenize(text, &tk) < 0)
		return -1;
	parse_pub(published, &p);
	for (size_t i = 0; i < tk.n; i++) {
		struct found f;
		size_t r;

		for (r = 0; r < sizeof(rules) / sizeof(rules[0]); r++)
			if (rules[r](&tk, i, &p, &f))
				break;
		if (r == sizeof(rules) / sizeof(rules[0]))
			continue;
		if (n == cap) {
			struct date_mention *nm = realloc(*out, (cap = cap ? 2 * cap : 16) * sizeof(*nm));
			if (!nm) {
				free(*out);
				free(tk.t);
				*out = NULL;
				return -1;
			}
			*out = nm;
		}
		(*out)[n].start = tk.t[i].start;
		(*out)[n].end = tk.t[f.last].end;
		if (f.d)
			snprintf((*out)[n].value, sizeof((*out)[n].value), "%04d-%02d-%02d", f.y, f.m,
				 f.d);
		else if (f.m)
			snprintf((*out)[n].value, sizeof((*out)[n].value), "%04d-%02d", f.y, f.m);
		else
			snprintf((*out)[n].value, sizeof((*out)[n].value), "%04d", f.y);
		(*out)[n].precision = f.d ? "day" : f.m ? "month" : "year";
		n++;
		i = f.last;
	}
	free(tk.t);
	return (long)n;
}
