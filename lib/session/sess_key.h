/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Session keys: tenant + normalised 5-tuple. Normalising (the lower
 * address/port pair first) makes both directions of a flow produce the same
 * key, so one hash entry serves both; BNG_DF_SWAPPED in the descriptor
 * remembers which way round this packet was. ICMP errors are keyed by the
 * flow they quote, reversed, so they find the session they relate to.
 */
#ifndef SESS_KEY_H
#define SESS_KEY_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_hash_crc.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

#include "bng_desc.h"
#include "bng_drop.h"

/** IPv4 key; 16 bytes so the hash key slot is 32 bytes. */
struct sess_key4 {
	uint32_t addr[2];  /**< network order; [0] pairs with port[0] */
	uint16_t port[2];  /**< network order */
	uint8_t proto;
	uint8_t pad;
	uint16_t tenant;
};
static_assert(sizeof(struct sess_key4) == 16, "sess_key4 size");

/** IPv6 key. */
struct sess_key6 {
	uint8_t addr[2][16];
	uint16_t port[2];
	uint8_t proto;
	uint8_t pad;
	uint16_t tenant;
};
static_assert(sizeof(struct sess_key6) == 40, "sess_key6 size");

/*
 * Key hashes, inline: equal to rte_hash_crc(key, sizeof(key), 0), the hash
 * function the tables are created with, but unrolled for the fixed size.
 */
static inline uint32_t
sess_key4_hash(const struct sess_key4 *k)
{
	uint64_t w[2];

	memcpy(w, k, sizeof(w));
	return rte_hash_crc_8byte(w[1], rte_hash_crc_8byte(w[0], 0));
}

static inline uint32_t
sess_key6_hash(const struct sess_key6 *k)
{
	uint64_t w[5];

	memcpy(w, k, sizeof(w));
	return rte_hash_crc_8byte(w[4], rte_hash_crc_8byte(w[3], rte_hash_crc_8byte(w[2],
		rte_hash_crc_8byte(w[1], rte_hash_crc_8byte(w[0], 0)))));
}

union sess_key {
	struct sess_key4 v4;
	struct sess_key6 v6;
};

/*
 * Order two (addr, port) endpoints. Any total order serves, as long as both
 * directions of a flow use the same one; comparing the raw network-order
 * values saves the byte swaps.
 */
static inline int
sess_ep4_gt(uint32_t a0, uint16_t p0, uint32_t a1, uint16_t p1)
{
	return ((uint64_t)a0 << 16 | p0) > ((uint64_t)a1 << 16 | p1);
}

/**
 * Fill a normalised IPv4 key from endpoint (src, sport) -> (dst, dport).
 *
 * The key is assembled in registers and written as two 8-byte stores: the
 * hash and rte_hash's key compare then read it back with loads of the same
 * size, which the store buffer forwards. Writing it field by field made
 * every such load wait for the stores to drain.
 */
static inline int
sess_key4_set(struct sess_key4 *k, uint16_t tenant, uint8_t proto, uint32_t src,
	      uint16_t sport, uint32_t dst, uint16_t dport)
{
	int swap = sess_ep4_gt(src, sport, dst, dport);
	uint32_t a0 = swap ? dst : src, a1 = swap ? src : dst;
	uint16_t p0 = swap ? dport : sport, p1 = swap ? sport : dport;
	uint64_t w[2];

	static_assert(offsetof(struct sess_key4, port) == 8 &&
		      offsetof(struct sess_key4, proto) == 12 &&
		      offsetof(struct sess_key4, tenant) == 14, "sess_key4 layout");
#if RTE_BYTE_ORDER == RTE_LITTLE_ENDIAN
	w[0] = (uint64_t)a0 | (uint64_t)a1 << 32;
	w[1] = (uint64_t)p0 | (uint64_t)p1 << 16 | (uint64_t)proto << 32 | (uint64_t)tenant << 48;
	memcpy(k, w, sizeof(w));
#else
	k->addr[0] = a0;
	k->addr[1] = a1;
	k->port[0] = p0;
	k->port[1] = p1;
	k->proto = proto;
	k->pad = 0;
	k->tenant = tenant;
	RTE_SET_USED(w);
#endif
	return swap;
}

