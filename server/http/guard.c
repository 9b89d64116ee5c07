/* Connection deadlines and request rates. libmicrohttpd's own timeout only notices silence: a
 * client that sends a byte a second would keep a connection forever. Here each connection has a
 * deadline, checked twice a second by a watchdog that shuts the socket down (libmicrohttpd then
 * sees the close and cleans up on its own thread). */
#include "http/guard.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

#define MAX_TRACKED 65536

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct conn_guard **tracked; /* live connections, unordered */
static size_t ntracked;
static pthread_t watchdog;
static atomic_int running;
static double timeout_s = 30;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *watch(void *arg)
{
	(void)arg;
	while (atomic_load(&running)) {
		double t = now();

		pthread_mutex_lock(&lock);
		for (size_t i = 0; i < ntracked; i++) {
			struct conn_guard *g = tracked[i];
			if (g->deadline > 0 && t > g->deadline) {
				/* Under the lock, and the close callback takes the lock before the socket
				 * is closed: this fd is still this connection's. */
				shutdown(g->fd, SHUT_RDWR);
				g->deadline = 0;
			}
		}
		pthread_mutex_unlock(&lock);
		usleep(500 * 1000);
	}
	return NULL;
}

int guard_start(int request_timeout_s)
{
	timeout_s = request_timeout_s;
	tracked = calloc(MAX_TRACKED, sizeof(*tracked));
	if (!tracked)
		return -1;
	atomic_store(&running, 1);
	if (pthread_create(&watchdog, NULL, watch, NULL) != 0) {
		free(tracked);
		tracked = NULL;
		return -1;
	}
	return 0;
}

void guard_stop(void)
{
	if (!tracked)
		return;
	atomic_store(&running, 0);
	pthread_join(watchdog, NULL);
	free(tracked);
	tracked = NULL;
	ntracked = 0;
}

struct conn_guard *guard_open(int fd)
{
	struct conn_guard *g = calloc(1, sizeof(*g));

	if (!g)
		return NULL;
	g->fd = fd;
	g->deadline = now() + timeout_s;
	pthread_mutex_lock(&lock);
	if (tracked && ntracked < MAX_TRACKED) {
		tracked[ntracked++] = g;
		g->registered = 1;
	}
	pthread_mutex_unlock(&lock);
	return g;
}

void guard_close(struct conn_guard *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; g->registered && i < ntracked; i++)
		if (tracked[i] == g) {
			tracked[i] = tracked[--ntracked];
			break;
		}
	pthread_mutex_unlock(&lock);
	free(g);
}

void guard_progress(struct conn_guard *g, size_t len)
{
	/* A body that keeps coming at a fair pace (a piece of 1 KiB or more) earns more time; a
	 * trickle does not. */
	if (g && len >= 1024)
		g->deadline = now() + timeout_s;
}

void guard_responding(struct conn_guard *g)
{
	if (g)
		g->deadline = 0; /* a slow reader of a long export is libmicrohttpd's to time out */
}

void guard_idle(struct conn_guard *g)
{
	if (g)
		g->deadline = now() + timeout_s;
}

/* The rate buckets: a fixed table, so memory stays bounded whatever the number of clients; a
 * full neighbourhood gives up its least recently used bucket. */
#define BUCKETS 8192
#define PROBE 8

struct bucket {
	char id[64];
	double tokens, last;
};

static struct bucket buckets[BUCKETS];
static pthread_mutex_t bucket_lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

int guard_rate(const char *identity, double rate, int burst)
{
	unsigned h = hash(identity);
	struct bucket *b = NULL, *oldest = NULL;
	double t = now();
	int wait = 0;

	if (rate <= 0)
		return 0;
	pthread_mutex_lock(&bucket_lock);
	for (int i = 0; i < PROBE; i++) {
		struct bucket *c = &buckets[(h + (unsigned)i) % BUCKETS];
		if (strncmp(c->id, identity, sizeof(c->id) - 1) == 0 && c->id[0]) {
			b = c;
			break;
		}
		if (!oldest || c->last < oldest->last)
			oldest = c;
	}
	if (!b) {
		b = oldest;
		strncpy(b->id, identity, sizeof(b->id) - 1);
		b->id[sizeof(b->id) - 1] = '\0';
		b->tokens = burst;
		b->last = t;
	}
	b->tokens = fmin((double)burst, b->tokens + (t - b->last) * rate);
	b->last = t;
	if (b->tokens >= 1)
		b->tokens -= 1;
	else
		wait = (int)ceil((1 - b->tokens) / rate);
	pthread_mutex_unlock(&bucket_lock);
	return wait;
}
