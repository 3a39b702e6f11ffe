/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Pools and lease slots. A pool is a bitmap of its range: a set bit is an
 * address that is leased, excluded or reserved, so the allocator scans
 * words for a clear bit from a moving cursor (round robin: a released
 * address is the last to be handed out again, which gives stale ARP
 * entries and sessions of its previous holder time to die). Leases live in
 * a fixed array of slots allocated at create time, found through two
 * rte_hash tables: by client identity (offered and bound leases) and by
 * address (every lease, declined addresses included).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_errno.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>

#include "dhcp_priv.h"

static const char *const end_names[DHCP_END_MAX] = {
#define DHCP_END_NAME(e, n) [DHCP_END_##e] = n,
	DHCP_FOREACH_END(DHCP_END_NAME)
#undef DHCP_END_NAME
};

const char *
dhcp_end_name(unsigned int reason)
{
	return reason < DHCP_END_MAX ? end_names[reason] : "?";
}

/* --- Pools ------------------------------------------------------------------- */

static uint32_t
mask_of_len(uint8_t len)
{
	return len == 0 ? 0 : ~0u << (32 - len);
}

static int
mask_contiguous(uint32_t m)
{
	return m != 0 && (~m & (~m + 1)) == 0;
}

static int
bit_get(const uint64_t *bm, uint32_t off)
{
	return (bm[off / 64] >> (off % 64)) & 1;
}

static void
bit_set(uint64_t *bm, uint32_t off)
{
	bm[off / 64] |= 1ull << (off % 64);
}

static void
bit_clear(uint64_t *bm, uint32_t off)
{
	bm[off / 64] &= ~(1ull << (off % 64));
}

/* Never hand @p addr out dynamically: exclusions, router, server, reservations. */
static void
pool_fix(struct dhcp_pool *p, uint32_t addr, int reserved)
{
	uint32_t off;

	if (addr < p->first || addr > p->last)
		return;
	off = addr - p->first;
	if (reserved)
		bit_set(p->reserved, off);
	if (bit_get(p->fixed, off))
		return;
	bit_set(p->fixed, off);
	p->n_fixed++;
	if (!bit_get(p->used, off)) {
		bit_set(p->used, off);
		p->n_free--;
	}
}

static int
pool_name_ok(const struct dhcp_pool_config *c)
{
	size_t n = strnlen(c->name, DHCP_NAME_MAX);

	if (n == 0 || n == DHCP_NAME_MAX)
		return 0;
	/* The name is one field of a lease file line. */
	for (size_t i = 0; i < n; i++)
		if (c->name[i] <= ' ' || c->name[i] > '~')
			return 0;
	return 1;
}

/* Range, mask and options of one pool; host-order bounds into @p p. */
static int
pool_check(const struct dhcp_config *cfg, const struct dhcp_pool_config *c, struct dhcp_pool *p)
{
	if (!pool_name_ok(c) || c->n_dns > DHCP_MAX_DNS || c->n_exclude > DHCP_MAX_EXCLUDE ||
	    strnlen(c->domain, DHCP_DOMAIN_MAX) == DHCP_DOMAIN_MAX)
		return -EINVAL;
	if (c->first == 0 && c->last == 0) {
		uint32_t base = rte_be_to_cpu_32(c->prefix);

		/* /31 and /32 have no host addresses besides network and broadcast. */
		if (c->prefix_len < 8 || c->prefix_len > 30)
			return -EINVAL;
		p->mask = mask_of_len(c->prefix_len);
		if ((base & ~p->mask) != 0 || (c->mask != 0 && rte_be_to_cpu_32(c->mask) != p->mask))
			return -EINVAL;
		p->first = base + 1;
		p->last = base + ~p->mask - 1;
	} else {
		p->first = rte_be_to_cpu_32(c->first);
		p->last = rte_be_to_cpu_32(c->last);
		p->mask = rte_be_to_cpu_32(c->mask);
		if (p->first == 0 || p->last < p->first || !mask_contiguous(p->mask) ||
		    (p->first & p->mask) != (p->last & p->mask))
			return -EINVAL;
	}
	p->subnet = p->first & p->mask;
	if ((uint64_t)p->last - p->first + 1 > DHCP_POOL_MAX_SIZE)
		return -EINVAL;
	p->size = p->last - p->first + 1;
	p->lease_s = c->lease_s != 0 ? c->lease_s : cfg->default_lease_s;
	if (p->lease_s < DHCP_MIN_LEASE_S || p->lease_s == UINT32_MAX)
		return -EINVAL;
	return 0;
}

