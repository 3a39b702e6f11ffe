/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The kernel exception path (bngd_host.c): what is for the appliance and
 * bngd does not answer goes to a TUN interface, the kernel's answers out
 * through the FIB.
 */
#ifndef BNGD_HOST_H
#define BNGD_HOST_H

#include <stdint.h>

#include <rte_mbuf.h>

#include "bngd.h"

struct bngd_host;

struct bngd_host_stats {
	uint64_t to_kernel;         /**< packets written to the interface */
	uint64_t to_kernel_failed;  /**< ... that the kernel refused (interface down, full) */
	uint64_t from_kernel;       /**< packets the kernel sent, routed out */
	uint64_t from_kernel_bad;   /**< ... not IPv4 or IPv6 */
	uint64_t no_route;          /**< ... with no route (or to the box itself) */
	uint64_t unresolved;        /**< ... whose next hop had no MAC yet (asked for) */
};

/** Create the TUN interface when exception_path.interface is set. @return 0 or -1. */
int bngd_host_setup(struct bngd *app);

void bngd_host_free(struct bngd *app);

/** A packet for the appliance nobody here answers (consumed). */
void bngd_host_input(struct bngd *app, struct rte_mbuf *m);

/** Route what the kernel sent. @return packets handled. */
unsigned int bngd_host_poll(struct bngd *app);

/** The counters and the interface's name, or NULL when there is no exception path. */
const struct bngd_host_stats *bngd_host_stats(const struct bngd *app, const char **name);

#endif /* BNGD_HOST_H */
