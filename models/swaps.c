/* swaps: an exchange that happened, with who was released by whom. Creating (or replacing) a swap
 * marks each named detention still `held` as `exchanged`, with the swap's date as its release
 * date when it has none, in the same transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "db/db.h"
#include "engine/model/types.h"
#include "engine/routes/collection.h"
#include "engine/write/store.h"
#include "models/models.h"

static const struct field release_fields[] = {
	REF("person_id", &model_people, FF_REQUIRED, "The person released."),
	REF("detention_id", &model_detentions, 0, "The detention it ended; it must be that person's."),
	SIDE("released_by", FF_REQUIRED, "The side that let the person go: a state or a party."),
	SIDE("released_to", 0,
	     "The side of the deal that received the person (not the person's nationality)."),
	FIELDS_END,
};

static struct model releases = {
	.name = "releases",
	.table = "swap_releases",
	.parent_key = "swap_id",
	.fields = release_fields,
	.doc = "One person released in a swap.",
};

static const struct field fields[] = {
	DATE("occurred_on", FF_REQUIRED | FF_SORT | FF_RANGE, "When the exchange took place."),
	TEXT("place", 500, 0, "Where, e.g. \"Ankara\"."),
	SIDES("mediators", 20, FF_FILTER, "Sides mediating: states or parties.", .filter = "mediator"),
	SIDES("parties", 20, FF_FILTER,
	      "The sides that released someone, e.g. [\"RU\", \"BY\", \"US\", \"DE\"] or "
	      "[\"IL\", \"hamas\"]; when left out, those named as released_by in releases.",
	      .filter = "party"),
	REF("negotiation_id", &model_negotiations, FF_FILTER, "The talks that led to it."),
	TEXT("summary", 10000, 0, "What happened."),
	INTEGER("released_count", 100000, 0,
		"How many people went free in all, named or not: at least the number of releases, "
		"which it is when left out."),
	CHILDREN("releases", &releases, 500, FF_REQUIRED,
		 "Who was released, by whom, to whom: at least one, each person once."),
	FIELDS_END,
};

static const struct model_filter filters[] = {
	{"person_id", FT_REF,
	 "EXISTS (SELECT 1 FROM swap_releases c WHERE c.swap_id = t.id AND c.person_id = $v)",
	 "Swaps in which this person was released.", &model_people},
	{"country", FT_SIDE,
	 "EXISTS (SELECT 1 FROM swap_releases c WHERE c.swap_id = t.id"
	 " AND (c.released_by = $v OR c.released_to = $v))",
	 "Swaps in which this side (a state or a party) released or received someone.", NULL},
	{"released_by", FT_SIDE,
	 "EXISTS (SELECT 1 FROM swap_releases c WHERE c.swap_id = t.id AND c.released_by = $v)",
	 "Swaps in which this side released someone.", NULL},
	{"released_to", FT_SIDE,
	 "EXISTS (SELECT 1 FROM swap_releases c WHERE c.swap_id = t.id AND c.released_to = $v)",
	 "Swaps in which this side received someone.", NULL},
	{"involves", FT_SIDE,
	 "(t.parties @> ARRAY[$v] OR t.mediators @> ARRAY[$v] OR EXISTS (SELECT 1 FROM"
	 " swap_releases c WHERE c.swap_id = t.id AND (c.released_by = $v OR c.released_to = $v)))",
	 "Swaps in which this side takes any part: released, received, party or mediator.", NULL},
	{NULL, 0, NULL, NULL, NULL},
};

/* sql/functions/swaps.sql: the person each detention belongs to; held detentions exchanged. */
static const struct db_stmt detention_people = {
	"swap_detention_people",
	"SELECT id, person_id FROM swaptrack_detention_people($1::bigint[])",
	1,
};
static const struct db_stmt exchange = {
	"swap_exchange",
	"SELECT * FROM swaptrack_exchange($1::bigint[], $2, $3::date, $4::date, $5)",
	5,
};

static long long id_at(json_t *release, const char *key)
{
	return json_integer_value(json_object_get(release, key));
}

/* What reporting leaves out and the releases say: the parties (each country that released
 * someone, in the order of the releases) and how many went free (as many as were named). */
static void complete(json_t *record)
{
	json_t *list = json_object_get(record, "releases"), *parties, *r;
	size_t i, j;

	if (json_is_null(json_object_get(record, "released_count")))
		json_object_set_new(record, "released_count",
				    json_integer((json_int_t)json_array_size(list)));
	parties = json_object_get(record, "parties");
	if (!json_is_array(parties) || json_array_size(parties) > 0)
		return;
	json_array_foreach(list, i, r) {
		json_t *by = json_object_get(r, "released_by");
		for (j = 0; j < json_array_size(parties) && !json_equal(by, json_array_get(parties, j));
		     j++)
			;
		if (json_is_string(by) && j == json_array_size(parties))
			json_array_append(parties, by);
	}
}