int
dhcp_pools_init(struct dhcp_server *srv)
{
	const struct dhcp_config *cfg = &srv->cfg;

	if (cfg->n_pools > DHCP_MAX_POOLS)
		return -EINVAL;
	for (uint32_t i = 0; i < cfg->n_pools; i++) {
		const struct dhcp_pool_config *c = &cfg->pools[i];
		struct dhcp_pool *p = &srv->pools[i];
		uint32_t tail;

		p->cfg = c;
		if (pool_check(cfg, c, p) != 0)
			return -EINVAL;
		for (uint32_t j = 0; j < i; j++) {
			const struct dhcp_pool *o = &srv->pools[j];

			if (strcmp(o->cfg->name, c->name) == 0 ||
			    (p->first <= o->last && o->first <= p->last))
				return -EINVAL;
		}
		p->nwords = (p->size + 63) / 64;
		p->used = rte_zmalloc_socket("dhcp_pool", 3 * (size_t)p->nwords * sizeof(uint64_t),
					     RTE_CACHE_LINE_SIZE, cfg->socket_id);
		if (p->used == NULL)
			return -ENOMEM;
		p->fixed = p->used + p->nwords;
		p->reserved = p->fixed + p->nwords;
		/* Bits past the range's end are marked used so no scan picks them. */
		tail = p->size % 64;
		if (tail != 0)
			p->used[p->nwords - 1] = ~0ull << tail;
		p->n_free = p->size;
		pool_fix(p, rte_be_to_cpu_32(c->router), 0);
		pool_fix(p, rte_be_to_cpu_32(cfg->server_id), 0);
		for (uint32_t e = 0; e < c->n_exclude; e++)
			pool_fix(p, rte_be_to_cpu_32(c->exclude[e]), 0);
	}
	return 0;
}

void
dhcp_pools_free(struct dhcp_server *srv)
{
	for (uint32_t i = 0; i < DHCP_MAX_POOLS; i++) {
		rte_free(srv->pools[i].used);
		srv->pools[i].used = NULL;
	}
}

int
dhcp_pool_of(const struct dhcp_server *srv, uint32_t addr)
{
	/* At most DHCP_MAX_POOLS pools: a scan costs less than keeping a tree. */
	for (uint32_t i = 0; i < srv->cfg.n_pools; i++)
		if (addr >= srv->pools[i].first && addr <= srv->pools[i].last)
			return (int)i;
	return -1;
}

int
dhcp_pool_in_subnet(const struct dhcp_pool *p, uint32_t addr)
{
	return (addr & p->mask) == p->subnet;
}

int
dhcp_pool_reserve(struct dhcp_pool *p, uint32_t addr)
{
	if (addr < p->first || addr > p->last || bit_get(p->fixed, addr - p->first))
		return -EINVAL;
	pool_fix(p, addr, 1);
	return 0;
}

int
dhcp_pool_take(struct dhcp_pool *p, uint32_t addr, int reserved_ok)
{
	uint32_t off;

	if (addr < p->first || addr > p->last)
		return -EBUSY;
	off = addr - p->first;
	if (bit_get(p->reserved, off))
		return reserved_ok ? 0 : -EBUSY;
	if (bit_get(p->used, off))
		return -EBUSY;
	bit_set(p->used, off);
	p->n_free--;
	return 0;
}

int
dhcp_pool_alloc(struct dhcp_pool *p, uint32_t *addr)
{
	uint32_t w, start = p->cursor;
	uint64_t avail;

	if (p->n_free == 0)
		return -ENOSPC;
	w = start / 64;
	avail = ~p->used[w] & (~0ull << (start % 64));
	/* nwords + 1 steps: the last one revisits the first word's low bits. */
	for (uint32_t i = 0; i <= p->nwords; i++) {
		if (avail != 0) {
			uint32_t off = w * 64 + (uint32_t)__builtin_ctzll(avail);

			bit_set(p->used, off);
			p->n_free--;
			p->cursor = off + 1 < p->size ? off + 1 : 0;
			*addr = p->first + off;
			return 0;
		}
		w = w + 1 < p->nwords ? w + 1 : 0;
		avail = ~p->used[w];
	}
	return -ENOSPC;
}

void
dhcp_pool_put(struct dhcp_pool *p, uint32_t addr)
{
	uint32_t off;

	if (addr < p->first || addr > p->last)
		return;
	off = addr - p->first;
	if (bit_get(p->fixed, off) || !bit_get(p->used, off))
		return;
	bit_clear(p->used, off);
	p->n_free++;
}

unsigned int
dhcp_pool_count(const struct dhcp_server *srv)
{
	return srv == NULL ? 0 : srv->cfg.n_pools;
}

int
dhcp_pool_usage(const struct dhcp_server *srv, unsigned int pool, struct dhcp_pool_usage *u)
{
	const struct dhcp_pool *p;

	if (srv == NULL || u == NULL || pool >= srv->cfg.n_pools)
		return -EINVAL;
	p = &srv->pools[pool];
	u->name = p->cfg->name;
	u->size = p->size;
	u->fixed = p->n_fixed;
	u->offered = p->n_state[DHCP_LEASE_OFFERED];
	u->bound = p->n_state[DHCP_LEASE_BOUND];
	u->declined = p->n_state[DHCP_LEASE_DECLINED];
	u->free = p->n_free;
	return 0;
}

