/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The ends of the worker's pipeline, shared by the forwarding path and the
 * router's own replies: dropping with a reason, token buckets, L2 rewrite
 * and buffered transmission.
 */
#ifndef BNGD_TX_H
#define BNGD_TX_H

#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>

#include "bngd.h"

#define TRACED(d) unlikely((d)->flags & BNG_DF_TRACE)

/** Last event of a traced packet; out of line, traced packets are rare. */
void bngd_trace_final(struct bngd_worker *w, const struct bng_desc *d, enum bng_trace_stage st,
		      uint16_t a, uint32_t b);

/** Send a port's buffered packets now. */
void bngd_tx_flush(struct bngd_worker *w, uint16_t port);

/** Send every port's buffered packets (drain timer, exit). */
void bngd_tx_drain(struct bngd_worker *w);

/**
 * Fragment a packet larger than its egress MTU and send the fragments to
 * the next hop (rte_ip_frag): forwarded IPv4 with DF clear (RFC 791), and
 * IPv6 only for packets the router itself sends (RFC 8200 5).
 */
void bngd_tx_fragment(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d);

/**
 * Lower the MSS of a TCP SYN (or SYN-ACK) to or from a subscriber so that
 * its segments fit @p mtu, its session's (fib_nh.clamp_mtu), and count it.
 * Out of line: only SYNs come here; every other packet pays the caller's
 * test of d->tcp_flags. Anything but a TCP header (IPv4 or IPv6) with
 * well-formed options is left as it is.
 */
void bngd_mss_clamp(struct bngd_worker *w, struct rte_mbuf *m, const struct bng_desc *d,
		    uint16_t mtu);

/**
 * A SYN leaving for next hop @p nh: its MSS lowered to the tightest of the
 * subscriber's session MTU (a PPPoE session's next hop) and the tcp_mss of
 * its ingress and egress ports (bngd.port_mss). Out of line, like
 * bngd_mss_clamp().
 */
void bngd_syn_clamp(struct bngd_worker *w, struct rte_mbuf *m, const struct bng_desc *d,
		    const struct fib_nh *nh);

/** Drop a packet, counting it under @p why. */
static inline void
bngd_drop(struct bngd_worker *w, struct rte_mbuf *m, unsigned int why)
{
	const struct bng_desc *d = bng_desc(m);

	if (TRACED(d))
		bngd_trace_final(w, d, BNG_TR_DROP, (uint16_t)why, 0);
	w->drops.count[why]++;
	rte_pktmbuf_free(m);
}

/** Hand a packet to worker @p owner's ring (this worker's own included). */
static inline void
bngd_handoff(struct bngd_worker *w, struct rte_mbuf *m, uint16_t owner)
{
	const struct bng_desc *d = bng_desc(m);

	if (TRACED(d))
		bng_trace_event(w->app->trace, d, (uint8_t)w->idx, BNG_TR_HANDOFF, w->idx, owner);
	if (unlikely(rte_ring_mp_enqueue(w->app->workers[owner]->handoff, m) != 0)) {
		bngd_drop(w, m, BNG_DROP_HANDOFF_FULL);
		return;
	}
	w->st.handoff_out++;
}

/**
 * Take one token from a bucket refilled at @p rate per second up to
 * @p burst. Tokens are kept in units of 1/tsc_hz so the refill is one
 * multiply. @return 1 when a token was taken.
 */
static inline int
bngd_bucket_take(struct bngd_bucket *b, uint64_t rate, uint64_t burst, uint64_t hz, uint64_t now)
{
	uint64_t cap = burst * hz;

	b->tokens += (now - b->last_tsc) * rate;
	if (b->tokens > cap)
		b->tokens = cap;
	b->last_tsc = now;
	if (b->tokens < hz)
		return 0;
	b->tokens -= hz;
	return 1;
}

static inline void
bngd_tx_enqueue(struct bngd_worker *w, uint16_t port, struct rte_mbuf *m)
{
	struct bngd_txbuf *b = &w->tx[port];

	b->pkts[b->n++] = m;
	if (b->n == w->app->burst)
		bngd_tx_flush(w, port);
}

