/* What keeps one client from holding up the others: a deadline for each connection (a request
 * must arrive whole within --request-timeout, and a connection may idle that long between
 * requests), and a request rate per API key or client address. */
#ifndef SWAPTRACK_GUARD_H
#define SWAPTRACK_GUARD_H

#include <sys/socket.h>

/* A connection's deadline, in the socket context libmicrohttpd keeps for it. */
struct conn_guard {
	int fd;
	_Atomic double deadline; /* monotonic seconds; 0 while a response is being sent */
	int registered;
};

/* Starts the watchdog thread: connections past their deadline are shut down (the client sees
 * the connection close). Returns 0 or -1. */
int guard_start(int request_timeout_s);
void guard_stop(void);
/* A connection was accepted / closed (from libmicrohttpd's notify callback). */
struct conn_guard *guard_open(int fd);
void guard_close(struct conn_guard *g);
/* The request began arriving, a body piece of len bytes arrived, the response started, the
 * request ended. */
void guard_progress(struct conn_guard *g, size_t len);
void guard_responding(struct conn_guard *g);
void guard_idle(struct conn_guard *g);

/* Token bucket per identity ("key:12" or the client address): 0 when the request may go ahead,
 * else the seconds to wait before retrying. rate <= 0 disables. */
int guard_rate(const char *identity, double rate, int burst);

#endif
