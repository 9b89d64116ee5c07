/* OpenAPI 3.1 from the models: one schema per resource for reading and one for writing, the
 * list parameters from the filter and sort flags, and the problem+json responses. Served at
 * /openapi.json and printed by `swaptrack openapi`; api-docs/openapi.json is that output, and a
 * test fails when they differ. */
#include "engine/openapi.h"

#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "engine/cite.h"
#include "engine/collection.h"
#include "engine/fieldtype.h"
#include "engine/model.h"
#include "engine/types.h"

json_t *openapi_ref(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "#/components/schemas/%s", name);
	return json_pack("{s:s}", "$ref", path);
}

/* Allows null beside a schema (optional fields are null when absent). */
static json_t *nullable(json_t *schema)
{
	return json_pack("{s:[o, {s:s}]}", "anyOf", schema, "type", "null");
}

static json_t *field_schema(const struct field *f, int input);

static json_t *object_schema(const struct model *m, int input)
{
	json_t *props = json_object(), *required = json_array();
	json_t *o = json_pack("{s:s, s:s}", "type", "object", "description", m->doc);
	const struct model *owner;
	const struct field *lf;

	if (!m->parent_key && !input) {
		json_object_set_new(props, "id", json_pack("{s:s, s:i}", "type", "integer", "minimum", 1));
		json_array_append_new(required, json_string("id"));
	}
	for (const struct field *f = m->fields; f->name; f++) {
		json_t *s, *described;

		if (input && field_ops(f)->computed)
			continue;   /* the server's: refused in a body */
		s = field_schema(f, input);

		if (!(f->flags & FF_REQUIRED) && !field_ops(f)->array && !f->def)
			s = nullable(s);
		described = json_pack("{s:o, s:s}", "allOf", json_pack("[o]", s), "description", f->doc);
		json_object_set_new(props, f->name, described);
		if (!input || (f->flags & FF_REQUIRED))
			json_array_append_new(required, json_string(f->name));
	}
	for (int i = 0; !m->parent_key && !input && (lf = model_listed(m, i, &owner)); i++) {
		char doc[160];

		snprintf(doc, sizeof(doc), "The ids of the live %s whose %s is this record (read only).",
			 owner->name, lf->name);
		json_object_set_new(props, owner->name, json_pack("{s:s, s:{s:s, s:i}, s:s}", "type",
				    "array", "items", "type", "integer", "minimum", 1, "description", doc));
		json_array_append_new(required, json_string(owner->name));
	}
	if (m->citable && !m->parent_key) {
		char name[96];

		snprintf(name, sizeof(name), "%s_%s", cite_model()->singular,
			 input ? "inline" : "embedded");
		json_object_set_new(props, cite_model()->name,
				    json_pack("{s:s, s:o}", "type", "array", "items", openapi_ref(name)));
		if (!input)
			json_array_append_new(required, json_string(cite_model()->name));
	}
	if (!m->parent_key && !input) {
		json_object_set_new(props, "version", json_pack("{s:s, s:i, s:s}", "type", "integer",
								"minimum", 1, "description",
								"1 on create, +1 on every change of the record (If-Match takes it)."));
		json_object_set_new(props, "created_at", json_pack("{s:s, s:s}", "type", "string",
								   "format", "date-time"));
		json_object_set_new(props, "updated_at", json_pack("{s:s, s:s}", "type", "string",
								   "format", "date-time"));
		json_array_append_new(required, json_string("version"));
		json_array_append_new(required, json_string("created_at"));
		json_array_append_new(required, json_string("updated_at"));
	}
	json_object_set_new(o, "properties", props);
	json_object_set_new(o, "required", required);
	if (input)
		json_object_set_new(o, "additionalProperties", json_false());
	return o;
}

static json_t *field_schema(const struct field *f, int input)
{
	json_t *s;

	if (f->type != FT_CHILDREN)
		return field_ops(f)->schema(f);
	s = json_pack("{s:s, s:o}", "type", "array", "items", object_schema(f->ref, input));
	if (f->flags & FF_REQUIRED)
		json_object_set_new(s, "minItems", json_integer(1));
	if (f->max)
		json_object_set_new(s, "maxItems", json_integer((json_int_t)f->max));
	return s;
}

