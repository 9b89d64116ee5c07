/* The log: "swaptrack: " prefix, one line, one write. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

void log_msg(const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	int n = snprintf(line, sizeof(line), "swaptrack: ");

	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	/* vsnprintf reports what it would have written; a longer line is cut, and marked. */
	if (n > (int)sizeof(line) - 2) {
		n = (int)sizeof(line) - 2;
		line[n - 3] = line[n - 2] = line[n - 1] = '.';
	}
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, (size_t)n) < 0) {
		/* Nowhere left to report a failing stderr. */
	}
}
