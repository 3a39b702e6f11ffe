/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * NAT internals: a worker's share of the port blocks, its subscribers,
 * mappings and quarantine.
 */
#ifndef NAT_PRIV_H
#define NAT_PRIV_H

#include <stdint.h>

#include "nat.h"
#include "nat_inline.h"

#define NAT_NO_SUB   UINT32_MAX

/** A port block of this worker's share. */
struct nat_block {
	uint32_t sub;   /**< holder, NAT_NO_SUB when free */
	uint16_t used;  /**< ports taken, quarantined ones included */
	uint16_t pad;
};

/** One instance's blocks as this worker holds them. */
struct nat_inst_state {
	uint32_t own_per_addr;  /**< blocks of each address this worker owns */
	struct nat_block *blocks; /**< [n_addr * own_per_addr] */
	uint64_t *bits;         /**< [blocks * words_per_block]: ports in use */
	uint32_t *free;         /**< [n_addr * own_per_addr]: per address, a stack of free blocks */
	uint32_t *n_free;       /**< [n_addr] */
	struct nat_quar *quar;  /**< released ports resting, oldest first (one instance, one delay) */
	uint32_t quar_size, quar_head, quar_n;
	uint32_t addrs_logged_ms, ports_logged_ms; /**< last limit events (throttle) */
	uint64_t *det_bits;     /**< deterministic: det_ports bits per inside host */
};

struct nat_sub {
	uint32_t addr;          /**< inside address, network order */
	uint16_t tenant;
	uint16_t inst;
	uint16_t ext;           /**< external address index (paired pooling) */
	uint16_t n_blocks;
	uint32_t blocks[NAT_MAX_SUB_BLOCKS]; /**< local block ids */
	uint32_t sessions;
	uint32_t mappings;
	uint32_t quota_logged_ms; /**< last quota event (throttle) */
};

struct nat_map {
	uint32_t inside;        /**< network order */
	uint16_t iport, eport;  /**< network order */
	uint16_t ext;           /**< external address index */
	uint16_t tenant;
	uint8_t proto;
	uint8_t inst;
	uint16_t pad;
	uint32_t refs;          /**< sessions using it */
	uint32_t sub;
	uint32_t block;         /**< local block id */
};

struct nat_quar {
	uint32_t until_ms;
	uint32_t block;         /**< local block id */
	uint16_t off;           /**< port offset in the block */
	uint16_t pad;
};

struct nat_worker {
	const struct nat *nat;
	uint16_t worker;
	struct nat_inst_state inst[NAT_MAX_INSTANCES];
	struct rte_hash *subs_h;
	struct nat_sub *subs;
	uint32_t *subs_free;
	uint32_t n_subs_free;
	struct rte_hash *map_h;  /**< (tenant, proto, inside, port) -> mapping */
	struct rte_hash *rev_h;  /**< (instance, proto, external, port) -> mapping */
	struct rte_hash *permit_h; /**< address-dependent filtering: nat_permit_key -> sessions */
	struct nat_map *maps;
	uint32_t *maps_free;
	uint32_t n_maps_free;
	uint32_t now_ms;         /**< time of the last poll */
	uint64_t rng;
	struct rte_ring *events; /**< to the log exporter; NULL when logging is off */
	uint32_t log_mask;       /**< NAT_LOG_* kinds queued */
	uint32_t subs_logged_ms, maps_logged_ms; /**< last table-full events (throttle) */
	struct nat_stats st;
};

struct nat_sub_key {
	uint16_t tenant;
	uint16_t pad;
	uint32_t addr;
};

struct nat_map_key {
	uint16_t tenant;
	uint8_t proto;
	uint8_t pad;
	uint32_t addr;
	uint16_t port;
	uint16_t pad2;
};

/** A remote host an external endpoint has sent to (address-dependent filtering). */
struct nat_permit_key {
	uint8_t inst;
	uint8_t proto;
	uint16_t ext;
	uint16_t port;   /**< external port, network order */
	uint16_t pad;
	uint32_t remote; /**< network order */
};

struct nat_rev_key {
	uint16_t inst;
	uint8_t proto;
	uint8_t pad;
	uint16_t ext;
	uint16_t port;
};

/** The port-block state of instance @p i's pool (its owner's, when shared); keeps @p w's const. */
#define pst(w, i) (&(w)->inst[(w)->nat->inst[i].pool])

/** Are events of @p kind (NAT_LOG_*) logged? */
static inline int
nat_logs(const struct nat_worker *w, uint32_t kind)
{
	return w->log_mask & kind;
}

/** Queue event @p e (its time is set here); a full queue loses it, counted. */
void nat_log_event(struct nat_worker *w, struct nat_event *e);

/**
 * Limit events repeat for every refused packet: one per second per
 * @p last (a subscriber's, an address's) is enough. @return 1 to log.
 */
int nat_log_throttle(struct nat_worker *w, uint32_t *last);

/**
 * Log an event about mapping @p m: its creation or deletion, or one of its
 * sessions' (RFC 8158 NAT44 session events, without the destination: REQ-12).
 */
void nat_log_map_event(struct nat_worker *w, uint8_t type, const struct nat_map *m);

/** Log a quota event about subscriber @p si (NAT_NO_SUB: none) of instance @p inst. */
void nat_log_quota(struct nat_worker *w, uint16_t inst, uint32_t si, uint8_t kind,
		   uint32_t limit, uint32_t *last);

/** Find or create the mapping of an inside endpoint; @return its index or a negative drop reason. */
int64_t nat_map_get(struct nat_worker *w, uint16_t inst, uint16_t tenant, uint8_t proto,
		    uint32_t inside, uint16_t iport);

/** The mapping behind an external endpoint, or -1. */
int64_t nat_map_find_ext(struct nat_worker *w, uint16_t inst, uint8_t proto, uint16_t ext,
			 uint16_t eport);

/** A session stopped using mapping @p idx: the last one releases it. */
void nat_map_put(struct nat_worker *w, uint32_t idx);

/** Release mapping @p idx if no session uses it (a creation that failed). */
void nat_map_drop_unused(struct nat_worker *w, uint32_t idx);

/** Session @p on of mapping @p m sends to @p remote: permit its answers. @return 0 or -1. */
int nat_permit_add(struct nat_worker *w, const struct nat_map *m, uint32_t remote);

/** A permitting session of mapping @p m with @p remote ended. */
void nat_permit_put(struct nat_worker *w, const struct nat_map *m, uint32_t remote);

/** Has mapping @p m sent to @p remote (a live session)? */
int nat_permitted(struct nat_worker *w, const struct nat_map *m, uint32_t remote);

/** The subscriber (tenant, inside address) if it exists, or -1. */
int64_t nat_sub_find(struct nat_worker *w, uint16_t tenant, uint32_t addr);


#endif /* NAT_PRIV_H */