/* Each person at most once, each detention that person's own, and at least as many people
 * free as are named. */
static void check(struct write *w, struct problem *p)
{
	json_t *list = json_object_get(w->record, "releases"), *r;
	char field[96];
	struct buf ids = BUF_INIT;
	PGresult *rows = NULL;
	size_t i, j;

	/* Over what is valid (w->partial: a refused field is null, and released_count has no
	 * default yet). */
	if (json_is_integer(json_object_get(w->record, "released_count")) &&
	    json_integer_value(json_object_get(w->record, "released_count")) <
		    (json_int_t)json_array_size(list)) {
		problem_path(field, sizeof(field), "%sreleased_count", w->prefix);
		problem_field(p, field, "must be at least the number of releases (%zu)",
			      json_array_size(list));
	}
	json_array_foreach(list, i, r) {
		/* A repeat is named once, against the person's first release (not against every
		 * earlier repeat: 500 repeats would be 124,750 errors). */
		for (j = 0; j < i; j++)
			if (id_at(r, "person_id") &&
			    id_at(r, "person_id") == id_at(json_array_get(list, j), "person_id")) {
				problem_path(field, sizeof(field), "%sreleases[%zu].person_id",
					     w->prefix, i);
				problem_field(p, field,
					      "person %lld is already released in releases[%zu]",
					      id_at(r, "person_id"), j);
				break;
			}
		if (id_at(r, "detention_id"))
			buf_printf(&ids, "%s%lld", ids.len ? "," : "{", id_at(r, "detention_id"));
	}
	if (!ids.len || !w->conn)
		goto out;
	buf_puts(&ids, "}");
	{
		const char *vals[] = {ids.data};
		rows = db_exec_stmt(w->conn, &detention_people, vals, p);
	}
	if (!rows)
		goto out;
	json_array_foreach(list, i, r) {
		for (int k = 0; k < PQntuples(rows); k++) {
			long long det = atoll(PQgetvalue(rows, k, 0)),
				  owner = atoll(PQgetvalue(rows, k, 1));
			if (det == id_at(r, "detention_id") && owner != id_at(r, "person_id")) {
				problem_path(field, sizeof(field), "%sreleases[%zu].detention_id",
					     w->prefix, i);
				problem_field(p, field,
					      "detention %lld is person %lld's, not person %lld's", det,
					      owner, id_at(r, "person_id"));
			}
		}
	}
out:
	PQclear(rows);
	buf_free(&ids);
}

/* Held detentions named by a release become exchanged, released on the swap's date unless they
 * already have a release date; each change is recorded in history. */
static int after_write(struct write *w, struct problem *p)
{
	json_t *list = json_object_get(w->record, "releases"), *r;
	const char *occurred = json_string_value(json_object_get(w->record, "occurred_on"));
	struct partial_date d;
	const char *why;
	struct buf ids = BUF_INIT;
	PGresult *res = NULL;
	size_t i;
	int rc = 0;

	json_array_foreach(list, i, r)
		if (id_at(r, "detention_id"))
			buf_printf(&ids, "%s%lld", ids.len ? "," : "{", id_at(r, "detention_id"));
	if (!ids.len || partial_date_parse(occurred, &d, &why) < 0)
		goto out;
	buf_puts(&ids, "}");
	{
		const char *vals[] = {ids.data, occurred, d.first, d.last,
				      date_precision_name(d.precision)};
		res = db_exec_stmt(w->conn, &exchange, vals, p);
	}
	if (!res) {
		rc = -1;
		goto out;
	}
	for (int k = 0; k < PQntuples(res) && rc == 0; k++)
		rc = history_add(w->conn, &model_detentions, atoll(PQgetvalue(res, k, 0)), "update",
				 w->actor, p);
out:
	PQclear(res);
	buf_free(&ids);
	return rc;
}

/* After a bulk import: releases whose detention is another person's. */
static void import_sql(struct buf *b)
{
	buf_puts(b, "SELECT id, field, message FROM swaptrack_release_mismatches()");
}

static const struct model_hooks hooks = {
	.complete = complete,
	.check = check,
	.after_write = after_write,
	.import_sql = import_sql,
};

struct model model_swaps = {
	.name = "swaps",
	.singular = "swap",
	.table = "swaps",
	.citable = 1,
	.fields = fields,
	.filters = filters,
	.hooks = &hooks,
	.doc = "An exchange that happened.",
};