json_t *openapi_param(const char *name, const char *in, json_t *schema, const char *doc)
{
	return json_pack("{s:s, s:s, s:o, s:s}", "name", name, "in", in, "schema", schema,
			 "description", doc);
}

json_t *openapi_problem(const char *doc)
{
	return json_pack("{s:s, s:{s:{s:o}}}", "description", doc, "content",
			 "application/problem+json", "schema", openapi_ref("problem"));
}

json_t *openapi_response(const char *doc, json_t *schema)
{
	return json_pack("{s:s, s:{s:{s:o}}}", "description", doc, "content", "application/json",
			 "schema", schema);
}

void openapi_errors(json_t *responses, const char *const *codes)
{
	static const struct {
		const char *code, *doc;
	} all[] = {
		{"400", "Malformed JSON or query, or an unknown query parameter."},
		{"401", "No API key where one is needed, or a malformed, unknown or revoked key."},
		{"403", "The API key's scope is too small."},
		{"404", "No such record (or it was deleted)."},
		{"406", "Accept admits none of the types this path answers with; acceptable lists them."},
		{"409", "A conflict: a unique value taken, or records still refer to this one."},
		{"412", "If-Match names neither the current ETag nor the current version."},
		{"413", "The body is too large."},
		{"415", "The body is not JSON."},
		{"422", "Invalid fields, each listed in errors."},
		{"414", "The path and query are too long."},
		{"429", "Too many requests; Retry-After says when to try again."},
		{"431", "The request headers are too large."},
		{"503", "The database is unavailable."},
	};

	for (const char *const *c = codes; *c; c++)
		for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
			if (strcmp(all[i].code, *c) == 0)
				json_object_set_new(responses, *c, openapi_problem(all[i].doc));
}

static json_t *list_parameters(const struct model *m, const struct field *nested)
{
	json_t *params = json_array(), *sorts = json_array();
	char doc[512];

	json_array_append_new(params, openapi_param("limit", "query", json_pack("{s:s, s:i, s:i, s:i}",
			      "type", "integer", "minimum", 1, "maximum", 500, "default", 50),
			      "Items per page."));
	json_array_append_new(params, openapi_param("after", "query", json_pack("{s:s}", "type", "string"),
			      "The opaque cursor from the previous page's next."));
	json_array_append_new(params, openapi_param("count", "query", json_pack("{s:s}", "type", "boolean"),
			      "true adds total, the number of matching records."));
	json_array_append_new(sorts, json_string("id"));
	json_array_append_new(sorts, json_string("-id"));
	for (const struct field *f = m->fields; f->name; f++)
		if (f->flags & FF_SORT) {
			char desc[128];
			snprintf(desc, sizeof(desc), "-%s", f->name);
			json_array_append_new(sorts, json_string(f->name));
			json_array_append_new(sorts, json_string(desc));
		}
	json_array_append_new(params, openapi_param("sort", "query", json_pack("{s:s, s:o, s:s}", "type",
			      "string", "enum", sorts, "default", "id"),
			      "The order; a leading - reverses it. Dates sort by their first day."));
	for (const struct field *f = m->fields; f->name; f++) {
		const struct field_ops *t = field_ops(f);
		json_t *s;
		if (!field_filtered(f) || f == nested)
			continue;
		if (t->filter == FILTER_INTERVAL) {
			/* A partial date, or an interval of them with an end left open or not. */
			s = json_pack("{s:s, s:s}", "type", "string", "pattern",
				      "^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?(\\.\\.([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?)?$");
			snprintf(doc, sizeof(doc), "Overlaps: records whose %s overlaps the date (2024) or the "
				 "interval (2024-01..2024-06, 2024.., ..2024-06). %s", f->name, f->doc);
		} else {
			/* An array field is filtered by one of its items; several, with commas, mean any. */
			s = t->item ? t->item->schema(&(struct field){.name = f->name}) : field_schema(f, 0);
			snprintf(doc, sizeof(doc), "%s %s%s", t->item ? "Contains:" : "Equals:", f->doc,
				 t->filter == FILTER_EQUAL ? " Several values, separated by commas, match any "
				 "of them (RU,BY)." : "");
			if (t->filter == FILTER_EQUAL)
				s = json_pack("{s:[o, {s:s, s:s}]}", "anyOf", s, "type", "string", "pattern", "^[^,]+(,[^,]+)+$");
		}
		json_array_append_new(params, openapi_param(f->filter ? f->filter : f->name, "query", s, doc));
	}
	for (const struct model_filter *mf = m->filters; mf && mf->param; mf++)
		json_array_append_new(params, openapi_param(mf->param, "query",
			field_type_ops(mf->type)->schema(&(struct field){.type = mf->type, .ref = mf->ref}),
			mf->doc));
	for (const struct field *f = m->fields; f->name; f++)
		if (f->flags & FF_RANGE) {
			snprintf(doc, sizeof(doc), "Records whose %s overlaps [from, to] (both inclusive, "
				 "partial dates too); records without it do not match.", f->name);
			json_array_append_new(params, openapi_param("from", "query", openapi_ref("partial_date"), doc));
			json_array_append_new(params, openapi_param("to", "query", openapi_ref("partial_date"), doc));
		}
	return params;
}

