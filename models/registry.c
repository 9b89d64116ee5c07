/* The one list of resources, made from RESOURCES in models.h. */
#include "models/models.h"
#include "engine/sql/docs.h"

#define RESOURCE_ADDRESS(name) &model_##name,
const struct model *const resources[] = {RESOURCES(RESOURCE_ADDRESS) NULL};

const struct migration_step migration_steps[] = {
	{"0023_anchors", citations_anchor_all},
	{"0026_documents", docs_install},
	{NULL, NULL},
};
