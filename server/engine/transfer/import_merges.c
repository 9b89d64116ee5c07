/* An import's merge lines, after every record: {"type": "merge", "record": {"collection",
 * "id", "into", "merged_at"}} as export writes them (merge.h). Each names a retired record by
 * an id no record of the file has, and its survivor by one that a record of the file has, so
 * that the retired URL answers 308 again; ids ascend within a collection. */
#include "engine/transfer/import_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "engine/model/model.h"

static const char *const keys[] = {"collection", "id", "into", "merged_at", NULL};

/* An id: a positive integer of at most ID_MAX, else 0. */
static long long positive(json_t *v)
{
	return json_is_integer(v) && json_integer_value(v) > 0 && json_integer_value(v) <= ID_MAX
		       ? (long long)json_integer_value(v)
		       : 0;
}

void im_merge_line(struct import *im, json_t *rec, int (*timestamp_shape)(const char *))
{
	const char *coll = json_string_value(json_object_get(rec, "collection"));
	const char *at = json_string_value(json_object_get(rec, "merged_at"));
	long long id = positive(json_object_get(rec, "id"));
	long long into = positive(json_object_get(rec, "into"));
	const struct model *m = NULL;
	int index = -1, bad = 0;
	const char *key;
	json_t *v;
	char msg[160];

	json_object_foreach(rec, key, v) {
		int known = 0;
		for (int k = 0; keys[k]; k++)
			known |= strcmp(key, keys[k]) == 0;
		if (!known) {
			snprintf(msg, sizeof(msg), "is not a member of a merge (%s, %s, %s, %s)",
				 keys[0], keys[1], keys[2], keys[3]);
			im_fail_line(im, im->line, key, msg), bad = 1;
		}
	}
	for (int k = 0; coll && models[k]; k++)
		if (models[k]->mergeable && strcmp(models[k]->name, coll) == 0)
			m = models[k], index = k;
	if (!m) {
		im_fail_line(im, im->line, "record.collection",
			     "must name a collection whose records "
			     "merge"),
			bad = 1;
	} else {
		if (!id || im_seen_line(&im->seen[index], id))
			im_fail_line(im, im->line, "record.id",
				     "must be the id of a retired record: "
				     "a positive integer of at most 9007199254740991 that no record of "
				     "the file has"),
				bad = 1;
		else if (im->merge_last[index] && id <= im->merge_last[index])
			im_fail_line(im, im->line, "record.id",
				     "must be greater than the id of the "
				     "merge before it"),
				bad = 1;
		if (!into || !im_seen_line(&im->seen[index], into)) {
			snprintf(msg, sizeof(msg), "must be the id of a %s on an earlier line",
				 m->singular);
			im_fail_line(im, im->line, "record.into", msg), bad = 1;
		}
	}
	if (!at || !timestamp_shape(at))
		im_fail_line(im, im->line, "record.merged_at", "must be a time as YYYY-MM-DDTHH:MM:SSZ"),
			bad = 1;
	if (bad || im->p.status)
		return;
	im->merge_last[index] = id;
	{
		static const struct db_stmt insert =
			{"import_merge",
			 "INSERT INTO merges (collection,"
			 " id, into_id, merged_at) VALUES ($1, $2::bigint, $3::bigint, $4::timestamptz)",
			 4};
		char idtext[24], intotext[24];
		const char *vals[] = {coll, idtext, intotext, at};
		PGresult *r;

		snprintf(idtext, sizeof(idtext), "%lld", id);
		snprintf(intotext, sizeof(intotext), "%lld", into);
		if (!(r = db_exec_stmt(im->conn, &insert, vals, &im->p)))
			im->failed = 1;
		PQclear(r);
	}
}
