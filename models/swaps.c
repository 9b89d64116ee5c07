/* swaps: an exchange, as the world reports it (contract v1.2, "Swaps: who went which way"): people
 * released by one side to another, named (releases) or counted (groups: "390 prisoners of war"),
 * alive or as remains, with what was given besides people (terms), its status (completed,
 * announced, cancelled), and the values it derives or the writer sets (kind, released_count,
 * parties; `derived` says which). Only a completed swap changes detentions: held becomes
 * exchanged (died for remains) when it becomes completed, in the same transaction, and is put
 * back when it stops being completed or is deleted (sql/functions/swaps.sql keeps what it
 * changed in swap_effects). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "db/db.h"
#include "engine/model/types.h"
#include "engine/routes/collection.h"
#include "engine/write/store.h"
#include "models/models.h"

static const char *const statuses[] = {"completed", "announced", "cancelled", NULL};
static const char *const kinds[] = {"exchange", "release", "repatriation", NULL};
static const char *const term_kinds[] = {"funds",       "sanctions_relief", "pardon",
					 "commutation", "deportation",      "other",
					 NULL};

static const struct field release_fields[] = {
	REF("person_id", &model_people, FF_REQUIRED, "The person released."),
	REF("detention_id", &model_detentions, 0, "The detention it ended; it must be that person's."),
	SIDE("released_by", FF_REQUIRED, "The side that let the person go: a state or a party."),
	SIDE("released_to", 0,
	     "The side of the deal that received the person (not the person's nationality)."),
	ENUM("category", swap_categories, FF_FILTER, "What the person was, as the groups say it."),
	BOOLEAN("remains", 0, "The body of the person, not the person alive.", .def = "false"),
	COUNTRY("destination", 0,
		"Where the person was taken, when not the receiving side's territory (Qatar)."),
	FIELDS_END,
};

static struct model releases = {
	.name = "releases",
	.table = "swap_releases",
	.parent_key = "swap_id",
	.fields = release_fields,
	.doc = "One person released in a swap, by name.",
};

static const struct field group_fields[] = {
	SIDE("released_by", FF_REQUIRED, "The side that let them go."),
	SIDE("released_to", 0, "The side of the deal that received them."),
	INTEGER("count", 1000000, 0, "How many, when the reporting says: at least 1.", .min = 1),
	BOOLEAN("approximate", 0, "The count is the reporting's round figure (\"about 1,900\").",
		.def = "false"),
	ENUM("category", swap_categories, FF_REQUIRED | FF_FILTER, "What they were."),
	TEXT("description", 2000, 0, "E.g. \"270 soldiers and 120 civilians\"."),
	COUNTRY("destination", 0, "Where they were taken, when not the receiving side's territory."),
	FIELDS_END,
};

static struct model groups = {
	.name = "groups",
	.table = "swap_groups",
	.parent_key = "swap_id",
	.fields = group_fields,
	.doc = "People released who are counted, not named (none of them named in releases).",
};

static const struct field term_fields[] = {
	ENUM("kind", term_kinds, FF_REQUIRED, "What was given besides people."),
	SIDE("by", 0, "The side that gave it."),
	TEXT("description", 2000, FF_REQUIRED, "E.g. \"$6 billion of Iranian funds released\"."),
	NUMBER("amount", 0, "How much, when it is an amount."),
	TEXT("currency", 3, 0, "ISO 4217, with amount only.", .check = check_currency),
	FIELDS_END,
};

static struct model terms = {
	.name = "terms",
	.table = "swap_terms",
	.parent_key = "swap_id",
	.fields = term_fields,
	.doc = "What a swap gave besides people: funds, sanctions relief, a pardon.",
};

#define SIDES_SCHEMA \
	"{\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"released_by\", " \
	"\"released_to\", \"named\", \"counted\", \"remains\"], \"properties\": {\"released_by\": " \
	"{\"$ref\": \"#/components/schemas/side\"}, \"released_to\": {\"anyOf\": [{\"$ref\": " \
	"\"#/components/schemas/side\"}, {\"type\": \"null\"}]}, \"named\": {\"type\": \"integer\"}, " \
	"\"counted\": {\"type\": \"integer\"}, \"remains\": {\"type\": \"integer\"}}}}"
#define DERIVED_SCHEMA \
	"{\"type\": \"array\", \"items\": {\"type\": \"string\", \"enum\": [\"kind\", " \
	"\"released_count\", \"parties\"]}}"

static const struct field fields[] = {
	ENUM("status", statuses, FF_FILTER,
	     "completed (carried out), announced (agreed or expected), cancelled.", .def = "completed"),
	DATE("occurred_on", FF_SORT | FF_RANGE,
	     "When it took place (or is expected); required when completed, never after today."),
	TEXT("place", 500, 0, "Where, e.g. \"Ankara\"."),
	COUNTRY("host", FF_FILTER, "The country where it took place."),
	SIDES("mediators", 20, FF_FILTER, "Sides mediating: states or parties.", .filter = "mediator"),
	SIDES("facilitators", 20, FF_FILTER, "Who carried out the handover, e.g. [\"icrc\"].",
	      .filter = "facilitator"),
	SIDES("parties", 20, FF_FILTER,
	      "The sides of the deal, e.g. [\"RU\", \"BY\", \"US\", \"DE\"] or [\"IL\", \"hamas\"]; "
	      "derived (the releasing sides, then those giving terms) unless set.",
	      .filter = "party"),
	REF("negotiation_id", &model_negotiations, FF_FILTER, "The talks that led to it."),
	INTEGER("stage", 1000, FF_FILTER, "The stage of its negotiation's agreement.", .min = 1),
	ENUM("kind", kinds, FF_FILTER,
	     "exchange (two sides release someone), release (one side), repatriation (remains "
	     "only); derived unless set."),
	TEXT("summary", 10000, 0, "What happened."),
	INTEGER("released_count", 1000000, 0,
		"The living people who went free, named or counted, direction known or not; derived "
		"(the living named releases plus the groups' counts) unless set, and never less."),
	CHILDREN("releases", &releases, 500, 0, "The people released by name, by whom, to whom."),
	CHILDREN("groups", &groups, 100, 0, "The people released counted, not named."),
	CHILDREN("terms", &terms, 50, 0, "What was given besides people."),
	COMPUTED("derived", DERIVED_SCHEMA,
		 "Which of kind, released_count and parties are derived (not set by the writer)."),
	COMPUTED("sides", SIDES_SCHEMA,
		 "Who went which way: one entry per direction, the living named, the living counted "
		 "and the remains (\"230 for 248\")."),
	FIELDS_END,
};

/* Sides in any role, as the set of swaps that have them (an IN over a UNION of index lookups:
 * the children's own indexes, swap_releases_released_by, ...; an OR of correlated EXISTS would
 * make the planner test every swap). */
