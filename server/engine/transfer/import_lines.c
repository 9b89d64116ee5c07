/* Which line each record of an import came from, and failing a line: what every part of an
 * import reports its errors with. */
#include "engine/transfer/import_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int im_seen_add(struct seen *s, long long id, long line)
{
	struct run *r = s->nruns ? &s->runs[s->nruns - 1] : NULL;

	if (r && id == r->id + (long long)r->len && line == r->line + (long)r->len) {
		r->len++;
	} else {
		if (s->nruns == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 64;
			struct run *runs = realloc(s->runs, cap * sizeof(*runs));
			if (!runs)
				return -1;
			s->runs = runs;
			s->cap = cap;
		}
		s->runs[s->nruns++] = (struct run){id, line, s->n, 1};
	}
	s->n++;
	s->last_id = id;
	return 0;
}

void im_seen_free(struct seen *s)
{
	free(s->runs);
	memset(s, 0, sizeof(*s));
}

/* The line of row k (0-based) of s. */
long im_seen_row_line(const struct seen *s, size_t k)
{
	size_t lo = 0, hi = s->nruns;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct run *r = &s->runs[mid];
		if (k < r->first)
			hi = mid;
		else if (k >= r->first + r->len)
			lo = mid + 1;
		else
			return r->line + (long)(k - r->first);
	}
	return 0;
}

/* The line of id in s (a type's records, ids ascending), or 0 when it was not read. */
long im_seen_line(const struct seen *s, long long id)
{
	size_t lo = 0, hi = s->nruns;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct run *r = &s->runs[mid];
		long long last = r->id + (long long)r->len - 1;
		if (id < r->id)
			hi = mid;
		else if (id > last)
			lo = mid + 1;
		else
			return r->line + (long)(id - r->id);
	}
	return 0;
}

void im_fail_line(struct import *im, long line, const char *field, const char *msg)
{
	if (!im->p.status) {
		problem_set(&im->p, 422, "The import has invalid lines; nothing was stored. See errors.");
		im->p.type = "/problems/validation";
	}
	if (json_array_size(im->p.errors) < MAX_ERRORS)
		problem_field_line(&im->p, line, field, "%s", msg);
	else
		im->failed = 1; /* enough to go on with: stop reading */
}
