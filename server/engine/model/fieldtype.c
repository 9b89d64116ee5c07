/* The field types: one row each at the end of this file, the functions its slots name above it. */
#include "engine/model/fieldtype.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/utf8.h"
#include "engine/model/cite.h"
#include "engine/model/fieldvalue.h"
#include "engine/model/types.h"

static json_t *schema_ref(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "#/components/schemas/%s", name);
	return json_pack("{s:s}", "$ref", path);
}

static int put(char **vals, int at, const char *s)
{
	vals[at] = s ? strdup(s) : NULL;
	return s && !vals[at] ? -1 : 0;
}

/* ---- Query values: a filter's value from the query string. ---- */

static int text_query(const char *const *values, const char *s, const char **why)
{
	(void)values;
	if (!utf8_valid(s)) {
		*why = "must be UTF-8 text";
		return -1;
	}
	if (!*s || utf8_length(s) > 500) {
		*why = "must be 1 to 500 characters";
		return -1;
	}
	return 0;
}

static int date_query(const char *const *values, const char *s, const char **why)
{
	struct partial_date d;

	(void)values;
	return partial_date_parse(s, &d, why);
}

static int country_query(const char *const *values, const char *s, const char **why)
{
	(void)values;
	if (country_find(s))
		return 0;
	*why = "must be an ISO 3166-1 alpha-2 country code in upper case, such as RU";
	return -1;
}

/* A filter's side is checked by its form: a well-formed code that no party has matches nothing,
 * as an id that no record has does. */
static int side_query(const char *const *values, const char *s, const char **why)
{
	(void)values;
	if (side_form(s, why) != SIDE_NONE)
		return 0;
	*why = "must be a side: a state's code in upper case (\"RU\") or a party's code "
	       "(\"hamas\"); it is neither a country code nor a party's code";
	return -1;
}

static int enum_query(const char *const *values, const char *s, const char **why)
{
	static _Thread_local char msg[512];
	struct buf b = BUF_INIT;

	if (field_in_list(values, s))
		return 0;
	field_enum_list(&b, values);
	snprintf(msg, sizeof(msg), "must be one of: %s", b.data ? b.data : "");
	buf_free(&b);
	*why = msg;
	return -1;
}

static int bool_query(const char *const *values, const char *s, const char **why)
{
	(void)values;
	if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)
		return 0;
	*why = "must be true or false";
	return -1;
}

/* Digits only, no sign or space, within a bigint; first at least `least`. */
static int whole(const char *s, long long least)
{
	char *end;
	long long v;

	if (s[0] < '0' || s[0] > '9')
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	return !errno && !*end && v >= least;
}

static int int_query(const char *const *values, const char *s, const char **why)
{
	(void)values;
	if (whole(s, 0))
		return 0;
	*why = "must be a whole number";
	return -1;
}

static int id_query(const char *const *values, const char *s, const char **why)
{
	(void)values;
	if (whole(s, 1))
		return 0;
	*why = "must be a positive integer id";
	return -1;
}

/* ---- Parameters: the text of a stored value's columns. ---- */

static int text_params(const struct field *f, json_t *v, char **vals)
{
	(void)f;
	return put(vals, 0, json_string_value(v));
}

static int date_params(const struct field *f, json_t *v, char **vals)
{
	struct partial_date d;
	const char *why;

	(void)f;
	if (!json_is_string(v) || partial_date_parse(json_string_value(v), &d, &why) < 0) {
		for (int k = 0; k < 4; k++)
			vals[k] = NULL;
		return 0;
	}
	return put(vals, 0, json_string_value(v)) | put(vals, 1, d.first) | put(vals, 2, d.last) |
	       put(vals, 3, date_precision_name(d.precision));
}

void field_array_item(struct buf *b, const char *s)
{
	buf_puts(b, b->len ? "," : "{");
	if (!s) {
		buf_puts(b, "NULL");
		return;
	}
	buf_puts(b, "\"");
	for (const char *run = s;; s++) {
		if (*s == '"' || *s == '\\' || !*s) {
			buf_append(b, run, (size_t)(s - run));
			if (!*s)
				break;
			buf_puts(b, "\\");
			run = s;
		}
	}
	buf_puts(b, "\"");
}

