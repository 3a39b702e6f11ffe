/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Session table: creation, lookup, the slow-path create, delete and the
 * bounded expiry sweep.
 *
 * Sizing: the hash tables use RTE_HASH_EXTRA_FLAGS_EXT_TABLE so that an
 * insert below the configured capacity never fails because cuckoo
 * displacement gave up; "full" then means exactly "no room left". The hash
 * data of a key is the entry index, not a pointer, so entries can be
 * addressed from handles and iterated by index.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_hash_crc.h>
#include <rte_malloc.h>

#include "bng_time.h"
#include "sess.h"
#include "sess_chain.h"

static const char *const tclass_names[SESS_TC_MAX] = {
#define TC_NAME(e, n, s) [SESS_TC_##e] = n,
	SESS_FOREACH_TCLASS(TC_NAME)
#undef TC_NAME
};

static const uint32_t tclass_defaults[SESS_TC_MAX] = {
#define TC_DEF(e, n, s) [SESS_TC_##e] = s,
	SESS_FOREACH_TCLASS(TC_DEF)
#undef TC_DEF
};

const char *
sess_tclass_name(unsigned int tc)
{
	return tc < SESS_TC_MAX ? tclass_names[tc] : "?";
}

uint32_t
sess_tclass_default(unsigned int tc)
{
	return tc < SESS_TC_MAX ? tclass_defaults[tc] : 0;
}

void
sess_config_defaults(struct sess_config *c)
{
	memset(c, 0, sizeof(*c));
	c->max_sessions = 65536;
	c->max_v6 = 16384;
	c->secondary = 0;
	c->expiry_batch = 64;
	c->sweep_ms = 1000;
	for (unsigned int i = 0; i < SESS_TC_MAX; i++)
		c->timeout_s[i] = tclass_defaults[i];
}

static size_t
heap_used(int socket)
{
	struct rte_malloc_socket_stats st;

	if (rte_malloc_get_socket_stats(socket, &st) != 0)
		return 0;
	return st.heap_allocsz_bytes;
}

/* rte_hash refuses fewer entries than one bucket holds (8, private to it). */
#define SESS_HASH_MIN_ENTRIES 8u

static struct rte_hash *
hash_make(const char *name, const char *suffix, int socket, uint32_t entries, uint32_t key_len)
{
	char hname[RTE_HASH_NAMESIZE];
	struct rte_hash_parameters p = {
		.name = hname,
		/* rte_hash wants at least one bucket's worth; the entry pool, not
		 * the hash, enforces the configured maximum. */
		.entries = RTE_MAX(entries, SESS_HASH_MIN_ENTRIES),
		.key_len = key_len,
		.hash_func = rte_hash_crc,
		.hash_func_init_val = 0,
		.socket_id = socket,
		.extra_flag = RTE_HASH_EXTRA_FLAGS_EXT_TABLE,
	};

	if (snprintf(hname, sizeof(hname), "%s%s", name, suffix) >= (int)sizeof(hname)) {
		rte_errno = ENAMETOOLONG;
		return NULL;
	}
	return rte_hash_create(&p);
}

