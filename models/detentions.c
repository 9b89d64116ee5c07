/* detentions: one person held by one side (a state, or a party such as Hamas), from arrest to
 * release. A detention that a live
 * swap names as ending in a release stays that person's: its person_id cannot change under the
 * swap (the swap would no longer hold, nor its export import). */
#include <stdio.h>
#include <stdlib.h>

#include "core/buf.h"
#include "db/db.h"
#include "engine/model/types.h"
#include "models/models.h"

const char *const detention_statuses[] = {"held", "released", "exchanged", "died", "unknown", NULL};

static const struct field fields[] = {
	REF("person_id", &model_people, FF_REQUIRED | FF_FILTER, "The person held."),
	SIDE("country", FF_REQUIRED | FF_FILTER,
	     "Who holds the person: a state's code (\"RU\") or a party's (\"hamas\")."),
	TEXT("authority", 300, 0, "E.g. \"FSB\"."),
	DATE("detained_on", FF_SORT | FF_RANGE, "When the person was arrested."),
	TEXT("place", 500, 0, "Where."),
	STRINGS("charges", 1000, 0, "The charges, one a string (at most 100)."),
	TEXT("sentence", 1000, 0, "E.g. \"12 years, penal colony\"."),
	DATE("sentenced_on", FF_SORT, "When the sentence was passed."),
	ENUM("status", detention_statuses, FF_REQUIRED | FF_FILTER, "Where the detention stands."),
	DATE("released_on", FF_SORT, "When it ended."),
	BOOLEAN("wrongfully_detained", FF_FILTER,
		"A government's formal designation of wrongful detention."),
	TEXT("notes", 10000, 0, "Free notes."),
	FIELDS_END,
};

/* sql/functions/swaps.sql: the live swaps that release a detention as someone else. */
static const struct db_stmt releasing = {
	"detention_releasing",
	"SELECT * FROM swaptrack_swaps_releasing_as_other($1::bigint, $2::bigint)",
	2,
};

/* A changed person_id while a live swap releases this detention as another person's: 409
 * naming the swaps. (A swap made meanwhile locks the detention FOR KEY SHARE, which the update's
 * FOR UPDATE waits for, or the other way round.) */
static void check(struct write *w, struct problem *p)
{
	json_int_t person = json_integer_value(json_object_get(w->record, "person_id"));
	char idtext[24], persontext[24];
	const char *vals[] = {idtext, persontext};
	struct buf names = BUF_INIT;
	json_t *referrers;
	PGresult *r;

	if (w->creating || !w->conn || person < 1 || w->partial)
		return;
	snprintf(idtext, sizeof(idtext), "%lld", w->id);
	snprintf(persontext, sizeof(persontext), "%lld", (long long)person);
	r = db_exec_stmt(w->conn, &releasing, vals, p);
	if (!r || PQntuples(r) == 0) {
		PQclear(r);
		return;
	}
	referrers = json_array();
	for (int i = 0; i < PQntuples(r); i++) {
		json_array_append_new(referrers, json_pack("{s:s, s:I}", "collection", "swaps", "id",
							   (json_int_t)atoll(PQgetvalue(r, i, 0))));
		if (i < 10)
			buf_printf(&names, "%s/v1/swaps/%s", i ? ", " : "", PQgetvalue(r, i, 0));
	}
	problem_set(p, 409,
		    "A swap releases this detention as another person's; change the swap "
		    "first: %s%s.",
		    names.data ? names.data : "", PQntuples(r) > 10 ? ", ..." : "");
	p->extra = json_pack("{s:o}", "referrers", referrers);
	PQclear(r);
	buf_free(&names);
}

static const struct model_hooks hooks = {.check = check};

struct model model_detentions = {
	.name = "detentions",
	.singular = "detention",
	.table = "detentions",
	.citable = 1,
	.fields = fields,
	.hooks = &hooks,
	.doc = "One person held by one country, from arrest to release.",
};
