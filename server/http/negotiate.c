/* Accept header matching with q values. */
#include "http/negotiate.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

#define RANGES_MAX 64

struct range {
	const char *type; /* "text/csv", or a range of a type or of all: not NUL-terminated */
	size_t len;
	int slash; /* offset of '/' in type */
	int q;     /* thousandths, 0..1000 */
	int order; /* position in the header */
};

/* q per RFC 9110 section 12.4.2: "0", "1", "0.5", "1.000"; -1 when malformed. */
static int parse_q(const char *s, size_t n)
{
	int q, digits = 0;

	if (n == 0 || (s[0] != '0' && s[0] != '1'))
		return -1;
	q = (s[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (s[1] != '.' || n > 5)
		return -1;
	for (size_t i = 2; i < n; i++) {
		int scale = i == 2 ? 100 : i == 3 ? 10 : 1;
		if (s[i] < '0' || s[i] > '9')
			return -1;
		q += (s[i] - '0') * scale;
		digits++;
	}
	return q > 1000 ? -1 : q;
}

static int is_token_char(char c)
{
	return c && !strchr(" \t,;=/\"", c) && (unsigned char)c > 0x20 && (unsigned char)c < 0x7f;
}

/* Parses one range at s (up to the next comma not inside quotes); 0, or -1 when malformed. */
static int parse_range(const char *s, size_t n, struct range *r)
{
	size_t i = 0, t;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	t = i;
	while (i < n && is_token_char(s[i]))
		i++;
	if (i == t || i >= n || s[i] != '/')
		return -1;
	r->slash = (int)(i - t);
	i++;
	if (i >= n || !is_token_char(s[i]))
		return -1;
	while (i < n && is_token_char(s[i]))
		i++;
	r->type = s + t;
	r->len = i - t;
	r->q = 1000;
	/* "*" as the type is allowed only with "*" as the subtype. */
	if (r->slash == 1 && r->type[0] == '*' && !(r->len == 3 && r->type[2] == '*'))
		return -1;
	while (i < n) {
		size_t k, v;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == n)
			break;
		if (s[i] != ';')
			return -1;
		i++;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		k = i;
		while (i < n && is_token_char(s[i]))
			i++;
		if (i == k || i >= n || s[i] != '=')
			return -1;
		v = ++i;
		if (i < n && s[i] == '"') {
			for (i++; i < n && s[i] != '"'; i++)
				if (s[i] == '\\' && i + 1 < n)
					i++;
			if (i >= n)
				return -1;
			i++;
		} else {
			while (i < n && is_token_char(s[i]))
				i++;
		}
		if (v - k - 1 == 1 && (s[k] == 'q' || s[k] == 'Q') && (r->q = parse_q(s + v, i - v)) < 0)
			return -1;
	}
	return 0;
}

/* How specifically r matches offer: 3 exactly, 2 by its type, 1 as the range of all, 0 not at all. */
static int specificity(const struct range *r, const char *offer)
{
	const char *slash = strchr(offer, '/');
	size_t tlen = slash ? (size_t)(slash - offer) : strlen(offer);

	if (r->len == 3 && strncmp(r->type, "*/*", 3) == 0)
		return 1;
	if ((size_t)r->slash != tlen || strncasecmp(r->type, offer, tlen) != 0)
		return 0;
	if (r->len == tlen + 2 && r->type[tlen + 1] == '*')
		return 2;
	return r->len == strlen(offer) && strncasecmp(r->type, offer, r->len) == 0 ? 3 : 0;
}

int negotiate(const char *accept, const char *const *offers)
{
	struct range ranges[RANGES_MAX];
	int nranges = 0, best = -1, best_q = 0, best_spec = 0, best_order = 0;
	const char *s = accept;

	if (!accept || !accept[strspn(accept, " \t,")])
		return offers[0] ? 0 : -1;
	while (*s && nranges < RANGES_MAX) {
		size_t n = 0;
		int quoted = 0;
		while (s[n] && (quoted || s[n] != ',')) {
			if (s[n] == '"')
				quoted = !quoted;
			else if (quoted && s[n] == '\\' && s[n + 1])
				n++;
			n++;
		}
		if (parse_range(s, n, &ranges[nranges]) == 0) {
			ranges[nranges].order = nranges;
			nranges++;
		}
		s += n;
		if (*s == ',')
			s++;
	}
	for (int o = 0; offers[o]; o++) {
		int q = 0, spec = 0, order = 0;
		/* The most specific range that matches decides the offer's q. */
		for (int i = 0; i < nranges; i++) {
			int sp = specificity(&ranges[i], offers[o]);
			if (sp > spec) {
				spec = sp;
				q = ranges[i].q;
				order = ranges[i].order;
			}
		}
		if (q == 0)
			continue;
		if (best < 0 || q > best_q || (q == best_q && spec > best_spec) ||
		    (q == best_q && spec == best_spec && order < best_order)) {
			best = o;
			best_q = q;
			best_spec = spec;
			best_order = order;
		}
	}
	return best;
}
