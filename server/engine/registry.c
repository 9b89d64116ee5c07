/* The resources the engine serves, as the program gave them, and lookups over them. */
#include <string.h>

#include "engine/cite.h"
#include "engine/fieldtype.h"
#include "engine/model.h"
#include "engine/sqlgen.h"

const struct model *const *models;

int engine_init(const struct model *const *list)
{
	models = list;
	for (int i = 0; models[i]; i++)
		if (field_types_check(models[i]) < 0)
			return -1;
	return cite_init() < 0 ? -1 : sql_init();
}

const struct model *model_by_subject(const char *s)
{
	for (int i = 0; s && models[i]; i++)
		if (models[i]->citable && strcmp(models[i]->singular, s) == 0)
			return models[i];
	return NULL;
}

const struct field *model_field(const struct model *m, const char *name)
{
	for (const struct field *f = m->fields; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}
