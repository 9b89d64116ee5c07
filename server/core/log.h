/* Logging to stderr, every line whole: lines from worker threads never interleave.
 *
 * log_msg writes at once (with whatever access lines are waiting before it, so the log keeps
 * the order things happened in). log_access is for the access log's line a request: between
 * log_buffer_start and log_buffer_stop those lines are gathered and written together, by the
 * first line past LOG_BUFFER_FLUSH bytes or every LOG_FLUSH_MS by a thread of the log's own;
 * one write(2) a request was 10-15 % of a GET's CPU (bench/README.md). A process killed
 * without warning loses at most that last tenth of a second of access lines, never a line of
 * log_msg's. Outside start/stop, log_access writes at once too. */
#ifndef SWAPTRACK_LOG_H
#define SWAPTRACK_LOG_H

#define LOG_BUFFER_FLUSH (32 * 1024)
#define LOG_FLUSH_MS 100

void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_access(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* 0, or -1 when the flushing thread could not start (lines are then written at once). */
int log_buffer_start(void);
/* Writes what waits and stops the thread; lines are written at once again. */
void log_buffer_stop(void);

#endif
