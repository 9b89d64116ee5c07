/* Merges, as merge.h says. The statements are generated once from the field tables: for each
 * model that refers to a mergeable one (by a top-level reference, a child's, or as the citing
 * model's subject), one UPDATE that points every live referrer at the survivor and bumps its
 * version, so that its ETag and history tell the change. The survivor's new values go through
 * the generic patch (write.c): validated, stored and recorded as any other write. */
#include "engine/write/merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "db/db.h"
#include "engine/model/cite.h"
#include "engine/routes/collection.h"
#include "engine/routes/validators.h"
#include "engine/sql/sqlgen.h"
#include "engine/write/store.h"
#include "engine/write/write.h"
#include "http/http.h"

#define PLANS_MAX 4  /* mergeable models */
#define MOVES_MAX 16 /* models that refer to one */

struct move {
	const struct model *owner; /* whose records it changes (their ids are returned) */
	struct db_stmt st;         /* $1 survivor, $2 retired -> ids of the records changed */
};

struct plan {
	const struct model *m;
	struct db_stmt record; /* $1 retired, $2 survivor: the merges row, kept flat */
	struct db_stmt rename; /* $1 retired, $2 a field, $3 the list it folds into: its
	                               * citations of that field now support that list */
	struct move moves[MOVES_MAX];
	int nmoves;
	struct db_stmt twice; /* $1 survivor -> (collection, id) of the live records whose
	                               * child lists name it more than once after the moves */
	struct buf text;      /* owns every name and statement above */
};

static struct plan plans[PLANS_MAX];
static int nplans;

static const struct plan *plan_of(const struct model *m)
{
	for (int i = 0; i < nplans; i++)
		if (plans[i].m == m)
			return &plans[i];
	return NULL;
}

/* Offsets into plan->text, resolved once it stops growing. */
struct spot {
	struct db_stmt *st;
	size_t at;
};

static void begin_stmt(struct buf *b, struct spot *spots, int *n, struct db_stmt *st, int nparams,
		       const char *name_a, const char *name_b)
{
	spots[*n].st = st;
	spots[*n].at = b->len;
	(*n)++;
	st->nparams = nparams;
	buf_printf(b, "%s_merge_%s", name_a, name_b);
	buf_append(b, "", 1);
}

/* The UPDATE that points owner's live records from $2 to $1, or nothing when owner does not
 * refer to m. Each part of the condition says one way of referring. */
static int move_sql(struct buf *b, const struct model *m, const struct model *owner)
{
	struct buf sets = BUF_INIT, cond = BUF_INIT, ctes = BUF_INIT;
	const struct model *citing = cite_model();
	int nctes = 0, any;

	for (const struct field *f = owner->fields; f->name; f++) {
		if (f->type == FT_REF && f->ref == m) {
			buf_printf(&sets, "%s = CASE WHEN %s = $2::bigint THEN $1::bigint ELSE %s END, ",
				   f->name, f->name, f->name);
			buf_printf(&cond, "%s%s = $2::bigint", cond.len ? " OR " : "", f->name);
		}
		if (f->type != FT_CHILDREN)
			continue;
		for (const struct field *g = f->ref->fields; g->name; g++) {
			if (g->type != FT_REF || g->ref != m)
				continue;
			buf_printf(&ctes,
				   "%sc%d AS (UPDATE %s x SET %s = $1::bigint FROM %s o"
				   " WHERE o.id = x.%s AND o.deleted_at IS NULL AND x.%s = $2::bigint"
				   " RETURNING x.%s AS id)",
				   nctes ? ", " : "WITH ", nctes, f->ref->table, g->name, owner->table,
				   f->ref->parent_key, g->name, f->ref->parent_key);
			buf_printf(&cond, "%sid IN (SELECT id FROM c%d)", cond.len ? " OR " : "", nctes);
			nctes++;
		}
	}
	if (owner == citing && m->citable) {
		const char *k = cite_kind_field()->name, *s = cite_subject_field()->name;
		buf_printf(&sets,
			   "%s = CASE WHEN %s = '%s' AND %s = $2::bigint THEN $1::bigint"
			   " ELSE %s END, ",
			   s, k, m->singular, s, s);
		buf_printf(&cond, "%s(%s = '%s' AND %s = $2::bigint)", cond.len ? " OR " : "", k,
			   m->singular, s);
	}
	if ((any = cond.len > 0))
		buf_printf(b,
			   "%s%sUPDATE %s SET %sversion = version + 1, updated_at = now()"
			   " WHERE deleted_at IS NULL AND (%s) RETURNING id",
			   ctes.data ? ctes.data : "", nctes ? " " : "", owner->table,
			   sets.data ? sets.data : "", cond.data);
	buf_free(&sets);
	buf_free(&cond);
	buf_free(&ctes);
	return any;
}

