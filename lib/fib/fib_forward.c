/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The forward service. It decides where a packet goes (d->nh) and does the
 * router's duty on the IP header (TTL / hop limit); L2 rewrite happens after
 * the chain, once every service has agreed. Packets for the appliance's own
 * addresses are punted.
 */
#include "fib.h"

static enum sess_verdict
forward_run(void *arg, struct sess_entry *s, struct rte_mbuf *m, struct bng_desc *d,
	    uint32_t dir)
{
	RTE_SET_USED(s);
	RTE_SET_USED(dir);
	return fib_forward(arg, m, d);
}

const struct sess_service fib_forward_service = {
	.name = "forward",
	.order = 800,
	.fn = forward_run,
};
