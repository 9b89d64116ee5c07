/* Validators: a record's ETag, and matching it against If-Match and If-None-Match. */
#include "engine/routes/validators.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash64.h"
#include "core/problem.h"
#include "http/http.h"

/* A record's ETag: its version and a 64-bit hash of its JSON representation,
 * "<version>.<16 hex digits>" in quotes. The hash makes the tag change whenever what a client
 * reads changes (its fields, its children, its embedded citations and the fields of their
 * sources), whichever request or server process changed it; the version keeps the tag readable
 * and is what If-Match has always compared. XXH64, not SHA-256: SHA-256 of a 2 KB record was 12 %
 * of the server's CPU a read (perf); XXH64 costs a twentieth. Any change of the record itself
 * changes the version anyway. */

void etag_record(const char *json, long long version, char tag[ETAG_SIZE])
{
	snprintf(tag, ETAG_SIZE, "\"%lld.%016llx\"", version,
		 (unsigned long long)hash64(json, strlen(json)));
}

int etag_send(struct request *req, const char *json, long long version)
{
	char tag[ETAG_SIZE];

	etag_record(json, version, tag);
	return http_add_header(req, "ETag", tag);
}

/* One entity-tag of a list ("3.9f86...", W/"...", "*") at s; 1 and its parts when there is one,
 * 0 at the end of the list, -1 when malformed. */
static int next_etag(const char **s, int *weak, const char **tag, size_t *len)
{
	const char *p = *s + strspn(*s, " \t,");

	*weak = 0;
	if (!*p)
		return 0;
	if (*p == '*') {
		*tag = p;
		*len = 1;
		*s = p + 1;
		return 1;
	}
	if (p[0] == 'W' && p[1] == '/') {
		*weak = 1;
		p += 2;
	}
	if (*p != '"' || !strchr(p + 1, '"'))
		return -1;
	*tag = p + 1;
	*len = (size_t)(strchr(p + 1, '"') - (p + 1));
	*s = *tag + *len + 1;
	if (**s && !strchr(" \t,", **s))
		return -1;
	return 1;
}

/* Whether the header (If-Match or If-None-Match) names the record whose tag is current
 * (quoted, as record_etag makes it) at version. strong: If-Match's comparison, in which a weak
 * tag never matches, and "<version>" alone is also accepted (as in v1). Returns 1, 0, or -1
 * for a malformed header. */
int etag_matches(const char *header, const char *current, long long version, int strong)
{
	const char *s = header, *tag;
	size_t len, clen = strlen(current) - 2;
	int weak, rc, match = 0;

	while ((rc = next_etag(&s, &weak, &tag, &len)) > 0) {
		if (len == 1 && *tag == '*') {
			match = 1;
		} else if (len == clen && memcmp(tag, current + 1, len) == 0) {
			match |= !(strong && weak);
		} else if (strong && !weak && len > 0 && len < 20 && strspn(tag, "0123456789") == len) {
			match |= strtoll(tag, NULL, 10) == version;
		}
	}
	return rc < 0 ? -1 : match;
}

/* If-Match against the locked record (version, json): 1 when it matches or is absent, 0 when
 * it does not; -1 for a malformed header (then p is a 400). */
int etag_if_match(const char *h, long long version, const char *json, struct problem *p)
{
	char tag[ETAG_SIZE];
	int rc;

	if (!h)
		return 1;
	etag_record(json, version, tag);
	if ((rc = etag_matches(h, tag, version, 1)) < 0)
		problem_set(p, 400,
			    "If-Match must be \"*\", the record's ETag, or its version in quotes "
			    "such as \"3\".");
	return rc;
}
