/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The rate screens in bngd (lib/screen screen_rate.h): every worker's
 * state, created before the workers start when some zone enables a rate
 * screen, and the management lcore's side of their sweep and scan events.
 *
 * A worker screens a packet from a zone's port right after the stateless
 * screens, on the worker that received it, before punt, routing or
 * handoff: thresholds hold per worker.
 */
#ifndef BNGD_SCREEN_RATE_H
#define BNGD_SCREEN_RATE_H

#include "bngd.h"

/** Events logged per second at most; the rest are counted and summed up in one line. */
#define BNGD_SCREEN_LOG_PER_S 10

/**
 * Create every worker's rate screen state (worker->rate), or nothing when
 * no zone enables a rate screen.
 * @return 0 or -1 (message printed).
 */
int bngd_screen_rate_setup(struct bngd *app);

/**
 * Management lcore: take the workers' sweep and scan events and log them
 * (a line naming the source, its zone and what it did; at most
 * BNGD_SCREEN_LOG_PER_S a second).
 * @return how many events were taken (0: idle).
 */
unsigned int bngd_screen_rate_poll(struct bngd *app);

/** Zone @p zone's events the management lcore took but did not log (over the rate). */
uint64_t bngd_screen_rate_unlogged(unsigned int zone);

#endif /* BNGD_SCREEN_RATE_H */
