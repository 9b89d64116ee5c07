/* Non-state parties and counts of people released (server/text/parties.c, counts.c), rule by
 * rule: each row is a text and what is found, "words=code" for each party and "words=count
 * category by>to" for each count (a missing side as "-", "~" before an approximate count). */
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
#include "text/counts.h"
#include "text/parties.h"
#include "text/places.h"

static char *parties(const char *text, const struct party_name *live, size_t nlive)
{
	struct party_mention *m;
	struct buf b = BUF_INIT;
	long n = parties_find(text, NULL, 0, live, nlive, &m);

	assert_true(n >= 0);
	for (long i = 0; i < n; i++) {
		buf_puts(&b, i ? "; " : "");
		anchor_slice(&b, text, m[i].start, m[i].end);
		buf_printf(&b, "=%s", m[i].code);
	}
	buf_puts(&b, "");
	free(m);
	return buf_steal(&b);
}

static void expect_parties(const char *text, const char *want)
{
	char *got = parties(text, NULL, 0);

	if (strcmp(got, want))
		fail_msg("\"%s\": got \"%s\", want \"%s\"", text, got, want);
	free(got);
}

static void parties_by_name_in_english_and_russian(void **state)
{
	(void)state;
	expect_parties("Hamas freed three hostages to the Red Cross.", "Hamas=hamas; Red Cross=icrc");
	expect_parties("the International Committee of the Red Cross (ICRC)",
		       "International Committee of the Red Cross=icrc; ICRC=icrc");
	expect_parties("the Taliban and the Islamic Emirate; Hezbollah, Islamic Jihad",
		       "Taliban=taliban; Islamic Emirate=taliban; Hezbollah=hezbollah; Islamic Jihad=pij");
	expect_parties("Palestinian Islamic Jihad, not Islamic State", /* the longest name wins */
		       "Palestinian Islamic Jihad=pij; Islamic State=isis");
	expect_parties("ХАМАС передал заложников Красному Кресту, движение «Хезболлах», талибы",
		       "ХАМАС=hamas; Красному Кресту=icrc; Хезболлах=hezbollah; талибы=taliban");
	expect_parties("Hamasi, Talibanistan, Redcross", ""); /* whole words only */
}

static void live_parties_by_their_names(void **state)
{
	const struct party_name live[] = {{"Azov Brigade", "azov"}, {"Hamas", "hamas-movement"}};
	char *got = parties("The Azov Brigade and Hamas", live, 2);
	struct party_mention *m;

	(void)state;
	/* A live party's name wins over the table's, with the live code. */
	assert_string_equal(got, "Azov Brigade=azov; Hamas=hamas-movement");
	free(got);
	assert_int_equal(parties_find("Azov Brigade", NULL, 0, live, 2, &m), 1);
	assert_int_equal(m[0].live, 0);
	free(m);
	assert_int_equal(parties_find("Hamas", NULL, 0, NULL, 0, &m), 1);
	assert_int_equal(m[0].live, -1);
	free(m);
	assert_int_equal(parties_find("bad \xff", NULL, 0, NULL, 0, &m), -1);
}

/* The counts of text, with the countries places.c finds and the table's parties as sides. */
static char *counts(const char *text)
{
	struct place_mention *pm;
	struct party_mention *pa;
	struct side_mention *sides;
	struct count_mention *c;
	struct buf b = BUF_INIT;
	long np = places_find(text, &pm), npa = parties_find(text, NULL, 0, NULL, 0, &pa), n;
	size_t ns = 0;

	assert_true(np >= 0 && npa >= 0);
	sides = calloc((size_t)(np + npa + 1), sizeof(*sides));
	for (long i = 0, j = 0; i < np || j < npa;)
		if (j >= npa || (i < np && pm[i].start < pa[j].start))
			sides[ns++] = (struct side_mention){pm[i].start, pm[i].end, pm[i].code}, i++;
		else
			sides[ns++] = (struct side_mention){pa[j].start, pa[j].end, pa[j].code}, j++;
	n = counts_find(text, NULL, 0, sides, ns, &c);
	assert_true(n >= 0);
	for (long i = 0; i < n; i++) {
		buf_puts(&b, i ? "; " : "");
		anchor_slice(&b, text, c[i].start, c[i].end);
		buf_printf(&b, "=%s%ld %s %s>%s%s", c[i].approximate ? "~" : "", c[i].count,
			   c[i].category, c[i].released_by ?: "-", c[i].released_to ?: "-",
			   c[i].future ? " (announced)" : "");
	}
	buf_puts(&b, "");
	free(pm);
	free(pa);
	free(sides);
	free(c);
	return buf_steal(&b);
}

static void expect(const char *text, const char *want)
{
	char *got = counts(text);

	if (strcmp(got, want))
		fail_msg("\"%s\":\n got \"%s\"\nwant \"%s\"", text, got, want);
	free(got);
}

