/* Export and import of the whole database as NDJSON: one record a line,
 * {"type": "person", "record": {...}}, types in load order (sources, people, detentions,
 * negotiations, swaps, citations), ids ascending within a type. Records keep their id, version
 * and timestamps; citations are lines of their own, not embedded. */
#ifndef SWAPTRACK_EXPORT_H
#define SWAPTRACK_EXPORT_H

#include <stddef.h>

#include "core/buf.h"
#include "core/problem.h"

struct export;
struct import;
struct request;

/* Opens a consistent snapshot on a connection of its own. NULL with p filled on failure. */
struct export *export_open(struct problem *p);
/* Appends the next lines (about 64 KiB) to out: 1 while more follow, 0 at the end, -1 on a
 * database failure (logged). */
int export_next(void *ctx, struct buf *out);
/* Frees it (the stream's done callback). */
void export_close(void *ctx);

/* Starts an import on a connection of its own, in one transaction; refuses (409) a database
 * that holds any record, live or deleted. NULL with p filled on failure. */
struct import *import_open(struct problem *p);
/* Feeds the next bytes of the NDJSON text; lines may be cut anywhere. Returns 0, or -1 once the
 * import has failed (later feeds are ignored; import_finish reports why). */
int import_feed(struct import *im, const char *data, size_t len);
/* Loads what was fed, checks what needs the whole load, and commits; or rolls everything back.
 * Returns the number of records, or -1 with p filled: a 4xx names the line and the field. */
long import_finish(struct import *im, struct problem *p);
/* Records accepted so far, for progress. */
long import_count(const struct import *im);
void import_close(struct import *im);

/* The HTTP handlers: GET /v1/export, and POST /v1/import with its upload callback. */
void export_handler(struct request *req);
int import_upload(struct request *req, const char *data, size_t len);
void import_handler(struct request *req);

#endif
