/* The resources: one file each in this folder, and the list of them that the program hands to
 * the engine (engine_init). The engine never names one of these; a resource names the others it
 * refers to (a detention's person) through the declarations here. */
#ifndef SWAPTRACK_MODELS_H
#define SWAPTRACK_MODELS_H

#include "engine/model.h"

/* Not const: the engine fills in their generated SQL at start. */
extern struct model model_sources, model_people, model_detentions, model_negotiations,
	model_swaps, model_citations;

/* Every top-level collection, NULL-terminated, in the order records can be loaded (a record's
 * references come before it). */
extern const struct model *const resources[];

/* citations.c: 1 when quote occurs in content, compared with white space collapsed. */
int citation_quote_found(const char *content, const char *quote);

#endif
