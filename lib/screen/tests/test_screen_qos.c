/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of lib/screen's per-subscriber policers (screen_qos): bad
 * arguments first; the profile checks; DSCP remarking (IPv4 checksum
 * updated incrementally and still right, ECN kept; IPv6 traffic class,
 * flow label kept); the two-rate three-colour marker's colours with the
 * clock under the test's control (bursts, then refill over time); a
 * binding's new generation starting meters and counters afresh; unbound
 * next hops; counters summed over workers.
 */
#include <errno.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <rte_cycles.h>
#include <rte_errno.h>

#include "bng_cksum.h"
#include "bng_parse.h"
#include "bng_test.h"
#include "screen_qos.h"

const char bng_test_name[] = "screen_qos";

#define NH_MAX 64

/* cir 8 kbit/s (1000 B/s), cbs 3000; pir 16 kbit/s (2000 B/s), pbs 5000;
 * green DSCP 10, yellow 12; downstream not metered, marked 46. */
static const struct screen_qos_profile_cfg tiny = {
	.name = "tiny",
	.dir = {
		[SCREEN_QOS_UP] = { .cir_kbps = 8, .pir_kbps = 16, .cbs_bytes = 3000,
				    .pbs_bytes = 5000, .dscp = 10, .yellow_dscp = 12 },
		[SCREEN_QOS_DOWN] = { .dscp = 46, .yellow_dscp = SCREEN_QOS_DSCP_KEEP },
	},
};

static const struct screen_qos_profile_cfg plain = {
	.name = "plain",
	.dir = {
		[SCREEN_QOS_UP] = { .cir_kbps = 8, .pir_kbps = 8, .cbs_bytes = 2000, .pbs_bytes = 2000,
				    .dscp = SCREEN_QOS_DSCP_KEEP, .yellow_dscp = SCREEN_QOS_DSCP_KEEP },
		[SCREEN_QOS_DOWN] = { .dscp = SCREEN_QOS_DSCP_KEEP,
				      .yellow_dscp = SCREEN_QOS_DSCP_KEEP },
	},
};

/* An IPv4 UDP frame of IP length @p ip_len with TOS @p tos, parsed. */
static struct rte_mbuf *
udp4(uint16_t ip_len, uint8_t tos)
{
	uint8_t b[1600];
	uint16_t o = t_eth(b, 0x0800);
	struct rte_mbuf *m;

	o += t_ipv4(b + o, IPPROTO_UDP, T_IP4(10, 0, 0, 2), T_IP4(198, 51, 100, 7),
		    (uint16_t)(ip_len - 20));
	b[15] = tos;
	t_ipv4_fix(b + 14);
	o += t_udp(b + o, 1000, 53, (uint16_t)(ip_len - 28));
	memset(b + o, 0x5a, ip_len - 28u);
	m = bng_test_mbuf(b, (uint16_t)(o + ip_len - 28));
	CU_ASSERT_FATAL(m != NULL);
	CU_ASSERT_EQUAL_FATAL(bng_parse(m, bng_desc(m)), BNG_DROP_NONE);
	return m;
}

static const uint8_t *
l3(struct rte_mbuf *m)
{
	return rte_pktmbuf_mtod_offset(m, const uint8_t *, bng_desc(m)->l3_off);
}

