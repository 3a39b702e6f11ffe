/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of vtap (binary unit-vtap), checked on the bytes of the frames
 * it sends: bad arguments; EUI-64 and solicited-node addresses; ARP replies
 * untagged, 802.1Q and QinQ; learning and RFC 826's merge; requests for
 * others; each malformed case with its reason; conflicts and their RFC 5227
 * defence; gratuitous ARP, probes and proxy; resolution (requests,
 * retransmissions, failure with held packets dropped, success with held
 * packets sent), REACHABLE -> STALE -> PROBE; the hold limits; a full table
 * keeping its static entries; the bounded timer. The ND tests are in
 * test_vtap_nd.c, registered here.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_errno.h>

#include "bng_test.h"
#include "test_vtap_fixtures.h"

const char bng_test_name[] = "vtap";

/* --- Set-up ---------------------------------------------------------------- */

static void
test_args(void)
{
	struct vtap_config cfg;
	struct vtap_if_config c;
	struct vtap_ip ip;
	struct vtap *v;

	CU_ASSERT_PTR_NULL(vtap_create(NULL, 0, NULL));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	vtap_config_defaults(&cfg);
	CU_ASSERT_PTR_NULL(vtap_create("name-too-long", 0, &cfg));
	v = vtap_create("dup", (int)rte_socket_id(), &cfg);
	CU_ASSERT_PTR_NOT_NULL(v);
	CU_ASSERT_PTR_NULL(vtap_create("dup", (int)rte_socket_id(), &cfg));
	CU_ASSERT_EQUAL(rte_errno, EEXIST);
	vtap_free(v);
	cfg.max_neigh = 0;
	CU_ASSERT_PTR_NULL(mk(&cfg));
	vtap_config_defaults(&cfg);
	cfg.hold_per_neigh = VTAP_HOLD_MAX + 1;
	CU_ASSERT_PTR_NULL(mk(&cfg));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	vtap_free(NULL);

	vtap_config_defaults(&cfg);
	cfg.max_if = 2;
	v = mk(&cfg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	if_base(&c, 0, 0, 5, A4_US); /* inner tag without outer */
	CU_ASSERT_EQUAL(vtap_if_add(v, &c), -EINVAL);
	if_base(&c, 0, 4096, 0, A4_US);
	CU_ASSERT_EQUAL(vtap_if_add(v, &c), -EINVAL);
	if_base(&c, 0, 0, 0, A4_US);
	c.mac.addr_bytes[0] = 0x01;
	CU_ASSERT_EQUAL(vtap_if_add(v, &c), -EINVAL);
	if_base(&c, 0, 0, 0, A4_US);
	c.addr4[0].plen = 33;
	CU_ASSERT_EQUAL(vtap_if_add(v, &c), -EINVAL);
	if_base(&c, 0, 0, 0, A4_US);
	if_add6(&c, LL_H1); /* the link-local is derived, not configured */
	CU_ASSERT_EQUAL(vtap_if_add(v, &c), -EINVAL);
	if_base(&c, 0, 0, 0, A4_US);
	c.ra_enabled = 1;
	c.ra_interval_ms = 3000; /* RFC 4861: at least 4 s */
	CU_ASSERT_EQUAL(vtap_if_add(v, &c), -EINVAL);
	c.ra_interval_ms = 600000;
	c.ra_lifetime_s = 300; /* shorter than the interval */
	CU_ASSERT_EQUAL(vtap_if_add(v, &c), -EINVAL);
	if_base(&c, 0, 0, 0, A4_US);
	CU_ASSERT_EQUAL(vtap_if_add(v, &c), 0);
	CU_ASSERT_EQUAL(vtap_if_add(v, &c), -EEXIST);
	if_base(&c, 0, 7, 0, T_IP4(10, 0, 7, 1));
	CU_ASSERT_EQUAL(vtap_if_add(v, &c), 1);
	if_base(&c, 0, 8, 0, T_IP4(10, 0, 8, 1));
	CU_ASSERT_EQUAL(vtap_if_add(v, &c), -ENOSPC);
	CU_ASSERT_EQUAL(vtap_if_find(v, 0, 7, 0), 1);
	CU_ASSERT_EQUAL(vtap_if_find(v, 0, 8, 0), -ENOENT);

	/* resolution needs a connected subnet and refuses our own address */
	vtap_out_reset(&O);
	ip = ip4(T_IP4(10, 9, 9, 9));
	CU_ASSERT_EQUAL(vtap_resolve(v, 0, &ip, 0, NULL, &O), -EINVAL);
	ip = ip4(A4_US);
	CU_ASSERT_EQUAL(vtap_resolve(v, 0, &ip, 0, NULL, &O), -EINVAL);
	ip = ip4(A4_H1);
	CU_ASSERT_EQUAL(vtap_resolve(v, 5, &ip, 0, NULL, &O), -EINVAL);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	/* no room in out: nothing is done */
	O.n_frames = VTAP_OUT_FRAMES;
	CU_ASSERT_EQUAL(vtap_resolve(v, 0, &ip, 0, NULL, &O), -ENOBUFS);
	CU_ASSERT_EQUAL(vtap_input(v, 0, F, req(F, &H1, A4_H1, A4_US), 0, &O), VTAP_R_OUT_FULL);
	CU_ASSERT_EQUAL(vtap_stats_get(v)->reason[VTAP_R_OUT_FULL], 1);
	CU_ASSERT_EQUAL(vtap_neigh_count(v), 0);

	CU_ASSERT_STRING_EQUAL(vtap_reason_name(VTAP_R_ND_BAD_CKSUM), "nd_bad_checksum");
	CU_ASSERT_STRING_EQUAL(vtap_reason_name(VTAP_R_MAX), "?");
	CU_ASSERT_STRING_EQUAL(vtap_stat_name(0), "arp_requests_in");
	CU_ASSERT_STRING_EQUAL(vtap_stat_name(VTAP_STATS), "?");
	CU_ASSERT_STRING_EQUAL(vtap_neigh_state_name(VTAP_NS_PROBE), "PROBE");
	vtap_free(v);
}

static void
test_addresses(void)
{
	static const struct rte_ether_addr m = { { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 } };
	static const uint8_t ll_m[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
					  0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55 };
	static const uint8_t a[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0, 3 };
	static const uint8_t sn[16] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 2, 0, 3 };
	static const struct rte_ether_addr sn_mac = { { 0x33, 0x33, 0xff, 0x02, 0x00, 0x03 } };
	struct rte_ether_addr mac;
	uint8_t out[16];

	vtap_ip6_link_local(&m, out);
	CU_ASSERT_EQUAL(memcmp(out, ll_m, 16), 0);
	vtap_ip6_link_local(&US, out);
	CU_ASSERT_EQUAL(memcmp(out, LL_US, 16), 0);
	vtap_ip6_solicited_node(a, out);
	CU_ASSERT_EQUAL(memcmp(out, sn, 16), 0);
	vtap_ip6_mcast_mac(out, &mac);
	CU_ASSERT(rte_is_same_ether_addr(&mac, &sn_mac));
}

