/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The DHCPv4 server (lib/dhcp) on the management lcore, and the IPoE
 * subscribers its leases make (see bngd_dhcp.c).
 */
#ifndef BNGD_DHCP_H
#define BNGD_DHCP_H

#include <stdint.h>

#include <jansson.h>
#include <rte_mbuf.h>

#include "bngd.h"

struct bngd_dhcp;
struct dhcp_server;

/** Start the server when the configuration has a dhcp section. @return 0 or -1. */
int bngd_dhcp_setup(struct bngd *app);

void bngd_dhcp_free(struct bngd *app);

/** A punted DHCP frame (consumed). */
void bngd_dhcp_input(struct bngd *app, struct rte_mbuf *m);

/** Lease expiry, a bounded step at most every 100 ms. */
void bngd_dhcp_poll(struct bngd *app);

/** The server, for the console; NULL when DHCP is off. */
struct dhcp_server *bngd_dhcp_server(const struct bngd *app);

/** The glue's own counters: replies with no route to their relay, frames not
 * UDP to port 67, leases with no room in the FIB. */
void bngd_dhcp_counters(const struct bngd *app, uint64_t *no_route, uint64_t *bad_frame,
			uint64_t *fib_full);

/* ---- relay mode (bngd_dhcp_relay.c) ---- */

struct bngd_relay;

struct bngd_relay_stats {
	uint64_t to_server;   /**< client messages sent on to a server (one per server) */
	uint64_t to_client;   /**< server replies sent on to a client */
	uint64_t no_route;    /**< ... not sent: no route / next hop still resolving */
	uint64_t malformed;   /**< did not parse */
	uint64_t refused;     /**< hop limit, option overload, no room for option 82 */
	uint64_t not_ours;    /**< replies for a giaddr or circuit id not ours */
	uint64_t no_address;  /**< client on a port without an IPv4 address (no giaddr) */
	uint64_t bound, unbound, expired; /**< subscribers made by relayed ACKs */
	uint64_t table_full, fib_full;
};

struct bngd_relay *bngd_relay_create(uint32_t bindings);
void bngd_relay_free(struct bngd_relay *r);

/** A DHCP message (UDP payload @p msg) punted in relay mode. */
void bngd_relay_input(struct bngd *app, struct bngd_relay *r, const struct rte_mbuf *mb,
		      const struct bng_desc *bd, const uint8_t *msg, size_t len, uint16_t svlan,
		      uint16_t cvlan);

/** Expire relayed subscribers whose lease ran out (a bounded step). */
void bngd_relay_poll(struct bngd *app, struct bngd_relay *r);

const struct bngd_relay_stats *bngd_relay_stats(const struct bngd_relay *r);
uint32_t bngd_relay_bindings(const struct bngd_relay *r);

/** Bindings and counters, for the console. */
json_t *bngd_relay_json(const struct bngd *app, const struct bngd_relay *r);

/** The relay, NULL unless DHCP runs in relay mode. */
struct bngd_relay *bngd_dhcp_relay(const struct bngd *app);

#endif /* BNGD_DHCP_H */