static void
test_bad_args(void)
{
	struct screen_qos_profile p;
	struct screen_qos_stats st;
	struct screen_qos *q;
	const char *why = NULL;

	CU_ASSERT_EQUAL(screen_qos_profile_compile(NULL, &p, &why), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(why);
	CU_ASSERT_EQUAL(screen_qos_profile_compile(&tiny, NULL, NULL), -EINVAL);
	CU_ASSERT_PTR_NULL(screen_qos_create("q", SOCKET_ID_ANY, NULL, 1, NH_MAX));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_PTR_NULL(screen_qos_create("q", SOCKET_ID_ANY, &tiny, 0, NH_MAX));
	CU_ASSERT_PTR_NULL(screen_qos_create("q", SOCKET_ID_ANY, &tiny, SCREEN_QOS_MAX_PROFILES + 1,
					     NH_MAX));
	CU_ASSERT_PTR_NULL(screen_qos_create("q", SOCKET_ID_ANY, &tiny, 1, 0));
	CU_ASSERT_PTR_NULL(screen_qos_worker_create(NULL, SOCKET_ID_ANY));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	screen_qos_free(NULL);
	screen_qos_worker_free(NULL);
	q = screen_qos_create("q", SOCKET_ID_ANY, &tiny, 1, NH_MAX);
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	CU_ASSERT_EQUAL(screen_qos_bind(NULL, 0, 0), -EINVAL);
	CU_ASSERT_EQUAL(screen_qos_bind(q, NH_MAX, 0), -EINVAL);
	CU_ASSERT_EQUAL(screen_qos_bind(q, 0, 1), -EINVAL);
	CU_ASSERT_EQUAL(screen_qos_bound(q, NH_MAX), SCREEN_QOS_NONE);
	CU_ASSERT_EQUAL(screen_qos_bound(NULL, 0), SCREEN_QOS_NONE);
	CU_ASSERT_EQUAL(screen_qos_profile_find(q, "gold"), -ENOENT);
	CU_ASSERT_EQUAL(screen_qos_profile_find(q, NULL), -ENOENT);
	CU_ASSERT_EQUAL(screen_qos_profile_find(q, "tiny"), 0);
	CU_ASSERT_EQUAL(screen_qos_profile_lookup(q, ""), -ENOENT);
	CU_ASSERT_EQUAL(q->unknown_names, 0);
	CU_ASSERT_EQUAL(screen_qos_profile_lookup(q, "gold"), -ENOENT);
	CU_ASSERT_EQUAL(q->unknown_names, 1);
	CU_ASSERT_EQUAL(screen_qos_sub_stats(q, NULL, 0, NH_MAX, &st), -EINVAL);
	CU_ASSERT_EQUAL(st.profile, SCREEN_QOS_NONE);
	CU_ASSERT_EQUAL(screen_qos_sub_stats(q, NULL, 0, 0, NULL), -EINVAL);
	screen_qos_free(q);
}

/* One setting changed from a valid direction must be refused. */
static void
check_refused(struct screen_qos_dir_cfg d)
{
	struct screen_qos_profile_cfg c = plain;
	struct screen_qos_profile p;
	const char *why = NULL;

	c.dir[SCREEN_QOS_DOWN] = d;
	CU_ASSERT_EQUAL(screen_qos_profile_compile(&c, &p, &why), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(why);
}

static void
test_profiles(void)
{
	const struct screen_qos_dir_cfg ok = { .cir_kbps = 1000, .pir_kbps = 2000, .cbs_bytes = 1,
					       .pbs_bytes = 1, .dscp = 63, .yellow_dscp = 0 };
	struct screen_qos_dir_cfg d;
	struct screen_qos_profile p;

	CU_ASSERT_EQUAL(screen_qos_profile_compile(&tiny, &p, NULL), 0);
	CU_ASSERT_EQUAL(p.metered[SCREEN_QOS_UP], 1);
	CU_ASSERT_EQUAL(p.metered[SCREEN_QOS_DOWN], 0);
	CU_ASSERT_EQUAL(p.dscp[SCREEN_QOS_UP][RTE_COLOR_GREEN], 10);
	CU_ASSERT_EQUAL(p.dscp[SCREEN_QOS_UP][RTE_COLOR_YELLOW], 12);
	/* yellow without its own value: as green */
	CU_ASSERT_EQUAL(p.dscp[SCREEN_QOS_DOWN][RTE_COLOR_YELLOW], 46);
	CU_ASSERT_EQUAL(p.tp[SCREEN_QOS_UP].cbs, 3000);
	CU_ASSERT_EQUAL(p.tp[SCREEN_QOS_UP].pbs, 5000);
	d = ok;
	CU_ASSERT_EQUAL(screen_qos_profile_compile(&(struct screen_qos_profile_cfg){
		.dir = { [SCREEN_QOS_UP] = ok, [SCREEN_QOS_DOWN] = ok } }, &p, NULL), 0);
	d.pir_kbps = 999;                      /* peak below committed */
	check_refused(d);
	d = ok;
	d.cbs_bytes = 0;
	check_refused(d);
	d = ok;
	d.pbs_bytes = 0;
	check_refused(d);
	d = ok;
	d.dscp = 64;
	check_refused(d);
	d = ok;
	d.yellow_dscp = -2;
	check_refused(d);
	d = ok;
	d.cir_kbps = SCREEN_QOS_MAX_KBPS + 1;
	d.pir_kbps = SCREEN_QOS_MAX_KBPS + 1;
	check_refused(d);
	d = (struct screen_qos_dir_cfg){ .cbs_bytes = 10, .dscp = -1, .yellow_dscp = -1 };
	check_refused(d);                      /* a burst without a rate */
}

static void
test_dscp(void)
{
	struct rte_mbuf *m = udp4(100, 0x03);  /* ECN CE */
	struct bng_desc *d = bng_desc(m);
	uint8_t b[80], tc;
	uint32_t vf;

	screen_dscp_set(m, d, 46);
	CU_ASSERT_EQUAL(l3(m)[1], (46 << 2) | 3);
	CU_ASSERT(bng_ip4_cksum_ok(l3(m), 20));
	screen_dscp_set(m, d, 0);
	CU_ASSERT_EQUAL(l3(m)[1], 3);
	CU_ASSERT(bng_ip4_cksum_ok(l3(m), 20));
	screen_dscp_set(m, d, 0);              /* no change: nothing written */
	CU_ASSERT(bng_ip4_cksum_ok(l3(m), 20));
	for (unsigned int v = 0; v < 64; v++) {
		screen_dscp_set(m, d, (uint8_t)v);
		CU_ASSERT_EQUAL(l3(m)[1] >> 2, v);
		CU_ASSERT(bng_ip4_cksum_ok(l3(m), 20));
	}
	rte_pktmbuf_free(m);

	/* IPv6: traffic class 0x2d (DSCP 11, ECN 1), flow label 0xabcde */
	{
		static const uint8_t s6[16] = { 0x20, 1, 0xd, 0xb8, 0, 0x10, [15] = 2 };
		static const uint8_t d6[16] = { 0x20, 1, 0xd, 0xb8, 0, 0x20, [15] = 7 };
		uint16_t o = t_eth(b, 0x86dd);

		t_ipv6(b + o, IPPROTO_UDP, s6, d6, 8);
		t_put32(b + o, 0x6 << 28 | 0x2du << 20 | 0xabcde);
		t_udp(b + o + 40, 1, 2, 0);
		m = bng_test_mbuf(b, (uint16_t)(o + 48));
		CU_ASSERT_FATAL(m != NULL);
		d = bng_desc(m);
		CU_ASSERT_EQUAL_FATAL(bng_parse(m, d), BNG_DROP_NONE);
		screen_dscp_set(m, d, 34);
		memcpy(&vf, l3(m), 4);
		vf = rte_be_to_cpu_32(vf);
		tc = (uint8_t)(vf >> 20);
		CU_ASSERT_EQUAL(vf >> 28, 6);
		CU_ASSERT_EQUAL(tc, 34 << 2 | 1);
		CU_ASSERT_EQUAL(vf & 0xfffff, 0xabcde);
		rte_pktmbuf_free(m);
	}
}

/* Police one 1000-byte packet of next hop @p nh upstream; @return its colour and DSCP. */
static enum rte_color
one(struct screen_qos_worker *w, uint32_t nh, uint8_t *dscp)
{
	struct rte_mbuf *m = udp4(1000, 0x01);
	enum rte_color c = screen_qos_police(w, nh, SCREEN_QOS_UP, m, bng_desc(m));

	*dscp = l3(m)[1] >> 2;
	CU_ASSERT_EQUAL(l3(m)[1] & 3, 1);      /* ECN kept */
	CU_ASSERT(bng_ip4_cksum_ok(l3(m), 20));
	rte_pktmbuf_free(m);
	return c;
}

static void
test_colours(void)
{
	const struct screen_qos_profile_cfg profs[2] = { tiny, plain };
	struct screen_qos *q = screen_qos_create("q", SOCKET_ID_ANY, profs, 2, NH_MAX);
	struct screen_qos_worker *w[2];
	struct screen_qos_stats st;
	uint64_t t0 = 1000000, hz = rte_get_tsc_hz();
	static const enum rte_color want[] = { RTE_COLOR_GREEN, RTE_COLOR_GREEN, RTE_COLOR_GREEN,
					       RTE_COLOR_YELLOW, RTE_COLOR_YELLOW, RTE_COLOR_RED };
	uint8_t dscp;

	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	w[0] = screen_qos_worker_create(q, SOCKET_ID_ANY);
	w[1] = screen_qos_worker_create(q, SOCKET_ID_ANY);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w[0]);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w[1]);
	/* Unbound: passes, untouched, uncounted. */
	screen_qos_clock(w[0], t0);
	CU_ASSERT_EQUAL(one(w[0], 5, &dscp), RTE_COLOR_GREEN);
	CU_ASSERT_EQUAL(dscp, 0);
	CU_ASSERT_EQUAL(screen_qos_sub_stats(q, (const struct screen_qos_worker *const *)w, 2, 5, &st),
			0);
	CU_ASSERT_EQUAL(st.profile, SCREEN_QOS_NONE);
	CU_ASSERT_EQUAL(st.pkts[SCREEN_QOS_UP][RTE_COLOR_GREEN], 0);

	/* A burst at one instant: the buckets (3000, 5000) decide. */
	CU_ASSERT_EQUAL(screen_qos_bind(q, 5, 0), 0);
	CU_ASSERT_EQUAL(screen_qos_bound(q, 5), 0);
	for (unsigned int i = 0; i < RTE_DIM(want); i++) {
		CU_ASSERT_EQUAL(one(w[0], 5, &dscp), want[i]);
		if (want[i] != RTE_COLOR_RED)
			CU_ASSERT_EQUAL(dscp, want[i] == RTE_COLOR_GREEN ? 10 : 12);
	}
	/* 0.5 s later: 500 committed and 1000 peak bytes back: one yellow. */
	screen_qos_clock(w[0], t0 + hz / 2);
	CU_ASSERT_EQUAL(one(w[0], 5, &dscp), RTE_COLOR_YELLOW);
	CU_ASSERT_EQUAL(one(w[0], 5, &dscp), RTE_COLOR_RED);
	/* 1 s later still: 1500 committed, 2000 peak: green, then yellow. */
	screen_qos_clock(w[0], t0 + hz / 2 + hz);
	CU_ASSERT_EQUAL(one(w[0], 5, &dscp), RTE_COLOR_GREEN);
	CU_ASSERT_EQUAL(one(w[0], 5, &dscp), RTE_COLOR_YELLOW);
	CU_ASSERT_EQUAL(one(w[0], 5, &dscp), RTE_COLOR_RED);
	/* Worker 1 meters with its own buckets. */
	screen_qos_clock(w[1], t0);
	CU_ASSERT_EQUAL(one(w[1], 5, &dscp), RTE_COLOR_GREEN);
	CU_ASSERT_EQUAL(screen_qos_sub_stats(q, (const struct screen_qos_worker *const *)w, 2, 5, &st),
			0);
	CU_ASSERT_EQUAL(st.profile, 0);
	CU_ASSERT_EQUAL(st.pkts[SCREEN_QOS_UP][RTE_COLOR_GREEN], 5);
	CU_ASSERT_EQUAL(st.pkts[SCREEN_QOS_UP][RTE_COLOR_YELLOW], 4);
	CU_ASSERT_EQUAL(st.pkts[SCREEN_QOS_UP][RTE_COLOR_RED], 3);
	CU_ASSERT_EQUAL(st.bytes[SCREEN_QOS_UP][RTE_COLOR_RED], 3000);
	CU_ASSERT_EQUAL(st.pkts[SCREEN_QOS_DOWN][RTE_COLOR_GREEN], 0);

	/* A new subscriber on the next hop (same profile): fresh buckets and
	 * counters; until a worker meets it, its old counters do not show. */
	CU_ASSERT_EQUAL(screen_qos_bind(q, 5, 0), 0);
	CU_ASSERT_EQUAL(screen_qos_sub_stats(q, (const struct screen_qos_worker *const *)w, 2, 5, &st),
			0);
	CU_ASSERT_EQUAL(st.pkts[SCREEN_QOS_UP][RTE_COLOR_GREEN] + st.pkts[SCREEN_QOS_UP][RTE_COLOR_RED],
			0);
	CU_ASSERT_EQUAL(one(w[0], 5, &dscp), RTE_COLOR_GREEN);
	CU_ASSERT_EQUAL(screen_qos_sub_stats(q, (const struct screen_qos_worker *const *)w, 2, 5, &st),
			0);
	CU_ASSERT_EQUAL(st.pkts[SCREEN_QOS_UP][RTE_COLOR_GREEN], 1);
	CU_ASSERT_EQUAL(st.pkts[SCREEN_QOS_UP][RTE_COLOR_RED], 0);

	/* Another profile: single rate (pir = cir, pbs = cbs): no yellow, DSCP kept. */
	CU_ASSERT_EQUAL(screen_qos_bind(q, 5, 1), 0);
	CU_ASSERT_EQUAL(one(w[0], 5, &dscp), RTE_COLOR_GREEN);
	CU_ASSERT_EQUAL(dscp, 0);
	CU_ASSERT_EQUAL(one(w[0], 5, &dscp), RTE_COLOR_GREEN);
	CU_ASSERT_EQUAL(one(w[0], 5, &dscp), RTE_COLOR_RED);
	/* Unbound again: passes. */
	CU_ASSERT_EQUAL(screen_qos_bind(q, 5, SCREEN_QOS_NONE), 0);
	CU_ASSERT_EQUAL(one(w[0], 5, &dscp), RTE_COLOR_GREEN);
	screen_qos_worker_free(w[0]);
	screen_qos_worker_free(w[1]);
	screen_qos_free(q);
}

static const CU_TestInfo qos_tests[] = {
	{ "bad arguments", test_bad_args },
	{ "profiles: rates, bursts, DSCPs", test_profiles },
	{ "DSCP remarking: IPv4 checksum, IPv6 traffic class", test_dscp },
	{ "colours, refill, rebinding, workers", test_colours },
	CU_TEST_INFO_NULL,
};

int
bng_test_register(void)
{
	return bng_test_add_suite("per-subscriber policers", qos_tests);
}
