/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Fragment translation without reassembly (see bngd_vfrag.h): a table of
 * datagrams in flight per worker, each with the first fragment's session
 * key and owner, and the later fragments that came before it.
 */
#include <stdio.h>
#include <string.h>

#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <rte_ip.h>
#include <rte_malloc.h>

#include "bngd_tx.h"
#include "bngd_vfrag.h"
#include "sess_key.h"

#define HELD_MAX 6   /* later fragments held per datagram before its first */

struct vfrag_key {
	uint32_t src, dst;   /* network order */
	uint16_t id;
	uint8_t proto;
	uint8_t pad;
	uint16_t tenant;
	uint16_t pad2;
};

struct vfrag_entry {
	struct sess_key4 key; /* the first fragment's session key */
	uint32_t gen;         /* bumped when the entry is freed */
	uint32_t expire_ms;
	uint32_t seen;        /* payload bytes seen */
	uint32_t total;       /* datagram payload length, 0 until the last fragment */
	uint16_t owner;
	uint16_t sport, dport;
	uint8_t known;        /* the first fragment came */
	uint8_t swapped;      /* its BNG_DF_SWAPPED */
	uint8_t n_held;
	struct vfrag_key hk;
	struct rte_mbuf *held[HELD_MAX];
};

struct vfrag_age {
	uint32_t idx, gen;
};

struct bngd_vfrag {
	struct rte_hash *h;
	struct vfrag_entry *e;
	uint32_t *free_idx, n_free;
	struct vfrag_age *fifo; /* entries by creation time: all share one timeout */
	uint32_t cap, fifo_cap, head, n_fifo;
	uint32_t timeout_ms;
};

struct bngd_vfrag *
bngd_vfrag_create(uint16_t worker, uint32_t flows, uint32_t timeout_ms, int socket)
{
	char name[RTE_HASH_NAMESIZE];
	struct rte_hash_parameters p = {
		.name = name,
		.entries = flows + flows / 4,
		.key_len = sizeof(struct vfrag_key),
		.hash_func = rte_hash_crc,
		.socket_id = socket,
		.extra_flag = RTE_HASH_EXTRA_FLAGS_EXT_TABLE,
	};
	struct bngd_vfrag *v = rte_zmalloc_socket("vfrag", sizeof(*v), RTE_CACHE_LINE_SIZE, socket);

	if (v == NULL)
		return NULL;
	snprintf(name, sizeof(name), "vfrag%u", worker);
	v->cap = flows;
	/* Room for entries freed early whose ages still wait their turn. */
	v->fifo_cap = 2 * flows;
	v->timeout_ms = timeout_ms;
	v->h = rte_hash_create(&p);
	v->e = rte_zmalloc_socket("vfrag", flows * sizeof(*v->e), RTE_CACHE_LINE_SIZE, socket);
	v->free_idx = rte_malloc_socket("vfrag", flows * sizeof(uint32_t), 0, socket);
	v->fifo = rte_malloc_socket("vfrag", v->fifo_cap * sizeof(*v->fifo), 0, socket);
	if (v->h == NULL || v->e == NULL || v->free_idx == NULL || v->fifo == NULL) {
		bngd_vfrag_free(v);
		return NULL;
	}
	for (uint32_t i = 0; i < flows; i++)
		v->free_idx[i] = flows - 1 - i;
	v->n_free = flows;
	return v;
}

void
bngd_vfrag_free(struct bngd_vfrag *v)
{
	if (v == NULL)
		return;
	for (uint32_t i = 0; v->e != NULL && i < v->cap; i++)
		for (uint8_t k = 0; k < v->e[i].n_held; k++)
			rte_pktmbuf_free(v->e[i].held[k]);
	rte_hash_free(v->h);
	rte_free(v->e);
	rte_free(v->free_idx);
	rte_free(v->fifo);
	rte_free(v);
}

int
bngd_vfrag_wanted(const struct bngd *a, const struct bng_desc *d)
{
	if (a->nat == NULL || d->kind != BNG_PKT_IPV4 || !(d->flags & BNG_DF_FRAG))
		return 0;
	if (d->l3flags & BNG_L3F_NAT)
		return d->role == BNG_ROLE_CORE;
	return d->role == BNG_ROLE_ACCESS && d->tenant < NAT_MAX_TENANTS &&
	       a->nat->tenant_instance[d->tenant] != NAT_NONE;
}

static inline struct vfrag_key
key_of(const struct rte_ipv4_hdr *ip, const struct bng_desc *d)
{
	return (struct vfrag_key){ .src = ip->src_addr, .dst = ip->dst_addr,
				   .id = ip->packet_id, .proto = ip->next_proto_id,
				   .tenant = d->tenant };
}

uint16_t
bngd_vfrag_rendezvous(const struct bngd *a, const struct rte_mbuf *m, const struct bng_desc *d)
{
	const struct rte_ipv4_hdr *ip =
		rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, d->l3_off);
	uint32_t h;

	/* Upstream every fragment already goes to the subscriber's worker. */
	if (!(d->l3flags & BNG_L3F_NAT) || a->n_workers == 1)
		return d->owner;
	/* Hashed field by field: rte_hash_crc() would read a struct on the
	 * stack through uint64_t loads, which strict aliasing lets the
	 * compiler order before the stores that fill it. */
	h = rte_hash_crc_4byte(ip->src_addr, d->tenant);
	h = rte_hash_crc_4byte(ip->dst_addr, h);
	h = rte_hash_crc_4byte((uint32_t)ip->packet_id << 8 | ip->next_proto_id, h);
	return (uint16_t)(((uint64_t)h * a->n_workers) >> 32);
}

