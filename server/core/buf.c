/* The growable buffer: doubling growth, always NUL-terminated, failing for good (buf.h). */
#include "core/buf.h"

#include "core/oom.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Any failure: what the buffer held is dropped, and it stays failed. */
static int fail(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 1;
	return -1;
}

static int grow(struct buf *b, size_t extra)
{
	size_t max = b->max ? b->max : BUF_MAX_DEFAULT, need, cap;
	char *p;

	if (b->failed)
		return -1;
	if (extra > max || b->len > max - extra)
		return fail(b);
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > (size_t)-1 / 2 ? need : cap * 2;
	if (cap > max + 1)
		cap = max + 1;
	p = realloc(b->data, cap);
	if (!p) {
		oom_note();
		return fail(b);
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

int buf_append(struct buf *b, const void *data, size_t len)
{
	if (grow(b, len) < 0)
		return -1;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->failed)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return fail(b);
	if (grow(b, (size_t)n) < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int buf_failed(const struct buf *b)
{
	return b->failed;
}

char *buf_steal(struct buf *b)
{
	char *p = b->data;

	if (b->failed)
		p = NULL;
	else if (!p)
		p = calloc(1, 1);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
	return p;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->data)
		b->data[0] = '\0';
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}
