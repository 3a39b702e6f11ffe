/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of the ACL (lib/screen/screen_acl): bad arguments first; then
 * the rule text (every keyword, ranges, prefixes, comments, and each kind of
 * mistake with its message), the canonical text read back, classification
 * through rte_acl on parsed frames (first match wins, tenant, ingress side,
 * protocol, prefixes, port ranges, IPv4 and IPv6, the default), hit
 * counters per worker, and the TCP reset built in place.
 */
#include <errno.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <rte_errno.h>

#include "bng_parse.h"
#include "bng_test.h"
#include "screen_acl.h"

const char bng_test_name[] = "screen_acl";

#define S4 T_IP4(10, 0, 0, 2)
#define D4 T_IP4(198, 51, 100, 7)

static const uint8_t S6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };
static const uint8_t D6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7 };

static int
parse(const char *text, struct screen_acl_rule *r, char *err)
{
	return screen_acl_rule_parse(text, r, err, 200);
}

static void
test_bad_args(void)
{
	struct screen_acl_rule r;
	char err[200];

	CU_ASSERT_EQUAL(screen_acl_rule_parse(NULL, &r, err, sizeof(err)), -EINVAL);
	CU_ASSERT_PTR_NULL(screen_acl_create(1, SOCKET_ID_ANY, 0, NULL, 0, SCREEN_ACL_PERMIT));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_PTR_NULL(screen_acl_create(1, SOCKET_ID_ANY, 1, NULL, 3, SCREEN_ACL_PERMIT));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_PTR_NULL(screen_acl_create(1, SOCKET_ID_ANY, 1, NULL, 0, SCREEN_ACL_ACTIONS));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	CU_ASSERT_EQUAL(parse("permit", &r, err), 1);
	r.sport_lo = 10;
	r.sport_hi = 9;
	CU_ASSERT_PTR_NULL(screen_acl_create(1, SOCKET_ID_ANY, 1, &r, 1, SCREEN_ACL_PERMIT));
	CU_ASSERT_EQUAL(rte_errno, EINVAL);
	screen_acl_free(NULL);
	CU_ASSERT_STRING_EQUAL(screen_acl_action_name(SCREEN_ACL_ACTIONS), "?");
	CU_ASSERT_EQUAL(screen_acl_action_from_name("allow"), -ENOENT);
	CU_ASSERT_EQUAL(screen_acl_action_from_name("reject"), SCREEN_ACL_REJECT);
}

