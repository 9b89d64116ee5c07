/* Read documents: every record's JSON kept in its row, by triggers generated from the field
 * tables (docs.c). */
#ifndef SWAPTRACK_DOCS_H
#define SWAPTRACK_DOCS_H

#include <libpq-fe.h>

struct buf;

enum { DOCS_REFRESH, DOCS_TRIGGERS };

/* The SQL of one part: each model's refresh function swaptrack_doc_<table>(ids), or each
 * table's trigger function and triggers (which call the refreshes). */
void docs_sql(struct buf *b, int part);
/* Creates (or replaces) the refreshes, fills every live record's missing document, then the
 * triggers; in c's open transaction. 0, or -1 with a malloc'd message in *err (a migration step,
 * db/migrate.h). */
int docs_install(PGconn *c, char **err);
/* Computes every live record's missing document (after a bulk load with the triggers off). */
int docs_fill(PGconn *c, char **err);
/* The same for model m alone. */
struct model;
int docs_fill_model(PGconn *c, const struct model *m, char **err);
/* 1 when m's document is computed from rows of table (its own, a child's, citations, ...). */
int docs_reads(const struct model *m, const char *table);
/* The order of a bulk load's fill: level[i] for models[i] (room for every model), 0 for a model
 * whose document reads no other model's table, k when it reads models below k only (models of
 * one level can be filled at once), -1 in a cycle (filled last, after every index). Returns
 * the highest level. */
int docs_fill_levels(int *level);
/* The UPDATE that computes m's missing documents (what docs_fill_model runs). */
void docs_fill_sql(struct buf *b, const struct model *m);

/* ALTER TABLE statements that turn every table's document triggers off (enable 0) or on. */
void docs_triggers_sql(struct buf *b, int enable);
/* A query of the live records, (collection, id), whose document is not their JSON built anew:
 * none, when the triggers keep every document (the tests run it after their writes). */
void docs_stale_sql(struct buf *b);

#endif
