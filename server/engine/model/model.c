/* Lookups over the models the engine was given, and the references a record makes: pure,
 * calling nothing else of the engine. */
#include <stdlib.h>
#include <string.h>

#include "core/oom.h"
#include "engine/model/model.h"

/* Set by engine_init (registry.c). */
const struct model *const *models;

const struct model *model_by_subject(const char *s)
{
	for (int i = 0; s && models[i]; i++)
		if (models[i]->citable && strcmp(models[i]->singular, s) == 0)
			return models[i];
	return NULL;
}

const struct model *model_side(void)
{
	for (int i = 0; models && models[i]; i++)
		if (models[i]->side_key)
			return models[i];
	return NULL;
}

int model_has_type(const struct model *m, enum field_type type)
{
	for (const struct field *f = m->fields; f->name; f++)
		if (f->type == type)
			return 1;
	return 0;
}

const struct field *model_listed(const struct model *m, int n, const struct model **owner)
{
	for (int i = 0; models[i]; i++)
		for (const struct field *f = models[i]->fields; f->name; f++)
			if ((f->flags & FF_LISTED) && f->ref == m && n-- == 0) {
				*owner = models[i];
				return f;
			}
	return NULL;
}

int model_lists(const struct model *m, const char *key)
{
	const struct model *owner;

	for (int i = 0; model_listed(m, i, &owner); i++)
		if (strcmp(owner->name, key) == 0)
			return 1;
	return 0;
}

const struct field *model_field(const struct model *m, const char *name)
{
	for (const struct field *f = m->fields; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

const struct field *model_input(const struct model *m, const char *name)
{
	for (const struct field *f = m->inputs; f && f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

void refs_add(struct refs *refs, const char *path, const struct model *target, long long id)
{
	if (refs->n == refs->cap) {
		size_t cap = refs->cap ? refs->cap * 2 : 8;
		struct ref_check *p = realloc(refs->items, cap * sizeof(*p));
		if (!p) {
			oom_note(); /* a reference left unchecked: nothing is committed (core/oom.h) */
			return;
		}
		refs->items = p;
		refs->cap = cap;
	}
	refs->items[refs->n].path = strdup(path);
	if (!refs->items[refs->n].path) {
		oom_note();
		return;
	}
	refs->items[refs->n].target = target;
	refs->items[refs->n].id = id;
	refs->items[refs->n].code = NULL;
	refs->n++;
}

void refs_add_side(struct refs *refs, const char *path, const char *code)
{
	const struct model *side = model_side();
	char *copy;

	if (!side)
		return; /* no model names sides: a lower-case side was refused already */
	if (!(copy = strdup(code))) {
		oom_note();
		return;
	}
	refs_add(refs, path, side, 0);
	if (refs->n && refs->items[refs->n - 1].target == side && !refs->items[refs->n - 1].id &&
	    !refs->items[refs->n - 1].code)
		refs->items[refs->n - 1].code = copy;
	else
		free(copy);
}

void refs_free(struct refs *refs)
{
	for (size_t i = 0; i < refs->n; i++) {
		free(refs->items[i].path);
		free(refs->items[i].code);
	}
	free(refs->items);
	memset(refs, 0, sizeof(*refs));
}
