/* UTF-8 as the API promises it: text that reaches a client or a log is whole characters, never
 * a character cut in the middle nor an invalid byte passed on (Jansson refuses such a string, so
 * a message holding one would vanish from its problem). Pure functions. */
#ifndef SWAPTRACK_UTF8_H
#define SWAPTRACK_UTF8_H

#include <stddef.h>

struct buf;

/* 1 when s is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF). */
int utf8_valid(const char *s);
/* The number of characters (code points) in a valid UTF-8 string. */
size_t utf8_length(const char *s);
/* The length of the valid sequence that starts s[0..n), 1 to 4, or 0 when s[0] starts none. */
size_t utf8_sequence(const unsigned char *s, size_t n);
/* The largest length <= max at which s (len bytes) can be cut without splitting a character. */
size_t utf8_cut(const char *s, size_t len, size_t max);
/* Appends s[0..n) to b with each byte that is not part of a valid sequence replaced by U+FFFD.
 * Returns 0 or -1 (out of memory). */
int utf8_repair(struct buf *b, const char *s, size_t n);

#endif
