/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * NAT event logging (RFC 6888 REQ-12, RFC 8158): who held which external
 * address and ports when.
 *
 * Workers never do I/O: where the allocator hands out or takes back a
 * resource, the worker writes a fixed 32-byte struct nat_event into its own
 * single-producer ring (a full ring loses the event and counts it). The
 * management lcore drains the rings (nat_log_poll(), bounded work), turns
 * the events into IPFIX records (RFC 7011 over UDP, templates of RFC 8158)
 * or RFC 5424 syslog messages (one per UDP datagram, RFC 5426) and sends
 * them to the collector. Destinations are never logged (REQ-12).
 */
#ifndef NAT_LOG_H
#define NAT_LOG_H

#include <stdint.h>
#include <sys/socket.h>

/** What is logged (nat.logging.events). Limits are always logged. */
#define NAT_LOG_BLOCKS   1u  /**< port blocks allocated and released */
#define NAT_LOG_MAPPINGS 2u  /**< endpoint-independent mappings (NAT44 BIB) */
#define NAT_LOG_SESSIONS 4u  /**< sessions, without their destination */
#define NAT_LOG_LIMITS   8u  /**< addresses/ports exhausted, quotas exceeded */

enum nat_log_format {
	NAT_LOG_OFF = 0,
	NAT_LOG_IPFIX = 1,
	NAT_LOG_SYSLOG = 2,
};

struct nat_log_config {
	uint8_t format;              /**< enum nat_log_format */
	uint8_t facility;            /**< syslog facility (default 16, local0) */
	uint32_t events;             /**< NAT_LOG_* mask */
	uint32_t queue;              /**< events each worker can hold (power of 2) */
	uint32_t domain_id;          /**< IPFIX observation domain */
	uint32_t template_refresh_s; /**< IPFIX templates resent this often (RFC 7011 8.4) */
	struct sockaddr_storage collector;
	socklen_t collector_len;
};

/** RFC 8158 natEvent values. */
enum nat_event_type {
	NAT_EV_SESSION_CREATE = 1,
	NAT_EV_SESSION_DELETE = 2,
	NAT_EV_ADDRS_EXHAUSTED = 3,
	NAT_EV_MAPPING_CREATE = 6,
	NAT_EV_MAPPING_DELETE = 7,
	NAT_EV_PORTS_EXHAUSTED = 10,
	NAT_EV_QUOTA_EXCEEDED = 11,
	NAT_EV_BLOCK_ALLOC = 14,
	NAT_EV_BLOCK_RELEASE = 15,
};

/** RFC 8158 natQuotaExceededEvent values. */
enum nat_quota_kind {
	NAT_QUOTA_BIB = 2,       /**< maxBIBEntries: the worker's mapping table */
	NAT_QUOTA_USER = 3,      /**< maxEntriesPerUser: sessions or ports of a subscriber */
	NAT_QUOTA_SUBS = 4,      /**< maxSubscribers: the worker's subscriber table */
};

/** One event, as a worker queues it. Addresses and ports in network order. */
struct nat_event {
	uint64_t tsc;        /**< when (TSC of the worker's core) */
	uint32_t inside;     /**< subscriber address, 0 when not part of the event */
	uint32_t ext;        /**< external address, 0 when not part of the event */
	uint16_t iport;      /**< inside port or ICMP id */
	uint16_t eport;      /**< external port; a block's first port */
	uint16_t eport_last; /**< a block's last port */
	uint16_t tenant;     /**< the subscriber's tenant (logged as its VRF id) */
	uint8_t type;        /**< enum nat_event_type */
	uint8_t proto;
	uint8_t inst;        /**< NAT instance */
	uint8_t quota;       /**< enum nat_quota_kind of a quota event */
	uint32_t limit;      /**< the limit a quota event hit */
};

_Static_assert(sizeof(struct nat_event) == 32, "nat_event is a 32-byte ring element");

/**
 * Parse a collector "a.b.c.d:port" or "[v6]:port" into @p c.
 * @return 0, or -1 with a message in @p err.
 */
int nat_log_parse_collector(const char *s, struct nat_log_config *c, char *err, size_t errlen);

/** A name for an event type ("block-alloc", ...). */
const char *nat_event_name(uint8_t type);

struct nat;
struct nat_worker;
struct nat_log;

/** Exporter counters. */
#define NAT_FOREACH_LOG_STAT(_)                                                   \
	_(events, "events taken from the workers' queues")                        \
	_(records, "IPFIX data records or syslog messages sent")                  \
	_(messages, "UDP datagrams sent to the collector")                        \
	_(bytes, "bytes sent to the collector")                                   \
	_(templates, "IPFIX template sets sent")                                  \
	_(send_errors, "datagrams the socket refused (their records are lost)")

struct nat_log_stats {
#define NAT_LOG_STAT_FIELD(n, h) uint64_t n;
	NAT_FOREACH_LOG_STAT(NAT_LOG_STAT_FIELD)
#undef NAT_LOG_STAT_FIELD
};

#define NAT_LOG_STATS (sizeof(struct nat_log_stats) / sizeof(uint64_t))
const char *nat_log_stat_name(unsigned int i);
const char *nat_log_stat_help(unsigned int i);

/**
 * The exporter of the management lcore, reading the queues of @p workers.
 * @return it, or NULL with rte_errno (EINVAL: logging off; or the socket's
 * errno).
 */
struct nat_log *nat_log_create(const struct nat *n, struct nat_worker *const *workers,
			       uint16_t n_workers);

/**
 * Drain up to a few hundred events and send them; resend the templates
 * when due. @return the number of events taken.
 */
unsigned int nat_log_poll(struct nat_log *l);

/** Drain every queue, send what is left, close. NULL is a no-op. */
void nat_log_free(struct nat_log *l);

const struct nat_log_stats *nat_log_get_stats(const struct nat_log *l);
const struct nat_log_config *nat_log_get_config(const struct nat_log *l);

#endif /* NAT_LOG_H */
