/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of bng_tcp_mss_clamp(): bad arguments and malformed or
 * truncated options first (each must leave the segment byte for byte as
 * it was), then the MSS option in every position the option list allows
 * (first, after NOP padding at an odd offset, last behind window scale,
 * SACK-permitted and timestamps), SYN and SYN-ACK, no option, one already
 * small enough; after every rewrite the TCP checksum is checked against a
 * full recomputation, over many values so that carries and the 0x0000 /
 * 0xffff edge of ones' complement are crossed.
 */
#include <errno.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_ip.h>
#include <rte_tcp.h>

#include "bng_tcp.h"
#include "bng_test.h"

const char bng_test_name[] = "tcp";

#define SYN RTE_TCP_SYN_FLAG
#define SYNACK (RTE_TCP_SYN_FLAG | RTE_TCP_ACK_FLAG)

/* A SYN as Linux sends it: MSS, SACK-permitted, timestamps, NOP, window scale. */
static const uint8_t linux_opts[20] = { 2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1,
					0, 0, 0, 0, 1, 3, 3, 7 };

struct seg {
	uint8_t b[20 + 60 + 8];
	struct rte_ipv4_hdr *ip;
	struct rte_tcp_hdr *th;
	uint32_t tcp_len;   /* header and payload */
};

/*
 * IPv4 + TCP with @p opts (padded with EOL to a multiple of 4), 8 bytes
 * of payload seeded by @p seed, and a correct checksum.
 */
static void
seg_make(struct seg *s, uint8_t flags, const uint8_t *opts, uint32_t opt_len, uint32_t seed)
{
	uint32_t doff = 20 + RTE_ALIGN_CEIL(opt_len, 4);

	memset(s->b, 0, sizeof(s->b));
	s->tcp_len = doff + 8;
	t_ipv4(s->b, IPPROTO_TCP, T_IP4(10, 2, 0, 10), T_IP4(198, 51, 100, 2),
	       (uint16_t)s->tcp_len);
	s->ip = (struct rte_ipv4_hdr *)s->b;
	s->th = (struct rte_tcp_hdr *)(s->b + 20);
	t_tcp(s->b + 20, (uint16_t)(40000 + seed), 80, flags);
	s->b[20 + 12] = (uint8_t)(doff / 4 << 4);
	t_put32(s->b + 20 + 4, seed * 2654435761u);
	if (opt_len)
		memcpy(s->b + 40, opts, opt_len);
	for (uint32_t i = 0; i < 8; i++)
		s->b[20 + doff + i] = (uint8_t)(seed >> (i % 4 * 8)) ^ (uint8_t)i;
	s->th->cksum = 0;
	s->th->cksum = rte_ipv4_udptcp_cksum(s->ip, s->th);
}

static int
seg_cksum_ok(const struct seg *s)
{
	return rte_ipv4_udptcp_cksum_verify(s->ip, s->th) == 0;
}

/* The MSS value at option offset @p at (from the TCP header). */
static uint16_t
seg_mss(const struct seg *s, uint32_t at)
{
	const uint8_t *t = (const uint8_t *)s->th;

	return (uint16_t)(t[at + 2] << 8 | t[at + 3]);
}

/* The call must fail and leave every byte as it was. */
static void
expect_untouched(struct seg *s, uint32_t len, uint16_t mss, int want)
{
	uint8_t before[sizeof(s->b)];

	memcpy(before, s->b, sizeof(before));
	CU_ASSERT_EQUAL(bng_tcp_mss_clamp(s->th, len, mss), want);
	CU_ASSERT_EQUAL(memcmp(before, s->b, sizeof(before)), 0);
}

static void
test_bad_args(void)
{
	struct seg s;

	seg_make(&s, SYN, linux_opts, sizeof(linux_opts), 1);
	CU_ASSERT_EQUAL(bng_tcp_mss_clamp(NULL, 60, 1452), -EINVAL);
	expect_untouched(&s, s.tcp_len, 0, -EINVAL);           /* MSS 0 */
	expect_untouched(&s, 19, 1452, -EINVAL);               /* no whole header */
	expect_untouched(&s, 39, 1452, -EINVAL);               /* options cut by the segment */
	s.b[20 + 12] = 4 << 4;                                 /* data offset below 5 */
	expect_untouched(&s, s.tcp_len, 1452, -EINVAL);
	s.b[20 + 12] = 15 << 4;                                /* beyond the segment */
	expect_untouched(&s, s.tcp_len, 1452, -EINVAL);
}

