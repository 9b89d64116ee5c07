/* detentions: one person held by one country, from arrest to release. */
#include "model.h"
#include "types.h"

const char *const detention_statuses[] = {"held", "released", "exchanged", "died", "unknown", NULL};

static const struct field fields[] = {
	{"person_id", FT_REF, FF_REQUIRED | FF_FILTER, 0, NULL, NULL, &model_people, NULL, NULL,
	 "The person held."},
	{"country", FT_COUNTRY, FF_REQUIRED | FF_FILTER, 0, NULL, NULL, NULL, NULL, NULL,
	 "The detaining country."},
	{"authority", FT_TEXT, 0, 300, NULL, NULL, NULL, NULL, NULL, "E.g. \"FSB\"."},
	{"detained_on", FT_DATE, FF_SORT | FF_RANGE, 0, NULL, NULL, NULL, NULL, NULL,
	 "When the person was arrested."},
	{"place", FT_TEXT, 0, 500, NULL, NULL, NULL, NULL, NULL, "Where."},
	{"charges", FT_STRINGS, 0, 1000, NULL, NULL, NULL, NULL, NULL,
	 "The charges, one a string (at most 100)."},
	{"sentence", FT_TEXT, 0, 1000, NULL, NULL, NULL, NULL, NULL,
	 "E.g. \"12 years, penal colony\"."},
	{"status", FT_ENUM, FF_REQUIRED | FF_FILTER, 0, detention_statuses, NULL, NULL, NULL, NULL,
	 "Where the detention stands."},
	{"released_on", FT_DATE, FF_SORT, 0, NULL, NULL, NULL, NULL, NULL, "When it ended."},
	{"wrongfully_detained", FT_BOOL, FF_FILTER, 0, NULL, NULL, NULL, NULL, NULL,
	 "A government's formal designation of wrongful detention."},
	{"notes", FT_TEXT, 0, 10000, NULL, NULL, NULL, NULL, NULL, "Free notes."},
	{NULL, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL},
};

struct model model_detentions = {
	.name = "detentions",
	.singular = "detention",
	.table = "detentions",
	.subject = "detention",
	.fields = fields,
	.doc = "One person held by one country, from arrest to release.",
};
