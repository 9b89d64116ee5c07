/* The route table: the program's fixed routes, then every collection's, generated from the
 * models (CRUD, history, the model's own routes, nested lists), then the catch-all. */
#include "engine/routes/collection.h"
#include "engine/write/merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends a copy of row to the table with pattern (malloc'd, taken over) as its pattern. */
static int add_route(struct route **t, size_t *n, size_t *cap, struct route row, char *pattern)
{
	if (!pattern)
		return -1;
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		struct route *p = realloc(*t, c * sizeof(*p));
		if (!p) {
			free(pattern);
			return -1;
		}
		*t = p;
		*cap = c;
	}
	row.pattern = pattern;
	(*t)[(*n)++] = row;
	return 0;
}

static char *fmt(const char *f, const char *a, const char *b)
{
	char *s;

	return asprintf(&s, f, a, b) < 0 ? NULL : s;
}

/* Every pattern in the table is malloc'd (fixed ones copied), so the table frees uniformly. */
/* How many filterable references of m name target. */
static int refs_to(const struct model *m, const struct model *target)
{
	int n = 0;

	for (const struct field *f = m->fields; f->name; f++)
		n += f->type == FT_REF && (f->flags & FF_FILTER) && f->ref == target;
	return n;
}

struct route *collection_routes(const struct route *fixed)
{
	struct route *t = NULL;
	size_t n = 0, cap = 0, nfixed = 0;
	int bad = 0;

	while (fixed[nfixed].method)
		nfixed++;
	/* Fixed rows but the last (the catch-all), then the collections, then the catch-all. */
	for (size_t i = 0; i + 1 < nfixed; i++)
		bad |= add_route(&t, &n, &cap, fixed[i], strdup(fixed[i].pattern));
	for (int i = 0; models[i]; i++) {
		const struct model *m = models[i];
		const char *one = "/v1/%s/{id}";
		bad |= add_route(&t, &n, &cap,
				 (struct route){.method = "GET",
						.handler = collection_list,
						.resource = m,
						.produces = collection_list_types},
				 fmt("/v1/%s", m->name, NULL));
		bad |= add_route(&t, &n, &cap,
				 (struct route){.method = "POST",
						.handler = collection_create,
						.resource = m,
						.idempotent = 1},
				 fmt("/v1/%s", m->name, NULL));
		bad |= add_route(&t, &n, &cap,
				 (struct route){.method = "GET", .handler = collection_get, .resource = m},
				 fmt(one, m->name, NULL));
		bad |= add_route(&t, &n, &cap,
				 (struct route){.method = "PUT",
						.handler = collection_replace,
						.resource = m},
				 fmt(one, m->name, NULL));
		bad |= add_route(&t, &n, &cap,
				 (struct route){.method = "PATCH",
						.handler = collection_patch,
						.resource = m},
				 fmt(one, m->name, NULL));
		bad |= add_route(&t, &n, &cap,
				 (struct route){.method = "DELETE",
						.handler = collection_delete,
						.resource = m},
				 fmt(one, m->name, NULL));
		bad |= add_route(&t, &n, &cap,
				 (struct route){.method = "GET",
						.handler = collection_history_list,
						.resource = m},
				 fmt("/v1/%s/{id}/history", m->name, NULL));
		if (m->mergeable)
			bad |= add_route(&t, &n, &cap,
					 (struct route){.method = "POST",
							.handler = merge_handler,
							.resource = m},
					 fmt("/v1/%s/{id}/merge", m->name, NULL));
		for (const struct model_route *mr = m->routes; mr && mr->suffix; mr++)
			bad |= add_route(&t, &n, &cap,
					 (struct route){.method = "GET",
							.handler = mr->handler,
							.resource = m},
					 fmt("/v1/%s/{id}/%s", m->name, mr->suffix));
		/* Nested lists: every filterable reference, e.g. /v1/sources/{id}/citations; none
		 * when two of them name the same model (a statement's speaker and subject are both
		 * people: which would /v1/people/{id}/statements mean?). */
		for (const struct field *f = m->fields; f->name; f++)
			if (f->type == FT_REF && (f->flags & FF_FILTER) && refs_to(m, f->ref) == 1)
				bad |= add_route(&t, &n, &cap,
						 (struct route){.method = "GET",
								.handler = collection_list,
								.resource = m,
								.field = f,
								.produces = collection_list_types},
						 fmt("/v1/%s/{id}/%s", f->ref->name, m->name));
	}
	bad |= add_route(&t, &n, &cap, fixed[nfixed - 1], strdup(fixed[nfixed - 1].pattern));
	if (!bad) {
		struct route *p = realloc(t, (n + 1) * sizeof(*p));
		if (p) {
			t = p;
			memset(&t[n], 0, sizeof(t[n])); /* the terminating row */
		}
		bad = !p;
	}
	if (bad) {
		for (size_t i = 0; i < n; i++)
			free((char *)t[i].pattern);
		free(t);
		return NULL;
	}
	return t;
}

void collection_routes_free(struct route *routes)
{
	for (struct route *r = routes; r && r->method; r++)
		free((char *)r->pattern);
	free(routes);
}
