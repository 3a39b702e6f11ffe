/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of lib/screen: bad arguments of the name and counter helpers
 * first; then every screen on frames built byte by byte and parsed by
 * bng_parse() as the worker does (IPv4 and IPv6, options, extension
 * headers, fragments at the edges of each rule), the traffic each screen
 * must let through, a screen left out of the enabled set, and the
 * precedence between screens a packet trips together.
 */
#include <errno.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "bng_parse.h"
#include "bng_test.h"
#include "screen.h"

const char bng_test_name[] = "screen";

#define A4 T_IP4(10, 0, 0, 2)
#define B4 T_IP4(198, 51, 100, 7)
#define NONE SCREEN_MAX
#define BIT(s) SCREEN_BIT(SCREEN_##s)

static const uint8_t A6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };
static const uint8_t B6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7 };

/* Parse a frame (it must parse cleanly) and screen it with @p enabled. */
static enum screen_kind
screen_frame(uint32_t enabled, const uint8_t *b, uint16_t len)
{
	struct rte_mbuf *m = bng_test_mbuf(b, len);
	struct bng_desc *d = bng_desc(m);
	enum screen_kind s = SCREEN_MAX + 1;

	CU_ASSERT_EQUAL_FATAL(bng_parse(m, d), BNG_DROP_NONE);
	if (d->kind == BNG_PKT_IPV4 || d->kind == BNG_PKT_IPV6)
		s = screen_check(enabled, m, d);
	rte_pktmbuf_free(m);
	return s;
}

/*
 * Ethernet + IPv4 with options @p opt (@p olen bytes, a multiple of 4),
 * fragment field @p frag (flags and offset in 8-byte units, host order),
 * then @p l4 (@p l4len bytes). @return the frame length.
 */
static uint16_t
frame4(uint8_t *b, uint8_t proto, uint32_t src, uint32_t dst, const uint8_t *opt, uint8_t olen,
       uint16_t frag, const uint8_t *l4, uint16_t l4len)
{
	uint16_t o = t_eth(b, 0x0800);
	uint8_t *ip = b + o;

	o += t_ipv4_opts(ip, proto, src, dst, l4len, olen);
	if (olen)
		memcpy(ip + 20, opt, olen);
	t_put16(ip + 6, frag);
	t_ipv4_fix(ip);
	memcpy(b + o, l4, l4len);
	return (uint16_t)(o + l4len);
}

/* Ethernet + IPv6 (@p src to @p dst) + @p ext (headers, @p xlen bytes, first
 * next header @p nh) + @p l4. */
static uint16_t
frame6(uint8_t *b, const uint8_t *src, const uint8_t *dst, uint8_t nh, const uint8_t *ext,
       uint16_t xlen, const uint8_t *l4, uint16_t l4len)
{
	uint16_t o = t_eth(b, 0x86dd);

	o += t_ipv6(b + o, nh, src, dst, (uint16_t)(xlen + l4len));
	if (xlen)
		memcpy(b + o, ext, xlen);
	memcpy(b + o + xlen, l4, l4len);
	return (uint16_t)(o + xlen + l4len);
}

/* A TCP header with @p flags to @p dport (and 12 bytes of data after it). */
static uint16_t
tcp(uint8_t *p, uint16_t dport, uint8_t flags)
{
	uint16_t n = t_tcp(p, 40000, dport, flags);

	memset(p + n, 'd', 12);
	return (uint16_t)(n + 12);
}

/* An ICMP (or ICMPv6) echo request with @p data bytes after its header. */
static uint16_t
echo(uint8_t *p, uint8_t type, uint16_t data)
{
	uint16_t n = t_icmp(p, type, 0, 0x77, 1);

	memset(p + n, 'p', data);
	return (uint16_t)(n + data);
}

static uint16_t
udp(uint8_t *p, uint16_t data)
{
	uint16_t n = t_udp(p, 5000, 53, data);

	memset(p + n, 'u', data);
	return (uint16_t)(n + data);
}

/* ---------------------------------------------------------------------------
 * Bad arguments and tables
 */

