/* Every collection, and lookups over them. */
#include <string.h>

#include "model.h"

/* Load order: each record's references come before it. */
const struct model *const models[] = {
	&model_sources, &model_people, &model_detentions, &model_negotiations, &model_swaps,
	&model_citations, NULL,
};

const struct model *model_by_subject(const char *s)
{
	for (int i = 0; s && models[i]; i++)
		if (models[i]->subject && strcmp(models[i]->subject, s) == 0)
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
