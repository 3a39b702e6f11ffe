/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * IPv6 neighbour discovery for a router (RFC 4861): validation of every
 * received message as sections 6.1 and 7.1 require, NS for our addresses
 * answered with an NA (to all-nodes for duplicate address detection), NA
 * applied to the neighbour table by 7.2.5's rules, RS answered with an RA,
 * and the periodic, jittered multicast RAs of 6.2.4. Messages carried
 * behind IPv6 extension headers are not considered ND here.
 */
#include <errno.h>
#include <string.h>

#include "bng_time.h"
#include "vtap_priv.h"

static const uint8_t all_nodes[16] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01 };

/* --- Checksum and headers ----------------------------------------------------- */

/* One's complement sum of big-endian 16-bit words; an odd tail is padded. */
static uint32_t
sum16(const uint8_t *p, uint32_t n, uint32_t s)
{
	uint32_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

uint16_t
vtap_icmp6_cksum(const uint8_t *ip6, const uint8_t *icmp, uint16_t len)
{
	/* RFC 8200 8.1 pseudo-header: addresses, upper-layer length, next header */
	uint32_t s = sum16(ip6 + 8, 32, 0) + len + VTAP_PROTO_ICMP6;

	s = sum16(icmp, len, s);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void
ip6_put(uint8_t *p, uint16_t plen, const uint8_t *src, const uint8_t *dst)
{
	bng_put32(p, 0x60000000);
	bng_put16(p + 4, plen);
	p[6] = VTAP_PROTO_ICMP6;
	p[7] = 255; /* ND is only believed with hop limit 255: it never left the link */
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
}

/* Fill the IPv6 header in front of @p icmp_len bytes of ICMPv6 at ip + 40,
 * checksum them and close the frame. */
static void
nd_finish(struct vtap_out *out, struct vtap_frame *f, uint16_t off, uint16_t icmp_len,
	  const uint8_t *src, const uint8_t *dst)
{
	uint8_t *ip = f->data + off, *icmp = ip + VTAP_IP6_HLEN;

	ip6_put(ip, icmp_len, src, dst);
	bng_put16(icmp + 2, 0);
	bng_put16(icmp + 2, vtap_icmp6_cksum(ip, icmp, icmp_len));
	vtap_frame_end(out, f, (uint16_t)(off + VTAP_IP6_HLEN + icmp_len));
}

static uint16_t
lla_opt_put(uint8_t *p, uint8_t type, const struct rte_ether_addr *mac)
{
	p[0] = type;
	p[1] = 1;
	memcpy(p + 2, mac, 6);
	return 8;
}

/* --- Messages we send ------------------------------------------------------------ */

static int
na_send(struct vtap *v, const struct vtap_iface *ifp, uint16_t port, const struct vtap_tags *tags,
	const struct rte_ether_addr *eth_dst, const uint8_t *src, const uint8_t *dst,
	const uint8_t *target, uint8_t flags, struct vtap_out *out)
{
	struct vtap_frame *f;
	uint8_t *icmp;
	uint16_t off;

	f = vtap_frame_start(out, port, eth_dst, &ifp->cfg.mac, tags, VTAP_ETH_IPV6, &off);
	if (f == NULL)
		return -ENOBUFS;
	icmp = f->data + off + VTAP_IP6_HLEN;
	icmp[0] = VTAP_ND_NA;
	icmp[1] = 0;
	bng_put32(icmp + 4, (uint32_t)flags << 24);
	memcpy(icmp + 8, target, 16);
	lla_opt_put(icmp + 24, VTAP_OPT_TLLA, &ifp->cfg.mac);
	nd_finish(out, f, off, 32, src, dst);
	v->st.nd_na_out++;
	return 0;
}

int
vtap_nd_announce(struct vtap *v, const struct vtap_iface *ifp, const uint8_t *addr,
		 struct vtap_out *out)
{
	struct rte_ether_addr dst;

	vtap_ip6_mcast_mac(all_nodes, &dst);
	/* RFC 4861 7.2.6: unsolicited, override set so caches take the new MAC */
	return na_send(v, ifp, ifp->cfg.port, &ifp->tags, &dst, addr, all_nodes, addr,
		       VTAP_NA_ROUTER | VTAP_NA_OVERRIDE, out);
}

int
vtap_nd_solicit(struct vtap *v, const struct vtap_iface *ifp, const uint8_t *target,
		const struct rte_ether_addr *dst, struct vtap_out *out)
{
	struct rte_ether_addr mdst;
	uint8_t group[16];
	const uint8_t *ip_dst = target;
	struct vtap_frame *f;
	uint8_t *icmp;
	uint16_t off;

	if (dst == NULL) {
		vtap_ip6_solicited_node(target, group);
		vtap_ip6_mcast_mac(group, &mdst);
		ip_dst = group;
		dst = &mdst;
	}
	f = vtap_frame_start(out, ifp->cfg.port, dst, &ifp->cfg.mac, &ifp->tags, VTAP_ETH_IPV6,
			     &off);
	if (f == NULL)
		return -ENOBUFS;
	icmp = f->data + off + VTAP_IP6_HLEN;
	icmp[0] = VTAP_ND_NS;
	icmp[1] = 0;
	bng_put32(icmp + 4, 0);
	memcpy(icmp + 8, target, 16);
	lla_opt_put(icmp + 24, VTAP_OPT_SLLA, &ifp->cfg.mac);
	nd_finish(out, f, off, 32, vtap_if_src(ifp, 1, target), ip_dst);
	v->st.nd_ns_out++;
	return 0;
}

/* An RA (RFC 4861 4.2) from the link-local address, as 6.1.2 requires. */
static int
ra_send(struct vtap *v, const struct vtap_iface *ifp, const struct vtap_tags *tags,
	const struct rte_ether_addr *eth_dst, const uint8_t *dst, struct vtap_out *out)
{
	const struct vtap_if_config *c = &ifp->cfg;
	struct vtap_frame *f;
	uint8_t *icmp;
	uint16_t off, o;

	f = vtap_frame_start(out, c->port, eth_dst, &c->mac, tags, VTAP_ETH_IPV6, &off);
	if (f == NULL)
		return -ENOBUFS;
	icmp = f->data + off + VTAP_IP6_HLEN;
	icmp[0] = VTAP_ND_RA;
	icmp[1] = 0;
	icmp[4] = c->ra_hop_limit;
	icmp[5] = (uint8_t)((c->ra_managed ? 0x80 : 0) | (c->ra_other ? 0x40 : 0));
	bng_put16(icmp + 6, c->ra_lifetime_s);
	bng_put32(icmp + 8, c->ra_reachable_ms);
	bng_put32(icmp + 12, c->ra_retrans_ms);
	o = 16;
	o = (uint16_t)(o + lla_opt_put(icmp + o, VTAP_OPT_SLLA, &c->mac));
	if (c->mtu != 0) {
		icmp[o] = VTAP_OPT_MTU;
		icmp[o + 1] = 1;
		bng_put16(icmp + o + 2, 0);
		bng_put32(icmp + o + 4, c->mtu);
		o = (uint16_t)(o + 8);
	}
	for (unsigned int i = 0; i < c->n_prefix; i++) {
		const struct vtap_ra_prefix *px = &c->prefix[i];
		uint8_t *p = icmp + o;
		unsigned int full = px->len / 8;

		p[0] = VTAP_OPT_PREFIX;
		p[1] = 4;
		p[2] = px->len;
		p[3] = (uint8_t)((px->onlink ? 0x80 : 0) | (px->autonomous ? 0x40 : 0));
		bng_put32(p + 4, px->valid_s);
		bng_put32(p + 8, px->preferred_s);
		bng_put32(p + 12, 0);
		/* bits past the prefix length MUST be zero (4.6.2) */
		memset(p + 16, 0, 16);
		memcpy(p + 16, px->prefix, full);
		if (px->len % 8)
			p[16 + full] = px->prefix[full] & (uint8_t)(0xff << (8 - px->len % 8));
		o = (uint16_t)(o + 32);
	}
	nd_finish(out, f, off, o, ifp->ll, dst);
	v->st.nd_ra_out++;
	return 0;
}

static uint32_t
ra_interval(const struct vtap_iface *ifp)
{
	uint32_t ivl = vtap_rand_between(ifp->cfg.ra_min_interval_ms, ifp->cfg.ra_interval_ms);

	/* 6.2.4: the first advertisements come faster so hosts learn us soon */
	if (ifp->ra_initial < VTAP_MAX_INITIAL_RAS && ivl > VTAP_MAX_INITIAL_RA_INTERVAL_MS)
		ivl = VTAP_MAX_INITIAL_RA_INTERVAL_MS;
	return ivl;
}

void
vtap_nd_ra_timer(struct vtap *v, uint32_t now, struct vtap_out *out)
{
	struct rte_ether_addr dst;

	vtap_ip6_mcast_mac(all_nodes, &dst);
	for (uint16_t i = 0; i < v->n_if; i++) {
		struct vtap_iface *ifp = &v->ifs[i];

		if (!ifp->cfg.ra_enabled)
			continue;
		if (!ifp->ra_started) {
			/* becoming an advertising interface: advertise at once */
			ifp->ra_started = 1;
			ifp->ra_next = now;
		}
		if (!bng_time_after(now, ifp->ra_next))
			continue;
		if (ra_send(v, ifp, &ifp->tags, &dst, all_nodes, out) != 0)
			return; /* out is full: the RA stays due */
		ifp->ra_last = now;
		ifp->ra_sent = 1;
		if (ifp->ra_initial < VTAP_MAX_INITIAL_RAS)
			ifp->ra_initial++;
		ifp->ra_next = now + ra_interval(ifp);
	}
}

/* 6.2.6: a solicitation from the unspecified address is answered by the
 * next multicast RA, brought forward to within MAX_RA_DELAY_TIME but never
 * closer than MIN_DELAY_BETWEEN_RAS to the previous one. */
static void
ra_schedule_soon(struct vtap_iface *ifp, uint32_t now)
{
	uint32_t due = now + vtap_rand_between(0, VTAP_MAX_RA_DELAY_MS);

	if (ifp->ra_sent && !bng_time_after(due, ifp->ra_last + VTAP_MIN_DELAY_BETWEEN_RAS_MS))
		due = ifp->ra_last + VTAP_MIN_DELAY_BETWEEN_RAS_MS;
	if (!ifp->ra_started || bng_time_after(ifp->ra_next, due))
		ifp->ra_next = due;
	ifp->ra_started = 1;
}

/* --- Input -------------------------------------------------------------------------- */

/** What a received ND message says, once validated. */
struct nd_msg {
	const uint8_t *ip;   /**< IPv6 header */
	const uint8_t *src, *dst;
	const uint8_t *icmp;
	uint16_t len;        /**< ICMPv6 length */
	const struct rte_ether_addr *slla, *tlla; /**< options, NULL when absent */
};

/* 4.6: walk the options; a zero length or one past the end spoils the message. */
static enum vtap_reason
nd_options(struct nd_msg *m, uint16_t off)
{
	while (off < m->len) {
		const uint8_t *o = m->icmp + off;
		uint16_t olen;

		if (m->len - off < 2 || o[1] == 0)
			return VTAP_R_ND_BAD_OPTION;
		olen = (uint16_t)(o[1] * 8);
		if (olen > m->len - off)
			return VTAP_R_ND_BAD_OPTION;
		if (o[0] == VTAP_OPT_SLLA || o[0] == VTAP_OPT_TLLA) {
			/* an Ethernet address fills exactly one 8-byte unit */
			if (o[1] != 1)
				return VTAP_R_ND_BAD_OPTION;
			if (o[0] == VTAP_OPT_SLLA && m->slla == NULL)
				m->slla = (const struct rte_ether_addr *)(o + 2);
			if (o[0] == VTAP_OPT_TLLA && m->tlla == NULL)
				m->tlla = (const struct rte_ether_addr *)(o + 2);
		}
		off = (uint16_t)(off + olen);
	}
	return VTAP_R_OK;
}

static int
is_solicited_node(const uint8_t *a)
{
	static const uint8_t base[13] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff };

	return memcmp(a, base, sizeof(base)) == 0;
}

/* Where an answer to the message goes at layer 2: its source link-layer
 * option if any, else the frame's source. */
static const struct rte_ether_addr *
reply_mac(const struct vtap_rx *rx, const struct nd_msg *m)
{
	return m->slla != NULL ? m->slla : &rx->src;
}

static enum vtap_reason
nd_ns(struct vtap *v, const struct vtap_rx *rx, const struct nd_msg *m, struct vtap_out *out)
{
	const struct vtap_iface *ifp = &v->ifs[rx->ifx];
	const uint8_t *target = m->icmp + 8;
	int dad = vtap_ip6_is_unspec(m->src), proxy;
	struct rte_ether_addr all_mac;
	uint8_t flags = VTAP_NA_ROUTER;

	v->st.nd_ns_in++;
	if (vtap_ip6_is_mcast(target))
		return VTAP_R_ND_BAD_TARGET;
	if (dad && !is_solicited_node(m->dst))
		return VTAP_R_ND_BAD_DST;
	if (dad && m->slla != NULL)
		return VTAP_R_ND_BAD_SRC;
	if (!vtap_if_answers(ifp, 1, target, &proxy) || (proxy && memcmp(target, m->src, 16) == 0))
		return VTAP_R_ND_TARGET_NOT_OURS;
	if (!dad && m->slla != NULL && vtap_if_on_link(ifp, 1, m->src))
		vtap_neigh_update(v, rx->ifx, 1, m->src, m->slla, 1, 0, 1, rx->now, out);
	/* 7.2.4; a proxy leaves override clear so the real owner wins (7.2.8) */
	if (!proxy)
		flags |= VTAP_NA_OVERRIDE;
	if (dad) {
		vtap_ip6_mcast_mac(all_nodes, &all_mac);
		na_send(v, ifp, rx->port, &rx->tags, &all_mac, target, all_nodes, target, flags, out);
		return VTAP_R_OK;
	}
	flags |= VTAP_NA_SOLICITED;
	/* 4.4: the source is an address of ours; a proxied target is not */
	na_send(v, ifp, rx->port, &rx->tags, reply_mac(rx, m),
		proxy ? vtap_if_src(ifp, 1, target) : target, m->src, target, flags, out);
	return VTAP_R_OK;
}

static enum vtap_reason
nd_na(struct vtap *v, const struct vtap_rx *rx, const struct nd_msg *m, struct vtap_out *out)
{
	const struct vtap_iface *ifp = &v->ifs[rx->ifx];
	const uint8_t *target = m->icmp + 8;
	uint8_t flags = m->icmp[4];
	int rc;

	v->st.nd_na_in++;
	if (vtap_ip6_is_mcast(target))
		return VTAP_R_ND_BAD_TARGET;
	if (vtap_ip6_is_mcast(m->dst) && (flags & VTAP_NA_SOLICITED))
		return VTAP_R_ND_BAD_DST;
	if (vtap_if_is_ours(ifp, 1, target)) {
		/* someone else advertises our address (a duplicate) */
		vtap_event_put(out, VTAP_EV_CONFLICT, rx->port, rx->ifx,
			       m->tlla != NULL ? m->tlla : &rx->src, 1, target);
		return VTAP_R_ADDR_CONFLICT;
	}
	rc = vtap_neigh_update(v, rx->ifx, 1, target, m->tlla, 0, !!(flags & VTAP_NA_SOLICITED),
			       !!(flags & VTAP_NA_OVERRIDE), rx->now, out);
	if (rc == -ENOENT)
		return VTAP_R_NA_NO_ENTRY; /* 7.2.5: no entry, silently discarded */
	if (rc == -ENODATA)
		return VTAP_R_NA_NO_LLADDR;
	return VTAP_R_OK;
}

static enum vtap_reason
nd_rs(struct vtap *v, const struct vtap_rx *rx, const struct nd_msg *m, struct vtap_out *out)
{
	struct vtap_iface *ifp = &v->ifs[rx->ifx];
	int unspec = vtap_ip6_is_unspec(m->src);

	v->st.nd_rs_in++;
	if (unspec && m->slla != NULL)
		return VTAP_R_ND_BAD_SRC;
	if (!ifp->cfg.ra_enabled)
		return VTAP_R_RS_RA_DISABLED;
	if (unspec) {
		ra_schedule_soon(ifp, rx->now);
		return VTAP_R_OK;
	}
	/* 6.2.6: the router SHOULD update the cache from the RS's SLLA */
	if (m->slla != NULL && vtap_if_on_link(ifp, 1, m->src))
		vtap_neigh_update(v, rx->ifx, 1, m->src, m->slla, 1, 0, 1, rx->now, out);
	/* A known host gets its answer unicast and at once (6.2.6 allows it):
	 * no other host waits for it, so there is nothing to desynchronise. */
	ra_send(v, ifp, &rx->tags, reply_mac(rx, m), m->src, out);
	return VTAP_R_OK;
}

enum vtap_reason
vtap_nd_input(struct vtap *v, const struct vtap_rx *rx, struct vtap_out *out)
{
	const struct vtap_iface *ifp = &v->ifs[rx->ifx];
	struct nd_msg m = { 0 };
	enum vtap_reason r;
	uint16_t plen, min;
	uint8_t type;

	if (rx->l3_len < VTAP_IP6_HLEN)
		return VTAP_R_IP6_TRUNC;
	m.ip = rx->l3;
	if ((m.ip[0] >> 4) != 6)
		return VTAP_R_IP6_BAD_VER;
	plen = bng_get16(m.ip + 4);
	if (plen > rx->l3_len - VTAP_IP6_HLEN)
		return VTAP_R_IP6_BAD_LEN;
	if (m.ip[6] != VTAP_PROTO_ICMP6 || plen < 1)
		return VTAP_R_NOT_NEIGH;
	m.src = m.ip + 8;
	m.dst = m.ip + 24;
	m.icmp = m.ip + VTAP_IP6_HLEN;
	m.len = plen;
	type = m.icmp[0];
	switch (type) {
	case VTAP_ND_RS:
		min = 8;
		break;
	case VTAP_ND_RA:
		min = 16;
		break;
	case VTAP_ND_NS:
	case VTAP_ND_NA:
		min = 24;
		break;
	default:
		return VTAP_R_NOT_NEIGH; /* echo, errors, redirects: not ours to handle */
	}
	/* 6.1 / 7.1 validity checks, cheapest first */
	if (m.ip[7] != 255)
		return VTAP_R_ND_BAD_HOPLIMIT;
	if (plen < min)
		return VTAP_R_ND_TRUNC;
	if (m.icmp[1] != 0)
		return VTAP_R_ND_BAD_CODE;
	if (vtap_icmp6_cksum(m.ip, m.icmp, plen) != 0)
		return VTAP_R_ND_BAD_CKSUM;
	if (vtap_ip6_is_mcast(m.src))
		return VTAP_R_ND_BAD_SRC;
	r = nd_options(&m, min);
	if (r != VTAP_R_OK)
		return r;
	if (!vtap_ip6_is_unspec(m.src) && vtap_if_is_ours(ifp, 1, m.src)) {
		vtap_event_put(out, VTAP_EV_CONFLICT, rx->port, rx->ifx, &rx->src, 1, m.src);
		return VTAP_R_ADDR_CONFLICT;
	}
	switch (type) {
	case VTAP_ND_NS:
		return nd_ns(v, rx, &m, out);
	case VTAP_ND_NA:
		return nd_na(v, rx, &m, out);
	case VTAP_ND_RS:
		return nd_rs(v, rx, &m, out);
	default:
		v->st.nd_ra_in++;
		/* 6.1.2: an RA comes from a link-local address */
		if (!vtap_ip6_is_ll(m.src))
			return VTAP_R_ND_BAD_SRC;
		return VTAP_R_RA_IGNORED;
	}
}