static void
test_bad_args(void)
{
	struct screen_counters w0, w1;
	const struct screen_counters *c[3] = { &w0, NULL, &w1 };
	uint64_t out[SCREEN_MAX];

	CU_ASSERT_EQUAL(screen_from_name("nope"), -ENOENT);
	CU_ASSERT_EQUAL(screen_from_name(""), -ENOENT);
	CU_ASSERT_EQUAL(screen_from_name("all"), -ENOENT);     /* a config word, not a screen */
	CU_ASSERT_EQUAL(screen_from_name("Land"), -ENOENT);
	CU_ASSERT_STRING_EQUAL(screen_name(SCREEN_MAX), "?");
	CU_ASSERT_STRING_EQUAL(screen_name(~0u), "?");
	memset(out, 0xff, sizeof(out));
	CU_ASSERT_EQUAL(screen_counters_sum(c, 3, SCREEN_MAX_ZONES, out), -EINVAL);
	for (unsigned int s = 0; s < SCREEN_MAX; s++)
		CU_ASSERT_EQUAL(out[s], 0);

	memset(&w0, 0, sizeof(w0));
	memset(&w1, 0, sizeof(w1));
	w0.drops[3][SCREEN_TEARDROP] = 5;
	w1.drops[3][SCREEN_TEARDROP] = 7;
	w1.drops[2][SCREEN_TEARDROP] = 100;
	w1.drops[3][SCREEN_LAND] = 1;
	CU_ASSERT_EQUAL(screen_counters_sum(c, 3, 3, out), 0);
	CU_ASSERT_EQUAL(out[SCREEN_TEARDROP], 12);
	CU_ASSERT_EQUAL(out[SCREEN_LAND], 1);
	CU_ASSERT_EQUAL(out[SCREEN_WINNUKE], 0);
	CU_ASSERT_EQUAL(screen_counters_sum(c, 0, 3, out), 0);
	CU_ASSERT_EQUAL(out[SCREEN_TEARDROP], 0);
}

static void
test_names(void)
{
	for (unsigned int s = 0; s < SCREEN_MAX; s++) {
		CU_ASSERT_EQUAL(screen_from_name(screen_name(s)), (int)s);
		CU_ASSERT_PTR_NOT_NULL(strstr(screen_names_list(), screen_name(s)));
		/* The drop reason: "screen_" + the name with '_' for '-'. */
		{
			char want[64];

			snprintf(want, sizeof(want), "screen_%s", screen_name(s));
			for (char *p = want; *p; p++)
				if (*p == '-')
					*p = '_';
			CU_ASSERT_STRING_EQUAL(bng_drop_name(screen_drop_reason(s)), want);
		}
	}
	CU_ASSERT_PTR_NOT_NULL(strstr(screen_names_list(), "all"));
	CU_ASSERT_EQUAL(SCREEN_ALL, (1u << SCREEN_MAX) - 1);
}

/* ---------------------------------------------------------------------------
 * Traffic every screen lets through
 */