struct sess_table *
sess_table_create(const char *name, int socket, const struct sess_config *cfg,
		  const struct sess_chain *chain)
{
	struct sess_table *t = NULL;
	size_t before;

	if (name == NULL || cfg == NULL || chain == NULL || cfg->max_sessions == 0 ||
	    cfg->max_v6 > cfg->max_sessions || cfg->expiry_batch == 0 || cfg->sweep_ms == 0) {
		rte_errno = EINVAL;
		return NULL;
	}
	for (unsigned int i = 0; i < SESS_TC_MAX; i++)
		if (cfg->timeout_s[i] == 0 || cfg->timeout_s[i] > SESS_TIMEOUT_MAX_S) {
			rte_errno = EINVAL;
			return NULL;
		}
	before = heap_used(socket);
	t = rte_zmalloc_socket("sess_table", sizeof(*t), RTE_CACHE_LINE_SIZE, socket);
	if (t == NULL)
		goto nomem;
	t->max = cfg->max_sessions;
	t->entries = rte_zmalloc_socket("sess_entries", (size_t)t->max * sizeof(struct sess_entry),
					RTE_CACHE_LINE_SIZE, socket);
	t->free_stack = rte_malloc_socket("sess_free", (size_t)t->max * sizeof(uint32_t),
					  RTE_CACHE_LINE_SIZE, socket);
	if (t->entries == NULL || t->free_stack == NULL)
		goto nomem;
	t->h4 = hash_make(name, "_4", socket, cfg->max_sessions + cfg->secondary,
			  sizeof(struct sess_key4));
	if (t->h4 == NULL)
		goto fail;
	if (cfg->max_v6 > 0) {
		t->h6 = hash_make(name, "_6", socket, cfg->max_v6, sizeof(struct sess_key6));
		if (t->h6 == NULL)
			goto fail;
	}
	/* Pop order gives low indices first: fewer pages touched at low load. */
	for (uint32_t i = 0; i < t->max; i++)
		t->free_stack[i] = t->max - 1 - i;
	t->n_free = t->max;
	for (uint32_t i = 0; i < t->max; i++)
		t->entries[i].key_pos[0] = t->entries[i].key_pos[1] = SESS_NO_KEY;
	t->expiry_batch = cfg->expiry_batch;
	t->step_tsc = rte_get_tsc_hz() / 1000 * cfg->sweep_ms /
		      ((t->max + cfg->expiry_batch - 1) / cfg->expiry_batch);
	for (unsigned int i = 0; i < SESS_TC_MAX; i++)
		t->timeout_ms[i] = cfg->timeout_s[i] * 1000u;
	t->chain = chain;
	t->mem_bytes = heap_used(socket) - before;
	return t;
nomem:
	rte_errno = ENOMEM;
fail:
	sess_table_free(t);
	return NULL;
}

void
sess_table_free(struct sess_table *t)
{
	if (t == NULL)
		return;
	rte_hash_free(t->h4);
	rte_hash_free(t->h6);
	rte_free(t->entries);
	rte_free(t->free_stack);
	rte_free(t);
}

static inline uint64_t
lookup_finish(struct sess_table *t, uint32_t n, uint64_t hits, void **data, uint32_t *idx)
{
	for (uint64_t m = hits; m; m &= m - 1) {
		unsigned int i = (unsigned int)__builtin_ctzll(m);

		/* Raw hash data: index << 1 | secondary (SESS_HIT_*). */
		idx[i] = (uint32_t)(uintptr_t)data[i];
	}
	t->st.lookups += n;
	t->st.hits += (uint64_t)__builtin_popcountll(hits);
	return hits;
}

uint64_t
sess_lookup4_burst(struct sess_table *t, const struct sess_key4 **keys, uint32_t n, uint32_t *idx)
{
	void *data[RTE_HASH_LOOKUP_BULK_MAX];
	hash_sig_t sig[RTE_HASH_LOOKUP_BULK_MAX];
	uint64_t hits = 0;

	if (n == 0)
		return 0;
	for (uint32_t i = 0; i < n; i++)
		sig[i] = sess_key4_hash(keys[i]);
	rte_hash_lookup_with_hash_bulk_data(t->h4, (const void **)keys, sig, n, &hits, data);
	return lookup_finish(t, n, hits, data, idx);
}

uint64_t
sess_lookup4_hashed(struct sess_table *t, const struct sess_key4 **keys, const uint32_t *sig,
		    uint32_t n, uint32_t *idx)
{
	void *data[RTE_HASH_LOOKUP_BULK_MAX];
	uint64_t hits = 0;

	/* rte_hash only reads the hashes; its prototype lacks the const. */
	rte_hash_lookup_with_hash_bulk_data(t->h4, (const void **)keys, (hash_sig_t *)(uintptr_t)sig,
					    n, &hits, data);
	for (uint64_t m = hits; m; m &= m - 1) {
		unsigned int i = (unsigned int)__builtin_ctzll(m);

		idx[i] = (uint32_t)(uintptr_t)data[i];
	}
	return hits;
}

