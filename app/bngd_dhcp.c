/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * IPoE subscribers: lib/dhcp's server on the management lcore. A punted
 * DHCP frame's UDP payload goes to the server; its reply is framed (the
 * request's VLAN tags kept) and sent through a worker's inject ring. A
 * bound lease makes the subscriber a /32 in its tenant's VRF whose next
 * hop is the client's MAC on its port: downstream packets find the
 * subscriber with one LPM lookup, and anti-spoofing on the port checks an
 * upstream packet's source against the same entry. Leases restored from
 * the lease file at start come back into the FIB the same way.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_ether.h>
#include <rte_errno.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "bng_log.h"
#include "bngd_dhcp.h"
#include "bngd_mgmt.h"
#include "bngd_neigh.h"
#include "dhcp.h"

struct bngd_dhcp {
	struct dhcp_server *srv;
	struct dhcp_reply reply;
	uint64_t next_expire_ms;
	uint64_t no_route;        /**< replies to relays with no resolved next hop */
	uint64_t bad_frame;       /**< punted frames that were not UDP to port 67 */
	uint64_t fib_full;        /**< leases that found no room in the FIB */
};

static uint32_t
tenant_vrf(const struct bngd *app, uint16_t tenant)
{
	return tenant < FIB_MAX_TENANT ? app->fib->tenant_vrf[tenant] : 0;
}

static void
on_bound(const struct dhcp_lease *l, void *arg)
{
	struct bngd *app = arg;
	int rc = fib_host_add(app->fib, tenant_vrf(app, l->tenant), l->addr, l->port, &l->mac,
			      FIB_HOST_SUB);

	if (rc < 0) {
		app->mgmt->dhcp->fib_full++;
		BNG_LOG(WARNING, app, "DHCP lease %u.%u.%u.%u: not in the FIB (%s)",
			((const uint8_t *)&l->addr)[0], ((const uint8_t *)&l->addr)[1],
			((const uint8_t *)&l->addr)[2], ((const uint8_t *)&l->addr)[3], strerror(-rc));
	}
}

static void
on_end(const struct dhcp_lease *l, enum dhcp_end_reason why, void *arg)
{
	struct bngd *app = arg;

	(void)why;
	fib_host_del(app->fib, tenant_vrf(app, l->tenant), l->addr, FIB_HOST_SUB);
}

int
bngd_dhcp_setup(struct bngd *app)
{
	const struct bngd_config *cfg = app->cfg;
	static const struct dhcp_callbacks cb = { .on_bound = on_bound, .on_end = on_end };
	struct bngd_dhcp *d;

	if (!cfg->dhcp_enabled)
		return 0;
	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return -1;
	app->mgmt->dhcp = d;
	d->srv = dhcp_server_create(&cfg->dhcp, cfg->dhcp_lease_file[0] ? cfg->dhcp_lease_file : NULL);
	if (d->srv == NULL) {
		fprintf(stderr, "bngd: dhcp: %s%s%s\n", rte_strerror(rte_errno),
			cfg->dhcp_lease_file[0] ? ": lease file " : "", cfg->dhcp_lease_file);
		return -1;
	}
	/* Leases restored from the file come back as subscribers now. */
	dhcp_server_callbacks_set(d->srv, &cb, app);
	return 0;
}

void
bngd_dhcp_free(struct bngd *app)
{
	struct bngd_dhcp *d = app->mgmt != NULL ? app->mgmt->dhcp : NULL;

	if (d == NULL)
		return;
	dhcp_server_free(d->srv);
	free(d);
	app->mgmt->dhcp = NULL;
}

struct dhcp_server *
bngd_dhcp_server(const struct bngd *app)
{
	return app->mgmt->dhcp != NULL ? app->mgmt->dhcp->srv : NULL;
}

/* The request's tags (between the MACs and the IP header), 0 when untagged. */
static void
vlans_of(const uint8_t *f, uint16_t l3_off, uint16_t *svlan, uint16_t *cvlan)
{
	*svlan = *cvlan = 0;
	if (l3_off >= 18)
		*svlan = (uint16_t)(((f[14] << 8) | f[15]) & 0xfff);
	if (l3_off >= 22)
		*cvlan = (uint16_t)(((f[18] << 8) | f[19]) & 0xfff);
}

