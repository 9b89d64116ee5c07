/* The replicas' checks, one thread each, and the choice of a replica for a read. */
#include "db/replicas.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"

#include <libpq-fe.h>

struct replica {
	const char *conninfo;
	atomic_int state;
	atomic_llong lag_us;
	atomic_ullong replay_lsn;
	atomic_llong reads;
	pthread_t thread;
	int started;
};

static struct replica replicas[REPLICAS_MAX];
static int nreplicas;
static const char *primary_conninfo;
static char connect_timeout[16] = "5";
static long long max_lag_us;
static atomic_uint turn; /* round robin over the usable replicas */
static atomic_llong primary_reads;
static pthread_mutex_t stop_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t stop_cond = PTHREAD_COND_INITIALIZER;
static int stopping;

int lsn_parse(const char *s, uint64_t *out)
{
	uint64_t part[2] = {0, 0};

	for (int k = 0; k < 2; k++) {
		int digits = 0;
		for (; *s && *s != '/'; s++, digits++) {
			int c = (unsigned char)*s, v = c >= '0' && c <= '9'   ? c - '0'
						       : c >= 'a' && c <= 'f' ? c - 'a' + 10
						       : c >= 'A' && c <= 'F' ? c - 'A' + 10
									      : -1;
			if (v < 0 || digits == 8)
				return -1;
			part[k] = part[k] << 4 | (uint64_t)v;
		}
		if (!digits || (k == 0 && *s++ != '/') || (k == 1 && *s))
			return -1;
	}
	*out = part[0] << 32 | part[1];
	return 0;
}

void lsn_format(uint64_t lsn, char out[24])
{
	snprintf(out, 24, "%" PRIX64 "/%" PRIX64, lsn >> 32, lsn & 0xffffffffu);
}

int replicas_configure(const char *primary, const char *const *urls, int n, int max_lag_ms,
		       int connect_timeout_s)
{
	if (n < 0 || n > REPLICAS_MAX)
		return -1;
	primary_conninfo = primary;
	snprintf(connect_timeout, sizeof(connect_timeout), "%d", connect_timeout_s);
	for (int i = 0; i < n; i++) {
		memset(&replicas[i], 0, sizeof(replicas[i]));
		replicas[i].conninfo = urls[i];
		atomic_init(&replicas[i].state, REPLICA_DOWN);
	}
	nreplicas = n;
	max_lag_us = (long long)max_lag_ms * 1000;
	return 0;
}

int replicas_count(void)
{
	return nreplicas;
}

