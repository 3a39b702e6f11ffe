/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * ARP and ND on the management lcore (see bngd_neigh.h). The FIB is the
 * workers' view of the neighbours: a gateway's next hop gets its MAC when
 * the gateway answers; a connected host (a server on the core side, a
 * subscriber without a lease) becomes a /32 to a next hop of its own; an
 * IPv6 one an entry of the FIB's lock-free host table (rte_lpm6 cannot take
 * /128s out under readers).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_errno.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "bng_log.h"
#include "bngd_mgmt.h"
#include "bngd_neigh.h"
#include "vtap.h"

static void apply(struct bngd *app);

struct bngd_neigh {
	struct vtap *v;
	struct vtap_out out;
	uint32_t next_timer_ms;
};

uint32_t
bngd_port_vrf(const struct bngd *app, uint16_t port)
{
	for (uint16_t i = 0; i < app->n_ports; i++)
		if (app->ports[i].id == port)
			return app->fib->tenant_vrf[app->ports[i].cfg->tenant];
	return 0;
}

static int
inject(struct bngd *app, struct rte_mbuf *m, uint8_t how)
{
	bng_desc(m)->punt = how;
	/* Worker 0 sends for the management lcore: one producer, one ring. */
	if (rte_ring_sp_enqueue(app->workers[0]->inject, m) != 0) {
		app->mgmt->inject_full++;
		rte_pktmbuf_free(m);
		return -1;
	}
	return 0;
}

static void
ip_of(struct vtap_ip *ip, int v6, const void *a)
{
	memset(ip, 0, sizeof(*ip));
	ip->v6 = (uint8_t)v6;
	memcpy(ip->a, a, v6 ? 16 : 4);
}

int
bngd_mgmt_send(struct bngd *app, uint16_t port, const void *data, uint16_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(app->pool);
	char *p;

	if (m == NULL || (p = rte_pktmbuf_append(m, len)) == NULL) {
		app->mgmt->inject_nombuf++;
		rte_pktmbuf_free(m);
		return -1;
	}
	memcpy(p, data, len);
	m->port = port;
	if (inject(app, m, BNGD_INJ_TX) != 0)
		return -1;
	app->mgmt->sent++;
	return 0;
}

int
bngd_mgmt_udp4(struct bngd *app, uint16_t port, const struct rte_ether_addr *dmac,
	       const uint8_t *tags, uint16_t tags_len, uint32_t src, uint32_t dst, uint16_t sport,
	       uint16_t dport, const uint8_t *payload, uint16_t len)
{
	uint8_t f[RTE_ETHER_HDR_LEN + 8 + sizeof(struct rte_ipv4_hdr) + sizeof(struct rte_udp_hdr) +
		  1500];
	uint16_t l2 = (uint16_t)(RTE_ETHER_HDR_LEN + tags_len);
	const struct bngd_port *p = NULL;
	struct rte_ipv4_hdr *ip;
	struct rte_udp_hdr *udp;

	for (uint16_t i = 0; i < app->n_ports && p == NULL; i++)
		if (app->ports[i].id == port)
			p = &app->ports[i];
	if (p == NULL || tags_len > 8 || len > 1500 - sizeof(*ip) - sizeof(*udp))
		return -EINVAL;
	memcpy(f, dmac, 6);
	memcpy(f + 6, &p->mac, 6);
	memcpy(f + 12, tags, tags_len);   /* VLAN tags, if any */
	f[l2 - 2] = 0x08;
	f[l2 - 1] = 0x00;
	ip = (struct rte_ipv4_hdr *)(f + l2);
	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16((uint16_t)(sizeof(*ip) + sizeof(*udp) + len));
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = src;
	ip->dst_addr = dst;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	udp = (struct rte_udp_hdr *)(ip + 1);
	udp->src_port = rte_cpu_to_be_16(sport);
	udp->dst_port = rte_cpu_to_be_16(dport);
	udp->dgram_len = rte_cpu_to_be_16((uint16_t)(sizeof(*udp) + len));
	udp->dgram_cksum = 0;
	memcpy(udp + 1, payload, len);
	udp->dgram_cksum = rte_ipv4_udptcp_cksum(ip, udp);
	return bngd_mgmt_send(app, port, f, (uint16_t)(l2 + sizeof(*ip) + sizeof(*udp) + len));
}

