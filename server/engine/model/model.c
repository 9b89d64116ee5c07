/* Lookups over the models the engine was given: pure, calling nothing else of the engine. */
#include <string.h>

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
