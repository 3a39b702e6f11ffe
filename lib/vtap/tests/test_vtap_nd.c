/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of vtap's IPv6 neighbour discovery, checked on the bytes of
 * what it sends: NS answered for global and link-local addresses (tagged
 * too), for DAD and by a proxy; RFC 4861's validity checks, each with its
 * reason, and address conflicts; RS answered with a full RA; the periodic
 * RA schedule with its jitter and its RS-triggered RA; IPv6 resolution by
 * NS and NA with 7.2.5's override rules; the announcements (gratuitous ARP,
 * unsolicited NA). Registered by test_vtap.c in the same binary.
 */
#include <errno.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "test_vtap_fixtures.h"

/* --- Neighbour discovery -------------------------------------------------------- */

/* An NA in O.frames[0] from @p src to @p dst for @p target with @p flags,
 * its Ethernet header at 12 + 4 * ntags. */
static void
check_na(unsigned int ntags, const struct rte_ether_addr *eth_dst, const uint8_t *src,
	 const uint8_t *dst, const uint8_t *target, uint8_t flags)
{
	const uint8_t *d = O.frames[0].data, *ip = d + 14 + 4 * ntags, *icmp = ip + 40;

	CU_ASSERT(mac_at(d, eth_dst) && mac_at(d + 6, &US));
	CU_ASSERT_EQUAL(t_get16(d + 12 + 4 * ntags), 0x86dd);
	CU_ASSERT_EQUAL(O.frames[0].len, 14 + 4 * ntags + 40 + 32);
	CU_ASSERT_EQUAL(ip[0], 0x60);
	CU_ASSERT_EQUAL(t_get16(ip + 4), 32);
	CU_ASSERT(ip[6] == 58 && ip[7] == 255);
	CU_ASSERT(memcmp(ip + 8, src, 16) == 0 && memcmp(ip + 24, dst, 16) == 0);
	CU_ASSERT(icmp[0] == 136 && icmp[1] == 0);
	CU_ASSERT_EQUAL(icmp[4], flags);
	CU_ASSERT(icmp[5] == 0 && icmp[6] == 0 && icmp[7] == 0);
	CU_ASSERT_EQUAL(memcmp(icmp + 8, target, 16), 0);
	CU_ASSERT(icmp[24] == 2 && icmp[25] == 1 && mac_at(icmp + 26, &US));
	CU_ASSERT(t_cksum6_ok(ip));
}

