/* Export of the whole database as NDJSON (import.h loads it back): one record a line,
 * {"type": "person", "record": {...}}, types in load order (sources, people, detentions,
 * negotiations, swaps, citations), ids ascending within a type. Records keep their id, version
 * and timestamps; citations are lines of their own, not embedded. */
#ifndef SWAPTRACK_EXPORT_H
#define SWAPTRACK_EXPORT_H

#include <stddef.h>
#include <jansson.h>

#include "core/buf.h"
#include "core/problem.h"

struct export;
struct request;

/* Opens a consistent snapshot on a connection of its own. NULL with p filled on failure. */
struct export *export_open(struct problem *p);
/* Appends the next lines (about 64 KiB) to out: 1 while more follow, 0 at the end, -1 on a
 * database failure (logged). */
int export_next(void *ctx, struct buf *out);
/* Frees it (the stream's done callback). */
void export_close(void *ctx);

/* GET /v1/export, and its OpenAPI path item. */
void export_handler(struct request *req);
json_t *export_doc(void);

#endif
