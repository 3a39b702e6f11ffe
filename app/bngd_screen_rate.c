/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Rate screens: set-up of the workers' state and the event log. A
 * worker's sweep or scan event reaches the management lcore through the
 * worker's event ring (screen_rate_events_burst()); this file turns it
 * into one log line naming the source. A sweep from many spoofed sources
 * could ask for thousands of lines a second: past BNGD_SCREEN_LOG_PER_S
 * in a second the events are only counted, and the count is logged when
 * the second ends (the blocked sources stay listed by "show screen
 * blocked" either way).
 */
#include <inttypes.h>
#include <stdio.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_lcore.h>

#include "bng_log.h"
#include "bngd_screen_rate.h"

/* The log's rate, management lcore only. */
static struct {
	uint64_t second_tsc;   /* the current second began */
	uint32_t logged;       /* lines in the current second */
	uint64_t skipped;      /* events of the current second not logged */
	uint64_t unlogged[SCREEN_MAX_ZONES]; /* in all, by zone */
} log_rate;

int
bngd_screen_rate_setup(struct bngd *app)
{
	const struct bngd_config *cfg = app->cfg;
	struct screen_rate_zone z[SCREEN_MAX_ZONES];
	uint32_t any = 0;

	for (uint32_t i = 0; i < cfg->n_screen_zones; i++) {
		z[i] = cfg->screen_zones[i].rate;
		any |= z[i].enabled;
	}
	if (any == 0)
		return 0;
	for (uint16_t w = 0; w < app->n_workers; w++) {
		struct bngd_worker *wk = app->workers[w];
		char name[16];

		snprintf(name, sizeof(name), "w%u", w);
		wk->rate = screen_rate_create(name, (int)rte_lcore_to_socket_id(wk->lcore), z,
					      cfg->n_screen_zones);
		if (wk->rate == NULL) {
			fprintf(stderr, "bngd: screens: worker %u's rate screen tables: %s\n", w,
				rte_strerror(rte_errno));
			return -1;
		}
	}
	return 0;
}

static void
log_event(const struct bngd *app, const struct screen_rate_event *e)
{
	const struct bngd_screen_zone *z = &app->cfg->screen_zones[e->zone];
	char a[64];

	screen_rate_addr_str(e->addr, e->v6, a, sizeof(a));
	if (e->kind == SCREEN_RATE_IP_SWEEP)
		BNG_LOG(WARNING, app, "screen: zone %s: IP sweep from %s: SYNs or echo requests to "
			"more than %u destinations in %u ms%s%u s", z->name, a, e->limit,
			z->rate.window_ms, e->blocked ? "; source blocked for " : "",
			e->blocked ? z->rate.block_s : 0);
	else
		BNG_LOG(WARNING, app, "screen: zone %s: port scan from %s: SYNs to more than %u "
			"ports of one destination in %u ms%s%u s", z->name, a, e->limit,
			z->rate.window_ms, e->blocked ? "; source blocked for " : "",
			e->blocked ? z->rate.block_s : 0);
}

/* A new second of the log: say how many events the last one did not log. */
static void
flush_skipped(uint64_t now)
{
	if (log_rate.skipped)
		BNG_LOG(WARNING, app, "screen: %" PRIu64 " more sweep or scan events in the last "
			"second, not logged", log_rate.skipped);
	log_rate.second_tsc = now;
	log_rate.logged = 0;
	log_rate.skipped = 0;
}

unsigned int
bngd_screen_rate_poll(struct bngd *app)
{
	struct screen_rate_event ev[32];
	uint64_t now = 0, hz = app->tsc_hz;
	unsigned int taken = 0;

	if (log_rate.skipped && (now = rte_rdtsc()) - log_rate.second_tsc >= hz)
		flush_skipped(now);
	for (uint16_t w = 0; w < app->n_workers; w++) {
		struct screen_rate *r = app->workers[w]->rate;
		unsigned int n;

		if (r == NULL)
			return taken;   /* all or none have one */
		n = screen_rate_events_burst(r, ev, RTE_DIM(ev));
		if (n == 0)
			continue;
		if (now == 0)
			now = rte_rdtsc();
		for (unsigned int i = 0; i < n; i++) {
			if (now - log_rate.second_tsc >= hz)
				flush_skipped(now);
			if (log_rate.logged < BNGD_SCREEN_LOG_PER_S) {
				log_rate.logged++;
				log_event(app, &ev[i]);
			} else {
				log_rate.skipped++;
				log_rate.unlogged[ev[i].zone]++;
			}
		}
		taken += n;
	}
	return taken;
}

uint64_t
bngd_screen_rate_unlogged(unsigned int zone)
{
	return zone < SCREEN_MAX_ZONES ? log_rate.unlogged[zone] : 0;
}