static void
test_nd_ns(void)
{
	static const uint8_t sn_ll[16] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0xaa, 1 };
	static const uint8_t a6_100_h[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0x01, 0, 0, 0, 0, 0,
					      0, 0, 0, 0x07 };
	struct t_l2 l = { &ALL_NODES_MAC, &H1, 0, { 0 }, { 0 } };
	struct t_l2 q = { &ALL_NODES_MAC, &H1, 1, { 0x8100 }, { 100 } };
	struct vtap *v = std_vtap(NULL, 0);
	struct vtap_neigh_info i;
	uint16_t n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	/* global address: NA from the target, R S O, to the SLLA */
	n = t_nd(F, &l, A6_H1, SN_US, 255, B, t_ns_body(B, A6_US, &H1));
	CU_ASSERT_EQUAL(in(v, 0, F, n, 0), VTAP_R_OK);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	check_na(0, &H1, A6_US, A6_H1, A6_US, 0xe0);
	i = look(v, 0, ip6(A6_H1));
	CU_ASSERT(i.state == VTAP_NS_STALE && rte_is_same_ether_addr(&i.mac, &H1));
	CU_ASSERT_EQUAL(vtap_stats_get(v)->nd_ns_in, 1);
	CU_ASSERT_EQUAL(vtap_stats_get(v)->nd_na_out, 1);

	/* link-local address, on the VLAN interface: the tag is copied */
	n = t_nd(F, &q, LL_H1, sn_ll, 255, B, t_ns_body(B, LL_US, &H1));
	CU_ASSERT_EQUAL(in(v, 1, F, n, 0), VTAP_R_OK);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	CU_ASSERT(t_get16(O.frames[0].data + 12) == 0x8100 && t_get16(O.frames[0].data + 14) == 100);
	check_na(1, &H1, LL_US, LL_H1, LL_US, 0xe0);
	CU_ASSERT_EQUAL(look(v, 1, ip6(LL_H1)).state, VTAP_NS_STALE);

	/* no SLLA: answered to the frame's source */
	n = t_nd(F, &l, A6_H2, A6_US, 255, B, t_ns_body(B, A6_US, NULL));
	CU_ASSERT_EQUAL(in(v, 0, F, n, 0), VTAP_R_OK);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	check_na(0, &H1, A6_US, A6_H2, A6_US, 0xe0);

	/* DAD for our address: answered to all-nodes, solicited clear */
	n = t_nd(F, &l, UNSPEC, SN_US, 255, B, t_ns_body(B, A6_US, NULL));
	CU_ASSERT_EQUAL(in(v, 0, F, n, 0), VTAP_R_OK);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	check_na(0, &ALL_NODES_MAC, A6_US, ALL_NODES, A6_US, 0xa0);
	CU_ASSERT_EQUAL(vtap_neigh_count(v), 2);
	/* DAD must go to the solicited-node group and carry no SLLA */
	n = t_nd(F, &l, UNSPEC, A6_US, 255, B, t_ns_body(B, A6_US, NULL));
	CU_ASSERT_EQUAL(in(v, 0, F, n, 0), VTAP_R_ND_BAD_DST);
	n = t_nd(F, &l, UNSPEC, SN_US, 255, B, t_ns_body(B, A6_US, &H1));
	CU_ASSERT_EQUAL(in(v, 0, F, n, 0), VTAP_R_ND_BAD_SRC);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	vtap_free(v);

	/* proxy: another host's address answered from ours, override clear */
	v = std_vtap(NULL, VTAP_IF_PROXY);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	n = t_nd(F, &l, A6_H1, SN_US, 255, B, t_ns_body(B, A6_H2, &H1));
	CU_ASSERT_EQUAL(in(v, 0, F, n, 0), VTAP_R_OK);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	check_na(0, &H1, A6_US, A6_H1, A6_H2, 0xc0);
	/* a subnet of another interface is not proxied here */
	n = t_nd(F, &l, A6_H1, SN_US, 255, B, t_ns_body(B, a6_100_h, &H1));
	CU_ASSERT_EQUAL(in(v, 0, F, n, 0), VTAP_R_ND_TARGET_NOT_OURS);
	vtap_free(v);
}

