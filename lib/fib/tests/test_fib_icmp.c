/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of the router's own ICMP (lib/fib/fib_icmp.c) and of the L3
 * checks of fib_route(): which packets may be answered with an error
 * (RFC 1812 4.3.2.7, RFC 4443 2.4(e)); every field of IPv4 and IPv6 errors,
 * their checksums computed here from scratch, the quote limits (576 / 1280
 * bytes in all), multi-segment originals, refusals (-EINVAL) and lack of
 * headroom (-ENOSPC); echo replies (fields, checksums for every sequence
 * number, refusals); and fib_route()'s result for each check in the order
 * route, local, TTL, neighbor, MTU.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_ip.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "bng_parse.h"
#include "bng_test.h"
#include "fib.h"
#include "fib_icmp.h"

const char bng_test_name[] = "fib_icmp";

#define SOCK ((int)rte_socket_id())
#define MAXF 2048

static const uint8_t SRC6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };
static const uint8_t DST6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9 };
static const uint8_t ROUTER6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
#define SRC4 T_IP4(10, 0, 0, 2)
#define DST4 T_IP4(203, 0, 113, 9)
#define ROUTER4 T_IP4(10, 0, 0, 1)

/* ---------------------------------------------------------------------------
 * Helpers: checksums computed here, frames, mbufs
 */

/* One's-complement sum of @p n bytes (big-endian words), folded, not inverted. */
static uint32_t
sum_be(const uint8_t *p, size_t n, uint32_t s)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

/* Does @p n bytes (checksum field included) verify: sum 0xffff? */
static int
cksum_ok(const uint8_t *p, size_t n)
{
	return sum_be(p, n, 0) == 0xffff;
}