/* A PostgreSQL array literal of strings: {"a","b \"c\""}. */
static int array_params(const struct field *f, json_t *v, char **vals)
{
	struct buf b = BUF_INIT;
	size_t i;
	json_t *x;

	(void)f;
	json_array_foreach(v, i, x)
		field_array_item(&b, json_string_value(x) ? json_string_value(x) : "");
	buf_puts(&b, b.len ? "}" : "{}");
	vals[0] = buf_steal(&b);
	return vals[0] ? 0 : -1;
}

/* A JSON value as its text, or NULL. */
static int json_params(const struct field *f, json_t *v, char **vals)
{
	(void)f;
	if (json_is_null(v) || !v) {
		vals[0] = NULL;
		return 0;
	}
	vals[0] = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	return vals[0] ? 0 : -1;
}

static int bool_params(const struct field *f, json_t *v, char **vals)
{
	(void)f;
	return put(vals, 0, json_is_boolean(v) ? (json_is_true(v) ? "true" : "false") : NULL);
}

/* A number as its shortest exact text: an integer as digits, a real with 17 significant digits
 * trimmed ("2.5", not "2.50000000000000000"). */
static int decimal_params(const struct field *f, json_t *v, char **vals)
{
	char num[40];

	(void)f;
	if (json_is_integer(v))
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(num, sizeof(num), "%.17g", json_real_value(v));
	return put(vals, 0, json_is_number(v) ? num : NULL);
}

static int number_params(const struct field *f, json_t *v, char **vals)
{
	char num[24];

	(void)f;
	snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
	return put(vals, 0, json_is_integer(v) ? num : NULL);
}

/* ---- Schemas: a value in the OpenAPI document. ---- */

static json_t *text_schema(const struct field *f)
{
	json_t *s = json_pack("{s:s}", "type", "string");

	if (f->max)
		json_object_set_new(s, "maxLength", json_integer((json_int_t)f->max));
	if (f->check == check_url)
		json_object_set_new(s, "format", json_string("uri"));
	/* The dashboard picks a currency by its name from what the format names. */
	if (f->check == check_currency)
		json_object_set_new(s, "format", json_string("iso-4217"));
	if (f->check == check_wikidata)
		json_object_set_new(s, "pattern", json_string("^Q[1-9][0-9]*$"));
	if (f->flags & FF_REQUIRED)
		json_object_set_new(s, "minLength", json_integer(1));
	return s;
}

static json_t *date_schema(const struct field *f)
{
	(void)f;
	return schema_ref("partial_date");
}

static json_t *country_schema(const struct field *f)
{
	(void)f;
	return schema_ref("country");
}

static json_t *countries_schema(const struct field *f)
{
	return json_pack("{s:s, s:o, s:b, s:I}", "type", "array", "items", schema_ref("country"),
			 "uniqueItems", 1, "maxItems", (json_int_t)f->max);
}

static json_t *side_schema(const struct field *f)
{
	(void)f;
	return schema_ref("side");
}

static json_t *sides_schema(const struct field *f)
{
	return json_pack("{s:s, s:o, s:b, s:I}", "type", "array", "items", schema_ref("side"),
			 "uniqueItems", 1, "maxItems", (json_int_t)f->max);
}

static json_t *strings_schema(const struct field *f)
{
	return json_pack("{s:s, s:{s:s, s:i, s:I}, s:i}", "type", "array", "items", "type", "string",
			 "minLength", 1, "maxLength", (json_int_t)f->max, "maxItems", 100);
}

static json_t *enum_schema(const struct field *f)
{
	json_t *values = json_array(), *s;

	for (const char *const *v = field_values(f); v && *v; v++)
		json_array_append_new(values, json_string(*v));
	s = json_pack("{s:s, s:o}", "type", "string", "enum", values);
	if (f->def)
		json_object_set_new(s, "default", json_string(f->def));
	return s;
}