static void
test_nd_invalid(void)
{
	static const uint8_t other[16] = DB8(0x99);
	struct t_l2 l = { &US, &H1, 0, { 0 }, { 0 } };
	struct vtap *v = std_vtap(NULL, 0);
	uint16_t n, bl;

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
#define ND(len, why)                                                                 \
	do {                                                                         \
		CU_ASSERT_EQUAL(in(v, 0, F, (len), 0), (why));                       \
		CU_ASSERT_EQUAL(O.n_frames, 0);                                      \
	} while (0)
	bl = t_ns_body(B, A6_US, &H1);
	ND(t_nd(F, &l, A6_H1, A6_US, 64, B, bl), VTAP_R_ND_BAD_HOPLIMIT);
	n = t_nd(F, &l, A6_H1, A6_US, 255, B, bl);
	F[14 + 40 + 2] ^= 0x55;
	ND(n, VTAP_R_ND_BAD_CKSUM);
	B[1] = 1;
	ND(t_nd(F, &l, A6_H1, A6_US, 255, B, bl), VTAP_R_ND_BAD_CODE);
	B[1] = 0;
	ND(t_nd(F, &l, A6_H1, A6_US, 255, B, 20), VTAP_R_ND_TRUNC);
	B[25] = 0;
	ND(t_nd(F, &l, A6_H1, A6_US, 255, B, bl), VTAP_R_ND_BAD_OPTION);
	B[25] = 2; /* 16 bytes where 8 remain */
	ND(t_nd(F, &l, A6_H1, A6_US, 255, B, bl), VTAP_R_ND_BAD_OPTION);
	ND(t_nd(F, &l, A6_H1, A6_US, 255, B, t_ns_body(B, ALL_NODES, &H1)), VTAP_R_ND_BAD_TARGET);
	ND(t_nd(F, &l, A6_H1, A6_US, 255, B, t_ns_body(B, other, &H1)), VTAP_R_ND_TARGET_NOT_OURS);
	ND(t_nd(F, &l, ALL_NODES, A6_US, 255, B, t_ns_body(B, A6_US, &H1)), VTAP_R_ND_BAD_SRC);
	n = t_nd(F, &l, A6_H1, A6_US, 255, B, t_ns_body(B, A6_US, &H1));
	F[14 + 5] += 8; /* payload length past the frame */
	ND(n, VTAP_R_IP6_BAD_LEN);
	n = t_nd(F, &l, A6_H1, A6_US, 255, B, bl);
	F[14] = 0x40;
	ND(n, VTAP_R_IP6_BAD_VER);
	ND(14 + 30, VTAP_R_IP6_TRUNC);
	n = t_nd(F, &l, A6_H1, A6_US, 255, B, bl);
	F[14 + 6] = 17; /* UDP */
	ND(n, VTAP_R_NOT_NEIGH);
	memset(B, 0, 8);
	B[0] = 128; /* echo request */
	ND(t_nd(F, &l, A6_H1, A6_US, 64, B, 8), VTAP_R_NOT_NEIGH);
	/* a multicast NA with the solicited flag */
	ND(t_nd(F, &l, A6_H2, ALL_NODES, 255, B, t_na_body(B, 0x60, A6_H2, &H2)), VTAP_R_ND_BAD_DST);
#undef ND
	/* someone else using our address, as NS source or NA target */
	n = t_nd(F, &l, A6_US, SN_US, 255, B, t_ns_body(B, A6_US, &H1));
	CU_ASSERT_EQUAL(in(v, 0, F, n, 0), VTAP_R_ADDR_CONFLICT);
	CU_ASSERT_EQUAL_FATAL(O.n_events, 1);
	CU_ASSERT(O.events[0].type == VTAP_EV_CONFLICT && O.events[0].ip.v6 &&
		  memcmp(O.events[0].ip.a, A6_US, 16) == 0);
	n = t_nd(F, &l, A6_H1, ALL_NODES, 255, B, t_na_body(B, 0x20, A6_US, &H1));
	CU_ASSERT_EQUAL(in(v, 0, F, n, 0), VTAP_R_ADDR_CONFLICT);
	CU_ASSERT(O.n_events == 1 && rte_is_same_ether_addr(&O.events[0].mac, &H1));
	CU_ASSERT_EQUAL(vtap_stats_get(v)->reason[VTAP_R_ND_BAD_OPTION], 2);
	CU_ASSERT_EQUAL(vtap_stats_get(v)->nd_na_out, 0);
	CU_ASSERT_EQUAL(vtap_neigh_count(v), 0);
	vtap_free(v);
}

/* Port 0 advertising (M flag, MTU 1500, two prefixes, the longest interval
 * RFC 4861 allows: 600 s to 1800 s), port 1 IPv6 without RAs. */
static struct vtap *
ra_vtap(void)
{
	/* 2001:db8:1f:ff::/44: advertised as 2001:db8:10::/44 */
	static const uint8_t p1[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x1f, 0, 0xff };
	static const uint8_t a6_b[16] = DB8(0x0b);
	struct vtap_if_config c;
	struct vtap *v = mk(NULL);

	if (v == NULL)
		return NULL;
	if_base(&c, 0, 0, 0, A4_US);
	if_add6(&c, A6_US);
	c.mtu = 1500;
	c.ra_enabled = 1;
	c.ra_managed = 1;
	c.ra_interval_ms = 1800000;
	c.n_prefix = 2;
	memcpy(c.prefix[0].prefix, A6_US, 16);
	c.prefix[0].len = 64;
	c.prefix[0].onlink = c.prefix[0].autonomous = 1;
	c.prefix[0].valid_s = 86400;
	c.prefix[0].preferred_s = 14400;
	memcpy(c.prefix[1].prefix, p1, 16);
	c.prefix[1].len = 44;
	c.prefix[1].onlink = 1;
	c.prefix[1].valid_s = 3600;
	c.prefix[1].preferred_s = 1800;
	CU_ASSERT_EQUAL(vtap_if_add(v, &c), 0);
	if_base(&c, 1, 0, 0, T_IP4(198, 51, 100, 1));
	memcpy(c.addr6[0].a, a6_b, 16);
	c.addr6[0].a[5] = 0x0b;
	c.addr6[0].plen = 64;
	c.n_addr6 = 1;
	CU_ASSERT_EQUAL(vtap_if_add(v, &c), 1);
	return v;
}

