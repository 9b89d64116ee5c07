/* Search. People match by trigram word similarity between the folded query and their folded
 * names (sql/functions/names.sql), served by a GIN index; sources by full text, ranked with
 * ts_rank over a weighted tsvector (title above content), the query widened by the spellings of
 * the people it names (sql/functions/search.sql). Both come back in one list, best first: {"items":
 * [{"type", "id", "label", "score"}]}, score in (0, 1]; a source with snippet, snippet_start
 * and highlights in code points of its content. */
#include "features/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "db/db.h"
#include "engine/model/types.h"
#include "engine/openapi/openapi.h"
#include "engine/routes/collection.h"
#include "http/http.h"

#define SEARCH_LIMIT_DEFAULT 20
#define SEARCH_LIMIT_MAX 100

/* $1 query text, $2 limit, $3 type filter ('' for all): swaptrack_search
 * (sql/functions/search.sql). */
const struct db_stmt search_stmt = {"search", "SELECT swaptrack_search($1, $2::int, $3)", 3};

struct search_args {
	const char *q, *type, *limit;
	const char *bad; /* the first bad parameter */
	const char *why;
};

static int arg(void *ctx, const char *key, const char *value)
{
	struct search_args *a = ctx;
	const char **slot = strcmp(key, "q") == 0       ? &a->q
			    : strcmp(key, "type") == 0  ? &a->type
			    : strcmp(key, "limit") == 0 ? &a->limit
							: NULL;

	if (!slot) {
		a->bad = key;
		a->why = "is not a parameter of search (q, type, limit)";
		return 1;
	}
	if (*slot) {
		a->bad = key;
		a->why = "is given twice";
		return 1;
	}
	*slot = value ? value : "";
	return 0;
}

/* Sources' full text is the heavy part of search (a common word reads many documents); a
 * search of people alone is one index scan, and of parties a pass over a few hundred names:
 * both stay with the workers. */
int search_heavy(struct request *req)
{
	const char *type = http_query(req, "type");

	return !type || (strcmp(type, "person") != 0 && strcmp(type, "party") != 0);
}

void search_handler(struct request *req)
{
	struct search_args a = {NULL, NULL, NULL, NULL, NULL};
	struct problem p = PROBLEM_INIT;
	char limit[16];
	const char *vals[3];
	PGresult *r;
	long n = SEARCH_LIMIT_DEFAULT;

	http_query_each(req, arg, &a);
	if (!a.bad && (!a.q || !*a.q || !utf8_valid(a.q) || utf8_length(a.q) > 200)) {
		a.bad = "q";
		a.why = "is required: 1 to 200 characters of UTF-8 text";
	}
	if (!a.bad && a.type && strcmp(a.type, "person") && strcmp(a.type, "party") &&
	    strcmp(a.type, "source")) {
		a.bad = "type";
		a.why = "must be person, party or source";
	}
	if (!a.bad && a.limit) {
		char *end;
		n = strtol(a.limit, &end, 10);
		if (*end || !(*a.limit >= '0' && *a.limit <= '9') || n < 1 || n > SEARCH_LIMIT_MAX) {
			a.bad = "limit";
			a.why = "must be a whole number from 1 to 100";
		}
	}
	if (a.bad) {
		problem_set(&p, 400, "The query is not valid; see errors.");
		problem_field(&p, a.bad, "%s", a.why);
		http_send_problem(req, &p);
		return;
	}
	snprintf(limit, sizeof(limit), "%ld", n);
	vals[0] = a.q;
	vals[1] = limit;
	vals[2] = a.type ? a.type : "";
	if (!(r = db_query(&search_stmt, vals, &p))) {
		http_send_problem(req, &p);
		return;
	}
	{
		struct buf out = BUF_INIT;
		size_t len;
		buf_printf(&out, "{\"items\":%s}", PQgetvalue(r, 0, 0));
		PQclear(r);
		if (!out.data) {
			http_send_error(req, 503, "The server is out of memory.");
			return;
		}
		len = out.len;
		http_send(req, 200, "application/json", buf_steal(&out), len);
	}
}

json_t *search_doc(void)
{
	json_t *r = json_pack(
		"{s:o}", "200",
		openapi_response(
			"Matches, best first.",
			openapi_schema(
				"{\"type\": \"object\", \"required\": [\"items\"], \"properties\": {\"items\": {\"type\":"
				" \"array\", \"items\": {\"type\": \"object\", \"required\": [\"type\", \"id\", \"label\","
				" \"score\"], \"properties\": {\"type\": {\"type\": \"string\", \"enum\": [\"person\","
				" \"party\", \"source\"]}, \"id\": {\"type\": \"integer\"}, \"label\": {\"type\": \"string\"},"
				" \"score\": {\"type\": \"number\", \"exclusiveMinimum\": 0, \"maximum\": 1},"
				" \"snippet\": {\"type\": [\"string\", \"null\"], \"description\": \"Sources: the words"
				" of content around its first match (null without content).\"},"
				" \"snippet_start\": {\"type\": [\"integer\", \"null\"], \"description\": \"Sources:"
				" where the snippet begins in content, in code points.\"},"
				" \"highlights\": {\"type\": \"array\", \"description\": \"Sources: every matching word"
				" of content, in code points of content (end exclusive).\", \"items\": {\"type\":"
				" \"object\", \"required\": [\"start\", \"end\"], \"properties\": {\"start\": {\"type\":"
				" \"integer\"}, \"end\": {\"type\": \"integer\"}}}}}}}}}")));

	openapi_errors(r, openapi_read_errors);
	return json_pack(
		"{s:{s:s, s:s, s:[o,o,o], s:o}}", "get", "summary",
		"Search people and parties by name and sources by full text.", "description",
		"People match by name, native name and aliases across Cyrillic and Latin spellings, "
		"ignoring case and accents and forgiving a typo; parties by code, name, native name and "
		"aliases, in any script (folded as people's names are); sources by the words of their title, "
		"outlet and text in any form (stemmed: negotiating finds negotiated), and by the names "
		"of the people the query names, in any of their spellings (name, native name, aliases; "
		"the sources citing them too). A source carries snippet and highlights. Scores are in "
		"(0, 1].",
		"parameters",
		openapi_param("q", "query",
			      json_pack("{s:s, s:i, s:i}", "type", "string", "minLength", 1,
					"maxLength", 200),
			      "What to look for."),
		openapi_param("type", "query",
			      json_pack("{s:s, s:[s,s,s]}", "type", "string", "enum", "person", "party",
					"source"),
			      "Only this kind."),
		openapi_param("limit", "query",
			      json_pack("{s:s, s:i, s:i, s:i}", "type", "integer", "minimum", 1,
					"maximum", 100, "default", 20),
			      "How many."),
		"responses", r);
}
