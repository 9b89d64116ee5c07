/* OpenAPI 3.1 from the models: one schema per resource for reading and one for writing, the
 * list parameters from the filter and sort flags, and the problem+json responses. Served at
 * /openapi.json and printed by `swaptrack openapi`; api-docs/openapi.json is that output, and a
 * test fails when they differ. */
#include "engine/openapi/openapi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/oom.h"
#include "engine/model/cite.h"
#include "engine/model/fieldtype.h"
#include "engine/model/model.h"
#include "engine/model/types.h"
#include "engine/routes/collection.h"
#include "http/http.h"

/* Allows null beside a schema (optional fields are null when absent). */
static json_t *nullable(json_t *schema)
{
	return json_pack("{s:[o, {s:s}]}", "anyOf", schema, "type", "null");
}

/* What a model's schema is for: a record read (with the members embed= may add), a create or
 * replace body, a record embedded in another (its own fields: no citations, no listed ids), and
 * a merge-patch body (nothing required; null clears an optional field). */
enum use { USE_READ, USE_INPUT, USE_EMBED, USE_PATCH };

static json_t *field_schema(const struct field *f, enum use use);

/* A field as a member: its schema, null allowed where the field is optional (it reads as null
 * when absent), and its doc. */
static json_t *member_schema(const struct field *f, enum use use)
{
	json_t *s = field_schema(f, use);

	/* A computed JSON member (a swap's sides) is always there: the server writes it. */
	if (!(f->flags & FF_REQUIRED) && !field_ops(f)->array && !f->def && f->type != FT_JSON)
		s = nullable(s);
	return json_pack("{s:o, s:s}", "allOf", json_pack("[o]", s), "description", f->doc);
}

/* The member embed= adds beside reference f: the record it names, or null. */
static json_t *embedded_member(const struct field *f)
{
	char name[96], doc[200];
	json_t *any = json_array();

	if (f->type == FT_REF) {
		snprintf(name, sizeof(name), "%s_embed", f->ref->name);
		json_array_append_new(any, openapi_ref(name));
	} else {
		for (const char *const *k = cite_kinds(); *k; k++) {
			snprintf(name, sizeof(name), "%s_embed", model_by_subject(*k)->name);
			json_array_append_new(any, openapi_ref(name));
		}
	}
	json_array_append_new(any, json_pack("{s:s}", "type", "null"));
	snprintf(doc, sizeof(doc), "Only with embed: the record %s names (its own fields).", f->name);
	return json_pack("{s:o, s:s}", "anyOf", any, "description", doc);
}

/* A cited record's conflicts (CITE_CONFLICTS; sql/functions/claims.sql computes them). */
static const char conflicts_schema[] =
	"{\"type\": \"array\", \"readOnly\": true, \"description\": \"Each field whose cited values disagree"
	" (a citation without value stands for the record's; deprecated ones claim nothing; partial"
	" dates agree when one's interval holds the other's, a list's member when the record's list"
	" has it), ordered by field; [] when none. The server never changes a field from its"
	" claims.\", \"items\": {\"type\": \"object\", \"required\": [\"field\", \"record_value\", \"values\"],"
	" \"properties\": {\"field\": {\"type\": \"string\", \"description\": \"The field, a child's by index:"
	" groups[0].count.\"}, \"record_value\": {\"description\": \"What the record holds now (null: nothing).\"},"
	" \"values\": {\"type\": \"array\", \"description\": \"Each value cited, most citations first, then by"
	" first citation.\", \"items\": {\"type\": \"object\", \"required\": [\"value\", \"citations\","
	" \"preferred\"], \"properties\": {\"value\": {\"description\": \"The value (a list field's: one member,"
	" or the record's list for the citations that support it).\"}, \"citations\": {\"type\": \"array\","
	" \"items\": {\"type\": \"integer\", \"minimum\": 1}}, \"preferred\": {\"type\": \"boolean\"}}}}}}}";