/* --- ARP ------------------------------------------------------------------------- */

static void
test_arp_reply_untagged(void)
{
	struct vtap *v = std_vtap(NULL, 0);
	const struct vtap_frame *f;
	struct vtap_neigh_info i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(in(v, 0, F, req(F, &H1, A4_H1, A4_US), 5), VTAP_R_OK);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	f = &O.frames[0];
	CU_ASSERT_EQUAL(f->port, 0);
	CU_ASSERT_EQUAL(f->len, 60); /* 42 bytes padded to the Ethernet minimum */
	CU_ASSERT(mac_at(f->data, &H1) && mac_at(f->data + 6, &US));
	CU_ASSERT_EQUAL(t_get16(f->data + 12), 0x0806);
	check_arp(f->data + 14, 2, &US, A4_US, &H1, A4_H1);
	for (unsigned int k = 42; k < 60; k++)
		CU_ASSERT_EQUAL(f->data[k], 0);
	/* it asked for us from a connected subnet: learned, not yet confirmed */
	CU_ASSERT_EQUAL_FATAL(O.n_events, 1);
	CU_ASSERT_EQUAL(O.events[0].type, VTAP_EV_RESOLVED);
	CU_ASSERT_EQUAL(t_get32(O.events[0].ip.a), A4_H1);
	i = look(v, 0, ip4(A4_H1));
	CU_ASSERT_EQUAL(i.state, VTAP_NS_STALE);
	CU_ASSERT(rte_is_same_ether_addr(&i.mac, &H1));
	CU_ASSERT_EQUAL(vtap_stats_get(v)->arp_requests_in, 1);
	CU_ASSERT_EQUAL(vtap_stats_get(v)->arp_replies_out, 1);
	CU_ASSERT_EQUAL(vtap_stats_get(v)->learned, 1);
	vtap_free(v);
}

