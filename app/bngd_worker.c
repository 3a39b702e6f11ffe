/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The worker: rx_burst -> parse -> classify (punt / handoff / local) ->
 * session lookup for the whole burst -> slow-path creation for the misses
 * -> service chain -> L2 rewrite -> buffered TX, run to completion on one
 * pinned lcore. No locks, no heap, no system calls on this path (the only
 * sleep is the optional idle back-off, taken when a loop found no work).
 *
 * Cycle accounting: w->st.cycles counts TSC cycles from the return of
 * rte_eth_rx_burst() to the end of the burst's processing, minus the cycles
 * spent inside rte_eth_tx_burst(), so it is the appliance's own cost.
 */
#include <unistd.h>

#include <rte_ethdev.h>
#include <rte_hash_crc.h>
#include <rte_ip.h>
#include <rte_lcore.h>
#include <rte_prefetch.h>
#include <rte_rcu_qsbr.h>
#include <rte_udp.h>

#include "bng_parse.h"
#include "bngd_fast.h"
#include "bngd_qos.h"
#include "bngd_tx.h"
#include "bngd_vfrag.h"
#include "nat_inline.h"
#include "screen.h"
#include "screen_rate.h"
#include "sess_key.h"

static_assert(SCREEN_MAX <= 16, "bngd_rxq.screens holds every screen's bit");

/* Control traffic the management lcore answers, recognised from the descriptor. */
static inline int
ip_control(const struct rte_mbuf *m, const struct bng_desc *d, enum bngd_punt *why)
{
	if (d->ip_proto == IPPROTO_ICMPV6 && !(d->flags & (BNG_DF_L4 | BNG_DF_ICMP_ERR))) {
		const uint8_t *icmp = rte_pktmbuf_mtod_offset(m, const uint8_t *, d->l4_off);

		if (d->l4_off && icmp[0] >= 133 && icmp[0] <= 137) {
			*why = BNGD_PUNT_ND;
			return 1;
		}
	}
	/* DHCP from subscribers, and from servers or relays to us (any port). */
	if (d->ip_proto == IPPROTO_UDP && (d->flags & BNG_DF_L4)) {
		uint16_t dp = rte_be_to_cpu_16(d->dport);

		if ((d->kind == BNG_PKT_IPV4 && dp == 67) ||
		    (d->kind == BNG_PKT_IPV6 && dp == 547 && d->role == BNG_ROLE_ACCESS)) {
			*why = BNGD_PUNT_DHCP;
			return 1;
		}
	}
	return 0;
}

/* A frame's tags against its port's S-VLAN / C-VLAN ranges; untagged passes. */
static inline int
vlans_allowed(const struct bngd_vlan_ranges *v, const struct rte_mbuf *m, const struct bng_desc *d)
{
	const uint8_t *f = rte_pktmbuf_mtod(m, const uint8_t *);
	uint16_t id;
	uint16_t tpid = (uint16_t)((f[12] << 8) | f[13]);

	if (d->l3_off <= RTE_ETHER_HDR_LEN ||
	    (tpid != RTE_ETHER_TYPE_VLAN && tpid != RTE_ETHER_TYPE_QINQ && tpid != 0x9100))
		return 1;
	id = (uint16_t)(((f[14] << 8) | f[15]) & 0xfff);
	if (!(v->outer[id / 64] & (1ull << (id % 64))))
		return 0;
	/* Second tag: only where inner ranges were given, and in them. */
	if (f[16] == 0x81 && f[17] == 0x00) {
		id = (uint16_t)(((f[18] << 8) | f[19]) & 0xfff);
		return v->qinq && (v->inner[id / 64] & (1ull << (id % 64)));
	}
	return !v->qinq;
}

/*
 * Anti-spoofing on a subscriber port: the source must be a subscriber's
 * address (a /32 a DHCP lease put in the FIB), sent from that
 * subscriber's MAC on this port. IPv6 has no such bindings yet: refused.
 * A PPPoE session's data passes here too, and leaves with its TCP SYNs
 * MSS-clamped to the session.
 */
static __rte_noinline enum bng_drop
spoof_check(struct bngd_worker *w, struct rte_mbuf *m, const struct bng_desc *d)
{
	const struct bngd *a = w->app;
	const struct fib *f = a->fib;
	const struct fib_vrf *v = &f->vrf[likely(d->tenant < FIB_MAX_TENANT) ? f->tenant_vrf[d->tenant] : 0];
	const struct rte_ether_hdr *eh = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	const struct rte_ipv4_hdr *ip;
	const struct fib_nh *n;
	uint32_t nh;

	if (d->kind != BNG_PKT_IPV4 || v->lpm4 == NULL)
		return BNG_DROP_SPOOFED;
	ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, d->l3_off);
	if (rte_lpm_lookup(v->lpm4, bng_ntohl(ip->src_addr), &nh) != 0)
		return BNG_DROP_SPOOFED;
	n = &f->nh[nh];
	if (!(n->host & FIB_HOST_SUB) || n->port != d->port ||
	    !rte_is_same_ether_addr(&n->dmac, &eh->src_addr) ||
	    n->pppoe_sid != ((d->flags & BNG_DF_PPPOE) ? d->pppoe_sid : 0))
		return BNG_DROP_SPOOFED;
	/* ... and in its VLANs. */
	{
		const uint8_t *f8 = (const uint8_t *)eh;
		unsigned int tags = (d->l3_off - RTE_ETHER_HDR_LEN -
				     ((d->flags & BNG_DF_PPPOE) ? 8u : 0u)) / 4;
		uint16_t v0 = tags >= 1 ? (uint16_t)(((f8[14] << 8) | f8[15]) & 0xfff) : 0;
		uint16_t v1 = tags >= 2 ? (uint16_t)(((f8[18] << 8) | f8[19]) & 0xfff) : 0;

		if (v0 != n->vlan[0] || v1 != n->vlan[1])
			return BNG_DROP_SPOOFED;
	}
	/* The subscriber's upstream counters (accounting). */
	w->sub_ctr[nh].pkts[0]++;
	w->sub_ctr[nh].bytes[0] += d->l3_len;
	/* Its SYNs, MSS-clamped to its session's MTU (those towards it are
	 * clamped in bngd_l2_tx()). */
	if (unlikely(d->tcp_flags & RTE_TCP_SYN_FLAG) && n->clamp_mtu != 0)
		bngd_mss_clamp(w, m, d, n->clamp_mtu);
	return BNG_DROP_NONE;
}

