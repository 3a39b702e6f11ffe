/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * MD5 (RFC 1321) for CHAP-MD5 (RFC 1994) and HMAC-MD5 (RFC 2104) for the
 * AC-Cookie. Written here rather than taken from libcrypto because the
 * libraries are built by one loop whose dependencies are DPDK and the
 * libraries before them; MD5 is small and its RFC test vectors are in the
 * unit tests. MD5 is weak against collisions, not against the uses here
 * (a challenge-response and a keyed MAC).
 */
#include <string.h>

#include "pppoe_priv.h"

static const uint32_t K[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
	0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
	0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
	0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
	0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
	0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

/* Per-round shift amounts, four per round. */
static const uint8_t S[16] = { 7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21 };

static inline uint32_t
rotl(uint32_t x, unsigned int n)
{
	return x << n | x >> (32 - n);
}

static void
md5_block(uint32_t h[4], const uint8_t *p)
{
	uint32_t m[16], a = h[0], b = h[1], c = h[2], d = h[3];

	/* MD5 reads its words little-endian whatever the host. */
	for (unsigned int i = 0; i < 16; i++)
		m[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
		       (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
	for (unsigned int i = 0; i < 64; i++) {
		uint32_t f, t;
		unsigned int g, round = i / 16;

		switch (round) {
		case 0:
			f = (b & c) | (~b & d);
			g = i;
			break;
		case 1:
			f = (d & b) | (~d & c);
			g = (5 * i + 1) % 16;
			break;
		case 2:
			f = b ^ c ^ d;
			g = (3 * i + 5) % 16;
			break;
		default:
			f = c ^ (b | ~d);
			g = (7 * i) % 16;
			break;
		}
		t = d;
		d = c;
		c = b;
		b = b + rotl(a + f + K[i] + m[g], S[round * 4 + i % 4]);
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
}

void
pppoe_md5_init(struct pppoe_md5_ctx *c)
{
	c->h[0] = 0x67452301;
	c->h[1] = 0xefcdab89;
	c->h[2] = 0x98badcfe;
	c->h[3] = 0x10325476;
	c->len = 0;
}

void
pppoe_md5_update(struct pppoe_md5_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t used = (size_t)(c->len % 64);

	c->len += len;
	if (used != 0) {
		size_t take = 64 - used < len ? 64 - used : len;

		memcpy(c->buf + used, p, take);
		p += take;
		len -= take;
		if (used + take < 64)
			return;
		md5_block(c->h, c->buf);
	}
	for (; len >= 64; p += 64, len -= 64)
		md5_block(c->h, p);
	memcpy(c->buf, p, len);
}

void
pppoe_md5_final(struct pppoe_md5_ctx *c, uint8_t digest[PPPOE_MD5_LEN])
{
	static const uint8_t pad[64] = { 0x80 };
	uint64_t bits = c->len * 8;
	size_t used = (size_t)(c->len % 64);
	uint8_t lenb[8];

	for (unsigned int i = 0; i < 8; i++)
		lenb[i] = (uint8_t)(bits >> (8 * i));
	/* Pad to 56 mod 64, then the bit length, little-endian. */
	pppoe_md5_update(c, pad, used < 56 ? 56 - used : 120 - used);
	pppoe_md5_update(c, lenb, 8);
	for (unsigned int i = 0; i < 4; i++) {
		digest[4 * i] = (uint8_t)c->h[i];
		digest[4 * i + 1] = (uint8_t)(c->h[i] >> 8);
		digest[4 * i + 2] = (uint8_t)(c->h[i] >> 16);
		digest[4 * i + 3] = (uint8_t)(c->h[i] >> 24);
	}
}

void
pppoe_md5(const void *data, size_t len, uint8_t digest[PPPOE_MD5_LEN])
{
	struct pppoe_md5_ctx c;

	pppoe_md5_init(&c);
	pppoe_md5_update(&c, data, len);
	pppoe_md5_final(&c, digest);
}

void
pppoe_hmac_md5(const uint8_t key[16], const void *data, size_t len, uint8_t mac[PPPOE_MD5_LEN])
{
	uint8_t pad[64], inner[PPPOE_MD5_LEN];
	struct pppoe_md5_ctx c;

	memset(pad, 0x36, sizeof(pad));
	for (unsigned int i = 0; i < 16; i++)
		pad[i] ^= key[i];
	pppoe_md5_init(&c);
	pppoe_md5_update(&c, pad, sizeof(pad));
	pppoe_md5_update(&c, data, len);
	pppoe_md5_final(&c, inner);
	memset(pad, 0x5c, sizeof(pad));
	for (unsigned int i = 0; i < 16; i++)
		pad[i] ^= key[i];
	pppoe_md5_init(&c);
	pppoe_md5_update(&c, pad, sizeof(pad));
	pppoe_md5_update(&c, inner, sizeof(inner));
	pppoe_md5_final(&c, mac);
}

void
pppoe_chap_md5(uint8_t id, const void *secret, size_t secret_len, const uint8_t *challenge,
	       size_t challenge_len, uint8_t response[PPPOE_MD5_LEN])
{
	struct pppoe_md5_ctx c;

	pppoe_md5_init(&c);
	pppoe_md5_update(&c, &id, 1);
	pppoe_md5_update(&c, secret, secret_len);
	pppoe_md5_update(&c, challenge, challenge_len);
	pppoe_md5_final(&c, response);
}

int
pppoe_chap_md5_check(uint8_t id, const void *secret, size_t secret_len, const uint8_t *challenge,
		     size_t challenge_len, const uint8_t response[PPPOE_MD5_LEN])
{
	uint8_t want[PPPOE_MD5_LEN], diff = 0;

	if (secret == NULL || challenge == NULL || response == NULL)
		return 0;
	pppoe_chap_md5(id, secret, secret_len, challenge, challenge_len, want);
	for (unsigned int i = 0; i < PPPOE_MD5_LEN; i++)
		diff |= (uint8_t)(want[i] ^ response[i]);
	return diff == 0;
}
