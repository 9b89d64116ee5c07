/* sources: the articles that facts come from. A source's content may change only while every
 * live citation's quote still occurs in it (their anchors then follow it), so that what export
 * writes always imports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "db/db.h"
#include "engine/model/cite.h"
#include "engine/model/fieldtype.h"
#include "engine/model/types.h"
#include "engine/write/store.h"
#include "models/models.h"
#include "text/anchor.h"

static const struct field fields[] = {
	TEXT("url", 2000, FF_REQUIRED | FF_FILTER | FF_UNIQUE | FF_SUMMARY,
	     "The article's address, http or https; unique among live sources.", .check = check_url),
	TEXT("title", 1000, FF_SORT | FF_SUMMARY, "The headline."),
	TEXT("outlet", 300, FF_FILTER | FF_SUMMARY, "The publication, e.g. \"The Moscow Times\"."),
	TEXT("author", 500, 0, "Who wrote it."),
	DATE("published_on", FF_SORT | FF_RANGE | FF_SUMMARY, "When it was published."),
	TEXT("language", 35, FF_FILTER, "BCP 47 language tag, e.g. \"en\".", .check = check_language),
	TEXT("content", 500000, 0,
	     "The article's full text; quotes cited from it must occur in it, "
	     "and a change that would lose one is refused."),
	TEXT("archive_url", 2000, 0, "A copy in an archive.", .check = check_url),
	TEXT("notes", 10000, 0, "Free notes."),
	FIELDS_END,
};

/* The full-text vector of search (sql/functions/sources.sql), computed by the same function whether
 * the trigger or an import's other connections do it. */
static const char *const vector_fields[] = {"title", "outlet", "content", NULL};
static const struct model_derived vector = {
	"search_text",
	"SELECT swaptrack_source_vector(t, o, c) FROM unnest($1::text[], $2::text[], $3::text[])"
	" WITH ORDINALITY AS u(t, o, c, n) ORDER BY n",
	vector_fields,
};
/* sql/functions/sources.sql: the live citations of a source that have a quote, with their anchors. */
static const struct db_stmt quotes = {
	"source_quotes",
	"SELECT id, quote, anchor::text FROM swaptrack_source_quotes($1::bigint)",
	1,
};
/* sql/functions/sources.sql: citations ids get anchors, each at a new version. */
static const struct db_stmt reanchor = {
	"source_reanchor",
	"SELECT swaptrack_reanchor($1::bigint[], $2::json[])",
	2,
};

/* The content the source had before this write: its last history row (history is written
 * after the hook). */
static const struct db_stmt old_content = {
	"source_old_content",
	"SELECT record ->> 'content' FROM history WHERE collection = 'sources' AND record_id = $1::bigint"
	" ORDER BY version DESC, id DESC LIMIT 1",
	1,
};

/* Where a citation's quote stands in the new content: the occurrence whose context best matches
 * its old anchor's, ties going to the one nearest its old start shifted by the edit (the
 * contract's "Anchors where the reader pointed"); its first occurrence when it had no anchor. 1
 * with *anchor, 0 when the quote is gone, -1 when memory ran out. */
static int anchor_again(const char *content, const char *old, const char *quote, PGresult *r, int row,
			json_t **anchor)
{
	json_t *stored = PQgetisnull(r, row, 2) ? NULL : json_loads(PQgetvalue(r, row, 2), 0, NULL);
	json_t *start = json_object_get(stored, "start");
	struct anchor a;
	int found;

	*anchor = NULL;
	if (!json_is_integer(start)) {
		json_decref(stored);
		return anchor_json(content, quote, anchor);
	}
	found = anchor_keep(content, quote, json_string_value(json_object_get(stored, "prefix")),
			    json_string_value(json_object_get(stored, "suffix")),
			    old ? anchor_shifted(old, content, (size_t)json_integer_value(start))
				: (size_t)json_integer_value(start),
			    &a);
	json_decref(stored);
	if (found == 1 && !(*anchor = anchor_object(content, &a)))
		return -1;
	return found;
}