/* --- Lease slots --------------------------------------------------------------- */

struct rte_hash *
dhcp_hash_create(const char *kind, uint32_t entries, uint32_t key_len, int socket)
{
	static unsigned int seq;
	char name[RTE_HASH_NAMESIZE];
	struct rte_hash_parameters hp = {
		.name = name,
		/* Cuckoo inserts slow down sharply in the last few percent. */
		.entries = RTE_MAX(entries + entries / 4, 8u),
		.key_len = key_len,
		.hash_func = rte_hash_crc,
		.socket_id = socket,
		.extra_flag = RTE_HASH_EXTRA_FLAGS_EXT_TABLE,
	};

	snprintf(name, sizeof(name), "dhcp_%s%u", kind, seq++);
	return rte_hash_create(&hp);
}

int
dhcp_leases_init(struct dhcp_server *srv)
{
	uint32_t n = srv->cfg.max_leases;
	int socket = srv->cfg.socket_id;

	srv->leases = rte_zmalloc_socket("dhcp_leases", (size_t)n * sizeof(*srv->leases),
					 RTE_CACHE_LINE_SIZE, socket);
	srv->free_slots = rte_malloc_socket("dhcp_slots", (size_t)n * sizeof(uint32_t), 0, socket);
	srv->by_client = dhcp_hash_create("cl", n, sizeof(struct dhcp_client_key), socket);
	srv->by_addr = dhcp_hash_create("ad", n, sizeof(uint32_t), socket);
	if (srv->leases == NULL || srv->free_slots == NULL || srv->by_client == NULL ||
	    srv->by_addr == NULL)
		return -ENOMEM;
	/* Slot 0 on top: foreach then lists leases roughly in creation order. */
	for (uint32_t i = 0; i < n; i++)
		srv->free_slots[i] = n - 1 - i;
	srv->n_free_slots = n;
	return 0;
}

void
dhcp_leases_free(struct dhcp_server *srv)
{
	rte_hash_free(srv->by_client);
	rte_hash_free(srv->by_addr);
	rte_free(srv->free_slots);
	rte_free(srv->leases);
}

void
dhcp_lease_key(const struct dhcp_lease *l, struct dhcp_client_key *k)
{
	memset(k, 0, sizeof(*k));
	k->tenant = l->tenant;
	if (l->client_id_len != 0) {
		k->kind = 1;
		k->len = l->client_id_len;
		memcpy(k->id, l->client_id, l->client_id_len);
	} else {
		k->len = RTE_ETHER_ADDR_LEN;
		memcpy(k->id, l->mac.addr_bytes, RTE_ETHER_ADDR_LEN);
	}
}

struct dhcp_lease *
dhcp_lease_by_client(const struct dhcp_server *srv, const struct dhcp_client_key *k)
{
	void *data;

	if (rte_hash_lookup_data(srv->by_client, k, &data) < 0)
		return NULL;
	return &srv->leases[(uintptr_t)data];
}

struct dhcp_lease *
dhcp_lease_by_addr(const struct dhcp_server *srv, uint32_t addr)
{
	void *data;

	if (rte_hash_lookup_data(srv->by_addr, &addr, &data) < 0)
		return NULL;
	return &srv->leases[(uintptr_t)data];
}

static int
keyed_by_client(uint8_t state)
{
	return state == DHCP_LEASE_OFFERED || state == DHCP_LEASE_BOUND;
}

struct dhcp_lease *
dhcp_lease_insert(struct dhcp_server *srv, uint32_t addr, uint16_t pool, uint8_t state,
		  const struct dhcp_client_key *k)
{
	struct dhcp_lease *l;
	uint32_t slot;

	if (srv->n_free_slots == 0)
		return NULL;
	slot = srv->free_slots[srv->n_free_slots - 1];
	l = &srv->leases[slot];
	memset(l, 0, sizeof(*l));
	l->addr = addr;
	l->pool = pool;
	l->tenant = srv->pools[pool].cfg->tenant;
	l->state = state;
	if (k != NULL) {
		/* The identity fields must give back the key they were made from. */
		l->tenant = k->tenant;
		if (k->kind == 1) {
			l->client_id_len = k->len;
			memcpy(l->client_id, k->id, k->len);
		} else {
			memcpy(l->mac.addr_bytes, k->id, RTE_ETHER_ADDR_LEN);
		}
	}
	if (rte_hash_add_key_data(srv->by_addr, &addr, (void *)(uintptr_t)slot) != 0)
		return NULL;
	if (keyed_by_client(state) &&
	    (k == NULL || rte_hash_add_key_data(srv->by_client, k, (void *)(uintptr_t)slot) != 0)) {
		rte_hash_del_key(srv->by_addr, &addr);
		return NULL;
	}
	srv->n_free_slots--;
	srv->pools[pool].n_state[state]++;
	return l;
}