/*
 * What a router never forwards: frames sent to a link-layer group address,
 * multicast and broadcast destinations (IPv4 224/4 and limited broadcast,
 * IPv6 ff00::/8), and IPv6 link-local on either side. Control traffic
 * among them was punted before this check.
 */
static inline enum bng_drop
not_routable(const struct rte_mbuf *m, const struct bng_desc *d)
{
	const uint8_t *l3 = rte_pktmbuf_mtod_offset(m, const uint8_t *, d->l3_off);

	/* Sent to a link-layer group address: not routed (RFC 1812 5.3.4). */
	if (unlikely(rte_pktmbuf_mtod(m, const uint8_t *)[0] & 1))
		return BNG_DROP_MCAST;
	if (d->kind == BNG_PKT_IPV4) {
		const struct rte_ipv4_hdr *ip = (const void *)l3;
		uint8_t top = ((const uint8_t *)&ip->dst_addr)[0];

		if ((top & 0xf0) == 0xe0 || ip->dst_addr == RTE_BE32(0xffffffff))
			return BNG_DROP_MCAST;
		return BNG_DROP_NONE;
	} else {
		const struct rte_ipv6_hdr *ip = (const void *)l3;

		if (ip->dst_addr[0] == 0xff)
			return BNG_DROP_MCAST;
		if ((ip->dst_addr[0] == 0xfe && (ip->dst_addr[1] & 0xc0) == 0x80) ||
		    (ip->src_addr[0] == 0xfe && (ip->src_addr[1] & 0xc0) == 0x80))
			return BNG_DROP_LINK_LOCAL;
		return BNG_DROP_NONE;
	}
}

/*
 * The source port (or ICMP id) of the packet an ICMP error quotes: for an
 * error about a translated flow, the external port that names the owner.
 */
static uint16_t
quoted_sport(const struct rte_mbuf *m, const struct bng_desc *d, uint8_t *proto)
{
	const uint8_t *in = rte_pktmbuf_mtod_offset(m, const uint8_t *, d->inner_off);
	uint32_t end = d->l3_off + d->l3_len, ihl;
	uint16_t p;

	*proto = 0;
	if (d->inner_off + 20u > end)
		return 0;
	ihl = (in[0] & 0xf) * 4u;
	*proto = in[9];
	if (d->inner_off + ihl + 8 > end)
		return 0;
	memcpy(&p, in + ihl + (in[9] == IPPROTO_ICMP ? 4 : 0), 2);
	return p;
}

/*
 * The worker owning a packet to a NAT external address (FIB next hop aux
 * @p aux): a pool address's port block names it; a static address's rule,
 * or a deterministic pool's port, names the inside host, whose worker it
 * is. -1: nobody's.
 */
static int32_t
nat_dest_owner(const struct bngd *a, const struct rte_mbuf *m, const struct bng_desc *d,
	       uint32_t aux)
{
	const struct rte_ipv4_hdr *ip =
		rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, d->l3_off);
	uint16_t inst = (uint16_t)aux, port;
	const struct nat_static *r;
	uint8_t proto;

	if (unlikely(d->flags & BNG_DF_ICMP_ERR)) {
		port = quoted_sport(m, d, &proto);
	} else {
		proto = d->ip_proto;
		port = (d->flags & BNG_DF_L4) ? d->dport : 0;
	}
	if (likely(!(aux & NAT_AUX_STATIC))) {
		const struct nat_instance *in = &a->nat->inst[inst];
		uint32_t inside;
		int ext;

		if (unlikely(!nat_proto_ports(proto)))
			return 0;   /* address only: worker 0's */

		if (likely(!in->cfg.deterministic))
			return nat_owner(a->nat, inst, port);
		/* Deterministic: the port names the inside host, its worker
		 * the owner. */
		ext = nat_ext_index(a->nat, inst, ip->dst_addr);
		inside = ext < 0 ? 0 : nat_det_reverse(in, (uint32_t)ext, port);
		return inside ? bngd_owner4(a, inside) : -1;
	}
	r = nat_static_inbound(a->nat, inst, ip->dst_addr, proto, port);
	return r != NULL ? bngd_owner4(a, r->inside) : -1;
}

/*
 * The worker that owns a packet's session, computed from the packet alone:
 * the subscriber's address (source upstream, destination downstream; the
 * /64 for IPv6) hashed onto the workers, so both directions meet.
 */
