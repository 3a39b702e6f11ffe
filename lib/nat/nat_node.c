/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The NAT service: the create hook allocates (slow path), the service
 * function translates (hit path), the destroy hook releases. Checksums are
 * updated incrementally (RFC 1624): the addresses are in the TCP/UDP
 * pseudo-header, the ICMP identifier in the ICMP checksum.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include <rte_ip.h>


#include "bng_cksum.h"
#include "nat_inline.h"
#include "nat_priv.h"
#include "sess_key.h"

static inline struct nat_sess *
nsess(struct sess_entry *s)
{
	return nat_sess_of(s);
}

/* The L4 "port" a mapping is keyed on: TCP/UDP port or ICMP query id; 0 otherwise. */
static inline uint16_t
l4_src(const struct bng_desc *d)
{
	return (d->flags & BNG_DF_L4) ? d->sport : 0;
}

static inline uint16_t
l4_dst(const struct bng_desc *d)
{
	return (d->flags & BNG_DF_L4) ? d->dport : 0;
}

/* Is the destination one the operator keeps out of the NAT (REQ-6)? */
static int
bypassed(const struct nat_instance *in, const struct rte_ipv4_hdr *ip, const struct bng_desc *d)
{
	for (uint32_t i = 0; i < in->cfg.n_bypass; i++) {
		const struct nat_bypass *b = &in->cfg.bypass[i];

		if ((ip->dst_addr & b->mask) == b->addr &&
		    (b->port == 0 || ((d->flags & BNG_DF_L4) && d->ip_proto != IPPROTO_ICMP &&
				      d->dport == b->port)))
			return 1;
	}
	return 0;
}

/*
 * A session through static rule @p r (index @p ri), outbound (@p in 0:
 * from r->inside) or inbound (to r->outside): the other side's key is
 * added as the secondary; no mapping, no port block, no quota.
 */
static int
create_static(struct nat_worker *w, struct sess_table *t, struct sess_entry *s,
	      const struct rte_ipv4_hdr *ip, const struct bng_desc *d, const struct nat_static *r,
	      int in)
{
	struct nat_sess *ns = nsess(s);
	uint16_t iport = r->proto ? r->iport : (in ? l4_dst(d) : l4_src(d));
	uint16_t eport = r->proto ? r->oport : iport;
	union sess_key k2;
	int swap;

	if (in)
		swap = sess_key4_set(&k2.v4, r->tenant, d->ip_proto, ip->src_addr,
				     d->ip_proto == IPPROTO_ICMP ? iport : l4_src(d), r->inside, iport);
	else
		swap = sess_key4_set(&k2.v4, NAT_OUTSIDE_TENANT(r->inst), d->ip_proto, r->outside,
				     eport, ip->dst_addr,
				     d->ip_proto == IPPROTO_ICMP ? eport : l4_dst(d));
	if (sess_add_secondary(t, s, &k2, swap) != 0) {
		w->st.ports_exhausted++;
		return BNG_DROP_NAT_EXHAUSTED;
	}
	if (in)
		s->tenant = r->tenant;
	ns->inside = r->inside;
	ns->ext = r->outside;
	ns->iport = iport;
	ns->eport = eport;
	ns->map = (uint32_t)(r - w->nat->statics) | NAT_STATIC | (in ? NAT_INBOUND : 0);
	if (in)
		w->st.static_in++;
	else
		w->st.static_out++;
	return 0;
}

