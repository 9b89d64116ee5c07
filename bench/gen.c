/* bench/gen: rows for the benchmark dataset, as PostgreSQL COPY text on standard output.
 *
 *   gen TABLE COUNT [SOURCES PEOPLE]
 *       TABLE: sources people detentions swaps swap_releases swap_groups swap_terms citations;
 *       citations point at sources 1..SOURCES and people 1..PEOPLE (default 200000 and
 *       1000000)
 *
 * Deterministic (a fixed seed per table), so every run measures the same data. People have
 * Latin names, and two in five a Cyrillic native name and a variant spelling; sources carry
 * about 2 KB of text; ids run from 1, and references point at ids the other tables have
 * (bench/load loads them with the counts it passes). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 88172645463325252ULL;
static long max_source = 200000, max_person = 1000000; /* what references may point at */

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static long pick(long n)
{
	return (long)(next() % (uint64_t)n);
}

static const char *const first[] = {"Kirill",  "Steve",  "Marc",     "Ksenia",   "Evan",   "Alsu",
				    "Paul",    "Trevor", "Brittney", "Vladimir", "Dmitry", "Sergei",
				    "Olga",    "Anna",   "Maria",    "Ivan",     "Alexei", "Yuri",
				    "Nikolai", "Elena",  "Tatiana",  "Mikhail",  "Andrei", "Pavel",
				    "Natalia", "David",  "Robert",   "Michael",  "Sarah",  "Laura",
				    "Jamal",   "Omar",   "Leila",    "Reza",     "Nazanin"};
static const char *const last[] = {"Dmitriev",   "Witkoff", "Fogel",     "Karelina", "Gershkovich",
				   "Kurmasheva", "Whelan",  "Reed",      "Griner",   "Kara-Murza",
				   "Medvedev",   "Ivanov",  "Petrov",    "Sidorov",  "Smirnov",
				   "Kuznetsov",  "Popov",   "Volkov",    "Sokolov",  "Lebedev",
				   "Morozov",    "Novikov", "Orlov",     "Baker",    "Carter",
				   "Hughes",     "Nazari",  "Tahmasebi", "Zaghari"};
/* The same names in Cyrillic, index for index where they exist. */
static const char *const first_cy[] = {"Кирилл",  "Стив",    "Марк",   "Ксения",  "Эван",
				       "Алсу",    "Пол",     "Тревор", "Бриттни", "Владимир",
				       "Дмитрий", "Сергей",  "Ольга",  "Анна",    "Мария",
				       "Иван",    "Алексей", "Юрий",   "Николай", "Елена",
				       "Татьяна", "Михаил",  "Андрей", "Павел",   "Наталья"};
static const char *const last_cy[] = {"Дмитриев",  "Уиткофф", "Фогель", "Карелина", "Гершкович",
				      "Курмашева", "Уилан",   "Рид",    "Грайнер",  "Кара-Мурза",
				      "Медведев",  "Иванов",  "Петров", "Сидоров",  "Смирнов",
				      "Кузнецов",  "Попов",   "Волков", "Соколов",  "Лебедев",
				      "Морозов",   "Новиков", "Орлов"};
static const char *const countries[] = {"RU", "RU", "RU", "US", "US", "IR", "CN", "BY", "VE",
					"KP", "GB", "DE", "UA", "TR", "AE", "QA", "SA", "IL"};
/* The pairs of sides that counted groups go between (each swap's two groups, one each way):
 * states and the parties bench/load makes. */
static const char *const pairs[][2] = {{"RU", "UA"},        {"RU", "UA"},      {"RU", "UA"},
				       {"IL", "hamas"},     {"US", "taliban"}, {"YE", "houthis"},
				       {"IL", "hezbollah"}, {"RU", "US"},      {"BY", "LT"}};
static const char *const categories[] = {"prisoners_of_war",   "prisoners_of_war", "civilians",
					 "hostages",           "detainees",        "remains",
					 "political_prisoners"};
static const char *const term_kinds[] = {"funds",       "sanctions_relief", "pardon",
					 "commutation", "deportation",      "other"};
static const char *const statuses[] = {"held",     "held",      "held", "released",
				       "released", "exchanged", "died", "unknown"};
static const char *const outlets[] = {"The Moscow Times", "Reuters",
				      "Associated Press", "Axios",
				      "Meduza",           "BBC",
				      "Al Jazeera",       "The Guardian",
				      "Novaya Gazeta",    "Radio Liberty"};
static const char *const words[] = {"prisoner",   "exchange",  "swap",      "release",     "detained",
				    "sentenced",  "court",     "envoy",     "negotiation", "talks",
				    "embassy",    "official",  "citizen",   "charges",     "espionage",
				    "treason",    "penal",     "colony",    "years",       "Moscow",
				    "Washington", "Tehran",    "Ankara",    "Abu",         "Dhabi",
				    "mediated",   "family",    "lawyer",    "appeal",      "verdict",
				    "the",        "a",         "of",        "and",         "in",
				    "to",         "was",       "for",       "with",        "on",
				    "by",         "said",      "that",      "government",  "ministry",
				    "foreign",    "statement", "according", "sources",     "week"};

