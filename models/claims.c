/* What a citation claims (the contract's "Claims: what each source says"): the value it gives
 * its field, validated as that field; at most one distinct preferred value a field; and no
 * citation equal to a live one. The checks of models/citations.c's hook that are about claims;
 * the conflicts a record carries are computed by the database (sql/functions/claims.sql) from
 * what is stored here. */
#include "models/claims.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "engine/model/fieldtype.h"
#include "engine/model/validate.h"
#include "engine/sql/sqlgen.h"

const char *const citation_ranks[] = {"preferred", "normal", "deprecated", NULL};

/* 1 for a citation given inline, in the record it cites ("citations[0]." ends its prefix): its
 * subject_id is a placeholder until that record is stored. */
static int claim_inline(const struct write *w)
{
	return strstr(w->prefix, "citations[") != NULL;
}

/* The anchor's span as text, "start:end", or NULL (no anchor). */
static int span_text(json_t *anchor, char **span)
{
	*span = NULL;
	if (!json_is_object(anchor))
		return 0;
	if (asprintf(span, "%lld:%lld", (long long)json_integer_value(json_object_get(anchor, "start")),
		     (long long)json_integer_value(json_object_get(anchor, "end"))) < 0) {
		*span = NULL;
		return -1;
	}
	return 0;
}

/* Members equal in both, JSON null and absent alike. */
static int same_member(json_t *a, json_t *b, const char *key)
{
	json_t *x = json_object_get(a, key), *y = json_object_get(b, key);

	if (json_is_null(x))
		x = NULL;
	if (json_is_null(y))
		y = NULL;
	return x == y || (x && y && json_equal(x, y));
}

int claim_equal(json_t *a, json_t *b)
{
	json_t *x = json_object_get(a, "anchor"), *y = json_object_get(b, "anchor");

	if (!same_member(a, b, "source_id") || !same_member(a, b, "subject_type") ||
	    !same_member(a, b, "subject_id") || !same_member(a, b, "field") ||
	    !same_member(a, b, "value"))
		return 0;
	if (json_is_object(x) || json_is_object(y))
		return json_is_object(x) && json_is_object(y) && same_member(x, y, "start") &&
		       same_member(x, y, "end");
	return same_member(a, b, "quote");
}

const struct field *claim_field(const struct model *m, const char *path)
{
	const char *open = strchr(path, '['), *close;
	const struct field *f;
	char name[64];
	size_t len;

	if (!open)
		return model_field(m, path);
	len = (size_t)(open - path);
	if (len >= sizeof(name) || !(close = strchr(open, ']')) || close[1] != '.')
		return NULL;
	memcpy(name, path, len);
	name[len] = 0;
	f = model_field(m, name);
	return f && f->type == FT_CHILDREN ? model_field(f->ref, close + 2) : NULL;
}

int claim_value_check(struct write *w, const struct model *subject, struct problem *p)
{
	json_t *v = json_object_get(w->record, "value"), *stored;
	const char *field = json_string_value(json_object_get(w->record, "field"));
	const struct field *f;
	const struct field_ops *ops;
	struct refs refs = {NULL, 0, 0};
	char path[96];

	if (!v || json_is_null(v))
		return 0;
	problem_path(path, sizeof(path), "%svalue", w->prefix);
	if (!field) {
		problem_field(p, path,
			      "needs field: the field whose value the source gives (\"value\": 24 "
			      "with \"field\": \"groups[0].count\")");
		return -1;
	}
	if (!subject || !(f = claim_field(subject, field)))
		return -1; /* the field is refused beside it */
	if (f->type == FT_CHILDREN) {
		problem_field(p, path,
			      "cannot be given for the whole list %s; cite one member's field, "
			      "such as %s[0].count",
			      field, field);
		return -1;
	}
	if (field_ops(f)->computed) {
		problem_field(p, path,
			      "cannot be given for %s: the server derives it, so no source sets it",
			      field);
		return -1;
	}
	/* Of a list field, one member: validated as one item of it. */
	ops = field_ops(f)->array && field_ops(f)->item ? field_ops(f)->item : field_ops(f);
	if (!(stored = ops->value(f, path, v, &refs, p))) {
		refs_free(&refs);
		return -1;
	}
	json_object_set_new(w->record, "value", stored);
	if (w->conn && refs.n && validate_refs(w->conn, &refs, p) < 0) {
		refs_free(&refs);
		return -1;
	}
	refs_free(&refs);
	return 0;
}

