/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The ACL policy's life in bngd (see bngd_acl.h): the start-up build, the
 * reload (build, swap, retire under RCU) and the answers to rejected
 * flows, sent by the worker that refused them.
 */
#include <errno.h>
#include <pthread.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_rcu_qsbr.h>

#include "bngd.h"
#include "bngd_acl.h"
#include "bngd_tx.h"
#include "fib_icmp.h"

#define ICMP4_UNREACH_PORT 3 /* RFC 792 */
#define ICMP6_UNREACH_PORT 4 /* RFC 4443 */

int
bngd_acl_setup(struct bngd *app)
{
	const struct bngd_config *cfg = app->cfg;
	int bit = sess_chain_find(&app->chain, "acl");
	struct bngd_acl *acl;

	acl = rte_zmalloc("bngd_acl", sizeof(*acl), RTE_CACHE_LINE_SIZE);
	if (acl == NULL)
		goto nomem;
	app->acl = acl;
	acl->n_workers = app->n_workers;
	/* As the NAT-side sessions' services (bngd_main.c): the first tenant
	 * an instance translates. */
	for (uint32_t i = cfg->n_tenants; i-- > 0;) {
		uint16_t inst = cfg->nat.tenant_instance[cfg->tenants[i].id];

		if (inst != NAT_NONE && inst < NAT_MAX_INSTANCES)
			acl->nat_tenant[inst] = cfg->tenants[i].id;
	}
	for (uint16_t w = 0; w < app->n_workers; w++) {
		struct bngd_acl_worker *aw = rte_zmalloc_socket("bngd_acl_worker", sizeof(*aw),
			RTE_CACHE_LINE_SIZE, (int)rte_lcore_to_socket_id(app->workers[w]->lcore));

		if (aw == NULL)
			goto nomem;
		aw->cur = &acl->cur;
		aw->nat_tenant = acl->nat_tenant;
		aw->worker = w;
		aw->bit = (uint8_t)(bit < 0 ? 0 : bit);
		aw->bucket.last_tsc = rte_rdtsc();
		aw->bucket.tokens = (uint64_t)cfg->acl.reject_burst * app->tsc_hz;
		acl->w[w] = aw;
		if (bit >= 0)
			sess_table_set_svc_arg(app->workers[w]->sess, (unsigned int)bit, aw);
	}
	if (!cfg->acl.enabled)
		return 0;   /* no policy: the service, if listed, permits everything */
	acl->socket = (int)rte_socket_id();
	acl->cur = screen_acl_create(++acl->generation, acl->socket, app->n_workers,
				     cfg->acl.rules, cfg->acl.n_rules, cfg->acl.default_action);
	if (acl->cur == NULL) {
		fprintf(stderr, "bngd: acl: building %u rules: %s\n", cfg->acl.n_rules,
			rte_strerror(rte_errno));
		return -1;
	}
	snprintf(acl->file, sizeof(acl->file), "%s", cfg->acl.file);
	return 0;
nomem:
	fprintf(stderr, "bngd: acl: out of memory\n");
	return -1;
}

void
bngd_acl_free(struct bngd *app)
{
	struct bngd_acl *acl = app->acl;

	if (acl == NULL)
		return;
	if (acl->building) {
		pthread_join(acl->thread, NULL);
		screen_acl_free(acl->built);
		bngd_acl_cfg_release(&acl->pending);
	}
	/* The workers have stopped: nothing reads any policy any more. */
	for (uint32_t i = 0; i < acl->n_retired; i++)
		screen_acl_free(acl->retired[i]);
	screen_acl_free(acl->cur);
	for (uint16_t w = 0; w < acl->n_workers; w++)
		rte_free(acl->w[w]);
	rte_free(acl);
	app->acl = NULL;
}