static inline uint16_t
owner_of(const struct bngd *a, const struct rte_mbuf *m, const struct bng_desc *d)
{
	const uint8_t *l3 = rte_pktmbuf_mtod_offset(m, const uint8_t *, d->l3_off);
	uint32_t h;

	if (a->n_workers == 1)
		return 0;
	if (d->kind == BNG_PKT_IPV4) {
		const struct rte_ipv4_hdr *ip = (const void *)l3;

		/* Translated address only (GRE, ESP...): worker 0, as the
		 * replies, which carry no port to find the owner by. */
		if (unlikely(!nat_proto_ports(d->ip_proto)) && a->nat != NULL &&
		    d->role == BNG_ROLE_ACCESS && d->tenant < NAT_MAX_TENANTS &&
		    a->nat->tenant_instance[d->tenant] != NAT_NONE)
			return 0;
		return bngd_owner4(a, d->role == BNG_ROLE_ACCESS ? ip->src_addr : ip->dst_addr);
	} else {
		const struct rte_ipv6_hdr *ip = (const void *)l3;
		const uint8_t *sub = d->role == BNG_ROLE_ACCESS ? ip->src_addr : ip->dst_addr;
		uint64_t p64;

		memcpy(&p64, sub, 8);
		h = rte_hash_crc_8byte(p64, 0);
	}
	return (uint16_t)(((uint64_t)h * a->n_workers) >> 32);
}

/*
 * Hairpinning (RFC 4787 REQ-9, RFC 5382 REQ-8): a subscriber's packet to an
 * external address, already translated on the way out, comes back in as if
 * it arrived from the internet: keyed in the instance's outside namespace
 * and handed to the worker owning the destination's port block (possibly
 * this one, through its own ring, so no recursion).
 */
static __rte_noinline void
hairpin(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d, const struct sess_entry *s)
{
	const struct bngd *a = w->app;
	uint32_t aux = a->fib->nh[d->nh].aux;
	uint16_t inst = (uint16_t)aux;
	int32_t owner;

	if (d->l3flags & BNG_L3F_HAIRPIN) {
		bngd_drop(w, m, BNG_DROP_NAT_HAIRPIN);
		return;
	}
	d->drop = BNG_DROP_NONE;
	d->l3flags = BNG_L3F_NAT | BNG_L3F_HAIRPIN;
	/* A subscriber's own flow reaches its peer through the hairpin
	 * namespace (a session there for the destination); the peer's answer,
	 * sent from such a session, meets the first subscriber's session in
	 * the outside namespace. */
	d->tenant = nat_session_inbound(s) ? NAT_OUTSIDE_TENANT(inst) : NAT_HAIRPIN_TENANT(inst);
	d->role = BNG_ROLE_CORE;
	if (sess_key_build4(m, d, sess_key4_of(d)) != BNG_DROP_NONE) {
		bngd_drop(w, m, BNG_DROP_L4_TRUNC);
		return;
	}
	owner = nat_dest_owner(a, m, d, aux);
	if (owner < 0) {
		bngd_drop(w, m, BNG_DROP_NAT_NO_MAPPING);
		return;
	}
	w->ip.hairpinned++;
	bngd_handoff(w, m, (uint16_t)owner);
}

/* The chain, one service at a time, recording each verdict. */
static __rte_noinline enum sess_verdict
run_services_traced(struct bngd_worker *w, struct sess_entry *s, struct rte_mbuf *m,
		    struct bng_desc *d, uint32_t dir)
{
	const struct sess_chain *c = &w->app->chain;
	uint32_t bits = s->services;

	while (bits) {
		unsigned int i = (unsigned int)__builtin_ctz(bits);
		enum sess_verdict v;

		bits &= bits - 1;
		v = c->svc[i].fn(w->sess->svc_arg[i], s, m, d, dir);
		bng_trace_event(w->app->trace, d, (uint8_t)w->idx, BNG_TR_SERVICE, (uint16_t)i, v);
		if (v != SESS_CONTINUE)
			return v;
	}
	return SESS_CONTINUE;
}

/*
 * The service chain of one packet. Sessions running exactly the default
 * set (forward, then counters), or NAT before them, take an inline copy of
 * it: no indirect calls on the paths most packets follow. Any other set
 * runs the generic chain.
 */
static inline enum sess_verdict
run_services(struct bngd_worker *w, struct sess_entry *s, struct rte_mbuf *m,
	     struct bng_desc *d, uint32_t dir)
{
	const struct bngd *a = w->app;
	enum sess_verdict v;

	if (likely(s->services == a->fast_services)) {
		v = fib_forward(a->fib, m, d);
		if (likely(v == SESS_CONTINUE))
			sess_count(s, dir, rte_pktmbuf_pkt_len(m));
		return v;
	}
	if (s->services == a->nat_fast_services && w->nat_st != NULL) {
		nat_translate(w->nat_st, s, m, d, dir);
		v = fib_forward(a->fib, m, d);
		if (likely(v == SESS_CONTINUE))
			sess_count(s, dir, rte_pktmbuf_pkt_len(m));
		return v;
	}
	return sess_chain_run(&a->chain, w->sess, s, m, d, dir);
}

