/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The management lcore's own state: the command registry, the console and
 * metrics servers, and the counter samples that turn totals into rates.
 * Only the management lcore touches it.
 */
#ifndef BNGD_MGMT_H
#define BNGD_MGMT_H

#include "bngd.h"
#include "cli.h"
#include "fib_cli.h"
#include "nat_cli.h"
#include "sess_cli.h"

struct bngd_console;
struct bngd_metrics;

/** Counter totals at one instant; two of them a second apart give rates. */
struct bngd_sample {
	uint64_t tsc;
	uint64_t rx[BNGD_MAX_WORKERS], tx[BNGD_MAX_WORKERS];
	uint64_t pkts[BNGD_MAX_WORKERS], cycles[BNGD_MAX_WORKERS], busy[BNGD_MAX_WORKERS];
	uint64_t port_rx[BNGD_MAX_PORTS], port_tx[BNGD_MAX_PORTS];
};

struct bngd_mgmt {
	struct cli_registry cli;
	struct bngd_console *console;
	struct bngd_metrics *metrics;
	struct sess_cli sess_cli;
	struct fib_cli fib_cli;
	struct nat_cli nat_cli;
	struct nat_worker *nat_workers[BNGD_MAX_WORKERS];
	struct nat_log *nat_log;       /**< NAT event exporter, NULL when off */
	struct bngd_neigh *neigh;      /**< ARP/ND (bngd_neigh.c) */
	struct bngd_dhcp *dhcp;        /**< DHCP server, NULL when off (bngd_dhcp.c) */
	struct bngd_host *host;        /**< kernel exception path, NULL when off (bngd_host.c) */
	struct bngd_pppoe *pppoe;      /**< PPPoE concentrator, NULL when off (bngd_pppoe.c) */
	uint64_t sent;                 /**< frames the management lcore sent */
	uint64_t inject_full;          /**< ... lost: a worker's inject ring was full */
	uint64_t inject_nombuf;        /**< ... lost: no mbuf */
	struct bngd_sample prev, last;
	uint64_t next_sample_tsc;
};

/**
 * The traffic of the subscriber behind next hop @p nh, summed over the
 * workers: packets up, bytes up, packets down, bytes down (IP bytes).
 * Next hops are reused: keep a baseline when a subscriber comes up.
 */
void bngd_sub_counters(const struct bngd *app, uint32_t nh, uint64_t out[4]);

/** Milliseconds of the management lcore's clock (wraps: compare differences). */
uint32_t bngd_mgmt_ms(void);

/** Build the registry with every library's commands. @return 0 or -1. */
int bngd_cli_setup(struct bngd *app);

/** Take a counter sample (once a second from the management loop). */
void bngd_sample_take(struct bngd *app);

/** Rate over the last sample interval of a counter pair; 0 before two samples. */
double bngd_sample_rate(const struct bngd *app, uint64_t now_total, uint64_t prev_total);

/** Name of a DPDK port as configured, or "?". */
const char *bngd_port_name(const struct bngd *app, uint16_t port_id);

/**
 * Start the metrics HTTP server on "address:port".
 * @return the server or NULL with a message in @p err.
 */
struct bngd_metrics *bngd_metrics_create(struct bngd *app, const char *listen, char *err,
					 size_t errlen);

/** Serve pending HTTP work without blocking (management loop). */
void bngd_metrics_poll(struct bngd_metrics *m);

/** Stop the metrics server; NULL is a no-op. */
void bngd_metrics_free(struct bngd_metrics *m);

#endif /* BNGD_MGMT_H */
