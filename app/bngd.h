/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * bngd's runtime context: ports, workers and the shared read-only tables.
 * The main lcore builds all of it before launching workers; afterwards a
 * worker writes only its own struct bngd_worker, and the management lcore
 * reads worker counters without locks (aligned 64-bit loads).
 */
#ifndef BNGD_H
#define BNGD_H

#include <stdint.h>

#include <rte_ether.h>
#include <rte_ip_frag.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "bng_drop.h"
#include "bng_time.h"
#include "bng_trace.h"
#include "bngd_config.h"
#include "fib.h"
#include "nat.h"
#include "sess.h"
#include "sess_chain.h"
#include "sess_query.h"

#define BNGD_BURST_MAX   64
#define BNGD_MAX_RXQ     64   /**< (port, queue) pairs one worker polls */
#define BNGD_MAX_WORKERS (RTE_MAX_LCORE - 1)

/** Punted packets by kind, as the management lcore sees them. */
#define BNGD_FOREACH_PUNT(_)                                                      \
	_(ARP, "arp")                                                             \
	_(PPPOE_DISC, "pppoe_discovery")                                          \
	_(PPP_CTRL, "ppp_control")                                                \
	_(PPPOE_STALE, "pppoe_unknown_session")                                   \
	_(DHCP, "dhcp")                                                           \
	_(ND, "nd")                                                               \
	_(RESOLVE, "resolve")                                                     \
	_(HOST, "host")                                                           \
	_(OTHER, "other")

/*
 * What a frame on a worker's inject ring is for (in its descriptor's punt
 * byte): sent as it is out of port m->port, or received again on it, as if
 * it had just arrived (a packet held while its next hop resolved).
 */
#define BNGD_INJ_TX 1
#define BNGD_INJ_RX 2

enum bngd_punt {
#define BNGD_PUNT_ENUM(e, n) BNGD_PUNT_##e,
	BNGD_FOREACH_PUNT(BNGD_PUNT_ENUM)
#undef BNGD_PUNT_ENUM
	BNGD_PUNT_MAX
};

struct bngd_port {
	uint16_t id;       /**< DPDK port id */
	uint16_t n_rxq;
	uint16_t n_txq;
	struct rte_ether_addr mac;
	const struct bngd_port_cfg *cfg;
};

struct bngd_rxq {
	uint16_t port;     /**< DPDK port id */
	uint16_t queue;
	uint16_t tenant;
	uint8_t role;
	uint8_t antispoof; /**< upstream sources checked against the subscribers */
	uint8_t zone;      /**< the port's screen zone (index), when screens or rate_screens */
	uint8_t rate_screens; /**< the port's zone enables a rate screen (bngd_worker.rate) */
	uint16_t screens;  /**< SCREEN_BIT()s the port's zone enables; 0: not screened */
	uint8_t express;   /**< its bursts go through bngd_fast_rx() first */
	const struct bngd_vlan_ranges *vlans; /**< tagged frames checked against these; NULL: not */
};

/** A subscriber's traffic on one worker ([0] upstream, [1] downstream), by its next hop. */
struct bngd_sub_ctr {
	uint64_t pkts[2];
	uint64_t bytes[2];
};

struct bngd_txbuf {
	uint16_t n;
	struct rte_mbuf *pkts[BNGD_BURST_MAX];
};

/** Token bucket for punted packets, one per port on each worker. */
struct bngd_bucket {
	uint64_t tokens;   /**< scaled by tsc_hz */
	uint64_t last_tsc;
};

/** Work the management lcore asks of a worker, through its request ring. */
enum bngd_req_op {
	BNGD_REQ_SESS_QUERY,  /**< advance q until done */
	BNGD_REQ_TRACE_ADD,   /**< trace n more packets */
	BNGD_REQ_TRACE_CLEAR, /**< stop tracing, forget the records */
};

struct bngd_req {
	enum bngd_req_op op;
	uint32_t n;
	struct sess_query *q;
	volatile int done;    /**< set by the worker (release) when finished */
};

