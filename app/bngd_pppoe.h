/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The PPPoE access concentrator (lib/pppoe) on the management lcore, and
 * the subscribers its sessions make (bngd_pppoe.c).
 */
#ifndef BNGD_PPPOE_H
#define BNGD_PPPOE_H

#include <stdint.h>

#include <rte_mbuf.h>

#include "bngd.h"

/** Longest Filter-Id kept per session (longer ones are cut). */
#define BNGD_PPPOE_FILTER_ID_MAX 48

struct bngd_pppoe;
struct pppoe;

/** Start the engine when the configuration has a pppoe section. @return 0 or -1. */
int bngd_pppoe_setup(struct bngd *app);

void bngd_pppoe_free(struct bngd *app);

/** A punted PPPoE discovery or PPP control frame (consumed). */
void bngd_pppoe_input(struct bngd *app, struct rte_mbuf *m, uint32_t now_ms);

/** Timers: retransmissions, keepalives, deadlines. */
void bngd_pppoe_poll(struct bngd *app, uint32_t now_ms);

/** End session @p session_id (LCP Terminate, then PADT). @return 0 or -errno. */
int bngd_pppoe_terminate(struct bngd *app, uint16_t session_id, uint32_t now_ms);

/**
 * Session @p session_id's traffic since it came up: packets and bytes
 * upstream, packets and bytes downstream. @return 0, -ENOENT (not up).
 */
int bngd_pppoe_traffic(const struct bngd *app, uint16_t session_id, uint64_t out[4]);

/** Filter-Id of an open session (from RADIUS; for the QoS policy); "" when none. */
const char *bngd_pppoe_filter_id(const struct bngd *app, uint16_t session_id);

/** Idle-Timeout of an open session, seconds; 0: none. */
uint32_t bngd_pppoe_idle_timeout(const struct bngd *app, uint16_t session_id);

/** The engine, for the console; NULL when PPPoE is off. */
const struct pppoe *bngd_pppoe_engine(const struct bngd *app);

/** RADIUS, for the console; NULL when PPPoE or the aaa section is off. */
const struct aaa *bngd_pppoe_aaa(const struct bngd *app);

/** Requests the RADIUS queue refused (authentications retried by the
 * client; accounting records lost). */
uint64_t bngd_pppoe_radius_refused(const struct bngd *app);

/** The glue's counters: pool exhausted, unknown users, no room in the FIB. */
void bngd_pppoe_counters(const struct bngd *app, uint64_t *pool_exhausted, uint64_t *unknown_user,
			 uint64_t *fib_full);

#endif /* BNGD_PPPOE_H */
