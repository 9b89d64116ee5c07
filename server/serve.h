/* The serve and migrate commands. */
#ifndef SWAPTRACK_SERVE_H
#define SWAPTRACK_SERVE_H

struct config;
struct migration_set;

/* Connects, applies pending migrations, disconnects. Returns 0 or -1 after logging why. */
int migrate_now(const struct config *cfg, const struct migration_set *set);
/* Runs the server until SIGINT or SIGTERM; returns the process's exit code. */
int serve_main(struct config *cfg, const struct migration_set *set);

#endif