const char *replicas_conninfo(int i)
{
	return i >= 0 && i < nreplicas ? replicas[i].conninfo : NULL;
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* One value of a one-row query on c, as a WAL position (NULL reads as 0); -1 when it fails. */
static int query_lsn(PGconn *c, const char *sql, uint64_t *lsn, int *in_recovery)
{
	PGresult *r = PQexec(c, sql);
	int ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;

	*lsn = 0;
	if (ok && !PQgetisnull(r, 0, 0))
		ok = lsn_parse(PQgetvalue(r, 0, 0), lsn) == 0;
	if (ok && in_recovery)
		*in_recovery = PQnfields(r) > 1 && strcmp(PQgetvalue(r, 0, 1), "t") == 0;
	PQclear(r);
	return ok ? 0 : -1;
}

/* The primary's WAL position at each of the last checks, oldest first once full: the lag of a
 * replica is how long ago the primary first had WAL the replica has not replayed. */
struct history {
	long long *at;
	uint64_t *lsn;
	int n, cap, next;
};

static void history_add(struct history *h, long long at, uint64_t lsn)
{
	h->at[h->next] = at;
	h->lsn[h->next] = lsn;
	h->next = (h->next + 1) % h->cap;
	if (h->n < h->cap)
		h->n++;
}

/* How far behind a replica that has replayed `replayed` is, at `now`: 0 when the primary had
 * nothing more at the last check; else the age of the oldest check whose position is past it
 * (at least the whole history when every one is). */
static long long history_lag(const struct history *h, uint64_t replayed, long long now)
{
	long long lag = 0;

	for (int k = 0; k < h->n; k++) {
		int at = (h->next - 1 - k + h->cap) % h->cap; /* newest first */
		if (h->lsn[at] <= replayed)
			break;
		lag = now - h->at[at];
	}
	return lag;
}

/* c, or a new connection to conninfo when c is gone (NULL when that fails too). The checks'
 * own connections, apart from the workers' (db.c): they only ask where the WAL is. */
static PGconn *check_connect(PGconn *c, const char *conninfo)
{
	const char *keys[] = {"connect_timeout", "application_name", "dbname", NULL};
	const char *vals[] = {connect_timeout, "swaptrack-replica-check", conninfo ? conninfo : "", NULL};

	if (c && PQstatus(c) == CONNECTION_OK)
		return c;
	PQfinish(c);
	c = PQconnectdbParams(keys, vals, 1);
	if (c && PQstatus(c) != CONNECTION_OK) {
		PQfinish(c);
		c = NULL;
	}
	return c;
}

static void *check_loop(void *arg)
{
	struct replica *rp = arg;
	struct history h = {0};
	PGconn *primary = NULL, *replica = NULL;
	int logged = -1;

	h.cap = (int)(max_lag_us / (REPLICA_TICK_MS * 1000)) + 8;
	h.at = calloc((size_t)h.cap, sizeof(*h.at));
	h.lsn = calloc((size_t)h.cap, sizeof(*h.lsn));
	for (;;) {
		uint64_t p_lsn = 0, r_lsn = 0;
		int have_primary, recovering = 0, state;
		long long lag = 0, now;
		struct timespec until;

		/* The primary first: a replica that has replayed what the primary had a moment
		 * before is not behind. */
		primary = check_connect(primary, primary_conninfo);
		have_primary = primary && query_lsn(primary, "SELECT pg_current_wal_lsn()::text",
						    &p_lsn, NULL) == 0;
		now = now_us();
		if (have_primary && h.at)
			history_add(&h, now, p_lsn);
		replica = check_connect(replica, rp->conninfo);
		if (!replica || query_lsn(replica,
					  "SELECT pg_last_wal_replay_lsn()::text,"
					  " pg_is_in_recovery()",
					  &r_lsn, &recovering) < 0) {
			state = REPLICA_DOWN;
		} else if (!recovering) {
			state = REPLICA_NOT_STANDBY;
		} else {
			/* Without the primary the lag cannot be told: the last one stands. */
			lag = have_primary && h.at ? history_lag(&h, r_lsn, now)
						   : atomic_load(&rp->lag_us);
			state = lag > max_lag_us ? REPLICA_LAGGING : REPLICA_OK;
			atomic_store(&rp->replay_lsn, r_lsn);
		}
		atomic_store(&rp->lag_us, lag);
		atomic_store(&rp->state, state);
		if (state != logged) {
			log_msg("read replica %d: %s", (int)(rp - replicas) + 1,
				replica_state_name((enum replica_state)state));
			logged = state;
		}
		pthread_mutex_lock(&stop_lock);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += REPLICA_TICK_MS * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		while (!stopping && pthread_cond_timedwait(&stop_cond, &stop_lock, &until) != ETIMEDOUT)
			;
		state = stopping;
		pthread_mutex_unlock(&stop_lock);
		if (state)
			break;
	}
	PQfinish(primary);
	PQfinish(replica);
	free(h.at);
	free(h.lsn);
	return NULL;
}

int replicas_start(void)
{
	stopping = 0;
	for (int i = 0; i < nreplicas; i++) {
		if (pthread_create(&replicas[i].thread, NULL, check_loop, &replicas[i]) != 0) {
			replicas_stop();
			return -1;
		}
		replicas[i].started = 1;
	}
	return 0;
}

void replicas_stop(void)
{
	pthread_mutex_lock(&stop_lock);
	stopping = 1;
	pthread_cond_broadcast(&stop_cond);
	pthread_mutex_unlock(&stop_lock);
	for (int i = 0; i < nreplicas; i++)
		if (replicas[i].started) {
			pthread_join(replicas[i].thread, NULL);
			replicas[i].started = 0;
		}
}

int replicas_state_ok(int i)
{
	return atomic_load(&replicas[i].state) == REPLICA_OK;
}

int replicas_has(int i, uint64_t lsn)
{
	return atomic_load(&replicas[i].replay_lsn) >= lsn;
}

int replicas_pick(uint64_t min_lsn)
{
	int first = -1;
	unsigned start = nreplicas ? atomic_fetch_add(&turn, 1) : 0;

	for (int k = 0; k < nreplicas; k++) {
		int i = (int)((start + (unsigned)k) % (unsigned)nreplicas);
		if (!replicas_state_ok(i))
			continue;
		if (!min_lsn || replicas_has(i, min_lsn))
			return i;
		if (first < 0)
			first = i;
	}
	return first;
}

void replicas_mark_down(int i)
{
	if (atomic_exchange(&replicas[i].state, REPLICA_DOWN) != REPLICA_DOWN)
		log_msg("read replica %d: a read failed; skipped until it answers again", i + 1);
}

void replicas_count_read(int i)
{
	if (i < 0)
		atomic_fetch_add_explicit(&primary_reads, 1, memory_order_relaxed);
	else
		atomic_fetch_add_explicit(&replicas[i].reads, 1, memory_order_relaxed);
}

long long replicas_primary_reads(void)
{
	return atomic_load(&primary_reads);
}

void replicas_status(int i, struct replica_status *out)
{
	out->state = (enum replica_state)atomic_load(&replicas[i].state);
	out->lag_s = (double)atomic_load(&replicas[i].lag_us) / 1e6;
	out->replay_lsn = atomic_load(&replicas[i].replay_lsn);
	out->reads = atomic_load(&replicas[i].reads);
}

const char *replica_state_name(enum replica_state s)
{
	switch (s) {
	case REPLICA_OK:
		return "ok";
	case REPLICA_LAGGING:
		return "lagging";
	case REPLICA_NOT_STANDBY:
		return "not a standby";
	default:
		return "down";
	}
}
