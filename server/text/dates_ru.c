/* The Russian date rules (dates_ru.h). Russian writes month and weekday names in lower case, so
 * only lower-case ones count (Мая the name is no month); a preposition before a date («в
 * пятницу», «во вторник», «на прошлой неделе») is part of its span. */
#include "text/dates_ru.h"

#include <stddef.h>

/* Each month's nominative, genitive and prepositional, then its abbreviations (that count only
 * after a day: «21 июн»). */
static const char *const month_forms[12][6] = {
	{"январь", "января", "январе", "янв", NULL, NULL},
	{"февраль", "февраля", "феврале", "фев", "февр", NULL},
	{"март", "марта", "марте", "мар", NULL, NULL},
	{"апрель", "апреля", "апреле", "апр", NULL, NULL},
	{"май", "мая", "мае", NULL, NULL, NULL},
	{"июнь", "июня", "июне", "июн", NULL, NULL},
	{"июль", "июля", "июле", "июл", NULL, NULL},
	{"август", "августа", "августе", "авг", NULL, NULL},
	{"сентябрь", "сентября", "сентябре", "сен", "сент", NULL},
	{"октябрь", "октября", "октябре", "окт", NULL, NULL},
	{"ноябрь", "ноября", "ноябре", "ноя", "нояб", NULL},
	{"декабрь", "декабря", "декабре", "дек", NULL, NULL},
};

/* Weekdays in the accusative («в пятницу»), nominative and genitive («до пятницы»). */
static const char *const weekday_forms[7][3] = {
	{"понедельник", "понедельника", NULL}, {"вторник", "вторника", NULL},
	{"среду", "среда", "среды"},           {"четверг", "четверга", NULL},
	{"пятницу", "пятница", "пятницы"},     {"субботу", "суббота", "субботы"},
	{"воскресенье", "воскресенья", NULL},
};

void dates_ru_classify(struct dtoks *tk)
{
	for (size_t i = 0; i < tk->n; i++) {
		struct dtok *t = &tk->t[i];

		/* Lower-case Cyrillic words only, at most «воскресенье»'s 22 bytes. */
		if (t->kind != DWORD || !t->lower || (unsigned char)t->s[0] < 0x80 || t->len > 22)
			continue;
		for (int m = 0; m < 12 && !t->mon; m++)
			for (int k = 0; k < 6 && month_forms[m][k] && !t->mon; k++)
				if (dword(tk, i, month_forms[m][k]))
					t->mon = (unsigned char)((m + 1) |
								 (k < 3 ? DMON_RU : DMON_RU_ABBR) << 4);
		for (int w = 0; w < 7 && !t->wday; w++)
			for (int k = 0; k < 3 && weekday_forms[w][k] && !t->wday; k++)
				if (dword(tk, i, weekday_forms[w][k]))
					t->wday = (unsigned char)((w + 1) | DWDAY_RU);
	}
}

/* A month at token i (1-12), its last token in *last; abbreviations only when abbr. */
static int month_at(const struct dtoks *tk, size_t i, int abbr, size_t *last)
{
	int kind;

	if (i >= tk->n || !tk->t[i].mon)
		return 0;
	kind = tk->t[i].mon >> 4;
	if (kind != DMON_RU && !(kind == DMON_RU_ABBR && abbr))
		return 0;
	*last = kind == DMON_RU_ABBR && dpunct(tk, i + 1, '.') ? i + 1 : i;
	return tk->t[i].mon & 15;
}

static int weekday_at(const struct dtoks *tk, size_t i)
{
	return i < tk->n && (tk->t[i].wday & DWDAY_RU) ? tk->t[i].wday & 7 : 0;
}

/* "в", "во", "на": a preposition the span takes in. */
static size_t after_preposition(const struct dtoks *tk, size_t i)
{
	return i + (dword(tk, i, "в") || dword(tk, i, "во") || dword(tk, i, "на"));
}

