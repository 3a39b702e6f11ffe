/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The express path. Most packets a BNG forwards belong to established
 * IPv4 TCP or UDP flows on plain Ethernet: for them the general pipeline
 * (bngd_worker.c) writes a 64-byte descriptor, walks the tests of every
 * feature a port may have, keys, looks up, and acts in a second pass. Here
 * a burst takes three tight passes instead:
 *
 *  1. per packet, straight from the headers: the checks that decide
 *     whether it is such a packet (any doubt leaves it to the general
 *     pipeline, which then names the reason), the route, the session key
 *     and its hash; nothing written to the descriptor;
 *  2. one bulk lookup of the burst's keys, and a prefetch of every session
 *     found;
 *  3. per hit: the session touched and counted, translated (NAT44
 *     sessions), TTL, L2 rewrite (into the subscriber's VLANs or PPPoE
 *     session on the way down), TX buffer.
 *
 * What the general pipeline does to such a packet and this path does not
 * (screens, anti-spoofing, VLAN ranges, policing, tracing) is excluded per
 * queue or per burst before the first pass; what it does only to some
 * (SYN MSS clamping, control traffic, fragments, options, ICMP errors,
 * frames from PPPoE sessions or VLANs (the subscriber's binding is checked
 * there), hairpinning, static and deterministic NAT
 * with several workers, service sets other than forward and counters
 * with or without NAT in front, another worker's sessions, new flows)
 * excludes those packets: the general pipeline takes them at their place
 * in the burst, so no packet changes order.
 */
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_lpm.h>
#include <rte_prefetch.h>
#include <rte_tcp.h>

#include "bng_cksum.h"
#include "bngd_fast.h"
#include "bngd_tx.h"
#include "nat_inline.h"
#include "sess_key.h"

/* Pass 1 tests header fields inside words loaded in one go, at their
 * little-endian places. */
#if RTE_BYTE_ORDER != RTE_LITTLE_ENDIAN
#error "the express path's header tests assume a little-endian CPU"
#endif

/* Next hops the express path sends to: resolved, and nothing else of note. */
#define FAST_NH_MASK (FIB_NH_RESOLVED | FIB_NH_LOCAL | FIB_NH_DROP | FIB_NH_PROHIBIT | \
		      FIB_NH_BCAST | FIB_NH_NAT)

/* Packets prefetched ahead of the one being checked. */
#define FAST_PREFETCH 4

int
bngd_fast_eligible(const struct bngd_worker *w, const struct bngd_rxq *q)
{
	const struct bngd *a = w->app;

	return a->cfg->express && !q->antispoof && q->vlans == NULL && q->screens == 0 &&
	       !q->rate_screens && w->qos == NULL && q->tenant < FIB_MAX_TENANT;
}

/* What the passes read for every packet, loaded once a burst. */
struct fast_ctx {
	const struct fib *fib;
	const struct rte_lpm *lpm4;   /* the queue's VRF */
	uint32_t default4;
	const struct fib_nh *nh;
	const struct fib_port *port;
	const struct nat *nat;        /* NULL: no NAT instance */
	uint16_t me;
	uint16_t n_workers;
	uint8_t access;
	uint64_t hi_udp, hi_tcp;      /* sess_key4_hi() of the queue's tenant */
};

/* A packet pass 1 keeps: what pass 3 needs of it. */
struct fast_pkt {
	struct rte_mbuf *m;
	const struct fib_nh *nh;  /* NULL: to a NAT external address, routed once translated */
	uint8_t th;     /* TCP flags */
	uint8_t swap;   /* its key's endpoints were swapped */
	uint8_t pos;    /* index in the burst */
};

/*
 * The next hop the express path sends an IPv4 packet of @p tot bytes to
 * @p dst (network order) through, or NULL when the general pipeline must
 * route it (no route, or a next hop with anything to it but a resolved
 * neighbour within its port's MTU). *nat: the next hop
 * is a NAT external address (returned only when @p nat is not NULL).
 */
