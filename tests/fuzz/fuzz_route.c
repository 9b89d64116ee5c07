/* libFuzzer: the real route table against any method and path. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "program/serve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const methods[] = {"GET",   "HEAD",   "POST",    "PUT",
					      "PATCH", "DELETE", "OPTIONS", "TRACE"};
	static struct route *routes;
	struct problem p = PROBLEM_INIT;
	char *params[ROUTE_MAX_PARAMS], *path;
	const struct route *r;
	int n = 0;

	if (!routes && !(routes = serve_routes()))
		abort();
	if (size < 1)
		return 0;
	path = malloc(size);
	memcpy(path, data + 1, size - 1);
	path[size - 1] = '\0';
	r = route_match(routes, methods[data[0] % 8], path, params, &n, &p);
	if (r && n > ROUTE_MAX_PARAMS)
		abort();
	if (!r && p.status != 404 && p.status != 405)
		abort();
	for (int i = 0; r && i < n; i++)
		free(params[i]);
	problem_clear(&p);
	free(path);
	return 0;
}
