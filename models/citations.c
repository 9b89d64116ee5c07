/* citations: provenance, which source supports which record. A citation's subject must be a live
 * record of its subject_type, its field one of that record's fields, and its quote must occur in
 * the source's content as the forgiving match of text/anchor.h finds it; where it stands is kept
 * as its anchor, so that every claim can be found in the article it came from. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/utf8.h"
#include "db/db.h"
#include "engine/model/cite.h"
#include "engine/model/fieldtype.h"
#include "engine/model/types.h"
#include "engine/sql/sqlgen.h"
#include "models/claims.h"
#include "models/models.h"
#include "text/anchor.h"

static const char *const confidences[] = {"confirmed", "reported", "claimed", "disputed", NULL};

static const struct field fields[] = {
	REF("source_id", &model_sources, FF_REQUIRED | FF_FILTER, "The source.", .lookup = "url"),
	KIND("subject_type", FF_REQUIRED | FF_FILTER, "The kind of record supported."),
	SUBJECT("subject_id", FF_REQUIRED | FF_FILTER, "The record supported; it must exist."),
	TEXT("field", 100, FF_FIELDNAME,
	     "The field of the subject that the citation supports, e.g. \"occupation\"."),
	TEXT("quote", 10000, 0,
	     "The words quoted; they must occur in the source's content, forgiving only white space, "
	     "quote and dash forms and Unicode normalization."),
	TEXT("attributed_to", 500, 0, "Who made the statement, e.g. \"Kirill Dmitriev, to Axios\"."),
	ENUM("confidence", confidences, 0, "How firm the claim is; default reported.", .def = "reported"),
	ANCHOR("anchor", 0,
	       "Where the quote stands in the source's content (W3C Web Annotation "
	       "TextPositionSelector and TextQuoteSelector); null without a quote or a content."),
	CLAIM("value", 0,
	      "What the source says the cited field is, validated as that field (a partial date for "
	      "occurred_on, an integer for groups[0].count; of a list field such as parties, one "
	      "member). Without it, the citation supports the record's value."),
	ENUM("rank", citation_ranks, FF_FILTER | FF_RANK,
	     "preferred, normal or deprecated (kept, marked as superseded or wrong: it claims "
	     "nothing). At most one value of a field is preferred.",
	     .def = "normal"),
	FIELDS_END,
};

/* Given on a write, never stored: the anchor's start says it afterwards. */
static const struct field inputs[] = {
	INTEGER("quote_start", 0, 0,
		"The code point of the source's content (not a UTF-16 unit) where the reader's "
		"selection begins: the quote must start there (white space just before it may be "
		"selected too), else 422 with the nearest passage. Without it, a new citation is "
		"anchored at the quote's first occurrence, and a changed one keeps its occurrence."),
	FIELDS_END,
};

/* 1 when path names a field of m: "occupation", or a field of one of its children, by
 * position: "releases[2].released_to" (an index of at most four digits, no leading zero). */
static int names_field(const struct model *m, const char *path)
{
	const char *open = strchr(path, '['), *close;
	const struct field *f;
	char name[64];
	size_t len, digits;

	if (!open)
		return model_field(m, path) != NULL;
	len = (size_t)(open - path);
	close = strchr(open, ']');
	digits = close ? (size_t)(close - open - 1) : 0;
	if (len >= sizeof(name) || !digits || digits > 4 || strspn(open + 1, "0123456789") != digits ||
	    (open[1] == '0' && digits > 1) || close[1] != '.')
		return 0;
	memcpy(name, path, len);
	name[len] = 0;
	f = model_field(m, name);
	return f && f->type == FT_CHILDREN && model_field(f->ref, close + 2) != NULL;
}

/* sql/functions/sources.sql: a live source's content, locked FOR SHARE. */
static const struct db_stmt content = {
	"citation_source_content",
	"SELECT content FROM swaptrack_source_content($1::bigint)",
	1,
};

/* The content of live source id: 1 with *text (malloc'd; NULL when the source has none), 0 when
 * nothing can say (no such live source, or a batch's checks without the database), -1 with p
 * filled. In a transaction it is read FOR SHARE: a change of the content waits for this
 * citation, or this citation for it (sources.c anchors its citations again in the new one). */