/**
 * sess_key4_set() from raw header words, for a caller that has them in
 * registers: @p sd the 8 bytes at the IPv4 source address (source, then
 * destination), @p pt the 4 bytes at the L4 header (source, then
 * destination port), @p hi the key's last 4 bytes (protocol, pad, tenant)
 * already in place (sess_key4_hi()). The same key, bit for bit, with
 * half the selects (a swap is a rotation), and its hash (sess_key4_hash())
 * taken from the registers. @return 1 when the endpoints were swapped.
 */
static inline int
sess_key4_set_raw(struct sess_key4 *k, uint64_t sd, uint32_t pt, uint64_t hi, uint32_t *hash)
{
#if RTE_BYTE_ORDER == RTE_LITTLE_ENDIAN
	uint32_t src = (uint32_t)sd, dst = (uint32_t)(sd >> 32);
	int swap = sess_ep4_gt(src, (uint16_t)pt, dst, (uint16_t)(pt >> 16));
	uint64_t w[2];

	w[0] = swap ? (sd >> 32 | sd << 32) : sd;
	w[1] = (swap ? (pt >> 16 | pt << 16) : pt) | hi;
	memcpy(k, w, sizeof(w));
	*hash = rte_hash_crc_8byte(w[1], rte_hash_crc_8byte(w[0], 0));
	return swap;
#else
	uint32_t a[2];
	uint16_t p[2];
	int swap;

	memcpy(a, &sd, 8);
	memcpy(p, &pt, 4);
	swap = sess_key4_set(k, (uint16_t)(hi >> 48), (uint8_t)(hi >> 32), a[0], p[0], a[1], p[1]);
	*hash = sess_key4_hash(k);
	return swap;
#endif
}

/** The key's constant part for sess_key4_set_raw() (little-endian: its last 8 bytes). */
static inline uint64_t
sess_key4_hi(uint16_t tenant, uint8_t proto)
{
	return (uint64_t)proto << 32 | (uint64_t)tenant << 48;
}

/** Fill a normalised IPv6 key; returns 1 when src/dst were swapped. */
static inline int
sess_key6_set(struct sess_key6 *k, uint16_t tenant, uint8_t proto, const uint8_t *src,
	      uint16_t sport, const uint8_t *dst, uint16_t dport)
{
	int c = memcmp(src, dst, 16);
	int swap = c > 0 || (c == 0 && sport > dport);

	memcpy(k->addr[swap], src, 16);
	k->port[swap] = sport;
	memcpy(k->addr[!swap], dst, 16);
	k->port[!swap] = dport;
	k->proto = proto;
	k->pad = 0;
	k->tenant = tenant;
	return swap;
}

/*
 * ICMP error: key of the quoted packet. The quote travels the opposite way
 * to the error, so the endpoints are read as (quoted dst -> quoted src).
 */
