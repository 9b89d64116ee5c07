/* UTF-8 as the API promises it: text that reaches a client or a log is whole characters, never
 * a character cut in the middle nor an invalid byte passed on (Jansson refuses such a string, so
 * a message holding one would vanish from its problem). Pure functions. */
#ifndef SWAPTRACK_UTF8_H
#define SWAPTRACK_UTF8_H

#include <stddef.h>
#include <stdint.h>

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
/* Whether the character that starts at byte at of s (len bytes) is a letter or a digit of the
 * scripts reporting uses (not punctuation such as « »): where a word goes on. */
int utf8_word_at(const char *s, size_t len, size_t at);
/* Whether the character that ends just before byte at of s is a letter or a digit. */
int utf8_word_before(const char *s, size_t at);
/* The code points of s (valid UTF-8), malloc'd, their number in *n; NULL when memory ran out or
 * s is not valid. */
uint32_t *utf8_decode(const char *s, size_t *n);

#endif
