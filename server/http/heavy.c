/* The pool of heavy requests (internal.h says what it is for). One queue under one lock: steps are few and long, so the lock is never
 * where the time goes. Each request's steps run one at a time (its connection stays suspended
 * while one runs), on whichever thread is free. */
#include "http/internal.h"

#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <microhttpd.h>

#include "core/log.h"
#include "http/http.h"

struct job {
	struct job *next;
	struct request *req;
	size_t len;
	int final; /* the handler, not a piece of upload */
	long long queued_us;
	char data[];
};

/* A client's heavy requests at once. At most `capacity` requests are in, so at most that many
 * clients have an entry. */
struct client {
	char who[sizeof(((struct request *)0)->heavy_who)];
	int n;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static struct job *head, *tail;
static pthread_t *threads;
static int nthreads, per_client, timeout_ms, capacity, in, stopping;
static struct client *clients;
static heavy_step run_step;

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void retry_later(struct request *req, int status, const char *detail)
{
	char retry[16];

	snprintf(retry, sizeof(retry), "%d", timeout_ms < 5000 ? 1 + timeout_ms / 1000 : 5);
	http_add_header(req, "Retry-After", retry);
	http_send_error(req, status, "%s", detail);
}

static void *worker(void *arg)
{
	(void)arg;
	/* Below the workers that answer reads: on a busy machine, a read waits for no heavy step.
	 * (On Linux a thread has a nice value of its own.) */
	if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10) < 0)
		log_msg("heavy: could not lower a thread's priority; heavy work competes with reads");
	for (;;) {
		struct job *j;
		struct request *req;

		pthread_mutex_lock(&lock);
		while (!head && !stopping)
			pthread_cond_wait(&wake, &lock);
		if (!head) {
			pthread_mutex_unlock(&lock);
			return NULL;
		}
		j = head;
		if (!(head = j->next))
			tail = NULL;
		pthread_mutex_unlock(&lock);

		req = j->req;
		req->on_pool = 1;
		/* The handler's time runs from now (an import's upload took what it took). */
		req->heavy_deadline_us = now_us() + (long long)timeout_ms * 1000;
		if (j->final && (stopping || now_us() - j->queued_us > (long long)timeout_ms * 1000))
			retry_later(req, 503,
				    stopping ? "The server is shutting down; retry with another."
					     : "The server is busy with heavy work (extraction, import, source "
					       "search); retry shortly.");
		else
			run_step(req, j->final ? NULL : j->data, j->len);
		req->on_pool = 0;
		free(j);
		/* A heavy step's memory (an answer of megabytes, the arrays of an extraction) goes
		 * back to the system, not kept by this thread's arena for the next. */
		malloc_trim(0);
		MHD_resume_connection(req->conn);
	}
}

int heavy_start(int n, int limit, int timeout, heavy_step step)
{
	nthreads = n;
	per_client = limit;
	timeout_ms = timeout;
	capacity = n * HEAVY_QUEUE_PER_THREAD;
	run_step = step;
	stopping = 0;
	if (!(threads = calloc((size_t)n, sizeof(*threads))) ||
	    !(clients = calloc((size_t)capacity, sizeof(*clients)))) {
		free(threads);
		threads = NULL;
		log_msg("heavy: out of memory");
		return -1;
	}
	for (int i = 0; i < n; i++)
		if (pthread_create(&threads[i], NULL, worker, NULL) != 0) {
			log_msg("heavy: cannot start a thread");
			nthreads = i;
			heavy_stop();
			return -1;
		}
	return 0;
}

void heavy_stop(void)
{
	if (!threads)
		return;
	pthread_mutex_lock(&lock);
	stopping = 1;
	pthread_cond_broadcast(&wake);
	pthread_mutex_unlock(&lock);
	/* The threads drain the queue first (what waits is answered 503), then end. */
	for (int i = 0; i < nthreads; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	free(clients);
	threads = NULL;
	clients = NULL;
}

int heavy_enter(struct request *req)
{
	struct client *free_slot = NULL, *c = NULL;
	int full;

	if (req->key_id)
		snprintf(req->heavy_who, sizeof(req->heavy_who), "key:%lld", req->key_id);
	else
		snprintf(req->heavy_who, sizeof(req->heavy_who), "ip:%s", req->client);
	pthread_mutex_lock(&lock);
	full = in >= capacity;
	for (int i = 0; i < capacity && !c; i++) {
		if (clients[i].n && strcmp(clients[i].who, req->heavy_who) == 0)
			c = &clients[i];
		else if (!clients[i].n && !free_slot)
			free_slot = &clients[i];
	}
	/* The client's own share first: a client past it is told so (429), whether or not the
	 * server is full. */
	if (c && c->n >= per_client) {
		pthread_mutex_unlock(&lock);
		http_add_header(req, "Retry-After", "1");
		http_send_error(req, 429,
				"At most %d heavy requests (extraction, import, source search) "
				"at once from one client; retry when one has ended.",
				per_client);
		return -1;
	}
	if (full || (!c && !free_slot)) {
		pthread_mutex_unlock(&lock);
		retry_later(req, 503,
			    "The server is busy with heavy work (extraction, import, source "
			    "search); retry shortly.");
		return -1;
	}
	if (!c) {
		c = free_slot;
		snprintf(c->who, sizeof(c->who), "%s", req->heavy_who);
	}
	c->n++;
	in++;
	pthread_mutex_unlock(&lock);
	req->heavy = 1;
	return 0;
}

void heavy_leave(struct request *req)
{
	if (!req->heavy)
		return;
	pthread_mutex_lock(&lock);
	for (int i = 0; i < capacity; i++)
		if (clients[i].n && strcmp(clients[i].who, req->heavy_who) == 0) {
			clients[i].n--;
			break;
		}
	in--;
	pthread_mutex_unlock(&lock);
	req->heavy = 0;
}

int heavy_submit(struct request *req, const char *data, size_t len)
{
	struct job *j = malloc(sizeof(*j) + len);

	if (!j)
		return -1;
	j->next = NULL;
	j->req = req;
	j->len = len;
	j->final = data == NULL;
	j->queued_us = now_us();
	if (len)
		memcpy(j->data, data, len);
	/* Suspended first: the pool may resume it as soon as the job is queued. */
	MHD_suspend_connection(req->conn);
	pthread_mutex_lock(&lock);
	if (tail)
		tail->next = j;
	else
		head = j;
	tail = j;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	return 0;
}
