/* GET /v1/stats. */
#ifndef SWAPTRACK_STATS_H
#define SWAPTRACK_STATS_H

struct request;

void stats_handler(struct request *req);

#endif
