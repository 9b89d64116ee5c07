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

/* The quote's anchor in the content of its source, into the record; a quote the content does
 * not hold is a field error carrying the nearest passage. */
static void anchor_quote(struct write *w, const char *quote, long long source_id, struct problem *p)
{
	char *text = NULL, name[96];
	json_t *anchor = NULL;
	int rc;

	if (source_content(w, source_id, &text, p) == 1 && text) {
		rc = anchor_json(text, quote, &anchor);
		if (rc < 0) {
			problem_set(p, 503, "The server is out of memory.");
		} else if (rc == 0) {
			json_t *n = nearest(text, quote);
			const char *exact = json_string_value(json_object_get(n, "exact"));
			size_t len = exact ? strlen(exact) : 0;

			/* The passage in the message too (cut between characters past 200 bytes), for
			 * whoever reads only messages: a form, a terminal. */
			problem_path(name, sizeof(name), "%squote", w->prefix);
			if (exact && *exact)
				problem_field(p, name,
					      "the quote does not occur in the text of source %lld; "
					      "the closest passage is \xE2\x80\x9C%.*s%s\xE2\x80\x9D",
					      source_id, (int)utf8_cut(exact, len, 200), exact,
					      len > 200 ? "..." : "");
			else
				problem_field(p, name,
					      "the quote does not occur in the text of source %lld",
					      source_id);
			/* Also at the top, where a client looks for a problem's extensions (the first
			 * one when several quotes are wrong, in a batch). */
			if (n && !json_object_get(p->extra, "nearest")) {
				if (!p->extra)
					p->extra = json_object();
				json_object_set(p->extra, "nearest", n);
			}
			problem_field_extra(p, "nearest", n);
		}
	}
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
	if (quote && source_id > 0)
		anchor_quote(w, quote, source_id, p);
	else
		json_object_set_new(w->record, "anchor", json_null());
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

static const struct model_hooks hooks = {
	.check = check,
	.import_sql = import_sql,
};

struct model model_citations = {
	.name = "citations",
	.singular = "citation",
	.table = "citations",
	.fields = fields,
	.hooks = &hooks,
	.doc = "Provenance: which source supports which record.",
};