/* Inside to outside: the first packet of a subscriber's flow. */
static int
create_out(struct nat_worker *w, struct sess_table *t, struct sess_entry *s,
	   const struct rte_ipv4_hdr *ip, const struct bng_desc *d, uint16_t inst)
{
	const struct nat_instance *in = &w->nat->inst[inst];
	union sess_key k2;
	struct nat_sess *ns = nsess(s);
	struct nat_map *m;
	struct nat_sub *sub;
	int64_t mi, si;
	int swap;

	/* Left as it is: the session runs untranslated (svc_data stays zero). */
	if (unlikely(in->cfg.n_bypass) && bypassed(in, ip, d)) {
		w->st.bypassed++;
		return 0;
	}
	if (unlikely(w->nat->n_static)) {
		const struct nat_static *r = nat_static_outbound(w->nat, d->tenant, ip->src_addr,
								 d->ip_proto, l4_src(d));

		if (r != NULL && r->inst == inst)
			return create_static(w, t, s, ip, d, r, 0);
	}
	/* Over its quota, a subscriber gets nothing new, not even a mapping. */
	si = nat_sub_find(w, d->tenant, ip->src_addr);
	if (si >= 0 && in->cfg.max_sessions_per_sub &&
	    w->subs[si].sessions >= in->cfg.max_sessions_per_sub) {
		w->st.quota_exceeded++;
		nat_log_quota(w, inst, (uint32_t)si, NAT_QUOTA_USER, in->cfg.max_sessions_per_sub,
			      &w->subs[si].quota_logged_ms);
		return BNG_DROP_NAT_QUOTA;
	}
	mi = nat_map_get(w, inst, d->tenant, d->ip_proto, ip->src_addr, l4_src(d));
	if (mi < 0)
		return (int)-mi;
	m = &w->maps[mi];
	sub = &w->subs[m->sub];
	/* ICMP queries come back with the translated id in both "ports". */
	swap = sess_key4_set(&k2.v4, NAT_OUTSIDE_TENANT(in->pool), d->ip_proto, in->cfg.addr[m->ext],
			     m->eport, ip->dst_addr,
			     d->ip_proto == IPPROTO_ICMP ? m->eport : l4_dst(d));
	if (sess_add_secondary(t, s, &k2, swap) != 0) {
		/* Only a mapping made for this session goes; shared ones stay. */
		nat_map_drop_unused(w, (uint32_t)mi);
		w->st.ports_exhausted++;
		return BNG_DROP_NAT_EXHAUSTED;
	}
	m->refs++;
	sub->sessions++;
	ns->inside = m->inside;
	ns->ext = in->cfg.addr[m->ext];
	ns->iport = m->iport;
	ns->eport = m->eport;
	ns->map = (uint32_t)mi;
	/* Address-dependent filtering lets this remote in through the mapping
	 * from any port while the session lives. */
	if (in->cfg.filtering == NAT_FILTER_ADF && nat_permit_add(w, m, ip->dst_addr) == 0)
		ns->map |= NAT_PERMIT;
	w->st.sessions_out++;
	if (nat_logs(w, NAT_LOG_SESSIONS))
		nat_log_map_event(w, NAT_EV_SESSION_CREATE, m);
	return 0;
}

/* Outside to inside, no session yet: allowed by endpoint-independent filtering. */
static int
create_in(struct nat_worker *w, struct sess_table *t, struct sess_entry *s,
	  const struct rte_ipv4_hdr *ip, const struct bng_desc *d, uint16_t inst)
{
	const struct nat_instance *in;
	union sess_key k2;
	struct nat_sess *ns = nsess(s);
	struct nat_map *m;
	struct nat_sub *sub;
	int ext = nat_ext_index(w->nat, inst, ip->dst_addr);
	int64_t mi;
	uint16_t iport;
	int swap;

	if (ext < 0 && w->nat->n_static) {
		const struct nat_static *r = nat_static_inbound(w->nat, inst, ip->dst_addr,
								d->ip_proto, l4_dst(d));

		if (r != NULL)
			return create_static(w, t, s, ip, d, r, 1);
	}
	mi = ext < 0 ? -1 : nat_map_find_ext(w, inst, d->ip_proto, (uint16_t)ext, l4_dst(d));
	if (mi < 0) {
		w->st.no_mapping++;
		return BNG_DROP_NAT_NO_MAPPING;
	}
	m = &w->maps[mi];
	/* @inst named the pool; the mapping's own instance filters and counts. */
	in = &w->nat->inst[m->inst];
	if (in->cfg.filtering == NAT_FILTER_APDF ||
	    (in->cfg.filtering == NAT_FILTER_ADF && !nat_permitted(w, m, ip->src_addr))) {
		w->st.filtered++;
		return BNG_DROP_NAT_FILTERED;
	}
	sub = &w->subs[m->sub];
	if (in->cfg.max_sessions_per_sub && sub->sessions >= in->cfg.max_sessions_per_sub) {
		w->st.quota_exceeded++;
		nat_log_quota(w, m->inst, m->sub, NAT_QUOTA_USER, in->cfg.max_sessions_per_sub,
			      &sub->quota_logged_ms);
		return BNG_DROP_NAT_QUOTA;
	}
	iport = m->iport;
	/* The inside key, oriented as this session's originator (the remote)
	 * sends after translation: remote -> inside. */
	swap = sess_key4_set(&k2.v4, m->tenant, d->ip_proto, ip->src_addr,
			     d->ip_proto == IPPROTO_ICMP ? m->iport : l4_src(d), m->inside, iport);
	if (sess_add_secondary(t, s, &k2, swap) != 0) {
		w->st.filtered++;
		return BNG_DROP_NAT_FILTERED;
	}
	m->refs++;
	sub->sessions++;
	s->tenant = m->tenant;
	ns->inside = m->inside;
	ns->ext = in->cfg.addr[m->ext];
	ns->iport = m->iport;
	ns->eport = m->eport;
	ns->map = (uint32_t)mi | NAT_INBOUND;
	w->st.sessions_in++;
	if (nat_logs(w, NAT_LOG_SESSIONS))
		nat_log_map_event(w, NAT_EV_SESSION_CREATE, m);
	return 0;
}