void
bngd_acl_reclaim(struct bngd *app)
{
	struct bngd_acl *acl = app->acl;
	uint32_t keep = 0;

	for (uint32_t i = 0; i < acl->n_retired; i++) {
		if (rte_rcu_qsbr_check(app->rcu, acl->token[i], false) == 1) {
			screen_acl_free(acl->retired[i]);
			continue;
		}
		acl->retired[keep] = acl->retired[i];
		acl->token[keep++] = acl->token[i];
	}
	acl->n_retired = keep;
}

/*
 * The build thread: rte_acl_build() of 10000 rules takes seconds, which the
 * management lcore cannot stop for (PPP keepalives, DHCP, ARP, the
 * console). It builds from the rules it was given and hands the policy
 * back through acl->built (release); bngd_acl_poll() publishes it.
 */
static void *
build_main(void *arg)
{
	struct bngd_acl *acl = arg;
	struct screen_acl *p;

	p = screen_acl_create(acl->generation + 1, acl->socket, acl->n_workers, acl->pending.rules,
			      acl->pending.n_rules, acl->pending.default_action);
	acl->build_errno = p == NULL ? rte_errno : 0;
	__atomic_store_n(&acl->built, p, __ATOMIC_RELEASE);
	__atomic_store_n(&acl->build_done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* Put a built policy in force and retire the one it replaces. */
static void
publish(struct bngd *app, struct screen_acl *p)
{
	struct bngd_acl *acl = app->acl;
	struct screen_acl *old = acl->cur;

	acl->generation = p->generation;
	snprintf(acl->file, sizeof(acl->file), "%s", acl->pending.file);
	/* Workers read the policy at each new flow (acquire): from here on
	 * they see the new one, whole. */
	__atomic_store_n(&acl->cur, p, __ATOMIC_RELEASE);
	acl->reloads++;
	snprintf(acl->result, sizeof(acl->result),
		 "acl generation %u: %u rules, default %s, built in %" PRIu64 " us", p->generation,
		 p->n_rules, screen_acl_action_name(p->default_action), p->build_us);
	if (old != NULL) {
		/* Freed once every worker has passed a quiescent state: none can
		 * still be classifying with it (bngd_acl_reclaim()). */
		acl->retired[acl->n_retired] = old;
		acl->token[acl->n_retired++] = rte_rcu_qsbr_start(app->rcu);
	}
}

/* A finished build: join its thread, publish or report. @return 1 if one finished. */
static int
build_finish(struct bngd *app)
{
	struct bngd_acl *acl = app->acl;
	struct screen_acl *p;

	if (!acl->building || !__atomic_load_n(&acl->build_done, __ATOMIC_ACQUIRE))
		return 0;
	pthread_join(acl->thread, NULL);
	acl->building = 0;
	p = __atomic_load_n(&acl->built, __ATOMIC_ACQUIRE);
	if (p != NULL) {
		publish(app, p);
	} else {
		snprintf(acl->result, sizeof(acl->result), "building %u rules failed: %s; the rules "
			 "in force are unchanged", acl->pending.n_rules, rte_strerror(acl->build_errno));
		acl->reload_failures++;
	}
	bngd_acl_cfg_release(&acl->pending);
	return 1;
}

void
bngd_acl_poll(struct bngd *app)
{
	if (app->acl == NULL)
		return;
	build_finish(app);
	if (app->acl->n_retired)
		bngd_acl_reclaim(app);
}

int
bngd_acl_reload(struct bngd *app, char *msg, size_t len)
{
	struct bngd_acl *acl = app->acl;
	char *errs = NULL;
	size_t errlen = 0;
	FILE *err;
	int n;

	bngd_acl_reclaim(app);
	if (acl->building) {
		snprintf(msg, len, "a reload is in progress (generation %u); try again once it is "
			 "done (show acl statistics)", acl->generation + 1);
		return -1;
	}
	if (acl->n_retired == BNGD_ACL_RETIRED) {
		snprintf(msg, len, "the policies replaced before are still in use by a worker; "
			 "try again");
		acl->reload_failures++;
		return -1;
	}
	err = open_memstream(&errs, &errlen);
	if (err == NULL) {
		snprintf(msg, len, "out of memory");
		acl->reload_failures++;
		return -1;
	}
	n = bngd_acl_cfg_read(app->cfg->source, bngd_builtin_config, &acl->pending, err);
	fclose(err);
	if (n != 0) {
		snprintf(msg, len, "%d error%s, the rules in force are unchanged:\n%s", n,
			 n > 1 ? "s" : "", errs ? errs : "");
		free(errs);
		acl->reload_failures++;
		return -1;
	}
	free(errs);
	if (!acl->pending.enabled) {
		bngd_acl_cfg_release(&acl->pending);
		snprintf(msg, len, "%s has no acl section any more; the rules in force are "
			 "unchanged", app->cfg->source);
		acl->reload_failures++;
		return -1;
	}
	acl->build_done = 0;
	acl->built = NULL;
	if (pthread_create(&acl->thread, NULL, build_main, acl) != 0) {
		bngd_acl_cfg_release(&acl->pending);
		snprintf(msg, len, "cannot start the build thread; the rules in force are unchanged");
		acl->reload_failures++;
		return -1;
	}
	acl->building = 1;
	/* Most rule sets build in milliseconds: answer with the outcome then;
	 * a large one goes on beside the management loop. */
	for (int i = 0; i < 500 && !build_finish(app); i++)
		rte_delay_us_sleep(1000);
	if (acl->building) {
		snprintf(msg, len, "building generation %u: %u rules (in force once built: show "
			 "acl statistics)", acl->generation + 1, acl->pending.n_rules);
		return 0;
	}
	snprintf(msg, len, "%s", acl->result);
	return strncmp(acl->result, "building", 8) == 0 ? -1 : 0;
}

void
bngd_acl_reject(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d)
{
	const struct bngd *a = w->app;
	struct bngd_acl_worker *aw = a->acl->w[w->idx];
	const struct fib *f = a->fib;
	const int v6 = d->kind == BNG_PKT_IPV6;
	const uint8_t *src;
	int rc;

	w->drops.count[BNG_DROP_ACL_REJECT]++;
	if (!fib_icmp_error_allowed(m, d) || !bngd_l3_unicast_source(f, m, d) ||
	    (d->ip_proto == IPPROTO_TCP && (d->tcp_flags & RTE_TCP_RST_FLAG))) {
		aw->suppressed++;
		goto free;
	}
	if (!bngd_bucket_take(&aw->bucket, a->cfg->acl.reject_rate,
			      a->cfg->acl.reject_burst, a->tsc_hz, rte_rdtsc())) {
		aw->rate_limited++;
		goto free;
	}
	if (d->ip_proto == IPPROTO_TCP) {
		rc = screen_acl_tcp_reset(m, d, w->ip_id++);
		if (rc == 0)
			aw->resets++;
	} else {
		/* A UDP port that refuses looks closed to the application
		 * (ECONNREFUSED); anything else is told it is prohibited. */
		int udp = d->ip_proto == IPPROTO_UDP;

		src = bngd_l3_error_source(f, d->port, v6);
		rc = src == NULL ? -EINVAL :
		     fib_icmp_error(m, d, src, v6 ? FIB_ICMP6_UNREACH : FIB_ICMP4_UNREACH,
				    udp ? (v6 ? ICMP6_UNREACH_PORT : ICMP4_UNREACH_PORT) :
					  (v6 ? FIB_ICMP6_UNREACH_ADMIN : FIB_ICMP4_UNREACH_ADMIN),
				    0, w->ip_id++);
		if (rc == 0)
			aw->unreachables++;
	}
	if (rc != 0) {
		aw->suppressed++;
		goto free;
	}
	/* Routed back like the router's own ICMP: never answered. */
	bngd_l3_send_own(w, m, d);
	return;
free:
	if (TRACED(d))
		bngd_trace_final(w, d, BNG_TR_DROP, BNG_DROP_ACL_REJECT, 0);
	rte_pktmbuf_free(m);
}
