/* Logging to stderr: one write(2) per line, so lines from worker threads never interleave. */
#ifndef SWAPTRACK_LOG_H
#define SWAPTRACK_LOG_H

void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