int
bngd_neigh_want4(struct bngd *app, uint32_t vrf, uint32_t dst)
{
	struct bngd_neigh *n = app->mgmt->neigh;
	const struct fib_nh *nh;
	static const uint8_t zero[4];
	struct vtap_ip ip;
	uint32_t idx;

	if (fib_lookup4(app->fib, vrf, dst, &idx) != 0)
		return -ENETUNREACH;
	nh = &app->fib->nh[idx];
	if (nh->flags & (FIB_NH_LOCAL | FIB_NH_DROP | FIB_NH_PROHIBIT | FIB_NH_NAT | FIB_NH_BCAST))
		return -ENETUNREACH;
	if (!(nh->flags & FIB_NH_RESOLVED)) {
		/* Ask now; the protocol's own retransmission gets through later. */
		ip_of(&ip, 0, memcmp(nh->gw, zero, 4) != 0 ? (const void *)nh->gw : (const void *)&dst);
		vtap_resolve(n->v, nh->port, &ip, bngd_mgmt_ms(), NULL, &n->out);
		apply(app);
		return -EHOSTUNREACH;
	}
	return (int)idx;
}

int
bngd_mgmt_udp4_route(struct bngd *app, uint32_t vrf, uint32_t src, uint32_t dst, uint16_t sport,
		     uint16_t dport, const uint8_t *payload, uint16_t len)
{
	const struct fib_nh *nh;
	int idx = bngd_neigh_want4(app, vrf, dst);

	if (idx < 0)
		return idx;
	nh = &app->fib->nh[idx];
	return bngd_mgmt_udp4(app, nh->port, &nh->dmac, NULL, 0, src, dst, sport, dport, payload,
			      len);
}

void
bngd_mgmt_rx_again(struct bngd *app, struct rte_mbuf *m)
{
	inject(app, m, BNGD_INJ_RX);
}

/* A neighbour answered: every next hop through it gets its MAC; an IPv4
 * neighbour is also a host of its own (it may not be a gateway at all). */
static void
resolved(struct bngd *app, const struct vtap_event *e)
{
	struct fib *f = app->fib;
	int rc;

	for (uint32_t i = 0; i < f->n_nh; i++) {
		const struct fib_nh *nh = &f->nh[i];

		if (nh->host == 0 && nh->port == e->port && !!(nh->flags & FIB_NH_V6) == e->ip.v6 &&
		    !(nh->flags & (FIB_NH_LOCAL | FIB_NH_NAT | FIB_NH_DROP)) &&
		    memcmp(nh->gw, e->ip.a, e->ip.v6 ? 16 : 4) == 0 &&
		    (!(nh->flags & FIB_NH_RESOLVED) || !rte_is_same_ether_addr(&nh->dmac, &e->mac)))
			fib_nh_set_mac(f, i, &e->mac);
	}
	/* On a port of VLAN subscribers the event says not which VLAN: their
	 * /32s come from their leases, tags included. */
	if (vtap_if_get(app->mgmt->neigh->v, e->ifx) != NULL &&
	    (vtap_if_get(app->mgmt->neigh->v, e->ifx)->flags & VTAP_IF_ANY_VLAN))
		return;
	if (e->ip.v6) {
		rc = fib_host6_add(f, bngd_port_vrf(app, e->port), e->ip.a, e->port, &e->mac);
		if (rc < 0)
			BNG_LOG(WARNING, app, "IPv6 neighbor: no room in the FIB (%d)", rc);
		return;
	}
	rc = fib_host_add(f, bngd_port_vrf(app, e->port), *(const uint32_t *)(const void *)e->ip.a,
			  e->port, &e->mac, FIB_HOST_ARP);
	if (rc < 0 && rc != -EEXIST)
		BNG_LOG(WARNING, app, "neighbor %u.%u.%u.%u: no room in the FIB (%d)", e->ip.a[0],
			e->ip.a[1], e->ip.a[2], e->ip.a[3], rc);
}

/* Do what vtap asked: send its frames, apply its events, release what it held. */
static void
apply(struct bngd *app)
{
	struct bngd_neigh *n = app->mgmt->neigh;
	struct vtap_out *o = &n->out;

	for (uint16_t i = 0; i < o->n_frames; i++)
		bngd_mgmt_send(app, o->frames[i].port, o->frames[i].data, o->frames[i].len);
	for (uint16_t i = 0; i < o->n_events; i++) {
		const struct vtap_event *e = &o->events[i];

		switch (e->type) {
		case VTAP_EV_RESOLVED:
			resolved(app, e);
			break;
		case VTAP_EV_FAILED:
			if (e->ip.v6)
				fib_host6_del(app->fib, bngd_port_vrf(app, e->port), e->ip.a);
			else
				fib_host_del(app->fib, bngd_port_vrf(app, e->port),
					     *(const uint32_t *)(const void *)e->ip.a, FIB_HOST_ARP);
			break;
		case VTAP_EV_CONFLICT:
			BNG_LOG(WARNING, app, "address conflict on port %u: %02x:%02x:%02x:%02x:%02x:%02x "
				"claims one of our addresses", e->port, e->mac.addr_bytes[0],
				e->mac.addr_bytes[1], e->mac.addr_bytes[2], e->mac.addr_bytes[3],
				e->mac.addr_bytes[4], e->mac.addr_bytes[5]);
			break;
		}
	}
	for (uint16_t i = 0; i < o->n_held; i++) {
		struct rte_mbuf *m = o->held[i].pkt;

		if (o->held[i].reason == VTAP_R_OK) {
			bngd_mgmt_rx_again(app, m);
		} else {
			app->mgmt_drops.count[BNG_DROP_NEIGH_UNRESOLVED]++;
			rte_pktmbuf_free(m);
		}
	}
	vtap_out_reset(o);
}


