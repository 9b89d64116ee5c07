/* problem+json: filling the one error struct and rendering it. */
#include "core/problem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/oom.h"
#include "core/utf8.h"

#define VALIDATION_TYPE "/problems/validation"

const char *http_status_phrase(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 204:
		return "No Content";
	case 304:
		return "Not Modified";
	case 308:
		return "Permanent Redirect";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 406:
		return "Not Acceptable";
	case 409:
		return "Conflict";
	case 411:
		return "Length Required";
	case 412:
		return "Precondition Failed";
	case 413:
		return "Content Too Large";
	case 414:
		return "URI Too Long";
	case 415:
		return "Unsupported Media Type";
	case 422:
		return "Unprocessable Content";
	case 428:
		return "Precondition Required";
	case 429:
		return "Too Many Requests";
	case 431:
		return "Request Header Fields Too Large";
	case 500:
		return "Internal Server Error";
	case 501:
		return "Not Implemented";
	case 503:
		return "Service Unavailable";
	default:
		return "Error";
	}
}

/* The formatted text as valid UTF-8 (a path or a value quoted from the request may hold any
 * byte); malloc'd, or NULL when memory ran out. */
static char *vformat(const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	va_list aq;
	char *s;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || !(s = malloc((size_t)n + 1))) {
		oom_note(); /* a problem without its text would say less than it should */
		return NULL;
	}
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	if (utf8_valid(s))
		return s;
	if (utf8_repair(&b, s, (size_t)n) < 0) {
		buf_free(&b);
		free(s);
		return NULL;
	}
	free(s);
	return buf_steal(&b);
}

static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *format(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vformat(fmt, ap);
	va_end(ap);
	return s;
}

int problem_set(struct problem *p, int status, const char *fmt, ...)
{
	va_list ap;

	free(p->title);
	free(p->detail);
	p->status = status;
	p->title = strdup(http_status_phrase(status));
	if (!p->title)
		oom_note();
	p->detail = NULL;
	if (fmt) {
		va_start(ap, fmt);
		p->detail = vformat(fmt, ap);
		va_end(ap);
	}
	return -1;
}

int problem_oom(struct problem *p)
{
	oom_note();
	return problem_set(p, 503, "The server is out of memory.");
}

void problem_field(struct problem *p, const char *field, const char *fmt, ...)
{
	va_list ap;
	char *msg, *name;

	if (!p->errors)
		p->errors = json_array();
	if (!p->status) {
		problem_set(p, 422, "The request body has invalid fields; see errors.");
		p->type = VALIDATION_TYPE;
	}
	if (++p->nerrors > PROBLEM_ERRORS_MAX)
		return;
	va_start(ap, fmt);
	msg = vformat(fmt, ap);
	va_end(ap);
	name = format("%s", field);
	json_array_append_new(p->errors, json_pack("{s:s, s:s}", "field", name ? name : "?", "message",
						   msg ? msg : "invalid"));
	free(name);
	free(msg);
}

void problem_field_extra(struct problem *p, const char *member, json_t *value)
{
	size_t n = p->errors ? json_array_size(p->errors) : 0;

	if (n && p->nerrors <= PROBLEM_ERRORS_MAX && value)
		json_object_set_new(json_array_get(p->errors, n - 1), member, value);
	else
		json_decref(value);
}

void problem_field_line(struct problem *p, long line, const char *field, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vformat(fmt, ap);
	va_end(ap);
	problem_field(p, field, "%s", msg ? msg : "invalid");
	free(msg);
	if (p->nerrors <= PROBLEM_ERRORS_MAX)
		json_object_set_new(json_array_get(p->errors, json_array_size(p->errors) - 1), "line",
				    json_integer(line));
}

void problem_path(char *dst, size_t n, const char *fmt, ...)
{
	va_list ap;

	char *full;
	size_t len;
	int need;

	if (n == 0)
		return;
	va_start(ap, fmt);
	need = vsnprintf(dst, n, fmt, ap);
	va_end(ap);
	if (need >= 0 && (size_t)need < n)
		return; /* it fit: the common case, without an allocation */
	/* Cut: formatted whole again, then cut between characters. */
	va_start(ap, fmt);
	full = vformat(fmt, ap);
	va_end(ap);
	len = full ? utf8_cut(full, strlen(full), n - 1) : 0;
	memcpy(dst, full ? full : "", len);
	dst[len] = '\0';
	free(full);
}

void problem_path_join(char *dst, size_t n, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (n == 0)
		return;
	if (la > n - 1)
		la = n - 1;
	if (lb > n - 1 - la)
		lb = n - 1 - la;
	la = utf8_cut(a, strlen(a), la);
	lb = utf8_cut(b, strlen(b), lb);
	memcpy(dst, a, la);
	memcpy(dst + la, b, lb);
	dst[la + lb] = '\0';
}

json_t *problem_json(const struct problem *p)
{
	int status = p->status ? p->status : 500;
	json_t *o = json_pack("{s:s, s:s, s:i}", "type", p->type ? p->type : "about:blank", "title",
			      p->title ? p->title : http_status_phrase(status), "status", status);

	if (o && p->detail)
		json_object_set_new(o, "detail", json_string(p->detail));
	if (o && p->errors) {
		json_object_set(o, "errors", p->errors);
		/* How many there were in all: more than errors lists when past the cap. */
		json_object_set_new(o, "error_count", json_integer((json_int_t)p->nerrors));
	}
	if (o && p->extra)
		json_object_update_missing(o, p->extra);
	return o;
}

void problem_absorb(struct problem *into, struct problem *from)
{
	size_t i;
	json_t *e;

	if (!into->status && from->status) {
		into->status = from->status;
		into->type = from->type;
		free(into->title);
		free(into->detail);
		into->title = from->title;
		into->detail = from->detail;
		from->title = from->detail = NULL;
		json_decref(into->extra);
		into->extra = from->extra;
		from->extra = NULL;
	}
	json_array_foreach(from->errors, i, e) {
		if (!into->errors)
			into->errors = json_array();
		if (++into->nerrors <= PROBLEM_ERRORS_MAX)
			json_array_append(into->errors, e);
	}
	/* Errors from counted past its own list, unlisted. */
	if (from->nerrors > json_array_size(from->errors))
		into->nerrors += from->nerrors - json_array_size(from->errors);
	problem_clear(from);
}

void problem_clear(struct problem *p)
{
	free(p->title);
	free(p->detail);
	free(p->allow);
	json_decref(p->errors);
	json_decref(p->extra);
	memset(p, 0, sizeof(*p));
}
