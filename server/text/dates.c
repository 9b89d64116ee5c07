/* The date rules of dates.h: the English ones and the driver (the Russian ones are in
 * dates_ru.c, the tokens and the calendar in dates_base.c). At each token the rules of the
 * table are tried in order, and the first that matches takes its tokens. English month and
 * weekday names count only capitalised (so "march" and "may" the verbs do not). Whether a
 * clause is future or announced is read as the text goes: a marker ("will", "is expected",
 * "scheduled", «состоится») makes the dates after it in its clause resolve forward; a comma, a
 * sentence's end, a quotation mark or a new line ends the clause. */
#include "text/dates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf8.h"
#include "text/dates_base.h"
#include "text/dates_ru.h"

static const char *const months[] = {"January",  "February", "March",  "April",     "May",
				     "June",     "July",     "August", "September", "October",
				     "November", "December", NULL};
static const char *const month_abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
					 "Aug", "Sep", "Oct", "Nov", "Dec", NULL};
static const char *const weekdays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
				       "Friday", "Saturday", "Sunday",    NULL};
static const char *const weekday_abbr[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", NULL};

static int exact_in(const struct dtoks *tk, size_t i, const char *const *list)
{
	for (int k = 0; list[k]; k++)
		if (dexact(tk, i, list[k]))
			return k;
	return -1;
}

/* Sets mon and wday of the English words of tk, capitalised as English writes them ("May" is
 * only ever the full name), then the Russian ones'. */
static void classify(struct dtoks *tk)
{
	for (size_t i = 0; i < tk->n; i++) {
		struct dtok *t = &tk->t[i];
		int k;

		if (t->kind != DWORD || (unsigned)(t->s[0] - 'A') >= 26 || t->len > 9)
			continue;
		if ((k = exact_in(tk, i, months)) >= 0)
			t->mon = (unsigned char)((k + 1) | DMON_EN << 4);
		else if ((k = dexact(tk, i, "Sept") ? 8 : exact_in(tk, i, month_abbr)) >= 0 && k != 4)
			t->mon = (unsigned char)((k + 1) | DMON_EN_ABBR << 4);
		else if ((k = exact_in(tk, i, weekdays)) >= 0)
			t->wday = (unsigned char)(k + 1);
		else if ((k = exact_in(tk, i, weekday_abbr)) >= 0)
			t->wday = (unsigned char)((k + 1) | DWDAY_ABBR);
	}
	dates_ru_classify(tk);
}

/* A month name at token i (1-12), its last token in *last (an abbreviation's period); 0 if
 * none. */
static int month_at(const struct dtoks *tk, size_t i, size_t *last)
{
	int kind;

	if (i >= tk->n || !tk->t[i].mon || (kind = tk->t[i].mon >> 4) > DMON_EN_ABBR)
		return 0;
	*last = kind == DMON_EN_ABBR && dpunct(tk, i + 1, '.') && dtight(tk, i + 1) ? i + 1 : i;
	return tk->t[i].mon & 15;
}

/* A weekday's full name at token i (1 Monday); 0 if none. */
static int weekday_at(const struct dtoks *tk, size_t i)
{
	return i < tk->n && tk->t[i].wday && !(tk->t[i].wday & (DWDAY_ABBR | DWDAY_RU)) ? tk->t[i].wday
											: 0;
}

/* A day of the month at token i: 1 to 31, "19th" too. */
static int day_at(const struct dtoks *tk, size_t i)
{
	return dnum(tk, i, 1, 2, 1, 31) ? tk->t[i].num : 0;
}

/* A year at token i: four digits. */
static int year_at(const struct dtoks *tk, size_t i)
{
	return dnum(tk, i, 4, 4, 1000, 2999) && !tk->t[i].ord ? tk->t[i].num : 0;
}

/* A clock time ("19:40") at tokens i..i+2. */
static int clock_at(const struct dtoks *tk, size_t i)
{
	return dnum(tk, i, 1, 2, 0, 23) && dpunct(tk, i + 1, ':') && dtight(tk, i + 1) &&
	       dnum(tk, i + 2, 2, 2, 0, 59) && dtight(tk, i + 2);
}

/* "13/10/2025", "13.10.2025", "9-10-2025", "2024-08-01": the separator the same twice, nothing
 * between. A date that reads both ways follows the language and says so. */
static int numeric(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	char sep = i + 1 < tk->n && tk->t[i + 1].kind == DPUNCT ? tk->t[i + 1].s[0] : 0;
	int a, b, y;

	if ((sep != '/' && sep != '.' && sep != '-') || !dtight(tk, i + 1) || !dtight(tk, i + 2) ||
	    !dpunct(tk, i + 3, sep) || !dtight(tk, i + 3) || !dtight(tk, i + 4) ||
	    (dtight(tk, i) && tk->t[i - 1].kind == DPUNCT && tk->t[i - 1].s[0] != ',') ||
	    (dtight(tk, i + 5) && tk->t[i + 5].kind == DPUNCT && i + 6 < tk->n &&
	     tk->t[i + 6].kind == DNUM && dtight(tk, i + 6)))
		return 0;
	if (year_at(tk, i) && sep != '.' && dnum(tk, i + 2, 1, 2, 1, 12) && day_at(tk, i + 4))
		return dput_day(f, i + 4, tk->t[i].num, tk->t[i + 2].num, tk->t[i + 4].num);
	if (!dnum(tk, i, 1, 2, 1, 31) || !dnum(tk, i + 2, 1, 2, 1, 31) || !(y = year_at(tk, i + 4)))
		return 0;
	a = tk->t[i].num;
	b = tk->t[i + 2].num;
	if (a > 12 || (b <= 12 && c->dmy)) {
		if (!dput_day(f, i + 4, y, b, a))
			return 0;
	} else if (!dput_day(f, i + 4, y, a, b)) {
		return 0;
	}
	f->amb = a <= 12 && b <= 12 && a != b;
	return 1;
}

/* "Aug. 1, 2024", "October 7, 2023", "Oct 13, 2025". */
static int month_day_year(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	size_t e, j;
	int m = month_at(tk, i, &e);

	(void)c;
	if (!m || !day_at(tk, e + 1))
		return 0;
	j = e + 2 + dpunct(tk, e + 2, ',');
	return year_at(tk, j) && dput_day(f, j, tk->t[j].num, m, tk->t[e + 1].num);
}

/* "19th March, 2025", "21 Jun 2025", "19 Sep, 2022", "1st of May 2024". */
static int day_month_year(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	size_t e, j, at = i + 1 + dword(tk, i + 1, "of");
	int m = day_at(tk, i) ? month_at(tk, at, &e) : 0;

	(void)c;
	if (!m)
		return 0;
	j = e + 1 + dpunct(tk, e + 1, ',');
	return year_at(tk, j) && dput_day(f, j, tk->t[j].num, m, tk->t[i].num);
}

/* "March 2023", "December, 2022", "March of 2023". */
static int month_year(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	size_t e, j;
	int m = month_at(tk, i, &e);

	(void)c;
	if (!m)
		return 0;
	j = e + 1 + (dpunct(tk, e + 1, ',') || dword(tk, e + 1, "of"));
	return year_at(tk, j) && dput_month(f, j, tk->t[j].num, m);
}

/* "June 20", "Jan. 31", placed around the publication. */
static int month_day(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	size_t e;
	int m = month_at(tk, i, &e);

	return m && day_at(tk, e + 1) && dput_day_near(c, f, e + 1, m, tk->t[e + 1].num);
}

/* "5th February", "17 February", "the 1st of May". */
static int day_month(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	size_t e, at = i + 1 + dword(tk, i + 1, "of");
	int m = day_at(tk, i) ? month_at(tk, at, &e) : 0;

	return m && dput_day_near(c, f, e, m, tk->t[i].num);
}

/* A weekday before a date, one date: "Friday, July 9, 2010", "Saturday 15 February", "Thu 14
 * Aug 2025". Without a year, the weekday says which year is meant. */
static int weekday_date(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	static const drule dated[] = {month_day_year, day_month_year};
	int w = weekday_at(tk, i), m;
	size_t j, e;

	if (!w && i < tk->n && (tk->t[i].wday & DWDAY_ABBR) && (w = tk->t[i].wday & 7))
		i += dpunct(tk, i + 1, '.');
	if (!w)
		return 0;
	j = i + 1 + dpunct(tk, i + 1, ',');
	for (size_t r = 0; r < sizeof(dated) / sizeof(dated[0]); r++)
		if (dated[r](tk, j, c, f))
			return 1;
	if ((m = month_at(tk, j, &e)) && day_at(tk, e + 1))
		return dput_day_weekday(c, f, e + 1, m, tk->t[e + 1].num, w);
	if (day_at(tk, j) && (m = month_at(tk, j + 1 + dword(tk, j + 1, "of"), &e)))
		return dput_day_weekday(c, f, e, m, tk->t[j].num, w);
	return 0;
}

/* "last August" (strictly before the publication's month), "next March" (strictly after),
 * "this March"; "October", "late October", "early May", "mid-March" (the modifier is part of
 * the span), placed around the publication. */
static int month_name(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	struct dctx k = *c;
	size_t e, at = i;
	int m, strict = 0;

	if (dword(tk, i, "last") || dword(tk, i, "next")) {
		k.fwd = dword(tk, i, "next");
		strict = 1;
		at = i + 1;
	} else if (dword(tk, i, "this") || dword(tk, i, "early") || dword(tk, i, "late") ||
		   dword(tk, i, "mid")) {
		at = i + 1 + dpunct(tk, i + 1, '-');
	}
	return (m = month_at(tk, at, &e)) && dput_month_near(&k, f, e, m, strict);
}

/* "last Tuesday" (strictly before), "next Saturday" (strictly after), "this Friday", "Friday". */
static int weekday(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	int dir = dword(tk, i, "last") ? -1 : dword(tk, i, "next") ? 1 : 0;
	size_t at = i + (dir || dword(tk, i, "this"));
	int w = weekday_at(tk, at);

	return w && dput_weekday(c, f, at, w, dir);
}

/* "yesterday", "today", "tonight", "tomorrow", "this morning", "last night", each with "early",
 * "late", "earlier" or "later" before it in the span. */
static int day_word(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	static const char *const words[] = {"yesterday", "today", "tonight", "tomorrow", NULL};
	static const char *const parts[] = {"morning", "afternoon", "evening", NULL};
	size_t at = i + (dword(tk, i, "early") || dword(tk, i, "late") || dword(tk, i, "earlier") ||
			 dword(tk, i, "later"));
	int k = dword_in(tk, at, words);

	if (k >= 0)
		return dput_pub_days(c, f, at, k == 0 ? -1 : k == 3 ? 1 : 0);
	if (at == i && dword(tk, i, "this") && dword_in(tk, i + 1, parts) >= 0)
		return dput_pub_days(c, f, i + 1, 0);
	if (at == i && dword(tk, i, "last") && dword(tk, i + 1, "night"))
		return dput_pub_days(c, f, i + 1, -1);
	return 0;
}

/* "last week", "this week", "earlier this week", "later this month", "next year": the week,
 * month or year before, of or after the publication (a week as the smallest partial date that
 * holds it). */
static int relative_unit(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	static const char *const units[] = {"week", "month", "year", NULL};
	size_t at = i + (dword(tk, i, "earlier") || dword(tk, i, "later"));
	int u = dword_in(tk, at + 1, units), n;

	if (u < 0)
		return 0;
	if (dword(tk, at, "this"))
		n = 0;
	else if (at == i && dword(tk, i, "last"))
		n = -1;
	else if (at == i && dword(tk, i, "next"))
		n = 1;
	else
		return 0;
	return dput_units(c, f, at + 1, u + 2, n);
}

/* The unit a word names (1 day, 2 week, 3 month, 4 year), singular or plural; 0 if none. */
static int unit_at(const struct dtoks *tk, size_t i)
{
	static const char *const units[] = {"day",    "days", "week",  "weeks", "month",
					    "months", "year", "years", NULL};
	int k = dword_in(tk, i, units);
	return k < 0 ? 0 : k / 2 + 1;
}

/* "three years ago", "two weeks ago", "a month ago"; "in two months" (forward); "two days
 * later" (after the date before). */
static int counted(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	int n, u;

	if ((n = dcount(tk, i)) && (u = unit_at(tk, i + 1)) && dword(tk, i + 2, "ago"))
		return dput_units(c, f, i + 2, u, -n);
	/* "two days later", "a year earlier": from the date before. */
	if (n && u && (dword(tk, i + 2, "later") || dword(tk, i + 2, "earlier")))
		return dput_after_last(c, f, i + 2, u, dword(tk, i + 2, "later") ? n : -n);
	if (dword(tk, i, "in") && (n = dcount(tk, i + 1)) && (u = unit_at(tk, i + 2)) &&
	    !dword(tk, i + 3, "ago"))
		return dput_units(c, f, i + 2, u, n);
	return 0;
}

/* "last weekend", "this weekend", "next weekend", "the weekend", as the smallest partial date
 * that holds it. ("In the coming days" is left out: English reporting uses it as no date.) */
static int weekend(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	if (!dword(tk, i + 1, "weekend"))
		return 0;
	if (dword(tk, i, "last") || dword(tk, i, "this") || dword(tk, i, "next"))
		return dput_weekend(c, f, i + 1,
				    dword(tk, i, "last")   ? -1
				    : dword(tk, i, "next") ? 1
							   : 0);
	return dword(tk, i, "the") && dput_weekend_near(c, f, i + 1);
}

/* A day or year told from the date before it: "the previous day", "the day before", "the
 * next day", "the following day", "the same day", "the following year", "the year before".
 * Without a date before, the publication's. */
static int anaphoric(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	int step, y = c->ly ? c->ly : c->y;
	size_t u;

	if (!dword(tk, i, "the") && !dword(tk, i, "that"))
		return 0;
	if (dword(tk, i + 1, "previous"))
		step = -1;
	else if (dword(tk, i + 1, "next") || dword(tk, i + 1, "following"))
		step = 1;
	else if (dword(tk, i + 1, "same"))
		step = 0;
	else if ((dword(tk, i + 1, "day") || dword(tk, i + 1, "year")) && dword(tk, i + 2, "before"))
		return dword(tk, i + 1, "day")
			       ? (c->ld ? dput_days(f, i + 2, dcal_days(c->ly, c->lm, c->ld) - 1)
					: dput_pub_days(c, f, i + 2, -1))
			       : y && dput_year(f, i + 2, y - 1);
	else
		return 0;
	u = i + 2;
	if (dword(tk, u, "day"))
		return c->ld ? dput_days(f, u, dcal_days(c->ly, c->lm, c->ld) + step)
			     : dput_pub_days(c, f, u, step);
	return dword(tk, u, "year") && y && dput_year(f, u, y + step);
}

/* "this summer", "last spring", "next autumn": the year that holds the season (winter, which
 * spans two years, is left out); "last summer" is this year's once it is over. */
static int season(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	static const char *const seasons[] = {"spring", "summer", "autumn", "fall", NULL};
	static const int first[] = {3, 6, 9, 9}, end[] = {5, 8, 11, 11};
	int s = dword_in(tk, i + 1, seasons);

	if (s < 0 || !c->m)
		return 0;
	if (dword(tk, i, "last"))
		return dput_year(f, i + 1, c->m > end[s] ? c->y : c->y - 1);
	if (dword(tk, i, "next"))
		return dput_year(f, i + 1, c->m < first[s] ? c->y : c->y + 1);
	return dword(tk, i, "this") && dput_year(f, i + 1, c->y);
}

/* A year alone: four digits from 1900 to 2099, not part of a larger number ("1,2019") nor a
 * count ("about 1900 prisoners", «около 1900 заключенных»). */
static int year_alone(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	static const char *const approximately[] = {"about",         "around",   "some",
						    "nearly",        "almost",   "roughly",
						    "approximately", "около",    "более",
						    "менее",         "почти",    "свыше",
						    "порядка",       "примерно", NULL};

	(void)c;
	if (!dnum(tk, i, 4, 4, 1900, 2099) || tk->t[i].ord ||
	    (i > 0 && dword_in(tk, i - 1, approximately) >= 0) ||
	    ((dpunct(tk, i - 1, ',') || dpunct(tk, i - 1, '.')) && dtight(tk, i) && i > 1 &&
	     dtight(tk, i - 1) && tk->t[i - 2].kind == DNUM))
		return 0;
	return dput_year(f, i, tk->t[i].num);
}

/* In this order: longer forms before the shorter ones they contain; then the Russian rules, then
 * a year alone. */
static const drule rules[] = {
	numeric,       weekday_date, month_day_year, day_month_year, month_year,
	month_day,     day_month,    month_name,     weekday,        day_word,
	relative_unit, counted,      anaphoric,      season,         weekend,
};

/* Words whose period ends no sentence ("Mr. Kuntar will be buried on Thursday"). */
static const char *const abbreviations[] = {"mr",  "mrs",  "ms",  "dr",  "st",  "gen",  "col", "lt",
					    "sgt", "capt", "sen", "rep", "gov", "prof", "jr",  "sr",
					    "maj", "adm",  "no",  "vs",  "ст",  "г",    "им",  NULL};

/* Whether a clause ends at token i: a comma, a colon, a sentence's period, or a break before it. */
static int ends_clause(const struct dtoks *tk, size_t i)
{
	const struct dtok *t = &tk->t[i];
	size_t e;

	if (t->brk)
		return 1;
	if (t->kind != DPUNCT || t->s[0] == '-' || t->s[0] == '/')
		return 0;
	if (t->s[0] != '.' || !dtight(tk, i) || tk->t[i - 1].kind != DWORD)
		return 1;
	/* An initial ("U.S."), an abbreviation or a month's ("Jan.") is no sentence's end. */
	return !(tk->t[i - 1].end - tk->t[i - 1].start == 1 ||
		 dword_in(tk, i - 1, abbreviations) >= 0 || month_at(tk, i - 1, &e));
}

/* Whether word i marks a future or announced clause: "will", "is to", "are to", "expected", "scheduled", "planned", "set to", "due to" (not "due to the
 * war"), "next"; not after "had" ("had been expected", "had been due to"). Not "would": reported
 * speech is as often about the past ("larger than the one agreed on May 16"). */
static int future_en(const struct dtoks *tk, size_t i)
{
	static const char *const words[] = {"will",    "shall", "expected", "expects", "scheduled",
					    "planned", "plans", "upcoming", "next",    NULL};
	static const char *const determiners[] = {"the",   "a",     "an",   "his",  "her",
						  "its",   "their", "this", "that", "these",
						  "those", "our",   "your", NULL};

	if (!tk->t[i].lower || (i > 0 && dword(tk, i - 1, "had")) || (i > 1 && dword(tk, i - 2, "had")))
		return 0;
	if (dword_in(tk, i, words) >= 0)
		return !(dword(tk, i, "expected") && i > 0 &&
			 (dword(tk, i - 1, "as") || dword(tk, i - 1, "than")));
	if (dword(tk, i, "to") && i > 0)
		return dword(tk, i - 1, "is") || dword(tk, i - 1, "are");
	if (dword(tk, i, "set"))
		return dword(tk, i + 1, "to") || dword(tk, i + 1, "for");
	if (dword(tk, i, "due"))
		return dword(tk, i + 1, "on") || dword(tk, i + 1, "for") || dword(tk, i + 1, "in") ||
		       (dword(tk, i + 1, "to") && dword_in(tk, i + 2, determiners) < 0);
	return 0;
}

static void context(struct dctx *c, const char *published, const char *language)
{
	int y = 0, m = 0, d = 0;

	memset(c, 0, sizeof(*c));
	if (published && sscanf(published, "%4d-%2d-%2d", &y, &m, &d) >= 1 && y >= 1000 && y <= 2999) {
		c->y = y;
		if (m >= 1 && m <= 12) {
			c->m = m;
			if (d >= 1 && d <= dcal_month_days(y, m))
				c->d = d;
		}
	}
	/* Month first for "en" and "en-US" only (the contract's v1.2 details). */
	c->dmy = !(language && (!strcasecmp(language, "en") || !strcasecmp(language, "en-US") ||
				!strcasecmp(language, "en_US")));
}

/* A page's time stamp, not the article's date: a clock time right after the date ("Oct 13,
 * 2025 04:25 pm", «21 июн, 19:40») or right before it («16:10 23.05.2025»), or "Updated" or
 * "Published" before it. */
static int stamped(const struct dtoks *tk, size_t first, size_t last)
{
	static const char *const stamps[] = {"updated",   "update",       "published", "posted",
					     "обновлено", "опубликовано", NULL};
	size_t after = last + 1 + dpunct(tk, last + 1, ','), before;

	if (clock_at(tk, after) || (first >= 3 && clock_at(tk, first - 3) && !tk->t[first].brk))
		return 1;
	/* "Updated: 02.06.2025", "Published on 8 May" */
	before = first - (first > 0 && dpunct(tk, first - 1, ':'));
	before -= before > 0 && (dword(tk, before - 1, "on") || dword(tk, before - 1, "at"));
	return before > 0 && dword_in(tk, before - 1, stamps) >= 0;
}

static int put(struct date_mention **out, size_t *n, size_t *cap, const struct dtoks *tk, size_t first,
	       const struct dfound *f)
{
	struct date_mention *m;

	if (*n == *cap) {
		struct date_mention *nm = realloc(*out, (*cap = *cap ? 2 * *cap : 16) * sizeof(*nm));
		if (!nm)
			return -1;
		*out = nm;
	}
	m = &(*out)[(*n)++];
	m->start = tk->t[first].start;
	m->end = tk->t[f->last].end;
	if (f->d)
		snprintf(m->value, sizeof(m->value), "%04d-%02d-%02d", f->y, f->m, f->d);
	else if (f->m)
		snprintf(m->value, sizeof(m->value), "%04d-%02d", f->y, f->m);
	else
		snprintf(m->value, sizeof(m->value), "%04d", f->y);
	m->precision = f->d ? "day" : f->m ? "month" : "year";
	m->ambiguous = f->amb;
	return 0;
}

long dates_find(const char *text, const char *published, const char *language, struct date_mention **out)
{
	struct dtoks tk;
	struct dctx c;
	size_t n = 0, cap = 0, seen = 0;
	int fut = 0, cyr;

	*out = NULL;
	if (!utf8_valid(text) || dtok_cut(text, &tk) < 0)
		return -1;
	classify(&tk);
	context(&c, published, language);
	for (size_t i = 0; i < tk.n; i++) {
		struct dfound f;
		size_t r;

		/* The clause as read up to token i (each token once: the work stays linear). */
		for (; seen < i; seen++) {
			if (ends_clause(&tk, seen))
				fut = 0;
			if (tk.t[seen].kind == DWORD &&
			    ((unsigned char)tk.t[seen].s[0] < 0x80 ? future_en(&tk, seen)
								   : dates_ru_future(&tk, seen)))
				fut = 1;
		}
		if (tk.t[i].kind == DPUNCT) /* no rule starts at a mark */
			continue;
		c.fwd = ends_clause(&tk, i) ? 0 : fut;
		/* A Latin word starts no Russian date, a Cyrillic one no English date. */
		cyr = tk.t[i].kind == DWORD && (unsigned char)tk.t[i].s[0] >= 0x80;
		for (r = 0; !cyr && r < sizeof(rules) / sizeof(rules[0]); r++)
			if (rules[r](&tk, i, &c, &f))
				break;
		if ((cyr || r == sizeof(rules) / sizeof(rules[0])) &&
		    !((tk.t[i].kind != DWORD || cyr) && dates_ru_rule(&tk, i, &c, &f)) &&
		    !year_alone(&tk, i, &c, &f))
			continue;
		if (!stamped(&tk, i, f.last)) {
			if (put(out, &n, &cap, &tk, i, &f) < 0) {
				free(*out);
				free(tk.t);
				*out = NULL;
				return -1;
			}
			c.ly = f.y;
			c.lm = f.m;
			c.ld = f.d;
		}
		i = f.last;
	}
	free(tk.t);
	return (long)n;
}