#define ANY_RELEASE(cond) "EXISTS (SELECT 1 FROM swap_releases c WHERE c.swap_id = t.id AND " cond ")"
#define ANY_GROUP(cond) "EXISTS (SELECT 1 FROM swap_groups g WHERE g.swap_id = t.id AND " cond ")"
#define ANY_TERM(cond) "EXISTS (SELECT 1 FROM swap_terms m WHERE m.swap_id = t.id AND " cond ")"
#define RELEASES_WHERE(cond) "SELECT c.swap_id FROM swap_releases c WHERE " cond
#define GROUPS_WHERE(cond) "SELECT g.swap_id FROM swap_groups g WHERE " cond
/* The live ones only, so that the swaps' partial indexes serve it. */
#define SWAPS_WHERE(cond) "SELECT s.id FROM swaps s WHERE s.deleted_at IS NULL AND " cond
#define PARTY "~ '^[a-z]'"

static const struct model_filter filters[] = {
	{"person_id", FT_REF, ANY_RELEASE("c.person_id = $v"),
	 "Swaps in which this person was released.", &model_people, NULL},
	{"country", FT_SIDE,
	 "t.id IN (" RELEASES_WHERE("c.released_by = $v") " UNION ALL " RELEASES_WHERE("c.released_to = $v") " UNION ALL " GROUPS_WHERE(
		 "g.released_by = $v") " UNION ALL " GROUPS_WHERE("g.released_to = $v") ")",
	 "Swaps in which this side (a state or a party) released or received someone, named or "
	 "counted.",
	 NULL, NULL},
	{"released_by", FT_SIDE,
	 "t.id IN (" RELEASES_WHERE("c.released_by = $v") " UNION ALL " GROUPS_WHERE(
		 "g.released_by = $v") ")",
	 "Swaps in which this side released someone, named or counted.", NULL, NULL},
	{"released_to", FT_SIDE,
	 "t.id IN (" RELEASES_WHERE("c.released_to = $v") " UNION ALL " GROUPS_WHERE(
		 "g.released_to = $v") ")",
	 "Swaps in which this side received someone, named or counted.", NULL, NULL},
	{"involves", FT_SIDE,
	 "t.id IN (" SWAPS_WHERE("s.host = $v") " UNION ALL " SWAPS_WHERE("s.parties @> ARRAY[$v]") " UNION ALL " SWAPS_WHERE("s.mediators @> ARRAY[$v]") " UNION ALL " SWAPS_WHERE(
		 "s.facilitators @> ARRAY[$v]") " UNION ALL " RELEASES_WHERE("c.released_by = $v OR c.released_to = $v") " UNION ALL " GROUPS_WHERE("g.released_by = $v OR g.released_to = $v") " UNION ALL SELECT m.swap_id FROM swap_terms m WHERE m.by = $v)",
	 "Swaps in which this side takes any part: host, party, mediator, facilitator, releasing, "
	 "receiving or giving terms (\"the exchanges the UAE mediated or hosted\": involves=AE).",
	 NULL, NULL},
	/* The swap's own array (migrations/0034, kept by sql/functions/releases.sql): the planner
	 * walks the swaps in order for a common category, reads swaps_categories for a rare one. */
	{"category", FT_ENUM, "t.categories @> ARRAY[$v]::text[]",
	 "Swaps with a group or a release of this category (remains: bodies, named or counted).", NULL,
	 swap_categories},
	{"non_state", FT_BOOL,
	 "(($v)::boolean = (EXISTS (SELECT 1 FROM unnest(t.parties) s WHERE s " PARTY
	 ") OR " ANY_RELEASE("(c.released_by " PARTY " OR c.released_to " PARTY
			     ")") " OR " ANY_GROUP("(g.released_by " PARTY " OR g.released_to " PARTY
						   ")") " OR " ANY_TERM("m.by " PARTY) "))",
	 "true: swaps with a party that is not a state among the deal's sides (its parties, who "
	 "released or received anyone, who gave terms; a mediator or a facilitator such as the ICRC "
	 "does not count); false: the others.",
	 NULL, NULL},
	{.param = NULL},
};