static int source_content(struct write *w, long long id, char **text, struct problem *p)
{
	char idtext[24];
	const char *vals[] = {idtext};
	PGresult *r;
	int rc = 0;

	*text = NULL;
	if (!w->conn) {
		if (!w->text)
			return 0;
		rc = w->text(w->text_ctx, &model_sources, id, text);
		return rc < 0 ? problem_set(p, 503, "The import could not read a source it kept.") : rc;
	}
	snprintf(idtext, sizeof(idtext), "%lld", id);
	if (!(r = db_exec_stmt(w->conn, &content, vals, p)))
		return -1;
	if (PQntuples(r) == 1) {
		rc = 1;
		if (!PQgetisnull(r, 0, 0) && !(*text = strdup(PQgetvalue(r, 0, 0))))
			rc = problem_set(p, 503, "The server is out of memory.");
	}
	PQclear(r);
	return rc;
}

/* The closest passage to a quote that content does not hold, for its error:
 * {"exact", "start", "end", "similarity"}, or NULL. */
static json_t *nearest(const char *content, const char *quote)
{
	struct anchor a;
	struct buf exact = BUF_INIT;
	double similarity;
	json_t *o = NULL;

	if (anchor_nearest(content, quote, &a, &similarity) == 1 &&
	    anchor_slice(&exact, content, a.start, a.end) == 0 && buf_puts(&exact, "") == 0)
		o = json_pack("{s:s, s:I, s:I, s:f}", "exact", exact.data, "start", (json_int_t)a.start,
			      "end", (json_int_t)a.end, "similarity", round(similarity * 1000) / 1000);
	buf_free(&exact);
	return o;
}

/* The nearest occurrence of quote to code point at, as an error's "nearest" (similarity 1), and
 * the code points where the quote starts, into list ("12, 40 and 77", at most five); NULL when
 * it occurs nowhere. */
static json_t *nearest_occurrence(const char *content, const char *quote, size_t at, struct buf *list)
{
	struct anchor *spans = NULL, best = {0, 0};
	struct buf exact = BUF_INIT;
	size_t n = 0, dist = (size_t)-1;
	json_t *o = NULL;

	if (anchor_occurrences(content, quote, &spans, &n) != 1)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t d = spans[i].start > at ? spans[i].start - at : at - spans[i].start;
		if (d < dist) {
			dist = d;
			best = spans[i];
		}
		if (i < 5)
			buf_printf(list, "%s%zu",
				   !i                     ? ""
				   : i + 1 == n || i == 4 ? " and "
							  : ", ",
				   spans[i].start);
	}
	if (n > 5)
		buf_printf(list, " (%zu in all)", n);
	if (anchor_slice(&exact, content, best.start, best.end) == 0 && buf_puts(&exact, "") == 0)
		o = json_pack("{s:s, s:I, s:I, s:f}", "exact", exact.data, "start",
			      (json_int_t)best.start, "end", (json_int_t)best.end, "similarity", 1.0);
	buf_free(&exact);
	free(spans);
	return o;
}

/* The nearest passage n (a new reference, taken) beside its field error, and at the top too,
 * where a client looks for a problem's extensions (the first one when several quotes are wrong,
 * in a batch). */
static void say_nearest(struct problem *p, json_t *n)
{
	if (n && !json_object_get(p->extra, "nearest")) {
		if (!p->extra)
			p->extra = json_object();
		json_object_set(p->extra, "nearest", n);
	}
	problem_field_extra(p, "nearest", n);
}

/* A quote the content does not hold: a field error carrying the nearest passage. */
static void quote_unfound(struct write *w, const char *text, const char *quote, long long source_id,
			  struct problem *p)
{
	json_t *n = nearest(text, quote);
	const char *exact = json_string_value(json_object_get(n, "exact"));
	size_t len = exact ? strlen(exact) : 0;
	char name[96];

