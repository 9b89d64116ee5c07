/* Streaming replicas that reads may go to (the contract's "Reads from replicas"), and how far
 * behind the primary each is. A thread a replica checks it in the background, every
 * REPLICA_TICK_MS: connected, in recovery, and the age of the oldest WAL the primary had that
 * the replica has not replayed (its lag). Requests only read the result: choosing a replica
 * costs no round trip. */
#ifndef SWAPTRACK_REPLICAS_H
#define SWAPTRACK_REPLICAS_H

#include <stdint.h>

#define REPLICAS_MAX 8
#define REPLICA_TICK_MS 200

enum replica_state {
	REPLICA_DOWN,        /* not checked yet, unreachable, or a read on it just failed */
	REPLICA_OK,          /* reads may go to it */
	REPLICA_LAGGING,     /* more than the lag limit behind: skipped */
	REPLICA_NOT_STANDBY, /* answers, but is not in recovery (promoted): skipped */
};

struct replica_status {
	enum replica_state state;
	double lag_s;        /* at the last check; 0 when it had everything */
	uint64_t replay_lsn; /* the last WAL position it had replayed, at the last check */
	long long reads;     /* requests whose reads it answered */
};

/* The primary's and the replicas' conninfo strings (not copied: they must outlive the process's
 * use), the lag past which a replica is skipped, and the checks' connect timeout. Call once,
 * before replicas_start and before any request. */
int replicas_configure(const char *primary, const char *const *urls, int n, int max_lag_ms,
		       int connect_timeout_s);
int replicas_count(void);
const char *replicas_conninfo(int i);
/* Starts and stops the checking threads (nothing to do without replicas). */
int replicas_start(void);
void replicas_stop(void);

/* A usable replica for a read that needs WAL position min_lsn (0: any): one known to have
 * replayed it when there is one, else any usable one (the caller waits for it, or not), taken
 * in turn so that reads spread; -1 when none is usable. */
int replicas_pick(uint64_t min_lsn);
/* Whether replica i was usable at its last check. */
int replicas_state_ok(int i);
/* Whether replica i had replayed lsn at its last check. */
int replicas_has(int i, uint64_t lsn);
/* A read on replica i failed as if it were down: skipped until its next good check. */
void replicas_mark_down(int i);
/* Counts a request's reads as answered by replica i, or (-1) by the primary while replicas are
 * configured. */
void replicas_count_read(int i);
long long replicas_primary_reads(void);
void replicas_status(int i, struct replica_status *out);
const char *replica_state_name(enum replica_state s);

/* A WAL position as PostgreSQL writes a pg_lsn ("16/B374D848"): parsed strictly (1 to 8 hex
 * digits each side; 0 or -1), and written back. */
int lsn_parse(const char *s, uint64_t *out);
void lsn_format(uint64_t lsn, char out[24]);

#endif