static json_t *bool_schema(const struct field *f)
{
	json_t *s = json_pack("{s:s}", "type", "boolean");

	if (f->def)
		json_object_set_new(s, "default", json_boolean(strcmp(f->def, "true") == 0));
	return s;
}

static json_t *int_schema(const struct field *f)
{
	return json_pack("{s:s, s:I, s:I}", "type", "integer", "minimum", (json_int_t)f->min, "maximum",
			 (json_int_t)(f->max ? (long long)f->max : INT_MAX_EXACT));
}

static json_t *number_schema(const struct field *f)
{
	(void)f;
	return json_pack("{s:s, s:i}", "type", "number", "minimum", 0);
}

/* The field's own schema, marked read only (the server's). */
static json_t *json_schema(const struct field *f)
{
	json_t *s = json_loads(f->schema ? f->schema : "{}", 0, NULL);

	if (s)
		json_object_set_new(s, "readOnly", json_true());
	return s;
}

/* A reference names its collection in "x-references", so that a client (the dashboard's
 * pickers) can offer the records by name instead of asking for a number. */
static json_t *id_schema(const struct field *f)
{
	json_t *s = json_pack("{s:s, s:i}", "type", "integer", "minimum", 1);

	if (f->type == FT_REF && f->ref)
		json_object_set_new(s, "x-references", json_string(f->ref->name));
	return s;
}

/* ---- Sort keys: NULL-safe expressions, and the cursor keys they make. ---- */

static json_t *anchor_schema(const struct field *f)
{
	(void)f;
	return json_pack("{s:s, s:b, s:{s:{s:s, s:i, s:s}, s:{s:s, s:i, s:s}, s:{s:s, s:s}, "
			 "s:{s:s, s:s}, s:{s:s, s:s}}, s:[s, s, s, s, s]}",
			 "type", "object", "readOnly", 1, "properties", "start", "type", "integer",
			 "minimum", 0, "description",
			 "The first code point of the span in the text (from 0).", "end", "type",
			 "integer", "minimum", 0, "description",
			 "The code point after the span (end exclusive).", "exact", "type", "string",
			 "description", "The text's own words of the span.", "prefix", "type", "string",
			 "description", "Up to 32 code points of the text before the span.", "suffix",
			 "type", "string", "description",
			 "Up to 32 code points of the text after the span.", "required", "start", "end",
			 "exact", "prefix", "suffix");
}

static json_t *claim_schema(const struct field *f)
{
	(void)f;
	return json_pack("{s:[s, s, s]}", "type", "string", "number", "boolean");
}

static void text_sort(struct buf *b, const struct field *f)
{
	if (f->flags & FF_REQUIRED)
		buf_printf(b, "t.%s", f->name);
	else
		buf_printf(b, "coalesce(t.%s, '')", f->name);
}

static void date_sort(struct buf *b, const struct field *f)
{
	if (f->flags & FF_REQUIRED)
		buf_printf(b, "t.%s_first", f->name);
	else
		buf_printf(b, "coalesce(t.%s_first, '-infinity'::date)", f->name);
}

static void int_sort(struct buf *b, const struct field *f)
{
	if (f->flags & FF_REQUIRED)
		buf_printf(b, "t.%s", f->name);
	else
		buf_printf(b, "coalesce(t.%s, -1)", f->name);
}

static int text_key(const struct field *f, const char *key)
{
	return utf8_valid(key) && (!f->max || utf8_length(key) <= f->max);
}

/* A day ("-infinity" for a record without the date, when the date is optional). */
static int date_key(const struct field *f, const char *key)
{
	struct partial_date d;
	const char *why;

	return (strcmp(key, "-infinity") == 0 && !(f->flags & FF_REQUIRED)) ||
	       (partial_date_parse(key, &d, &why) == 0 && d.precision == DATE_DAY);
}

