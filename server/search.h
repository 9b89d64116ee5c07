/* GET /v1/search: one box for people (by name across spellings) and sources (full text). */
#ifndef SWAPTRACK_SEARCH_H
#define SWAPTRACK_SEARCH_H

struct request;

void search_handler(struct request *req);

#endif