void
dhcp_lease_set_state(struct dhcp_server *srv, struct dhcp_lease *l, uint8_t state)
{
	struct dhcp_pool *p = &srv->pools[l->pool];

	if (keyed_by_client(l->state) && !keyed_by_client(state)) {
		struct dhcp_client_key k;

		dhcp_lease_key(l, &k);
		rte_hash_del_key(srv->by_client, &k);
	}
	p->n_state[l->state]--;
	p->n_state[state]++;
	l->state = state;
}

void
dhcp_lease_remove(struct dhcp_server *srv, struct dhcp_lease *l)
{
	struct dhcp_pool *p = &srv->pools[l->pool];
	uint32_t slot = (uint32_t)(l - srv->leases);

	if (l->state == DHCP_LEASE_FREE)
		return;
	if (keyed_by_client(l->state)) {
		struct dhcp_client_key k;

		dhcp_lease_key(l, &k);
		rte_hash_del_key(srv->by_client, &k);
	}
	rte_hash_del_key(srv->by_addr, &l->addr);
	dhcp_pool_put(p, rte_be_to_cpu_32(l->addr));
	p->n_state[l->state]--;
	l->state = DHCP_LEASE_FREE;
	srv->free_slots[srv->n_free_slots++] = slot;
}

void
dhcp_lease_end(struct dhcp_server *srv, struct dhcp_lease *l, enum dhcp_end_reason why)
{
	if (l->state == DHCP_LEASE_BOUND) {
		if (srv->cb.on_end != NULL)
			srv->cb.on_end(l, why, srv->cb_arg);
		dhcp_store_free(srv, l->addr);
	}
	dhcp_lease_remove(srv, l);
}

int
dhcp_lease_expire_one(struct dhcp_server *srv, struct dhcp_lease *l, uint64_t now_ms)
{
	static const enum dhcp_stat stat_of[] = {
		[DHCP_LEASE_OFFERED] = DHCP_STAT_OFFERS_EXPIRED,
		[DHCP_LEASE_BOUND] = DHCP_STAT_LEASES_EXPIRED,
		[DHCP_LEASE_DECLINED] = DHCP_STAT_DECLINES_EXPIRED,
	};

	if (l->state == DHCP_LEASE_FREE || l->expiry_ms > now_ms)
		return 0;
	dhcp_stat_inc(srv, stat_of[l->state]);
	dhcp_lease_end(srv, l, DHCP_END_EXPIRY);
	return 1;
}

unsigned int
dhcp_server_expire(struct dhcp_server *srv, uint64_t now_ms)
{
	uint32_t n, batch;
	unsigned int ended = 0;

	if (srv == NULL)
		return 0;
	n = srv->cfg.max_leases;
	batch = RTE_MIN(srv->cfg.expire_batch, n);
	for (uint32_t i = 0; i < batch; i++) {
		ended += (unsigned int)dhcp_lease_expire_one(srv, &srv->leases[srv->expire_cursor],
							     now_ms);
		srv->expire_cursor = srv->expire_cursor + 1 < n ? srv->expire_cursor + 1 : 0;
	}
	return ended;
}

unsigned int
dhcp_lease_foreach(const struct dhcp_server *srv, int (*fn)(const struct dhcp_lease *l, void *arg),
		   void *arg)
{
	unsigned int visited = 0;

	if (srv == NULL || fn == NULL)
		return 0;
	for (uint32_t i = 0; i < srv->cfg.max_leases; i++) {
		if (srv->leases[i].state == DHCP_LEASE_FREE)
			continue;
		visited++;
		if (fn(&srv->leases[i], arg) != 0)
			break;
	}
	return visited;
}

const struct dhcp_lease *
dhcp_lease_lookup(const struct dhcp_server *srv, uint32_t addr)
{
	return srv == NULL ? NULL : dhcp_lease_by_addr(srv, addr);
}

int
dhcp_lease_clear(struct dhcp_server *srv, uint32_t addr)
{
	struct dhcp_lease *l;

	if (srv == NULL)
		return -EINVAL;
	l = dhcp_lease_by_addr(srv, addr);
	if (l == NULL)
		return -ENOENT;
	/* A declined address has no "free" line otherwise: its decline would come back. */
	if (l->state == DHCP_LEASE_DECLINED)
		dhcp_store_free(srv, l->addr);
	dhcp_lease_end(srv, l, DHCP_END_CLEARED);
	return 0;
}
