/* A growable byte buffer for building text without fixed arrays or strcat (like curl's dynbuf).
 * Every function returns 0 on success and -1 when memory runs out; after a failure the buffer
 * keeps what it had. The buffer's data is always NUL-terminated once anything was added. */
#ifndef SWAPTRACK_BUF_H
#define SWAPTRACK_BUF_H

#include <stddef.h>

struct buf {
	char *data;   /* owned; NULL until the first append */
	size_t len;   /* bytes used, not counting the terminating NUL */
	size_t cap;   /* bytes allocated */
};

#define BUF_INIT {NULL, 0, 0}

int buf_append(struct buf *b, const void *data, size_t len);
int buf_puts(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the data to the caller (who frees it) and leaves the buffer empty. Never NULL: an empty
 * buffer yields a new empty string, or NULL only when that allocation fails. */
char *buf_steal(struct buf *b);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

#endif
