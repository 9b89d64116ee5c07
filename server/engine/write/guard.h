/* The duplicate guard of a resource whose records are named (guard.c): a new record one of
 * whose names matches a live record's is held back with 409 and the candidates, unless the
 * client waived the check (the model's .waiver, "duplicate"). People and parties have it. */
#ifndef SWAPTRACK_GUARD_H
#define SWAPTRACK_GUARD_H

#include "core/problem.h"
#include "db/db.h"
#include "engine/model/model.h"

struct guard {
	/* Held to the end of the transaction, so that guarded creates are made one at a time and
	 * each compares against those before it; no parameters. */
	const struct db_stmt *lock;
	/* $1, the names as a text[] literal; rows (id, name, score), best first. */
	const struct db_stmt *candidates;
	const char *const *names; /* the text fields (and text lists) whose values are the names */
	const char *what;         /* the message's "This may be <what>: ..." */
	const char *another;      /* and its "If it is <another>, create it with ..." */
};

/* For a create that was not waived, in its transaction (w->conn): 409 with "candidates" in p
 * when the guard finds any, 503 when memory runs out. Does nothing for other writes. */
void guard_duplicates(struct write *w, const struct guard *g, struct problem *p);

#endif
