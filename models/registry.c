/* The one list of resources, made from RESOURCES in models.h. */
#include "models/models.h"

#define RESOURCE_ADDRESS(name) &model_##name,
const struct model *const resources[] = {RESOURCES(RESOURCE_ADDRESS) NULL};

/* Work a numbered migration needs beyond its SQL. 0026_documents once installed the documents
 * here; since the ~documents item (engine/sql/schema.c) does that after ~schema has made every
 * table, and runs in the same migrate whenever 0026 does (a database that lacks 0026 has never
 * recorded ~documents), 0026 has no step: at 0026 a table a newer model adds does not exist. */
const struct migration_step migration_steps[] = {
	{"0023_anchors", citations_anchor_all},
	{NULL, NULL},
};
