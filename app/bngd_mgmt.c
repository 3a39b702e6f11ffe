/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The management lcore: drains the workers' punt rings (counting what it
 * sees until the control-plane libraries answer it), prints periodic
 * statistics when asked, and watches for the stop signal. It sleeps when
 * idle: it is not on the packet path.
 */
#include <inttypes.h>
#include <poll.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>

#include "bng_stats.h"
#include "bngd_acl.h"
#include "bngd_console.h"
#include "bngd_dhcp.h"
#include "bngd_host.h"
#include "bngd_pppoe.h"
#include "bngd_screen_rate.h"
#include "bngd_mgmt.h"
#include "bngd_neigh.h"

static const char *const punt_names[BNGD_PUNT_MAX] = {
#define PUNT_NAME(e, n) [BNGD_PUNT_##e] = n,
	BNGD_FOREACH_PUNT(PUNT_NAME)
#undef PUNT_NAME
};

const char *
bngd_punt_name(unsigned int k)
{
	return k < BNGD_PUNT_MAX ? punt_names[k] : "?";
}

uint32_t
bngd_mgmt_ms(void)
{
	return (uint32_t)(rte_rdtsc() / (rte_get_tsc_hz() / 1000));
}

/* Each punted packet to the library that answers it. */
static void
dispatch(struct bngd *app, struct rte_mbuf *m, uint32_t now_ms)
{
	uint8_t k = bng_desc(m)->punt;

	app->punts[k < BNGD_PUNT_MAX ? k : BNGD_PUNT_OTHER]++;
	switch (k) {
	case BNGD_PUNT_ARP:
	case BNGD_PUNT_ND:
		bngd_neigh_input(app, m, now_ms);
		break;
	case BNGD_PUNT_RESOLVE:
		bngd_neigh_hold(app, m, now_ms);
		break;
	case BNGD_PUNT_DHCP:
		bngd_dhcp_input(app, m);
		break;
	case BNGD_PUNT_HOST:
		bngd_host_input(app, m);
		break;
	case BNGD_PUNT_PPPOE_DISC:
	case BNGD_PUNT_PPP_CTRL:
	case BNGD_PUNT_PPPOE_STALE:
		bngd_pppoe_input(app, m, now_ms);
		break;
	default:
		rte_pktmbuf_free(m);
	}
}

static unsigned int
drain_punts(struct bngd *app)
{
	struct rte_mbuf *pkts[64];
	unsigned int total = 0;
	uint32_t now_ms = bngd_mgmt_ms();

	for (uint16_t w = 0; w < app->n_workers; w++) {
		unsigned int n = rte_ring_sc_dequeue_burst(app->workers[w]->punt, (void **)pkts,
							   RTE_DIM(pkts), NULL);

		for (unsigned int i = 0; i < n; i++)
			dispatch(app, pkts[i], now_ms);
		total += n;
	}
	if (app->mgmt->neigh != NULL)
		bngd_neigh_poll(app, now_ms);
	bngd_dhcp_poll(app);
	bngd_pppoe_poll(app, now_ms);
	total += bngd_host_poll(app);
	return total;
}

void
bngd_totals(const struct bngd *app, struct bngd_totals *t)
{
	memset(t, 0, sizeof(*t));
	for (uint16_t w = 0; w < app->n_workers; w++) {
		const struct bngd_worker *wk = app->workers[w];
		const struct sess_stats *ss = &wk->sess->st;

		t->rx += wk->st.rx;
		t->tx += wk->st.tx;
		t->pkts += wk->st.pkts;
		t->cycles += wk->st.cycles;
		t->sessions += sess_table_count(wk->sess);
		t->sess_bytes += sess_table_memory(wk->sess);
		t->sess.created += ss->created;
		t->sess.deleted += ss->deleted;
		t->sess.expired += ss->expired;
		t->sess.full += ss->full;
		t->sess.lookups += ss->lookups;
		t->sess.hits += ss->hits;
		for (unsigned int r = 0; r < BNG_DROP_MAX; r++)
			t->drops[r] += wk->drops.count[r] + (w == 0 ? app->mgmt_drops.count[r] : 0);
		for (unsigned int i = 0; i < BNGD_IP_STATS; i++)
			((uint64_t *)&t->ip)[i] += ((const uint64_t *)&wk->ip)[i];
	}
}

BNG_STAT_STRINGS(BNGD_FOREACH_IP_STAT, bngd_ip_stat_name, bngd_ip_stat_help)

