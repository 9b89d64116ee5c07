/* What a read or a list answers of each record when the query says so: ?fields= keeps only some
 * top-level members (id always), ?embed= adds, beside a reference, the record it names, one
 * level deep (that record's own fields: no citations, no listed ids), as a member named as the
 * reference without "_id" (cite.h ref_member: person_id, person). Both are checked against
 * the field tables, so the statement generated for a shape names only the tables' columns. */
#ifndef SWAPTRACK_SHAPE_H
#define SWAPTRACK_SHAPE_H

#include "core/problem.h"
#include "engine/model/model.h"

#define SHAPE_MAX 32

struct shape_embed {
	const struct field *via; /* the children field it is under ("releases"), or NULL */
	const struct field *f;   /* the reference: FT_REF, or FT_SUBJECT */
};

struct shape {
	const struct model *m;
	int fields_given;
	const char *fields[SHAPE_MAX]; /* the members fields= names: pointers into the query */
	int nfields;
	struct shape_embed embed[SHAPE_MAX];
	int nembed;
};

/* Takes ?fields= or ?embed= for records of s->m (s zeroed but for m). Returns 1 when key was
 * one of them (a bad value is reported in p at key), 0 when it is another parameter. */
int shape_arg(struct shape *s, const char *key, const char *value, struct problem *p);
/* 1 when fields= or embed= was given: the record's JSON is then generated for the request. */
int shape_given(const struct shape *s);
/* 1 when top-level member name is part of the answer. */
int shape_keeps(const struct shape *s, const char *name);
/* 1 when reference f (under children field via, or NULL) is embedded. */
int shape_embeds(const struct shape *s, const struct field *via, const struct field *f);

#endif