/* sql/functions/swaps.sql. */
static const struct db_stmt detention_people = {
	"swap_detention_people",
	"SELECT id, person_id FROM swaptrack_detention_people($1::bigint[])",
	1,
};
static const struct db_stmt complete_stmt = {
	"swap_complete",
	"SELECT * FROM swaptrack_swap_complete($1::bigint)",
	1,
};
static const struct db_stmt uncomplete_stmt = {
	"swap_uncomplete",
	"SELECT id, restored FROM swaptrack_swap_uncomplete($1::bigint)",
	1,
};
static const struct db_stmt stored_derived = {
	"swap_stored_derived",
	"SELECT derived::text FROM swaps WHERE id = $1",
	1,
};
static const struct db_stmt after_today = {
	"swap_after_today",
	"SELECT $1::date > (now() AT TIME ZONE 'Etc/GMT-14')::date",
	1,
};
static const struct db_stmt negotiation_stages = {
	"swap_negotiation_stages",
	"SELECT stages FROM negotiations WHERE id = $1 AND deleted_at IS NULL",
	1,
};

static long long id_at(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static int is(json_t *o, const char *key, const char *value)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s && strcmp(s, value) == 0;
}

static int remains_release(json_t *r)
{
	return json_is_true(json_object_get(r, "remains"));
}

static int remains_group(json_t *g)
{
	return is(g, "category", "remains");
}

/* Appends side v to list unless it is there or not a string. */
static void add_once(json_t *list, json_t *v)
{
	size_t i;

	if (!json_is_string(v))
		return;
	for (i = 0; i < json_array_size(list); i++)
		if (json_equal(v, json_array_get(list, i)))
			return;
	json_array_append(list, v);
}

