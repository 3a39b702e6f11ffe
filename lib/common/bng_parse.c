/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * One-pass parser. Every length is checked against what the frame really
 * holds before a field is read, so a hostile frame can at worst be dropped
 * with a reason; it can never make the parser read past the buffer. Loops
 * (VLAN tags, IPv6 extension headers) have fixed upper bounds.
 */
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "bng_cksum.h"
#include "bng_parse.h"

#define PARSE_MAX_VLAN 2
#define PARSE_MAX_EXT  8 /* IPv6 extension headers walked before giving up */

#define PPPOE_HDR_LEN 6
#define PPP_PROTO_LEN 2

static inline enum bng_drop
parse_fail(struct bng_desc *d, enum bng_drop why)
{
	d->drop = why;
	return why;
}

static inline int
icmp4_is_error(uint8_t type)
{
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

static inline int
icmp6_is_error(uint8_t type)
{
	return type >= 1 && type <= 4;
}

static inline int
icmp_is_query(uint8_t proto, uint8_t type)
{
	if (proto == IPPROTO_ICMP)
		return type == 0 || type == 8 || type == 13 || type == 14;
	return type == 128 || type == 129;
}

/*
 * L4 header at frame offset @off with @avail bytes left in the IP datagram;
 * @seg bytes of the frame are contiguous (the first segment), and every
 * header must lie within them.
 * Returns BNG_DROP_NONE and sets ports/flags, or the reason.
 */
static enum bng_drop
parse_l4(const uint8_t *pkt, uint32_t off, uint32_t avail, uint32_t seg, struct bng_desc *d)
{
	d->l4_off = off;
	if (off > seg)
		return parse_fail(d, BNG_DROP_L4_TRUNC);
	/* Headers beyond the first segment count as missing. */
	if (avail > seg - off)
		avail = seg - off;
	switch (d->ip_proto) {
	case IPPROTO_TCP: {
		const struct rte_tcp_hdr *th = (const void *)(pkt + off);
		uint32_t doff;

		if (avail < sizeof(*th))
			return parse_fail(d, BNG_DROP_L4_TRUNC);
		doff = (th->data_off >> 4) * 4u;
		if (doff < sizeof(*th) || doff > avail)
			return parse_fail(d, BNG_DROP_TCP_BAD_DOFF);
		d->sport = th->src_port;
		d->dport = th->dst_port;
		d->tcp_flags = th->tcp_flags;
		d->flags |= BNG_DF_L4;
		break;
	}
	case IPPROTO_UDP: {
		const struct rte_udp_hdr *uh = (const void *)(pkt + off);

		if (avail < sizeof(*uh))
			return parse_fail(d, BNG_DROP_L4_TRUNC);
		d->sport = uh->src_port;
		d->dport = uh->dst_port;
		d->flags |= BNG_DF_L4;
		break;
	}
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6: {
		const struct rte_icmp_hdr *ih = (const void *)(pkt + off);
		int err;

		if (avail < sizeof(*ih))
			return parse_fail(d, BNG_DROP_L4_TRUNC);
		err = d->ip_proto == IPPROTO_ICMP ? icmp4_is_error(ih->icmp_type) :
						    icmp6_is_error(ih->icmp_type);
		if (icmp_is_query(d->ip_proto, ih->icmp_type)) {
			/* Request and reply carry the same id: use it as both
			 * "ports" so the two directions normalise to one key. */
			d->sport = ih->icmp_ident;
			d->dport = ih->icmp_ident;
			d->flags |= BNG_DF_L4;
		} else if (err) {
			d->flags |= BNG_DF_ICMP_ERR;
			d->inner_off = off + sizeof(*ih);
		}
		/* Other ICMP (ND, router discovery...) carries no id: the session
		 * key is the address pair and the type goes in sport. */
		if (!(d->flags & (BNG_DF_L4 | BNG_DF_ICMP_ERR)))
			d->sport = rte_cpu_to_be_16(ih->icmp_type);
		break;
	}
	default:
		break;
	}
	return BNG_DROP_NONE;
}

/* @len: frame bytes (all segments); @seg: contiguous bytes at pkt. */
static enum bng_drop
parse_ipv4(const uint8_t *pkt, uint32_t off, uint32_t len, uint32_t seg, struct bng_desc *d)
{
	const struct rte_ipv4_hdr *ip = (const void *)(pkt + off);
	uint32_t avail = len - off, hdr_avail = seg > off ? seg - off : 0;
	uint32_t ihl, tot;
	uint16_t frag;

	d->kind = BNG_PKT_IPV4;
	d->l3_off = off;
	if (hdr_avail < sizeof(*ip))
		return parse_fail(d, BNG_DROP_IP4_TRUNC);
	if ((ip->version_ihl >> 4) != 4)
		return parse_fail(d, BNG_DROP_IP4_BAD_VER);
	ihl = (ip->version_ihl & 0xf) * 4u;
	if (ihl < sizeof(*ip) || ihl > hdr_avail)
		return parse_fail(d, BNG_DROP_IP4_BAD_IHL);
	tot = rte_be_to_cpu_16(ip->total_length);
	/* Shorter than the frame is fine (Ethernet pads to 60 bytes). */
	if (tot < ihl || tot > avail)
		return parse_fail(d, BNG_DROP_IP4_BAD_LEN);
	if (!bng_ip4_cksum_ok(ip, ihl))
		return parse_fail(d, BNG_DROP_IP4_BAD_CSUM);
	d->l3_len = tot;
	d->ip_proto = ip->next_proto_id;
	if (ihl > sizeof(*ip))
		d->flags |= BNG_DF_IP_OPTS;
	frag = rte_be_to_cpu_16(ip->fragment_offset);
	if (frag & (RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)) {
		d->flags |= BNG_DF_FRAG;
		if (frag & RTE_IPV4_HDR_OFFSET_MASK) {
			d->flags |= BNG_DF_FRAG_LATER;
			return BNG_DROP_NONE;
		}
	}
	return parse_l4(pkt, off + ihl, tot - ihl, seg, d);
}

static inline int
ip6_is_ext(uint8_t nh)
{
	return nh == IPPROTO_HOPOPTS || nh == IPPROTO_ROUTING || nh == IPPROTO_DSTOPTS ||
	       nh == 135 || nh == IPPROTO_AH || nh == IPPROTO_FRAGMENT;
}

static enum bng_drop
parse_ipv6(const uint8_t *pkt, uint32_t off, uint32_t len, uint32_t seg, struct bng_desc *d)
{
	const struct rte_ipv6_hdr *ip = (const void *)(pkt + off);
	uint32_t avail = len - off, hdr_avail = seg > off ? seg - off : 0;
	uint32_t end, cur;
	uint8_t nh;
	int i;

	d->kind = BNG_PKT_IPV6;
	d->l3_off = off;
	if (hdr_avail < sizeof(*ip))
		return parse_fail(d, BNG_DROP_IP6_TRUNC);
	if ((rte_be_to_cpu_32(ip->vtc_flow) >> 28) != 6)
		return parse_fail(d, BNG_DROP_IP6_BAD_VER);
	end = sizeof(*ip) + rte_be_to_cpu_16(ip->payload_len);
	if (end > avail)
		return parse_fail(d, BNG_DROP_IP6_BAD_LEN);
	d->l3_len = end;
	nh = ip->proto;
	cur = sizeof(*ip);
	/* Up to PARSE_MAX_EXT headers, then one more pass to find the payload. */
	for (i = 0; i <= PARSE_MAX_EXT; i++) {
		const uint8_t *x = pkt + off + cur;
		uint32_t xlen;

		if (!ip6_is_ext(nh))
			goto done;
		if (i == PARSE_MAX_EXT || cur + 8 > hdr_avail)
			break;
		switch (nh) {
		case IPPROTO_HOPOPTS:
			/* Hop-by-hop must come straight after the fixed header. */
			if (cur != sizeof(*ip))
				return parse_fail(d, BNG_DROP_IP6_BAD_EXT);
			/* fall through */
		case IPPROTO_ROUTING:
		case IPPROTO_DSTOPTS:
		case 135: /* mobility */
			if (cur + 2 > end)
				return parse_fail(d, BNG_DROP_IP6_BAD_EXT);
			xlen = (x[1] + 1u) * 8;
			break;
		case IPPROTO_AH:
			if (cur + 2 > end)
				return parse_fail(d, BNG_DROP_IP6_BAD_EXT);
			xlen = (x[1] + 2u) * 4;
			break;
		case IPPROTO_FRAGMENT: {
			uint16_t fo;

			if (cur + 8 > end)
				return parse_fail(d, BNG_DROP_IP6_BAD_EXT);
			fo = (uint16_t)(x[2] << 8 | x[3]);
			d->flags |= BNG_DF_FRAG;
			if (fo & 0xfff8) {
				d->flags |= BNG_DF_FRAG_LATER | BNG_DF_IP_OPTS;
				d->ip_proto = x[0];
				return BNG_DROP_NONE;
			}
			xlen = 8;
			break;
		}
		default:
			goto done;
		}
		if (cur + xlen > end)
			return parse_fail(d, BNG_DROP_IP6_BAD_EXT);
		d->flags |= BNG_DF_IP_OPTS;
		nh = x[0];
		cur += xlen;
	}
	/* More extension headers than any sane sender uses. */
	return parse_fail(d, BNG_DROP_IP6_BAD_EXT);
done:
	d->ip_proto = nh;
	if (nh == IPPROTO_NONE)
		return BNG_DROP_NONE;
	return parse_l4(pkt, off + cur, end - cur, seg, d);
}

enum bng_drop
bng_parse(struct rte_mbuf *m, struct bng_desc *d)
{
	const uint8_t *pkt = rte_pktmbuf_mtod(m, const uint8_t *);
	/* Headers are read from the first segment; lengths are checked
	 * against the whole frame (reassembled packets are chains). */
	uint32_t seg = rte_pktmbuf_data_len(m), len = rte_pktmbuf_pkt_len(m);
	uint32_t off = sizeof(struct rte_ether_hdr);
	uint16_t et;
	int nv = 0;

	d->l4_off = 0;
	d->l3_len = 0;
	d->vlan[0] = d->vlan[1] = 0;
	d->pppoe_sid = 0;
	d->kind = BNG_PKT_OTHER;
	d->ip_proto = 0;
	d->flags = 0;
	d->tcp_flags = 0;
	d->sport = d->dport = 0;
	d->inner_off = 0;
	d->n_vlan = 0;
	d->drop = BNG_DROP_NONE;
	d->l3_off = 0;

	if (seg < sizeof(struct rte_ether_hdr))
		return parse_fail(d, BNG_DROP_RUNT);
	et = ((const struct rte_ether_hdr *)pkt)->ether_type;
	while (et == RTE_BE16(RTE_ETHER_TYPE_VLAN) || et == RTE_BE16(RTE_ETHER_TYPE_QINQ) ||
	       et == RTE_BE16(RTE_ETHER_TYPE_QINQ1)) {
		const struct rte_vlan_hdr *vh = (const void *)(pkt + off);

		if (nv == PARSE_MAX_VLAN)
			return parse_fail(d, BNG_DROP_VLAN_TOO_DEEP);
		if (off + sizeof(*vh) > seg)
			return parse_fail(d, BNG_DROP_VLAN_TRUNC);
		d->vlan[nv++] = rte_be_to_cpu_16(vh->vlan_tci) & 0xfff;
		et = vh->eth_proto;
		off += sizeof(*vh);
	}
	d->n_vlan = nv;
	d->l3_off = off;

	switch (et) {
	case RTE_BE16(RTE_ETHER_TYPE_IPV4):
		return parse_ipv4(pkt, off, len, seg, d);
	case RTE_BE16(RTE_ETHER_TYPE_IPV6):
		return parse_ipv6(pkt, off, len, seg, d);
	case RTE_BE16(RTE_ETHER_TYPE_ARP):
		d->kind = BNG_PKT_ARP;
		if (seg - off < 28)
			return parse_fail(d, BNG_DROP_ARP_TRUNC);
		return BNG_DROP_NONE;
	case RTE_BE16(RTE_ETHER_TYPE_PPPOE_DISCOVERY):
		d->kind = BNG_PKT_PPPOE_DISC;
		if (seg - off < PPPOE_HDR_LEN)
			return parse_fail(d, BNG_DROP_PPPOE_TRUNC);
		return BNG_DROP_NONE;
	case RTE_BE16(RTE_ETHER_TYPE_PPPOE_SESSION): {
		const uint8_t *ph = pkt + off;
		uint32_t plen;
		uint16_t proto;

		if (seg - off < PPPOE_HDR_LEN + PPP_PROTO_LEN)
			return parse_fail(d, BNG_DROP_PPPOE_TRUNC);
		if (ph[0] != 0x11 || ph[1] != 0)
			return parse_fail(d, BNG_DROP_PPPOE_BAD_HDR);
		plen = (uint32_t)(ph[4] << 8 | ph[5]);
		if (plen < PPP_PROTO_LEN || off + PPPOE_HDR_LEN + plen > len)
			return parse_fail(d, BNG_DROP_PPPOE_BAD_LEN);
		memcpy(&d->pppoe_sid, ph + 2, sizeof(d->pppoe_sid));
		d->flags |= BNG_DF_PPPOE;
		proto = (uint16_t)(ph[6] << 8 | ph[7]);
		off += PPPOE_HDR_LEN + PPP_PROTO_LEN;
		/* The PPPoE length bounds the IP datagram, not the frame. */
		len = off + plen - PPP_PROTO_LEN;
		if (proto == BNG_PPP_IPV4)
			return parse_ipv4(pkt, off, len, seg, d);
		if (proto == BNG_PPP_IPV6)
			return parse_ipv6(pkt, off, len, seg, d);
		d->kind = BNG_PKT_PPP_CTRL;
		d->l3_off = off;
		return BNG_DROP_NONE;
	}
	default:
		return parse_fail(d, BNG_DROP_ETHERTYPE);
	}
}