uint64_t
sess_lookup6_burst(struct sess_table *t, const struct sess_key6 **keys, uint32_t n, uint32_t *idx)
{
	void *data[RTE_HASH_LOOKUP_BULK_MAX];
	hash_sig_t sig[RTE_HASH_LOOKUP_BULK_MAX];
	uint64_t hits = 0;

	if (n == 0 || t->h6 == NULL)
		return 0;
	for (uint32_t i = 0; i < n; i++)
		sig[i] = sess_key6_hash(keys[i]);
	rte_hash_lookup_with_hash_bulk_data(t->h6, (const void **)keys, sig, n, &hits, data);
	return lookup_finish(t, n, hits, data, idx);
}

static inline struct rte_hash *
table_hash(const struct sess_table *t, int v6)
{
	return v6 ? t->h6 : t->h4;
}

int32_t
sess_lookup(struct sess_table *t, const union sess_key *k, int v6)
{
	struct rte_hash *h = table_hash(t, v6);
	void *data;

	if (h == NULL)
		return -ENOENT;
	if (rte_hash_lookup_data(h, k, &data) < 0)
		return -ENOENT;
	return (int32_t)SESS_HIT_IDX((uintptr_t)data);
}

static uint8_t
initial_tclass(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return SESS_TC_TCP_SYN;
	case IPPROTO_UDP:
		return SESS_TC_UDP;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		return SESS_TC_ICMP;
	default:
		return SESS_TC_OTHER;
	}
}

int
sess_key_of(const struct sess_table *t, const struct sess_entry *s, union sess_key *k)
{
	struct rte_hash *h = (s->flags & SESS_F_V6) ? t->h6 : t->h4;
	void *kp;

	if (s->key_pos[0] == SESS_NO_KEY || rte_hash_get_key_with_position(h, s->key_pos[0], &kp) != 0)
		return -1;
	memcpy(k, kp, (s->flags & SESS_F_V6) ? sizeof(k->v6) : sizeof(k->v4));
	return 0;
}

static void
remove_keys(struct sess_table *t, struct rte_hash *h, struct sess_entry *s)
{
	RTE_SET_USED(t);
	for (int i = 0; i < 2; i++) {
		void *key;

		if (s->key_pos[i] == SESS_NO_KEY)
			continue;
		if (rte_hash_get_key_with_position(h, s->key_pos[i], &key) == 0)
			rte_hash_del_key(h, key);
		s->key_pos[i] = SESS_NO_KEY;
	}
}

/* Run the create hooks of a new session's services; undo on refusal. */
static int
services_create(struct sess_table *t, struct sess_entry *s, struct rte_mbuf *m,
		struct bng_desc *d)
{
	const struct sess_chain *c = t->chain;
	uint32_t done = 0;

	for (uint32_t bits = s->services; bits; bits &= bits - 1) {
		unsigned int i = (unsigned int)__builtin_ctz(bits);
		int rc;

		if (c->svc[i].create == NULL)
			continue;
		rc = c->svc[i].create(t->svc_arg[i], t, s, m, d);
		if (rc != 0) {
			for (uint32_t b = done; b; b &= b - 1) {
				unsigned int j = (unsigned int)__builtin_ctz(b);

				c->svc[j].destroy(t->svc_arg[j], t, s);
			}
			return rc;
		}
		if (c->svc[i].destroy != NULL)
			done |= 1u << i;
	}
	return 0;
}