static int
nat_create_hook(void *arg, struct sess_table *t, struct sess_entry *s, struct rte_mbuf *mb,
		struct bng_desc *d)
{
	struct nat_worker *w = arg;
	const struct rte_ipv4_hdr *ip;
	uint16_t inst;

	/* IPv6 is not translated (NAT44); ICMP errors never create sessions. */
	if (d->kind != BNG_PKT_IPV4 || mb == NULL)
		return 0;
	ip = rte_pktmbuf_mtod_offset(mb, const struct rte_ipv4_hdr *, d->l3_off);
	if (d->tenant & 0x8000) {
		inst = NAT_TENANT_INSTANCE(d->tenant);
		if (inst >= w->nat->n_instances)
			return BNG_DROP_NAT_NO_MAPPING;
		return create_in(w, t, s, ip, d, inst);
	}
	inst = d->tenant < NAT_MAX_TENANTS ? w->nat->tenant_instance[d->tenant] : NAT_NONE;
	if (inst == NAT_NONE)
		return 0;
	/* From the outside straight to an inside address: no mapping lets
	 * that in, and it must not become a "subscriber". */
	if (d->role == BNG_ROLE_CORE) {
		w->st.no_mapping++;
		return BNG_DROP_NAT_NO_MAPPING;
	}
	return create_out(w, t, s, ip, d, inst);
}

int
nat_session_inbound(const struct sess_entry *s)
{
	return !!(((const struct nat_sess *)s->svc_data)->map & NAT_INBOUND);
}

static void
nat_destroy_hook(void *arg, struct sess_table *t, struct sess_entry *s)
{
	struct nat_worker *w = arg;
	struct nat_sess *ns = nsess(s);
	uint32_t mi = NAT_MAP_IDX(ns->map);
	struct nat_sub *sub;
	union sess_key k;

	if (ns->ext == 0 || (ns->map & NAT_STATIC))
		return;
	/* The permit's remote is the forward key's other address. */
	if ((ns->map & NAT_PERMIT) && sess_key_of(t, s, &k) == 0)
		nat_permit_put(w, &w->maps[mi],
			       k.v4.addr[0] == ns->inside ? k.v4.addr[1] : k.v4.addr[0]);
	sub = &w->subs[w->maps[mi].sub];
	sub->sessions--;
	if (nat_logs(w, NAT_LOG_SESSIONS))
		nat_log_map_event(w, NAT_EV_SESSION_DELETE, &w->maps[mi]);
	nat_map_put(w, mi);
}

/*
 * An ICMP error about a translated flow (RFC 5508): the outer address
 * (@p outer_src: source, else destination) and the quoted packet's other
 * side (its destination, else its source: the quote travels the other way)
 * with its port or identifier. The quote's IP checksum, its UDP or ICMP
 * checksum when quoted, and the outer ICMP checksum (which covers all of
 * the quote) are updated incrementally. REQ-3/4: errors are translated
 * like this and never refresh or end a session.
 */
