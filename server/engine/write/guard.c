/* The duplicate guard (guard.h). */
#include "engine/write/guard.h"

#include <stdlib.h>

#include "core/buf.h"
#include "engine/model/fieldtype.h"

/* The record's names as a text[] literal into b: each named field's text, or each item of a
 * named list. */
static void names_of(const struct write *w, const char *const *fields, struct buf *b)
{
	for (const char *const *f = fields; *f; f++) {
		json_t *v = json_object_get(w->record, *f), *item;
		size_t i;

		if (json_is_string(v))
			field_array_item(b, json_string_value(v));
		json_array_foreach(v, i, item)
			field_array_item(b, json_string_value(item));
	}
	buf_puts(b, "}");
}

void guard_duplicates(struct write *w, const struct guard *g, struct problem *p)
{
	struct buf names = BUF_INIT, shown = BUF_INIT;
	const char *vals[1];
	json_t *list;
	PGresult *r;

	if (!w->creating || w->waived || !w->conn || w->partial)
		return;
	names_of(w, g->names, &names);
	vals[0] = names.data;
	if ((r = db_exec_stmt(w->conn, g->lock, NULL, p)))
		PQclear(r);
	if (!names.data || p->status || !(r = db_exec_stmt(w->conn, g->candidates, vals, p))) {
		if (!p->status)
			problem_oom(p);
		buf_free(&names);
		return;
	}
	if (PQntuples(r) > 0) {
		list = json_array();
		for (int k = 0; k < PQntuples(r); k++) {
			json_array_append_new(list, json_pack("{s:I, s:s, s:f}", "id",
							      (json_int_t)atoll(PQgetvalue(r, k, 0)),
							      "name", PQgetvalue(r, k, 1), "score",
							      atof(PQgetvalue(r, k, 2))));
			if (k < 3)
				buf_printf(&shown, "%s/v1/%s/%s (%s)", k ? ", " : "", w->model->name,
					   PQgetvalue(r, k, 0), PQgetvalue(r, k, 1));
		}
		problem_set(p, 409, "This may be %s: %s%s. If it is %s, create it with ?%s=allow.",
			    g->what, shown.data ? shown.data : "", PQntuples(r) > 3 ? ", ..." : "",
			    g->another, w->model->waiver ? w->model->waiver : "duplicate");
		p->extra = json_pack("{s:o}", "candidates", list);
	}
	PQclear(r);
	buf_free(&names);
	buf_free(&shown);
}
