/* The resources: one file each in this folder, and the list of them that the program hands to
 * the engine (engine_init). The engine never names one of these; a resource names the others it
 * refers to (a detention's person) through the declarations here. */
#ifndef SWAPTRACK_MODELS_H
#define SWAPTRACK_MODELS_H

#include "db/migrate.h"
#include "engine/model/model.h"

/* Every top-level collection, one line each, in the order records can be loaded: a record's
 * references come before it (engine_init refuses another order), citations last. Adding a
 * resource is its file and its line here. */
#define RESOURCES(X) \
	X(sources) \
	X(people) \
	X(parties) \
	X(detentions) \
	X(negotiations) \
	X(swaps) \
	X(statements) \
	X(citations)

/* model_sources, model_people, ...: not const, the engine fills in their generated SQL. */
#define RESOURCE_DECLARE(name) extern struct model model_##name;
RESOURCES(RESOURCE_DECLARE)

/* What people released in a swap were: its groups' and releases' category, and a negotiation's
 * commitments' (defined in models/negotiations.c). */
extern const char *const swap_categories[];

/* The list above as an array, NULL-terminated (registry.c). */
extern const struct model *const resources[];
/* What migrations need of the resources' code (db/migrate.h), ended by a NULL version. */
extern const struct migration_step migration_steps[];
/* migrations/0023: the anchor of every citation with a quote in a source with content, by the
 * matcher that anchors new ones (models/citations.c). */
int citations_anchor_all(PGconn *c, char **err);

#endif
