/* A growable byte buffer for building text without fixed arrays or strcat (like curl's dynbuf).
 *
 * It cannot lie: every function returns 0 on success and -1 on failure (memory ran out, or the
 * buffer would pass its cap), and a failure is for good. The buffer then frees what it held and
 * stays failed: data NULL, len 0, `failed` set, and every later append fails at once, so a text
 * missing a piece in the middle is never handed on. buf_steal of a failed buffer returns NULL;
 * buf_reset and buf_free make it new again. A caller may append many times and check once at
 * the end (buf_failed, or data NULL, or buf_steal's NULL); what it must not do is use data
 * without that check: out of memory, a server answers 503 and sends or runs nothing built there.
 *
 * The data is always NUL-terminated once anything was added. A buffer holds at most
 * BUF_MAX_DEFAULT bytes (1 GiB, far past any answer the server builds whole: exports and CSV
 * stream in pieces, and the largest single answer, an extraction of a 500,000-character
 * article, is a few MB), or the smaller cap BUF_INIT_MAX gives it. */
#ifndef SWAPTRACK_BUF_H
#define SWAPTRACK_BUF_H

#include <stddef.h>

#define BUF_MAX_DEFAULT ((size_t)1 << 30)

struct buf {
	char *data; /* owned; NULL until the first append, and after a failure */
	size_t len; /* bytes used, not counting the terminating NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* the most bytes it may hold (len); 0: BUF_MAX_DEFAULT */
	int failed; /* an append failed: nothing more is added until buf_reset or buf_free */
};

#define BUF_INIT \
	{ \
		NULL, 0, 0, 0, 0 \
	}
/* A buffer that fails rather than hold more than max bytes. */
#define BUF_INIT_MAX(max) \
	{ \
		NULL, 0, 0, (max), 0 \
	}

int buf_append(struct buf *b, const void *data, size_t len);
int buf_puts(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Whether an append failed since the buffer was last new (BUF_INIT, buf_reset, buf_free). */
int buf_failed(const struct buf *b);
/* Hands the data to the caller (who frees it) and leaves the buffer new. NULL when the buffer
 * failed (or memory ran out for an empty one's ""), never a string missing a piece; an empty
 * buffer that did not fail yields a new empty string. */
char *buf_steal(struct buf *b);
/* Empties the buffer (keeping its memory) and clears a failure. */
void buf_reset(struct buf *b);
/* Frees the data; the buffer is new again (its cap, if any, is kept). */
void buf_free(struct buf *b);

#endif