/* What the releases and groups say (contract v1.2, "Derived or set"). */
struct derivation {
	const char *kind;
	long long count; /* living people, named or counted */
	json_t *parties; /* the releasing sides, then those giving terms */
	json_t *releasing;
};

static void derive(json_t *rec, struct derivation *d)
{
	json_t *rs = json_object_get(rec, "releases"), *gs = json_object_get(rec, "groups"), *x;
	size_t i, all = 0, dead = 0;

	d->count = 0;
	d->parties = json_array();
	d->releasing = json_array();
	json_array_foreach(rs, i, x) {
		all++;
		if (remains_release(x))
			dead++;
		else
			d->count++;
		add_once(d->releasing, json_object_get(x, "released_by"));
	}
	json_array_foreach(gs, i, x) {
		all++;
		if (remains_group(x))
			dead++;
		else
			d->count += id_at(x, "count");
		add_once(d->releasing, json_object_get(x, "released_by"));
	}
	json_array_foreach(d->releasing, i, x)
		add_once(d->parties, x);
	json_array_foreach(json_object_get(rec, "terms"), i, x)
		add_once(d->parties, json_object_get(x, "by"));
	d->kind = all && dead == all                   ? "repatriation"
		  : json_array_size(d->releasing) >= 2 ? "exchange"
						       : "release";
}

/* Who went which way: a direction per (released_by, released_to) in order of first appearance,
 * those without released_to last. */
static json_t *sides_of(json_t *rec)
{
	json_t *out = json_array(), *x;
	const char *lists[] = {"releases", "groups"};

	for (int pass = 0; pass < 2; pass++) /* with released_to, then without */
		for (int l = 0; l < 2; l++) {
			size_t i;
			json_array_foreach(json_object_get(rec, lists[l]), i, x) {
				json_t *by = json_object_get(x, "released_by"),
				       *to = json_object_get(x, "released_to"), *e = NULL, *y;
				size_t k;
				const char *member;
				long long n;
				if (!json_is_string(by) || (pass == 0) != json_is_string(to))
					continue;
				json_array_foreach(out, k, y)
					if (json_equal(json_object_get(y, "released_by"), by) &&
					    json_equal(json_object_get(y, "released_to"),
						       json_is_string(to) ? to : json_null()))
						e = y;
				if (!e) {
					e = json_pack("{s:O, s:O, s:i, s:i, s:i}", "released_by", by,
						      "released_to",
						      json_is_string(to) ? to : json_null(), "named", 0,
						      "counted", 0, "remains", 0);
					/* Out of memory frees e; the request already answers 503. */
					if (json_array_append_new(out, e))
						continue;
				}
				if (l == 0) {
					member = remains_release(x) ? "remains" : "named";
					n = 1;
				} else {
					member = remains_group(x) ? "remains" : "counted";
					n = id_at(x, "count");
				}
				json_object_set_new(e, member,
						    json_integer(json_integer_value(
									 json_object_get(e, member)) +
								 n));
			}
		}
	return out;
}

static const char *const derivable[] = {"kind", "released_count", "parties", NULL};

static int in_derived(json_t *list, const char *name)
{
	size_t i;
	json_t *x;

	json_array_foreach(list, i, x)
		if (json_is_string(x) && strcmp(json_string_value(x), name) == 0)
			return 1;
	return 0;
}

/* Which of derivable the writer leaves to the server: on create and replace, those it gives no
 * value; on a patch, those it writes null, and the others as they were; in an import, as the
 * export said (a v1.1 export, which has no "derived": the values that equal their derivation). */