static inline enum bng_drop
sess_key_icmp_err(const uint8_t *pkt, const struct bng_desc *d, union sess_key *k, int *swap)
{
	uint32_t end = d->l3_off + d->l3_len;
	uint32_t off = d->inner_off;
	uint16_t p[2] = { 0, 0 };
	uint8_t proto;

	if (d->kind == BNG_PKT_IPV4) {
		const struct rte_ipv4_hdr *ip = (const void *)(pkt + off);
		uint32_t ihl;

		if (off + sizeof(*ip) > end)
			return BNG_DROP_L4_TRUNC;
		ihl = (ip->version_ihl & 0xf) * 4u;
		if ((ip->version_ihl >> 4) != 4 || ihl < sizeof(*ip))
			return BNG_DROP_L4_TRUNC;
		proto = ip->next_proto_id;
		off += ihl;
		if (proto == IPPROTO_TCP || proto == IPPROTO_UDP || proto == IPPROTO_ICMP) {
			if (off + 8 > end)
				return BNG_DROP_L4_TRUNC;
			memcpy(p, pkt + off + (proto == IPPROTO_ICMP ? 4 : 0), 4);
			if (proto == IPPROTO_ICMP)
				p[1] = p[0];
		}
		*swap = sess_key4_set(&k->v4, d->tenant, proto, ip->dst_addr, p[1],
				      ip->src_addr, p[0]);
		return BNG_DROP_NONE;
	} else {
		const struct rte_ipv6_hdr *ip = (const void *)(pkt + off);

		if (off + sizeof(*ip) > end)
			return BNG_DROP_L4_TRUNC;
		/* Quoted extension headers are not walked: errors about such
		 * packets key on the address pair only. */
		proto = ip->proto;
		off += sizeof(*ip);
		if (proto == IPPROTO_TCP || proto == IPPROTO_UDP || proto == IPPROTO_ICMPV6) {
			if (off + 8 > end)
				return BNG_DROP_L4_TRUNC;
			memcpy(p, pkt + off + (proto == IPPROTO_ICMPV6 ? 4 : 0), 4);
			if (proto == IPPROTO_ICMPV6)
				p[1] = p[0];
		}
		*swap = sess_key6_set(&k->v6, d->tenant, proto, ip->dst_addr, p[1],
				      ip->src_addr, p[0]);
		return BNG_DROP_NONE;
	}
}

/** The IPv4 key carried in a packet's descriptor. */
static inline struct sess_key4 *
sess_key4_of(struct bng_desc *d)
{
	static_assert(sizeof(d->key4) == sizeof(struct sess_key4), "descriptor key room");
	return (struct sess_key4 *)d->key4;
}

static inline void
sess_key_set_swapped(struct bng_desc *d, int swap)
{
	if (swap)
		d->flags |= BNG_DF_SWAPPED;
	else
		d->flags &= ~BNG_DF_SWAPPED;
}

/**
 * Build the IPv4 session key of a parsed IPv4 packet into @p k (usually
 * sess_key4_of(d)). @return BNG_DROP_NONE or the reason it has none.
 */
static inline enum bng_drop
sess_key_build4(const struct rte_mbuf *m, struct bng_desc *d, struct sess_key4 *k)
{
	const struct rte_ipv4_hdr *ip =
		rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, d->l3_off);

	if (unlikely(d->flags & BNG_DF_ICMP_ERR)) {
		union sess_key u;
		int swap;
		enum bng_drop r = sess_key_icmp_err(rte_pktmbuf_mtod(m, const uint8_t *), d, &u,
						    &swap);

		if (r != BNG_DROP_NONE)
			return r;
		*k = u.v4;
		sess_key_set_swapped(d, swap);
		return BNG_DROP_NONE;
	}
	sess_key_set_swapped(d, sess_key4_set(k, d->tenant, d->ip_proto, ip->src_addr, d->sport,
					      ip->dst_addr, d->dport));
	return BNG_DROP_NONE;
}

/**
 * Build the session key of a parsed IP packet.
 *
 * Sets BNG_DF_SWAPPED in d->flags when the key holds the packet's
 * destination first.
 *
 * @return BNG_DROP_NONE, or the reason the packet cannot be keyed.
 */
static inline enum bng_drop
sess_key_build(const struct rte_mbuf *m, struct bng_desc *d, union sess_key *k)
{
	const uint8_t *pkt = rte_pktmbuf_mtod(m, const uint8_t *);
	int swap;

	if (d->kind == BNG_PKT_IPV4)
		return sess_key_build4(m, d, &k->v4);
	if (unlikely(d->flags & BNG_DF_ICMP_ERR)) {
		enum bng_drop r = sess_key_icmp_err(pkt, d, k, &swap);

		if (r != BNG_DROP_NONE)
			return r;
	} else {
		const struct rte_ipv6_hdr *ip = (const void *)(pkt + d->l3_off);

		swap = sess_key6_set(&k->v6, d->tenant, d->ip_proto, ip->src_addr, d->sport,
				     ip->dst_addr, d->dport);
	}
	sess_key_set_swapped(d, swap);
	return BNG_DROP_NONE;
}

#endif /* SESS_KEY_H */
