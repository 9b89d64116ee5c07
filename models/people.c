/* people: anyone who is detained, exchanged, or takes part in a negotiation. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "db/db.h"
#include "engine/model/cite.h"
#include "engine/model/fieldtype.h"
#include "engine/model/types.h"
#include "engine/routes/collection.h"
#include "engine/write/guard.h"
#include "http/http.h"
#include "models/models.h"

static const struct field fields[] = {
	/* A merge keeps the other record's names, where they differ, as aliases (.fold). */
	TEXT("name", 500, FF_REQUIRED | FF_SORT, "The name as usually written in English.",
	     .fold = "aliases"),
	TEXT("name_native", 500, 0, "The name in its own script, e.g. Cyrillic.", .fold = "aliases"),
	STRINGS("aliases", 500, 0,
		"Other spellings: transliterations, maiden names (at most 100, each at most 500 characters)."),
	COUNTRIES("citizenships", 20, FF_FILTER, "Countries of citizenship.", .filter = "citizenship"),
	DATE("born_on", FF_SORT, "Date of birth."),
	TEXT("gender", 100, 0, "As reported."),
	TEXT("occupation", 500, 0, "As reported."),
	TEXT("description", 10000, 0, "Who they are."),
	TEXT("wikidata_id", 12, FF_FILTER, "Wikidata item, e.g. \"Q42\".", .check = check_wikidata),
	FIELDS_END,
};

/* "$v" stands for the filter's value. */
static const struct model_filter filters[] = {
	/* The same matching as /v1/search: see sql/functions/names.sql and server/features/search.c. */
	{"q", FT_TEXT, "swaptrack_fold($v) <% t.search_names",
	 "Name search over name, native name and aliases, across Cyrillic and Latin spellings, "
	 "ignoring case and accents, forgiving a typo.",
	 NULL, NULL},
	{"held_by", FT_SIDE,
	 "EXISTS (SELECT 1 FROM detentions d WHERE d.person_id = t.id AND d.deleted_at IS NULL"
	 " AND d.status = {{detentions.status:held}} AND d.country = $v)",
	 "People with a detention in status held by this side (a state or a party).", NULL, NULL},
	{.param = NULL},
};

/* GET /v1/people/{id}/timeline: everything dated about one person, oldest first: the events
 * come from swaptrack_timeline (sql/functions/timeline.sql), each with the citations of the records it
 * names (a release that a swap made carries the swap's too). One statement, which also tells
 * whether the person exists; generated once at start, as the engine generates its own. */
static int timeline_sql(struct buf *b)
{
	const char *of[] = {"e.cited_kind", "e.cited_id", "e.also_kind", "e.also_id", NULL};

	buf_puts(b, "SELECT EXISTS (SELECT 1 FROM people WHERE id = $1 AND deleted_at IS NULL),"
		    " coalesce(json_agg(json_build_object('date', e.date, 'kind', e.kind,"
		    " 'collection', e.collection, 'id', e.id, 'summary', e.summary, 'role', e.role,"
		    " 'citations', ");
	cite_embed_any(b, of);
	buf_puts(b, ") ORDER BY e.first, e.ord, e.id), '[]'::json) FROM swaptrack_timeline($1) e");
	return 1;
}

static void timeline(struct request *req)
{
	struct problem p = PROBLEM_INIT;
	struct buf out = BUF_INIT;
	const char *vals[] = {req->params[0]};
	long long id;
	PGresult *r;
	size_t len;

	if (http_id_or_reply(req, req->params[0], &id) < 0 || http_no_query_or_reply(req) < 0)
		return;
	if (!(r = db_query(model_route_stmt(&model_people, "timeline"), vals, &p))) {
		http_send_problem(req, &p);
		return;
	}
	if (strcmp(PQgetvalue(r, 0, 0), "t") != 0) {
		PQclear(r);
		collection_not_found(req, &model_people, id); /* 308 for a merged person */
		return;
	}
	buf_printf(&out, "{\"person_id\":%lld,\"items\":%s}", id, PQgetvalue(r, 0, 1));
	PQclear(r);
	len = out.len;
	if (!out.data) {
		http_send_error(req, 503, "The server is out of memory.");
		return;
	}
	http_send(req, 200, "application/json", buf_steal(&out), len);
}

