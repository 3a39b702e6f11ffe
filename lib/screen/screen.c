/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The screens' names and counters, and the out-of-line check of packets
 * with IPv4 options, IPv6 extension headers or fragmentation.
 *
 * What "teardrop" means without state: a fragment whose place in its
 * datagram guarantees an overlap with another fragment of it, whatever
 * that other fragment is:
 *   - a fragment with more to come (MF / M set) whose data is not a
 *     multiple of 8 bytes: the next fragment starts at a multiple of 8, so
 *     it overlaps this one or leaves a hole (RFC 791, RFC 8200 4.5, which
 *     has such IPv6 fragments discarded); the classic teardrop's first
 *     fragment (36 bytes, MF) is one;
 *   - a later fragment starting inside the transport header the first
 *     fragment must carry whole (RFC 1858 3.2 for TCP at offset 8, RFC
 *     7112 for IPv6): TCP at offset 8 or 16.
 * Overlaps only a reassembler can see (two later fragments, a first
 * fragment longer than its minimum) are left to reassembly, which refuses
 * them (ip.reassembly, or the destination).
 *
 * "Ping of death": an ICMP fragment whose offset plus length puts its
 * datagram past the 65535 bytes an IPv4 total length (an IPv6 payload
 * length) can say. "Fragmented ICMP": any ICMP / ICMPv6 fragment (an IPv6
 * atomic fragment, offset 0 without M, is not one: RFC 6946).
 */
#include <errno.h>
#include <netinet/in.h>

#include "screen.h"

static const char *const names[SCREEN_MAX] = {
#define SCREEN_NAME(e, n) [SCREEN_##e] = n,
	SCREEN_FOREACH(SCREEN_NAME)
#undef SCREEN_NAME
};

#define SCREEN_LIST(e, n) n ", "
static const char names_list[] = SCREEN_FOREACH(SCREEN_LIST) "all";
#undef SCREEN_LIST

#define IP4_OPT_EOL  0
#define IP4_OPT_NOP  1
#define IP4_OPT_RR   7    /* record route */
#define IP4_OPT_LSRR 0x83 /* loose source and record route */
#define IP4_OPT_SSRR 0x89 /* strict source and record route */

#define IP6_EXT_MAX  8    /* as the parser: more is malformed, and was dropped */
#define IP6_MOBILITY 135
#define IP6_RH0      0    /* routing header type 0 (deprecated, RFC 5095) */

#define IP_DATAGRAM_MAX 65535u

const char *
screen_name(unsigned int s)
{
	return s < SCREEN_MAX ? names[s] : "?";
}

int
screen_from_name(const char *name)
{
	for (unsigned int s = 0; s < SCREEN_MAX; s++)
		if (strcmp(names[s], name) == 0)
			return (int)s;
	return -ENOENT;
}

const char *
screen_names_list(void)
{
	return names_list;
}

int
screen_counters_sum(const struct screen_counters *const *c, unsigned int n, unsigned int zone,
		    uint64_t out[SCREEN_MAX])
{
	memset(out, 0, SCREEN_MAX * sizeof(out[0]));
	if (zone >= SCREEN_MAX_ZONES)
		return -EINVAL;
	for (unsigned int w = 0; w < n; w++)
		for (unsigned int s = 0; c[w] != NULL && s < SCREEN_MAX; s++)
			out[s] += c[w]->drops[zone][s];
	return 0;
}

/* What the slow screens need to know of a packet's IP header(s). */
struct facts {
	uint8_t source_route;
	uint8_t record_route;
	uint8_t frag;     /* a fragment: offset or more-fragments */
	uint8_t more;
	uint32_t off;     /* fragment offset, bytes */
	uint32_t len;     /* fragment data, bytes */
	uint32_t total;   /* IPv4 total length / IPv6 payload length it puts its datagram at */
};

/*
 * IPv4 options (RFC 791 3.1): EOL ends them, NOP is one byte, the others
 * type-length-value. A malformed length ends the walk: nothing after it
 * is an option to anyone.
 */
