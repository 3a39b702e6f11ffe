/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The worker's express path: established IPv4 TCP/UDP flows forwarded
 * without the general pipeline's descriptor, stages and branches.
 */
#ifndef BNGD_FAST_H
#define BNGD_FAST_H

#include <rte_hash_crc.h>
#include <rte_mbuf.h>

#include "bngd.h"

/** Which of @p n_workers owns IPv4 subscriber address @p addr (network order). */
static inline uint16_t
bngd_owner4_n(uint16_t n_workers, uint32_t addr)
{
	return (uint16_t)(((uint64_t)rte_hash_crc_4byte(addr, 0) * n_workers) >> 32);
}

/** The worker of an IPv4 subscriber address. */
static inline uint16_t
bngd_owner4(const struct bngd *a, uint32_t addr)
{
	return bngd_owner4_n(a->n_workers, addr);
}

/**
 * Whether receive queue @p q can use the express path: nothing of its
 * port's (screens, anti-spoofing, VLAN ranges) or of the worker's
 * (policers) looks at every packet. Set once, before the first burst.
 */
int bngd_fast_eligible(const struct bngd_worker *w, const struct bngd_rxq *q);

/** The general pipeline for part of a burst from a queue. */
typedef void (*bngd_rx_fn)(struct bngd_worker *w, const struct bngd_rxq *q,
			   struct rte_mbuf **pkts, uint16_t n, uint32_t now_ms);

/**
 * A burst from queue @p q: forwarded here where the express path can,
 * through @p general for the rest. The express path takes plain
 * (untagged, option-less, unfragmented) IPv4 TCP and UDP packets that are
 * not SYNs, not control traffic, routed to a resolved next hop on plain
 * Ethernet within its MTU, owned by this worker, and that hit a session
 * whose services are exactly forward and counters. Those packets get what
 * the general pipeline would do to them (session touched and counted,
 * TTL, L2 rewrite, TX buffer); every run of other packets goes to
 * @p general (which parses them again) at its place in the burst, so the
 * burst leaves in the order it came.
 */
void bngd_fast_rx(struct bngd_worker *w, const struct bngd_rxq *q, struct rte_mbuf **pkts,
		  uint16_t n, uint32_t now_ms, bngd_rx_fn general);

#endif /* BNGD_FAST_H */
