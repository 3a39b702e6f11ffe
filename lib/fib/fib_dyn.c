/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The FIB changing under running workers: hosts learned by ARP or bound by
 * a DHCP lease become /32 routes to next hops of their own, gateways get
 * their MAC when they answer. One writer (the management lcore); workers
 * read lock-free. What a worker may still hold mid-burst (a next-hop
 * index, an rte_lpm tbl8 group) is recycled only after an RCU QSBR grace
 * period: every worker reports a quiescent state once per loop.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_rcu_qsbr.h>

#include "fib.h"
#include "fib_priv.h"

/* A next hop's grace period is over: its slot may serve another host. */
static void
nh_reclaimed(void *p, void *e, unsigned int n)
{
	struct fib *f = p;
	const uint32_t *idx = e;

	for (unsigned int i = 0; i < n; i++) {
		f->nh[idx[i]].host = FIB_HOST_FREE;
		f->nh_free[f->n_nh_free++] = idx[i];
	}
}

int
fib_lpm_rcu_add(struct fib *f, struct rte_lpm *lpm)
{
	struct rte_lpm_rcu_config c = { .v = f->rcu, .mode = RTE_LPM_QSBR_MODE_DQ };

	if (f->rcu == NULL)
		return 0;
	return rte_lpm_rcu_qsbr_add(lpm, &c) == 0 ? 0 : -ENOMEM;
}

int
fib_rcu_attach(struct fib *f, struct rte_rcu_qsbr *v)
{
	struct rte_rcu_qsbr_dq_parameters p = { 0 };
	char name[RTE_RCU_QSBR_DQ_NAMESIZE];

	if (v == NULL || f->rcu != NULL)
		return -EINVAL;
	f->nh_free = rte_zmalloc_socket("fib_nh_free", f->max_nh * sizeof(uint32_t), 0, f->socket);
	if (f->nh_free == NULL)
		return -ENOMEM;
	snprintf(name, sizeof(name), "%s_nh", f->name);
	p.name = name;
	p.size = f->max_nh;
	p.esize = sizeof(uint32_t);
	p.trigger_reclaim_limit = 0;   /* each enqueue reclaims what it can */
	p.max_reclaim_size = 64;
	p.free_fn = nh_reclaimed;
	p.p = f;
	p.v = v;
	f->nh_dq = rte_rcu_qsbr_dq_create(&p);
	if (f->nh_dq == NULL)
		return -ENOMEM;
	{
		struct rte_hash_parameters hp = {
			.name = name, .entries = RTE_MAX(f->max_nh, 64u),
			.key_len = sizeof(struct fib_host6_key), .socket_id = f->socket,
			.extra_flag = RTE_HASH_EXTRA_FLAGS_RW_CONCURRENCY_LF,
		};
		struct rte_hash_rcu_config rc = { .v = v, .mode = RTE_HASH_QSBR_MODE_DQ };

		snprintf(name, sizeof(name), "%s_h6", f->name);
		f->host6 = rte_hash_create(&hp);
		if (f->host6 == NULL || rte_hash_rcu_qsbr_add(f->host6, &rc) != 0)
			return -ENOMEM;
	}
	f->rcu = v;
	for (int i = 0; i < FIB_MAX_VRF; i++)
		if (f->vrf[i].lpm4 != NULL && fib_lpm_rcu_add(f, f->vrf[i].lpm4) != 0)
			return -ENOMEM;
	return 0;
}

void
fib_reclaim(struct fib *f)
{
	if (f->nh_dq != NULL)
		rte_rcu_qsbr_dq_reclaim(f->nh_dq, 64, NULL, NULL, NULL);
}