static void
test_normal(void)
{
	uint8_t b[1600], l4[1500];
	uint16_t n;

	/* TCP handshake and data, UDP, ICMP echo, IPv6 the same. */
	n = tcp(l4, 80, RTE_TCP_SYN_FLAG);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_TCP, A4, B4, NULL, 0, 0, l4, n)), NONE);
	n = tcp(l4, 80, RTE_TCP_SYN_FLAG | RTE_TCP_ACK_FLAG);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_TCP, A4, B4, NULL, 0, 0, l4, n)), NONE);
	n = tcp(l4, 139, RTE_TCP_PSH_FLAG | RTE_TCP_ACK_FLAG); /* NetBIOS without URG */
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_TCP, A4, B4, NULL, 0, 0, l4, n)), NONE);
	n = tcp(l4, 80, RTE_TCP_URG_FLAG | RTE_TCP_ACK_FLAG); /* urgent data elsewhere */
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_TCP, A4, B4, NULL, 0, 0, l4, n)), NONE);
	n = tcp(l4, 80, RTE_TCP_RST_FLAG);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_TCP, A4, B4, NULL, 0, 0, l4, n)), NONE);
	n = tcp(l4, 80, RTE_TCP_FIN_FLAG | RTE_TCP_ACK_FLAG);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_TCP, A4, B4, NULL, 0, 0, l4, n)), NONE);
	n = udp(l4, 20);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_UDP, A4, B4, NULL, 0, 0, l4, n)), NONE);
	n = echo(l4, 8, 56);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_ICMP, A4, B4, NULL, 0, 0, l4, n)), NONE);
	n = tcp(l4, 80, RTE_TCP_SYN_FLAG);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame6(b, A6, B6, IPPROTO_TCP, NULL, 0, l4, n)), NONE);
	n = echo(l4, 128, 56);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame6(b, A6, B6, IPPROTO_ICMPV6, NULL, 0, l4, n)), NONE);
	/* IPv4 options that are neither routing nor record route: NOPs,
	 * timestamp (68), router alert (148). */
	{
		static const uint8_t ts[8] = { 68, 8, 5, 0, 0, 0, 0, 0 };
		static const uint8_t ra[4] = { 148, 4, 0, 0 };
		static const uint8_t nops[4] = { 1, 1, 1, 1 };

		n = udp(l4, 20);
		CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_UDP, A4, B4, ts, 8, 0, l4, n)), NONE);
		CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_UDP, A4, B4, ra, 4, 0, l4, n)), NONE);
		CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_UDP, A4, B4, nops, 4, 0, l4, n)), NONE);
	}
	/* IPv6 hop-by-hop and destination options. */
	{
		uint8_t x[16];

		t_ip6_opts8(x, IPPROTO_DSTOPTS);
		t_ip6_opts8(x + 8, IPPROTO_UDP);
		n = udp(l4, 20);
		CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame6(b, A6, B6, IPPROTO_HOPOPTS, x, 16, l4, n)), NONE);
	}
}

/* Normal fragments: every screen (ICMP fragments aside) lets them through. */
static void
test_normal_fragments(void)
{
	uint8_t b[1600], l4[1500], x[8];
	uint16_t n;

	/* A 3000-byte UDP datagram over a 1500 MTU: 1480 + 1480 + 40. */
	n = udp(l4, 1472);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_UDP, A4, B4, NULL, 0, 0x2000, l4, n)), NONE);
	memset(l4, 'u', 1480);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_UDP, A4, B4, NULL, 0, 0x2000 | 185, l4, 1480)), NONE);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_UDP, A4, B4, NULL, 0, 370, l4, 41)), NONE);
	/* TCP: a later fragment past the 20-byte header (offset 24). */
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_TCP, A4, B4, NULL, 0, 3, l4, 100)), NONE);
	/* IPv6: first and last fragment of UDP; an atomic fragment of ICMPv6. */
	n = udp(l4, 1224);
	t_ip6_frag(x, IPPROTO_UDP, 0, 1);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame6(b, A6, B6, IPPROTO_FRAGMENT, x, 8, l4, n)), NONE);
	t_ip6_frag(x, IPPROTO_UDP, 154, 0);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame6(b, A6, B6, IPPROTO_FRAGMENT, x, 8, l4, 13)), NONE);
	n = echo(l4, 128, 56);
	t_ip6_frag(x, IPPROTO_ICMPV6, 0, 0);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame6(b, A6, B6, IPPROTO_FRAGMENT, x, 8, l4, n)), NONE);
}

/* ---------------------------------------------------------------------------
 * Each screen
 */

static void
test_land(void)
{
	uint8_t b[256], l4[64];
	uint16_t n = tcp(l4, 80, RTE_TCP_SYN_FLAG), f;

	f = frame4(b, IPPROTO_TCP, B4, B4, NULL, 0, 0, l4, n);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, f), SCREEN_LAND);
	CU_ASSERT_EQUAL(screen_frame(BIT(LAND), b, f), SCREEN_LAND);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL & ~BIT(LAND), b, f), NONE);
	/* Any protocol: UDP, and with options (the slow path). */
	n = udp(l4, 8);
	f = frame4(b, IPPROTO_UDP, A4, A4, NULL, 0, 0, l4, n);
	CU_ASSERT_EQUAL(screen_frame(BIT(LAND), b, f), SCREEN_LAND);
	{
		static const uint8_t nops[4] = { 1, 1, 1, 1 };

		f = frame4(b, IPPROTO_UDP, A4, A4, nops, 4, 0, l4, n);
		CU_ASSERT_EQUAL(screen_frame(BIT(LAND), b, f), SCREEN_LAND);
	}
	/* Differing only in the last byte: not land. */
	f = frame4(b, IPPROTO_UDP, A4, A4 + 1, NULL, 0, 0, l4, n);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, f), NONE);
	/* IPv6, and IPv6 addresses differing in one bit of either half. */
	n = tcp(l4, 80, RTE_TCP_SYN_FLAG);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame6(b, B6, B6, IPPROTO_TCP, NULL, 0, l4, n)),
			SCREEN_LAND);
	for (int i = 0; i < 16; i += 15) {
		uint8_t c6[16];

		memcpy(c6, B6, 16);
		c6[i] ^= 0x80;
		CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame6(b, B6, c6, IPPROTO_TCP, NULL, 0, l4, n)),
				NONE);
	}
}