/* The same with the IPv6 pseudo-header of an upper-layer packet of @p n bytes. */
static int
cksum6_ok(const uint8_t *src, const uint8_t *dst, uint8_t nh, const uint8_t *p, size_t n)
{
	uint8_t ph[40];

	memcpy(ph, src, 16);
	memcpy(ph + 16, dst, 16);
	t_put32(ph + 32, (uint32_t)n);
	ph[36] = ph[37] = ph[38] = 0;
	ph[39] = nh;
	return sum_be(p, n, sum_be(ph, sizeof(ph), 0)) == 0xffff;
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

/* The whole packet, all segments, copied to @p out. @return its length. */
static uint32_t
flat(const struct rte_mbuf *m, uint8_t *out)
{
	uint32_t n = 0;

	for (const struct rte_mbuf *s = m; s != NULL; s = s->next) {
		memcpy(out + n, rte_pktmbuf_mtod(s, const uint8_t *), s->data_len);
		n += s->data_len;
	}
	return n;
}

/* The chain is consistent: pkt_len = sum of data_len, nb_segs = count. */
static int
chain_ok(const struct rte_mbuf *m)
{
	uint32_t len = 0;
	uint16_t n = 0;

	for (const struct rte_mbuf *s = m; s != NULL; s = s->next) {
		len += s->data_len;
		n++;
	}
	return len == m->pkt_len && n == m->nb_segs;
}

static void
fill(uint8_t *p, uint32_t n, uint8_t seed)
{
	for (uint32_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

/*
 * An IPv4 datagram of @p size bytes in all (UDP unless @p proto says
 * otherwise: its first 8 payload bytes are then an L4 header of zeros),
 * TTL @p ttl, TOS @p tos, fragment field @p frag. @return its length.
 */
static uint16_t
ip4_dgram(uint8_t *p, uint32_t src, uint32_t dst, uint16_t size, uint8_t ttl, uint8_t tos,
	  uint16_t frag, uint8_t proto)
{
	uint16_t o = t_ipv4(p, proto, src, dst, (uint16_t)(size - 20));

	p[1] = tos;
	p[8] = ttl;
	t_put16(p + 4, 0x4d2);
	t_put16(p + 6, frag);
	fill(p + o, (uint16_t)(size - o), (uint8_t)size);
	if (proto == IPPROTO_UDP && !(frag & 0x1fff))
		t_udp(p + o, 1000, 33434, (uint16_t)(size - o - 8));
	t_ipv4_fix(p);
	return size;
}

/* An IPv6 datagram of @p size bytes in all: UDP (or @p nh with zeroed L4). */
static uint16_t
ip6_dgram(uint8_t *p, const uint8_t *src, const uint8_t *dst, uint16_t size, uint8_t hops,
	  uint8_t nh)
{
	t_ipv6(p, nh, src, dst, (uint16_t)(size - 40));
	p[7] = hops;
	/* traffic class 0xb8, flow label 0x12345: the error must not copy them */
	p[0] = 0x6b;
	p[1] = 0x81;
	p[2] = 0x23;
	p[3] = 0x45;
	fill(p + 40, (uint16_t)(size - 40), (uint8_t)size);
	if (nh == IPPROTO_UDP)
		t_udp(p + 40, 1000, 33434, (uint16_t)(size - 48));
	return size;
}

/* Frame = Ethernet + @p l3 (@p len bytes). */
static uint16_t
frame(uint8_t *f, const uint8_t *l3, uint16_t len)
{
	uint16_t o = t_eth(f, (l3[0] >> 4) == 6 ? 0x86dd : 0x0800);

	memcpy(f + o, l3, len);
	return (uint16_t)(o + len);
}

/* An mbuf with @p headroom bytes of headroom holding @p len bytes of @p data. */
static struct rte_mbuf *
mbuf_headroom(const uint8_t *data, uint16_t len, uint16_t headroom)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(bng_test_pool());

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	m->data_off = headroom;
	CU_ASSERT_PTR_NOT_NULL_FATAL(rte_pktmbuf_append(m, len));
	memcpy(rte_pktmbuf_mtod(m, uint8_t *), data, len);
	memset(bng_desc(m), 0, sizeof(struct bng_desc));
	return m;
}

/* An mbuf of @p len bytes, parsed (must parse cleanly). */
static struct rte_mbuf *
parsed(const uint8_t *f, uint16_t len)
{
	struct rte_mbuf *m = bng_test_mbuf(f, len);

	CU_ASSERT_EQUAL_FATAL(bng_parse(m, bng_desc(m)), BNG_DROP_NONE);
	return m;
}

/*
 * A chain of segments holding frame @p f: the first @p first bytes, then
 * pieces of @p rest bytes (the last one shorter). Parsed.
 */
static struct rte_mbuf *
chained(const uint8_t *f, uint16_t len, uint16_t first, uint16_t rest)
{
	struct rte_mbuf *m = bng_test_mbuf(f, first);

	for (uint16_t off = first; off < len; off = (uint16_t)(off + rest)) {
		uint16_t n = (uint16_t)RTE_MIN(rest, len - off);
		struct rte_mbuf *s = rte_pktmbuf_alloc(bng_test_pool());

		CU_ASSERT_PTR_NOT_NULL_FATAL(s);
		memcpy(rte_pktmbuf_append(s, n), f + off, n);
		CU_ASSERT_EQUAL_FATAL(rte_pktmbuf_chain(m, s), 0);
	}
	CU_ASSERT_EQUAL_FATAL(m->pkt_len, len);
	CU_ASSERT_EQUAL_FATAL(bng_parse(m, bng_desc(m)), BNG_DROP_NONE);
	return m;
}

static int
allowed(const uint8_t *f, uint16_t len)
{
	struct rte_mbuf *m = parsed(f, len);
	int r = fib_icmp_error_allowed(m, bng_desc(m));

	rte_pktmbuf_free(m);
	return r;
}

/* ---------------------------------------------------------------------------
 * fib_icmp_error_allowed()
 */

static int
allowed4_from(uint32_t src)
{
	uint8_t l3[64], f[128];

	return allowed(f, frame(f, l3, ip4_dgram(l3, src, DST4, 40, 1, 0, 0, IPPROTO_UDP)));
}

static int
allowed6_from(const char *src)
{
	uint8_t a[16], l3[128], f[160];

	CU_ASSERT_FATAL(inet_pton(AF_INET6, src, a) == 1);
	return allowed(f, frame(f, l3, ip6_dgram(l3, a, DST6, 60, 1, IPPROTO_UDP)));
}

static void
test_allowed_sources(void)
{
	/* Unicast sources: yes. */
	CU_ASSERT_EQUAL(allowed4_from(SRC4), 1);
	CU_ASSERT_EQUAL(allowed4_from(T_IP4(1, 0, 0, 1)), 1);
	CU_ASSERT_EQUAL(allowed4_from(T_IP4(126, 255, 255, 255)), 1);
	CU_ASSERT_EQUAL(allowed4_from(T_IP4(128, 0, 0, 1)), 1);
	CU_ASSERT_EQUAL(allowed4_from(T_IP4(223, 255, 255, 254)), 1);
	/* "this network", loopback, multicast, reserved, limited broadcast: no. */
	CU_ASSERT_EQUAL(allowed4_from(0), 0);
	CU_ASSERT_EQUAL(allowed4_from(T_IP4(0, 1, 2, 3)), 0);
	CU_ASSERT_EQUAL(allowed4_from(T_IP4(127, 0, 0, 1)), 0);
	CU_ASSERT_EQUAL(allowed4_from(T_IP4(127, 255, 0, 9)), 0);
	CU_ASSERT_EQUAL(allowed4_from(T_IP4(224, 0, 0, 5)), 0);
	CU_ASSERT_EQUAL(allowed4_from(T_IP4(239, 1, 2, 3)), 0);
	CU_ASSERT_EQUAL(allowed4_from(T_IP4(240, 0, 0, 1)), 0);
	CU_ASSERT_EQUAL(allowed4_from(T_IP4(255, 255, 255, 255)), 0);

	CU_ASSERT_EQUAL(allowed6_from("2001:db8:10::2"), 1);
	CU_ASSERT_EQUAL(allowed6_from("fe80::1"), 1);
	CU_ASSERT_EQUAL(allowed6_from("::"), 0);
	CU_ASSERT_EQUAL(allowed6_from("ff02::1"), 0);
	CU_ASSERT_EQUAL(allowed6_from("ff0e::1:2"), 0);
}

static void
test_allowed_kinds(void)
{
	uint8_t l3[256], f[300], q[64];
	uint16_t n, o;

	/* An ICMP error (quoting a datagram) is never answered ... */
	n = ip4_dgram(q, DST4, SRC4, 28, 64, 0, 0, IPPROTO_UDP);
	o = t_ipv4(l3, IPPROTO_ICMP, SRC4, DST4, (uint16_t)(8 + n));
	o = (uint16_t)(o + t_icmp(l3 + o, 3, 3, 0, 0));
	memcpy(l3 + o, q, n);
	CU_ASSERT_EQUAL(allowed(f, frame(f, l3, (uint16_t)(o + n))), 0);
	/* ... nor a time exceeded ... */
	l3[20] = 11;
	l3[21] = 0;
	CU_ASSERT_EQUAL(allowed(f, frame(f, l3, (uint16_t)(o + n))), 0);
	/* ... but an echo request is. */
	o = t_ipv4(l3, IPPROTO_ICMP, SRC4, DST4, 8);
	t_icmp(l3 + o, 8, 0, 1, 1);
	CU_ASSERT_EQUAL(allowed(f, frame(f, l3, 28)), 1);

	/* ICMPv6 errors (types 1-4): no; echo request: yes. */
	for (uint8_t t = 1; t <= 4; t++) {
		t_ipv6(l3, IPPROTO_ICMPV6, SRC6, DST6, (uint16_t)(8 + 48));
		t_icmp(l3 + 40, t, 0, 0, 0);
		t_ipv6(l3 + 48, IPPROTO_UDP, DST6, SRC6, 8);
		t_udp(l3 + 88, 1, 2, 0);
		CU_ASSERT_EQUAL(allowed(f, frame(f, l3, 96)), 0);
	}
	t_ipv6(l3, IPPROTO_ICMPV6, SRC6, DST6, 8);
	t_icmp(l3 + 40, 128, 0, 1, 1);
	CU_ASSERT_EQUAL(allowed(f, frame(f, l3, 48)), 1);

	/* Fragments: the first one is answered, a later one never. */
	n = ip4_dgram(l3, SRC4, DST4, 100, 1, 0, RTE_IPV4_HDR_MF_FLAG, IPPROTO_UDP);
	CU_ASSERT_EQUAL(allowed(f, frame(f, l3, n)), 1);
	n = ip4_dgram(l3, SRC4, DST4, 100, 1, 0, RTE_IPV4_HDR_MF_FLAG | 10, IPPROTO_UDP);
	CU_ASSERT_EQUAL(allowed(f, frame(f, l3, n)), 0);
	n = ip4_dgram(l3, SRC4, DST4, 100, 1, 0, 10, IPPROTO_UDP);
	CU_ASSERT_EQUAL(allowed(f, frame(f, l3, n)), 0);
	t_ipv6(l3, IPPROTO_FRAGMENT, SRC6, DST6, 8 + 16);
	t_ip6_frag(l3 + 40, IPPROTO_UDP, 0, 1);
	t_udp(l3 + 48, 1, 2, 200);
	CU_ASSERT_EQUAL(allowed(f, frame(f, l3, 72)), 1);
	t_ip6_frag(l3 + 40, IPPROTO_UDP, 5, 1);
	CU_ASSERT_EQUAL(allowed(f, frame(f, l3, 72)), 0);

	/* Not IP. */
	{
		struct rte_mbuf *m;

		memset(f, 0, 60);
		n = t_eth(f, 0x0806);
		t_put16(f + n, 1);
		t_put16(f + n + 2, 0x0800);
		f[n + 4] = 6;
		f[n + 5] = 4;
		t_put16(f + n + 6, 1);
		m = parsed(f, 60);
		CU_ASSERT_EQUAL(bng_desc(m)->kind, BNG_PKT_ARP);
		CU_ASSERT_EQUAL(fib_icmp_error_allowed(m, bng_desc(m)), 0);
		rte_pktmbuf_free(m);
	}
}

/* ---------------------------------------------------------------------------
 * fib_icmp_error(): IPv4
 */

/*
 * Check an IPv4 error made from original @p orig (@p olen bytes, as
 * received): every field, both checksums, the quote, the descriptor.
 */
static void
check_err4(struct rte_mbuf *m, const uint8_t *orig, uint16_t olen, uint8_t type, uint8_t code,
	   uint32_t info, uint16_t id)
{
	const struct bng_desc *d = bng_desc(m);
	uint16_t q = RTE_MIN(olen, FIB_ICMP4_ERR_MAX - 28);
	uint8_t b[MAXF];
	uint32_t n;

	CU_ASSERT_FATAL(chain_ok(m));
	n = flat(m, b);
	CU_ASSERT_EQUAL_FATAL(n, 14u + 28u + q);
	CU_ASSERT_EQUAL(get16(b + 12), 0x0800);
	/* IP header */
	CU_ASSERT_EQUAL(b[14], 0x45);
	CU_ASSERT_EQUAL(b[15], (orig[1] & 0x1e) | 0xc0);
	CU_ASSERT_EQUAL(get16(b + 16), 28 + q);
	CU_ASSERT_EQUAL(get16(b + 18), id);
	CU_ASSERT_EQUAL(get16(b + 20), 0); /* no DF, no MF, offset 0 */
	CU_ASSERT_EQUAL(b[22], 64);
	CU_ASSERT_EQUAL(b[23], IPPROTO_ICMP);
	CU_ASSERT_EQUAL(get32(b + 26), ROUTER4);
	CU_ASSERT_EQUAL(memcmp(b + 30, orig + 12, 4), 0); /* to the original source */
	CU_ASSERT(cksum_ok(b + 14, 20));
	/* ICMP */
	CU_ASSERT_EQUAL(b[34], type);
	CU_ASSERT_EQUAL(b[35], code);
	CU_ASSERT_EQUAL(get16(b + 38), 0);
	CU_ASSERT_EQUAL(get16(b + 40), (uint16_t)info);
	CU_ASSERT(cksum_ok(b + 34, 8u + q));
	CU_ASSERT_EQUAL(memcmp(b + 42, orig, q), 0);
	CU_ASSERT(n <= 14 + FIB_ICMP4_ERR_MAX);
	/* descriptor */
	CU_ASSERT_EQUAL(d->kind, BNG_PKT_IPV4);
	CU_ASSERT_EQUAL(d->l3_off, 14);
	CU_ASSERT_EQUAL(d->l4_off, 34);
	CU_ASSERT_EQUAL(d->l3_len, 28 + q);
	CU_ASSERT_EQUAL(d->ip_proto, IPPROTO_ICMP);
	CU_ASSERT_EQUAL(d->n_vlan, 0);
	CU_ASSERT_EQUAL(d->flags & (BNG_DF_FRAG | BNG_DF_FRAG_LATER | BNG_DF_PPPOE), 0);
}

static void
test_err4_fields(void)
{
	uint8_t l3[MAXF], f[MAXF];
	const uint8_t src[4] = { 10, 0, 0, 1 };
	struct rte_mbuf *m;
	uint16_t n;

	n = ip4_dgram(l3, SRC4, DST4, 100, 1, 0xff, RTE_IPV4_HDR_DF_FLAG, IPPROTO_UDP);
	m = parsed(f, frame(f, l3, n));
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), src, 11, 0, 0, 0x1234), 0);
	check_err4(m, l3, n, 11, 0, 0, 0x1234);
	rte_pktmbuf_free(m);

	/* Fragmentation needed: the next-hop MTU in the low half of word 2. */
	m = parsed(f, frame(f, l3, n));
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), src, 3, 4, 1400, 0), 0);
	check_err4(m, l3, n, 3, 4, 1400, 0);
	CU_ASSERT_EQUAL(get32(rte_pktmbuf_mtod_offset(m, uint8_t *, 38)), 1400);
	rte_pktmbuf_free(m);
	m = parsed(f, frame(f, l3, n));
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), src, 3, 4, 0x12345678, 0xffff), 0);
	check_err4(m, l3, n, 3, 4, 0x5678, 0xffff);
	rte_pktmbuf_free(m);

	/* Unreachable (net, administratively prohibited): word 2 is zero. */
	m = parsed(f, frame(f, l3, n));
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), src, 3, 13, 0, 7), 0);
	check_err4(m, l3, n, 3, 13, 0, 7);
	rte_pktmbuf_free(m);

	/* TCP and ICMP echo originals. */
	n = t_tcp4_frame(f, SRC4, 1234, DST4, 80, 0x02);
	memcpy(l3, f + 14, (size_t)(n - 14));
	m = parsed(f, n);
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), src, 11, 0, 0, 1), 0);
	check_err4(m, l3, (uint16_t)(n - 14), 11, 0, 0, 1);
	rte_pktmbuf_free(m);
	n = t_ipv4(l3, IPPROTO_ICMP, SRC4, DST4, 8);
	n = (uint16_t)(n + t_icmp(l3 + n, 8, 0, 0x77, 1));
	m = parsed(f, frame(f, l3, n));
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), src, 11, 0, 0, 2), 0);
	check_err4(m, l3, n, 11, 0, 0, 2);
	rte_pktmbuf_free(m);
}