static void
test_arp_vlan(void)
{
	struct t_l2 q = { &BC, &H1, 1, { 0x8100 }, { 0xa064 } }; /* PCP 5, VLAN 100 */
	struct t_l2 qq = { &BC, &H1, 2, { 0x88a8, 0x8100 }, { 0x00c8, 0x012c } };
	struct vtap *v = std_vtap(NULL, 0);
	const uint8_t *d;
	struct vtap_ip ip;
	uint16_t n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	n = t_arp(F, &q, 1, &H1, T_IP4(198, 51, 100, 7), NULL, T_IP4(198, 51, 100, 1));
	CU_ASSERT_EQUAL(in(v, 1, F, n, 0), VTAP_R_OK);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	d = O.frames[0].data;
	CU_ASSERT_EQUAL(O.frames[0].port, 1);
	CU_ASSERT(t_get16(d + 12) == 0x8100 && t_get16(d + 14) == 0xa064 && t_get16(d + 16) == 0x0806);
	check_arp(d + 18, 2, &US, T_IP4(198, 51, 100, 1), &H1, T_IP4(198, 51, 100, 7));
	CU_ASSERT_EQUAL(O.frames[0].len, 60);

	n = t_arp(F, &qq, 1, &H1, T_IP4(203, 0, 113, 7), NULL, T_IP4(203, 0, 113, 1));
	CU_ASSERT_EQUAL(in(v, 2, F, n, 0), VTAP_R_OK);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	d = O.frames[0].data;
	CU_ASSERT(t_get16(d + 12) == 0x88a8 && t_get16(d + 14) == 0x00c8);
	CU_ASSERT(t_get16(d + 16) == 0x8100 && t_get16(d + 18) == 0x012c);
	CU_ASSERT_EQUAL(t_get16(d + 20), 0x0806);
	check_arp(d + 22, 2, &US, T_IP4(203, 0, 113, 1), &H1, T_IP4(203, 0, 113, 7));

	/* frames vtap originates carry the interface's own tags */
	ip = ip4(T_IP4(203, 0, 113, 9));
	vtap_out_reset(&O);
	CU_ASSERT_EQUAL(vtap_resolve(v, 2, &ip, 0, NULL, &O), 0);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	d = O.frames[0].data;
	CU_ASSERT(t_get16(d + 12) == 0x88a8 && t_get16(d + 14) == 200);
	CU_ASSERT(t_get16(d + 16) == 0x8100 && t_get16(d + 18) == 300);
	check_arp(d + 22, 1, &US, T_IP4(203, 0, 113, 1), &ZERO, T_IP4(203, 0, 113, 9));

	/* another VLAN, no tag, or three tags */
	q.tci[0] = 101;
	n = t_arp(F, &q, 1, &H1, T_IP4(198, 51, 100, 7), NULL, T_IP4(198, 51, 100, 1));
	CU_ASSERT_EQUAL(in(v, 1, F, n, 0), VTAP_R_NO_INTERFACE);
	CU_ASSERT_EQUAL(in(v, 1, F, req(F, &H1, T_IP4(198, 51, 100, 7), T_IP4(198, 51, 100, 1)), 0),
			VTAP_R_NO_INTERFACE);
	qq.n = 3;
	qq.tpid[2] = 0x8100;
	qq.tci[2] = 5;
	n = t_arp(F, &qq, 1, &H1, T_IP4(203, 0, 113, 7), NULL, T_IP4(203, 0, 113, 1));
	CU_ASSERT_EQUAL(in(v, 2, F, n, 0), VTAP_R_VLAN_TOO_DEEP);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	vtap_free(v);
}

static void
test_arp_ignore_merge(void)
{
	struct vtap *v = std_vtap(NULL, 0);
	struct vtap_ip ip = ip4(A4_H2);
	struct vtap_neigh_info i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	/* a request for another host: not answered, sender not added */
	CU_ASSERT_EQUAL(in(v, 0, F, req(F, &H1, A4_H1, T_IP4(192, 0, 2, 99)), 0),
			VTAP_R_ARP_NOT_FOR_US);
	CU_ASSERT_EQUAL(O.n_frames + O.n_events, 0);
	CU_ASSERT_EQUAL(vtap_neigh_count(v), 0);
	/* ... but a known sender is updated whatever it asks (RFC 826 merge) */
	vtap_out_reset(&O);
	CU_ASSERT_EQUAL(vtap_resolve(v, 0, &ip, 0, NULL, &O), 0);
	CU_ASSERT_EQUAL(in(v, 0, F, req(F, &H2, A4_H2, T_IP4(192, 0, 2, 99)), 10),
			VTAP_R_ARP_NOT_FOR_US);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	CU_ASSERT_EQUAL_FATAL(O.n_events, 1);
	CU_ASSERT(O.events[0].type == VTAP_EV_RESOLVED && rte_is_same_ether_addr(&O.events[0].mac, &H2));
	i = look(v, 0, ip);
	CU_ASSERT_EQUAL(i.state, VTAP_NS_STALE);
	CU_ASSERT(rte_is_same_ether_addr(&i.mac, &H2));
	/* a sender off our subnets is answered but never learned */
	CU_ASSERT_EQUAL(in(v, 0, F, req(F, &H1, T_IP4(10, 1, 1, 1), A4_US), 0), VTAP_R_OK);
	CU_ASSERT_EQUAL(O.n_frames, 1);
	CU_ASSERT_EQUAL(O.n_events, 0);
	CU_ASSERT_EQUAL(vtap_neigh_count(v), 1);
	CU_ASSERT_EQUAL(vtap_stats_get(v)->reason[VTAP_R_ARP_NOT_FOR_US], 2);
	vtap_free(v);
}