	/* The passage in the message too (cut between characters past 200 bytes), for whoever
	 * reads only messages: a form, a terminal. */
	problem_path(name, sizeof(name), "%squote", w->prefix);
	if (exact && *exact)
		problem_field(p, name,
			      "the quote does not occur in the text of source %lld; the closest "
			      "passage is \xE2\x80\x9C%.*s%s\xE2\x80\x9D",
			      source_id, (int)utf8_cut(exact, len, 200), exact, len > 200 ? "..." : "");
	else
		problem_field(p, name, "the quote does not occur in the text of source %lld", source_id);
	say_nearest(p, n);
}

/* The stored quote, source and anchor start of the citation being changed. */
static const struct db_stmt stored_anchor = {
	"citation_stored_anchor",
	"SELECT quote, source_id, anchor ->> 'start' FROM citations WHERE id = $1::bigint",
	1,
};

/* Where the anchor must start: 1 with *at when the write says so (quote_start); 2 with *at when
 * it keeps an occurrence it had (a change that leaves the quote and source as they were, or an
 * import line's anchor), which it takes when the quote still starts there; 0 for the first
 * occurrence; -1 when the database failed. */
static int wanted_start(struct write *w, const char *quote, long long source_id, size_t *at,
			struct problem *p)
{
	json_t *qs = json_object_get(w->record, "quote_start"), *given;
	char idtext[24];
	const char *vals[] = {idtext};
	PGresult *r;
	int rc = 0;

	if (json_is_integer(qs)) {
		*at = (size_t)json_integer_value(qs);
		return 1;
	}
	given = json_object_get(json_object_get(w->given, "anchor"), "start");
	if (json_is_integer(given) && json_integer_value(given) >= 0) {
		*at = (size_t)json_integer_value(given);
		return 2;
	}
	if (w->creating || w->id <= 0 || !w->conn)
		return 0;
	snprintf(idtext, sizeof(idtext), "%lld", w->id);
	if (!(r = db_exec_stmt(w->conn, &stored_anchor, vals, p)))
		return -1;
	if (PQntuples(r) == 1 && !PQgetisnull(r, 0, 0) && !PQgetisnull(r, 0, 2) &&
	    strcmp(PQgetvalue(r, 0, 0), quote) == 0 && atoll(PQgetvalue(r, 0, 1)) == source_id) {
		*at = (size_t)strtoull(PQgetvalue(r, 0, 2), NULL, 10);
		rc = 2;
	}
	PQclear(r);
	return rc;
}

/* The quote's anchor in the content of its source, into the record: where the write says it
 * starts, where it stood, or its first occurrence; a quote the content does not hold, or not
 * where the write says, is a field error carrying the nearest passage. */
static void anchor_quote(struct write *w, const char *quote, long long source_id, struct problem *p)
{
	char *text = NULL, name[96];
	json_t *anchor = NULL;
	struct anchor a;
	size_t at = 0;
	int rc, want;

	if (source_content(w, source_id, &text, p) == 1 && text &&
	    (want = wanted_start(w, quote, source_id, &at, p)) >= 0) {
		rc = want ? anchor_find_at(text, quote, at, &a) : anchor_find(text, quote, &a);
		if (rc == 0 && want == 2) /* the occurrence it had is gone: the first one */
			rc = anchor_find(text, quote, &a);
		if (rc == 1 && !(anchor = anchor_object(text, &a)))
			rc = -1;
		if (rc < 0) {
			problem_set(p, 503, "The server is out of memory.");
		} else if (rc == 0 && want == 1) {
			struct buf list = BUF_INIT;
			json_t *n = nearest_occurrence(text, quote, at, &list);

			if (!n) {
				quote_unfound(w, text, quote, source_id, p);
			} else {
				problem_path(name, sizeof(name), "%squote_start", w->prefix);
				problem_field(p, name,
					      "the quote does not start at code point %zu of the text of "
					      "source %lld; it starts at %s (code points, not UTF-16 "
					      "units)",
					      at, source_id, list.data ? list.data : "?");
				say_nearest(p, n);
			}
			buf_free(&list);
		} else if (rc == 0) {
			quote_unfound(w, text, quote, source_id, p);
		}
	}
	json_object_del(w->record, "quote_start"); /* said by the anchor from now on */
	json_object_set_new(w->record, "anchor", anchor ? anchor : json_null());
	free(text);
}

