/* libFuzzer: Swaptrack-Min-LSN, the one request header the server parses into a number. What
 * parses must be 1 to 8 hex digits, a slash, 1 to 8 hex digits, and write back to the same
 * position. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db/replicas.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), text[24];
	uint64_t v, again;

	memcpy(s, data, size);
	s[size] = '\0';
	if (lsn_parse(s, &v) == 0) {
		const char *slash = strchr(s, '/');
		if (!slash || slash == s || slash - s > 8 || strlen(slash + 1) < 1 ||
		    strlen(slash + 1) > 8 || strspn(s, "0123456789abcdefABCDEF/") != strlen(s))
			abort();
		lsn_format(v, text);
		if (lsn_parse(text, &again) != 0 || again != v)
			abort();
	}
	free(s);
	return 0;
}
