/* people: anyone who is detained, exchanged, or takes part in a negotiation. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "engine/cite.h"
#include "engine/collection.h"
#include "db/db.h"
#include "http/http.h"
#include "models/models.h"
#include "engine/types.h"


static const struct field fields[] = {
	TEXT("name", 500, FF_REQUIRED | FF_SORT, "The name as usually written in English."),
	TEXT("name_native", 500, 0, "The name in its own script, e.g. Cyrillic."),
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
	/* The same matching as /v1/search: see migrations/0003_search.sql and server/search.c. */
	{"q", FT_TEXT, "swaptrack_fold($v) <% t.search_names",
	 "Name search over name, native name and aliases, across Cyrillic and Latin spellings, "
	 "ignoring case and accents, forgiving a typo."},
	{"held_by", FT_COUNTRY,
	 "EXISTS (SELECT 1 FROM detentions d WHERE d.person_id = t.id AND d.deleted_at IS NULL"
	 " AND d.status = 'held' AND d.country = $v)",
	 "People with a detention in status held by this country."},
	{NULL, 0, NULL, NULL},
};


/* GET /v1/people/{id}/timeline: everything dated about one person, oldest first: arrests and
 * releases from detentions, negotiations taken part in, swaps released in; each with its date
 * (as given), kind, the record it comes from and that record's citations. Undated events are
 * left out. One statement, which also tells whether the person exists. */
static struct db_stmt timeline_stmt;
static pthread_once_t timeline_once = PTHREAD_ONCE_INIT;
static struct buf timeline_sql;

/* Frees the statement's text at exit, so that valgrind sees nothing left. */
static void free_timeline(void)
{
	buf_free(&timeline_sql);
}

static void build_timeline(void)
{
	struct buf *b = &timeline_sql;

	buf_puts(b, "SELECT EXISTS (SELECT 1 FROM people WHERE id = $1 AND deleted_at IS NULL),"
		 " coalesce(json_agg(e.item ORDER BY e.first, e.ord, e.id), '[]'::json) FROM (");
	buf_puts(b, "SELECT t.detained_on_first AS first, 1 AS ord, t.id, json_build_object("
		 "'date', t.detained_on, 'kind', 'detained', 'collection', 'detentions', 'id', t.id,"
		 " 'summary', concat_ws(' ', 'Detained by', t.country, '(' || t.authority || ')',"
		 " 'in ' || t.place), 'citations', ");
	cite_embed_sql(b, &model_detentions);
	buf_puts(b, ") AS item FROM detentions t WHERE t.person_id = $1 AND t.deleted_at IS NULL"
		 " AND t.detained_on IS NOT NULL UNION ALL ");
	buf_puts(b, "SELECT t.released_on_first, 4, t.id, json_build_object("
		 "'date', t.released_on, 'kind', 'released', 'collection', 'detentions', 'id', t.id,"
		 " 'summary', concat_ws(' ', 'Released by', t.country, '(' || t.status || ')'),"
		 " 'citations', ");
	cite_embed_sql(b, &model_detentions);
	buf_puts(b, ") FROM detentions t WHERE t.person_id = $1 AND t.deleted_at IS NULL"
		 " AND t.released_on IS NOT NULL UNION ALL ");
	buf_puts(b, "SELECT t.started_on_first, 2, t.id, json_build_object("
		 "'date', t.started_on, 'kind', 'negotiation', 'collection', 'negotiations', 'id', t.id,"
		 " 'summary', t.title, 'role', c.role, 'citations', ");
	cite_embed_sql(b, &model_negotiations);
	buf_puts(b, ") FROM negotiations t JOIN negotiation_participants c ON c.negotiation_id = t.id"
		 " WHERE c.person_id = $1 AND t.deleted_at IS NULL AND t.started_on IS NOT NULL"
		 " UNION ALL ");
	buf_puts(b, "SELECT t.occurred_on_first, 3, t.id, json_build_object("
		 "'date', t.occurred_on, 'kind', 'swap', 'collection', 'swaps', 'id', t.id,"
		 " 'summary', concat_ws(' ', 'Released by', c.released_by, 'to ' || c.released_to,"
		 " 'in a swap', 'in ' || t.place), 'citations', ");
	cite_embed_sql(b, &model_swaps);
	buf_puts(b, ") FROM swaps t JOIN swap_releases c ON c.swap_id = t.id"
		 " WHERE c.person_id = $1 AND t.deleted_at IS NULL) e");
	timeline_stmt = (struct db_stmt){"people_timeline", b->data, 1};
	atexit(free_timeline);
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
	pthread_once(&timeline_once, build_timeline);
	if (!timeline_stmt.sql) {
		http_send_error(req, 503, "The server is out of memory.");
		return;
	}
	if (!(r = db_query(&timeline_stmt, vals, &p))) {
		http_send_problem(req, &p);
		return;
	}
	if (strcmp(PQgetvalue(r, 0, 0), "t") != 0) {
		PQclear(r);
		http_send_error(req, 404, "There is no record %lld in people.", id);
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

static const struct model_route routes[] = {
	{"timeline", timeline},
	{NULL, NULL},
};

static const char *const derived_tables[] = {"person_terms", NULL};

/* What search matches names against (migrations/0003, 0014), computed by the same function
 * whether the trigger or an import's other connections do it. */
static const char *const names_fields[] = {"name", "name_native", "aliases", NULL};
static const struct model_derived names = {
	"search_names",
	"SELECT swaptrack_person_names(a, b, c::text[]) FROM unnest($1::text[], $2::text[],"
	" $3::text[]) WITH ORDINALITY AS u(a, b, c, n) ORDER BY n",
	names_fields,
};
static const struct model_hooks hooks = {.derived = &names};

struct model model_people = {
	.name = "people",
	.singular = "person",
	.table = "people",
	.citable = 1,
	.fields = fields,
	.filters = filters,
	.routes = routes,
	.derived_tables = derived_tables,
	.hooks = &hooks,
	.doc = "Anyone who is detained, exchanged, or takes part in a negotiation.",
};
