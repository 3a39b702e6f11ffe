/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The per-worker session table. Each worker owns one table: sessions live in
 * a preallocated array of 64-byte entries, and two rte_hash tables (IPv4 and
 * IPv6 keys) map keys to entry indices. A session has up to two keys: the
 * forward key (the flow as it enters) and a secondary key (the flow as it
 * looks after translation), both pointing to the same entry. Nothing here
 * allocates after sess_table_create(); a full table refuses new flows and
 * never evicts live ones. Only the owning worker writes a table.
 */
#ifndef SESS_H
#define SESS_H

#include <assert.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_hash.h>

#include "bng_desc.h"
#include "bng_drop.h"
#include "sess_key.h"

struct sess_chain;

/** Timeout classes; each has its own timeout in struct sess_config. */
#define SESS_FOREACH_TCLASS(_)                                                     \
	_(TCP_SYN, "tcp_syn", 240)                                                 \
	_(TCP_EST, "tcp_established", 7440)                                        \
	_(TCP_FIN, "tcp_fin", 240)                                                 \
	_(TCP_CLOSED, "tcp_closed", 10)                                            \
	_(UDP, "udp", 300)                                                         \
	_(ICMP, "icmp", 60)                                                        \
	_(OTHER, "other", 600)

enum sess_tclass {
#define SESS_TCLASS_ENUM(e, n, s) SESS_TC_##e,
	SESS_FOREACH_TCLASS(SESS_TCLASS_ENUM)
#undef SESS_TCLASS_ENUM
	SESS_TC_MAX
};

/*
 * Longest timeout: session times are 32-bit milliseconds compared with
 * serial arithmetic, which orders them correctly up to 2^31 ms (24.8 days).
 */
#define SESS_TIMEOUT_MAX_S (20u * 86400u)

/** Config name of a timeout class ("tcp_established"). */
const char *sess_tclass_name(unsigned int tc);
/** Default timeout of a class, in seconds. */
uint32_t sess_tclass_default(unsigned int tc);

/* TCP-lite state bits (struct sess_entry.state). Index 0/1 = direction. */
#define SESS_TCP_SYN0   0x01 /**< SYN from the originator */
#define SESS_TCP_SYN1   0x02 /**< SYN (SYN-ACK) from the responder */
#define SESS_TCP_FIN0   0x04
#define SESS_TCP_FIN1   0x08
#define SESS_TCP_RST    0x10
#define SESS_TCP_EST    0x20 /**< three-way handshake completed (or picked up) */
#define SESS_TCP_SEEN1  0x40 /**< responder has sent anything */

/* Session flags. */
#define SESS_F_USED     0x01
#define SESS_F_V6       0x02
#define SESS_F_SWAPPED  0x04 /**< originator's packets produce BNG_DF_SWAPPED */
#define SESS_F_REPLY    0x08 /**< a packet has been seen in the reply direction */
#define SESS_F_SWAPPED2 0x10 /**< as SESS_F_SWAPPED, for the secondary key */

#define SESS_NO_KEY (-1)

/** One session: exactly one cache line. */
struct sess_entry {
	uint32_t version;    /**< bumped on every create and delete */
	uint32_t last_ms;    /**< time of the last packet (bng_clock_ms) */
	int32_t key_pos[2];  /**< forward and secondary key positions; SESS_NO_KEY */
	uint16_t tenant;
	uint16_t services;   /**< bitmap of services, bit = sess_chain index */
	uint8_t proto;
	uint8_t state;       /**< TCP-lite bits */
	uint8_t flags;       /**< SESS_F_* */
	uint8_t tclass;      /**< enum sess_tclass */
	uint32_t pkts[2];    /**< [0] originator->responder, [1] reply (wrap at 2^32) */
	uint64_t bytes[2];
	uint8_t svc_data[16]; /**< state owned by the services of the chain (NAT: its translation) */
};
static_assert(sizeof(struct sess_entry) == 64, "sess_entry must be one cache line");

