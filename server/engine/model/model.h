/* How a resource is described: once, as a table of its fields. Validation, SQL, JSON, CSV and the
 * OpenAPI document are all generated from these tables by the engine (this folder), which never
 * names a resource. A resource (models/) adds what a table cannot say through capabilities
 * declared in its struct model (citable, children, derived columns) and a few optional hooks. */
#ifndef SWAPTRACK_MODEL_H
#define SWAPTRACK_MODEL_H

#include <stddef.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "core/problem.h"

enum field_type {
	FT_TEXT,      /* a string of at most `max` characters */
	FT_DATE,      /* a partial date; stored as text, first day, last day and precision */
	FT_COUNTRY,   /* an ISO 3166-1 alpha-2 code */
	FT_COUNTRIES, /* an array of distinct country codes */
	FT_STRINGS,   /* an array of strings, each at most `max` characters */
	FT_ENUM,      /* one of `values` */
	FT_BOOL,
	FT_INT,      /* a whole number from 0 to `max` (0: 2^53 - 1, what JSON keeps exact) */
	FT_REF,      /* the id of a live record of `ref` */
	FT_KIND,     /* the kind of a citable record: the singular of a model that is citable */
	FT_SUBJECT,  /* the id of a live record of the kind that the model's FT_KIND field names */
	FT_CHILDREN, /* an array of objects described by the model `ref`, kept in a child table */
	FT_ANCHOR,   /* where a quote stands in a text, {"start", "end", "exact", "prefix",
	                * "suffix"} (text/anchor.h): the server's, set by the model's check hook */
	FT_SIDE,     /* a side of an exchange: a state's country code in upper case (ISO 3166-1
	                * alpha-2 or a former code such as SU), or the code of a live record of
	                * the model that names sides (model.side_key: a party, "hamas") */
	FT_SIDES,    /* an array of distinct sides */
	FT_NUMBER,   /* a number from 0 up, whole or not (an amount of money), kept exact */
	FT_JSON,     /* a value the server computes (the model's check hook sets it), described by
	                * the JSON Schema text in `schema`: read, never written */
	FT_CLAIM,    /* a value some other field takes (a string, a number or a boolean), kept as
	                * JSON: what a citation says its cited field is, which the model's check
	                * hook validates as that field */
};

/* Every child row's id comes from one sequence, so that a citation can name a child of any
 * list by its id alone (kept in the citing table's CITED_CHILD column, which the API never
 * shows: it reads back as the child's current index in the citation's field). */
#define CHILD_IDS "swaptrack_child_ids"
#define CITED_CHILD "child_id"

#define FF_REQUIRED 0x01 /* must be present and not null */
#define FF_FILTER 0x02   /* ?name=value (for lists: ?filter=value matches records containing it) */
#define FF_SORT 0x04     /* sort=name and sort=-name */
#define FF_RANGE 0x08    /* the from/to list filters apply to this date */
#define FF_UNIQUE 0x10   /* a second live record with the same value gets 409 naming the first */
#define FF_CREATE 0x20   /* given on create only; read-only afterwards */
#define FF_SUMMARY 0x40  /* stands for the record where another embeds it (a cited source) */
#define FF_LISTED \
	0x80 /* FT_REF: the record referred to lists, when read, the ids of the live
                           * records that refer to it by this field, as a member named after
                           * this field's model ("statements": [3, 7]) */
#define FF_FIELDNAME \
	0x100 /* the citing model: the field of the subject a citation supports
                           * (a merge renames it where the field's value moved, see .fold) */
#define FF_RANK \
	0x200 /* the citing model: an enum of preferred, normal and deprecated, how a
                           * citation stands among those of its field (a deprecated one is kept
                           * but claims nothing) */

struct field {
	const char *name; /* JSON name, and the column (or column prefix) */
	enum field_type type;
	unsigned flags;
	size_t max;                /* FT_TEXT, FT_STRINGS: characters; lists: items; FT_INT: the
	                                * largest value; 0 = none */
	long long min;             /* FT_INT: the smallest value (0 unless given) */
	const char *schema;        /* FT_JSON: its JSON Schema, as JSON text */
	const char *const *values; /* FT_ENUM: NULL-terminated */
	const char *def;           /* the value stored when an optional field is omitted (FT_BOOL:
	                                * "true" or "false", and the column is then NOT NULL) */
	const struct model *ref;   /* FT_REF: the target; FT_CHILDREN: the child model */
	const char *filter;        /* the query parameter when it differs from name */
	const char *lookup;        /* FT_REF: a unique field of the target by which an inline
	                                * record may name it instead ("url": source_url) */
	int (*check)(const char *s, const char **why); /* FT_TEXT: a format */
	/* Mergeable models: a scalar field whose value, when a merged record's differs from the
	 * survivor's (or the survivor has none), is kept as an item of this list field of the
	 * survivor ("aliases"). */
	const char *fold;
	const char *doc; /* one line for the OpenAPI document */
};

