/* The SQL of every collection, generated once at start from the field tables in models/. Table
 * and column names come only from those tables; values are always $n parameters. */
#ifndef SWAPTRACK_SQLGEN_H
#define SWAPTRACK_SQLGEN_H

#include "core/buf.h"
#include "db/db.h"
#include "engine/model/model.h"

#define SQL_UNIQUE_MAX 4 /* FF_UNIQUE fields a model may have */

struct model_sql {
	char *json;         /* the record as JSON: a json_build_object over alias t (c for children) */
	char *read;         /* what reads take, as text: its document, or json where it has none */
	char *export_json;  /* the same without embedded citations (exported on their own) */
	char *csv;          /* the CSV columns as text expressions over t, as sql_csv_header */
	char *copy;         /* COPY ... FROM STDIN for a bulk import: id, version, created_at,
	                           * updated_at and the columns (children: parent key, position and
	                           * the columns, then a derived column if the model has one) */
	int ncols;          /* parameters of insert (children: after parent id and position) */
	struct db_stmt get; /* $1 id -> json, version; live records only */
	struct db_stmt build;        /* the same, the JSON built anew (for the benchmark's peer) */
	struct db_stmt lock;         /* $1 id -> version, json; FOR UPDATE */
	struct db_stmt insert;       /* columns -> id */
	struct db_stmt update;       /* $1 id, columns -> version */
	struct db_stmt remove;       /* $1 id -> version (soft delete) */
	struct db_stmt history;      /* $1 id, $2 action, $3 actor, $4 merged_from, $5 merged_into
	                           * (NULL but for a merge): appends the record as it is now */
	struct db_stmt referrers;    /* $1 id -> collection, id of live records that refer to it */
	struct db_stmt history_many; /* $1 ids (bigint[]), $2 action, $3 actor: history of each */
	struct db_stmt get_many;     /* $1 ids (bigint[]) -> id, json, version of those live */
	struct db_stmt merged; /* mergeable models: $1 id -> the live survivor it was merged into */
	struct db_stmt live;   /* $1 id -> a row when the record is live, without locking it */
	struct db_stmt exists; /* $1 ids (bigint[]) -> those live, locked FOR KEY SHARE so that
	                           * they cannot be deleted before the transaction ends */
	struct db_stmt unique[SQL_UNIQUE_MAX]; /* per FF_UNIQUE field: $1 value, $2 an id to
	                           * leave out (0: none) -> the live record that has it */
	struct db_stmt children_clear;         /* child models: $1 parent id */
	struct db_stmt side_referrers;         /* the side model: referrers by its code alone */
	struct db_stmt sides;             /* the side model: $1 codes (text[]) -> those of live records,
	                           * locked FOR KEY SHARE as exists locks its ids */
	struct db_stmt children_gone;     /* cited children (cite.h): $1 id -> collection, id */
	struct db_stmt children_renumber; /* $1 id: citations' indexes follow their children */
	struct db_stmt children_fill;     /* the citing model: $1 ids (bigint[]) or NULL */
	struct db_stmt routes[4];         /* the model's routes' own statements, in their order */
	struct buf scratch;               /* owns the strings above */
};

/* The generated statement called name ("people_get"), or NULL: `swaptrack sql NAME` prints it,
 * so that benchmarks run exactly what the server runs. */
const char *sql_statement(const char *name);

/* Generates the SQL of every model and its child models. Returns 0 or -1 (out of memory). */
int sql_init(void);
void sql_free(void);

struct shape;

/* The CSV header row of m (without line end) into b: id, the fields, citations when the model
 * is cited, version, created_at, updated_at; only those sh keeps, with the records it embeds
 * after their references (sh NULL: all). Lists, children, embedded records and citations are
 * JSON text. sql_csv: the columns as text expressions over t, in the same order. */
void sql_csv_header(struct buf *b, const struct model *m, const struct shape *sh);
void sql_csv(struct buf *b, const struct model *m, const struct shape *sh);
/* The record as JSON over alias t, as model_sql.json, with only what sh keeps and embeds. */
void sql_json(struct buf *b, const struct model *m, const struct shape *sh);

/* The expression a list sorts by for field f of alias t ("t.id" for NULL), NULL-safe so keyset
 * comparisons work; and the SQL type its cursor value is cast to. */
void sql_sort_expr(struct buf *b, const struct field *f);
const char *sql_sort_type(const struct field *f);

/* Fills vals with the text parameters of rec's columns, in insert order; returns how many, or -1
 * when memory ran out. Every vals[i] is malloc'd or NULL; free with sql_params_free. */
int sql_params(const struct model *m, json_t *rec, char **vals);
void sql_params_free(char **vals, int n);
/* The INSERT of rows records of m in one statement (VALUES with rows groups of the insert's
 * parameters, in sql_params' order), RETURNING their ids in the order given, into b. 0, or -1
 * when memory ran out. */
int sql_insert_many(struct buf *b, const struct model *m, int rows);
/* The same for rows children of child model m: each row's parameters are the parent's id, the
 * position, then sql_params'. */
int sql_insert_children(struct buf *b, const struct model *m, int rows);
/* The statement that finds the live record of m with f's value (f FF_UNIQUE), or NULL. */
const struct db_stmt *sql_unique_stmt(const struct model *m, const struct field *f);
/* Where field name's first parameter is in sql_params' vals; -1 when m has no such column. */
int sql_param_index(const struct model *m, const char *name);

#endif
