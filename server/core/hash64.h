/* XXH64 (xxHash, seed 0): a fast 64-bit hash of bytes, for telling representations apart (the
 * ETag). Not a cryptographic hash: it says "this changed", not "nobody could have made these
 * two collide". Verified against xxhsum -H1 (Debian's xxhash). */
#ifndef SWAPTRACK_HASH64_H
#define SWAPTRACK_HASH64_H

#include <stddef.h>
#include <stdint.h>

uint64_t hash64(const void *data, size_t len);

#endif
