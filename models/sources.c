/* sources: the articles that facts come from. */
#include "model.h"
#include "types.h"

static const struct field fields[] = {
	{"url", FT_TEXT, FF_REQUIRED | FF_FILTER | FF_UNIQUE, 2000, NULL, NULL, NULL, NULL, check_url,
	 "The article's address, http or https; unique among live sources."},
	{"title", FT_TEXT, FF_SORT, 1000, NULL, NULL, NULL, NULL, NULL, "The headline."},
	{"outlet", FT_TEXT, FF_FILTER, 300, NULL, NULL, NULL, NULL, NULL,
	 "The publication, e.g. \"The Moscow Times\"."},
	{"author", FT_TEXT, 0, 500, NULL, NULL, NULL, NULL, NULL, "Who wrote it."},
	{"published_on", FT_DATE, FF_SORT | FF_RANGE, 0, NULL, NULL, NULL, NULL, NULL,
	 "When it was published."},
	{"language", FT_TEXT, FF_FILTER, 35, NULL, NULL, NULL, NULL, check_language,
	 "BCP 47 language tag, e.g. \"en\"."},
	{"content", FT_TEXT, 0, 500000, NULL, NULL, NULL, NULL, NULL,
	 "The article's full text; quotes cited from it must occur in it."},
	{"archive_url", FT_TEXT, 0, 2000, NULL, NULL, NULL, NULL, check_url,
	 "A copy in an archive."},
	{"notes", FT_TEXT, 0, 10000, NULL, NULL, NULL, NULL, NULL, "Free notes."},
	{NULL, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL},
};

/* The full-text vector of search (migrations/0003, 0012), computed by the same function whether
 * the trigger or an import's other connections do it. */
static const char *const vector_fields[] = {"title", "outlet", "content", NULL};
static const struct model_derived vector = {
	"search_text",
	"SELECT swaptrack_source_vector(t, o, c) FROM unnest($1::text[], $2::text[], $3::text[])"
	" WITH ORDINALITY AS u(t, o, c, n) ORDER BY n",
	vector_fields,
};
static const struct model_hooks hooks = {.derived = &vector};

struct model model_sources = {
	.name = "sources",
	.singular = "source",
	.table = "sources",
	.fields = fields,
	.hooks = &hooks,
	.doc = "The articles that facts come from.",
};