json_t *openapi_id_param(void)
{
	return openapi_param("id", "path", json_pack("{s:s, s:i}", "type", "integer", "minimum", 1),
		     "The record's id.");
}

/* A list answers JSON, or CSV when Accept asks for text/csv. */
static json_t *list_schema(const char *item);

static json_t *list_response(const char *item)
{
	return json_pack("{s:s, s:{s:{s:o}, s:{s:{s:s}}}}", "description",
			 "A page of records (JSON), or every matching record as CSV when Accept asks "
			 "for text/csv: a header row, then one row a record; lists, children and "
			 "citations as JSON text in their cell; with count=true the total is in "
			 "X-Total-Count.", "content", "application/json", "schema", list_schema(item),
			 "text/csv", "schema", "type", "string");
}

static json_t *list_schema(const char *item)
{
	return json_pack("{s:s, s:[s,s], s:{s:{s:s, s:o}, s:{s:[s,s], s:s}, s:{s:s, s:s}}}",
			 "type", "object", "required", "items", "next", "properties",
			 "items", "type", "array", "items", openapi_ref(item),
			 "next", "type", "string", "null", "description",
			 "The next page's path and query, or null on the last page (also in Link).",
			 "total", "type", "integer", "description", "With count=true only.");
}

const char *const openapi_read_errors[] = {"400", "401", "403", "404", "406", "414", "429", "431",
					  "503", NULL};
const char *const openapi_write_errors[] = {"400", "401", "403", "404", "409", "412", "413", "414",
					   "415", "422", "429", "431", "503", NULL};

