/* UTF-8 checks, cuts at character boundaries, and repair of invalid bytes. */
#include "core/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

size_t utf8_sequence(const unsigned char *s, size_t n)
{
	unsigned c = s[0], cp, min;
	size_t len;

	if (n == 0)
		return 0;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		cp = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		cp = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		cp = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

int utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	while (n) {
		size_t k;

		/* ASCII, most of any text, eight bytes at a time. */
		while (n >= 8) {
			uint64_t w;
			memcpy(&w, p, 8);
			if (w & 0x8080808080808080ULL)
				break;
			p += 8;
			n -= 8;
		}
		if (!n)
			break;
		k = *p < 0x80 ? 1 : utf8_sequence(p, n);
		if (!k)
			return 0;
		p += k;
		n -= k;
	}
	return 1;
}

size_t utf8_length(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

size_t utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	/* Back over continuation bytes: the cut goes before the character they belong to. */
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

int utf8_repair(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t run = 0; /* valid bytes waiting to be appended */

	while (run < n) {
		size_t k = utf8_sequence(p + run, n - run);
		if (k) {
			run += k;
			continue;
		}
		if (buf_append(b, p, run) < 0 || buf_puts(b, "\xEF\xBF\xBD") < 0)
			return -1;
		p += run + 1;
		n -= run + 1;
		run = 0;
	}
	return buf_append(b, p, run);
}

/* A letter or digit of the scripts reporting is written in: Latin (with its accented letters),
 * Greek, Cyrillic, Hebrew, Arabic; punctuation such as « » — is none. */
static int word_cp(unsigned cp)
{
	return (cp < 0x80 && (((cp | 32) >= 'a' && (cp | 32) <= 'z') || (cp >= '0' && cp <= '9'))) ||
	       (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x370 && cp <= 0x52F) ||
	       (cp >= 0x5D0 && cp <= 0x5EA) || (cp >= 0x620 && cp <= 0x64A);
}

static unsigned decode_at(const unsigned char *p, size_t k)
{
	return k == 1   ? p[0]
	       : k == 2 ? (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3F)
	       : k == 3 ? (unsigned)(p[0] & 0x0F) << 12 | (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F)
			: (unsigned)(p[0] & 0x07) << 18 | (unsigned)(p[1] & 0x3F) << 12 |
				  (unsigned)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

int utf8_word_at(const char *s, size_t len, size_t at)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k = at < len ? utf8_sequence(p + at, len - at) : 0;

	return k && word_cp(decode_at(p + at, k));
}

int utf8_word_before(const char *s, size_t at)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t b = at;

	while (b > 0 && at - b < 4 && (p[b - 1] & 0xC0) == 0x80)
		b--;
	if (b == 0 || at - b >= 4)
		return 0;
	b--;
	return utf8_sequence(p + b, at - b) == at - b && word_cp(decode_at(p + b, at - b));
}

uint32_t *utf8_decode(const char *s, size_t *n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), at = 0;
	uint32_t *cp = malloc((len + 1) * sizeof(*cp));

	*n = 0;
	while (cp && at < len) {
		size_t k = utf8_sequence(p + at, len - at);
		if (!k) { /* not valid: refused whole */
			free(cp);
			return NULL;
		}
		cp[(*n)++] = (uint32_t)decode_at(p + at, k);
		at += k;
	}
	return cp;
}