static int plan_init(struct plan *pl, const struct model *m)
{
	struct spot spots[MOVES_MAX + 3];
	struct buf *b = &pl->text;
	const struct model *citing = cite_model();
	const struct field *named = NULL;
	int n = 0;

	pl->m = m;
	for (const struct field *f = m->fields; f->name; f++)
		if (f->type == FT_CHILDREN) {
			log_msg("models: %s is mergeable but has child records (%s)", m->name, f->name);
			return -1;
		}
	begin_stmt(b, spots, &n, &pl->record, 2, m->name, "record");
	buf_printf(b,
		   "WITH flat AS (UPDATE merges SET into_id = $2::bigint WHERE collection = '%s'"
		   " AND into_id = $1::bigint) INSERT INTO merges (collection, id, into_id)"
		   " VALUES ('%s', $1::bigint, $2::bigint)",
		   m->name, m->name);
	buf_append(b, "", 1);
	for (const struct field *f = citing ? citing->fields : NULL; f && f->name; f++)
		if (f->flags & FF_FIELDNAME)
			named = f;
	if (named && m->citable) {
		begin_stmt(b, spots, &n, &pl->rename, 3, m->name, "rename");
		buf_printf(b,
			   "UPDATE %s SET %s = $3 WHERE %s = '%s' AND %s = $1::bigint AND %s = $2"
			   " AND deleted_at IS NULL",
			   citing->table, named->name, cite_kind_field()->name, m->singular,
			   cite_subject_field()->name, named->name);
		buf_append(b, "", 1);
	}
	/* A record whose list named both would name the survivor twice (a negotiation with both as
	 * participants): the merge is refused, as for a swap's releases (whose key refuses it),
	 * rather than one of the entries dropped unseen. */
	begin_stmt(b, spots, &n, &pl->twice, 1, m->name, "twice");
	{
		int arms = 0;
		for (int i = 0; models[i]; i++)
			for (const struct field *f = models[i]->fields; f->name; f++)
				for (const struct field *g = f->type == FT_CHILDREN ? f->ref->fields
										    : NULL;
				     g && g->name; g++)
					if (g->type == FT_REF && g->ref == m)
						buf_printf(b,
							   "%sSELECT '%s', x.%s FROM %s x JOIN %s o ON o.id = x.%s"
							   " AND o.deleted_at IS NULL WHERE x.%s = $1::bigint"
							   " GROUP BY 2 HAVING count(*) > 1",
							   arms++ ? " UNION ALL " : "", models[i]->name,
							   f->ref->parent_key, f->ref->table,
							   models[i]->table, f->ref->parent_key, g->name);
		if (!arms)
			buf_puts(b, "SELECT NULL, NULL WHERE false");
		buf_append(b, "", 1);
	}
	for (int i = 0; models[i]; i++) {
		size_t at = b->len;
		struct move *mv = &pl->moves[pl->nmoves];

		if (pl->nmoves == MOVES_MAX)
			return -1;
		begin_stmt(b, spots, &n, &mv->st, 2, m->name, models[i]->name);
		if (!move_sql(b, m, models[i])) {
			b->len = at; /* this model does not refer to m */
			n--;
			continue;
		}
		buf_append(b, "", 1);
		mv->owner = models[i];
		pl->nmoves++;
	}
	if (!b->data)
		return -1;
	for (int i = 0; i < n; i++) {
		spots[i].st->name = b->data + spots[i].at;
		spots[i].st->sql = spots[i].st->name + strlen(spots[i].st->name) + 1;
	}
	return 0;
}

int merge_init(void)
{
	for (int i = 0; models[i]; i++) {
		if (!models[i]->mergeable)
			continue;
		if (nplans == PLANS_MAX || plan_init(&plans[nplans++], models[i]) < 0) {
			log_msg("could not generate the merge statements of %s", models[i]->name);
			return -1;
		}
	}
	return 0;
}

