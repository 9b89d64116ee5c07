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
	const char *text, *published, *language;
	const char *want; /* "span=value/precision; ..." in order ("?" after an ambiguous one), or
			   * "" for nothing */
};

/* The seed article (published Tuesday 18 November 2025), then every rule. */
static const struct row rows[] = {
	{"Dmitriev met Witkoff on Tuesday.", "2025-11-18", "en", "Tuesday=2025-11-18/day"},
	{"talks held last month in Miami", "2025-11-18", "en", "last month=2025-10/month"},
	{"a plan drafted in late October", "2025-11-18", "en", "late October=2025-10/month"},
	{"as Reuters reported in May", "2025-11-18", "en", "May=2025-05/month"},
	{"since taking office in January", "2025-11-18", "en", "January=2025-01/month"},
	{"freed earlier this year", "2025-11-18", "en", "earlier this year=2025/year"},
	{"detained in March 2023", "2025-11-18", "en", "March 2023=2023-03/month"},
	{"the swap of Aug. 1, 2024, in Ankara", "2025-11-18", "en", "Aug. 1, 2024=2024-08-01/day"},
	{"on August 1 2024", "2025-11-18", "en", "August 1 2024=2024-08-01/day"},
	{"on 1 August 2024", "2025-11-18", "en", "1 August 2024=2024-08-01/day"},
	{"sentenced in 2019 to 16 years", "2025-11-18", "en", "2019=2019/year"},
	{"filed 2024-08-01", "2025-11-18", "en", "2024-08-01=2024-08-01/day"},
	{"since last August", "2025-11-18", "en", "last August=2025-08/month"},
	{"since last August", "2025-08-10", "en", "last August=2024-08/month"},
	/* "expected" marks an announced clause (contract v1.2): forward, no longer the December
	 * before publication. */
	{"expected in December", "2025-11-18", "en", "December=2025-12/month"},
	{"detained in December", "2025-11-18", "en", "December=2024-12/month"},
	{"arrived on Friday", "2025-11-18", "en", "Friday=2025-11-14/day"},
	{"left last Tuesday", "2025-11-18", "en", "last Tuesday=2025-11-11/day"},
	{"said yesterday and today", "2025-11-18", "en", "yesterday=2025-11-17/day; today=2025-11-18/day"},
	{"on Aug. 1 he flew", "2025-11-18", "en", "Aug. 1=2025-08-01/day"},
	{"on December 5", "2025-11-18", "en", "December 5=2024-12-05/day"},
	{"by 5 December", "2025-11-18", "en", "5 December=2024-12-05/day"},
	{"in mid-March", "2025-11-18", "en", "mid-March=2025-03/month"},
	{"early this month and last year", "2025-11-18", "en",
	 "this month=2025-11/month; last year=2024/year"},
	{"earlier this month", "2025-11-18", "en", "earlier this month=2025-11/month"},
	{"last month", "2025-01-09", "en", "last month=2024-12/month"},
	{"on Sept. 3, 2022 and Sep 4, 2022", "2025-11-18", "en",
	 "Sept. 3, 2022=2022-09-03/day; Sep 4, 2022=2022-09-04/day"},
	/* v1.2: forward in a future or announced clause, backward otherwise (published Saturday
	 * 24 May 2025). */
	{"a further stage was expected on Sunday", "2025-05-24", "en", "Sunday=2025-05-25/day"},
	{"next stage expected Sunday", "2025-05-24", "en", "Sunday=2025-05-25/day"},
	{"four more will be released on Saturday", "2025-05-19", "en", "Saturday=2025-05-24/day"},
	{"the two are to be buried on Thursday", "2025-05-21", "en", "Thursday=2025-05-22/day"},
	{"the phase is due to end on March 1", "2025-02-28", "en", "March 1=2025-03-01/day"},
	{"talks scheduled for June 20", "2025-06-02", "en", "June 20=2025-06-20/day"},
	{"the exchange is set to take place on Friday", "2025-05-24", "en", "Friday=2025-05-30/day"},
	{"Israel had been due to release them on Saturday", "2025-02-28", "en", "Saturday=2025-02-22/day"},
	{"delayed due to the war on Friday", "2025-05-24", "en", "Friday=2025-05-23/day"},
	{"he will go, officials said on Friday", "2025-05-24", "en", "Friday=2025-05-23/day"},
	{"Zelensky said on Friday that more will follow", "2025-05-24", "en", "Friday=2025-05-23/day"},
	{"Mr. Regev will be buried on Thursday", "2025-05-21", "en", "Thursday=2025-05-22/day"},
	{"\"It will end.\" They met on Friday", "2025-05-24", "en", "Friday=2025-05-23/day"},
	{"it would be larger than the one agreed on May 16", "2025-06-02", "en", "May 16=2025-05-16/day"},
	/* Weeks and other phrases no partial date holds: the smallest one that holds them. */
	{"visited last week", "2025-08-14", "en", "last week=2025-08/month"},
	{"visited last week", "2025-08-06", "en", "last week=2025/year"},
	{"will hand over bodies next week", "2025-06-02", "en", "next week=2025-06/month"},
	{"to be released later this week", "2025-02-11", "en", "later this week=2025-02/month"},
	{"two weeks ago", "2025-06-18", "en", "two weeks ago=2025-06/month"},
	{"three years ago and a year ago", "2025-06-18", "en",
	 "three years ago=2022/year; a year ago=2024/year"},
	{"in two months", "2025-11-18", "en", "in two months=2026-01/month"},
	{"5 days ago", "2025-03-02", "en", "5 days ago=2025-02-25/day"},
	{"next month and next year", "2025-12-02", "en", "next month=2026-01/month; next year=2026/year"},
	{"last summer and next spring", "2025-11-18", "en",
	 "last summer=2025/year; next spring=2026/year"},
	{"last weekend; this weekend", "2025-06-11", "en",
	 "last weekend=2025-06/month; this weekend=2025-06/month"},
	{"over the weekend", "2025-06-09", "en", "the weekend=2025-06/month"},
	{"talks in the coming days", "2025-05-23", "en", ""},
	{"freed on May 2. Two days later, and a year earlier", "2025-06-02", "en",
	 "May 2=2025-05-02/day; Two days later=2025-05-04/day; a year earlier=2024/year"},
	{"in March of 2023 and 2014-2016", "2025-06-02", "en",
	 "March of 2023=2023-03/month; 2014=2014/year; 2016=2016/year"},
	/* Day words, with what qualifies them. */
	{"tonight, early yesterday, tomorrow", "2025-03-01", "en",
	 "tonight=2025-03-01/day; early yesterday=2025-02-28/day; tomorrow=2025-03-02/day"},
	{"this morning and last night", "2008-07-16", "en",
	 "this morning=2008-07-16/day; last night=2008-07-15/day"},
	{"next Saturday", "2025-01-19", "en", "next Saturday=2025-01-25/day"},
	{"on Saturday and Sunday", "2025-05-26", "en", "Saturday=2025-05-24/day; Sunday=2025-05-25/day"},
	/* Told from the date before. */
	{"freed on Jan. 3. The previous day, talks", "2024-01-31", "en",
	 "Jan. 3=2024-01-03/day; The previous day=2024-01-02/day"},
	{"signed the day before", "2024-01-31", "en", "the day before=2024-01-30/day"},
	{"arrested in 2020 and extradited the following year", "2023-12-20", "en",
	 "2020=2020/year; the following year=2021/year"},
	/* English forms seen in real reporting. */
	{"ABU DHABI, 19th March, 2025 (WAM)", "2025-03-19", "en-GB", "19th March, 2025=2025-03-19/day"},
	{"completed on 5th February", "2025-03-19", "en-GB", "5th February=2025-02-05/day"},
	{"on 21 Jun 2025 and 19 Sep, 2022", "2025-11-18", "en-GB",
	 "21 Jun 2025=2025-06-21/day; 19 Sep, 2022=2022-09-19/day"},
	{"Friday, July 9, 2010", "2010-07-12", "en", "Friday, July 9, 2010=2010-07-09/day"},
	{"due on Saturday 15 February", "2025-02-08", "en-GB", "Saturday 15 February=2025-02-15/day"},
	{"released on Saturday, February 1", "2025-02-08", "en", "Saturday, February 1=2025-02-01/day"},
	{"as far back as 2014, 2016 and 2017", "2025-08-14", "en",
	 "2014=2014/year; 2016=2016/year; 2017=2017/year"},
	/* Numeric dates: one that reads both ways follows the language and says so. */
	{"on Monday (13/10/2025)", "2025-10-13", "en-GB",
	 "Monday=2025-10-13/day; 13/10/2025=2025-10-13/day"},
	{"signed on 9/10/2025", "2025-10-13", "en-GB", "9/10/2025=2025-10-09/day?"},
	{"signed on 9/10/2025", "2025-10-13", "en-US", "9/10/2025=2025-09-10/day?"},
	{"signed on 9/10/2025", "2025-10-13", "en", "9/10/2025=2025-09-10/day?"},
	{"signed on 01/08/2024", "2025-10-13", "ru", "01/08/2024=2024-08-01/day?"},
	{"signed on 01/08/2024", "2025-10-13", NULL, "01/08/2024=2024-08-01/day?"},
	{"on 13.10.2025 and 05.05.2025", "2025-10-13", "en",
	 "13.10.2025=2025-10-13/day; "
	 "05.05.2025=2025-05-05/day"},
	{"version 1.2.3.2025, 12/31/2025", "2025-10-13", "en-GB", "12/31/2025=2025-12-31/day"},
	/* A page's time stamp is no date of the article. */
	{"Updated on: Oct 13, 2025 04:25 pm IST", "2025-10-13", "en", ""},
	{"Wed 19-03-2025 21:40 PM", "2025-03-19", "en-GB", ""},
	{"Политика, 21 июн, 19:40", "2025-06-21", "ru", ""},
	{"(обновлено: 16:10 23.05.2025)", "2025-05-23", "ru", ""},
	{"Orlov |02.06.2025 - Update : 02.06.2025", "2025-06-02", "en", "02.06.2025=2025-02-06/day?"},
	{"Published: Thu 14 Aug 2025", "2025-08-14", "en-GB", ""},
	/* Russian (published Friday 23 May 2025). */
	{"МОСКВА, 23 мая — РИА Новости", "2025-05-23", "ru", "23 мая=2025-05-23/day"},
	{"7 октября 2023 года и 3 января прошлого года", "2025-05-23", "ru",
	 "7 октября 2023 года=2023-10-07/day; 3 января прошлого года=2024-01-03/day"},
	{"в пятницу, в четверг и во вторник", "2025-05-23", "ru",
	 "в пятницу=2025-05-23/day; в четверг=2025-05-22/day; во вторник=2025-05-20/day"},
	{"этапы пройдут в субботу и воскресенье", "2025-05-23", "ru",
	 "в субботу=2025-05-24/day; воскресенье=2025-05-25/day"},
	{"обмен состоится в понедельник", "2025-05-23", "ru", "в понедельник=2025-05-26/day"},
	{"в мае, в мае 2024 года, в июне", "2025-05-23", "ru",
	 "в мае=2025-05/month; в мае 2024 года=2024-05/month; в июне=2024-06/month"},
	{"в 2022 году и с 2022 года", "2025-05-23", "ru", "в 2022 году=2022/year; 2022 года=2022/year"},
	{"в прошлом году, в этом году, в прошлом месяце", "2025-05-23", "ru",
	 "в прошлом году=2024/year; в этом году=2025/year; в прошлом месяце=2025-04/month"},
	{"на прошлой неделе", "2025-05-23", "ru", "на прошлой неделе=2025-05/month"},
	{"вчера, сегодня, завтра, накануне", "2025-05-23", "ru",
	 "вчера=2025-05-22/day; сегодня=2025-05-23/day; завтра=2025-05-24/day; "
	 "накануне=2025-05-22/day"},
	{"Сегодня наши люди дома", "2025-05-23", "ru", "Сегодня=2025-05-23/day"},
	{"13.10.2025", "2025-10-23", "ru", "13.10.2025=2025-10-13/day"},
	{"в середине февраля, в начале года, в конце июня", "2025-05-23", "ru",
	 "в середине февраля=2025-02/month; в начале года=2025/year; в конце июня=2024-06/month"},
	{"продолжение последует в ближайшие дни", "2025-05-23", "ru", "в ближайшие дни=2025-05/month"},
	{"три года назад", "2025-05-23", "ru", "три года назад=2022/year"},
	{"вступило в силу 19 января. В тот же день", "2025-01-25", "ru",
	 "19 января=2025-01-19/day; В тот же день=2025-01-19/day"},
	{"ранее в этом году; с лета", "2025-10-23", "ru", "ранее в этом году=2025/year; с лета=2025/year"},
	{"Мая Санду и Пятница", "2025-05-23", "ru", ""},
	{"на выходных; в прошлые выходные; этим летом; полгода назад", "2025-06-11", "ru",
	 "на выходных=2025-06/month; в прошлые выходные=2025-06/month; этим летом=2025/year; "
	 "полгода назад=2024-12/month"},
	/* Leap years, and dates that do not exist. */
	{"on Feb. 29, 2024", "2025-11-18", "en", "Feb. 29, 2024=2024-02-29/day"},
	{"2023-02-29", "2025-11-18", "en", "2023=2023/year"},
	/* What is not a date. */
	{"they may march on", "2025-11-18", "en", ""},
	{"a 16-year sentence, 10,000 rubles, 1,2019", "2025-11-18", "en", ""},
	{"in 1850 and 2150", "2025-11-18", "en", ""},
	{"about 1900 prisoners, около 1900 заключенных", "2025-11-18", "ru", ""},
	/* Without a publication date (or with less than a rule needs), relative dates are left out. */
	{"on Tuesday, in May, last month, in March 2023", NULL, "en", "March 2023=2023-03/month"},
	{"on Tuesday, in May", "2025", "en", ""},
	{"on Tuesday, in May", "2025-11", "en", "May=2025-05/month"},
	/* Code points, not bytes: Cyrillic before. */
	{"Путин said on Tuesday", "2025-11-18", "en", "Tuesday=2025-11-18/day"},
};