/**
 * A subscriber's encapsulation in front of a plain Ethernet frame: its
 * VLAN tags, then for a PPPoE session the session header and the PPP
 * protocol (RFC 2516 4.4) for an IP packet of @p ip_len bytes (not the
 * frame's length: padding stays out of the session), IPv6 when @p v6. The
 * MACs are the caller's to write. @return the new Ethernet header, or NULL
 * without headroom.
 */
static inline struct rte_ether_hdr *
bngd_l2_sub(struct rte_mbuf *m, const struct fib_nh *nh, uint16_t ip_len, int v6)
{
	unsigned int tags = nh->vlan[0] ? (nh->vlan[1] ? 2 : 1) : 0;
	unsigned int pppoe = nh->pppoe_sid ? 8 : 0;
	uint8_t *h = (uint8_t *)rte_pktmbuf_prepend(m, (uint16_t)(4 * tags + pppoe));
	uint8_t *p;

	if (h == NULL)
		return NULL;
	for (unsigned int i = 0; i < tags; i++) {
		h[12 + 4 * i] = 0x81;
		h[13 + 4 * i] = 0x00;
		h[14 + 4 * i] = (uint8_t)(nh->vlan[i] >> 8);
		h[15 + 4 * i] = (uint8_t)nh->vlan[i];
	}
	if (pppoe) {
		p = h + 12 + 4 * tags;
		p[0] = 0x88;                    /* PPPoE session stage */
		p[1] = 0x64;
		p[2] = 0x11;                    /* version 1, type 1 */
		p[3] = 0x00;                    /* code: session data */
		memcpy(p + 4, &nh->pppoe_sid, 2);
		p[6] = (uint8_t)((ip_len + 2) >> 8);
		p[7] = (uint8_t)(ip_len + 2);
		p[8] = 0x00;
		p[9] = v6 ? 0x57 : 0x21;   /* PPP: IPv6 / IPv4 */
	}
	/* Without PPPoE the original EtherType is already in place behind the tags. */
	return (struct rte_ether_hdr *)h;
}

/**
 * Rewrite L2 for next hop d->nh and queue the packet on its port. One body,
 * specialised by the constant @p traced.
 */
static __rte_always_inline void
bngd_l2_tx(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d, const int traced)
{
	const struct fib_nh *nh = &w->app->fib->nh[d->nh];
	struct rte_ether_hdr *eh;

	if (unlikely(d->l3flags & BNG_L3F_FRAG)) {
		bngd_tx_fragment(w, m, d);
		return;
	}
	if (likely(d->l3_off == sizeof(*eh))) {
		eh = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	} else {
		/* Tags or PPPoE on ingress: the egress frame is plain Ethernet. */
		eh = (struct rte_ether_hdr *)rte_pktmbuf_adj(m, d->l3_off - sizeof(*eh));
		eh->ether_type = d->kind == BNG_PKT_IPV4 ? RTE_BE16(RTE_ETHER_TYPE_IPV4) :
							   RTE_BE16(RTE_ETHER_TYPE_IPV6);
		d->l4_off = (uint16_t)(d->l4_off - (d->l3_off - sizeof(*eh)));
		d->l3_off = sizeof(*eh);
	}
	if (unlikely(nh->host & FIB_HOST_SUB)) {
		/* A subscriber's downstream counters (accounting). */
		w->sub_ctr[d->nh].pkts[1]++;
		w->sub_ctr[d->nh].bytes[1] += d->l3_len;
	}
	if (unlikely(d->tcp_flags & RTE_TCP_SYN_FLAG))
		bngd_syn_clamp(w, m, d, nh);
	if (unlikely(nh->vlan[0] != 0 || nh->pppoe_sid != 0)) {
		eh = bngd_l2_sub(m, nh, d->l3_len, d->kind == BNG_PKT_IPV6);
		if (unlikely(eh == NULL)) {
			bngd_drop(w, m, BNG_DROP_NO_HEADROOM);
			return;
		}
	}
	rte_ether_addr_copy(&nh->dmac, &eh->dst_addr);
	rte_ether_addr_copy(&nh->smac, &eh->src_addr);
	if (traced) {
		bng_trace_event(w->app->trace, d, (uint8_t)w->idx, BNG_TR_L3, nh->port, d->nh);
		bngd_trace_final(w, d, BNG_TR_TX, nh->port, w->idx);
	}
	bngd_tx_enqueue(w, nh->port, m);
}

