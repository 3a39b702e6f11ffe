/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * ICMP errors and echo replies, built in place. The quoted datagram stays
 * where it is in the buffer; the new IP and ICMP headers are written in
 * front of it, in the room the old L2 header and the headroom give.
 */
#include <errno.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_icmp.h>
#include <rte_ip.h>

#include "bng_cksum.h"
#include "fib_icmp.h"

static int
unicast4(uint32_t a)
{
	uint8_t top = (uint8_t)(rte_be_to_cpu_32(a) >> 24);

	return top != 0 && top != 127 && top < 224;
}

static int
unicast6(const uint8_t *a)
{
	static const uint8_t zero[16];

	return a[0] != 0xff && memcmp(a, zero, 16) != 0;
}

int
fib_icmp_error_allowed(const struct rte_mbuf *m, const struct bng_desc *d)
{
	const uint8_t *l3 = rte_pktmbuf_mtod_offset(m, const uint8_t *, d->l3_off);

	if (d->flags & (BNG_DF_ICMP_ERR | BNG_DF_FRAG_LATER))
		return 0;
	/* Not about a frame sent to a link-layer broadcast or multicast address. */
	if (rte_pktmbuf_mtod(m, const uint8_t *)[0] & 1)
		return 0;
	if (d->kind == BNG_PKT_IPV4) {
		const struct rte_ipv4_hdr *ip = (const void *)l3;

		return unicast4(ip->src_addr);
	}
	if (d->kind == BNG_PKT_IPV6)
		return unicast6(((const struct rte_ipv6_hdr *)l3)->src_addr);
	return 0;
}

/* Cut a (possibly chained) mbuf down to @p len bytes. */
static void
truncate_to(struct rte_mbuf *m, uint32_t len)
{
	struct rte_mbuf *seg = m;
	uint32_t left = len;

	if (rte_pktmbuf_pkt_len(m) <= len)
		return;
	while (seg->data_len < left && seg->next != NULL) {
		left -= seg->data_len;
		seg = seg->next;
	}
	seg->data_len = (uint16_t)left;
	if (seg->next != NULL) {
		rte_pktmbuf_free(seg->next);
		seg->next = NULL;
	}
	m->pkt_len = len;
	m->nb_segs = 1;
	for (struct rte_mbuf *s = m; s->next != NULL; s = s->next)
		m->nb_segs++;
}

/* Make exactly @p need bytes precede the data now at offset @p have. */
static int
make_room(struct rte_mbuf *m, uint32_t have, uint32_t need)
{
	if (have < need)
		return rte_pktmbuf_prepend(m, (uint16_t)(need - have)) != NULL ? 0 : -ENOSPC;
	rte_pktmbuf_adj(m, (uint16_t)(have - need));
	return 0;
}