static int int_key(const struct field *f, const char *key)
{
	return whole(key, 0) || (strcmp(key, "-1") == 0 && !(f->flags & FF_REQUIRED));
}

static const char *const date_columns[] = {"", "_first", "_last", "_precision", NULL};

/* One row per type, indexed by enum field_type. */
/* Not formatted: a row a type, laid out by hand. */
/* clang-format off */
static const struct field_ops types[] = {
	[FT_TEXT] = {
		.name = "text",             /* at most max characters, passing check */
		.columns = 1,
		.sortable = 1,
		.cast = "",
		.sort_type = "text",
		.value = text_value,
		.query = text_query,
		.params = text_params,
		.schema = text_schema,
		.sort_expr = text_sort,
		.cursor_key = text_key,
		.csv = "t.%s::text",
	},
	[FT_DATE] = {
		.filter = FILTER_INTERVAL,
		.name = "partial date",     /* "YYYY", "YYYY-MM" or "YYYY-MM-DD", kept as given */
		.columns = 4,
		.suffixes = date_columns,   /* as given, first day, last day, precision */
		.sortable = 1,
		.cast = "",
		.sort_type = "date",
		.value = date_value,
		.query = date_query,
		.params = date_params,
		.schema = date_schema,
		.sort_expr = date_sort,
		.cursor_key = date_key,
		.csv = "t.%s::text",
	},
	[FT_COUNTRY] = {
		.filter = FILTER_EQUAL,
		.name = "country",          /* an ISO 3166-1 alpha-2 code */
		.columns = 1,
		.cast = "",
		.value = country_value,
		.query = country_query,
		.params = text_params,
		.schema = country_schema,
		.csv = "t.%s::text",
	},
	[FT_COUNTRIES] = {
		.filter = FILTER_EQUAL,
		.name = "country list",     /* distinct codes, at most max */
		.columns = 1,
		.array = 1,
		.item = &types[FT_COUNTRY],
		.cast = "",
		.value = countries_value,
		.query = country_query,
		.params = array_params,
		.schema = countries_schema,
		.csv = "array_to_json(t.%s)::text",
	},
	[FT_SIDE] = {
		.filter = FILTER_EQUAL,
		.name = "side",             /* a state's code in upper case or a live party's */
		.columns = 1,
		.cast = "",
		.value = side_value,
		.query = side_query,
		.params = text_params,
		.schema = side_schema,
		.csv = "t.%s::text",
	},
	[FT_SIDES] = {
		.filter = FILTER_EQUAL,
		.name = "side list",        /* distinct sides, at most max */
		.columns = 1,
		.array = 1,
		.item = &types[FT_SIDE],
		.cast = "",
		.value = sides_value,
		.query = side_query,
		.params = array_params,
		.schema = sides_schema,
		.csv = "array_to_json(t.%s)::text",
	},
	[FT_NUMBER] = {
		.name = "number",           /* from 0 up, exact (numeric) */
		.columns = 1,
		.cast = "::numeric",
		.value = number_value,
		.query = int_query,
		.params = decimal_params,
		.schema = number_schema,
		.csv = "t.%s::text",
	},
	[FT_JSON] = {
		.name = "computed",         /* the server's, set by the model's check hook (json) */
		.columns = 1,
		.cast = "::json",
		.value = computed_value,
		.params = json_params,
		.schema = json_schema,
		.csv = "t.%s::text",
		.computed = 1,
	},
	[FT_CLAIM] = {
		.name = "claimed value",    /* a value of another field, kept as JSON */
		.columns = 1,
		.cast = "::json",
		.value = claim_value,
		.params = json_params,
		.schema = claim_schema,
		.csv = "t.%s::text",
	},
	[FT_STRINGS] = {
		.name = "string list",      /* at most 100 strings of at most max characters */
		.columns = 1,
		.array = 1,
		.item = &types[FT_TEXT],
		.cast = "",
		.value = strings_value,
		.query = text_query,
		.params = array_params,
		.schema = strings_schema,
		.csv = "array_to_json(t.%s)::text",
	},
	[FT_ENUM] = {
		.filter = FILTER_EQUAL,
		.name = "enum",             /* one of values */
		.columns = 1,
		.cast = "",
		.value = enum_value,
		.query = enum_query,
		.params = text_params,
		.schema = enum_schema,
		.csv = "t.%s::text",
	},
	[FT_BOOL] = {
		.filter = FILTER_EQUAL,
		.name = "boolean",
		.columns = 1,
		.cast = "::boolean",
		.value = bool_value,
		.query = bool_query,
		.params = bool_params,
		.schema = bool_schema,
		.csv = "t.%s::text",
	},
	[FT_INT] = {
		.name = "integer",          /* a whole number from 0 to max (0: 2^53 - 1) */
		.columns = 1,
		.sortable = 1,
		.cast = "::bigint",
		.sort_type = "bigint",
		.value = int_value,
		.query = int_query,
		.params = number_params,
		.schema = int_schema,
		.sort_expr = int_sort,
		.cursor_key = int_key,
		.csv = "t.%s::text",
	},
	[FT_REF] = {
		.filter = FILTER_EQUAL,
		.name = "reference",        /* the id of a live record of ref */
		.columns = 1,
		.cast = "::bigint",
		.value = id_value,
		.query = id_query,
		.params = number_params,
		.schema = id_schema,
		.csv = "t.%s::text",
	},
	[FT_KIND] = {
		.filter = FILTER_EQUAL,
		.name = "citable kind",     /* the singular of a citable model */
		.columns = 1,
		.cast = "",
		.value = enum_value,
		.query = enum_query,
		.params = text_params,
		.schema = enum_schema,
		.csv = "t.%s::text",
	},
	[FT_SUBJECT] = {
		.filter = FILTER_EQUAL,
		.name = "subject",          /* the id of a record of the kind beside it */
		.columns = 1,
		.cast = "::bigint",
		.value = id_value,
		.query = id_query,
		.params = number_params,
		.schema = id_schema,
		.csv = "t.%s::text",
	},
	[FT_CHILDREN] = {
		.name = "children",         /* objects of the child model ref, in a table of their own */
		.columns = 0,
		.array = 1,
	},
	[FT_ANCHOR] = {
		.name = "anchor",           /* a span of a text, computed by the server (json) */
		.columns = 1,
		.cast = "::json",
		.value = computed_value,
		.params = json_params,
		.schema = anchor_schema,
		.csv = "t.%s::text",
		.computed = 1,
	},
};
/* clang-format on */