/* A year at token i, with «года», «году», «год», «г.» after it taken in; its last token in *last. */
static int year_at(const struct dtoks *tk, size_t i, size_t *last)
{
	if (!dnum(tk, i, 4, 4, 1000, 2999))
		return 0;
	*last = i;
	if (dword(tk, i + 1, "года") || dword(tk, i + 1, "году") || dword(tk, i + 1, "год"))
		*last = i + 1;
	else if (dword(tk, i + 1, "г"))
		*last = i + 1 + dpunct(tk, i + 2, '.');
	return tk->t[i].num;
}

/* An adjective of time at token i: -2 «позапрошлый», -1 «прошлый», 0 «этот», «текущий», «нынешний»,
 * 1 «следующий», «будущий»; 9 when none. */
static int shift_at(const struct dtoks *tk, size_t i)
{
	if (dprefix(tk, i, "позапрошл"))
		return -2;
	if (dprefix(tk, i, "прошл") || dprefix(tk, i, "минувш"))
		return -1;
	if (dword(tk, i, "этом") || dword(tk, i, "этого") || dword(tk, i, "этой") ||
	    dword(tk, i, "эту") || dword(tk, i, "этим") || dword(tk, i, "этот") || dword(tk, i, "эти") ||
	    dword(tk, i, "этих") || dprefix(tk, i, "текущ") || dprefix(tk, i, "нынешн"))
		return 0;
	if (dprefix(tk, i, "следующ") || dprefix(tk, i, "будущ"))
		return 1;
	return 9;
}

/* The unit a word names (1 day, 2 week, 3 month, 4 year) in any case; 0 if none. */
static int unit_at(const struct dtoks *tk, size_t i)
{
	static const char *const units[][5] = {
		{"день", "дня", "дней", "дню", NULL},
		{"неделю", "недели", "недель", "неделе", "неделя"},
		{"месяц", "месяца", "месяцев", "месяце", NULL},
		{"год", "года", "лет", "году", NULL},
	};

	for (int u = 0; u < 4; u++)
		for (int k = 0; k < 5 && units[u][k]; k++)
			if (dword(tk, i, units[u][k]))
				return u + 1;
	return 0;
}

/* «23 мая», «23 мая 2025 года», «3 января прошлого года», «21 июн». */
static int day_month(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	size_t e, ye;
	int m = dnum(tk, i, 1, 2, 1, 31) ? month_at(tk, i + 1, 1, &e) : 0, y, s;

	if (!m)
		return 0;
	if ((y = year_at(tk, e + 1, &ye)))
		return dput_day(f, ye, y, m, tk->t[i].num);
	if ((s = shift_at(tk, e + 1)) != 9 && dword(tk, e + 2, "года"))
		return c->y && dput_day(f, e + 2, c->y + s, m, tk->t[i].num);
	return dput_day_near(c, f, e, m, tk->t[i].num);
}

/* «в мае», «в мае 2024 года», «с июня»; «в середине февраля», «в начале года», «в конце июня»,
 * «в конце прошлого года», «в начале 2024 года». */
static int month_or_part(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	size_t at = after_preposition(tk, i), e, ye;
	int m, y, s;

	if (dword(tk, at, "середине") || dword(tk, at, "начале") || dword(tk, at, "конце") ||
	    dword(tk, at, "середины") || dword(tk, at, "начала") || dword(tk, at, "конца")) {
		at++;
		if ((y = year_at(tk, at, &ye)) && ye > at)
			return dput_year(f, ye, y);
		if (dword(tk, at, "года"))
			return c->y && dput_year(f, at, c->y);
		if ((s = shift_at(tk, at)) != 9 && dword(tk, at + 1, "года"))
			return c->y && dput_year(f, at + 1, c->y + s);
	}
	if (!(m = month_at(tk, at, 0, &e)))
		return 0;
	if ((y = year_at(tk, e + 1, &ye)))
		return dput_month(f, ye, y, m);
	if ((s = shift_at(tk, e + 1)) != 9 && dword(tk, e + 2, "года"))
		return c->y && dput_month(f, e + 2, c->y + s, m);
	return dput_month_near(c, f, e, m, 0);
}

/* «в 2022 году», «с 2022 года», «2020 г.»: a year with its word (a year alone is the English
 * rule's). */
