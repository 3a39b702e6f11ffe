/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of lib/screen's rate screens: bad arguments and thresholds
 * first; then every screen on frames parsed by bng_parse() as the worker
 * does, driven by a millisecond clock the test sets: a bucket's depth, its
 * refill, keys that do not meet (other destinations, sources, zones),
 * packets a screen must not count (SYN-ACK, ACK, neighbour discovery); a
 * sweep and a scan passing their threshold, the source blocked, listed,
 * released, the event naming it; the same without blocking; a window
 * ending; and a flood of distinct keys that must not grow memory nor stop
 * a well-behaved key.
 */
#include <errno.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <rte_cycles.h>
#include <rte_errno.h>

#include "bng_parse.h"
#include "bng_test.h"
#include "screen_rate.h"

const char bng_test_name[] = "screen_rate";

#define SYN RTE_TCP_SYN_FLAG
#define ACK RTE_TCP_ACK_FLAG
#define A4 T_IP4(10, 0, 0, 2)
#define B4 T_IP4(198, 51, 100, 7)
#define BIT(s) SCREEN_RATE_BIT(SCREEN_RATE_##s)
#define D(s) BNG_DROP_SCREEN_##s
#define NONE BNG_DROP_NONE

static const uint8_t A6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };
static const uint8_t B6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7 };

/* Parse frame @p b and screen it in @p zone at @p now. */
static enum bng_drop
check(struct screen_rate *r, unsigned int zone, const uint8_t *b, uint16_t len, uint32_t now)
{
	struct rte_mbuf *m = bng_test_mbuf(b, len);
	struct bng_desc *d = bng_desc(m);
	enum bng_drop v;

	CU_ASSERT_EQUAL_FATAL(bng_parse(m, d), BNG_DROP_NONE);
	v = screen_rate_check(r, zone, m, d, now);
	rte_pktmbuf_free(m);
	return v;
}

static enum bng_drop
tcp4(struct screen_rate *r, unsigned int zone, uint32_t src, uint32_t dst, uint16_t dport,
     uint8_t flags, uint32_t now)
{
	uint8_t b[128];

	return check(r, zone, b, t_tcp4_frame(b, src, 40000, dst, dport, flags), now);
}

static enum bng_drop
udp4(struct screen_rate *r, unsigned int zone, uint32_t src, uint32_t dst, uint32_t now)
{
	uint8_t b[128];

	return check(r, zone, b, t_udp4_frame(b, src, 5000, dst, 53), now);
}

static enum bng_drop
icmp4(struct screen_rate *r, unsigned int zone, uint32_t src, uint32_t dst, uint8_t type,
      uint32_t now)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x0800);

	o += t_ipv4(b + o, IPPROTO_ICMP, src, dst, 8);
	o += t_icmp(b + o, type, 0, 1, 1);
	return check(r, zone, b, o, now);
}

static enum bng_drop
icmp6(struct screen_rate *r, unsigned int zone, const uint8_t *src, const uint8_t *dst,
      uint8_t type, uint32_t now)
{
	uint8_t b[128];
	uint16_t o = t_eth(b, 0x86dd);

	o += t_ipv6(b + o, IPPROTO_ICMPV6, src, dst, 8);
	o += t_icmp(b + o, type, 0, 1, 1);
	return check(r, zone, b, o, now);
}