static void
test_parse(void)
{
	struct screen_acl_rule r;
	char err[200], text[SCREEN_ACL_LINE_MAX];

	CU_ASSERT_EQUAL(parse("", &r, err), 0);
	CU_ASSERT_EQUAL(parse("   # a comment", &r, err), 0);
	CU_ASSERT_EQUAL(parse("reject tenant 3-7 from core proto udp src 10.1.2.3/16 dst any "
			      "sport 1000-2000 dport 53 # trailing", &r, err), 1);
	CU_ASSERT_EQUAL(r.action, SCREEN_ACL_REJECT);
	CU_ASSERT_EQUAL(r.tenant_lo, 3);
	CU_ASSERT_EQUAL(r.tenant_hi, 7);
	CU_ASSERT(r.has_role && r.role == BNG_ROLE_CORE);
	CU_ASSERT(r.has_proto && r.proto == IPPROTO_UDP);
	CU_ASSERT_EQUAL(r.family, 4);
	CU_ASSERT_EQUAL(r.src_len, 16);
	/* host bits cleared */
	CU_ASSERT(r.src[0] == 10 && r.src[1] == 1 && r.src[2] == 0 && r.src[3] == 0);
	CU_ASSERT_EQUAL(r.dst_len, 0);
	CU_ASSERT(r.sport_lo == 1000 && r.sport_hi == 2000 && r.dport_lo == 53 && r.dport_hi == 53);
	screen_acl_rule_format(&r, text, sizeof(text));
	CU_ASSERT_STRING_EQUAL(text, "reject tenant 3-7 from core proto udp src 10.1.0.0/16 "
			       "sport 1000-2000 dport 53");
	CU_ASSERT_EQUAL(parse("deny src 2001:db8::/32 proto 47", &r, err), 1);
	CU_ASSERT_EQUAL(r.family, 6);
	CU_ASSERT_EQUAL(r.proto, 47);
	screen_acl_rule_format(&r, text, sizeof(text));
	CU_ASSERT_STRING_EQUAL(text, "deny proto 47 src 2001:db8::/32");
	CU_ASSERT_EQUAL(parse("permit", &r, err), 1);
	CU_ASSERT(!r.has_proto && !r.has_role && r.family == 0 && r.tenant_hi == UINT16_MAX &&
		  r.dport_hi == UINT16_MAX);

	/* every mistake, with what it says */
	CU_ASSERT_EQUAL(parse("allow proto tcp", &r, err), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "not an action"));
	CU_ASSERT_EQUAL(parse("deny port 80", &r, err), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "unknown word \"port\""));
	CU_ASSERT_EQUAL(parse("deny dport", &r, err), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "wants a value"));
	CU_ASSERT_EQUAL(parse("deny dport 1 dport 2", &r, err), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "given twice"));
	CU_ASSERT_EQUAL(parse("deny dport 80-79", &r, err), -EINVAL);
	CU_ASSERT_EQUAL(parse("deny dport 65536", &r, err), -EINVAL);
	CU_ASSERT_EQUAL(parse("deny dport -1", &r, err), -EINVAL);
	CU_ASSERT_EQUAL(parse("deny sport x", &r, err), -EINVAL);
	CU_ASSERT_EQUAL(parse("deny tenant 70000", &r, err), -EINVAL);
	CU_ASSERT_EQUAL(parse("deny proto 256", &r, err), -EINVAL);
	CU_ASSERT_EQUAL(parse("deny proto foo", &r, err), -EINVAL);
	CU_ASSERT_EQUAL(parse("deny from inside", &r, err), -EINVAL);
	CU_ASSERT_EQUAL(parse("deny src 10.0.0.0/33", &r, err), -EINVAL);
	CU_ASSERT_EQUAL(parse("deny src 10.0.0/8", &r, err), -EINVAL);
	CU_ASSERT_EQUAL(parse("deny dst 2001:db8::/129", &r, err), -EINVAL);
	CU_ASSERT_EQUAL(parse("deny src 10.0.0.0/8 dst 2001:db8::/32", &r, err), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "IPv4 and dst IPv6"));
	memset(text, 'a', sizeof(text));
	text[sizeof(text) - 1] = '\0';
	CU_ASSERT_EQUAL(parse(text, &r, err), -EINVAL);
}

/* Parse @n rules into a policy; CUnit-fails on a bad one. */
static struct screen_acl *
policy(uint32_t gen, const char *const *text, uint32_t n, uint8_t def, uint16_t workers)
{
	struct screen_acl_rule r[16];
	char err[200];

	for (uint32_t i = 0; i < n; i++)
		CU_ASSERT_EQUAL_FATAL(parse(text[i], &r[i], err), 1);
	return screen_acl_create(gen, SOCKET_ID_ANY, workers, r, n, def);
}

/* The verdict (and rule, via @rule) on a frame received on @role, tenant @tenant. */
static enum screen_acl_action
classify(struct screen_acl *a, uint16_t worker, const uint8_t *b, uint16_t len, uint8_t role,
	 uint16_t tenant, uint32_t *rule)
{
	struct rte_mbuf *m = bng_test_mbuf(b, len);
	struct bng_desc *d = bng_desc(m);
	struct screen_acl_key4 k4;
	struct screen_acl_key6 k6;
	enum screen_acl_action v;
	int v6;

	CU_ASSERT_EQUAL_FATAL(bng_parse(m, d), BNG_DROP_NONE);
	d->role = role;
	v6 = screen_acl_key(m, d, tenant, &k4, &k6);
	v = screen_acl_classify(a, worker, v6 ? (const void *)&k6 : (const void *)&k4, v6, rule);
	rte_pktmbuf_free(m);
	return v;
}