static void every_rule_case_by_case(void **state)
{
	int wrong = 0; /* every row is tried, and every wrong one printed */

	(void)state;
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		struct date_mention *m;
		struct buf got = BUF_INIT;
		long n = dates_find(rows[r].text, rows[r].published, rows[r].language, &m);

		assert_true(n >= 0);
		for (long i = 0; i < n; i++) {
			if (i)
				buf_puts(&got, "; ");
			assert_int_equal(anchor_slice(&got, rows[r].text, m[i].start, m[i].end), 0);
			buf_printf(&got, "=%s/%s%s", m[i].value, m[i].precision,
				   m[i].ambiguous ? "?" : "");
		}
		buf_puts(&got, "");
		if (strcmp(got.data, rows[r].want) != 0) {
			print_error("\"%s\" (published %s, %s): got \"%s\", want \"%s\"\n",
				    rows[r].text, rows[r].published ? rows[r].published : "-",
				    rows[r].language ? rows[r].language : "-", got.data, rows[r].want);
			wrong++;
		}
		buf_free(&got);
		free(m);
	}
	assert_int_equal(wrong, 0);
}

static void invalid_utf8_is_refused(void **state)
{
	struct date_mention *m;

	(void)state;
	assert_int_equal(dates_find("in May \xff", "2025-11-18", NULL, &m), -1);
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