void
bngd_mgmt_loop(struct bngd *app, double stats_interval_s, uint32_t exit_idle_ms)
{
	uint64_t hz = rte_get_tsc_hz();
	uint64_t interval = (uint64_t)(stats_interval_s * (double)hz);
	uint64_t next_stats = rte_rdtsc() + interval;
	uint64_t idle_tsc = (uint64_t)exit_idle_ms * hz / 1000;
	uint64_t last_rx_change = rte_rdtsc();
	struct bngd_totals prev, cur;

	bngd_totals(app, &prev);
	bngd_sample_take(app);
	app->mgmt->next_sample_tsc = rte_rdtsc() + hz;
	while (!app->stop) {
		struct pollfd fds[BNGD_CONSOLE_CLIENTS + 1];
		int nfd = 0;
		unsigned int busy;
		uint64_t now;

		/* poll() is also the idle sleep: 1 ms when nothing was punted. */
		if (app->mgmt->console != NULL)
			nfd = bngd_console_pollfds(app->mgmt->console, fds);
		busy = drain_punts(app);
		busy += bngd_screen_rate_poll(app);
		if (app->mgmt->nat_log != NULL)
			busy += nat_log_poll(app->mgmt->nat_log);
		if (poll(fds, (nfds_t)nfd, busy ? 0 : 1) > 0)
			bngd_console_serve(app->mgmt->console, fds, nfd);
		bngd_metrics_poll(app->mgmt->metrics);
		bngd_acl_poll(app);
		now = rte_rdtsc();
		if (now >= app->mgmt->next_sample_tsc) {
			bngd_sample_take(app);
			app->mgmt->next_sample_tsc = now + hz;
		}
		if (interval && now >= next_stats) {
			double secs = (double)(now - next_stats + interval) / (double)hz;
			uint64_t dp;

			bngd_totals(app, &cur);
			dp = cur.pkts - prev.pkts;
			printf("STATS rx_mpps=%.3f tx_mpps=%.3f cycles_per_pkt=%.1f sessions=%" PRIu64 "\n",
			       (double)(cur.rx - prev.rx) / secs / 1e6,
			       (double)(cur.tx - prev.tx) / secs / 1e6,
			       dp ? (double)(cur.cycles - prev.cycles) / (double)dp : 0.0, cur.sessions);
			fflush(stdout);
			prev = cur;
			next_stats = now + interval;
		}
		if (exit_idle_ms) {
			bngd_totals(app, &cur);
			if (cur.rx != prev.rx || cur.tx != prev.tx) {
				prev.rx = cur.rx;
				prev.tx = cur.tx;
				last_rx_change = now;
			} else if (now - last_rx_change > idle_tsc) {
				app->stop = 1;
			}
		}
	}
	drain_punts(app);
}

void
bngd_print_summary(const struct bngd *app, FILE *out)
{
	uint64_t hz = rte_get_tsc_hz();
	double secs = (double)(rte_rdtsc() - app->start_tsc) / (double)hz;
	struct bngd_totals t;

	bngd_totals(app, &t);
	fprintf(out, "bngd summary after %.1f s\n", secs);
	fprintf(out, "%-12s %12s %12s %12s %12s %10s\n", "port", "rx-packets", "tx-packets",
		"rx-missed", "rx-errors", "tx-errors");
	for (uint16_t i = 0; i < app->n_ports; i++) {
		struct rte_eth_stats es;

		if (rte_eth_stats_get(app->ports[i].id, &es) != 0)
			memset(&es, 0, sizeof(es));
		fprintf(out, "%-12s %12" PRIu64 " %12" PRIu64 " %12" PRIu64 " %12" PRIu64 " %10" PRIu64 "\n",
			app->ports[i].cfg->name, es.ipackets, es.opackets, es.imissed, es.ierrors,
			es.oerrors);
	}
	fprintf(out, "%-8s %6s %12s %12s %12s %12s %10s %12s %10s\n", "worker", "lcore", "rx", "tx",
		"handoff-in", "handoff-out", "punted", "express", "cyc/pkt");
	for (uint16_t w = 0; w < app->n_workers; w++) {
		const struct bngd_worker *wk = app->workers[w];

		fprintf(out, "%-8u %6u %12" PRIu64 " %12" PRIu64 " %12" PRIu64 " %12" PRIu64 " %10" PRIu64
			" %12" PRIu64 " %10.1f\n",
			w, wk->lcore, wk->st.rx, wk->st.tx, wk->st.handoff_in, wk->st.handoff_out,
			wk->st.punted, wk->st.express,
			wk->st.pkts ? (double)wk->st.cycles / (double)wk->st.pkts : 0.0);
	}
	fprintf(out, "sessions: active %" PRIu64 " created %" PRIu64 " deleted %" PRIu64
		" expired %" PRIu64 " refused-full %" PRIu64 " lookups %" PRIu64 " hits %" PRIu64 " table-bytes %zu\n",
		t.sessions, t.sess.created, t.sess.deleted, t.sess.expired, t.sess.full, t.sess.lookups,
		t.sess.hits, t.sess_bytes);
	fprintf(out, "drops:");
	for (unsigned int r = 1; r < BNG_DROP_MAX; r++)
		if (t.drops[r])
			fprintf(out, " %s=%" PRIu64, bng_drop_name(r), t.drops[r]);
	fprintf(out, "\npunts:");
	for (unsigned int k = 0; k < BNGD_PUNT_MAX; k++)
		if (app->punts[k])
			fprintf(out, " %s=%" PRIu64, bngd_punt_name(k), app->punts[k]);
	fprintf(out, "\n");
	fflush(out);
}

void
bngd_sub_counters(const struct bngd *app, uint32_t nh, uint64_t out[4])
{
	memset(out, 0, 4 * sizeof(out[0]));
	if (nh >= app->cfg->fib.max_nh)
		return;
	/* Each worker writes its own; a read may be a packet behind. */
	for (uint16_t w = 0; w < app->n_workers; w++) {
		const struct bngd_sub_ctr *c = &app->workers[w]->sub_ctr[nh];

		out[0] += c->pkts[0];
		out[1] += c->bytes[0];
		out[2] += c->pkts[1];
		out[3] += c->bytes[1];
	}
}
