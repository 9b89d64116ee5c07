/* The values of the field types, as fieldtype.c's table names them (fieldvalue.c): each returns
 * the stored form of v for field f (a new reference), or NULL after reporting at path; a
 * reference or a party's code is added to refs. Internal to the engine. */
#ifndef SWAPTRACK_FIELDVALUE_H
#define SWAPTRACK_FIELDVALUE_H

#include <jansson.h>

#include "core/buf.h"
#include "core/problem.h"
#include "engine/model/model.h"

/* The largest whole number a JSON client keeps exact (2^53 - 1): an FT_INT field's default
 * maximum. */
#define INT_MAX_EXACT 9007199254740991LL

/* 1 when s is one of list (NULL-terminated). */
int field_in_list(const char *const *list, const char *s);
/* Appends "a, b, c" of values. */
void field_enum_list(struct buf *b, const char *const *values);

json_t *text_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		   struct problem *p);
json_t *date_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		   struct problem *p);
json_t *side_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		   struct problem *p);
json_t *country_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		      struct problem *p);
json_t *enum_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		   struct problem *p);
json_t *bool_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		   struct problem *p);
json_t *number_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		     struct problem *p);
json_t *int_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		  struct problem *p);
json_t *id_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		 struct problem *p);
json_t *countries_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
			struct problem *p);
json_t *sides_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		    struct problem *p);
json_t *strings_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		      struct problem *p);
/* One value of any field's kind (a string, a number or a boolean); what it must be beyond that
 * is the model's check hook's to say (a citation's value, as the field it cites). */
json_t *claim_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		    struct problem *p);
json_t *computed_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		       struct problem *p);
/* Reports at path that s (NULL: not a string) is not a side, saying what a side is and how to
 * add a party: for text of neither form, and for a party's code that no live party has. */
void side_refused(struct problem *p, const char *path, const char *s);

#endif
