/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Shared helpers of the CUnit unit tests: the harness contract (each test
 * binary defines its name and registers its suites; test_main.c starts EAL
 * and runs them) and small builders that write Ethernet, VLAN, IPv4, IPv6,
 * TCP, UDP and ICMP headers into byte arrays and copy them into mbufs whose
 * private area holds a struct bng_desc.
 */
#ifndef BNG_TEST_H
#define BNG_TEST_H

#include <stdint.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

#include "bng_desc.h"
#include "bng_drop.h"

/* --- Harness contract ---------------------------------------------------- */

/** Name of the test binary; also its EAL --file-prefix. Defined by each suite file. */
extern const char bng_test_name[];

/** Register the binary's suites. Defined by each suite file. @return 0 or -1. */
int bng_test_register(void);

/** Add a suite and its NULL-terminated list of tests. @return 0 or -1. */
int bng_test_add_suite(const char *name, const CU_TestInfo *tests);

/** The mbuf pool of the test binary (priv_size BNG_MBUF_PRIV_SIZE). */
struct rte_mempool *bng_test_pool(void);

/** An mbuf holding a copy of @p len bytes of @p data, its descriptor zeroed. */
struct rte_mbuf *bng_test_mbuf(const void *data, uint16_t len);

/* --- Header builders ------------------------------------------------------ */
/* Every builder writes at @p p and returns the number of bytes written.
 * Addresses and ports are given in host order unless the name says _be. */

#define T_IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

static inline void
t_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
t_put32(uint8_t *p, uint32_t v)
{
	t_put16(p, (uint16_t)(v >> 16));
	t_put16(p + 2, (uint16_t)v);
}

/** Ethernet header with fixed MACs. */
static inline uint16_t
t_eth(uint8_t *p, uint16_t ethertype)
{
	static const uint8_t dst[6] = { 0x02, 0, 0, 0, 0x10, 0x01 };
	static const uint8_t src[6] = { 0x02, 0, 0, 0, 0x10, 0x02 };

	memcpy(p, dst, 6);
	memcpy(p + 6, src, 6);
	t_put16(p + 12, ethertype);
	return 14;
}

/** A VLAN tag (TCI, then the next EtherType). */
static inline uint16_t
t_vlan(uint8_t *p, uint16_t tci, uint16_t ethertype)
{
	t_put16(p, tci);
	t_put16(p + 2, ethertype);
	return 4;
}

/** Recompute the header checksum of the IPv4 header at @p p. */
static inline void
t_ipv4_fix(uint8_t *p)
{
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)p;

	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
}

/**
 * IPv4 header with @p opt_len bytes of options (NOPs, multiple of 4),
 * total length = header + @p l4_len, TTL 64, valid checksum.
 */
static inline uint16_t
t_ipv4_opts(uint8_t *p, uint8_t proto, uint32_t src, uint32_t dst, uint16_t l4_len,
	    uint8_t opt_len)
{
	uint16_t hl = (uint16_t)(20 + opt_len);

	memset(p, 0, hl);
	p[0] = (uint8_t)(0x40 | (hl / 4));
	t_put16(p + 2, (uint16_t)(hl + l4_len));
	t_put16(p + 4, 0x1234); /* id */
	p[8] = 64;
	p[9] = proto;
	t_put32(p + 12, src);
	t_put32(p + 16, dst);
	memset(p + 20, 0x01, opt_len);
	t_ipv4_fix(p);
	return hl;
}

static inline uint16_t
t_ipv4(uint8_t *p, uint8_t proto, uint32_t src, uint32_t dst, uint16_t l4_len)
{
	return t_ipv4_opts(p, proto, src, dst, l4_len, 0);
}

/** IPv6 header, hop limit 64. */
static inline uint16_t
t_ipv6(uint8_t *p, uint8_t next, const uint8_t *src, const uint8_t *dst, uint16_t payload_len)
{
	memset(p, 0, 40);
	p[0] = 0x60;
	t_put16(p + 4, payload_len);
	p[6] = next;
	p[7] = 64;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
	return 40;
}

/** An 8-byte IPv6 options header (hop-by-hop or destination options), PadN. */
static inline uint16_t
t_ip6_opts8(uint8_t *p, uint8_t next)
{
	static const uint8_t padn[6] = { 1, 4, 0, 0, 0, 0 };

	p[0] = next;
	p[1] = 0;
	memcpy(p + 2, padn, 6);
	return 8;
}

/** IPv6 fragment header; @p off in 8-byte units. */
static inline uint16_t
t_ip6_frag(uint8_t *p, uint8_t next, uint16_t off, int more)
{
	p[0] = next;
	p[1] = 0;
	t_put16(p + 2, (uint16_t)(off << 3 | (more ? 1 : 0)));
	t_put32(p + 4, 0xabcd0001);
	return 8;
}

/** UDP header; length = 8 + @p payload_len, checksum 0. */
static inline uint16_t
t_udp(uint8_t *p, uint16_t sport, uint16_t dport, uint16_t payload_len)
{
	t_put16(p, sport);
	t_put16(p + 2, dport);
	t_put16(p + 4, (uint16_t)(8 + payload_len));
	t_put16(p + 6, 0);
	return 8;
}

/** TCP header with data offset 5. */
static inline uint16_t
t_tcp(uint8_t *p, uint16_t sport, uint16_t dport, uint8_t flags)
{
	memset(p, 0, 20);
	t_put16(p, sport);
	t_put16(p + 2, dport);
	t_put32(p + 4, 1000);
	p[12] = 5 << 4;
	p[13] = flags;
	t_put16(p + 14, 65535);
	return 20;
}

/** ICMP / ICMPv6 header (type, code, id, sequence). */
static inline uint16_t
t_icmp(uint8_t *p, uint8_t type, uint8_t code, uint16_t id, uint16_t seq)
{
	p[0] = type;
	p[1] = code;
	t_put16(p + 2, 0);
	t_put16(p + 4, id);
	t_put16(p + 6, seq);
	return 8;
}

/** Frame: Ethernet + IPv4 + UDP. */
static inline uint16_t
t_udp4_frame(uint8_t *p, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport)
{
	uint16_t o = t_eth(p, 0x0800);

	o += t_ipv4(p + o, IPPROTO_UDP, src, dst, 8);
	o += t_udp(p + o, sport, dport, 0);
	return o;
}

/** Frame: Ethernet + IPv4 + TCP. */
static inline uint16_t
t_tcp4_frame(uint8_t *p, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
	     uint8_t flags)
{
	uint16_t o = t_eth(p, 0x0800);

	o += t_ipv4(p + o, IPPROTO_TCP, src, dst, 20);
	o += t_tcp(p + o, sport, dport, flags);
	return o;
}

/** Frame: Ethernet + IPv6 + UDP. */
static inline uint16_t
t_udp6_frame(uint8_t *p, const uint8_t *src, uint16_t sport, const uint8_t *dst, uint16_t dport)
{
	uint16_t o = t_eth(p, 0x86dd);

	o += t_ipv6(p + o, IPPROTO_UDP, src, dst, 8);
	o += t_udp(p + o, sport, dport, 0);
	return o;
}

/** Frame: Ethernet + IPv6 + TCP. */
static inline uint16_t
t_tcp6_frame(uint8_t *p, const uint8_t *src, uint16_t sport, const uint8_t *dst, uint16_t dport,
	     uint8_t flags)
{
	uint16_t o = t_eth(p, 0x86dd);

	o += t_ipv6(p + o, IPPROTO_TCP, src, dst, 20);
	o += t_tcp(p + o, sport, dport, flags);
	return o;
}

#endif /* BNG_TEST_H */
