/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Unit tests of the DHCP codec on messages built byte by byte: every field
 * and option the server reads, option 82 sub-options, each malformation
 * refused with its own name, option overload (options in file and sname),
 * and the reply writer (padding to the BOOTP minimum, T1/T2, options left
 * out under a size limit, option 82 echoed last, bad arguments).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include <rte_errno.h>

#include "dhcp_test.h"

static struct dhcp_reply R;

static void
test_parse_fields(void)
{
	static const uint8_t cid[] = { 1, 2, 0, 0, 0, 0, 7 };
	static const uint8_t prl[] = { 1, 3, 6, 15 };
	static const uint8_t mms[] = { 0x05, 0xdc };
	struct rte_ether_addr mac = t_mac(7);
	struct dhcp_msg m;
	struct tmsg t;

	tm_begin(&t, DHCP_REQUEST, &mac, 0xdeadbeef);
	tm_broadcast(&t);
	t_put16(t.b + 8, 12); /* secs */
	tm_ciaddr(&t, T_IP4(10, 0, 0, 9));
	tm_giaddr(&t, T_IP4(10, 0, 0, 254));
	tm_opt_addr(&t, 50, T_IP4(10, 0, 0, 7));
	tm_opt_addr(&t, 54, SRV_IP);
	tm_opt_addr(&t, 51, 600);
	tm_opt(&t, 61, cid, sizeof(cid));
	tm_opt(&t, 12, "host7", 5);
	tm_opt(&t, 55, prl, sizeof(prl));
	tm_opt(&t, 57, mms, 2);
	tm_opt(&t, 60, "vendor", 6); /* not read: skipped */
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(dhcp_msg_parse(t.b, t.len, &m), DHCP_ERR_NONE);
	CU_ASSERT_EQUAL(m.op, 1);
	CU_ASSERT_EQUAL(m.type, DHCP_REQUEST);
	CU_ASSERT_EQUAL(rte_be_to_cpu_32(m.xid), 0xdeadbeef);
	CU_ASSERT_EQUAL(m.secs, 12);
	CU_ASSERT_EQUAL(m.flags, DHCP_FLAG_BROADCAST);
	CU_ASSERT_EQUAL(m.ciaddr, BE32(T_IP4(10, 0, 0, 9)));
	CU_ASSERT_EQUAL(m.giaddr, BE32(T_IP4(10, 0, 0, 254)));
	CU_ASSERT(rte_is_same_ether_addr(&m.chaddr, &mac));
	CU_ASSERT_EQUAL(m.requested_ip, BE32(T_IP4(10, 0, 0, 7)));
	CU_ASSERT_EQUAL(m.server_id, BE32(SRV_IP));
	CU_ASSERT(m.has_lease_time && m.lease_time == 600);
	CU_ASSERT(m.client_id_len == sizeof(cid) && memcmp(m.client_id, cid, sizeof(cid)) == 0);
	CU_ASSERT_STRING_EQUAL(m.hostname, "host7");
	CU_ASSERT(m.prl_len == 4 && memcmp(m.prl, prl, 4) == 0);
	CU_ASSERT_EQUAL(m.max_msg_size, 1500);
	CU_ASSERT_FALSE(m.has_agent);
}

static void
test_parse_option82(void)
{
	/* circuit "eth0/1", remote 6 octets, and sub-option 9 the server only echoes */
	static const uint8_t agent[] = { 1, 6, 'e', 't', 'h', '0', '/', '1', 2, 6, 0, 1, 2, 3, 4, 5,
					 9, 2, 0xaa, 0xbb };
	struct rte_ether_addr mac = t_mac(8);
	struct dhcp_msg m;
	struct tmsg t;

	tm_begin(&t, DHCP_DISCOVER, &mac, 1);
	tm_opt(&t, 82, agent, sizeof(agent));
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(dhcp_msg_parse(t.b, t.len, &m), DHCP_ERR_NONE);
	CU_ASSERT(m.has_agent && m.agent_len == sizeof(agent));
	CU_ASSERT(memcmp(m.agent, agent, sizeof(agent)) == 0);
	CU_ASSERT(m.has_circuit && m.circuit_len == 6 && memcmp(m.circuit_id, "eth0/1", 6) == 0);
	CU_ASSERT(m.has_remote && m.remote_len == 6 && m.remote_id[5] == 5);
}

