/* libFuzzer: the HTTP layer's parsers of what clients send: Accept (negotiate), address blocks
 * and X-Forwarded-For (client), and the UTF-8 repair and cuts every problem's text goes through.
 * The input is split at its first NUL: an Accept or forwarded value, then the rest. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/client.h"
#include "core/problem.h"
#include "core/utf8.h"
#include "http/negotiate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const offers[] = {"application/json", "text/csv", NULL};
	char *s = malloc(size + 1);
	const char *rest;
	struct buf b = BUF_INIT;
	struct cidr c[2];
	struct sockaddr_in peer = {.sin_family = AF_INET};
	struct problem p = PROBLEM_INIT;
	char out[64], path[16];
	int n, got;

	memcpy(s, data, size);
	s[size] = '\0';
	rest = memchr(data, 0, size) ? s + strlen(s) + 1 : "";
	/* An offer, or nothing acceptable. */
	got = negotiate(s, offers);
	if (got < -1 || got > 1)
		abort();
	/* A block parses to a sane prefix; the peer is trusted, so the header is read. */
	if (client_cidr_parse(s, &c[0]) == 0 && (c[0].bits < 0 || c[0].bits > 128))
		abort();
	client_cidr_parse("127.0.0.0/8", &c[1]);
	inet_pton(AF_INET, "127.0.0.1", &peer.sin_addr);
	{
		const char *fwd[] = {s, rest};
		client_address((struct sockaddr *)&peer, fwd, 2, &c[1], 1, out, sizeof(out));
		if (!memchr(out, 0, sizeof(out)))
			abort();
	}
	/* Repaired text is valid UTF-8; a cut never splits a character. */
	if (utf8_repair(&b, (const char *)data, size) == 0 && b.data && !utf8_valid(b.data))
		abort();
	if (b.data) {
		size_t cut = utf8_cut(b.data, b.len, size / 2);
		if (cut > b.len || (cut < b.len && ((unsigned char)b.data[cut] & 0xC0) == 0x80))
			abort();
	}
	buf_free(&b);
	/* A problem's text from any bytes stays valid, its field names cut whole. */
	problem_set(&p, 400, "%s", s);
	problem_field(&p, s, "%s", rest);
	problem_path(path, sizeof(path), "%s", s);
	if (!utf8_valid(p.detail) || (utf8_valid(s) && !utf8_valid(path)))
		abort();
	n = (int)json_array_size(p.errors);
	if (n != 1)
		abort();
	problem_clear(&p);
	free(s);
	return 0;
}