static void check(struct write *w, struct problem *p)
{
	const char *type = json_string_value(json_object_get(w->record, "subject_type"));
	const char *field = json_string_value(json_object_get(w->record, "field"));
	const char *quote = json_string_value(json_object_get(w->record, "quote"));
	json_int_t subject_id = json_integer_value(json_object_get(w->record, "subject_id"));
	json_int_t source_id = json_integer_value(json_object_get(w->record, "source_id"));
	const struct model *subject = model_by_subject(type);
	char name[96], idtext[24];
	PGresult *r;

	/* An inline citation (prefix "citations[i].") cites the record being created with it,
	 * which exists by construction; only a citation made on its own needs its subject checked. */
	if (subject && subject_id > 0 && !*w->prefix && w->conn) {
		const char *vals[] = {idtext};

		/* The subject's exists statement locks it FOR KEY SHARE: it cannot be deleted until
		 * this transaction ends. */
		snprintf(idtext, sizeof(idtext), "{%lld}", (long long)subject_id);
		r = db_exec_stmt(w->conn, &subject->sql->exists, vals, p);
		if (r && PQntuples(r) == 0) {
			problem_path(name, sizeof(name), "%ssubject_id", w->prefix);
			problem_field(p, name, "there is no %s %lld", type, (long long)subject_id);
		}
		PQclear(r);
	}
	if (subject && field && !names_field(subject, field)) {
		problem_path(name, sizeof(name), "%sfield", w->prefix);
		problem_field(p, name,
			      "'%s' is not a field of %s (a child's field is written "
			      "releases[2].released_to)",
			      field, subject->name);
	}
	claim_value_check(w, subject, p);
	if (quote && source_id > 0) {
		anchor_quote(w, quote, source_id, p);
	} else {
		if (json_object_get(w->record, "quote_start")) {
			problem_path(name, sizeof(name), "%squote_start", w->prefix);
			problem_field(p, name, "needs a quote: where the quoted words begin");
		}
		json_object_del(w->record, "quote_start");
		json_object_set_new(w->record, "anchor", json_null());
	}
	/* What needs the whole record right: an equal live citation, a second preferred value. */
	if (p->nerrors || p->status)
		return;
	if (claim_duplicate_check(w, p) == 0)
		claim_preferred_check(w, subject, p);
}

/* After a bulk import: citations of a record that is not there (quotes were anchored line by
 * line, in the sources' content the import kept). One anti-join per kind of subject: a NOT
 * EXISTS under a CASE was a lookup a row, 28 us each, minutes at 3 M citations. */
static void import_sql(struct buf *b)
{
	const char *sep = "";

	buf_puts(b, "SELECT c.id, 'subject_id', 'there is no ' || c.subject_type || ' ' || c.subject_id"
		    " FROM citations c WHERE c.subject_type NOT IN (");
	for (int i = 0; models[i]; i++)
		if (models[i]->citable) {
			buf_printf(b, "%s'%s'", sep, models[i]->singular);
			sep = ", ";
		}
	buf_puts(b, ")");
	for (int i = 0; models[i]; i++)
		if (models[i]->citable)
			buf_printf(b,
				   " UNION ALL SELECT c.id, 'subject_id', 'there is no %s ' || c.subject_id"
				   " FROM citations c WHERE c.subject_type = '%s' AND NOT EXISTS"
				   " (SELECT 1 FROM %s t WHERE t.id = c.subject_id AND t.deleted_at IS NULL)",
				   models[i]->singular, models[i]->singular, models[i]->table);
}

/* Anchors a batch: ids and anchors as array literals, one UPDATE. */
static int store_anchors(PGconn *c, struct buf *ids, struct buf *anchors, char **err)
{
	const char *vals[] = {ids->data, anchors->data};
	PGresult *r;
	int rc = 0;

	buf_puts(ids, "}");
	buf_puts(anchors, "}");
	r = PQexecParams(c,
			 "UPDATE citations c SET anchor = u.a FROM unnest($1::bigint[], $2::json[])"
			 " AS u(id, a) WHERE c.id = u.id",
			 2, NULL, vals, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		rc = -1;
		if (asprintf(err, "anchoring citations: %s", PQresultErrorMessage(r)) < 0)
			*err = NULL;
	}
	PQclear(r);
	buf_reset(ids);
	buf_reset(anchors);
	return rc;
}