static void
test_err4_tos(void)
{
	const uint8_t src[4] = { 10, 0, 0, 1 };
	unsigned int bad = 0;

	/* Precedence internetwork control, the TOS bits kept, ECN cleared. */
	for (unsigned int tos = 0; tos < 256; tos++) {
		uint8_t l3[64], f[128];
		uint16_t n = ip4_dgram(l3, SRC4, DST4, 40, 1, (uint8_t)tos, 0, IPPROTO_UDP);
		struct rte_mbuf *m = parsed(f, frame(f, l3, n));

		bad += fib_icmp_error(m, bng_desc(m), src, 11, 0, 0, 0) != 0 ||
		       rte_pktmbuf_mtod(m, uint8_t *)[15] != ((tos & 0x1e) | 0xc0) ||
		       !cksum_ok(rte_pktmbuf_mtod_offset(m, uint8_t *, 14), 20);
		rte_pktmbuf_free(m);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void
test_err4_quote_limits(void)
{
	static const uint16_t sizes[] = { 28, 40, 547, 548, 549, 576, 1400, 1500 };
	const uint8_t src[4] = { 10, 0, 0, 1 };

	for (unsigned int i = 0; i < RTE_DIM(sizes); i++) {
		uint8_t l3[MAXF], f[MAXF];
		uint16_t n = ip4_dgram(l3, SRC4, DST4, sizes[i], 0, 0, 0, IPPROTO_UDP);
		struct rte_mbuf *m = parsed(f, frame(f, l3, n));

		CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), src, 11, 0, 0, (uint16_t)i), 0);
		check_err4(m, l3, n, 11, 0, 0, (uint16_t)i);
		CU_ASSERT_EQUAL(m->pkt_len, 14u + RTE_MIN(28u + sizes[i], 576u));
		rte_pktmbuf_free(m);
	}
}

static void
test_err4_layer2(void)
{
	const uint8_t src[4] = { 10, 0, 0, 1 };
	uint8_t l3[MAXF], f[MAXF];
	struct rte_mbuf *m;
	uint16_t n, o;

	/* Ethernet padding is not quoted. */
	n = ip4_dgram(l3, SRC4, DST4, 29, 1, 0, 0, IPPROTO_UDP);
	o = frame(f, l3, n);
	memset(f + o, 0xaa, (size_t)(60 - o));
	m = parsed(f, 60);
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), src, 11, 0, 0, 0), 0);
	check_err4(m, l3, n, 11, 0, 0, 0);
	rte_pktmbuf_free(m);

	/* One and two VLAN tags: the error is plain Ethernet. */
	for (int tags = 1; tags <= 2; tags++) {
		o = t_eth(f, tags == 2 ? 0x88a8 : 0x8100);
		if (tags == 2)
			o = (uint16_t)(o + t_vlan(f + o, 200, 0x8100));
		o = (uint16_t)(o + t_vlan(f + o, 100, 0x0800));
		n = ip4_dgram(l3, SRC4, DST4, 700, 1, 0x10, 0, IPPROTO_UDP);
		memcpy(f + o, l3, n);
		m = parsed(f, (uint16_t)(o + n));
		CU_ASSERT_EQUAL(bng_desc(m)->n_vlan, tags);
		CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), src, 11, 0, 0, 9), 0);
		check_err4(m, l3, n, 11, 0, 0, 9);
		rte_pktmbuf_free(m);
	}

	/* Options: quoted as received; the error itself has none. */
	n = t_ipv4_opts(l3, IPPROTO_UDP, SRC4, DST4, 8 + 10, 8);
	t_udp(l3 + n, 5, 6, 10);
	fill(l3 + n + 8, 10, 3);
	l3[8] = 1;
	t_ipv4_fix(l3);
	n = (uint16_t)(n + 18);
	m = parsed(f, frame(f, l3, n));
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), src, 11, 0, 0, 0), 0);
	check_err4(m, l3, n, 11, 0, 0, 0);
	rte_pktmbuf_free(m);
}

static void
test_err4_multiseg(void)
{
	const uint8_t src[4] = { 10, 0, 0, 1 };
	struct rte_mempool *mp = bng_test_pool();
	uint8_t l3[MAXF], f[MAXF];
	struct rte_mbuf *m;
	unsigned int avail;
	uint16_t n, len;

	/* 14 + 1400 bytes in 214 / 600 / 600: the quote (548) ends in the second. */
	n = ip4_dgram(l3, SRC4, DST4, 1400, 1, 0, 0, IPPROTO_UDP);
	len = frame(f, l3, n);
	m = chained(f, len, 214, 600);
	CU_ASSERT_EQUAL(m->nb_segs, 3);
	avail = rte_mempool_avail_count(mp);
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), src, 11, 0, 0, 5), 0);
	check_err4(m, l3, n, 11, 0, 0, 5);
	CU_ASSERT_EQUAL(m->nb_segs, 2);
	CU_ASSERT_EQUAL(m->data_len, 14 + 28 + 200);
	CU_ASSERT_EQUAL(m->next->data_len, 348);
	CU_ASSERT_PTR_NULL(m->next->next);
	CU_ASSERT_EQUAL(rte_mempool_avail_count(mp), avail + 1); /* the third freed */
	rte_pktmbuf_free(m);

	/* The quote ends exactly where the first segment does. */
	m = chained(f, len, 14 + 548, 400);
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), src, 11, 0, 0, 6), 0);
	check_err4(m, l3, n, 11, 0, 0, 6);
	rte_pktmbuf_free(m);

	/* A short datagram over two segments: nothing cut. */
	n = ip4_dgram(l3, SRC4, DST4, 300, 1, 0, 0, IPPROTO_UDP);
	len = frame(f, l3, n);
	m = chained(f, len, 100, 300);
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), src, 11, 0, 0, 7), 0);
	check_err4(m, l3, n, 11, 0, 0, 7);
	CU_ASSERT_EQUAL(m->nb_segs, 2);
	rte_pktmbuf_free(m);
}