static __rte_always_inline void
deliver(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d, const struct sess_entry *s,
	enum sess_verdict v, const int traced)
{
	switch (v) {
	case SESS_CONTINUE:
		if (likely(d->l3flags & BNG_L3F_OUT)) {
			/* Downstream policing, to the routed next hop. */
			if (unlikely(w->qos != NULL) && bngd_qos_down(w, m, d))
				break;
			bngd_l2_tx(w, m, d, traced);
		} else {
			bngd_drop(w, m, BNG_DROP_NO_FORWARD);
		}
		break;
	case SESS_DROP:
		/* Routed after a service rewrote it (NAT) to a neighbour not
		 * known yet: the management lcore asks for it; this packet is
		 * lost (it was translated already: it cannot be received again). */
		if (unlikely(d->drop == BNG_DROP_NEIGH_UNRESOLVED) && w->app->rcu != NULL &&
		    !w->rx_again) {
			d->l3flags |= BNG_L3F_OUT;
			bngd_punt(w, m, d, BNGD_PUNT_RESOLVE);
			break;
		}
		/* Refusals the router answers with ICMP, and plain drops. */
		bngd_l3_refuse(w, m, d, d->drop ? d->drop : BNG_DROP_SERVICE);
		break;
	case SESS_PUNT:
		bngd_l3_local(w, m, d);
		break;
	case SESS_HANDOFF:
		if (d->drop == BNG_DROP_NAT_HAIRPIN)
			hairpin(w, m, d, s);
		else
			bngd_handoff(w, m, d->owner);
		break;
	}
}

/*
 * Everything after the lookup for one owned packet. One body, specialised
 * by the constant @p traced: the plain copy carries no trace checks at all.
 */
static __rte_always_inline void
act(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d, struct sess_entry *s,
    int created, int secondary, uint32_t now_ms, const int traced)
{
	struct sess_table *t = w->sess;
	uint32_t dir;

	if (traced)
		bng_trace_event(w->app->trace, d, (uint8_t)w->idx, BNG_TR_LOOKUP,
				created ? 1 : s ? 0 : 2, s ? sess_index(t, s) : UINT32_MAX);
	if (unlikely(s == NULL)) {
		/* Refused: a full table, or a service (NAT out of ports answers
		 * with host unreachable, RFC 6888 REQ-11). */
		bngd_l3_refuse(w, m, d, (d->flags & BNG_DF_ICMP_ERR) ? BNG_DROP_ICMP_ERR_NO_SESSION :
					d->drop ? d->drop : BNG_DROP_SESS_FULL);
		return;
	}
	dir = sess_dir(s, d, secondary);
	/* An ICMP error neither refreshes nor advances its session. */
	if (likely(!(d->flags & BNG_DF_ICMP_ERR)))
		sess_touch(s, d, dir, now_ms);
	d->sess = sess_index(t, s);
	deliver(w, m, d, s,
		traced ? run_services_traced(w, s, m, d, dir) : run_services(w, s, m, d, dir), traced);
}

static __rte_noinline void
act_traced(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d, struct sess_entry *s,
	   int created, int secondary, uint32_t now_ms)
{
	act(w, m, d, s, created, secondary, now_ms, 1);
}

/*
 * A fragment for reassembly; the whole datagram, once complete, is routed
 * again (it may now exceed the egress MTU). @return it, or NULL.
 */
static __rte_noinline struct rte_mbuf *
reassembled(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d)
{
	enum bng_drop r;
	uint32_t nh;

	m = bngd_reassemble(w, m, d);
	if (m == NULL)
		return NULL;
	d = bng_desc(m);
	r = fib_route(w->app->fib, m, d, &nh);
	d->nh = nh;
	if (r == BNG_DROP_NONE && d->kind == BNG_PKT_IPV4)
		r = sess_key_build4(m, d, sess_key4_of(d));
	if (r == BNG_DROP_NONE) {
		d->l3flags |= BNG_L3F_NH;
		return m;
	}
	if (r == BNG_DROP_LOCAL)
		bngd_l3_local(w, m, d);
	else
		bngd_l3_refuse(w, m, d, r);
	return NULL;
}

/* Slow path: create sessions for the packets that missed. Kept out of line. */
static __rte_noinline uint64_t
create_missing(struct bngd_worker *w, struct rte_mbuf **pkts, const union sess_key **keys,
	       struct sess_entry **sess, uint32_t n, uint32_t now_ms, uint64_t *second)
{
	uint64_t created = 0;

	for (uint32_t i = 0; i < n; i++) {
		struct bng_desc *d;
		enum bng_drop why;

		if (sess[i] != NULL)
			continue;
		d = bng_desc(pkts[i]);
		/* Errors never create state: they are not flows (RFC 5508). */
		if (d->flags & BNG_DF_ICMP_ERR)
			continue;
		/* A session made earlier in this burst may be this packet's:
		 * the same new flow twice, or its other direction (whose key
		 * may be the secondary one). */
		if (created) {
			uint32_t idx;
			uint64_t hit = d->kind == BNG_PKT_IPV4 ?
				sess_lookup4_burst(w->sess, (const struct sess_key4 **)&keys[i], 1, &idx) :
				sess_lookup6_burst(w->sess, (const struct sess_key6 **)&keys[i], 1, &idx);

			if (hit) {
				sess[i] = &w->sess->entries[SESS_HIT_IDX(idx)];
				*second |= (uint64_t)SESS_HIT_SECONDARY(idx) << i;
				continue;
			}
		}
		/* Later fragments never create: they use their first
		 * fragment's session, so it was refused or never came. */
		if (unlikely(d->l3flags & BNG_L3F_FRAGKEY)) {
			d->drop = BNG_DROP_FRAG_NO_SESSION;
			continue;
		}
		sess[i] = sess_create(w->sess, keys[i], pkts[i],
				      (d->tenant & 0x8000) ?
					      w->app->nat_services[NAT_TENANT_INSTANCE(d->tenant) %
								   NAT_MAX_INSTANCES] :
					      w->app->tenant_services[d->tenant],
				      now_ms, &why);
		if (sess[i] != NULL)
			created |= 1ull << i;
		else
			d->drop = why;
	}
	return created;
}