/** A reference that survives the entry being recycled: check before use. */
struct sess_handle {
	uint32_t idx;
	uint32_t version;
};

struct sess_config {
	uint32_t max_sessions;  /**< entries per worker (IPv4 + IPv6) */
	uint32_t max_v6;        /**< IPv6 keys per worker */
	uint32_t secondary;     /**< extra IPv4 key room for secondary keys */
	uint32_t timeout_s[SESS_TC_MAX]; /**< 1 .. SESS_TIMEOUT_MAX_S */
	uint32_t expiry_batch;  /**< entries examined per sess_expire_step() */
	uint32_t sweep_ms;      /**< every entry is examined at least this often */
};

/** Fill @p c with the defaults documented in conf/bngd.conf. */
void sess_config_defaults(struct sess_config *c);

/** Table counters; only the owning worker writes them. */
struct sess_stats {
	uint64_t created;
	uint64_t deleted;
	uint64_t expired;
	uint64_t full;       /**< new flows refused: no free entry or key room */
	uint64_t refused;    /**< new flows a service refused (e.g. NAT out of ports) */
	uint64_t lookups;
	uint64_t hits;
	uint64_t stale;      /**< handles found recycled by sess_get() */
};

struct sess_table {
	struct rte_hash *h4;
	struct rte_hash *h6;
	struct sess_entry *entries;
	uint32_t *free_stack;
	uint32_t n_free;
	uint32_t max;
	uint32_t cursor;       /**< expiry sweep position */
	uint32_t expiry_batch;
	uint64_t step_tsc;     /**< TSC cycles between two expiry steps */
	uint64_t next_step_tsc;
	uint32_t timeout_ms[SESS_TC_MAX];
	const struct sess_chain *chain;
	void *svc_arg[16];     /**< per-worker argument of each chain service */
	uint16_t worker;
	size_t mem_bytes;      /**< heap bytes taken by this table */
	struct sess_stats st;
} __rte_cache_aligned;

/**
 * Create a worker's session table.
 *
 * @param name    unique name (used for the hash tables)
 * @param socket  NUMA socket for all memory
 * @param cfg     sizes and timeouts
 * @param chain   service chain whose create/delete events the table raises
 * @return the table, or NULL with rte_errno set: EINVAL (bad config),
 *         ENOMEM (no memory), EEXIST (name in use).
 */
struct sess_table *sess_table_create(const char *name, int socket, const struct sess_config *cfg,
				     const struct sess_chain *chain);

/** Free a table and everything it holds; NULL is a no-op. Raises no events. */
void sess_table_free(struct sess_table *t);

/** Sessions in use. */
static inline uint32_t
sess_table_count(const struct sess_table *t)
{
	return t->max - t->n_free;
}

/**
 * Look up a burst of IPv4 keys.
 *
 * @param keys  n key pointers, n <= RTE_HASH_LOOKUP_BULK_MAX
 * @param idx   out: SESS_HIT_IDX() of every hit is its session index, and
 *              SESS_HIT_SECONDARY() says it matched the secondary key
 * @return bit mask of hits (bit i set: keys[i] found)
 */
uint64_t sess_lookup4_burst(struct sess_table *t, const struct sess_key4 **keys, uint32_t n,
			    uint32_t *idx);

/**
 * As sess_lookup4_burst(), with the keys' hashes (sess_key4_hash()) given
 * and nothing counted: for a caller that may pass some of the packets on
 * to be looked up again, and counts those it keeps with
 * sess_count_lookups(). n must be at least 1.
 */
uint64_t sess_lookup4_hashed(struct sess_table *t, const struct sess_key4 **keys,
			     const uint32_t *sig, uint32_t n, uint32_t *idx);