/* fib_icmp_error() refuses and leaves the packet as it was. */
static void
refused(const uint8_t *f, uint16_t len, const uint8_t *src)
{
	struct rte_mbuf *m = parsed(f, len);
	struct bng_desc before = *bng_desc(m);
	uint16_t off = m->data_off;

	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), src, 11, 0, 0, 0), -EINVAL);
	CU_ASSERT_EQUAL(m->pkt_len, len);
	CU_ASSERT_EQUAL(m->data_off, off);
	CU_ASSERT_EQUAL(memcmp(rte_pktmbuf_mtod(m, uint8_t *), f, len), 0);
	CU_ASSERT_EQUAL(memcmp(&before, bng_desc(m), sizeof(before)), 0);
	rte_pktmbuf_free(m);
}

static void
test_err4_einval(void)
{
	const uint8_t src[4] = { 10, 0, 0, 1 };
	static const uint32_t bad_src[] = { 0, T_IP4(127, 0, 0, 1), T_IP4(224, 0, 0, 5),
					    T_IP4(255, 255, 255, 255) };
	uint8_t l3[MAXF], f[MAXF], q[64];
	uint16_t n, o;

	/* about an ICMP error */
	n = ip4_dgram(q, DST4, SRC4, 28, 64, 0, 0, IPPROTO_UDP);
	o = t_ipv4(l3, IPPROTO_ICMP, SRC4, DST4, (uint16_t)(8 + n));
	o = (uint16_t)(o + t_icmp(l3 + o, 11, 0, 0, 0));
	memcpy(l3 + o, q, n);
	l3[8] = 1;
	t_ipv4_fix(l3);
	refused(f, frame(f, l3, (uint16_t)(o + n)), src);
	/* about a later fragment */
	n = ip4_dgram(l3, SRC4, DST4, 100, 1, 0, RTE_IPV4_HDR_MF_FLAG | 100, IPPROTO_UDP);
	refused(f, frame(f, l3, n), src);
	/* about a packet from a source that is not a unicast host */
	for (unsigned int i = 0; i < RTE_DIM(bad_src); i++) {
		n = ip4_dgram(l3, bad_src[i], DST4, 60, 1, 0, 0, IPPROTO_UDP);
		refused(f, frame(f, l3, n), src);
	}
}

static void
test_err4_enospc(void)
{
	const uint8_t src[4] = { 10, 0, 0, 1 };
	uint8_t l3[MAXF], f[MAXF];
	struct rte_mbuf *m;
	uint16_t n = ip4_dgram(l3, SRC4, DST4, 100, 1, 0, 0, IPPROTO_UDP);
	uint16_t len = frame(f, l3, n);

	/* 14 + 28 bytes must precede the quote: 28 more than the frame has. */
	m = mbuf_headroom(f, len, 27);
	CU_ASSERT_EQUAL_FATAL(bng_parse(m, bng_desc(m)), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), src, 11, 0, 0, 0), -ENOSPC);
	rte_pktmbuf_free(m);
	m = mbuf_headroom(f, len, 28);
	CU_ASSERT_EQUAL_FATAL(bng_parse(m, bng_desc(m)), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), src, 11, 0, 0, 0), 0);
	CU_ASSERT_EQUAL(m->data_off, 0);
	check_err4(m, l3, n, 11, 0, 0, 0);
	rte_pktmbuf_free(m);
	/* A tagged frame brings 4 bytes of its own. */
	{
		uint16_t o = t_eth(f, 0x8100);

		o = (uint16_t)(o + t_vlan(f + o, 7, 0x0800));
		memcpy(f + o, l3, n);
		m = mbuf_headroom(f, (uint16_t)(o + n), 24);
		CU_ASSERT_EQUAL_FATAL(bng_parse(m, bng_desc(m)), BNG_DROP_NONE);
		CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), src, 11, 0, 0, 0), 0);
		check_err4(m, l3, n, 11, 0, 0, 0);
		rte_pktmbuf_free(m);
		m = mbuf_headroom(f, (uint16_t)(o + n), 23);
		CU_ASSERT_EQUAL_FATAL(bng_parse(m, bng_desc(m)), BNG_DROP_NONE);
		CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), src, 11, 0, 0, 0), -ENOSPC);
		rte_pktmbuf_free(m);
	}
}

/*
 * The per-packet trace flag is not a property of the headers: bngd's
 * refusal path (bngd_l3_refuse) records the ICMP event and finishes the
 * packet's trace record after fib_icmp_error(), so the flag must survive.
 */
static void
test_err_trace_flag(void)
{
	const uint8_t src[4] = { 10, 0, 0, 1 };
	uint8_t l3[MAXF], f[MAXF];
	struct rte_mbuf *m;
	uint16_t n;

	n = ip4_dgram(l3, SRC4, DST4, 100, 1, 0, 0, IPPROTO_UDP);
	m = parsed(f, frame(f, l3, n));
	bng_desc(m)->flags |= BNG_DF_TRACE;
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), src, 11, 0, 0, 0), 0);
	CU_ASSERT(bng_desc(m)->flags & BNG_DF_TRACE);
	rte_pktmbuf_free(m);
	n = ip6_dgram(l3, SRC6, DST6, 100, 1, IPPROTO_UDP);
	m = parsed(f, frame(f, l3, n));
	bng_desc(m)->flags |= BNG_DF_TRACE;
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), ROUTER6, 3, 0, 0, 0), 0);
	CU_ASSERT(bng_desc(m)->flags & BNG_DF_TRACE);
	rte_pktmbuf_free(m);
}

/* ---------------------------------------------------------------------------
 * fib_icmp_error(): IPv6
 */

static void
check_err6(struct rte_mbuf *m, const uint8_t *orig, uint16_t olen, uint8_t type, uint8_t code,
	   uint32_t info)
{
	const struct bng_desc *d = bng_desc(m);
	uint16_t q = RTE_MIN(olen, FIB_ICMP6_ERR_MAX - 48);
	uint8_t b[MAXF];
	uint32_t n;

	CU_ASSERT_FATAL(chain_ok(m));
	n = flat(m, b);
	CU_ASSERT_EQUAL_FATAL(n, 14u + 48u + q);
	CU_ASSERT_EQUAL(get16(b + 12), 0x86dd);
	/* version 6, traffic class 0, flow label 0 */
	CU_ASSERT_EQUAL(get32(b + 14), 0x60000000);
	CU_ASSERT_EQUAL(get16(b + 18), 8 + q);
	CU_ASSERT_EQUAL(b[20], IPPROTO_ICMPV6);
	CU_ASSERT_EQUAL(b[21], 64);
	CU_ASSERT_EQUAL(memcmp(b + 22, ROUTER6, 16), 0);
	CU_ASSERT_EQUAL(memcmp(b + 38, orig + 8, 16), 0);
	CU_ASSERT_EQUAL(b[54], type);
	CU_ASSERT_EQUAL(b[55], code);
	CU_ASSERT_EQUAL(get32(b + 58), info);
	CU_ASSERT(cksum6_ok(b + 22, b + 38, IPPROTO_ICMPV6, b + 54, 8u + q));
	CU_ASSERT_EQUAL(memcmp(b + 62, orig, q), 0);
	CU_ASSERT(n <= 14 + FIB_ICMP6_ERR_MAX);
	CU_ASSERT_EQUAL(d->kind, BNG_PKT_IPV6);
	CU_ASSERT_EQUAL(d->l3_off, 14);
	CU_ASSERT_EQUAL(d->l4_off, 54);
	CU_ASSERT_EQUAL(d->l3_len, 48 + q);
	CU_ASSERT_EQUAL(d->ip_proto, IPPROTO_ICMPV6);
	CU_ASSERT_EQUAL(d->n_vlan, 0);
	CU_ASSERT_EQUAL(d->flags & (BNG_DF_FRAG | BNG_DF_FRAG_LATER | BNG_DF_PPPOE |
				    BNG_DF_IP_OPTS), 0);
}

