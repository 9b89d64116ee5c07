/* Validators (RFC 9110 section 8.8): a record's ETag, and the conditions that compare with it. */
#ifndef SWAPTRACK_VALIDATORS_H
#define SWAPTRACK_VALIDATORS_H

struct problem;
struct request;

/* A record's ETag: its version and a 64-bit hash of its JSON representation,
 * "<version>.<16 hex digits>" in quotes. The hash makes the tag change whenever what a client
 * reads changes (its fields, its children, its embedded citations and the fields of their
 * sources), whichever request or server process changed it; the version keeps the tag readable
 * and is what If-Match has always compared. XXH64, not SHA-256: SHA-256 of a 2 KB record was 12 %
 * of the server's CPU a read (perf); XXH64 costs a twentieth. Any change of the record itself
 * changes the version anyway. */
#define ETAG_SIZE 48

/* The ETag of a record read as json at version, quotes included, into tag. */
void etag_record(const char *json, long long version, char tag[ETAG_SIZE]);
/* Adds the ETag header of that record to the answer; 0, or -1 when memory ran out. */
int etag_send(struct request *req, const char *json, long long version);
/* Whether the header (If-Match: strong, If-None-Match: weak comparison) names the current tag
 * (or, for If-Match, the bare version in quotes, as v1 promised): 1, 0, or -1 when malformed. */
int etag_matches(const char *header, const char *current, long long version, int strong);
/* If-Match (the header's value h, or a batch operation's if_match) against a locked record
 * (version, json): 1 when it matches or h is NULL, 0 when it does not; -1 for a malformed one
 * (then p is a 400). */
int etag_if_match(const char *h, long long version, const char *json, struct problem *p);

#endif