static void
rewrite_error(struct rte_mbuf *mb, struct bng_desc *d, int outer_src, uint32_t new_addr,
	      uint16_t new_port)
{
	uint8_t *ip = rte_pktmbuf_mtod_offset(mb, uint8_t *, d->l3_off);
	uint8_t *icmp = rte_pktmbuf_mtod_offset(mb, uint8_t *, d->l4_off);
	uint8_t *in = rte_pktmbuf_mtod_offset(mb, uint8_t *, d->inner_off);
	uint32_t end = d->l3_off + d->l3_len, ihl, old_addr, q;
	unsigned int ao = outer_src ? 16 : 12, po = outer_src ? 2 : 0;
	uint16_t oc = nat_ld16(icmp + 2), old_c, new_c;
	uint8_t *l4;

	/* The outer address: IP checksum only (ICMP has no pseudo-header). */
	memcpy(&old_addr, ip + (outer_src ? 12 : 16), 4);
	memcpy(ip + (outer_src ? 12 : 16), &new_addr, 4);
	nat_st16(ip + 10, bng_cksum_update32(nat_ld16(ip + 10), old_addr, new_addr));

	if (d->inner_off + 20u > end)
		goto done;
	ihl = (in[0] & 0xf) * 4u;
	memcpy(&old_addr, in + ao, 4);
	memcpy(in + ao, &new_addr, 4);
	old_c = nat_ld16(in + 10);
	new_c = bng_cksum_update32(old_c, old_addr, new_addr);
	nat_st16(in + 10, new_c);
	oc = bng_cksum_update16(bng_cksum_update32(oc, old_addr, new_addr), old_c, new_c);
	l4 = in + ihl;
	q = end > d->inner_off + ihl ? end - d->inner_off - ihl : 0;
	if (q < 8)
		goto done;
	switch (in[9]) {
	case IPPROTO_UDP:
	case IPPROTO_TCP: {
		uint16_t old_p = nat_ld16(l4 + po);

		nat_st16(l4 + po, new_port);
		oc = bng_cksum_update16(oc, old_p, new_port);
		/* UDP's checksum is in the first 8 bytes; TCP's only in a longer quote. */
		if (in[9] == IPPROTO_UDP ? nat_ld16(l4 + 6) != 0 : q >= 18) {
			unsigned int co = in[9] == IPPROTO_UDP ? 6 : 16;

			old_c = nat_ld16(l4 + co);
			new_c = bng_cksum_update16(bng_cksum_update32(old_c, old_addr, new_addr),
						   old_p, new_port);
			nat_st16(l4 + co, new_c);
			oc = bng_cksum_update16(oc, old_c, new_c);
		}
		break;
	}
	case IPPROTO_ICMP: {
		uint16_t old_id = nat_ld16(l4 + 4);

		nat_st16(l4 + 4, new_port);
		old_c = nat_ld16(l4 + 2);
		new_c = bng_cksum_update16(old_c, old_id, new_port);
		nat_st16(l4 + 2, new_c);
		oc = bng_cksum_update16(bng_cksum_update16(oc, old_id, new_port), old_c, new_c);
		break;
	}
	default:
		break;
	}
done:
	nat_st16(icmp + 2, oc);
}

void
nat_translate_error(struct nat_stats *st, struct sess_entry *s, struct rte_mbuf *mb,
		    struct bng_desc *d, uint32_t dir)
{
	const struct nat_sess *ns = nsess(s);
	int out = (dir == 0) ^ !!(ns->map & NAT_INBOUND);

	rewrite_error(mb, d, out, out ? ns->ext : ns->inside, out ? ns->eport : ns->iport);
	st->icmp_errors++;
	if (!out) {
		d->tenant = s->tenant;
		d->l3flags &= ~BNG_L3F_NH;
	}
}

static enum sess_verdict
nat_run(void *arg, struct sess_entry *s, struct rte_mbuf *mb, struct bng_desc *d, uint32_t dir)
{
	return nat_translate(&((struct nat_worker *)arg)->st, s, mb, d, dir);
}

static json_t *
endpoint_json(uint32_t addr, uint16_t port, uint8_t proto)
{
	char a[INET_ADDRSTRLEN], s[INET_ADDRSTRLEN + 8];

	inet_ntop(AF_INET, &addr, a, sizeof(a));
	if (nat_proto_ports(proto))
		snprintf(s, sizeof(s), "%s:%u", a, rte_be_to_cpu_16(port));
	else
		snprintf(s, sizeof(s), "%s", a);
	return json_string(s);
}

/* The console's detailed view of a NAT session: its translation. */
static void
nat_describe(const struct sess_entry *s, json_t *j)
{
	const struct nat_sess *ns = (const struct nat_sess *)s->svc_data;

	if (ns->ext == 0) {
		json_object_set_new(j, "nat", json_pack("{s:s}", "translation", "bypassed"));
		return;
	}
	json_object_set_new(j, "nat", json_pack("{s:o, s:o, s:s}",
		"inside", endpoint_json(ns->inside, ns->iport, s->proto),
		"outside", endpoint_json(ns->ext, ns->eport, s->proto),
		"kind", (ns->map & NAT_STATIC) ? "static" :
			(ns->map & NAT_INBOUND) ? "inbound" : "outbound"));
}

const struct sess_service nat_service = {
	.name = "nat",
	.order = 500,
	.fn = nat_run,
	.create = nat_create_hook,
	.destroy = nat_destroy_hook,
	.describe = nat_describe,
};
