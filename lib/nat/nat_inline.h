/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The NAT's per-packet translation, inline, so that a worker running the
 * common NAT service set can translate without an indirect call. The NAT
 * service (nat_service) runs the same code.
 */
#ifndef NAT_INLINE_H
#define NAT_INLINE_H

#include <string.h>

#include <rte_ip.h>
#include <rte_mbuf.h>

#include "bng_cksum.h"
#include "bng_desc.h"
#include "nat.h"
#include "sess.h"
#include "sess_chain.h"

#define NAT_INBOUND  0x80000000u /**< in nat_sess.map: the outside started the session */
#define NAT_PERMIT   0x40000000u /**< in nat_sess.map: holds an address-dependent permit */
#define NAT_STATIC   0x20000000u /**< in nat_sess.map: a static rule's session, no mapping */
#define NAT_MAP_IDX(m) ((m) & ~(NAT_INBOUND | NAT_PERMIT | NAT_STATIC))

/** The session state the NAT service keeps in sess_entry.svc_data. */
struct nat_sess {
	uint32_t inside;        /**< inside address (network order) */
	uint32_t ext;           /**< external address; 0: the session is not translated */
	uint16_t iport, eport;  /**< network order; ICMP: identifiers */
	uint32_t map;           /**< mapping index | NAT_INBOUND | NAT_PERMIT */
};

static inline struct nat_sess *
nat_sess_of(struct sess_entry *s)
{
	static_assert(sizeof(struct nat_sess) <= sizeof(s->svc_data), "NAT session state");
	return (struct nat_sess *)s->svc_data;
}

/** Translate an ICMP error with the packet it quotes (RFC 5508); out of line. */
void nat_translate_error(struct nat_stats *st, struct sess_entry *s, struct rte_mbuf *mb,
			 struct bng_desc *d, uint32_t dir);

static inline uint16_t
nat_ld16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

static inline void
nat_st16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

/*
 * Rewrite the source (@p src) or destination address of an IPv4 header at
 * @p ip and, when @p l4 is not NULL, the TCP/UDP port or ICMP identifier of
 * its @p proto header there, fixing every checksum incrementally. Offsets
 * are those of RFC 791/793/768/792 (the headers are packed).
 */
static inline void
nat_rewrite_hdr(uint8_t *ip, uint8_t *l4, uint8_t proto, int src, uint32_t new_addr,
		uint16_t new_port)
{
	uint32_t old_addr;
	unsigned int po = src ? 0 : 2;

	memcpy(&old_addr, ip + (src ? 12 : 16), 4);
	memcpy(ip + (src ? 12 : 16), &new_addr, 4);
	nat_st16(ip + 10, bng_cksum_update32(nat_ld16(ip + 10), old_addr, new_addr));
	if (l4 == NULL)
		return;
	switch (proto) {
	case IPPROTO_TCP:
		nat_st16(l4 + 16, bng_cksum_update16(bng_cksum_update32(nat_ld16(l4 + 16), old_addr, new_addr),
						 nat_ld16(l4 + po), new_port));
		nat_st16(l4 + po, new_port);
		break;
	case IPPROTO_UDP:
		/* A zero UDP checksum means "none" and stays so. */
		if (nat_ld16(l4 + 6) != 0) {
			uint16_t c = bng_cksum_update16(bng_cksum_update32(nat_ld16(l4 + 6), old_addr,
									   new_addr),
							nat_ld16(l4 + po), new_port);

			nat_st16(l4 + 6, c ? c : 0xffff);
		}
		nat_st16(l4 + po, new_port);
		break;
	case IPPROTO_ICMP:
		/* Queries only (errors never reach here): the identifier. */
		nat_st16(l4 + 2, bng_cksum_update16(nat_ld16(l4 + 2), nat_ld16(l4 + 4), new_port));
		nat_st16(l4 + 4, new_port);
		break;
	default:
		break;
	}
}

/* nat_rewrite_hdr() on a parsed packet. */
static inline void
nat_rewrite(struct rte_mbuf *mb, struct bng_desc *d, int src, uint32_t new_addr, uint16_t new_port)
{
	nat_rewrite_hdr(rte_pktmbuf_mtod_offset(mb, uint8_t *, d->l3_off),
			(!(d->flags & BNG_DF_L4) || (d->flags & BNG_DF_FRAG_LATER)) ? NULL :
				rte_pktmbuf_mtod_offset(mb, uint8_t *, d->l4_off),
			d->ip_proto, src, new_addr, new_port);
}

/**
 * Which way a packet of NAT session @p s (direction @p dir in it) is
 * translated: 1 inside to outside (the source), 0 outside to inside.
 */
static inline int
nat_outbound(const struct nat_sess *ns, uint32_t dir)
{
	return (dir == 0) ^ !!(ns->map & NAT_INBOUND);
}

/**
 * Translate a packet of a NAT session: the source on the way out, the
 * destination on the way in (then routed again, in the subscriber's
 * tenant). @p st: the worker's NAT counters.
 */
static inline enum sess_verdict
nat_translate(struct nat_stats *st, struct sess_entry *s, struct rte_mbuf *mb, struct bng_desc *d,
	      uint32_t dir)
{
	const struct nat_sess *ns = nat_sess_of(s);

	if (unlikely(ns->ext == 0 || d->kind != BNG_PKT_IPV4))
		return SESS_CONTINUE;
	if (unlikely(d->flags & BNG_DF_ICMP_ERR)) {
		nat_translate_error(st, s, mb, d, dir);
		return SESS_CONTINUE;
	}
	if (nat_outbound(ns, dir)) {
		/* Inside to outside: the source becomes the mapping. */
		nat_rewrite(mb, d, 1, ns->ext, ns->eport);
		st->translated_out++;
	} else {
		/* Outside to inside: back to the subscriber, routed in its tenant. */
		nat_rewrite(mb, d, 0, ns->inside, ns->iport);
		d->tenant = s->tenant;
		d->l3flags &= ~BNG_L3F_NH;
		st->translated_in++;
	}
	return SESS_CONTINUE;
}

#endif /* NAT_INLINE_H */
