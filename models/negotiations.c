/* negotiations: talks about releasing or exchanging prisoners, with their participants. */
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

static const struct field fields[] = {
	TEXT("title", 500, FF_REQUIRED | FF_SORT, "What the talks are about."),
	ENUM("status", statuses, FF_REQUIRED | FF_FILTER, "Where the talks stand."),
	SIDES("parties", 20, FF_FILTER, "The sides negotiating: states or parties.", .filter = "party"),
	SIDES("mediators", 20, 0, "The sides mediating: states or parties.", .filter = "mediator"),
	DATE("started_on", FF_SORT | FF_RANGE, "When the talks began."),
	DATE("ended_on", FF_SORT, "When they ended."),
	TEXT("summary", 10000, 0, "What happened."),
	CHILDREN("participants", &participants, 200, 0, "Who took part, for whom."),
	FIELDS_END,
};

static const struct model_filter filters[] = {
	{"person_id", FT_REF,
	 "EXISTS (SELECT 1 FROM negotiation_participants c"
	 " WHERE c.negotiation_id = t.id AND c.person_id = $v)",
	 "Negotiations in which this person took part.", &model_people},
	{NULL, 0, NULL, NULL, NULL},
};

struct model model_negotiations = {
	.name = "negotiations",
	.singular = "negotiation",
	.table = "negotiations",
	.citable = 1,
	.fields = fields,
	.filters = filters,
	.doc = "Talks about releasing or exchanging prisoners.",
};
