/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The service chain registry. Services (screen, acl, policer, nat, tcp-mss,
 * forward, counters...) register once at start-up with an order; sealing the
 * chain sorts them so that a session's service bitmap, walked from the
 * lowest bit, runs them in order. Each service is a function over the packet
 * descriptor returning a verdict. The chain also carries the session create
 * and delete callbacks. After sess_chain_seal() the chain is read-only, so
 * every worker may read it without synchronisation.
 */
#ifndef SESS_CHAIN_H
#define SESS_CHAIN_H

#include <stdint.h>

#include <jansson.h>

#include <rte_mbuf.h>

#include "bng_desc.h"
#include "sess.h"

#define SESS_SVC_MAX     16
#define SESS_SVC_NAMELEN 16
#define SESS_EVENT_MAX   8

/** What a service decided about a packet. */
enum sess_verdict {
	SESS_CONTINUE = 0, /**< run the next service, then L3 */
	SESS_DROP,         /**< drop; the service set d->drop */
	SESS_PUNT,         /**< hand to the management lcore */
	SESS_HANDOFF,      /**< send to worker d->owner */
};

/**
 * A service. @p arg is the per-worker argument set with
 * sess_table_set_svc_arg(); @p dir is sess_dir() of the packet.
 */
typedef enum sess_verdict (*sess_svc_fn)(void *arg, struct sess_entry *s, struct rte_mbuf *m,
					 struct bng_desc *d, uint32_t dir);

struct sess_service {
	char name[SESS_SVC_NAMELEN];
	uint16_t order; /**< lower runs first */
	sess_svc_fn fn;
	/**
	 * Optional: set up a new session's state for this service (slow path,
	 * on the owning worker). @return 0, or a drop reason refusing the flow.
	 */
	int (*create)(void *arg, struct sess_table *t, struct sess_entry *s, struct rte_mbuf *m,
		      struct bng_desc *d);
	/** Optional: release what create() set up, when the session goes. */
	void (*destroy)(void *arg, struct sess_table *t, struct sess_entry *s);
	/**
	 * Optional: what this service holds for session @p s (a copy), added to
	 * the console's detailed view @p j (management lcore).
	 */
	void (*describe)(const struct sess_entry *s, json_t *j);
};

/** Session event callback (create or delete), run on the owning worker. */
typedef void (*sess_event_fn)(void *arg, struct sess_table *t, struct sess_entry *s);

struct sess_event_hook {
	sess_event_fn fn;
	void *arg;
};

struct sess_chain {
	uint32_t n;
	int sealed;
	struct sess_service svc[SESS_SVC_MAX];
	uint32_t n_create, n_delete;
	struct sess_event_hook on_create[SESS_EVENT_MAX];
	struct sess_event_hook on_delete[SESS_EVENT_MAX];
};

/** Start an empty chain. */
void sess_chain_init(struct sess_chain *c);

/**
 * Register a service before the chain is sealed.
 * @return 0, -EINVAL (bad name/fn), -EEXIST (name taken), -ENOSPC (full),
 *         -EBUSY (already sealed).
 */
int sess_chain_register(struct sess_chain *c, const struct sess_service *svc);

/** Register a create or delete callback. @return 0, -ENOSPC, -EBUSY. */
int sess_chain_on_create(struct sess_chain *c, sess_event_fn fn, void *arg);
int sess_chain_on_delete(struct sess_chain *c, sess_event_fn fn, void *arg);

/** Sort services by order and freeze the chain. */
void sess_chain_seal(struct sess_chain *c);

/** Bit index of a service by name, or -ENOENT. Valid after sealing. */
int sess_chain_find(const struct sess_chain *c, const char *name);

/**
 * Service bitmap for a list of names.
 * @return 0 and *bits, or -ENOENT with *bad_index naming the unknown entry.
 */
int sess_chain_bitmap(const struct sess_chain *c, const char *const *names, unsigned int n,
		      uint16_t *bits, unsigned int *bad_index);

/** Set the per-worker argument a service receives on this table. */
static inline void
sess_table_set_svc_arg(struct sess_table *t, unsigned int bit, void *arg)
{
	if (bit < SESS_SVC_MAX)
		t->svc_arg[bit] = arg;
}

/** Run a session's services in order; stops at the first non-continue. */
static inline enum sess_verdict
sess_chain_run(const struct sess_chain *c, struct sess_table *t, struct sess_entry *s,
	       struct rte_mbuf *m, struct bng_desc *d, uint32_t dir)
{
	uint32_t bits = s->services;

	while (bits) {
		unsigned int i = (unsigned int)__builtin_ctz(bits);
		enum sess_verdict v;

		bits &= bits - 1;
		v = c->svc[i].fn(t->svc_arg[i], s, m, d, dir);
		if (v != SESS_CONTINUE)
			return v;
	}
	return SESS_CONTINUE;
}

/** The counters service: per-session packets and bytes in each direction. */
extern const struct sess_service sess_counters_service;

#endif /* SESS_CHAIN_H */
