/* libFuzzer: list query strings. The first byte picks the collection; the rest is a query
 * string, split and percent-decoded as libmicrohttpd does, then checked and planned into SQL. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "collection.h"
#include "model.h"
#include "sqlgen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int hex(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decodes %XX and + in place; stops at NUL bytes as C strings do. */
static void decode(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (*s == '%' && hex(s[1]) >= 0 && hex(s[2]) >= 0) {
			*o++ = (char)(hex(s[1]) * 16 + hex(s[2]));
			s += 2;
		} else {
			*o++ = *s == '+' ? ' ' : *s;
		}
	}
	*o = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	const char *keys[64], *values[64];
	struct problem p = PROBLEM_INIT;
	struct buf sql = BUF_INIT;
	char *q, *save = NULL;
	int n = 0, nm = 0;

	if (!ready)
		ready = sql_init() == 0;
	if (size < 1)
		return 0;
	while (models[nm])
		nm++;
	q = malloc(size);
	memcpy(q, data + 1, size - 1);
	q[size - 1] = '\0';
	for (char *part = strtok_r(q, "&", &save); part && n < 64; part = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(part, '=');
		if (eq)
			*eq = '\0';
		decode(part);
		if (eq)
			decode(eq + 1);
		keys[n] = part;
		values[n++] = eq ? eq + 1 : NULL;
	}
	collection_list_plan(models[data[0] % nm], keys, values, n, &sql, &p);
	problem_clear(&p);
	buf_free(&sql);
	free(q);
	return 0;
}
