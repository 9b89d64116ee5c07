/* statements: what someone said in public about a negotiation, a swap or a person, the unit that
 * reporting on prisoner diplomacy mostly consists of ("Dmitriev told Axios..."). A statement has
 * a speaker (a person on record, or words for an unnamed one) and is about at least one record;
 * negotiations and swaps list theirs when read. */
#include "models/models.h"

static const char *const kinds[] = {"quote", "paraphrase", NULL};

static const struct field fields[] = {
	REF("speaker_id", &model_people, FF_FILTER,
	    "The person who spoke; required unless speaker or speaker_side says who."),
	TEXT("speaker", 500, 0, "Who spoke, when not a person on record: \"a U.S. official\"."),
	DATE("said_on", FF_SORT | FF_RANGE, "When it was said."),
	SIDE("speaker_side", FF_FILTER,
	     "The state or party that speaks, when it is one (\"a Hamas statement\"): its code."),
	TEXT("audience", 500, 0, "To whom or where: \"Axios\", \"reporters at the White House\"."),
	TEXT("text", 10000, FF_REQUIRED, "The statement, quoted or paraphrased."),
	ENUM("kind", kinds, FF_FILTER, "Word for word (quote) or in other words (paraphrase)."),
	REF("negotiation_id", &model_negotiations, FF_FILTER | FF_LISTED, "The negotiation it is about."),
	REF("swap_id", &model_swaps, FF_FILTER | FF_LISTED, "The swap it is about."),
	REF("person_id", &model_people, FF_FILTER, "The person it is about."),
	TEXT("notes", 10000, 0, "Free notes."),
	FIELDS_END,
};

static int has(const struct write *w, const char *name)
{
	json_t *v = json_object_get(w->record, name);

	return v && !json_is_null(v);
}

/* A speaker (a person, words for an unnamed one, or a side that speaks as such) and something it
 * is about. Needs no database, so an import checks
 * it line by line too. */
static void check(struct write *w, struct problem *p)
{
	char path[96];

	if (!has(w, "speaker_id") && !has(w, "speaker") && !has(w, "speaker_side")) {
		problem_path(path, sizeof(path), "%sspeaker_id", w->prefix);
		problem_field(p, path,
			      "give speaker_id (a person), speaker (\"a U.S. official\") or "
			      "speaker_side (a state or party that speaks: \"hamas\")");
	}
	if (!has(w, "negotiation_id") && !has(w, "swap_id") && !has(w, "person_id")) {
		problem_path(path, sizeof(path), "%snegotiation_id", w->prefix);
		problem_field(p, path, "give what it is about: negotiation_id, swap_id or person_id");
	}
}

static const struct model_hooks hooks = {.check = check};

struct model model_statements = {
	.name = "statements",
	.singular = "statement",
	.table = "statements",
	.citable = 1,
	.fields = fields,
	.hooks = &hooks,
	.doc = "What someone said in public about a negotiation, a swap or a person.",
};
