/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Forwarding information base: per-VRF IPv4 (rte_lpm) and IPv6 (rte_lpm6)
 * route tables whose results index a shared next-hop (adjacency) array. A
 * next hop carries everything L2 rewrite needs: egress port, destination and
 * source MAC. Neighbors are host routes (/32, /128) to resolved next hops, so
 * one LPM lookup answers "where and to which MAC". Connected prefixes point
 * to an unresolved next hop on their port, the appliance's own addresses to
 * a local one.
 *
 * Writers: the main lcore at start-up (and later the management lcore).
 * Readers: every worker, lock-free (rte_lpm entries are written atomically).
 */
#ifndef FIB_H
#define FIB_H

#include <stdint.h>

#include <rte_ether.h>
#include <rte_hash.h>
#include <rte_lpm.h>
#include <rte_lpm6.h>

#include "bng_bswap.h"
#include "bng_cksum.h"
#include "sess_chain.h"

#define FIB_MAX_VRF     64
#define FIB_MAX_TENANT  1024
#define FIB_MAX_PORTS   RTE_MAX_ETHPORTS

/* Next-hop flags. */
#define FIB_NH_RESOLVED  0x01 /**< dmac is valid */
#define FIB_NH_CONNECTED 0x02 /**< connected prefix: next hop is the destination */
#define FIB_NH_LOCAL     0x04 /**< an address of the appliance itself */
#define FIB_NH_V6        0x08
#define FIB_NH_DROP      0x10 /**< blackhole */
#define FIB_NH_PROHIBIT  0x20 /**< administratively prohibited: refuse with ICMP */
#define FIB_NH_BCAST     0x40 /**< a connected subnet's broadcast address: not routed */
#define FIB_NH_NAT       0x80 /**< an external address of NAT instance @c aux: translate first */
/* A learned host's holders (fib_nh.host, fib_host_add()). */
#define FIB_HOST_ARP     0x01 /**< resolved by ARP/ND */
#define FIB_HOST_SUB     0x02 /**< a subscriber's address (DHCP lease): anti-spoofing binds to it */
#define FIB_HOST_FREE    0x80 /**< a learned host's slot, free for the next one */

struct fib_nh {
	struct rte_ether_addr dmac;
	struct rte_ether_addr smac;
	uint16_t port;
	uint8_t flags;
	uint8_t host;     /**< learned host: FIB_HOST_* of who holds it; 0: configured */
	uint8_t gw[16];   /**< gateway (IPv4 in the first four bytes), network order */
	uint32_t vrf;
	uint32_t aux;     /**< FIB_NH_NAT: the NAT instance */
	uint16_t vlan[2]; /**< tags pushed on egress: outer, inner VLAN id (0: none) */
	uint16_t pppoe_sid; /**< a PPPoE subscriber's session id (network order; 0: none) */
	/** A subscriber's path MTU (its PPPoE session's): the TCP SYNs it sends
	 * and receives are MSS-clamped to fit (bng_tcp_mss_clamp()); 0: never. */
	uint16_t clamp_mtu;
};

/** A route as configured, kept for display. */
struct fib_route {
	uint32_t vrf;
	uint32_t nh;
	uint8_t prefix[16]; /**< network order; IPv4 in the first four bytes */
	uint8_t depth;
	uint8_t v6;
	uint8_t pad[2];
};

struct fib_config {
	uint32_t max_routes;  /**< per VRF and family */
	uint32_t max_nh;
	uint32_t tbl8s;       /**< rte_lpm tbl8 groups per VRF */
};

#define FIB_NH_NONE UINT32_MAX

/* rte_lpm cannot hold a /0: each VRF keeps its default routes beside it. */
struct fib_vrf {
	struct rte_lpm *lpm4;
	struct rte_lpm6 *lpm6;
	uint32_t default4;  /**< next hop of 0.0.0.0/0, or FIB_NH_NONE */
	uint32_t default6;  /**< next hop of ::/0, or FIB_NH_NONE */
};

/** What the router knows of each of its ports. */
struct fib_port {
	struct rte_ether_addr mac;
	uint16_t mtu;        /**< largest IP packet sent out of it; 0: unlimited */
	uint8_t has4, has6;
	uint32_t addr4;      /**< first IPv4 address (network order): ICMP errors come from it */
	uint8_t addr6[16];   /**< first IPv6 address */
};

struct rte_rcu_qsbr;
struct rte_rcu_qsbr_dq;

