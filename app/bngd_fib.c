/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Turns the configuration's addresses, neighbors and routes into FIB
 * entries: a connected route and a local host route per port address, a
 * resolved host route per static neighbor, and configured routes whose
 * gateway resolves through a static neighbor when one exists.
 */
#include <string.h>

#include "bngd.h"

static uint32_t
port_vrf(const struct bngd *app, int port_idx)
{
	uint16_t t = app->cfg->ports[port_idx].tenant;

	return app->fib->tenant_vrf[t];
}

static void
mask_prefix(uint8_t *a, uint8_t len, int v6)
{
	unsigned int bytes = v6 ? 16 : 4;

	for (unsigned int i = 0; i < bytes; i++) {
		unsigned int bits = len > i * 8 ? len - i * 8 : 0;

		if (bits < 8)
			a[i] &= (uint8_t)(0xff00u >> bits);
	}
}

/* Does the connected prefix @p p contain @p addr? */
static int
prefix_contains(const struct bngd_prefix *p, const uint8_t *addr, int v6)
{
	uint8_t a[16], b[16];

	if (p->v6 != v6)
		return 0;
	memcpy(a, p->addr, 16);
	memcpy(b, addr, 16);
	mask_prefix(a, p->len, v6);
	mask_prefix(b, p->len, v6);
	return memcmp(a, b, v6 ? 16 : 4) == 0;
}

static int
route(struct bngd *app, uint32_t vrf, int v6, const uint8_t *addr, uint8_t len, int nh,
      int line, const char *what)
{
	uint8_t a[16];
	int rc;

	if (nh < 0) {
		fprintf(stderr, "%s:%d: %s: no room for a next hop (fib.max_next_hops)\n",
			app->cfg->source, line, what);
		return -1;
	}
	memcpy(a, addr, 16);
	mask_prefix(a, len, v6);
	rc = fib_route_add(app->fib, vrf, v6, a, len, (uint32_t)nh);
	if (rc == 0)
		return 0;
	fprintf(stderr, "%s:%d: %s: cannot add route: %s\n", app->cfg->source, line, what,
		rc == -EEXIST ? "the same prefix is already routed in this VRF" :
		rc == -ENOSPC ? "route table full (fib.max_routes / fib.tbl8s)" :
				"invalid prefix");
	return -1;
}