/* The timeline's answer, for the OpenAPI document (sql/functions/timeline.sql: swaptrack_timeline). */
static const char timeline_schema[] =
	"{\"type\": \"object\", \"required\": [\"person_id\", \"items\"], \"properties\": {"
	"\"person_id\": {\"type\": \"integer\", \"minimum\": 1},"
	"\"items\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"date\","
	" \"kind\", \"collection\", \"id\", \"summary\", \"role\", \"citations\"], \"properties\": {"
	"\"date\": {\"$ref\": \"#/components/schemas/partial_date\"},"
	"\"kind\": {\"type\": \"string\", \"enum\": [\"detained\", \"sentenced\", \"released\","
	" \"negotiation\", \"swap\", \"announced\", \"cancelled\", \"statement\"], \"description\":"
	" \"swap: a completed swap; announced, cancelled: a swap of that status, which released"
	" nobody yet\"},"
	"\"collection\": {\"type\": \"string\", \"description\": \"Where the event's record is.\"},"
	"\"id\": {\"type\": \"integer\", \"minimum\": 1},"
	"\"summary\": {\"type\": [\"string\", \"null\"]},"
	"\"role\": {\"type\": [\"string\", \"null\"], \"description\": \"The person's part, where the "
	"record names one (a participant's role).\"},"
	"\"citations\": {\"type\": \"array\", \"items\": {\"$ref\": "
	"\"#/components/schemas/citation_embedded\"}}}}}}}";

static const struct model_route routes[] = {
	{"timeline", timeline, timeline_sql,
	 "Everything dated about the record, oldest first: {items: [{date, kind, collection, id, "
	 "summary, citations}]}.",
	 timeline_schema},
	{NULL, NULL, NULL, NULL, NULL},
};

static const char *const derived_tables[] = {"person_terms", NULL};

/* What search matches names against (sql/functions/names.sql), computed by the same function
 * whether the trigger or an import's other connections do it. */
static const char *const names_fields[] = {"name", "name_native", "aliases", NULL};
static const struct model_derived names = {
	"search_names",
	"SELECT swaptrack_person_names(a, b, c::text[]) FROM unnest($1::text[], $2::text[],"
	" $3::text[]) WITH ORDINALITY AS u(a, b, c, n) ORDER BY n",
	names_fields,
};
/* sql/functions/search.sql: live people whose names match these as strongly as an exact spelling
 * variant does in search. */
static const struct db_stmt candidates = {
	"person_candidates",
	"SELECT id, name, score FROM swaptrack_person_candidates($1::text[], 10)",
	1,
};

/* The guard's lock, held to the end of the transaction: creates that run the guard are made
 * one at a time, in every server process, so that each compares against the ones before it.
 * What the guard compares is a similarity (0.9: "Gershkovich" and "Gershkovitch"), which no
 * key of a name's own can stand for, so the lock is one for the whole guard: people's table.
 * The candidates' statement after it (read committed) sees every create committed before the
 * lock was granted. Creates with "duplicate": "allow" do not take it. */
static const struct db_stmt guard_lock = {
	"person_guard_lock",
	"SELECT pg_advisory_xact_lock('people'::regclass::oid::int, 0)",
	0,
};

/* The duplicate guard: a new person whose name, native name or an alias matches a live person
 * (score 0.9 or more) gets 409 with every such candidate, unless the client said the name is
 * shared (?duplicate=allow). Two people may share a name; saying so is one word. */
static const struct guard guard = {
	&guard_lock,
	&candidates,
	names_fields,
	"someone already recorded",
	"another person of the same name",
};

static void check(struct write *w, struct problem *p)
{
	guard_duplicates(w, &guard, p);
}

static const struct model_hooks hooks = {.check = check, .derived = &names};

struct model model_people = {
	.name = "people",
	.singular = "person",
	.table = "people",
	.citable = 1,
	.waiver = "duplicate",
	.mergeable = 1,
	.fields = fields,
	.filters = filters,
	.routes = routes,
	.derived_tables = derived_tables,
	.hooks = &hooks,
	.doc = "Anyone who is detained, exchanged, or takes part in a negotiation.",
};
