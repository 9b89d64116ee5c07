/* The country names of server/text/places.c: every ISO 3166-1 short name and every other
 * name of the data table is found, as the country it names; demonyms with their plural; whole
 * words only, the longest name where several start at one place; code points, not bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "engine/model/types.h"
#include "text/anchor.h"
#include "text/places.h"

/* "text=CODE; ..." of what text names. */
static char *found(const char *text)
{
	struct place_mention *m;
	struct buf b = BUF_INIT;
	long n = places_find(text, &m);

	assert_true(n >= 0);
	for (long i = 0; i < n; i++) {
		if (i)
			buf_puts(&b, "; ");
		assert_int_equal(anchor_slice(&b, text, m[i].start, m[i].end), 0);
		buf_printf(&b, "=%s", m[i].code);
	}
	buf_puts(&b, "");
	free(m);
	return buf_steal(&b);
}

static void expect(const char *text, const char *want)
{
	char *got = found(text);

	if (strcmp(got, want) != 0)
		fail_msg("\"%s\": got \"%s\", want \"%s\"", text, got, want);
	free(got);
}

static void every_iso_name_is_found(void **state)
{
	(void)state;
	for (size_t i = 0; i < countries_count; i++) {
		char text[160], want[160];
		snprintf(text, sizeof(text), "News from %s today.", countries[i].name);
		snprintf(want, sizeof(want), "%s=%s", countries[i].name, countries[i].code);
		expect(text, want);
	}
}

static void common_names_and_demonyms(void **state)
{
	(void)state;
	expect("U.S.-Russian talks in Turkey", "U.S.=US; Russian=RU; Turkey=TR");
	expect("Americans and Russians were freed", "Americans=US; Russians=RU");
	expect("a Belarusian court, the Belarus KGB", "Belarusian=BY; Belarus=BY");
	expect("the US and the UK, the USA and U.K.", "US=US; UK=GB; USA=US; U.K.=GB");
	expect("Germany released a Russian hitman", "Germany=DE; Russian=RU");
	expect("Ivory Coast and Côte d'Ivoire", "Ivory Coast=CI; Côte d'Ivoire=CI");
	expect("North Korea, South Korean", "North Korea=KP; South Korean=KR");
	expect("Britain's British Briton", "Britain=GB; British=GB; Briton=GB");
	expect("Swiss and Dutch mediators", "Swiss=CH; Dutch=NL");
	expect("Türkiye, Turkiye, Turkish", "Türkiye=TR; Turkiye=TR; Turkish=TR");
}

static void whole_words_only_and_the_longest(void **state)
{
	(void)state;
	expect("Papua New Guinea and Equatorial Guinea", "Papua New Guinea=PG; Equatorial Guinea=GQ");
	expect("Nigeria and Niger, a Nigerian and a Nigerien",
	       "Nigeria=NG; Niger=NE; Nigerian=NG; Nigerien=NE");
	expect("American Samoa, an American", "American Samoa=AS; American=US");
	expect("the Russian Federation", "Russian Federation=RU");
	expect("USAID and the Americas, Prussian, Francesca, Chinatown", "");
	expect("White House, Radio Free Europe, Wall Street Journal", "");
	expect("russia and american", ""); /* names are written with capitals */
	/* Code points, not bytes. */
	expect("Путин: Russia", "Russia=RU");
}

/* Russian declines country names and their adjectives: a stem takes its case endings, up to
 * three letters, and nothing more; a stem that begins other words is not used ("Кита" would
 * be Keith Kellogg's genitive, «Кита Келлога»). */
static void russian_names_in_every_case(void **state)
{
	(void)state;
	expect("в России, из Украины, с Белоруссией", "России=RU; Украины=UA; Белоруссией=BY");
	expect("российских военнопленных, украинской стороне", "российских=RU; украинской=UA");
	expect("Российская сторона и Украинские военные", "Российская=RU; Украинские=UA");
	expect("США, ОАЭ и РФ", "США=US; ОАЭ=AE; РФ=RU");
	expect("Объединенные Арабские Эмираты и Соединённых Штатов",
	       "Объединенные Арабские Эмираты=AE; Соединённых Штатов=US");
	expect("посланник Кита Келлога, Китай и Кубок", "Китай=CN");
	expect("Россиянинского, Украинаааа", ""); /* more than a case ending */
}

static void every_other_name_names_one_country(void **state)
{
	const char *name, *code;

	/* Each name of the table, alone in a sentence, is found whole, as its own country. */
	for (size_t i = 0; (name = places_name(i, &code)); i++) {
		char text[200], want[200];
		snprintf(text, sizeof(text), "News from %s today.", name);
		snprintf(want, sizeof(want), "%s=%s", name, code);
		expect(text, want);
	}
	/* A name given twice with two codes would make one of them unreachable. */
	struct place_mention *m;
	long n;

	(void)state;
	n = places_find("Congolese, Dominican, Samoan, Guinean, Sudanese, South Sudanese", &m);
	assert_int_equal(n, 6);
	assert_string_equal(m[0].code, "CD");
	assert_string_equal(m[1].code, "DO");
	assert_string_equal(m[2].code, "WS");
	assert_string_equal(m[3].code, "GN");
	assert_string_equal(m[4].code, "SD");
	assert_string_equal(m[5].code, "SS");
	free(m);
	assert_int_equal(places_find("bad \xff", &m), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_iso_name_is_found),
		cmocka_unit_test(common_names_and_demonyms),
		cmocka_unit_test(whole_words_only_and_the_longest),
		cmocka_unit_test(russian_names_in_every_case),
		cmocka_unit_test(every_other_name_names_one_country),
	};

	return cmocka_run_group_tests_name("places", tests, NULL, NULL);
}
