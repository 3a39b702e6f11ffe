/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The DHCPv4 server (lib/dhcp) on the management lcore, and the IPoE
 * subscribers its leases make (see bngd_dhcp.c).
 */
#ifndef BNGD_DHCP_H
#define BNGD_DHCP_H

#include <stdint.h>

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

#endif /* BNGD_DHCP_H */
