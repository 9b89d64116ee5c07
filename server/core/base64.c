/* base64url without padding. */
#include "core/base64.h"

#include <string.h>

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int base64url_encode(struct buf *out, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) |
			     (i + 2 < n ? s[i + 2] : 0);
		char q[4] = {alphabet[v >> 18 & 63], alphabet[v >> 12 & 63], alphabet[v >> 6 & 63],
			     alphabet[v & 63]};
		if (buf_append(out, q, i + 2 < n ? 4 : i + 1 < n ? 3 : 2) < 0)
			return -1;
	}
	return 0;
}

int base64url_decode(struct buf *out, const char *s)
{
	unsigned v = 0;
	int bits = 0;

	for (; *s; s++) {
		const char *at = strchr(alphabet, *s);
		if (!at)
			return -1;
		v = v << 6 | (unsigned)(at - alphabet);
		bits += 6;
		if (bits >= 8) {
			char c = (char)(v >> (bits - 8) & 0xff);
			bits -= 8;
			if (buf_append(out, &c, 1) < 0)
				return -1;
		}
	}
	return 0;
}