/** The router's own work on a worker: ICMP, fragmentation, reassembly. */
#define BNGD_FOREACH_IP_STAT(_)                                                    \
	_(echo_replies, "echo replies sent for the appliance's addresses")         \
	_(icmp_time_exceeded, "ICMP time exceeded sent")                           \
	_(icmp_unreachable, "ICMP destination unreachable sent (no route, prohibited)") \
	_(icmp_frag_needed, "ICMP fragmentation needed sent (RFC 1191)")           \
	_(icmp_too_big, "ICMPv6 packet too big sent (RFC 8201)")                   \
	_(icmp_rate_limited, "ICMP errors not sent: over the rate")                \
	_(icmp_suppressed, "ICMP errors not sent: about an error, a fragment or a non-unicast source") \
	_(hairpinned, "NAT: packets between subscribers turned around on an external address") \
	_(fragmented, "packets fragmented on output")                              \
	_(fragments_out, "fragments sent")                                         \
	_(reass_fragments, "fragments taken into reassembly")                      \
	_(reassembled, "datagrams reassembled")                                    \
	_(reass_timeouts, "fragments dropped: datagram not complete in time")     \
	_(reass_invalid, "fragments dropped: overlapping, oversized or table full") \
	_(vfrag_datagrams, "fragmented datagrams of translated flows tracked")     \
	_(vfrag_held, "later fragments held until their first fragment came")          \
	_(mss_clamped, "TCP SYNs whose MSS was lowered: to fit a subscriber's session, or a port's tcp_mss")

struct bngd_ip_stats {
#define BNGD_IP_STAT_FIELD(n, h) uint64_t n;
	BNGD_FOREACH_IP_STAT(BNGD_IP_STAT_FIELD)
#undef BNGD_IP_STAT_FIELD
};

struct bngd_worker_stats {
	uint64_t rx;          /**< packets received from ports */
	uint64_t tx;          /**< packets accepted by tx_burst */
	uint64_t pkts;        /**< packets through the pipeline (rx + handoff in) */
	uint64_t express;     /**< of those, forwarded by the express path */
	uint64_t cycles;      /**< TSC cycles in the pipeline, PMD I/O excluded */
	uint64_t handoff_out;
	uint64_t handoff_in;
	uint64_t punted;
	uint64_t injected;    /**< frames from the management lcore, sent or received again */
	uint64_t loops;
	uint64_t idle_loops;
	uint64_t busy_cycles; /**< cycles of loop iterations that found work */
};

struct bngd;

struct bngd_worker {
	uint16_t idx;        /**< 0..n_workers-1; also the TX queue it uses on every port */
	uint16_t n_rxq;
	unsigned int lcore;
	struct bngd *app;
	struct sess_table *sess;
	struct nat_worker *nat;   /**< this worker's NAT state, NULL without NAT */
	struct nat_stats *nat_st; /**< its counters, for the inline translation */
	struct rte_ring *handoff; /**< MP/SC: other workers -> this one */
	struct rte_ring *punt;    /**< SP/SC: this worker -> management lcore */
	struct rte_ring *req;     /**< SP/SC: management lcore -> this worker */
	struct rte_ring *inject;  /**< SP/SC: management lcore -> this worker: frames to send or receive */
	struct bngd_req *cur_req; /**< the request being worked on */
	uint8_t rx_again;         /**< receiving a packet the management lcore held */
	struct bngd_sub_ctr *sub_ctr; /**< [fib max next hops]: subscribers' traffic, IP bytes */
	struct screen_qos_worker *qos; /**< subscribers' policers; NULL without a qos section */
	struct bng_trace_buf *trace;
	struct bngd_rxq rxq[BNGD_MAX_RXQ];
	struct bng_clock clock;
	uint64_t tx_cycles;       /**< cycles inside tx_burst during the current burst */
	struct bngd_worker_stats st;
	struct bng_drop_counters drops;
	struct bngd_ip_stats ip;
	struct screen_counters screen; /**< drops by zone and screen */
	struct screen_rate *rate; /**< rate screens' state and counters; NULL when no zone has one */
	struct bngd_bucket icmp_bucket;
	struct bngd_bucket echo_bucket;
	uint16_t ip_id;
	uint32_t ip6_id;          /**< fragment identification of the router's own IPv6 */
	struct rte_ip_frag_tbl *frag_tbl;
	struct bngd_vfrag *vfrag;  /**< fragments of translated flows; NULL without NAT */
	uint64_t next_frag_expiry;
	struct rte_ip_frag_death_row death_row;
	/* One bucket per port and kind: a PADI storm cannot starve DHCP or the
	 * PPP control of established sessions on the same port. */
	struct bngd_bucket punt_bucket[RTE_MAX_ETHPORTS][BNGD_PUNT_MAX];
	struct bngd_txbuf tx[RTE_MAX_ETHPORTS];
} __rte_cache_aligned;

