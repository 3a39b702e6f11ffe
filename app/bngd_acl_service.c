/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The "acl" service: the policy's verdict on a new flow, in the session's
 * create hook (see bngd_acl.h for why once, and why then). Kept apart from
 * the rest of the ACL glue so the configuration checks, which list the
 * services, need nothing of the application's.
 */
#include "bngd_acl.h"

/*
 * The tenant a flow is classified in: the descriptor's, but for flows in a
 * NAT instance's outside or hairpin namespace, which are classified in the
 * tenant whose services they run (the instance's first).
 */
static inline uint16_t
acl_tenant(const struct bngd_acl_worker *w, uint16_t t)
{
	if (t & 0x8000)
		return w->nat_tenant[NAT_TENANT_INSTANCE(t) % NAT_MAX_INSTANCES];
	return t;
}

static int
acl_create(void *arg, struct sess_table *t, struct sess_entry *s, struct rte_mbuf *m,
	   struct bng_desc *d)
{
	struct bngd_acl_worker *w = arg;
	struct screen_acl_key4 k4;
	struct screen_acl_key6 k6;
	struct screen_acl *p;
	uint32_t rule;
	int v6;

	RTE_SET_USED(t);
	if (w == NULL)
		return 0;
	/* Pairs with the release store of the reload: the policy is whole. */
	p = __atomic_load_n(w->cur, __ATOMIC_ACQUIRE);
	if (p == NULL)
		return 0;
	v6 = screen_acl_key(m, d, acl_tenant(w, d->tenant), &k4, &k6);
	switch (screen_acl_classify(p, w->worker, v6 ? (const void *)&k6 : (const void *)&k4, v6,
				    &rule)) {
	case SCREEN_ACL_PERMIT:
		w->permitted++;
		/* Decided for the session's life: its packets skip the ACL. */
		s->services &= (uint16_t)~(1u << w->bit);
		return 0;
	case SCREEN_ACL_DENY:
		w->denied++;
		return BNG_DROP_ACL_DENY;
	default:
		w->rejected++;
		return BNG_DROP_ACL_REJECT;
	}
}

/* Never reached for a session the ACL let in (it left the chain), but a
 * service needs a function. */
static enum sess_verdict
acl_run(void *arg, struct sess_entry *s, struct rte_mbuf *m, struct bng_desc *d, uint32_t dir)
{
	RTE_SET_USED(arg);
	RTE_SET_USED(s);
	RTE_SET_USED(m);
	RTE_SET_USED(d);
	RTE_SET_USED(dir);
	return SESS_CONTINUE;
}

const struct sess_service bngd_acl_service = {
	.name = "acl",
	.order = 200,
	.fn = acl_run,
	.create = acl_create,
};