/* Frame the server's reply like the request came: same port and tags. */
static void
send_reply(struct bngd *app, const struct rte_mbuf *req, const struct bng_desc *rd,
	   const struct dhcp_reply *r)
{
	struct bngd_dhcp *d = app->mgmt->dhcp;
	const uint8_t *rf = rte_pktmbuf_mtod(req, const uint8_t *);
	uint8_t f[RTE_ETHER_HDR_LEN + 8 + sizeof(struct rte_ipv4_hdr) + sizeof(struct rte_udp_hdr) +
		  DHCP_REPLY_BUF];
	uint16_t l2 = rd->l3_off, port = req->port;
	struct rte_ether_addr dmac = r->dst_mac;
	struct rte_ipv4_hdr *ip;
	struct rte_udp_hdr *udp;
	const struct bngd_port *p = NULL;

	for (uint16_t i = 0; i < app->n_ports && p == NULL; i++)
		if (app->ports[i].id == port)
			p = &app->ports[i];
	if (p == NULL || l2 > RTE_ETHER_HDR_LEN + 8)
		return;
	if (r->l2 == DHCP_L2_BROADCAST) {
		memset(&dmac, 0xff, sizeof(dmac));
	} else if (r->l2 == DHCP_L2_ROUTED) {
		/* To a relay agent: whatever the FIB says of its address. */
		uint32_t nh;

		if (fib_lookup4(app->fib, bngd_port_vrf(app, port), r->dst_ip, &nh) != 0 ||
		    !(app->fib->nh[nh].flags & FIB_NH_RESOLVED)) {
			d->no_route++;
			return;
		}
		dmac = app->fib->nh[nh].dmac;
		port = app->fib->nh[nh].port;
		l2 = RTE_ETHER_HDR_LEN;
	}
	memcpy(f, &dmac, 6);
	memcpy(f + 6, &p->mac, 6);
	memcpy(f + 12, rf + 12, l2 - 12u);   /* VLAN tags and EtherType */
	if (r->l2 == DHCP_L2_ROUTED) {
		f[12] = 0x08;
		f[13] = 0x00;
	}
	ip = (struct rte_ipv4_hdr *)(f + l2);
	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16((uint16_t)(sizeof(*ip) + sizeof(*udp) + r->len));
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = r->src_ip;
	ip->dst_addr = r->dst_ip;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	udp = (struct rte_udp_hdr *)(ip + 1);
	udp->src_port = rte_cpu_to_be_16(r->src_port);
	udp->dst_port = rte_cpu_to_be_16(r->dst_port);
	udp->dgram_len = rte_cpu_to_be_16((uint16_t)(sizeof(*udp) + r->len));
	udp->dgram_cksum = 0;
	memcpy(udp + 1, r->buf, r->len);
	udp->dgram_cksum = rte_ipv4_udptcp_cksum(ip, udp);
	bngd_mgmt_send(app, port, f, (uint16_t)(l2 + sizeof(*ip) + sizeof(*udp) + r->len));
}

void
bngd_dhcp_input(struct bngd *app, struct rte_mbuf *m)
{
	struct bngd_dhcp *d = app->mgmt->dhcp;
	const struct bng_desc *bd = bng_desc(m);
	struct dhcp_rx_meta meta = { .port = m->port };
	const uint8_t *f = rte_pktmbuf_mtod(m, const uint8_t *);
	uint32_t off = (uint32_t)bd->l4_off + sizeof(struct rte_udp_hdr);

	if (d == NULL) {
		rte_pktmbuf_free(m);
		return;
	}
	if (bd->kind != BNG_PKT_IPV4 || m->nb_segs > 1 || off > m->data_len ||
	    bd->l3_off + (uint32_t)bd->l3_len > m->data_len) {
		d->bad_frame++;
		rte_pktmbuf_free(m);
		return;
	}
	for (uint16_t i = 0; i < app->n_ports; i++)
		if (app->ports[i].id == m->port)
			meta.tenant = app->ports[i].cfg->tenant;
	vlans_of(f, bd->l3_off, &meta.svlan, &meta.cvlan);
	if (dhcp_server_input(d->srv, f + off, bd->l3_off + bd->l3_len - off, &meta,
			      dhcp_clock_ms(), &d->reply) == DHCP_RESULT_REPLY)
		send_reply(app, m, bd, &d->reply);
	rte_pktmbuf_free(m);
}

void
bngd_dhcp_poll(struct bngd *app)
{
	struct bngd_dhcp *d = app->mgmt->dhcp;
	uint64_t now;

	if (d == NULL)
		return;
	now = dhcp_clock_ms();
	if (now < d->next_expire_ms)
		return;
	d->next_expire_ms = now + 100;
	dhcp_server_expire(d->srv, now);
}

void
bngd_dhcp_counters(const struct bngd *app, uint64_t *no_route, uint64_t *bad_frame,
		   uint64_t *fib_full)
{
	const struct bngd_dhcp *d = app->mgmt->dhcp;

	*no_route = d ? d->no_route : 0;
	*bad_frame = d ? d->bad_frame : 0;
	*fib_full = d ? d->fib_full : 0;
}
