/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The router's own answers, on the worker that received the packet: ICMP
 * errors for refused packets, echo replies for the appliance's addresses,
 * and reassembly. All of it is off the forwarding fast path: it runs only
 * for packets the router refuses, answers or must put back together.
 */
#include <rte_icmp.h>
#include <rte_ip.h>

#include "bng_parse.h"
#include "bngd_acl.h"
#include "bngd_tx.h"
#include "fib_icmp.h"

void
bngd_l3_send_own(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d)
{
	enum bng_drop r;
	uint32_t nh;

	d->l3flags = 0;
	r = fib_route(w->app->fib, m, d, &nh);
	/* As the source of its own IPv6 packets the router may fragment them. */
	if (r == BNG_DROP_PKT_TOO_BIG) {
		d->l3flags |= BNG_L3F_FRAG;
		r = BNG_DROP_NONE;
	}
	if (r != BNG_DROP_NONE) {
		bngd_drop(w, m, r);
		return;
	}
	d->nh = nh;
	if (TRACED(d))
		bngd_l2_tx(w, m, d, 1);
	else
		bngd_l2_tx(w, m, d, 0);
}

const uint8_t *
bngd_l3_error_source(const struct fib *f, uint16_t port, int v6)
{
	const struct fib_port *p = &f->port[port];

	if (v6)
		return p->has6 ? p->addr6 : NULL;
	return p->has4 ? (const uint8_t *)&p->addr4 : NULL;
}

int
bngd_l3_unicast_source(const struct fib *f, const struct rte_mbuf *m, const struct bng_desc *d)
{
	const uint8_t *l3 = rte_pktmbuf_mtod_offset(m, const uint8_t *, d->l3_off);
	uint32_t vrf = d->tenant < FIB_MAX_TENANT ? f->tenant_vrf[d->tenant] : 0;
	uint32_t nh;
	int rc;

	if (d->kind == BNG_PKT_IPV4)
		rc = fib_lookup4(f, vrf, ((const struct rte_ipv4_hdr *)l3)->src_addr, &nh);
	else
		rc = fib_lookup6(f, vrf, ((const struct rte_ipv6_hdr *)l3)->src_addr, &nh);
	return rc < 0 || !(f->nh[nh].flags & (FIB_NH_LOCAL | FIB_NH_BCAST));
}

void
bngd_l3_refuse(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d, enum bng_drop why)
{
	const struct bngd *a = w->app;
	const struct fib *f = a->fib;
	int v6 = d->kind == BNG_PKT_IPV6;
	uint8_t type, code;
	uint32_t info = 0;
	uint64_t *sent;
	const uint8_t *src;

	switch (why) {
	case BNG_DROP_TTL_EXCEEDED:
		type = v6 ? FIB_ICMP6_TIME_EXCEEDED : FIB_ICMP4_TIME_EXCEEDED;
		code = 0;
		sent = &w->ip.icmp_time_exceeded;
		break;
	case BNG_DROP_NO_ROUTE:
	case BNG_DROP_ADMIN_PROHIBITED:
		if (!a->cfg->ip.unreachable)
			goto drop;
		type = v6 ? FIB_ICMP6_UNREACH : FIB_ICMP4_UNREACH;
		code = why == BNG_DROP_NO_ROUTE ?
			       (v6 ? FIB_ICMP6_UNREACH_NOROUTE : FIB_ICMP4_UNREACH_NET) :
			       (v6 ? FIB_ICMP6_UNREACH_ADMIN : FIB_ICMP4_UNREACH_ADMIN);
		sent = &w->ip.icmp_unreachable;
		break;
	case BNG_DROP_NAT_EXHAUSTED:
	case BNG_DROP_NAT_QUOTA:
		/* RFC 6888 REQ-11: out of ports or over quota, host unreachable. */
		if (v6)
			goto drop;
		type = FIB_ICMP4_UNREACH;
		code = FIB_ICMP4_UNREACH_HOST;
		sent = &w->ip.icmp_unreachable;
		break;
	case BNG_DROP_ACL_REJECT:
		/* The ACL's own answers (TCP reset or ICMP), at its own rate. */
		bngd_acl_reject(w, m, d);
		return;
	case BNG_DROP_FRAG_NEEDED:
		type = FIB_ICMP4_UNREACH;
		code = FIB_ICMP4_UNREACH_FRAG;
		info = f->port[f->nh[d->nh].port].mtu;
		sent = &w->ip.icmp_frag_needed;
		break;
	case BNG_DROP_PKT_TOO_BIG:
		type = FIB_ICMP6_TOO_BIG;
		code = 0;
		info = f->port[f->nh[d->nh].port].mtu;
		sent = &w->ip.icmp_too_big;
		break;
	default:
		goto drop;
	}
	/* The refused packet counts as dropped whether or not it is answered. */
	w->drops.count[why]++;
	src = bngd_l3_error_source(f, d->port, v6);
	if (src == NULL || !fib_icmp_error_allowed(m, d) || !bngd_l3_unicast_source(f, m, d)) {
		w->ip.icmp_suppressed++;
		goto free;
	}
	if (!bngd_bucket_take(&w->icmp_bucket, a->cfg->ip.icmp_rate, a->cfg->ip.icmp_burst,
			      a->tsc_hz, rte_rdtsc())) {
		w->ip.icmp_rate_limited++;
		goto free;
	}
	if (TRACED(d))
		bng_trace_event(a->trace, d, (uint8_t)w->idx, BNG_TR_DROP, (uint16_t)why, 0);
	if (fib_icmp_error(m, d, src, type, code, info, w->ip_id++) != 0) {
		w->ip.icmp_suppressed++;
		goto free;
	}
	(*sent)++;
	if (TRACED(d))
		bng_trace_event(a->trace, d, (uint8_t)w->idx, BNG_TR_ICMP, type, code);
	bngd_l3_send_own(w, m, d);
	return;
free:
	if (TRACED(d))
		bngd_trace_final(w, d, BNG_TR_DROP, (uint16_t)why, 0);
	rte_pktmbuf_free(m);
	return;
drop:
	bngd_drop(w, m, why);
}