static int year_word(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	size_t at = after_preposition(tk, i), ye;
	int y = year_at(tk, at, &ye);

	(void)c;
	return y && ye > at && dput_year(f, ye, y);
}

/* «в пятницу», «во вторник», «в прошлую пятницу», «в следующую субботу», «воскресенье». */
static int weekday(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	size_t at = after_preposition(tk, i);
	int s = shift_at(tk, at), w;

	if (s == -1 || s == 1 || s == 0)
		at++;
	if (!(w = weekday_at(tk, at)))
		return 0;
	return dput_weekday(c, f, at, w, s == -1 || s == 1 ? s : 0);
}

/* «вчера», «сегодня», «завтра», «позавчера», «послезавтра», «накануне» (the day before the
 * publication); «в тот же день», «в этот же день» (the date before it, else the publication's). */
static int day_word(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	static const char *const words[] = {"позавчера", "вчера",       "накануне", "сегодня",
					    "завтра",    "послезавтра", NULL};
	static const int shift[] = {-2, -1, -1, 0, 1, 2};
	size_t at = after_preposition(tk, i);
	int k = dword_in(tk, i, words);

	if (k >= 0)
		return dput_pub_days(c, f, i, shift[k]);
	if ((dword(tk, at, "тот") || dword(tk, at, "этот")) && dword(tk, at + 1, "же") &&
	    dword(tk, at + 2, "день"))
		return c->ld ? dput_days(f, at + 2, dcal_days(c->ly, c->lm, c->ld))
			     : dput_pub_days(c, f, at + 2, 0);
	return 0;
}

/* «в прошлом году», «в этом году», «ранее в этом году», «в прошлом месяце», «на прошлой неделе»,
 * «на следующей неделе», «прошлого года». */
static int relative_unit(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	size_t at = i + (dword(tk, i, "ранее") || dword(tk, i, "позднее") || dword(tk, i, "позже"));
	int s, u;

	at = after_preposition(tk, at);
	if ((s = shift_at(tk, at)) == 9 || !(u = unit_at(tk, at + 1)) || u == 1)
		return 0;
	if (at == i && !dword(tk, at + 1, "года") && !dword(tk, at + 1, "месяца") &&
	    !dword(tk, at + 1, "недели"))
		return 0; /* without a preposition, only the genitive: «с прошлого года» */
	return dput_units(c, f, at + 1, u, s);
}

/* «три года назад», «неделю назад», «полгода назад»; «через два месяца» (forward). */
static int counted(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	int n = dcount(tk, i), u;

	if (n && (u = unit_at(tk, i + 1)) && dword(tk, i + 2, "назад"))
		return dput_units(c, f, i + 2, u, -n);
	if ((u = unit_at(tk, i)) && dword(tk, i + 1, "назад"))
		return dput_units(c, f, i + 1, u, -1);
	if (dword(tk, i, "через") && (n = dcount(tk, i + 1)) && (u = unit_at(tk, i + 2)))
		return dput_units(c, f, i + 2, u, n);
	if (dword(tk, i, "через") && (u = unit_at(tk, i + 1)))
		return dput_units(c, f, i + 1, u, 1);
	if (dword(tk, i, "полгода") && dword(tk, i + 1, "назад"))
		return dput_units(c, f, i + 1, 3, -6);
	if (dword(tk, i, "через") && dword(tk, i + 1, "полгода"))
		return dput_units(c, f, i + 1, 3, 6);
	return 0;
}

/* «на выходных», «в выходные» (the latest weekend, or the next one in a future clause), «в
 * прошлые выходные», «в минувшие выходные», «в эти выходные», «на следующих выходных». */
static int weekend(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	size_t at = after_preposition(tk, i);
	int s = shift_at(tk, at);

	if (at == i)
		return 0;
	if (s != 9)
		at++;
	if (!dword(tk, at, "выходных") && !dword(tk, at, "выходные"))
		return 0;
	return s == 9 ? dput_weekend_near(c, f, at) : dput_weekend(c, f, at, s < -1 ? -1 : s);
}

