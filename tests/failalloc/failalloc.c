/* Allocation failure on demand, for tests/http/test_alloc.c: linked into
 * build/tests/swaptrack-failalloc (the program itself, from the same objects) with
 * -Wl,--wrap=malloc,... so that every allocation the server's own code makes goes through here,
 * and Jansson's too (the server gives Jansson its own allocator, core/oom.c, which calls malloc).
 * What libc, libpq and libmicrohttpd allocate inside themselves is not counted.
 *
 * A request that carries X-Fail-Alloc: N arms its thread (server/http/http.c calls
 * swaptrack_alloc_arm when the request begins and swaptrack_alloc_disarm when it has ended): the
 * Nth allocation the thread makes from then on fails, as malloc fails (NULL, errno ENOMEM), and
 * every other one succeeds. N = 0 fails none. At the end the request logs how many it made
 * ("failalloc: 412 allocations, #17 failed"), which is how the test learns how far to count. The
 * test server serves one connection at a time, so that what its thread does meanwhile is that
 * request's. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
int __real_vasprintf(char **out, const char *fmt, va_list ap);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
int __wrap_vasprintf(char **out, const char *fmt, va_list ap);
int __wrap_asprintf(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void swaptrack_alloc_arm(const char *fail_at);
void swaptrack_alloc_disarm(void);

static _Thread_local int armed;
static _Thread_local long fail_at, count;

/* Whether this allocation is the one to fail. */
static int fails(void)
{
	if (!armed || ++count != fail_at)
		return 0;
	errno = ENOMEM;
	return 1;
}

void *__wrap_malloc(size_t n)
{
	return fails() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fails() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fails() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return fails() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return fails() ? NULL : __real_strndup(s, n);
}

/* On failure *out is left as it was: asprintf promises nothing of it then. */
int __wrap_vasprintf(char **out, const char *fmt, va_list ap)
{
	return fails() ? -1 : __real_vasprintf(out, fmt, ap);
}

int __wrap_asprintf(char **out, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (fails())
		return -1;
	va_start(ap, fmt);
	n = __real_vasprintf(out, fmt, ap);
	va_end(ap);
	return n;
}

void swaptrack_alloc_arm(const char *value)
{
	char *end;
	long n;

	armed = 0;
	if (!value)
		return;
	errno = 0;
	n = strtol(value, &end, 10);
	if (errno || end == value || *end || n < 0)
		return;
	fail_at = n;
	count = 0;
	armed = 1;
}

void swaptrack_alloc_disarm(void)
{
	if (!armed)
		return;
	armed = 0;
	if (fail_at && count >= fail_at)
		fprintf(stderr, "failalloc: %ld allocations, #%ld failed\n", count, fail_at);
	else
		fprintf(stderr, "failalloc: %ld allocations, none failed\n", count);
}