/* A field table row, one a line: the name, what the type needs (its limit, values or target),
 * the flags, the one-line doc, then any other slot by name (.check = check_url, .def = "reported",
 * .filter = "party", .lookup = "url"). */
/* Not formatted: the macros as a table. */
/* clang-format off */
#define TEXT(n, max_, fl, d, ...)      {.name = n, .type = FT_TEXT, .max = max_, .flags = fl, .doc = d, __VA_ARGS__}
#define DATE(n, fl, d, ...)            {.name = n, .type = FT_DATE, .flags = fl, .doc = d, __VA_ARGS__}
#define COUNTRY(n, fl, d, ...)         {.name = n, .type = FT_COUNTRY, .flags = fl, .doc = d, __VA_ARGS__}
#define COUNTRIES(n, max_, fl, d, ...) {.name = n, .type = FT_COUNTRIES, .max = max_, .flags = fl, .doc = d, __VA_ARGS__}
#define STRINGS(n, max_, fl, d, ...)   {.name = n, .type = FT_STRINGS, .max = max_, .flags = fl, .doc = d, __VA_ARGS__}
#define ENUM(n, vals, fl, d, ...)      {.name = n, .type = FT_ENUM, .values = vals, .flags = fl, .doc = d, __VA_ARGS__}
#define BOOLEAN(n, fl, d, ...)         {.name = n, .type = FT_BOOL, .flags = fl, .doc = d, __VA_ARGS__}
#define INTEGER(n, max_, fl, d, ...)   {.name = n, .type = FT_INT, .max = max_, .flags = fl, .doc = d, __VA_ARGS__}
#define REF(n, target, fl, d, ...)     {.name = n, .type = FT_REF, .ref = target, .flags = fl, .doc = d, __VA_ARGS__}
#define KIND(n, fl, d, ...)            {.name = n, .type = FT_KIND, .flags = fl, .doc = d, __VA_ARGS__}
#define SUBJECT(n, fl, d, ...)         {.name = n, .type = FT_SUBJECT, .flags = fl, .doc = d, __VA_ARGS__}
#define ANCHOR(n, fl, d, ...)          {.name = n, .type = FT_ANCHOR, .flags = fl, .doc = d, __VA_ARGS__}
#define SIDE(n, fl, d, ...)            {.name = n, .type = FT_SIDE, .flags = fl, .doc = d, __VA_ARGS__}
#define NUMBER(n, fl, d, ...)          {.name = n, .type = FT_NUMBER, .flags = fl, .doc = d, __VA_ARGS__}
#define CLAIM(n, fl, d, ...)           {.name = n, .type = FT_CLAIM, .flags = fl, .doc = d, __VA_ARGS__}
#define COMPUTED(n, schema_, d, ...)   {.name = n, .type = FT_JSON, .schema = schema_, .doc = d, __VA_ARGS__}
#define SIDES(n, max_, fl, d, ...)     {.name = n, .type = FT_SIDES, .max = max_, .flags = fl, .doc = d, __VA_ARGS__}
#define CHILDREN(n, child, max_, fl, d, ...) \
	{.name = n, .type = FT_CHILDREN, .ref = child, .max = max_, .flags = fl, .doc = d, __VA_ARGS__}
#define FIELDS_END                     {.name = NULL}
/* clang-format on */

/* A list filter that is not a column of the table, such as "people held by a country": a
 * condition on the row `t` with one placeholder "$%d" for the value. */
struct model_filter {
	const char *param;
	enum field_type type; /* how the value is checked: FT_REF, FT_COUNTRY, FT_SIDE, FT_TEXT */
	const char *sql;
	const char *doc;
	const struct model *ref;   /* FT_REF: the collection whose ids it takes */
	const char *const *values; /* FT_ENUM: the values it takes, NULL-terminated */
};

struct model_sql;
struct model_derived;
struct write;
struct request;
struct buf;

/* A route a resource adds under its records: GET /v1/<collection>/{id}/<suffix>. */
struct model_route {
	const char *suffix;
	void (*handler)(struct request *req); /* req->params[0] is the id; resource the model */
	/* The statement the handler runs, generated once at engine_init like the model's own
	 * (model_route_stmt finds it): it may use what the engine generates (cite_embed_any) and
	 * functions from migrations. Returns the number of parameters, or -1. May be NULL. */
	int (*sql)(struct buf *b);
	const char *doc;    /* what it answers, for the OpenAPI document */
	const char *schema; /* the JSON Schema of its answer, as JSON text; NULL: an object */
};

