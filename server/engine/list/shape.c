/* ?fields= and ?embed=, checked against the field tables (shape.h). */
#include "engine/list/shape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "engine/model/cite.h"

/* The reference that embed name e stands for among fields (NULL: none). */
static const struct field *embeddable(const struct field *fields, const char *e, size_t len)
{
	char member[64];

	for (const struct field *f = fields; f->name; f++) {
		if (f->type != FT_REF && f->type != FT_SUBJECT)
			continue;
		ref_member(member, sizeof(member), fields, f);
		if (strlen(member) == len && strncmp(member, e, len) == 0)
			return f;
	}
	return NULL;
}

/* What embed= can name for m, for the message of a wrong one. */
static void embed_names(struct buf *b, const struct model *m)
{
	char member[64];

	for (const struct field *f = m->fields; f->name; f++) {
		if (f->type == FT_CHILDREN) {
			for (const struct field *c = f->ref->fields; c->name; c++)
				if (c->type == FT_REF) {
					ref_member(member, sizeof(member), f->ref->fields, c);
					buf_printf(b, "%s%s.%s", b->len ? ", " : "", f->name, member);
				}
		} else if (f->type == FT_REF || f->type == FT_SUBJECT) {
			ref_member(member, sizeof(member), m->fields, f);
			buf_printf(b, "%s%s", b->len ? ", " : "", member);
		}
	}
}

/* A top-level member of m's records: the id, a field, the ids it lists, its citations, its
 * version and times. */
static int member_of(const struct model *m, const char *name)
{
	static const char *const always[] = {"id", "version", "created_at", "updated_at", NULL};

	for (const char *const *a = always; *a; a++)
		if (strcmp(*a, name) == 0)
			return 1;
	return model_field(m, name) || model_lists(m, name) ||
	       (m->citable && cite_model() &&
		(strcmp(name, cite_model()->name) == 0 || strcmp(name, CITE_CONFLICTS) == 0));
}

/* Each comma-separated item of value, in a copy the caller frees; -1 when one is empty. */
static char *items(const char *value, char **list, int max, int *n)
{
	char *copy = strdup(value), *save = NULL;

	*n = 0;
	if (!copy)
		return NULL;
	if (!*value || value[0] == ',' || value[strlen(value) - 1] == ',' || strstr(value, ",,")) {
		*n = -1;
		return copy;
	}
	for (char *it = strtok_r(copy, ",", &save); it; it = strtok_r(NULL, ",", &save)) {
		if (*n == max) {
			*n = -2;
			break;
		}
		list[(*n)++] = it;
	}
	return copy;
}

static void bad(struct problem *p, const char *key, const char *fmt, const char *detail)
{
	if (!p->status)
		problem_set(p, 400, "The query is not valid; see errors.");
	problem_field(p, key, fmt, detail);
}

/* The member names of fields= are kept as offsets into the query's own value, so the shape
 * holds no memory of its own: value outlives the request's handling. */
static void take_fields(struct shape *s, const char *value, struct problem *p)
{
	char *list[SHAPE_MAX], *copy;
	int n;

	if (!(copy = items(value, list, SHAPE_MAX, &n))) {
		problem_oom(p);
		return;
	}
	if (n < 0) {
		bad(p, "fields", "%s",
		    n == -1 ? "names an empty field; give names separated by commas"
			    : "names too many fields");
		free(copy);
		return;
	}
	for (int i = 0; i < n; i++) {
		if (!member_of(s->m, list[i])) {
			bad(p, "fields", "\"%s\" is not a field of these records", list[i]);
			break;
		}
		s->fields[s->nfields++] = value + (list[i] - copy);
	}
	free(copy);
}

static void take_embed(struct shape *s, const char *value, struct problem *p)
{
	char *list[SHAPE_MAX], *copy;
	int n;

	if (!(copy = items(value, list, SHAPE_MAX, &n))) {
		problem_oom(p);
		return;
	}
	if (n < 0) {
		bad(p, "embed", "%s", n == -1 ? "names an empty reference" : "names too many references");
		free(copy);
		return;
	}
	for (int i = 0; i < n && !p->status; i++) {
		const char *dot = strchr(list[i], '.');
		const struct field *via = NULL, *f = NULL;

		if (dot && !strchr(dot + 1, '.')) {
			/* children.reference: the reference of each child row ("releases.person") */
			char parent[64];
			snprintf(parent, sizeof(parent), "%.*s", (int)(dot - list[i]), list[i]);
			via = model_field(s->m, parent);
			if (via && via->type == FT_CHILDREN)
				f = embeddable(via->ref->fields, dot + 1, strlen(dot + 1));
		} else if (!dot) {
			f = embeddable(s->m->fields, list[i], strlen(list[i]));
		}
		if (!f) {
			struct buf names = BUF_INIT;
			embed_names(&names, s->m);
			if (buf_failed(&names)) {
				problem_oom(p);
			} else if (names.data) {
				char msg[600];
				snprintf(msg, sizeof(msg),
					 "\"%.60s\" is not a reference of these records; "
					 "they embed %s (one level deep)",
					 list[i], names.data);
				bad(p, "embed", "%s", msg);
			} else {
				bad(p, "embed", "%s", "these records refer to no other record");
			}
			buf_free(&names);
			break;
		}
		if (shape_embeds(s, via, f))
			continue;
		s->embed[s->nembed].via = via;
		s->embed[s->nembed++].f = f;
	}
	free(copy);
}

int shape_arg(struct shape *s, const char *key, const char *value, struct problem *p)
{
	if (strcmp(key, "fields") == 0) {
		s->fields_given = 1;
		take_fields(s, value ? value : "", p);
		return 1;
	}
	if (strcmp(key, "embed") == 0) {
		take_embed(s, value ? value : "", p);
		return 1;
	}
	return 0;
}

int shape_given(const struct shape *s)
{
	return s && (s->fields_given || s->nembed);
}

/* A member named in fields=, up to the comma that ends it. */
static int named(const struct shape *s, const char *name)
{
	size_t len = strlen(name);

	for (int i = 0; i < s->nfields; i++)
		if (strncmp(s->fields[i], name, len) == 0 &&
		    (s->fields[i][len] == ',' || s->fields[i][len] == '\0'))
			return 1;
	return 0;
}

int shape_keeps(const struct shape *s, const char *name)
{
	return !s || !s->fields_given || strcmp(name, "id") == 0 || named(s, name);
}

int shape_embeds(const struct shape *s, const struct field *via, const struct field *f)
{
	for (int i = 0; s && i < s->nembed; i++)
		if (s->embed[i].via == via && s->embed[i].f == f)
			return 1;
	return 0;
}