static void
test_err6_fields(void)
{
	uint8_t l3[MAXF], f[MAXF];
	struct rte_mbuf *m;
	uint16_t n = ip6_dgram(l3, SRC6, DST6, 120, 1, IPPROTO_UDP);

	m = parsed(f, frame(f, l3, n));
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), ROUTER6, 3, 0, 0, 0x5555), 0);
	check_err6(m, l3, n, 3, 0, 0);
	rte_pktmbuf_free(m);
	/* Packet too big: the MTU fills the 32-bit second word. */
	m = parsed(f, frame(f, l3, n));
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), ROUTER6, 2, 0, 1400, 0), 0);
	check_err6(m, l3, n, 2, 0, 1400);
	rte_pktmbuf_free(m);
	m = parsed(f, frame(f, l3, n));
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), ROUTER6, 2, 0, 0x00012345, 0), 0);
	check_err6(m, l3, n, 2, 0, 0x00012345);
	rte_pktmbuf_free(m);
	/* No route, administratively prohibited. */
	m = parsed(f, frame(f, l3, n));
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), ROUTER6, 1, 1, 0, 0), 0);
	check_err6(m, l3, n, 1, 1, 0);
	rte_pktmbuf_free(m);
	/* TCP, echo request, and an extension header (quoted as it was). */
	n = t_tcp6_frame(f, SRC6, 1, DST6, 80, 0x02);
	memcpy(l3, f + 14, (size_t)(n - 14));
	m = parsed(f, n);
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), ROUTER6, 3, 0, 0, 0), 0);
	check_err6(m, l3, (uint16_t)(n - 14), 3, 0, 0);
	rte_pktmbuf_free(m);
	t_ipv6(l3, IPPROTO_ICMPV6, SRC6, DST6, 8);
	t_icmp(l3 + 40, 128, 0, 7, 7);
	m = parsed(f, frame(f, l3, 48));
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), ROUTER6, 3, 0, 0, 0), 0);
	check_err6(m, l3, 48, 3, 0, 0);
	rte_pktmbuf_free(m);
	t_ipv6(l3, IPPROTO_DSTOPTS, SRC6, DST6, 8 + 8 + 4);
	t_ip6_opts8(l3 + 40, IPPROTO_UDP);
	t_udp(l3 + 48, 1, 2, 4);
	memcpy(l3 + 56, "data", 4);
	m = parsed(f, frame(f, l3, 60));
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), ROUTER6, 3, 0, 0, 0), 0);
	check_err6(m, l3, 60, 3, 0, 0);
	rte_pktmbuf_free(m);
}

static void
test_err6_quote_limits(void)
{
	static const uint16_t sizes[] = { 48, 100, 1231, 1232, 1233, 1280, 1400, 1500 };

	for (unsigned int i = 0; i < RTE_DIM(sizes); i++) {
		uint8_t l3[MAXF], f[MAXF];
		uint16_t n = ip6_dgram(l3, SRC6, DST6, sizes[i], 0, IPPROTO_UDP);
		struct rte_mbuf *m = parsed(f, frame(f, l3, n));

		CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), ROUTER6, 3, 0, 0, 0), 0);
		check_err6(m, l3, n, 3, 0, 0);
		CU_ASSERT_EQUAL(m->pkt_len, 14u + RTE_MIN(48u + sizes[i], 1280u));
		rte_pktmbuf_free(m);
	}
}

static void
test_err6_multiseg(void)
{
	struct rte_mempool *mp = bng_test_pool();
	uint8_t l3[MAXF], f[MAXF];
	struct rte_mbuf *m;
	unsigned int avail;
	uint16_t n = ip6_dgram(l3, SRC6, DST6, 1500, 1, IPPROTO_UDP);
	uint16_t len = frame(f, l3, n);

	/* 14 + 1500 in 100 / 700 / 700 / 14: the quote (1232) ends in the third. */
	m = chained(f, len, 100, 700);
	CU_ASSERT_EQUAL(m->nb_segs, 4);
	avail = rte_mempool_avail_count(mp);
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), ROUTER6, 2, 0, 1400, 0), 0);
	check_err6(m, l3, n, 2, 0, 1400);
	CU_ASSERT_EQUAL(m->nb_segs, 3);
	CU_ASSERT_EQUAL(m->data_len, 14 + 48 + 86);
	CU_ASSERT_EQUAL(m->next->next->data_len, 1232 - 86 - 700);
	CU_ASSERT_EQUAL(rte_mempool_avail_count(mp), avail + 1);
	rte_pktmbuf_free(m);
}

static void
test_err6_einval(void)
{
	uint8_t l3[MAXF], f[MAXF], a[16];
	uint16_t n;

	/* about an ICMPv6 error */
	t_ipv6(l3, IPPROTO_ICMPV6, SRC6, DST6, (uint16_t)(8 + 48));
	t_icmp(l3 + 40, 1, 4, 0, 0);
	t_ipv6(l3 + 48, IPPROTO_UDP, DST6, SRC6, 8);
	t_udp(l3 + 88, 1, 2, 0);
	l3[7] = 1;
	refused(f, frame(f, l3, 96), ROUTER6);
	/* about a later fragment */
	t_ipv6(l3, IPPROTO_FRAGMENT, SRC6, DST6, 8 + 16);
	t_ip6_frag(l3 + 40, IPPROTO_UDP, 3, 1);
	l3[7] = 1;
	memset(l3 + 48, 0x11, 16);
	refused(f, frame(f, l3, 64), ROUTER6);
	/* from :: and from a multicast address */
	memset(a, 0, sizeof(a));
	n = ip6_dgram(l3, a, DST6, 60, 1, IPPROTO_UDP);
	refused(f, frame(f, l3, n), ROUTER6);
	CU_ASSERT_FATAL(inet_pton(AF_INET6, "ff02::1", a) == 1);
	n = ip6_dgram(l3, a, DST6, 60, 1, IPPROTO_UDP);
	refused(f, frame(f, l3, n), ROUTER6);
}

static void
test_err6_enospc(void)
{
	uint8_t l3[MAXF], f[MAXF];
	struct rte_mbuf *m;
	uint16_t n = ip6_dgram(l3, SRC6, DST6, 100, 1, IPPROTO_UDP);
	uint16_t len = frame(f, l3, n);

	/* 14 + 48 bytes must precede the quote: 48 more than the frame has. */
	m = mbuf_headroom(f, len, 47);
	CU_ASSERT_EQUAL_FATAL(bng_parse(m, bng_desc(m)), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), ROUTER6, 3, 0, 0, 0), -ENOSPC);
	rte_pktmbuf_free(m);
	m = mbuf_headroom(f, len, 48);
	CU_ASSERT_EQUAL_FATAL(bng_parse(m, bng_desc(m)), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(fib_icmp_error(m, bng_desc(m), ROUTER6, 3, 0, 0, 0), 0);
	CU_ASSERT_EQUAL(m->data_off, 0);
	check_err6(m, l3, n, 3, 0, 0);
	rte_pktmbuf_free(m);
}

/* ---------------------------------------------------------------------------
 * fib_icmp_echo_reply()
 */

/* IPv4 echo request with @p data_len bytes of data; checksums set. */
static uint16_t
echo4(uint8_t *l3, uint16_t seq, uint16_t data_len, uint16_t frag)
{
	uint16_t n = t_ipv4(l3, IPPROTO_ICMP, SRC4, ROUTER4, (uint16_t)(8 + data_len));
	uint16_t ck;

	l3[1] = 0x10;
	t_put16(l3 + 4, 0x4321);
	t_put16(l3 + 6, frag);
	l3[8] = 5;
	t_ipv4_fix(l3);
	t_icmp(l3 + n, 8, 0, 0xbeef, seq);
	fill(l3 + n + 8, data_len, (uint8_t)seq);
	ck = (uint16_t)~sum_be(l3 + n, 8u + data_len, 0);
	t_put16(l3 + n + 2, ck);
	return (uint16_t)(n + 8 + data_len);
}