/*
 * Packets this worker owns: key the burst, look it up in bulk (the hash
 * library prefetches buckets for the whole burst), prefetch the sessions
 * found, create the misses (slow path, out of the hit loop), then run each
 * packet's services. Packet order within the burst is preserved.
 */
static void
process_owned(struct bngd_worker *w, struct rte_mbuf **pkts, uint32_t n, uint32_t now_ms)
{
	struct sess_table *t = w->sess;
	struct sess_key6 k6[BNGD_BURST_MAX];
	const struct sess_key4 *p4[BNGD_BURST_MAX];
	const struct sess_key6 *p6[BNGD_BURST_MAX];
	const union sess_key *key[BNGD_BURST_MAX];
	uint8_t slot4[BNGD_BURST_MAX], slot6[BNGD_BURST_MAX];
	uint32_t idx4[BNGD_BURST_MAX], idx6[BNGD_BURST_MAX];
	struct sess_entry *sess[BNGD_BURST_MAX];
	struct rte_mbuf *ok[BNGD_BURST_MAX];
	uint32_t n4 = 0, n6 = 0, nk = 0, nhit;
	uint64_t hit4, hit6, created = 0, second = 0;

	if (unlikely(w->qos != NULL))
		bngd_qos_clock(w);
	for (uint32_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		struct bng_desc *d = bng_desc(m);

		/* Services that need L4 of every fragment get whole datagrams. */
		if (unlikely((d->flags & BNG_DF_FRAG) && w->app->cfg->ip.reassembly)) {
			m = reassembled(w, m, d);
			if (m == NULL)
				continue;
			d = bng_desc(m);
		}
		/* Upstream policing before the lookup: a packet over its
		 * subscriber's rate makes no session, no NAT mapping. */
		if (unlikely(w->qos != NULL) && bngd_qos_up(w, m, d))
			continue;
		if (likely(d->kind == BNG_PKT_IPV4)) {
			/* Keyed at classification; the key came with the packet. */
			p4[n4] = sess_key4_of(d);
			key[nk] = (const union sess_key *)p4[n4];
			slot4[n4++] = (uint8_t)nk;
		} else {
			enum bng_drop r = sess_key_build(m, d, (union sess_key *)&k6[n6]);

			if (unlikely(r != BNG_DROP_NONE)) {
				bngd_drop(w, m, r);
				continue;
			}
			p6[n6] = &k6[n6];
			key[nk] = (const union sess_key *)p6[n6];
			slot6[n6++] = (uint8_t)nk;
		}
		ok[nk++] = m;
	}
	hit4 = sess_lookup4_burst(t, p4, n4, idx4);
	hit6 = n6 ? sess_lookup6_burst(t, p6, n6, idx6) : 0;
	nhit = (uint32_t)(__builtin_popcountll(hit4) + __builtin_popcountll(hit6));
	for (uint32_t j = 0; j < n4; j++) {
		struct sess_entry *s = (hit4 >> j) & 1 ? &t->entries[SESS_HIT_IDX(idx4[j])] : NULL;

		sess[slot4[j]] = s;
		second |= (uint64_t)(((hit4 >> j) & 1) & SESS_HIT_SECONDARY(idx4[j])) << slot4[j];
		if (s != NULL)
			rte_prefetch0(s);
	}
	for (uint32_t j = 0; j < n6; j++) {
		struct sess_entry *s = (hit6 >> j) & 1 ? &t->entries[SESS_HIT_IDX(idx6[j])] : NULL;

		sess[slot6[j]] = s;
		second |= (uint64_t)(((hit6 >> j) & 1) & SESS_HIT_SECONDARY(idx6[j])) << slot6[j];
		if (s != NULL)
			rte_prefetch0(s);
	}
	if (unlikely(nhit != nk))
		created = create_missing(w, ok, key, sess, nk, now_ms, &second);

	for (uint32_t i = 0; i < nk; i++) {
		struct bng_desc *d = bng_desc(ok[i]);

		if (TRACED(d))
			act_traced(w, ok[i], d, sess[i], (created >> i) & 1, (second >> i) & 1, now_ms);
		else
			act(w, ok[i], d, sess[i], (created >> i) & 1, (second >> i) & 1, now_ms, 0);
	}
}

/*
 * The general pipeline: parse and classify packets from a port; owned IP
 * packets go on to process_owned().
 */
