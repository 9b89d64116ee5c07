/* What a field type means, in one place: one row per type (fieldtype.c), one commented slot a
 * line, read by validation, the SQL (columns, parameters, filters, sort keys, CSV) and the
 * OpenAPI schema. Adding a type is adding a row; nothing else tests f->type for what a type
 * means. Children (FT_CHILDREN) are structure, not a value: validation and the schema recurse
 * into the child model, so their value and schema slots are NULL. */
#ifndef SWAPTRACK_FIELDTYPE_H
#define SWAPTRACK_FIELDTYPE_H

#include <jansson.h>

#include "core/buf.h"
#include "core/problem.h"
#include "engine/model/model.h"

struct field_ops {
	const char *name;             /* the type's name, for the architecture's readers */
	int columns;                  /* table columns it takes: a date 4 (as given, first day,
	                                * last day, precision), children 0, others 1 */
	const char *const *suffixes;  /* its columns' names after the field's name, NULL-ended;
	                                * NULL: one column, the name itself */
	int array;                    /* a text[] column: empty is [] (never null), and a filter
	                                * matches a record whose array contains the value */
	const struct field_ops *item; /* arrays of values: the type of one item (what a filter
	                                * on the field takes) */
	int sortable;                 /* FF_SORT is allowed (engine_init refuses it otherwise) */
	const char *cast;             /* a filter or cursor parameter's cast: "::bigint" */
	const char *sort_type;        /* the SQL type of its sort key ("date", "text", "bigint") */
	/* The stored form of JSON value v (a new reference), or NULL after adding an error at
	 * path. References go to refs. NULL for children (validate.c recurses). */
	json_t *(*value)(const struct field *f, const char *path, json_t *v, struct refs *refs,
			 struct problem *p);
	/* A query-string value for a filter on this type: 0, or -1 with *why (static, or this
	 * thread's until its next call). values: an enum's. */
	int (*query)(const char *const *values, const char *s, const char **why);
	/* Appends the text parameters of stored value v (columns of them, each malloc'd or NULL)
	 * to vals; 0, or -1 when memory ran out. */
	int (*params)(const struct field *f, json_t *v, char **vals);
	/* The OpenAPI schema of a value (a new reference). NULL for children (openapi.c). */
	json_t *(*schema)(const struct field *f);
	/* Appends the sort key expression over alias t, NULL-safe for keyset comparisons. */
	void (*sort_expr)(struct buf *b, const struct field *f);
	/* Whether a cursor's sort key is a value of this type as sort_expr makes it. */
	int (*cursor_key)(const struct field *f, const char *key);
	const char *csv; /* the CSV cell over t, a format taking the column */
	/* What ?name= does on a list for a field of this type, unasked (FF_FILTER asks it for a
	 * type without one: equality on one value): FILTER_EQUAL, the field equals (a list field:
	 * contains) the value, or any of several given with commas; FILTER_INTERVAL, a partial date
	 * overlaps the date or the interval "2024-01..2024-06" (an end may be left open). */
	int filter;
	/* The value is the server's: the model's check hook sets it on every write (value
	 * refuses a client's), a patch starts from the stored record without it, and an import
	 * computes it again rather than reading it from its line. */
	int computed;
};

enum { FILTER_NONE, FILTER_EQUAL, FILTER_INTERVAL };

/* 1 when lists of the field's model filter by it (?name=, or ?filter= when it names one). */
int field_filtered(const struct field *f);

/* Appends s to an array literal being built in b (empty to start): "{" or ",", then s quoted
 * with its quotes and backslashes escaped, or NULL. The caller closes it with "}". */
void field_array_item(struct buf *b, const char *s);

/* The row of f's type, or of a type given alone (a model filter's). */
const struct field_ops *field_ops(const struct field *f);
const struct field_ops *field_type_ops(enum field_type type);

/* Every field of every model uses its type as the table allows (FF_SORT only where sortable,
 * a reference with a target). Returns 0, or -1 after logging the first that does not. */
int field_types_check(const struct model *m);

#endif