static int
add_interfaces(struct bngd *app)
{
	struct bngd_neigh *n = app->mgmt->neigh;

	for (uint16_t i = 0; i < app->n_ports; i++) {
		const struct bngd_port_cfg *pc = app->ports[i].cfg;
		struct vtap_if_config c;
		int rc;

		vtap_if_config_defaults(&c);
		c.port = app->ports[i].id;
		c.mac = app->ports[i].mac;
		c.mtu = pc->mtu;
		c.flags = (pc->proxy_arp ? VTAP_IF_PROXY : 0) |
			  (pc->subscriber_vlans ? VTAP_IF_ANY_VLAN : 0);
		for (uint32_t a = 0; a < pc->n_addr; a++) {
			struct vtap_if_addr *x;

			if (pc->addr[a].v6 ? c.n_addr6 == VTAP_IF_MAX_ADDR : c.n_addr4 == VTAP_IF_MAX_ADDR)
				continue;
			x = pc->addr[a].v6 ? &c.addr6[c.n_addr6++] : &c.addr4[c.n_addr4++];
			memcpy(x->a, pc->addr[a].addr, 16);
			x->plen = pc->addr[a].len;
		}
		if (pc->ra) {
			c.ra_enabled = 1;
			c.ra_interval_ms = pc->ra_interval_s * 1000;
			c.ra_lifetime_s = (uint16_t)pc->ra_lifetime_s;
			c.ra_managed = pc->ra_managed;
			c.ra_other = pc->ra_other;
			/* Every IPv6 subnet of the port, for SLAAC. */
			for (uint32_t a = 0; a < pc->n_addr && c.n_prefix < VTAP_IF_MAX_PREFIX; a++) {
				struct vtap_ra_prefix *x = &c.prefix[c.n_prefix];

				if (!pc->addr[a].v6)
					continue;
				memcpy(x->prefix, pc->addr[a].addr, 16);
				x->len = pc->addr[a].len;
				x->onlink = 1;
				x->autonomous = x->len == 64;
				x->valid_s = 86400;
				x->preferred_s = 14400;
				c.n_prefix++;
			}
		}
		rc = vtap_if_add(n->v, &c);
		if (rc < 0) {
			fprintf(stderr, "bngd: port %s: ARP/ND interface: %s\n", pc->name, strerror(-rc));
			return -1;
		}
		if (app->cfg->neigh_announce)
			vtap_if_announce(n->v, (uint16_t)rc, &n->out);
		apply(app);
	}
	return 0;
}

int
bngd_neigh_setup(struct bngd *app)
{
	const struct bngd_config *cfg = app->cfg;
	struct bngd_neigh *n = calloc(1, sizeof(*n));
	struct fib *f = app->fib;

	if (n == NULL)
		return -1;
	app->mgmt->neigh = n;
	n->v = vtap_create("neigh", (int)rte_socket_id(), &cfg->neigh_table);
	if (n->v == NULL) {
		fprintf(stderr, "bngd: neighbor table: %s\n", rte_strerror(rte_errno));
		return -1;
	}
	if (add_interfaces(app) != 0)
		return -1;
	/* Configured neighbours are static: never aged, never overridden. */
	for (uint32_t i = 0; i < cfg->n_neigh; i++) {
		const struct bngd_neigh_cfg *c = &cfg->neigh[i];
		struct vtap_ip ip;

		ip_of(&ip, c->v6, c->addr);
		vtap_neigh_static_add(n->v, app->ports[c->port].id, &ip, &c->mac, &n->out);
		n->out.n_events = 0;   /* already in the FIB */
	}
	/* Gateways nobody configured: ask for them now, not on the first packet. */
	for (uint32_t i = 0; i < f->n_nh; i++) {
		const struct fib_nh *nh = &f->nh[i];
		static const uint8_t zero[16];
		struct vtap_ip ip;

		if (nh->flags & (FIB_NH_RESOLVED | FIB_NH_LOCAL | FIB_NH_NAT | FIB_NH_DROP |
				 FIB_NH_PROHIBIT | FIB_NH_BCAST) ||
		    memcmp(nh->gw, zero, nh->flags & FIB_NH_V6 ? 16 : 4) == 0)
			continue;
		ip_of(&ip, !!(nh->flags & FIB_NH_V6), nh->gw);
		vtap_resolve(n->v, nh->port, &ip, bngd_mgmt_ms(), NULL, &n->out);
		apply(app);
	}
	return 0;
}