static void collection_paths(json_t *paths, const struct model *m, const struct route *routes)
{
	char path[128], input[96], tag[64];
	json_t *item, *coll, *r;

	snprintf(input, sizeof(input), "%s_input", m->name);
	snprintf(tag, sizeof(tag), "%s", m->name);

	r = json_pack("{s:o}", "200", list_response(m->name));
	openapi_errors(r, openapi_read_errors);
	json_object_set_new(r, "406", openapi_problem("Accept allows neither JSON nor CSV."));
	coll = json_pack("{s:{s:[s], s:s, s:o, s:o}}", "get", "tags", tag, "summary", m->doc,
			 "parameters", list_parameters(m, NULL), "responses", r);
	r = json_pack("{s:o}", "201", openapi_response("Created; Location names it.", openapi_ref(m->name)));
	openapi_errors(r, openapi_write_errors);
	json_object_set_new(coll, "post", json_pack("{s:[s], s:s, s:{s:b, s:{s:{s:o}}}, s:o}",
			    "tags", tag, "summary", "Create a record.", "requestBody", "required", 1,
			    "content", "application/json", "schema", openapi_ref(input), "responses", r));
	if (m->waiver) {
		char doc[160];

		snprintf(doc, sizeof(doc), "\"allow\" waives the check that refuses a likely "
			 "duplicate (409 with candidates).");
		json_object_set_new(json_object_get(coll, "post"), "parameters", json_pack("[o]",
			openapi_param(m->waiver, "query", json_pack("{s:s, s:[s]}", "type", "string",
				      "enum", "allow"), doc)));
	}
	snprintf(path, sizeof(path), "/v1/%s", m->name);
	json_object_set_new(paths, path, coll);

	item = json_object();
	r = json_pack("{s:o, s:{s:s}}", "200", openapi_response("The record. ETag: \"<version>.<hash>\", "
		      "which changes whenever this JSON does (citations and their sources included).",
		      openapi_ref(m->name)), "304", "description", "If-None-Match names the current ETag.");
	openapi_errors(r, openapi_read_errors);
	if (m->mergeable)
		json_object_set_new(r, "308", json_pack("{s:s, s:{s:{s:s, s:{s:s}}}}", "description",
			"A merge took this record into another: Location is the survivor's URL (and "
			"the body {\"merged_into\": id}). Writes to it get 409 with merged_into.",
			"headers", "Location", "description", "The survivor's URL.", "schema", "type",
			"string"));
	json_object_set_new(item, "get", json_pack("{s:[s], s:s, s:o}", "tags", tag, "summary",
			    "Read a record.", "responses", r));
	r = json_pack("{s:o}", "200", openapi_response("The record as stored.", openapi_ref(m->name)));
	openapi_errors(r, openapi_write_errors);
	json_object_set_new(item, "put", json_pack("{s:[s], s:s, s:{s:b, s:{s:{s:o}}}, s:o}",
			    "tags", tag, "summary", "Replace a record (If-Match honoured).",
			    "requestBody", "required", 1, "content", "application/json", "schema",
			    openapi_ref(input), "responses", json_deep_copy(r)));
	json_object_set_new(item, "patch", json_pack("{s:[s], s:s, s:{s:b, s:{s:{s:{s:s}}, s:{s:{s:s}}}}, s:o}",
			    "tags", tag, "summary",
			    "Change some fields (JSON Merge Patch, RFC 7396; If-Match honoured).",
			    "requestBody", "required", 1, "content", "application/merge-patch+json",
			    "schema", "type", "object", "application/json", "schema", "type", "object",
			    "responses", r));
	r = json_pack("{s:{s:s}}", "204", "description", "Deleted (softly: history stays).");
	openapi_errors(r, openapi_write_errors);
	json_object_set_new(item, "delete", json_pack("{s:[s], s:s, s:o}", "tags", tag, "summary",
			    "Delete a record; 409 names the records that still refer to it.",
			    "responses", r));
	json_object_set_new(item, "parameters", json_pack("[o]", openapi_id_param()));
	snprintf(path, sizeof(path), "/v1/%s/{id}", m->name);
	json_object_set_new(paths, path, item);

	r = json_pack("{s:o}", "200", openapi_response("Every version, oldest first.",
		      list_schema("history_entry")));
	openapi_errors(r, openapi_read_errors);
	snprintf(path, sizeof(path), "/v1/%s/{id}/history", m->name);
	json_object_set_new(paths, path, json_pack("{s:{s:[s], s:s, s:o}, s:[o]}", "get", "tags",
			    tag, "summary", "Every version of a record, deleted ones included.",
			    "responses", r, "parameters", openapi_id_param()));

	if (m->mergeable) {
		r = json_pack("{s:o}", "200", openapi_response("The survivor, as it is after the merge.",
			      openapi_ref(m->name)));
		openapi_errors(r, openapi_write_errors);
		snprintf(path, sizeof(path), "/v1/%s/{id}/merge", m->name);
		json_object_set_new(paths, path, json_pack("{s:{s:[s], s:s, s:s, s:{s:b, s:{s:{s:{s:s, "
			"s:[s], s:b, s:{s:{s:s, s:i}}}}}}, s:o}, s:[o]}", "post", "tags", tag, "summary",
			"Take another record into this one.", "description",
			"Everything that refers to `from` (references, children's references, citations) "
			"is made to refer to this record; `from`'s values of fields that fold (names) join "
			"their list (aliases) where they differ from this record's, its other values fill "
			"this record's empty fields, lists are joined, and any other difference gets 409 "
			"with `conflicts`. `from` is retired: "
			"GET answers 308 with this record's URL, and both histories record the merge. "
			"Merging a record into itself, or a missing or retired one, gets 422. Needs a write "
			"key; honours If-Match.", "requestBody", "required", 1, "content",
			"application/json", "schema", "type", "object", "required", "from",
			"additionalProperties", 0, "properties", "from", "type", "integer", "minimum", 1,
			"responses", r, "parameters", openapi_id_param()));
	}

	for (const struct model_route *mr = m->routes; mr && mr->suffix; mr++) {
		r = json_pack("{s:o}", "200", openapi_response(mr->doc, json_pack("{s:s}", "type",
			      "object")));
		openapi_errors(r, openapi_read_errors);
		snprintf(path, sizeof(path), "/v1/%s/{id}/%s", m->name, mr->suffix);
		json_object_set_new(paths, path, json_pack("{s:{s:[s], s:s, s:o}, s:[o]}", "get", "tags",
				    tag, "summary", mr->suffix, "responses", r, "parameters", openapi_id_param()));
	}
	/* Nested lists, as the route table has them (collection_routes decides which exist). */
	for (const struct route *rt = routes; rt && rt->method; rt++) {
		const struct field *f = rt->field;
		json_t *params;

		if (rt->resource != m || rt->handler != collection_list || !f)
			continue;
		params = list_parameters(m, f);
		json_array_insert_new(params, 0, openapi_id_param());
		r = json_pack("{s:o}", "200", list_response(m->name));
		openapi_errors(r, openapi_read_errors);
		snprintf(path, sizeof(path), "/v1/%s/{id}/%s", f->ref->name, m->name);
		json_object_set_new(paths, path, json_pack("{s:{s:[s], s:s, s:o, s:o}}", "get", "tags",
				    tag, "summary", f->doc, "parameters", params, "responses", r));
	}
}