/* «в ближайшие дни» (the week after the publication), «в ближайшие недели» (three weeks), as the
 * smallest partial date that holds them. */
static int coming_days(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	size_t at = after_preposition(tk, i);
	long z;

	if (!dword(tk, at, "ближайшие") || !c->d)
		return 0;
	z = dcal_days(c->y, c->m, c->d);
	if (dword(tk, at + 1, "дни"))
		return dput_span(f, at + 1, z + 1, z + 7);
	if (dword(tk, at + 1, "недели"))
		return dput_span(f, at + 1, z + 1, z + 21);
	return 0;
}

/* «летом», «с лета», «весной», «прошлым летом», «этой осенью»: the year that holds the season
 * (winter, which spans two, is left out). */
static int season(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	static const char *const forms[3][4] = {
		{"весна", "весны", "весной", "весне"},
		{"лето", "лета", "летом", "лете"},
		{"осень", "осени", "осенью", NULL},
	};
	static const int first[] = {3, 6, 9}, end[] = {5, 8, 11};
	size_t at = i + (dword(tk, i, "с") || dword(tk, i, "до") || dword(tk, i, "к"));
	int s = shift_at(tk, at), z = -1, y, k;
	size_t ye;

	if (s != 9)
		at++;
	for (int k = 0; k < 3 && z < 0; k++)
		for (int j = 0; j < 4 && forms[k][j]; j++)
			if (dword(tk, at, forms[k][j]) && tk->t[at].lower)
				z = k;
	if (z < 0 || !c->m)
		return 0;
	if ((y = year_at(tk, at + 1, &ye)))
		return dput_year(f, ye, y);
	if ((k = shift_at(tk, at + 1)) != 9 && dword(tk, at + 2, "года"))
		return dput_year(f, at + 2, c->y + k);
	if (s == -1)
		return dput_year(f, at, c->m > end[z] ? c->y : c->y - 1);
	if (s == 1)
		return dput_year(f, at, c->m < first[z] ? c->y : c->y + 1);
	if (s == 0)
		return dput_year(f, at, c->y);
	if (c->fwd)
		return dput_year(f, at, c->m <= end[z] ? c->y : c->y + 1);
	return dput_year(f, at, c->m >= first[z] ? c->y : c->y - 1);
}

int dates_ru_rule(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f)
{
	static const drule rules[] = {day_month,     month_or_part, year_word,   weekday, day_word,
				      relative_unit, counted,       coming_days, weekend, season};
	/* A number starts only these: «23 мая», «2022 году», «3 года назад». */
	static const drule numbered[] = {day_month, year_word, counted};
	const drule *try = rules;
	size_t n = sizeof(rules) / sizeof(rules[0]);

	if (i >= tk->n)
		return 0;
	if (tk->t[i].kind == DNUM) {
		try = numbered;
		n = sizeof(numbered) / sizeof(numbered[0]);
	}
	for (size_t r = 0; r < n; r++)
		if (try[r](tk, i, c, f))
			return 1;
	return 0;
}

int dates_ru_future(const struct dtoks *tk, size_t i)
{
	static const char *const words[] = {
		"будет",       "будут",       "будем",       "состоится",  "состоятся",  "пройдет",
		"пройдёт",     "пройдут",     "последует",   "последуют",  "ожидается",  "ожидаются",
		"планируется", "планируются", "предстоит",   "предстоят",  "начнется",   "начнётся",
		"начнутся",    "продолжится", "продолжатся", "завершится", "завершится", "вернутся",
		"вернется",    "вернётся",    "освободят",   "передадут",  "обменяют",   "обменяются",
		"проведут",    "планирует",   "планируют",   "намерены",   "намерен",    "намерена",
		"собираются",  "собирается",  NULL,
	};

	return dword_in(tk, i, words) >= 0 || dprefix(tk, i, "запланирован") ||
	       dprefix(tk, i, "намечен") || dprefix(tk, i, "назначен") || dprefix(tk, i, "предстоящ") ||
	       dprefix(tk, i, "следующ");
}
