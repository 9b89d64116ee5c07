/* SHA-256 (FIPS 180-4), for migration checksums and, later, API key hashes. */
#ifndef SWAPTRACK_SHA256_H
#define SWAPTRACK_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32

struct sha256 {
	uint32_t h[8];
	uint64_t total; /* bytes hashed so far */
	uint8_t block[64];
	size_t used; /* bytes waiting in block */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, uint8_t out[SHA256_LEN]);
/* One call: writes the digest of data as 64 lower-case hex digits and a NUL into hex. */
void sha256_hex(const void *data, size_t len, char hex[2 * SHA256_LEN + 1]);

#endif
