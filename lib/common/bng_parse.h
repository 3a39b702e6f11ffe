/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The one-pass packet parser: Ethernet, 802.1Q/QinQ, PPPoE discovery and
 * session, ARP, IPv4 (options, fragments), IPv6 (extension header chain),
 * TCP/UDP/ICMP/ICMPv6 ports and identifiers, and the header quoted inside
 * ICMP errors. It validates as it goes and names the first inconsistency.
 */
#ifndef BNG_PARSE_H
#define BNG_PARSE_H

#include <string.h>

#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

#include "bng_bswap.h"
#include "bng_cksum.h"
#include "bng_desc.h"
#include "bng_drop.h"

/** PPP protocol numbers carried in PPPoE session frames. */
#define BNG_PPP_IPV4 0x0021
#define BNG_PPP_IPV6 0x0057

/**
 * Parse a frame into its descriptor.
 *
 * Fills every field of @p d except port, role, tenant, owner and the
 * session/next-hop fields, which belong to later stages.
 *
 * @param m  the frame (headers must be in the first segment)
 * @param d  the descriptor to fill
 * @return BNG_DROP_NONE when the packet may go on, otherwise the reason it
 *         must be dropped (also stored in d->drop).
 */
enum bng_drop bng_parse(struct rte_mbuf *m, struct bng_desc *d);

/**
 * bng_parse() with an inline fast path for the frame that dominates real
 * traffic: untagged IPv4 with a 20-byte header, not a fragment, carrying
 * TCP or UDP with a complete header. It checks exactly what bng_parse()
 * checks and fills the descriptor identically; anything else goes to
 * bng_parse(). The header checksum is not summed again when the port has
 * found it good (RTE_MBUF_F_RX_IP_CKSUM_GOOD); one found bad, or not
 * looked at, is summed (and dropped by bng_parse() when wrong).
 */
static inline enum bng_drop
bng_parse_fast(struct rte_mbuf *m, struct bng_desc *d)
{
	const uint8_t *pkt = rte_pktmbuf_mtod(m, const uint8_t *);
	uint32_t len = rte_pktmbuf_data_len(m);
	const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)(pkt + 14);
	uint32_t tot;
	uint8_t proto;

	if (unlikely(len < 14 + 20 + 20 ||
		     ((const struct rte_ether_hdr *)pkt)->ether_type != RTE_BE16(RTE_ETHER_TYPE_IPV4) ||
		     ip->version_ihl != 0x45 ||
		     (ip->fragment_offset & RTE_BE16(RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK))))
		return bng_parse(m, d);
	tot = bng_ntohs(ip->total_length);
	proto = ip->next_proto_id;
	if (unlikely(tot > len - 14 || (proto != IPPROTO_UDP && proto != IPPROTO_TCP) ||
		     tot < 20 + (proto == IPPROTO_TCP ? 20u : 8u) ||
		     (proto == IPPROTO_TCP && ((pkt[14 + 20 + 12] >> 4) < 5 ||
					       (pkt[14 + 20 + 12] >> 4) * 4u > tot - 20)) ||
		     ((m->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK) != RTE_MBUF_F_RX_IP_CKSUM_GOOD &&
		      !bng_ip4_cksum_ok(ip, 20))))
		return bng_parse(m, d);
	d->l3_off = 14;
	d->l4_off = 14 + 20;
	d->l3_len = (uint16_t)tot;
	d->vlan[0] = 0;
	d->vlan[1] = 0;
	d->pppoe_sid = 0;
	d->kind = BNG_PKT_IPV4;
	d->ip_proto = proto;
	d->flags = BNG_DF_L4;
	d->tcp_flags = proto == IPPROTO_TCP ? pkt[14 + 20 + 13] : 0;
	memcpy(&d->sport, pkt + 14 + 20, 4);
	d->inner_off = 0;
	d->n_vlan = 0;
	d->drop = BNG_DROP_NONE;
	return BNG_DROP_NONE;
}

#endif /* BNG_PARSE_H */
