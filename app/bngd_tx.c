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

/*
 * Lower the MSS option of a TCP SYN (IPv4 or IPv6) to @p mss. The TCP
 * header is where the parser found it (d->l4_off); only its first
 * segment's bytes are looked at.
 */
static void
mss_limit(struct bngd_worker *w, struct rte_mbuf *m, const struct bng_desc *d, uint16_t mss)
{
	uint32_t end;

	/* tcp_flags may outlive the TCP header: an ICMP error the router made
	 * about a SYN keeps it, its protocol says ICMP. */
	if ((d->kind != BNG_PKT_IPV4 && d->kind != BNG_PKT_IPV6) || d->ip_proto != IPPROTO_TCP ||
	    !(d->flags & BNG_DF_L4) || (d->flags & BNG_DF_FRAG_LATER) || d->l4_off <= d->l3_off)
		return;
	end = RTE_MIN((uint32_t)d->l3_off + d->l3_len, (uint32_t)rte_pktmbuf_data_len(m));
	if (end < d->l4_off + sizeof(struct rte_tcp_hdr))
		return;
	if (bng_tcp_mss_clamp(rte_pktmbuf_mtod_offset(m, struct rte_tcp_hdr *, d->l4_off),
			      end - d->l4_off, mss) > 0)
		w->ip.mss_clamped++;
}

void
bngd_mss_clamp(struct bngd_worker *w, struct rte_mbuf *m, const struct bng_desc *d, uint16_t mtu)
{
	uint32_t over = d->kind == BNG_PKT_IPV6 ? BNG_TCP_MSS_OVERHEAD6 : BNG_TCP_MSS_OVERHEAD4;

	if (mtu > over)
		mss_limit(w, m, d, (uint16_t)(mtu - over));
}

void
bngd_syn_clamp(struct bngd_worker *w, struct rte_mbuf *m, const struct bng_desc *d,
	       const struct fib_nh *nh)
{
	const struct bngd *a = w->app;
	uint32_t over = d->kind == BNG_PKT_IPV6 ? BNG_TCP_MSS_OVERHEAD6 : BNG_TCP_MSS_OVERHEAD4;
	uint32_t mss = UINT16_MAX;

	/* The tightest of: the subscriber's session MTU (towards it), and the
	 * tcp_mss of the port it came in on and of the port it leaves by. */
	if ((nh->host & FIB_HOST_SUB) && nh->clamp_mtu > over)
		mss = nh->clamp_mtu - over;
	if (a->port_mss[d->port] != 0)
		mss = RTE_MIN(mss, (uint32_t)a->port_mss[d->port]);
	if (a->port_mss[nh->port] != 0)
		mss = RTE_MIN(mss, (uint32_t)a->port_mss[nh->port]);
	if (mss != UINT16_MAX)
		mss_limit(w, m, d, (uint16_t)mss);
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
	if (d->tcp_flags & RTE_TCP_SYN_FLAG)
		bngd_syn_clamp(w, m, d, nh);
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
			eh = bngd_l2_sub(frags[i], nh,
					 (uint16_t)(rte_pktmbuf_pkt_len(frags[i]) - sizeof(*eh)),
					 d->kind == BNG_PKT_IPV6);
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