static void
entry_free(struct bngd_vfrag *v, uint32_t idx)
{
	struct vfrag_entry *e = &v->e[idx];

	rte_hash_del_key(v->h, &e->hk);
	e->gen++;
	e->n_held = 0;
	v->free_idx[v->n_free++] = idx;
}

/*
 * On to the owner: a later fragment takes its first fragment's key. This
 * worker's own go to @p here, behind what is already there; the others to
 * their owner's ring, in order behind the first.
 */
static void
pass_on(struct bngd_worker *w, struct vfrag_entry *e, struct rte_mbuf *m, struct bng_desc *d,
	struct bngd_vfrag_out *here)
{
	if (d->flags & BNG_DF_FRAG_LATER) {
		*sess_key4_of(d) = e->key;
		d->flags = (uint8_t)((d->flags & ~BNG_DF_SWAPPED) | e->swapped);
		d->sport = e->sport;
		d->dport = e->dport;
		d->l3flags |= BNG_L3F_FRAGKEY;
	}
	d->owner = e->owner;
	if (e->owner == w->idx && here->n < here->max)
		here->pkts[here->n++] = m;
	else
		bngd_handoff(w, m, e->owner);
}

/* The oldest age record: expire its entry if still live and @p force or due. @return 0 if not due. */
static int
age_out(struct bngd_worker *w, struct bngd_vfrag *v, uint32_t now_ms, int force)
{
	struct vfrag_age a = v->fifo[v->head];
	struct vfrag_entry *e = &v->e[a.idx];

	if (e->gen == a.gen) {
		if (!force && (int32_t)(now_ms - e->expire_ms) < 0)
			return 0;
		for (uint8_t i = 0; i < e->n_held; i++)
			bngd_drop(w, e->held[i], BNG_DROP_FRAG_TIMEOUT);
		entry_free(v, a.idx);
	}
	v->head = (v->head + 1) % v->fifo_cap;
	v->n_fifo--;
	return 1;
}

void
bngd_vfrag_step(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d, uint32_t now_ms,
		struct bngd_vfrag_out *here)
{
	struct bngd_vfrag *v = w->vfrag;
	const struct rte_ipv4_hdr *ip =
		rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, d->l3_off);
	uint16_t fo = rte_be_to_cpu_16(ip->fragment_offset);
	uint32_t payload = rte_be_to_cpu_16(ip->total_length) - rte_ipv4_hdr_len(ip);
	struct vfrag_key k = key_of(ip, d);
	struct vfrag_entry *e;
	uint32_t idx;
	void *data;

	d->l3flags &= ~BNG_L3F_VFRAG;
	if (rte_hash_lookup_data(v->h, &k, &data) >= 0) {
		idx = (uint32_t)(uintptr_t)data;
	} else {
		/* Churn faster than the timeout: the oldest datagram goes first. */
		if (v->n_fifo == v->fifo_cap)
			age_out(w, v, now_ms, 1);
		if (v->n_free == 0) {
			bngd_drop(w, m, BNG_DROP_FRAG_TABLE_FULL);
			return;
		}
		idx = v->free_idx[v->n_free - 1];
		if (rte_hash_add_key_data(v->h, &k, (void *)(uintptr_t)idx) != 0) {
			bngd_drop(w, m, BNG_DROP_FRAG_TABLE_FULL);
			return;
		}
		v->n_free--;
		e = &v->e[idx];
		e->hk = k;
		e->known = 0;
		e->n_held = 0;
		e->seen = 0;
		e->total = 0;
		e->expire_ms = now_ms + v->timeout_ms;
		v->fifo[(v->head + v->n_fifo++) % v->fifo_cap] = (struct vfrag_age){ idx, e->gen };
		w->ip.vfrag_datagrams++;
	}
	e = &v->e[idx];
	e->seen += payload;
	if (!(fo & RTE_IPV4_HDR_MF_FLAG))
		e->total = (uint32_t)(fo & RTE_IPV4_HDR_OFFSET_MASK) * 8 + payload;
	if (!(d->flags & BNG_DF_FRAG_LATER)) {
		if (!e->known) {
			e->known = 1;
			e->key = *sess_key4_of(d);
			e->swapped = d->flags & BNG_DF_SWAPPED;
			e->owner = d->owner;
			e->sport = d->sport;
			e->dport = d->dport;
		}
		pass_on(w, e, m, d, here);
		for (uint8_t i = 0; i < e->n_held; i++)
			pass_on(w, e, e->held[i], bng_desc(e->held[i]), here);
		e->n_held = 0;
	} else if (e->known) {
		pass_on(w, e, m, d, here);
	} else if (e->n_held < HELD_MAX) {
		e->held[e->n_held++] = m;
		w->ip.vfrag_held++;
		return;
	} else {
		bngd_drop(w, m, BNG_DROP_FRAG_OVERFLOW);
		return;
	}
	/* Every byte seen: nothing more of this datagram should come. */
	if (e->total && e->seen >= e->total)
		entry_free(v, idx);
}

void
bngd_vfrag_poll(struct bngd_worker *w, uint32_t now_ms)
{
	struct bngd_vfrag *v = w->vfrag;
	uint32_t budget = 64;

	while (v->n_fifo && budget-- && age_out(w, v, now_ms, 0))
		;
}
