/* Out of memory, noticed per thread (oom.h). */
#include "core/oom.h"

#include <stdlib.h>
#include <jansson.h>

static _Thread_local int seen;

void oom_note(void)
{
	seen = 1;
}

int oom_seen(void)
{
	return seen;
}

void oom_clear(void)
{
	seen = 0;
}

static void *json_malloc(size_t n)
{
	void *p = malloc(n);

	if (!p)
		oom_note();
	return p;
}

static void json_free(void *p)
{
	free(p);
}

void oom_init(void)
{
	json_set_alloc_funcs(json_malloc, json_free);
}