int
bngd_fib_setup(struct bngd *app)
{
	const struct bngd_config *cfg = app->cfg;
	struct fib *f = app->fib;

	for (uint16_t i = 0; i < app->n_ports; i++) {
		const struct bngd_port_cfg *pc = app->ports[i].cfg;
		const uint8_t *a4 = NULL, *a6 = NULL;

		for (uint32_t j = pc->n_addr; j-- > 0;) {
			if (pc->addr[j].v6)
				a6 = pc->addr[j].addr;
			else
				a4 = pc->addr[j].addr;
		}
		fib_port_mac_set(f, app->ports[i].id, &app->ports[i].mac);
		fib_port_l3_set(f, app->ports[i].id, pc->mtu, a4, a6);
	}
	for (uint32_t i = 0; i < cfg->n_tenants; i++)
		fib_tenant_vrf_set(f, cfg->tenants[i].id, cfg->tenants[i].vrf);

	for (uint32_t i = 0; i < cfg->n_ports; i++) {
		const struct bngd_port_cfg *pc = &cfg->ports[i];
		uint32_t vrf = port_vrf(app, (int)i);

		for (uint32_t j = 0; j < pc->n_addr; j++) {
			const struct bngd_prefix *p = &pc->addr[j];
			struct fib_nh conn = { .port = app->ports[i].id, .vrf = vrf,
					       .flags = FIB_NH_CONNECTED | (p->v6 ? FIB_NH_V6 : 0) };
			struct fib_nh local = conn;

			local.flags = FIB_NH_LOCAL | (p->v6 ? FIB_NH_V6 : 0);
			memcpy(local.gw, p->addr, 16);
			if (p->len < (p->v6 ? 128 : 32) &&
			    route(app, vrf, p->v6, p->addr, p->len, fib_nh_add(f, &conn), pc->line,
				  "connected prefix") != 0)
				return -1;
			if (route(app, vrf, p->v6, p->addr, p->v6 ? 128 : 32, fib_nh_add(f, &local),
				  pc->line, "local address") != 0)
				return -1;
			/* Directed broadcasts are not forwarded (RFC 1812 5.3.5.2
			 * allows it only when asked for) nor answered. */
			if (!p->v6 && p->len <= 30) {
				struct fib_nh bc = conn;
				uint8_t a[16] = { 0 };
				uint32_t host = (1u << (32 - p->len)) - 1, v;

				memcpy(&v, p->addr, 4);
				v = rte_cpu_to_be_32(rte_be_to_cpu_32(v) | host);
				memcpy(a, &v, 4);
				bc.flags = FIB_NH_BCAST;
				if (route(app, vrf, 0, a, 32, fib_nh_add(f, &bc), pc->line,
					  "subnet broadcast") != 0)
					return -1;
			}
		}
	}
	for (uint32_t i = 0; i < cfg->n_neigh; i++) {
		const struct bngd_neigh_cfg *n = &cfg->neigh[i];
		struct fib_nh nh = { .port = app->ports[n->port].id, .dmac = n->mac,
				     .vrf = port_vrf(app, n->port),
				     .flags = FIB_NH_RESOLVED | (n->v6 ? FIB_NH_V6 : 0) };

		memcpy(nh.gw, n->addr, 16);
		if (route(app, nh.vrf, n->v6, n->addr, n->v6 ? 128 : 32, fib_nh_add(f, &nh), n->line,
			  "neighbor") != 0)
			return -1;
	}
	/* NAT external addresses, in every VRF a tenant uses: packets to them
	 * are translated first, then routed. */
	for (uint32_t i = 0; i < cfg->nat.n_instances; i++) {
		const struct nat_instance_config *in = &cfg->nat.inst[i];
		struct fib_nh nh = { .flags = FIB_NH_NAT, .aux = i };
		int idx;

		/* A shared pool's addresses lead to its owner: the outside
		 * namespace and the port blocks are the pool's. */
		if (in->shares)
			continue;
		idx = fib_nh_add(f, &nh);

		for (uint32_t t = 0; t < cfg->n_tenants; t++) {
			uint32_t vrf = f->tenant_vrf[cfg->tenants[t].id];

			nh.vrf = vrf;
			idx = fib_nh_add(f, &nh);
			for (uint32_t a = 0; a < in->n_addr; a++) {
				uint8_t addr[16] = { 0 };
				int rc;

				memcpy(addr, &in->addr[a], 4);
				rc = idx < 0 ? -ENOSPC : fib_route_add(f, vrf, 0, addr, 32, (uint32_t)idx);
				if (rc != 0 && rc != -EEXIST) {
					fprintf(stderr, "%s:%d: nat: cannot route external address: %s\n",
						cfg->source, cfg->nat_line[i],
						rc == -ENOSPC ? "FIB full" : "invalid");
					return -1;
				}
			}
		}
	}
	/* Static NAT outside addresses: their rules name the owner. */
	for (uint32_t i = 0; i < cfg->nat.n_static; i++) {
		const struct nat_static *st = &cfg->nat.statics[i];
		struct fib_nh nh = { .flags = FIB_NH_NAT, .aux = st->inst | NAT_AUX_STATIC };

		for (uint32_t t = 0; t < cfg->n_tenants; t++) {
			uint8_t addr[16] = { 0 };
			int idx, rc;

			nh.vrf = f->tenant_vrf[cfg->tenants[t].id];
			idx = fib_nh_add(f, &nh);
			memcpy(addr, &st->outside, 4);
			rc = idx < 0 ? -ENOSPC : fib_route_add(f, nh.vrf, 0, addr, 32, (uint32_t)idx);
			if (rc != 0 && rc != -EEXIST) {
				fprintf(stderr, "%s:%d: nat: cannot route static address: %s\n",
					cfg->source, cfg->nat_line[st->inst],
					rc == -ENOSPC ? "FIB full" : "invalid");
				return -1;
			}
		}
	}
	for (uint32_t i = 0; i < cfg->n_routes; i++) {
		const struct bngd_route_cfg *r = &cfg->routes[i];
		int v6 = r->prefix.v6;
		struct fib_nh nh = { .vrf = r->vrf, .flags = v6 ? FIB_NH_V6 : 0 };
		int port = r->port, found = 0;

		if (r->blackhole || r->prohibit) {
			nh.flags |= r->blackhole ? FIB_NH_DROP : FIB_NH_PROHIBIT;
		} else if (r->has_via) {
			memcpy(nh.gw, r->via, 16);
			for (uint32_t j = 0; j < cfg->n_neigh && !found; j++) {
				const struct bngd_neigh_cfg *n = &cfg->neigh[j];

				if (n->v6 == v6 && memcmp(n->addr, r->via, 16) == 0 &&
				    port_vrf(app, n->port) == r->vrf && (port < 0 || port == n->port)) {
					nh.port = app->ports[n->port].id;
					nh.dmac = n->mac;
					nh.flags |= FIB_NH_RESOLVED;
					found = 1;
				}
			}
			for (uint32_t j = 0; j < cfg->n_ports && !found && port < 0; j++) {
				if (port_vrf(app, (int)j) != r->vrf)
					continue;
				for (uint32_t k = 0; k < cfg->ports[j].n_addr; k++)
					if (prefix_contains(&cfg->ports[j].addr[k], r->via, v6))
						port = (int)j;
			}
			if (!found && port < 0) {
				fprintf(stderr, "%s:%d: routes: next hop is on no connected prefix "
					"of VRF %u and has no static neighbor; add port = \"...\"\n",
					cfg->source, r->line, r->vrf);
				return -1;
			}
			if (!found)
				nh.port = app->ports[port].id;
		} else {
			nh.port = app->ports[port].id;
			nh.flags |= FIB_NH_CONNECTED;
		}
		if (route(app, r->vrf, v6, r->prefix.addr, r->prefix.len, fib_nh_add(f, &nh),
			  r->line, "route") != 0)
			return -1;
	}
	return 0;
}
