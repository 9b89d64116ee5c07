/* Import of an export (export.h) into an empty database: all or nothing, every error naming
 * its line and field. */
#ifndef SWAPTRACK_IMPORT_H
#define SWAPTRACK_IMPORT_H

#include <stddef.h>
#include <jansson.h>

#include "core/problem.h"

struct import;
struct request;

/* Starts an import on a connection of its own, in one transaction; refuses (409) a database
 * that holds any record, live or deleted. A line longer than max_line bytes fails the import
 * (413) as soon as its bytes pass the limit, so memory never holds more of one line. NULL with
 * p filled on failure. */
struct import *import_open(size_t max_line, struct problem *p);
/* Feeds the next bytes of the NDJSON text; lines may be cut anywhere. Returns 0, or -1 once the
 * import has failed (later feeds are ignored; import_finish reports why). */
int import_feed(struct import *im, const char *data, size_t len);
/* Loads what was fed, checks what needs the whole load, and commits; or rolls everything back.
 * Returns the number of records, or -1 with p filled: a 4xx names the line and the field. */
long import_finish(struct import *im, struct problem *p);
/* Records accepted so far, for progress. */
long import_count(const struct import *im);
/* After import_finish: the records it deleted as equal to an earlier line's (equal citations),
 * [{"line", "type", "id", "equal_to", "equal_to_line"}], a new reference ([] when none). */
json_t *import_duplicates(const struct import *im);
void import_close(struct import *im);

/* POST /v1/import with its upload callback (the body is fed as it arrives), and its OpenAPI
 * path item. */
int import_upload(struct request *req, const char *data, size_t len);
void import_handler(struct request *req);
json_t *import_doc(void);

#endif