static json_t *derived_now(struct write *w, struct derivation *d, struct problem *p)
{
	json_t *out = json_array(), *stored = NULL;

	if (w->given) {
		json_t *said = json_object_get(w->given, "derived");
		for (int i = 0; derivable[i]; i++) {
			json_t *v = json_object_get(w->record, derivable[i]);
			int same = strcmp(derivable[i], "kind") == 0
					   ? json_is_null(v) || is(w->record, "kind", d->kind)
				   : strcmp(derivable[i], "released_count") == 0
					   ? json_is_null(v) || json_integer_value(v) == d->count
					   : json_is_null(v) || json_array_size(v) == 0 ||
						     json_equal(v, d->parties);
			if (json_is_array(said) ? in_derived(said, derivable[i]) : same)
				json_array_append_new(out, json_string(derivable[i]));
		}
		return out;
	}
	if (w->op == WRITE_PATCH && w->conn && w->id) {
		char idtext[24];
		const char *vals[] = {idtext};
		PGresult *r;
		snprintf(idtext, sizeof(idtext), "%lld", w->id);
		if ((r = db_exec_stmt(w->conn, &stored_derived, vals, p)) && PQntuples(r) == 1 &&
		    !PQgetisnull(r, 0, 0))
			stored = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
		PQclear(r);
	}
	for (int i = 0; derivable[i]; i++) {
		json_t *given = json_object_get(w->body, derivable[i]);
		int derived;
		if (w->op == WRITE_PATCH)
			derived = given ? json_is_null(given)
					: !stored || in_derived(stored, derivable[i]);
		else
			derived = !given || json_is_null(given);
		if (derived)
			json_array_append_new(out, json_string(derivable[i]));
	}
	json_decref(stored);
	return out;
}

/* The derived values filled in, the set ones held to the releases and groups. */
static void derived_or_set(struct write *w, struct problem *p)
{
	struct derivation d;
	json_t *derived, *x;
	char field[96];
	size_t i;

	derive(w->record, &d);
	derived = derived_now(w, &d, p);
	if (in_derived(derived, "kind"))
		json_object_set_new(w->record, "kind", json_string(d.kind));
	else if (json_is_string(json_object_get(w->record, "kind")) && !is(w->record, "kind", d.kind) &&
		 (is(w->record, "kind", "repatriation") || strcmp(d.kind, "repatriation") == 0 ||
		  (is(w->record, "kind", "release") && strcmp(d.kind, "exchange") == 0))) {
		/* A one-sided release can be an exchange whose other side is not recorded yet; the
		 * rest contradicts what was released. */
		problem_path(field, sizeof(field), "%skind", w->prefix);
		problem_field(p, field, "is %s, but what the releases and groups hold makes it %s%s",
			      json_string_value(json_object_get(w->record, "kind")), d.kind,
			      strcmp(d.kind, "repatriation") == 0 ? " (remains only)"
			      : strcmp(d.kind, "exchange") == 0   ? " (two sides release someone)"
								  : " (someone released alive)");
	}
	if (in_derived(derived, "released_count")) {
		json_object_set_new(w->record, "released_count", json_integer(d.count));
	} else if (json_is_integer(json_object_get(w->record, "released_count")) &&
		   json_integer_value(json_object_get(w->record, "released_count")) < d.count) {
		problem_path(field, sizeof(field), "%sreleased_count", w->prefix);
		problem_field(p, field,
			      "must be at least the living people the releases and groups hold (%lld)",
			      d.count);
	}
	if (in_derived(derived, "parties")) {
		json_object_set(w->record, "parties", d.parties);
	} else {
		json_array_foreach(d.releasing, i, x) {
			json_t *set = json_object_get(w->record, "parties");
			size_t k;
			for (k = 0; k < json_array_size(set) && !json_equal(x, json_array_get(set, k));
			     k++)
				;
			if (json_is_array(set) && k == json_array_size(set)) {
				problem_path(field, sizeof(field), "%sparties", w->prefix);
				problem_field(p, field, "must contain %s, which releases someone",
					      json_string_value(x));
			}
		}
	}
	json_object_set_new(w->record, "derived", derived);
	json_object_set_new(w->record, "sides", sides_of(w->record));
	json_decref(d.parties);
	json_decref(d.releasing);
}