/* A citation as a cited record embeds it, and as a create body gives it inline: the citing
 * model's fields but its kind and subject (the record itself), a reference with a lookup field
 * embedded as an object when read, and given by that field instead of its id when written. */
static void citation_schemas(json_t *schemas)
{
	const struct model *c = cite_model();
	json_t *read = json_pack("{s:{s:s}}", "id", "type", "integer");
	json_t *write = json_object();
	char name[96];

	for (const struct field *f = c->fields; f->name; f++) {
		char member[64];

		if (f->type == FT_KIND || f->type == FT_SUBJECT)
			continue;
		if (!field_ops(f)->computed)   /* the server's: read, never written */
			json_object_set_new(write, f->name, field_schema(f, 1));
		if (f->type != FT_REF || !f->lookup) {
			json_object_set_new(read, f->name, field_schema(f, 0));
			continue;
		}
		ref_member(member, sizeof(member), f);
		json_object_set_new(read, member, json_pack("{s:s}", "type", "object"));
		snprintf(name, sizeof(name), "%s_%s", member, f->lookup);
		json_object_set_new(write, name, field_schema(model_field(f->ref, f->lookup), 1));
	}
	snprintf(name, sizeof(name), "%s_embedded", c->singular);
	json_object_set_new(schemas, name, json_pack("{s:s, s:o}", "type", "object", "properties", read));
	snprintf(name, sizeof(name), "%s_inline", c->singular);
	json_object_set_new(schemas, name, json_pack("{s:s, s:s, s:o, s:b}", "type", "object",
		"description", "A citation of the record being created. A reference may name its "
		"record by the field given after its name (an existing record's, e.g. its URL) "
		"instead of by id.", "properties", write, "additionalProperties", 0));
}