#define N(a) ((long)(sizeof(a) / sizeof(a[0])))

static void text(int nwords)
{
	for (int i = 0; i < nwords; i++)
		printf("%s%s", i ? " " : "", words[pick(N(words))]);
}

static void date(int precision, int from_year, int years)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = from_year + (int)pick(years), m = 1 + (int)pick(12), d = 1 + (int)pick(days[m - 1]);

	/* text, first, last, precision */
	if (precision == 1)
		printf("%04d\t%04d-01-01\t%04d-12-31\tyear", y, y, y);
	else if (precision == 2)
		printf("%04d-%02d\t%04d-%02d-01\t%04d-%02d-%02d\tmonth", y, m, y, m, y, m, days[m - 1]);
	else
		printf("%04d-%02d-%02d\t%04d-%02d-%02d\t%04d-%02d-%02d\tday", y, m, d, y, m, d, y, m, d);
}

int main(int argc, char **argv)
{
	long count;
	const char *t;

	if (argc < 3 || argc > 5 || (count = atol(argv[2])) < 1) {
		fprintf(stderr, "usage: gen TABLE COUNT [SOURCES PEOPLE]\n");
		return 2;
	}
	if (argc == 5) {
		max_source = atol(argv[3]);
		max_person = atol(argv[4]);
	}
	t = argv[1];
	for (const char *c = t; *c; c++)
		rng = rng * 31 + (unsigned char)*c;
	for (long i = 1; i <= count; i++) {
		if (strcmp(t, "sources") == 0) {
			/* url, title, outlet, published_on (4), language, content */
			printf("%ld\thttps://news.example/%ld\t", i, i);
			text(8);
			printf("\t%s\t", outlets[pick(N(outlets))]);
			date(3, 2000, 26);
			printf("\ten\t");
			text(300); /* about 2 KB */
			putchar('\n');
		} else if (strcmp(t, "people") == 0) {
			/* name, name_native, aliases, citizenships, born_on (4) */
			long f = pick(N(first)), l = pick(N(last));
			int cyr = f < N(first_cy) && l < N(last_cy) && pick(5) < 2;
			printf("%ld\t%s %s %ld\t", i, first[f], last[l], i % 1000);
			if (cyr)
				printf("%s %s", first_cy[f], last_cy[l]);
			else
				printf("\\N");
			printf("\t{\"%s %s\"}\t{%s}\t", first[f], last[l], countries[pick(N(countries))]);
			date(1, 1940, 60);
			putchar('\n');
		} else if (strcmp(t, "detentions") == 0) {
			/* person_id, country, status, detained_on (4) */
			printf("%ld\t%ld\t%s\t%s\t", i, i, countries[pick(N(countries))],
			       statuses[pick(N(statuses))]);
			date(2, 2005, 20);
			putchar('\n');
		} else if (strcmp(t, "swaps") == 0) {
			/* occurred_on (4), place */
			printf("%ld\t", i);
			date(3, 2000, 26);
			printf("\t%s\n", pick(2) ? "Ankara" : "Abu Dhabi");
		} else if (strcmp(t, "swap_releases") == 0) {
			/* two a swap: swap_id, position, person_id, detention_id, released_by, released_to */
			long swap = (i + 1) / 2, person = i;
			printf("%ld\t%ld\t%ld\t%ld\tRU\tUS\n", swap, (i + 1) % 2, person, person);
		} else if (strcmp(t, "swap_groups") == 0) {
			/* two a swap, one each way between a pair of sides: swap_id, position,
			 * released_by, released_to, count, approximate, category */
			long swap = (i + 1) / 2;
			int way = (int)((i + 1) % 2), pair = (int)(swap % (long)N(pairs));
			printf("%ld\t%d\t%s\t%s\t%ld\t%s\t%s\n", swap, way, pairs[pair][way],
			       pairs[pair][1 - way], 1 + pick(400), pick(5) ? "f" : "t",
			       categories[pick(N(categories))]);
		} else if (strcmp(t, "swap_terms") == 0) {
			/* one a tenth of the swaps: swap_id, position, kind, by, description, amount,
			 * currency */
			long swap = i * 10 - 3;
			printf("%ld\t0\t%s\t%s\tterms of swap %ld\t%ld\tUSD\n", swap,
			       term_kinds[pick(N(term_kinds))], pairs[swap % (long)N(pairs)][0], swap,
			       1000000 * (1 + pick(6000)));
		} else if (strcmp(t, "citations") == 0) {
			/* source_id, subject_type, subject_id, field, attributed_to. No two alike
			 * (migrations/0036's unique index): the k-th citation of a source names
			 * the person after the first one it names, so (source, person) pairs
			 * repeat only past max_person citations of one source. */
			long src = (i - 1) % max_source, k = (i - 1) / max_source;
			long first_of = (long)((uint64_t)(src + 1) * 2654435761u % (uint64_t)max_person);
			printf("%ld\t%ld\tperson\t%ld\tname\t%s\n", i, 1 + src,
			       1 + (first_of + k) % max_person, outlets[pick(N(outlets))]);
		} else {
			fprintf(stderr, "gen: no table %s\n", t);
			return 2;
		}
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
