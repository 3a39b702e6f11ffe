/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Carrier-grade NAT44 (RFC 4787, 5382, 6888) as a service of the session
 * chain. A NAT instance translates the subscribers of its tenants behind one
 * pool of external addresses:
 *
 *  - paired pooling: all of a subscriber's mappings use one external
 *    address (chosen by hashing the subscriber, RFC 6888 REQ-2);
 *  - port-block allocation: a subscriber holds up to blocks_per_subscriber
 *    blocks of block_size ports; block b of every address belongs to worker
 *    b % workers, so the worker owning a downstream packet is computed from
 *    its destination port alone (nat_owner());
 *  - endpoint-independent mapping (REQ-1): one (external address, port) per
 *    (subscriber address, port, protocol), shared by all of its sessions;
 *    ports preserved when free, UDP parity kept, otherwise a random free
 *    port of the subscriber's blocks; released ports are quarantined
 *    before reuse (REQ-8);
 *  - filtering: endpoint-independent (default), address dependent (a
 *    remote host the mapping has sent to may answer from any port) or
 *    address-and-port dependent.
 *
 * Allocation runs in the session's create hook (slow path, on the owning
 * worker); the per-packet work is the translation with incremental
 * checksum updates. Everything a worker allocates lives in its own struct
 * nat_worker: no locks, no sharing.
 */
#ifndef NAT_H
#define NAT_H

#include <stdint.h>
#include <netinet/in.h>

#include <rte_hash.h>

#include "bng_drop.h"
#include "nat_log.h"
#include "sess_chain.h"

#define NAT_MAX_INSTANCES 32
#define NAT_MAX_ADDRS     1024  /**< external addresses per pool */
#define NAT_MAX_TENANTS   1024
#define NAT_MAX_SUB_BLOCKS 16
#define NAT_NONE          0xffff

/** Outside keys live in their own tenant namespace: 0x8000 | instance. */
#define NAT_OUTSIDE_TENANT(i) ((uint16_t)(0x8000u | (i)))
/**
 * Hairpinned packets on their way to the destination subscriber are keyed
 * in a namespace of their own: the outside tuple between two external
 * endpoints is shared by the two subscribers' halves of the conversation.
 */
#define NAT_HAIRPIN_TENANT(i) ((uint16_t)(0xc000u | (i)))
#define NAT_TENANT_INSTANCE(t) ((uint16_t)((t) & 0x3fffu))

/** Did the outside start this NAT session (svc_data of a NAT session)? */
int nat_session_inbound(const struct sess_entry *s);

enum nat_filtering {
	NAT_FILTER_EIF = 0,  /**< endpoint-independent (RFC 4787 REQ-8, RFC 6888 REQ-7) */
	NAT_FILTER_APDF = 1, /**< address and port dependent: no unsolicited inbound */
	NAT_FILTER_ADF = 2,  /**< address dependent: from hosts the mapping has sent to */
};

#define NAT_MAX_BYPASS 64

/** A destination never translated (RFC 6888 REQ-6): prefix, and port (0: any). */
struct nat_bypass {
	uint32_t addr;   /**< network order, masked */
	uint32_t mask;   /**< network order */
	uint16_t port;   /**< network order; 0 matches every port */
	uint16_t pad;
};

#define NAT_MAX_STATIC 4096

/**
 * A static mapping, checked before dynamic allocation: the whole inside
 * address behind an outside address (1:1, proto 0, ports 0: every port
 * kept), or one inside port behind one outside port (port forwarding).
 * Outside addresses are never in an instance's dynamic pool.
 */
struct nat_static {
	uint32_t inside, outside;  /**< network order */
	uint16_t iport, oport;     /**< network order; 0 for 1:1 */
	uint16_t tenant;           /**< the inside address's tenant */
	uint8_t proto;             /**< TCP or UDP; 0 for 1:1 */
	uint8_t inst;
};

/** In a FIB NAT next hop's aux: the address is a static one of instance aux & 0xffff. */
#define NAT_AUX_STATIC 0x10000u

struct nat_instance_config {
	char name[32];
	uint32_t n_bypass;
	struct nat_bypass bypass[NAT_MAX_BYPASS];
	uint32_t n_addr;
	uint32_t addr[NAT_MAX_ADDRS]; /**< network order */
	uint16_t port_min, port_max;  /**< external ports handed out */
	uint16_t block_size;          /**< ports per block (multiple of 64) */
	uint16_t blocks_per_sub;      /**< most blocks one subscriber holds */
	uint32_t max_sessions_per_sub; /**< RFC 6888 REQ-4 */
	uint32_t quarantine_ms;       /**< released ports rest this long (REQ-8) */
	uint8_t filtering;            /**< enum nat_filtering */
	/**
	 * Deterministic NAT (RFC 7422): host i of the inside prefix always
	 * gets address i / R of the pool (in ascending order) and the i % R-th
	 * range of ports_per_host ports from port_min, R = hosts per address.
	 * No blocks, no quarantine (a port only ever returns to its host), no
	 * log needed: the mapping follows from the configuration.
	 */
	uint8_t deterministic;
	/**
	 * 0: the instance has its own pool. i + 1: it shares instance i's
	 * (i < this one's index, itself not sharing): the same addresses,
	 * ports, blocks and quarantine, copied here by the caller; each
	 * instance keeps its own tenants, filtering and limits. Port blocks
	 * and mappings of both come from one allocator, so they never clash.
	 */
	uint8_t shares;
	uint8_t det_len;              /**< inside prefix length */
	uint32_t det_prefix;          /**< inside prefix, network order */
};