int
fib_nh_set_mac(struct fib *f, uint32_t idx, const struct rte_ether_addr *mac)
{
	struct fib_nh *nh;
	uint64_t w;

	if (idx >= f->n_nh)
		return -EINVAL;
	nh = &f->nh[idx];
	/* dmac and the first two bytes of smac (unchanged) in one aligned
	 * 8-byte store: a worker sees the old MAC or the new, never a mix. */
	RTE_BUILD_BUG_ON(offsetof(struct fib_nh, dmac) != 0 || sizeof(struct fib_nh) % 8);
	memcpy(&w, nh, sizeof(w));
	memcpy(&w, mac, RTE_ETHER_ADDR_LEN);
	__atomic_store_n((uint64_t *)(void *)nh, w, __ATOMIC_RELEASE);
	__atomic_store_n(&nh->flags, (uint8_t)(nh->flags | FIB_NH_RESOLVED), __ATOMIC_RELEASE);
	return 0;
}

static int
nh_alloc(struct fib *f, const struct fib_nh *n)
{
	uint32_t idx;

	if (f->n_nh_free == 0)
		fib_reclaim(f);
	if (f->n_nh_free)
		idx = f->nh_free[--f->n_nh_free];
	else if (f->n_nh < f->max_nh)
		idx = f->n_nh++;
	else
		return -ENOSPC;
	f->nh[idx] = *n;
	/* The next hop is whole before a route can lead a worker to it. */
	rte_atomic_thread_fence(__ATOMIC_RELEASE);
	return (int)idx;
}

static int
nh_release(struct fib *f, uint32_t idx)
{
	if (f->nh_dq == NULL || rte_rcu_qsbr_dq_enqueue(f->nh_dq, &idx) != 0)
		return -ENOSPC;   /* the slot leaks; never reused unsafely */
	return 0;
}

/* Drop route @p (display list) by swapping the last one in. */
static void
record_del(struct fib *f, uint32_t vrf, uint32_t addr)
{
	for (uint32_t i = 0; i < f->n_routes; i++) {
		struct fib_route *r = &f->routes[i];

		if (r->vrf == vrf && !r->v6 && r->depth == 32 && memcmp(r->prefix, &addr, 4) == 0) {
			*r = f->routes[--f->n_routes];
			return;
		}
	}
}

const struct fib_nh *
fib_host_get(const struct fib *f, uint32_t vrf, uint32_t addr)
{
	uint32_t nh;

	if (vrf >= FIB_MAX_VRF || f->vrf[vrf].lpm4 == NULL ||
	    rte_lpm_is_rule_present(f->vrf[vrf].lpm4, rte_be_to_cpu_32(addr), 32, &nh) != 1 ||
	    nh >= f->n_nh || !f->nh[nh].host)
		return NULL;
	return &f->nh[nh];
}

int
fib_host_add(struct fib *f, uint32_t vrf, uint32_t addr, uint16_t port,
	     const struct rte_ether_addr *mac, uint32_t kind)
{
	static const struct fib_sub_l2 plain;

	return fib_host_add_sub(f, vrf, addr, port, mac, &plain, kind);
}

int
fib_host_add_sub(struct fib *f, uint32_t vrf, uint32_t addr, uint16_t port,
		 const struct rte_ether_addr *mac, const struct fib_sub_l2 *l2, uint32_t kind)
{
	const uint16_t *vlan = l2->vlan;
	struct fib_nh n = { .dmac = *mac, .port = port, .vrf = vrf, .host = (uint8_t)kind,
			    .flags = FIB_NH_RESOLVED, .vlan = { vlan[0], vlan[1] },
			    .pppoe_sid = l2->pppoe_sid, .clamp_mtu = l2->clamp_mtu };
	uint32_t old;
	int idx, rc;

	if (vrf >= FIB_MAX_VRF || port >= FIB_MAX_PORTS || f->rcu == NULL)
		return -EINVAL;
	n.smac = f->port[port].mac;
	memcpy(n.gw, &addr, 4);
	rc = fib_vrf_tables(f, vrf, 0);
	if (rc < 0)
		return rc;
	if (rte_lpm_is_rule_present(f->vrf[vrf].lpm4, rte_be_to_cpu_32(addr), 32, &old) == 1) {
		struct fib_nh *o = &f->nh[old];

		if (!o->host || (o->host & FIB_HOST_FREE))
			return -EEXIST;   /* configured: the operator's word wins */
		if (o->port == port && o->vlan[0] == vlan[0] && o->vlan[1] == vlan[1] &&
		    o->pppoe_sid == l2->pppoe_sid) {
			fib_nh_set_mac(f, old, mac);
			/* The subscriber's binding sets the clamp (an ARP refresh
			 * keeps it); one aligned 16-bit store, read old or new. */
			if (kind & FIB_HOST_SUB)
				__atomic_store_n(&o->clamp_mtu, l2->clamp_mtu, __ATOMIC_RELAXED);
			o->host |= (uint8_t)kind;
			return (int)old;
		}
		fib_host_del(f, vrf, addr, UINT32_MAX);
	}
	idx = nh_alloc(f, &n);
	if (idx < 0)
		return idx;
	rc = fib_route_add(f, vrf, 0, (const uint8_t *)&addr, 32, (uint32_t)idx);
	if (rc < 0) {
		nh_release(f, (uint32_t)idx);
		return rc;
	}
	f->n_hosts++;
	return idx;
}

