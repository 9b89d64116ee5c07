/* The serve and migrate commands. */
#ifndef SWAPTRACK_SERVE_H
#define SWAPTRACK_SERVE_H

struct config;
struct migration_set;

/* Connects, applies pending migrations, disconnects. Returns 0 or -1 after logging why. */
int migrate_now(const struct config *cfg, const struct migration_set *set);
/* The whole route table (generating every model's SQL first); NULL when memory ran out. Free
 * with collection_routes_free and sql_free. */
struct route *serve_routes(void);
/* Runs the server until SIGINT or SIGTERM; returns the process's exit code. */
int serve_main(struct config *cfg, struct migration_set *set);

#endif
