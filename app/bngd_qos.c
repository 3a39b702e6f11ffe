/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * QoS set-up and the subscribers' bindings. The profiles and every
 * worker's meters are allocated before the workers start; afterwards the
 * management lcore only stores bindings (screen_qos_bind()): when a PPPoE
 * session comes up or a DHCP lease is bound, and when they end.
 *
 * Between a subscriber's route appearing and its binding (the next lines
 * of the same management step) its packets pass unpoliced; a next hop is
 * unbound before its route goes, so a next hop reused by anyone else never
 * inherits a profile.
 */
#include <arpa/inet.h>
#include <stdio.h>

#include <rte_errno.h>
#include <rte_lcore.h>

#include "bngd_neigh.h"
#include "bngd_qos.h"

/* The static subscribers: each address's own next hop, a configured neighbour's. */
static int
bind_statics(struct bngd *app)
{
	const struct bngd_qos_cfg *qc = &app->cfg->qos;

	for (uint32_t i = 0; i < qc->n_static; i++) {
		const struct bngd_qos_static *st = &qc->statics[i];
		uint16_t port = app->ports[st->port].id;
		const struct fib_vrf *v = &app->fib->vrf[bngd_port_vrf(app, port)];
		char a[INET_ADDRSTRLEN];
		uint32_t nh;

		inet_ntop(AF_INET, &st->addr, a, sizeof(a));
		if (v->lpm4 == NULL || rte_lpm_lookup(v->lpm4, rte_be_to_cpu_32(st->addr), &nh) != 0 ||
		    !(app->fib->nh[nh].flags & FIB_NH_RESOLVED) ||
		    (app->fib->nh[nh].flags & FIB_NH_CONNECTED)) {
			fprintf(stderr, "%s:%d: qos.subscribers: %s has no next hop of its own\n",
				app->cfg->source, st->line, a);
			return -1;
		}
		screen_qos_bind(app->qos, nh, st->profile);
	}
	return 0;
}

int
bngd_qos_setup(struct bngd *app)
{
	const struct bngd_qos_cfg *qc = &app->cfg->qos;

	if (qc->n_profiles == 0)
		return 0;
	app->qos = screen_qos_create("qos", (int)rte_socket_id(), qc->profiles,
				     (uint16_t)qc->n_profiles, app->cfg->fib.max_nh);
	if (app->qos == NULL) {
		fprintf(stderr, "bngd: qos: %s\n", rte_strerror(rte_errno));
		return -1;
	}
	for (uint16_t w = 0; w < app->n_workers; w++) {
		struct bngd_worker *wk = app->workers[w];

		wk->qos = screen_qos_worker_create(app->qos, (int)rte_lcore_to_socket_id(wk->lcore));
		if (wk->qos == NULL) {
			fprintf(stderr, "bngd: qos: worker %u's policers (fib.max_next_hops of them): %s\n",
				w, rte_strerror(rte_errno));
			return -1;
		}
	}
	return bind_statics(app);
}

uint16_t
bngd_qos_profile_for(struct bngd *app, uint16_t port, const char *filter_id)
{
	const struct bngd_qos_cfg *qc = &app->cfg->qos;
	int p;

	if (app->qos == NULL)
		return SCREEN_QOS_NONE;
	if (filter_id != NULL && (p = screen_qos_profile_lookup(app->qos, filter_id)) >= 0)
		return (uint16_t)p;
	for (uint16_t i = 0; i < app->n_ports; i++)
		if (app->ports[i].id == port) {
			uint16_t pp = qc->port_profile[app->ports[i].cfg - app->cfg->ports];

			if (pp != SCREEN_QOS_NONE)
				return pp;
		}
	return qc->default_profile;
}

void
bngd_qos_sub_up(struct bngd *app, uint32_t nh, uint16_t port, const char *filter_id)
{
	uint16_t p;

	if (app->qos == NULL)
		return;
	/* The same subscriber again (a DHCP renewal, a route updated in
	 * place) keeps its meters and counters: only a change rebinds. A new
	 * subscriber always comes after the unbinding of the last one. */
	p = bngd_qos_profile_for(app, port, filter_id);
	if (screen_qos_bound(app->qos, nh) != p)
		screen_qos_bind(app->qos, nh, p);
}

void
bngd_qos_sub_down(struct bngd *app, uint32_t nh)
{
	if (app->qos != NULL)
		screen_qos_bind(app->qos, nh, SCREEN_QOS_NONE);
}

void
bngd_qos_sub_down_addr(struct bngd *app, uint32_t vrf, uint32_t addr)
{
	const struct fib_vrf *v;
	uint32_t nh;

	if (app->qos == NULL || vrf >= FIB_MAX_VRF)
		return;
	v = &app->fib->vrf[vrf];
	if (v->lpm4 != NULL && rte_lpm_lookup(v->lpm4, rte_be_to_cpu_32(addr), &nh) == 0 &&
	    (app->fib->nh[nh].host & FIB_HOST_SUB))
		screen_qos_bind(app->qos, nh, SCREEN_QOS_NONE);
}

uint64_t
bngd_qos_unknown_filter_ids(const struct bngd *app)
{
	return app->qos != NULL ? app->qos->unknown_names : 0;
}