static inline const struct fib_nh *
fast_route(const struct fast_ctx *c, const struct rte_lpm *lpm4, uint32_t default4, uint32_t dst,
	   uint32_t tot, int *nat)
{
	const struct fib_nh *n;
	uint32_t nh;
	uint16_t mtu;

	if (!(likely(lpm4 != NULL) && rte_lpm_lookup(lpm4, bng_ntohl(dst), &nh) == 0) &&
	    (nh = default4) == FIB_NH_NONE)
		return NULL;
	n = &c->nh[nh];
	if (unlikely(n->flags & FIB_NH_NAT) && nat != NULL) {
		*nat = 1;
		return n;
	}
	/* MTU 0 (none) wraps to the largest limit. */
	mtu = (uint16_t)(c->port[n->port].mtu - 1);
	if (unlikely(((n->flags & FAST_NH_MASK) != FIB_NH_RESOLVED) | (tot - 1 > mtu)))
		return NULL;
	return n;
}

/*
 * To NAT external address @p n from the core: the key's tenant is the
 * instance's outside namespace, which must be this worker's. @return 1
 * with *hi set, 0 when the general pipeline must see it.
 */
static inline int
fast_nat_in(const struct fast_ctx *c, const struct fib_nh *n, uint8_t proto, uint32_t pt,
	    uint64_t *hi)
{
	uint16_t inst = (uint16_t)n->aux;

	/* From the subscribers: hairpinning. Static rules: their own owner. */
	if (c->access || (n->aux & NAT_AUX_STATIC))
		return 0;
	/* The port block names the owner; a deterministic pool's port names
	 * the inside host, whose owner the general pipeline finds. */
	if (c->n_workers > 1 && (c->nat->inst[inst].cfg.deterministic ||
				 nat_owner(c->nat, inst, (uint16_t)(pt >> 16)) != c->me))
		return 0;
	*hi = sess_key4_hi(NAT_OUTSIDE_TENANT(inst), proto);
	return 1;
}

/*
 * Pass 1 for one packet: 1 with its key, hash and next hop filled in when
 * it is the express path's, 0 when the general pipeline must see it. The
 * headers are read as whole words where a test can take several fields.
 */
static inline int
fast_classify(const struct fast_ctx *c, struct rte_mbuf *m, struct sess_key4 *k, uint32_t *sig,
	      struct fast_pkt *fp)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	const uint8_t *l4 = p + RTE_ETHER_HDR_LEN + 20;
	uint32_t len = rte_pktmbuf_data_len(m), tot, pt, dst;
	uint64_t w12, w20, sd, hi;
	const struct fib_nh *n;
	uint8_t proto, th = 0;
	int nat = 0;

	/* The words read below; a TCP header is known to be there once the
	 * total length, within the frame, says so. */
	if (unlikely(len < RTE_ETHER_HDR_LEN + 20 + 8))
		return 0;
	/* EtherType, version and IHL; total length. Fragment field, TTL,
	 * protocol. Source and destination. Ports. */
	memcpy(&w12, p + 12, 8);
	memcpy(&w20, p + 20, 8);
	memcpy(&sd, p + 26, 8);
	memcpy(&pt, l4, 4);
	tot = bng_ntohs((uint16_t)(w12 >> 32));
	proto = (uint8_t)(w20 >> 24);
	dst = (uint32_t)(sd >> 32);
	/* Plain Ethernet IPv4 without options to a unicast MAC, unfragmented
	 * (DF may be set), TTL left to decrement, all of it in the frame. */
	if (unlikely((bng_ntohs((uint16_t)w12) != RTE_ETHER_TYPE_IPV4) | ((uint8_t)(w12 >> 16) != 0x45) |
		     (p[0] & 1) | ((w20 & RTE_BE16(RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)) != 0) |
		     ((uint8_t)(w20 >> 16) <= 1) | (tot > len - RTE_ETHER_HDR_LEN)))
		return 0;
	if (likely(proto == IPPROTO_UDP)) {
		/* DHCP to the server or relay goes to the management lcore. */
		if (unlikely(tot < 20 + 8 || (pt >> 16) == RTE_BE16(67)))
			return 0;
		hi = c->hi_udp;
	} else if (likely(proto == IPPROTO_TCP)) {
		unsigned int doff;

		if (unlikely(tot < 20 + 20))
			return 0;
		doff = l4[12] >> 4;
		th = l4[13];
		/* SYNs may have their MSS clamped: the general pipeline's. */
		if (unlikely(doff < 5 || doff * 4 > tot - 20 || (th & RTE_TCP_SYN_FLAG)))
			return 0;
		hi = c->hi_tcp;
	} else {
		return 0;
	}
	/* Multicast and limited broadcast are never routed. */
	if (unlikely(((dst & 0xf0) == 0xe0) | (dst == RTE_BE32(0xffffffff))))
		return 0;
	if ((m->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK) != RTE_MBUF_F_RX_IP_CKSUM_GOOD &&
	    unlikely(!bng_ip4_cksum_ok(p + RTE_ETHER_HDR_LEN, 20)))
		return 0;
	n = fast_route(c, c->lpm4, c->default4, dst, tot, c->nat != NULL ? &nat : NULL);
	if (unlikely(n == NULL))
		return 0;
	if (unlikely(nat)) {
		if (!fast_nat_in(c, n, proto, pt, &hi))
			return 0;
		n = NULL;
	} else if (c->n_workers > 1 &&
		   bngd_owner4_n(c->n_workers, c->access ? (uint32_t)sd : dst) != c->me) {
		/* Sessions live on the worker of the subscriber's address. */
		return 0;
	}
	fp->swap = (uint8_t)sess_key4_set_raw(k, sd, pt, hi, sig);
	fp->m = m;
	fp->nh = n;
	fp->th = th;
	return 1;
}

