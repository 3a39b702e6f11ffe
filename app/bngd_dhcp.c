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
#include <sys/stat.h>

#include <rte_ether.h>
#include <rte_errno.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "bng_log.h"
#include "bngd_dhcp.h"
#include "bngd_mgmt.h"
#include "bngd_neigh.h"
#include "bngd_qos.h"
#include "dhcp.h"

struct bngd_dhcp {
	struct dhcp_server *srv;      /**< server mode */
	struct bngd_relay *relay;     /**< relay mode */
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
	const struct fib_sub_l2 l2 = { .vlan = { l->svlan, l->cvlan } };
	int rc = fib_host_add_sub(app->fib, tenant_vrf(app, l->tenant), l->addr, l->port, &l->mac,
				  &l2, FIB_HOST_SUB);

	if (rc >= 0)
		bngd_qos_sub_up(app, (uint32_t)rc, l->port, NULL);
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
	bngd_qos_sub_down_addr(app, tenant_vrf(app, l->tenant), l->addr);
	fib_host_del(app->fib, tenant_vrf(app, l->tenant), l->addr, FIB_HOST_SUB);
}

/* The lease file's directory, made (0750) when missing: bngd's own state. */
static int
lease_dir(const char *file)
{
	char dir[sizeof(((struct bngd_config *)0)->dhcp_lease_file)];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", file);
	slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0750) != 0 && errno != EEXIST) {
		fprintf(stderr, "bngd: dhcp.lease_file: cannot make %s: %s\n", dir, strerror(errno));
		return -1;
	}
	return 0;
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
	if (cfg->dhcp_relay) {
		d->relay = bngd_relay_create(cfg->dhcp.max_leases);
		if (d->relay == NULL) {
			fprintf(stderr, "bngd: dhcp relay: out of memory\n");
			return -1;
		}
		/* The servers' next hops, asked for before the first client. */
		for (uint32_t i = 0; i < cfg->dhcp_n_servers; i++)
			for (uint32_t t = 0; t < cfg->n_tenants; t++)
				bngd_neigh_want4(app, app->fib->tenant_vrf[cfg->tenants[t].id],
						 cfg->dhcp_servers[i]);
		return 0;
	}
	if (cfg->dhcp_lease_file[0] && lease_dir(cfg->dhcp_lease_file) != 0)
		return -1;
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
	bngd_relay_free(d->relay);
	free(d);
	app->mgmt->dhcp = NULL;
}

struct bngd_relay *
bngd_dhcp_relay(const struct bngd *app)
{
	return app->mgmt->dhcp != NULL ? app->mgmt->dhcp->relay : NULL;
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

/* Send the server's reply like the request came: same port and tags; to a
 * relay agent, wherever the FIB says. */
static void
send_reply(struct bngd *app, const struct rte_mbuf *req, const struct bng_desc *rd,
	   const struct dhcp_reply *r)
{
	const uint8_t *rf = rte_pktmbuf_mtod(req, const uint8_t *);
	struct rte_ether_addr dmac = r->dst_mac;

	if (r->l2 == DHCP_L2_ROUTED) {
		if (bngd_mgmt_udp4_route(app, bngd_port_vrf(app, req->port), r->src_ip, r->dst_ip,
					 r->src_port, r->dst_port, r->buf, r->len) != 0)
			app->mgmt->dhcp->no_route++;
		return;
	}
	if (r->l2 == DHCP_L2_BROADCAST)
		memset(&dmac, 0xff, sizeof(dmac));
	if (rd->l3_off < RTE_ETHER_HDR_LEN || rd->l3_off > RTE_ETHER_HDR_LEN + 8)
		return;
	bngd_mgmt_udp4(app, req->port, &dmac, rf + 12, (uint16_t)(rd->l3_off - RTE_ETHER_HDR_LEN),
		       r->src_ip, r->dst_ip, r->src_port, r->dst_port, r->buf, r->len);
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
	if (d->relay != NULL) {
		bngd_relay_input(app, d->relay, m, bd, f + off, bd->l3_off + bd->l3_len - off,
				 meta.svlan, meta.cvlan);
		rte_pktmbuf_free(m);
		return;
	}
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
	if (d->relay != NULL)
		bngd_relay_poll(app, d->relay);
	else
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
