/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * NAT instances, workers' state, and the allocator: subscribers, port
 * blocks, endpoint-independent mappings and the port quarantine. All of it
 * runs on the owning worker, in the slow path of session creation and in
 * the bounded poll of the worker's loop.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>
#include <rte_ring_elem.h>

#include "bng_stats.h"
#include "nat_priv.h"

BNG_STAT_STRINGS(NAT_FOREACH_STAT, nat_stat_name, nat_stat_help)

void
nat_config_defaults(struct nat_config *c)
{
	memset(c, 0, sizeof(*c));
	for (unsigned int i = 0; i < NAT_MAX_TENANTS; i++)
		c->tenant_instance[i] = NAT_NONE;
	c->max_subs = 16384;
	c->max_mappings = 65536;
	c->log.events = NAT_LOG_BLOCKS;
	c->log.queue = 16384;
	c->log.domain_id = 1;
	c->log.template_refresh_s = 60;
	c->log.facility = 16; /* local0 */
}

static int
addr_cmp(const void *a, const void *b)
{
	uint32_t x = rte_be_to_cpu_32(*(const uint32_t *)a), y = rte_be_to_cpu_32(*(const uint32_t *)b);

	return x < y ? -1 : x > y;
}

/* Static rules by outside endpoint and by inside endpoint; port 0 and
 * proto 0 name a 1:1 rule. */
struct static_key {
	uint16_t scope;  /* instance (by outside) or tenant (by inside) */
	uint8_t proto;
	uint8_t pad;
	uint32_t addr;
	uint16_t port;
	uint16_t pad2;
};

static struct rte_hash *
static_hash(const char *kind, uint32_t n, int socket)
{
	char name[RTE_HASH_NAMESIZE];
	static unsigned int seq;
	struct rte_hash_parameters p = {
		.name = name,
		.entries = RTE_MAX(n + n / 4, 8u),
		.key_len = sizeof(struct static_key),
		.hash_func = rte_hash_crc,
		.socket_id = socket,
		.extra_flag = RTE_HASH_EXTRA_FLAGS_EXT_TABLE,
	};

	snprintf(name, sizeof(name), "nat_st%s%u", kind, seq++);
	return rte_hash_create(&p);
}

static const struct nat_static *
static_find(const struct nat *n, struct rte_hash *h, uint16_t scope, uint32_t addr, uint8_t proto,
	    uint16_t port)
{
	struct static_key k = { .scope = scope, .proto = proto, .addr = addr, .port = port };
	void *data;

	if (h == NULL)
		return NULL;
	if (rte_hash_lookup_data(h, &k, &data) >= 0)
		return &n->statics[(uintptr_t)data];
	k.proto = 0;
	k.port = 0;
	if (rte_hash_lookup_data(h, &k, &data) >= 0)
		return &n->statics[(uintptr_t)data];
	return NULL;
}

const struct nat_static *
nat_static_inbound(const struct nat *n, uint16_t inst, uint32_t outside, uint8_t proto,
		   uint16_t port)
{
	return static_find(n, n->static_out_h, inst, outside, proto, port);
}

const struct nat_static *
nat_static_outbound(const struct nat *n, uint16_t tenant, uint32_t inside, uint8_t proto,
		    uint16_t port)
{
	return static_find(n, n->static_in_h, tenant, inside, proto, port);
}

/* The static rules into their two tables; -1 on a conflict (one endpoint twice). */
static int
statics_load(struct nat *n, const struct nat_config *cfg, int socket)
{
	n->n_static = cfg->n_static;
	if (cfg->n_static == 0)
		return 0;
	n->statics = rte_malloc_socket("nat", cfg->n_static * sizeof(*n->statics), 0, socket);
	n->static_out_h = static_hash("o", cfg->n_static, socket);
	n->static_in_h = static_hash("i", cfg->n_static, socket);
	if (n->statics == NULL || n->static_out_h == NULL || n->static_in_h == NULL)
		return -1;
	memcpy(n->statics, cfg->statics, cfg->n_static * sizeof(*n->statics));
	for (uint32_t i = 0; i < cfg->n_static; i++) {
		const struct nat_static *r = &cfg->statics[i];
		struct static_key ko = { .scope = r->inst, .proto = r->proto, .addr = r->outside,
					 .port = r->oport };
		struct static_key ki = { .scope = r->tenant, .proto = r->proto, .addr = r->inside,
					 .port = r->iport };

		if (r->inst >= cfg->n_instances || nat_ext_index(n, r->inst, r->outside) >= 0 ||
		    rte_hash_lookup(n->static_out_h, &ko) >= 0 ||
		    rte_hash_lookup(n->static_in_h, &ki) >= 0 ||
		    rte_hash_add_key_data(n->static_out_h, &ko, (void *)(uintptr_t)i) != 0 ||
		    rte_hash_add_key_data(n->static_in_h, &ki, (void *)(uintptr_t)i) != 0)
			return -1;
	}
	return 0;
}

