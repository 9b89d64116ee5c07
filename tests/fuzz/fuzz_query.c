/* libFuzzer: list query strings. The first byte picks the collection; the rest is a query
 * string, split and percent-decoded as libmicrohttpd does, then checked and planned into SQL. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "engine/model/model.h"
#include "engine/routes/collection.h"
#include "engine/sql/sqlgen.h"
#include "models/models.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	const char *keys[64], *values[64];
	struct problem p = PROBLEM_INIT;
	struct buf sql = BUF_INIT;
	char *q;
	int n, nm = 0;

	if (!ready)
		ready = engine_init(resources) == 0;
	if (size < 1)
		return 0;
	while (models[nm])
		nm++;
	q = malloc(size);
	memcpy(q, data + 1, size - 1);
	q[size - 1] = '\0';
	n = collection_query_split(q, keys, values, 64);
	collection_list_plan(models[data[0] % nm], keys, values, n, &sql, NULL, &p);
	problem_clear(&p);
	buf_free(&sql);
	free(q);
	return 0;
}