int
fib_host_del(struct fib *f, uint32_t vrf, uint32_t addr, uint32_t kinds)
{
	uint32_t nh;

	if (vrf >= FIB_MAX_VRF || f->vrf[vrf].lpm4 == NULL ||
	    rte_lpm_is_rule_present(f->vrf[vrf].lpm4, rte_be_to_cpu_32(addr), 32, &nh) != 1 ||
	    !(f->nh[nh].host & kinds))
		return -ENOENT;
	/* Another owner still holds it (an ARP entry under a lease): keep it. */
	if (f->nh[nh].host & ~kinds) {
		f->nh[nh].host &= (uint8_t)~kinds;
		return 0;
	}
	rte_lpm_delete(f->vrf[vrf].lpm4, rte_be_to_cpu_32(addr), 32);
	record_del(f, vrf, addr);
	nh_release(f, nh);
	f->n_hosts--;
	return 0;
}

int
fib_host6_add(struct fib *f, uint32_t vrf, const uint8_t *addr, uint16_t port,
	      const struct rte_ether_addr *mac)
{
	struct fib_nh n = { .dmac = *mac, .port = port, .vrf = vrf, .host = FIB_HOST_ARP,
			    .flags = FIB_NH_RESOLVED | FIB_NH_V6 };
	struct fib_host6_key k = { .vrf = vrf };
	void *data;
	int idx;

	if (f->host6 == NULL || vrf >= FIB_MAX_VRF || port >= FIB_MAX_PORTS)
		return -EINVAL;
	memcpy(k.addr, addr, 16);
	if (rte_hash_lookup_data(f->host6, &k, &data) >= 0) {
		idx = (int)(uintptr_t)data;
		if (f->nh[idx].port == port) {
			fib_nh_set_mac(f, (uint32_t)idx, mac);
			return idx;
		}
		fib_host6_del(f, vrf, addr);
	}
	n.smac = f->port[port].mac;
	memcpy(n.gw, addr, 16);
	idx = nh_alloc(f, &n);
	if (idx < 0)
		return idx;
	if (rte_hash_add_key_data(f->host6, &k, (void *)(uintptr_t)idx) != 0) {
		nh_release(f, (uint32_t)idx);
		return -ENOSPC;
	}
	f->n_hosts6++;
	return idx;
}

int
fib_host6_del(struct fib *f, uint32_t vrf, const uint8_t *addr)
{
	struct fib_host6_key k = { .vrf = vrf };
	void *data;

	if (f->host6 == NULL)
		return -ENOENT;
	memcpy(k.addr, addr, 16);
	if (rte_hash_lookup_data(f->host6, &k, &data) < 0)
		return -ENOENT;
	/* The key's slot waits for the grace period (the hash's own RCU);
	 * so does the next hop. */
	rte_hash_del_key(f->host6, &k);
	nh_release(f, (uint32_t)(uintptr_t)data);
	f->n_hosts6--;
	return 0;
}
