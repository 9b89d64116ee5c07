/* base64url (RFC 4648 section 5) without padding: for cursors and API keys, text that travels
 * in URLs and headers as it is. */
#ifndef SWAPTRACK_BASE64_H
#define SWAPTRACK_BASE64_H

#include <stddef.h>

#include "core/buf.h"

/* Appends the encoding of n bytes at s to out; 0, or -1 when memory ran out. */
int base64url_encode(struct buf *out, const unsigned char *s, size_t n);
/* Appends the bytes that s encodes to out; -1 for a character outside the alphabet (or memory
 * running out), 0 otherwise. */
int base64url_decode(struct buf *out, const char *s);

#endif
