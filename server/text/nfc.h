/* Unicode Normalization Form C (UAX #15) of text in segments, for the quote matcher
 * (text/anchor.c): a segment starts at a code point that nothing before it can combine with, so
 * the NFC of a text is the NFC of its segments one after the other, and each normalized code
 * point can be traced to the segment it came from. Tables: text/nfc_data.h (scripts/gen-nfc). */
#ifndef SWAPTRACK_NFC_H
#define SWAPTRACK_NFC_H

#include <stddef.h>
#include <stdint.h>

/* The canonical combining class of c (0 for starters). */
unsigned nfc_class(uint32_t c);
/* 1 when a segment may begin at c: a starter that decomposes to a starter first and composes
 * with nothing before it. */
int nfc_boundary(uint32_t c);
/* The NFC of in[0..n) into out, which must have room for 4 * n code points (a canonical
 * decomposition is at most 4 long); returns how many it wrote. */
size_t nfc_normalize(const uint32_t *in, size_t n, uint32_t *out);

#endif