static __rte_noinline void
process_general(struct bngd_worker *w, const struct bngd_rxq *q, struct rte_mbuf **pkts,
		uint16_t n, uint32_t now_ms)
{
	const struct bngd *a = w->app;
	struct rte_mbuf *own[BNGD_BURST_MAX];
	const int tracing = w->trace->left != 0;
	uint32_t n_own = 0;

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		struct bng_desc *d = bng_desc(m);
		enum bngd_punt why;
		enum bng_drop r;
		uint32_t nh = 0;

		if (i + 1 < n)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + 1], void *));
		r = bng_parse_fast(m, d);
		d->l3flags = 0;
		d->port = q->port;
		d->role = q->role;
		d->tenant = q->tenant;
		if (unlikely(tracing) && w->trace->left) {
			bng_trace_start(w->trace, w->idx, m, d);
			bng_trace_event(a->trace, d, (uint8_t)w->idx, BNG_TR_RX, q->port, q->queue);
			bng_trace_event(a->trace, d, (uint8_t)w->idx, BNG_TR_PARSE, d->kind, r);
		}
		if (unlikely(r != BNG_DROP_NONE)) {
			bngd_drop(w, m, r);
			continue;
		}
		if (unlikely(q->vlans != NULL) && !vlans_allowed(q->vlans, m, d)) {
			bngd_drop(w, m, BNG_DROP_VLAN_NOT_ALLOWED);
			continue;
		}
		if (unlikely(d->kind != BNG_PKT_IPV4 || (d->flags & BNG_DF_PPPOE))) {
			switch (d->kind) {
			case BNG_PKT_IPV4:
			case BNG_PKT_IPV6:
				/* Session data: its source must be the session's
				 * subscriber (the /32 IPCP gave), from its MAC,
				 * port, VLANs and session id. */
				if (unlikely(d->flags & BNG_DF_PPPOE) && d->kind == BNG_PKT_IPV6) {
					/* IPv6CP may be up (link-local only):
					 * no address of the session's to check */
					bngd_drop(w, m, BNG_DROP_PPPOE_IPV6);
					continue;
				}
				if (unlikely(d->flags & BNG_DF_PPPOE) &&
				    spoof_check(w, m, d) != BNG_DROP_NONE) {
					/* The access concentrator answers a
					 * session it does not know with PADT. */
					if (a->cfg->pppoe_enabled)
						bngd_drop_sample(w, m, d, BNG_DROP_PPPOE_NO_SESSION,
								 BNGD_PUNT_PPPOE_STALE);
					else
						bngd_drop(w, m, BNG_DROP_PPPOE_NO_SESSION);
					continue;
				}
				break;
			case BNG_PKT_ARP:
				bngd_punt(w, m, d, BNGD_PUNT_ARP);
				continue;
			case BNG_PKT_PPPOE_DISC:
				bngd_punt(w, m, d, BNGD_PUNT_PPPOE_DISC);
				continue;
			case BNG_PKT_PPP_CTRL:
				bngd_punt(w, m, d, BNGD_PUNT_PPP_CTRL);
				continue;
			default:
				bngd_drop(w, m, BNG_DROP_ETHERTYPE);
				continue;
			}
		}
		/* Stateless screens of the port's zone, before anything acts on
		 * the packet (punt, route, session); one test for other ports. */
		if (unlikely(q->screens != 0)) {
			enum screen_kind s = screen_check(q->screens, m, d);

			if (unlikely(s != SCREEN_MAX)) {
				w->screen.drops[q->zone][s]++;
				bngd_drop(w, m, screen_drop_reason(s));
				continue;
			}
		}
		/* Rate screens, on the worker that received the packet (its
		 * thresholds hold per worker); counted by screen_rate_check(). */
		if (unlikely(q->rate_screens) &&
		    (r = screen_rate_check(w->rate, q->zone, m, d, now_ms)) != BNG_DROP_NONE) {
			bngd_drop(w, m, r);
			continue;
		}
		if (unlikely(ip_control(m, d, &why))) {
			bngd_punt(w, m, d, why);
			continue;
		}
		if (unlikely(q->antispoof) && !(d->flags & BNG_DF_PPPOE) &&
		    (r = spoof_check(w, m, d)) != BNG_DROP_NONE) {
			bngd_drop(w, m, r);
			continue;
		}
		r = not_routable(m, d);
		if (unlikely(r != BNG_DROP_NONE)) {
			bngd_drop(w, m, r);
			continue;
		}
		/* L3 input: route once, here, so that what the router answers or
		 * refuses itself (its own addresses, TTL, no route, MTU) never
		 * creates a session; the forward step reuses the result. */
		r = fib_route(a->fib, m, d, &nh);
		d->nh = nh;
		if (unlikely(r != BNG_DROP_NONE)) {
			if (r == BNG_DROP_LOCAL)
				bngd_l3_local(w, m, d);
			else if (r == BNG_DROP_NEIGH_UNRESOLVED && a->rcu != NULL && !w->rx_again)
				/* The management lcore resolves the next hop and
				 * holds the packet meanwhile (rate-limited). */
				bngd_punt(w, m, d, BNGD_PUNT_RESOLVE);
			else
				bngd_l3_refuse(w, m, d, r);
			continue;
		}
		if (unlikely(d->l3flags & BNG_L3F_NAT)) {
			/* To a NAT external address: not routed yet; keyed in the
			 * instance's outside namespace, owned by the port block's
			 * worker (or, for a static address, the inside host's). */
			uint32_t aux = a->fib->nh[nh].aux;

			if (d->role == BNG_ROLE_CORE) {
				int32_t o = nat_dest_owner(a, m, d, aux);

				if (unlikely(o < 0)) {
					w->nat_st->no_mapping++;
					bngd_drop(w, m, BNG_DROP_NAT_NO_MAPPING);
					continue;
				}
				d->tenant = NAT_OUTSIDE_TENANT((uint16_t)aux);
				d->owner = (uint16_t)o;
			}
		} else {
			d->l3flags |= BNG_L3F_NH;
		}
		if (likely(d->kind == BNG_PKT_IPV4)) {
			r = sess_key_build4(m, d, sess_key4_of(d));
			if (unlikely(r != BNG_DROP_NONE)) {
				bngd_drop(w, m, r);
				continue;
			}
		}
		if (likely(!(d->l3flags & BNG_L3F_NAT) || d->role != BNG_ROLE_CORE))
			d->owner = owner_of(a, m, d);
		if (unlikely(d->flags & BNG_DF_FRAG) && bngd_vfrag_wanted(a, d)) {
			uint16_t rv = bngd_vfrag_rendezvous(a, m, d);

			d->l3flags |= BNG_L3F_VFRAG;
			if (rv != w->idx) {
				bngd_handoff(w, m, rv);
			} else {
				struct bngd_vfrag_out here = { own, n_own, BNGD_BURST_MAX };

				bngd_vfrag_step(w, m, d, now_ms, &here);
				n_own = here.n;
			}
			continue;
		}
		if (d->owner != w->idx) {
			bngd_handoff(w, m, d->owner);
			continue;
		}
		own[n_own++] = m;
	}
	if (n_own)
		process_owned(w, own, n_own, now_ms);
}

