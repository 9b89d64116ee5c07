/* The people of a text (server/text/names.c), rule by rule: each row is a text and what is
 * found, "name (full) [role]" for each mention in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "text/anchor.h"
#include "text/names.h"

/* Each line of text a paragraph of the body, as furniture_body gives them. */
static char *found(const char *text)
{
	struct text_span lines[8];
	struct person_mention *m;
	struct buf b = BUF_INIT;
	size_t nl = 0, cp = 0, start = 0;
	long n;

	for (const char *p = text;; p++) {
		if (*p == '\n' || !*p) {
			lines[nl++] = (struct text_span){start, cp};
			start = cp + 1;
		}
		if (!*p || nl == 8)
			break;
		cp += ((unsigned char)*p & 0xC0) != 0x80;
	}
	n = names_find(text, lines, nl, &m);

	assert_true(n >= 0);
	for (long i = 0; i < n; i++) {
		buf_puts(&b, i ? "; " : "");
		anchor_slice(&b, text, m[i].name.start, m[i].name.end);
		buf_puts(&b, " (");
		anchor_slice(&b, text, m[i].full.start, m[i].full.end);
		buf_puts(&b, ") [");
		anchor_slice(&b, text, m[i].role.start, m[i].role.end);
		buf_puts(&b, "]");
	}
	buf_puts(&b, "");
	free(m);
	return buf_steal(&b);
}