struct bngd {
	const struct bngd_config *cfg;
	struct rte_mempool *pool;
	struct fib *fib;
	struct nat *nat;               /**< NULL when no NAT instance is configured */
	struct sess_chain chain;
	uint16_t tenant_services[FIB_MAX_TENANT];
	uint16_t nat_services[NAT_MAX_INSTANCES]; /**< services of inbound NAT sessions */
	uint16_t fast_services; /**< forward + counters: run inline by the worker */
	uint16_t nat_fast_services; /**< nat + forward + counters: run inline too */
	uint16_t n_ports;
	struct bngd_port ports[BNGD_MAX_PORTS];
	uint16_t port_mss[RTE_MAX_ETHPORTS]; /**< by DPDK port id: its tcp_mss, 0 for none */
	uint16_t n_workers;
	struct bngd_worker *workers[BNGD_MAX_WORKERS];
	uint64_t tsc_hz;
	uint64_t punt_rate;        /**< per second */
	uint64_t punt_burst;
	uint64_t drain_tsc;
	uint32_t burst;
	uint32_t idle_sleep_us;
	struct rte_mempool *indirect;  /**< indirect mbufs for fragmentation */
	volatile int stop;
	uint64_t start_tsc;
	uint64_t punts[BNGD_PUNT_MAX]; /**< management lcore only */
	struct bng_drop_counters mgmt_drops; /**< packets the management lcore dropped */
	struct rte_rcu_qsbr *rcu;      /**< workers' quiescent states: FIB changes under traffic */
	struct screen_qos *qos;        /**< QoS profiles and bindings; NULL without a qos section */
	volatile int host_path;        /**< the kernel exception path is up: punt, do not drop */
	struct bng_trace_buf *trace[BNGD_MAX_WORKERS]; /**< every worker's, by index */
	struct bngd_mgmt *mgmt;        /**< console, metrics, rates: management lcore only */
	struct bngd_acl *acl;          /**< the ACL policy and its workers' state (bngd_acl.h) */
};

/**
 * Hand r[i] to worker i, for every worker, and wait until all are done
 * (management lcore only).
 * @return 0; -ENOBUFS when a worker's request ring was full (that worker's
 *         part was not run); -ETIMEDOUT after @p timeout_ms: the requests
 *         are then still with the workers and must never be freed.
 */
int bngd_worker_request(struct bngd *app, struct bngd_req *r, uint32_t timeout_ms);

/** Worker entry point for rte_eal_remote_launch(); arg is the worker. */
int bngd_worker_main(void *arg);

/** Build the FIB from the configuration (ports must be started). @return 0 or -1. */
int bngd_fib_setup(struct bngd *app);

/** Configure and start every port. @return 0 or -1 (message printed). */
int bngd_ports_setup(struct bngd *app);

/** Stop and close every port. */
void bngd_ports_close(struct bngd *app);

/** Run the management loop on the main lcore until app->stop. */
void bngd_mgmt_loop(struct bngd *app, double stats_interval_s, uint32_t exit_idle_ms);

/** Counters of all workers, summed (read lock-free by the management lcore). */
struct bngd_totals {
	uint64_t rx, tx, pkts, cycles, sessions;
	size_t sess_bytes;
	struct sess_stats sess;
	struct bngd_ip_stats ip;
	uint64_t drops[BNG_DROP_MAX];
};

/** Name and explanation of the i-th IP counter (struct bngd_ip_stats order). */
const char *bngd_ip_stat_name(unsigned int i);
const char *bngd_ip_stat_help(unsigned int i);
#define BNGD_IP_STATS (sizeof(struct bngd_ip_stats) / sizeof(uint64_t))

void bngd_totals(const struct bngd *app, struct bngd_totals *t);

/** Print ports, workers, drops, sessions and punts. */
void bngd_print_summary(const struct bngd *app, FILE *out);

/** Name of a punt kind. */
const char *bngd_punt_name(unsigned int k);

#endif /* BNGD_H */