int field_filtered(const struct field *f)
{
	return (f->flags & FF_FILTER) || field_ops(f)->filter != FILTER_NONE;
}

const struct field_ops *field_type_ops(enum field_type type)
{
	return &types[type];
}

const struct field_ops *field_ops(const struct field *f)
{
	return &types[f->type];
}

int field_types_check(const struct model *m)
{
	for (const struct field *f = m->fields; f->name; f++) {
		const struct field_ops *t;

		if ((size_t)f->type >= sizeof(types) / sizeof(types[0]) || !types[f->type].name) {
			log_msg("models: %s.%s has no field type", m->name, f->name);
			return -1;
		}
		t = field_ops(f);
		if ((f->flags & FF_SORT) && !t->sortable) {
			log_msg("models: %s.%s: a %s cannot be sorted on", m->name, f->name, t->name);
			return -1;
		}
		if (f->lookup && (f->type != FT_REF || !model_field(f->ref, f->lookup) ||
				  !(model_field(f->ref, f->lookup)->flags & FF_UNIQUE))) {
			log_msg("models: %s.%s looks its record up by %s, not a unique field of it",
				m->name, f->name, f->lookup);
			return -1;
		}
		if ((f->type == FT_REF || f->type == FT_CHILDREN) && !f->ref) {
			log_msg("models: %s.%s names no model", m->name, f->name);
			return -1;
		}
		if (f->type == FT_CHILDREN && field_types_check(f->ref) < 0)
			return -1;
	}
	return 0;
}