struct fib {
	struct fib_vrf vrf[FIB_MAX_VRF];
	uint16_t tenant_vrf[FIB_MAX_TENANT];
	struct fib_port port[FIB_MAX_PORTS];
	struct fib_nh *nh;
	uint32_t n_nh, max_nh;
	struct fib_route *routes;
	uint32_t n_routes, max_routes_total; /**< display list; grows as needed */
	uint32_t max_routes;
	uint32_t tbl8s;
	int socket;
	char name[12];
	/* Learned hosts (management lcore): next hops freed only after every
	 * worker has passed a quiescent state, so a worker mid-burst never
	 * reads a recycled one; rte_lpm defers its tbl8 groups the same way. */
	struct rte_rcu_qsbr *rcu;
	struct rte_rcu_qsbr_dq *nh_dq;
	uint32_t *nh_free;   /**< free next-hop slots below n_nh */
	uint32_t n_nh_free;
	uint32_t n_hosts;    /**< learned host routes */
	/* IPv6 hosts learned by ND: rte_lpm6 cannot take routes out under
	 * readers, so they live in a lock-free hash (RCU-reclaimed), looked
	 * up only when a connected IPv6 route has no MAC. */
	struct rte_hash *host6;
	uint32_t n_hosts6;
};

/** Key of fib.host6. */
struct fib_host6_key {
	uint32_t vrf;
	uint8_t addr[16];
};

/** Defaults: 4096 routes per VRF and family, 4096 next hops, 256 tbl8s. */
void fib_config_defaults(struct fib_config *c);

/**
 * Create an empty FIB. @return the FIB, or NULL with rte_errno EINVAL/ENOMEM.
 */
struct fib *fib_create(const char *name, int socket, const struct fib_config *cfg);

/** Free; NULL is a no-op. */
void fib_free(struct fib *f);

/** Source MAC used when forwarding out of @p port. */
void fib_port_mac_set(struct fib *f, uint16_t port, const struct rte_ether_addr *mac);

/**
 * A port's IP MTU and its first address of each family (NULL: none), the
 * source of the ICMP errors the router sends for packets that came in on it.
 */
void fib_port_l3_set(struct fib *f, uint16_t port, uint16_t mtu, const uint8_t *addr4,
		     const uint8_t *addr6);

/** Bind a tenant to a VRF. @return 0, -EINVAL. */
int fib_tenant_vrf_set(struct fib *f, uint16_t tenant, uint32_t vrf);

/**
 * Add a next hop, or find the identical one. @return its index, or -ENOSPC,
 * -EINVAL.
 */
int fib_nh_add(struct fib *f, const struct fib_nh *nh);

/**
 * Let the FIB change under running workers (management lcore): rte_lpm
 * frees and learned next hops wait for @p v's grace period. Workers must
 * be registered with @p v and report quiescent states.
 * @return 0, or -ENOMEM / -EINVAL.
 */
int fib_rcu_attach(struct fib *f, struct rte_rcu_qsbr *v);

/**
 * Learn or update host @p addr (IPv4, network order) in @p vrf: a /32 to a
 * resolved next hop on @p port with @p mac, held by @p kind (FIB_HOST_*). An existing learned host is updated in place (MAC
 * written atomically); a configured route of that exact prefix is never
 * replaced (-EEXIST). @return the next hop index, or -ENOSPC / -EEXIST / -EINVAL.
 */
int fib_host_add(struct fib *f, uint32_t vrf, uint32_t addr, uint16_t port,
		 const struct rte_ether_addr *mac, uint32_t kind);

/** How a subscriber is reached at layer 2 beyond its MAC. */
struct fib_sub_l2 {
	uint16_t vlan[2];   /**< outer, inner VLAN id; 0: none */
	uint16_t pppoe_sid; /**< PPPoE session id, network order; 0: IPoE */
	uint16_t clamp_mtu; /**< fib_nh.clamp_mtu: MSS-clamp TCP SYNs to this MTU; 0: no */
};

/** fib_host_add() for a subscriber behind VLAN tags and/or in a PPPoE session. */
int fib_host_add_sub(struct fib *f, uint32_t vrf, uint32_t addr, uint16_t port,
		     const struct rte_ether_addr *mac, const struct fib_sub_l2 *l2, uint32_t kind);

/**
 * Learn or update IPv6 host @p addr (16 bytes) in @p vrf on @p port with
 * @p mac (ND). @return the next hop index, -ENOSPC, -EINVAL.
 */
