/* The route table: matching a method and path to a row, and the 404/405 answers when none fits. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "http/http.h"

/* Compares one pattern with a path. Returns 1 on a match and fills params (malloc'd copies), 0
 * when it does not match, -1 when memory ran out for a copy. */
static int match(const char *pattern, const char *path, char *params[ROUTE_MAX_PARAMS], int *nparams)
{
	const char *p = pattern, *s = path;
	int n = 0;

	while (*p && *s) {
		if (p[0] == '*' && p[1] == '\0')
			goto matched;
		if (*p == '{') {
			const char *end = strchr(s, '/');
			size_t len = end ? (size_t)(end - s) : strlen(s);
			if (len == 0 || n == ROUTE_MAX_PARAMS)
				goto no;
			params[n] = strndup(s, len);
			if (!params[n]) {
				while (n > 0)
					free(params[--n]);
				return -1;
			}
			n++;
			s += len;
			p = strchr(p, '}') + 1;
			continue;
		}
		if (*p != *s)
			goto no;
		p++;
		s++;
	}
	if (*s == '\0' && (*p == '\0' || (p[0] == '*' && p[1] == '\0')))
		goto matched;
no:
	while (n > 0)
		free(params[--n]);
	return 0;
matched:
	*nparams = n;
	return 1;
}

static int same_method(const char *route_method, const char *method)
{
	if (strcmp(route_method, method) == 0)
		return 1;
	/* HEAD is GET without the body; libmicrohttpd drops the body for us. */
	return strcmp(method, "HEAD") == 0 && strcmp(route_method, "GET") == 0;
}

static void allow_add(struct buf *allow, const char *method)
{
	/* Patterns can repeat a method (a literal and a "{x}" row); list it once. */
	const char *at = allow->data;
	size_t n = strlen(method);

	while (at && (at = strstr(at, method))) {
		if ((at == allow->data || at[-1] == ' ') && (at[n] == ',' || at[n] == '\0'))
			return;
		at += n;
	}
	if (allow->len)
		buf_puts(allow, ", ");
	buf_puts(allow, method);
	if (strcmp(method, "GET") == 0)
		allow_add(allow, "HEAD");
}

const struct route *route_match(const struct route *routes, const char *method, const char *path,
				char *params[ROUTE_MAX_PARAMS], int *nparams, struct problem *p)
{
	struct buf allow = BUF_INIT;
	const struct route *r;

	for (r = routes; r->method; r++) {
		char *tmp[ROUTE_MAX_PARAMS];
		int n = 0, matched = match(r->pattern, path, tmp, &n);

		if (matched < 0)
			break; /* out of memory: no 404 for a path that may have a route */
		if (!matched)
			continue;
		if (same_method(r->method, method)) {
			memcpy(params, tmp, sizeof(tmp[0]) * (size_t)n);
			*nparams = n;
			buf_free(&allow);
			return r;
		}
		while (n > 0)
			free(tmp[--n]);
		allow_add(&allow, r->method);
	}
	*nparams = 0;
	if (allow.len)
		allow_add(&allow, "OPTIONS");
	if (r->method || buf_failed(&allow)) {
		problem_oom(p);
	} else if (allow.len) {
		problem_set(p, 405, "%s is not allowed on %s; see the Allow header.", method, path);
		p->allow = buf_steal(&allow);
	} else {
		problem_set(p, 404, "There is nothing at %s.", path);
	}
	buf_free(&allow);
	return NULL;
}

int route_table_check(const struct route *routes)
{
	for (const struct route *r = routes; r->method; r++) {
		const char *p = r->pattern;
		int braces = 0;

		if (p[0] != '/' || !r->handler) {
			log_msg("route %s %s: a pattern starts with / and has a handler", r->method, p);
			return -1;
		}
		for (; *p; p++) {
			if (*p == '{') {
				const char *close = strchr(p, '}');
				if (!close || close == p + 1 || (close[1] && close[1] != '/') ||
				    ++braces > ROUTE_MAX_PARAMS) {
					log_msg("route %s %s: bad parameter", r->method, r->pattern);
					return -1;
				}
				p = close;
			} else if (*p == '*' && p[1] != '\0') {
				log_msg("route %s %s: * must end the pattern", r->method, r->pattern);
				return -1;
			}
		}
		for (const struct route *q = routes; q != r; q++)
			if (strcmp(q->method, r->method) == 0 && strcmp(q->pattern, r->pattern) == 0) {
				log_msg("route %s %s appears twice", r->method, r->pattern);
				return -1;
			}
	}
	return 0;
}