static uint16_t
echo6(uint8_t *l3, uint16_t seq, uint16_t data_len)
{
	uint8_t ph[40];

	t_ipv6(l3, IPPROTO_ICMPV6, SRC6, ROUTER6, (uint16_t)(8 + data_len));
	l3[1] = 0x0a; /* flow label bits: kept */
	l3[7] = 3;
	t_icmp(l3 + 40, 128, 0, 0xbeef, seq);
	fill(l3 + 48, data_len, (uint8_t)seq);
	memcpy(ph, SRC6, 16);
	memcpy(ph + 16, ROUTER6, 16);
	t_put32(ph + 32, 8u + data_len);
	memset(ph + 36, 0, 3);
	ph[39] = IPPROTO_ICMPV6;
	t_put16(l3 + 42, (uint16_t)~sum_be(l3 + 40, 8u + data_len, sum_be(ph, 40, 0)));
	return (uint16_t)(48 + data_len);
}

/* Check the reply @p m made from request @p req (@p n bytes). @return failures. */
static unsigned int
check_echo4(struct rte_mbuf *m, const uint8_t *req, uint16_t n)
{
	uint8_t b[MAXF];
	unsigned int bad = 0;

	bad += !chain_ok(m) || flat(m, b) != 14u + n;
	bad += memcmp(b + 14, req, 8) != 0;                 /* ver..flags, id */
	bad += b[14 + 8] != 64 || b[14 + 9] != IPPROTO_ICMP;
	bad += memcmp(b + 14 + 12, req + 16, 4) != 0 || memcmp(b + 14 + 16, req + 12, 4) != 0;
	bad += !cksum_ok(b + 14, 20);
	bad += b[34] != 0 || b[35] != 0;
	bad += memcmp(b + 38, req + 24, (size_t)(n - 24)) != 0; /* id, seq, data */
	bad += !cksum_ok(b + 34, (size_t)(n - 20));
	return bad;
}

static void
test_echo4(void)
{
	uint8_t l3[MAXF], f[MAXF];
	struct rte_mbuf *m;
	uint16_t n, len;

	n = echo4(l3, 1, 56, RTE_IPV4_HDR_DF_FLAG);
	m = parsed(f, frame(f, l3, n));
	CU_ASSERT_EQUAL(fib_icmp_echo_reply(m, bng_desc(m)), 0);
	CU_ASSERT_EQUAL(check_echo4(m, l3, n), 0);
	CU_ASSERT_EQUAL(rte_pktmbuf_mtod(m, uint8_t *)[15], 0x10);
	CU_ASSERT_EQUAL(get16(rte_pktmbuf_mtod_offset(m, uint8_t *, 20)), RTE_IPV4_HDR_DF_FLAG);
	CU_ASSERT_EQUAL(get16(rte_pktmbuf_mtod_offset(m, uint8_t *, 18)), 0x4321);
	rte_pktmbuf_free(m);

	/* Ethernet padding goes. */
	n = echo4(l3, 2, 0, 0);
	len = frame(f, l3, n);
	memset(f + len, 0x55, (size_t)(60 - len));
	m = parsed(f, 60);
	CU_ASSERT_EQUAL(fib_icmp_echo_reply(m, bng_desc(m)), 0);
	CU_ASSERT_EQUAL(check_echo4(m, l3, n), 0);
	rte_pktmbuf_free(m);

	/* A full-size request over two segments. */
	n = echo4(l3, 3, 1472, 0);
	len = frame(f, l3, n);
	m = chained(f, len, 300, 900);
	CU_ASSERT_EQUAL(fib_icmp_echo_reply(m, bng_desc(m)), 0);
	CU_ASSERT_EQUAL(check_echo4(m, l3, n), 0);
	rte_pktmbuf_free(m);
}