/*
 * A burst from a port: through the express path where the queue allows it
 * and no packet is being traced, which leaves the rest to the general
 * pipeline. Not inlined: one call per burst costs nothing and keeps a
 * symbol for profilers to attribute the pipeline to.
 */
static __rte_noinline void
process_rx(struct bngd_worker *w, const struct bngd_rxq *q, struct rte_mbuf **pkts, uint16_t n,
	   uint32_t now_ms)
{
	if (likely(q->express) && likely(w->trace->left == 0))
		bngd_fast_rx(w, q, pkts, n, now_ms, process_general);
	else
		process_general(w, q, pkts, n, now_ms);
	/* Not a tail call: this frame stays while the pipeline runs, so that
	 * profilers (callgrind --toggle-collect=process_rx, the benches) see
	 * all of it under this symbol. */
	__asm__ volatile("" ::: "memory");
}

/*
 * Fragments of NAT flows handed here to meet their datagram: each is
 * replaced, in place, by what this worker processes of it now (nothing
 * when held or passed on, its held fragments after a first one).
 */
/*
 * Frames from the management lcore: its own (ARP and ND answers, DHCP
 * replies) go out as they are; packets it held while their next hop
 * resolved are received again on their port, through the whole pipeline.
 */
static __rte_noinline void
drain_inject(struct bngd_worker *w, uint32_t now_ms)
{
	const struct bngd *a = w->app;
	struct rte_mbuf *pkts[32];
	unsigned int n = rte_ring_sc_dequeue_burst(w->inject, (void **)pkts, RTE_DIM(pkts), NULL);

	w->st.injected += n;
	for (unsigned int i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		const struct bngd_port *p = NULL;

		for (uint16_t k = 0; k < a->n_ports && p == NULL; k++)
			if (a->ports[k].id == m->port)
				p = &a->ports[k];
		if (p == NULL) {
			rte_pktmbuf_free(m);
			continue;
		}
		if (bng_desc(m)->punt == BNGD_INJ_TX) {
			bngd_tx_enqueue(w, m->port, m);
		} else {
			struct bngd_rxq q = { .port = m->port, .tenant = p->cfg->tenant,
					      .role = p->cfg->role };

			/* Held once already: if the route is still unresolved now
			 * (no room for the host in the FIB), it is dropped, not
			 * punted round again. */
			w->st.pkts++;
			w->rx_again = 1;
			process_general(w, &q, &m, 1, now_ms);
			w->rx_again = 0;
		}
	}
}

static __rte_noinline uint32_t
vfrag_resolve(struct bngd_worker *w, struct rte_mbuf **pkts, uint32_t n, uint32_t now_ms)
{
	struct rte_mbuf *in[BNGD_BURST_MAX];
	struct bngd_vfrag_out here = { pkts, 0, BNGD_BURST_MAX };

	memcpy(in, pkts, n * sizeof(pkts[0]));
	for (uint32_t i = 0; i < n; i++) {
		struct bng_desc *d = bng_desc(in[i]);

		if (d->l3flags & BNG_L3F_VFRAG)
			bngd_vfrag_step(w, in[i], d, now_ms, &here);
		else if (here.n < here.max)
			pkts[here.n++] = in[i];
		else
			bngd_handoff(w, in[i], w->idx);
	}
	return here.n;
}

static inline uint32_t
has_vfrag(struct rte_mbuf **pkts, uint32_t n)
{
	uint32_t f = 0;

	for (uint32_t i = 0; i < n; i++)
		f |= bng_desc(pkts[i])->l3flags;
	return f & BNG_L3F_VFRAG;
}

/* One step of the request in hand: bounded work per loop iteration. */
static void
serve_request(struct bngd_worker *w, uint32_t now_ms)
{
	struct bngd_req *r = w->cur_req;
	int done = 1;

	if (r == NULL) {
		if (rte_ring_sc_dequeue(w->req, (void **)&w->cur_req) != 0)
			return;
		r = w->cur_req;
	}
	switch (r->op) {
	case BNGD_REQ_SESS_QUERY:
		done = sess_query_step(w->sess, r->q, 4096, now_ms);
		break;
	case BNGD_REQ_TRACE_ADD:
		w->trace->left += r->n;
		break;
	case BNGD_REQ_TRACE_CLEAR:
		w->trace->left = 0;
		w->trace->next = 0;
		for (uint32_t i = 0; i < BNG_TRACE_RECORDS; i++)
			w->trace->rec[i].seq = 0;
		break;
	}
	if (done) {
		w->cur_req = NULL;
		__atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
	}
}

