/* Partial dates and text formats. */
#include "engine/model/types.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Reads exactly n digits. */
static int digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int partial_date_parse(const char *s, struct partial_date *d, const char **why)
{
	size_t n = s ? strlen(s) : 0;

	memset(d, 0, sizeof(*d));
	if (n != 4 && n != 7 && n != 10)
		goto shape;
	if (digits(s, 4, &d->year) < 0)
		goto shape;
	if (d->year < 1) {
		*why = "the year must be 0001 or later";
		return -1;
	}
	d->precision = DATE_YEAR;
	if (n >= 7) {
		if (s[4] != '-' || digits(s + 5, 2, &d->month) < 0)
			goto shape;
		if (d->month < 1 || d->month > 12) {
			*why = "the month must be 01 to 12";
			return -1;
		}
		d->precision = DATE_MONTH;
	}
	if (n == 10) {
		if (s[7] != '-' || digits(s + 8, 2, &d->day) < 0)
			goto shape;
		if (d->day < 1 || d->day > days_in(d->year, d->month)) {
			*why = "that day does not exist in that month";
			return -1;
		}
		d->precision = DATE_DAY;
	}
	snprintf(d->first, sizeof(d->first), "%04d-%02d-%02d", d->year, d->month ? d->month : 1,
		 d->day ? d->day : 1);
	snprintf(d->last, sizeof(d->last), "%04d-%02d-%02d", d->year, d->month ? d->month : 12,
		 d->day ? d->day : days_in(d->year, d->month ? d->month : 12));
	return 0;
shape:
	*why = "must be a date as YYYY, YYYY-MM or YYYY-MM-DD";
	return -1;
}

const char *date_precision_name(enum date_precision p)
{
	return p == DATE_YEAR ? "year" : p == DATE_MONTH ? "month" : "day";
}

int check_url(const char *s, const char **why)
{
	const char *host;

	if (strncmp(s, "https://", 8) == 0)
		host = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		host = s + 7;
	else
		goto bad;
	/* A host, and no spaces or control characters anywhere. */
	if (!*host || *host == '/' || *host == '?' || *host == '#')
		goto bad;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			goto bad;
	return 0;
bad:
	*why = "must be an http:// or https:// URL with a host and no spaces";
	return -1;
}

int check_language(const char *s, const char **why)
{
	/* BCP 47 in the shape people write: a 2-3 letter primary language, then subtags of 1-8
	 * letters or digits ("en", "ru", "pt-BR", "zh-Hant-TW", "sr-Latn"). */
	size_t len = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

	if (len < 2 || len > 3)
		goto bad;
	s += len;
	while (*s == '-') {
		size_t sub = 0;
		s++;
		while (isalnum((unsigned char)s[sub]))
			sub++;
		if (sub < 1 || sub > 8)
			goto bad;
		s += sub;
	}
	if (*s == '\0')
		return 0;
bad:
	*why = "must be a BCP 47 language tag such as \"en\" or \"pt-BR\"";
	return -1;
}

int check_wikidata(const char *s, const char **why)
{
	size_t n = strlen(s);

	if (n >= 2 && n <= 12 && s[0] == 'Q' && s[1] != '0' && strspn(s + 1, "0123456789") == n - 1)
		return 0;
	*why = "must be a Wikidata item id: Q and digits, such as \"Q42\"";
	return -1;
}

int check_party_code(const char *s, const char **why)
{
	size_t n = strlen(s);
	char upper[3];

	if (n < 2 || n > 40 || !(s[0] >= 'a' && s[0] <= 'z') ||
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") != n) {
		*why = "must be 2 to 40 characters of a-z, 0-9 and -, starting with a letter, such as "
		       "\"hamas\" or \"icrc\"";
		return -1;
	}
	if (n == 2) {
		upper[0] = (char)(s[0] - 'a' + 'A');
		upper[1] = (char)(s[1] >= 'a' && s[1] <= 'z' ? s[1] - 'a' + 'A' : s[1]);
		upper[2] = '\0';
		if (country_side_find(upper)) {
			*why = "is a country's code in lower case; a party's code must not read as a "
			       "state's";
			return -1;
		}
	}
	return 0;
}

enum side_form side_form(const char *s, const char **why)
{
	const char *ignored;

	if (country_side_find(s))
		return SIDE_STATE;
	if (check_party_code(s, &ignored) == 0)
		return SIDE_PARTY;
	*why = "is neither a country code nor a party's code";
	return SIDE_NONE;
}

/* ISO 4217's currency and fund codes in use (2025: ZWG, XCG included), and the ones reporting on
 * older deals names (SLL, HRK); not its codes for "no currency" and for testing, which no amount
 * a deal gave is in. */
static const char currencies[] =
	"AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD "
	"BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP "
	"DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS "
	"INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD "
	"MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR "
	"PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS "
	"SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW "
	"UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XUA "
	"YER ZAR ZMW ZWG ZWL";

int check_currency(const char *s, const char **why)
{
	if (strlen(s) == 3 && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == 3) {
		for (const char *c = currencies; *c; c += c[3] ? 4 : 3)
			if (memcmp(c, s, 3) == 0)
				return 0;
	}
	*why = "must be an ISO 4217 currency code in upper case, such as \"USD\" or \"EUR\"";
	return -1;
}