static void
test_arp_malformed(void)
{
	static const struct rte_ether_addr mc = { { 0x01, 0x00, 0x5e, 0, 0, 1 } };
	static const struct rte_ether_addr other = { { 0x02, 0, 0, 0, 0x77, 0x77 } };
	struct vtap *v = std_vtap(NULL, 0);
	const struct vtap_stats *st;
	uint16_t base = req(B, &H1, A4_H1, A4_US);
	struct t_l2 l = L_BC_H1;

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	st = vtap_stats_get(v);
#define CASE(len, why)                                                               \
	do {                                                                         \
		CU_ASSERT_EQUAL(in(v, 0, F, (len), 0), (why));                       \
		CU_ASSERT_EQUAL(O.n_frames + O.n_events, 0);                         \
	} while (0)
#define MUT(off, val)                                                                \
	(memcpy(F, B, base), F[off] = (val), base)

	CASE((memcpy(F, B, base), 10), VTAP_R_ETH_TRUNC);
	CASE((memcpy(F, B, base), (uint16_t)(base - 1)), VTAP_R_ARP_TRUNC);
	CASE(MUT(15, 6), VTAP_R_ARP_BAD_HTYPE);
	CASE(MUT(16, 0x86), VTAP_R_ARP_BAD_PTYPE);
	CASE(MUT(18, 8), VTAP_R_ARP_BAD_LEN);
	CASE(MUT(19, 16), VTAP_R_ARP_BAD_LEN);
	CASE(MUT(21, 3), VTAP_R_ARP_BAD_OP);
	CASE(MUT(13, 0x00), VTAP_R_NOT_NEIGH); /* EtherType 0x0800 */
	CASE(req(F, &BC, A4_H1, A4_US), VTAP_R_ARP_BAD_SENDER_MAC);
	CASE(req(F, &mc, A4_H1, A4_US), VTAP_R_ARP_BAD_SENDER_MAC);
	CASE(req(F, &ZERO, A4_H1, A4_US), VTAP_R_ARP_BAD_SENDER_MAC);
	CASE(req(F, &US, A4_H1, A4_US), VTAP_R_OWN_MAC);
	CASE(req(F, &H1, T_IP4(224, 0, 0, 1), A4_US), VTAP_R_ARP_BAD_SENDER_IP);
	CASE(req(F, &H1, T_IP4(255, 255, 255, 255), A4_US), VTAP_R_ARP_BAD_SENDER_IP);
	CASE(t_arp(F, &L_US_H2, 2, &H2, 0, &US, A4_US), VTAP_R_ARP_BAD_SENDER_IP);
	l.src = &US;
	CASE(t_arp(F, &l, 1, &H1, A4_H1, NULL, A4_US), VTAP_R_OWN_MAC);
	l.src = &mc;
	CASE(t_arp(F, &l, 1, &H1, A4_H1, NULL, A4_US), VTAP_R_ETH_BAD_SRC);
	l.src = &H1;
	l.dst = &other;
	CASE(t_arp(F, &l, 1, &H1, A4_H1, NULL, A4_US), VTAP_R_ETH_DST_OTHER);
	/* a reply from outside our subnets */
	CASE(t_arp(F, &L_US_H2, 2, &H2, T_IP4(10, 1, 1, 1), &US, A4_US), VTAP_R_ARP_NOT_ON_LINK);
#undef CASE
#undef MUT
	CU_ASSERT_EQUAL(st->reason[VTAP_R_ARP_BAD_LEN], 2);
	CU_ASSERT_EQUAL(st->reason[VTAP_R_ARP_BAD_SENDER_MAC], 3);
	CU_ASSERT_EQUAL(st->reason[VTAP_R_ARP_BAD_SENDER_IP], 3);
	CU_ASSERT_EQUAL(st->reason[VTAP_R_OWN_MAC], 2);
	CU_ASSERT_EQUAL(st->reason[VTAP_R_ARP_BAD_OP], 1);
	CU_ASSERT_EQUAL(st->reason[VTAP_R_OK], 0);
	CU_ASSERT_EQUAL(st->arp_replies_out, 0);
	CU_ASSERT_EQUAL(vtap_neigh_count(v), 0);
	vtap_free(v);
}

static void
test_arp_conflict(void)
{
	struct vtap *v = std_vtap(NULL, 0);
	const uint8_t *d;

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	/* H1 claims 192.0.2.1 */
	CU_ASSERT_EQUAL(in(v, 0, F, req(F, &H1, A4_US, T_IP4(192, 0, 2, 99)), 1000),
			VTAP_R_ADDR_CONFLICT);
	CU_ASSERT_EQUAL_FATAL(O.n_events, 1);
	CU_ASSERT_EQUAL(O.events[0].type, VTAP_EV_CONFLICT);
	CU_ASSERT_EQUAL(t_get32(O.events[0].ip.a), A4_US);
	CU_ASSERT(rte_is_same_ether_addr(&O.events[0].mac, &H1));
	/* defended by one broadcast announcement (RFC 5227 2.4 b) */
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	d = O.frames[0].data;
	CU_ASSERT(mac_at(d, &BC) && mac_at(d + 6, &US));
	check_arp(d + 14, 1, &US, A4_US, &ZERO, A4_US);
	/* within DEFEND_INTERVAL: reported, not defended again */
	CU_ASSERT_EQUAL(in(v, 0, F, req(F, &H1, A4_US, A4_US), 6000), VTAP_R_ADDR_CONFLICT);
	CU_ASSERT_EQUAL(O.n_events, 1);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	CU_ASSERT_EQUAL(in(v, 0, F, req(F, &H1, A4_US, A4_US), 11000), VTAP_R_ADDR_CONFLICT);
	CU_ASSERT_EQUAL(O.n_frames, 1);
	CU_ASSERT_EQUAL(vtap_stats_get(v)->conflicts_defended, 2);
	CU_ASSERT_EQUAL(vtap_stats_get(v)->reason[VTAP_R_ADDR_CONFLICT], 3);
	CU_ASSERT_EQUAL(vtap_neigh_count(v), 0);
	vtap_free(v);
}

