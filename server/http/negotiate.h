/* Content negotiation (RFC 9110 section 12.5.1): which of the types a route can produce the
 * Accept header prefers, weighing its q values. Pure; unit-tested and fuzzed. */
#ifndef SWAPTRACK_NEGOTIATE_H
#define SWAPTRACK_NEGOTIATE_H

/* The index in offers (NULL-terminated media types such as "text/csv") of the one accept
 * prefers: the highest q; among equals the more specific range (a type and subtype over a type's
 * wildcard over the wildcard of all), then the one the client listed first, then the server's
 * order. NULL or an empty header admits the first offer; a range with q=0 refuses what it
 * matches; a malformed range is ignored. Returns -1 when nothing offered is acceptable. */
int negotiate(const char *accept, const char *const *offers);

#endif
