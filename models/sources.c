/* sources: the articles that facts come from. A source's content may change only while every
 * live citation's quote still occurs in it, so that what export writes always imports. */
#include <stdio.h>
#include <stdlib.h>

#include "core/buf.h"
#include "db/db.h"
#include "engine/cite.h"
#include "models/models.h"
#include "engine/types.h"

static const struct field fields[] = {
	TEXT("url", 2000, FF_REQUIRED | FF_FILTER | FF_UNIQUE | FF_SUMMARY,
	     "The article's address, http or https; unique among live sources.", .check = check_url),
	TEXT("title", 1000, FF_SORT | FF_SUMMARY, "The headline."),
	TEXT("outlet", 300, FF_FILTER | FF_SUMMARY, "The publication, e.g. \"The Moscow Times\"."),
	TEXT("author", 500, 0, "Who wrote it."),
	DATE("published_on", FF_SORT | FF_RANGE | FF_SUMMARY, "When it was published."),
	TEXT("language", 35, FF_FILTER, "BCP 47 language tag, e.g. \"en\".", .check = check_language),
	TEXT("content", 500000, 0, "The article's full text; quotes cited from it must occur in it."),
	TEXT("archive_url", 2000, 0, "A copy in an archive.", .check = check_url),
	TEXT("notes", 10000, 0, "Free notes."),
	FIELDS_END,
};

/* The full-text vector of search (migrations/0003, 0012), computed by the same function whether
 * the trigger or an import's other connections do it. */
static const char *const vector_fields[] = {"title", "outlet", "content", NULL};
static const struct model_derived vector = {
	"search_text",
	"SELECT swaptrack_source_vector(t, o, c) FROM unnest($1::text[], $2::text[], $3::text[])"
	" WITH ORDINALITY AS u(t, o, c, n) ORDER BY n",
	vector_fields,
};
/* migrations/0018: the quotes of a source's live citations. */
static const struct db_stmt quotes = {
	"source_quotes", "SELECT id, quote FROM swaptrack_source_quotes($1::bigint)", 1,
};

/* A new content must still hold the quotes of the live citations of the source: else 409
 * naming them. (Citations read the content FOR SHARE, so one made meanwhile is either seen here
 * or checked against the new content.) */
static void check(struct write *w, struct problem *p)
{
	const char *content = json_string_value(json_object_get(w->record, "content"));
	char idtext[24];
	const char *vals[] = {idtext};
	struct buf names = BUF_INIT;
	json_t *referrers;
	PGresult *r;
	int lost = 0;

	if (w->creating || !w->conn || !content)
		return;
	snprintf(idtext, sizeof(idtext), "%lld", w->id);
	r = db_exec_stmt(w->conn, &quotes, vals, p);
	if (!r)
		return;
	referrers = json_array();
	for (int i = 0; i < PQntuples(r); i++) {
		if (cite_quote_found(content, PQgetvalue(r, i, 1)))
			continue;
		json_array_append_new(referrers, json_pack("{s:s, s:I}", "collection", "citations",
							   "id", (json_int_t)atoll(PQgetvalue(r, i, 0))));
		if (lost++ < 10)
			buf_printf(&names, "%s/v1/citations/%s", lost > 1 ? ", " : "", PQgetvalue(r, i, 0));
	}
	PQclear(r);
	if (lost) {
		problem_set(p, 409, "The new content no longer contains the quotes of %d citation%s; "
			    "change or delete %s first: %s%s.", lost, lost == 1 ? "" : "s",
			    lost == 1 ? "it" : "them", names.data ? names.data : "",
			    lost > 10 ? ", ..." : "");
		p->extra = json_pack("{s:O}", "referrers", referrers);
	}
	json_decref(referrers);
	buf_free(&names);
}

static const struct model_hooks hooks = {.check = check, .derived = &vector};

struct model model_sources = {
	.name = "sources",
	.singular = "source",
	.table = "sources",
	.fields = fields,
	.hooks = &hooks,
	.doc = "The articles that facts come from.",
};