/**
 * Send a packet the router made (an error or an answer) towards its
 * destination: route it like any packet, then L2 and TX. It is never
 * answered with another ICMP error; an IPv6 one larger than the egress MTU
 * is fragmented (the router is its source).
 */
void bngd_l3_send_own(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d);

/**
 * The address the router's ICMP errors and answers about a packet from
 * port @p port come from (its first IPv4 or IPv6 address); NULL when the
 * port has none of that family.
 */
const uint8_t *bngd_l3_error_source(const struct fib *f, uint16_t port, int v6);

/**
 * RFC 1812 4.3.2.7: no error or answer about a packet whose source is a
 * broadcast address of a connected subnet or one of the appliance's own
 * addresses (only the FIB knows those). @return 1 when the source is a
 * plain unicast one (or not in the FIB), 0 otherwise.
 */
int bngd_l3_unicast_source(const struct fib *f, const struct rte_mbuf *m,
			   const struct bng_desc *d);

/**
 * The router refuses a packet: count @p why, and for the reasons RFC 1812 /
 * RFC 4443 answer with an ICMP error (TTL exceeded, no route, prohibited,
 * fragmentation needed, packet too big), turn it into that error and send
 * it back, rate-limited per worker.
 */
void bngd_l3_refuse(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d,
		    enum bng_drop why);

/**
 * A packet for one of the appliance's own addresses: echo requests are
 * answered (rate-limited), fragments reassembled first; anything else is
 * dropped as to_appliance_unhandled.
 */
void bngd_l3_local(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d);

/**
 * Offer a fragment to the worker's reassembly table (BNG_DF_FRAG set).
 * @return the whole datagram, parsed again, once its last fragment is in;
 *         NULL while fragments are held (or were dropped, and counted).
 */
struct rte_mbuf *bngd_reassemble(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d);

/** Expire old fragments and free what reassembly gave up on (every loop). */
void bngd_reass_poll(struct bngd_worker *w, uint64_t now);

/** Punt a packet to the management lcore as @p why (rate-limited per port and kind, counted). */
static inline void
bngd_punt(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d, enum bngd_punt why)
{
	const struct bngd *a = w->app;

	if (!bngd_bucket_take(&w->punt_bucket[d->port][why], a->punt_rate, a->punt_burst, a->tsc_hz,
			      rte_rdtsc())) {
		bngd_drop(w, m, BNG_DROP_PUNT_RATE);
		return;
	}
	d->punt = (uint8_t)why;
	if (TRACED(d))
		bngd_trace_final(w, d, BNG_TR_PUNT, (uint16_t)why, 0);
	if (rte_ring_sp_enqueue(w->punt, m) != 0) {
		/* Counted, not traced twice: the record already says "punt". */
		w->drops.count[BNG_DROP_PUNT_FULL]++;
		rte_pktmbuf_free(m);
		return;
	}
	w->st.punted++;
}

/**
 * A packet already counted as dropped (@p why) that the management lcore
 * may still want to see (as @p kind), within the kind's punt rate: a
 * sample of what was refused, never more than the policer lets through.
 */
static inline void
bngd_drop_sample(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d, unsigned int why,
		 enum bngd_punt kind)
{
	const struct bngd *a = w->app;

	if (TRACED(d))
		bngd_trace_final(w, d, BNG_TR_DROP, (uint16_t)why, 0);
	w->drops.count[why]++;
	if (!bngd_bucket_take(&w->punt_bucket[d->port][kind], a->punt_rate, a->punt_burst,
			      a->tsc_hz, rte_rdtsc()) ||
	    (d->punt = (uint8_t)kind, rte_ring_sp_enqueue(w->punt, m) != 0)) {
		rte_pktmbuf_free(m);
		return;
	}
	w->st.punted++;
}

#endif /* BNGD_TX_H */
