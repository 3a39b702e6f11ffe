/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * FIB construction. VRF tables are created lazily so that an operator's
 * sparse VRF numbering costs nothing for the unused ones.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_rcu_qsbr.h>

#include "fib.h"
#include "fib_priv.h"

void
fib_config_defaults(struct fib_config *c)
{
	c->max_routes = 4096;
	c->max_nh = 4096;
	c->tbl8s = 256;
}

struct fib *
fib_create(const char *name, int socket, const struct fib_config *cfg)
{
	struct fib *f;

	if (name == NULL || cfg == NULL || cfg->max_routes == 0 || cfg->max_nh == 0 ||
	    cfg->tbl8s == 0) {
		rte_errno = EINVAL;
		return NULL;
	}
	f = rte_zmalloc_socket("fib", sizeof(*f), RTE_CACHE_LINE_SIZE, socket);
	if (f == NULL)
		goto nomem;
	f->nh = rte_zmalloc_socket("fib_nh", cfg->max_nh * sizeof(*f->nh), RTE_CACHE_LINE_SIZE,
				   socket);
	f->max_routes_total = 64;
	f->routes = rte_zmalloc_socket("fib_routes", f->max_routes_total * sizeof(*f->routes), 0,
				       socket);
	if (f->nh == NULL || f->routes == NULL)
		goto nomem;
	for (int i = 0; i < FIB_MAX_VRF; i++)
		f->vrf[i].default4 = f->vrf[i].default6 = FIB_NH_NONE;
	f->max_nh = cfg->max_nh;
	f->max_routes = cfg->max_routes;
	f->tbl8s = cfg->tbl8s;
	f->socket = socket;
	snprintf(f->name, sizeof(f->name), "%s", name);
	return f;
nomem:
	fib_free(f);
	rte_errno = ENOMEM;
	return NULL;
}

void
fib_free(struct fib *f)
{
	if (f == NULL)
		return;
	for (int i = 0; i < FIB_MAX_VRF; i++) {
		rte_lpm_free(f->vrf[i].lpm4);
		rte_lpm6_free(f->vrf[i].lpm6);
	}
	rte_rcu_qsbr_dq_delete(f->nh_dq);
	rte_hash_free(f->host6);
	rte_free(f->nh_free);
	rte_free(f->nh);
	rte_free(f->routes);
	rte_free(f);
}

void
fib_port_mac_set(struct fib *f, uint16_t port, const struct rte_ether_addr *mac)
{
	if (port < FIB_MAX_PORTS)
		f->port[port].mac = *mac;
}

void
fib_port_l3_set(struct fib *f, uint16_t port, uint16_t mtu, const uint8_t *addr4,
		const uint8_t *addr6)
{
	struct fib_port *p;

	if (port >= FIB_MAX_PORTS)
		return;
	p = &f->port[port];
	p->mtu = mtu;
	p->has4 = addr4 != NULL;
	if (addr4 != NULL)
		memcpy(&p->addr4, addr4, 4);
	p->has6 = addr6 != NULL;
	if (addr6 != NULL)
		memcpy(p->addr6, addr6, 16);
}

int
fib_tenant_vrf_set(struct fib *f, uint16_t tenant, uint32_t vrf)
{
	if (tenant >= FIB_MAX_TENANT || vrf >= FIB_MAX_VRF)
		return -EINVAL;
	f->tenant_vrf[tenant] = (uint16_t)vrf;
	return 0;
}

int
fib_nh_add(struct fib *f, const struct fib_nh *nh)
{
	struct fib_nh n = *nh;

	if (n.port >= FIB_MAX_PORTS || n.vrf >= FIB_MAX_VRF)
		return -EINVAL;
	n.smac = f->port[n.port].mac;
	n.host = 0;
	n.pppoe_sid = 0;
	n.clamp_mtu = 0;
	for (uint32_t i = 0; i < f->n_nh; i++)
		if (memcmp(&f->nh[i], &n, sizeof(n)) == 0)
			return (int)i;
	if (f->n_nh == f->max_nh)
		return -ENOSPC;
	f->nh[f->n_nh] = n;
	return (int)f->n_nh++;
}

int
fib_vrf_tables(struct fib *f, uint32_t vrf, int v6)
{
	char name[RTE_LPM_NAMESIZE];

	snprintf(name, sizeof(name), "%s_%c%u", f->name, v6 ? '6' : '4', vrf);
	if (!v6 && f->vrf[vrf].lpm4 == NULL) {
		struct rte_lpm_config c = { .max_rules = f->max_routes, .number_tbl8s = f->tbl8s };

		f->vrf[vrf].lpm4 = rte_lpm_create(name, f->socket, &c);
		if (f->vrf[vrf].lpm4 == NULL)
			return -ENOMEM;
		if (fib_lpm_rcu_add(f, f->vrf[vrf].lpm4) != 0)
			return -ENOMEM;
	}
	if (v6 && f->vrf[vrf].lpm6 == NULL) {
		struct rte_lpm6_config c = { .max_rules = f->max_routes,
					     .number_tbl8s = f->tbl8s * 16 };

		f->vrf[vrf].lpm6 = rte_lpm6_create(name, f->socket, &c);
		if (f->vrf[vrf].lpm6 == NULL)
			return -ENOMEM;
	}
	return 0;
}

int
fib_route_add(struct fib *f, uint32_t vrf, int v6, const uint8_t *prefix, uint8_t depth,
	      uint32_t nh)
{
	struct fib_route *r;
	uint32_t ip4, present;
	int rc;

	if (vrf >= FIB_MAX_VRF || nh >= f->n_nh || depth > (v6 ? 128 : 32))
		return -EINVAL;
	/* The display list is control-plane memory: it grows; the per-VRF
	 * rte_lpm tables are what enforce max_routes. */
	if (f->n_routes == f->max_routes_total) {
		r = rte_realloc_socket(f->routes, 2 * f->max_routes_total * sizeof(*r), 0, f->socket);
		if (r == NULL)
			return -ENOSPC;
		f->routes = r;
		f->max_routes_total *= 2;
	}
	if (depth == 0) {
		uint32_t *def = v6 ? &f->vrf[vrf].default6 : &f->vrf[vrf].default4;

		if (*def != FIB_NH_NONE)
			return -EEXIST;
		*def = nh;
		goto record;
	}
	rc = fib_vrf_tables(f, vrf, v6);
	if (rc < 0)
		return rc;
	if (v6) {
		if (rte_lpm6_is_rule_present(f->vrf[vrf].lpm6, prefix, depth, &present) == 1)
			return -EEXIST;
		rc = rte_lpm6_add(f->vrf[vrf].lpm6, prefix, depth, nh);
	} else {
		memcpy(&ip4, prefix, 4);
		ip4 = rte_be_to_cpu_32(ip4);
		if (rte_lpm_is_rule_present(f->vrf[vrf].lpm4, ip4, depth, &present) == 1)
			return -EEXIST;
		rc = rte_lpm_add(f->vrf[vrf].lpm4, ip4, depth, nh);
	}
	if (rc < 0)
		return rc == -EINVAL ? -EINVAL : -ENOSPC;
record:
	r = &f->routes[f->n_routes++];
	memset(r, 0, sizeof(*r));
	r->vrf = vrf;
	r->nh = nh;
	memcpy(r->prefix, prefix, v6 ? 16 : 4);
	r->depth = depth;
	r->v6 = (uint8_t)v6;
	return 0;
}