static void
test_tcp_flags(void)
{
	uint8_t b[256], l4[64];
	uint16_t n;

	n = tcp(l4, 80, RTE_TCP_SYN_FLAG | RTE_TCP_FIN_FLAG);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_TCP, A4, B4, NULL, 0, 0, l4, n)), SCREEN_SYN_FIN);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL & ~BIT(SYN_FIN), b, frame4(b, IPPROTO_TCP, A4, B4, NULL, 0, 0, l4, n)), NONE);
	n = tcp(l4, 80, RTE_TCP_SYN_FLAG | RTE_TCP_FIN_FLAG | RTE_TCP_PSH_FLAG | RTE_TCP_URG_FLAG);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame6(b, A6, B6, IPPROTO_TCP, NULL, 0, l4, n)), SCREEN_SYN_FIN);
	/* Null scan; ECN bits alone are no control flag either. */
	n = tcp(l4, 80, 0);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_TCP, A4, B4, NULL, 0, 0, l4, n)), SCREEN_TCP_NO_FLAG);
	CU_ASSERT_EQUAL(screen_frame(BIT(SYN_FIN) | BIT(WINNUKE), b, frame4(b, IPPROTO_TCP, A4, B4, NULL, 0, 0, l4, n)), NONE);
	n = tcp(l4, 80, RTE_TCP_ECE_FLAG | RTE_TCP_CWR_FLAG);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame6(b, A6, B6, IPPROTO_TCP, NULL, 0, l4, n)), SCREEN_TCP_NO_FLAG);
	/* WinNuke: URG to 139 (with or without ACK/PSH); not from 139. */
	n = tcp(l4, 139, RTE_TCP_URG_FLAG | RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_TCP, A4, B4, NULL, 0, 0, l4, n)), SCREEN_WINNUKE);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame6(b, A6, B6, IPPROTO_TCP, NULL, 0, l4, n)), SCREEN_WINNUKE);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL & ~BIT(WINNUKE), b, frame4(b, IPPROTO_TCP, A4, B4, NULL, 0, 0, l4, n)), NONE);
	t_put16(l4, 139);
	t_put16(l4 + 2, 40000);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_TCP, A4, B4, NULL, 0, 0, l4, n)), NONE);
	/* A UDP packet to 139 has no flags to judge. */
	n = udp(l4, 8);
	t_put16(l4 + 2, 139);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_UDP, A4, B4, NULL, 0, 0, l4, n)), NONE);
	/* The flags of a first fragment count (slow path); a later fragment has none. */
	n = tcp(l4, 80, RTE_TCP_SYN_FLAG | RTE_TCP_FIN_FLAG);
	memset(l4 + n, 'x', 8);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_TCP, A4, B4, NULL, 0, 0x2000, l4, 40)), SCREEN_SYN_FIN);
	memset(l4, 0, 40);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_TCP, A4, B4, NULL, 0, 5, l4, 40)), NONE);
}

