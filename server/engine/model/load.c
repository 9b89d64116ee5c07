/* The resources the engine serves, as the program gave them, and lookups over them. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/oom.h"

#include "engine/model/cite.h"
#include "engine/model/fieldtype.h"
#include "engine/model/model.h"
#include "engine/sql/schema.h"
#include "engine/sql/sqlgen.h"
#include "engine/write/merge.h"

/* 1 when model m (or one of its child models) refers to target. */
static int refers_to(const struct model *m, const struct model *target)
{
	for (const struct field *f = m->fields; f->name; f++)
		if ((f->type == FT_REF && f->ref == target) ||
		    ((f->type == FT_SIDE || f->type == FT_SIDES) && target->side_key) ||
		    (f->type == FT_CHILDREN && refers_to(f->ref, target)))
			return 1;
	return 0;
}

/* Export writes and import loads in the list's order, so each model's references must come
 * before it, and a model that cites after every citable one. */
static int load_order_check(int i)
{
	for (int j = i + 1; models[j]; j++) {
		if (refers_to(models[i], models[j])) {
			log_msg("models: %s refers to %s, which the list puts after it",
				models[i]->name, models[j]->name);
			return -1;
		}
		if (models[j]->citable && model_has_type(models[i], FT_KIND)) {
			log_msg("models: %s cites %s, which the list puts after it", models[i]->name,
				models[j]->name);
			return -1;
		}
	}
	return 0;
}

/* Every model filter's SQL names values of the field tables that exist (its {{...}}; list_args.c
 * fills them in on each list), so that a renamed value fails the start, not a request. */
static int filters_check(void)
{
	for (int i = 0; models[i]; i++)
		for (const struct model_filter *mf = models[i]->filters; mf && mf->param; mf++) {
			struct buf b = BUF_INIT;
			char *err = NULL;
			int rc = schema_expand(mf->sql, &b, &err);
			buf_free(&b);
			if (rc < 0) {
				log_msg("models: %s's filter %s: %s", models[i]->name, mf->param,
					err ? err : "out of memory");
				free(err);
				return -1;
			}
		}
	return 0;
}

/* At most one model names sides, by a unique text field of its own. */
static int side_check(void)
{
	int n = 0;

	for (int i = 0; models[i]; i++) {
		const struct field *f;
		if (!models[i]->side_key)
			continue;
		f = model_field(models[i], models[i]->side_key);
		if (n++ || !f || f->type != FT_TEXT || !(f->flags & FF_UNIQUE)) {
			log_msg("models: %s names sides by %s: one model at most, by a unique text field",
				models[i]->name, models[i]->side_key);
			return -1;
		}
	}
	return 0;
}

int engine_init(const struct model *const *list)
{
	int rc;

	oom_clear();
	models = list;
	for (int i = 0; models[i]; i++)
		if (i == MAX_MODELS || field_types_check(models[i]) < 0 || load_order_check(i) < 0) {
			if (i == MAX_MODELS)
				log_msg("models: more than %d", MAX_MODELS);
			return -1;
		}
	if (side_check() < 0 || cite_init() < 0 || filters_check() < 0)
		return -1;
	rc = sql_init() < 0 ? -1 : merge_init();
	/* A statement made while memory ran out may be missing a part (core/oom.h): none is kept. */
	if (rc == 0 && oom_seen()) {
		log_msg("models: out of memory while generating the SQL");
		engine_free();
		rc = -1;
	}
	return rc;
}

void engine_free(void)
{
	merge_free();
	sql_free();
}
