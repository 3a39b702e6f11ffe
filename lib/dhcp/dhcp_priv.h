/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Inside the DHCP server: the pools (a bitmap of used addresses each), the
 * lease slots with their two hash tables (by client, by address), the
 * DISCOVER rate limiter and the lease file, shared by dhcp.c (lifecycle),
 * dhcp_server.c (the protocol), dhcp_lease.c (pools and leases) and
 * dhcp_lease_file.c (persistence). Pool arithmetic is in host order; leases keep addresses
 * in network order like the public API.
 */
#ifndef DHCP_PRIV_H
#define DHCP_PRIV_H

#include <limits.h>
#include <stdint.h>

#include <rte_hash.h>

#include "dhcp.h"

struct dhcp_pool {
	const struct dhcp_pool_config *cfg; /**< in the server's copy of the config */
	uint32_t first, last, size;   /**< host order */
	uint32_t subnet, mask;        /**< host order */
	uint32_t lease_s;
	uint32_t nwords;              /**< 64-bit words of each bitmap */
	uint32_t cursor;              /**< word where the next allocation search starts */
	uint32_t n_free, n_fixed;
	uint32_t n_state[DHCP_LEASE_DECLINED + 1]; /**< leases by state */
	uint64_t *used;               /**< bit set: leased, excluded or reserved */
	uint64_t *fixed;              /**< bit set: excluded or reserved (never allocated) */
	uint64_t *reserved;           /**< bit set: reserved for one client */
};

/** Client identity (RFC 2131 4.2): option 61 if sent, else chaddr; per tenant. */
struct dhcp_client_key {
	uint16_t tenant;
	uint8_t kind;                 /**< 0: chaddr, 1: client identifier */
	uint8_t len;
	uint8_t id[DHCP_CLIENT_ID_MAX];
};

struct dhcp_circuit_key {
	uint8_t len;
	uint8_t pad[3];
	uint8_t id[DHCP_AGENT_ID_MAX];
};

struct dhcp_mac_key {
	uint8_t mac[RTE_ETHER_ADDR_LEN];
	uint8_t pad[2];
};

#define DHCP_RATE_WAYS 4

/** A token bucket of one MAC; tokens in thousandths of a DISCOVER. */
struct dhcp_rate_slot {
	struct rte_ether_addr mac;
	uint8_t valid;
	uint64_t tokens;
	uint64_t last_ms;
};

struct dhcp_store {
	int fd;                       /**< -1: no lease file */
	uint8_t broken_tail;          /**< a failed append may have left half a line */
	uint64_t lines;               /**< appended since the last compaction */
	char path[PATH_MAX];
};

struct dhcp_server {
	struct dhcp_config cfg;
	struct dhcp_pool pools[DHCP_MAX_POOLS];
	struct dhcp_lease *leases;    /**< [cfg.max_leases]; state FREE: unused */
	uint32_t *free_slots;         /**< stack of unused lease slots */
	uint32_t n_free_slots;
	struct rte_hash *by_client;   /**< struct dhcp_client_key -> slot (offered, bound) */
	struct rte_hash *by_addr;     /**< address (network order) -> slot (every state) */
	struct rte_hash *res_by_mac;  /**< struct dhcp_mac_key -> reservation */
	struct rte_hash *res_by_circuit; /**< struct dhcp_circuit_key -> reservation */
	struct dhcp_rate_slot *rate;  /**< [rate_sets * DHCP_RATE_WAYS] */
	uint32_t rate_sets;
	uint32_t expire_cursor;
	struct dhcp_callbacks cb;
	void *cb_arg;
	struct dhcp_counters cnt;
	struct dhcp_store store;
};

static inline void
dhcp_stat_inc(struct dhcp_server *srv, enum dhcp_stat s)
{
	srv->cnt.stat[s]++;
}

/* --- Pools (dhcp_lease.c) --------------------------------------------------- */

