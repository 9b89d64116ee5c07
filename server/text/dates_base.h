/* What the date rules (dates.c for English and the driver, dates_ru.c for Russian) share: the
 * text cut into tokens, the calendar, and how a date that names no year (or no day) is placed
 * around the publication, backward or forward. Private to dates*.c; dates.h is the module's
 * interface. */
#ifndef SWAPTRACK_DATES_BASE_H
#define SWAPTRACK_DATES_BASE_H

#include <stddef.h>

enum dkind { DWORD, DNUM, DPUNCT };

struct dtok {
	const char *s;     /* its bytes in the text */
	size_t start, end; /* code points, end exclusive */
	unsigned len;      /* bytes (a number's, without an ordinal's suffix) */
	int num;           /* DNUM: its value (at most 9 digits), -1 when longer */
	unsigned char kind;
	unsigned char ord;   /* DNUM: written with "st", "nd", "rd" or "th" ("19th") */
	unsigned char lower; /* DWORD: its first letter is lower case */
	unsigned char gap;   /* white space (or a mark that is no token) stands before it */
	unsigned char brk; /* a clause ends before it: a new line, a quotation mark, ; ! ? or a dash */
	/* A word's month and weekday, found once (dates_classify) so that rules read them without
	 * comparing strings: mon is the month (1-12) | DMON_* << 4, 0 if none; wday the weekday
	 * (1 Monday) | DWDAY_* flags, 0 if none. */
	unsigned char mon, wday;
};

enum { DMON_EN, DMON_EN_ABBR, DMON_RU, DMON_RU_ABBR };
enum { DWDAY_ABBR = 8, DWDAY_RU = 16 };

struct dtoks {
	struct dtok *t;
	size_t n;
};

/* The publication, as far as it is given (0 where not), and how the clause at hand reads. */
struct dctx {
	int y, m, d;
	int fwd;        /* the clause is future or announced: resolve forward */
	int dmy;        /* a numeric date that reads both ways is day first */
	int ly, lm, ld; /* the last date found before (0 where not given), for "the next day" */
};

/* What a rule found: its last token, the date (d 0: month precision; m 0: year), and whether a
 * numeric date read both ways. */
struct dfound {
	size_t last;
	int y, m, d;
	int amb;
};

typedef int (*drule)(const struct dtoks *tk, size_t i, const struct dctx *c, struct dfound *f);

/* Cuts valid UTF-8 text into tokens: words (Latin and Cyrillic letters), numbers and the marks
 * , - . / : as tokens of their own. Returns 0, or -1 when memory ran out (tk->t then NULL). */
int dtok_cut(const char *text, struct dtoks *tk);

/* Token i is the word w (w in lower case; the token's case is ignored, Cyrillic too). */
int dword(const struct dtoks *tk, size_t i, const char *w);
/* Token i is a word that starts with w (lower case, case ignored). */
int dprefix(const struct dtoks *tk, size_t i, const char *w);
/* Token i is the word w exactly, case included. */
int dexact(const struct dtoks *tk, size_t i, const char *w);
/* Token i is the one-byte mark c. */
int dpunct(const struct dtoks *tk, size_t i, char c);
/* Token i is a number of digits_min to digits_max digits between lo and hi. */
int dnum(const struct dtoks *tk, size_t i, unsigned digits_min, unsigned digits_max, int lo, int hi);
/* Token i follows token i - 1 with nothing between ("13/10", "2024-08"). */
int dtight(const struct dtoks *tk, size_t i);
/* The index of the first string of list (NULL-ended) that token i is (dword), or -1. */
int dword_in(const struct dtoks *tk, size_t i, const char *const *list);
/* A count at token i, in digits (1 to 99) or words ("two", "три", "a"); 0 if none. */
int dcount(const struct dtoks *tk, size_t i);

/* The calendar: days since 1970-01-01 and back, the length of a month, a day's weekday
 * (1 Monday .. 7 Sunday). */
long dcal_days(long y, long m, long d);
void dcal_civil(long z, int *y, int *m, int *d);
int dcal_month_days(int y, int m);
int dcal_weekday(long z);

/* The rules' answers, each filling *f and returning 1 (0 when the date does not exist or the
 * publication does not give what is needed). */
int dput_day(struct dfound *f, size_t last, int y, int m, int d);
int dput_month(struct dfound *f, size_t last, int y, int m);
int dput_year(struct dfound *f, size_t last, int y);
/* Day z (days since 1970) */
int dput_days(struct dfound *f, size_t last, long z);
/* The smallest partial date that holds the days z0..z1: a day, a month, else z1's year. */
int dput_span(struct dfound *f, size_t last, long z0, long z1);
/* The week (Monday to Sunday) weeks after the publication's (negative: before). */
int dput_week(const struct dctx *c, struct dfound *f, size_t last, int weeks);
/* The weekend (Saturday and Sunday) of that week: weeks as dput_week. */
int dput_weekend(const struct dctx *c, struct dfound *f, size_t last, int weeks);
/* The weekend a clause means without "last" or "next": the latest on or before the
 * publication, or the first on or after it when the clause is forward. */
int dput_weekend_near(const struct dctx *c, struct dfound *f, size_t last);
/* n units (as dput_units) after the date found before (negative: before it); 0 without one
 * of the precision needed. */
int dput_after_last(const struct dctx *c, struct dfound *f, size_t last, int unit, int n);
/* Month m placed around the publication: the most recent on or before it, or the first on or
 * after it when the clause is forward (strict: not the publication's month itself). */
int dput_month_near(const struct dctx *c, struct dfound *f, size_t last, int m, int strict);
/* Day d of month m placed the same way. */
int dput_day_near(const struct dctx *c, struct dfound *f, size_t last, int m, int d);
/* Weekday w (1 Monday) placed the same way; dir -1 strictly before, +1 strictly after, 0 as
 * the clause reads (the publication's day itself included). */
int dput_weekday(const struct dctx *c, struct dfound *f, size_t last, int w, int dir);
/* Day d of month m in the year, among the publication's and the ones either side, in which it
 * falls on weekday w ("Saturday, February 1"); else as dput_day_near. */
int dput_day_weekday(const struct dctx *c, struct dfound *f, size_t last, int m, int d, int w);
/* The publication's day moved by n days. */
int dput_pub_days(const struct dctx *c, struct dfound *f, size_t last, int n);
/* n units (1 day, 2 week, 3 month, 4 year) after the publication (negative: before). */
int dput_units(const struct dctx *c, struct dfound *f, size_t last, int unit, int n);

#endif