struct sess_entry *
sess_create(struct sess_table *t, const union sess_key *k, struct rte_mbuf *m, uint16_t services,
	    uint32_t now_ms, enum bng_drop *why)
{
	struct bng_desc *d = bng_desc(m);
	int v6 = d->kind == BNG_PKT_IPV6;
	int rc;
	struct rte_hash *h = table_hash(t, v6);
	struct sess_entry *s;
	int32_t idx, pos;

	idx = sess_lookup(t, k, v6);
	if (idx >= 0)
		return &t->entries[idx];
	if (t->n_free == 0 || h == NULL)
		goto full;
	idx = (int32_t)t->free_stack[t->n_free - 1];
	pos = rte_hash_add_key(h, k);
	if (pos < 0)
		goto full;
	/* The data slot must name the entry: add_key_data would hide the
	 * position, which delete needs, so set the data after the add. */
	if (rte_hash_add_key_data(h, k, (void *)((uintptr_t)idx << 1)) != 0) {
		rte_hash_del_key(h, k);
		goto full;
	}
	t->n_free--;
	s = &t->entries[idx];
	s->version++;
	s->last_ms = now_ms;
	s->key_pos[0] = pos;
	s->key_pos[1] = SESS_NO_KEY;
	s->tenant = d->tenant;
	s->services = services;
	s->proto = v6 ? k->v6.proto : k->v4.proto;
	s->state = 0;
	s->flags = SESS_F_USED | (v6 ? SESS_F_V6 : 0) |
		   ((d->flags & BNG_DF_SWAPPED) ? SESS_F_SWAPPED : 0);
	s->tclass = initial_tclass(s->proto);
	s->pkts[0] = s->pkts[1] = 0;
	s->bytes[0] = s->bytes[1] = 0;
	memset(s->svc_data, 0, sizeof(s->svc_data));
	rc = services_create(t, s, m, d);
	if (rc != 0) {
		/* Not yet announced to anyone: take it back quietly. */
		remove_keys(t, h, s);
		s->flags = 0;
		s->version++;
		t->free_stack[t->n_free++] = (uint32_t)idx;
		t->st.refused++;
		*why = (enum bng_drop)rc;
		return NULL;
	}
	t->st.created++;
	for (uint32_t i = 0; i < t->chain->n_create; i++)
		t->chain->on_create[i].fn(t->chain->on_create[i].arg, t, s);
	return s;
full:
	t->st.full++;
	*why = BNG_DROP_SESS_FULL;
	return NULL;
}

int
sess_add_secondary(struct sess_table *t, struct sess_entry *s, const union sess_key *k,
		   int swapped)
{
	int v6 = !!(s->flags & SESS_F_V6);
	struct rte_hash *h = table_hash(t, v6);
	uint32_t idx = sess_index(t, s);
	int32_t pos;

	if (s->key_pos[1] != SESS_NO_KEY || sess_lookup(t, k, v6) >= 0)
		return -EEXIST;
	pos = rte_hash_add_key(h, k);
	if (pos < 0)
		return -ENOSPC;
	if (rte_hash_add_key_data(h, k, (void *)((uintptr_t)idx << 1 | 1)) != 0) {
		rte_hash_del_key(h, k);
		return -ENOSPC;
	}
	s->key_pos[1] = pos;
	if (swapped)
		s->flags |= SESS_F_SWAPPED2;
	else
		s->flags &= ~SESS_F_SWAPPED2;
	return 0;
}

void
sess_delete(struct sess_table *t, struct sess_entry *s)
{
	struct rte_hash *h = table_hash(t, !!(s->flags & SESS_F_V6));
	const struct sess_chain *c = t->chain;

	if (!(s->flags & SESS_F_USED))
		return;
	for (uint32_t i = 0; i < c->n_delete; i++)
		c->on_delete[i].fn(c->on_delete[i].arg, t, s);
	for (uint32_t bits = s->services; bits; bits &= bits - 1) {
		unsigned int i = (unsigned int)__builtin_ctz(bits);

		if (c->svc[i].destroy != NULL)
			c->svc[i].destroy(t->svc_arg[i], t, s);
	}
	remove_keys(t, h, s);
	s->flags = 0;
	s->version++;
	t->free_stack[t->n_free++] = sess_index(t, s);
	t->st.deleted++;
}

uint32_t
sess_expire_step(struct sess_table *t, uint32_t now_ms)
{
	uint32_t n = t->expiry_batch, freed = 0;
	uint32_t c = t->cursor;

	if (t->n_free == t->max)
		return 0;
	if (n > t->max)
		n = t->max;
	while (n--) {
		struct sess_entry *s = &t->entries[c];

		if ((s->flags & SESS_F_USED) &&
		    bng_time_after(now_ms, s->last_ms + t->timeout_ms[s->tclass])) {
			sess_delete(t, s);
			t->st.expired++;
			freed++;
		}
		if (++c == t->max)
			c = 0;
	}
	t->cursor = c;
	return freed;
}