struct nat_config {
	uint32_t n_instances;
	struct nat_instance_config inst[NAT_MAX_INSTANCES];
	uint16_t tenant_instance[NAT_MAX_TENANTS]; /**< NAT_NONE: tenant not translated */
	uint32_t max_subs;            /**< subscribers per worker */
	uint32_t max_mappings;        /**< mappings per worker */
	struct nat_log_config log;    /**< event logging, off by default */
	uint32_t n_static;
	struct nat_static statics[NAT_MAX_STATIC];
};

/** One instance as the workers see it (read-only once created). */
struct nat_instance {
	struct nat_instance_config cfg;
	uint16_t pool;                /**< the instance whose pool this one uses (itself, mostly) */
	uint32_t blocks_per_addr;
	uint32_t words_per_block;     /**< 64-bit words of a block's port bitmap */
	uint32_t det_hosts;           /**< deterministic: hosts in the inside prefix */
	uint32_t det_per_addr;        /**< hosts sharing one address (R) */
	uint32_t det_ports;           /**< ports of each host */
};

/**
 * Does protocol @p p have ports (or an ICMP query identifier) the NAT
 * translates? Other protocols (GRE, ESP, SCTP...) are translated address
 * only: one inside host per protocol and external address at a time, and
 * their flows are owned by worker 0 both ways (no port names the owner).
 */
static inline int
nat_proto_ports(uint8_t p)
{
	return p == IPPROTO_TCP || p == IPPROTO_UDP || p == IPPROTO_ICMP;
}

#define NAT_NO_BLOCK UINT32_MAX /**< nat_map.block of an address-only mapping */

/** Index of external address @p addr in instance @p inst's (sorted) pool, or -1. */
int nat_ext_index(const struct nat *n, uint16_t inst, uint32_t addr);

/**
 * Deterministic NAT, forward: the external address (pool index) and first
 * port (host order) of inside address @p inside. @return 0, or -1 when it
 * is not in the instance's inside prefix.
 */
static inline int
nat_det_forward(const struct nat_instance *in, uint32_t inside, uint32_t *ext, uint32_t *port0)
{
	uint32_t host = rte_be_to_cpu_32(inside) - rte_be_to_cpu_32(in->cfg.det_prefix);

	if (host >= in->det_hosts)
		return -1;
	*ext = host / in->det_per_addr;
	*port0 = in->cfg.port_min + (host % in->det_per_addr) * in->det_ports;
	return 0;
}

/**
 * Deterministic NAT, reverse: the inside address (network order) behind
 * external address index @p ext and port @p port (network order), or 0.
 */
static inline uint32_t
nat_det_reverse(const struct nat_instance *in, uint32_t ext, uint16_t port)
{
	uint32_t p = rte_be_to_cpu_16(port), slot, host;

	if (p < in->cfg.port_min)
		return 0;
	slot = (p - in->cfg.port_min) / in->det_ports;
	if (slot >= in->det_per_addr)
		return 0;
	host = ext * in->det_per_addr + slot;
	if (host >= in->det_hosts)
		return 0;
	return rte_cpu_to_be_32(rte_be_to_cpu_32(in->cfg.det_prefix) + host);
}

/** The NAT as a whole: configuration every worker reads, never writes. */
struct nat {
	uint16_t n_workers;
	uint32_t n_instances;
	struct nat_instance inst[NAT_MAX_INSTANCES];
	uint16_t tenant_instance[NAT_MAX_TENANTS];
	uint32_t max_subs, max_mappings;
	struct nat_log_config log;
	uint32_t n_static;
	struct nat_static *statics;   /**< [n_static] */
	struct rte_hash *static_out_h; /**< (instance, proto, outside, port) -> rule */
	struct rte_hash *static_in_h;  /**< (tenant, proto, inside, port) -> rule */
};

/**
 * The static rule for a packet to @p outside:@p port (network order) of
 * instance @p inst: its port forward, else the address's 1:1 rule.
 * Read-only: any worker may call it. @return the rule or NULL.
 */
const struct nat_static *nat_static_inbound(const struct nat *n, uint16_t inst, uint32_t outside,
					    uint8_t proto, uint16_t port);

/** The static rule for a packet from @p inside:@p port of @p tenant, or NULL. */
const struct nat_static *nat_static_outbound(const struct nat *n, uint16_t tenant,
					     uint32_t inside, uint8_t proto, uint16_t port);