/** Count @p n lookups, @p hits of them found (see sess_lookup4_hashed()). */
static inline void
sess_count_lookups(struct sess_table *t, uint32_t n, uint32_t hits)
{
	t->st.lookups += n;
	t->st.hits += hits;
}

/** As sess_lookup4_burst() for IPv6 keys. */
uint64_t sess_lookup6_burst(struct sess_table *t, const struct sess_key6 **keys, uint32_t n,
			    uint32_t *idx);

/**
 * Find one key. @return the session index, or -ENOENT.
 */
int32_t sess_lookup(struct sess_table *t, const union sess_key *k, int v6);

/**
 * Create a session for a packet that missed (slow path).
 *
 * If the key was created meanwhile (an earlier packet of the same burst),
 * returns that session instead. Raises the chain's create event.
 *
 * The services of the session with a create hook run it (NAT allocates its
 * mapping there); one refusing makes the whole creation fail and undoes
 * the others.
 *
 * @param k         forward key (from sess_key_build())
 * @param m         the packet; its descriptor gives protocol, swapped flag, tenant
 * @param services  service bitmap for the new session
 * @param now_ms    current time
 * @return the session, or NULL with *why = BNG_DROP_SESS_FULL or the reason
 *         a service's create hook gave.
 */
struct sess_entry *sess_create(struct sess_table *t, const union sess_key *k, struct rte_mbuf *m,
			       uint16_t services, uint32_t now_ms, enum bng_drop *why);

/**
 * Add the secondary key (translated tuple) of a session.
 * @param swapped  sess_key4_set()'s result for the tuple as the session's
 *                 originator sends it, so sess_dir() can orient packets that
 *                 match this key
 * @return 0, -EEXIST (a session already has that key or this one has a
 *         secondary key), -ENOSPC (no key room).
 */
int sess_add_secondary(struct sess_table *t, struct sess_entry *s, const union sess_key *k,
		       int swapped);

/** Delete a session: raises the delete event, removes its keys, recycles it. */
void sess_delete(struct sess_table *t, struct sess_entry *s);

/**
 * The forward key of session @p s, read back from its table (valid until the
 * session is deleted: destroy hooks may read it). @return 0 or -1.
 */
int sess_key_of(const struct sess_table *t, const struct sess_entry *s, union sess_key *k);

/**
 * Examine the next cfg.expiry_batch entries and delete those whose timeout
 * has passed. Bounded work: call once per loop iteration.
 * @return sessions deleted.
 */
uint32_t sess_expire_step(struct sess_table *t, uint32_t now_ms);

/**
 * Run sess_expire_step() when it is due: steps are spaced so that the
 * whole table is swept once per cfg.sweep_ms, which keeps the per-loop cost
 * of expiry near zero whatever the table size.
 * @return sessions deleted.
 */
static inline uint32_t
sess_expire_poll(struct sess_table *t, uint64_t now_tsc, uint32_t now_ms)
{
	if (now_tsc < t->next_step_tsc)
		return 0;
	t->next_step_tsc = now_tsc + t->step_tsc;
	return sess_expire_step(t, now_ms);
}

/** Index of an entry. */
static inline uint32_t
sess_index(const struct sess_table *t, const struct sess_entry *s)
{
	return (uint32_t)(s - t->entries);
}

/** Handle for later use (across rings, timers, the console). */
static inline struct sess_handle
sess_handle_of(const struct sess_table *t, const struct sess_entry *s)
{
	struct sess_handle h = { sess_index(t, s), s->version };

	return h;
}

/** The entry behind a handle, or NULL when it was deleted or recycled since. */
static inline struct sess_entry *
sess_get(struct sess_table *t, struct sess_handle h)
{
	struct sess_entry *s;

	if (h.idx >= t->max)
		return NULL;
	s = &t->entries[h.idx];
	if (s->version != h.version || !(s->flags & SESS_F_USED)) {
		t->st.stale++;
		return NULL;
	}
	return s;
}