static uint16_t
sum_mbuf(const struct rte_mbuf *m, uint32_t off, uint32_t len, uint32_t init)
{
	uint16_t raw = 0;
	uint32_t sum;

	rte_raw_cksum_mbuf(m, off, len, &raw);
	sum = init + raw;
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

int
fib_icmp_error(struct rte_mbuf *m, struct bng_desc *d, const uint8_t *src, uint8_t type,
	       uint8_t code, uint32_t info, uint16_t ip_id)
{
	const uint32_t l2 = sizeof(struct rte_ether_hdr);
	const uint8_t *orig = rte_pktmbuf_mtod_offset(m, const uint8_t *, d->l3_off);
	struct rte_icmp_hdr *ic;
	uint32_t q;

	if (!fib_icmp_error_allowed(m, d))
		return -EINVAL;
	if (d->kind == BNG_PKT_IPV4) {
		const uint32_t hl = sizeof(struct rte_ipv4_hdr) + sizeof(*ic);
		struct rte_ipv4_hdr *ip;
		uint32_t dst;
		uint8_t tos;

		q = RTE_MIN((uint32_t)d->l3_len, FIB_ICMP4_ERR_MAX - hl);
		memcpy(&dst, orig + 12, 4);
		tos = orig[1];
		truncate_to(m, d->l3_off + q);
		if (make_room(m, d->l3_off, l2 + hl) != 0)
			return -ENOSPC;
		ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, l2);
		ip->version_ihl = 0x45;
		/* RFC 1812 4.3.2.5 / Linux: internetwork control precedence. */
		ip->type_of_service = (uint8_t)((tos & 0x1e) | 0xc0);
		ip->total_length = rte_cpu_to_be_16((uint16_t)(hl + q));
		ip->packet_id = rte_cpu_to_be_16(ip_id);
		ip->fragment_offset = 0;
		ip->time_to_live = 64;
		ip->next_proto_id = IPPROTO_ICMP;
		ip->hdr_checksum = 0;
		memcpy(&ip->src_addr, src, 4);
		ip->dst_addr = dst;
		ip->hdr_checksum = rte_ipv4_cksum(ip);
		ic = (struct rte_icmp_hdr *)(ip + 1);
		ic->icmp_type = type;
		ic->icmp_code = code;
		ic->icmp_cksum = 0;
		/* Next-hop MTU in the low half of the second word (RFC 1191). */
		ic->icmp_ident = 0;
		ic->icmp_seq_nb = rte_cpu_to_be_16((uint16_t)info);
		ic->icmp_cksum = sum_mbuf(m, l2 + sizeof(*ip), sizeof(*ic) + q, 0);
		d->kind = BNG_PKT_IPV4;
		d->ip_proto = IPPROTO_ICMP;
		d->l3_len = (uint16_t)(hl + q);
	} else {
		const uint32_t hl = sizeof(struct rte_ipv6_hdr) + sizeof(*ic);
		struct rte_ipv6_hdr *ip;
		uint8_t dst[16];

		q = RTE_MIN((uint32_t)d->l3_len, FIB_ICMP6_ERR_MAX - hl);
		memcpy(dst, orig + 8, 16);
		truncate_to(m, d->l3_off + q);
		if (make_room(m, d->l3_off, l2 + hl) != 0)
			return -ENOSPC;
		ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv6_hdr *, l2);
		ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
		ip->payload_len = rte_cpu_to_be_16((uint16_t)(sizeof(*ic) + q));
		ip->proto = IPPROTO_ICMPV6;
		ip->hop_limits = 64;
		memcpy(ip->src_addr, src, 16);
		memcpy(ip->dst_addr, dst, 16);
		ic = (struct rte_icmp_hdr *)(ip + 1);
		ic->icmp_type = type;
		ic->icmp_code = code;
		ic->icmp_cksum = 0;
		/* The MTU of packet too big fills the whole second word. */
		ic->icmp_ident = rte_cpu_to_be_16((uint16_t)(info >> 16));
		ic->icmp_seq_nb = rte_cpu_to_be_16((uint16_t)info);
		ic->icmp_cksum = sum_mbuf(m, l2 + sizeof(*ip), sizeof(*ic) + q,
					  rte_ipv6_phdr_cksum(ip, 0));
		d->kind = BNG_PKT_IPV6;
		d->ip_proto = IPPROTO_ICMPV6;
		d->l3_len = (uint16_t)(hl + q);
	}
	/* The caller fills in the MAC addresses; the EtherType is known now. */
	rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->ether_type =
		d->kind == BNG_PKT_IPV4 ? RTE_BE16(RTE_ETHER_TYPE_IPV4) : RTE_BE16(RTE_ETHER_TYPE_IPV6);
	d->l3_off = (uint16_t)l2;
	d->l4_off = (uint16_t)(d->l3_len - sizeof(*ic) - q + l2);
	/* A traced packet stays traced as it turns into its error. */
	d->flags &= BNG_DF_TRACE;
	d->n_vlan = 0;
	return 0;
}

int
fib_icmp_echo_reply(struct rte_mbuf *m, struct bng_desc *d)
{
	uint8_t *l3 = rte_pktmbuf_mtod_offset(m, uint8_t *, d->l3_off);
	struct rte_icmp_hdr *ic;

	if (d->l4_off == 0 || (d->flags & BNG_DF_FRAG))
		return -EINVAL;
	ic = rte_pktmbuf_mtod_offset(m, struct rte_icmp_hdr *, d->l4_off);
	truncate_to(m, d->l3_off + d->l3_len);
	if (d->kind == BNG_PKT_IPV4) {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)l3;
		uint32_t a = ip->src_addr;

		if (d->ip_proto != IPPROTO_ICMP || ic->icmp_type != RTE_IP_ICMP_ECHO_REQUEST ||
		    ic->icmp_code != 0)
			return -EINVAL;
		ip->src_addr = ip->dst_addr;
		ip->dst_addr = a;
		ip->time_to_live = 64;
		ip->hdr_checksum = 0;
		ip->hdr_checksum = rte_ipv4_cksum(ip);
		ic->icmp_type = RTE_IP_ICMP_ECHO_REPLY;
		ic->icmp_cksum = bng_cksum_update16(ic->icmp_cksum,
						    rte_cpu_to_be_16(RTE_IP_ICMP_ECHO_REQUEST << 8),
						    rte_cpu_to_be_16(RTE_IP_ICMP_ECHO_REPLY << 8));
	} else {
		struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)l3;
		uint8_t a[16];

		if (d->ip_proto != IPPROTO_ICMPV6 || ic->icmp_type != 128 || ic->icmp_code != 0)
			return -EINVAL;
		/* Swapping the addresses leaves the pseudo-header sum unchanged. */
		memcpy(a, ip->src_addr, 16);
		memcpy(ip->src_addr, ip->dst_addr, 16);
		memcpy(ip->dst_addr, a, 16);
		ip->hop_limits = 64;
		ic->icmp_type = 129;
		ic->icmp_cksum = bng_cksum_update16(ic->icmp_cksum, rte_cpu_to_be_16(128 << 8),
						    rte_cpu_to_be_16(129 << 8));
	}
	return 0;
}
