/* The log: "swaptrack: " prefix, one line, one write. Every byte that is not printable ASCII is
 * written as \xNN (and a backslash as \x5c), whatever put it there: a path, a method, a header or
 * a database message quoting a client's value can then neither forge or split a line nor reach
 * the terminal as a control sequence. */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#define LINE_MAX_BYTES 2048

void log_msg(const char *fmt, ...)
{
	static const char hex[] = "0123456789abcdef";
	char raw[LINE_MAX_BYTES], line[LINE_MAX_BYTES + 8];
	const char prefix[] = "swaptrack: ";
	va_list ap;
	size_t n = 0;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
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
	if (len >= (int)sizeof(raw) && n + 3 < sizeof(line) - 1 && line[n - 1] != '.') {
		line[n++] = '.';
		line[n++] = '.';
		line[n++] = '.';
	}
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, n) < 0) {
		/* Nowhere left to report a failing stderr. */
	}
}