/* One zone enabling @p en, every threshold @p limit, the other settings given. */
static struct screen_rate *
one_zone(uint32_t en, uint32_t limit, uint32_t burst_ms, uint32_t window_ms, uint32_t block_s)
{
	struct screen_rate_zone z;
	struct screen_rate *r;

	screen_rate_zone_defaults(&z);
	z.enabled = en;
	for (unsigned int s = 0; s < SCREEN_RATE_MAX; s++)
		z.limit[s] = limit;
	z.burst_ms = burst_ms;
	z.window_ms = window_ms;
	z.block_s = block_s;
	r = screen_rate_create("t", SOCKET_ID_ANY, &z, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	return r;
}

static void
test_bad_args(void)
{
	struct screen_rate_zone z;
	struct screen_rate_event ev;
	struct screen_rate_blocked bl;

	screen_rate_zone_defaults(&z);
	z.enabled = BIT(SYN_FLOOD);
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(screen_rate_create(NULL, SOCKET_ID_ANY, &z, 1));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	rte_errno = 0;
	CU_ASSERT_PTR_NULL(screen_rate_create("t", SOCKET_ID_ANY, NULL, 1));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_PTR_NULL(screen_rate_create("t", SOCKET_ID_ANY, &z, SCREEN_MAX_ZONES + 1));
	CU_ASSERT_PTR_NULL(screen_rate_create("a-name-far-too-long-for-a-ring", SOCKET_ID_ANY, &z, 1));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	z.limit[SCREEN_RATE_SYN_FLOOD] = 0;
	CU_ASSERT_PTR_NULL(screen_rate_create("t", SOCKET_ID_ANY, &z, 1));
	screen_rate_zone_defaults(&z);
	z.limit[SCREEN_RATE_IP_SWEEP] = SCREEN_RATE_COUNT_MAX + 1;
	CU_ASSERT_PTR_NULL(screen_rate_create("t", SOCKET_ID_ANY, &z, 1));
	screen_rate_zone_defaults(&z);
	z.burst_ms = 0;
	CU_ASSERT_PTR_NULL(screen_rate_create("t", SOCKET_ID_ANY, &z, 1));
	screen_rate_zone_defaults(&z);
	z.enabled = 1u << SCREEN_RATE_MAX;
	CU_ASSERT_PTR_NULL(screen_rate_create("t", SOCKET_ID_ANY, &z, 1));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	screen_rate_free(NULL);
	CU_ASSERT_EQUAL(screen_rate_events_burst(NULL, &ev, 1), 0);
	CU_ASSERT_EQUAL(screen_rate_blocked_list(NULL, -1, &bl, 1), 0);
}

static void
test_names(void)
{
	CU_ASSERT_EQUAL(screen_rate_from_name("syn-flood"), SCREEN_RATE_SYN_FLOOD);
	CU_ASSERT_EQUAL(screen_rate_from_name("port-scan"), SCREEN_RATE_PORT_SCAN);
	CU_ASSERT_EQUAL(screen_rate_from_name("land"), -ENOENT);
	CU_ASSERT_EQUAL(screen_rate_from_name("blocked"), -ENOENT);
	CU_ASSERT_STRING_EQUAL(screen_rate_name(SCREEN_RATE_BLOCKED), "blocked");
	CU_ASSERT_STRING_EQUAL(screen_rate_name(99), "?");
	CU_ASSERT_STRING_EQUAL(screen_rate_setting(SCREEN_RATE_SYN_FLOOD_SRC), "syn_flood_src");
	CU_ASSERT_STRING_EQUAL(screen_rate_setting(SCREEN_RATE_BLOCKED), "?");
	CU_ASSERT_STRING_EQUAL(screen_rate_names_list(),
			       "syn-flood, syn-flood-src, icmp-flood, udp-flood, ip-sweep, port-scan");
	CU_ASSERT_STRING_EQUAL(bng_drop_name(BNG_DROP_SCREEN_PORT_SCAN), "screen_port_scan");
	CU_ASSERT_STRING_EQUAL(bng_drop_name(BNG_DROP_SCREEN_BLOCKED), "screen_blocked");
}

static void
test_syn_flood(void)
{
	/* 10 SYNs a second, the bucket 1 s deep: 10 at once, then 1 per 100 ms. */
	struct screen_rate *r = one_zone(BIT(SYN_FLOOD), 10, 1000, 1000, 0);
	const struct screen_rate_counters *c = screen_rate_counters(r);

	for (int i = 0; i < 10; i++)
		CU_ASSERT_EQUAL(tcp4(r, 0, A4 + (uint32_t)i, B4, 80, SYN, 5), NONE);
	CU_ASSERT_EQUAL(tcp4(r, 0, A4 + 50, B4, 80, SYN, 5), D(SYN_FLOOD));
	CU_ASSERT_EQUAL(tcp4(r, 0, A4 + 51, B4, 443, SYN, 99), D(SYN_FLOOD));
	/* not SYN floods: SYN-ACK, ACK, UDP, ICMP; another destination */
	CU_ASSERT_EQUAL(tcp4(r, 0, A4, B4, 80, SYN | ACK, 99), NONE);
	CU_ASSERT_EQUAL(tcp4(r, 0, A4, B4, 80, ACK, 99), NONE);
	CU_ASSERT_EQUAL(udp4(r, 0, A4, B4, 99), NONE);
	CU_ASSERT_EQUAL(icmp4(r, 0, A4, B4, 8, 99), NONE);
	CU_ASSERT_EQUAL(tcp4(r, 0, A4, B4 + 1, 80, SYN, 99), NONE);
	/* 100 ms: one more */
	CU_ASSERT_EQUAL(tcp4(r, 0, A4, B4, 80, SYN, 105), NONE);
	CU_ASSERT_EQUAL(tcp4(r, 0, A4, B4, 80, SYN, 105), D(SYN_FLOOD));
	/* idle for a second: full again, never more than the depth */
	for (int i = 0; i < 10; i++)
		CU_ASSERT_EQUAL(tcp4(r, 0, A4, B4, 80, SYN, 5000), NONE);
	CU_ASSERT_EQUAL(tcp4(r, 0, A4, B4, 80, SYN, 5000), D(SYN_FLOOD));
	CU_ASSERT_EQUAL(c->drops[0][SCREEN_RATE_SYN_FLOOD], 4);
	CU_ASSERT_EQUAL(c->drops[0][SCREEN_RATE_SYN_FLOOD_SRC], 0);
	screen_rate_free(r);
}

static void
test_syn_flood_src_v6(void)
{
	struct screen_rate *r = one_zone(BIT(SYN_FLOOD_SRC), 3, 1000, 1000, 0);
	uint8_t b[128], d6[16];

	memcpy(d6, B6, 16);
	for (int i = 0; i < 3; i++) {
		d6[15] = (uint8_t)i;
		CU_ASSERT_EQUAL(check(r, 0, b, t_tcp6_frame(b, A6, 1000, d6, 80, SYN), 0), NONE);
	}
	CU_ASSERT_EQUAL(check(r, 0, b, t_tcp6_frame(b, A6, 1000, d6, 80, SYN), 0), D(SYN_FLOOD_SRC));
	/* another source; the same source in IPv4 is another key */
	CU_ASSERT_EQUAL(check(r, 0, b, t_tcp6_frame(b, B6, 1000, A6, 80, SYN), 0), NONE);
	CU_ASSERT_EQUAL(tcp4(r, 0, A4, B4, 80, SYN, 0), NONE);
	CU_ASSERT_EQUAL(screen_rate_counters(r)->drops[0][SCREEN_RATE_SYN_FLOOD_SRC], 1);
	screen_rate_free(r);
}

static void
test_icmp_udp_flood(void)
{
	struct screen_rate *r = one_zone(BIT(ICMP_FLOOD) | BIT(UDP_FLOOD), 2, 1000, 1000, 0);

	CU_ASSERT_EQUAL(icmp4(r, 0, A4, B4, 8, 0), NONE);
	CU_ASSERT_EQUAL(icmp4(r, 0, A4 + 1, B4, 0, 0), NONE);
	CU_ASSERT_EQUAL(icmp4(r, 0, A4 + 2, B4, 8, 0), D(ICMP_FLOOD));
	CU_ASSERT_EQUAL(udp4(r, 0, A4, B4, 0), NONE);
	CU_ASSERT_EQUAL(udp4(r, 0, A4, B4, 0), NONE);
	CU_ASSERT_EQUAL(udp4(r, 0, A4, B4, 0), D(UDP_FLOOD));
	CU_ASSERT_EQUAL(udp4(r, 0, A4, B4 + 1, 0), NONE);
	/* ICMPv6: echo counted, neighbour discovery (135) never */
	CU_ASSERT_EQUAL(icmp6(r, 0, A6, B6, 128, 0), NONE);
	CU_ASSERT_EQUAL(icmp6(r, 0, A6, B6, 128, 0), NONE);
	for (int i = 0; i < 5; i++)
		CU_ASSERT_EQUAL(icmp6(r, 0, A6, B6, 135, 0), NONE);
	CU_ASSERT_EQUAL(icmp6(r, 0, A6, B6, 128, 0), D(ICMP_FLOOD));
	CU_ASSERT_EQUAL(screen_rate_counters(r)->drops[0][SCREEN_RATE_ICMP_FLOOD], 2);
	CU_ASSERT_EQUAL(screen_rate_counters(r)->drops[0][SCREEN_RATE_UDP_FLOOD], 1);
	screen_rate_free(r);
}

static void
test_zones(void)
{
	struct screen_rate_zone z[2];
	struct screen_rate *r;

	screen_rate_zone_defaults(&z[0]);
	screen_rate_zone_defaults(&z[1]);
	z[0].enabled = BIT(UDP_FLOOD);
	z[0].limit[SCREEN_RATE_UDP_FLOOD] = 1;
	z[1].enabled = BIT(UDP_FLOOD);
	z[1].limit[SCREEN_RATE_UDP_FLOOD] = 3;
	r = screen_rate_create("t", SOCKET_ID_ANY, z, 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(udp4(r, 0, A4, B4, 0), NONE);
	CU_ASSERT_EQUAL(udp4(r, 0, A4, B4, 0), D(UDP_FLOOD));
	/* the same destination in another zone: its own bucket and threshold */
	CU_ASSERT_EQUAL(udp4(r, 1, A4, B4, 0), NONE);
	CU_ASSERT_EQUAL(udp4(r, 1, A4, B4, 0), NONE);
	CU_ASSERT_EQUAL(udp4(r, 1, A4, B4, 0), NONE);
	CU_ASSERT_EQUAL(udp4(r, 1, A4, B4, 0), D(UDP_FLOOD));
	CU_ASSERT_EQUAL(screen_rate_counters(r)->drops[0][SCREEN_RATE_UDP_FLOOD], 1);
	CU_ASSERT_EQUAL(screen_rate_counters(r)->drops[1][SCREEN_RATE_UDP_FLOOD], 1);
	screen_rate_free(r);
}

static void
test_sweep_block(void)
{
	struct screen_rate *r = one_zone(BIT(IP_SWEEP) | BIT(PORT_SCAN), 5, 1000, 1000, 1);
	const struct screen_rate_counters *c = screen_rate_counters(r);
	struct screen_rate_blocked bl[4];
	struct screen_rate_event ev[4];
	char s[64];

	for (uint32_t i = 0; i < 5; i++) {
		CU_ASSERT_EQUAL(icmp4(r, 0, A4, B4 + i, 8, 10), NONE);
		/* again: not a new destination; replies and UDP: not counted */
		CU_ASSERT_EQUAL(tcp4(r, 0, A4, B4 + i, 80, SYN, 10), NONE);
		CU_ASSERT_EQUAL(icmp4(r, 0, A4, B4 + 100 + i, 0, 10), NONE);
		CU_ASSERT_EQUAL(udp4(r, 0, A4, B4 + 200 + i, 10), NONE);
	}
	CU_ASSERT_EQUAL(screen_rate_blocked_list(r, -1, bl, 4), 0);
	CU_ASSERT_EQUAL(tcp4(r, 0, A4, B4 + 5, 80, SYN, 20), D(IP_SWEEP));
	/* blocked: everything from it, to old destinations too */
	CU_ASSERT_EQUAL(udp4(r, 0, A4, B4, 20), D(BLOCKED));
	CU_ASSERT_EQUAL(tcp4(r, 0, A4, B4, 80, ACK, 20), D(BLOCKED));
	CU_ASSERT_EQUAL(udp4(r, 0, A4 + 1, B4, 20), NONE);
	CU_ASSERT_EQUAL(c->drops[0][SCREEN_RATE_IP_SWEEP], 1);
	CU_ASSERT_EQUAL(c->drops[0][SCREEN_RATE_BLOCKED], 2);
	CU_ASSERT_EQUAL(c->blocks[0], 1);
	CU_ASSERT_EQUAL_FATAL(screen_rate_blocked_list(r, -1, bl, 4), 1);
	screen_rate_addr_str(bl[0].addr, bl[0].v6, s, sizeof(s));
	CU_ASSERT_STRING_EQUAL(s, "10.0.0.2");
	CU_ASSERT_EQUAL(bl[0].kind, SCREEN_RATE_IP_SWEEP);
	CU_ASSERT_EQUAL(bl[0].drops, 2);
	CU_ASSERT(bl[0].left_ms > 0 && bl[0].left_ms <= 1000);
	CU_ASSERT_EQUAL(screen_rate_blocked_list(r, 1, bl, 4), 0);
	CU_ASSERT_EQUAL_FATAL(screen_rate_events_burst(r, ev, 4), 1);
	CU_ASSERT_EQUAL(ev[0].kind, SCREEN_RATE_IP_SWEEP);
	CU_ASSERT_EQUAL(ev[0].blocked, 1);
	CU_ASSERT_EQUAL(ev[0].limit, 5);
	screen_rate_addr_str(ev[0].addr, ev[0].v6, s, sizeof(s));
	CU_ASSERT_STRING_EQUAL(s, "10.0.0.2");
	CU_ASSERT_EQUAL(screen_rate_events_burst(r, ev, 4), 0);
	/* the block ends after block_s (1 s of the TSC) */
	rte_delay_ms(1050);
	CU_ASSERT_EQUAL(screen_rate_blocked_list(r, -1, bl, 4), 0);
	CU_ASSERT_EQUAL(udp4(r, 0, A4, B4, 2000), NONE);
	/* a new window: the sweep starts from nothing */
	CU_ASSERT_EQUAL(tcp4(r, 0, A4, B4 + 50, 80, SYN, 2000), NONE);
	screen_rate_free(r);
}

static void
test_scan_no_block(void)
{
	struct screen_rate *r = one_zone(BIT(PORT_SCAN), 5, 1000, 1000, 0);
	struct screen_rate_event ev[4];

	for (uint16_t p = 1; p <= 5; p++)
		CU_ASSERT_EQUAL(tcp4(r, 0, A4, B4, p, SYN, 0), NONE);
	CU_ASSERT_EQUAL(tcp4(r, 0, A4, B4, 6, SYN, 0), D(PORT_SCAN));
	CU_ASSERT_EQUAL(tcp4(r, 0, A4, B4, 7, SYN, 1), D(PORT_SCAN));
	/* without block_s: ports seen pass, other traffic passes, one event */
	CU_ASSERT_EQUAL(tcp4(r, 0, A4, B4, 3, SYN, 1), NONE);
	CU_ASSERT_EQUAL(udp4(r, 0, A4, B4, 1), NONE);
	/* another destination is another set */
	CU_ASSERT_EQUAL(tcp4(r, 0, A4, B4 + 1, 6, SYN, 1), NONE);
	CU_ASSERT_EQUAL(screen_rate_events_burst(r, ev, 4), 1);
	CU_ASSERT_EQUAL(ev[0].blocked, 0);
	CU_ASSERT_EQUAL(screen_rate_counters(r)->blocks[0], 0);
	CU_ASSERT_EQUAL(screen_rate_counters(r)->drops[0][SCREEN_RATE_PORT_SCAN], 2);
	/* the window over, 5 more ports */
	for (uint16_t p = 100; p < 105; p++)
		CU_ASSERT_EQUAL(tcp4(r, 0, A4, B4, p, SYN, 1001), NONE);
	CU_ASSERT_EQUAL(tcp4(r, 0, A4, B4, 105, SYN, 1001), D(PORT_SCAN));
	screen_rate_free(r);
}

/*
 * 200000 distinct sources and destinations through every screen: the
 * tables do not grow (nothing to grow), and a well-behaved source keeps
 * passing with its own sweep set and SYN bucket.
 */
static void
test_many_keys(void)
{
	struct screen_rate *r = one_zone(BIT(SYN_FLOOD_SRC) | BIT(IP_SWEEP) | BIT(UDP_FLOOD), 20,
					 1000, 1000, 60);
	unsigned int good = 0;

	for (uint32_t i = 0; i < 200000; i++) {
		(void)tcp4(r, 0, T_IP4(100, 64, 0, 0) + i, B4 + i, 80, SYN, i / 1000);
		(void)udp4(r, 0, T_IP4(100, 64, 0, 0) + i, B4 + i, i / 1000);
		if (i % 20000 == 0)
			good += tcp4(r, 0, A4, B4, 443, SYN, i / 1000) == NONE;
	}
	CU_ASSERT_EQUAL(good, 10);
	CU_ASSERT_EQUAL(screen_rate_counters(r)->blocks[0], 0);
	screen_rate_free(r);
}

/*
 * More sweepers than the event ring holds: every one is blocked and
 * listed; the events the ring could not take are counted, none silently.
 */
static void
test_events_overflow(void)
{
	struct screen_rate *r = one_zone(BIT(IP_SWEEP), 1, 1000, 1000, 60);
	const struct screen_rate_counters *c = screen_rate_counters(r);
	static struct screen_rate_blocked bl[SCREEN_RATE_BLOCKS];
	struct screen_rate_event ev[64];
	unsigned int got = 0, n;

	for (uint32_t i = 0; i < 400; i++) {
		(void)icmp4(r, 0, T_IP4(100, 64, 1, 0) + i, B4, 8, 0);
		(void)icmp4(r, 0, T_IP4(100, 64, 1, 0) + i, B4 + 1, 8, 0);
	}
	while ((n = screen_rate_events_burst(r, ev, RTE_DIM(ev))) != 0)
		got += n;
	CU_ASSERT(c->blocks[0] > 300);   /* a few share a set slot: uncounted */
	CU_ASSERT(c->events_lost[0] > 0);
	CU_ASSERT_EQUAL(got + c->events_lost[0], c->blocks[0]);
	CU_ASSERT_EQUAL(c->drops[0][SCREEN_RATE_IP_SWEEP], c->blocks[0]);
	/* listed: every one that kept its block entry (a colliding later one
	 * takes it over) */
	n = screen_rate_blocked_list(r, 0, bl, RTE_DIM(bl));
	CU_ASSERT(n > 200 && n <= c->blocks[0]);
	screen_rate_free(r);
}

static const CU_TestInfo rate_tests[] = {
	{ "bad arguments and thresholds", test_bad_args },
	{ "names and drop reasons", test_names },
	{ "SYN flood per destination: depth, refill, what is not a SYN", test_syn_flood },
	{ "SYN flood per source, IPv6", test_syn_flood_src_v6 },
	{ "ICMP and UDP floods, neighbour discovery spared", test_icmp_udp_flood },
	{ "zones keep their own buckets", test_zones },
	{ "IP sweep: threshold, block, list, event, release", test_sweep_block },
	{ "port scan without blocking, window", test_scan_no_block },
	{ "many keys: bounded, a good source unharmed", test_many_keys },
	{ "more events than the ring holds: counted", test_events_overflow },
	CU_TEST_INFO_NULL,
};

int
bng_test_register(void)
{
	return bng_test_add_suite("rate screens", rate_tests);
}