/* A well-formed DISCOVER with one change applied by @p mutate. */
static enum dhcp_err
parse_mutated(void (*mutate)(struct tmsg *t))
{
	struct rte_ether_addr mac = t_mac(9);
	struct dhcp_msg m;
	struct tmsg t;

	tm_begin(&t, DHCP_DISCOVER, &mac, 1);
	mutate(&t);
	return dhcp_msg_parse(t.b, t.len, &m);
}

static void mut_none(struct tmsg *t) { tm_end(t); }
static void mut_short(struct tmsg *t) { t->len = 239; }
static void mut_op(struct tmsg *t) { tm_end(t); t->b[0] = 3; }
static void mut_htype(struct tmsg *t) { tm_end(t); t->b[1] = 6; }
static void mut_hlen(struct tmsg *t) { tm_end(t); t->b[2] = 16; }
static void mut_cookie(struct tmsg *t) { tm_end(t); t->b[239] = 0x64; }
static void mut_no_end(struct tmsg *t) { (void)t; }
static void mut_trunc(struct tmsg *t) { t->b[t->len++] = 12; /* code, no length */ }
static void mut_overflow(struct tmsg *t) { tm_opt(t, 12, "x", 1); t->b[t->len - 2] = 40; }
static void mut_no_type(struct tmsg *t) { t->len = 240; tm_opt_addr(t, 50, 1); tm_end(t); }
static void mut_bad_type(struct tmsg *t) { t->b[242] = 9; tm_end(t); }
static void mut_dup(struct tmsg *t) { uint8_t v = 1; tm_opt(t, 53, &v, 1); tm_end(t); }
static void mut_len53(struct tmsg *t) { t->len = 240; tm_opt(t, 53, "\1\1", 2); tm_end(t); }
static void mut_len50(struct tmsg *t) { tm_opt(t, 50, "\1\2\3", 3); tm_end(t); }
static void mut_mms(struct tmsg *t) { tm_opt(t, 57, "\1\364", 2); tm_end(t); /* 500 < 576 */ }
static void mut_cid(struct tmsg *t) { tm_opt(t, 61, "\1", 1); tm_end(t); }
static void mut_agent(struct tmsg *t) { tm_opt(t, 82, "\1\5ab", 4); tm_end(t); }
static void mut_agent_dup(struct tmsg *t) { tm_opt(t, 82, "\1\1a\1\1b", 6); tm_end(t); }
static void mut_overload_val(struct tmsg *t) { tm_opt(t, 52, "\4", 1); tm_end(t); }
/* file announced, but it is all pad: no end option in it */
static void mut_overload_end(struct tmsg *t) { tm_opt(t, 52, "\1", 1); tm_end(t); }