/* 1 when anchor (a new reference) differs from the stored one (as text, or NULL). */
static int anchor_moved(json_t *anchor, PGresult *r, int row)
{
	json_t *stored = PQgetisnull(r, row, 2) ? NULL : json_loads(PQgetvalue(r, row, 2), 0, NULL);
	int moved = !stored || !json_equal(stored, anchor);

	json_decref(stored);
	return moved;
}

/* After a change, the quotes of the source's live citations must all still occur in its
 * content: else 409 naming them, and nothing is changed. Otherwise each whose place moved gets
 * its new anchor at a new version, with a history row by the same actor, in this transaction.
 * (Citations read the content FOR SHARE, so one made meanwhile is either seen here or anchored
 * in the new content.) */
static int after_write(struct write *w, struct problem *p)
{
	const char *content = json_string_value(json_object_get(w->record, "content"));
	char idtext[24];
	const char *vals[] = {idtext, NULL};
	struct buf names = BUF_INIT, ids = BUF_INIT, anchors = BUF_INIT;
	json_t *referrers = NULL;
	char *old = NULL;
	PGresult *r, *u = NULL;
	int lost = 0, rc = -1;

	if (w->creating)
		return 0; /* nothing cites it yet */
	snprintf(idtext, sizeof(idtext), "%lld", w->id);
	if (!(r = db_exec_stmt(w->conn, &old_content, vals, p)))
		return -1;
	if (PQntuples(r) == 1 && !PQgetisnull(r, 0, 0) && !(old = strdup(PQgetvalue(r, 0, 0)))) {
		PQclear(r);
		return problem_set(p, 503, "The server is out of memory.");
	}
	PQclear(r);
	if (!(r = db_exec_stmt(w->conn, &quotes, vals, p))) {
		free(old);
		return -1;
	}
	referrers = json_array();
	for (int i = 0; i < PQntuples(r); i++) {
		json_t *anchor = NULL;
		int found = content ? anchor_again(content, old, PQgetvalue(r, i, 1), r, i, &anchor) : 0;
		char *text;

		if (found < 0)
			goto oom;
		if (!found) {
			json_array_append_new(referrers,
					      json_pack("{s:s, s:I}", "collection", "citations", "id",
							(json_int_t)atoll(PQgetvalue(r, i, 0))));
			if (lost++ < 10)
				buf_printf(&names, "%s/v1/citations/%s", lost > 1 ? ", " : "",
					   PQgetvalue(r, i, 0));
			continue;
		}
		if (!anchor_moved(anchor, r, i)) {
			json_decref(anchor);
			continue;
		}
		text = json_dumps(anchor, JSON_COMPACT);
		json_decref(anchor);
		if (!text)
			goto oom;
		buf_printf(&ids, "%s%s", ids.len ? "," : "{", PQgetvalue(r, i, 0));
		field_array_item(&anchors, text);
		free(text);
	}
	if (lost) {
		problem_set(p, 409,
			    "The new content no longer contains the quotes of %d citation%s; "
			    "change or delete %s first: %s%s.",
			    lost, lost == 1 ? "" : "s", lost == 1 ? "it" : "them",
			    names.data ? names.data : "", lost > 10 ? ", ..." : "");
		p->extra = json_pack("{s:O}", "referrers", referrers);
		goto out;
	}
	if (ids.len) {
		buf_puts(&ids, "}");
		buf_puts(&anchors, "}");
		vals[0] = ids.data;
		vals[1] = anchors.data;
		if (!ids.data || !anchors.data)
			goto oom;
		if (!(u = db_exec_stmt(w->conn, &reanchor, vals, p)) ||
		    history_add_many(w->conn, cite_model(), ids.data, "update", w->actor, p) < 0)
			goto out;
	}
	rc = 0;
	goto out;
oom:
	problem_set(p, 503, "The server is out of memory.");
out:
	PQclear(r);
	PQclear(u);
	json_decref(referrers);
	free(old);
	buf_free(&names);
	buf_free(&ids);
	buf_free(&anchors);
	return rc;
}

static const struct model_hooks hooks = {
	.after_write = after_write,
	.derived = &vector,
	.kept = "content",
};

struct model model_sources = {
	.name = "sources",
	.singular = "source",
	.table = "sources",
	.fields = fields,
	.hooks = &hooks,
	.doc = "The articles that facts come from.",
};