/*
 * A NAT44 session's translation of a hit, or 0 (nothing changed) when the
 * general pipeline must take it. Outbound: the source becomes the
 * mapping's. Inbound: the destination becomes the subscriber's, then
 * routed in its tenant (*nh set).
 */
static inline int
fast_nat(const struct fast_ctx *c, struct nat_stats *st, struct sess_entry *s,
	 const struct fast_pkt *fp, uint32_t dir, const struct fib_nh **nh)
{
	const struct nat_sess *ns = nat_sess_of(s);
	uint8_t *ip = rte_pktmbuf_mtod_offset(fp->m, uint8_t *, RTE_ETHER_HDR_LEN);
	const struct fib_vrf *v;
	int out;

	if (unlikely(ns->ext == 0 || st == NULL))
		return 0;
	out = nat_outbound(ns, dir);
	if (out) {
		/* A packet to an external address is never an outbound one. */
		if (unlikely(fp->nh == NULL))
			return 0;
		nat_rewrite_hdr(ip, ip + 20, ip[9], 1, ns->ext, ns->eport);
		st->translated_out++;
		*nh = fp->nh;
		return 1;
	}
	if (unlikely(fp->nh != NULL || s->tenant >= FIB_MAX_TENANT))
		return 0;
	v = &c->fib->vrf[c->fib->tenant_vrf[s->tenant]];
	*nh = fast_route(c, v->lpm4, v->default4, ns->inside,
			 bng_ntohs(((const struct rte_ipv4_hdr *)ip)->total_length), NULL);
	if (unlikely(*nh == NULL))
		return 0;
	nat_rewrite_hdr(ip, ip + 20, ip[9], 0, ns->inside, ns->iport);
	st->translated_in++;
	return 1;
}