static void
test_classify(void)
{
	static const char *const rules[] = {
		"deny proto tcp dst 198.51.100.7 dport 23",          /* 0 */
		"reject from access proto tcp dport 20-25",          /* 1 */
		"permit proto tcp src 10.0.0.2 dport 22",            /* 2: shadowed by 1 */
		"permit tenant 5 proto udp",                         /* 3 */
		"deny proto udp dport 53",                           /* 4 */
		"deny from core src 10.0.0.0/24",                    /* 5 */
		"reject src 2001:db8:10::/64 proto udp dport 9",     /* 6 */
		"deny proto icmp",                                   /* 7 */
	};
	struct screen_acl *a = policy(100, rules, RTE_DIM(rules), SCREEN_ACL_PERMIT, 2);
	uint64_t hits[RTE_DIM(rules) + 1];
	uint8_t b[256];
	uint32_t rule;
	uint16_t f;

	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL(a->ctx4);
	CU_ASSERT_PTR_NOT_NULL(a->ctx6);
	f = t_tcp4_frame(b, S4, 1000, D4, 23, 0x02);
	CU_ASSERT_EQUAL(classify(a, 0, b, f, BNG_ROLE_ACCESS, 0, &rule), SCREEN_ACL_DENY);
	CU_ASSERT_EQUAL(rule, 0);
	f = t_tcp4_frame(b, S4, 1000, D4, 22, 0x02);
	CU_ASSERT_EQUAL(classify(a, 0, b, f, BNG_ROLE_ACCESS, 0, &rule), SCREEN_ACL_REJECT);
	CU_ASSERT_EQUAL(rule, 1);
	/* from the core, rule 1 is not for it; rule 2 is */
	CU_ASSERT_EQUAL(classify(a, 1, b, f, BNG_ROLE_CORE, 0, &rule), SCREEN_ACL_PERMIT);
	CU_ASSERT_EQUAL(rule, 2);
	f = t_udp4_frame(b, S4, 5000, D4, 53);
	CU_ASSERT_EQUAL(classify(a, 0, b, f, BNG_ROLE_ACCESS, 0, &rule), SCREEN_ACL_DENY);
	CU_ASSERT_EQUAL(rule, 4);
	CU_ASSERT_EQUAL(classify(a, 1, b, f, BNG_ROLE_ACCESS, 5, &rule), SCREEN_ACL_PERMIT);
	CU_ASSERT_EQUAL(rule, 3);
	/* ports: 20-25 edges */
	f = t_tcp4_frame(b, T_IP4(192, 0, 2, 1), 1, D4, 26, 0x02);
	CU_ASSERT_EQUAL(classify(a, 0, b, f, BNG_ROLE_ACCESS, 0, &rule), SCREEN_ACL_PERMIT);
	CU_ASSERT_EQUAL(rule, RTE_DIM(rules));
	f = t_tcp4_frame(b, T_IP4(192, 0, 2, 1), 1, D4, 20, 0x02);
	CU_ASSERT_EQUAL(classify(a, 0, b, f, BNG_ROLE_ACCESS, 0, &rule), SCREEN_ACL_REJECT);
	/* prefixes: 10.0.0.0/24 from the core, not 10.0.1.x */
	f = t_udp4_frame(b, T_IP4(10, 0, 0, 200), 7, D4, 7);
	CU_ASSERT_EQUAL(classify(a, 0, b, f, BNG_ROLE_CORE, 0, &rule), SCREEN_ACL_DENY);
	CU_ASSERT_EQUAL(rule, 5);
	f = t_udp4_frame(b, T_IP4(10, 0, 1, 200), 7, D4, 7);
	CU_ASSERT_EQUAL(classify(a, 0, b, f, BNG_ROLE_CORE, 0, &rule), SCREEN_ACL_PERMIT);
	/* ICMP: its identifier is no port (rule 1's 20-25 must not see id 22) */
	f = t_eth(b, 0x0800);
	f += t_ipv4(b + f, IPPROTO_ICMP, S4, D4, 8);
	f += t_icmp(b + f, 8, 0, 22, 1);
	CU_ASSERT_EQUAL(classify(a, 0, b, f, BNG_ROLE_ACCESS, 0, &rule), SCREEN_ACL_DENY);
	CU_ASSERT_EQUAL(rule, 7);
	/* IPv6: rules without addresses apply, IPv4 prefixes do not */
	f = t_udp6_frame(b, S6, 5000, D6, 9);
	CU_ASSERT_EQUAL(classify(a, 0, b, f, BNG_ROLE_ACCESS, 0, &rule), SCREEN_ACL_REJECT);
	CU_ASSERT_EQUAL(rule, 6);
	f = t_tcp6_frame(b, S6, 1000, D6, 23, 0x02);
	CU_ASSERT_EQUAL(classify(a, 0, b, f, BNG_ROLE_ACCESS, 0, &rule), SCREEN_ACL_REJECT);
	CU_ASSERT_EQUAL(rule, 1);
	f = t_udp6_frame(b, D6, 5000, S6, 9);
	CU_ASSERT_EQUAL(classify(a, 0, b, f, BNG_ROLE_ACCESS, 0, &rule), SCREEN_ACL_PERMIT);
	/* hits, summed over both workers */
	screen_acl_hits_sum(a, hits);
	CU_ASSERT_EQUAL(hits[0], 1);
	CU_ASSERT_EQUAL(hits[1], 3);
	CU_ASSERT_EQUAL(hits[2], 1);
	CU_ASSERT_EQUAL(hits[3], 1);
	CU_ASSERT_EQUAL(hits[5], 1);
	CU_ASSERT_EQUAL(hits[RTE_DIM(rules)], 3);
	/* a second policy of the same generation is refused while this one lives */
	CU_ASSERT_PTR_NULL(policy(100, rules, 1, SCREEN_ACL_PERMIT, 1));
	CU_ASSERT_EQUAL(rte_errno, EEXIST);
	screen_acl_free(a);
}

