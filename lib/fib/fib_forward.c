/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The forward service. It decides where a packet goes (d->nh) and does the
 * router's duty on the IP header (TTL / hop limit); L2 rewrite happens after
 * the chain, once every service has agreed. Packets for the appliance's own
 * addresses are punted.
 */
#include <rte_ip.h>

#include "bng_cksum.h"
#include "fib.h"

static enum sess_verdict
forward_run(void *arg, struct sess_entry *s, struct rte_mbuf *m, struct bng_desc *d,
	    uint32_t dir)
{
	const struct fib *f = arg;
	uint8_t *l3 = rte_pktmbuf_mtod_offset(m, uint8_t *, d->l3_off);
	uint32_t vrf = d->tenant < FIB_MAX_TENANT ? f->tenant_vrf[d->tenant] : 0;
	uint32_t nh;
	int rc;

	RTE_SET_USED(s);
	RTE_SET_USED(dir);
	if (d->kind == BNG_PKT_IPV4) {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)l3;

		rc = fib_lookup4(f, vrf, ip->dst_addr, &nh);
		if (rc < 0)
			goto no_route;
		if (f->nh[nh].flags & FIB_NH_LOCAL)
			return SESS_PUNT;
		if (ip->time_to_live <= 1) {
			d->drop = BNG_DROP_TTL_EXCEEDED;
			return SESS_DROP;
		}
		bng_ip4_ttl_dec(ip);
	} else {
		struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)l3;

		rc = fib_lookup6(f, vrf, ip->dst_addr, &nh);
		if (rc < 0)
			goto no_route;
		if (f->nh[nh].flags & FIB_NH_LOCAL)
			return SESS_PUNT;
		if (ip->hop_limits <= 1) {
			d->drop = BNG_DROP_TTL_EXCEEDED;
			return SESS_DROP;
		}
		ip->hop_limits--;
	}
	if (unlikely(!(f->nh[nh].flags & FIB_NH_RESOLVED))) {
		d->drop = (f->nh[nh].flags & FIB_NH_DROP) ? BNG_DROP_NO_ROUTE :
							   BNG_DROP_NEIGH_UNRESOLVED;
		return SESS_DROP;
	}
	d->nh = nh;
	return SESS_CONTINUE;
no_route:
	d->drop = BNG_DROP_NO_ROUTE;
	return SESS_DROP;
}

const struct sess_service fib_forward_service = {
	.name = "forward",
	.order = 800,
	.fn = forward_run,
};