/* A hash entry's data: the session index, and which of its keys it is. */
#define SESS_HIT_IDX(v)       ((v) >> 1)
#define SESS_HIT_SECONDARY(v) ((v) & 1)

/**
 * Direction of a packet within its session: 0 originator->responder, 1
 * reply. @p secondary: the packet matched the session's secondary key.
 */
static inline uint32_t
sess_dir(const struct sess_entry *s, const struct bng_desc *d, int secondary)
{
	return !!(d->flags & BNG_DF_SWAPPED) ^
	       !!(s->flags & (secondary ? SESS_F_SWAPPED2 : SESS_F_SWAPPED));
}

/** Timeout class a TCP-lite state falls into. */
static inline uint8_t
sess_tcp_tclass(uint8_t st)
{
	if (st & SESS_TCP_RST)
		return SESS_TC_TCP_CLOSED;
	if ((st & (SESS_TCP_FIN0 | SESS_TCP_FIN1)) == (SESS_TCP_FIN0 | SESS_TCP_FIN1))
		return SESS_TC_TCP_CLOSED;
	if (st & (SESS_TCP_FIN0 | SESS_TCP_FIN1))
		return SESS_TC_TCP_FIN;
	if (st & SESS_TCP_EST)
		return SESS_TC_TCP_EST;
	return SESS_TC_TCP_SYN;
}

#define SESS_TH_FIN 0x01
#define SESS_TH_SYN 0x02
#define SESS_TH_RST 0x04
#define SESS_TH_ACK 0x10

/** Advance TCP-lite state with a packet's flags seen in direction @p dir. */
static inline void
sess_tcp_update(struct sess_entry *s, uint8_t th, uint32_t dir)
{
	uint8_t st = s->state;

	if (th & SESS_TH_RST)
		st |= SESS_TCP_RST;
	if (th & SESS_TH_SYN)
		st |= dir ? SESS_TCP_SYN1 : SESS_TCP_SYN0;
	if (th & SESS_TH_FIN)
		st |= dir ? SESS_TCP_FIN1 : SESS_TCP_FIN0;
	if (dir)
		st |= SESS_TCP_SEEN1;
	/* Established once both sides have sent a SYN and the originator
	 * acknowledges; a flow picked up mid-stream (no SYN seen from the
	 * originator) is established once both directions have been seen. */
	if (!(st & SESS_TCP_EST) && !dir && (th & SESS_TH_ACK) && !(th & SESS_TH_SYN) &&
	    (st & SESS_TCP_SEEN1) &&
	    ((st & (SESS_TCP_SYN0 | SESS_TCP_SYN1)) == (SESS_TCP_SYN0 | SESS_TCP_SYN1) ||
	     !(st & SESS_TCP_SYN0)))
		st |= SESS_TCP_EST;
	if (st != s->state) {
		s->state = st;
		s->tclass = sess_tcp_tclass(st);
	}
}

/**
 * Refresh a session with a packet: time, and TCP state. Counters are the
 * counters service's business.
 */
static inline void
sess_touch(struct sess_entry *s, const struct bng_desc *d, uint32_t dir, uint32_t now_ms)
{
	s->last_ms = now_ms;
	if (dir && !(s->flags & SESS_F_REPLY))
		s->flags |= SESS_F_REPLY;
	if (s->proto == IPPROTO_TCP && (d->flags & BNG_DF_L4))
		sess_tcp_update(s, d->tcp_flags, dir);
}

/** Count a packet on its session (the counters service, inline). */
static inline void
sess_count(struct sess_entry *s, uint32_t dir, uint32_t bytes)
{
	s->pkts[dir]++;
	s->bytes[dir] += bytes;
}

/** Memory the table holds, in bytes (entries, stack, hash tables, rings). */
static inline size_t
sess_table_memory(const struct sess_table *t)
{
	return t->mem_bytes;
}

#endif /* SESS_H */