static json_t *object_schema(const struct model *m, enum use use)
{
	json_t *props = json_object(), *required = json_array();
	json_t *o = json_pack("{s:s, s:s}", "type", "object", "description", m->doc);
	const struct model *owner;
	const struct field *lf;
	int input = use == USE_INPUT || use == USE_PATCH, whole = !m->parent_key && !input;

	if (whole) {
		json_object_set_new(props, "id",
				    json_pack("{s:s, s:i}", "type", "integer", "minimum", 1));
		json_array_append_new(required, json_string("id"));
	} else if (m->parent_key) {
		/* A child's id: read back always; given in a PATCH or PUT, it keeps that child. */
		json_object_set_new(
			props, "id",
			json_pack("{s:s, s:i, s:s}", "type", "integer", "minimum", 1, "description",
				  input ? "The id of one of the record's children of this list, to "
					  "keep it (a child without one is new; one left out is "
					  "removed). Never on a new record."
					: "Stable while the list is reordered or edited; a citation "
					  "of this child's field follows it."));
		if (!input)
			json_array_append_new(required, json_string("id"));
	}
	for (const struct field *f = m->fields; f->name; f++) {
		char member[64];

		if (input && field_ops(f)->computed)
			continue; /* the server's: refused in a body */
		json_object_set_new(props, f->name, member_schema(f, use));
		if (use == USE_READ || use == USE_EMBED || (use == USE_INPUT && (f->flags & FF_REQUIRED)))
			json_array_append_new(required, json_string(f->name));
		if (use == USE_READ && (f->type == FT_REF || f->type == FT_SUBJECT)) {
			ref_member(member, sizeof(member), m->fields, f);
			json_object_set_new(props, member, embedded_member(f));
		}
	}
	for (const struct field *f = m->inputs; input && f && f->name; f++) {
		json_t *s = member_schema(f, use);
		json_object_set_new(s, "writeOnly", json_true());
		json_object_set_new(props, f->name, s);
	}
	for (int i = 0; !m->parent_key && use == USE_READ && (lf = model_listed(m, i, &owner)); i++) {
		char doc[160];

		snprintf(doc, sizeof(doc), "The ids of the live %s whose %s is this record (read only).",
			 owner->name, lf->name);
		json_object_set_new(props, owner->name,
				    json_pack("{s:s, s:{s:s, s:i}, s:s}", "type", "array", "items",
					      "type", "integer", "minimum", 1, "description", doc));
		json_array_append_new(required, json_string(owner->name));
	}
	if (m->citable && !m->parent_key && use != USE_EMBED && use != USE_PATCH) {
		char name[96];

		snprintf(name, sizeof(name), "%s_%s", cite_model()->singular,
			 input ? "inline" : "embedded");
		json_object_set_new(props, cite_model()->name,
				    json_pack("{s:s, s:o}", "type", "array", "items", openapi_ref(name)));
		if (!input)
			json_array_append_new(required, json_string(cite_model()->name));
	}
	if (m->citable && !m->parent_key && use == USE_READ) {
		json_object_set_new(props, CITE_CONFLICTS, json_loads(conflicts_schema, 0, NULL));
		json_array_append_new(required, json_string(CITE_CONFLICTS));
	}
	if (whole) {
		json_object_set_new(
			props, "version",
			json_pack("{s:s, s:i, s:s}", "type", "integer", "minimum", 1, "description",
				  "1 on create, +1 on every change of the record (If-Match takes it)."));
		json_object_set_new(props, "created_at",
				    json_pack("{s:s, s:s}", "type", "string", "format", "date-time"));
		json_object_set_new(props, "updated_at",
				    json_pack("{s:s, s:s}", "type", "string", "format", "date-time"));
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

static json_t *field_schema(const struct field *f, enum use use)
{
	json_t *s;

	if (f->type != FT_CHILDREN)
		return field_ops(f)->schema(f);
	/* Children: as the record's use, but a patch replaces the list with whole rows. */
	s = json_pack("{s:s, s:o}", "type", "array", "items",
		      object_schema(f->ref, use == USE_PATCH ? USE_INPUT : use));
	if (f->flags & FF_REQUIRED)
		json_object_set_new(s, "minItems", json_integer(1));
	if (f->max)
		json_object_set_new(s, "maxItems", json_integer((json_int_t)f->max));
	return s;
}

/* fields= and embed=, on reads and lists. */
static void shape_parameters(json_t *params, const struct model *m)
{
	json_t *names = json_array();
	char member[64];

	for (const struct field *f = m->fields; f->name; f++) {
		if (f->type == FT_CHILDREN) {
			for (const struct field *c = f->ref->fields; c->name; c++)
				if (c->type == FT_REF) {
					char path[160];
					ref_member(member, sizeof(member), f->ref->fields, c);
					snprintf(path, sizeof(path), "%s.%s", f->name, member);
					json_array_append_new(names, json_string(path));
				}
		} else if (f->type == FT_REF || f->type == FT_SUBJECT) {
			ref_member(member, sizeof(member), m->fields, f);
			json_array_append_new(names, json_string(member));
		}
	}
	json_array_append_new(params,
			      openapi_param("fields", "query",
					    json_pack("{s:s, s:s}", "type", "string", "pattern",
						      "^[a-z_]+(,[a-z_]+)*$"),
					    "Only these top-level members (and the "
					    "id), separated by commas; an unknown name gets 400. An embedded record shows when its "
					    "reference is kept."));
	if (json_array_size(names)) {
		json_t *e = openapi_param(
			"embed", "query",
			json_pack("{s:s, s:o}", "type", "array", "items",
				  json_pack("{s:s, s:o}", "type", "string", "enum", names)),
			"References whose records are added beside them (person_id: person), one level "
			"deep, separated by commas.");
		json_object_set_new(e, "style", json_string("form"));
		json_object_set_new(e, "explode", json_false());
		json_array_append_new(params, e);
	} else {
		json_decref(names);
	}
}

static json_t *list_parameters(const struct model *m, const struct field *nested)
{
	json_t *params = json_array();
	char doc[512];

	json_array_append_new(params,
			      openapi_param("limit", "query",
					    json_pack("{s:s, s:i, s:i, s:i}", "type", "integer",
						      "minimum", 1, "maximum", 500, "default", 50),
					    "Items per page."));
	json_array_append_new(params,
			      openapi_param("after", "query", json_pack("{s:s}", "type", "string"),
					    "The opaque cursor from the previous page's next."));
	json_array_append_new(params,
			      openapi_param("count", "query", json_pack("{s:s}", "type", "boolean"),
					    "true adds total, the number of matching records."));
	/* Several keys, comma-separated, each optionally reversed: -?(id|name|...) up to five. */
	{
		struct buf keys = BUF_INIT, pattern = BUF_INIT;
		buf_puts(&keys, "id");
		for (const struct field *f = m->fields; f->name; f++)
			if (f->flags & FF_SORT)
				buf_printf(&keys, "|%s", f->name);
		buf_printf(&pattern, "^-?(%s)(,-?(%s)){0,4}$", keys.data, keys.data);
		snprintf(doc, sizeof(doc),
			 "The order: keys (%s) separated by commas, each reversed by "
			 "a leading -; the id ends every order, in the last key's direction unless named. "
			 "Dates sort by their first day, a record without one first.",
			 keys.data);
		json_t *each = json_array();
		json_array_append_new(each, json_string("id"));
		json_array_append_new(each, json_string("-id"));
		for (const struct field *f = m->fields; f->name; f++)
			if (f->flags & FF_SORT) {
				char desc[128];
				snprintf(desc, sizeof(desc), "-%s", f->name);
				json_array_append_new(each, json_string(f->name));
				json_array_append_new(each, json_string(desc));
			}
		/* x-sort-keys: each key alone, for a client that offers one (the dashboard). */
		json_array_append_new(params,
				      openapi_param("sort", "query",
						    json_pack("{s:s, s:s?, s:s, s:o}", "type", "string",
							      "pattern", pattern.data, "default", "id",
							      "x-sort-keys", each),
						    doc));
		buf_free(&keys);
		buf_free(&pattern);
	}
	shape_parameters(params, m);
	openapi_filter_params(params, m, nested);
	return params;
}

void openapi_filter_params(json_t *params, const struct model *m, const struct field *nested)
{
	char doc[512];

	for (const struct field *f = m->fields; f->name; f++) {
		const struct field_ops *t = field_ops(f);
		json_t *s;
		if (!field_filtered(f) || f == nested)
			continue;
		if (t->filter == FILTER_INTERVAL) {
			/* A partial date, or an interval of them with an end left open or not. */
			s = json_pack("{s:s, s:s}", "type", "string", "pattern",
				      "^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?(\\.\\.([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?)?$");
			snprintf(doc, sizeof(doc),
				 "Overlaps: records whose %s overlaps the date (2024) or the "
				 "interval (2024-01..2024-06, 2024.., ..2024-06). %s",
				 f->name, f->doc);
		} else {
			/* An array field is filtered by one of its items; several, with commas, mean any. */
			s = t->item ? t->item->schema(&(struct field){.name = f->name})
				    : field_schema(f, USE_READ);
			snprintf(doc, sizeof(doc), "%s %s%s", t->item ? "Contains:" : "Equals:", f->doc,
				 t->filter == FILTER_EQUAL
					 ? " Several values, separated by commas, match any "
					   "of them (RU,BY)."
					 : "");
			if (t->filter == FILTER_EQUAL)
				s = json_pack("{s:[o, {s:s, s:s}]}", "anyOf", s, "type", "string",
					      "pattern", "^[^,]+(,[^,]+)+$");
		}
		json_array_append_new(params,
				      openapi_param(f->filter ? f->filter : f->name, "query", s, doc));
	}
	for (const struct model_filter *mf = m->filters; mf && mf->param; mf++)
		json_array_append_new(params, openapi_param(mf->param, "query",
							    field_type_ops(mf->type)->schema(&(
								    struct field){.type = mf->type,
										  .ref = mf->ref,
										  .values = mf->values}),
							    mf->doc));
	for (const struct field *f = m->fields; f->name; f++)
		if (f->flags & FF_RANGE) {
			snprintf(doc, sizeof(doc),
				 "Records whose %s overlaps [from, to] (both inclusive, "
				 "partial dates too); records without it do not match.",
				 f->name);
			json_array_append_new(params, openapi_param("from", "query",
								    openapi_ref("partial_date"), doc));
			json_array_append_new(params, openapi_param("to", "query",
								    openapi_ref("partial_date"), doc));
		}
}

/* A list answers JSON, or CSV when Accept asks for text/csv. */
static json_t *list_schema(const char *item);

static json_t *list_response(const char *item)
{
	return json_pack("{s:s, s:{s:{s:o}, s:{s:{s:s}}}}", "description",
			 "A page of records (JSON), or every matching record as CSV when Accept asks "
			 "for text/csv: a header row, then one row a record; lists, children and "
			 "citations as JSON text in their cell; with count=true the total is in "
			 "X-Total-Count.",
			 "content", "application/json", "schema", list_schema(item), "text/csv",
			 "schema", "type", "string");
}

static json_t *list_schema(const char *item)
{
	return json_pack("{s:s, s:[s,s], s:{s:{s:s, s:o}, s:{s:[s,s], s:s}, s:{s:s, s:s}}}", "type",
			 "object", "required", "items", "next", "properties", "items", "type", "array",
			 "items", openapi_ref(item), "next", "type", "string", "null", "description",
			 "The next page's path and query, or null on the last page (also in Link).",
			 "total", "type", "integer", "description", "With count=true only.");
}

/* A component reference of another kind than a schema ("headers", "parameters"). */
static json_t *component_ref(const char *kind, const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "#/components/%s/%s", kind, name);
	return json_pack("{s:s}", "$ref", path);
}

/* Declares the headers named (NULL-terminated) on response code of responses. */
static void response_headers(json_t *responses, const char *code, const char *const *names)
{
	json_t *r = json_object_get(responses, code), *h = json_object();

	for (; *names; names++)
		json_object_set_new(h, *names, component_ref("headers", *names));
	json_object_set_new(r, "headers", h);
}

/* "verb" + name with its first letter upper case: an operationId ("listPeople"). */
static json_t *op_id(const char *verb, const char *name, const char *suffix)
{
	char id[128];

	snprintf(id, sizeof(id), "%s%c%s%c%s", verb, name[0] - 32 * (name[0] >= 'a' && name[0] <= 'z'),
		 name + 1,
		 suffix && *suffix ? suffix[0] - 32 * (suffix[0] >= 'a' && suffix[0] <= 'z') : '\0',
		 suffix && *suffix ? suffix + 1 : "");
	return json_string(id);
}

/* The operation object: tags, summary, operationId, parameters (may be NULL), responses. */
static json_t *operation(const char *tag, const char *summary, json_t *id, json_t *params,
			 json_t *responses)
{
	json_t *op = json_pack("{s:[s], s:s, s:o, s:o}", "tags", tag, "summary", summary, "operationId",
			       id, "responses", responses);

	if (params)
		json_object_set_new(op, "parameters", params);
	return op;
}

static json_t *json_body(const char *type, json_t *schema)
{
	return json_pack("{s:b, s:{s:{s:o}}}", "required", 1, "content", type, "schema", schema);
}

static void collection_paths(json_t *paths, const struct model *m, const struct route *routes)
{
	static const char *const record_headers[] = {"ETag", NULL};
	static const char *const created_headers[] = {"ETag", "Location", NULL};
	static const char *const list_headers[] = {"Link", "X-Total-Count", NULL};
	char path[128], input[96], patch[96], tag[64];
	const char *one = m->singular;
	json_t *item, *coll, *r, *params, *op;

	snprintf(input, sizeof(input), "%s_input", m->name);
	snprintf(patch, sizeof(patch), "%s_patch", m->name);
	snprintf(tag, sizeof(tag), "%s", m->name);

	r = json_pack("{s:o}", "200", list_response(m->name));
	openapi_errors(r, openapi_read_errors);
	json_object_set_new(r, "406", openapi_problem("Accept allows neither JSON nor CSV."));
	response_headers(r, "200", list_headers);
	coll = json_pack("{s:o}", "get",
			 operation(tag, m->doc, op_id("list", m->name, NULL), list_parameters(m, NULL),
				   r));
	r = json_pack("{s:o}", "201",
		      openapi_response("Created; Location names it.", openapi_ref(m->name)));
	openapi_errors(r, openapi_write_errors);
	response_headers(r, "201", created_headers);
	params = json_pack("[o]", component_ref("parameters", "Idempotency-Key"));
	if (m->waiver)
		json_array_append_new(params, openapi_param(m->waiver, "query",
							    json_pack("{s:s, s:[s]}", "type", "string",
								      "enum", "allow"),
							    "\"allow\" waives the check that refuses a "
							    "likely duplicate (409 with candidates)."));
	op = operation(tag, "Create a record.", op_id("create", one, NULL), params, r);
	json_object_set_new(op, "requestBody", json_body("application/json", openapi_ref(input)));
	json_object_set_new(coll, "post", op);
	snprintf(path, sizeof(path), "/v1/%s", m->name);
	json_object_set_new(paths, path, coll);

	item = json_object();
	r = json_pack("{s:o, s:{s:s}}", "200",
		      openapi_response("The record. ETag: \"<version>.<hash>\", "
				       "which changes whenever this JSON does (citations and their sources included).",
				       openapi_ref(m->name)),
		      "304", "description", "If-None-Match names the current ETag.");
	openapi_errors(r, openapi_read_errors);
	response_headers(r, "200", record_headers);
	if (m->mergeable)
		json_object_set_new(
			r, "308",
			json_pack("{s:s, s:{s:o}}", "description",
				  "A merge took this record into another: Location is the survivor's URL (and "
				  "the body {\"merged_into\": id}). Writes to it get 409 with merged_into.",
				  "headers", "Location", component_ref("headers", "Location")));
	params = json_pack("[o]", component_ref("parameters", "If-None-Match"));
	shape_parameters(params, m);
	json_object_set_new(item, "get",
			    operation(tag, "Read a record.", op_id("get", one, NULL), params, r));
	r = json_pack("{s:o}", "200", openapi_response("The record as stored.", openapi_ref(m->name)));
	openapi_errors(r, openapi_write_errors);
	response_headers(r, "200", record_headers);
	op = operation(tag, "Replace a record (If-Match honoured).", op_id("replace", one, NULL),
		       json_pack("[o]", component_ref("parameters", "If-Match")), json_deep_copy(r));
	json_object_set_new(op, "requestBody", json_body("application/json", openapi_ref(input)));
	json_object_set_new(item, "put", op);
	op = operation(tag, "Change some fields (JSON Merge Patch, RFC 7396; If-Match honoured).",
		       op_id("update", one, NULL),
		       json_pack("[o]", component_ref("parameters", "If-Match")), r);
	json_object_set_new(op, "requestBody",
			    json_pack("{s:b, s:{s:{s:o}, s:{s:o}}}", "required", 1, "content",
				      "application/merge-patch+json", "schema", openapi_ref(patch),
				      "application/json", "schema", openapi_ref(patch)));
	json_object_set_new(item, "patch", op);
	r = json_pack("{s:{s:s}}", "204", "description", "Deleted (softly: history stays).");
	openapi_errors(r, openapi_write_errors);
	json_object_set_new(item, "delete",
			    operation(tag,
				      "Delete a record; 409 names the records "
				      "that still refer to it.",
				      op_id("delete", one, NULL),
				      json_pack("[o]", component_ref("parameters", "If-Match")), r));
	json_object_set_new(item, "parameters", json_pack("[o]", openapi_id_param()));
	snprintf(path, sizeof(path), "/v1/%s/{id}", m->name);
	json_object_set_new(paths, path, item);

	r = json_pack("{s:o}", "200",
		      openapi_response("Every version, oldest first.", list_schema("history_entry")));
	openapi_errors(r, openapi_read_errors);
	snprintf(path, sizeof(path), "/v1/%s/{id}/history", m->name);
	json_object_set_new(paths, path,
			    json_pack("{s:o, s:[o]}", "get",
				      operation(tag, "Every version of a record, deleted ones included.",
						op_id("get", one, "History"), NULL, r),
				      "parameters", openapi_id_param()));

	if (m->mergeable) {
		r = json_pack("{s:o}", "200",
			      openapi_response("The survivor, as it is after the merge.",
					       openapi_ref(m->name)));
		openapi_errors(r, openapi_write_errors);
		response_headers(r, "200", record_headers);
		op = operation(tag, "Take another record into this one.", op_id("merge", one, NULL),
			       json_pack("[o]", component_ref("parameters", "If-Match")), r);
		json_object_set_new(
			op, "description",
			json_string(
				"Everything that refers to `from` (references, children's references, citations) "
				"is made to refer to this record; `from`'s values of fields that fold (names) join "
				"their list (aliases) where they differ from this record's, its other values fill "
				"this record's empty fields, lists are joined, and any other difference gets 409 "
				"with `conflicts`. `from` is retired: "
				"GET answers 308 with this record's URL, and both histories record the merge. "
				"Merging a record into itself, or a missing or retired one, gets 422. Needs a write "
				"key; honours If-Match."));
		json_object_set_new(op, "requestBody",
				    json_body("application/json",
					      json_pack("{s:s, s:[s], s:b, s:{s:{s:s, s:i}}}", "type",
							"object", "required", "from",
							"additionalProperties", 0, "properties", "from",
							"type", "integer", "minimum", 1)));
		snprintf(path, sizeof(path), "/v1/%s/{id}/merge", m->name);
		json_object_set_new(paths, path,
				    json_pack("{s:o, s:[o]}", "post", op, "parameters",
					      openapi_id_param()));
	}

	for (const struct model_route *mr = m->routes; mr && mr->suffix; mr++) {
		json_t *schema = mr->schema ? json_loads(mr->schema, 0, NULL) : NULL;
		r = json_pack("{s:o}", "200",
			      openapi_response(mr->doc,
					       schema ? schema : json_pack("{s:s}", "type", "object")));
		openapi_errors(r, openapi_read_errors);
		snprintf(path, sizeof(path), "/v1/%s/{id}/%s", m->name, mr->suffix);
		json_object_set_new(paths, path,
				    json_pack("{s:o, s:[o]}", "get",
					      operation(tag, mr->suffix, op_id("get", one, mr->suffix),
							NULL, r),
					      "parameters", openapi_id_param()));
	}
	/* Nested lists, as the route table has them (collection_routes decides which exist). */
	for (const struct route *rt = routes; rt && rt->method; rt++) {
		const struct field *f = rt->field;
		char verb[96];

		if (rt->resource != m || rt->handler != collection_list || !f)
			continue;
		params = list_parameters(m, f);
		json_array_insert_new(params, 0, openapi_id_param());
		r = json_pack("{s:o}", "200", list_response(m->name));
		openapi_errors(r, openapi_read_errors);
		response_headers(r, "200", list_headers);
		snprintf(verb, sizeof(verb), "list%c%s", f->ref->singular[0] - 32, f->ref->singular + 1);
		snprintf(path, sizeof(path), "/v1/%s/{id}/%s", f->ref->name, m->name);
		json_object_set_new(paths, path,
				    json_pack("{s:o}", "get",
					      operation(tag, f->doc, op_id(verb, m->name, NULL), params,
							r)));
	}
}

/* A citation as a cited record embeds it, and as a create body gives it inline: the citing
 * model's fields but its kind and subject (the record itself), a reference with a lookup field
 * embedded as its summary ({id, and the fields marked FF_SUMMARY}) when read, and given by that
 * field instead of its id when written. */
static void citation_schemas(json_t *schemas)
{
	const struct model *c = cite_model();
	json_t *read = json_pack("{s:{s:s, s:i}}", "id", "type", "integer", "minimum", 1);
	json_t *write = json_object(), *required = json_pack("[s]", "id");
	char name[96];

	for (const struct field *f = c->fields; f->name; f++) {
		json_t *summary, *sreq;
		char member[64];

		if (f->type == FT_KIND || f->type == FT_SUBJECT)
			continue;
		if (!field_ops(f)->computed) /* the server's: read, never written */
			json_object_set_new(write, f->name, member_schema(f, USE_INPUT));
		if (f->type != FT_REF || !f->lookup) {
			json_object_set_new(read, f->name, member_schema(f, USE_EMBED));
			json_array_append_new(required, json_string(f->name));
			continue;
		}
		ref_member(member, sizeof(member), c->fields, f);
		summary = json_pack("{s:{s:s, s:i}}", "id", "type", "integer", "minimum", 1);
		sreq = json_pack("[s]", "id");
		for (const struct field *sf = f->ref->fields; sf->name; sf++)
			if (sf->flags & FF_SUMMARY) {
				json_object_set_new(summary, sf->name, member_schema(sf, USE_EMBED));
				json_array_append_new(sreq, json_string(sf->name));
			}
		json_object_set_new(read, member,
				    json_pack("{s:s, s:s, s:o, s:o}", "type", "object", "description",
					      "The cited record's summary.", "properties", summary,
					      "required", sreq));
		json_array_append_new(required, json_string(member));
		snprintf(name, sizeof(name), "%s_%s", member, f->lookup);
		json_object_set_new(write, name,
				    member_schema(model_field(f->ref, f->lookup), USE_INPUT));
	}
	snprintf(name, sizeof(name), "%s_embedded", c->singular);
	json_object_set_new(schemas, name,
			    json_pack("{s:s, s:s, s:o, s:o}", "type", "object", "description",
				      "A citation of the record that carries it.", "properties", read,
				      "required", required));
	snprintf(name, sizeof(name), "%s_inline", c->singular);
	json_object_set_new(schemas, name,
			    json_pack("{s:s, s:s, s:o, s:b}", "type", "object", "description",
				      "A citation of the record being created. A reference may name its "
				      "record by the field given after its name (an existing record's, e.g. its URL) "
				      "instead of by id.",
				      "properties", write, "additionalProperties", 0));
}

/* Whether embed= can bring records of m into another's: some reference names m, or m is cited
 * (a citation's subject). */
static int refers_to(const struct field *fields, const struct model *m)
{
	for (const struct field *f = fields; f->name; f++)
		if ((f->type == FT_REF && f->ref == m) ||
		    (f->type == FT_CHILDREN && refers_to(f->ref->fields, m)))
			return 1;
	return 0;
}

static int embedded_somewhere(const struct model *m)
{
	for (int i = 0; models[i]; i++)
		if (refers_to(models[i]->fields, m))
			return 1;
	return m->citable;
}

static json_t *schemas(void)
{
	json_t *s = json_object(), *codes = json_array(), *names = json_object();

	/* The names too ("x-names"), so that a client shows "Russia" where the data says RU. */
	for (size_t i = 0; i < countries_count; i++) {
		json_array_append_new(codes, json_string(countries[i].code));
		json_object_set_new(names, countries[i].code, json_string(countries[i].name));
	}
	json_object_set_new(s, "country",
			    json_pack("{s:s, s:s, s:o, s:o}", "type", "string", "description",
				      "ISO 3166-1 alpha-2, upper case.", "enum", codes, "x-names", names));
	{
		/* The former codes a state may have as a side, with their names. */
		json_t *former = json_object();
		const char *const old[] = {"CS", "DD", "SU", "XK", "YU", NULL};
		for (int i = 0; old[i]; i++)
			json_object_set_new(former, old[i], json_string(country_side_find(old[i])->name));
		const struct model *side = model_side();
		char doc[400];
		snprintf(doc, sizeof(doc),
			 "A side: a state's ISO 3166-1 alpha-2 code in upper case (or a former code: SU, "
			 "DD, CS, YU, XK)%s%s%s%s%s",
			 side ? ", or the code of a live " : "", side ? side->singular : "",
			 side ? ", lower case (\"hamas\"; GET /v1/" : ".", side ? side->name : "",
			 side ? ")." : "");
		json_object_set_new(s, "side",
				    json_pack("{s:s, s:s, s:s, s:o}", "type", "string", "pattern",
					      "^([A-Z]{2}|[a-z][a-z0-9-]{1,39})$", "description", doc,
					      "x-former-countries", former));
		if (side)
			json_object_set_new(json_object_get(s, "side"), "x-collection",
					    json_string(side->name));
	}
	json_object_set_new(s, "partial_date",
			    json_pack("{s:s, s:s, s:s}", "type", "string", "pattern",
				      "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", "description",
				      "YYYY, YYYY-MM or YYYY-MM-DD; it denotes the whole year, month or day and "
				      "is returned as given."));
	json_object_set_new(
		s, "history_entry",
		json_pack("{s:s, s:{s:{s:s}, s:{s:s, s:s}, s:{s:s}, s:{s:s, s:[s,s,s,s]}, s:{s:s, s:s, s:{s:{s:s}, s:{s:s}}}, s:{s:s}}}",
			  "type", "object", "properties", "version", "type", "integer", "changed_at",
			  "type", "string", "format", "date-time", "actor", "type", "string", "action",
			  "type", "string", "enum", "create", "update", "delete", "merge", "merged",
			  "type", "object", "description",
			  "A merge's entries "
			  "only: the record retired and the survivor.",
			  "properties", "from", "type", "integer", "into", "type", "integer", "record",
			  "type", "object"));
	if (cite_model())
		citation_schemas(s);
	for (int i = 0; models[i]; i++) {
		static const struct {
			const char *suffix;
			enum use use;
		} uses[] = {{"", USE_READ},
			    {"_input", USE_INPUT},
			    {"_embed", USE_EMBED},
			    {"_patch", USE_PATCH}};
		for (size_t u = 0; u < sizeof(uses) / sizeof(uses[0]); u++) {
			char name[96];
			if (uses[u].use == USE_EMBED && !embedded_somewhere(models[i]))
				continue;
			snprintf(name, sizeof(name), "%s%s", models[i]->name, uses[u].suffix);
			json_object_set_new(s, name, object_schema(models[i], uses[u].use));
		}
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
	json_t *paths = json_object(), *components;

	fixed_paths(paths, routes, 0);
	for (int i = 0; models[i]; i++)
		collection_paths(paths, models[i], routes);
	fixed_paths(paths, routes, 1);
	openapi_finish(paths, routes);
	components = json_pack("{s:o, s:{s:{s:s, s:s, s:s}}}", "schemas", schemas(), "securitySchemes",
			       "apiKey", "type", "http", "scheme", "bearer", "description",
			       "Authorization: Bearer swt_<id>_<secret>, from "
			       "swaptrack keys create.");
	openapi_components(components);
	return json_pack("{s:s, s:{s:s, s:s, s:s, s:{s:s, s:s}}, s:[{s:s, s:s}], s:o, s:o, s:o}",
			 "openapi", "3.1.0", "info", "title", "swaptrack", "version", "1", "description",
			 "Prisoner exchanges between states, each fact with its source. "
			 "Generated from the field tables in models/; see api-docs/README.md. Reads are "
			 "public unless the server runs with --private-reads; writes need an API key "
			 "with scope write, key management and import one with scope admin.",
			 "license", "name", "Apache-2.0", "identifier", "Apache-2.0", "servers", "url",
			 "/", "description", "The server that serves this document.", "paths", paths,
			 "components", components, "x-collections", openapi_collections());
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
	/* A document made while memory ran out may be missing a part (core/oom.h). */
	if (oom_seen()) {
		free(out);
		out = NULL;
	}
	return out;
}
