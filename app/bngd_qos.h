/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Per-subscriber policing and DSCP marking in bngd (lib/screen
 * screen_qos.h): set-up, the bindings the management lcore makes as
 * subscribers come and go, and the two places a worker polices.
 *
 * Where a packet is policed, on the worker that owns the subscriber:
 *  - upstream in process_owned(), before its session lookup: a packet
 *    over the rate creates no session (nor NAT mapping), and its source is
 *    still the subscriber's address, whose next hop names the subscriber;
 *  - downstream once the service chain has routed it (after NAT has put
 *    the subscriber's address back), to next hop d->nh, before L2 rewrite.
 * The router's own packets (ICMP errors, echo replies) are not policed.
 */
#ifndef BNGD_QOS_H
#define BNGD_QOS_H

#include <rte_ip.h>
#include <rte_lpm.h>

#include "bngd_tx.h"
#include "screen_qos.h"

/**
 * Build the profiles and every worker's policers from the "qos" section,
 * and bind the static subscribers (their next hops must exist: after the
 * FIB set-up). Nothing when there is no qos section.
 * @return 0 or -1 (message printed).
 */
int bngd_qos_setup(struct bngd *app);

/**
 * The profile a subscriber gets: the one its Filter-Id names, else its
 * port's, else the default (SCREEN_QOS_NONE: not policed). A Filter-Id
 * naming no profile is counted (bngd_qos_unknown_filter_ids()).
 */
uint16_t bngd_qos_profile_for(struct bngd *app, uint16_t port, const char *filter_id);

/**
 * A subscriber appeared at next hop @p nh on DPDK port @p port (Filter-Id
 * @p filter_id, NULL or "" for none): bind it to its profile. Management
 * lcore; nothing without a qos section.
 */
void bngd_qos_sub_up(struct bngd *app, uint32_t nh, uint16_t port, const char *filter_id);

/** The subscriber at @p nh is gone: its next hop is no longer policed. */
void bngd_qos_sub_down(struct bngd *app, uint32_t nh);

/**
 * bngd_qos_sub_down() for the subscriber at IPv4 @p addr (network order) of
 * VRF @p vrf, before its route goes: found by its /32 (a subscriber next
 * hop); nothing otherwise.
 */
void bngd_qos_sub_down_addr(struct bngd *app, uint32_t vrf, uint32_t addr);

/** Filter-Ids that named no profile (management lcore's count). */
uint64_t bngd_qos_unknown_filter_ids(const struct bngd *app);

/** The burst's time for the meters; call once per burst when w->qos is set. */
static inline void
bngd_qos_clock(struct bngd_worker *w)
{
	screen_qos_clock(w->qos, rte_rdtsc());
}

/*
 * Upstream: a subscriber's IPv4 packet, by the next hop of its source
 * address (its /32). Other sources (a connected subnet's shared next hop,
 * routes) are bound to nothing and pass. IPv6 subscribers have no
 * bindings of their own yet. @return 1 when it was dropped.
 */
static inline int
bngd_qos_up(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d)
{
	const struct fib *f = w->app->fib;
	const struct fib_vrf *v;
	const struct rte_ipv4_hdr *ip;
	uint32_t nh;

	if (d->role != BNG_ROLE_ACCESS || d->kind != BNG_PKT_IPV4)
		return 0;
	v = &f->vrf[likely(d->tenant < FIB_MAX_TENANT) ? f->tenant_vrf[d->tenant] : 0];
	ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, d->l3_off);
	if (v->lpm4 == NULL || rte_lpm_lookup(v->lpm4, bng_ntohl(ip->src_addr), &nh) != 0)
		return 0;
	if (screen_qos_police(w->qos, nh, SCREEN_QOS_UP, m, d) != RTE_COLOR_RED)
		return 0;
	bngd_drop(w, m, BNG_DROP_QOS_POLICED_UP);
	return 1;
}

/* Downstream: to next hop d->nh, as routed. @return 1 when it was dropped. */
static inline int
bngd_qos_down(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d)
{
	if (screen_qos_police(w->qos, d->nh, SCREEN_QOS_DOWN, m, d) != RTE_COLOR_RED)
		return 0;
	bngd_drop(w, m, BNG_DROP_QOS_POLICED_DOWN);
	return 1;
}

#endif /* BNGD_QOS_H */