struct nat *
nat_create(const struct nat_config *cfg, uint16_t n_workers, int socket)
{
	struct nat *n;

	if (cfg == NULL || n_workers == 0 || cfg->n_instances > NAT_MAX_INSTANCES ||
	    cfg->max_subs == 0 || cfg->max_mappings == 0) {
		rte_errno = EINVAL;
		return NULL;
	}
	n = rte_zmalloc_socket("nat", sizeof(*n), RTE_CACHE_LINE_SIZE, socket);
	if (n == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	n->n_workers = n_workers;
	n->n_instances = cfg->n_instances;
	n->max_subs = cfg->max_subs;
	n->max_mappings = cfg->max_mappings;
	n->log = cfg->log;
	if (n->log.format != NAT_LOG_OFF && n->log.queue == 0)
		n->log.queue = 16384;
	memcpy(n->tenant_instance, cfg->tenant_instance, sizeof(n->tenant_instance));
	for (uint32_t t = 0; t < NAT_MAX_TENANTS; t++)
		if (n->tenant_instance[t] != NAT_NONE && n->tenant_instance[t] >= cfg->n_instances) {
			rte_free(n);
			rte_errno = EINVAL;
			return NULL;
		}
	for (uint32_t i = 0; i < cfg->n_instances; i++) {
		struct nat_instance *in = &n->inst[i];
		const struct nat_instance_config *c = &cfg->inst[i];
		uint32_t ports = (uint32_t)c->port_max - c->port_min + 1;

		if (c->n_addr == 0 || c->n_addr > NAT_MAX_ADDRS || c->block_size == 0 ||
		    c->port_min == 0 ||
		    c->block_size % 64 || c->port_max < c->port_min || ports < c->block_size ||
		    c->blocks_per_sub == 0 || c->blocks_per_sub > NAT_MAX_SUB_BLOCKS) {
			rte_free(n);
			rte_errno = EINVAL;
			return NULL;
		}
		in->cfg = *c;
		/* Sorted, so an address's index can be found by bisection. */
		qsort(in->cfg.addr, in->cfg.n_addr, sizeof(in->cfg.addr[0]), addr_cmp);
		for (uint32_t a = 1; a < in->cfg.n_addr; a++)
			if (in->cfg.addr[a] == in->cfg.addr[a - 1]) {
				rte_free(n);
				rte_errno = EINVAL;
				return NULL;
			}
		in->pool = (uint16_t)i;
		if (c->shares) {
			const struct nat_instance_config *o = &cfg->inst[c->shares - 1];

			/* One allocator for both: the pool's settings must be its owner's. */
			if (c->shares - 1u >= i || o->shares || o->deterministic || c->deterministic ||
			    o->n_addr != c->n_addr || o->port_min != c->port_min ||
			    o->port_max != c->port_max || o->block_size != c->block_size ||
			    o->quarantine_ms != c->quarantine_ms ||
			    memcmp(o->addr, c->addr, c->n_addr * sizeof(c->addr[0])) != 0) {
				nat_free(n);
				rte_errno = EINVAL;
				return NULL;
			}
			in->pool = (uint16_t)(c->shares - 1);
		}
		in->blocks_per_addr = ports / c->block_size;
		in->words_per_block = c->block_size / 64;
		if (c->deterministic) {
			if (c->det_len < 8 || c->det_len > 32) {
				nat_free(n);
				rte_errno = EINVAL;
				return NULL;
			}
			in->det_hosts = 1u << (32 - c->det_len);
			in->det_per_addr = (in->det_hosts + c->n_addr - 1) / c->n_addr;
			in->det_ports = ports / in->det_per_addr;
			if (in->det_ports == 0) {
				nat_free(n);
				rte_errno = EINVAL;
				return NULL;
			}
		}
	}
	if (cfg->n_static > NAT_MAX_STATIC || statics_load(n, cfg, socket) != 0) {
		nat_free(n);
		rte_errno = EINVAL;
		return NULL;
	}
	return n;
}

void
nat_free(struct nat *n)
{
	if (n == NULL)
		return;
	rte_hash_free(n->static_out_h);
	rte_hash_free(n->static_in_h);
	rte_free(n->statics);
	rte_free(n);
}

int
nat_ext_index(const struct nat *n, uint16_t inst, uint32_t addr)
{
	const struct nat_instance_config *c = &n->inst[inst].cfg;
	uint32_t key = rte_be_to_cpu_32(addr);
	int lo = 0, hi = (int)c->n_addr - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		uint32_t v = rte_be_to_cpu_32(c->addr[mid]);

		if (v == key)
			return mid;
		if (v < key)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static struct rte_hash *
hash(const char *kind, uint16_t worker, uint32_t entries, uint32_t key_len, int socket)
{
	char name[RTE_HASH_NAMESIZE];
	struct rte_hash_parameters p = {
		.name = name,
		/* A quarter more room than entries: cuckoo inserts slow down
		 * sharply in the last few percent of a table. */
		.entries = RTE_MAX(entries + entries / 4, 8u),
		.key_len = key_len,
		.hash_func = rte_hash_crc,
		.socket_id = socket,
		.extra_flag = RTE_HASH_EXTRA_FLAGS_EXT_TABLE,
	};

	snprintf(name, sizeof(name), "nat_%s%u", kind, worker);
	return rte_hash_create(&p);
}

static void *
zalloc(size_t n, size_t size, int socket)
{
	return rte_zmalloc_socket("nat", n * size, RTE_CACHE_LINE_SIZE, socket);
}

struct nat_worker *
nat_worker_create(const struct nat *n, uint16_t worker, int socket)
{
	struct nat_worker *w;

	if (n == NULL || worker >= n->n_workers) {
		rte_errno = EINVAL;
		return NULL;
	}
	w = zalloc(1, sizeof(*w), socket);
	if (w == NULL)
		goto nomem;
	w->nat = n;
	w->worker = worker;
	w->rng = 0x9e3779b97f4a7c15ull * (worker + 1u);
	for (uint32_t i = 0; i < n->n_instances; i++) {
		const struct nat_instance *in = &n->inst[i];
		struct nat_inst_state *is = &w->inst[i];
		/* Blocks b with b % workers == worker, of every address. */
		if (in->pool != i)
			continue;   /* the pool's owner holds the state */
		uint32_t own = (in->blocks_per_addr + n->n_workers - 1 - worker) / n->n_workers;
		uint32_t nb = in->cfg.n_addr * own;

		is->own_per_addr = own;
		is->blocks = zalloc(RTE_MAX(nb, 1u), sizeof(*is->blocks), socket);
		is->bits = zalloc(RTE_MAX(nb, 1u) * in->words_per_block, sizeof(uint64_t), socket);
		is->free = zalloc(RTE_MAX(nb, 1u), sizeof(uint32_t), socket);
		is->n_free = zalloc(in->cfg.n_addr, sizeof(uint32_t), socket);
		if (is->blocks == NULL || is->bits == NULL || is->free == NULL || is->n_free == NULL)
			goto nomem;
		for (uint32_t a = 0; a < in->cfg.n_addr; a++) {
			/* Pop order hands out low blocks first. */
			for (uint32_t b = 0; b < own; b++)
				is->free[a * own + b] = a * own + (own - 1 - b);
			is->n_free[a] = own;
		}
		for (uint32_t b = 0; b < nb; b++)
			is->blocks[b].sub = NAT_NO_SUB;
		/* Every port of this worker's share can be resting at once. */
		is->quar_size = (uint32_t)RTE_MIN(RTE_MAX((uint64_t)nb * in->cfg.block_size, 64ull),
						  1ull << 24);
		is->quar = zalloc(is->quar_size, sizeof(*is->quar), socket);
		if (is->quar == NULL)
			goto nomem;
		if (in->cfg.deterministic) {
			uint64_t bits = (uint64_t)in->cfg.n_addr * in->det_per_addr * in->det_ports;

			is->det_bits = zalloc((bits + 63) / 64, sizeof(uint64_t), socket);
			if (is->det_bits == NULL)
				goto nomem;
		}
	}
	w->subs = zalloc(n->max_subs, sizeof(*w->subs), socket);
	w->subs_free = zalloc(n->max_subs, sizeof(uint32_t), socket);
	w->maps = zalloc(n->max_mappings, sizeof(*w->maps), socket);
	w->maps_free = zalloc(n->max_mappings, sizeof(uint32_t), socket);
	w->subs_h = hash("sub", worker, n->max_subs, sizeof(struct nat_sub_key), socket);
	w->map_h = hash("map", worker, n->max_mappings, sizeof(struct nat_map_key), socket);
	w->rev_h = hash("rev", worker, n->max_mappings, sizeof(struct nat_rev_key), socket);
	if (w->subs == NULL || w->subs_free == NULL || w->maps == NULL || w->maps_free == NULL ||
	    w->subs_h == NULL || w->map_h == NULL || w->rev_h == NULL)
		goto nomem;
	for (uint32_t i = 0; i < n->n_instances; i++)
		if (n->inst[i].cfg.filtering == NAT_FILTER_ADF) {
			/* A mapping talks to a few hosts: twice as many permits. */
			w->permit_h = hash("permit", worker, 2 * n->max_mappings,
					   sizeof(struct nat_permit_key), socket);
			if (w->permit_h == NULL)
				goto nomem;
			break;
		}
	for (uint32_t i = 0; i < n->max_subs; i++) {
		w->subs_free[i] = n->max_subs - 1 - i;
		w->subs[i].inst = NAT_NONE;
	}
	w->n_subs_free = n->max_subs;
	for (uint32_t i = 0; i < n->max_mappings; i++)
		w->maps_free[i] = n->max_mappings - 1 - i;
	w->n_maps_free = n->max_mappings;
	if (n->log.format != NAT_LOG_OFF) {
		char name[RTE_RING_NAMESIZE];

		snprintf(name, sizeof(name), "nat_log%u", worker);
		w->events = rte_ring_create_elem(name, sizeof(struct nat_event), n->log.queue,
						 socket, RING_F_SP_ENQ | RING_F_SC_DEQ |
						 RING_F_EXACT_SZ);
		if (w->events == NULL)
			goto nomem;
		w->log_mask = n->log.events | NAT_LOG_LIMITS;
	}
	return w;
nomem:
	nat_worker_free(w);
	rte_errno = ENOMEM;
	return NULL;
}

void
nat_worker_free(struct nat_worker *w)
{
	if (w == NULL)
		return;
	for (uint32_t i = 0; i < NAT_MAX_INSTANCES; i++) {
		rte_free(w->inst[i].blocks);
		rte_free(w->inst[i].bits);
		rte_free(w->inst[i].free);
		rte_free(w->inst[i].n_free);
		rte_free(w->inst[i].quar);
		rte_free(w->inst[i].det_bits);
	}
	rte_hash_free(w->subs_h);
	rte_hash_free(w->map_h);
	rte_hash_free(w->rev_h);
	rte_hash_free(w->permit_h);
	rte_free(w->subs);
	rte_free(w->subs_free);
	rte_free(w->maps);
	rte_free(w->maps_free);
	rte_ring_free(w->events);
	rte_free(w);
}

void
nat_log_event(struct nat_worker *w, struct nat_event *e)
{
	e->tsc = rte_rdtsc();
	if (rte_ring_sp_enqueue_elem(w->events, e, sizeof(*e)) == 0)
		w->st.log_queued++;
	else
		w->st.log_lost++;
}

int
nat_log_throttle(struct nat_worker *w, uint32_t *last)
{
	if (*last && (int32_t)(w->now_ms - *last) < 1000) {
		w->st.log_throttled++;
		return 0;
	}
	*last = w->now_ms ? w->now_ms : 1;
	return 1;
}

void
nat_log_quota(struct nat_worker *w, uint16_t inst, uint32_t si, uint8_t kind, uint32_t limit,
	      uint32_t *last)
{
	struct nat_event e = { .type = NAT_EV_QUOTA_EXCEEDED, .inst = (uint8_t)inst,
			       .quota = kind, .limit = limit };

	if (!nat_logs(w, NAT_LOG_LIMITS) || !nat_log_throttle(w, last))
		return;
	if (si != NAT_NO_SUB) {
		e.inside = w->subs[si].addr;
		e.tenant = w->subs[si].tenant;
	}
	nat_log_event(w, &e);
}

const struct nat_stats *
nat_worker_stats(const struct nat_worker *w)
{
	return &w->st;
}

struct nat_stats *
nat_worker_counters(struct nat_worker *w)
{
	return &w->st;
}

static inline int
bit_test(const uint64_t *bits, uint64_t i)
{
	return (bits[i >> 6] >> (i & 63)) & 1;
}

static inline uint64_t
rnd(struct nat_worker *w)
{
	uint64_t x = w->rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	w->rng = x;
	return x;
}

/* Global block number (within its address) of local block @p lb. */
static inline uint32_t
block_global(const struct nat_worker *w, const struct nat_inst_state *is, uint32_t lb)
{
	return (lb % is->own_per_addr) * w->nat->n_workers + w->worker;
}

/* First external port (host order) of local block @p lb. */
static inline uint32_t
block_port0(const struct nat_worker *w, uint16_t inst, uint32_t lb)
{
	const struct nat_instance *in = &w->nat->inst[inst];

	return in->cfg.port_min + block_global(w, pst(w, inst), lb) * in->cfg.block_size;
}

/* A block changed hands: RFC 8158 port block allocation / de-allocation. */
static void
log_block(struct nat_worker *w, uint8_t type, uint32_t si, uint32_t lb)
{
	const struct nat_sub *s = &w->subs[si];
	uint32_t p0 = block_port0(w, s->inst, lb);
	struct nat_event e = {
		.type = type, .inside = s->addr, .tenant = s->tenant, .inst = (uint8_t)s->inst,
		.ext = w->nat->inst[s->inst].cfg.addr[lb / pst(w, s->inst)->own_per_addr],
		.eport = rte_cpu_to_be_16((uint16_t)p0),
		.eport_last = rte_cpu_to_be_16((uint16_t)(p0 + w->nat->inst[s->inst].cfg.block_size - 1)),
	};

	nat_log_event(w, &e);
}

void
nat_log_map_event(struct nat_worker *w, uint8_t type, const struct nat_map *m)
{
	struct nat_event e = {
		.type = type, .inside = m->inside, .iport = m->iport, .tenant = m->tenant,
		.ext = w->nat->inst[m->inst].cfg.addr[m->ext], .eport = m->eport,
		.proto = m->proto, .inst = m->inst,
	};

	nat_log_event(w, &e);
}

static int64_t
sub_get(struct nat_worker *w, uint16_t inst, uint16_t tenant, uint32_t addr)
{
	const struct nat_instance *in = &w->nat->inst[inst];
	struct nat_sub_key k = { .tenant = tenant, .addr = addr };
	struct nat_sub *s;
	void *data;
	uint32_t idx;

	if (rte_hash_lookup_data(w->subs_h, &k, &data) >= 0)
		return (int64_t)(uintptr_t)data;
	idx = w->n_subs_free ? w->subs_free[w->n_subs_free - 1] : 0;
	if (w->n_subs_free == 0 ||
	    rte_hash_add_key_data(w->subs_h, &k, (void *)(uintptr_t)idx) != 0) {
		nat_log_quota(w, inst, NAT_NO_SUB, NAT_QUOTA_SUBS, w->nat->max_subs,
			      &w->subs_logged_ms);
		return -BNG_DROP_NAT_EXHAUSTED;
	}
	w->n_subs_free--;
	s = &w->subs[idx];
	memset(s, 0, sizeof(*s));
	s->addr = addr;
	s->tenant = tenant;
	s->inst = inst;
	/* Paired pooling: one external address per subscriber, by hash, or
	 * by the deterministic formula. */
	if (in->cfg.deterministic) {
		uint32_t ext = 0, p0;

		nat_det_forward(in, addr, &ext, &p0);
		s->ext = (uint16_t)ext;
	} else {
		s->ext = (uint16_t)(rte_hash_crc_4byte(addr, tenant) % in->cfg.n_addr);
	}
	return idx;
}

static void
sub_maybe_free(struct nat_worker *w, uint32_t idx)
{
	struct nat_sub *s = &w->subs[idx];
	struct nat_sub_key k = { .tenant = s->tenant, .addr = s->addr };

	/* inst NAT_NONE marks a slot already given back. */
	if (s->inst == NAT_NONE || s->n_blocks || s->mappings || s->sessions)
		return;
	rte_hash_del_key(w->subs_h, &k);
	s->inst = NAT_NONE;
	w->subs_free[w->n_subs_free++] = idx;
}

enum block_refusal {
	BLOCK_SUB_FULL = -1,  /**< the subscriber holds blocks_per_subscriber blocks */
	BLOCK_ADDR_FULL = -2, /**< its external address has no free block */
	BLOCK_POOL_FULL = -3, /**< no address has a free block for a new subscriber */
};

/* Give subscriber @p si one more block. @return 0 or an enum block_refusal. */
static int
block_take(struct nat_worker *w, uint32_t si)
{
	struct nat_sub *s = &w->subs[si];
	const struct nat_instance *in = &w->nat->inst[s->inst];
	struct nat_inst_state *is = pst(w, s->inst);
	uint32_t a = s->ext, lb;

	if (s->n_blocks == in->cfg.blocks_per_sub)
		return BLOCK_SUB_FULL;
	if (is->n_free[a] == 0) {
		/* A subscriber holding nothing yet may move to another address;
		 * one holding blocks stays on its address (paired pooling). */
		if (s->n_blocks)
			return BLOCK_ADDR_FULL;
		for (a = 0; a < in->cfg.n_addr && is->n_free[a] == 0; a++)
			;
		if (a == in->cfg.n_addr)
			return BLOCK_POOL_FULL;
		s->ext = (uint16_t)a;
	}
	lb = is->free[a * is->own_per_addr + --is->n_free[a]];
	is->blocks[lb].sub = si;
	is->blocks[lb].used = 0;
	memset(&is->bits[(size_t)lb * in->words_per_block], 0,
	       in->words_per_block * sizeof(uint64_t));
	s->blocks[s->n_blocks++] = lb;
	w->st.blocks_allocated++;
	if (nat_logs(w, NAT_LOG_BLOCKS))
		log_block(w, NAT_EV_BLOCK_ALLOC, si, lb);
	return 0;
}

/* Why subscriber @p si got no port, for the log (RFC 8158 limit events). */
static void
log_refusal(struct nat_worker *w, uint32_t si, int why)
{
	struct nat_sub *s = &w->subs[si];
	const struct nat_instance *in = &w->nat->inst[s->inst];
	struct nat_inst_state *is = pst(w, s->inst);
	struct nat_event e = { .inst = (uint8_t)s->inst };

	if (!nat_logs(w, NAT_LOG_LIMITS))
		return;
	switch (why) {
	case BLOCK_SUB_FULL:
		nat_log_quota(w, s->inst, si, NAT_QUOTA_USER,
			      (uint32_t)in->cfg.blocks_per_sub * in->cfg.block_size,
			      &s->quota_logged_ms);
		return;
	case BLOCK_ADDR_FULL:
		if (!nat_log_throttle(w, &is->ports_logged_ms))
			return;
		e.type = NAT_EV_PORTS_EXHAUSTED;
		e.ext = in->cfg.addr[s->ext];
		break;
	default:
		if (!nat_log_throttle(w, &is->addrs_logged_ms))
			return;
		e.type = NAT_EV_ADDRS_EXHAUSTED;
		break;
	}
	nat_log_event(w, &e);
}

static void
block_give_back(struct nat_worker *w, uint16_t inst, uint32_t lb)
{
	struct nat_inst_state *is = pst(w, inst);
	uint32_t si = is->blocks[lb].sub;
	uint32_t a = lb / is->own_per_addr;
	struct nat_sub *s;

	if (si == NAT_NO_SUB)
		return;
	s = &w->subs[si];
	if (nat_logs(w, NAT_LOG_BLOCKS))
		log_block(w, NAT_EV_BLOCK_RELEASE, si, lb);
	for (uint32_t i = 0; i < s->n_blocks; i++)
		if (s->blocks[i] == lb) {
			s->blocks[i] = s->blocks[--s->n_blocks];
			break;
		}
	is->blocks[lb].sub = NAT_NO_SUB;
	is->free[a * is->own_per_addr + is->n_free[a]++] = lb;
	w->st.blocks_released++;
	sub_maybe_free(w, si);
}

static inline int
port_test_set(uint64_t *bits, uint32_t off)
{
	uint64_t bit = 1ull << (off & 63);

	if (bits[off >> 6] & bit)
		return 0;
	bits[off >> 6] |= bit;
	return 1;
}

/*
 * A free port in one of the subscriber's blocks: the inside port itself
 * when it falls in a block and is free (port preservation), otherwise a
 * random start and a scan of the blocks' bitmaps, keeping the parity of
 * UDP ports when it can. The scan is bounded by the subscriber's bitmaps
 * (blocks_per_sub x block_size / 64 words).
 * @return the port (host order) or -1; *blk gets its local block.
 */
static int32_t
port_take(struct nat_worker *w, uint32_t si, uint8_t proto, uint32_t iport, uint32_t *blk)
{
	struct nat_sub *s = &w->subs[si];
	const struct nat_instance *in = &w->nat->inst[s->inst];
	struct nat_inst_state *is = pst(w, s->inst);
	uint32_t wpb = in->words_per_block;
	int parity = proto == IPPROTO_UDP;

	for (uint32_t i = 0; i < s->n_blocks; i++) {
		uint32_t lb = s->blocks[i], p0 = block_port0(w, s->inst, lb);

		if (iport >= p0 && iport < p0 + in->cfg.block_size &&
		    port_test_set(&is->bits[(size_t)lb * wpb], iport - p0)) {
			is->blocks[lb].used++;
			*blk = lb;
			w->st.ports_preserved++;
			return (int32_t)iport;
		}
	}
	for (int pass = 0; pass < 2; pass++) {
		uint32_t nw = s->n_blocks * wpb, start = nw ? (uint32_t)(rnd(w) % nw) : 0;

		for (uint32_t k = 0; k < nw; k++) {
			uint32_t wi = (start + k) % nw;
			uint32_t lb = s->blocks[wi / wpb];
			uint64_t *word = &is->bits[(size_t)lb * wpb + wi % wpb];
			/* Pass 0 wants the inside port's parity (RFC 4787 REQ-6),
			 * of port numbers: a block may start on an odd port. */
			uint64_t want = !parity || pass ? ~0ull :
					((iport ^ block_port0(w, s->inst, lb)) & 1) ?
						0xaaaaaaaaaaaaaaaaull : 0x5555555555555555ull;
			uint64_t freeb = ~*word & want;
			uint32_t bit, off;

			if (freeb == 0)
				continue;
			bit = (uint32_t)__builtin_ctzll(freeb);
			*word |= 1ull << bit;
			off = (wi % wpb) * 64 + bit;
			is->blocks[lb].used++;
			*blk = lb;
			return (int32_t)(block_port0(w, s->inst, lb) + off);
		}
		if (!parity)
			break;
	}
	return -1;
}


/*
 * Deterministic NAT: a free port of the subscriber's own range, the inside
 * port itself when it lies there (preservation), else from a random
 * start, UDP parity first. The scan is bounded by the range.
 * @return the port (host order) or -1; *host gets the host's index.
 */
static int32_t
det_port_take(struct nat_worker *w, uint32_t si, uint8_t proto, uint32_t iport, uint32_t *host)
{
	const struct nat_sub *s = &w->subs[si];
	const struct nat_instance *in = &w->nat->inst[s->inst];
	uint64_t *bits = pst(w, s->inst)->det_bits;
	uint32_t n = in->det_ports, p0, start;
	uint64_t base;

	*host = rte_be_to_cpu_32(s->addr) - rte_be_to_cpu_32(in->cfg.det_prefix);
	p0 = in->cfg.port_min + (*host % in->det_per_addr) * n;
	base = (uint64_t)*host * n;
	if (iport >= p0 && iport < p0 + n && !bit_test(bits, base + iport - p0)) {
		bits[(base + iport - p0) >> 6] |= 1ull << ((base + iport - p0) & 63);
		w->st.ports_preserved++;
		return (int32_t)iport;
	}
	start = (uint32_t)(rnd(w) % n);
	for (int pass = proto == IPPROTO_UDP ? 0 : 1; pass < 2; pass++)
		for (uint32_t k = 0; k < n; k++) {
			uint32_t off = (start + k) % n;
			uint64_t b = base + off;

			if ((pass == 0 && ((p0 + off) ^ iport) & 1) || bit_test(bits, b))
				continue;
			bits[b >> 6] |= 1ull << (b & 63);
			return (int32_t)(p0 + off);
		}
	return -1;
}

int64_t
nat_map_find_ext(struct nat_worker *w, uint16_t inst, uint8_t proto, uint16_t ext, uint16_t eport)
{
	struct nat_rev_key k = { .inst = inst, .proto = proto, .ext = ext, .port = eport };
	void *data;

	if (rte_hash_lookup_data(w->rev_h, &k, &data) < 0)
		return -1;
	return (int64_t)(uintptr_t)data;
}

int64_t
nat_map_get(struct nat_worker *w, uint16_t inst, uint16_t tenant, uint8_t proto, uint32_t inside,
	    uint16_t iport)
{
	struct nat_map_key k = { .tenant = tenant, .proto = proto, .addr = inside, .port = iport };
	struct nat_rev_key rk = { .inst = w->nat->inst[inst].pool, .proto = proto };
	int64_t si;
	struct nat_map *m;
	uint32_t mi, blk = 0;
	int32_t port;
	int why = 0;
	void *data;

	if (rte_hash_lookup_data(w->map_h, &k, &data) >= 0)
		return (int64_t)(uintptr_t)data;
	if (w->nat->inst[inst].cfg.deterministic) {
		uint32_t ext, p0;

		if (nat_det_forward(&w->nat->inst[inst], inside, &ext, &p0) != 0) {
			w->st.not_inside++;
			return -BNG_DROP_NAT_NOT_INSIDE;
		}
	}
	si = sub_get(w, inst, tenant, inside);
	if (si < 0)
		goto exhausted;
	if (w->n_maps_free == 0)
		goto maps_full;
	if (!nat_proto_ports(proto)) {
		/* Address only: the external address is the subscriber's (paired
		 * pooling); another host holding it for this protocol refuses us. */
		rk.ext = w->subs[si].ext;
		rk.port = 0;
		if (rte_hash_lookup(w->rev_h, &rk) >= 0) {
			w->st.address_only_busy++;
			goto exhausted_sub;
		}
		port = 0;
		blk = NAT_NO_BLOCK;
	} else if (w->nat->inst[inst].cfg.deterministic) {
		/* The host's own range: full is full, logged as its quota. */
		port = det_port_take(w, (uint32_t)si, proto, rte_be_to_cpu_16(iport), &blk);
		if (port < 0) {
			nat_log_quota(w, inst, (uint32_t)si, NAT_QUOTA_USER,
				      w->nat->inst[inst].det_ports, &w->subs[si].quota_logged_ms);
			goto exhausted_sub;
		}
	} else {
		port = port_take(w, (uint32_t)si, proto, rte_be_to_cpu_16(iport), &blk);
		while (port < 0 && (why = block_take(w, (uint32_t)si)) == 0)
			port = port_take(w, (uint32_t)si, proto, rte_be_to_cpu_16(iport), &blk);
		if (port < 0) {
			log_refusal(w, (uint32_t)si, why);
			goto exhausted_sub;
		}
	}
	mi = w->maps_free[--w->n_maps_free];
	m = &w->maps[mi];
	memset(m, 0, sizeof(*m));
	m->inside = inside;
	m->iport = iport;
	m->eport = rte_cpu_to_be_16((uint16_t)port);
	m->ext = w->subs[si].ext;
	m->tenant = tenant;
	m->proto = proto;
	m->inst = (uint8_t)inst;
	m->sub = (uint32_t)si;
	m->block = blk;
	rk.ext = m->ext;
	rk.port = m->eport;
	if (rte_hash_add_key_data(w->map_h, &k, (void *)(uintptr_t)mi) != 0 ||
	    rte_hash_add_key_data(w->rev_h, &rk, (void *)(uintptr_t)mi) != 0) {
		rte_hash_del_key(w->map_h, &k);
		w->maps_free[w->n_maps_free++] = mi;
		goto maps_full;
	}
	w->subs[si].mappings++;
	w->st.mappings_created++;
	if (nat_logs(w, NAT_LOG_MAPPINGS))
		nat_log_map_event(w, NAT_EV_MAPPING_CREATE, m);
	return mi;
maps_full:
	nat_log_quota(w, inst, (uint32_t)si, NAT_QUOTA_BIB, w->nat->max_mappings,
		      &w->maps_logged_ms);
exhausted_sub:
	sub_maybe_free(w, (uint32_t)si);
exhausted:
	w->st.ports_exhausted++;
	return -BNG_DROP_NAT_EXHAUSTED;
}

static inline struct nat_permit_key
permit_key(const struct nat_map *m, uint32_t remote)
{
	return (struct nat_permit_key){ .inst = m->inst, .proto = m->proto, .ext = m->ext,
					 .port = m->eport, .remote = remote };
}

int
nat_permit_add(struct nat_worker *w, const struct nat_map *m, uint32_t remote)
{
	struct nat_permit_key k = permit_key(m, remote);
	void *data = NULL;
	uintptr_t n = 0;

	if (rte_hash_lookup_data(w->permit_h, &k, &data) >= 0)
		n = (uintptr_t)data;
	if (rte_hash_add_key_data(w->permit_h, &k, (void *)(n + 1)) != 0) {
		w->st.permits_full++;
		return -1;
	}
	return 0;
}

void
nat_permit_put(struct nat_worker *w, const struct nat_map *m, uint32_t remote)
{
	struct nat_permit_key k = permit_key(m, remote);
	void *data;

	if (rte_hash_lookup_data(w->permit_h, &k, &data) < 0)
		return;
	if ((uintptr_t)data > 1)
		rte_hash_add_key_data(w->permit_h, &k, (void *)((uintptr_t)data - 1));
	else
		rte_hash_del_key(w->permit_h, &k);
}

int
nat_permitted(struct nat_worker *w, const struct nat_map *m, uint32_t remote)
{
	struct nat_permit_key k = permit_key(m, remote);

	return w->permit_h != NULL && rte_hash_lookup(w->permit_h, &k) >= 0;
}

int64_t
nat_sub_find(struct nat_worker *w, uint16_t tenant, uint32_t addr)
{
	struct nat_sub_key k = { .tenant = tenant, .addr = addr };
	void *data;

	if (rte_hash_lookup_data(w->subs_h, &k, &data) < 0)
		return -1;
	return (int64_t)(uintptr_t)data;
}

static void map_release(struct nat_worker *w, uint32_t idx);

void
nat_map_put(struct nat_worker *w, uint32_t idx)
{
	if (w->maps[idx].refs && --w->maps[idx].refs)
		return;
	map_release(w, idx);
}

void
nat_map_drop_unused(struct nat_worker *w, uint32_t idx)
{
	if (w->maps[idx].refs == 0)
		map_release(w, idx);
}

static void
map_release(struct nat_worker *w, uint32_t idx)
{
	struct nat_map *m = &w->maps[idx];
	const struct nat_instance *in = &w->nat->inst[m->inst];
	struct nat_map_key k = { .tenant = m->tenant, .proto = m->proto, .addr = m->inside,
				 .port = m->iport };
	struct nat_rev_key rk = { .inst = w->nat->inst[m->inst].pool, .proto = m->proto, .ext = m->ext,
				  .port = m->eport };
	struct nat_inst_state *is = pst(w, m->inst);
	uint32_t off;

	rte_hash_del_key(w->map_h, &k);
	rte_hash_del_key(w->rev_h, &rk);
	if (nat_logs(w, NAT_LOG_MAPPINGS))
		nat_log_map_event(w, NAT_EV_MAPPING_DELETE, m);
	w->subs[m->sub].mappings--;
	if (m->block == NAT_NO_BLOCK)
		goto done;   /* address only: no port to give back */
	if (in->cfg.deterministic) {
		/* Only ever its own host's again: no quarantine needed. */
		uint64_t b = (uint64_t)m->block * in->det_ports + rte_be_to_cpu_16(m->eport) -
			     in->cfg.port_min - (m->block % in->det_per_addr) * in->det_ports;

		is->det_bits[b >> 6] &= ~(1ull << (b & 63));
		goto done;
	}
	off = rte_be_to_cpu_16(m->eport) - block_port0(w, m->inst, m->block);
	/* The port rests before anyone else gets it (RFC 6888 REQ-8). */
	if (is->quar_n < is->quar_size && in->cfg.quarantine_ms) {
		struct nat_quar *q = &is->quar[(is->quar_head + is->quar_n++) % is->quar_size];

		q->until_ms = w->now_ms + in->cfg.quarantine_ms;
		q->block = m->block;
		q->off = (uint16_t)off;
	} else {
		is->bits[(size_t)m->block * in->words_per_block + off / 64] &= ~(1ull << (off % 64));
		if (--is->blocks[m->block].used == 0)
			block_give_back(w, m->inst, m->block);
	}
done:
	sub_maybe_free(w, m->sub);
	w->maps_free[w->n_maps_free++] = idx;
	w->st.mappings_released++;
}

void
nat_worker_poll(struct nat_worker *w, uint32_t now_ms)
{
	uint32_t budget = 64;

	w->now_ms = now_ms;
	/* One queue per instance: within one, the oldest is due first. */
	for (uint16_t i = 0; i < w->nat->n_instances; i++) {
		const struct nat_instance *in = &w->nat->inst[i];
		struct nat_inst_state *is = &w->inst[i];

		while (in->pool == i && is->quar_n && budget) {
			struct nat_quar *q = &is->quar[is->quar_head];

			if ((int32_t)(now_ms - q->until_ms) < 0)
				break;
			budget--;
			is->bits[(size_t)q->block * in->words_per_block + q->off / 64] &=
				~(1ull << (q->off % 64));
			if (--is->blocks[q->block].used == 0)
				block_give_back(w, i, q->block);
			is->quar_head = (is->quar_head + 1) % is->quar_size;
			is->quar_n--;
		}
	}
}

void
nat_worker_addr_usage(const struct nat_worker *w, uint16_t inst, uint32_t a,
		      struct nat_addr_usage *u)
{
	const struct nat_inst_state *is = pst(w, inst);
	const struct nat_instance *in = &w->nat->inst[inst];

	memset(u, 0, sizeof(*u));
	if (in->cfg.deterministic) {
		/* No blocks: the ports its hosts on this worker hold. */
		uint64_t from = (uint64_t)a * in->det_per_addr * in->det_ports;

		for (uint64_t b = from; b < from + (uint64_t)in->det_per_addr * in->det_ports; b++)
			u->ports_used += bit_test(is->det_bits, b);
		return;
	}
	u->blocks_total = is->own_per_addr;
	for (uint32_t b = a * is->own_per_addr; b < (a + 1) * is->own_per_addr; b++)
		if (is->blocks[b].sub != NAT_NO_SUB) {
			u->blocks_used++;
			u->ports_used += is->blocks[b].used;
		}
}

void
nat_worker_counts(const struct nat_worker *w, uint32_t *subs, uint32_t *mappings,
		  uint32_t *quarantined)
{
	*subs = w->nat->max_subs - w->n_subs_free;
	*mappings = w->nat->max_mappings - w->n_maps_free;
	*quarantined = 0;
	for (uint16_t i = 0; i < w->nat->n_instances; i++)
		*quarantined += w->inst[i].quar_n;
}