static void
facts4(const uint8_t *l3, const struct bng_desc *d, struct facts *f)
{
	uint32_t ihl = (l3[0] & 0xfu) * 4u;
	uint16_t fo = (uint16_t)(l3[6] << 8 | l3[7]);

	for (uint32_t i = 20; i < ihl;) {
		uint8_t t = l3[i], n;

		if (t == IP4_OPT_EOL)
			break;
		if (t == IP4_OPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= ihl || (n = l3[i + 1]) < 2 || i + n > ihl)
			break;
		f->source_route |= t == IP4_OPT_LSRR || t == IP4_OPT_SSRR;
		f->record_route |= t == IP4_OPT_RR;
		i += n;
	}
	f->more = !!(fo & RTE_IPV4_HDR_MF_FLAG);
	f->off = (fo & RTE_IPV4_HDR_OFFSET_MASK) * 8u;
	f->frag = f->more || f->off;
	f->len = d->l3_len - ihl;
	f->total = ihl + f->off + f->len;
}

/*
 * The IPv6 extension headers up to the payload or a later fragment's data,
 * as bng_parse() walked them (it checked each header's first 8 bytes lie
 * in the first segment, @p seg bytes from @p l3); bounded all the same.
 */
static void
facts6(const uint8_t *l3, uint32_t seg, const struct bng_desc *d, struct facts *f)
{
	uint32_t end = RTE_MIN((uint32_t)d->l3_len, seg), cur = 40;
	uint8_t nh = l3[6];

	for (int i = 0; i < IP6_EXT_MAX && cur + 8 <= end; i++) {
		const uint8_t *x = l3 + cur;
		uint32_t xlen;

		switch (nh) {
		case IPPROTO_ROUTING:
			f->source_route |= x[2] == IP6_RH0;
			/* fall through */
		case IPPROTO_HOPOPTS:
		case IPPROTO_DSTOPTS:
		case IP6_MOBILITY:
			xlen = (x[1] + 1u) * 8;
			break;
		case IPPROTO_AH:
			xlen = (x[1] + 2u) * 4;
			break;
		case IPPROTO_FRAGMENT: {
			uint16_t fo = (uint16_t)(x[2] << 8 | x[3]);

			f->more = fo & 1;
			f->off = fo & 0xfff8u;
			f->frag = f->more || f->off;
			f->len = d->l3_len - (cur + 8);
			/* The unfragmentable headers come before every fragment. */
			f->total = (cur - 40) + f->off + f->len;
			if (f->off)
				return;   /* the rest is data */
			xlen = 8;
			break;
		}
		default:
			return;
		}
		nh = x[0];
		cur += xlen;
	}
}

/* Bytes of transport header a first fragment must carry whole. */
static uint32_t
l4_min(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return 20;
	case IPPROTO_UDP:
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		return 8;
	default:
		return 0;
	}
}

enum screen_kind
screen_check_slow(uint32_t en, const struct rte_mbuf *m, const struct bng_desc *d)
{
	const uint8_t *l3 = rte_pktmbuf_mtod_offset(m, const uint8_t *, d->l3_off);
	struct facts f = { 0 };

	if ((en & SCREEN_BIT(SCREEN_LAND)) && screen_is_land(l3, d->kind))
		return SCREEN_LAND;
	if (d->kind == BNG_PKT_IPV4)
		facts4(l3, d, &f);
	else
		facts6(l3, rte_pktmbuf_data_len(m) - d->l3_off, d, &f);
	if ((en & SCREEN_BIT(SCREEN_SOURCE_ROUTE)) && f.source_route)
		return SCREEN_SOURCE_ROUTE;
	if ((en & SCREEN_BIT(SCREEN_RECORD_ROUTE)) && f.record_route)
		return SCREEN_RECORD_ROUTE;
	if (f.frag) {
		int icmp = d->ip_proto == (d->kind == BNG_PKT_IPV4 ? IPPROTO_ICMP : IPPROTO_ICMPV6);

		if ((en & SCREEN_BIT(SCREEN_PING_OF_DEATH)) && icmp && f.total > IP_DATAGRAM_MAX)
			return SCREEN_PING_OF_DEATH;
		if ((en & SCREEN_BIT(SCREEN_TEARDROP)) &&
		    ((f.more && (f.len & 7)) || (f.off && f.off < l4_min(d->ip_proto))))
			return SCREEN_TEARDROP;
		if ((en & SCREEN_BIT(SCREEN_ICMP_FRAGMENT)) && icmp)
			return SCREEN_ICMP_FRAGMENT;
	}
	if ((en & SCREEN_TCP_SET) && d->ip_proto == IPPROTO_TCP && (d->flags & BNG_DF_L4))
		return screen_check_tcp(en, d);
	return SCREEN_MAX;
}