static void
test_ip4_options(void)
{
	static const uint8_t lsrr[8] = { 1, 0x83, 7, 4, 192, 0, 2, 1 };
	static const uint8_t ssrr[8] = { 0x89, 7, 4, 192, 0, 2, 1, 0 };
	static const uint8_t rr[8] = { 1, 7, 7, 4, 0, 0, 0, 0 };
	static const uint8_t both[12] = { 7, 7, 4, 0, 0, 0, 0, 0x83, 3, 4, 0, 0 };
	/* After EOL, and behind a length that runs past the header: not options. */
	static const uint8_t eol[8] = { 0, 0x83, 7, 4, 192, 0, 2, 1 };
	static const uint8_t badlen[8] = { 68, 40, 5, 0, 0x83, 3, 4, 0 };
	static const uint8_t shortlen[8] = { 68, 1, 0x83, 3, 4, 0, 0, 0 };
	uint8_t b[256], l4[64];
	uint16_t n = udp(l4, 8);

	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_UDP, A4, B4, lsrr, 8, 0, l4, n)), SCREEN_SOURCE_ROUTE);
	CU_ASSERT_EQUAL(screen_frame(BIT(SOURCE_ROUTE), b, frame4(b, IPPROTO_UDP, A4, B4, ssrr, 8, 0, l4, n)), SCREEN_SOURCE_ROUTE);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL & ~BIT(SOURCE_ROUTE), b, frame4(b, IPPROTO_UDP, A4, B4, ssrr, 8, 0, l4, n)), NONE);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_UDP, A4, B4, rr, 8, 0, l4, n)), SCREEN_RECORD_ROUTE);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL & ~BIT(RECORD_ROUTE), b, frame4(b, IPPROTO_UDP, A4, B4, rr, 8, 0, l4, n)), NONE);
	/* Both: source route first; record route when that one is off. */
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_UDP, A4, B4, both, 12, 0, l4, n)), SCREEN_SOURCE_ROUTE);
	CU_ASSERT_EQUAL(screen_frame(BIT(RECORD_ROUTE), b, frame4(b, IPPROTO_UDP, A4, B4, both, 12, 0, l4, n)), SCREEN_RECORD_ROUTE);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_UDP, A4, B4, eol, 8, 0, l4, n)), NONE);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_UDP, A4, B4, badlen, 8, 0, l4, n)), NONE);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_UDP, A4, B4, shortlen, 8, 0, l4, n)), NONE);
	/* On a later fragment too (options copied into every fragment). */
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_UDP, A4, B4, lsrr, 8, 20, l4, n)), SCREEN_SOURCE_ROUTE);
}

static void
test_ip6_routing(void)
{
	uint8_t b[256], l4[64], x[48];
	uint16_t n = udp(l4, 8);

	/* Routing header type 0 with one address; type 2 (mobile IPv6) passes. */
	memset(x, 0, sizeof(x));
	x[0] = IPPROTO_UDP;
	x[1] = 2;
	x[2] = 0;
	x[3] = 1;
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame6(b, A6, B6, IPPROTO_ROUTING, x, 24, l4, n)), SCREEN_SOURCE_ROUTE);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL & ~BIT(SOURCE_ROUTE), b, frame6(b, A6, B6, IPPROTO_ROUTING, x, 24, l4, n)), NONE);
	x[2] = 2;
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame6(b, A6, B6, IPPROTO_ROUTING, x, 24, l4, n)), NONE);
	/* Type 0 behind a destination options header. */
	t_ip6_opts8(x, IPPROTO_ROUTING);
	x[8] = IPPROTO_UDP;
	x[9] = 2;
	x[10] = 0;
	x[11] = 1;
	memset(x + 12, 0, 20);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame6(b, A6, B6, IPPROTO_DSTOPTS, x, 32, l4, n)), SCREEN_SOURCE_ROUTE);
}

static void
test_icmp_fragment(void)
{
	uint8_t b[1600], l4[1500], x[8];
	uint16_t n = echo(l4, 8, 1472);

	/* First and later fragments of a large ping. */
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_ICMP, A4, B4, NULL, 0, 0x2000, l4, n)), SCREEN_ICMP_FRAGMENT);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_ICMP, A4, B4, NULL, 0, 185, l4, 100)), SCREEN_ICMP_FRAGMENT);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL & ~BIT(ICMP_FRAGMENT), b, frame4(b, IPPROTO_ICMP, A4, B4, NULL, 0, 185, l4, 100)), NONE);
	/* IPv6. */
	n = echo(l4, 128, 1224);
	t_ip6_frag(x, IPPROTO_ICMPV6, 0, 1);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame6(b, A6, B6, IPPROTO_FRAGMENT, x, 8, l4, n)), SCREEN_ICMP_FRAGMENT);
	t_ip6_frag(x, IPPROTO_ICMPV6, 154, 0);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame6(b, A6, B6, IPPROTO_FRAGMENT, x, 8, l4, 100)), SCREEN_ICMP_FRAGMENT);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL & ~BIT(ICMP_FRAGMENT), b, frame6(b, A6, B6, IPPROTO_FRAGMENT, x, 8, l4, 100)), NONE);
}

