/* The one list of resources. Adding a resource is a file in this folder and a line here. */
#include "models/models.h"

/* Load order: each record's references come before it. */
const struct model *const resources[] = {
	&model_sources, &model_people, &model_detentions, &model_negotiations, &model_swaps,
	&model_citations, NULL,
};