static void rule_by_rule(void **state)
{
	static const struct {
		const char *text, *want;
	} rows[] = {
		/* Titles and places are peeled off into the role; a possessive joins the role. */
		{"President Vladimir Putin\u2019s economic envoy Kirill Dmitriev told Axios.",
		 "Vladimir Putin (Vladimir Putin) [President]; Kirill Dmitriev (Kirill Dmitriev) [Putin\u2019s economic envoy]"},
		{"Russia freed former U.S. Marine Paul Whelan.",
		 "Paul Whelan (Paul Whelan) [former U.S. Marine]"},
		/* Organisations, outlets and places of several words are no people. */
		{"Wall Street Journal reporter Evan Gershkovich met the White House press in the United States.",
		 "Evan Gershkovich (Evan Gershkovich) [reporter]"},
		{"Radio Free Europe/Radio Liberty and the Sovereign Wealth Fund of South Korea", ""},
		/* A surname alone joins the full name; a title with one word is a person. */
		{"Alsu Kurmasheva was freed. Kurmasheva flew home.",
		 "Alsu Kurmasheva (Alsu Kurmasheva) []; Kurmasheva (Alsu Kurmasheva) []"},
		{"We are grateful to President Putin.", "Putin (Putin) [President]"},
		/* Datelines, acronyms, months, weekdays and sentence starts are no names. */
		{"ANKARA, Aug. 1 (Wire) - The Kremlin said on Thursday in May.", ""},
		{"Secretary of State Marco Rubio wrote.", "Marco Rubio (Marco Rubio) [State]"},
		/* Titles and forms of address are no part of a name (issue 33). */
		{"Congressman Brendan Boyle said.", "Brendan Boyle (Brendan Boyle) [Congressman]"},
		{"Staff Lt. Gen. Herzi Halevi spoke.", "Herzi Halevi (Herzi Halevi) [Staff Lt. Gen.]"},
		{"He thanked His Highness Sheikh Mohamed bin Zayed Al Nahyan.",
		 "Mohamed bin Zayed Al Nahyan (Mohamed bin Zayed Al Nahyan) [Highness Sheikh]"},
		{"Ms Shelly Shem Tov spoke. Omer Shem Tov was freed.",
		 "Shelly Shem Tov (Shelly Shem Tov) [Ms]; Omer Shem Tov (Omer Shem Tov) []"},
		{"Rabbi Sir Haji Dr. Jane Doe came.", "Jane Doe (Jane Doe) [Rabbi Sir Haji Dr.]"},
		/* "Mr X" joins the full name, before or after; "President X" alone is X. */
		{"Mr Whelan flew. Paul Whelan is home.",
		 "Whelan (Paul Whelan) [Mr]; Paul Whelan (Paul Whelan) []"},
		{"President Biden spoke.", "Biden (Biden) [President]"},
		{"Omer Shem Tov was freed. Ms Shem Tov wept.",
		 "Omer Shem Tov (Omer Shem Tov) []; Shem Tov (Omer Shem Tov) [Ms]"},
		/* Organisations and places are no people, nor what follows a place's first word. */
		{"The Coordination Headquarters and Armed Forces at Snake Island, the Human Rights "
		 "Ombudsman, Tel Aviv, the Middle East, the Red Crescent Society, Islamic Jihad, the "
		 "Qassam Brigades, Abu Dhabi, the Gaza Strip, the West Bank, Truth Social and Kibbutz "
		 "Nir Oz said.",
		 ""},
		{"Hamas Spokesman Basem Naim said.", "Basem Naim (Basem Naim) [Hamas Spokesman]"},
		/* Particles, hyphens and apostrophes inside names. */
		{"Chris van Heerden, Majed al-Ansari and Shaquille O'Neal met.",
		 "Chris van Heerden (Chris van Heerden) []; Majed al-Ansari (Majed al-Ansari) []; "
		 "Shaquille O'Neal (Shaquille O'Neal) []"},
		/* A headline (the first paragraph, no sentence) names only the people its body names. */
		{"Hezbollah Returns Israeli Remains as Olmert Watches\nEhud Olmert watched.",
		 "Olmert (Ehud Olmert) []; Ehud Olmert (Ehud Olmert) []"},
		{"Hezbollah Returns Israeli Remains\nThe remains came home.", ""},
		/* A credit is no person; an age or a kinship word makes one word a person. */
		{"He came home. (Yonatan Sindel/Flash90)", ""},
		{"Jane Doe was freed. Photo: John Smith.", "Jane Doe (Jane Doe) []"},
		{"Her daughters Noiya, 16, and Yahel, 13, died with her husband, Pete.",
		 "Noiya (Noiya) [daughters]; Yahel (Yahel) []; Pete (Pete) []"},
		/* A sentence's first word that the text writes in lower case elsewhere. */
		{"Both Berman brothers were freed. Gali Berman and both of them.",
		 "Berman (Gali Berman) []; Gali Berman (Gali Berman) []"},
		/* Russian: any case, one person; titles and organisations peeled; sentence starts. */
		{"Президент Украины Владимир Зеленский встретился с Сергеем Тихановским. Тихановского "
		 "освободили. Министерство обороны и Красный Крест сообщили.",
		 "Владимир Зеленский (Владимир Зеленский) [Президент Украины]; Сергеем Тихановским "
		 "(Сергеем Тихановским) []; Тихановского (Сергеем Тихановским) []"},
		{"Вечером Светлана Тихановская уехала. По словам Эйсмонт, это так.",
		 "Светлана Тихановская (Светлана Тихановская) []"},
	};

	int bad = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *got = found(rows[i].text);
		if (strcmp(got, rows[i].want) != 0) {
			print_error("\"%s\":\n got  \"%s\"\n want \"%s\"\n", rows[i].text, got,
				    rows[i].want);
			bad++;
		}
		free(got);
	}
	assert_int_equal(bad, 0);
	{
		struct person_mention *m;
		struct text_span s = {0, 4};
		assert_int_equal(names_find("bad \xff", &s, 1, &m), -1);
	}
}

/* A Russian name's nominative, told from its given name's case; none from one that does not
 * decline. */
static void russian_nominative(void **state)
{
	static const struct {
		const char *text, *want;
	} rows[] = {
		{"Встреча с Сергеем Тихановским.", "Сергей Тихановский"},
		{"Обмен Эвана Гершковича.", "Эван Гершкович"},
		{"Письмо Владимиру Мединскому.", "Владимир Мединский"},
		{"Освобождение Светланы Тихановской.", "Светлана Тихановская"},
		{"Визит Кита Келлога.", "Кит Келлог"},
		{"Помилование Башира Нурзая.", "Башир Нурзай"},
		{"Команда Джо Байдена.", ""},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct text_span all = {0, utf8_length(rows[i].text)};
		struct person_mention *m;
		long n = names_find(rows[i].text, &all, 1, &m);
		assert_int_equal(n, 1);
		if (strcmp(m[0].nominative, rows[i].want) != 0)
			fail_msg("\"%s\": got \"%s\", want \"%s\"", rows[i].text, m[0].nominative,
				 rows[i].want);
		free(m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rule_by_rule),
		cmocka_unit_test(russian_nominative),
	};

	return cmocka_run_group_tests_name("people", tests, NULL, NULL);
}
