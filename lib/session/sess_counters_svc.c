/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The counters service: packets and bytes per session and direction. It
 * writes only the session entry, which the owning worker already has in
 * cache, so it costs two adds.
 */
#include "sess_chain.h"

static enum sess_verdict
counters_run(void *arg, struct sess_entry *s, struct rte_mbuf *m, struct bng_desc *d,
	     uint32_t dir)
{
	RTE_SET_USED(arg);
	RTE_SET_USED(d);
	sess_count(s, dir, rte_pktmbuf_pkt_len(m));
	return SESS_CONTINUE;
}

const struct sess_service sess_counters_service = {
	.name = "counters",
	.order = 900,
	.fn = counters_run,
};
