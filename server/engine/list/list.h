/* Lists, inside the engine: a list query as checked (list_args.c) and as run (list.c). */
#ifndef SWAPTRACK_LIST_H
#define SWAPTRACK_LIST_H

#include "core/buf.h"
#include "engine/list/shape.h"

#define MAX_ARGS 32
#define SORT_KEYS 4 /* keys a sort may name besides the id */

struct arg {
	const char *key, *value;
};

struct sort_key {
	const struct field *f; /* NULL: the id */
	int desc;
};

struct list {
	const struct model *m;
	const struct field *nested; /* nested route: the field fixed to the parent's id */
	const char *nested_id;
	struct arg args[MAX_ARGS]; /* the query, in order, all checked */
	int nargs;
	/* The order: the keys sort= names, then the id (in the last key's direction) unless it
	 * named the id last, so that every row has one place and a cursor one meaning. */
	struct sort_key sort[SORT_KEYS + 1];
	int nsort;
	long limit;
	int limit_given;
	int count;
	const char *after;           /* the cursor as given */
	char *after_keys[SORT_KEYS]; /* decoded: the last row's keys, then its id */
	char after_id[24];
	int after_given;
	struct shape shape; /* fields= and embed= */
	struct problem *p;
};

void list_init(struct list *l, const struct model *m, struct problem *p);
/* One query argument (an http_query_each callback, ctx the list): checked, kept in args. */
int list_arg(void *ctx, const char *key, const char *value);
/* The checks made once every argument was seen: the cursor, and from before to. */
void list_finish(struct list *l);
/* "WHERE ..." for the filters in l, with parameters appended to vals from *n on. */
void list_where(struct list *l, struct buf *sql, const char **vals, int *n);
/* The order as a cursor records it: "-occurred_on,id". */
void list_sort_text(const struct list *l, char *out, size_t size);
/* Frees the parameters from vals[from] to vals[n - 1] that list_where allocated. */
void list_free_vals(struct list *l, const char **vals, int n, int from);
void list_free(struct list *l);

#endif