static void
test_default_and_families(void)
{
	static const char *const v4only[] = { "permit src 10.0.0.0/8" };
	struct screen_acl *a = policy(200, v4only, 1, SCREEN_ACL_REJECT, 1);
	uint8_t b[128];
	uint32_t rule;
	uint16_t f;

	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	/* no IPv6 rule at all: no IPv6 context, IPv6 takes the default */
	CU_ASSERT_PTR_NULL(a->ctx6);
	f = t_udp6_frame(b, S6, 1, D6, 2);
	CU_ASSERT_EQUAL(classify(a, 0, b, f, BNG_ROLE_ACCESS, 0, &rule), SCREEN_ACL_REJECT);
	CU_ASSERT_EQUAL(rule, 1);
	f = t_udp4_frame(b, S4, 1, D4, 2);
	CU_ASSERT_EQUAL(classify(a, 0, b, f, BNG_ROLE_ACCESS, 0, &rule), SCREEN_ACL_PERMIT);
	CU_ASSERT_EQUAL(rule, 0);
	screen_acl_free(a);
	/* no rules: everything the default */
	a = screen_acl_create(201, SOCKET_ID_ANY, 1, NULL, 0, SCREEN_ACL_DENY);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL(classify(a, 0, b, f, BNG_ROLE_ACCESS, 0, &rule), SCREEN_ACL_DENY);
	screen_acl_free(a);
}