/* Each person at most once, each detention that person's own. */
static void releases_check(struct write *w, struct problem *p)
{
	json_t *list = json_object_get(w->record, "releases"), *r;
	char field[96];
	struct buf ids = BUF_INIT;
	PGresult *rows = NULL;
	size_t i, j;

	json_array_foreach(list, i, r) {
		/* A repeat is named once, against the person's first release (not against every
		 * earlier repeat: 500 repeats would be 124,750 errors). */
		for (j = 0; j < i; j++)
			if (id_at(r, "person_id") &&
			    id_at(r, "person_id") == id_at(json_array_get(list, j), "person_id")) {
				problem_path(field, sizeof(field), "%sreleases[%zu].person_id",
					     w->prefix, i);
				problem_field(p, field,
					      "person %lld is already released in releases[%zu]",
					      id_at(r, "person_id"), j);
				break;
			}
		if (is(r, "category", "remains") && !remains_release(r)) {
			problem_path(field, sizeof(field), "%sreleases[%zu].remains", w->prefix, i);
			problem_field(p, field, "must be true when category is remains");
		}
		if (id_at(r, "detention_id"))
			buf_printf(&ids, "%s%lld", ids.len ? "," : "{", id_at(r, "detention_id"));
	}
	if (!ids.len || !w->conn)
		goto out;
	buf_puts(&ids, "}");
	{
		const char *vals[] = {ids.data};
		rows = db_exec_stmt(w->conn, &detention_people, vals, p);
	}
	if (!rows)
		goto out;
	json_array_foreach(list, i, r) {
		for (int k = 0; k < PQntuples(rows); k++) {
			long long det = atoll(PQgetvalue(rows, k, 0)),
				  owner = atoll(PQgetvalue(rows, k, 1));
			if (det == id_at(r, "detention_id") && owner != id_at(r, "person_id")) {
				problem_path(field, sizeof(field), "%sreleases[%zu].detention_id",
					     w->prefix, i);
				problem_field(p, field,
					      "detention %lld is person %lld's, not person %lld's", det,
					      owner, id_at(r, "person_id"));
			}
		}
	}
out:
	PQclear(rows);
	buf_free(&ids);
}

/* 1 when p has an error on field already. */
static int reported(const struct problem *p, const char *field)
{
	size_t i;
	json_t *e;

	json_array_foreach(p->errors, i, e)
		if (strcmp(json_string_value(json_object_get(e, "field")), field) == 0)
			return 1;
	return 0;
}

/* A completed swap has a date, not after today where the day has begun (UTC+14). */
static void when_check(struct write *w, struct problem *p)
{
	const char *occurred = json_string_value(json_object_get(w->record, "occurred_on"));
	char field[96];
	struct partial_date d;
	const char *why;

	if (!is(w->record, "status", "completed"))
		return;
	problem_path(field, sizeof(field), "%soccurred_on", w->prefix);
	if (!occurred) {
		if (!reported(p, field)) /* null because it was refused: said already */
			problem_field(p, field, "is required when status is completed");
		return;
	}
	if (!w->conn || partial_date_parse(occurred, &d, &why) < 0)
		return;
	{
		const char *vals[] = {d.first};
		PGresult *r = db_exec_stmt(w->conn, &after_today, vals, p);
		if (r && strcmp(PQgetvalue(r, 0, 0), "t") == 0)
			problem_field(p, field,
				      "%s has not begun anywhere yet: a swap not carried out is announced, "
				      "not completed",
				      occurred);
		PQclear(r);
	}
}

/* A stage belongs to a negotiation's agreement, and is at most its stages when they are known. */
static void stage_check(struct write *w, struct problem *p)
{
	json_t *stage = json_object_get(w->record, "stage");
	long long neg = id_at(w->record, "negotiation_id");
	char field[96], idtext[24];

	if (!json_is_integer(stage))
		return;
	problem_path(field, sizeof(field), "%sstage", w->prefix);
	if (!neg) {
		if (!w->partial)
			problem_field(p, field,
				      "needs negotiation_id: a stage is of a negotiation's agreement");
		return;
	}
	if (!w->conn || w->partial)
		return;
	snprintf(idtext, sizeof(idtext), "%lld", neg);
	{
		const char *vals[] = {idtext};
		PGresult *r = db_exec_stmt(w->conn, &negotiation_stages, vals, p);
		if (r && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0) &&
		    json_integer_value(stage) > atoll(PQgetvalue(r, 0, 0)))
			problem_field(p, field, "is above the %s stages of negotiation %lld",
				      PQgetvalue(r, 0, 0), neg);
		PQclear(r);
	}
}

