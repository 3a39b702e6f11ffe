/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of lib/common: the one-pass parser (malformed frames first,
 * each must be dropped with its own reason; then every frame shape the
 * appliance handles), the incremental checksum helpers and the drop-reason
 * name table.
 */
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_ip.h>

#include "bng_cksum.h"
#include "bng_parse.h"
#include "bng_test.h"

const char bng_test_name[] = "parse";

#define A4 T_IP4(10, 0, 0, 2)
#define B4 T_IP4(198, 51, 100, 7)

static const uint8_t A6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };
static const uint8_t B6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7 };

/* Recompute an IPv4 header checksum over @p ihl bytes. */
static void
t_ipv4_fix_len(uint8_t *p, uint32_t ihl)
{
	uint16_t ck;

	p[10] = p[11] = 0;
	ck = (uint16_t)~rte_raw_cksum(p, ihl);
	memcpy(p + 10, &ck, 2);
}

/* Parse @p len bytes of @p buf; the descriptor is copied to @p d. */
static enum bng_drop
parse(const uint8_t *buf, uint16_t len, struct bng_desc *d)
{
	struct rte_mbuf *m = bng_test_mbuf(buf, len);
	struct bng_desc *md = bng_desc(m);
	enum bng_drop r;

	/* Garbage in the fields the parser owns must not survive. */
	memset(md, 0xa5, sizeof(*md));
	r = bng_parse(m, md);
	*d = *md;
	rte_pktmbuf_free(m);
	return r;
}

/* Expect a drop and that d->drop records the same reason. */
#define ASSERT_DROP(buf, len, why)                                                 \
	do {                                                                       \
		struct bng_desc d_;                                                \
		CU_ASSERT_EQUAL(parse((buf), (len), &d_), (why));                  \
		CU_ASSERT_EQUAL(d_.drop, (why));                                   \
	} while (0)

/* ---------------------------------------------------------------------------
 * Malformed frames
 */

static void
test_runt(void)
{
	uint8_t b[64] = { 0 };

	t_eth(b, 0x0800);
	ASSERT_DROP(b, 13, BNG_DROP_RUNT);
	ASSERT_DROP(b, 0, BNG_DROP_RUNT);
}

static void
test_vlan_truncated(void)
{
	uint8_t b[64];
	uint16_t o = t_eth(b, 0x8100);

	t_vlan(b + o, 42, 0x0800);
	ASSERT_DROP(b, o + 2, BNG_DROP_VLAN_TRUNC);
	ASSERT_DROP(b, o, BNG_DROP_VLAN_TRUNC);
}

static void
test_vlan_too_deep(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x88a8);

	o += t_vlan(b + o, 10, 0x8100);
	o += t_vlan(b + o, 20, 0x8100);
	o += t_vlan(b + o, 30, 0x0800);
	o += t_ipv4(b + o, IPPROTO_UDP, A4, B4, 8);
	o += t_udp(b + o, 1, 2, 0);
	ASSERT_DROP(b, o, BNG_DROP_VLAN_TOO_DEEP);
}

static void
test_unknown_ethertype(void)
{
	uint8_t b[64] = { 0 };

	t_eth(b, 0x88b5);
	ASSERT_DROP(b, 60, BNG_DROP_ETHERTYPE);
	/* Behind a VLAN tag too. */
	t_eth(b, 0x8100);
	t_vlan(b + 14, 5, 0x88cc);
	ASSERT_DROP(b, 60, BNG_DROP_ETHERTYPE);
}

static void
test_arp_pppoe_truncated(void)
{
	uint8_t b[64] = { 0 };

	t_eth(b, 0x0806);
	ASSERT_DROP(b, 14 + 27, BNG_DROP_ARP_TRUNC);
	t_eth(b, 0x8863);
	ASSERT_DROP(b, 14 + 5, BNG_DROP_PPPOE_TRUNC);
	t_eth(b, 0x8864);
	b[14] = 0x11;
	ASSERT_DROP(b, 14 + 7, BNG_DROP_PPPOE_TRUNC);
}

static void
test_ip4_truncated(void)
{
	uint8_t b[64];
	uint16_t o = t_eth(b, 0x0800);

	t_ipv4(b + o, IPPROTO_UDP, A4, B4, 0);
	ASSERT_DROP(b, o + 19, BNG_DROP_IP4_TRUNC);
	ASSERT_DROP(b, o, BNG_DROP_IP4_TRUNC);
}

static void
test_ip4_bad_version(void)
{
	uint8_t b[64];
	uint16_t o = t_eth(b, 0x0800);
	uint16_t l = t_ipv4(b + o, IPPROTO_UDP, A4, B4, 8);

	l += t_udp(b + o + l, 1, 2, 0);
	b[o] = 0x55;
	t_ipv4_fix(b + o);
	ASSERT_DROP(b, o + l, BNG_DROP_IP4_BAD_VER);
	b[o] = 0x65; /* an IPv6 version nibble under the IPv4 EtherType */
	ASSERT_DROP(b, o + l, BNG_DROP_IP4_BAD_VER);
}

static void
test_ip4_bad_ihl(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x0800);
	uint16_t l = t_ipv4(b + o, IPPROTO_UDP, A4, B4, 20);

	memset(b + o + l, 0, 20);
	l += 20;
	/* IHL 4: 16 bytes, below the minimum. */
	b[o] = 0x44;
	ASSERT_DROP(b, o + l, BNG_DROP_IP4_BAD_IHL);
	b[o] = 0x40;
	ASSERT_DROP(b, o + l, BNG_DROP_IP4_BAD_IHL);
	/* IHL 15: 60 bytes, the frame holds 40 bytes of IP. */
	b[o] = 0x4f;
	ASSERT_DROP(b, o + l, BNG_DROP_IP4_BAD_IHL);
}

static void
test_ip4_bad_total_length(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x0800);
	uint16_t l = t_ipv4(b + o, IPPROTO_UDP, A4, B4, 8);
	uint8_t *ip = b + o;

	l += t_udp(b + o + l, 1, 2, 0);
	/* Total length 100, the frame holds 28 bytes of IP. */
	t_put16(ip + 2, 100);
	t_ipv4_fix(ip);
	ASSERT_DROP(b, o + l, BNG_DROP_IP4_BAD_LEN);
	/* One byte too long. */
	t_put16(ip + 2, (uint16_t)(l + 1));
	t_ipv4_fix(ip);
	ASSERT_DROP(b, o + l, BNG_DROP_IP4_BAD_LEN);
	/* Total length 16 < IHL 20. */
	t_put16(ip + 2, 16);
	t_ipv4_fix(ip);
	ASSERT_DROP(b, o + l, BNG_DROP_IP4_BAD_LEN);
	/* Total length 0 (some offloads leave it so; not acceptable here). */
	t_put16(ip + 2, 0);
	t_ipv4_fix(ip);
	ASSERT_DROP(b, o + l, BNG_DROP_IP4_BAD_LEN);
}

static void
test_ip4_bad_checksum(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x0800);
	uint16_t l = t_ipv4(b + o, IPPROTO_UDP, A4, B4, 8);

	l += t_udp(b + o + l, 1, 2, 0);
	b[o + 10] ^= 0x01;
	ASSERT_DROP(b, o + l, BNG_DROP_IP4_BAD_CSUM);
	b[o + 10] ^= 0x01;
	/* A changed TTL without a checksum update. */
	b[o + 8]--;
	ASSERT_DROP(b, o + l, BNG_DROP_IP4_BAD_CSUM);
}