int fib_host6_add(struct fib *f, uint32_t vrf, const uint8_t *addr, uint16_t port,
		  const struct rte_ether_addr *mac);

/** Forget learned IPv6 host @p addr. @return 0 or -ENOENT. */
int fib_host6_del(struct fib *f, uint32_t vrf, const uint8_t *addr);

/** Forget learned host @p addr (only if its kind is in @p kinds). @return 0 or -ENOENT. */
int fib_host_del(struct fib *f, uint32_t vrf, uint32_t addr, uint32_t kinds);

/** The learned host @p addr of @p vrf: its next hop, or NULL. */
const struct fib_nh *fib_host_get(const struct fib *f, uint32_t vrf, uint32_t addr);

/**
 * Give next hop @p idx the link-layer address @p mac and mark it resolved
 * (a gateway answered ARP/ND); safe under running workers. @return 0 or -EINVAL.
 */
int fib_nh_set_mac(struct fib *f, uint32_t idx, const struct rte_ether_addr *mac);

/** Reclaim what the grace period allows (management loop). */
void fib_reclaim(struct fib *f);

/**
 * Add a route (creating the VRF's table on first use).
 * @param prefix network order (4 or 16 bytes)
 * @return 0, -EINVAL (bad depth/vrf/nh), -ENOSPC, -EEXIST (same prefix).
 */
int fib_route_add(struct fib *f, uint32_t vrf, int v6, const uint8_t *prefix, uint8_t depth,
		  uint32_t nh);

/** Longest-prefix match for IPv4 (@p dst network order). @return 0 or -ENOENT. */
static inline int
fib_lookup4(const struct fib *f, uint32_t vrf, uint32_t dst, uint32_t *nh)
{
	const struct fib_vrf *v = &f->vrf[vrf];

	if (likely(v->lpm4 != NULL) && rte_lpm_lookup(v->lpm4, bng_ntohl(dst), nh) == 0)
		return 0;
	*nh = v->default4;
	return v->default4 == FIB_NH_NONE ? -ENOENT : 0;
}

/** Longest-prefix match for IPv6. @return 0 or -ENOENT. */
static inline int
fib_lookup6(const struct fib *f, uint32_t vrf, const uint8_t *dst, uint32_t *nh)
{
	const struct fib_vrf *v = &f->vrf[vrf];

	if (likely(v->lpm6 != NULL) && rte_lpm6_lookup(v->lpm6, dst, nh) == 0)
		return 0;
	*nh = v->default6;
	return v->default6 == FIB_NH_NONE ? -ENOENT : 0;
}

/**
 * Route a packet and apply the router's checks, in the order RFC 1812
 * gives them: route, local delivery, TTL / hop limit, MTU.
 *
 * @return BNG_DROP_NONE with *nh set (and BNG_L3F_FRAG in d->l3flags when
 *         the packet must be fragmented on output, BNG_L3F_NAT when the
 *         destination is a NAT external address, to be routed once
 *         translated); BNG_DROP_LOCAL with *nh
 *         set when it is addressed to the appliance; otherwise the reason
 *         to refuse it (no_route, route_blackhole, administratively_prohibited,
 *         multicast_not_routed for a connected subnet's broadcast address,
 *         neighbor_unresolved, ttl_exceeded, fragmentation_needed,
 *         packet_too_big). *nh is set whenever a route was found.
 */
