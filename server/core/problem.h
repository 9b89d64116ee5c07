/* One error shape: every failure becomes a struct problem, rendered as application/problem+json
 * (RFC 9457). Handlers fill one in and return; the HTTP layer renders it. */
#ifndef SWAPTRACK_PROBLEM_H
#define SWAPTRACK_PROBLEM_H

#include <jansson.h>

struct problem {
	int status;       /* HTTP status; 0 means "no problem" */
	const char *type; /* a URI naming the kind of problem; static string; NULL = about:blank */
	char *title;      /* short and factual; owned */
	char *detail;     /* what happened in this instance; owned; may be NULL */
	json_t *errors;   /* [{"field", "message"}] for validation; owned; may be NULL */
	char *allow;      /* the Allow header of a 405; owned; may be NULL */
	json_t *extra;    /* more members for the body, e.g. "existing_id"; owned; may be NULL */
	size_t nerrors;   /* field errors reported, listed or not (errors keeps PROBLEM_ERRORS_MAX) */
};

#define PROBLEM_INIT \
	{ \
		0, NULL, NULL, NULL, NULL, NULL, NULL, 0 \
	}

/* The field errors listed in one problem; past it they are only counted ("error_count"), so a
 * small body cannot buy a huge answer (a swap naming one person 500 times had 124,750). */
#define PROBLEM_ERRORS_MAX 100

/* Every text a problem carries (detail, field names, messages) is made valid UTF-8 as it is
 * stored: invalid bytes become U+FFFD, and nothing is cut inside a character.
 *
 * Sets status, title (the standard phrase for the status) and a formatted detail. Replaces what
 * the problem held before. Returns -1 so handlers can `return problem_set(...)`. */
int problem_set(struct problem *p, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* 503 "The server is out of memory.", and the thread's note that it ran out (core/oom.h): what
 * the request made so far is neither committed nor sent. Returns -1. */
int problem_oom(struct problem *p);
/* Adds one {"field", "message"} entry (or, past PROBLEM_ERRORS_MAX, counts it); the first one also
 * turns p into a 422 validation problem unless a status is already set. */
void problem_field(struct problem *p, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Adds member (taking value) to the field error just added, when it was listed: a refused
 * quote's "nearest" passage. */
void problem_field_extra(struct problem *p, const char *member, json_t *value);
/* problem_field with the line of an import it concerns: {"line", "field", "message"}. */
void problem_field_line(struct problem *p, long line, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Formats a field path ("releases[2].person_id") into dst, cut to n - 1 bytes if need be (at a
 * character boundary). */
void problem_path(char *dst, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* problem_path(dst, n, "%s%s", a, b) without printf: validation names every field it checks
 * (a tenth of an import's CPU went to formatting those names, measured with perf). */
void problem_path_join(char *dst, size_t n, const char *a, const char *b);
/* Moves what from holds into into, and clears from: into keeps its status, detail and extra
 * members when it has a status, else takes from's; from's field errors are added to into's
 * (within PROBLEM_ERRORS_MAX, the rest counted). For a batch, whose answer is its first failing
 * operation's and names every bad field of all of them. */
void problem_absorb(struct problem *into, struct problem *from);
/* Returns a new reference to the problem+json body. */
json_t *problem_json(const struct problem *p);
void problem_clear(struct problem *p);
/* The reason phrase for an HTTP status, e.g. "Not Found". */
const char *http_status_phrase(int status);

#endif
