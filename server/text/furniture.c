/* The rules of furniture.h, over the text's paragraphs (its non-empty lines):
 *
 *  1. a paragraph that names what a site asks of its reader (subscribe, sign up, donate, support
 *     the outlet, a newsletter, a privacy policy, "Read more") is furniture;
 *  2. a short one (four words or fewer) that is not a sentence (it does not end as one: . ! ? or
 *     a closing quotation mark) is a button, a menu item or a photo credit;
 *  3. a paragraph that speaks as the outlet to its reader (we, our, us, you, your, twice or more
 *     outside quotation marks) is the outlet's appeal, not reporting, which relays others' words
 *     in quotation marks;
 *  4. once an appeal has begun ("A Message from ...", "Dear readers"), the rest of the page is
 *     furniture.
 *
 * Everything else is the article, its title included. */
#include "text/furniture.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf8.h"

/* Rule 1: what sites ask, as lower-case fragments. */
static const char *const asks[] = {
	"subscribe", "subscription",    "sign up",        "newsletter",           "donate",
	"donation",  "support us",      "support the ",   "privacy policy",       "cookie",
	"read more", "remind me later", "payment method", "paiment method",       "all rights reserved",
	"follow us", "share this",      "advertisement",  "not ready to support", NULL,
};

/* Rule 4: where an appeal begins, as the paragraph's start. */
static const char *const appeals[] = {"a message from", "dear reader", NULL};

static const char *const voice[] = {"we", "our", "us", "you", "your", "ours", "yours", NULL};

/* 1 when lower-case needle occurs in s[0..n) ignoring ASCII case. */
static int has(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (strncasecmp(s + i, needle, k) == 0)
			return 1;
	return 0;
}

static int is_letter(unsigned char c)
{
	return (c | 32) >= 'a' && (c | 32) <= 'z';
}

/* Words, and first-person-plural or second-person words outside quotation marks. */
static void count_words(const char *s, size_t n, size_t *words, size_t *voiced)
{
	const unsigned char *p = (const unsigned char *)s;
	int quoted = 0;

	*words = *voiced = 0;
	for (size_t i = 0; i < n;) {
		/* “ and ” (E2 80 9C/9D), or a straight " toggling. */
		if (i + 2 < n && p[i] == 0xE2 && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0x9C || p[i + 2] == 0x9D)) {
			quoted = p[i + 2] == 0x9C;
			i += 3;
			continue;
		}
		if (p[i] == '"') {
			quoted = !quoted;
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
			 (p[j + 2] == 0x9C || p[j + 2] == 0x9D)))
			j++;
		(*words)++;
		for (int v = 0; !quoted && voice[v]; v++)
			if (j - i == strlen(voice[v]) && strncasecmp(s + i, voice[v], j - i) == 0)
				(*voiced)++;
		i = j > i ? j : i + 1;
	}
}

/* Rule 2's test: it ends as a sentence does. */
static int sentence_end(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
		n--;
	if (!n)
		return 0;
	if (strchr(".!?\"", p[n - 1]))
		return 1;
	return n >= 3 && p[n - 3] == 0xE2 && p[n - 2] == 0x80 && (p[n - 1] == 0x9D || p[n - 1] == 0x99);
}

static int furniture(const char *s, size_t n, int *appeal_begun)
{
	size_t words, voiced;

	for (int a = 0; appeals[a]; a++)
		if (n >= strlen(appeals[a]) && strncasecmp(s, appeals[a], strlen(appeals[a])) == 0)
			*appeal_begun = 1;
	if (*appeal_begun)
		return 1;
	for (int a = 0; asks[a]; a++)
		if (has(s, n, asks[a]))
			return 1;
	count_words(s, n, &words, &voiced);
	return (words <= 4 && !sentence_end(s, n)) || voiced >= 2;
}

long furniture_body(const char *text, struct text_span **out)
{
	size_t len = strlen(text), at = 0, cp = 0, n = 0, cap = 0;
	int begun = 0;

	*out = NULL;
	if (!utf8_valid(text))
		return -1;
	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - text) : len, start_cp = cp, line_cp = 0;
		size_t trimmed = end;

		for (size_t i = at; i < end; i++)
			line_cp += ((unsigned char)text[i] & 0xC0) != 0x80;
		while (trimmed > at && strchr(" \t\r", text[trimmed - 1]))
			trimmed--;
		if (trimmed > at && !furniture(text + at, trimmed - at, &begun)) {
			if (n == cap) {
				struct text_span *s = realloc(*out,
							      (cap = cap ? 2 * cap : 16) * sizeof(*s));
				if (!s) {
					free(*out);
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
		cp += line_cp + (nl != NULL);
		at = end + (nl != NULL);
	}
	return (long)n;
}
