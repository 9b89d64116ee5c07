/* History rows, each in the transaction of the change it records (history.c). */
#ifndef SWAPTRACK_HISTORY_H
#define SWAPTRACK_HISTORY_H

#include <libpq-fe.h>

#include "core/problem.h"

struct model;

/* Appends the current state of record id of m to history, in c's open transaction (a hook's
 * side effects on other records record theirs too). */
int history_add(PGconn *c, const struct model *m, long long id, const char *action, const char *actor,
		struct problem *p);
/* The same for records ids (an array literal, "{3,7}"; NULL: memory ran out) in one statement. */
int history_add_many(PGconn *c, const struct model *m, const char *ids, const char *action,
		     const char *actor, struct problem *p);
/* The same, for a merge of record from into record into (action "merge"; 0, 0 otherwise). */
int history_add_merge(PGconn *c, const struct model *m, long long id, const char *action,
		      long long from, long long into, const char *actor, struct problem *p);

#endif
