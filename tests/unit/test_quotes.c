/* Who said what (server/text/quotes.c, speakers.c, quotes_people.c), rule by rule: each row is
 * a text and what is found, "quote / speaker / audience" for each quotation (with " = person"
 * when its speaker resolved to a person) and "report: text / source" for each report. People
 * are given as names_find would give them: every occurrence of each name listed. */
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
#include "text/quotes.h"

static void put(struct buf *b, const char *text, struct span s)
{
	anchor_slice(b, text, s.start, s.end);
}

/* Code point offset of byte at in s. */
static size_t cp_at(const char *s, size_t at)
{
	size_t n = 0;

	for (size_t i = 0; i < at; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static int by_start(const void *a, const void *b)
{
	const struct person_mention *x = a, *y = b;

	return x->name.start < y->name.start ? -1 : x->name.start > y->name.start;
}

/* Every occurrence of each name of names ("|"-separated) in text, in order; *n their count. */
static struct person_mention *mentions(const char *text, const char *names, size_t *n)
{
	struct person_mention *m = calloc(64, sizeof(*m));
	char *list = strdup(names ? names : ""), *save = NULL;

	*n = 0;
	for (char *w = strtok_r(list, "|", &save); w; w = strtok_r(NULL, "|", &save))
		for (const char *at = strstr(text, w); at && *n < 64; at = strstr(at + 1, w)) {
			size_t a = cp_at(text, (size_t)(at - text)), b = a + cp_at(w, strlen(w));
			m[(*n)++] = (struct person_mention){.name = {a, b}, .full = {a, b}};
		}
	qsort(m, *n, sizeof(*m), by_start);
	free(list);
	return m;
}

static char *found_with(const char *text, const char *names)
{
	struct quote_mention *q;
	struct report_mention *r;
	struct buf b = BUF_INIT;
	size_t nq, nr, np;
	struct person_mention *pe = mentions(text, names, &np);
	struct text_span body[16];
	size_t nb = 0;

	/* Paragraphs: its lines. */
	for (const char *p = text, *nl; *p && nb < 16; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n') ? strchr(p, '\n') : p + strlen(p);
		if (nl > p)
			body[nb++] = (struct text_span){cp_at(text, (size_t)(p - text)),
							cp_at(text, (size_t)(nl - text))};
	}
	assert_int_equal(quotes_find(text, body, nb, pe, np, &q, &nq, &r, &nr), 0);
	for (size_t i = 0; i < nq; i++) {
		buf_puts(&b, b.len ? "; " : "");
		put(&b, text, q[i].quote);
		buf_puts(&b, " / ");
		put(&b, text, q[i].speaker);
		buf_puts(&b, " / ");
		put(&b, text, q[i].audience);
		if (q[i].person.end > q[i].person.start) {
			buf_puts(&b, " = ");
			put(&b, text, q[i].person);
		}
	}
	for (size_t i = 0; i < nr; i++) {
		buf_puts(&b, b.len ? "; " : "");
		buf_puts(&b, "report: ");
		put(&b, text, r[i].text);
		buf_puts(&b, " / ");
		put(&b, text, r[i].source);
	}
	buf_puts(&b, "");
	free(q);
	free(r);
	free(pe);
	return buf_steal(&b);
}

static char *found(const char *text)
{
	return found_with(text, NULL);
}

struct row {
	const char *text, *people, *want;
};

static void check(const struct row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *got = found_with(rows[i].text, rows[i].people);
		if (strcmp(got, rows[i].want) != 0)
			fail_msg("\"%s\":\n got  \"%s\"\n want \"%s\"", rows[i].text, got, rows[i].want);
		free(got);
	}
}

static void rule_by_rule(void **state)
{
	static const struct {
		const char *text, *want;
	} rows[] = {
		/* “...,” X told Y */
		{"\u201cI met some U.S. officials,\u201d Dmitriev told Axios in a phone interview.",
		 "I met some U.S. officials / Dmitriev / Axios"},
		/* “...,” X said, with a title and an abbreviation that ends no sentence */
		{"\u201cIt is over,\u201d U.S. President Joe Biden said at the White House.",
		 "It is over / U.S. President Joe Biden / "},
		/* “...,” said X */
		{"\u201cWe are home,\u201d said Paul Whelan.", "We are home / Paul Whelan / "},
		/* an apposition */
		{"\u201cHe is free,\u201d his wife, Sviatlana Tsikhanouskaya, wrote on social media.",
		 "He is free / Sviatlana Tsikhanouskaya / "},
		/* X confirmed to Y that ... “...”: reported speech quoting a few words, the quotation's
		 * attribution and a report as well (the contract's own example of a report) */
		{"A U.S. official confirmed to Axios that the idea was discussed and \u201cnothing was imminent.\u201d",
		 "nothing was imminent / A U.S. official / Axios; report: A U.S. official confirmed to "
		 "Axios / A U.S. official"},
		/* X quoted Y as saying */
		{"Moscow hopes to \u201cshow goodwill\u201d with the United States amid stalled talks on the war, "
		 "Axios quoted an anonymous source as saying.",
		 "show goodwill / an anonymous source / Axios"},
		/* reports without a quotation */
		{"Eight are still held, Reuters reported in May.", "report: Reuters reported / Reuters"},
		{"Kyiv accused Moscow of delaying the exchange.", "report: Kyiv accused / Kyiv"},
		{"The ministry urged both sides to keep to the schedule.",
		 "report: The ministry urged / The ministry"},
		{"The drive held state secrets, according to his lawyer.",
		 "report: according to his lawyer / his lawyer"},
		{"The State Department has declared her wrongfully detained, a spokesperson said.",
		 "report: a spokesperson said / a spokesperson"},
		{"His lawyer, Vladimir Zherebenkov, said Whelan was innocent.",
		 "report: Vladimir Zherebenkov, said / Vladimir Zherebenkov"},
		/* straight quotation marks; two sentences */
		{"\"We are not done,\" Biden told reporters. He left.",
		 "We are not done / Biden / reporters"},
		/* nothing said */
		{"Dmitriev traveled to the United States in late October.", ""},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *got = found(rows[i].text);
		if (strcmp(got, rows[i].want) != 0)
			fail_msg("\"%s\":\n got  \"%s\"\n want \"%s\"", rows[i].text, got, rows[i].want);
		free(got);
	}
	{
		struct quote_mention *q;
		struct report_mention *r;
		size_t nq, nr;
		assert_int_equal(quotes_find("bad \xff", NULL, 0, NULL, 0, &q, &nq, &r, &nr), -1);
	}
}

/* A speaker a sentence or a paragraph away. */
static void across_sentences(void **state)
{
	static const struct row rows[] = {
		/* the next sentence's "he said", resolved */
		{"Boyle spoke first. \u201cWe are glad.\u201d He said so in a statement.", "Boyle",
		 "We are glad / He /  = Boyle"},
		/* the next sentence says something of its own: not lent */
		{"\u201cWe are glad.\u201d He said the deal would hold for a year or more.", "",
		 "We are glad /  / ; report: He said / He"},
		/* a quotation goes on in the next sentence */
		{"\u201cWe are glad,\u201d Boyle said. \u201cIt took long.\u201d", "Boyle",
		 "We are glad / Boyle /  = Boyle; It took long / Boyle /  = Boyle"},
		/* the next paragraph's "said X" */
		{"\u201cNobody should spend a night in a cell.\u201d\n\nsaid Brendan Boyle, a Democrat.",
		 "Brendan Boyle",
		 "Nobody should spend a night in a cell / Brendan Boyle /  = Brendan Boyle"},
		/* "That was how X greeted it" */
		{"\u201cNobody should spend a night in a cell.\u201d\n\nThat was how Brendan Boyle greeted the news.",
		 "Brendan Boyle",
		 "Nobody should spend a night in a cell / Brendan Boyle /  = Brendan Boyle"},
		/* a quotation of several paragraphs, the first left open */
		{"Zelensky said: \u201cOur people are home.\n\n\u201cWe will bring back every one.\u201d",
		 "Zelensky",
		 "Our people are home / Zelensky /  = Zelensky; We will bring back every one / Zelensky /  = Zelensky"},
		/* "X said:" ending a paragraph */
		{"Zelensky said:\n\n\u201cOur people are home.\u201d", "Zelensky",
		 "Our people are home / Zelensky /  = Zelensky"},
	};

	(void)state;
	check(rows, sizeof(rows) / sizeof(rows[0]));
}

/* Pronouns, "Mr X" and "the president" resolved to the person named. */
static void people(void **state)
{
	static const struct row rows[] = {
		/* the subject, not the person the sentence is about */
		{"British Prime Minister Keir Starmer said he was glad that Emily Damari was free. "
		 "\u201cShe has endured an ordeal,\u201d he wrote.",
		 "Keir Starmer|Emily Damari",
		 "She has endured an ordeal / he /  = Keir Starmer; report: British Prime Minister Keir Starmer said / British Prime Minister Keir Starmer"},
		/* not the person the quotation names */
		{"Joe Biden met Paul Whelan. \u201cPaul Whelan is home,\u201d he said.",
		 "Joe Biden|Paul Whelan", "Paul Whelan is home / he /  = Joe Biden"},
		/* a pronoun for no one named is no speaker */
		{"\u201cWe are home,\u201d he said.", "", "We are home /  / "},
		/* Mr X: the full name */
		{"Joe Biden spoke. \u201cIt is over,\u201d Mr Biden said.", "Joe Biden|Mr Biden",
		 "It is over / Mr Biden /  = Joe Biden"},
		/* a form of address keeps whom it first stood for */
		{"Mandy Damari spoke. \u201cShe is strong,\u201d Ms Damari said. Emily Damari is home. "
		 "\u201cThank you,\u201d Ms Damari said.",
		 "Mandy Damari|Ms Damari|Emily Damari",
		 "She is strong / Ms Damari /  = Mandy Damari; Thank you / Ms Damari /  = Mandy Damari"},
		/* the president */
		{"President Joe Biden spoke. \u201cIt is over,\u201d the president said.", "Joe Biden",
		 "It is over / the president /  = Joe Biden"},
		/* a possessive is not who speaks */
		{"\u201cWe waited,\u201d Fogel's sister said.", "Fogel", "We waited / Fogel's sister / "},
		/* nor one after "of" */
		{"\u201cShe is strong,\u201d the mother of Emily Damari said.", "Emily Damari",
		 "She is strong / the mother of Emily Damari / "},
		/* the ministry: where the article named it */
		{"Russia's Ministry of Defence confirmed the swap. \u201cAll are in Belarus,\u201d the ministry said.",
		 "",
		 "All are in Belarus / Russia's Ministry of Defence / ; report: Russia's Ministry of Defence confirmed / Russia's Ministry of Defence"},
		/* Russian: «он» */
		{"Владимир Зеленский подтвердил обмен. «Первые 390 человек уже дома», — написал он в соцсетях.",
		 "Владимир Зеленский",
		 "Первые 390 человек уже дома / он /  = Владимир Зеленский; report: Владимир Зеленский подтвердил / Владимир Зеленский"},
	};

	(void)state;
	check(rows, sizeof(rows) / sizeof(rows[0]));
}

/* Organisations, unnamed speakers and words that are no speaker. */
static void who_speaks(void **state)
{
	static const struct row rows[] = {
		{"\u201cThe men are safe,\u201d the ICRC said.", "", "The men are safe / the ICRC / "},
		{"\u201cThe men are safe,\u201d a Hamas official told Reuters.", "",
		 "The men are safe / a Hamas official / Reuters"},
		{"\u201cIt is done,\u201d the Israeli military said in a statement.", "",
		 "It is done / the Israeli military / "},
		/* apposition pieces that cannot speak */
		{"\u201cThey are free,\u201d Rep. Michael McCaul, R-Texas, chairman of the House Foreign Affairs Committee, said.",
		 "Michael McCaul", "They are free / Rep. Michael McCaul /  = Michael McCaul"},
		{"\u201cThey are free,\u201d President Biden, speaking at the White House with relatives, said.",
		 "Biden", "They are free / President Biden /  = Biden"},
		/* no speaker: a relative, a number, "it" */
		{"The deal, which said \u201cnothing at all here\u201d, held.", "",
		 "nothing at all here /  / "},
		{"\u201cWe left at once,\u201d 21 said.", "", "We left at once /  / "},
		{"\u201cWe left at once,\u201d it said.", "", "We left at once /  / "},
		/* names and formulas in quotation marks are no quotations */
		{"The deal followed the formula \u00ab1000 \u043d\u0430 1000\u00bb, and \u201cFat Leonard\u201d was freed.",
		 "", ""},
	};

	(void)state;
	check(rows, sizeof(rows) / sizeof(rows[0]));
}

/* Reports, English and Russian. */
static void reports(void **state)
{
	static const struct row rows[] = {
		{"Eight are still held, officials said.", "", "report: officials said / officials"},
		{"The ministry said in a statement that all were home.", "",
		 "report: The ministry said / The ministry"},
		{"A senior official told Axios the deal was close.", "",
		 "report: A senior official told Axios / A senior official"},
		{"\u201cIt failed,\u201d Hamas official Basem Naim said, adding that talks could go ahead.",
		 "",
		 "It failed / Hamas official Basem Naim / ; report: adding that talks / Hamas official Basem Naim"},
		{"The UAE Foreign Ministry said it would mediate. Israel never said so.", "",
		 "report: The UAE Foreign Ministry said / The UAE Foreign Ministry"},
		/* the headline gives none */
		{"Kremlin says swap done\nThe swap was done.", "", ""},
		{"Россия вернула 390 граждан, сообщили в Минобороны РФ.", "",
		 "report: сообщили в Минобороны РФ / Минобороны РФ"},
		{"По словам Зеленского, обмен продолжится.", "",
		 "report: По словам Зеленского / Зеленского"},
		{"По его словам, обмен продолжится.", "", "report: По его словам / его"},
		{"Списки согласовали, передает ТАСС.", "", "report: передает ТАСС / ТАСС"},
		{"Мединский неоднократно заявлял об этом.", "",
		 "report: Мединский неоднократно заявлял / Мединский"},
	};

	(void)state;
	check(rows, sizeof(rows) / sizeof(rows[0]));
}

/* How wire copy and the papers attribute (issue 33): acronyms, "it" and "the statement" for
 * the organisation that spoke, several attributions in one sentence, verbs that attribute only
 * with a quotation. */
static void wire_copy(void **state)
{
	static const struct row rows[] = {
		/* "US" is a name, not "us" */
		{"\u201cWe are grateful to our friends,\u201d US Secretary of State Marco Rubio wrote on X.",
		 "Marco Rubio",
		 "We are grateful to our friends / US Secretary of State Marco Rubio /  = Marco Rubio"},
		{"Two are held, according to US officials.", "",
		 "report: according to US officials / US officials"},
		/* "it" for the organisation that spoke */
		{"The headquarters said that 84 men came home. All of them will get care, it said.", "",
		 "report: The headquarters said / The headquarters; report: it said / The headquarters"},
		/* "it" for no organisation, or after a noun, is nothing */
		{"It said the talks would go on.", "", ""},
		{"Kyiv handed over a list of children it says were deported.", "", ""},
		/* "the statement" for who made it; "read" only for a text */
		{"The ministry said in a statement that talks went well. \u201cThe mediation reflects "
		 "strong ties,\u201d the statement read.",
		 "",
		 "The mediation reflects strong ties / The ministry / ; report: The ministry said / The ministry"},
		{"Children read in the camp.", "", ""},
		/* an acronym: given in parentheses, or the initials of a name */
		{"T\u00fcrkiye's National Intelligence Organization (MIT) ran the swap. \u201cAn exchange "
		 "has been carried out,\u201d MIT said.",
		 "",
		 "An exchange has been carried out / T\u00fcrkiye's National Intelligence Organization / "},
		{"The bodies were identified, the Prime Minister's Office announced. \u201cWe will not "
		 "rest until all are home,\u201d the PMO said.",
		 "",
		 "We will not rest until all are home / Prime Minister's Office / ; report: the Prime Minister's Office announced / the Prime Minister's Office"},
		/* two attributions in one sentence */
		{"It was the third exchange, the Foreign Ministry said, adding that talks go on, WAM reported.",
		 "",
		 "report: the Foreign Ministry said / the Foreign Ministry; report: WAM reported / WAM"},
		/* not a verb that can mean an act */
		{"The State Department has declared her detained, a spokesperson said.", "",
		 "report: a spokesperson said / a spokesperson"},
		/* the quotation takes the attribution nearest before it; the other is a report */
		{"The ministry said on Tuesday that he returned after what it called \u201clengthy and "
		 "constructive talks\u201d with Washington.",
		 "",
		 "lengthy and constructive talks / The ministry / ; report: The ministry said / The ministry"},
		/* "and said": the speaker before */
		{"Venezuela's government called his return \u201ca victory for our nation\u201d and said "
		 "in a statement that he was held unjustly.",
		 "",
		 "a victory for our nation / Venezuela's government / ; report: said / Venezuela's government"},
		/* "called" attributes only a quotation */
		{"Erdogan called the outcome \u201ca great day for peace.\u201d", "Erdogan",
		 "a great day for peace / Erdogan /  = Erdogan"},
		{"Erdogan called Putin on Monday.", "Erdogan|Putin", ""},
		/* verbs, a plural of people at the head, a passive */
		{"More than half of whom Israel believes are dead.", "",
		 "report: Israel believes / Israel"},
		{"The ministry reiterated its support.", "",
		 "report: The ministry reiterated / The ministry"},
		{"The delay came after customs officers said they found oil.", "",
		 "report: customs officers said / customs officers"},
		{"Mr Sharabi was told of their deaths.", "", ""},
		{"Both are said by their families to be ill.", "",
		 "report: are said by their families / their families"},
		/* the name after the description: "said X's sister, Name" and "Name, a ..., told" */
		{"\u201cWe have waited three years,\u201d said Fogel's sister, Lisa Hyland.",
		 "Lisa Hyland",
		 "We have waited three years / Fogel's sister, Lisa Hyland /  = Lisa Hyland"},
		{"Wafik Safa, a senior Hezbollah official, told Al-Manar that the group had \u201ckept "
		 "its word to the prisoners.\u201d",
		 "Wafik Safa",
		 "kept its word to the prisoners / Wafik Safa, a senior Hezbollah official / Al-Manar = Wafik "
		 "Safa; report: Wafik Safa, a senior Hezbollah official, told Al-Manar / Wafik Safa, a "
		 "senior Hezbollah official"},
		/* an aside with a participle holds no speaker */
		{"US President Donald Trump, speaking in the Knesset hours after the releases, tells "
		 "lawmakers that it opens \u201ca new chapter for Israel.\u201d",
		 "Donald Trump",
		 "a new chapter for Israel / US President Donald Trump / lawmakers = Donald Trump; report: US "
		 "President Donald Trump, speaking in the Knesset hours after the releases, tells lawmakers"
		 " / US President Donald Trump"},
		/* "with X saying", "called it an “incredible relief”", "Name, the ..., said" */
		{"The White House confirmed it, with President Joe Biden saying in a statement that he "
		 "\u201cis free from detention.\u201d",
		 "Joe Biden",
		 "is free from detention / President Joe Biden /  = Joe Biden; report: The White House confirmed / The White House"},
		{"Biden called the release an \u201cincredible relief\u201d for the families.", "Biden",
		 "incredible relief / Biden /  = Biden"},
		{"Sen. Jim Risch, the top Republican on the committee, said in a statement that he was "
		 "\u201cglad to see them home.\u201d",
		 "Jim Risch",
		 "glad to see them home / Sen. Jim Risch, the top Republican on the committee /  = Jim "
		 "Risch; report: Sen. Jim Risch, the top Republican on the committee, said / Sen. Jim "
		 "Risch, the top Republican on the committee"},
		/* a party and state end no sentence */
		{"Rep. Elissa Slotkin, D-Mich., whose state is home to his family, said she had spoken "
		 "with his sister.",
		 "Elissa Slotkin",
		 "report: Rep. Elissa Slotkin, D-Mich., whose state is home to his family, said / Rep. Elissa Slotkin"},
		/* "Those were the words of X" */
		{"\u201cWe cried when we saw him.\u201d\n\nThose were the words of Gillian Brisley, his "
		 "mother-in-law.",
		 "Gillian Brisley", "We cried when we saw him / Gillian Brisley /  = Gillian Brisley"},
		/* a heading's attribution is no report; the paragraph after the headline's is */
		{"Swap done\nUkraine says 390 are home\nFive hours\nRed Cross takes custody, military says\n"
		 "The ICRC took custody, the military said.",
		 "", "report: Ukraine says / Ukraine; report: the military said / the military"},
		/* a next sentence that says something of its own lends nothing */
		{"\u201cThey were always Iran's money.\u201d\n\nAdrienne Watson said Qatar would oversee it.",
		 "Adrienne Watson",
		 "They were always Iran's money /  / ; report: Adrienne Watson said / Adrienne Watson"},
	};

	(void)state;
	check(rows, sizeof(rows) / sizeof(rows[0]));
}

/* Russian quotation marks and direct speech. */
static void russian(void **state)
{
	static const struct row rows[] = {
		/* «...» with „...“ inside */
		{"«Каждую фамилию сверяли, чтобы не было „сюрпризов“ в последний момент», — сказал собеседник агентства.",
		 "",
		 "Каждую фамилию сверяли, чтобы не было „сюрпризов“ в последний момент / собеседник агентства / "},
		/* direct speech after a dash */
		{"— Честно, растерялся, когда увидел столько людей, — сказал Хилюк журналистам на месте встречи.",
		 "Хилюк", "Честно, растерялся, когда увидел столько людей / Хилюк /  = Хилюк"},
		/* X заявил: «...» */
		{"Песков заявил: «Работа идет».", "Песков", "Работа идет / Песков /  = Песков"},
	};

	(void)state;
	check(rows, sizeof(rows) / sizeof(rows[0]));
}

/* Linear: many quotation marks, many attributions, many pronouns and people. */
static void linear(void **state)
{
	size_t n = 200000;
	char *text = malloc(n * 8 + 1);
	const char *const parts[] = {"\u201c", "\"", "he said. ", "Ann Lee said: ", "\u00ab", "quoted ",
				     /* one sentence of many quotations and attributions */
				     "\u201ca b,\u201d he said, ", "called \u201ca b\u201d and said ",
				     ", it said, MIT said"};

	(void)state;
	for (size_t p = 0; p < sizeof(parts) / sizeof(parts[0]); p++) {
		struct quote_mention *q;
		struct report_mention *r;
		size_t nq, nr, at = 0, l = strlen(parts[p]);
		while (at + l < n)
			memcpy(text + at, parts[p], l), at += l;
		text[at] = 0;
		assert_int_equal(quotes_find(text, NULL, 0, NULL, 0, &q, &nq, &r, &nr), 0);
		free(q);
		free(r);
	}
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rule_by_rule), cmocka_unit_test(across_sentences),
		cmocka_unit_test(people),       cmocka_unit_test(who_speaks),
		cmocka_unit_test(reports),      cmocka_unit_test(russian),
		cmocka_unit_test(wire_copy),    cmocka_unit_test(linear),
	};

	return cmocka_run_group_tests_name("quotes", tests, NULL, NULL);
}