/* ---- the key of equal citations -------------------------------------------------------------
 * Same source, subject, field, value and anchor span, or with no anchor the same quote: what the
 * unique index of migrations/0036_claims.sql holds, expression for expression. */

/* The first live citation other than $8 equal to the one described: the expressions of the
 * index, so that it answers. */
static const struct db_stmt equal = {
	"citation_equal",
	"SELECT id FROM citations WHERE deleted_at IS NULL AND source_id = $1::bigint"
	" AND subject_type = $2 AND subject_id = $3::bigint AND coalesce(field, '') = coalesce($4, '')"
	" AND md5(coalesce(value::text, '')) = md5(coalesce($5, ''))"
	" AND coalesce((anchor ->> 'start') || ':' || (anchor ->> 'end'), 'q' || md5(coalesce(quote, '')))"
	" = coalesce($6, 'q' || md5(coalesce($7, ''))) AND id <> $8::bigint ORDER BY id LIMIT 1",
	8,
};

/* The stored text of the value, the anchor's span "start:end" and the citation's own key values
 * into vals (texts malloc'd in *owned). */
static int key_values(struct write *w, char ids[3][24], char **value, char **span, const char **vals)
{
	json_t *r = w->record, *anchor = json_object_get(r, "anchor"), *v = json_object_get(r, "value");

	*value = *span = NULL;
	snprintf(ids[0], sizeof(ids[0]), "%lld",
		 (long long)json_integer_value(json_object_get(r, "source_id")));
	snprintf(ids[1], sizeof(ids[1]), "%lld",
		 (long long)json_integer_value(json_object_get(r, "subject_id")));
	snprintf(ids[2], sizeof(ids[2]), "%lld", w->id);
	if (v && !json_is_null(v) && !(*value = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)))
		return -1;
	if (span_text(anchor, span) < 0)
		return -1;
	vals[0] = ids[0];
	vals[1] = json_string_value(json_object_get(r, "subject_type"));
	vals[2] = ids[1];
	vals[3] = json_string_value(json_object_get(r, "field"));
	vals[4] = *value;
	vals[5] = *span;
	vals[6] = json_string_value(json_object_get(r, "quote"));
	vals[7] = ids[2];
	return 0;
}