void
bngd_neigh_free(struct bngd *app)
{
	struct bngd_neigh *n = app->mgmt != NULL ? app->mgmt->neigh : NULL;

	if (n == NULL)
		return;
	/* Held packets go back to the pool with their neighbours. */
	for (uint32_t cursor = 0;;) {
		struct vtap_neigh_info info;

		if (vtap_neigh_next(n->v, &cursor, &info) != 0)
			break;
		if (info.n_held) {
			vtap_neigh_del(n->v, info.port, &info.ip, &n->out);
			apply(app);
		}
	}
	vtap_free(n->v);
	free(n);
	app->mgmt->neigh = NULL;
}

void
bngd_neigh_input(struct bngd *app, struct rte_mbuf *m, uint32_t now_ms)
{
	struct bngd_neigh *n = app->mgmt->neigh;
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	uint8_t buf[1600];

	/* vtap reads contiguous bytes: a chained mbuf is copied out first. */
	if (m->nb_segs > 1 && m->pkt_len <= sizeof(buf))
		p = rte_pktmbuf_read(m, 0, m->pkt_len, buf);
	if (p != NULL)
		vtap_input(n->v, m->port, p, (uint16_t)RTE_MIN(m->pkt_len, (uint32_t)UINT16_MAX),
			   now_ms, &n->out);
	rte_pktmbuf_free(m);
	apply(app);
}

void
bngd_neigh_hold(struct bngd *app, struct rte_mbuf *m, uint32_t now_ms)
{
	struct bngd_neigh *n = app->mgmt->neigh;
	const struct bng_desc *d = bng_desc(m);
	const uint8_t *l3 = rte_pktmbuf_mtod_offset(m, const uint8_t *, d->l3_off);
	int v6 = d->kind == BNG_PKT_IPV6;
	static const uint8_t zero[16];
	const struct fib_nh *nh;
	struct vtap_ip ip;

	if (d->nh >= app->fib->n_nh) {
		app->mgmt_drops.count[BNG_DROP_NEIGH_UNRESOLVED]++;
		rte_pktmbuf_free(m);
		return;
	}
	nh = &app->fib->nh[d->nh];
	/* A gateway's next hop names it; a connected route's is the destination. */
	if (memcmp(nh->gw, zero, v6 ? 16 : 4) != 0)
		ip_of(&ip, v6, nh->gw);
	else
		ip_of(&ip, v6, v6 ? l3 + 24 : l3 + 16);
	/* Already routed (and translated): only the neighbour is asked for. */
	if (d->l3flags & BNG_L3F_OUT) {
		vtap_resolve(n->v, nh->port, &ip, now_ms, NULL, &n->out);
		app->mgmt_drops.count[BNG_DROP_NEIGH_UNRESOLVED]++;
		rte_pktmbuf_free(m);
	} else if (vtap_hold(n->v, nh->port, &ip, m, now_ms, &n->out) < 0) {
		app->mgmt_drops.count[BNG_DROP_NEIGH_UNRESOLVED]++;
		rte_pktmbuf_free(m);
	}
	apply(app);
}

void
bngd_neigh_poll(struct bngd *app, uint32_t now_ms)
{
	struct bngd_neigh *n = app->mgmt->neigh;

	if ((int32_t)(now_ms - n->next_timer_ms) < 0)
		return;
	n->next_timer_ms = now_ms + 50;
	/* vtap stops early when its output is full: drain and go on, a few times. */
	for (int k = 0; k < 4; k++) {
		vtap_timer(n->v, now_ms, &n->out);
		if (!n->out.n_frames && !n->out.n_events && !n->out.n_held)
			break;
		apply(app);
	}
	fib_reclaim(app->fib);
}

int
bngd_neigh_forget(struct bngd *app, uint16_t port, const struct vtap_ip *ip)
{
	struct bngd_neigh *n = app->mgmt->neigh;
	int rc;

	if (n == NULL)
		return -ENOENT;
	rc = vtap_neigh_del(n->v, port, ip, &n->out);
	if (rc == 0 && ip->v6)
		fib_host6_del(app->fib, bngd_port_vrf(app, port), ip->a);
	else if (rc == 0)
		fib_host_del(app->fib, bngd_port_vrf(app, port), *(const uint32_t *)(const void *)ip->a,
			     FIB_HOST_ARP);
	apply(app);
	return rc;
}

const struct vtap *
bngd_neigh_vtap(const struct bngd *app)
{
	return app->mgmt->neigh != NULL ? app->mgmt->neigh->v : NULL;
}