/** Counters of one worker's NAT; summed when read. */
#define NAT_FOREACH_STAT(_)                                                        \
	_(mappings_created, "endpoint-independent mappings created")             \
	_(mappings_released, "mappings released (their port goes to quarantine)") \
	_(sessions_out, "sessions created from the inside")                      \
	_(sessions_in, "sessions created from the outside (endpoint-independent filtering)") \
	_(ports_preserved, "mappings that kept the subscriber's port")           \
	_(blocks_allocated, "port blocks given to subscribers")                  \
	_(blocks_released, "port blocks given back")                             \
	_(ports_exhausted, "new mappings refused: no free port or block")        \
	_(quota_exceeded, "new sessions refused: subscriber session limit (REQ-4)") \
	_(no_mapping, "inbound packets with no mapping")                         \
	_(filtered, "inbound packets refused by the filtering mode")             \
	_(permits_full, "address-dependent filtering: permit table full, replies from other ports refused") \
	_(translated_out, "packets translated inside to outside")                \
	_(translated_in, "packets translated outside to inside")                   \
	_(bypassed, "sessions to a bypass destination, left untranslated (REQ-6)") \
	_(static_out, "sessions from the inside through a static mapping")       \
	_(not_inside, "deterministic: sources outside the inside prefix refused") \
	_(address_only_busy, "GRE, ESP... refused: another host holds the external address for that protocol") \
	_(static_in, "sessions from the outside through a static mapping (port forwarding, 1:1)") \
	_(icmp_errors, "ICMP errors translated with the packet they quote (RFC 5508)") \
	_(log_queued, "events queued for the NAT log")                            \
	_(log_lost, "events lost: the worker's log queue was full")               \
	_(log_throttled, "limit events not logged: one per second per kind is enough")

struct nat_stats {
#define NAT_STAT_FIELD(n, h) uint64_t n;
	NAT_FOREACH_STAT(NAT_STAT_FIELD)
#undef NAT_STAT_FIELD
};

/** Name / explanation of the i-th counter of struct nat_stats. */
const char *nat_stat_name(unsigned int i);
const char *nat_stat_help(unsigned int i);
#define NAT_STATS (sizeof(struct nat_stats) / sizeof(uint64_t))

struct nat_worker;

/** Fill @p c with defaults (no instance). */
void nat_config_defaults(struct nat_config *c);

/**
 * Check and freeze a configuration for @p n_workers workers.
 * @return the NAT, or NULL with rte_errno EINVAL (a bad instance) or ENOMEM.
 */
struct nat *nat_create(const struct nat_config *cfg, uint16_t n_workers, int socket);

/** Free; NULL is a no-op. */
void nat_free(struct nat *n);

/**
 * A worker's NAT state: its share of every pool's blocks, its subscribers
 * and mappings. @return it, or NULL with rte_errno ENOMEM/EINVAL.
 */
struct nat_worker *nat_worker_create(const struct nat *n, uint16_t worker, int socket);

/** Free a worker's state; NULL is a no-op. */
void nat_worker_free(struct nat_worker *w);

/** The worker's counters. */
const struct nat_stats *nat_worker_stats(const struct nat_worker *w);

/** The worker's counters, for the worker's own inline translation. */
struct nat_stats *nat_worker_counters(struct nat_worker *w);

/**
 * Worker owning external @p port of instance @p inst (network order),
 * from the port block alone.
 */
static inline uint16_t
nat_owner(const struct nat *n, uint16_t inst, uint16_t port)
{
	const struct nat_instance *i = &n->inst[inst];
	uint32_t p = rte_be_to_cpu_16(port);

	if (p < i->cfg.port_min || p > i->cfg.port_max)
		return 0;
	return (uint16_t)(((p - i->cfg.port_min) / i->cfg.block_size) % n->n_workers);
}

/**
 * Release quarantined ports whose time has come (bounded work). Call from
 * the worker's loop.
 */
void nat_worker_poll(struct nat_worker *w, uint32_t now_ms);

/** Per-address usage of an instance on one worker, for the console. */
struct nat_addr_usage {
	uint32_t blocks_total;  /**< blocks of this worker's share */
	uint32_t blocks_used;
	uint32_t ports_used;    /**< incl. quarantined */
};

/** Usage of address @p a of instance @p inst on this worker. */
void nat_worker_addr_usage(const struct nat_worker *w, uint16_t inst, uint32_t a,
			   struct nat_addr_usage *u);

/** Subscribers and mappings held by this worker. */
void nat_worker_counts(const struct nat_worker *w, uint32_t *subs, uint32_t *mappings,
		       uint32_t *quarantined);

/**
 * The NAT service. Its per-worker argument is the struct nat_worker; its
 * create hook allocates (or finds) the mapping, adds the session's outside
 * key and refuses the flow with nat_ports_exhausted, nat_session_limit,
 * nat_no_mapping or nat_filtered; its destroy hook releases the mapping.
 */
extern const struct sess_service nat_service;

#endif /* NAT_H */