static void
test_ping_of_death(void)
{
	uint8_t b[1600], l4[1500], x[8];

	memset(l4, 'p', sizeof(l4));
	/* Offset 65512 + 20 + 24 bytes = 65556 > 65535; 65512 + 20 + 3 = 65535 fits. */
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_ICMP, A4, B4, NULL, 0, 8189, l4, 24)), SCREEN_PING_OF_DEATH);
	CU_ASSERT_EQUAL(screen_frame(BIT(PING_OF_DEATH), b, frame4(b, IPPROTO_ICMP, A4, B4, NULL, 0, 8189, l4, 24)), SCREEN_PING_OF_DEATH);
	CU_ASSERT_EQUAL(screen_frame(BIT(PING_OF_DEATH), b, frame4(b, IPPROTO_ICMP, A4, B4, NULL, 0, 8189, l4, 3)), NONE);
	/* Exactly 65535: the largest legal datagram. */
	CU_ASSERT_EQUAL(screen_frame(BIT(PING_OF_DEATH), b, frame4(b, IPPROTO_ICMP, A4, B4, NULL, 0, 8188, l4, 11)), NONE);
	CU_ASSERT_EQUAL(screen_frame(BIT(PING_OF_DEATH), b, frame4(b, IPPROTO_ICMP, A4, B4, NULL, 0, 8188, l4, 12)), SCREEN_PING_OF_DEATH);
	/* Not ICMP: left to teardrop / reassembly. */
	CU_ASSERT_EQUAL(screen_frame(BIT(PING_OF_DEATH), b, frame4(b, IPPROTO_UDP, A4, B4, NULL, 0, 8189, l4, 24)), NONE);
	/* The classic: a 1480-byte fragment at offset 64800 (8100 * 8). */
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_ICMP, A4, B4, NULL, 0, 8100, l4, 1480)), SCREEN_PING_OF_DEATH);
	/* IPv6: payload past 65535 (fragment header outside the fragmentable part). */
	t_ip6_frag(x, IPPROTO_ICMPV6, 8189, 0);
	CU_ASSERT_EQUAL(screen_frame(BIT(PING_OF_DEATH), b, frame6(b, A6, B6, IPPROTO_FRAGMENT, x, 8, l4, 24)), SCREEN_PING_OF_DEATH);
	CU_ASSERT_EQUAL(screen_frame(BIT(PING_OF_DEATH), b, frame6(b, A6, B6, IPPROTO_FRAGMENT, x, 8, l4, 23)), NONE);
}