static int
is_echo_request(const struct rte_mbuf *m, const struct bng_desc *d)
{
	const uint8_t *l4;

	if (d->l4_off == 0 || (d->flags & BNG_DF_FRAG))
		return 0;
	l4 = rte_pktmbuf_mtod_offset(m, const uint8_t *, d->l4_off);
	if (d->kind == BNG_PKT_IPV4)
		return d->ip_proto == IPPROTO_ICMP && l4[0] == RTE_IP_ICMP_ECHO_REQUEST;
	return d->ip_proto == IPPROTO_ICMPV6 && l4[0] == 128;
}

void
bngd_l3_local(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d)
{
	const struct bngd *a = w->app;

	if (d->flags & BNG_DF_FRAG) {
		m = bngd_reassemble(w, m, d);
		if (m == NULL)
			return;
		d = bng_desc(m);
	}
	if (!is_echo_request(m, d)) {
		/* The box's own services (SSH, BGP...) are the kernel's. */
		if (a->host_path)
			bngd_punt(w, m, d, BNGD_PUNT_HOST);
		else
			bngd_drop(w, m, BNG_DROP_LOCAL);
		return;
	}
	if (!bngd_bucket_take(&w->echo_bucket, a->cfg->ip.echo_rate, a->cfg->ip.echo_burst,
			      a->tsc_hz, rte_rdtsc())) {
		bngd_drop(w, m, BNG_DROP_ICMP_RATE);
		return;
	}
	if (fib_icmp_echo_reply(m, d) != 0) {
		bngd_drop(w, m, BNG_DROP_LOCAL);
		return;
	}
	w->ip.echo_replies++;
	if (TRACED(d))
		bng_trace_event(a->trace, d, (uint8_t)w->idx, BNG_TR_LOCAL, 1, 0);
	bngd_l3_send_own(w, m, d);
}

struct rte_mbuf *
bngd_reassemble(struct bngd_worker *w, struct rte_mbuf *m, struct bng_desc *d)
{
	uint8_t *l3 = rte_pktmbuf_mtod_offset(m, uint8_t *, d->l3_off);
	uint32_t before = w->death_row.cnt;
	struct bng_desc keep = *d;
	struct rte_mbuf *r;
	enum bng_drop why;

	m->l2_len = d->l3_off;
	w->ip.reass_fragments++;
	if (d->kind == BNG_PKT_IPV4) {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)l3;

		m->l3_len = rte_ipv4_hdr_len(ip);
		r = rte_ipv4_frag_reassemble_packet(w->frag_tbl, &w->death_row, m, rte_rdtsc(), ip);
	} else {
		struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)l3;
		struct rte_ipv6_fragment_ext *fh = rte_ipv6_frag_get_ipv6_fragment_header(ip);

		/* rte_ip_frag handles a fragment header right after the fixed one. */
		if (fh == NULL) {
			w->ip.reass_invalid++;
			bngd_drop(w, m, BNG_DROP_REASS_FAILED);
			return NULL;
		}
		m->l3_len = sizeof(*ip) + sizeof(*fh);
		r = rte_ipv6_frag_reassemble_packet(w->frag_tbl, &w->death_row, m, rte_rdtsc(), ip,
						    fh);
	}
	if (w->death_row.cnt != before) {
		w->ip.reass_invalid += w->death_row.cnt - before;
		w->drops.count[BNG_DROP_REASS_FAILED] += w->death_row.cnt - before;
	}
	if (r == NULL) {
		if (TRACED(&keep))
			bngd_trace_final(w, &keep, BNG_TR_REASS, 0, 0);
		return NULL;
	}
	w->ip.reassembled++;
	/* rte_ip_frag fixes the IPv4 length and offset but not the checksum. */
	if (keep.kind == BNG_PKT_IPV4) {
		struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(r, struct rte_ipv4_hdr *,
								  keep.l3_off);

		ip->hdr_checksum = 0;
		ip->hdr_checksum = rte_ipv4_cksum(ip);
	}
	/* The whole datagram: parse it again, keeping where it came from. */
	d = bng_desc(r);
	why = bng_parse(r, d);
	d->port = keep.port;
	d->role = keep.role;
	d->tenant = keep.tenant;
	d->owner = keep.owner;
	d->l3flags = 0;
	if (why != BNG_DROP_NONE) {
		bngd_drop(w, r, why);
		return NULL;
	}
	return r;
}

void
bngd_reass_poll(struct bngd_worker *w, uint64_t now)
{
	if (now >= w->next_frag_expiry) {
		uint32_t before = w->death_row.cnt;

		rte_ip_frag_table_del_expired_entries(w->frag_tbl, &w->death_row, now);
		w->ip.reass_timeouts += w->death_row.cnt - before;
		w->drops.count[BNG_DROP_REASS_FAILED] += w->death_row.cnt - before;
		w->next_frag_expiry = now + w->app->tsc_hz / 100;
	}
	if (w->death_row.cnt)
		rte_ip_frag_free_death_row(&w->death_row, 0);
}