/** Validate the pools of srv->cfg and build their bitmaps. @return 0 or -EINVAL/-ENOMEM. */
int dhcp_pools_init(struct dhcp_server *srv);
void dhcp_pools_free(struct dhcp_server *srv);
/** The pool whose range holds @p addr (host order), or -1. */
int dhcp_pool_of(const struct dhcp_server *srv, uint32_t addr);
/** Does @p addr (host order) fall in pool @p p's subnet? */
int dhcp_pool_in_subnet(const struct dhcp_pool *p, uint32_t addr);
/**
 * Mark @p addr (host order, in @p p) used. A reserved address is never
 * free for the allocator; with @p reserved_ok its owner may have it (the
 * caller has checked that no lease holds it).
 * @return 0, or -EBUSY (used, excluded, or reserved without @p reserved_ok).
 */
int dhcp_pool_take(struct dhcp_pool *p, uint32_t addr, int reserved_ok);
/** Take the next free address of @p p (round robin). @return 0 or -ENOSPC. */
int dhcp_pool_alloc(struct dhcp_pool *p, uint32_t *addr);
/** Give @p addr back (fixed addresses stay marked). */
void dhcp_pool_put(struct dhcp_pool *p, uint32_t addr);
/**
 * Reserve @p addr (host order, in @p p) for one client: the allocator and
 * other clients' requests skip it. @return 0, or -EINVAL when it is
 * outside the pool, excluded, or reserved already.
 */
int dhcp_pool_reserve(struct dhcp_pool *p, uint32_t addr);

/* --- Lease slots (dhcp_lease.c) ---------------------------------------------- */

/** An rte_hash with a unique name, room for @p entries keys of @p key_len bytes. */
struct rte_hash *dhcp_hash_create(const char *kind, uint32_t entries, uint32_t key_len, int socket);

int dhcp_leases_init(struct dhcp_server *srv);
void dhcp_leases_free(struct dhcp_server *srv);
void dhcp_lease_key(const struct dhcp_lease *l, struct dhcp_client_key *k);
struct dhcp_lease *dhcp_lease_by_client(const struct dhcp_server *srv,
					const struct dhcp_client_key *k);
struct dhcp_lease *dhcp_lease_by_addr(const struct dhcp_server *srv, uint32_t addr);
/**
 * A new lease for @p addr (network order, already taken in pool @p pool) in
 * state @p state; for OFFERED and BOUND it is keyed by @p k too.
 * @return the lease, or NULL when the table is full (the caller puts the
 *         address back).
 */
struct dhcp_lease *dhcp_lease_insert(struct dhcp_server *srv, uint32_t addr, uint16_t pool,
				     uint8_t state, const struct dhcp_client_key *k);
/** Change the state of a lease, keeping the pool's counts and the client key right. */
void dhcp_lease_set_state(struct dhcp_server *srv, struct dhcp_lease *l, uint8_t state);
/** Drop a lease silently: keys, address back to its pool, slot freed. */
void dhcp_lease_remove(struct dhcp_server *srv, struct dhcp_lease *l);
/**
 * End a lease: a bound lease raises on_end and writes "free" to the lease
 * file; then it is removed.
 */
void dhcp_lease_end(struct dhcp_server *srv, struct dhcp_lease *l, enum dhcp_end_reason why);
/** Has @p l run out at @p now? If so it is ended (expiry) and 1 returned. */
int dhcp_lease_expire_one(struct dhcp_server *srv, struct dhcp_lease *l, uint64_t now_ms);

/* --- Lease file (dhcp_lease_file.c) ----------------------------------------- */

/** Replay and compact @p path, then open it for appending. @return 0 or -errno. */
int dhcp_store_open(struct dhcp_server *srv, const char *path, uint64_t now_ms);
void dhcp_store_close(struct dhcp_server *srv);
/** Append a bind line and fdatasync it. @return 0 or -errno (nothing may be ACKed). */
int dhcp_store_bind(struct dhcp_server *srv, const struct dhcp_lease *l);
/**
 * Append "free" / "decline" lines without a sync: losing one in a power
 * cut errs on the safe side (the address stays taken until it expires).
 */
void dhcp_store_free(struct dhcp_server *srv, uint32_t addr);
void dhcp_store_decline(struct dhcp_server *srv, const struct dhcp_lease *l);
int dhcp_store_compact(struct dhcp_server *srv, uint64_t now_ms);

#endif /* DHCP_PRIV_H */