static void
test_l4_truncated(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x0800);
	uint16_t l;

	/* TCP with 10 bytes of header. */
	l = t_ipv4(b + o, IPPROTO_TCP, A4, B4, 10);
	t_tcp(b + o + l, 1000, 80, 0x02);
	ASSERT_DROP(b, (uint16_t)(o + l + 10), BNG_DROP_L4_TRUNC);
	/* The frame holds a whole TCP header but the IP total length does not. */
	ASSERT_DROP(b, (uint16_t)(o + l + 20), BNG_DROP_L4_TRUNC);
	/* UDP with 4 bytes. */
	l = t_ipv4(b + o, IPPROTO_UDP, A4, B4, 4);
	t_udp(b + o + l, 1, 2, 0);
	ASSERT_DROP(b, (uint16_t)(o + l + 4), BNG_DROP_L4_TRUNC);
	/* ICMP with 6 bytes. */
	l = t_ipv4(b + o, IPPROTO_ICMP, A4, B4, 6);
	t_icmp(b + o + l, 8, 0, 7, 1);
	ASSERT_DROP(b, (uint16_t)(o + l + 6), BNG_DROP_L4_TRUNC);
}

static void
test_tcp_bad_data_offset(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x0800);
	uint16_t l = t_ipv4(b + o, IPPROTO_TCP, A4, B4, 20);
	uint8_t *th = b + o + l;

	t_tcp(th, 1000, 80, 0x02);
	th[12] = 4 << 4;
	ASSERT_DROP(b, o + l + 20, BNG_DROP_TCP_BAD_DOFF);
	th[12] = 0;
	ASSERT_DROP(b, o + l + 20, BNG_DROP_TCP_BAD_DOFF);
	/* Data offset 6 (24 bytes) with 20 bytes of TCP in the datagram. */
	th[12] = 6 << 4;
	ASSERT_DROP(b, o + l + 20, BNG_DROP_TCP_BAD_DOFF);
}

static void
test_ip6_truncated_bad_version(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x86dd);
	uint16_t l = t_ipv6(b + o, IPPROTO_UDP, A6, B6, 8);

	l += t_udp(b + o + l, 1, 2, 0);
	ASSERT_DROP(b, o + 39, BNG_DROP_IP6_TRUNC);
	b[o] = 0x40;
	ASSERT_DROP(b, o + l, BNG_DROP_IP6_BAD_VER);
}

static void
test_ip6_bad_payload_length(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x86dd);
	uint16_t l = t_ipv6(b + o, IPPROTO_UDP, A6, B6, 9);

	l += t_udp(b + o + l, 1, 2, 0);
	ASSERT_DROP(b, o + l, BNG_DROP_IP6_BAD_LEN);
	t_put16(b + o + 4, 0xffff);
	ASSERT_DROP(b, o + l, BNG_DROP_IP6_BAD_LEN);
}

static void
test_ip6_hbh_not_first(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x86dd);
	uint16_t l = t_ipv6(b + o, IPPROTO_DSTOPTS, A6, B6, 24);

	l += t_ip6_opts8(b + o + l, IPPROTO_HOPOPTS);
	l += t_ip6_opts8(b + o + l, IPPROTO_UDP);
	l += t_udp(b + o + l, 1, 2, 0);
	ASSERT_DROP(b, o + l, BNG_DROP_IP6_BAD_EXT);
}

static void
test_ip6_ext_beyond_packet(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x86dd);
	uint16_t l = t_ipv6(b + o, IPPROTO_DSTOPTS, A6, B6, 16);
	uint8_t *x = b + o + l;

	l += t_ip6_opts8(x, IPPROTO_UDP);
	l += t_udp(b + o + l, 1, 2, 0);
	x[1] = 5; /* 48 bytes; the payload is 16 */
	ASSERT_DROP(b, o + l, BNG_DROP_IP6_BAD_EXT);
	/* Header length byte itself beyond the payload. */
	t_put16(b + o + 4, 1);
	ASSERT_DROP(b, o + l, BNG_DROP_IP6_BAD_EXT);
	/* A fragment header cut short (payload 4). */
	b[o + 6] = IPPROTO_FRAGMENT;
	t_put16(b + o + 4, 4);
	ASSERT_DROP(b, o + l, BNG_DROP_IP6_BAD_EXT);
}

/* IPv6 + @p n destination-options headers + UDP. */
static uint16_t
ip6_dstopts_chain(uint8_t *b, unsigned int n)
{
	uint16_t o = t_eth(b, 0x86dd);
	uint16_t l = t_ipv6(b + o, n ? IPPROTO_DSTOPTS : IPPROTO_UDP, A6, B6,
			    (uint16_t)(8 * n + 8));

	for (unsigned int i = 0; i < n; i++)
		l += t_ip6_opts8(b + o + l, i + 1 < n ? IPPROTO_DSTOPTS : IPPROTO_UDP);
	l += t_udp(b + o + l, 1111, 2222, 0);
	return (uint16_t)(o + l);
}

static void
test_ip6_too_many_ext(void)
{
	uint8_t b[256];
	uint16_t len = ip6_dstopts_chain(b, 9);

	ASSERT_DROP(b, len, BNG_DROP_IP6_BAD_EXT);
	len = ip6_dstopts_chain(b, 20);
	ASSERT_DROP(b, len, BNG_DROP_IP6_BAD_EXT);
}

static void
test_pppoe_bad_header(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x8864);
	uint8_t *ph = b + o;
	uint16_t l;

	ph[0] = 0x12; /* version 1, type 2 */
	ph[1] = 0;
	t_put16(ph + 2, 0x0001);
	t_put16(ph + 4, 30);
	t_put16(ph + 6, BNG_PPP_IPV4);
	l = t_ipv4(ph + 8, IPPROTO_UDP, A4, B4, 8);
	l += t_udp(ph + 8 + l, 1, 2, 0);
	ASSERT_DROP(b, o + 8 + l, BNG_DROP_PPPOE_BAD_HDR);
	/* Right ver/type, code not 0 in a session frame. */
	ph[0] = 0x11;
	ph[1] = 0x09;
	ASSERT_DROP(b, o + 8 + l, BNG_DROP_PPPOE_BAD_HDR);
}

static void
test_pppoe_bad_length(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x8864);
	uint8_t *ph = b + o;
	uint16_t l;

	ph[0] = 0x11;
	ph[1] = 0;
	t_put16(ph + 2, 0x0001);
	t_put16(ph + 6, BNG_PPP_IPV4);
	l = t_ipv4(ph + 8, IPPROTO_UDP, A4, B4, 8);
	l += t_udp(ph + 8 + l, 1, 2, 0);
	/* PPPoE length 2 + 28 is exact; one more is beyond the frame. */
	t_put16(ph + 4, (uint16_t)(2 + l + 1));
	ASSERT_DROP(b, o + 8 + l, BNG_DROP_PPPOE_BAD_LEN);
	t_put16(ph + 4, 1500);
	ASSERT_DROP(b, o + 8 + l, BNG_DROP_PPPOE_BAD_LEN);
	/* Shorter than the PPP protocol field. */
	t_put16(ph + 4, 1);
	ASSERT_DROP(b, o + 8 + l, BNG_DROP_PPPOE_BAD_LEN);
	/* The PPPoE length bounds the IP datagram: 4 bytes short of it. */
	t_put16(ph + 4, (uint16_t)(2 + l - 4));
	ASSERT_DROP(b, o + 8 + l, BNG_DROP_IP4_BAD_LEN);
}