static void
test_malformed(void)
{
	static const struct {
		const char *what;
		uint8_t opts[8];
		uint32_t len;
	} bad[] = {
		{ "option length 0", { 3, 0, 0, 0, 2, 4, 5, 0xb4 }, 8 },
		{ "option length 1", { 3, 1, 0, 0, 2, 4, 5, 0xb4 }, 8 },
		{ "option past the header", { 2, 4, 5, 0xb4, 1, 1, 8, 10 }, 8 },
		{ "kind without length at the end", { 2, 4, 5, 0xb4, 1, 1, 1, 8 }, 8 },
		{ "MSS of length 3", { 2, 3, 5, 0xb4 }, 4 },
		{ "MSS of length 6", { 2, 6, 5, 0xb4, 0, 0, 1, 1 }, 8 },
		{ "MSS running out of the header", { 1, 1, 1, 1, 1, 2, 4, 5 }, 8 },
	};

	for (unsigned int i = 0; i < RTE_DIM(bad); i++) {
		struct seg s;

		seg_make(&s, SYN, bad[i].opts, bad[i].len, i);
		expect_untouched(&s, s.tcp_len, 1452, -EINVAL);
		if (CU_get_number_of_failures() != 0) {
			fprintf(stderr, "malformed case: %s\n", bad[i].what);
			return;
		}
	}
}

static void
test_not_a_syn(void)
{
	struct seg s;

	seg_make(&s, RTE_TCP_ACK_FLAG, linux_opts, sizeof(linux_opts), 2);
	expect_untouched(&s, s.tcp_len, 1452, 0);
	seg_make(&s, RTE_TCP_ACK_FLAG | RTE_TCP_FIN_FLAG, linux_opts, sizeof(linux_opts), 3);
	expect_untouched(&s, s.tcp_len, 1452, 0);
}

static void
test_no_mss(void)
{
	static const uint8_t ws_ts[16] = { 1, 3, 3, 7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0 };
	/* An MSS behind End of Option List is not an option. */
	static const uint8_t after_eol[8] = { 1, 1, 0, 0, 2, 4, 5, 0xb4 };
	struct seg s;

	seg_make(&s, SYN, NULL, 0, 4);                         /* no options at all */
	expect_untouched(&s, s.tcp_len, 1452, 0);
	seg_make(&s, SYN, ws_ts, sizeof(ws_ts), 5);
	expect_untouched(&s, s.tcp_len, 1452, 0);
	seg_make(&s, SYN, after_eol, sizeof(after_eol), 6);
	expect_untouched(&s, s.tcp_len, 1452, 0);
}

static void
test_small_enough(void)
{
	static const uint8_t mss1400[4] = { 2, 4, 0x05, 0x78 };
	struct seg s;

	seg_make(&s, SYN, mss1400, sizeof(mss1400), 7);
	expect_untouched(&s, s.tcp_len, 1452, 0);
	expect_untouched(&s, s.tcp_len, 1400, 0);              /* equal: nothing to do */
	CU_ASSERT_EQUAL(bng_tcp_mss_clamp(s.th, s.tcp_len, 1399), 1);
	CU_ASSERT_EQUAL(seg_mss(&s, 20), 1399);
	CU_ASSERT(seg_cksum_ok(&s));
}

