/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The ACL policy in bngd: the "acl" service of the chain, the policy the
 * workers classify new flows with, its reload, and the answers to rejected
 * flows.
 *
 * When it is evaluated: once per session, when the session is created (the
 * service's create hook), on the packet that creates it, before NAT
 * translates anything. A permitted flow gets its session and the service
 * takes itself out of that session's chain, so the session's packets run
 * exactly the chain they would run without the ACL (the worker's inline
 * paths included): established traffic pays nothing. A denied or rejected
 * flow gets no session at all: its every packet is classified again (one
 * rte_acl lookup) and dropped or answered. Holding no state for refused
 * traffic means a scan or a flood against the policy cannot fill the
 * session table or take NAT ports.
 *
 * Reload: "reload acl" reads the rules again (the configuration's "acl"
 * section and its rules file) on the management lcore, has a thread build
 * the new rte_acl contexts (10000 rules take seconds; the management loop
 * goes on meanwhile) and publishes the result with one pointer store from
 * the management loop; workers pick it up on their next new flow. The old policy is freed once every worker has reported a
 * quiescent state since the swap (rte_rcu_qsbr). Sessions that exist keep
 * the verdict they were created with until they end (as a stateful
 * firewall keeps its states across a ruleset reload); "clear sessions"
 * makes the new policy apply to them at once. A file with errors changes
 * nothing: the policy in force stays, and the errors are the reply.
 */
#ifndef BNGD_ACL_H
#define BNGD_ACL_H

#include <pthread.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_mbuf.h>

#include "bng_desc.h"
#include "bngd.h"
#include "nat.h"
#include "screen_acl.h"
#include "sess_chain.h"

/** A worker's view of the ACL: the service's argument on its session table. */
struct bngd_acl_worker {
	struct screen_acl **cur;     /**< where the policy in force is published */
	const uint16_t *nat_tenant;  /**< [NAT_MAX_INSTANCES]: tenant of NAT-side flows */
	uint16_t worker;
	uint8_t bit;                 /**< the acl service's bit in the chain */
	/* New flows by verdict, since start (policies come and go). */
	uint64_t permitted;
	uint64_t denied;
	uint64_t rejected;
	/* Answers to rejected flows. */
	uint64_t resets;             /**< TCP resets sent */
	uint64_t unreachables;       /**< ICMP / ICMPv6 unreachables sent */
	uint64_t rate_limited;       /**< not answered: over acl.reject_rate */
	uint64_t suppressed;         /**< not answered: a reset, an ICMP error, a fragment, a non-unicast source */
	struct bngd_bucket bucket;   /**< answers to rejected flows (acl.reject_rate) */
} __rte_cache_aligned;

/** Retired policies waiting for their grace period. */
#define BNGD_ACL_RETIRED 8

/** The ACL state of the application (management lcore, but for cur). */
struct bngd_acl {
	struct screen_acl *cur;      /**< published with a release store */
	struct screen_acl *retired[BNGD_ACL_RETIRED];
	uint64_t token[BNGD_ACL_RETIRED];
	uint32_t n_retired;
	uint32_t generation;
	uint64_t reloads;
	uint64_t reload_failures;
	char file[512];              /**< rules file of the policy in force */
	int socket;                  /**< of the policies' memory */
	/* A reload being built by its thread (bngd_acl.c). */
	int building;                /**< the thread runs (management lcore's view) */
	pthread_t thread;
	struct bngd_acl_cfg pending; /**< the rules it builds from */
	struct screen_acl *built;    /**< its result (release), NULL: failed */
	int build_errno;
	int build_done;              /**< set last by the thread (release) */
	char result[256];            /**< the last reload's outcome */
	uint16_t nat_tenant[NAT_MAX_INSTANCES];
	uint16_t n_workers;
	struct bngd_acl_worker *w[RTE_MAX_LCORE];
};

/** The "acl" service (registered in bngd_services.c). */
extern const struct sess_service bngd_acl_service;

/**
 * Build the start-up policy from the configuration and give every worker's
 * session table its argument (after the workers and the chain exist).
 * @return 0, or -1 (message printed).
 */
int bngd_acl_setup(struct bngd *app);

/**
 * "reload acl": read the rules again, build, swap, retire the old policy.
 * @param msg  out: what happened (the errors when it failed)
 * @return 0, or -1 (the policy in force unchanged).
 */
int bngd_acl_reload(struct bngd *app, char *msg, size_t len);

/** Publish a finished reload and free retired policies (management loop). */
void bngd_acl_poll(struct bngd *app);

/**
 * At exit, once the workers have stopped: wait for a reload's build thread
 * (it allocates from the EAL's heap, which rte_eal_cleanup() tears down)
 * and free every policy. NULL acl is a no-op.
 */
void bngd_acl_free(struct bngd *app);

/** Free the retired policies whose grace period is over (management lcore). */
void bngd_acl_reclaim(struct bngd *app);

/**
 * A new flow the policy rejected (BNG_DROP_ACL_REJECT): counted as dropped,
 * and answered, within the worker's acl.reject_rate, with a TCP reset
 * (TCP) or an ICMP unreachable (port unreachable for UDP, administratively
 * prohibited otherwise) that quotes it.
 */
void bngd_acl_reject(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d);

#endif /* BNGD_ACL_H */