static inline enum bng_drop
fib_route(const struct fib *f, struct rte_mbuf *m, struct bng_desc *d, uint32_t *nh)
{
	const uint8_t *l3 = rte_pktmbuf_mtod_offset(m, const uint8_t *, d->l3_off);
	uint32_t vrf = likely(d->tenant < FIB_MAX_TENANT) ? f->tenant_vrf[d->tenant] : 0;
	const struct fib_nh *n;
	uint16_t mtu;
	uint8_t ttl;

	if (d->kind == BNG_PKT_IPV4) {
		const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)l3;

		if (unlikely(fib_lookup4(f, vrf, ip->dst_addr, nh) < 0))
			return BNG_DROP_NO_ROUTE;
		ttl = ip->time_to_live;
	} else {
		const struct rte_ipv6_hdr *ip = (const struct rte_ipv6_hdr *)l3;

		if (unlikely(fib_lookup6(f, vrf, ip->dst_addr, nh) < 0))
			return BNG_DROP_NO_ROUTE;
		ttl = ip->hop_limits;
	}
	n = &f->nh[*nh];
	if (unlikely(n->flags & (FIB_NH_LOCAL | FIB_NH_DROP | FIB_NH_PROHIBIT | FIB_NH_BCAST))) {
		if (n->flags & FIB_NH_LOCAL)
			return BNG_DROP_LOCAL;
		if (n->flags & FIB_NH_BCAST)
			return BNG_DROP_MCAST;
		return (n->flags & FIB_NH_DROP) ? BNG_DROP_BLACKHOLE : BNG_DROP_ADMIN_PROHIBITED;
	}
	if (unlikely(ttl <= 1))
		return BNG_DROP_TTL_EXCEEDED;
	/* A NAT external address: the real route is known after translation. */
	if (unlikely(n->flags & FIB_NH_NAT)) {
		d->l3flags |= BNG_L3F_NAT;
		return BNG_DROP_NONE;
	}
	if (unlikely(!(n->flags & FIB_NH_RESOLVED))) {
		/* An IPv6 host on a connected prefix that ND has found. */
		struct fib_host6_key k;
		void *data;

		if (d->kind != BNG_PKT_IPV6 || f->host6 == NULL || !(n->flags & FIB_NH_CONNECTED))
			return BNG_DROP_NEIGH_UNRESOLVED;
		k.vrf = vrf;
		memcpy(k.addr, ((const struct rte_ipv6_hdr *)l3)->dst_addr, 16);
		if (rte_hash_lookup_data(f->host6, &k, &data) < 0)
			return BNG_DROP_NEIGH_UNRESOLVED;
		*nh = (uint32_t)(uintptr_t)data;
		n = &f->nh[*nh];
	}
	mtu = f->port[n->port].mtu;
	if (unlikely(mtu && d->l3_len > mtu)) {
		if (d->kind == BNG_PKT_IPV6)
			return BNG_DROP_PKT_TOO_BIG;
		if (((const struct rte_ipv4_hdr *)l3)->fragment_offset & RTE_BE16(RTE_IPV4_HDR_DF_FLAG))
			return BNG_DROP_FRAG_NEEDED;
		d->l3flags |= BNG_L3F_FRAG;
	}
	return BNG_DROP_NONE;
}

/**
 * The forward step, inline so that a worker running the common service set
 * can call it without an indirect call. It reuses the route the worker's
 * L3 input found (BNG_L3F_NH) unless a service cleared it (a rewritten
 * destination), then decrements TTL / hop limit with an incremental
 * checksum update and leaves the next hop in d->nh.
 */
static inline enum sess_verdict
fib_forward(const struct fib *f, struct rte_mbuf *m, struct bng_desc *d)
{
	uint8_t *l3 = rte_pktmbuf_mtod_offset(m, uint8_t *, d->l3_off);
	uint32_t nh = d->nh;

	if (unlikely(!(d->l3flags & BNG_L3F_NH))) {
		enum bng_drop r;

		d->l3flags &= ~BNG_L3F_NAT;
		r = fib_route(f, m, d, &nh);

		if (r == BNG_DROP_LOCAL)
			return SESS_PUNT;
		if (r == BNG_DROP_NONE && (d->l3flags & BNG_L3F_NAT)) {
			/* Still an external address after the services ran: a
			 * subscriber reaching another through the NAT. The
			 * worker turns it around (d->nh: the address's entry). */
			d->nh = nh;
			d->drop = BNG_DROP_NAT_HAIRPIN;
			return SESS_HANDOFF;
		}
		if (r != BNG_DROP_NONE) {
			d->drop = r;
			d->nh = nh;   /* the unresolved neighbour, for resolution */
			return SESS_DROP;
		}
		d->l3flags |= BNG_L3F_NH;
	}
	if (d->kind == BNG_PKT_IPV4)
		bng_ip4_ttl_dec((struct rte_ipv4_hdr *)l3);
	else
		((struct rte_ipv6_hdr *)l3)->hop_limits--;
	d->nh = nh;
	d->l3flags |= BNG_L3F_OUT;
	return SESS_CONTINUE;
}

/**
 * The forward service: route lookup in the tenant's VRF, TTL / hop limit
 * decrement with incremental checksum, next hop into d->nh. Its per-worker
 * argument is the struct fib.
 */
extern const struct sess_service fib_forward_service;

#endif /* FIB_H */
