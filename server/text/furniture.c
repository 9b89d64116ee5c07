/* The rules of furniture.h, over the text's paragraphs (its non-empty lines):
 *
 *  1. a paragraph that names what a site asks of its reader (sign up, a newsletter, a privacy
 *     policy, "Read more", "Go deeper", "Читайте также") is furniture; one that asks for money
 *     or support (donate, support us) is when it is no reporting sentence: short, not ending as
 *     a sentence, or speaking to the reader;
 *  2. a short one (four words or fewer) that is not a sentence (it does not end as one: . ! ? or
 *     a closing quotation mark) is a button, a menu item or a photo credit;
 *  3. a paragraph that speaks as the outlet to its reader (we, our, us, you, your, twice or more
 *     outside quotation marks) is the outlet's appeal, not reporting, which relays others' words
 *     in quotation marks and says who said them ("said", "told": never folded by this rule);
 *  4. once an appeal has begun ("A Message from ...", "Dear readers"), the rest of the page is
 *     furniture;
 *  5. a line that is not a sentence and names who wrote or photographed the article is a byline
 *     or a credit ("By Jane Doe", "Live updates by ...", "Name (Editor ...)", "AP/Name"), and
 *     one of a clock time or a numeric date is a timestamp ("Updated 10:41 PM").
 *
 * Everything else is the article, its title included: a paragraph that ends as a sentence is
 * never folded by rules 2 and 5. */
#include "text/furniture.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf8.h"
#include "text/names_words.h"

/* Rule 1: what sites ask, as lower-case fragments; then what they ask for, which reporting
 * also writes of ("a donation of $51"). */
static const char *const asks[] = {
	"subscribe",
	"subscription",
	"sign up",
	"newsletter",
	"privacy policy",
	"cookie",
	"read more",
	"remind me later",
	"payment method",
	"paiment method",
	"all rights reserved",
	"follow us",
	"share this",
	"advertisement",
	"not ready to support",
	"go deeper:",
	"read also",
	"also read",
	"read next",
	"related:",
	"related articles",
	"get the latest news",
	"whatsapp channel",
	"on whatsapp:",
	"читайте ",
	"подпишитесь",
	"подписывайтесь",
	NULL,
};
static const char *const wants[] = {"donate",      "donation",     "support us", "support the ",
				    "on whatsapp", "contribution", NULL};

/* Rule 5: what a byline says before its name, or a credit's role after it. */
static const char *const bylines[] = {"updates by ",   "reporting by ", "writing by ",   "written by ",
				      "edited by ",    "compiled by ",  "text by ",      "words by ",
				      "photos by ",    "story by ",     "editor",        "reporter",
				      "correspondent", "редактор",      "корреспондент", NULL};

/* Rule 3's exception: the words that attribute a quotation. */
static const char *const saying[] = {" said",  " says",         " told", " added",
				     " wrote", " according to", NULL};

/* Rule 4: where an appeal begins, as the paragraph's start. */
static const char *const appeals[] = {"a message from", "dear reader", NULL};

static const char *const voice[] = {"we", "our", "us", "you", "your", "ours", "yours", NULL};

/* 1 when needle occurs in low[0..n) (the paragraph in lower case). */
static int has(const char *low, size_t n, const char *needle)
{
	return memmem(low, n, needle, strlen(needle)) != NULL;
}

static int has_any(const char *low, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (has(low, n, *list))
			return 1;
	return 0;
}

static int is_letter(unsigned char c)
{
	return (c | 32) >= 'a' && (c | 32) <= 'z';
}

/* Words, and first-person-plural or second-person words outside quotation marks (a word in
 * capitals, "US", is no "us"; a paragraph whose first mark closes a quotation began inside it, so
 * what came before is quoted). */
static void count_words(const char *s, size_t n, size_t *words, size_t *voiced)
{
	const unsigned char *p = (const unsigned char *)s;
	int quoted = 0, marks = 0;

	*words = *voiced = 0;
	for (size_t i = 0; i < n;) {
		/* “ and ” (E2 80 9C/9D), « and » (C2 AB/BB), or a straight " toggling. */
		if (i + 2 < n && p[i] == 0xE2 && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0x9C || p[i + 2] == 0x9D)) {
			if (!marks++ && p[i + 2] == 0x9D)
				*voiced = 0;
			quoted = p[i + 2] == 0x9C;
			i += 3;
			continue;
		}
		if (i + 1 < n && p[i] == 0xC2 && (p[i + 1] == 0xAB || p[i + 1] == 0xBB)) {
			quoted = p[i + 1] == 0xAB;
			marks++;
			i += 2;
			continue;
		}
		if (p[i] == '"') {
			quoted = !quoted;
			marks++;
			i++;
			continue;
		}
		if (!is_letter(p[i]) && p[i] < 0x80) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && (is_letter(p[j]) || p[j] >= 0x80 || p[j] == '\'') &&
		       !(p[j] == 0xE2 && j + 2 < n && p[j + 1] == 0x80 &&
			 (p[j + 2] == 0x9C || p[j + 2] == 0x9D)) &&
		       !(p[j] == 0xC2 && j + 1 < n && (p[j + 1] == 0xAB || p[j + 1] == 0xBB)))
			j++;
		(*words)++;
		for (int v = 0; !quoted && voice[v]; v++)
			if (j - i == strlen(voice[v]) && strncasecmp(s + i, voice[v], j - i) == 0 &&
			    !(j - i >= 2 && p[i + 1] >= 'A' && p[i + 1] <= 'Z'))
				(*voiced)++;
		i = j > i ? j : i + 1;
	}
}