static void
test_teardrop(void)
{
	uint8_t b[1600], l4[1500], x[8];
	uint16_t n;

	/* The classic teardrop: UDP, first fragment of 36 bytes with MF... */
	n = udp(l4, 28);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_UDP, A4, B4, NULL, 0, 0x2000, l4, n)), SCREEN_TEARDROP);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL & ~BIT(TEARDROP), b, frame4(b, IPPROTO_UDP, A4, B4, NULL, 0, 0x2000, l4, n)), NONE);
	/* ... a later one of 37 bytes with MF; the same as a last fragment is fine. */
	memset(l4, 'u', 64);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_UDP, A4, B4, NULL, 0, 0x2000 | 3, l4, 37)), SCREEN_TEARDROP);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_UDP, A4, B4, NULL, 0, 3, l4, 37)), NONE);
	/* TCP at offset 8 and 16: inside the header a first fragment carries. */
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_TCP, A4, B4, NULL, 0, 1, l4, 20)), SCREEN_TEARDROP);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_TCP, A4, B4, NULL, 0, 2, l4, 20)), SCREEN_TEARDROP);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_TCP, A4, B4, NULL, 0, 3, l4, 20)), NONE);
	/* UDP at offset 8 is past its 8-byte header. */
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_UDP, A4, B4, NULL, 0, 1, l4, 20)), NONE);
	/* IPv6: M set and 36 bytes; TCP at offset 8. */
	t_ip6_frag(x, IPPROTO_UDP, 0, 1);
	n = udp(l4, 28);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame6(b, A6, B6, IPPROTO_FRAGMENT, x, 8, l4, n)), SCREEN_TEARDROP);
	t_ip6_frag(x, IPPROTO_TCP, 1, 0);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame6(b, A6, B6, IPPROTO_FRAGMENT, x, 8, l4, 20)), SCREEN_TEARDROP);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL & ~BIT(TEARDROP), b, frame6(b, A6, B6, IPPROTO_FRAGMENT, x, 8, l4, 20)), NONE);
	/* An ICMP fragment of odd length with MF: teardrop before icmp-fragment. */
	n = echo(l4, 8, 27);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, frame4(b, IPPROTO_ICMP, A4, B4, NULL, 0, 0x2000, l4, n)), SCREEN_TEARDROP);
}

/* A packet tripping several screens counts under the first enabled one. */
static void
test_precedence(void)
{
	static const uint8_t lsrr_rr[12] = { 0x83, 7, 4, 192, 0, 2, 1, 7, 3, 4, 0, 0 };
	uint8_t b[256], l4[64];
	uint16_t n = tcp(l4, 139, RTE_TCP_SYN_FLAG | RTE_TCP_FIN_FLAG | RTE_TCP_URG_FLAG), f;

	f = frame4(b, IPPROTO_TCP, A4, A4, lsrr_rr, 12, 0, l4, n);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, f), SCREEN_LAND);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL & ~BIT(LAND), b, f), SCREEN_SOURCE_ROUTE);
	CU_ASSERT_EQUAL(screen_frame(BIT(RECORD_ROUTE) | BIT(WINNUKE) | BIT(SYN_FIN), b, f), SCREEN_RECORD_ROUTE);
	CU_ASSERT_EQUAL(screen_frame(BIT(WINNUKE) | BIT(SYN_FIN), b, f), SCREEN_WINNUKE);
	CU_ASSERT_EQUAL(screen_frame(BIT(SYN_FIN) | BIT(TCP_NO_FLAG), b, f), SCREEN_SYN_FIN);
	CU_ASSERT_EQUAL(screen_frame(BIT(TCP_NO_FLAG) | BIT(TEARDROP), b, f), NONE);
	/* ICMP: ping of death, then teardrop, then icmp-fragment. */
	memset(l4, 'p', 64);
	f = frame4(b, IPPROTO_ICMP, A4, B4, NULL, 0, 0x2000 | 8189, l4, 25);
	CU_ASSERT_EQUAL(screen_frame(SCREEN_ALL, b, f), SCREEN_PING_OF_DEATH);
	CU_ASSERT_EQUAL(screen_frame(BIT(TEARDROP) | BIT(ICMP_FRAGMENT), b, f), SCREEN_TEARDROP);
	CU_ASSERT_EQUAL(screen_frame(BIT(ICMP_FRAGMENT), b, f), SCREEN_ICMP_FRAGMENT);
}

static const CU_TestInfo screen_tests[] = {
	{ "bad arguments", test_bad_args },
	{ "names and drop reasons", test_names },
	{ "normal traffic passes every screen", test_normal },
	{ "normal fragments pass", test_normal_fragments },
	{ "land", test_land },
	{ "SYN-FIN, null scan, WinNuke", test_tcp_flags },
	{ "IPv4 source route and record route", test_ip4_options },
	{ "IPv6 routing header type 0", test_ip6_routing },
	{ "fragmented ICMP", test_icmp_fragment },
	{ "ping of death", test_ping_of_death },
	{ "teardrop", test_teardrop },
	{ "precedence", test_precedence },
	CU_TEST_INFO_NULL,
};

int
bng_test_register(void)
{
	return bng_test_add_suite("stateless screens", screen_tests);
}
