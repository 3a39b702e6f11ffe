/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Frame builders and checkers of the vtap unit tests, written byte by byte
 * and independently of the library: Ethernet with 0 to 3 VLAN tags, ARP,
 * IPv6 neighbour discovery messages with their ICMPv6 checksum, and a
 * checksum verifier of its own (cross-checked with DPDK's).
 */
#ifndef TEST_VTAP_FRAMES_H
#define TEST_VTAP_FRAMES_H

#include <stdint.h>
#include <string.h>

#include <rte_ether.h>
#include <rte_ip.h>

#include "bng_test.h"

/** Ethernet addresses and VLAN tags of a test frame, outer tag first. */
struct t_l2 {
	const struct rte_ether_addr *dst, *src;
	uint8_t n;
	uint16_t tpid[3], tci[3];
};

static inline uint16_t
t_l2_put(uint8_t *p, const struct t_l2 *l, uint16_t ethertype)
{
	uint16_t o = 12;

	memcpy(p, l->dst, 6);
	memcpy(p + 6, l->src, 6);
	for (unsigned int i = 0; i < l->n; i++) {
		t_put16(p + o, l->tpid[i]);
		t_put16(p + o + 2, l->tci[i]);
		o = (uint16_t)(o + 4);
	}
	t_put16(p + o, ethertype);
	return (uint16_t)(o + 2);
}

/** Ethernet + ARP; @p tha NULL writes zeros. @return the frame length (unpadded). */
static inline uint16_t
t_arp(uint8_t *p, const struct t_l2 *l, uint16_t op, const struct rte_ether_addr *sha,
      uint32_t spa, const struct rte_ether_addr *tha, uint32_t tpa)
{
	uint16_t o = t_l2_put(p, l, 0x0806);
	uint8_t *a = p + o;

	t_put16(a, 1);
	t_put16(a + 2, 0x0800);
	a[4] = 6;
	a[5] = 4;
	t_put16(a + 6, op);
	memcpy(a + 8, sha, 6);
	t_put32(a + 14, spa);
	if (tha != NULL)
		memcpy(a + 18, tha, 6);
	else
		memset(a + 18, 0, 6);
	t_put32(a + 24, tpa);
	return (uint16_t)(o + 28);
}

/* ICMPv6 checksum over the pseudo-header: 32-bit words of the addresses,
 * then the message as 16-bit words (a different walk from vtap's). */
static inline uint16_t
t_cksum6(const uint8_t *ip6, const uint8_t *l4, uint16_t len)
{
	uint64_t s = 0;

	for (unsigned int i = 8; i < 40; i += 4)
		s += (uint32_t)ip6[i] << 24 | (uint32_t)ip6[i + 1] << 16 | (uint32_t)ip6[i + 2] << 8 |
		     ip6[i + 3];
	s += len;
	s += 58;
	for (unsigned int i = 0; i < len; i++)
		s += (i % 2 == 0) ? (uint32_t)l4[i] << 8 : l4[i];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/** Is the ICMPv6 checksum of the IPv6 packet at @p ip6 right, by both our sum and DPDK's? */
static inline int
t_cksum6_ok(const uint8_t *ip6)
{
	uint16_t len = (uint16_t)(ip6[4] << 8 | ip6[5]);

	return t_cksum6(ip6, ip6 + 40, len) == 0 &&
	       rte_ipv6_udptcp_cksum_verify((const struct rte_ipv6_hdr *)ip6, ip6 + 40) == 0;
}

/** Ethernet + IPv6 (hop limit @p hop) + the ICMPv6 message @p icmp, checksum filled. */
static inline uint16_t
t_nd(uint8_t *p, const struct t_l2 *l, const uint8_t *src, const uint8_t *dst, uint8_t hop,
     const uint8_t *icmp, uint16_t icmp_len)
{
	uint16_t o = t_l2_put(p, l, 0x86dd);
	uint8_t *ip = p + o;

	o = (uint16_t)(o + t_ipv6(ip, 58, src, dst, icmp_len));
	ip[7] = hop;
	memcpy(p + o, icmp, icmp_len);
	t_put16(p + o + 2, 0);
	t_put16(p + o + 2, t_cksum6(ip, p + o, icmp_len));
	return (uint16_t)(o + icmp_len);
}

static inline uint16_t
t_lla_opt(uint8_t *b, uint8_t type, const struct rte_ether_addr *mac)
{
	b[0] = type;
	b[1] = 1;
	memcpy(b + 2, mac, 6);
	return 8;
}

/** NS body; @p slla NULL: no source link-layer option. */
static inline uint16_t
t_ns_body(uint8_t *b, const uint8_t *target, const struct rte_ether_addr *slla)
{
	memset(b, 0, 24);
	b[0] = 135;
	memcpy(b + 8, target, 16);
	return (uint16_t)(24 + (slla != NULL ? t_lla_opt(b + 24, 1, slla) : 0));
}

/** NA body with flags (R 0x80, S 0x40, O 0x20); @p tlla NULL: no option. */
static inline uint16_t
t_na_body(uint8_t *b, uint8_t flags, const uint8_t *target, const struct rte_ether_addr *tlla)
{
	memset(b, 0, 24);
	b[0] = 136;
	b[4] = flags;
	memcpy(b + 8, target, 16);
	return (uint16_t)(24 + (tlla != NULL ? t_lla_opt(b + 24, 2, tlla) : 0));
}

static inline uint16_t
t_rs_body(uint8_t *b, const struct rte_ether_addr *slla)
{
	memset(b, 0, 8);
	b[0] = 133;
	return (uint16_t)(8 + (slla != NULL ? t_lla_opt(b + 8, 1, slla) : 0));
}

static inline uint16_t
t_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
t_get32(const uint8_t *p)
{
	return (uint32_t)t_get16(p) << 16 | t_get16(p + 2);
}

#endif /* TEST_VTAP_FRAMES_H */
