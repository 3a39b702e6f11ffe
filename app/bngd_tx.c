/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Transmission: buffered TX per port and worker, the drain, IPv4
 * fragmentation on output, and the MSS clamp of subscribers' TCP SYNs.
 */
#include <rte_ethdev.h>
#include <rte_ip.h>

#include "bng_tcp.h"
#include "bngd_tx.h"

void
bngd_trace_final(struct bngd_worker *w, const struct bng_desc *d, enum bng_trace_stage st,
		 uint16_t a, uint32_t b)
{
	bng_trace_event(w->app->trace, d, (uint8_t)w->idx, st, a, b);
	bng_trace_done(w->app->trace, d);
}

void
bngd_tx_flush(struct bngd_worker *w, uint16_t port)
{
	struct bngd_txbuf *b = &w->tx[port];
	uint64_t t0 = rte_rdtsc();
	uint16_t sent = rte_eth_tx_burst(port, w->idx, b->pkts, b->n);

	w->tx_cycles += rte_rdtsc() - t0;
	w->st.tx += sent;
	if (unlikely(sent < b->n)) {
		w->drops.count[BNG_DROP_TX_FULL] += b->n - sent;
		rte_pktmbuf_free_bulk(&b->pkts[sent], b->n - sent);
	}
	b->n = 0;
}

void
bngd_tx_drain(struct bngd_worker *w)
{
	for (uint16_t i = 0; i < w->app->n_ports; i++) {
		uint16_t p = w->app->ports[i].id;

		if (w->tx[p].n)
			bngd_tx_flush(w, p);
	}
}

void
bngd_mss_clamp(struct bngd_worker *w, struct rte_mbuf *m, const struct bng_desc *d, uint16_t mtu)
{
	const struct rte_ipv4_hdr *ip;
	uint32_t ihl, seg;

	/* tcp_flags may outlive the TCP header: an ICMP error the router made
	 * about a SYN keeps it, its protocol says ICMP. */
	if (d->kind != BNG_PKT_IPV4 || d->ip_proto != IPPROTO_TCP ||
	    (d->flags & BNG_DF_FRAG_LATER) || mtu <= BNG_TCP_MSS_OVERHEAD4)
		return;
	ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, d->l3_off);
	ihl = rte_ipv4_hdr_len(ip);
	seg = RTE_MIN((uint32_t)d->l3_len, (uint32_t)rte_pktmbuf_data_len(m) - d->l3_off);
	if (seg < ihl + sizeof(struct rte_tcp_hdr))
		return;
	if (bng_tcp_mss_clamp((struct rte_tcp_hdr *)((uintptr_t)ip + ihl), seg - ihl,
			      (uint16_t)(mtu - BNG_TCP_MSS_OVERHEAD4)) > 0)
		w->ip.mss_clamped++;
}

#define FRAGS_MAX 64

void
bngd_tx_fragment(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d)
{
	const struct bngd *a = w->app;
	const struct fib_nh *nh = &a->fib->nh[d->nh];
	struct rte_mbuf *frags[FRAGS_MAX];
	int32_t n;

	if (TRACED(d)) {
		bng_trace_event(a->trace, d, (uint8_t)w->idx, BNG_TR_L3, nh->port, d->nh);
		bngd_trace_final(w, d, BNG_TR_TX, nh->port, w->idx);
	}
	if ((d->tcp_flags & RTE_TCP_SYN_FLAG) && nh->clamp_mtu != 0)
		bngd_mss_clamp(w, m, d, nh->clamp_mtu);
	/* rte_ip_frag wants the IP header first; fragments share the payload
	 * through indirect mbufs, so the original is released right after. */
	rte_pktmbuf_adj(m, d->l3_off);
	if (d->kind == BNG_PKT_IPV4)
		n = rte_ipv4_fragment_packet(m, frags, FRAGS_MAX, a->fib->port[nh->port].mtu,
					     a->pool, a->indirect);
	else
		n = rte_ipv6_fragment_packet(m, frags, FRAGS_MAX, a->fib->port[nh->port].mtu,
					     a->pool, a->indirect);
	rte_pktmbuf_free(m);
	if (n <= 0) {
		w->drops.count[BNG_DROP_FRAG_FAILED]++;
		return;
	}
	w->ip.fragmented++;
	w->ip6_id++;
	for (int32_t i = 0; i < n; i++) {
		struct rte_ether_hdr *eh =
			(struct rte_ether_hdr *)rte_pktmbuf_prepend(frags[i], sizeof(*eh));
		struct rte_ipv4_hdr *ip;

		if (eh == NULL) {
			w->drops.count[BNG_DROP_FRAG_FAILED]++;
			rte_pktmbuf_free(frags[i]);
			continue;
		}
		if (d->kind == BNG_PKT_IPV4) {
			/* rte_ip_frag leaves the header checksum to the caller (or
			 * to TX offload, which the vdevs do not have). */
			ip = (struct rte_ipv4_hdr *)(eh + 1);
			ip->hdr_checksum = 0;
			ip->hdr_checksum = rte_ipv4_cksum(ip);
			eh->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV4);
		} else {
			/* rte_ip_frag writes identification 0; RFC 8200 4.5 wants
			 * one per datagram (the router is the source here). */
			struct rte_ipv6_fragment_ext *fh = (struct rte_ipv6_fragment_ext *)
				((uint8_t *)(eh + 1) + sizeof(struct rte_ipv6_hdr));

			fh->id = rte_cpu_to_be_32(w->ip6_id);
			eh->ether_type = RTE_BE16(RTE_ETHER_TYPE_IPV6);
		}
		/* A subscriber's VLAN tags and PPPoE session, sized to this fragment. */
		if (nh->vlan[0] != 0 || nh->pppoe_sid != 0) {
			struct bng_desc fd = *d;

			fd.l3_len = (uint16_t)(rte_pktmbuf_pkt_len(frags[i]) - sizeof(*eh));
			eh = bngd_l2_sub(frags[i], nh, &fd);
			if (eh == NULL) {
				w->drops.count[BNG_DROP_FRAG_FAILED]++;
				rte_pktmbuf_free(frags[i]);
				continue;
			}
		}
		rte_ether_addr_copy(&nh->dmac, &eh->dst_addr);
		rte_ether_addr_copy(&nh->smac, &eh->src_addr);
		w->ip.fragments_out++;
		bngd_tx_enqueue(w, nh->port, frags[i]);
	}
}
