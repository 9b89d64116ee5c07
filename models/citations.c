/* citations: provenance, which source supports which record. A citation's subject must be a live
 * record of its subject_type, its field one of that record's fields, and its quote must occur in
 * the source's text (whitespace collapsed), so that every claim can be checked against the
 * article it came from. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "db/db.h"
#include "engine/cite.h"
#include "engine/sqlgen.h"
#include "models/models.h"
#include "engine/types.h"

static const char *const confidences[] = {"confirmed", "reported", "claimed", "disputed", NULL};

static const struct field fields[] = {
	REF("source_id", &model_sources, FF_REQUIRED | FF_FILTER, "The source.", .lookup = "url"),
	KIND("subject_type", FF_REQUIRED | FF_FILTER, "The kind of record supported."),
	SUBJECT("subject_id", FF_REQUIRED | FF_FILTER, "The record supported; it must exist."),
	TEXT("field", 100, FF_FIELDNAME, "The field of the subject that the citation supports, e.g. \"occupation\"."),
	TEXT("quote", 10000, 0,
	     "The words quoted; they must occur in the source's content (whitespace collapsed)."),
	TEXT("attributed_to", 500, 0, "Who made the statement, e.g. \"Kirill Dmitriev, to Axios\"."),
	ENUM("confidence", confidences, 0, "How firm the claim is; default reported.", .def = "reported"),
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

/* migrations/0018: a live source's content, locked FOR SHARE. */
static const struct db_stmt content = {
	"citation_source_content", "SELECT content FROM swaptrack_source_content($1::bigint)", 1,
};

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
		problem_field(p, name, "'%s' is not a field of %s (a child's field is written "
			      "releases[2].released_to)", field, subject->name);
	}
	if (quote && source_id > 0 && w->conn) {
		const char *vals[] = {idtext};

		snprintf(idtext, sizeof(idtext), "%lld", (long long)source_id);
		/* FOR SHARE: a change of the content waits for this citation, or this citation
		 * for it (sources.c checks the quotes of a new content). */
		r = db_exec_stmt(w->conn, &content, vals, p);
		if (r && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0) &&
		    !cite_quote_found(PQgetvalue(r, 0, 0), quote)) {
			problem_path(name, sizeof(name), "%squote", w->prefix);
			problem_field(p, name, "the quote does not occur in the text of source %lld",
				      (long long)source_id);
		}
		PQclear(r);
	}
}

/* After a bulk import: citations of a record that is not there, and quotes not in their
 * source (swaptrack_collapse is the SQL twin of collapse() above, migration 0004). One anti-join
 * per kind of subject: a NOT EXISTS under a CASE was a lookup a row, 28 us each, minutes at
 * 3 M citations. */
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
			buf_printf(b, " UNION ALL SELECT c.id, 'subject_id', 'there is no %s ' || c.subject_id"
				   " FROM citations c WHERE c.subject_type = '%s' AND NOT EXISTS"
				   " (SELECT 1 FROM %s t WHERE t.id = c.subject_id AND t.deleted_at IS NULL)",
				   models[i]->singular, models[i]->singular, models[i]->table);
	buf_puts(b, " UNION ALL"
		 " SELECT c.id, 'quote', 'the quote does not occur in the text of source ' || c.source_id"
		 " FROM citations c JOIN sources s ON s.id = c.source_id"
		 " WHERE c.quote IS NOT NULL AND s.content IS NOT NULL"
		 " AND strpos(swaptrack_collapse(s.content), swaptrack_collapse(c.quote)) = 0");
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