void merge_free(void)
{
	for (int i = 0; i < nplans; i++)
		buf_free(&plans[i].text);
	memset(plans, 0, sizeof(plans));
	nplans = 0;
}

void merge_export_sql(struct buf *b, const struct model *m)
{
	buf_printf(b,
		   "SELECT '{\"type\":\"merge\",\"record\":' || json_build_object('collection',"
		   " g.collection, 'id', g.id, 'into', g.into_id, 'merged_at',"
		   " swaptrack_utc(g.merged_at))::text || '}' FROM merges g JOIN %s t"
		   " ON t.id = g.into_id AND t.deleted_at IS NULL WHERE g.collection = '%s'"
		   " ORDER BY g.id",
		   m->table, m->name);
}

/* 1 when list holds a string equal to v. */
static int holds(json_t *list, json_t *v)
{
	size_t i;
	json_t *x;

	json_array_foreach(list, i, x)
		if (json_equal(x, v))
			return 1;
	return 0;
}

/* As merge.h says. Lists are joined (into's items first); a value of a field that folds (a name)
 * that differs from the survivor's goes into its list, even where the survivor has none (the
 * contract: the other's names become aliases), unless already there or the survivor's own value
 * of a field folding there, and its citations follow; any other empty field takes from's value,
 * and any other difference is a conflict. */
json_t *merge_fold(const struct model *m, json_t *into, json_t *from, json_t *renames, struct problem *p)
{
	json_t *state = json_deep_copy(into), *patch = json_object(), *conflicts = json_array();
	struct buf names = BUF_INIT;

	for (const struct field *f = m->fields; f->name; f++) {
		json_t *a = json_object_get(state, f->name), *b = json_object_get(from, f->name), *x;
		size_t i;

		if (!b || json_is_null(b) || f->type == FT_CHILDREN)
			continue;
		if (json_is_array(b)) {
			if (!json_is_array(a))
				json_object_set_new(state, f->name, a = json_array());
			json_array_foreach(b, i, x)
				if (!holds(a, x))
					json_array_append(a, x);
		} else if ((!a || json_is_null(a)) && !f->fold) {
			json_object_set(state, f->name, b);
		} else if (f->fold && !json_equal(a, b)) {
			json_t *list = json_object_get(state, f->fold);
			if (!json_is_array(list))
				json_object_set_new(state, f->fold, list = json_array());
			if (!holds(list, b))
				json_array_append(list, b);
			json_array_append_new(renames, json_pack("[s,s]", f->name, f->fold));
		} else if (!json_equal(a, b)) {
			json_array_append_new(conflicts, json_pack("{s:s, s:O, s:O}", "field", f->name,
								   "value", a, "from_value", b));
			buf_printf(&names, "%s%s", names.len ? ", " : "", f->name);
		}
	}
	/* What a folded list gains leaves out what the survivor's own folding fields say. */
	for (const struct field *f = m->fields; f->name; f++) {
		json_t *list = f->fold ? json_object_get(state, f->fold) : NULL, *own, *had;
		size_t i;

		if (!json_is_array(list) || !(own = json_object_get(state, f->name)) || json_is_null(own))
			continue;
		had = json_object_get(into, f->fold);
		for (i = json_array_size(list); i-- > 0;)
			if (json_equal(json_array_get(list, i), own) && !holds(had, own))
				json_array_remove(list, i);
	}
	if (json_array_size(conflicts)) {
		problem_set(p, 409,
			    "The two records disagree on %s; make them agree (or clear the "
			    "value of one) and merge again.",
			    names.data ? names.data : "");
		p->extra = json_pack("{s:O}", "conflicts", conflicts);
		json_decref(patch);
		patch = NULL;
	} else {
		for (const struct field *f = m->fields; f->name; f++) {
			json_t *v = json_object_get(state, f->name);
			if (v && !json_equal(v, json_object_get(into, f->name)))
				json_object_set(patch, f->name, v);
		}
	}
	buf_free(&names);
	json_decref(conflicts);
	json_decref(state);
	return patch;
}

/* Locks record id of m; its version and JSON in *r. Returns 1, 0 when it is not live (with
 * *into its survivor if a merge retired it), or -1 with p filled. */
static int lock(PGconn *c, const struct model *m, long long id, PGresult **r, long long *into,
		struct problem *p)
{
	char idtext[24];
	const char *vals[] = {idtext};

