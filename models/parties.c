/* parties: a side in detentions, negotiations and exchanges that has no ISO country code: an
 * armed group (Hamas, the Houthis), a de facto authority (the Taliban), an international
 * organisation (the ICRC). A party is named by its code ("hamas"), lower case so that it never
 * reads as a state's code, and a code once used stays its party's: a deleted party's code, or
 * one a PATCH replaced, is never given to another (contract v1.2, "Parties that are not
 * states"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "engine/model/types.h"
#include "engine/write/guard.h"
#include "models/models.h"

static const char *const kinds[] = {"armed_group",
				    "de_facto_authority",
				    "international_organization",
				    "organization",
				    "other",
				    NULL};

static const struct field fields[] = {
	TEXT("code", 40, FF_REQUIRED | FF_UNIQUE | FF_FILTER,
	     "How sides name it: lower case, e.g. \"hamas\", \"taliban\", \"icrc\"; never reused.",
	     .check = check_party_code),
	TEXT("name", 500, FF_REQUIRED | FF_SORT, "The name as usually written in English."),
	TEXT("name_native", 500, 0, "The name in its own script, e.g. Arabic or Pashto."),
	STRINGS("aliases", 500, 0,
		"Other names and spellings (at most 100, each at most 500 characters)."),
	ENUM("kind", kinds, FF_REQUIRED | FF_FILTER, "What sort of party it is."),
	COUNTRY("based_in", FF_FILTER, "The country where it is based."),
	TEXT("description", 10000, 0, "What it is."),
	TEXT("wikidata_id", 12, FF_FILTER, "Wikidata item, e.g. \"Q42\".", .check = check_wikidata),
	FIELDS_END,
};

/* sql/functions/parties.sql keeps every code a party has had in party_codes; this finds the
 * party that had it, live or deleted. */
static const struct db_stmt code_owner = {
	"party_code_owner",
	"SELECT party_id FROM party_codes WHERE code = $1",
	1,
};

/* sql/functions/parties.sql: live parties named like these. */
static const struct db_stmt candidates = {
	"party_candidates",
	"SELECT id, name, score FROM swaptrack_party_candidates($1::text[], 10)",
	1,
};

/* Held to the end of the transaction, so that guarded creates of parties are made one at a
 * time and each compares against those before it (as people's guard does, models/people.c). */
static const struct db_stmt guard_lock = {
	"party_guard_lock",
	"SELECT pg_advisory_xact_lock('parties'::regclass::oid::int, 0)",
	0,
};

/* A code another party has had (deleted, or before a PATCH replaced it) gets 409 naming that
 * party, as a live record's would. A live party's own code is the generic unique check's. */
static void code_taken(struct write *w, const char *code, struct problem *p)
{
	const char *vals[1] = {code};
	PGresult *r;
	long long owner;

	if (!(r = db_exec_stmt(w->conn, &code_owner, vals, p)))
		return;
	if (PQntuples(r) > 0 && (owner = atoll(PQgetvalue(r, 0, 0))) != w->id) {
		problem_set(p, 409,
			    "The code \"%s\" was party %lld's (/v1/parties/%lld), and a code is never "
			    "given to another party; choose another.",
			    code, owner, owner);
		p->extra = json_pack("{s:I, s:s}", "existing_id", (json_int_t)owner, "field", "code");
	}
	PQclear(r);
}

static const char *const names_fields[] = {"name", "name_native", "aliases", NULL};

/* The duplicate guard people have: a new party one of whose names matches a live party's gets
 * 409 with every such candidate, unless the client says it is another (?duplicate=allow). */
static const struct guard guard = {
	&guard_lock, &candidates, names_fields, "a party already recorded", "another party",
};

static void check(struct write *w, struct problem *p)
{
	const char *code = json_string_value(json_object_get(w->record, "code"));

	if (!w->conn || p->status)
		return;
	if (code)
		code_taken(w, code, p);
	if (!p->status)
		guard_duplicates(w, &guard, p);
}

static const struct model_hooks hooks = {.check = check};

struct model model_parties = {
	.name = "parties",
	.singular = "party",
	.table = "parties",
	.citable = 1,
	.waiver = "duplicate",
	.side_key = "code",
	.fields = fields,
	.hooks = &hooks,
	.doc = "A side that has no ISO country code: an armed group, a de facto authority, an "
	       "international organisation.",
};