int
bngd_worker_request(struct bngd *app, struct bngd_req *r, uint32_t timeout_ms)
{
	uint64_t deadline = rte_rdtsc() + rte_get_tsc_hz() / 1000 * timeout_ms;
	uint16_t w;

	/* All workers work on their part at once; then wait for every one. */
	for (w = 0; w < app->n_workers; w++) {
		r[w].done = 0;
		if (rte_ring_sp_enqueue(app->workers[w]->req, &r[w]) != 0)
			break;
	}
	if (w < app->n_workers) {
		/* Those enqueued still finish; wait for them, report the rest. */
		for (uint16_t i = w; i < app->n_workers; i++)
			r[i].done = 1;
	}
	for (uint16_t i = 0; i < app->n_workers; i++)
		while (!__atomic_load_n(&r[i].done, __ATOMIC_ACQUIRE)) {
			if (rte_rdtsc() > deadline)
				return -ETIMEDOUT;
			rte_pause();
		}
	return w < app->n_workers ? -ENOBUFS : 0;
}

/*
 * The screens of each port this worker polls, from its zone. Set by the
 * worker itself before its first burst: nothing else writes its queues.
 */
static void
screens_setup(struct bngd_worker *w)
{
	const struct bngd *a = w->app;

	for (uint16_t q = 0; q < w->n_rxq; q++) {
		struct bngd_rxq *rq = &w->rxq[q];

		for (uint16_t i = 0; i < a->n_ports; i++) {
			uint8_t z = a->ports[i].cfg->screen_zone;

			if (a->ports[i].id != rq->port || z == 0)
				continue;
			rq->zone = (uint8_t)(z - 1);
			rq->screens = (uint16_t)a->cfg->screen_zones[z - 1].enabled;
			rq->rate_screens = a->cfg->screen_zones[z - 1].rate.enabled != 0 &&
					   w->rate != NULL;
		}
		rq->express = (uint8_t)bngd_fast_eligible(w, rq);
	}
}

int
bngd_worker_main(void *arg)
{
	struct bngd_worker *w = arg;
	const struct bngd *a = w->app;
	struct rte_mbuf *pkts[BNGD_BURST_MAX];
	uint64_t next_drain = rte_rdtsc() + a->drain_tsc;
	const uint32_t burst = a->burst;

	bng_clock_init(&w->clock);
	screens_setup(w);
	for (uint16_t i = 0; i < RTE_MAX_ETHPORTS; i++)
		for (unsigned int k = 0; k < BNGD_PUNT_MAX; k++) {
			w->punt_bucket[i][k].last_tsc = rte_rdtsc();
			w->punt_bucket[i][k].tokens = a->punt_burst * a->tsc_hz;
		}
	w->icmp_bucket.last_tsc = w->echo_bucket.last_tsc = rte_rdtsc();
	w->icmp_bucket.tokens = (uint64_t)a->cfg->ip.icmp_burst * a->tsc_hz;
	w->echo_bucket.tokens = (uint64_t)a->cfg->ip.echo_burst * a->tsc_hz;
	if (a->rcu != NULL)
		rte_rcu_qsbr_thread_online(a->rcu, w->idx);
	while (!a->stop) {
		uint64_t now = rte_rdtsc();
		uint32_t now_ms = bng_clock_ms(&w->clock, now);
		uint32_t work = 0;

		for (uint16_t q = 0; q < w->n_rxq; q++) {
			const struct bngd_rxq *rq = &w->rxq[q];
			uint16_t n = rte_eth_rx_burst(rq->port, rq->queue, pkts, (uint16_t)burst);
			uint64_t t0;

			if (n == 0)
				continue;
			t0 = rte_rdtsc();
			w->tx_cycles = 0;
			w->st.rx += n;
			w->st.pkts += n;
			process_rx(w, rq, pkts, n, now_ms);
			w->st.cycles += rte_rdtsc() - t0 - w->tx_cycles;
			work += n;
		}
		/* Handed-off packets; with NAT also this worker's own hairpins. */
		if (a->n_workers > 1 || a->nat != NULL) {
			unsigned int n = rte_ring_sc_dequeue_burst(w->handoff, (void **)pkts, burst, NULL);

			if (n) {
				uint64_t t0 = rte_rdtsc();

				w->tx_cycles = 0;
				w->st.handoff_in += n;
				w->st.pkts += n;
				if (unlikely(w->vfrag != NULL && has_vfrag(pkts, n)))
					n = vfrag_resolve(w, pkts, n, now_ms);
				process_owned(w, pkts, n, now_ms);
				w->st.cycles += rte_rdtsc() - t0 - w->tx_cycles;
				work += n;
			}
		}
		if (now >= next_drain) {
			bngd_tx_drain(w);
			next_drain = now + a->drain_tsc;
		}
		sess_expire_poll(w->sess, now, now_ms);
		bngd_reass_poll(w, now);
		if (w->nat != NULL) {
			nat_worker_poll(w->nat, now_ms);
			bngd_vfrag_poll(w, now_ms);
		}
		if (unlikely(w->cur_req != NULL || !rte_ring_empty(w->req)))
			serve_request(w, now_ms);
		if (unlikely(!rte_ring_empty(w->inject)))
			drain_inject(w, now_ms);
		/* Nothing of the FIB's is held across iterations. */
		if (a->rcu != NULL)
			rte_rcu_qsbr_quiescent(a->rcu, w->idx);
		w->st.loops++;
		if (work == 0) {
			w->st.idle_loops++;
			if (a->idle_sleep_us)
				usleep(a->idle_sleep_us);
		} else {
			w->st.busy_cycles += rte_rdtsc() - now;
		}
	}
	bngd_tx_drain(w);
	if (a->rcu != NULL)
		rte_rcu_qsbr_thread_offline(a->rcu, w->idx);
	return 0;
}