	snprintf(idtext, sizeof(idtext), "%lld", id);
	*into = 0;
	if (!(*r = db_exec_stmt(c, &m->sql->lock, vals, p)))
		return -1;
	if (PQntuples(*r) == 1)
		return 1;
	PQclear(*r);
	*r = NULL;
	return store_merged_into(c, m, id, into, p) < 0 ? -1 : 0;
}

/* The body: {"from": <a positive integer>} and nothing else. 0, or -1 with p filled (422). */
static int read_from(json_t *body, long long *from, struct problem *p)
{
	const char *key;
	json_t *v;

	json_object_foreach(body, key, v)
		if (strcmp(key, "from") != 0)
			problem_field(p, key, "is not a member of a merge: it has from only");
	v = json_object_get(body, "from");
	if (!json_is_integer(v) || json_integer_value(v) < 1)
		problem_field(p, "from", "must be the id of the record to merge into this one");
	else
		*from = (long long)json_integer_value(v);
	return p->status ? -1 : 0;
}

/* 409 naming the records whose lists would now name the survivor (intext) twice; 0 if none. */
static int refuse_twice(PGconn *c, const struct plan *pl, const char *intext, struct problem *p)
{
	const char *vals[] = {intext};
	PGresult *r = db_exec_stmt(c, &pl->twice, vals, p);
	json_t *referrers;
	struct buf names = BUF_INIT;

	if (!r)
		return -1;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return 0;
	}
	referrers = json_array();
	for (int row = 0; row < PQntuples(r); row++) {
		json_array_append_new(referrers,
				      json_pack("{s:s, s:I}", "collection", PQgetvalue(r, row, 0), "id",
						(json_int_t)atoll(PQgetvalue(r, row, 1))));
		if (row < 10)
			buf_printf(&names, "%s/v1/%s/%s", row ? ", " : "", PQgetvalue(r, row, 0),
				   PQgetvalue(r, row, 1));
	}
	problem_set(p, 409,
		    "After the merge these would list the survivor twice: %s%s. Change them "
		    "first (keep one entry of the person), then merge.",
		    names.data ? names.data : "", PQntuples(r) > 10 ? ", ..." : "");
	p->extra = json_pack("{s:o}", "referrers", referrers);
	buf_free(&names);
	PQclear(r);
	return -1;
}

/* Moves what refers to from over to into, in c's transaction, with a history row for each
 * record changed. */
static int move_all(PGconn *c, const struct plan *pl, long long into, long long from, json_t *renames,
		    const char *actor, struct problem *p)
{
	char intext[24], fromtext[24];
	const char *vals[] = {intext, fromtext};
	size_t i;
	json_t *pair;

	snprintf(intext, sizeof(intext), "%lld", into);
	snprintf(fromtext, sizeof(fromtext), "%lld", from);
	json_array_foreach(renames, i, pair) {
		const char *rv[] = {fromtext, json_string_value(json_array_get(pair, 0)),
				    json_string_value(json_array_get(pair, 1))};
		PGresult *r;
		if (!pl->rename.name)
			break;
		if (!(r = db_exec_stmt(c, &pl->rename, rv, p)))
			return -1;
		PQclear(r);
	}
	for (int k = 0; k < pl->nmoves; k++) {
		const struct move *mv = &pl->moves[k];
		PGresult *r = db_exec_stmt(c, &mv->st, vals, p);

		if (!r) {
			if (p->status == 409)
				problem_set(p, 409,
					    "After the merge a record of %s would name the survivor "
					    "twice where it may only once (a swap releasing the same person "
					    "twice); change it first.",
					    mv->owner->name);
			return -1;
		}
		for (int row = 0; row < PQntuples(r); row++)
			if (history_add(c, mv->owner, atoll(PQgetvalue(r, row, 0)), "update", actor, p) <
			    0) {
				PQclear(r);
				return -1;
			}
		PQclear(r);
	}
	return refuse_twice(c, pl, intext, p);
}