/* Every sequence number: the incremental update always leaves a valid checksum. */
static void
test_echo4_every_checksum(void)
{
	unsigned int bad = 0;

	for (uint32_t seq = 0; seq < 65536; seq++) {
		uint8_t l3[64], f[128];
		uint16_t n = echo4(l3, (uint16_t)seq, 4, 0);
		struct rte_mbuf *m = parsed(f, frame(f, l3, n));

		bad += fib_icmp_echo_reply(m, bng_desc(m)) != 0 || check_echo4(m, l3, n) != 0;
		rte_pktmbuf_free(m);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static unsigned int
check_echo6(struct rte_mbuf *m, const uint8_t *req, uint16_t n)
{
	uint8_t b[MAXF];
	unsigned int bad = 0;

	bad += !chain_ok(m) || flat(m, b) != 14u + n;
	bad += memcmp(b + 14, req, 7) != 0; /* version, class, flow label, length, next */
	bad += b[14 + 7] != 64;
	bad += memcmp(b + 22, req + 24, 16) != 0 || memcmp(b + 38, req + 8, 16) != 0;
	bad += b[54] != 129 || b[55] != 0;
	bad += memcmp(b + 58, req + 44, (size_t)(n - 44)) != 0;
	bad += !cksum6_ok(b + 22, b + 38, IPPROTO_ICMPV6, b + 54, (size_t)(n - 40));
	return bad;
}

static void
test_echo6(void)
{
	unsigned int bad = 0;
	uint8_t l3[MAXF], f[MAXF];
	struct rte_mbuf *m;
	uint16_t n;

	n = echo6(l3, 9, 1000);
	m = parsed(f, frame(f, l3, n));
	CU_ASSERT_EQUAL(fib_icmp_echo_reply(m, bng_desc(m)), 0);
	CU_ASSERT_EQUAL(check_echo6(m, l3, n), 0);
	rte_pktmbuf_free(m);
	for (uint32_t seq = 0; seq < 65536; seq++) {
		n = echo6(l3, (uint16_t)seq, 4);
		m = parsed(f, frame(f, l3, n));
		bad += fib_icmp_echo_reply(m, bng_desc(m)) != 0 || check_echo6(m, l3, n) != 0;
		rte_pktmbuf_free(m);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static int
echo_refused(const uint8_t *f, uint16_t len)
{
	struct rte_mbuf *m = parsed(f, len);
	int r = fib_icmp_echo_reply(m, bng_desc(m));

	rte_pktmbuf_free(m);
	return r;
}

static void
test_echo_einval(void)
{
	uint8_t l3[MAXF], f[MAXF];
	uint16_t n;

	/* fragments of an echo request: the first, a later one */
	n = echo4(l3, 1, 100, RTE_IPV4_HDR_MF_FLAG);
	CU_ASSERT_EQUAL(echo_refused(f, frame(f, l3, n)), -EINVAL);
	n = echo4(l3, 1, 100, 20);
	CU_ASSERT_EQUAL(echo_refused(f, frame(f, l3, n)), -EINVAL);
	/* other ICMP: echo reply, timestamp, unreachable; code not 0 */
	n = echo4(l3, 1, 8, 0);
	l3[20] = 0;
	CU_ASSERT_EQUAL(echo_refused(f, frame(f, l3, n)), -EINVAL);
	l3[20] = 13;
	CU_ASSERT_EQUAL(echo_refused(f, frame(f, l3, n)), -EINVAL);
	l3[20] = 8;
	l3[21] = 1;
	CU_ASSERT_EQUAL(echo_refused(f, frame(f, l3, n)), -EINVAL);
	/* UDP */
	n = ip4_dgram(l3, SRC4, ROUTER4, 40, 64, 0, 0, IPPROTO_UDP);
	CU_ASSERT_EQUAL(echo_refused(f, frame(f, l3, n)), -EINVAL);
	/* IPv6: echo reply, an error, UDP, a fragment */
	n = echo6(l3, 1, 8);
	l3[40] = 129;
	CU_ASSERT_EQUAL(echo_refused(f, frame(f, l3, n)), -EINVAL);
	l3[40] = 135;
	CU_ASSERT_EQUAL(echo_refused(f, frame(f, l3, n)), -EINVAL);
	n = ip6_dgram(l3, SRC6, ROUTER6, 60, 64, IPPROTO_UDP);
	CU_ASSERT_EQUAL(echo_refused(f, frame(f, l3, n)), -EINVAL);
	t_ipv6(l3, IPPROTO_FRAGMENT, SRC6, ROUTER6, 8 + 16);
	t_ip6_frag(l3 + 40, IPPROTO_ICMPV6, 0, 1);
	t_icmp(l3 + 48, 128, 0, 1, 1);
	memset(l3 + 56, 0, 8);
	CU_ASSERT_EQUAL(echo_refused(f, frame(f, l3, 64)), -EINVAL);
}

/* ---------------------------------------------------------------------------
 * fib_route(): the L3 checks in order
 */

static const struct rte_ether_addr MAC_GW = { { 0x02, 0, 0, 0, 0x20, 0x02 } };

struct route_env {
	struct fib *f;
	int gw, local, conn, hole, prohibit, gw6, local6, vrf1;
};

static int
nh_add(struct fib *f, uint16_t port, uint8_t flags, uint32_t vrf)
{
	struct fib_nh n;

	memset(&n, 0, sizeof(n));
	n.port = port;
	n.flags = flags;
	n.vrf = vrf;
	if (flags & FIB_NH_RESOLVED)
		n.dmac = MAC_GW;
	return fib_nh_add(f, &n);
}

static void
route_add(struct fib *f, uint32_t vrf, const char *prefix, uint8_t depth, int nh)
{
	uint8_t a[16];
	int v6 = strchr(prefix, ':') != NULL;

	CU_ASSERT_FATAL(inet_pton(v6 ? AF_INET6 : AF_INET, prefix, a) == 1);
	CU_ASSERT_EQUAL_FATAL(fib_route_add(f, vrf, v6, a, depth, (uint32_t)nh), 0);
}

static void
route_setup(struct route_env *e)
{
	struct fib_config c;
	struct fib *f;
	uint8_t a4[4], a6[16];

	fib_config_defaults(&c);
	c.max_routes = 64;
	c.max_nh = 32;
	c.tbl8s = 16;
	f = fib_create("route", SOCK, &c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	e->f = f;
	/* port 0: access, MTU 1500; port 1: core, MTU 1400; port 2: no limit */
	t_put32(a4, ROUTER4);
	fib_port_l3_set(f, 0, 1500, a4, ROUTER6);
	t_put32(a4, T_IP4(198, 51, 100, 1));
	CU_ASSERT_FATAL(inet_pton(AF_INET6, "2001:db8:20::1", a6) == 1);
	fib_port_l3_set(f, 1, 1400, a4, a6);
	fib_port_l3_set(f, 2, 0, NULL, NULL);
	CU_ASSERT_EQUAL(f->port[1].mtu, 1400);
	CU_ASSERT_EQUAL(f->port[1].has4, 1);
	CU_ASSERT_EQUAL(f->port[2].has4, 0);
	CU_ASSERT_EQUAL(f->port[2].has6, 0);
	CU_ASSERT_EQUAL(f->port[0].addr4, rte_cpu_to_be_32(ROUTER4));

	e->gw = nh_add(f, 1, FIB_NH_RESOLVED, 0);
	e->local = nh_add(f, 0, FIB_NH_LOCAL, 0);
	e->conn = nh_add(f, 0, FIB_NH_CONNECTED, 0);
	e->hole = nh_add(f, 0, FIB_NH_DROP, 0);
	e->prohibit = nh_add(f, 0, FIB_NH_PROHIBIT, 0);
	e->gw6 = nh_add(f, 1, FIB_NH_RESOLVED | FIB_NH_V6, 0);
	e->local6 = nh_add(f, 0, FIB_NH_LOCAL | FIB_NH_V6, 0);
	e->vrf1 = nh_add(f, 2, FIB_NH_RESOLVED, 1);
	route_add(f, 0, "203.0.113.0", 24, e->gw);
	route_add(f, 0, "10.0.0.1", 32, e->local);
	route_add(f, 0, "10.0.0.0", 24, e->conn);
	route_add(f, 0, "198.18.0.0", 15, e->hole);
	route_add(f, 0, "192.0.2.0", 24, e->prohibit);
	route_add(f, 0, "2001:db8:ffff::", 48, e->gw6);
	route_add(f, 0, "2001:db8:10::1", 128, e->local6);
	route_add(f, 0, "2001:db8:98::", 48, e->hole);
	route_add(f, 0, "2001:db8:99::", 48, e->prohibit);
	route_add(f, 1, "203.0.113.0", 24, e->vrf1);
	CU_ASSERT_EQUAL(fib_tenant_vrf_set(f, 5, 1), 0);
}

/* fib_route() on an IPv4 packet; @p nh and @p l3flags out. */
static enum bng_drop
route4(struct route_env *e, const char *dst, uint16_t size, uint8_t ttl, uint16_t frag,
       uint16_t tenant, uint32_t *nh, uint8_t *l3flags)
{
	uint8_t l3[MAXF], f[MAXF], a[4];
	struct rte_mbuf *m;
	enum bng_drop r;

	CU_ASSERT_FATAL(inet_pton(AF_INET, dst, a) == 1);
	ip4_dgram(l3, SRC4, (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3],
		  size, ttl, 0, frag, IPPROTO_UDP);
	m = parsed(f, frame(f, l3, size));
	bng_desc(m)->tenant = tenant;
	bng_desc(m)->l3flags = 0;
	*nh = FIB_NH_NONE;
	r = fib_route(e->f, m, bng_desc(m), nh);
	*l3flags = bng_desc(m)->l3flags;
	rte_pktmbuf_free(m);
	return r;
}

static enum bng_drop
route6(struct route_env *e, const char *dst, uint16_t size, uint8_t hops, uint32_t *nh,
       uint8_t *l3flags)
{
	uint8_t l3[MAXF], f[MAXF], a[16];
	struct rte_mbuf *m;
	enum bng_drop r;

	CU_ASSERT_FATAL(inet_pton(AF_INET6, dst, a) == 1);
	ip6_dgram(l3, SRC6, a, size, hops, IPPROTO_UDP);
	m = parsed(f, frame(f, l3, size));
	bng_desc(m)->l3flags = 0;
	*nh = FIB_NH_NONE;
	r = fib_route(e->f, m, bng_desc(m), nh);
	*l3flags = bng_desc(m)->l3flags;
	rte_pktmbuf_free(m);
	return r;
}

static void
test_route_checks(void)
{
	struct route_env e;
	uint32_t nh;
	uint8_t fl;

	route_setup(&e);
	/* a route: through, next hop set, nothing to fragment */
	CU_ASSERT_EQUAL(route4(&e, "203.0.113.9", 100, 64, 0, 0, &nh, &fl), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(nh, (uint32_t)e.gw);
	CU_ASSERT_EQUAL(fl & BNG_L3F_FRAG, 0);
	CU_ASSERT_EQUAL(route4(&e, "203.0.113.9", 100, 2, 0, 0, &nh, &fl), BNG_DROP_NONE);
	/* no route */
	CU_ASSERT_EQUAL(route4(&e, "8.8.8.8", 100, 64, 0, 0, &nh, &fl), BNG_DROP_NO_ROUTE);
	CU_ASSERT_EQUAL(route4(&e, "8.8.8.8", 100, 1, 0, 0, &nh, &fl), BNG_DROP_NO_ROUTE);
	CU_ASSERT_EQUAL(route6(&e, "2001:4860::8888", 100, 64, &nh, &fl), BNG_DROP_NO_ROUTE);
	/* the appliance's own address, before TTL */
	CU_ASSERT_EQUAL(route4(&e, "10.0.0.1", 100, 64, 0, 0, &nh, &fl), BNG_DROP_LOCAL);
	CU_ASSERT_EQUAL(nh, (uint32_t)e.local);
	CU_ASSERT_EQUAL(route4(&e, "10.0.0.1", 100, 1, 0, 0, &nh, &fl), BNG_DROP_LOCAL);
	CU_ASSERT_EQUAL(route4(&e, "10.0.0.1", 100, 0, 0, 0, &nh, &fl), BNG_DROP_LOCAL);
	CU_ASSERT_EQUAL(route6(&e, "2001:db8:10::1", 100, 0, &nh, &fl), BNG_DROP_LOCAL);
	CU_ASSERT_EQUAL(nh, (uint32_t)e.local6);
	/* blackhole and prohibit, before TTL; the next hop is still reported */
	CU_ASSERT_EQUAL(route4(&e, "198.19.1.1", 100, 64, 0, 0, &nh, &fl), BNG_DROP_BLACKHOLE);
	CU_ASSERT_EQUAL(nh, (uint32_t)e.hole);
	CU_ASSERT_EQUAL(route4(&e, "198.19.1.1", 100, 1, 0, 0, &nh, &fl), BNG_DROP_BLACKHOLE);
	CU_ASSERT_EQUAL(route4(&e, "192.0.2.1", 100, 64, 0, 0, &nh, &fl), BNG_DROP_ADMIN_PROHIBITED);
	CU_ASSERT_EQUAL(nh, (uint32_t)e.prohibit);
	CU_ASSERT_EQUAL(route4(&e, "192.0.2.1", 100, 0, 0, 0, &nh, &fl), BNG_DROP_ADMIN_PROHIBITED);
	CU_ASSERT_EQUAL(route6(&e, "2001:db8:98::1", 100, 64, &nh, &fl), BNG_DROP_BLACKHOLE);
	CU_ASSERT_EQUAL(route6(&e, "2001:db8:99::1", 100, 1, &nh, &fl), BNG_DROP_ADMIN_PROHIBITED);
	/* TTL / hop limit 1 and 0 */
	CU_ASSERT_EQUAL(route4(&e, "203.0.113.9", 100, 1, 0, 0, &nh, &fl), BNG_DROP_TTL_EXCEEDED);
	CU_ASSERT_EQUAL(nh, (uint32_t)e.gw);
	CU_ASSERT_EQUAL(route4(&e, "203.0.113.9", 100, 0, 0, 0, &nh, &fl), BNG_DROP_TTL_EXCEEDED);
	CU_ASSERT_EQUAL(route6(&e, "2001:db8:ffff::9", 100, 1, &nh, &fl), BNG_DROP_TTL_EXCEEDED);
	CU_ASSERT_EQUAL(route6(&e, "2001:db8:ffff::9", 100, 0, &nh, &fl), BNG_DROP_TTL_EXCEEDED);
	CU_ASSERT_EQUAL(route6(&e, "2001:db8:ffff::9", 100, 2, &nh, &fl), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(nh, (uint32_t)e.gw6);
	/* neighbor unresolved, after TTL */
	CU_ASSERT_EQUAL(route4(&e, "10.0.0.99", 100, 64, 0, 0, &nh, &fl), BNG_DROP_NEIGH_UNRESOLVED);
	CU_ASSERT_EQUAL(nh, (uint32_t)e.conn);
	CU_ASSERT_EQUAL(route4(&e, "10.0.0.99", 100, 1, 0, 0, &nh, &fl), BNG_DROP_TTL_EXCEEDED);
	/* the tenant's VRF */
	CU_ASSERT_EQUAL(route4(&e, "203.0.113.9", 100, 64, 0, 5, &nh, &fl), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(nh, (uint32_t)e.vrf1);
	CU_ASSERT_EQUAL(route4(&e, "10.0.0.1", 100, 64, 0, 5, &nh, &fl), BNG_DROP_NO_ROUTE);
	fib_free(e.f);
}

static void
test_route_mtu(void)
{
	const uint16_t df = RTE_IPV4_HDR_DF_FLAG, mf = RTE_IPV4_HDR_MF_FLAG;
	struct route_env e;
	uint32_t nh;
	uint8_t fl;

	route_setup(&e);
	/* core0 (port 1) has MTU 1400 */
	CU_ASSERT_EQUAL(route4(&e, "203.0.113.9", 1400, 64, df, 0, &nh, &fl), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(fl & BNG_L3F_FRAG, 0);
	CU_ASSERT_EQUAL(route4(&e, "203.0.113.9", 1400, 64, 0, 0, &nh, &fl), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(fl & BNG_L3F_FRAG, 0);
	CU_ASSERT_EQUAL(route4(&e, "203.0.113.9", 1401, 64, df, 0, &nh, &fl), BNG_DROP_FRAG_NEEDED);
	CU_ASSERT_EQUAL(nh, (uint32_t)e.gw);
	CU_ASSERT_EQUAL(route4(&e, "203.0.113.9", 1500, 64, df, 0, &nh, &fl), BNG_DROP_FRAG_NEEDED);
	/* DF clear: through, to be fragmented on output */
	CU_ASSERT_EQUAL(route4(&e, "203.0.113.9", 1401, 64, 0, 0, &nh, &fl), BNG_DROP_NONE);
	CU_ASSERT(fl & BNG_L3F_FRAG);
	CU_ASSERT_EQUAL(nh, (uint32_t)e.gw);
	CU_ASSERT_EQUAL(route4(&e, "203.0.113.9", 1500, 64, mf, 0, &nh, &fl), BNG_DROP_NONE);
	CU_ASSERT(fl & BNG_L3F_FRAG);
	/* TTL before the MTU */
	CU_ASSERT_EQUAL(route4(&e, "203.0.113.9", 1500, 1, df, 0, &nh, &fl), BNG_DROP_TTL_EXCEEDED);
	CU_ASSERT_EQUAL(route4(&e, "203.0.113.9", 1500, 1, 0, 0, &nh, &fl), BNG_DROP_TTL_EXCEEDED);
	CU_ASSERT_EQUAL(fl & BNG_L3F_FRAG, 0);
	/* IPv6: packet too big, never fragmented by the router */
	CU_ASSERT_EQUAL(route6(&e, "2001:db8:ffff::9", 1400, 64, &nh, &fl), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(route6(&e, "2001:db8:ffff::9", 1401, 64, &nh, &fl), BNG_DROP_PKT_TOO_BIG);
	CU_ASSERT_EQUAL(nh, (uint32_t)e.gw6);
	CU_ASSERT_EQUAL(fl & BNG_L3F_FRAG, 0);
	CU_ASSERT_EQUAL(route6(&e, "2001:db8:ffff::9", 1500, 1, &nh, &fl), BNG_DROP_TTL_EXCEEDED);
	/* MTU 0: no limit (tenant 5 routes to port 2) */
	CU_ASSERT_EQUAL(route4(&e, "203.0.113.9", 1500, 64, df, 5, &nh, &fl), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(fl & BNG_L3F_FRAG, 0);
	fib_free(e.f);
}

static const CU_TestInfo allowed_tests[] = {
	{ "sources", test_allowed_sources },
	{ "errors, fragments, not IP", test_allowed_kinds },
	CU_TEST_INFO_NULL,
};

static const CU_TestInfo err4_tests[] = {
	{ "fields and checksums", test_err4_fields },
	{ "TOS of every original", test_err4_tos },
	{ "quote limit: 576 bytes", test_err4_quote_limits },
	{ "padding, VLAN tags, options", test_err4_layer2 },
	{ "multi-segment original", test_err4_multiseg },
	{ "-EINVAL", test_err4_einval },
	{ "-ENOSPC", test_err4_enospc },
	{ "trace flag kept", test_err_trace_flag },
	CU_TEST_INFO_NULL,
};

static const CU_TestInfo err6_tests[] = {
	{ "fields and checksums", test_err6_fields },
	{ "quote limit: 1280 bytes", test_err6_quote_limits },
	{ "multi-segment original", test_err6_multiseg },
	{ "-EINVAL", test_err6_einval },
	{ "-ENOSPC", test_err6_enospc },
	CU_TEST_INFO_NULL,
};

static const CU_TestInfo echo_tests[] = {
	{ "IPv4", test_echo4 },
	{ "IPv4: every checksum", test_echo4_every_checksum },
	{ "IPv6 (every checksum)", test_echo6 },
	{ "-EINVAL", test_echo_einval },
	CU_TEST_INFO_NULL,
};

static const CU_TestInfo route_tests[] = {
	{ "route, local, TTL, neighbor", test_route_checks },
	{ "MTU", test_route_mtu },
	CU_TEST_INFO_NULL,
};

int
bng_test_register(void)
{
	if (bng_test_add_suite("fib_icmp_error_allowed", allowed_tests) != 0 ||
	    bng_test_add_suite("fib_icmp_error IPv4", err4_tests) != 0 ||
	    bng_test_add_suite("fib_icmp_error IPv6", err6_tests) != 0 ||
	    bng_test_add_suite("fib_icmp_echo_reply", echo_tests) != 0 ||
	    bng_test_add_suite("fib_route checks", route_tests) != 0)
		return -1;
	return 0;
}
