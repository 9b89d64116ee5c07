/* The date rules of server/text/dates.c, case by case: each row is a text, the article's
 * publication date, and what is found (the span's text, the value, the precision), in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "text/anchor.h"
#include "text/dates.h"

struct row {
	const char *text, *published;
	const char *want; /* "span=value/precision; ..." in order, or "" for nothing */
};

/* The seed article (published Tuesday 18 November 2025), then every rule. */
static const struct row rows[] = {
	{"Dmitriev met Witkoff on Tuesday.", "2025-11-18", "Tuesday=2025-11-18/day"},
	{"talks held last month in Miami", "2025-11-18", "last month=2025-10/month"},
	{"a plan drafted in late October", "2025-11-18", "late October=2025-10/month"},
	{"as Reuters reported in May", "2025-11-18", "May=2025-05/month"},
	{"since taking office in January", "2025-11-18", "January=2025-01/month"},
	{"freed earlier this year", "2025-11-18", "earlier this year=2025/year"},
	{"detained in March 2023", "2025-11-18", "March 2023=2023-03/month"},
	{"the swap of Aug. 1, 2024, in Ankara", "2025-11-18", "Aug. 1, 2024=2024-08-01/day"},
	{"on August 1 2024", "2025-11-18", "August 1 2024=2024-08-01/day"},
	{"on 1 August 2024", "2025-11-18", "1 August 2024=2024-08-01/day"},
	{"sentenced in 2019 to 16 years", "2025-11-18", "2019=2019/year"},
	{"filed 2024-08-01", "2025-11-18", "2024-08-01=2024-08-01/day"},
	{"since last August", "2025-11-18", "last August=2025-08/month"},
	{"since last August", "2025-08-10", "last August=2024-08/month"},
	{"expected in December", "2025-11-18", "December=2024-12/month"},
	{"arrived on Friday", "2025-11-18", "Friday=2025-11-14/day"},
	{"left last Tuesday", "2025-11-18", "last Tuesday=2025-11-11/day"},
	{"said yesterday and today", "2025-11-18", "yesterday=2025-11-17/day; today=2025-11-18/day"},
	{"on Aug. 1 he flew", "2025-11-18", "Aug. 1=2025-08-01/day"},
	{"on December 5", "2025-11-18", "December 5=2024-12-05/day"},
	{"by 5 December", "2025-11-18", "5 December=2024-12-05/day"},
	{"in mid-March", "2025-11-18", "mid-March=2025-03/month"},
	{"early this month and last year", "2025-11-18", "this month=2025-11/month; last year=2024/year"},
	{"earlier this month", "2025-11-18", "earlier this month=2025-11/month"},
	{"last month", "2025-01-09", "last month=2024-12/month"},
	{"on Sept. 3, 2022 and Sep 4, 2022", "2025-11-18",
	 "Sept. 3, 2022=2022-09-03/day; Sep 4, 2022=2022-09-04/day"},
	/* Leap years, and dates that do not exist. */
	{"on Feb. 29, 2024", "2025-11-18", "Feb. 29, 2024=2024-02-29/day"},
	{"2023-02-29", "2025-11-18", "2023=2023/year"},
	/* What is not a date. */
	{"they may march on", "2025-11-18", ""},
	{"a 16-year sentence, 10,000 rubles, 1,2019", "2025-11-18", ""},
	{"in 1850 and 2150", "2025-11-18", ""},
	/* Without a publication date (or with less than a rule needs), relative dates are left out. */
	{"on Tuesday, in May, last month, in March 2023", NULL, "March 2023=2023-03/month"},
	{"on Tuesday, in May", "2025", ""},
	{"on Tuesday, in May", "2025-11", "May=2025-05/month"},
	/* Code points, not bytes: Cyrillic before. */
	{"Путин said on Tuesday", "2025-11-18", "Tuesday=2025-11-18/day"},
};

static void every_rule_case_by_case(void **state)
{
	(void)state;
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		struct date_mention *m;
		struct buf got = BUF_INIT;
		long n = dates_find(rows[r].text, rows[r].published, &m);

		assert_true(n >= 0);
		for (long i = 0; i < n; i++) {
			if (i)
				buf_puts(&got, "; ");
			assert_int_equal(anchor_slice(&got, rows[r].text, m[i].start, m[i].end), 0);
			buf_printf(&got, "=%s/%s", m[i].value, m[i].precision);
		}
		buf_puts(&got, "");
		if (strcmp(got.data, rows[r].want) != 0)
			fail_msg("\"%s\" (published %s): got \"%s\", want \"%s\"", rows[r].text,
				 rows[r].published ? rows[r].published : "-", got.data, rows[r].want);
		buf_free(&got);
		free(m);
	}
}

static void invalid_utf8_is_refused(void **state)
{
	struct date_mention *m;

	(void)state;
	assert_int_equal(dates_find("in May \xff", "2025-11-18", &m), -1);
	assert_null(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_rule_case_by_case),
		cmocka_unit_test(invalid_utf8_is_refused),
	};

	return cmocka_run_group_tests_name("dates", tests, NULL, NULL);
}
