/* History: every version of every record, as JSONB with its actor and action, written in the
 * transaction of the change (the contract's History; GET .../history reads it back through
 * swaptrack_history, sql/functions/history.sql). */
#include "engine/write/history.h"

#include <stdio.h>

#include "db/db.h"
#include "engine/sql/sqlgen.h"

int history_add_merge(PGconn *c, const struct model *m, long long id, const char *action,
		      long long from, long long into, const char *actor_name, struct problem *p)
{
	char idtext[24], fromtext[24], intotext[24];
	const char *vals[] = {idtext, action, actor_name, from ? fromtext : NULL, from ? intotext : NULL};
	PGresult *r;

	snprintf(idtext, sizeof(idtext), "%lld", id);
	snprintf(fromtext, sizeof(fromtext), "%lld", from);
	snprintf(intotext, sizeof(intotext), "%lld", into);
	r = db_exec_stmt(c, &m->sql->history, vals, p);
	PQclear(r);
	return r ? 0 : -1;
}

int history_add(PGconn *c, const struct model *m, long long id, const char *action,
		const char *actor_name, struct problem *p)
{
	return history_add_merge(c, m, id, action, 0, 0, actor_name, p);
}

int history_add_many(PGconn *c, const struct model *m, const char *ids, const char *action,
		     const char *actor_name, struct problem *p)
{
	const char *vals[] = {ids, action, actor_name};
	PGresult *r = ids ? db_exec_stmt(c, &m->sql->history_many, vals, p) : NULL;

	if (!r && !p->status)
		problem_set(p, 503, "The server is out of memory.");
	PQclear(r);
	return r ? 0 : -1;
}