static void
test_nd_rs_ra(void)
{
	static const uint8_t p0[16] = DB8(0);
	static const uint8_t p1[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x10 };
	static const uint8_t rtr[16] = FE80(0x99);
	struct t_l2 l = { &ALL_NODES_MAC, &H1, 0, { 0 }, { 0 } };
	struct vtap *v = ra_vtap();
	const uint8_t *d, *ip, *icmp;
	uint16_t n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	n = t_nd(F, &l, LL_H1, ALL_ROUTERS, 255, B, t_rs_body(B, &H1));
	CU_ASSERT_EQUAL(in(v, 0, F, n, 0), VTAP_R_OK);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	d = O.frames[0].data;
	ip = d + 14;
	icmp = ip + 40;
	CU_ASSERT(mac_at(d, &H1) && mac_at(d + 6, &US) && t_get16(d + 12) == 0x86dd);
	CU_ASSERT_EQUAL(O.frames[0].len, 14 + 40 + 96);
	CU_ASSERT(t_get16(ip + 4) == 96 && ip[6] == 58 && ip[7] == 255);
	CU_ASSERT(memcmp(ip + 8, LL_US, 16) == 0 && memcmp(ip + 24, LL_H1, 16) == 0);
	CU_ASSERT(t_cksum6_ok(ip));
	CU_ASSERT(icmp[0] == 134 && icmp[1] == 0);
	CU_ASSERT_EQUAL(icmp[4], 64);   /* cur hop limit */
	CU_ASSERT_EQUAL(icmp[5], 0x80); /* M */
	CU_ASSERT_EQUAL(t_get16(icmp + 6), 1800);
	CU_ASSERT(t_get32(icmp + 8) == 0 && t_get32(icmp + 12) == 0);
	CU_ASSERT(icmp[16] == 1 && icmp[17] == 1 && mac_at(icmp + 18, &US));
	CU_ASSERT(icmp[24] == 5 && icmp[25] == 1 && t_get16(icmp + 26) == 0);
	CU_ASSERT_EQUAL(t_get32(icmp + 28), 1500);
	CU_ASSERT(icmp[32] == 3 && icmp[33] == 4 && icmp[34] == 64 && icmp[35] == 0xc0);
	CU_ASSERT(t_get32(icmp + 36) == 86400 && t_get32(icmp + 40) == 14400);
	CU_ASSERT(t_get32(icmp + 44) == 0 && memcmp(icmp + 48, p0, 16) == 0);
	CU_ASSERT(icmp[64] == 3 && icmp[65] == 4 && icmp[66] == 44 && icmp[67] == 0x80);
	CU_ASSERT(t_get32(icmp + 68) == 3600 && t_get32(icmp + 72) == 1800);
	CU_ASSERT_EQUAL(memcmp(icmp + 80, p1, 16), 0);
	/* the soliciting host is learned (6.2.6) */
	CU_ASSERT_EQUAL(look(v, 0, ip6(LL_H1)).state, VTAP_NS_STALE);
	CU_ASSERT_EQUAL(vtap_stats_get(v)->nd_rs_in, 1);
	CU_ASSERT_EQUAL(vtap_stats_get(v)->nd_ra_out, 1);

	n = t_nd(F, &l, UNSPEC, ALL_ROUTERS, 255, B, t_rs_body(B, &H1));
	CU_ASSERT_EQUAL(in(v, 0, F, n, 0), VTAP_R_ND_BAD_SRC);
	n = t_nd(F, &l, LL_H1, ALL_ROUTERS, 255, B, t_rs_body(B, &H1));
	CU_ASSERT_EQUAL(in(v, 1, F, n, 0), VTAP_R_RS_RA_DISABLED);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	/* other routers' RAs are counted, not used; one must come from a link-local */
	memset(B, 0, 16);
	B[0] = 134;
	CU_ASSERT_EQUAL(in(v, 0, F, t_nd(F, &l, rtr, ALL_NODES, 255, B, 16), 0),
			VTAP_R_RA_IGNORED);
	CU_ASSERT_EQUAL(in(v, 0, F, t_nd(F, &l, A6_H1, ALL_NODES, 255, B, 16), 0),
			VTAP_R_ND_BAD_SRC);
	CU_ASSERT_EQUAL(vtap_stats_get(v)->nd_ra_in, 2);
	vtap_free(v);
}