void
bngd_fast_rx(struct bngd_worker *w, const struct bngd_rxq *q, struct rte_mbuf **pkts, uint16_t n,
	     uint32_t now_ms, bngd_rx_fn general)
{
	const struct bngd *a = w->app;
	const struct fib *f = a->fib;
	const struct fib_vrf *v = &f->vrf[f->tenant_vrf[q->tenant]];
	const struct fast_ctx c = {
		.fib = f, .lpm4 = v->lpm4, .default4 = v->default4, .nh = f->nh, .port = f->port,
		.nat = a->nat, .me = w->idx, .n_workers = a->n_workers,
		.access = q->role == BNG_ROLE_ACCESS,
		.hi_udp = sess_key4_hi(q->tenant, IPPROTO_UDP),
		.hi_tcp = sess_key4_hi(q->tenant, IPPROTO_TCP),
	};
	const uint16_t fast_services = a->fast_services, nat_services = a->nat_fast_services;
	struct sess_table *t = w->sess;
	struct sess_entry *entries = t->entries;
	struct sess_key4 key[BNGD_BURST_MAX];
	const struct sess_key4 *kp[BNGD_BURST_MAX];
	uint32_t sig[BNGD_BURST_MAX], idx[BNGD_BURST_MAX];
	struct fast_pkt fp[BNGD_BURST_MAX];
	uint64_t hits;
	uint32_t nf = 0, used = 0;
	uint16_t run = 0;   /* the first packet neither sent nor given to general() */

	for (uint16_t i = 0; i < n && i < FAST_PREFETCH; i++)
		rte_prefetch0(rte_pktmbuf_mtod(pkts[i], void *));
	/* Pass 1: which packets, their keys and routes. */
	for (uint16_t i = 0; i < n; i++) {
		if (i + FAST_PREFETCH < n)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + FAST_PREFETCH], void *));
		if (likely(fast_classify(&c, pkts[i], &key[nf], &sig[nf], &fp[nf]))) {
			kp[nf] = &key[nf];
			fp[nf++].pos = (uint8_t)i;
		}
	}
	if (nf == 0) {
		general(w, q, pkts, n, now_ms);
		return;
	}
	/* Pass 2: the sessions, in bulk. */
	hits = sess_lookup4_hashed(t, kp, sig, nf, idx);
	for (uint64_t b = hits; b; b &= b - 1)
		rte_prefetch0(&entries[SESS_HIT_IDX(idx[__builtin_ctzll(b)])]);
	/*
	 * Pass 3, in the burst's order: what the services do for the hits,
	 * and the general pipeline for each run of other packets before the
	 * next hit, so that nothing changes order. (The sessions found stay
	 * valid: the general pipeline creates sessions, never deletes.)
	 */
	for (uint32_t j = 0; j < nf; j++) {
		uint16_t at = fp[j].pos;
		struct rte_mbuf *m = fp[j].m;
		const struct fib_nh *nh = fp[j].nh;
		struct rte_ether_hdr *eh;
		struct rte_ipv4_hdr *ip;
		struct sess_entry *s;
		uint32_t dir;

		/* A new flow, or other services: left in the run. */
		if (unlikely(!((hits >> j) & 1)))
			continue;
		s = &entries[SESS_HIT_IDX(idx[j])];
		/* sess_dir(): SESS_F_SWAPPED, or SESS_F_SWAPPED2 for the
		 * secondary key, two bits up. */
		dir = fp[j].swap ^ ((s->flags >> (2 + 2 * SESS_HIT_SECONDARY(idx[j]))) & 1);
		if (likely(s->services == fast_services)) {
			if (unlikely(nh == NULL))
				continue;
		} else if (s->services != nat_services ||
			   !fast_nat(&c, w->nat_st, s, &fp[j], dir, &nh)) {
			continue;
		}
		/* Everything since the previous hit, first. */
		if (unlikely(at > run))
			general(w, q, &pkts[run], (uint16_t)(at - run), now_ms);
		run = (uint16_t)(at + 1);
		s->last_ms = now_ms;
		s->flags |= dir ? SESS_F_REPLY : 0;
		if (s->proto == IPPROTO_TCP)
			sess_tcp_update(s, fp[j].th, dir);
		sess_count(s, dir, rte_pktmbuf_pkt_len(m));
		ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, RTE_ETHER_HDR_LEN);
		bng_ip4_ttl_dec(ip);
		if (unlikely(nh->host & FIB_HOST_SUB)) {
			/* A subscriber's downstream counters (accounting). */
			uint32_t nhi = (uint32_t)(nh - f->nh);

			w->sub_ctr[nhi].pkts[1]++;
			w->sub_ctr[nhi].bytes[1] += bng_ntohs(ip->total_length);
		}
		eh = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
		if (unlikely((nh->vlan[0] | nh->pppoe_sid) != 0)) {
			/* Into a subscriber's VLANs or PPPoE session. */
			eh = bngd_l2_sub(m, nh, bng_ntohs(ip->total_length), 0);
			if (unlikely(eh == NULL)) {
				/* As bngd_drop() counts it (which would read
				 * the descriptor, never written here). */
				w->drops.count[BNG_DROP_NO_HEADROOM]++;
				rte_pktmbuf_free(m);
				continue;
			}
		}
		/* Destination and source MAC, in one go: fib_nh keeps them
		 * side by side, in the frame's order. */
		static_assert(offsetof(struct fib_nh, smac) == offsetof(struct fib_nh, dmac) + 6,
			      "fib_nh MACs as in a frame");
		memcpy(&eh->dst_addr, &nh->dmac, 12);
		bngd_tx_enqueue(w, nh->port, m);
		used++;
	}
	sess_count_lookups(t, used, used);
	w->st.express += used;
	if (run < n)
		general(w, q, &pkts[run], (uint16_t)(n - run), now_ms);
}