/* Where the MSS option sits: its offset from the TCP header start. */
static const struct {
	const char *what;
	uint8_t opts[20];
	uint32_t len;
	uint32_t at;
} layouts[] = {
	{ "first (Linux)", { 2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7 },
	  20, 20 },
	{ "after one NOP (odd offset)", { 1, 2, 4, 0x05, 0xb4, 1, 1, 1 }, 8, 21 },
	{ "after three NOPs", { 1, 1, 1, 2, 4, 0x05, 0xb4, 0 }, 8, 23 },
	{ "after two NOPs", { 1, 1, 2, 4, 0x05, 0xb4, 1, 1 }, 8, 22 },
	{ "last, behind WS, SACK-permitted, TS",
	  { 1, 3, 3, 7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 2, 4, 0x05, 0xb4 }, 20, 36 },
	{ "behind WS at an odd offset", { 3, 3, 7, 2, 4, 0x05, 0xb4, 0 }, 8, 23 },
	{ "alone, EOL padded", { 2, 4, 0xff, 0xff }, 4, 20 },
};

static void
test_positions(void)
{
	for (unsigned int i = 0; i < RTE_DIM(layouts); i++) {
		for (uint8_t f = 0; f < 2; f++) {
			struct seg s;
			uint16_t was;

			seg_make(&s, f ? SYNACK : SYN, layouts[i].opts, layouts[i].len, 100 + i);
			was = seg_mss(&s, layouts[i].at);
			CU_ASSERT_EQUAL(bng_tcp_mss_clamp(s.th, s.tcp_len, 1452), 1);
			CU_ASSERT_EQUAL(seg_mss(&s, layouts[i].at), 1452);
			CU_ASSERT(seg_cksum_ok(&s));
			/* Clamped once, it is small enough the second time. */
			expect_untouched(&s, s.tcp_len, 1452, 0);
			/* Nothing but the value and the checksum changed. */
			{
				struct seg r;

				seg_make(&r, f ? SYNACK : SYN, layouts[i].opts, layouts[i].len,
					 100 + i);
				CU_ASSERT_EQUAL(seg_mss(&r, layouts[i].at), was);
				((uint8_t *)r.th)[layouts[i].at + 2] = 1452 >> 8;
				((uint8_t *)r.th)[layouts[i].at + 3] = 1452 & 0xff;
				r.th->cksum = s.th->cksum;
				CU_ASSERT_EQUAL(memcmp(r.b, s.b, sizeof(r.b)), 0);
			}
			if (CU_get_number_of_failures() != 0) {
				fprintf(stderr, "layout: %s\n", layouts[i].what);
				return;
			}
		}
	}
}

/*
 * The incremental update against a full recomputation, over many segments
 * and clamp values, even and odd offsets alike.
 */
static void
test_cksum_sweep(void)
{
	uint32_t bad = 0, n = 0;

	for (unsigned int i = 0; i < RTE_DIM(layouts); i++)
		for (uint32_t seed = 0; seed < 2000; seed++) {
			uint16_t mss = (uint16_t)(1 + (seed * 7919u) % 1460);
			struct seg s;
			uint16_t inc, full;

			seg_make(&s, SYN, layouts[i].opts, layouts[i].len, seed);
			if (seg_mss(&s, layouts[i].at) <= mss)
				continue;
			if (bng_tcp_mss_clamp(s.th, s.tcp_len, mss) != 1 ||
			    seg_mss(&s, layouts[i].at) != mss) {
				bad++;
				continue;
			}
			inc = s.th->cksum;
			s.th->cksum = 0;
			full = rte_ipv4_udptcp_cksum(s.ip, s.th);
			s.th->cksum = inc;
			n++;
			/* 0x0000 and 0xffff are the same number in ones' complement. */
			if (!seg_cksum_ok(&s) ||
			    (inc != full && !((inc == 0 || inc == 0xffff) && (full == 0 || full == 0xffff))))
				bad++;
		}
	CU_ASSERT(n > 10000);
	CU_ASSERT_EQUAL(bad, 0);
}

static const CU_TestInfo clamp_tests[] = {
	{ "bad arguments", test_bad_args },
	{ "malformed options left alone", test_malformed },
	{ "not a SYN", test_not_a_syn },
	{ "no MSS option", test_no_mss },
	{ "MSS already small enough", test_small_enough },
	{ "MSS in every position, SYN and SYN-ACK", test_positions },
	{ "checksum against a full recomputation", test_cksum_sweep },
	CU_TEST_INFO_NULL,
};

int
bng_test_register(void)
{
	return bng_test_add_suite("TCP MSS clamp", clamp_tests);
}