static void
test_ra_periodic(void)
{
	struct t_l2 l = { &ALL_NODES_MAC, &H1, 0, { 0 }, { 0 } };
	struct vtap *v = ra_vtap();
	uint32_t at[4], n_at = 0;
	const uint8_t *ip;

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	/* the first RA goes as the interface starts advertising */
	tick(v, 0);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	ip = O.frames[0].data + 14;
	CU_ASSERT(mac_at(O.frames[0].data, &ALL_NODES_MAC));
	CU_ASSERT(memcmp(ip + 8, LL_US, 16) == 0 && memcmp(ip + 24, ALL_NODES, 16) == 0);
	CU_ASSERT(t_cksum6_ok(ip));
	/* an RS from the unspecified address brings the next multicast RA
	 * forward, but no closer than 3 s to the previous one */
	CU_ASSERT_EQUAL(in(v, 0, F, t_nd(F, &l, UNSPEC, ALL_ROUTERS, 255, B, t_rs_body(B, NULL)),
			   1000), VTAP_R_OK);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	tick(v, 2999);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	tick(v, 3000);
	CU_ASSERT_EQUAL(O.n_frames, 1);
	/* Intervals are drawn from [600 s, 1800 s], but until three RAs have
	 * gone they are cut to 16 s (6.2.4): the third comes at 19 s sharp. */
	for (uint32_t t = 4000; t < 6000000 && n_at < RTE_DIM(at); t += 1000) {
		tick(v, t);
		if (O.n_frames == 1)
			at[n_at++] = t;
		CU_ASSERT(O.n_frames <= 1);
	}
	CU_ASSERT_EQUAL_FATAL(n_at, RTE_DIM(at));
	CU_ASSERT_EQUAL(at[0], 19000);
	for (unsigned int k = 1; k < n_at; k++)
		CU_ASSERT(at[k] - at[k - 1] >= 600000 && at[k] - at[k - 1] <= 1801000);
	/* jittered, not fixed: three equal draws out of 1200 values do not happen */
	CU_ASSERT(at[2] - at[1] != at[1] - at[0] || at[3] - at[2] != at[2] - at[1]);
	CU_ASSERT_EQUAL(vtap_stats_get(v)->nd_ra_out, 2 + n_at);
	vtap_free(v);
}