static void
test_parse_malformed(void)
{
	static const struct {
		void (*mutate)(struct tmsg *t);
		enum dhcp_err want;
	} cases[] = {
		{ mut_none, DHCP_ERR_NONE },
		{ mut_short, DHCP_ERR_SHORT },
		{ mut_op, DHCP_ERR_BAD_OP },
		{ mut_htype, DHCP_ERR_BAD_HTYPE },
		{ mut_hlen, DHCP_ERR_BAD_HLEN },
		{ mut_cookie, DHCP_ERR_BAD_COOKIE },
		{ mut_no_end, DHCP_ERR_NO_END },
		{ mut_trunc, DHCP_ERR_OPT_TRUNC },
		{ mut_overflow, DHCP_ERR_OPT_OVERFLOW },
		{ mut_no_type, DHCP_ERR_NO_TYPE },
		{ mut_bad_type, DHCP_ERR_BAD_TYPE },
		{ mut_dup, DHCP_ERR_DUP_OPTION },
		{ mut_len53, DHCP_ERR_BAD_OPT_LEN },
		{ mut_len50, DHCP_ERR_BAD_OPT_LEN },
		{ mut_mms, DHCP_ERR_BAD_OPT_LEN },
		{ mut_cid, DHCP_ERR_BAD_OPT_LEN },
		{ mut_agent, DHCP_ERR_BAD_AGENT },
		{ mut_agent_dup, DHCP_ERR_BAD_AGENT },
		{ mut_overload_val, DHCP_ERR_BAD_OVERLOAD },
		{ mut_overload_end, DHCP_ERR_NO_END },
	};

	for (unsigned int i = 0; i < RTE_DIM(cases); i++) {
		enum dhcp_err e = parse_mutated(cases[i].mutate);

		if (e != cases[i].want)
			printf("\n  case %u: got %s, want %s", i, dhcp_err_name(e),
			       dhcp_err_name(cases[i].want));
		CU_ASSERT_EQUAL(e, cases[i].want);
	}
	/* Every error has its own name. */
	for (unsigned int i = 0; i < DHCP_ERR_MAX; i++) {
		CU_ASSERT_STRING_NOT_EQUAL(dhcp_err_name(i), "?");
		for (unsigned int j = 0; j < i; j++)
			CU_ASSERT_STRING_NOT_EQUAL(dhcp_err_name(i), dhcp_err_name(j));
	}
	CU_ASSERT_STRING_EQUAL(dhcp_err_name(DHCP_ERR_MAX), "?");
	CU_ASSERT_EQUAL(dhcp_msg_parse(NULL, 300, NULL), DHCP_ERR_SHORT);
}

static void
test_parse_overload(void)
{
	struct rte_ether_addr mac = t_mac(10);
	struct dhcp_msg m;
	struct tmsg t;
	uint8_t *file = t.b + 108, *sname = t.b + 44;

	/* Options field: overload 3 only; message type in file, server id in sname. */
	tm_begin(&t, 0, &mac, 1);
	tm_opt(&t, 52, "\3", 1);
	tm_end(&t);
	file[0] = 53, file[1] = 1, file[2] = DHCP_REQUEST, file[3] = 255;
	sname[0] = 54, sname[1] = 4, t_put32(sname + 2, SRV_IP), sname[6] = 255;
	CU_ASSERT_EQUAL_FATAL(dhcp_msg_parse(t.b, t.len, &m), DHCP_ERR_NONE);
	CU_ASSERT_EQUAL(m.overload, 3);
	CU_ASSERT_EQUAL(m.type, DHCP_REQUEST);
	CU_ASSERT_EQUAL(m.server_id, BE32(SRV_IP));
	/* Not announced: the file's options are ignored. */
	t.b[242] = 2;
	CU_ASSERT_EQUAL(dhcp_msg_parse(t.b, t.len, &m), DHCP_ERR_NO_TYPE);
	/* A duplicate across fields, an option overflowing its field, overload in file. */
	t.b[242] = 3;
	sname[0] = 53, sname[1] = 1, sname[2] = 1, sname[3] = 255;
	CU_ASSERT_EQUAL(dhcp_msg_parse(t.b, t.len, &m), DHCP_ERR_DUP_OPTION);
	sname[0] = 12, sname[1] = 63;
	CU_ASSERT_EQUAL(dhcp_msg_parse(t.b, t.len, &m), DHCP_ERR_OPT_OVERFLOW);
	file[3] = 52, file[4] = 1, file[5] = 1, file[6] = 255;
	CU_ASSERT_EQUAL(dhcp_msg_parse(t.b, t.len, &m), DHCP_ERR_BAD_OVERLOAD);
}

