/* negotiations: talks about releasing or exchanging prisoners, with their participants, what an
 * agreement commits and how far its swaps delivered it (progress). */
#include <stdio.h>

#include "core/buf.h"
#include "db/db.h"
#include "engine/model/types.h"
#include "models/models.h"

static const char *const statuses[] = {
	"proposed", "active", "stalled", "agreed", "completed", "collapsed", NULL,
};

/* One participant, kept in negotiation_participants in the order given. */
static const struct field participant_fields[] = {
	REF("person_id", &model_people, FF_REQUIRED, "The participant."),
	TEXT("role", 500, 0, "E.g. \"Putin's economic envoy\"."),
	SIDE("representing", 0, "The side the participant speaks for: a state or a party."),
	FIELDS_END,
};

static struct model participants = {
	.name = "participants",
	.table = "negotiation_participants",
	.parent_key = "negotiation_id",
	.fields = participant_fields,
	.doc = "A person taking part in a negotiation.",
};

/* Declared in models.h: here, since a negotiation comes before the swaps that refer to it (a
 * swap's file uses this one's, not the other way round). */
const char *const swap_categories[] =
	{"prisoners_of_war", "civilians", "hostages", "political_prisoners",
	 "detainees",        "remains",   "other",    NULL};

/* What an agreement commits: "1,000 for 1,000" is two commitments, one each way. */
static const struct field commitment_fields[] = {
	SIDE("released_by", 0, "The side that is to release them."),
	SIDE("released_to", 0, "The side that is to receive them."),
	INTEGER("count", 1000000, 0, "How many; null when the agreement names none (\"all for all\").",
		.min = 1),
	ENUM("category", swap_categories, 0,
	     "What they are; without one, every living person counts toward it."),
	TEXT("description", 2000, 0, "E.g. \"1,000 prisoners of war for 1,000\"."),
	FIELDS_END,
};

static struct model commitments = {
	.name = "commitments",
	.table = "negotiation_commitments",
	.parent_key = "negotiation_id",
	.fields = commitment_fields,
	.doc = "What an agreement commits a side to release.",
};

#define PROGRESS_SCHEMA \
	"{\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"commitment\", " \
	"\"count\", \"delivered\", \"remaining\", \"swaps\"], \"properties\": {\"commitment\": " \
	"{\"type\": \"integer\"}, \"count\": {\"type\": [\"integer\", \"null\"]}, \"delivered\": " \
	"{\"type\": \"integer\"}, \"remaining\": {\"type\": [\"integer\", \"null\"]}, \"swaps\": " \
	"{\"type\": \"array\", \"items\": {\"type\": \"integer\"}}}}}"

static const struct field fields[] = {
	TEXT("title", 500, FF_REQUIRED | FF_SORT, "What the talks are about."),
	ENUM("status", statuses, FF_REQUIRED | FF_FILTER, "Where the talks stand."),
	SIDES("parties", 20, FF_FILTER, "The sides negotiating: states or parties.", .filter = "party"),
	SIDES("mediators", 20, 0, "The sides mediating: states or parties.", .filter = "mediator"),
	COUNTRY("host", FF_FILTER, "The country where the talks took place."),
	TEXT("place", 500, 0, "Where, e.g. \"Istanbul, Dolmabahce Palace\"."),
	INTEGER("stages", 1000, 0, "How many stages the agreement foresees, when reported.", .min = 1),
	DATE("started_on", FF_SORT | FF_RANGE, "When the talks began."),
	DATE("ended_on", FF_SORT, "When they ended."),
	TEXT("summary", 10000, 0, "What happened."),
	CHILDREN("participants", &participants, 200, 0, "Who took part, for whom."),
	CHILDREN("commitments", &commitments, 100, 0, "What the agreement commits, each way."),
	COMPUTED("progress", PROGRESS_SCHEMA,
		 "Read only: for each commitment, in order, what its completed swaps delivered in "
		 "its direction (its category; remains only toward remains), what remains (null "
		 "without a count, never below 0), and the swaps that delivered any, by stage then "
		 "date."),
	FIELDS_END,
};

static const struct model_filter filters[] = {
	{"person_id", FT_REF,
	 "EXISTS (SELECT 1 FROM negotiation_participants c"
	 " WHERE c.negotiation_id = t.id AND c.person_id = $v)",
	 "Negotiations in which this person took part.", &model_people, NULL},
	{.param = NULL},
};

/* sql/functions/negotiations.sql: progress follows every write of the negotiation (its
 * commitments) and of its swaps (models/swaps.c). */
static const struct db_stmt progress_set = {
	"negotiation_progress_set",
	"SELECT swaptrack_negotiation_progress_set($1::bigint)",
	1,
};

static int after_write(struct write *w, struct problem *p)
{
	char idtext[24];
	const char *vals[] = {idtext};
	PGresult *r;

	if (!w->record)
		return 0; /* deleted */
	snprintf(idtext, sizeof(idtext), "%lld", w->id);
	if (!(r = db_exec_stmt(w->conn, &progress_set, vals, p)))
		return -1;
	PQclear(r);
	return 0;
}

static void import_sql(struct buf *b)
{
	buf_puts(b, "SELECT id, field, message FROM swaptrack_negotiations_progress_all()");
}

static const struct model_hooks hooks = {
	.after_write = after_write,
	.import_sql = import_sql,
};

struct model model_negotiations = {
	.name = "negotiations",
	.singular = "negotiation",
	.table = "negotiations",
	.citable = 1,
	.fields = fields,
	.filters = filters,
	.hooks = &hooks,
	.doc = "Talks about releasing or exchanging prisoners.",
};