/* ---------------------------------------------------------------------------
 * Valid frames
 */

static void
test_ipv4_udp(void)
{
	uint8_t b[128];
	uint16_t len = t_udp4_frame(b, A4, 40000, B4, 53);
	struct bng_desc d;

	CU_ASSERT_EQUAL(parse(b, len, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.drop, BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.kind, BNG_PKT_IPV4);
	CU_ASSERT_EQUAL(d.ip_proto, IPPROTO_UDP);
	CU_ASSERT_EQUAL(d.l3_off, 14);
	CU_ASSERT_EQUAL(d.l4_off, 34);
	CU_ASSERT_EQUAL(d.l3_len, 28);
	CU_ASSERT_EQUAL(d.sport, rte_cpu_to_be_16(40000));
	CU_ASSERT_EQUAL(d.dport, rte_cpu_to_be_16(53));
	CU_ASSERT_EQUAL(d.flags, BNG_DF_L4);
	CU_ASSERT_EQUAL(d.n_vlan, 0);
	CU_ASSERT_EQUAL(d.vlan[0], 0);
	CU_ASSERT_EQUAL(d.vlan[1], 0);
	CU_ASSERT_EQUAL(d.tcp_flags, 0);
	CU_ASSERT_EQUAL(d.inner_off, 0);
	CU_ASSERT_EQUAL(d.pppoe_sid, 0);
}

static void
test_ipv4_tcp(void)
{
	uint8_t b[128];
	uint16_t len = t_tcp4_frame(b, A4, 40000, B4, 443, 0x12);
	struct bng_desc d;

	CU_ASSERT_EQUAL(parse(b, len, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.ip_proto, IPPROTO_TCP);
	CU_ASSERT_EQUAL(d.tcp_flags, 0x12);
	CU_ASSERT_EQUAL(d.sport, rte_cpu_to_be_16(40000));
	CU_ASSERT_EQUAL(d.dport, rte_cpu_to_be_16(443));
	CU_ASSERT_EQUAL(d.l4_off, 34);
	CU_ASSERT(d.flags & BNG_DF_L4);
}

static void
test_vlan_8021q(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x8100);
	struct bng_desc d;

	/* PCP 3 and DEI set: only the 12-bit VID is kept. */
	o += t_vlan(b + o, 0x7000 | 42, 0x0800);
	o += t_ipv4(b + o, IPPROTO_UDP, A4, B4, 8);
	o += t_udp(b + o, 1000, 2000, 0);
	CU_ASSERT_EQUAL(parse(b, o, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.kind, BNG_PKT_IPV4);
	CU_ASSERT_EQUAL(d.n_vlan, 1);
	CU_ASSERT_EQUAL(d.vlan[0], 42);
	CU_ASSERT_EQUAL(d.vlan[1], 0);
	CU_ASSERT_EQUAL(d.l3_off, 18);
	CU_ASSERT_EQUAL(d.l4_off, 38);
	CU_ASSERT_EQUAL(d.dport, rte_cpu_to_be_16(2000));
}

static void
test_vlan_qinq(void)
{
	static const uint16_t outer[] = { 0x88a8, 0x8100, 0x9100 };
	uint8_t b[128];
	struct bng_desc d;

	for (unsigned int i = 0; i < RTE_DIM(outer); i++) {
		uint16_t o = t_eth(b, outer[i]);

		o += t_vlan(b + o, 100, 0x8100);
		o += t_vlan(b + o, 4095, 0x0800);
		o += t_ipv4(b + o, IPPROTO_UDP, A4, B4, 8);
		o += t_udp(b + o, 1000, 2000, 0);
		CU_ASSERT_EQUAL(parse(b, o, &d), BNG_DROP_NONE);
		CU_ASSERT_EQUAL(d.kind, BNG_PKT_IPV4);
		CU_ASSERT_EQUAL(d.n_vlan, 2);
		CU_ASSERT_EQUAL(d.vlan[0], 100);
		CU_ASSERT_EQUAL(d.vlan[1], 4095);
		CU_ASSERT_EQUAL(d.l3_off, 22);
		CU_ASSERT_EQUAL(d.l4_off, 42);
	}
}

static void
test_ipv4_options(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x0800);
	struct bng_desc d;

	o += t_ipv4_opts(b + o, IPPROTO_UDP, A4, B4, 8, 8);
	o += t_udp(b + o, 1000, 2000, 0);
	CU_ASSERT_EQUAL(parse(b, o, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.flags, BNG_DF_IP_OPTS | BNG_DF_L4);
	CU_ASSERT_EQUAL(d.l3_off, 14);
	CU_ASSERT_EQUAL(d.l4_off, 14 + 28);
	CU_ASSERT_EQUAL(d.l3_len, 36);
	CU_ASSERT_EQUAL(d.sport, rte_cpu_to_be_16(1000));
}

static void
test_ipv4_fragments(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x0800);
	uint8_t *ip = b + o;
	struct bng_desc d;

	o += t_ipv4(ip, IPPROTO_UDP, A4, B4, 16);
	o += t_udp(b + o, 1000, 2000, 8);
	memset(b + o, 0, 8);
	o += 8;
	/* First fragment: MF, offset 0. L4 header present. */
	t_put16(ip + 6, RTE_IPV4_HDR_MF_FLAG);
	t_ipv4_fix(ip);
	CU_ASSERT_EQUAL(parse(b, o, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.flags, BNG_DF_FRAG | BNG_DF_L4);
	CU_ASSERT_EQUAL(d.sport, rte_cpu_to_be_16(1000));
	CU_ASSERT_EQUAL(d.dport, rte_cpu_to_be_16(2000));
	CU_ASSERT_EQUAL(d.l4_off, 34);
	/* Middle fragment: MF, offset 185 (1480 bytes). No L4. */
	t_put16(ip + 6, RTE_IPV4_HDR_MF_FLAG | 185);
	t_ipv4_fix(ip);
	CU_ASSERT_EQUAL(parse(b, o, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.flags, BNG_DF_FRAG | BNG_DF_FRAG_LATER);
	CU_ASSERT_EQUAL(d.sport, 0);
	CU_ASSERT_EQUAL(d.dport, 0);
	CU_ASSERT_EQUAL(d.l4_off, 0);
	CU_ASSERT_EQUAL(d.ip_proto, IPPROTO_UDP);
	/* Last fragment: offset only. */
	t_put16(ip + 6, 185);
	t_ipv4_fix(ip);
	CU_ASSERT_EQUAL(parse(b, o, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.flags, BNG_DF_FRAG | BNG_DF_FRAG_LATER);
	/* DF alone is not a fragment. */
	t_put16(ip + 6, RTE_IPV4_HDR_DF_FLAG);
	t_ipv4_fix(ip);
	CU_ASSERT_EQUAL(parse(b, o, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.flags, BNG_DF_L4);
}

static void
test_ethernet_padding(void)
{
	uint8_t b[128];
	uint16_t len = t_udp4_frame(b, A4, 1000, B4, 2000);
	struct bng_desc d;

	CU_ASSERT_EQUAL(len, 42);
	memset(b + len, 0, 60 - len);
	CU_ASSERT_EQUAL(parse(b, 60, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.l3_len, 28);
	CU_ASSERT_EQUAL(d.flags, BNG_DF_L4);
	/* IPv6 likewise. */
	len = t_udp6_frame(b, A6, 1000, B6, 2000);
	memset(b + len, 0, 8);
	CU_ASSERT_EQUAL(parse(b, (uint16_t)(len + 8), &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.l3_len, 48);
}

static void
test_ipv6_tcp(void)
{
	uint8_t b[128];
	uint16_t len = t_tcp6_frame(b, A6, 50000, B6, 80, 0x02);
	struct bng_desc d;

	CU_ASSERT_EQUAL(parse(b, len, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.kind, BNG_PKT_IPV6);
	CU_ASSERT_EQUAL(d.ip_proto, IPPROTO_TCP);
	CU_ASSERT_EQUAL(d.l3_off, 14);
	CU_ASSERT_EQUAL(d.l4_off, 54);
	CU_ASSERT_EQUAL(d.l3_len, 60);
	CU_ASSERT_EQUAL(d.tcp_flags, 0x02);
	CU_ASSERT_EQUAL(d.sport, rte_cpu_to_be_16(50000));
	CU_ASSERT_EQUAL(d.dport, rte_cpu_to_be_16(80));
	CU_ASSERT_EQUAL(d.flags, BNG_DF_L4);
}

static void
test_ipv6_hbh_fragment(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x86dd);
	uint8_t *ip = b + o;
	uint8_t *fh;
	struct bng_desc d;

	o += t_ipv6(ip, IPPROTO_HOPOPTS, A6, B6, 8 + 8 + 8 + 8);
	o += t_ip6_opts8(b + o, IPPROTO_FRAGMENT);
	fh = b + o;
	o += t_ip6_frag(fh, IPPROTO_UDP, 0, 1);
	o += t_udp(b + o, 1000, 2000, 8);
	memset(b + o, 0, 8);
	o += 8;
	/* First fragment: the UDP header follows. */
	CU_ASSERT_EQUAL(parse(b, o, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.flags, BNG_DF_FRAG | BNG_DF_IP_OPTS | BNG_DF_L4);
	CU_ASSERT_EQUAL(d.ip_proto, IPPROTO_UDP);
	CU_ASSERT_EQUAL(d.l4_off, 14 + 40 + 16);
	CU_ASSERT_EQUAL(d.sport, rte_cpu_to_be_16(1000));
	/* Non-first fragment: no L4. */
	t_ip6_frag(fh, IPPROTO_UDP, 100, 0);
	CU_ASSERT_EQUAL(parse(b, o, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.flags, BNG_DF_FRAG | BNG_DF_FRAG_LATER | BNG_DF_IP_OPTS);
	CU_ASSERT_EQUAL(d.ip_proto, IPPROTO_UDP);
	CU_ASSERT_EQUAL(d.l4_off, 0);
	CU_ASSERT_EQUAL(d.sport, 0);
}

static void
test_ipv6_ext_limit(void)
{
	uint8_t b[256];
	uint16_t len = ip6_dstopts_chain(b, 7);
	struct bng_desc d;

	CU_ASSERT_EQUAL(parse(b, len, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.ip_proto, IPPROTO_UDP);
	CU_ASSERT_EQUAL(d.l4_off, 14 + 40 + 7 * 8);
	CU_ASSERT_EQUAL(d.flags, BNG_DF_IP_OPTS | BNG_DF_L4);
	/* No next header: nothing to parse beyond the chain. */
	len = ip6_dstopts_chain(b, 1);
	b[14 + 40] = IPPROTO_NONE;
	CU_ASSERT_EQUAL(parse(b, len, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.ip_proto, IPPROTO_NONE);
	CU_ASSERT_FALSE(d.flags & BNG_DF_L4);
}

/*
 * PARSE_MAX_EXT is 8 "IPv6 extension headers walked before giving up": eight
 * are accepted, nine refused. (Regression test: eight used to be refused,
 * because the loop stopped after the eighth header without looking at the
 * next-header value that followed it.)
 */
static void
test_ipv6_eight_ext(void)
{
	uint8_t b[256];
	uint16_t len = ip6_dstopts_chain(b, 8);
	struct bng_desc d;

	CU_ASSERT_EQUAL(parse(b, len, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.ip_proto, IPPROTO_UDP);
	CU_ASSERT_EQUAL(d.sport, rte_cpu_to_be_16(1111));
}

static void
test_icmp_echo(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x0800);
	struct bng_desc d;

	o += t_ipv4(b + o, IPPROTO_ICMP, A4, B4, 8);
	o += t_icmp(b + o, 8, 0, 0x4242, 1);
	CU_ASSERT_EQUAL(parse(b, o, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.ip_proto, IPPROTO_ICMP);
	CU_ASSERT_EQUAL(d.flags, BNG_DF_L4);
	CU_ASSERT_EQUAL(d.sport, rte_cpu_to_be_16(0x4242));
	CU_ASSERT_EQUAL(d.dport, rte_cpu_to_be_16(0x4242));
	CU_ASSERT_EQUAL(d.l4_off, 34);
	/* The reply carries the same id. */
	b[34] = 0;
	CU_ASSERT_EQUAL(parse(b, o, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.sport, rte_cpu_to_be_16(0x4242));
	CU_ASSERT_EQUAL(d.dport, d.sport);
}

static void
test_icmp_error(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x0800);
	struct bng_desc d;

	/* Port unreachable from B about A:40000 -> B:53/udp. */
	o += t_ipv4(b + o, IPPROTO_ICMP, B4, A4, 8 + 20 + 8);
	o += t_icmp(b + o, 3, 3, 0, 0);
	o += t_ipv4(b + o, IPPROTO_UDP, A4, B4, 8);
	o += t_udp(b + o, 40000, 53, 0);
	CU_ASSERT_EQUAL(parse(b, o, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.kind, BNG_PKT_IPV4);
	CU_ASSERT_EQUAL(d.ip_proto, IPPROTO_ICMP);
	CU_ASSERT_EQUAL(d.flags, BNG_DF_ICMP_ERR);
	CU_ASSERT_EQUAL(d.l4_off, 34);
	CU_ASSERT_EQUAL(d.inner_off, 42);
	CU_ASSERT_EQUAL(b[d.inner_off] >> 4, 4);
	/* Time exceeded (11) is an error as well. */
	b[34] = 11;
	b[35] = 0;
	CU_ASSERT_EQUAL(parse(b, o, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.flags, BNG_DF_ICMP_ERR);
	CU_ASSERT_EQUAL(d.inner_off, 42);
}

static void
test_icmp6(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x86dd);
	struct bng_desc d;

	o += t_ipv6(b + o, IPPROTO_ICMPV6, A6, B6, 8);
	o += t_icmp(b + o, 128, 0, 0x1234, 9);
	CU_ASSERT_EQUAL(parse(b, o, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.kind, BNG_PKT_IPV6);
	CU_ASSERT_EQUAL(d.ip_proto, IPPROTO_ICMPV6);
	CU_ASSERT_EQUAL(d.flags, BNG_DF_L4);
	CU_ASSERT_EQUAL(d.sport, rte_cpu_to_be_16(0x1234));
	CU_ASSERT_EQUAL(d.dport, rte_cpu_to_be_16(0x1234));
	CU_ASSERT_EQUAL(d.l4_off, 54);
	/* Neighbor solicitation: no id; the type goes in sport. */
	b[54] = 135;
	CU_ASSERT_EQUAL(parse(b, o, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.flags, 0);
	CU_ASSERT_EQUAL(d.sport, rte_cpu_to_be_16(135));
	/* Packet too big (2) is an ICMPv6 error. */
	o = t_eth(b, 0x86dd);
	o += t_ipv6(b + o, IPPROTO_ICMPV6, B6, A6, 8 + 40 + 8);
	o += t_icmp(b + o, 2, 0, 0, 1280);
	o += t_ipv6(b + o, IPPROTO_UDP, A6, B6, 8);
	o += t_udp(b + o, 1000, 2000, 0);
	CU_ASSERT_EQUAL(parse(b, o, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.flags, BNG_DF_ICMP_ERR);
	CU_ASSERT_EQUAL(d.inner_off, 14 + 40 + 8);
}

static void
test_arp(void)
{
	uint8_t b[64] = { 0 };
	struct bng_desc d;

	t_eth(b, 0x0806);
	t_put16(b + 14, 1);      /* Ethernet */
	t_put16(b + 16, 0x0800); /* IPv4 */
	b[18] = 6;
	b[19] = 4;
	t_put16(b + 20, 1); /* request */
	CU_ASSERT_EQUAL(parse(b, 42, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.kind, BNG_PKT_ARP);
	CU_ASSERT_EQUAL(d.l3_off, 14);
	CU_ASSERT_EQUAL(d.l4_off, 0);
	/* Padded to 60 bytes, behind a VLAN tag. */
	t_eth(b, 0x8100);
	t_vlan(b + 14, 7, 0x0806);
	CU_ASSERT_EQUAL(parse(b, 60, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.kind, BNG_PKT_ARP);
	CU_ASSERT_EQUAL(d.l3_off, 18);
	CU_ASSERT_EQUAL(d.vlan[0], 7);
}

static void
test_pppoe_discovery(void)
{
	uint8_t b[64] = { 0 };
	struct bng_desc d;

	t_eth(b, 0x8863);
	b[14] = 0x11;
	b[15] = 0x09; /* PADI */
	t_put16(b + 16, 0);
	t_put16(b + 18, 4);
	t_put16(b + 20, 0x0101); /* Service-Name, empty */
	t_put16(b + 22, 0);
	CU_ASSERT_EQUAL(parse(b, 60, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.kind, BNG_PKT_PPPOE_DISC);
	CU_ASSERT_EQUAL(d.l3_off, 14);
}

/* PPPoE session header + PPP protocol at @p ph; returns 8. */
static uint16_t
pppoe_sess(uint8_t *ph, uint16_t sid, uint16_t ppp_proto, uint16_t payload_len)
{
	ph[0] = 0x11;
	ph[1] = 0;
	t_put16(ph + 2, sid);
	t_put16(ph + 4, (uint16_t)(2 + payload_len));
	t_put16(ph + 6, ppp_proto);
	return 8;
}

static void
test_pppoe_session_ipv4(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x8864);
	struct bng_desc d;

	o += pppoe_sess(b + o, 0x1234, BNG_PPP_IPV4, 28);
	o += t_ipv4(b + o, IPPROTO_UDP, A4, B4, 8);
	o += t_udp(b + o, 1000, 2000, 0);
	/* Pad the frame: the PPPoE length, not the frame, ends the datagram. */
	memset(b + o, 0, 8);
	CU_ASSERT_EQUAL(parse(b, (uint16_t)(o + 8), &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.kind, BNG_PKT_IPV4);
	CU_ASSERT_EQUAL(d.flags, BNG_DF_PPPOE | BNG_DF_L4);
	CU_ASSERT_EQUAL(d.l3_off, 22);
	CU_ASSERT_EQUAL(d.l4_off, 42);
	CU_ASSERT_EQUAL(d.l3_len, 28);
	CU_ASSERT_EQUAL(d.pppoe_sid, rte_cpu_to_be_16(0x1234));
	CU_ASSERT_EQUAL(d.sport, rte_cpu_to_be_16(1000));
	CU_ASSERT_EQUAL(d.dport, rte_cpu_to_be_16(2000));
}

static void
test_pppoe_session_ipv6(void)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x8100);
	struct bng_desc d;

	o += t_vlan(b + o, 300, 0x8864);
	o += pppoe_sess(b + o, 0x0042, BNG_PPP_IPV6, 48);
	o += t_ipv6(b + o, IPPROTO_UDP, A6, B6, 8);
	o += t_udp(b + o, 1000, 2000, 0);
	CU_ASSERT_EQUAL(parse(b, o, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.kind, BNG_PKT_IPV6);
	CU_ASSERT_EQUAL(d.flags, BNG_DF_PPPOE | BNG_DF_L4);
	CU_ASSERT_EQUAL(d.l3_off, 26);
	CU_ASSERT_EQUAL(d.vlan[0], 300);
	CU_ASSERT_EQUAL(d.pppoe_sid, rte_cpu_to_be_16(0x0042));
}

static void
test_pppoe_session_lcp(void)
{
	uint8_t b[64] = { 0 };
	uint16_t o = t_eth(b, 0x8864);
	struct bng_desc d;

	o += pppoe_sess(b + o, 0x0007, 0xc021, 4);
	b[o] = 9; /* Echo-Request */
	b[o + 1] = 1;
	t_put16(b + o + 2, 4);
	CU_ASSERT_EQUAL(parse(b, 60, &d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(d.kind, BNG_PKT_PPP_CTRL);
	CU_ASSERT_EQUAL(d.l3_off, 22);
	CU_ASSERT(d.flags & BNG_DF_PPPOE);
	CU_ASSERT_EQUAL(d.pppoe_sid, rte_cpu_to_be_16(0x0007));
}

/* ---------------------------------------------------------------------------
 * Robustness: mutated and truncated frames
 */

/* Valid seed frames of every shape; returns the number written to @p f/@p len. */
static unsigned int
seed_frames(uint8_t f[][160], uint16_t *len)
{
	unsigned int n = 0;
	uint16_t o;

	len[n] = t_udp4_frame(f[n], A4, 1000, B4, 53), n++;
	len[n] = t_tcp4_frame(f[n], A4, 1000, B4, 80, 0x12), n++;
	len[n] = t_tcp6_frame(f[n], A6, 1000, B6, 80, 0x02), n++;
	len[n] = t_udp6_frame(f[n], A6, 1000, B6, 53), n++;
	/* QinQ IPv4 with options. */
	o = t_eth(f[n], 0x88a8);
	o += t_vlan(f[n] + o, 100, 0x8100);
	o += t_vlan(f[n] + o, 200, 0x0800);
	o += t_ipv4_opts(f[n] + o, IPPROTO_UDP, A4, B4, 8, 8);
	o += t_udp(f[n] + o, 1, 2, 0);
	len[n++] = o;
	/* ICMP error quoting UDP. */
	o = t_eth(f[n], 0x0800);
	o += t_ipv4(f[n] + o, IPPROTO_ICMP, B4, A4, 36);
	o += t_icmp(f[n] + o, 3, 3, 0, 0);
	o += t_ipv4(f[n] + o, IPPROTO_UDP, A4, B4, 8);
	o += t_udp(f[n] + o, 1, 2, 0);
	len[n++] = o;
	/* IPv6 HBH + dest opts + fragment + UDP. */
	o = t_eth(f[n], 0x86dd);
	o += t_ipv6(f[n] + o, IPPROTO_HOPOPTS, A6, B6, 32);
	o += t_ip6_opts8(f[n] + o, IPPROTO_DSTOPTS);
	o += t_ip6_opts8(f[n] + o, IPPROTO_FRAGMENT);
	o += t_ip6_frag(f[n] + o, IPPROTO_UDP, 0, 1);
	o += t_udp(f[n] + o, 1, 2, 0);
	len[n++] = o;
	/* PPPoE session IPv4 TCP. */
	o = t_eth(f[n], 0x8864);
	o += pppoe_sess(f[n] + o, 7, BNG_PPP_IPV4, 40);
	o += t_ipv4(f[n] + o, IPPROTO_TCP, A4, B4, 20);
	o += t_tcp(f[n] + o, 1, 2, 0x10);
	len[n++] = o;
	/* ICMPv6 echo. */
	o = t_eth(f[n], 0x86dd);
	o += t_ipv6(f[n] + o, IPPROTO_ICMPV6, A6, B6, 8);
	o += t_icmp(f[n] + o, 128, 0, 5, 1);
	len[n++] = o;
	return n;
}

/* Whatever the input, the verdict is consistent and every offset in bounds. */
static int
desc_sane(enum bng_drop r, const struct bng_desc *d, uint16_t len)
{
	if (r >= BNG_DROP_MAX || d->drop != r)
		return 0;
	if (r != BNG_DROP_NONE)
		return 1;
	if (d->kind > BNG_PKT_PPP_CTRL || d->n_vlan > 2 || d->l3_off > len)
		return 0;
	if (d->kind == BNG_PKT_IPV4 || d->kind == BNG_PKT_IPV6) {
		if ((uint32_t)d->l3_off + d->l3_len > len || d->l3_len < 20)
			return 0;
		if ((d->flags & BNG_DF_L4) &&
		    (d->l4_off <= d->l3_off || d->l4_off + 8u > (uint32_t)d->l3_off + d->l3_len))
			return 0;
		if ((d->flags & BNG_DF_ICMP_ERR) &&
		    (d->inner_off != d->l4_off + 8u || d->inner_off > d->l3_off + d->l3_len))
			return 0;
		if ((d->flags & BNG_DF_FRAG_LATER) && (d->flags & BNG_DF_L4))
			return 0;
	}
	return 1;
}

static void
test_mutated_frames(void)
{
	uint8_t f[12][160], b[160];
	uint16_t len[12];
	unsigned int n = seed_frames(f, len), insane = 0, accepted = 0;
	uint32_t seed = 2024;
	struct bng_desc d;

	/* The seeds themselves are valid. */
	for (unsigned int i = 0; i < n; i++) {
		CU_ASSERT_EQUAL(parse(f[i], len[i], &d), BNG_DROP_NONE);
		CU_ASSERT_TRUE(desc_sane(BNG_DROP_NONE, &d, len[i]));
	}
	/* Every truncation of every seed. */
	for (unsigned int i = 0; i < n; i++)
		for (uint16_t l = 0; l <= len[i]; l++) {
			enum bng_drop r = parse(f[i], l, &d);

			insane += !desc_sane(r, &d, l);
		}
	CU_ASSERT_EQUAL(insane, 0);
	/* Random byte changes in the headers (checksums left as they are). */
	for (int it = 0; it < 30000; it++) {
		unsigned int i, flips;
		uint16_t l;
		enum bng_drop r;

		seed = seed * 1103515245u + 12345u;
		i = (seed >> 16) % n;
		memcpy(b, f[i], len[i]);
		l = len[i];
		flips = 1 + (seed >> 8) % 3;
		for (unsigned int k = 0; k < flips; k++) {
			seed = seed * 1103515245u + 12345u;
			b[(seed >> 16) % l] = (uint8_t)(seed >> 5);
		}
		/* Half the time keep an untagged IPv4 header's checksum right, so
		 * that the checks after it are reached. */
		if ((it & 1) && l >= 34 && b[12] == 0x08 && b[13] == 0x00 && (b[14] >> 4) == 4 &&
		    (b[14] & 0xf) >= 5 && (b[14] & 0xf) * 4u <= l - 14u)
			t_ipv4_fix_len(b + 14, (b[14] & 0xf) * 4u);
		r = parse(b, l, &d);
		accepted += r == BNG_DROP_NONE;
		insane += !desc_sane(r, &d, l);
	}
	CU_ASSERT_EQUAL(insane, 0);
	/* The mutations are not all trivially refused. */
	CU_ASSERT(accepted > 1000);
}

/* Run bng_parse() and bng_parse_fast() on the same frame; 1 when they agree
 * on the verdict and on every byte of the descriptor. */
static int
parsers_agree(const uint8_t *buf, uint16_t len)
{
	struct rte_mbuf *m1 = bng_test_mbuf(buf, len), *m2 = bng_test_mbuf(buf, len);
	struct bng_desc *d1 = bng_desc(m1), *d2 = bng_desc(m2);
	enum bng_drop r1, r2;
	int same;

	memset(d1, 0x5a, sizeof(*d1));
	memset(d2, 0x5a, sizeof(*d2));
	r1 = bng_parse(m1, d1);
	r2 = bng_parse_fast(m2, d2);
	same = r1 == r2 && memcmp(d1, d2, sizeof(*d1)) == 0;
	rte_pktmbuf_free(m1);
	rte_pktmbuf_free(m2);
	return same;
}

static void
test_fast_path_agrees(void)
{
	uint8_t f[8][160], b[160];
	uint16_t len[8], o;
	unsigned int n = 0, differ = 0;
	uint32_t seed = 31337;

	/* Frames the fast path takes... */
	len[n] = t_tcp4_frame(f[n], A4, 1000, B4, 80, 0x18), n++;
	o = t_udp4_frame(f[n], A4, 1000, B4, 53);
	memset(f[n] + o, 0, 60 - o); /* padded */
	len[n++] = 60;
	o = t_eth(f[n], 0x0800);
	o += t_ipv4(f[n] + o, IPPROTO_UDP, A4, B4, 8 + 100);
	o += t_udp(f[n] + o, 1, 2, 100);
	memset(f[n] + o, 0x77, 100);
	len[n++] = (uint16_t)(o + 100);
	/* TCP with 12 bytes of options. */
	o = t_eth(f[n], 0x0800);
	o += t_ipv4(f[n] + o, IPPROTO_TCP, A4, B4, 32);
	t_tcp(f[n] + o, 443, 50000, 0x10);
	f[n][o + 12] = 8 << 4;
	memset(f[n] + o + 20, 1, 12);
	len[n++] = (uint16_t)(o + 32);
	/* ... and those it must hand over: fragment, options, ICMP, DF set. */
	o = t_eth(f[n], 0x0800);
	o += t_ipv4(f[n] + o, IPPROTO_TCP, A4, B4, 20);
	t_put16(f[n] + 20, RTE_IPV4_HDR_MF_FLAG);
	t_ipv4_fix(f[n] + 14);
	o += t_tcp(f[n] + o, 1, 2, 0x02);
	len[n++] = o;
	o = t_eth(f[n], 0x0800);
	o += t_ipv4_opts(f[n] + o, IPPROTO_UDP, A4, B4, 28, 4);
	o += t_udp(f[n] + o, 1, 2, 20);
	memset(f[n] + o, 0, 20);
	len[n++] = (uint16_t)(o + 20);
	o = t_eth(f[n], 0x0800);
	o += t_ipv4(f[n] + o, IPPROTO_ICMP, A4, B4, 40);
	o += t_icmp(f[n] + o, 8, 0, 9, 9);
	memset(f[n] + o, 0, 32);
	len[n++] = (uint16_t)(o + 32);
	o = t_tcp4_frame(f[n], A4, 1000, B4, 80, 0x02);
	t_put16(f[n] + 20, RTE_IPV4_HDR_DF_FLAG);
	t_ipv4_fix(f[n] + 14);
	len[n++] = o;

	for (unsigned int i = 0; i < n; i++) {
		CU_ASSERT_TRUE(parsers_agree(f[i], len[i]));
		for (uint16_t l = 0; l < len[i]; l++)
			differ += !parsers_agree(f[i], l);
	}
	CU_ASSERT_EQUAL(differ, 0);
	/* Mutations, IPv4 checksum kept right two times in three. */
	for (int it = 0; it < 30000; it++) {
		unsigned int i;
		uint16_t l;

		seed = seed * 1103515245u + 12345u;
		i = (seed >> 16) % n;
		l = len[i];
		memcpy(b, f[i], l);
		seed = seed * 1103515245u + 12345u;
		/* Mostly in the Ethernet/IP/L4 headers. */
		b[(seed >> 16) % (l < 60 ? l : 60)] = (uint8_t)(seed >> 4);
		if (it % 3 && (b[14] & 0xf) >= 5 && (b[14] & 0xf) * 4u <= l - 14u)
			t_ipv4_fix_len(b + 14, (b[14] & 0xf) * 4u);
		differ += !parsers_agree(b, l);
	}
	CU_ASSERT_EQUAL(differ, 0);
}

/* The port's checksum verdict: "good" spares the fast path its sum; "bad"
 * or none, and the header is summed (and refused only when wrong). */
static void
test_fast_path_rx_cksum(void)
{
	uint8_t f[160];
	uint16_t len = t_tcp4_frame(f, A4, 1000, B4, 80, 0x18);
	struct rte_mbuf *m;

	/* a wrong header checksum the port says is good: trusted */
	f[14 + 10] ^= 0xff;
	m = bng_test_mbuf(f, len);
	m->ol_flags |= RTE_MBUF_F_RX_IP_CKSUM_GOOD;
	CU_ASSERT_EQUAL(bng_parse_fast(m, bng_desc(m)), BNG_DROP_NONE);
	rte_pktmbuf_free(m);
	/* the port says bad, the sum is right: summed again, accepted */
	f[14 + 10] ^= 0xff;
	m = bng_test_mbuf(f, len);
	m->ol_flags |= RTE_MBUF_F_RX_IP_CKSUM_BAD;
	CU_ASSERT_EQUAL(bng_parse_fast(m, bng_desc(m)), BNG_DROP_NONE);
	rte_pktmbuf_free(m);
	/* no verdict, wrong sum: refused */
	f[14 + 10] ^= 0xff;
	m = bng_test_mbuf(f, len);
	CU_ASSERT_EQUAL(bng_parse_fast(m, bng_desc(m)), BNG_DROP_IP4_BAD_CSUM);
	rte_pktmbuf_free(m);
}

/* ---------------------------------------------------------------------------
 * Checksum helpers and drop names
 */

static void
test_cksum_incremental(void)
{
	uint8_t h[20];
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)h;
	uint32_t seed = 12345;
	unsigned int bad16 = 0, bad32 = 0, bad_verify = 0;
	uint16_t inc;

	/* One TTL decrement checked in full. */
	t_ipv4(h, IPPROTO_TCP, A4, B4, 20);
	inc = bng_cksum_update16(ip->hdr_checksum, rte_cpu_to_be_16(64 << 8 | IPPROTO_TCP),
				 rte_cpu_to_be_16(63 << 8 | IPPROTO_TCP));
	ip->time_to_live = 63;
	ip->hdr_checksum = 0;
	CU_ASSERT_EQUAL(inc, rte_ipv4_cksum(ip));
	ip->hdr_checksum = inc;
	CU_ASSERT_EQUAL(rte_raw_cksum(ip, 20), 0xffff);

	/* Many TTL and address changes, each compared with a full recompute. */
	for (int i = 0; i < 2000; i++) {
		uint16_t old16 = rte_cpu_to_be_16((uint16_t)(ip->time_to_live << 8 | ip->next_proto_id));
		uint16_t new16;
		uint32_t old32 = ip->src_addr, new32;

		/* TTL decrement (wrapping through 0 on purpose). */
		ip->time_to_live--;
		new16 = rte_cpu_to_be_16((uint16_t)(ip->time_to_live << 8 | ip->next_proto_id));
		inc = bng_cksum_update16(ip->hdr_checksum, old16, new16);
		ip->hdr_checksum = 0;
		bad16 += inc != rte_ipv4_cksum(ip);
		ip->hdr_checksum = inc;
		bad_verify += rte_raw_cksum(ip, 20) != 0xffff;

		/* An address rewrite, as NAT does. */
		seed = seed * 1103515245u + 12345u;
		new32 = rte_cpu_to_be_32(seed);
		ip->src_addr = new32;
		inc = bng_cksum_update32(ip->hdr_checksum, old32, new32);
		ip->hdr_checksum = 0;
		bad32 += inc != rte_ipv4_cksum(ip);
		ip->hdr_checksum = inc;
		bad_verify += rte_raw_cksum(ip, 20) != 0xffff;
	}
	CU_ASSERT_EQUAL(bad16, 0);
	CU_ASSERT_EQUAL(bad32, 0);
	CU_ASSERT_EQUAL(bad_verify, 0);
	/* Unchanged field: unchanged checksum. */
	CU_ASSERT_EQUAL(bng_cksum_update32(ip->hdr_checksum, ip->dst_addr, ip->dst_addr),
			ip->hdr_checksum);
}

static void
test_cksum_verify(void)
{
	uint8_t h[60];
	uint32_t seed = 777;
	unsigned int disagree = 0;

	/* Valid headers of every IHL pass, corrupted ones fail. */
	for (uint8_t opt = 0; opt <= 40; opt += 4) {
		uint32_t ihl = 20u + opt;

		t_ipv4_opts(h, IPPROTO_UDP, A4, B4, 8, opt);
		CU_ASSERT_TRUE(bng_ip4_cksum_ok(h, ihl));
		h[ihl - 1] ^= 0x80;
		CU_ASSERT_FALSE(bng_ip4_cksum_ok(h, ihl));
	}
	/* Random 20-byte headers: the same verdict as rte_raw_cksum. */
	for (int i = 0; i < 20000; i++) {
		for (int j = 0; j < 20; j++) {
			seed = seed * 1103515245u + 12345u;
			h[j] = (uint8_t)(seed >> 16);
		}
		if (i & 1)
			t_ipv4_fix(h); /* half of them valid */
		disagree += !!bng_ip4_cksum_ok(h, 20) != (rte_raw_cksum(h, 20) == 0xffff);
	}
	CU_ASSERT_EQUAL(disagree, 0);
	/* Sums that need every carry folded: all-ones words. */
	memset(h, 0xff, 20);
	CU_ASSERT_EQUAL(!!bng_ip4_cksum_ok(h, 20), rte_raw_cksum(h, 20) == 0xffff);
	memset(h, 0, 20);
	CU_ASSERT_EQUAL(!!bng_ip4_cksum_ok(h, 20), rte_raw_cksum(h, 20) == 0xffff);
}

static void
test_ttl_decrement(void)
{
	uint8_t h[20];
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)h;
	unsigned int bad = 0, zero_seen = 0;
	uint32_t seed = 4242;

	/* Every TTL, many headers: the patched checksum equals a recompute. */
	for (int i = 0; i < 4000; i++) {
		uint16_t full;

		seed = seed * 1103515245u + 12345u;
		t_ipv4(h, (uint8_t)seed, seed, ~seed, (uint16_t)(seed >> 20));
		ip->time_to_live = (uint8_t)(1 + (seed >> 8) % 255);
		t_ipv4_fix(h);
		bng_ip4_ttl_dec(ip);
		full = ip->hdr_checksum;
		ip->hdr_checksum = 0;
		bad += full != rte_ipv4_cksum(ip);
		ip->hdr_checksum = full;
		bad += rte_raw_cksum(ip, 20) != 0xffff;
	}
	CU_ASSERT_EQUAL(bad, 0);

	/* The edge case: a header whose checksum after the decrement is 0x0000. */
	for (uint32_t id = 0; id < 65536 && !zero_seen; id++) {
		t_ipv4(h, IPPROTO_UDP, A4, B4, 8);
		t_put16(h + 4, (uint16_t)id);
		h[8] = 64;
		t_ipv4_fix(h);
		h[8] = 63;
		t_ipv4_fix(h);
		if (ip->hdr_checksum != 0)
			continue;
		zero_seen = 1;
		h[8] = 64;
		t_ipv4_fix(h);
		bng_ip4_ttl_dec(ip);
		CU_ASSERT_EQUAL(ip->time_to_live, 63);
		CU_ASSERT_EQUAL(ip->hdr_checksum, 0);
	}
	CU_ASSERT_TRUE(zero_seen);
	/* And one whose checksum before it is 0x0000. */
	zero_seen = 0;
	for (uint32_t id = 0; id < 65536 && !zero_seen; id++) {
		uint16_t inc;

		t_ipv4(h, IPPROTO_UDP, A4, B4, 8);
		t_put16(h + 4, (uint16_t)id);
		t_ipv4_fix(h);
		if (ip->hdr_checksum != 0)
			continue;
		zero_seen = 1;
		bng_ip4_ttl_dec(ip);
		inc = ip->hdr_checksum;
		ip->hdr_checksum = 0;
		CU_ASSERT_EQUAL(inc, rte_ipv4_cksum(ip));
	}
	CU_ASSERT_TRUE(zero_seen);
}

static void
test_drop_names(void)
{
	CU_ASSERT_STRING_EQUAL(bng_drop_name(BNG_DROP_NONE), "none");
	CU_ASSERT_STRING_EQUAL(bng_drop_name(BNG_DROP_RUNT), "runt");
	CU_ASSERT_STRING_EQUAL(bng_drop_name(BNG_DROP_IP4_BAD_CSUM), "ip4_bad_checksum");
	CU_ASSERT_STRING_EQUAL(bng_drop_name(BNG_DROP_SERVICE), "service_drop");
	CU_ASSERT_STRING_EQUAL(bng_drop_name(BNG_DROP_MAX), "?");
	CU_ASSERT_STRING_EQUAL(bng_drop_name(~0u), "?");
	CU_ASSERT_STRING_EQUAL(bng_drop_help(BNG_DROP_MAX), "?");
	/* Every reason has a distinct, non-empty name and an explanation. */
	for (unsigned int i = 0; i < BNG_DROP_MAX; i++) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(bng_drop_name(i));
		CU_ASSERT(bng_drop_name(i)[0] != '\0');
		CU_ASSERT(strcmp(bng_drop_name(i), "?") != 0);
		CU_ASSERT(bng_drop_help(i)[0] != '\0');
		for (unsigned int j = 0; j < i; j++)
			CU_ASSERT(strcmp(bng_drop_name(i), bng_drop_name(j)) != 0);
	}
}

static const CU_TestInfo malformed_tests[] = {
	{ "runt frame", test_runt },
	{ "VLAN tag truncated", test_vlan_truncated },
	{ "three VLAN tags", test_vlan_too_deep },
	{ "unknown EtherType", test_unknown_ethertype },
	{ "ARP / PPPoE truncated", test_arp_pppoe_truncated },
	{ "IPv4 truncated", test_ip4_truncated },
	{ "IPv4 bad version", test_ip4_bad_version },
	{ "IPv4 bad IHL", test_ip4_bad_ihl },
	{ "IPv4 bad total length", test_ip4_bad_total_length },
	{ "IPv4 bad checksum", test_ip4_bad_checksum },
	{ "L4 header truncated", test_l4_truncated },
	{ "TCP bad data offset", test_tcp_bad_data_offset },
	{ "IPv6 truncated / bad version", test_ip6_truncated_bad_version },
	{ "IPv6 payload length beyond frame", test_ip6_bad_payload_length },
	{ "IPv6 hop-by-hop not first", test_ip6_hbh_not_first },
	{ "IPv6 ext header beyond packet", test_ip6_ext_beyond_packet },
	{ "IPv6 too many ext headers", test_ip6_too_many_ext },
	{ "PPPoE bad version/type/code", test_pppoe_bad_header },
	{ "PPPoE bad length", test_pppoe_bad_length },
	CU_TEST_INFO_NULL,
};

static const CU_TestInfo valid_tests[] = {
	{ "IPv4 UDP", test_ipv4_udp },
	{ "IPv4 TCP", test_ipv4_tcp },
	{ "802.1Q", test_vlan_8021q },
	{ "QinQ", test_vlan_qinq },
	{ "IPv4 options", test_ipv4_options },
	{ "IPv4 fragments", test_ipv4_fragments },
	{ "Ethernet padding", test_ethernet_padding },
	{ "IPv6 TCP", test_ipv6_tcp },
	{ "IPv6 HBH + fragment", test_ipv6_hbh_fragment },
	{ "IPv6 ext header chain", test_ipv6_ext_limit },
	{ "IPv6 eight ext headers accepted", test_ipv6_eight_ext },
	{ "ICMP echo", test_icmp_echo },
	{ "ICMP error", test_icmp_error },
	{ "ICMPv6", test_icmp6 },
	{ "ARP", test_arp },
	{ "PPPoE discovery", test_pppoe_discovery },
	{ "PPPoE session IPv4", test_pppoe_session_ipv4 },
	{ "PPPoE session IPv6 behind VLAN", test_pppoe_session_ipv6 },
	{ "PPPoE session LCP", test_pppoe_session_lcp },
	CU_TEST_INFO_NULL,
};

static const CU_TestInfo robust_tests[] = {
	{ "truncated and mutated frames", test_mutated_frames },
	{ "bng_parse_fast() agrees with bng_parse()", test_fast_path_agrees },
	{ "bng_parse_fast() trusts the port's good checksum verdict", test_fast_path_rx_cksum },
	CU_TEST_INFO_NULL,
};

static const CU_TestInfo misc_tests[] = {
	{ "incremental checksum", test_cksum_incremental },
	{ "IPv4 header checksum verification", test_cksum_verify },
	{ "TTL decrement", test_ttl_decrement },
	{ "drop reason names", test_drop_names },
	CU_TEST_INFO_NULL,
};

int
bng_test_register(void)
{
	if (bng_test_add_suite("parse: malformed", malformed_tests) != 0 ||
	    bng_test_add_suite("parse: valid", valid_tests) != 0 ||
	    bng_test_add_suite("parse: robustness", robust_tests) != 0 ||
	    bng_test_add_suite("checksum and drop names", misc_tests) != 0)
		return -1;
	return 0;
}