static void check(struct write *w, struct problem *p)
{
	json_t *x;
	size_t i;
	char field[96];

	releases_check(w, p);
	if (json_array_size(json_object_get(w->record, "releases")) == 0 &&
	    json_array_size(json_object_get(w->record, "groups")) == 0 &&
	    json_is_array(json_object_get(w->record, "releases")) &&
	    json_is_array(json_object_get(w->record, "groups"))) {
		problem_path(field, sizeof(field), "%sreleases", w->prefix);
		problem_field(p, field,
			      "a swap releases someone: give releases (named) or groups (counted)");
	}
	json_array_foreach(json_object_get(w->record, "terms"), i, x)
		if (json_is_string(json_object_get(x, "currency")) &&
		    !json_is_number(json_object_get(x, "amount"))) {
			problem_path(field, sizeof(field), "%sterms[%zu].currency", w->prefix, i);
			problem_field(p, field, "goes with amount only");
		}
	when_check(w, p);
	stage_check(w, p);
	derived_or_set(w, p);
}

/* What follows every write of a swap, in its transaction: the progress of its negotiation, now
 * and before the write (sql/functions/negotiations.sql), and the people released per period
 * (sql/functions/releases.sql). */
static const struct db_stmt progress_stmt = {
	"swap_progress",
	"SELECT swaptrack_swap_progress($1::bigint), swaptrack_release_cells_refresh($1::bigint)",
	1,
};

/* Completed: held detentions it names change, and swap_effects keeps what they were. Not
 * completed (or deleted): what it changed is put back, unless a detention changed since: 409
 * naming those. History either way. Then its negotiation's progress. */
static int after_write(struct write *w, struct problem *p)
{
	char idtext[24];
	const char *vals[] = {idtext};
	int completed = w->record && is(w->record, "status", "completed");
	PGresult *r;
	struct buf others = BUF_INIT;
	int rc = 0, n;

	snprintf(idtext, sizeof(idtext), "%lld", w->id);
	if (!(r = db_exec_stmt(w->conn, completed ? &complete_stmt : &uncomplete_stmt, vals, p)))
		return -1;
	n = PQntuples(r);
	for (int k = 0; k < n && !completed; k++)
		if (strcmp(PQgetvalue(r, k, 1), "f") == 0)
			buf_printf(&others, "%s/v1/detentions/%s", others.len ? ", " : "",
				   PQgetvalue(r, k, 0));
	if (others.len) {
		json_t *list = json_array();
		for (int k = 0; k < n; k++)
			if (strcmp(PQgetvalue(r, k, 1), "f") == 0)
				json_array_append_new(list,
						      json_pack("{s:s, s:I}", "collection",
								"detentions", "id",
								(json_int_t)atoll(PQgetvalue(r, k, 0))));
		problem_set(p, 409,
			    "This swap changed detentions that have changed since; it cannot put them "
			    "back: %s. Correct them first, then change the swap.",
			    others.data);
		p->extra = json_pack("{s:o}", "referrers", list);
		rc = -1;
	}
	for (int k = 0; k < n && rc == 0; k++)
		rc = history_add(w->conn, &model_detentions, atoll(PQgetvalue(r, k, 0)), "update",
				 w->actor, p);
	PQclear(r);
	buf_free(&others);
	if (rc == 0 && !(r = db_exec_stmt(w->conn, &progress_stmt, vals, p)))
		rc = -1;
	else if (rc == 0)
		PQclear(r);
	return rc;
}

/* After a bulk import: releases whose detention is another person's; the effects of its
 * completed swaps on detentions, taken from what the detentions are (swap_effects is not
 * exported); and the people released per period, counted once for all. */
static void import_sql(struct buf *b)
{
	buf_puts(b, "SELECT id, field, message FROM swaptrack_release_mismatches()"
		    " UNION ALL SELECT id, field, message FROM swaptrack_swap_effects_guess()"
		    " UNION ALL SELECT id, field, message FROM swaptrack_release_cells_rebuild()");
}

static const struct model_hooks hooks = {
	.check = check,
	.after_write = after_write,
	.import_sql = import_sql,
};

struct model model_swaps = {
	.name = "swaps",
	.singular = "swap",
	.table = "swaps",
	.citable = 1,
	.fields = fields,
	.filters = filters,
	.hooks = &hooks,
	.doc = "An exchange of people between sides, or a release, or a return of remains.",
};