static void
test_tcp_reset(void)
{
	uint8_t b[256];
	struct rte_mbuf *m;
	struct bng_desc *d;
	const uint8_t *o;
	uint16_t f;

	/* a SYN with 5 bytes of data: <SEQ=0><ACK=SEG.SEQ+6><CTL=RST,ACK> */
	f = t_eth(b, 0x0800);
	f += t_ipv4(b + f, IPPROTO_TCP, S4, D4, 25);
	f += t_tcp(b + f, 1234, 25, 0x02);
	memcpy(b + f, "hello", 5);
	f += 5;
	m = bng_test_mbuf(b, f);
	d = bng_desc(m);
	CU_ASSERT_EQUAL_FATAL(bng_parse(m, d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(screen_acl_tcp_reset(m, d, 0x1234), 0);
	CU_ASSERT_EQUAL(rte_pktmbuf_pkt_len(m), 54);
	o = rte_pktmbuf_mtod(m, const uint8_t *);
	CU_ASSERT(o[12] == 0x08 && o[13] == 0x00);
	CU_ASSERT(memcmp(o + 14 + 12, b + 14 + 16, 4) == 0);   /* from the destination */
	CU_ASSERT(memcmp(o + 14 + 16, b + 14 + 12, 4) == 0);   /* to the source */
	CU_ASSERT(o[14 + 6] == 0x40 && o[14 + 8] == 64);         /* DF, TTL 64 */
	CU_ASSERT(o[34] == 0 && o[35] == 25 && o[36] == 0x04 && o[37] == 0xd2);
	CU_ASSERT(o[38] == 0 && o[39] == 0 && o[40] == 0 && o[41] == 0);   /* seq 0 */
	CU_ASSERT(o[42] == 0 && o[43] == 0 && o[44] == 0x03 && o[45] == 0xe8 + 6); /* ack 1006 */
	CU_ASSERT_EQUAL(o[47], 0x14);
	CU_ASSERT_EQUAL(rte_ipv4_udptcp_cksum_verify((const void *)(o + 14), o + 34), 0);
	CU_ASSERT_EQUAL(d->l3_off, 14);
	CU_ASSERT_EQUAL(d->l3_len, 40);
	rte_pktmbuf_free(m);

	/* an ACK segment: <SEQ=SEG.ACK><CTL=RST> (IPv6) */
	f = t_tcp6_frame(b, S6, 1234, D6, 25, 0x10);
	t_put32(b + 14 + 40 + 8, 0xdeadbeef);
	m = bng_test_mbuf(b, f);
	d = bng_desc(m);
	CU_ASSERT_EQUAL_FATAL(bng_parse(m, d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(screen_acl_tcp_reset(m, d, 0), 0);
	o = rte_pktmbuf_mtod(m, const uint8_t *);
	CU_ASSERT_EQUAL(rte_pktmbuf_pkt_len(m), 74);
	CU_ASSERT(memcmp(o + 14 + 8, D6, 16) == 0 && memcmp(o + 14 + 24, S6, 16) == 0);
	CU_ASSERT(o[58] == 0xde && o[59] == 0xad && o[60] == 0xbe && o[61] == 0xef);
	CU_ASSERT_EQUAL(o[14 + 40 + 13], 0x04);
	CU_ASSERT_EQUAL(rte_ipv6_udptcp_cksum_verify((const void *)(o + 14), o + 54), 0);
	rte_pktmbuf_free(m);

	/* a reset is not answered; nor is what is not TCP */
	f = t_tcp4_frame(b, S4, 1, D4, 2, 0x04);
	m = bng_test_mbuf(b, f);
	d = bng_desc(m);
	CU_ASSERT_EQUAL_FATAL(bng_parse(m, d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(screen_acl_tcp_reset(m, d, 0), -EINVAL);
	rte_pktmbuf_free(m);
	f = t_udp4_frame(b, S4, 1, D4, 2);
	m = bng_test_mbuf(b, f);
	d = bng_desc(m);
	CU_ASSERT_EQUAL_FATAL(bng_parse(m, d), BNG_DROP_NONE);
	CU_ASSERT_EQUAL(screen_acl_tcp_reset(m, d, 0), -EINVAL);
	rte_pktmbuf_free(m);
}

static const CU_TestInfo acl_tests[] = {
	{ "bad arguments", test_bad_args },
	{ "rule text", test_parse },
	{ "classification: order, tenant, side, protocol, prefixes, ports, IPv6", test_classify },
	{ "default action, a family without rules", test_default_and_families },
	{ "TCP reset (RFC 9293 3.10.7.1)", test_tcp_reset },
	CU_TEST_INFO_NULL,
};

int
bng_test_register(void)
{
	return bng_test_add_suite("ACL", acl_tests);
}
