/* GET /v1/search: one box for people (by name across spellings) and sources (full text). */
#ifndef SWAPTRACK_SEARCH_H
#define SWAPTRACK_SEARCH_H

#include <jansson.h>

struct request;
struct db_stmt;

/* The statement search runs; `swaptrack sql search` prints it for the benchmark. */
extern const struct db_stmt search_stmt;

void search_handler(struct request *req);
/* 1 unless it searches people alone (type=person): a source search is heavy work (heavy.c). */
int search_heavy(struct request *req);
json_t *search_doc(void); /* its OpenAPI path item */

#endif
