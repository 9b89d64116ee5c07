/* Who a client is, as far as the network says: its address, or, behind a reverse proxy that
 * --trusted-proxy names, the address that proxy saw (X-Forwarded-For). Only a connection from a
 * trusted address may speak for another, so the header cannot be spoofed from outside. */
#ifndef SWAPTRACK_CLIENT_H
#define SWAPTRACK_CLIENT_H

#include <stddef.h>
#include <sys/socket.h>

/* An address block, IPv4 or IPv6 ("10.0.0.0/8", "::1", "192.0.2.7"). */
struct cidr {
	int family;             /* AF_INET or AF_INET6 */
	unsigned char addr[16]; /* network byte order; 4 bytes used for IPv4 */
	int bits;               /* prefix length */
};

/* Parses "ADDR" or "ADDR/BITS"; 0, or -1 when it is neither. */
int client_cidr_parse(const char *s, struct cidr *out);
/* 1 when the address (text, IPv4 or IPv6; IPv4-mapped IPv6 counts as IPv4) is in one of the n
 * blocks. */
int client_trusted(const char *addr, const struct cidr *blocks, int n);

/* The client's address as text into out (INET6_ADDRSTRLEN bytes at least), from the peer's
 * socket address and the X-Forwarded-For values (in the order received; may be 0 of them).
 * With the peer trusted, the list is read from the right and the first address not itself
 * trusted is the client; an entry that is not an address ends the walk at the hop that added
 * it. An untrusted peer is the client, whatever the header says. */
void client_address(const struct sockaddr *peer, const char *const *forwarded, int nforwarded,
		    const struct cidr *trusted, int ntrusted, char *out, size_t n);

#endif