/* The merge itself, in c's transaction: 0 and the survivor's new state written, or -1 with p. */
static int merge(PGconn *c, const struct plan *pl, long long id, long long from, const char *if_match,
		 const char *actor, struct problem *p)
{
	const struct model *m = pl->m;
	PGresult *lr[2] = {NULL, NULL}, *gone = NULL;
	long long ids[2] = {id < from ? id : from, id < from ? from : id}, moved[2];
	json_t *a = NULL, *b = NULL, *patch = NULL, *renames = json_array();
	char fromtext[24];
	const char *vals[] = {fromtext, NULL};
	char idtext[24];
	int live[2], rc = -1;

	/* In id order, so that two merges of one pair wait for each other instead of deadlocking. */
	for (int k = 0; k < 2; k++)
		if ((live[k] = lock(c, m, ids[k], &lr[k], &moved[k], p)) < 0)
			goto out;
	{
		int at = ids[0] == id ? 0 : 1, other = 1 - at;

		if (!live[at]) {
			if (moved[at]) {
				problem_set(p, 409,
					    "Record %lld of %s was merged into /v1/%s/%lld; merge into "
					    "that record.",
					    id, m->name, m->name, moved[at]);
				p->extra = json_pack("{s:I}", "merged_into", (json_int_t)moved[at]);
			} else {
				problem_set(p, 404, "There is no record %lld in %s.", id, m->name);
			}
			goto out;
		}
		if (!live[other]) {
			if (moved[other])
				problem_field(p, "from", "record %lld was merged into %lld already",
					      from, moved[other]);
			else
				problem_field(p, "from", "there is no live record %lld in %s", from,
					      m->name);
			goto out;
		}
		if (etag_if_match(if_match, atoll(PQgetvalue(lr[at], 0, 0)), PQgetvalue(lr[at], 0, 1),
				  p) <= 0) {
			if (!p->status)
				problem_set(p, 412,
					    "The record is at version %s; reload it and merge "
					    "again.",
					    PQgetvalue(lr[at], 0, 0));
			goto out;
		}
		a = json_loads(PQgetvalue(lr[at], 0, 1), 0, NULL);
		b = json_loads(PQgetvalue(lr[other], 0, 1), 0, NULL);
	}
	if (!a || !b || !renames) {
		problem_set(p, 500, "The stored records could not be read.");
		goto out;
	}
	if (!(patch = merge_fold(m, a, b, renames, p)))
		goto out;
	if (move_all(c, pl, id, from, renames, actor, p) < 0)
		goto out;
	/* The other is retired before the survivor takes its values, so that a unique one moves. */
	snprintf(fromtext, sizeof(fromtext), "%lld", from);
	snprintf(idtext, sizeof(idtext), "%lld", id);
	vals[1] = idtext;
	if (!(gone = db_exec_stmt(c, &m->sql->remove, vals, p)))
		goto out;
	PQclear(gone);
	if (!(gone = db_exec_stmt(c, &pl->record, vals, p)))
		goto out;
	{
		struct write w = {.op = WRITE_PATCH,
				  .model = m,
				  .id = id,
				  .body = patch,
				  .prefix = "",
				  .actor = actor,
				  .merged_from = from};
		if (write_apply(c, &w, p) < 0)
			goto out;
	}
	if (history_add_merge(c, m, from, "merge", from, id, actor, p) < 0)
		goto out;
	rc = 0;
out:
	PQclear(lr[0]);
	PQclear(lr[1]);
	PQclear(gone);
	json_decref(a);
	json_decref(b);
	json_decref(patch);
	json_decref(renames);
	return rc;
}

void merge_handler(struct request *req)
{
	const struct model *m = req->route->resource;
	const struct plan *pl = plan_of(m);
	struct problem p = PROBLEM_INIT;
	long long id, from = 0;
	json_t *body;
	PGconn *c = NULL;

	if (http_id_or_reply(req, req->params[0], &id) < 0 || http_no_query_or_reply(req) < 0)
		return;
	if (!(body = http_json_body_or_reply(req, 0)))
		return;
	if (!pl) {
		problem_set(&p, 500, "Records of %s cannot be merged.", m->name);
		goto out;
	}
	if (read_from(body, &from, &p) < 0)
		goto out;
	if (from == id) {
		problem_field(&p, "from", "is this record itself: a record cannot be merged into itself");
		goto out;
	}
	if (!(c = store_begin(&p)) ||
	    merge(c, pl, id, from, http_header(req, "If-Match"), req->actor, &p) < 0)
		goto out;
	collection_send_written(req, c, m, id, &p);
out:
	if (p.status && !req->answered) {
		store_rollback(c);
		http_send_problem(req, &p);
	}
	json_decref(body);
}