int claim_duplicate_check(struct write *w, struct problem *p)
{
	char ids[3][24], *value = NULL, *span = NULL;
	const char *vals[8];
	PGresult *r;
	long long other = 0;

	/* An inline citation cites the record made with it: nothing else cites it yet (its
	 * siblings are held to the equal hook). */
	if (!w->conn || w->partial || claim_inline(w))
		return 0;
	if (key_values(w, ids, &value, &span, vals) < 0) {
		free(value);
		free(span);
		return problem_set(p, 503, "The server is out of memory.");
	}
	r = db_exec_stmt(w->conn, &equal, vals, p);
	if (r && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
		other = atoll(PQgetvalue(r, 0, 0));
	free(value);
	free(span);
	if (!r)
		return -1;
	PQclear(r);
	if (!other)
		return 0;
	problem_set(p, 409,
		    "An equal citation is stored already: /v1/citations/%lld (the same source, record, "
		    "field, value and passage).",
		    other);
	p->extra = json_pack("{s:I}", "existing_id", (json_int_t)other);
	return -1;
}

/* The other live citations of the same field that prefer a value, with their values; taken
 * after a lock on the field, so that two writes cannot each prefer a different value unseen. */
static const struct db_stmt field_lock = {
	"citation_field_lock",
	"SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2 || '/' || $3, 36))",
	3,
};
static const struct db_stmt preferred = {
	"citation_preferred",
	"SELECT id, value::text FROM citations WHERE subject_type = $1 AND subject_id = $2::bigint"
	" AND field = $3 AND rank = 'preferred' AND deleted_at IS NULL AND id <> $4::bigint"
	" ORDER BY id",
	4,
};

/* The value at path ("name", "groups[0].count") of record rec (borrowed), or NULL. */
static json_t *value_at(json_t *rec, const char *path)
{
	const char *open = strchr(path, '['), *close = open ? strchr(open, ']') : NULL;
	char name[64];
	size_t len;

	if (!open)
		return json_object_get(rec, path);
	len = (size_t)(open - path);
	if (!close || close[1] != '.' || len >= sizeof(name))
		return NULL;
	memcpy(name, path, len);
	name[len] = 0;
	return json_object_get(json_array_get(json_object_get(rec, name),
					      (size_t)strtoul(open + 1, NULL, 10)),
			       close + 2);
}

/* The subject's value of the field, as read now (a new reference, or NULL). */
static json_t *record_value(struct write *w, const struct model *subject, const char *subject_id,
			    const char *field, struct problem *p)
{
	char ids[32];
	const char *vals[] = {ids};
	json_t *rec, *v = NULL;
	PGresult *r;

	snprintf(ids, sizeof(ids), "{%s}", subject_id);
	if (!(r = db_exec_stmt(w->conn, &subject->sql->get_many, vals, p)))
		return NULL;
	if (PQntuples(r) == 1 && (rec = json_loads(PQgetvalue(r, 0, 1), 0, NULL))) {
		v = json_incref(value_at(rec, field));
		json_decref(rec);
	}
	PQclear(r);
	return v;
}

int claim_preferred_check(struct write *w, const struct model *subject, struct problem *p)
{
	json_t *r = w->record, *v = json_object_get(r, "value"), *held = NULL;
	const char *rank = json_string_value(json_object_get(r, "rank"));
	const char *field = json_string_value(json_object_get(r, "field"));
	const char *type = json_string_value(json_object_get(r, "subject_type"));
	long long sid = (long long)json_integer_value(json_object_get(r, "subject_id"));
	char subject_id[24], self[24];
	const char *vals[4];
	PGresult *res;
	long long other = 0;
	int fetched = 0;

	if (!w->conn || w->partial || claim_inline(w) || sid <= 0 || !subject || !rank ||
	    strcmp(rank, "preferred") || !field)
		return 0;
	snprintf(subject_id, sizeof(subject_id), "%lld", sid);
	snprintf(self, sizeof(self), "%lld", w->id);
	vals[0] = type;
	vals[1] = subject_id;
	vals[2] = field;
	vals[3] = self;
	if (!(res = db_exec_stmt(w->conn, &field_lock, vals, p)))
		return -1;
	PQclear(res);
	if (!(res = db_exec_stmt(w->conn, &preferred, vals, p)))
		return -1;
	if (json_is_null(v))
		v = NULL;
	/* A citation without a value prefers the record's: compared as that value. */
	for (int i = 0; i < PQntuples(res) && !other; i++) {
		json_t *theirs = PQgetisnull(res, i, 1)
					 ? NULL
					 : json_loads(PQgetvalue(res, i, 1), JSON_DECODE_ANY, NULL);
		json_t *a = v, *b = theirs;
		if (!fetched && (!a) != (!b)) {
			held = record_value(w, subject, subject_id, field, p);
			fetched = 1;
		}
		if (!a)
			a = held;
		if (!b)
			b = held;
		if (!(a == b || (a && b && json_equal(a, b))))
			other = atoll(PQgetvalue(res, i, 0));
		json_decref(theirs);
	}
	PQclear(res);
	json_decref(held);
	if (p->status)
		return -1;
	if (!other)
		return 0;
	problem_set(p, 409,
		    "Citation %lld prefers another value of %s; at most one value of a field is "
		    "preferred. Make that one normal first, or prefer its value.",
		    other, field);
	p->extra = json_pack("{s:I, s:s}", "preferred_id", (json_int_t)other, "field", field);
	return -1;
}
