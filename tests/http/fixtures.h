/* Shared setup for the collection tests: a server on a fresh database holding a few records that
 * bodies can refer to, and a fingerprint of the whole database to prove a 4xx changed nothing. */
#ifndef SWAPTRACK_TEST_FIXTURES_H
#define SWAPTRACK_TEST_FIXTURES_H

#include "harness.h"

struct world {
	char *db;
	struct th_server srv;
	long long source, person, other, detention, negotiation;
};

extern struct world W;

/* Starts the server on database name and creates the base records. */
int world_setup(const char *name);
int world_teardown(void);

/* template with {S} {P} {Q} {D} {N} replaced by the base records' ids (malloc'd). */
char *world_subst(const char *template);

/* Every row count and version sum of every table, as one string (malloc'd). */
char *world_fingerprint(void);

/* The text of a file of the seed fixture (tests/fixtures/seed/NAME), malloc'd. */
char *seed_file(const char *name);

/* 1 when the list at path has a record with this id in items. */
int list_has(const char *path, long long id);

#endif