/* Rules 2 and 5's test: it ends as a sentence does (a closing mark or bracket may follow). */
static int sentence_end(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (;;) {
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
			n--;
		if (n && p[n - 1] == ')')
			n--;
		else if (n >= 2 && p[n - 2] == 0xC2 && p[n - 1] == 0xBB)
			n -= 2;
		else
			break;
	}
	if (!n)
		return 0;
	if (strchr(".!?\"", p[n - 1]))
		return 1;
	return n >= 3 && p[n - 3] == 0xE2 && p[n - 2] == 0x80 &&
	       (p[n - 1] == 0x9D || p[n - 1] == 0x99 || p[n - 1] == 0xA6);
}

/* Rule 5's timestamps: a clock time ("19:40") or a numeric date ("02.06.2025", "19-03-2025"). */
static int timestamp(const char *s, size_t n)
{
	for (size_t i = 0; i + 4 < n; i++) {
		const char *d = s + i;
		if (i && d[-1] >= '0' && d[-1] <= '9')
			continue;
		if (d[0] >= '0' && d[0] <= '9' &&
		    ((d[1] == ':' && d[2] >= '0' && d[2] <= '5' && d[3] >= '0' && d[3] <= '9') ||
		     (d[1] >= '0' && d[1] <= '9' && d[2] == ':' && d[3] >= '0' && d[3] <= '5' &&
		      d[4] >= '0' && d[4] <= '9')))
			return 1;
		if (i + 9 < n && d[1] >= '0' && d[1] <= '9' && (d[2] == '.' || d[2] == '-') &&
		    d[3] >= '0' && d[3] <= '9' && d[4] >= '0' && d[4] <= '9' && d[5] == d[2] &&
		    d[6] >= '0' && d[6] <= '9' && d[9] >= '0' && d[9] <= '9')
			return 1;
	}
	return 0;
}

/* Rule 5: a byline, a credit or a timestamp, of a line that is no sentence. */
static int byline(const char *s, const char *low, size_t n, size_t words)
{
	const char *slash = memchr(s, '/', n);

	if (words > 12)
		return 0;
	/* A live blog's entry opens with its time and a heading of its own: that is reporting. */
	if (s[0] >= '0' && s[0] <= '9' && (s[1] == ':' || s[2] == ':') && words >= 4)
		return 0;
	if (timestamp(s, n) || has(low, n, "updated") || has(low, n, "published"))
		return 1;
	if (words > 10)
		return 0;
	if (n > 4 && !strncmp(s, "By ", 3) && s[3] >= 'A' && s[3] <= 'Z')
		return 1;
	if (slash && slash > s && slash + 1 < s + n && is_letter((unsigned char)slash[-1]))
		return 1; /* "WAM/Esraa Ismail", "Reuters/Name" */
	return has_any(low, n, bylines);
}

/* The paragraph s[0..n), low its lower case; first: whether it is the page's first. */
static int furniture(const char *s, const char *low, size_t n, int first, int *appeal_begun)
{
	size_t words, voiced;
	int sentence = sentence_end(s, n);

	for (int a = 0; appeals[a]; a++)
		if (n >= strlen(appeals[a]) && strncmp(low, appeals[a], strlen(appeals[a])) == 0)
			*appeal_begun = 1;
	if (*appeal_begun || has_any(low, n, asks))
		return 1;
	count_words(s, n, &words, &voiced);
	if (has_any(low, n, wants) && (words <= 12 || !sentence || voiced))
		return 1;
	if (!sentence && ((words <= 4) || (!first && byline(s, low, n, words))))
		return 1;
	return voiced >= 2 && !has_any(low, n, saying);
}

long furniture_body(const char *text, struct text_span **out)
{
	size_t len = strlen(text), at = 0, cp = 0, n = 0, cap = 0;
	int begun = 0, first = 1;
	char *low;

	*out = NULL;
	if (!utf8_valid(text) || !(low = malloc(len + 1)))
		return -1;
	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - text) : len, start_cp = cp, line_cp = 0;
		size_t trimmed = end;

		for (size_t i = at; i < end; i++)
			line_cp += ((unsigned char)text[i] & 0xC0) != 0x80;
		while (trimmed > at && strchr(" \t\r", text[trimmed - 1]))
			trimmed--;
		if (trimmed > at)
			names_lower(text + at, trimmed - at, low);
		if (trimmed > at && !furniture(text + at, low, trimmed - at, first, &begun)) {
			if (n == cap) {
				struct text_span *s = realloc(*out,
							      (cap = cap ? 2 * cap : 16) * sizeof(*s));
				if (!s) {
					free(*out);
					free(low);
					*out = NULL;
					return -1;
				}
				*out = s;
			}
			(*out)[n].start = start_cp;
			(*out)[n].end = start_cp;
			for (size_t i = at; i < trimmed; i++)
				(*out)[n].end += ((unsigned char)text[i] & 0xC0) != 0x80;
			n++;
		}
		first &= trimmed == at;
		cp += line_cp + (nl != NULL);
		at = end + (nl != NULL);
	}
	free(low);
	return (long)n;
}