static json_t *schemas(void)
{
	json_t *s = json_object(), *codes = json_array(), *names = json_object();

	/* The names too ("x-names"), so that a client shows "Russia" where the data says RU. */
	for (size_t i = 0; i < countries_count; i++) {
		json_array_append_new(codes, json_string(countries[i].code));
		json_object_set_new(names, countries[i].code, json_string(countries[i].name));
	}
	json_object_set_new(s, "country", json_pack("{s:s, s:s, s:o, s:o}", "type", "string",
			    "description", "ISO 3166-1 alpha-2, upper case.", "enum", codes,
			    "x-names", names));
	json_object_set_new(s, "partial_date", json_pack("{s:s, s:s, s:s}", "type", "string",
			    "pattern", "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", "description",
			    "YYYY, YYYY-MM or YYYY-MM-DD; it denotes the whole year, month or day and "
			    "is returned as given."));
	json_object_set_new(s, "problem", json_pack("{s:s, s:[s,s,s,s], s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s, s:s, s:{s:s, s:{s:{s:s}, s:{s:s}}}}, s:{s:s, s:s}, s:{s:s, s:s, s:{s:s}}, s:{s:s, s:s, s:{s:s, s:{s:{s:s}, s:{s:s}}}}}}",
			    "type", "object", "required", "type", "title", "status", "detail",
			    "properties", "type", "type", "string", "title", "type", "string",
			    "status", "type", "integer", "detail", "type", "string", "errors", "type",
			    "array", "description", "Every bad field, at most 100.", "items", "type",
			    "object", "properties", "field", "type", "string", "message", "type",
			    "string", "error_count", "type", "integer", "description",
			    "How many field errors there were in all (errors lists at most 100).",
			    "acceptable", "type", "array", "description",
			    "On a 406: the media types the path answers with.", "items", "type", "string",
			    "referrers", "type", "array", "description",
			    "On a 409: the records that refer to this one, or depend on what was changed.",
			    "items", "type", "object", "properties", "collection", "type", "string", "id",
			    "type", "integer"));
	json_object_set_new(s, "history_entry", json_pack("{s:s, s:{s:{s:s}, s:{s:s, s:s}, s:{s:s}, s:{s:s, s:[s,s,s,s]}, s:{s:s, s:s, s:{s:{s:s}, s:{s:s}}}, s:{s:s}}}",
			    "type", "object", "properties", "version", "type", "integer",
			    "changed_at", "type", "string", "format", "date-time", "actor", "type",
			    "string", "action", "type", "string", "enum", "create", "update", "delete",
			    "merge", "merged", "type", "object", "description", "A merge's entries "
			    "only: the record retired and the survivor.", "properties", "from", "type",
			    "integer", "into", "type", "integer", "record", "type", "object"));
	if (cite_model())
		citation_schemas(s);
	for (int i = 0; models[i]; i++) {
		char input[96];
		snprintf(input, sizeof(input), "%s_input", models[i]->name);
		json_object_set_new(s, models[i]->name, object_schema(models[i], 0));
		json_object_set_new(s, input, object_schema(models[i], 1));
	}
	return s;
}

/* The paths that fixed routes document themselves (their doc slot), those outside /v1 first
 * (v1 = 0) or those under it (v1 = 1). */
static void fixed_paths(json_t *paths, const struct route *routes, int v1)
{
	for (const struct route *r = routes; r && r->method; r++) {
		json_t *item, *doc;

		if (!r->doc || (strncmp(r->pattern, "/v1/", 4) == 0) != v1)
			continue;
		if (!(item = json_object_get(paths, r->pattern)))
			json_object_set_new(paths, r->pattern, item = json_object());
		doc = r->doc();
		json_object_update(item, doc);
		json_decref(doc);
	}
}

json_t *openapi_document(const struct route *routes)
{
	json_t *paths = json_object();

	fixed_paths(paths, routes, 0);
	for (int i = 0; models[i]; i++)
		collection_paths(paths, models[i], routes);
	fixed_paths(paths, routes, 1);
	return json_pack("{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:o, s:{s:{s:s, s:s, s:s}}}}",
			 "openapi", "3.1.0",
			 "info", "title", "swaptrack", "version", "1",
			 "description", "Prisoner exchanges between states, each fact with its source. "
			 "Generated from the field tables in models/; see api-docs/README.md. Reads are "
			 "public unless the server runs with --private-reads; writes need an API key "
			 "with scope write, key management and import one with scope admin.",
			 "paths", paths, "components", "schemas", schemas(), "securitySchemes",
			 "apiKey", "type", "http", "scheme", "bearer", "description",
			 "Authorization: Bearer swt_<id>_<secret>, from swaptrack keys create.");
}

char *openapi_text(const struct route *routes)
{
	json_t *doc = openapi_document(routes);
	char *text = doc ? json_dumps(doc, JSON_INDENT(2)) : NULL;
	char *out = NULL;

	json_decref(doc);
	if (text && asprintf(&out, "%s\n", text) < 0)
		out = NULL;
	free(text);
	return out;
}