static void
test_write_reply(void)
{
	static const uint8_t agent[220] = { 1, 218 };
	struct rte_ether_addr mac = t_mac(11);
	struct dhcp_reply_params p = {
		.type = DHCP_ACK, .yiaddr = BE32(T_IP4(10, 0, 0, 5)), .server_id = BE32(SRV_IP),
		.lease_s = 1000, .mask = BE32(0xffffff00), .router = BE32(SRV_IP), .n_dns = 4,
		.dns = { 1, 2, 3, 4 }, .domain = "a-rather-long-domain-name.example.net",
	};
	struct dhcp_msg m;
	unsigned int omitted = 99;
	struct tmsg t;
	uint8_t last = 0, len = 0;
	int n;

	tm_begin(&t, DHCP_REQUEST, &mac, 0x01020304);
	tm_end(&t);
	CU_ASSERT_EQUAL_FATAL(dhcp_msg_parse(t.b, t.len, &m), DHCP_ERR_NONE);
	/* Without DNS and domain: 280 octets, padded to the BOOTP minimum. */
	p.n_dns = 0;
	p.domain = NULL;
	n = dhcp_msg_write_reply(R.buf, sizeof(R.buf), &m, &p, &omitted);
	CU_ASSERT_EQUAL(n, 300);
	CU_ASSERT_EQUAL(omitted, 0);
	R.len = (uint16_t)n;
	CU_ASSERT_EQUAL(R.buf[279], 255); /* end, then zeroes */
	CU_ASSERT_EQUAL(R.buf[280], 0);
	CU_ASSERT_EQUAL(t_opt32(&R, 58), 500);
	CU_ASSERT_EQUAL(t_opt32(&R, 59), 875);
	CU_ASSERT_EQUAL(R.buf[0], 2);
	CU_ASSERT(memcmp(R.buf + 4, t.b + 4, 4) == 0);
	p.n_dns = 4;
	p.domain = "a-rather-long-domain-name.example.net";
	n = dhcp_msg_write_reply(R.buf, sizeof(R.buf), &m, &p, &omitted);
	CU_ASSERT_EQUAL(n, 337);
	/* A 220-octet option 82 leaves no room for everything in 548 octets:
	 * the domain goes, option 82 is still there, last. */
	memcpy(m.agent, agent, sizeof(agent));
	m.agent_len = sizeof(agent);
	m.has_agent = 1;
	n = dhcp_msg_write_reply(R.buf, 548, &m, &p, &omitted);
	CU_ASSERT_FATAL(n > 300 && n <= 548);
	R.len = (uint16_t)n;
	CU_ASSERT_EQUAL(omitted, 1);
	CU_ASSERT_PTR_NULL(t_opt(&R, 15, &len));
	CU_ASSERT_PTR_NOT_NULL(t_opt_last(&R, 82, &len, &last));
	CU_ASSERT_EQUAL(len, sizeof(agent));
	CU_ASSERT_EQUAL(last, 82);
	/* Bad arguments, and no room at all. */
	CU_ASSERT_EQUAL(dhcp_msg_write_reply(R.buf, 299, &m, &p, NULL), -EINVAL);
	p.type = DHCP_DISCOVER;
	CU_ASSERT_EQUAL(dhcp_msg_write_reply(R.buf, 548, &m, &p, NULL), -EINVAL);
	p.type = DHCP_ACK;
	m.agent_len = 255;
	m.agent[1] = 253;
	n = dhcp_msg_write_reply(R.buf, 300, &m, &p, NULL);
	CU_ASSERT_EQUAL(n, -ENOSPC);
}

const CU_TestInfo dhcp_codec_tests[] = {
	{ "parse: every field and option", test_parse_fields },
	{ "parse: option 82 sub-options", test_parse_option82 },
	{ "parse: each malformation named", test_parse_malformed },
	{ "parse: option overload (file, sname)", test_parse_overload },
	{ "write: padding, T1/T2, limit, option 82 last", test_write_reply },
	CU_TEST_INFO_NULL,
};