int citations_anchor_all(PGconn *c, char **err)
{
	struct buf ids = BUF_INIT, anchors = BUF_INIT;
	long unfound = 0, done = 0;
	PGresult *r = NULL;
	int rc = -1;

	/* A cursor, a thousand at a time: memory stays flat however many there are. Every
	 * citation, deleted ones too, so that none is left without what its quote had. */
	r = PQexec(c, "DECLARE anchoring NO SCROLL CURSOR FOR SELECT c.id, c.quote, s.content"
		      " FROM citations c JOIN sources s ON s.id = c.source_id"
		      " WHERE c.quote IS NOT NULL AND s.content IS NOT NULL ORDER BY c.id");
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		goto db_failed;
	for (;;) {
		PQclear(r);
		r = PQexec(c, "FETCH 1000 FROM anchoring");
		if (PQresultStatus(r) != PGRES_TUPLES_OK)
			goto db_failed;
		if (PQntuples(r) == 0)
			break;
		for (int i = 0; i < PQntuples(r); i++) {
			json_t *anchor;
			char *text;
			int found = anchor_json(PQgetvalue(r, i, 2), PQgetvalue(r, i, 1), &anchor);

			if (found < 0) {
				*err = strdup("anchoring citations: out of memory");
				goto out;
			}
			if (!found) {
				unfound++; /* left null: the API shows such a citation without one */
				continue;
			}
			text = json_dumps(anchor, JSON_COMPACT);
			json_decref(anchor);
			if (!text) {
				*err = strdup("anchoring citations: out of memory");
				goto out;
			}
			buf_printf(&ids, "%s%s", ids.len ? "," : "{", PQgetvalue(r, i, 0));
			field_array_item(&anchors, text);
			free(text);
			done++;
		}
		if (ids.len && store_anchors(c, &ids, &anchors, err) < 0)
			goto out;
	}
	PQclear(r);
	r = PQexec(c, "CLOSE anchoring");
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		goto db_failed;
	if (unfound)
		log_msg("migrations: %ld citations anchored; %ld quotes not found in their source's "
			"content (a match inside a combined character) keep no anchor",
			done, unfound);
	rc = 0;
	goto out;
db_failed:
	if (asprintf(err, "anchoring citations: %s", PQresultErrorMessage(r)) < 0)
		*err = NULL;
out:
	PQclear(r);
	buf_free(&ids);
	buf_free(&anchors);
	return rc;
}

/* After an import, equal live citations (models/claims.c's key, migrations/0036's index): the
 * first kept, the others deleted as a DELETE would; (id, kept) of each deleted. */
static void import_dedupe(struct buf *b)
{
	buf_puts(b,
		 "WITH ranked AS (SELECT id, first_value(id) OVER w AS kept, row_number() OVER w AS n"
		 " FROM citations WHERE deleted_at IS NULL WINDOW w AS (PARTITION BY source_id,"
		 " subject_type, subject_id, coalesce(field, ''), md5(coalesce(value::text, '')),"
		 " coalesce((anchor ->> 'start') || ':' || (anchor ->> 'end'), 'q' || md5(coalesce(quote, '')))"
		 " ORDER BY id)), gone AS (UPDATE citations c SET deleted_at = now(), updated_at = now(),"
		 " version = c.version + 1 FROM ranked r WHERE c.id = r.id AND r.n > 1 RETURNING c.id, r.kept)"
		 " SELECT id, kept FROM gone ORDER BY id");
}

static const struct model_hooks hooks = {
	.check = check,
	.equal = claim_equal,
	.import_dedupe = import_dedupe,
	.import_sql = import_sql,
};

struct model model_citations = {
	.name = "citations",
	.singular = "citation",
	.table = "citations",
	.fields = fields,
	.inputs = inputs,
	.hooks = &hooks,
	.doc = "Provenance: which source supports which record.",
};