static void
test_garp_probe_proxy(void)
{
	struct vtap *v = std_vtap(NULL, 0);
	struct vtap_neigh_info i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	/* gratuitous ARP of an unknown host: not learned */
	CU_ASSERT_EQUAL(in(v, 0, F, req(F, &H1, A4_H1, A4_H1), 0), VTAP_R_GARP_UNKNOWN);
	CU_ASSERT_EQUAL(vtap_neigh_count(v), 0);
	/* learn H1, then it moves to a new MAC and announces it, by request and by reply */
	CU_ASSERT_EQUAL(in(v, 0, F, req(F, &H1, A4_H1, A4_US), 0), VTAP_R_OK);
	CU_ASSERT_EQUAL(in(v, 0, F, req(F, &H2, A4_H1, A4_H1), 10), VTAP_R_OK);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	CU_ASSERT_EQUAL_FATAL(O.n_events, 1);
	CU_ASSERT(O.events[0].type == VTAP_EV_RESOLVED && rte_is_same_ether_addr(&O.events[0].mac, &H2));
	i = look(v, 0, ip4(A4_H1));
	CU_ASSERT(rte_is_same_ether_addr(&i.mac, &H2) && i.state == VTAP_NS_STALE);
	CU_ASSERT_EQUAL(in(v, 0, F, t_arp(F, &L_BC_H1, 2, &H1, A4_H1, &BC, A4_H1), 20), VTAP_R_OK);
	i = look(v, 0, ip4(A4_H1));
	CU_ASSERT(rte_is_same_ether_addr(&i.mac, &H1));
	CU_ASSERT_EQUAL(vtap_stats_get(v)->garp_in, 3);

	/* RFC 5227 probe for our address: answered to the prober, target 0.0.0.0 */
	CU_ASSERT_EQUAL(in(v, 0, F, req(F, &H2, 0, A4_US), 30), VTAP_R_OK);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	CU_ASSERT(mac_at(O.frames[0].data, &H2));
	check_arp(O.frames[0].data + 14, 2, &US, A4_US, &H2, 0);
	CU_ASSERT_EQUAL(vtap_neigh_count(v), 1);
	/* without proxy, another host's address is not ours */
	CU_ASSERT_EQUAL(in(v, 0, F, req(F, &H1, A4_H1, A4_H2), 0), VTAP_R_ARP_NOT_FOR_US);
	vtap_free(v);

	/* proxy: every host of the subnet is answered for, but not the
	 * network and broadcast addresses */
	v = std_vtap(NULL, VTAP_IF_PROXY);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(in(v, 0, F, req(F, &H1, A4_H1, A4_H2), 0), VTAP_R_OK);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	check_arp(O.frames[0].data + 14, 2, &US, A4_H2, &H1, A4_H1);
	CU_ASSERT_EQUAL(in(v, 0, F, req(F, &H1, A4_H1, T_IP4(192, 0, 2, 255)), 0),
			VTAP_R_ARP_NOT_FOR_US);
	CU_ASSERT_EQUAL(in(v, 0, F, req(F, &H1, A4_H1, T_IP4(192, 0, 2, 0)), 0),
			VTAP_R_ARP_NOT_FOR_US);
	CU_ASSERT_EQUAL(in(v, 0, F, req(F, &H1, A4_H1, T_IP4(10, 0, 0, 1)), 0),
			VTAP_R_ARP_NOT_FOR_US);
	vtap_free(v);
}

/* --- Resolution ----------------------------------------------------------------- */

static void
test_resolve_fail(void)
{
	struct vtap *v = std_vtap(NULL, 0);
	struct vtap_ip ip = ip4(A4_H2);
	const struct vtap_stats *st;
	const uint8_t *d;

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	st = vtap_stats_get(v);
	vtap_out_reset(&O);
	CU_ASSERT_EQUAL(vtap_resolve(v, 0, &ip, 0, NULL, &O), 0);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	d = O.frames[0].data;
	CU_ASSERT(mac_at(d, &BC) && mac_at(d + 6, &US) && t_get16(d + 12) == 0x0806);
	check_arp(d + 14, 1, &US, A4_US, &ZERO, A4_H2);
	CU_ASSERT_EQUAL(look(v, 0, ip).state, VTAP_NS_INCOMPLETE);
	vtap_out_reset(&O);
	CU_ASSERT_EQUAL(vtap_hold(v, 0, &ip, P(1), 10, &O), 0);
	CU_ASSERT_EQUAL(vtap_hold(v, 0, &ip, P(2), 20, &O), 0);
	CU_ASSERT_EQUAL(O.n_frames + O.n_held, 0);
	CU_ASSERT_EQUAL(vtap_resolve(v, 0, &ip, 30, NULL, &O), 0); /* under way: no new request */
	CU_ASSERT_EQUAL(O.n_frames, 0);

	tick(v, 999);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	tick(v, 1000);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	check_arp(O.frames[0].data + 14, 1, &US, A4_US, &ZERO, A4_H2);
	tick(v, 2000);
	CU_ASSERT_EQUAL(O.n_frames, 1);
	tick(v, 2999);
	CU_ASSERT_EQUAL(O.n_frames + O.n_events, 0);
	tick(v, 3000);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	CU_ASSERT_EQUAL_FATAL(O.n_events, 1);
	CU_ASSERT(O.events[0].type == VTAP_EV_FAILED && O.events[0].port == 0);
	CU_ASSERT_EQUAL(t_get32(O.events[0].ip.a), A4_H2);
	CU_ASSERT_EQUAL_FATAL(O.n_held, 2);
	CU_ASSERT(O.held[0].pkt == P(1) && O.held[1].pkt == P(2));
	CU_ASSERT(O.held[0].reason == VTAP_R_NEIGH_FAILED && O.held[1].reason == VTAP_R_NEIGH_FAILED);
	CU_ASSERT_EQUAL(look(v, 0, ip).state, VTAP_NS_FAILED);
	CU_ASSERT_EQUAL(st->arp_requests_out, 3);
	CU_ASSERT_EQUAL(st->failed, 1);

	/* not asked again within retrans_ms of the failure */
	vtap_out_reset(&O);
	CU_ASSERT_EQUAL(vtap_resolve(v, 0, &ip, 3500, NULL, &O), -EHOSTUNREACH);
	CU_ASSERT_EQUAL(vtap_hold(v, 0, &ip, P(3), 3500, &O), 1);
	CU_ASSERT(O.n_held == 1 && O.held[0].pkt == P(3) && O.held[0].reason == VTAP_R_NEIGH_FAILED);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	CU_ASSERT_EQUAL(vtap_resolve(v, 0, &ip, 4000, NULL, &O), 0);
	CU_ASSERT_EQUAL(O.n_frames, 1);
	CU_ASSERT_EQUAL(st->reason[VTAP_R_NEIGH_FAILED], 3);
	/* fails again, then the FAILED entry is removed after failed_keep_ms */
	tick(v, 5000);
	tick(v, 6000);
	tick(v, 7000);
	CU_ASSERT(O.n_events == 1 && O.events[0].type == VTAP_EV_FAILED);
	tick(v, 16999);
	CU_ASSERT_EQUAL(vtap_neigh_count(v), 1);
	tick(v, 17000);
	CU_ASSERT_EQUAL(vtap_neigh_count(v), 0);
	CU_ASSERT_EQUAL(O.n_frames + O.n_events, 0);
	vtap_free(v);
}

