/* Client addresses and trusted proxies. */
#include "core/client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The address in s as family and bytes; IPv4-mapped IPv6 (::ffff:a.b.c.d) becomes IPv4. */
static int parse_addr(const char *s, int *family, unsigned char addr[16])
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

	if (inet_pton(AF_INET, s, addr) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, addr) != 1)
		return -1;
	*family = AF_INET6;
	if (memcmp(addr, mapped, sizeof(mapped)) == 0) {
		memmove(addr, addr + 12, 4);
		*family = AF_INET;
	}
	return 0;
}

int client_cidr_parse(const char *s, struct cidr *out)
{
	char text[64];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	int max;

	if (n == 0 || n >= sizeof(text))
		return -1;
	memcpy(text, s, n);
	text[n] = '\0';
	memset(out, 0, sizeof(*out));
	if (parse_addr(text, &out->family, out->addr) < 0)
		return -1;
	max = out->family == AF_INET ? 32 : 128;
	out->bits = max;
	if (slash) {
		char *end;
		long bits = strtol(slash + 1, &end, 10);
		if (!slash[1] || *end || bits < 0 || bits > max || (slash[1] == '0' && slash[2]))
			return -1;
		out->bits = (int)bits;
	}
	return 0;
}

static int in_block(int family, const unsigned char *addr, const struct cidr *b)
{
	int full = b->bits / 8, rest = b->bits % 8;

	if (family != b->family || memcmp(addr, b->addr, (size_t)full) != 0)
		return 0;
	return rest == 0 || ((addr[full] ^ b->addr[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

int client_trusted(const char *addr, const struct cidr *blocks, int n)
{
	unsigned char a[16];
	int family;

	if (parse_addr(addr, &family, a) < 0)
		return 0;
	for (int i = 0; i < n; i++)
		if (in_block(family, a, &blocks[i]))
			return 1;
	return 0;
}

static void peer_text(const struct sockaddr *sa, char *out, size_t n)
{
	char addr[INET6_ADDRSTRLEN] = "?";

	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, addr, sizeof(addr));
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, addr, sizeof(addr));
	snprintf(out, n, "%s", addr);
}

/* The trimmed entry list[start, end) into out; "" when it cannot be an address (too long). */
static void entry(const char *list, size_t start, size_t end, char *out, size_t n)
{
	while (start < end && (list[start] == ' ' || list[start] == '\t'))
		start++;
	while (end > start && (list[end - 1] == ' ' || list[end - 1] == '\t'))
		end--;
	if (end - start >= n)
		end = start;
	memcpy(out, list + start, end - start);
	out[end - start] = '\0';
}

void client_address(const struct sockaddr *peer, const char *const *forwarded, int nforwarded,
		    const struct cidr *trusted, int ntrusted, char *out, size_t n)
{
	char hop[INET6_ADDRSTRLEN + 8];
	unsigned char scratch[16];
	int family;

	peer_text(peer, out, n);
	if (!ntrusted || !client_trusted(out, trusted, ntrusted))
		return;
	/* Right to left over every header's entries: each hop a trusted proxy appended, until the
	 * first address no trusted proxy vouches for. */
	for (int i = nforwarded - 1; i >= 0; i--) {
		const char *list = forwarded[i];
		size_t end = strlen(list);
		for (;;) {
			size_t start = end;
			while (start > 0 && list[start - 1] != ',')
				start--;
			entry(list, start, end, hop, sizeof(hop));
			if (!*hop || parse_addr(hop, &family, scratch) < 0)
				return; /* not an address: the hop that added it is the client */
			/* Normalized, so that one client has one spelling (and one rate bucket). */
			if (!inet_ntop(family, scratch, out, (socklen_t)n))
				snprintf(out, n, "%s", hop);
			if (!client_trusted(hop, trusted, ntrusted) || start == 0)
				break;
			end = start - 1;
		}
		if (!client_trusted(out, trusted, ntrusted))
			return;
	}
}
