/* negotiations: talks about releasing or exchanging prisoners, with their participants. */
#include "model.h"
#include "types.h"

static const char *const statuses[] = {
	"proposed", "active", "stalled", "agreed", "completed", "collapsed", NULL,
};

/* One participant, kept in negotiation_participants in the order given. */
static const struct field participant_fields[] = {
	{"person_id", FT_REF, FF_REQUIRED, 0, NULL, NULL, &model_people, NULL, NULL,
	 "The participant."},
	{"role", FT_TEXT, 0, 500, NULL, NULL, NULL, NULL, NULL,
	 "E.g. \"Putin's economic envoy\"."},
	{"representing", FT_COUNTRY, 0, 0, NULL, NULL, NULL, NULL, NULL,
	 "The country the participant speaks for."},
	{NULL, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL},
};

static struct model participants = {
	.name = "participants",
	.table = "negotiation_participants",
	.parent_key = "negotiation_id",
	.fields = participant_fields,
	.doc = "A person taking part in a negotiation.",
};

static const struct field fields[] = {
	{"title", FT_TEXT, FF_REQUIRED | FF_SORT, 500, NULL, NULL, NULL, NULL, NULL,
	 "What the talks are about."},
	{"status", FT_ENUM, FF_REQUIRED | FF_FILTER, 0, statuses, NULL, NULL, NULL, NULL,
	 "Where the talks stand."},
	{"parties", FT_COUNTRIES, FF_FILTER, 20, NULL, NULL, NULL, "party", NULL,
	 "The countries negotiating."},
	{"mediators", FT_COUNTRIES, 0, 20, NULL, NULL, NULL, NULL, NULL,
	 "Countries mediating."},
	{"started_on", FT_DATE, FF_SORT | FF_RANGE, 0, NULL, NULL, NULL, NULL, NULL,
	 "When the talks began."},
	{"ended_on", FT_DATE, FF_SORT, 0, NULL, NULL, NULL, NULL, NULL, "When they ended."},
	{"summary", FT_TEXT, 0, 10000, NULL, NULL, NULL, NULL, NULL, "What happened."},
	{"participants", FT_CHILDREN, 0, 200, NULL, NULL, &participants, NULL, NULL,
	 "Who took part, for whom."},
	{NULL, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL},
};

static const struct model_filter filters[] = {
	{"person_id", FT_REF,
	 "EXISTS (SELECT 1 FROM negotiation_participants c"
	 " WHERE c.negotiation_id = t.id AND c.person_id = $v)",
	 "Negotiations in which this person took part."},
	{NULL, 0, NULL, NULL},
};

struct model model_negotiations = {
	.name = "negotiations",
	.singular = "negotiation",
	.table = "negotiations",
	.subject = "negotiation",
	.fields = fields,
	.filters = filters,
	.doc = "Talks about releasing or exchanging prisoners.",
};