static void
test_resolve_reply_stale_probe(void)
{
	struct vtap *v = std_vtap(NULL, 0);
	struct vtap_ip ip = ip4(A4_H2);
	struct rte_ether_addr mac;
	const uint8_t *d;

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	vtap_out_reset(&O);
	CU_ASSERT_EQUAL(vtap_resolve(v, 0, &ip, 0, NULL, &O), 0);
	CU_ASSERT_EQUAL(vtap_hold(v, 0, &ip, P(1), 0, &O), 0);
	CU_ASSERT_EQUAL(vtap_hold(v, 0, &ip, P(2), 0, &O), 0);
	/* the reply resolves: event, held packets back to be sent, in order */
	CU_ASSERT_EQUAL(in(v, 0, F, t_arp(F, &L_US_H2, 2, &H2, A4_H2, &US, A4_US), 300), VTAP_R_OK);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	CU_ASSERT_EQUAL_FATAL(O.n_events, 1);
	CU_ASSERT(O.events[0].type == VTAP_EV_RESOLVED && O.events[0].port == 0 &&
		  rte_is_same_ether_addr(&O.events[0].mac, &H2));
	CU_ASSERT_EQUAL(t_get32(O.events[0].ip.a), A4_H2);
	CU_ASSERT_EQUAL_FATAL(O.n_held, 2);
	CU_ASSERT(O.held[0].pkt == P(1) && O.held[1].pkt == P(2));
	CU_ASSERT(O.held[0].reason == VTAP_R_OK && rte_is_same_ether_addr(&O.held[1].mac, &H2));
	CU_ASSERT_EQUAL(look(v, 0, ip).state, VTAP_NS_REACHABLE);
	vtap_out_reset(&O);
	CU_ASSERT_EQUAL(vtap_resolve(v, 0, &ip, 400, &mac, &O), 1);
	CU_ASSERT(rte_is_same_ether_addr(&mac, &H2));
	CU_ASSERT_EQUAL(vtap_hold(v, 0, &ip, P(3), 400, &O), 1); /* resolved: send at once */
	CU_ASSERT(O.n_held == 1 && O.held[0].pkt == P(3) && O.held[0].reason == VTAP_R_OK);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	CU_ASSERT_EQUAL(vtap_stats_get(v)->held_sent, 3);
	CU_ASSERT_EQUAL(vtap_stats_get(v)->resolved, 1);
	/* a reply for someone else about an unknown host */
	CU_ASSERT_EQUAL(in(v, 0, F, t_arp(F, &L_US_H2, 2, &H1, A4_H1, &US, T_IP4(192, 0, 2, 77)), 0),
			VTAP_R_ARP_NOT_FOR_US);

	/* REACHABLE for reachable_ms, STALE for probe_delay_ms, then a unicast probe */
	tick(v, 30299);
	CU_ASSERT_EQUAL(look(v, 0, ip).state, VTAP_NS_REACHABLE);
	tick(v, 30300);
	CU_ASSERT_EQUAL(look(v, 0, ip).state, VTAP_NS_STALE);
	CU_ASSERT_EQUAL(O.n_frames + O.n_events, 0);
	tick(v, 35299);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	tick(v, 35300);
	CU_ASSERT_EQUAL(look(v, 0, ip).state, VTAP_NS_PROBE);
	CU_ASSERT_EQUAL_FATAL(O.n_frames, 1);
	d = O.frames[0].data;
	CU_ASSERT(mac_at(d, &H2) && mac_at(d + 6, &US));
	check_arp(d + 14, 1, &US, A4_US, &ZERO, A4_H2);
	/* the answer confirms: REACHABLE again, no event for the same MAC */
	CU_ASSERT_EQUAL(in(v, 0, F, t_arp(F, &L_US_H2, 2, &H2, A4_H2, &US, A4_US), 35400),
			VTAP_R_OK);
	CU_ASSERT_EQUAL(O.n_events, 0);
	CU_ASSERT_EQUAL(look(v, 0, ip).state, VTAP_NS_REACHABLE);
	/* next time nobody answers the probes: FAILED after max_probes */
	tick(v, 65400);
	tick(v, 70400);
	CU_ASSERT_EQUAL(O.n_frames, 1);
	tick(v, 71400);
	CU_ASSERT_EQUAL(O.n_frames, 1);
	tick(v, 72400);
	CU_ASSERT_EQUAL(O.n_frames, 1);
	tick(v, 73400);
	CU_ASSERT_EQUAL(O.n_frames, 0);
	CU_ASSERT(O.n_events == 1 && O.events[0].type == VTAP_EV_FAILED);
	CU_ASSERT_EQUAL(look(v, 0, ip).state, VTAP_NS_FAILED);
	vtap_free(v);
}


