/* The state of an import, shared by the files that carry it out and by nothing else: the checks
 * line by line (import.c), the COPY streams and child rows held aside (import_copy.c), the
 * indexes dropped and rebuilt around the load (import_indexes.c), the derived columns computed
 * on other connections (import_derived.c), and the HTTP upload (import_http.c). */
#ifndef SWAPTRACK_IMPORT_STATE_H
#define SWAPTRACK_IMPORT_STATE_H

#include <stdio.h>
#include <jansson.h>
#include <libpq-fe.h>

#include "core/buf.h"
#include "core/problem.h"
#include "engine/model/model.h"

#define MAX_CHILDREN 4
#define MAX_ERRORS 20
#define COPY_FLUSH (256 * 1024)
#define SPILL_CHUNK (64 * 1024)
#define DERIVED_BATCH 64
#define HELPERS 2
#define DERIVED_ARGS 8

/* The records sent to a type's COPY, in order, each with its id and the line it came from. Kept
 * as runs, because in an export the ids and lines of a type count up together: a few runs for a
 * million records, where a pair a record took 16 bytes (107 MB of an import of 5.3 M records,
 * measured). */
struct run {
	long long id; /* of the run's first row; a row's id and line are one more than the last */
	long line;    /* of the run's first row */
	size_t first; /* the index of the run's first row */
	size_t len;
};

struct seen {
	struct run *runs;
	size_t nruns, cap;
	size_t n; /* rows */
	long long last_id;
};

struct import {
	PGconn *conn;
	int model;       /* index in models[] being copied; -1 before any */
	struct buf copy; /* COPY rows not yet sent */
	const struct model *children[MAX_CHILDREN];
	/* A type's child rows wait for the end of its own COPY (a connection carries one COPY at a
	 * time): in memory up to COPY_FLUSH bytes, then in a temporary file, so that an import's
	 * memory stays flat however many there are (swap releases held in memory were most of
	 * the 27 MB of importing the benchmark's dataset). Without a temporary file they stay in
	 * memory. */
	struct buf child_rows[MAX_CHILDREN];
	FILE *child_spill[MAX_CHILDREN];
	int no_spill;
	struct buf partial; /* a line cut by the end of a chunk */
	size_t max_line;    /* --import-max-line */
	long line;
	long records;
	struct seen seen[MAX_MODELS];
	long long merge_last[MAX_MODELS]; /* the id of the last merge line of each collection */
	int merging;                      /* past the records: merge lines only */
	json_t *side_codes;     /* the codes of the side model's records loaded so far (an object
	                                     * used as a set): what a later line's side may name */
	long long new_children; /* children given without an id: placeholders -1, -2, ... */
	struct problem p;
	int failed;
	PGresult *plan;     /* indexes and keys dropped for the load, to restore:
	                                     * (step, drop, build, an index's table) */
	char *docs_on;      /* the read documents' triggers, off for the load */
	json_t *duplicates; /* lines of records the import deleted as equal to an earlier one */
	/* A type's derived column (a source's full-text vector, a person's folded names) is
	 * computed on HELPERS more connections while this one's COPY runs: most of storing a
	 * source is that function, and one transaction keeps all else on one backend. Rows wait for their values in batches of
	 * DERIVED_BATCH, one query a batch, sent in turn to the helpers; while they compute, this
	 * process parses the next batch and the COPY stores the ones before. held[] is a ring,
	 * filled in order, so the batch after `filling` is the oldest one sent. */
	PGconn *helper[HELPERS];
	const struct model *helper_model[HELPERS]; /* whose statement each has prepared */
	struct held {
		struct buf rows; /* COPY rows without their last column, each ending "\n" */
		struct buf args[DERIVED_ARGS]; /* the statement's parameters: array literals */
		int n;
		int helper;    /* where its values are computed; -1: by the triggers */
		int in_flight; /* sent; its results not read yet */
	} held[HELPERS + 1];
	int filling;    /* the batch rows are added to */
	unsigned sent;  /* batches sent: picks the helper in turn */
	int no_helpers; /* none could connect: the triggers compute it all */
	/* The kept field of each record of a model with one (a source's content), for the checks
	 * of the lines after it (a citation's anchor): the texts in a temporary file (in memory
	 * when none can be made), where each record's is in memory, 20 bytes a record, by id
	 * (which ascend, as the lines do). */
	struct kept {
		FILE *file;
		struct buf mem;
		int dirty; /* written since the last read: flush first */
		long long *ids;
		unsigned long long *at;
		unsigned *len;
		size_t n, cap;
	} kept[MAX_MODELS];
};

int im_seen_add(struct seen *s, long long id, long line);
void im_seen_free(struct seen *s);
long im_seen_row_line(const struct seen *s, size_t k);
long im_seen_line(const struct seen *s, long long id);
void im_fail_line(struct import *im, long line, const char *field, const char *msg);
void im_copy_text(struct buf *b, const char *s);
int im_put_copy(struct import *im, struct buf *b);
void im_import_tables(struct buf *b, const char *sep);
void im_derived_tables(struct buf *b, const char *sep, int after);
int im_defer_indexes(struct import *im, struct problem *p);
void im_rebuild_and_fill(struct import *im);
int im_end_copy(struct import *im, int child);
int im_start_copy(struct import *im, const char *sql);
int im_child_row_added(struct import *im, int k);
int im_send_spill(struct import *im, int k);
void im_child_rows_free(struct import *im, int k);
int im_held_drain(struct import *im, const struct model *m);
int im_held_add(struct import *im, const struct model *m, json_t *rec, const char *lead);
void im_copy_vals(struct buf *out, char **vals, int n, const char *lead);
int im_copy_row(struct buf *out, const struct model *m, json_t *rec, const char *lead);
/* An unnamed temporary file in $TMPDIR (else /tmp), gone when closed; NULL if none can be made. */
FILE *im_temp_file(void);
/* What the import keeps of record id of models[index] for the checks of later lines (its
 * model's hooks->kept field, import_kept.c). 0, or -1 when it could not. */
int im_kept_add(struct import *im, int index, long long id, json_t *rec);
/* write.text for the checks of an import's lines: ctx is the import. */
int im_kept_text(void *ctx, const struct model *m, long long id, char **text);
void im_kept_free(struct import *im);
/* A merge line's record (import_merges.c), checked and stored. */
void im_merge_line(struct import *im, json_t *rec, int (*timestamp_shape)(const char *));

#endif