static void
test_resolve_v6(void)
{
	static const uint8_t sn_h2[16] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 0x20 };
	static const struct rte_ether_addr sn_mac = { { 0x33, 0x33, 0xff, 0, 0, 0x20 } };
	static const uint8_t a6_77[16] = DB8(0x77), a6_21[16] = DB8(0x21);
	struct t_l2 l = { &US, &H2, 0, { 0 }, { 0 } };
	struct vtap *v = std_vtap(NULL, 0);
	struct vtap_ip ip = ip6(A6_H2), ll = ip6(LL_H1), ip21 = ip6(a6_21);
	struct vtap_neigh_info i;
	const uint8_t *d, *ipp;
	uint16_t n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	vtap_out_reset(&O);
	CU_ASSERT_EQUAL(vtap_resolve(v, 0, &ip, 0, NULL, &O), 0);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	d = O.frames[0].data;
	ipp = d + 14;
	CU_ASSERT(mac_at(d, &sn_mac) && mac_at(d + 6, &US));
	CU_ASSERT(memcmp(ipp + 8, A6_US, 16) == 0 && memcmp(ipp + 24, sn_h2, 16) == 0);
	CU_ASSERT(ipp[7] == 255 && t_get16(ipp + 4) == 32 && t_cksum6_ok(ipp));
	CU_ASSERT(ipp[40] == 135 && memcmp(ipp + 48, A6_H2, 16) == 0);
	CU_ASSERT(ipp[64] == 1 && ipp[65] == 1 && mac_at(ipp + 66, &US));
	CU_ASSERT_EQUAL(vtap_stats_get(v)->nd_ns_out, 1);
	/* a solicited NA with override resolves */
	n = t_nd(F, &l, A6_H2, A6_US, 255, B, t_na_body(B, 0x60, A6_H2, &H2));
	CU_ASSERT_EQUAL(in(v, 0, F, n, 100), VTAP_R_OK);
	CU_ASSERT_EQUAL_FATAL(O.n_events, 1);
	CU_ASSERT(O.events[0].type == VTAP_EV_RESOLVED && O.events[0].ip.v6 &&
		  memcmp(O.events[0].ip.a, A6_H2, 16) == 0 && rte_is_same_ether_addr(&O.events[0].mac, &H2));
	CU_ASSERT_EQUAL(look(v, 0, ip).state, VTAP_NS_REACHABLE);
	/* an NA without override and another MAC does not replace it (7.2.5) */
	n = t_nd(F, &l, A6_H2, A6_US, 255, B, t_na_body(B, 0x40, A6_H2, &H1));
	CU_ASSERT_EQUAL(in(v, 0, F, n, 200), VTAP_R_OK);
	i = look(v, 0, ip);
	CU_ASSERT(i.state == VTAP_NS_STALE && rte_is_same_ether_addr(&i.mac, &H2));
	CU_ASSERT_EQUAL(O.n_events, 0);
	/* its probe is a unicast NS to the address and the cached MAC */
	tick(v, 5200);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	d = O.frames[0].data;
	CU_ASSERT(mac_at(d, &H2) && memcmp(d + 14 + 24, A6_H2, 16) == 0 && t_cksum6_ok(d + 14));
	/* NA for an address not in the table; NA without TLLA for an incomplete one */
	n = t_nd(F, &l, a6_77, A6_US, 255, B, t_na_body(B, 0x60, a6_77, &H2));
	CU_ASSERT_EQUAL(in(v, 0, F, n, 300), VTAP_R_NA_NO_ENTRY);
	vtap_out_reset(&O);
	CU_ASSERT_EQUAL(vtap_resolve(v, 0, &ip21, 300, NULL, &O), 0);
	n = t_nd(F, &l, a6_21, A6_US, 255, B, t_na_body(B, 0x60, a6_21, NULL));
	CU_ASSERT_EQUAL(in(v, 0, F, n, 300), VTAP_R_NA_NO_LLADDR);
	CU_ASSERT_EQUAL(look(v, 0, ip21).state, VTAP_NS_INCOMPLETE);
	/* a link-local next hop is solicited from our link-local address */
	vtap_out_reset(&O);
	CU_ASSERT_EQUAL(vtap_resolve(v, 0, &ll, 300, NULL, &O), 0);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	CU_ASSERT_EQUAL(memcmp(O.frames[0].data + 14 + 8, LL_US, 16), 0);
	CU_ASSERT(t_cksum6_ok(O.frames[0].data + 14));
	vtap_free(v);
}

static void
test_announce(void)
{
	struct vtap *v = std_vtap(NULL, 0);
	struct vtap_ip a4 = ip4(A4_US), a6 = ip6(A6_US), other = ip4(A4_H1);
	const uint8_t *d;

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	vtap_out_reset(&O);
	CU_ASSERT_EQUAL(vtap_announce(v, 0, &a4, &O), 0);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	d = O.frames[0].data;
	CU_ASSERT(mac_at(d, &BC) && mac_at(d + 6, &US) && O.frames[0].len == 60);
	check_arp(d + 14, 1, &US, A4_US, &ZERO, A4_US);
	vtap_out_reset(&O);
	CU_ASSERT_EQUAL(vtap_announce(v, 0, &a6, &O), 0);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	check_na(0, &ALL_NODES_MAC, A6_US, ALL_NODES, A6_US, 0xa0);
	CU_ASSERT_EQUAL(vtap_announce(v, 0, &other, &O), -EINVAL);
	CU_ASSERT_EQUAL(vtap_announce(v, 9, &a4, &O), -EINVAL);
	/* the whole interface: its IPv4 address, link-local and global */
	vtap_out_reset(&O);
	CU_ASSERT_EQUAL(vtap_if_announce(v, 0, &O), 0);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 3);
	CU_ASSERT_EQUAL(memcmp(O.frames[1].data + 14 + 40 + 8, LL_US, 16), 0);
	O.n_frames = VTAP_OUT_FRAMES - 2;
	CU_ASSERT_EQUAL(vtap_if_announce(v, 0, &O), -ENOBUFS);
	vtap_free(v);
}

const CU_TestInfo vtap_nd_tests[] = {
	{ "NS to NA, DAD, proxy", test_nd_ns },
	{ "ND validity checks", test_nd_invalid },
	{ "RS to RA", test_nd_rs_ra },
	{ "periodic RA", test_ra_periodic },
	{ "IPv6 resolution", test_resolve_v6 },
	{ "announcements", test_announce },
	CU_TEST_INFO_NULL,
};
