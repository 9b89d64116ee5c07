/* people: anyone who is detained, exchanged, or takes part in a negotiation. */
#include "model.h"
#include "types.h"

static const struct field fields[] = {
	{"name", FT_TEXT, FF_REQUIRED | FF_SORT, 500, NULL, NULL, NULL, NULL, NULL,
	 "The name as usually written in English."},
	{"name_native", FT_TEXT, 0, 500, NULL, NULL, NULL, NULL, NULL,
	 "The name in its own script, e.g. Cyrillic."},
	{"aliases", FT_STRINGS, 0, 500, NULL, NULL, NULL, NULL, NULL,
	 "Other spellings: transliterations, maiden names (at most 100, each at most 500 characters)."},
	{"citizenships", FT_COUNTRIES, FF_FILTER, 20, NULL, NULL, NULL, "citizenship", NULL,
	 "Countries of citizenship."},
	{"born_on", FT_DATE, FF_SORT, 0, NULL, NULL, NULL, NULL, NULL, "Date of birth."},
	{"gender", FT_TEXT, 0, 100, NULL, NULL, NULL, NULL, NULL, "As reported."},
	{"occupation", FT_TEXT, 0, 500, NULL, NULL, NULL, NULL, NULL, "As reported."},
	{"description", FT_TEXT, 0, 10000, NULL, NULL, NULL, NULL, NULL, "Who they are."},
	{"wikidata_id", FT_TEXT, FF_FILTER, 12, NULL, NULL, NULL, NULL, check_wikidata,
	 "Wikidata item, e.g. \"Q42\"."},
	{NULL, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL},
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

struct model model_people = {
	.name = "people",
	.table = "people",
	.subject = "person",
	.fields = fields,
	.filters = filters,
	.doc = "Anyone who is detained, exchanged, or takes part in a negotiation.",
};