static void counts_with_category_and_sides(void **state)
{
	(void)state;
	/* A demonym says whose they are; the other of the two main sides released them. */
	expect("Russia and Ukraine swapped prisoners. Russia returned 390 Ukrainian defenders.",
	       "390=390 prisoners_of_war RU>UA");
	/* The bodies of, approximate, a side that acts before the count. */
	expect("Ukraine and Russia traded bodies. Russia handed over the bodies of about 1,200 "
	       "Ukrainian soldiers.",
	       "about 1,200=~1200 remains RU>UA");
	expect("Israel and Hamas: Hamas freed three hostages on Sunday, and Israel released 90 "
	       "Palestinian prisoners.",
	       "three=3 hostages hamas>IL; 90=90 detainees IL>PS");
	/* "1,000 for 1,000": one count each way; "agreed to" announces it. */
	expect("Ukraine and Russia agreed to exchange 1,000 for 1,000 prisoners of war.",
	       "1,000=1000 prisoners_of_war UA>RU (announced); 1,000=1000 prisoners_of_war RU>UA "
	       "(announced)");
	/* The demonym as the noun, people of no category detainees outside a war; a count with
	 * no side of its own takes the one before it. */
	expect("Russia released three Americans. The group included two journalists and one "
	       "civilian.",
	       "three=3 detainees RU>US; two=2 detainees RU>US; one=1 civilians RU>US");
	/* Announced, and Russian: stems, number words, group separators. */
	expect("Россия и Украина договорились. В пятницу будут переданы 390 украинских "
	       "военнопленных и 1 000 тел.",
	       "390=390 prisoners_of_war RU>UA (announced); 1 000=1000 remains RU>UA (announced)");
	expect("Украина вернула из плена 207 защитников, сообщил Зеленский. Россия тоже.",
	       "207=207 prisoners_of_war RU>UA");
}

static void sides_as_a_reader_takes_them(void **state)
{
	(void)state;
	/* A mediator is no side: the other of Russia and Ukraine releases. */
	expect("UAE mediation frees captives. The UAE said 175 Ukrainian captives were set free by "
	       "Russia and Ukraine.",
	       "175=175 prisoners_of_war RU>UA");
	/* Who receives: "brought home", "received", «вернула ... своих», «в Россию». */
	expect("Russia and Ukraine swapped. Ukraine received 307 servicemen.",
	       "307=307 prisoners_of_war RU>UA");
	expect("Россия и Украина провели обмен. Россия вернула 390 своих граждан.",
	       "390=390 other UA>RU");
	expect("Россия и Украина провели обмен. В Россию вернули восемь жителей Курской области.",
	       "восемь=8 civilians UA>RU");
	expect("Россия и Украина. Россия передала Украине тысячу тел.", "тысячу=1000 remains RU>UA");
	/* "whom Russia handed over"; "held by Russia". */
	expect("Russia and Ukraine swapped prisoners. They were joined by 22 wounded soldiers whom "
	       "Russia handed over.",
	       "22=22 prisoners_of_war RU>UA");
	/* A side that frees its own releases them to no one; «в Белоруссии» is where. */
	expect("The US and Venezuela swapped. Venezuela also freed at least 20 Venezuelan political "
	       "prisoners.",
	       "at least 20=~20 political_prisoners VE>-");
	expect("В Белоруссии вышли на свободу 14 политзаключенных.", "14=14 political_prisoners BY>-");
	/* More than two sides: the unsaid one is not guessed. */
	expect("Russia, the US, Germany and Belarus swapped 24 prisoners. Russia freed 16 people. "
	       "Germany and the US and Belarus.",
	       "24=24 detainees ->-; 16=16 detainees RU>-");
	/* A hostage deal: the party releases, through its country too. */
	expect("Israel and Hamas. Three Israeli women handed to Red Cross as Palestinian hostages "
	       "deal holds.",
	       "Three=3 hostages hamas>IL");
	/* "Each", and a total of both ways. */
	expect("Russia and Ukraine swapped 100 prisoners each.", "100=100 prisoners_of_war ->-");
	expect("Russia and Ukraine: 175 Ukrainian captives and 175 Russian captives were set free, "
	       "350 in all.",
	       "175=175 prisoners_of_war RU>UA; 175=175 prisoners_of_war UA>RU; 350=350 "
	       "prisoners_of_war ->-");
}

static void parts_and_categories_from_their_count(void **state)
{
	(void)state;
	/* "including", "of them", «среди»: the category of the count they are part of. */
	expect("Saudi mediation secured freedom for 10 foreign fighters, including five Britons.",
	       "10=10 prisoners_of_war ->-; five=5 prisoners_of_war ->GB");
	expect("Israel and Hamas. Israel released 200 Palestinian prisoners. Seventy of them were "
	       "sent to Egypt.",
	       "200=200 detainees IL>PS; Seventy=70 detainees IL>EG");
	/* Demonyms: the noun when no noun follows; two of them, no side. */
	expect("Iran and the US. Five Americans freed by Iran land in Qatar.", "Five=5 detainees IR>US");
	expect("Israel and Lebanon. Israel returned the bodies of 199 Lebanese and Palestinian "
	       "fighters.",
	       "199=199 remains IL>-");
	/* Announced: "is to"; remains: "coffins of", "slain". */
	expect("Israel and Hamas. Hamas is to release 33 hostages. Four slain hostages were "
	       "returned.",
	       "33=33 hostages hamas>IL (announced); Four=4 remains hamas>IL");
	/* "Every one of them" counts no one. */
	expect("Russia returned 90 Ukrainian soldiers. Every one of them is home.",
	       "90=90 prisoners_of_war RU>UA");
}

static void numbers_that_are_no_release(void **state)
{
	(void)state;
	expect("In 2022, 50 soldiers were killed as prisoners were exchanged.", "");
	expect("Some 59 hostages remain in Gaza after the release.", "");
	expect("The exchange took 3 hours and cost $6 billion in 2023.", "");
	expect("390 Ukrainian defenders were mentioned in a speech.", ""); /* no release */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parties_by_name_in_english_and_russian),
		cmocka_unit_test(live_parties_by_their_names),
		cmocka_unit_test(counts_with_category_and_sides),
		cmocka_unit_test(sides_as_a_reader_takes_them),
		cmocka_unit_test(parts_and_categories_from_their_count),
		cmocka_unit_test(numbers_that_are_no_release),
	};

	return cmocka_run_group_tests_name("counts", tests, NULL, NULL);
}