/* --- Limits ---------------------------------------------------------------------- */

static void
test_hold_limits(void)
{
	struct vtap_ip a = ip4(A4_H2), b = ip4(T_IP4(192, 0, 2, 21)), c = ip4(T_IP4(192, 0, 2, 22));
	struct vtap_config cfg;
	struct vtap *v;

	vtap_config_defaults(&cfg);
	cfg.hold_per_neigh = 3;
	cfg.hold_total = 4;
	v = std_vtap(&cfg, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	vtap_out_reset(&O);
	for (uintptr_t k = 1; k <= 3; k++)
		CU_ASSERT_EQUAL(vtap_hold(v, 0, &a, P(k), 0, &O), 0);
	CU_ASSERT_EQUAL(O.n_frames, 1); /* the first hold started the resolution */
	CU_ASSERT_EQUAL(O.n_held, 0);
	/* a fourth for the same neighbour pushes the oldest out */
	CU_ASSERT_EQUAL(vtap_hold(v, 0, &a, P(4), 0, &O), 0);
	CU_ASSERT_EQUAL_FATAL(O.n_held, 1);
	CU_ASSERT(O.held[0].pkt == P(1) && O.held[0].reason == VTAP_R_HOLD_OVERFLOW);
	CU_ASSERT_EQUAL(look(v, 0, a).n_held, 3);
	/* the total: one more fits, then each neighbour only trades its own */
	vtap_out_reset(&O);
	CU_ASSERT_EQUAL(vtap_hold(v, 0, &b, P(11), 0, &O), 0);
	CU_ASSERT_EQUAL(O.n_held, 0);
	CU_ASSERT_EQUAL(vtap_hold(v, 0, &b, P(12), 0, &O), 0);
	CU_ASSERT(O.n_held == 1 && O.held[0].pkt == P(11) && O.held[0].reason == VTAP_R_HOLD_TOTAL);
	vtap_out_reset(&O);
	CU_ASSERT_EQUAL(vtap_hold(v, 0, &c, P(21), 0, &O), 1);
	CU_ASSERT(O.n_held == 1 && O.held[0].pkt == P(21) && O.held[0].reason == VTAP_R_HOLD_TOTAL);
	CU_ASSERT_EQUAL(vtap_stats_get(v)->reason[VTAP_R_HOLD_OVERFLOW], 1);
	CU_ASSERT_EQUAL(vtap_stats_get(v)->reason[VTAP_R_HOLD_TOTAL], 2);
	CU_ASSERT_EQUAL(vtap_stats_get(v)->held, 6);
	/* resolution sends the survivors, oldest first */
	CU_ASSERT_EQUAL(in(v, 0, F, t_arp(F, &L_US_H2, 2, &H2, A4_H2, &US, A4_US), 10), VTAP_R_OK);
	CU_ASSERT_EQUAL_FATAL(O.n_held, 3);
	CU_ASSERT(O.held[0].pkt == P(2) && O.held[1].pkt == P(3) && O.held[2].pkt == P(4));
	/* deleting a neighbour drops what it held */
	vtap_out_reset(&O);
	CU_ASSERT_EQUAL(vtap_neigh_del(v, 0, &b, &O), 0);
	CU_ASSERT(O.n_held == 1 && O.held[0].pkt == P(12) && O.held[0].reason == VTAP_R_NEIGH_DELETED);
	CU_ASSERT_EQUAL(vtap_neigh_del(v, 0, &b, &O), -ENOENT);
	vtap_free(v);
}

static void
test_table_full_static(void)
{
	struct vtap_ip st = ip4(T_IP4(192, 0, 2, 50));
	struct vtap_neigh_info i;
	struct vtap_config cfg;
	struct vtap *v;
	uint32_t cursor = 0, n = 0;

	vtap_config_defaults(&cfg);
	cfg.max_neigh = 4;
	v = std_vtap(&cfg, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	vtap_out_reset(&O);
	CU_ASSERT_EQUAL(vtap_neigh_static_add(v, 0, &st, &H1, &O), 0);
	CU_ASSERT(O.n_events == 1 && O.events[0].type == VTAP_EV_RESOLVED);
	for (uint32_t k = 20; k < 23; k++) {
		struct vtap_ip ip = ip4(T_IP4(192, 0, 2, k));

		CU_ASSERT_EQUAL(vtap_resolve(v, 0, &ip, 0, NULL, &O), 0);
	}
	{
		struct vtap_ip ip = ip4(T_IP4(192, 0, 2, 23));

		CU_ASSERT_EQUAL(vtap_resolve(v, 0, &ip, 0, NULL, &O), -ENOSPC);
		vtap_out_reset(&O);
		CU_ASSERT_EQUAL(vtap_hold(v, 0, &ip, P(9), 0, &O), 1);
		CU_ASSERT(O.n_held == 1 && O.held[0].reason == VTAP_R_TABLE_FULL);
	}
	/* a request from a new host is still answered, but not learned */
	CU_ASSERT_EQUAL(in(v, 0, F, req(F, &H2, T_IP4(192, 0, 2, 30), A4_US), 0), VTAP_R_OK);
	CU_ASSERT_EQUAL(O.n_frames, 1);
	CU_ASSERT_EQUAL(vtap_neigh_count(v), 4);
	CU_ASSERT_EQUAL(vtap_stats_get(v)->reason[VTAP_R_TABLE_FULL], 3);
	/* frames never change a static entry */
	CU_ASSERT_EQUAL(in(v, 0, F, req(F, &H2, T_IP4(192, 0, 2, 50), T_IP4(192, 0, 2, 50)), 0),
			VTAP_R_OK);
	CU_ASSERT_EQUAL(O.n_events, 0);
	/* the dynamic ones fail and go; the static one stays, unaged */
	for (uint32_t t = 1000; t <= 200000; t += 1000)
		tick(v, t);
	CU_ASSERT_EQUAL(vtap_neigh_count(v), 1);
	i = look(v, 0, st);
	CU_ASSERT(i.state == VTAP_NS_REACHABLE && (i.flags & VTAP_NF_STATIC));
	CU_ASSERT(rte_is_same_ether_addr(&i.mac, &H1));
	while (vtap_neigh_next(v, &cursor, &i) == 0)
		n++;
	CU_ASSERT_EQUAL(n, 1);
	/* room again for a dynamic entry */
	CU_ASSERT_EQUAL(in(v, 0, F, req(F, &H2, T_IP4(192, 0, 2, 30), A4_US), 0), VTAP_R_OK);
	CU_ASSERT_EQUAL(vtap_neigh_count(v), 2);
	vtap_free(v);
}

static void
test_timer_bounded(void)
{
	static const unsigned int after[3] = { 4, 8, 10 };
	struct vtap_config cfg;
	struct vtap *v;

	vtap_config_defaults(&cfg);
	cfg.max_neigh = 64;
	cfg.timer_budget = 4;
	v = std_vtap(&cfg, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	vtap_out_reset(&O);
	for (uint32_t k = 0; k < 10; k++) {
		struct vtap_ip ip = ip4(T_IP4(192, 0, 2, 100 + k));

		CU_ASSERT_EQUAL(vtap_resolve(v, 0, &ip, 0, NULL, &O), 0);
	}
	CU_ASSERT_EQUAL(O.n_frames, 10);
	/* ten neighbours, four a call: three calls retransmit them all */
	vtap_out_reset(&O);
	for (unsigned int c = 0; c < 3; c++) {
		CU_ASSERT_EQUAL(vtap_timer(v, 1000, &O), 4);
		CU_ASSERT_EQUAL(O.n_frames, after[c]);
	}
	/* with out full the sweep stops on the first due entry, stays there
	 * and loses nothing */
	O.n_frames = VTAP_OUT_FRAMES;
	for (unsigned int c = 0; c < 5; c++)
		CU_ASSERT_EQUAL(vtap_timer(v, 2000, &O), 0);
	CU_ASSERT_EQUAL(O.n_frames, VTAP_OUT_FRAMES);
	vtap_out_reset(&O);
	for (unsigned int c = 0; c < 3; c++)
		vtap_timer(v, 2000, &O);
	CU_ASSERT_EQUAL(O.n_frames, 10);
	CU_ASSERT_EQUAL(vtap_stats_get(v)->arp_requests_out, 30);
	/* removals during the sweep: all ten fail, then all ten go */
	tick(v, 3000);
	tick(v, 3000);
	tick(v, 3000);
	CU_ASSERT_EQUAL(vtap_stats_get(v)->failed, 10);
	for (unsigned int c = 0; c < 3; c++)
		tick(v, 13000);
	CU_ASSERT_EQUAL(vtap_neigh_count(v), 0);
	CU_ASSERT_EQUAL(tick(v, 13000), 0);
	vtap_free(v);
}


static const CU_TestInfo tests[] = {
	{ "bad arguments", test_args },
	{ "link-local, solicited-node", test_addresses },
	{ "ARP reply untagged, learning", test_arp_reply_untagged },
	{ "ARP reply 802.1Q and QinQ", test_arp_vlan },
	{ "ARP for others, merge", test_arp_ignore_merge },
	{ "ARP malformed", test_arp_malformed },
	{ "ARP address conflict", test_arp_conflict },
	{ "gratuitous ARP, probe, proxy", test_garp_probe_proxy },
	{ "resolution fails", test_resolve_fail },
	{ "resolution, STALE, PROBE", test_resolve_reply_stale_probe },
	{ "hold limits", test_hold_limits },
	{ "table full, static entries", test_table_full_static },
	{ "bounded timer", test_timer_bounded },
	CU_TEST_INFO_NULL,
};

int
bng_test_register(void)
{
	if (bng_test_add_suite("vtap ARP and neighbour table", tests) != 0)
		return -1;
	return bng_test_add_suite("vtap neighbour discovery", vtap_nd_tests);
}