/* The statement generated for route suffix of m, or NULL. */
const struct db_stmt *model_route_stmt(const struct model *m, const char *suffix);

/* Behaviour a field table cannot express. Every slot may be NULL, meaning "nothing extra". */
struct model_hooks {
	/* Checks that need the database, inside the write's transaction, after the generic checks
	 * (types, references) passed for the fields involved. Adds field errors to p. */
	void (*check)(struct write *w, struct problem *p);
	/* Fills what the record derives from its other fields when the client left it out (a
	 * swap's parties from its releases), once the fields are valid; in every write and in an
	 * import alike, so it needs no database. */
	void (*complete)(json_t *record);
	/* Runs after the record and its children are written, in the same transaction (a swap
	 * marks its held detentions exchanged), and after a delete (w->op WRITE_DELETE, w->record
	 * NULL: a swap puts them back). Returns 0, or -1 with p filled. */
	int (*after_write)(struct write *w, struct problem *p);
	/* 1 when records a and b (validated, as check left them) may not both be stored: a
	 * citation equal to another. The inline records of one create are held to it. */
	int (*equal)(json_t *a, json_t *b);
	/* A bulk import checks records without the database (check gets conn NULL and does only
	 * what needs none), then runs this SQL once over everything loaded: it returns
	 * (id, field, message) for each record breaking a rule that check enforces with queries. */
	void (*import_sql)(struct buf *b);
	/* An import that loaded records the model's unique index over expressions would refuse
	 * (equal citations, which an import defers like a secondary index): a statement that keeps
	 * the first of each set of equal live rows and deletes the others as a DELETE would,
	 * returning (id, id of the one kept) of each deleted. The import writes their history and
	 * lists their lines. NULL: none. */
	void (*import_dedupe)(struct buf *b);
	/* A column the database derives from some of the record's fields with a costly function
	 * (a source's full-text vector, a person's folded names). An insert normally leaves it to
	 * the table's trigger; a bulk import computes it on other connections while its own COPY
	 * runs and gives it as the COPY's last column, which the trigger keeps when not empty
	 * (sql/functions/sources.sql, names.sql). */
	const struct model_derived *derived;
	/* A text field of this model that the checks of records referring to it read (a source's
	 * content, where a citation's quote is anchored). A bulk import, whose rows no other
	 * connection sees and whose own connection is busy with a COPY, keeps it of every record
	 * it loads and hands it to those checks through write.text. NULL: none. */
	const char *kept;
};

struct model_derived {
	const char *column; /* "search_text" */
	/* The values of a batch of records, in order, one a row: $1..$n are arrays (text[]) of
	 * the fields below, one item a record, each the text of its column (an array field's
	 * item is its literal). */
	const char *sql;
	const char *const *fields; /* NULL-terminated, at most 8 */
};

struct model {
	const char *name;           /* the collection: "people" */
	const char *table;          /* its table */
	int citable;                /* its records carry citations (the model with an FT_KIND
	                                * field), and are cited as kind `singular` */
	const char *parent_key;     /* child models: the column naming the parent ("swap_id") */
	const struct field *fields; /* ends with a row whose name is NULL */
	/* Members a write may give that are not stored nor read: validated as their type says and
	 * left in the write's record for the check hook (a citation's quote_start, where the
	 * reader's selection began). Ends with a NULL name; may be NULL. */
	const struct field *inputs;
	const struct model_filter *filters; /* ends with a row whose param is NULL; may be NULL */
	const struct model_hooks *hooks;    /* may be NULL */
	const struct model_route *routes;   /* ends with a NULL suffix; may be NULL */
	/* Tables its triggers fill from its rows alone, whose keys hold by construction (search's
	 * name words): an import empties them and loads them with their keys dropped and built
	 * again at the end. NULL-terminated; may be NULL. */
	const char *const *derived_tables;
	const char *singular; /* one record: "person"; the type in exports and search */
	/* A check of its check hook that a client may waive for one create, by ?<waiver>=allow
	 * (in a batch, the operation's "<waiver>": "allow"): people's duplicate guard. NULL: none. */
	const char *waiver;
	/* POST /v1/<name>/{id}/merge takes another record into this one (engine/write/merge.c): what
	 * referred to it refers to the survivor, the values of fields that fold go where .fold says,
	 * its other values fill the survivor's empty fields (lists are joined; any other difference
	 * refuses the merge), and it is retired, its URL answering 308. No child fields. */
	int mergeable;
	/* Its records are sides of exchanges (FT_SIDE values in lower case): parties, named by
	 * this field, which must be FF_UNIQUE. Such a record cannot be deleted, nor this field
	 * changed, while a side names it (409 with the referrers). At most one model. */
	const char *side_key;
	const char *doc;
	struct model_sql *sql; /* generated by sql_init at start */
};

