/* The values of the field types (fieldtype.c's table names these): the stored form of a JSON
 * value, or NULL after reporting at path. Countries and sides are checked here; a side naming
 * a party is added to refs, for the database to confirm (validate_refs). */
#include "engine/model/fieldvalue.h"

#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "engine/model/cite.h"
#include "engine/model/types.h"

int field_in_list(const char *const *list, const char *s)
{
	for (; list && *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

void field_enum_list(struct buf *b, const char *const *values)
{
	for (int i = 0; values && values[i]; i++)
		buf_printf(b, "%s%s", i ? ", " : "", values[i]);
}

/* A string of at most max characters passing f->check; 0 or -1 after reporting. */
static int text_ok(const struct field *f, const char *path, json_t *v, size_t max, struct problem *p)
{
	const char *s = json_string_value(v), *why;

	if (!s) {
		problem_field(p, path, "must be a string");
		return -1;
	}
	if (max && utf8_length(s) > max) {
		problem_field(p, path, "must be at most %zu characters", max);
		return -1;
	}
	if ((f->flags & FF_REQUIRED) && !*s) {
		problem_field(p, path, "must not be empty");
		return -1;
	}
	if (f->check && f->check(s, &why) < 0) {
		problem_field(p, path, "%s", why);
		return -1;
	}
	return 0;
}

/* One country code; 0 or -1 after reporting at path. */
static int country_ok(const char *path, json_t *v, struct problem *p)
{
	const char *s = json_string_value(v);
	char upper[3] = {0};

	if (!s) {
		problem_field(p, path, "must be a country code such as \"RU\"");
		return -1;
	}
	if (country_find(s))
		return 0;
	if (strlen(s) == 2) {
		upper[0] = (char)(s[0] >= 'a' && s[0] <= 'z' ? s[0] - 32 : s[0]);
		upper[1] = (char)(s[1] >= 'a' && s[1] <= 'z' ? s[1] - 32 : s[1]);
	}
	if (upper[0] && country_find(upper))
		problem_field(p, path, "country codes are upper case: \"%s\"", upper);
	else
		/* Quoted up to 20 bytes, cut between characters. */
		problem_field(p, path, "\"%.*s%s\" is not an ISO 3166-1 alpha-2 country code",
			      (int)utf8_cut(s, strlen(s), 20), s, strlen(s) > 20 ? "..." : "");
	return -1;
}

void side_refused(struct problem *p, const char *path, const char *s)
{
	const struct model *side = model_side();
	const char *one, *many;

	if (!side) { /* no model names sides: a side is a country code */
		problem_field(p, path, "must be a country code such as \"RU\"");
		return;
	}
	one = side->singular;
	many = side->name;
	if (!s) {
		problem_field(p, path,
			      "must be a side: a state's code in upper case (\"RU\") or a %s's code "
			      "(\"hamas\")",
			      one);
		return;
	}
	/* Quoted up to 40 bytes (a party code's length), cut between characters. */
	problem_field(p, path,
		      "\"%.*s%s\" is neither a country code nor a %s's code: a side is a state's code "
		      "in upper case (\"RU\") or the code of a live %s (\"hamas\"); add one with "
		      "POST /v1/%s",
		      (int)utf8_cut(s, strlen(s), 40), s, strlen(s) > 40 ? "..." : "", one, one, many);
}

/* One side: a state's code, or a party's code that validate_refs then looks up among the live
 * records of the side model (a party created earlier in the same batch included); 0 or -1
 * after reporting at path. */
static int side_ok(const char *path, json_t *v, struct refs *refs, struct problem *p)
{
	const struct model *side = model_side();
	const char *s = json_string_value(v), *why = NULL;
	char upper[3] = {0};

	if (!side)
		return country_ok(path, v, p);
	if (s) {
		switch (side_form(s, &why)) {
		case SIDE_STATE:
			return 0;
		case SIDE_PARTY:
			refs_add_side(refs, path, s);
			return 0;
		case SIDE_NONE:
			break;
		}
		if (strlen(s) == 2) {
			upper[0] = (char)(s[0] >= 'a' && s[0] <= 'z' ? s[0] - 32 : s[0]);
			upper[1] = (char)(s[1] >= 'a' && s[1] <= 'z' ? s[1] - 32 : s[1]);
		}
	}
	if (upper[0] && country_side_find(upper))
		problem_field(p, path, "country codes are upper case: \"%s\"", upper);
	else
		side_refused(p, path, s);
	return -1;
}

json_t *text_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		   struct problem *p)
{
	(void)refs;
	return text_ok(f, path, v, f->max, p) ? NULL : json_incref(v);
}

json_t *date_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		   struct problem *p)
{
	struct partial_date d;
	const char *why;

	(void)f;
	(void)refs;
	if (!json_is_string(v)) {
		problem_field(p, path, "must be a date as YYYY, YYYY-MM or YYYY-MM-DD");
		return NULL;
	}
	if (partial_date_parse(json_string_value(v), &d, &why) < 0) {
		problem_field(p, path, "%s", why);
		return NULL;
	}
	return json_incref(v);
}

json_t *side_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		   struct problem *p)
{
	(void)f;
	return side_ok(path, v, refs, p) ? NULL : json_incref(v);
}

json_t *country_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		      struct problem *p)
{
	(void)f;
	(void)refs;
	return country_ok(path, v, p) ? NULL : json_incref(v);
}

