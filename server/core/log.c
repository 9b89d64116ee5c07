/* The log: "swaptrack: " prefix, one line, written whole. Every byte that is not printable ASCII
 * is written as \xNN (and a backslash as \x5c), whatever put it there: a path, a method, a
 * header or a database message quoting a client's value can then neither forge or split a line
 * nor reach the terminal as a control sequence. Access lines may wait in a buffer (log.h). */
#include "core/log.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LINE_MAX_BYTES 2048

/* Lines waiting to be written, and the thread that writes them when nothing else does. The
 * buffer has room for a whole line past the flushing point, so appending never cuts one. */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	char data[LOG_BUFFER_FLUSH + LINE_MAX_BYTES + 16];
	size_t len;
	int on, stopping;
	pthread_t flusher;
} pending = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, {0}, 0, 0, 0, 0};

/* Writes every byte of data[0..n): a short write (a pipe) goes on where it stopped. */
static void write_all(const char *data, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDERR_FILENO, data, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* nowhere left to report a failing stderr */
		data += w;
		n -= (size_t)w;
	}
}

/* With pending.lock held. */
static void flush_locked(void)
{
	write_all(pending.data, pending.len);
	pending.len = 0;
}

static void *flusher(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&pending.lock);
	while (!pending.stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += LOG_FLUSH_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&pending.wake, &pending.lock, &until);
		flush_locked();
	}
	pthread_mutex_unlock(&pending.lock);
	return NULL;
}

int log_buffer_start(void)
{
	int rc = 0;

	pthread_mutex_lock(&pending.lock);
	pending.stopping = 0;
	if (!pending.on && pthread_create(&pending.flusher, NULL, flusher, NULL) == 0)
		pending.on = 1;
	else if (!pending.on)
		rc = -1;
	pthread_mutex_unlock(&pending.lock);
	return rc;
}

void log_buffer_stop(void)
{
	pthread_mutex_lock(&pending.lock);
	if (!pending.on) {
		pthread_mutex_unlock(&pending.lock);
		return;
	}
	pending.stopping = 1;
	pthread_cond_signal(&pending.wake);
	pthread_mutex_unlock(&pending.lock);
	pthread_join(pending.flusher, NULL);
	pthread_mutex_lock(&pending.lock);
	flush_locked();
	pending.on = 0;
	pthread_mutex_unlock(&pending.lock);
}

/* The escaped line of fmt and ap, with prefix and newline, into line (LINE_MAX_BYTES + 8). */
static size_t format_line(char *line, const char *fmt, va_list ap)
{
	static const char hex[] = "0123456789abcdef";
	char raw[LINE_MAX_BYTES];
	const char prefix[] = "swaptrack: ";
	size_t n = 0;
	int len;

	len = vsnprintf(raw, sizeof(raw), fmt, ap);
	if (len < 0)
		return 0;
	for (const char *s = prefix; *s; s++)
		line[n++] = *s;
	/* Escaped, the line may grow fourfold: it is cut (and marked) to fit. */
	for (int i = 0; i < len && i < (int)sizeof(raw) - 1; i++) {
		unsigned char c = (unsigned char)raw[i];
		if (n + 4 > LINE_MAX_BYTES - 4) {
			line[n++] = '.';
			line[n++] = '.';
			line[n++] = '.';
			break;
		}
		if (c >= 0x20 && c < 0x7f && c != '\\') {
			line[n++] = (char)c;
		} else {
			line[n++] = '\\';
			line[n++] = 'x';
			line[n++] = hex[c >> 4];
			line[n++] = hex[c & 15];
		}
	}
	if (len >= (int)sizeof(raw) && n + 3 < LINE_MAX_BYTES + 8 - 1 && line[n - 1] != '.') {
		line[n++] = '.';
		line[n++] = '.';
		line[n++] = '.';
	}
	line[n++] = '\n';
	return n;
}

/* Appends a line; writes what waits when now, or when the buffer is past its flushing point. */
static void put(const char *line, size_t n, int now)
{
	pthread_mutex_lock(&pending.lock);
	if (!pending.on) {
		flush_locked();
		write_all(line, n);
	} else {
		memcpy(pending.data + pending.len, line, n);
		pending.len += n;
		if (now || pending.len >= LOG_BUFFER_FLUSH)
			flush_locked();
	}
	pthread_mutex_unlock(&pending.lock);
}

static void vlog(int now, const char *fmt, va_list ap)
{
	char line[LINE_MAX_BYTES + 8];
	size_t n = format_line(line, fmt, ap);

	if (n)
		put(line, n, now);
}

void log_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(1, fmt, ap);
	va_end(ap);
}

void log_access(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(0, fmt, ap);
	va_end(ap);
}