/* A write in progress, as hooks see it. */
/* The four writes of a record. */
enum write_op { WRITE_CREATE, WRITE_REPLACE, WRITE_PATCH, WRITE_DELETE };

/* A reference found in a body, to be checked against the database (validate_refs). */
struct ref_check {
	char *path; /* "person_id", "releases[2].detention_id" */
	const struct model *target;
	long long id;
	char *code; /* a side naming a record of target (the side model) by its side_key, not id */
};

/* References a record makes, checked together (model.c). */
struct refs {
	struct ref_check *items;
	size_t n, cap;
};

/* Adds one (out of memory: noted, so that nothing is committed, core/oom.h); frees them all. */
void refs_add(struct refs *refs, const char *path, const struct model *target, long long id);
/* Adds a side that must be the code of a live record of the side model (model_side()). */
void refs_add_side(struct refs *refs, const char *path, const char *code);
void refs_free(struct refs *refs);

/* One write of one record, from the request to its history row: what is asked (op, model, id,
 * body, if_match), what validation made of it (record, refs), and where it is made (conn). The
 * write path (engine/write/) fills it in step by step, a batch makes one for each operation and
 * an import one for each line, and a model's hooks read it. */
struct write {
	enum write_op op;
	const struct model *model;
	long long id;          /* the record; 0 before a create stores it */
	json_t *body;          /* create, replace: the record; patch: a merge patch
	                                * (borrowed) */
	const char *if_match;  /* an If-Match value, or NULL */
	const char *prefix;    /* put before field names in errors: "" or "citations[0]." */
	const char *actor;     /* history's actor */
	int waived;            /* create: the client waived the model's waivable check
	                                * (model.waiver) */
	long long merged_from; /* patch: the record a merge takes in (history says "merge") */
	PGconn *conn;          /* in a transaction; NULL during a bulk import */
	json_t *record;        /* the validated body, defaults filled (owned: write_clear) */
	struct refs refs;      /* its references, checked once validation is done */
	int creating;          /* 1 on create, 0 on replace or patch */
	/* Some fields were refused (null in record): the check still names what it can of the
	 * rest, so that every bad field is said at once, but adds field errors only, and skips
	 * what needs the whole record (the duplicate guard, a conflict with stored records). */
	int partial;
	/* During a bulk import (conn NULL): the kept field of record id of model m as its line
	 * gave it (m->hooks->kept): 1 with *text malloc'd (NULL when it had none), 0 when no such
	 * record was loaded, -1 when it could not be read. NULL outside an import. */
	int (*text)(void *ctx, const struct model *m, long long id, char **text);
	void *text_ctx;
	/* During a bulk import: the line's record as the export wrote it, the server's own members
	 * included (a swap's "derived", which its check hook honours). NULL outside an import. */
	json_t *given;
};

/* Every top-level collection, NULL-terminated, in the order records can be loaded (a record's
 * references come before it): the list given to engine_init. */
extern const struct model *const *models;
/* At most this many models (engine_init refuses more): arrays indexed by model have this room. */
#define MAX_MODELS 16
/* The largest id: what every JSON client keeps exact (2^53 - 1). An import's ids and merges
 * stay below it, so the ids the database gives after them never run out (bigint's 2^63 - 1
 * taken by one merge line made every later create fail). */
#define ID_MAX 9007199254740991LL

/* Takes the resources the engine serves (models/registry.c) and generates their SQL. Returns 0,
 * or -1 when memory ran out. Called once, before any request. */
int engine_init(const struct model *const *list);
/* Frees what engine_init generated. */
void engine_free(void);

/* The citable model whose records are cited as kind s ("person"), or NULL. */
const struct model *model_by_subject(const char *s);
/* The model whose records are sides (its side_key set), or NULL. */
const struct model *model_side(void);
/* 1 when m has a field of this type. */
int model_has_type(const struct model *m, enum field_type type);
/* The n-th field of another model that m's records list (FF_LISTED, referring to m), with
 * *owner its model; NULL past the last. A record of m carries, per such field, the member
 * owner->name: the ids of the live records of owner that refer to it by that field. */
const struct field *model_listed(const struct model *m, int n, const struct model **owner);
/* 1 when key is a member that m's records list that way (read only). */
int model_lists(const struct model *m, const char *key);
/* The field called name, or NULL. */
const struct field *model_field(const struct model *m, const char *name);
/* The input (struct model's inputs) called name, or NULL. */
const struct field *model_input(const struct model *m, const char *name);

#endif
