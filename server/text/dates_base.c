/* The tokens, the calendar and the placing of dates around the publication (dates_base.h), which
 * the English and Russian rules share. */
#include "text/dates_base.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf8.h"

/* The code point at s (valid UTF-8, n bytes left), its length in *k. */
static uint32_t code_point(const unsigned char *s, size_t n, size_t *k)
{
	*k = utf8_sequence(s, n);
	if (*k <= 1) {
		*k = 1; /* valid text has none, but never stand still */
		return s[0];
	}
	if (*k == 2)
		return (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
	if (*k == 3)
		return (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
	return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
	       (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
}

static int is_letter(uint32_t c)
{
	return (c | 32) - 'a' < 26 || (c >= 0x400 && c <= 0x45F);
}

static uint32_t lower(uint32_t c)
{
	if (c - 'A' < 26)
		return c + 32;
	if (c >= 0x410 && c <= 0x42F)
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40F)
		return c + 0x50;
	return c;
}

/* Marks that end a clause: quotation marks and dashes (the ASCII ones are read in dtok_cut). */
static int breaks(uint32_t c)
{
	return c == 0xAB || c == 0xBB || (c >= 0x2018 && c <= 0x201F && c != 0x2019) || c == 0x2013 ||
	       c == 0x2014;
}

static int push(struct dtoks *tk, size_t *cap, const struct dtok *t)
{
	if (tk->n == *cap) {
		struct dtok *nt = realloc(tk->t, (*cap = *cap ? 2 * *cap : 64) * sizeof(*nt));
		if (!nt) {
			free(tk->t);
			tk->t = NULL;
			return -1;
		}
		tk->t = nt;
	}
	tk->t[tk->n++] = *t;
	return 0;
}

int dtok_cut(const char *text, struct dtoks *tk)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t len = strlen(text), at = 0, cp = 0, cap = 0, k;
	unsigned char gap = 1, brk = 1;

	tk->t = NULL;
	tk->n = 0;
	while (at < len) {
		struct dtok t = {text + at, cp, cp, 0, 0, DWORD, 0, 0, gap, brk, 0, 0};
		uint32_t c = code_point(p + at, len - at, &k);

		if (is_letter(c)) {
			t.lower = lower(c) == c;
			while (at < len && is_letter(c = code_point(p + at, len - at, &k))) {
				at += k;
				cp++;
			}
		} else if (c - '0' < 10) {
			t.kind = DNUM;
			for (; at < len && (unsigned)(p[at] - '0') < 10; at++, cp++)
				if (t.num >= 0)
					t.num = at - (size_t)(t.s - text) < 9
							? t.num * 10 + (p[at] - '0')
							: -1;
			t.len = (unsigned)(at - (size_t)(t.s - text));
			/* "19th", "1st": the suffix is part of the number. */
			if (at + 2 <= len &&
			    (!strncasecmp(text + at, "st", 2) || !strncasecmp(text + at, "nd", 2) ||
			     !strncasecmp(text + at, "rd", 2) || !strncasecmp(text + at, "th", 2)) &&
			    (at + 2 == len || (unsigned)((p[at + 2] | 32) - 'a') >= 26)) {
				t.ord = 1;
				at += 2;
				cp += 2;
			}
			t.end = cp;
			if (push(tk, &cap, &t) < 0)
				return -1;
			gap = brk = 0;
			continue;
		} else if (c == ',' || c == '-' || c == '.' || c == '/' || c == ':') {
			t.kind = DPUNCT;
			at++;
			cp++;
		} else {
			gap = 1;
			brk |= c == '\n' || c == '"' || c == ';' || c == '!' || c == '?' || c == '(' ||
			       c == ')' || c == '|' || breaks(c);
			at += k;
			cp++;
			continue;
		}
		if (t.kind == DWORD)
			t.len = (unsigned)(at - (size_t)(t.s - text));
		t.end = cp;
		if (push(tk, &cap, &t) < 0)
			return -1;
		gap = brk = 0;
	}
	return 0;
}

/* Whether the word s (n bytes) equals w, or starts with it (prefix), case ignored. */
static int same(const char *s, size_t n, const char *w, int prefix)
{
	const unsigned char *a = (const unsigned char *)s, *b = (const unsigned char *)w;
	size_t i = 0, j = 0, wn = strlen(w), ka, kb;

	while (i < n && j < wn) {
		if (lower(code_point(a + i, n - i, &ka)) != code_point(b + j, wn - j, &kb))
			return 0;
		i += ka;
		j += kb;
	}
	return j == wn && (prefix || i == n);
}

/* Lower case takes as many bytes as upper case in the letters words are made of (ASCII and
 * U+0400..U+045F), so lengths are compared first: most words are no rule's, and are turned
 * away without decoding. */
int dword(const struct dtoks *tk, size_t i, const char *w)
{
	return i < tk->n && tk->t[i].kind == DWORD && tk->t[i].len == strlen(w) &&
	       same(tk->t[i].s, tk->t[i].len, w, 0);
}

int dprefix(const struct dtoks *tk, size_t i, const char *w)
{
	return i < tk->n && tk->t[i].kind == DWORD && tk->t[i].len >= strlen(w) &&
	       same(tk->t[i].s, tk->t[i].len, w, 1);
}

int dexact(const struct dtoks *tk, size_t i, const char *w)
{
	return i < tk->n && tk->t[i].kind == DWORD && tk->t[i].len == strlen(w) &&
	       !strncmp(tk->t[i].s, w, tk->t[i].len);
}

int dpunct(const struct dtoks *tk, size_t i, char c)
{
	return i < tk->n && tk->t[i].kind == DPUNCT && tk->t[i].s[0] == c;
}

int dnum(const struct dtoks *tk, size_t i, unsigned digits_min, unsigned digits_max, int lo, int hi)
{
	return i < tk->n && tk->t[i].kind == DNUM && tk->t[i].len >= digits_min &&
	       tk->t[i].len <= digits_max && tk->t[i].num >= lo && tk->t[i].num <= hi;
}

int dtight(const struct dtoks *tk, size_t i)
{
	return i > 0 && i < tk->n && !tk->t[i].gap && !tk->t[i].brk;
}

int dword_in(const struct dtoks *tk, size_t i, const char *const *list)
{
	if (i >= tk->n || tk->t[i].kind != DWORD)
		return -1;
	for (int k = 0; list[k]; k++)
		if (dword(tk, i, list[k]))
			return k;
	return -1;
}

int dcount(const struct dtoks *tk, size_t i)
{
	/* Index + 1 is the count; Russian forms of one case or gender each. */
	static const char *const words[] = {
		"one",   "two",  "three", "four",   "five",   "six", "seven",
		"eight", "nine", "ten",   "eleven", "twelve", NULL,
	};
	static const char *const ru[] = {"один",        "два",        "три",    "четыре", "пять",
					 "шесть",       "семь",       "восемь", "девять", "десять",
					 "одиннадцать", "двенадцать", NULL};
	int k;

	if (dnum(tk, i, 1, 2, 1, 99))
		return tk->t[i].num;
	if (dword(tk, i, "a") || dword(tk, i, "an") || dword(tk, i, "одну") || dword(tk, i, "одна"))
		return 1;
	if (dword(tk, i, "две"))
		return 2;
	if ((k = dword_in(tk, i, words)) >= 0 || (k = dword_in(tk, i, ru)) >= 0)
		return k + 1;
	return 0;
}

/* H. Hinnant's algorithms. */
long dcal_days(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void dcal_civil(long z, int *y, int *m, int *d)
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

int dcal_month_days(int y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : n[m - 1];
}

int dcal_weekday(long z)
{
	return (int)(((z % 7 + 7) % 7 + 3) % 7 + 1); /* 1970-01-01 was a Thursday */
}

/* Dates from 1000 to 2999 only: a partial date has four digits of year. */
int dput_day(struct dfound *f, size_t last, int y, int m, int d)
{
	if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1 || d > dcal_month_days(y, m))
		return 0;
	*f = (struct dfound){last, y, m, d, 0};
	return 1;
}

int dput_month(struct dfound *f, size_t last, int y, int m)
{
	if (y < 1000 || y > 2999 || m < 1 || m > 12)
		return 0;
	*f = (struct dfound){last, y, m, 0, 0};
	return 1;
}

int dput_year(struct dfound *f, size_t last, int y)
{
	if (y < 1000 || y > 2999)
		return 0;
	*f = (struct dfound){last, y, 0, 0, 0};
	return 1;
}

int dput_days(struct dfound *f, size_t last, long z)
{
	int y, m, d;

	dcal_civil(z, &y, &m, &d);
	return dput_day(f, last, y, m, d);
}

int dput_span(struct dfound *f, size_t last, long z0, long z1)
{
	int y0, m0, d0, y1, m1, d1;

	dcal_civil(z0, &y0, &m0, &d0);
	dcal_civil(z1, &y1, &m1, &d1);
	if (z0 == z1)
		return dput_day(f, last, y1, m1, d1);
	if (y0 == y1 && m0 == m1)
		return dput_month(f, last, y1, m1);
	return dput_year(f, last, y1);
}

int dput_week(const struct dctx *c, struct dfound *f, size_t last, int weeks)
{
	long z;

	if (!c->d)
		return 0;
	z = dcal_days(c->y, c->m, c->d);
	z += 7L * weeks - (dcal_weekday(z) - 1); /* that week's Monday */
	return dput_span(f, last, z, z + 6);
}

int dput_month_near(const struct dctx *c, struct dfound *f, size_t last, int m, int strict)
{
	int y;

	if (!c->m)
		return 0;
	if (c->fwd)
		y = m > c->m || (m == c->m && !strict) ? c->y : c->y + 1;
	else
		y = m < c->m || (m == c->m && !strict) ? c->y : c->y - 1;
	return dput_month(f, last, y, m);
}

int dput_day_near(const struct dctx *c, struct dfound *f, size_t last, int m, int d)
{
	int y, after, before;

	if (!c->m)
		return 0;
	/* Without the publication's day, a day of its month counts as on or before it. */
	after = m > c->m || (m == c->m && c->d && d > c->d);
	before = m < c->m || (m == c->m && (!c->d || d < c->d));
	if (c->fwd)
		y = before ? c->y + 1 : c->y;
	else
		y = after ? c->y - 1 : c->y;
	return dput_day(f, last, y, m, d);
}

int dput_weekday(const struct dctx *c, struct dfound *f, size_t last, int w, int dir)
{
	long today;
	int back, ahead;

	if (!c->d)
		return 0;
	today = dcal_days(c->y, c->m, c->d);
	back = ((dcal_weekday(today) - w) % 7 + 7) % 7;
	ahead = (7 - back) % 7;
	if (dir < 0 || (dir == 0 && !c->fwd))
		return dput_days(f, last, today - (dir < 0 && !back ? 7 : back));
	return dput_days(f, last, today + (dir > 0 && !ahead ? 7 : ahead));
}

int dput_day_weekday(const struct dctx *c, struct dfound *f, size_t last, int m, int d, int w)
{
	int order[3] = {0, -1, 1};

	if (!c->y)
		return 0;
	if (c->fwd) {
		order[1] = 1;
		order[2] = -1;
	}
	for (int k = 0; k < 3; k++) {
		int y = c->y + order[k];
		if (d <= dcal_month_days(y, m) && dcal_weekday(dcal_days(y, m, d)) == w)
			return dput_day(f, last, y, m, d);
	}
	return dput_day_near(c, f, last, m, d);
}

int dput_pub_days(const struct dctx *c, struct dfound *f, size_t last, int n)
{
	return c->d && dput_days(f, last, dcal_days(c->y, c->m, c->d) + n);
}

int dput_units(const struct dctx *c, struct dfound *f, size_t last, int unit, int n)
{
	int months;

	switch (unit) {
	case 1:
		return dput_pub_days(c, f, last, n);
	case 2:
		return c->d && dput_week(c, f, last, n);
	case 3:
		if (!c->m)
			return 0;
		months = c->y * 12 + (c->m - 1) + n;
		return dput_month(f, last, months / 12, months % 12 + 1);
	case 4:
		return c->y && dput_year(f, last, c->y + n);
	}
	return 0;
}

int dput_weekend(const struct dctx *c, struct dfound *f, size_t last, int weeks)
{
	long z;

	if (!c->d)
		return 0;
	z = dcal_days(c->y, c->m, c->d);
	z += 7L * weeks - (dcal_weekday(z) - 1);
	return dput_span(f, last, z + 5, z + 6);
}

int dput_weekend_near(const struct dctx *c, struct dfound *f, size_t last)
{
	int w;

	if (!c->d)
		return 0;
	w = dcal_weekday(dcal_days(c->y, c->m, c->d));
	return dput_weekend(c, f, last, c->fwd || w >= 6 ? 0 : -1);
}

int dput_after_last(const struct dctx *c, struct dfound *f, size_t last, int unit, int n)
{
	int months;

	if (unit <= 2)
		return c->ld &&
		       dput_days(f, last, dcal_days(c->ly, c->lm, c->ld) + n * (unit == 2 ? 7 : 1));
	if (unit == 3) {
		if (!c->lm)
			return 0;
		months = c->ly * 12 + (c->lm - 1) + n;
		return dput_month(f, last, months / 12, months % 12 + 1);
	}
	return c->ly && dput_year(f, last, c->ly + n);
}