json_t *enum_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		   struct problem *p)
{
	struct buf b = BUF_INIT;

	(void)refs;
	if (json_is_string(v) && field_in_list(field_values(f), json_string_value(v)))
		return json_incref(v);
	field_enum_list(&b, field_values(f));
	problem_field(p, path, "must be one of: %s", b.data ? b.data : "");
	buf_free(&b);
	return NULL;
}

json_t *bool_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		   struct problem *p)
{
	(void)f;
	(void)refs;
	if (json_is_boolean(v))
		return json_incref(v);
	problem_field(p, path, "must be true or false");
	return NULL;
}

json_t *int_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		  struct problem *p)
{
	long long max = f->max ? (long long)f->max : INT_MAX_EXACT;

	(void)refs;
	if (json_is_integer(v) && json_integer_value(v) >= f->min && json_integer_value(v) <= max)
		return json_incref(v);
	problem_field(p, path, "must be a whole number from %lld to %lld", f->min, max);
	return NULL;
}

/* A number from 0 to 2^53 - 1 (what JSON keeps exact for whole numbers), stored as PostgreSQL's
 * numeric: an amount such as 6000000000 or 2.5. */
json_t *number_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		     struct problem *p)
{
	(void)f;
	(void)refs;
	if (json_is_number(v) && json_number_value(v) >= 0 &&
	    json_number_value(v) <= (double)INT_MAX_EXACT)
		return json_incref(v);
	problem_field(p, path, "must be a number from 0 up, such as 6000000000 or 2.5");
	return NULL;
}

json_t *id_value(const struct field *f, const char *path, json_t *v, struct refs *refs, struct problem *p)
{
	if (!json_is_integer(v) || json_integer_value(v) < 1) {
		problem_field(p, path, "must be the id of a record: a positive integer");
		return NULL;
	}
	/* A reference's target is checked against the database later; a citation's subject by
	 * its model's hook, which knows the kind. */
	if (f->type == FT_REF)
		refs_add(refs, path, f->ref, (long long)json_integer_value(v));
	return json_incref(v);
}

/* An array of at most limit items, each checked by item(); NULL after reporting. */
static json_t *array_value(const char *path, json_t *v, size_t limit, struct refs *refs,
			   struct problem *p,
			   int (*item)(const struct field *f, const char *path, json_t *all, size_t i,
				       struct refs *refs, struct problem *p),
			   const struct field *f)
{
	char at[256];
	size_t i;
	json_t *x;
	int bad = 0;

	if (!json_is_array(v)) {
		problem_field(p, path, "must be an array");
		return NULL;
	}
	if (json_array_size(v) > limit) {
		problem_field(p, path, "must have at most %zu items", limit);
		return NULL;
	}
	json_array_foreach(v, i, x) {
		problem_path(at, sizeof(at), "%s[%zu]", path, i);
		bad |= item(f, at, v, i, refs, p);
	}
	return bad ? NULL : json_incref(v);
}

/* Item i of a country list: a code, not already in the list. */
/* -1 after reporting at path when item i of all repeats an earlier one. */
static int repeated(const char *path, json_t *all, size_t i, struct problem *p)
{
	json_t *x = json_array_get(all, i);

	for (size_t j = 0; j < i; j++)
		if (json_equal(x, json_array_get(all, j))) {
			problem_field(p, path, "%s is already in the list", json_string_value(x));
			return -1;
		}
	return 0;
}

static int country_item(const struct field *f, const char *path, json_t *all, size_t i,
			struct refs *refs, struct problem *p)
{
	(void)f;
	(void)refs;
	return country_ok(path, json_array_get(all, i), p) || repeated(path, all, i, p) ? -1 : 0;
}

/* Item i of a side list: a side, not already in the list. */
static int side_item(const struct field *f, const char *path, json_t *all, size_t i, struct refs *refs,
		     struct problem *p)
{
	(void)f;
	return side_ok(path, json_array_get(all, i), refs, p) || repeated(path, all, i, p) ? -1 : 0;
}

/* Item i of a string list: a non-empty string of at most f->max characters. */
static int string_item(const struct field *f, const char *path, json_t *all, size_t i,
		       struct refs *refs, struct problem *p)
{
	struct field one = {.flags = FF_REQUIRED};

	(void)refs;
	return text_ok(&one, path, json_array_get(all, i), f->max, p);
}

json_t *countries_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
			struct problem *p)
{
	return array_value(path, v, f->max, refs, p, country_item, f);
}

json_t *sides_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		    struct problem *p)
{
	return array_value(path, v, f->max, refs, p, side_item, f);
}

json_t *strings_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		      struct problem *p)
{
	return array_value(path, v, 100, refs, p, string_item, f);
}

json_t *claim_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		    struct problem *p)
{
	(void)f;
	(void)refs;
	if (json_is_string(v) || json_is_number(v) || json_is_boolean(v))
		return json_incref(v);
	problem_field(p, path,
		      "must be one value: a string, a number or a boolean (of a list field, one "
		      "member)");
	return NULL;
}

/* Written by the server alone: any value a client gives is refused. */
json_t *computed_value(const struct field *f, const char *path, json_t *v, struct refs *refs,
		       struct problem *p)
{
	(void)f;
	(void)v;
	(void)refs;
	problem_field(p, path, "is set by the server and cannot be written");
	return NULL;
}
